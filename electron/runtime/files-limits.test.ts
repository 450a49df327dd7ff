/**
 * Reading a kept run's files whatever they hold: the event log is read as a stream of
 * lines and each line checked as an event (the first bad one named file:line); a log over
 * the size limit is refused with its size; a named pipe or a symbolic link is never opened.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../../shared/scenario.js';
import { DEFAULT_SCENARIO_INPUT } from '../../shared/presets.js';
import { LogDamaged, readEventLog, readRunFileText } from './files.js';
import { loadRun } from './run-folder.js';
import { runScenario } from './run.js';
import { faultlab } from '../cli/testing.js';

let dir: string;
let runDir: string;
let logText: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'faultlab-limits-'));
  runDir = join(dir, 'run');
  // About 2 MB of log: lines cross the reader's 1 MiB chunks.
  await runScenario(parseScenario({ ...DEFAULT_SCENARIO_INPUT, workload: { clients: 2, ratePerSecond: 400, durationMs: 2000 } }), 'sim', { dir: runDir });
  logText = readFileSync(join(runDir, 'events.jsonl'), 'utf8');
}, 60_000);

function damage(f: () => unknown): LogDamaged {
  try {
    f();
  } catch (err) {
    if (err instanceof LogDamaged) return err;
    throw err;
  }
  throw new Error('expected LogDamaged');
}

describe('the event log as a stream of lines', () => {
  it('reads a log larger than one chunk, every line an event as written', () => {
    expect(logText.length).toBeGreaterThan(1024 * 1024 + 1);
    const log = readEventLog(join(runDir, 'events.jsonl'));
    const lines = logText.trimEnd().split('\n');
    expect(log.events).toHaveLength(lines.length);
    expect(log.events.map((e) => JSON.stringify(e))).toEqual(lines.map((l) => JSON.stringify(JSON.parse(l))));
    expect(log.complete).toBe(true);
  });

  it('refuses a log over the limit, naming its size and the limit, before reading it', () => {
    const err = damage(() => readEventLog(join(runDir, 'events.jsonl'), { maxBytes: 100_000 }));
    expect(err.reason).toBe('too-large');
    expect(err.message).toMatch(/events\.jsonl is \d\.\d MB|events\.jsonl is \d+ MB/);
    expect(err.message).toContain('more than the 100,000 bytes the lab reads back');
    const loaded = damage(() => loadRun(runDir, { maxLogBytes: 100_000 }));
    expect(loaded.reason).toBe('too-large');
  });

  it('names the first line that parses but is not an event (file:line)', () => {
    const lines = logText.trimEnd().split('\n');
    const at = lines.findIndex((l) => l.includes('"type":"accept"'));
    const broken = lines.map((l, i) => (i === at ? l.replace(/"latencyMs":[\d.]+/, '"latencyMs":"slow"') : i === at + 5 ? '{"t":1}' : l));
    const path = join(dir, 'bad.jsonl');
    writeFileSync(path, `${broken.join('\n')}\n`);
    const err = damage(() => readEventLog(path));
    expect(err.reason).toBe('bad-event');
    expect(err.line).toBe(at + 1);
    expect(err.message).toBe(`${path}:${at + 1}: line ${at + 1} is not a valid event (accept: latencyMs is not a number)`);
    writeFileSync(path, '{"t":0,"type":"run-start","mode":"sim","seed":1,"scenario":{},"version":"x"}\n[1,2]\n');
    expect(damage(() => readEventLog(path)).message).toMatch(/bad\.jsonl:2: line 2 is not a valid event \(not a JSON object\)/);
  });

  it('faultlab report refuses such a log in one line naming file:line, not with an internal error', () => {
    const bad = join(dir, 'bad-run');
    mkdirSync(bad);
    writeFileSync(join(bad, 'scenario.json'), readFileSync(join(runDir, 'scenario.json')));
    const lines = logText.trimEnd().split('\n');
    const at = lines.findIndex((l) => l.includes('"type":"apply"'));
    writeFileSync(join(bad, 'events.jsonl'), `${lines.map((l, i) => (i === at ? l.replace(/"seq":\d+/, '"seq":"x"') : l)).join('\n')}\n`);
    const r = faultlab('report', bad, '--out', join(dir, 'bad.html'));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`events.jsonl:${at + 1}: line ${at + 1} is not a valid event (apply: seq is not a whole number)`);
    expect(r.stderr).not.toMatch(/internal error/);
  });
});

describe.skipIf(process.platform === 'win32')('run files that are not regular files', () => {
  it('does not open a named pipe (it would block forever) or follow a symbolic link', () => {
    const fifo = join(dir, 'fifo.jsonl');
    execFileSync('mkfifo', [fifo]);
    const err = damage(() => readEventLog(fifo));
    expect(err.reason).toBe('not-a-file');
    expect(err.message).toBe(`${fifo} is a named pipe (FIFO), not a regular file; it was not opened`);

    const outside = join(dir, 'outside.json');
    writeFileSync(outside, '{"secret": true}');
    const link = join(dir, 'link.json');
    symlinkSync(outside, link);
    expect(damage(() => readRunFileText(link, 1000)).message).toBe(`${link} is a symbolic link, not a regular file; it was not opened`);
    expect(damage(() => readEventLog(link)).reason).toBe('not-a-file');
  });
});
