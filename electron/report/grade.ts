/**
 * `faultlab grade`: a class's reports against an assignment, one row per report. Each
 * report is verified (verify.ts: every figure against its re-run or its embedded log),
 * matched to the assignment's scenarios by the scenario's hash (seed aside, as a run may
 * override it), checked for a prediction written before the run, for the outcomes the
 * assignment expects, and against the other reports for copies: byte-identical files, and
 * the same event log of a real-process run under two students' names (two simulated runs
 * of one scenario and seed have the same log by design, so those are not copies).
 *
 * A file that is not a report (empty, binary, cut short, something else) is a row with the
 * reason, never an exception: grading a folder finishes whatever it holds.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ResolvedAssignment, ResolvedScenario } from '../../shared/assignment.js';
import { scenarioHash, unmetExpectations } from '../../shared/assignment.js';
import type { RunSummary } from '../../shared/analysis/summary.js';
import type { Json } from '../../shared/json.js';
import { canonicalJson } from '../../shared/json.js';
import type { Scenario } from '../../shared/scenario.js';
import { parseScenario } from '../../shared/scenario.js';
import type { CsvCell } from './csv.js';
import { toCsv } from './csv.js';
import type { ReportData } from './data.js';
import type { VerifyResult } from './verify.js';
import { extractReportData, NotAReport, verifyReportHtml } from './verify.js';
import { furtherRuns } from './exercise-report.js';

/**
 * What became of a report, worst first: a row's verdict is the worst that applies (every
 * one that applies is listed in what failed). All but `ok` fail the grading.
 */
export const VERDICTS = ['unreadable', 'failed verification', 'wrong scenario', 'copied', 'prediction late', 'unexpected outcome', 'ok'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** The figures a teacher reads first, as the report states them (checked by its verification). */
export interface KeyFigures {
  issued: number | null;
  answeredCorrect: number | null;
  answeredWrong: number | null;
  lost: number | null;
  undecided: number | null;
  executedTwice: number | null;
  failovers: number | null;
  splitBrain: boolean | null;
  diverged: boolean | null;
}

export interface GradeRow {
  /** The report's path, relative to the folder graded. */
  file: string;
  student: string;
  studentId: string;
  /** The assignment's exercise the report's scenario belongs to; else the exercise the report names (or empty). */
  exercise: string;
  /** The assignment's scenario the report ran ("exercise/scenario"), empty when none. */
  scenario: string;
  verdict: Verdict;
  /** Every problem found, worst first; empty for `ok`. */
  failed: string[];
  /** What a teacher should know that does not fail the report (a prediction time not recorded, no name). */
  flags: string[];
  mode: 'real' | 'sim' | null;
  seed: number | null;
  figures: KeyFigures | null;
  predictionWrittenAt: string | null;
  runStartedAt: string | null;
  eventLogSha256: string;
  /** SHA-256 of the file's bytes. */
  fileSha256: string;
  /** How many figures and fields verification compared. */
  checked: number;
  /**
   * An exercise's report with several runs: runs 2, 3, … as their own embedded reports state
   * them (verification covered each with the report). Absent for a report of one run.
   */
  furtherRuns?: GradeRun[];
}

/** A further run of an exercise's report, with its own scenario, mode, seed, figures and log. */
export interface GradeRun {
  run: number;
  /** The assignment's scenario the run is of ("exercise/scenario"), empty when none or unreadable. */
  scenario: string;
  mode: 'real' | 'sim' | null;
  seed: number | null;
  figures: KeyFigures | null;
  eventLogSha256: string;
}

/** A further run's row from its embedded report (null fields where that report cannot be read: verification says why). */
function furtherRun(run: number, html: string | null, assignment: ResolvedAssignment, named: string | null): GradeRun {
  const none: GradeRun = { run, scenario: '', mode: null, seed: null, figures: null, eventLogSha256: '' };
  if (html === null) return none;
  let data: ReportData;
  try {
    data = extractReportData(html);
  } catch (err) {
    if (err instanceof NotAReport) return none;
    throw err;
  }
  let scenario = '';
  try {
    const matched = matchScenario(assignment, scenarioHash(parseScenario(data.scenario)), named);
    if (matched) scenario = `${matched.exercise}/${matched.scenario.id}`;
  } catch {
    // Verification has already said the run's embedded scenario is not valid.
  }
  return { run, scenario, mode: data.mode, seed: num(data.seed), figures: keyFigures(data.summary as Partial<RunSummary>), eventLogSha256: str(data.eventLogSha256) };
}

/** A report's problems by verdict, before the copies across the class are known. */
interface Examined {
  row: Omit<GradeRow, 'verdict' | 'failed'>;
  problems: Map<Verdict, string[]>;
}

function add(problems: Map<Verdict, string[]>, verdict: Verdict, ...what: string[]): void {
  problems.set(verdict, [...(problems.get(verdict) ?? []), ...what]);
}

/** The reports in a folder: every *.html (and *.htm) file, in subfolders too when recursive, in name order. */
export function listReports(dir: string, recursive: boolean): string[] {
  const out: string[] = [];
  const walk = (folder: string): void => {
    const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const path = join(folder, e.name);
      if (e.isDirectory()) {
        if (recursive) walk(path);
      } else if (/\.html?$/i.test(e.name) && statSync(path).isFile()) out.push(path);
    }
  };
  walk(dir);
  return out;
}

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const bool = (x: unknown): boolean | null => (typeof x === 'boolean' ? x : null);
const str = (x: unknown): string => (typeof x === 'string' ? x : '');

