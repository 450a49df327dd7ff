/**
 * `faultlab verify`: checks what a report states against evidence: the embedded summary
 * (field by field, the event log's SHA-256 included), the embedded comparison, and every
 * visible figure (each `data-fl` element of the HTML). A simulated run is a pure function
 * of its scenario and seed: it is re-run, and its embedded event log must be the re-run's.
 * A real-mode run cannot be re-run: every figure is re-derived from its embedded event log
 * (whose hash must be its summary's), with the analysis the app ran. An edited figure, or
 * an edited line of the log, shows up as a difference that names it.
 */
import { z } from 'zod';
import type { RunSummary } from '../../shared/analysis/summary.js';
import type { Cells, CompareSide, Comparison, CostFigures, FaultMapping, SideKey } from '../../shared/compare.js';
import { buildTable, measureCosts, SCHEME_SIDE, schemeScenario, SIDE_KEYS, SIDE_SCHEME } from '../../shared/compare.js';
import { ENGINE_VERSION } from '../../shared/engine/engine.js';
import type { Json } from '../../shared/json.js';
import { canonicalJson } from '../../shared/json.js';
import type { Scenario } from '../../shared/scenario.js';
import { parseScenario, ScenarioError } from '../../shared/scenario.js';
import { readRun } from '../../shared/views/folds.js';
import { runScenario } from '../runtime/run.js';
import { columnNotes } from './compare-run.js';
import type { ReportData } from './data.js';
import { COLUMN_NAME, figureLabel, REPORT_DATA_ID, REPORT_FORMAT, reportFigures } from './data.js';
import type { LogEvidence, LogRole } from './evidence.js';
import { checkEmbeddedLog, deriveRun } from './verify-log.js';
import { furtherRuns, runFigurePrefix } from './exercise-report.js';

export class NotAReport extends Error {}

export interface VerifyResult {
  ok: boolean;
  mode: 'real' | 'sim';
  /** How many figures and fields were compared. */
  checked: number;
  differences: string[];
  notes: string[];
  /**
   * Every figure the report states, with the value the re-run (or the log) gives and
   * whether the report states that value everywhere (embedded and shown); empty when the
   * check stopped before the figures (an invalid scenario, no usable log).
   */
  figures: VerifiedFigure[];
}

/** One figure as verify checked it. */
export interface VerifiedFigure {
  key: string;
  /** The figure's name, as the report's table and the differences give it. */
  label: string;
  /** What the re-run (or the embedded log) gives. */
  value: string;
  /** The report states this value wherever it states the figure. */
  ok: boolean;
  /** What the report states instead, where it differs (the embedded value first; "missing" where it states none); null when it holds. */
  stated: string | null;
}

const costShape = z.object({ requestCopiesPerRequest: z.number(), replicaDeliveriesPerRequest: z.number(), executionsPerRequest: z.number() });

const evidenceShape = z.object({
  content: z.enum(['whole', 'parts', 'none']),
  sha256: z.string(),
  eventCount: z.number(),
  embeddedEvents: z.number(),
  embeddedSha256: z.string(),
  compressedBytes: z.number(),
  wholeCompressedBytes: z.number(),
  limitBytes: z.number(),
});

const dataShape = z.object({
  // Format 1 (before the event logs were embedded) is still read, to say what it lacks.
  faultlabReport: z.union([z.literal(1), z.literal(2), z.literal(REPORT_FORMAT)]),
  appVersion: z.string(),
  runVersion: z.string(),
  mode: z.enum(['real', 'sim']),
  seed: z.number(),
  scenario: z.unknown(),
  summary: z.record(z.string(), z.unknown()),
  eventLogSha256: z.string(),
  comparison: z
    .object({
      mapping: z.enum(['drop', 'fold']),
      counterpart: z.unknown(),
      counterpartSummary: z.record(z.string(), z.unknown()).nullable(),
      givenCosts: costShape,
      counterpartCosts: costShape.nullable(),
      // Format 3: the further columns (Raft, PBFT; the others for a Raft or PBFT run).
      columns: z.partialRecord(z.enum(SIDE_KEYS as [SideKey, ...SideKey[]]), z.object({ scenario: z.unknown(), summary: z.record(z.string(), z.unknown()), costs: costShape })).optional(),
    })
    .nullable(),
  figures: z.record(z.string(), z.string()),
  evidence: z.object({ run: evidenceShape, counterpart: evidenceShape.nullable(), columns: z.partialRecord(z.enum(SIDE_KEYS as [SideKey, ...SideKey[]]), evidenceShape).optional() }).optional(),
  predictionWrittenAt: z.string().nullable().optional(),
  runStartedAt: z.string().nullable().optional(),
});

