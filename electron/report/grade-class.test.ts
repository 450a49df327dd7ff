/**
 * `faultlab grade` over a class of thirty reports, as a teacher gets them: most untouched
 * (many of them the same simulated run under different names, which is no copy), some with
 * an edited figure, one real-process run handed in under two names, a byte-identical copy,
 * one cut short, one of another assignment's scenario. The reports are made from a few runs
 * and varied by editing the HTML (a student's name, a figure, the file's end), as students
 * would. The CSV the command writes is checked row by row against the row each file should
 * get, worked out here from what was done to it.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../shared/analysis/summary.js';
import type { RunEvent } from '../../shared/events.js';
import type { Scenario } from '../../shared/scenario.js';
import { parseScenario, serializeScenario } from '../../shared/scenario.js';
import { faultlab } from '../cli/testing.js';
import { runScenario } from '../runtime/run.js';
import type { CsvCell } from './csv.js';
import { toCsv } from './csv.js';
import { figureLabel, REPORT_DATA_ID } from './data.js';
import { writeReport } from './index.js';
import { verifyReportHtml, visibleFigures } from './verify.js';

/** The assignment's two scenarios, small enough that thirty reports verify quickly. */
const oneLiar = parseScenario({
  faultlab: 1, name: 'Class: one liar among three', scheme: 'state-machine', failureModel: 'arbitrary', k: 1, service: 'kv', seed: 42,
  workload: { clients: 2, ratePerSecond: 50, durationMs: 600 },
  faults: [{ atMs: 100, type: 'byzantine', replica: 2, behavior: 'lie' }],
});
const crash = parseScenario({
  faultlab: 1, name: 'Class: primary crash', scheme: 'primary-backup', failureModel: 'fail-stop', k: 1, service: 'counter', seed: 3,
  workload: { clients: 2, ratePerSecond: 50, durationMs: 600 },
  faults: [{ atMs: 200, type: 'crash', replica: 1 }],
});
/** Next week's scenario: what a student hands in for the wrong assignment. */
const nextWeek = parseScenario({ ...oneLiar, name: 'Week 5: Raft leader crash', scheme: 'raft', failureModel: 'fail-stop', faults: [{ atMs: 200, type: 'crash', replica: 1 }] });

const runStart = new Date('2026-03-09T09:00:00Z');
const written = new Date('2026-03-09T08:50:00Z');
const PLACEHOLDER = { name: 'STUDENT-NAME-HERE', id: 'STUDENT-ID-HERE' };

/** What a base report is of: its run's summary, and how many figures and fields its verification compares. */
interface Base {
  html: string;
  summary: RunSummary;
  scenario: Scenario;
  checked: number;
}

/** What the test did to a file, and so the row it must get. */
interface Handed {
  file: string;
  student: string;
  studentId: string;
  base: Base | null;
  exercise: string;
  scenario: string;
  verdict: string;
  failed: string[];
  bytes: Buffer;
}

let dir: string;
let classDir: string;
const handed: Handed[] = [];

async function base(run: { scenario: Scenario; events: readonly RunEvent[] }, name: string): Promise<Base> {
  const w = await writeReport(
    { run: { scenario: run.scenario, events: run.events }, student: { ...PLACEHOLDER, course: 'DS' }, prediction: 'one liar is outvoted', predictionWrittenAt: written, runStartedAt: runStart, generatedAt: new Date('2026-03-09T10:00:00Z') },
    { htmlPath: join(dir, 'made', `${name}.html`) },
  );
  const v = await verifyReportHtml(w.html);
  expect(v.differences, name).toEqual([]);
  return { html: w.html, summary: w.data.summary, scenario: run.scenario, checked: v.checked };
}

/** A base report under a student's name (the name and id are in the header and the embedded data). */
const named = (b: Base, student: string, id: string): string => b.html.replaceAll(PLACEHOLDER.name, student).replaceAll(PLACEHOLDER.id, id);

function hand(file: string, content: string | Buffer, row: Omit<Handed, 'file' | 'bytes'>): void {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  writeFileSync(join(classDir, file), bytes);
  handed.push({ file, bytes, ...row });
}