function keyFigures(summary: Partial<RunSummary>): KeyFigures {
  const r = (summary.requests ?? {}) as Partial<RunSummary['requests']>;
  return {
    issued: num(r.issued),
    answeredCorrect: num(r.answeredCorrect),
    answeredWrong: num(r.answeredWrong),
    lost: num(r.lost),
    undecided: num(r.undecided),
    executedTwice: num(r.executedTwice),
    failovers: Array.isArray(summary.failovers) ? summary.failovers.length : null,
    splitBrain: bool(summary.splitBrain),
    diverged: bool(summary.divergence?.diverged),
  };
}

/** Non-text content: a NUL byte early on (HTML never has one). */
function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 65_536).includes(0);
}

/** A Fault Lab report that stops before its end: it starts as one and has no closing </html>. */
function truncated(text: string): boolean {
  return /^\s*<!doctype html>/i.test(text) && text.includes('content="Fault Lab ') && !/<\/html>\s*$/i.test(text);
}

/**
 * A file's bytes as report text, or why they cannot be one (empty, binary, not UTF-8);
 * `cut` when it is a Fault Lab report that stops before its end. The first look the grader
 * and the app's "Verify a report" take at a file.
 */
export function readReportBytes(bytes: Uint8Array): { text: string; cut: boolean } | { unreadable: string } {
  if (bytes.length === 0) return { unreadable: 'empty file' };
  if (looksBinary(bytes)) return { unreadable: 'not a report: binary content, not an HTML file' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { unreadable: 'not a report: not UTF-8 text' };
  }
  if (text.trim() === '') return { unreadable: 'empty file (only white space)' };
  return { text, cut: truncated(text) };
}

/** Why a report cut short is not verified: its data is cut off too, or only its end is missing. */
export function truncatedReason(bytes: number, dataCut: boolean): string {
  return dataCut
    ? `truncated: the file ends after ${bytes} bytes, before the report's end, and its data is cut off`
    : `truncated: the file ends after ${bytes} bytes, before the report's end (</html>), so it cannot be verified whole`;
}