const unescapeHtml = (s: string): string =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d))).replace(/&amp;/g, '&');

/** The report's embedded data, unchecked beyond its shape. */
export function extractReportData(html: string): ReportData {
  const m = new RegExp(`<script type="application/json" id="${REPORT_DATA_ID}">([\\s\\S]*?)</script>`).exec(html);
  if (!m) {
    // The data sits near the end of a report: a file cut short loses its closing tag first.
    if (html.includes(`<script type="application/json" id="${REPORT_DATA_ID}">`)) throw new NotAReport('the report is cut short: its embedded data stops before its end (the file is truncated or damaged)');
    throw new NotAReport('not a Fault Lab report (it has no embedded report data)');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(m[1] ?? '');
  } catch (err) {
    throw new NotAReport(`the report's embedded data is not valid JSON (${(err as Error).message})`);
  }
  const r = dataShape.safeParse(raw);
  if (!r.success) throw new NotAReport(`the report's embedded data is not in Fault Lab's report format (${r.error.issues[0]?.path.join('.') ?? ''}: ${r.error.issues[0]?.message ?? ''})`);
  return raw as ReportData;
}

/** The text of some HTML with its tags removed (a `<` with no `>` after it stays), in one pass. */
function stripTags(html: string): string {
  let out = '';
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    const gt = html.indexOf('>', lt + 1);
    if (gt < 0) break;
    out += html.slice(i, lt);
    i = gt + 1;
  }
  return out + html.slice(i);
}

const FIGURE_ATTRIBUTE = 'data-fl="';
const isWordChar = (c: string): boolean => /\w/.test(c);

/**
 * Every visible figure: the text of each element carrying data-fl="key" (up to the first
 * closing tag of its name). One pass over the HTML whatever it holds: each `<` and `>` is
 * looked for once, and each closing tag's position is indexed by name up front, so crafted
 * HTML (a flood of unclosed tags) costs no more than its length.
 */
export function visibleFigures(html: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  // Where each element's closing tags are, in order; a cursor per name moves forward only.
  const closings = new Map<string, number[]>();
  const closeRe = /<\/([a-z0-9]+)>/g;
  for (let m = closeRe.exec(html); m !== null; m = closeRe.exec(html)) {
    const name = m[1] ?? '';
    const list = closings.get(name) ?? [];
    list.push(m.index);
    closings.set(name, list);
  }
  const cursors = new Map<string, number>();
  const firstClosing = (name: string, from: number): number => {
    const list = closings.get(name);
    if (list === undefined) return -1;
    let c = cursors.get(name) ?? 0;
    while (c < list.length && (list[c] ?? 0) < from) c++;
    cursors.set(name, c);
    return list[c] ?? -1;
  };

  // The tags between two '>' share their end and their last data-fl attribute: both are
  // found once per such stretch, however many '<' it holds.
  let gt = -1;
  let attr = -1; // the last `data-fl="` before gt in its stretch, or -1
  let quote = -1; // the quote closing that attribute's value, or -1
  let nextAttr = html.indexOf(FIGURE_ATTRIBUTE);
  let nextQuote = 0; // the first '"' at or after the last place looked (0: not looked yet)
  let lt = html.indexOf('<');
  while (lt >= 0) {
    if (gt <= lt) {
      const stretchStart = lt;
      gt = html.indexOf('>', lt + 1);
      if (gt < 0) break; // no tag closes after here
      attr = -1;
      // nextAttr is the first attribute at or after the last place looked, kept between stretches.
      if (nextAttr !== -1 && nextAttr < stretchStart) nextAttr = html.indexOf(FIGURE_ATTRIBUTE, stretchStart);
      while (nextAttr !== -1 && nextAttr < gt) {
        attr = nextAttr;
        nextAttr = html.indexOf(FIGURE_ATTRIBUTE, nextAttr + 1);
      }
      if (attr >= 0 && nextQuote !== -1 && nextQuote < attr + FIGURE_ATTRIBUTE.length) nextQuote = html.indexOf('"', attr + FIGURE_ATTRIBUTE.length);
      quote = attr >= 0 && nextQuote !== -1 && nextQuote < gt ? nextQuote : -1;
    }
    const name = /^[a-z0-9]+/.exec(html.slice(lt + 1, Math.min(gt, lt + 33)))?.[0];
    if (name !== undefined && !isWordChar(html.charAt(lt + 1 + name.length)) && attr > lt + name.length && !isWordChar(html.charAt(attr - 1)) && quote > attr + FIGURE_ATTRIBUTE.length) {
      const close = firstClosing(name, gt + 1);
      if (close >= 0) {
        const key = unescapeHtml(html.slice(attr + FIGURE_ATTRIBUTE.length, quote));
        const text = unescapeHtml(stripTags(html.slice(gt + 1, close)));
        out.set(key, [...(out.get(key) ?? []), text]);
        lt = html.indexOf('<', close + name.length + 3);
        continue;
      }
    }
    lt = html.indexOf('<', lt + 1);
  }
  return out;
}

