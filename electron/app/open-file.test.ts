// Scenario files handed over by the operating system: which arguments are files, what a
// student sees for a bad file, the queue before the window is ready, and recent files.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultScenario } from '../../shared/presets.js';
import { serializeScenario } from '../../shared/scenario.js';
import type { OpenerSinks, OpenOutcome } from './open-file.js';
import { MAX_PENDING_OPENS, MAX_RECENT_FILES, readScenarioFile, RecentFiles, scenarioPathsFromArgv, ScenarioOpener } from './open-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'faultlab-open-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const validText = (): string => serializeScenario({ ...defaultScenario(), name: 'Handed out by the teacher' });
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('scenarioPathsFromArgv', () => {
  it('takes a double-clicked file from a packaged app (Windows, Linux deb)', () => {
    const win = { cwd: 'D:\\Desktop', defaultApp: false, platform: 'win32' } as const;
    expect(scenarioPathsFromArgv(['C:\\Program Files\\Fault Lab\\Fault Lab.exe', 'C:\\Users\\ana\\lab1.faultlab.json'], win)).toEqual(['C:\\Users\\ana\\lab1.faultlab.json']);
    expect(scenarioPathsFromArgv(['C:\\Program Files\\Fault Lab\\Fault Lab.exe', 'lab2.faultlab.json'], win)).toEqual(['D:\\Desktop\\lab2.faultlab.json']);
    const linux = { cwd: '/', defaultApp: false, platform: 'linux' } as const;
    expect(scenarioPathsFromArgv(['/opt/Fault Lab/fault-lab', '/home/ana/lab1.faultlab.json'], linux)).toEqual(['/home/ana/lab1.faultlab.json']);
  });

  it('skips the app path under `electron .` and every switch, including those Chromium adds to a second instance', () => {
    const argv = ['/usr/lib/electron', '.', '--allow-file-access-from-files', '--original-process-start-time=13390000', '-psn_0_12345', '/tmp/a.faultlab.json'];
    expect(scenarioPathsFromArgv(argv, { cwd: '/', defaultApp: true, platform: 'linux' })).toEqual(['/tmp/a.faultlab.json']);
    // Packaged, argv[1] is a user argument, not the app path.
    expect(scenarioPathsFromArgv(['/opt/fault-lab', 'b.faultlab.json'], { cwd: '/home/ana', defaultApp: false, platform: 'linux' })).toEqual(['/home/ana/b.faultlab.json']);
  });

  it('resolves relative paths against the working directory of the instance that received them', () => {
    expect(scenarioPathsFromArgv(['/opt/fault-lab', 'labs/x.faultlab.json'], { cwd: '/home/ben', defaultApp: false, platform: 'linux' })).toEqual(['/home/ben/labs/x.faultlab.json']);
  });

  it('turns the file:// URLs of a Linux desktop entry (%U) into paths', () => {
    const url = pathToFileURL('/home/ana/Lab one.faultlab.json').href;
    expect(url).toContain('%20');
    expect(scenarioPathsFromArgv(['/tmp/.mount_Fault/AppRun', '--no-sandbox', url], { cwd: '/', defaultApp: false })).toEqual(['/home/ana/Lab one.faultlab.json']);
  });

  it('ignores arguments that are not JSON files, other URL schemes, and duplicates', () => {
    const argv = ['/opt/fault-lab', 'notes.txt', 'https://example.org/x.json', '/a/x.FAULTLAB.JSON', '/a/x.FAULTLAB.JSON', '/a/plain.json'];
    expect(scenarioPathsFromArgv(argv, { cwd: '/', defaultApp: false, platform: 'linux' })).toEqual(['/a/x.FAULTLAB.JSON', '/a/plain.json']);
  });
});