/** A figure's shown text with its first number changed, as a student would edit it (not its embedded copy). */
function editShown(html: string, key: string): { html: string; failed: string } {
  const from = visibleFigures(html).get(key)?.[0];
  if (from === undefined) throw new Error(`no figure ${key}`);
  const to = from.replace(/\d+/, (d) => String(Number(d) + 3));
  const edited = html.replace(`<span data-fl="${key}">${from}</span>`, `<span data-fl="${key}">${to}</span>`);
  expect(edited).not.toBe(html);
  return { html: edited, failed: `figure "${figureLabel(key)}" (${key}, shown): the report says "${to}", the re-run gives "${from}"` };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'faultlab-grade-class-'));
  classDir = join(dir, 'class');
  mkdirSync(classDir);
  mkdirSync(join(dir, 'made'));
  writeFileSync(join(dir, 'one-liar.faultlab.json'), serializeScenario(oneLiar));
  writeFileSync(
    join(dir, 'week3.faultlab-assignment.json'),
    JSON.stringify({
      faultlabAssignment: 1,
      title: 'Week 3: voting and failover',
      exercises: [
        { id: 'voting', title: 'Voting', goal: 'See one liar outvoted.', steps: ['Run it.'], prediction: 'Any wrong answer?', questions: ['Why?'], scenarios: [{ id: 'one-liar', label: 'one liar among 3', file: 'one-liar.faultlab.json', expect: { 'requests.answeredWrong': 0 } }] },
        { id: 'failover', title: 'Failover', goal: 'See the backup take over.', steps: ['Run it.'], prediction: 'Lost requests?', questions: ['Which?'], scenarios: [{ id: 'crash', label: 'primary crash', scenario: crash, expect: { 'failovers.count': 1 } }] },
      ],
    }),
  );

  // A few runs, each reported once; every file handed in is one of these, varied.
  const simA = await base(await runScenario(oneLiar, 'sim'), 'sim-a');
  const simB = await base(await runScenario({ ...oneLiar, seed: 7 }, 'sim'), 'sim-b');
  const simCrash = await base(await runScenario(crash, 'sim'), 'sim-crash');
  const other = await base(await runScenario(nextWeek, 'sim'), 'next-week');
  const realShared = await base(await runScenario(oneLiar, 'real'), 'real-shared');
  const realOwn = await base(await runScenario(oneLiar, 'real'), 'real-own');
  // The assignment's expectations hold for these runs: an untouched report is ok.
  for (const b of [simA, simB, realShared, realOwn]) expect(b.summary.requests.answeredWrong).toBe(0);
  expect(simCrash.summary.failovers).toHaveLength(1);
  expect(realShared.summary.eventLogSha256).not.toBe(realOwn.summary.eventLogSha256);

  const voting = { exercise: 'voting', scenario: 'voting/one-liar' };
  const ok = { verdict: 'ok', failed: [] };
  const student = (i: number): { student: string; studentId: string } => ({ student: `Student ${String(i).padStart(2, '0')}`, studentId: `2026${String(i).padStart(3, '0')}` });
  const file = (i: number): string => `s${String(i).padStart(2, '0')}.html`;
  const plain = (i: number, b: Base, where: { exercise: string; scenario: string }): void => {
    const s = student(i);
    hand(file(i), named(b, s.student, s.studentId), { ...s, base: b, ...where, ...ok });
  };

  // Untouched: twelve students with one simulated run (the same log by design, no copy), three with another seed, three of the failover.
  for (let i = 2; i <= 12; i++) plain(i, simA, voting);
  for (let i = 13; i <= 15; i++) plain(i, simB, voting);
  for (let i = 16; i <= 18; i++) plain(i, simCrash, { exercise: 'failover', scenario: 'failover/crash' });
  plain(19, realOwn, voting);
  plain(30, simCrash, { exercise: 'failover', scenario: 'failover/crash' });

  // An edited figure each: the figure is named, as the re-run gives it.
  for (const [i, b, key, where] of [
    [20, simA, 'requests.answeredCorrect', voting],
    [21, simA, 'latency.p50', voting],
    [22, simCrash, 'requests.issued', { exercise: 'failover', scenario: 'failover/crash' }],
    [23, simB, 'messages.total', voting],
    [29, simB, 'requests.answeredCorrect', voting],
  ] as const) {
    const s = student(i);
    const e = editShown(named(b, s.student, s.studentId), key);
    hand(file(i), e.html, { ...s, base: b, ...where, verdict: 'failed verification', failed: [e.failed] });
  }

  // One real-process run under two students' names: each is a copy of the other.
  const [a, b] = [student(24), student(25)];
  const sha = realShared.summary.eventLogSha256;
  hand(file(24), named(realShared, a.student, a.studentId), { ...a, base: realShared, ...voting, verdict: 'copied', failed: [`the same real-process run (event log ${sha.slice(0, 12)}…) as ${file(25)} (${b.student})`] });
  hand(file(25), named(realShared, b.student, b.studentId), { ...b, base: realShared, ...voting, verdict: 'copied', failed: [`the same real-process run (event log ${sha.slice(0, 12)}…) as ${file(24)} (${a.student})`] });

  // A file handed in twice, byte for byte (under the first student's name).
  const first = student(1);
  const firstHtml = named(simA, first.student, first.studentId);
  hand(file(1), firstHtml, { ...first, base: simA, ...voting, verdict: 'copied', failed: [`byte-identical to ${file(26)}`] });
  copyFileSync(join(classDir, file(1)), join(classDir, file(26)));
  handed.push({ file: file(26), bytes: Buffer.from(firstHtml, 'utf8'), ...first, base: simA, ...voting, verdict: 'copied', failed: [`byte-identical to ${file(1)}`] });

  // Cut short before its embedded data: nothing in it can be read.
  const t = student(27);
  const whole = Buffer.from(named(simA, t.student, t.studentId), 'utf8');
  const cut = whole.subarray(0, whole.indexOf(`<script type="application/json" id="${REPORT_DATA_ID}">`) - 1);
  hand(file(27), cut, { student: '', studentId: '', base: null, exercise: '', scenario: '', verdict: 'unreadable', failed: [`truncated: the file ends after ${cut.length} bytes, before the report's end, and its data is cut off`] });

  // Next week's scenario: none of this assignment's; the fields it differs in are the ones changed above.
  const w = student(28);
  const changed = Object.keys(nextWeek).filter((k) => k !== 'seed' && k !== 'name' && JSON.stringify((nextWeek as unknown as Record<string, unknown>)[k]) !== JSON.stringify((oneLiar as unknown as Record<string, unknown>)[k]));
  expect(changed.sort()).toEqual(['failureModel', 'faults', 'scheme']);
  const inOrder = Object.keys(nextWeek).filter((k) => changed.includes(k));
  hand(file(28), named(other, w.student, w.studentId), {
    ...w, base: other, exercise: '', scenario: '', verdict: 'wrong scenario',
    failed: [`scenario "${nextWeek.name}" is none of the assignment's scenarios: nearest is voting/one-liar, which differs in ${inOrder.join(', ')}`],
  });
  handed.sort((x, y) => (x.file < y.file ? -1 : 1));
}, 180_000);