/** Paths where two JSON values differ, "a.b.c: report X, re-run Y" (or "the log gives Y"). */
export function jsonDiff(path: string, reported: unknown, expected: unknown, out: string[], source = 'the re-run'): void {
  if (typeof reported === 'object' && reported !== null && typeof expected === 'object' && expected !== null && Array.isArray(reported) === Array.isArray(expected)) {
    const keys = new Set([...Object.keys(reported), ...Object.keys(expected)]);
    for (const k of keys) jsonDiff(path === '' ? k : `${path}.${k}`, (reported as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], out, source);
    return;
  }
  const a = reported === undefined ? 'missing' : canonicalJson(reported as Json);
  const b = expected === undefined ? 'missing' : canonicalJson(expected as Json);
  if (a !== b) out.push(`${path}: the report says ${a}, ${source} gives ${b}`);
}

function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a as Json) === canonicalJson(b as Json);
}

/**
 * value with its object keys in the order `like` has them (keys `like` lacks last), at
 * every depth. Equal JSON, in another order: the order a run's log recorded its scenario in.
 */
export function inKeyOrderOf<T>(value: T, like: unknown): T {
  if (Array.isArray(value)) return value.map((v, i) => inKeyOrderOf(v, Array.isArray(like) ? like[i] : undefined)) as T;
  if (value === null || typeof value !== 'object') return value;
  const order = like !== null && typeof like === 'object' && !Array.isArray(like) ? Object.keys(like) : [];
  const own = value as Record<string, unknown>;
  const keys = [...order.filter((k) => Object.prototype.hasOwnProperty.call(own, k)), ...Object.keys(own).filter((k) => !order.includes(k))];
  return Object.fromEntries(keys.map((k) => [k, inKeyOrderOf(own[k], (like as Record<string, unknown> | undefined)?.[k])])) as T;
}

/**
 * Re-runs a simulated report's scenario. A run's log records its scenario as the run was
 * given it, and older versions kept a scenario file's key order (replicas, when the file
 * left it out, came last): when the normalised scenario's log is not the report's, the
 * scenario is run again in the report's own key order, and that log is kept if it is.
 */
async function rerun(scenario: Scenario, embedded: unknown, reportedSha: string): Promise<{ run: Awaited<ReturnType<typeof runScenario>>; scenario: Scenario; reordered: boolean }> {
  const run = await runScenario(scenario, 'sim');
  if (run.summary.eventLogSha256 === reportedSha) return { run, scenario, reordered: false };
  const asRecorded = inKeyOrderOf(scenario, embedded);
  if (JSON.stringify(asRecorded) === JSON.stringify(scenario)) return { run, scenario, reordered: false };
  const again = await runScenario(asRecorded, 'sim');
  return again.summary.eventLogSha256 === reportedSha ? { run: again, scenario: asRecorded, reordered: true } : { run, scenario, reordered: false };
}

/**
 * Verifies a report: its run, and for an exercise's report with several runs
 * (exercise-report.ts) every further run's own embedded report, and every figure shown for
 * it against what that run's evidence gives. A further run's differences and notes start
 * with "run N: ", its figures' keys with "runs.N.".
 */