describe('readScenarioFile', () => {
  it('reads and validates a scenario, returning its text for the renderer', () => {
    const text = validText();
    const r = readScenarioFile(file('good.faultlab.json', text));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.opened.text).toBe(text);
    expect(r.opened.scenario.name).toBe('Handed out by the teacher');
    expect(r.opened.path).toBe(join(dir, 'good.faultlab.json'));
  });

  it('accepts a file an editor saved with a byte-order mark', () => {
    const r = readScenarioFile(file('bom.faultlab.json', `\uFEFF${validText()}`));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.opened.text.startsWith('{')).toBe(true);
  });

  it('names the broken field of an invalid scenario, with the file name in the title', () => {
    const bad = JSON.parse(validText()) as Record<string, unknown>;
    bad.scheme = 'paxos';
    const r = readScenarioFile(file('broken.faultlab.json', JSON.stringify(bad)));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.title).toBe('Cannot open broken.faultlab.json');
    expect(r.message).toMatch(/not a valid Fault Lab scenario/);
    expect(r.message).toMatch(/scheme: expected one of "state-machine", "primary-backup"/);
    expect(r.message).not.toMatch(/at .*\(.*:\d+:\d+\)/); // no stack trace
  });

  it('explains a file that is not JSON, and hints at the file name a scenario has', () => {
    const r = readScenarioFile(file('notes.json', 'these are my notes'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(/not valid JSON/);
      expect(r.message).toMatch(/scenario files are named \*\.faultlab\.json/);
    }
  });

  it('lists at most eight problems and says how many more there are', () => {
    const faults = Array.from({ length: 12 }, (_, i) => ({ atMs: i, type: 'crash', replica: 15 }));
    const bad = { ...(JSON.parse(validText()) as object), faults };
    const r = readScenarioFile(file('many.faultlab.json', JSON.stringify(bad)));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message.match(/^• /gm)).toHaveLength(8);
      expect(r.message).toMatch(/…and 4 more/);
    }
  });

  it('says so when the file is gone, is a folder, or is too large to be a scenario', () => {
    const gone = readScenarioFile(join(dir, 'moved.faultlab.json'));
    expect(gone.ok === false && gone.message).toMatch(/does not exist \(it may have been moved or deleted\)/);
    mkdirSync(join(dir, 'folder.faultlab.json'));
    const folder = readScenarioFile(join(dir, 'folder.faultlab.json'));
    expect(folder.ok === false && folder.message).toMatch(/is a folder, not a scenario file/);
    const big = readScenarioFile(file('big.faultlab.json', `${validText()}${' '.repeat(2000)}`), 1000);
    expect(big.ok === false && big.message).toMatch(/a scenario file is at most 1 kB/);
  });
});

describe('ScenarioOpener', () => {
  type Seen = { delivered: string[]; errors: string[]; opened: string[]; failed: string[] };
  function opener(read?: (p: string) => OpenOutcome): { o: ScenarioOpener; seen: Seen } {
    const seen: Seen = { delivered: [], errors: [], opened: [], failed: [] };
    const sinks: OpenerSinks = {
      deliver: (x) => seen.delivered.push(x.path),
      showError: (title, message) => seen.errors.push(`${title}: ${message}`),
      opened: (p) => seen.opened.push(p),
      failed: (p) => seen.failed.push(p),
    };
    return { o: new ScenarioOpener(sinks, read), seen };
  }

  it('holds files that arrive before the window is ready (macOS open-file at launch), then opens them in order', () => {
    const a = file('a.faultlab.json', validText());
    const b = file('b.faultlab.json', validText());
    const { o, seen } = opener();
    o.request(a);
    o.request(b);
    o.request(a);
    expect(seen.delivered).toEqual([]);
    expect(o.waiting).toEqual([a, b]);
    o.setReady();
    expect(seen.delivered).toEqual([a, b]);
    expect(seen.opened).toEqual([a, b]);
    expect(o.waiting).toEqual([]);
  });

  it('opens at once while ready, and queues again while the window reloads', () => {
    const a = file('a.faultlab.json', validText());
    const { o, seen } = opener();
    o.setReady();
    o.request(a);
    expect(seen.delivered).toEqual([a]);
    o.setNotReady();
    o.request(a);
    expect(seen.delivered).toEqual([a]);
    o.setReady();
    expect(seen.delivered).toEqual([a, a]);
  });

  it('shows an invalid file as an error and delivers nothing of it', () => {
    const bad = file('bad.faultlab.json', '{"faultlab": 2}');
    const good = file('good.faultlab.json', validText());
    const { o, seen } = opener();
    o.setReady();
    o.request(bad);
    o.request(good);
    expect(seen.delivered).toEqual([good]);
    expect(seen.failed).toEqual([bad]);
    expect(seen.errors).toHaveLength(1);
    expect(seen.errors[0]).toMatch(/^Cannot open bad\.faultlab\.json: .*faultlab/s);
  });

  it('bounds the queue: files beyond the limit are refused with one message, not lost silently', () => {
    const reads: string[] = [];
    const { o, seen } = opener((p) => {
      reads.push(p);
      return { ok: false, path: p, title: 'x', message: 'y' };
    });
    for (let i = 0; i < MAX_PENDING_OPENS + 5; i++) o.request(`/f/${i}.faultlab.json`);
    expect(o.waiting).toHaveLength(MAX_PENDING_OPENS);
    o.setReady();
    expect(reads).toHaveLength(MAX_PENDING_OPENS);
    expect(seen.errors.at(-1)).toBe(`Too many files: 5 more files were not opened: Fault Lab opens at most ${MAX_PENDING_OPENS} scenarios at once.`);
  });
});