/** The assignment's scenario a report's scenario is, preferring the exercise the report names. */
function matchScenario(assignment: ResolvedAssignment, hash: string, named: string | null): { exercise: string; scenario: ResolvedScenario } | null {
  const all = assignment.exercises.flatMap((e) => e.scenarios.filter((s) => s.hash === hash).map((scenario) => ({ exercise: e.id, scenario })));
  return all.find((m) => m.exercise === named) ?? all[0] ?? null;
}

/** The top-level fields in which a scenario differs from the nearest of the candidates (seed aside), for "wrong scenario". */
function nearestDifference(scenario: Scenario, candidates: { exercise: string; scenario: ResolvedScenario }[]): string | null {
  let best: { name: string; fields: string[] } | null = null;
  for (const c of candidates) {
    const other = c.scenario.scenario as unknown as Record<string, Json>;
    const mine = scenario as unknown as Record<string, Json>;
    const fields = [...new Set([...Object.keys(mine), ...Object.keys(other)])].filter((k) => k !== 'seed' && k !== 'name' && canonicalJson(mine[k] ?? null) !== canonicalJson(other[k] ?? null));
    if (best === null || fields.length < best.fields.length) best = { name: `${c.exercise}/${c.scenario.id}`, fields };
  }
  if (best === null) return null;
  return best.fields.length === 0 ? `only its name differs from ${best.name}` : `nearest is ${best.name}, which differs in ${best.fields.join(', ')}`;
}

function isoTime(x: unknown): { text: string | null; ms: number | null } {
  if (typeof x !== 'string' || x === '') return { text: null, ms: null };
  const ms = Date.parse(x);
  return { text: x, ms: Number.isNaN(ms) ? null : ms };
}