export async function verifyReportHtml(html: string): Promise<VerifyResult> {
  const more = furtherRuns(html);
  if (more === null) return verifyOneReport(html);
  const result = await verifyOneReport(more.main);
  const differences = [...result.differences];
  const notes = [...result.notes];
  const figures = [...result.figures];
  let checked = result.checked;
  const shown = visibleFigures(more.rest);
  const seen = new Set<string>();
  const numbers = more.runs.map((r) => r.run);
  numbers.forEach((n, i) => {
    if (n !== i + 2) differences.push(`run ${n}: the further runs are not numbered 2, 3, … in order (it was edited)`);
  });
  for (const { run, html: inner, problem } of more.runs) {
    const at = `run ${run}: `;
    const prefix = runFigurePrefix(run);
    if (inner === null) {
      differences.push(at + (problem ?? 'its embedded report cannot be read'));
      continue;
    }
    let sub: VerifyResult;
    try {
      sub = await verifyOneReport(inner);
    } catch (err) {
      if (!(err instanceof NotAReport)) throw err;
      differences.push(`${at}its embedded report is not one: ${err.message}`);
      continue;
    }
    checked += sub.checked;
    differences.push(...sub.differences.map((d) => at + d));
    notes.push(...sub.notes.map((n) => at + n));
    const source = sub.mode === 'sim' ? 'the re-run' : 'the log';
    for (const f of sub.figures) {
      const key = prefix + f.key;
      seen.add(key);
      checked += 1;
      const texts = shown.get(key) ?? [];
      const named = `figure "${f.label}" (${key}`;
      if (texts.length === 0) differences.push(`${at}${named}) is missing from the report's text`);
      for (const t of texts) if (t !== f.value) differences.push(`${at}${named}, shown): the report says "${t}", ${source} gives "${f.value}"`);
      const ok = f.ok && texts.length > 0 && texts.every((t) => t === f.value);
      figures.push({ ...f, key, ok, stated: ok ? null : (f.stated ?? texts.find((t) => t !== f.value) ?? 'missing') });
    }
  }
  for (const key of shown.keys()) if (!seen.has(key)) differences.push(`figure (${key}) is shown among the further runs but is not one their evidence gives`);
  if (more.runs.length === 0) differences.push('the report marks further runs but carries none (it was edited)');
  else notes.push(`This report carries ${more.runs.length + 1} runs of the exercise; each was verified, and the figures shown for runs 2 to ${more.runs.length + 1} were checked against their own evidence.`);
  return { ok: differences.length === 0, mode: result.mode, checked, differences, notes, figures };
}