describe('ScenarioOpener with assignment files', () => {
  it('hands an assignment file (double-clicked, argv, Open Recent) to the lab, not to the scenario reader, and shows its problem', async () => {
    const { LabBackend } = await import('./handlers.js');
    const events: string[] = [];
    const backend = new LabBackend({ dataDir: dir, shell: 'electron', realModeAvailable: () => false, log: (m) => events.push(`log ${m}`) });
    backend.subscribe((event, payload) => events.push(`${event} ${(payload as { title?: string }).title ?? ''}`));
    const scenario = file('crash.faultlab.json', validText());
    const good = file(
      'week3.faultlab-assignment.json',
      JSON.stringify({ faultlabAssignment: 1, title: 'Week 3', exercises: [{ id: 'w3', title: 'T', goal: 'G', steps: ['S'], prediction: 'P', questions: ['Q'], scenarios: [{ id: 'a', label: 'A', file: 'crash.faultlab.json' }] }] }),
    );
    const bad = file('broken.faultlab-assignment.json', JSON.stringify({ faultlabAssignment: 1, title: 'Week 4', exercises: [{ id: 'w4', title: 'T', goal: 'G', steps: ['S'], prediction: 'P', questions: ['Q'], scenarios: [{ id: 'a', label: 'A', file: 'gone.faultlab.json' }] }] }));
    const seen = { delivered: [] as string[], errors: [] as string[], opened: [] as string[] };
    const o = new ScenarioOpener({
      deliver: (x) => seen.delivered.push(x.path),
      showError: (title, message) => seen.errors.push(`${title}: ${message}`),
      opened: (p) => seen.opened.push(p),
      openAssignment: (p) => backend.openAssignmentFile(p),
    });
    o.request(good);
    o.request(bad);
    o.setReady();
    expect(seen.delivered).toEqual([]);
    expect(seen.opened).toEqual([good]);
    expect(events).toEqual(['assignmentOpened Week 3']);
    expect(seen.errors).toEqual(['Cannot open broken.faultlab-assignment.json: broken.faultlab-assignment.json cannot be used as an assignment: exercises[0].scenarios[0].file: gone.faultlab.json: no such file.']);
    const current = await backend.invoke('currentAssignment', {});
    expect(current.ok && (current.result as { exercises: { scenarios: { scenario: { name: string } }[] }[] }).exercises[0]?.scenarios[0]?.scenario.name).toBe('Handed out by the teacher');
    expect(scenario).toMatch(/crash/);
    await backend.shutdown();
  });
});

describe('RecentFiles', () => {
  const store = (): string => join(dir, 'data', 'recent-files.json');

  it('keeps the newest first, without duplicates, bounded, and survives a restart', () => {
    const r = new RecentFiles(store());
    for (let i = 0; i < MAX_RECENT_FILES + 3; i++) r.add(`/labs/${i}.faultlab.json`);
    r.add('/labs/5.faultlab.json');
    expect(r.list()).toHaveLength(MAX_RECENT_FILES);
    expect(r.list()[0]).toBe('/labs/5.faultlab.json');
    expect(r.list()[1]).toBe(`/labs/${MAX_RECENT_FILES + 2}.faultlab.json`);
    expect(r.list().filter((f) => f === '/labs/5.faultlab.json')).toHaveLength(1);
    expect(r.list()).not.toContain('/labs/0.faultlab.json');

    const again = new RecentFiles(store());
    expect(again.list()).toEqual(r.list());
    again.remove('/labs/5.faultlab.json');
    expect(new RecentFiles(store()).list()).not.toContain('/labs/5.faultlab.json');
    again.clear();
    expect(new RecentFiles(store()).list()).toEqual([]);
  });

  it('writes the list atomically: no temporary file is left beside it', () => {
    const r = new RecentFiles(store());
    r.add('/labs/a.faultlab.json');
    r.add('/labs/b.faultlab.json');
    expect(readdirSync(join(dir, 'data'))).toEqual(['recent-files.json']);
    expect(JSON.parse(readFileSync(store(), 'utf8'))).toEqual({ version: 1, files: ['/labs/b.faultlab.json', '/labs/a.faultlab.json'] });
  });

  it('treats paths that differ only in case as one file where the file system does', () => {
    const r = new RecentFiles(store(), { caseInsensitive: true });
    r.add('C:\\Labs\\A.faultlab.json');
    r.add('c:\\labs\\a.faultlab.json');
    expect(r.list()).toEqual(['c:\\labs\\a.faultlab.json']);
  });

  it('starts empty from a damaged list and reports it, and drops entries that are not absolute paths', () => {
    mkdirSync(join(dir, 'data'));
    writeFileSync(store(), '{"files": [');
    const problems: string[] = [];
    expect(new RecentFiles(store(), { onProblem: (m) => problems.push(m) }).list()).toEqual([]);
    expect(problems[0]).toMatch(/is damaged and starts empty/);
    writeFileSync(store(), JSON.stringify({ version: 1, files: ['/ok.faultlab.json', 'relative.json', 42] }));
    expect(new RecentFiles(store()).list()).toEqual(['/ok.faultlab.json']);
  });

  it('reports a list that cannot be saved instead of throwing, and keeps the list in memory', () => {
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, 'a file where the data folder should be');
    const problems: string[] = [];
    const r = new RecentFiles(join(blocker, 'recent-files.json'), { onProblem: (m) => problems.push(m) });
    expect(() => r.add('/labs/a.faultlab.json')).not.toThrow();
    expect(r.list()).toEqual(['/labs/a.faultlab.json']);
    expect(problems.at(-1)).toMatch(/could not be saved/);
  });
});