async function examine(path: string, name: string, bytes: Buffer, assignment: ResolvedAssignment, verified: Map<string, Promise<VerifyResult | Error>>): Promise<Examined> {
  const problems = new Map<Verdict, string[]>();
  const fileSha256 = createHash('sha256').update(bytes).digest('hex');
  const row: Examined['row'] = {
    file: name,
    student: '',
    studentId: '',
    exercise: '',
    scenario: '',
    flags: [],
    mode: null,
    seed: null,
    figures: null,
    predictionWrittenAt: null,
    runStartedAt: null,
    eventLogSha256: '',
    fileSha256,
    checked: 0,
  };
  const unreadable = (reason: string): Examined => {
    add(problems, 'unreadable', reason);
    return { row, problems };
  };
  const read = readReportBytes(bytes);
  if ('unreadable' in read) return unreadable(read.unreadable);
  const { text, cut } = read;
  let data: ReportData;
  try {
    data = extractReportData(text);
  } catch (err) {
    if (!(err instanceof NotAReport)) throw err;
    return unreadable(cut ? truncatedReason(bytes.length, true) : `not a report: ${err.message}`);
  }

  const student = (data.student ?? {}) as { name?: unknown; id?: unknown };
  row.student = str(student.name).trim();
  row.studentId = str(student.id).trim();
  row.mode = data.mode;
  row.seed = num(data.seed);
  row.figures = keyFigures(data.summary as Partial<RunSummary>);
  row.eventLogSha256 = str(data.eventLogSha256);
  if (row.student === '' && row.studentId === '') row.flags.push('no student name or id in the report');

  if (cut) add(problems, 'unreadable', truncatedReason(bytes.length, false));
  else {
    let pending = verified.get(fileSha256);
    if (!pending) {
      pending = verifyReportHtml(text).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
      verified.set(fileSha256, pending);
    }
    const result = await pending;
    if (result instanceof NotAReport) add(problems, 'unreadable', `not a report: ${result.message}`);
    else if (result instanceof Error) add(problems, 'failed verification', `could not be verified: ${result.message}`);
    else {
      row.checked = result.checked;
      if (!result.ok) add(problems, 'failed verification', ...result.differences);
    }
  }

  // The scenario: one of the assignment's (by hash, any seed)?
  const named = typeof data.exercise === 'string' && data.exercise !== '' ? data.exercise : null;
  let scenario: Scenario | null = null;
  try {
    scenario = parseScenario(data.scenario);
  } catch {
    // Verification has already said the embedded scenario is not valid.
  }
  let matched: { exercise: string; scenario: ResolvedScenario } | null = null;
  if (scenario) {
    matched = matchScenario(assignment, scenarioHash(scenario), named);
    if (matched) {
      row.exercise = matched.exercise;
      row.scenario = `${matched.exercise}/${matched.scenario.id}`;
      if (named !== null && named !== matched.exercise) row.flags.push(`the report names exercise "${named}", but its scenario is ${row.scenario}`);
    } else {
      row.exercise = named ?? '';
      const ofNamed = assignment.exercises.find((e) => e.id === named);
      const candidates = (ofNamed ? [ofNamed] : assignment.exercises).flatMap((e) => e.scenarios.map((s) => ({ exercise: e.id, scenario: s })));
      const where = ofNamed ? `exercise ${ofNamed.id}'s scenarios` : named !== null ? `the assignment's scenarios (and exercise "${named}" is not in it)` : "the assignment's scenarios";
      const near = nearestDifference(scenario, candidates);
      add(problems, 'wrong scenario', `scenario "${scenario.name}" is none of ${where}${near ? `: ${near}` : ''}`);
    }
  } else add(problems, 'wrong scenario', 'the embedded scenario is not a valid scenario');

  // An exercise's further runs, each with its own figures.
  const more = furtherRuns(text);
  if (more !== null) row.furtherRuns = more.runs.map(({ run, html }) => furtherRun(run, html, assignment, named));

  // The prediction, written before the run started?
  const written = isoTime(data.predictionWrittenAt);
  const started = isoTime(data.runStartedAt);
  row.predictionWrittenAt = written.text;
  row.runStartedAt = started.text;
  if (str(data.prediction).trim() === '') row.flags.push('no prediction written');
  else if (written.ms !== null && started.ms !== null) {
    if (written.ms > started.ms) add(problems, 'prediction late', `prediction written at ${written.text ?? ''}, after the run started at ${started.text ?? ''}`);
  } else {
    const unknown = [written.ms === null ? 'when the prediction was written' : null, started.ms === null ? 'when the run started' : null].filter((x) => x !== null);
    row.flags.push(`prediction before the run: unknown (the report does not record ${unknown.join(' or ')})`);
  }

  // The outcomes the assignment expects of this scenario.
  if (matched) {
    const unmet = unmetExpectations(matched.scenario.expect, data.summary as RunSummary);
    if (unmet.length > 0) add(problems, 'unexpected outcome', ...unmet);
  }
  return { row, problems };
}

/** Someone's identity in a report, for telling students apart; null when the report names nobody. */
function studentKey(row: Examined['row']): string | null {
  const k = `${row.student.toLowerCase()}\u0000${row.studentId.toLowerCase()}`;
  return k === '\u0000' ? null : k;
}

/** Copies across the class: byte-identical files, and one real-process run's log under two students' names. */
function findCopies(all: Examined[]): void {
  const byBytes = new Map<string, Examined[]>();
  for (const e of all) if (!(e.problems.get('unreadable') ?? []).includes('empty file')) byBytes.set(e.row.fileSha256, [...(byBytes.get(e.row.fileSha256) ?? []), e]);
  for (const group of byBytes.values()) {
    if (group.length < 2) continue;
    for (const e of group) add(e.problems, 'copied', `byte-identical to ${group.filter((o) => o !== e).map((o) => o.row.file).join(', ')}`);
  }
  const byLog = new Map<string, Examined[]>();
  for (const e of all) if (e.row.mode === 'real' && e.row.eventLogSha256 !== '') byLog.set(e.row.eventLogSha256, [...(byLog.get(e.row.eventLogSha256) ?? []), e]);
  for (const group of byLog.values()) {
    for (const e of group) {
      const others = group.filter((o) => o !== e && o.row.fileSha256 !== e.row.fileSha256 && studentKey(o.row) !== studentKey(e.row));
      if (others.length > 0) {
        add(e.problems, 'copied', `the same real-process run (event log ${e.row.eventLogSha256.slice(0, 12)}…) as ${others.map((o) => `${o.row.file} (${o.row.student || o.row.studentId || 'no name'})`).join(', ')}`);
      }
    }
  }
}

