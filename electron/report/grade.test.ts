/**
 * Grading a class: a folder of real reports (written by writeReport from simulated runs,
 * and one run with real processes) as students hand them in: good ones, an edited one, a
 * cut-off one, files that are no report, copies, a wrong scenario, a late prediction, an
 * outcome the assignment does not expect. Each gets the row a teacher needs.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedAssignment } from '../../shared/assignment.js';
import type { RunEvent } from '../../shared/events.js';
import { defaultScenario } from '../../shared/presets.js';
import type { Scenario } from '../../shared/scenario.js';
import { parseScenario, serializeScenario } from '../../shared/scenario.js';
import { runScenario } from '../runtime/run.js';
import { AssignmentFileError, loadAssignmentFile } from './assignment-file.js';
import type { GradeRow } from './grade.js';
import { gradeFolder, gradesCsv } from './grade.js';
import { writeReport } from './index.js';

/** The default lab, one second of requests: the scenario the class was asked to run. */
const oneLiar: Scenario = { ...defaultScenario(), name: 'One liar among three', workload: { clients: 2, ratePerSecond: 100, durationMs: 1000 } };
/**
 * Primary-backup, the primary crashes, clients never retry: requests are lost. It leaves
 * `replicas` out, as a teacher may: its report must verify all the same.
 */
const crash = parseScenario({
  faultlab: 1,
  name: 'Primary crash, no retries',
  scheme: 'primary-backup',
  k: 1,
  seed: 7,
  workload: { clients: 2, ratePerSecond: 100, durationMs: 800 },
  timing: { clientRetries: 0 },
  faults: [{ atMs: 300, type: 'crash', replica: 1 }],
});

let dir: string;
let classDir: string;
let assignment: ResolvedAssignment;
let rows: Map<string, GradeRow>;
const runStart = new Date('2026-03-02T09:00:00Z');
const before = new Date('2026-03-02T08:55:00Z');

async function hand(file: string, run: { scenario: Scenario; events: readonly RunEvent[] }, student: string, extra: { prediction?: string; predictionWrittenAt?: Date | null } = {}): Promise<string> {
  const written = await writeReport(
    { run: { scenario: run.scenario, events: run.events }, student: { name: student, id: '', course: 'DS' }, prediction: extra.prediction ?? 'no wrong answers', predictionWrittenAt: extra.predictionWrittenAt === undefined ? before : extra.predictionWrittenAt, runStartedAt: runStart },
    { htmlPath: join(dir, 'made', file) },
  );
  copyFileSync(written.htmlPath, join(classDir, file));
  return join(classDir, file);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'faultlab-grade-'));
  classDir = join(dir, 'class');
  mkdirSync(classDir);
  mkdirSync(join(dir, 'made'));
  // The teacher's assignment: one scenario as a file beside it, one inline.
  writeFileSync(join(dir, 'one-liar.faultlab.json'), serializeScenario(oneLiar));
  writeFileSync(
    join(dir, 'week2.faultlab-assignment.json'),
    JSON.stringify({
      faultlabAssignment: 1,
      title: 'Week 2: voting and failover',
      exercises: [
        {
          id: 'voting', title: 'Voting', goal: 'See one liar outvoted.', steps: ['Run it.'], prediction: 'Will any answer be wrong?', questions: ['Why not?'],
          scenarios: [{ id: 'one-liar', label: 'one liar among 3', file: 'one-liar.faultlab.json', expect: { 'requests.answeredWrong': 0 } }],
        },
        {
          id: 'failover', title: 'Failover', goal: 'See the backup take over.', steps: ['Run it.'], prediction: 'Will requests be lost?', questions: ['Which?'],
          scenarios: [{ id: 'crash', label: 'primary crash', scenario: crash, expect: { 'requests.lost': 0, 'failovers.count': 1 } }],
        },
      ],
    }),
  );
  assignment = loadAssignmentFile(join(dir, 'week2.faultlab-assignment.json'));

  const sim = await runScenario(oneLiar, 'sim');
  await hand('alice.html', sim, 'Alice');
  // The same simulated run under another name: same scenario and seed, same log, by design.
  await hand('hana.html', sim, 'Hana');
  await hand('ines.html', await runScenario({ ...oneLiar, seed: 7 }, 'sim'), 'Ines');
  const bob = await hand('bob.html', sim, 'Bob');
  writeFileSync(bob, readFileSync(bob, 'utf8').replace(/(<span data-fl="requests\.answeredCorrect">)(\d+)</, (_m, open: string, n: string) => `${open}${Number(n) - 3}<`));
  const carol = await hand('carol.html', sim, 'Carol');
  const whole = readFileSync(carol);
  writeFileSync(carol, whole.subarray(0, Math.floor(whole.length * 0.6)));
  const dave = await hand('dave.html', sim, 'Dave');
  copyFileSync(dave, join(classDir, 'erin.html'));
  await hand('frank.html', await runScenario({ ...oneLiar, replicas: 2, faults: [{ atMs: 200, type: 'byzantine', replica: 2, behavior: 'lie' }] }, 'sim'), 'Frank');
  await hand('gina.html', sim, 'Gina', { predictionWrittenAt: new Date(runStart.getTime() + 60_000) });
  await hand('ivan.html', await runScenario(crash, 'sim'), 'Ivan');
  await hand('jo.html', sim, 'Jo', { predictionWrittenAt: null });
  // One run with real processes, handed in by two students under their own names.
  const real = await runScenario(oneLiar, 'real');
  await hand('kim.html', real, 'Kim');
  await hand('lee.html', real, 'Lee');
  writeFileSync(join(classDir, 'notes.html'), '<!DOCTYPE html><html><body><p>my answers</p></body></html>\n');
  writeFileSync(join(classDir, 'empty.html'), '');
  writeFileSync(join(classDir, 'photo.html'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
  writeFileSync(join(classDir, 'answers.txt'), 'not looked at: not *.html');
  mkdirSync(join(classDir, 'late'));
  copyFileSync(join(classDir, 'alice.html'), join(classDir, 'late', 'alice-again.html'));

  rows = new Map((await gradeFolder(classDir, assignment)).map((r) => [r.file, r]));
}, 120_000);