async function verifyOneReport(html: string): Promise<VerifyResult> {
  const data = extractReportData(html);
  const differences: string[] = [];
  const notes: string[] = [];
  let checked = 0;
  let scenario: Scenario;
  try {
    scenario = parseScenario(data.scenario);
  } catch (err) {
    if (err instanceof ScenarioError) return { ok: false, mode: data.mode, checked: 1, differences: [`the embedded scenario is not valid: ${err.problems.join('; ')}`], notes, figures: [] };
    throw err;
  }
  if (!sameJson(scenario, data.scenario)) differences.push('the embedded scenario is not in its complete, normalised form (it was edited)');
  if (data.seed !== scenario.seed) differences.push(`seed: the report says ${data.seed}, its scenario has ${scenario.seed}`);
  if (data.runVersion !== ENGINE_VERSION) notes.push(`The run was recorded by Fault Lab ${data.runVersion}; this is ${ENGINE_VERSION}. A different engine may give a different event log.`);

  const evidence = data.evidence;
  let expectedFigures: Record<string, string>;
  /** What the figures are checked against, in the words of a difference. */
  let source: string;
  let comparison: Comparison | null = null;
  if (data.mode === 'sim') {
    source = 'the re-run';
    const rerunOf = await rerun(scenario, data.scenario, data.eventLogSha256);
    const fresh = rerunOf.run;
    if (rerunOf.reordered) {
      scenario = rerunOf.scenario;
      notes.push("The report's scenario lists its fields in an older order; it was re-run in that order, as its log recorded it.");
    }
    const diffs: string[] = [];
    jsonDiff('summary', data.summary, fresh.summary, diffs);
    checked += Object.keys(data.summary).length;
    differences.push(...diffs);
    checked += 1;
    if (data.eventLogSha256 !== fresh.summary.eventLogSha256) differences.push(`eventLogSha256: the report says ${data.eventLogSha256}, the re-run's event log hashes to ${fresh.summary.eventLogSha256}`);
    // The embedded log must be the re-run's, line for line.
    const logs = [checkEmbeddedLog(html, 'run', evidence?.run, { what: 'the run', summarySha: fresh.summary.eventLogSha256, scenario, mode: 'sim', reference: fresh.events })];
    let others: ColumnSpec[] = [];
    if (data.comparison) {
      const c = data.comparison;
      others = columnSpecs(data, scenario, differences);
      checked += others.length;
      const givenCosts = measureCosts(fresh.events);
      const sides: Partial<Cells<CompareSide>> = { [SCHEME_SIDE[scenario.scheme]]: { scenario: fresh.scenario, summary: fresh.summary, costs: givenCosts } };
      const cdiffs: string[] = [];
      for (const col of others) {
        const derived = schemeScenario(scenario, SIDE_SCHEME[col.key], c.mapping).scenario;
        if (!sameJson(derived, col.reported.scenario)) cdiffs.push(col.scenarioEdited);
        const other = await runScenario(derived, 'sim');
        const costs = measureCosts(other.events);
        jsonDiff(col.summaryPath, col.reported.summary, other.summary, cdiffs);
        if (col.partner) jsonDiff('comparison.givenCosts', c.givenCosts, givenCosts, cdiffs);
        jsonDiff(col.costsPath, col.reported.costs, costs, cdiffs);
        logs.push(checkEmbeddedLog(html, col.role, col.evidence, { what: col.what, summarySha: other.summary.eventLogSha256, scenario: other.scenario, mode: 'sim', reference: other.events }));
        sides[col.key] = { scenario: other.scenario, summary: other.summary, costs };
      }
      if (!others.some((col) => col.partner)) jsonDiff('comparison.givenCosts', c.givenCosts, givenCosts, cdiffs);
      differences.push(...cdiffs);
      comparison = tableOf(sides, scenario, others, c.mapping, differences);
    }
    // A report made before logs were embedded is checked by its re-run alone.
    if (evidence) {
      for (const l of logs) {
        checked += l.checked;
        differences.push(...l.differences);
        notes.push(...l.notes);
      }
    }
    expectedFigures = reportFigures(readRun(fresh.events, fresh.summary), comparison, data.faultlabReport);
    const also = others.length === 0 ? '' : others.length === 1 && others[0]?.partner ? ' and its counterpart under the other scheme' : ` and its comparison's other columns (${others.map((col) => COLUMN_NAME[col.key]).join(', ')})`;
    notes.push(`Re-ran the scenario in simulation (seed ${scenario.seed})${also}${evidence ? (others.some((col) => !col.partner) ? ", and checked every embedded event log against its re-run's" : ", and checked the embedded event log against the re-run's") : ''}.`);
  } else {
    source = 'the log';
    if (!evidence) {
      differences.push('this report of a real-process run was made by an older Fault Lab (report format 1) that did not embed the event log: its outcome figures cannot be checked; export the report again');
      return { ok: false, mode: data.mode, checked: checked + 1, differences, notes, figures: [] };
    }
    // A real run is not reproducible: every figure is re-derived from the log it embeds.
    const reported = data.summary as unknown as RunSummary;
    const given = checkEmbeddedLog(html, 'run', evidence.run, { what: 'the run', summarySha: reported.eventLogSha256, scenario, mode: 'real' });
    checked += given.checked;
    differences.push(...given.differences);
    notes.push(...given.notes);
    if (data.eventLogSha256 !== reported.eventLogSha256) differences.push(`eventLogSha256: the report says ${data.eventLogSha256}, its summary says ${reported.eventLogSha256}`);
    if (given.events === null) return { ok: false, mode: data.mode, checked, differences: differences.length > 0 ? differences : ['the run\'s figures could not be re-derived: the report embeds no usable event log'], notes, figures: [] };
    const run = derive(given.events, given.whole, reported, data.comparison?.givenCosts ?? null, differences);
    if (run === null) return { ok: false, mode: data.mode, checked, differences, notes, figures: [] };
    const diffs: string[] = [];
    jsonDiff('summary', data.summary, run.summary, diffs, 'the log');
    checked += Object.keys(data.summary).length;
    differences.push(...diffs);
    const notDerived = [...run.notDerived];
    if (data.comparison) {
      const c = data.comparison;
      const others = columnSpecs(data, scenario, differences);
      checked += others.length;
      const sides: Partial<Cells<CompareSide>> = { [SCHEME_SIDE[scenario.scheme]]: { scenario, summary: run.summary, costs: run.costs } };
      const cdiffs: string[] = [];
      for (const col of others) {
        const derived = schemeScenario(scenario, SIDE_SCHEME[col.key], c.mapping).scenario;
        if (!sameJson(derived, col.reported.scenario)) differences.push(col.scenarioEdited);
        const reportedSummary = (col.reported.summary ?? {}) as unknown as RunSummary;
        const otherLog = checkEmbeddedLog(html, col.role, col.evidence, { what: col.what, summarySha: reportedSummary.eventLogSha256, scenario: derived, mode: 'real' });
        checked += otherLog.checked;
        differences.push(...otherLog.differences);
        notes.push(...otherLog.notes);
        const reportedCosts = (col.reported.costs ?? null) as CostFigures | null;
        const other = otherLog.events === null ? null : derive(otherLog.events, otherLog.whole, reportedSummary, reportedCosts, differences);
        if (other === null) return { ok: false, mode: data.mode, checked, differences: differences.length > 0 ? differences : [`${col.what} could not be re-derived: the report embeds no usable event log for it`], notes, figures: [] };
        jsonDiff(col.summaryPath, col.reported.summary, other.summary, cdiffs, 'the log');
        if (col.partner) jsonDiff('comparison.givenCosts', c.givenCosts, run.costs, cdiffs, 'the log');
        jsonDiff(col.costsPath, col.reported.costs, other.costs, cdiffs, 'the log');
        notDerived.push(...other.notDerived.map((f) => `${f} (${col.partner ? 'the other run' : `the ${COLUMN_NAME[col.key]} run`})`));
        sides[col.key] = { scenario: derived, summary: other.summary, costs: other.costs };
      }
      if (!others.some((col) => col.partner)) jsonDiff('comparison.givenCosts', c.givenCosts, run.costs, cdiffs, 'the log');
      differences.push(...cdiffs);
      comparison = tableOf(sides, scenario, others, c.mapping, differences);
    }
    expectedFigures = reportFigures({ summary: run.summary, requests: run.requests, events: run.events }, comparison, data.faultlabReport);
    notes.push(
      `This report is of a run with real processes, which cannot be re-run: every figure was re-derived from the event log embedded in it${data.comparison ? ' (and the other runs\', for the comparison)' : ''}.` +
        (notDerived.length > 0 ? ` Not re-derived, because only part of the log is embedded: ${[...new Set(notDerived)].join(', ')} (taken from the report as it states them).` : ''),
    );
  }

  // The embedded figures, then the visible ones, against what the re-run (or the log) gives.
  const named = (key: string): string => `figure "${figureLabel(key, comparison)}" (${key}`;
  for (const [key, value] of Object.entries(expectedFigures)) {
    checked += 1;
    const embedded = data.figures[key];
    if (embedded === undefined) differences.push(`${named(key)}) is missing from the embedded data`);
    else if (embedded !== value) differences.push(`${named(key)}, embedded): the report says "${embedded}", ${source} gives "${value}"`);
  }
  for (const key of Object.keys(data.figures)) if (!(key in expectedFigures)) differences.push(`${named(key)}, embedded) is not one ${source} gives`);
  const visible = visibleFigures(html);
  for (const [key, value] of Object.entries(expectedFigures)) {
    checked += 1;
    const shown = visible.get(key);
    if (!shown) differences.push(`${named(key)}) is missing from the report's text`);
    else for (const s of shown) if (s !== value) differences.push(`${named(key)}, shown): the report says "${s}", ${source} gives "${value}"`);
  }
  for (const key of visible.keys()) if (!(key in expectedFigures)) differences.push(`${named(key)}) is shown but is not one ${source} gives`);
  const figures = Object.entries(expectedFigures).map(([key, value]): VerifiedFigure => {
    const shown = visible.get(key) ?? [];
    const ok = data.figures[key] === value && shown.length > 0 && shown.every((x) => x === value);
    const other = [data.figures[key], ...shown].find((x) => x !== value);
    return { key, label: figureLabel(key, comparison), value, ok, stated: ok ? null : (other ?? 'missing') };
  });
  return { ok: differences.length === 0, mode: data.mode, checked, differences, notes, figures };
}