export interface GradeOptions {
  recursive?: boolean;
  /** Called after each report is examined (progress for a large class). */
  onReport?: (done: number, total: number) => void;
}

/** Grades every report in `dir` against the assignment: one row per file, in name order. */
export async function gradeFolder(dir: string, assignment: ResolvedAssignment, options: GradeOptions = {}): Promise<GradeRow[]> {
  const files = listReports(dir, options.recursive ?? false);
  const verified = new Map<string, Promise<VerifyResult | Error>>();
  const examined: Examined[] = [];
  for (const path of files) {
    const name = relative(dir, path);
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (err) {
      const problems = new Map<Verdict, string[]>([['unreadable', [`cannot be read: ${(err as Error).message}`]]]);
      examined.push({ row: { file: name, student: '', studentId: '', exercise: '', scenario: '', flags: [], mode: null, seed: null, figures: null, predictionWrittenAt: null, runStartedAt: null, eventLogSha256: '', fileSha256: '', checked: 0 }, problems });
      continue;
    }
    examined.push(await examine(path, name, bytes, assignment, verified));
    options.onReport?.(examined.length, files.length);
  }
  findCopies(examined);
  return examined.map(({ row, problems }) => {
    const verdict = VERDICTS.find((v) => (problems.get(v) ?? []).length > 0) ?? 'ok';
    return { ...row, verdict, failed: VERDICTS.flatMap((v) => problems.get(v) ?? []) };
  });
}

const CSV_HEADER = [
  'file', 'student', 'student_id', 'exercise', 'scenario', 'verdict', 'failed', 'flags', 'mode', 'seed',
  'issued', 'answered_correct', 'answered_wrong', 'lost', 'undecided', 'executed_twice', 'failovers', 'split_brain', 'diverged',
  'prediction_written_at', 'run_started_at', 'figures_checked', 'event_log_sha256', 'file_sha256',
  // Added after the columns above (which keep their order): the run of an exercise's report a row is of.
  'run',
];

const yesNo = (x: boolean | null | undefined): CsvCell => (x === null || x === undefined ? '' : x ? 'yes' : 'no');

/**
 * The grades as CSV: one row per report, what failed and the flags each joined by " | ".
 * An exercise's report with several runs has one row per run, in order: the first is the
 * report's row; each further run's repeats the report's verdict, what failed and the flags
 * (verification covers the report whole) with that run's scenario, mode, seed, figures and
 * log. The last column, `run`, says which (1 for a report of one run; empty for a file that
 * could not be read).
 */
export function gradesCsv(rows: readonly GradeRow[]): string {
  const line = (r: GradeRow, run: Pick<GradeRow, 'scenario' | 'mode' | 'seed' | 'figures' | 'eventLogSha256'>, n: number | null): CsvCell[] => [
    r.file, r.student, r.studentId, r.exercise, run.scenario, r.verdict, r.failed.join(' | '), r.flags.join(' | '), run.mode, run.seed,
    run.figures?.issued, run.figures?.answeredCorrect, run.figures?.answeredWrong, run.figures?.lost, run.figures?.undecided, run.figures?.executedTwice, run.figures?.failovers,
    yesNo(run.figures?.splitBrain), yesNo(run.figures?.diverged),
    r.predictionWrittenAt, r.runStartedAt, r.checked, run.eventLogSha256, r.fileSha256, n,
  ];
  return toCsv([CSV_HEADER, ...rows.flatMap((r) => [line(r, r, r.mode === null ? null : 1), ...(r.furtherRuns ?? []).map((x) => line(r, x, x.run))])]);
}