const row = (file: string): GradeRow => {
  const r = rows.get(file);
  if (!r) throw new Error(`no row for ${file}`);
  return r;
};

describe('faultlab grade: a class folder', () => {
  it('has one row per *.html file in the folder (not in subfolders), in name order', () => {
    expect([...rows.keys()]).toEqual([
      'alice.html', 'bob.html', 'carol.html', 'dave.html', 'empty.html', 'erin.html', 'frank.html', 'gina.html', 'hana.html', 'ines.html', 'ivan.html', 'jo.html', 'kim.html', 'lee.html', 'notes.html', 'photo.html',
    ]);
  });

  it('passes untouched reports of the assignment\'s scenario, with any seed, and two students with one simulated run', () => {
    for (const f of ['alice.html', 'hana.html', 'ines.html']) {
      const r = row(f);
      expect(r.verdict, `${f}: ${r.failed.join('; ')}`).toBe('ok');
      expect(r.failed).toEqual([]);
      expect(r.flags).toEqual([]);
      expect(r.exercise).toBe('voting');
      expect(r.scenario).toBe('voting/one-liar');
      expect(r.mode).toBe('sim');
      expect(r.predictionWrittenAt).toBe(before.toISOString());
      expect(r.runStartedAt).toBe(runStart.toISOString());
      expect(r.figures?.answeredWrong).toBe(0);
      expect(r.figures?.issued).toBeGreaterThan(0);
      expect(r.checked).toBeGreaterThan(50);
    }
    expect(row('alice.html').student).toBe('Alice');
    expect(row('ines.html').seed).toBe(7);
    expect(row('hana.html').eventLogSha256).toBe(row('alice.html').eventLogSha256);
  });

  it('fails an edited report and names the figure', () => {
    const r = row('bob.html');
    expect(r.verdict).toBe('failed verification');
    expect(r.student).toBe('Bob');
    expect(r.scenario).toBe('voting/one-liar');
    expect(r.failed).toEqual([expect.stringMatching(/^figure "Answered correctly" \(requests\.answeredCorrect, shown\): the report says "\d+", the re-run gives "\d+"$/)]);
  });

  it('says a cut-off file is truncated, and files that are no report are not', () => {
    expect(row('carol.html')).toMatchObject({ verdict: 'unreadable', failed: [expect.stringMatching(/^truncated: the file ends after \d+ bytes, before the report's end/)] });
    expect(row('notes.html')).toMatchObject({ verdict: 'unreadable', failed: ['not a report: not a Fault Lab report (it has no embedded report data)'], student: '' });
    expect(row('empty.html')).toMatchObject({ verdict: 'unreadable', failed: ['empty file'] });
    expect(row('photo.html')).toMatchObject({ verdict: 'unreadable', failed: ['not a report: binary content, not an HTML file'] });
  });

  it('flags byte-identical reports handed in as two files as copies of each other', () => {
    expect(row('dave.html')).toMatchObject({ verdict: 'copied', failed: ['byte-identical to erin.html'] });
    expect(row('erin.html')).toMatchObject({ verdict: 'copied', failed: ['byte-identical to dave.html'], student: 'Dave' });
  });

  it('flags one real-process run handed in under two names, and verifies each', () => {
    for (const [me, other] of [['kim.html', 'lee.html (Lee)'], ['lee.html', 'kim.html (Kim)']] as const) {
      const r = row(me);
      expect(r.mode).toBe('real');
      expect(r.verdict).toBe('copied');
      expect(r.failed).toEqual([`the same real-process run (event log ${r.eventLogSha256.slice(0, 12)}…) as ${other}`]);
      expect(r.scenario).toBe('voting/one-liar');
    }
  });

  it('names a scenario that is none of the assignment\'s, and how it differs from the nearest', () => {
    expect(row('frank.html')).toMatchObject({ verdict: 'wrong scenario', scenario: '', failed: ['scenario "One liar among three" is none of the assignment\'s scenarios: nearest is voting/one-liar, which differs in replicas, faults'] });
  });

  it('fails a prediction written after the run started, and flags one whose time is not recorded', () => {
    expect(row('gina.html')).toMatchObject({ verdict: 'prediction late', failed: ['prediction written at 2026-03-02T09:01:00.000Z, after the run started at 2026-03-02T09:00:00.000Z'] });
    expect(row('jo.html')).toMatchObject({ verdict: 'ok', failed: [], flags: ['prediction before the run: unknown (the report does not record when the prediction was written)'] });
  });

  it('fails an outcome the assignment does not expect, naming the figure', () => {
    const r = row('ivan.html');
    expect(r.scenario).toBe('failover/crash');
    expect(r.verdict).toBe('unexpected outcome');
    expect(r.figures?.lost).toBeGreaterThan(0);
    expect(r.failed).toEqual([`Lost (requests.lost): expected 0, the run has ${r.figures?.lost}`]);
  });

  it('writes one CSV row per report with the verdict, what failed and the key figures', () => {
    const lines = gradesCsv([...rows.values()]).trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + rows.size);
    expect(lines[0]).toMatch(/^file,student,student_id,exercise,scenario,verdict,failed,flags,mode,seed,issued,answered_correct,answered_wrong,lost,/);
    expect(lines.find((l) => l.startsWith('alice.html,'))).toMatch(/^alice\.html,Alice,,voting,voting\/one-liar,ok,,,sim,42,\d+,\d+,0,0,0,0,0,no,no,2026-03-02T08:55:00\.000Z,2026-03-02T09:00:00\.000Z,\d+,[0-9a-f]{64},[0-9a-f]{64},1$/);
    expect(lines.find((l) => l.startsWith('erin.html,'))).toContain(',copied,byte-identical to dave.html,');
  });

  it('looks in subfolders with recursive, where an identical copy is flagged too', async () => {
    const all = await gradeFolder(classDir, assignment, { recursive: true });
    const again = all.find((r) => r.file === join('late', 'alice-again.html'));
    expect(again).toMatchObject({ verdict: 'copied', failed: ['byte-identical to alice.html'] });
  });
});

describe('the assignment file', () => {
  it('names the problem of a file that cannot be used', () => {
    expect(() => loadAssignmentFile(join(dir, 'none.faultlab-assignment.json'))).toThrow(AssignmentFileError);
    expect(() => loadAssignmentFile(join(dir, 'none.faultlab-assignment.json'))).toThrow(/none\.faultlab-assignment\.json: no such file$/);
    const bad = join(dir, 'bad.faultlab-assignment.json');
    writeFileSync(bad, JSON.stringify({ faultlabAssignment: 1, title: 'x', exercises: [{ id: 'a', title: 'a', goal: 'g', steps: ['s'], prediction: 'p', questions: ['q'], scenarios: [{ id: 's', label: 'l', file: 'gone.faultlab.json' }] }] }));
    expect(() => loadAssignmentFile(bad)).toThrow(`${bad}: exercises[0].scenarios[0].file: gone.faultlab.json: no such file`);
  });
});