const yesNo = (x: boolean): string => (x ? 'yes' : 'no');

/** The row a file must get, from what was done to it (the grade CSV's columns). */
function expectedRow(h: Handed): CsvCell[] {
  const s = h.base?.summary;
  const fileSha = createHash('sha256').update(h.bytes).digest('hex');
  if (!s || !h.base) return [h.file, '', '', '', '', h.verdict, h.failed.join(' | '), '', '', '', '', '', '', '', '', '', '', '', '', '', '', 0, '', fileSha, ''];
  const r = s.requests;
  return [
    h.file, h.student, h.studentId, h.exercise, h.scenario, h.verdict, h.failed.join(' | '), '', s.mode, s.seed,
    r.issued, r.answeredCorrect, r.answeredWrong, r.lost, r.undecided, r.executedTwice, s.failovers.length, yesNo(s.splitBrain), yesNo(s.divergence.diverged),
    written.toISOString(), runStart.toISOString(), h.base.checked, s.eventLogSha256, fileSha, 1,
  ];
}

describe('faultlab grade: a class of thirty reports', () => {
  it('writes one CSV row per report, each the row worked out from what was done to the file', () => {
    expect(handed).toHaveLength(30);
    const csv = join(dir, 'grades.csv');
    const r = faultlab('grade', classDir, '--assignment', join(dir, 'week3.faultlab-assignment.json'), '--csv', csv);
    // Some reports fail: exit 1, with the count on stderr; the table on stdout.
    expect(r.stderr.trim()).toBe(`grade: ${handed.filter((h) => h.verdict !== 'ok').length} of 30 reports failed`);
    expect(r.code).toBe(1);
    const got = readFileSync(csv, 'utf8').trimEnd().split('\r\n');
    const want = toCsv([
      ['file', 'student', 'student_id', 'exercise', 'scenario', 'verdict', 'failed', 'flags', 'mode', 'seed', 'issued', 'answered_correct', 'answered_wrong', 'lost', 'undecided', 'executed_twice', 'failovers', 'split_brain', 'diverged', 'prediction_written_at', 'run_started_at', 'figures_checked', 'event_log_sha256', 'file_sha256', 'run'],
      ...handed.map(expectedRow),
    ])
      .trimEnd()
      .split('\r\n');
    expect(got).toHaveLength(31);
    for (let i = 0; i < want.length; i++) expect(got[i], `row ${i}: ${handed[i - 1]?.file ?? 'header'}`).toBe(want[i]);
    // The terminal's summary line counts the same verdicts.
    const counts = ['failed verification', 'wrong scenario', 'copied', 'unreadable'].map((v) => [v, handed.filter((h) => h.verdict === v).length] as const);
    expect(counts).toEqual([['failed verification', 5], ['wrong scenario', 1], ['copied', 4], ['unreadable', 1]]);
    expect(r.stdout).toContain(`${handed.filter((h) => h.verdict === 'ok').length} ok, 11 failing (1 unreadable, 5 failed verification, 1 wrong scenario, 4 copied)`);
  }, 180_000);
});