/** A run re-derived from its embedded log; null (with the reason among the differences) when the log cannot be analysed. */
function derive(events: Parameters<typeof deriveRun>[0], whole: boolean, summary: RunSummary, costs: CostFigures | null, differences: string[]): ReturnType<typeof deriveRun> | null {
  try {
    return deriveRun(events, whole, { summary, costs });
  } catch (err) {
    differences.push(`the embedded event log cannot be analysed (${(err as Error).message}): it was edited`);
    return null;
  }
}

/** One column of a report's comparison besides the run's own, as the report records it. */
interface ColumnSpec {
  key: SideKey;
  /** The trusted pair's other run (`comparison.counterpart`), as every format records it. */
  partner: boolean;
  role: LogRole;
  what: string;
  summaryPath: string;
  costsPath: string;
  scenarioEdited: string;
  reported: { scenario: unknown; summary: unknown; costs: unknown };
  evidence: LogEvidence | null | undefined;
}

/**
 * The comparison's columns the report records: the trusted pair's other run (for a
 * state-machine or primary-backup run) and every further column, in the table's order.
 * A column where the run's scheme says there should be none, or none where there should
 * be one, is a difference.
 */
function columnSpecs(data: ReportData, scenario: Scenario, differences: string[]): ColumnSpec[] {
  const c = data.comparison;
  if (!c) return [];
  const givenKey = SCHEME_SIDE[scenario.scheme];
  const partner = givenKey === 'smr' ? 'pb' : givenKey === 'pb' ? 'smr' : null;
  const out: ColumnSpec[] = [];
  const columns = c.columns ?? {};
  for (const key of SIDE_KEYS) {
    if (key === givenKey) continue;
    if (key === partner) {
      if (c.counterpart === null || c.counterpartSummary === null) {
        differences.push(`comparison: the ${COLUMN_NAME[key]} run (the counterpart) is missing from the embedded data`);
        continue;
      }
      out.push({
        key, partner: true, role: 'counterpart', what: "the comparison's other run",
        summaryPath: 'comparison.counterpartSummary', costsPath: 'comparison.counterpartCosts',
        scenarioEdited: 'comparison: the embedded counterpart scenario is not the one derived from the scenario (it was edited)',
        reported: { scenario: c.counterpart, summary: c.counterpartSummary, costs: c.counterpartCosts },
        evidence: data.evidence?.counterpart,
      });
      continue;
    }
    const col = columns[key];
    if (!col) continue;
    out.push({
      key, partner: false, role: `column-${key}`, what: `the comparison's ${COLUMN_NAME[key]} run`,
      summaryPath: `comparison.columns.${key}.summary`, costsPath: `comparison.columns.${key}.costs`,
      scenarioEdited: `comparison: the embedded ${COLUMN_NAME[key]} scenario is not the one derived from the scenario (it was edited)`,
      reported: col, evidence: data.evidence?.columns?.[key],
    });
  }
  if (partner === null && (c.counterpart !== null || c.counterpartSummary !== null)) differences.push(`comparison: a ${COLUMN_NAME[givenKey]} run has no trusted counterpart, yet the report records one (it was edited)`);
  for (const key of Object.keys(columns)) if (key === givenKey || key === partner) differences.push(`comparison: the ${COLUMN_NAME[key as SideKey]} column is recorded twice (it was edited)`);
  return out;
}

/** The comparison table from its re-run (or re-derived) columns; null, with the reason among the differences, when it lacks one the table needs. */
function tableOf(sides: Partial<Cells<CompareSide>>, scenario: Scenario, others: readonly ColumnSpec[], mapping: FaultMapping, differences: string[]): Comparison | null {
  const { smr, pb } = sides;
  if (!smr || !pb) {
    differences.push('comparison: the table needs a state-machine and a primary-backup column, and the report lacks one');
    return null;
  }
  return buildTable({ ...sides, smr, pb }, scenario.scheme, columnNotes(scenario, [SCHEME_SIDE[scenario.scheme], ...others.map((o) => o.key)], mapping));
}
