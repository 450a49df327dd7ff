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
import { buildTable, columnNotes, comparisonIn, measureCosts, SCHEME_SIDE, schemeScenario, SIDE_KEYS, SIDE_SCHEME } from '../../shared/compare.js';
import { ENGINE_VERSION } from '../../shared/engine/engine.js';
import type { Json } from '../../shared/json.js';
import { canonicalJson } from '../../shared/json.js';
import type { Scenario } from '../../shared/scenario.js';
import { parseScenario, ScenarioError } from '../../shared/scenario.js';
import { readRun } from '../../shared/views/folds.js';
import { runScenario } from '../runtime/run.js';
import type { ReportData } from './data.js';
import { figureLabel, REPORT_DATA_ID, REPORT_FORMAT, reportFigures } from './data.js';
import type { LogEvidence, LogRole } from './evidence.js';
import { checkEmbeddedLog, deriveRun } from './verify-log.js';
import { furtherRuns, runFigurePrefix } from './exercise-report.js';
import type { Lang } from '../../shared/describe.js';
import type { Source, VerifyWords } from './verify-words.js';
import { VERIFY_WORDS } from './verify-words.js';

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
export function extractReportData(html: string, lang: Lang = 'en'): ReportData {
  const w = VERIFY_WORDS[lang].notAReport;
  const m = new RegExp(`<script type="application/json" id="${REPORT_DATA_ID}">([\\s\\S]*?)</script>`).exec(html);
  if (!m) {
    // The data sits near the end of a report: a file cut short loses its closing tag first.
    if (html.includes(`<script type="application/json" id="${REPORT_DATA_ID}">`)) throw new NotAReport(w.cutShort);
    throw new NotAReport(w.noData);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(m[1] ?? '');
  } catch (err) {
    throw new NotAReport(w.notJson((err as Error).message));
  }
  const r = dataShape.safeParse(raw);
  if (!r.success) throw new NotAReport(w.notFormat(r.error.issues[0]?.path.join('.') ?? '', r.error.issues[0]?.message ?? ''));
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

/** Paths where two JSON values differ, "a.b.c: report X, re-run Y" (or "the log gives Y"), in `lang`. */
/**
 * Summary fields added to the contract after reports were already handed in (optional, and
 * absent from a report made before them): a report without one is not told it is missing.
 * Stated, it is held to the log like any other.
 */
const LATER_SUMMARY_FIELDS: ReadonlySet<string> = new Set(['suspicionsWithoutFault']);

export function jsonDiff(path: string, reported: unknown, expected: unknown, out: string[], source: Source = 'rerun', lang: Lang = 'en'): void {
  if (reported === undefined && LATER_SUMMARY_FIELDS.has(path.slice(path.lastIndexOf('.') + 1))) return;
  if (typeof reported === 'object' && reported !== null && typeof expected === 'object' && expected !== null && Array.isArray(reported) === Array.isArray(expected)) {
    const keys = new Set([...Object.keys(reported), ...Object.keys(expected)]);
    for (const k of keys) jsonDiff(path === '' ? k : `${path}.${k}`, (reported as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], out, source, lang);
    return;
  }
  const w = VERIFY_WORDS[lang];
  const a = reported === undefined ? w.missing : canonicalJson(reported as Json);
  const b = expected === undefined ? w.missing : canonicalJson(expected as Json);
  if (a !== b) out.push(w.says(path, a, source, b));
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
 * with "run N: ", its figures' keys with "runs.N.". Differences, notes and figure labels are
 * in `lang` (the reader's); the report's own language decides what its text must say.
 */
export async function verifyReportHtml(html: string, lang: Lang = 'en'): Promise<VerifyResult> {
  const w = VERIFY_WORDS[lang];
  const more = furtherRuns(html, lang);
  if (more === null) return verifyOneReport(html, lang);
  const result = await verifyOneReport(more.main, lang);
  const differences = [...result.differences];
  const notes = [...result.notes];
  const figures = [...result.figures];
  let checked = result.checked;
  const shown = visibleFigures(more.rest);
  const seen = new Set<string>();
  const numbers = more.runs.map((r) => r.run);
  numbers.forEach((n, i) => {
    if (n !== i + 2) differences.push(w.runPrefix(n) + w.runsOutOfOrder);
  });
  for (const { run, html: inner, problem } of more.runs) {
    const at = w.runPrefix(run);
    const prefix = runFigurePrefix(run);
    if (inner === null) {
      differences.push(at + (problem ?? w.embeddedUnreadable));
      continue;
    }
    let sub: VerifyResult;
    try {
      sub = await verifyOneReport(inner, lang);
    } catch (err) {
      if (!(err instanceof NotAReport)) throw err;
      differences.push(at + w.embeddedNotReport(err.message));
      continue;
    }
    checked += sub.checked;
    differences.push(...sub.differences.map((d) => at + d));
    notes.push(...sub.notes.map((n) => at + n));
    const source: Source = sub.mode === 'sim' ? 'rerun' : 'log';
    for (const f of sub.figures) {
      const key = prefix + f.key;
      seen.add(key);
      checked += 1;
      const texts = shown.get(key) ?? [];
      const named = w.figure(f.label, key);
      if (texts.length === 0) differences.push(at + w.figureMissing(named, 'text'));
      for (const t of texts) if (t !== f.value) differences.push(at + w.figureSays(named, 'shown', t, source, f.value));
      const ok = f.ok && texts.length > 0 && texts.every((t) => t === f.value);
      figures.push({ ...f, key, ok, stated: ok ? null : (f.stated ?? texts.find((t) => t !== f.value) ?? w.missing) });
    }
  }
  for (const key of shown.keys()) if (!seen.has(key)) differences.push(w.shownAmongFurther(key));
  if (more.runs.length === 0) differences.push(w.noFurtherRuns);
  else notes.push(w.furtherRunsNote(more.runs.length + 1));
  return { ok: differences.length === 0, mode: result.mode, checked, differences, notes, figures };
}

async function verifyOneReport(html: string, lang: Lang): Promise<VerifyResult> {
  const w = VERIFY_WORDS[lang];
  const data = extractReportData(html, lang);
  // The report's text is in its own language: its comparison's cells are checked in it.
  const reportLang: Lang = data.lang ?? 'en';
  const differences: string[] = [];
  const notes: string[] = [];
  let checked = 0;
  let scenario: Scenario;
  try {
    scenario = parseScenario(data.scenario);
  } catch (err) {
    if (err instanceof ScenarioError) return { ok: false, mode: data.mode, checked: 1, differences: [w.scenarioInvalid(err.problems.join('; '))], notes, figures: [] };
    throw err;
  }
  if (!sameJson(scenario, data.scenario)) differences.push(w.scenarioNotNormal);
  if (data.seed !== scenario.seed) differences.push(w.seedDiffers(data.seed, scenario.seed));
  if (data.runVersion !== ENGINE_VERSION) notes.push(w.engineVersion(data.runVersion, ENGINE_VERSION));

  const evidence = data.evidence;
  let expectedFigures: Record<string, string>;
  /**
   * A Korean report's comparison in English, cell by cell: Fault Lab wrote a Korean report's
   * table in English before 2 December 2026 (same report format), and such a cell states the
   * same measured fact.
   */
  let englishFigures: Record<string, string> | null = null;
  /** What the figures are checked against. */
  let source: Source;
  let comparison: Comparison | null = null;
  if (data.mode === 'sim') {
    source = 'rerun';
    const rerunOf = await rerun(scenario, data.scenario, data.eventLogSha256);
    const fresh = rerunOf.run;
    if (rerunOf.reordered) {
      scenario = rerunOf.scenario;
      notes.push(w.reordered);
    }
    const diffs: string[] = [];
    jsonDiff('summary', data.summary, fresh.summary, diffs, 'rerun', lang);
    checked += Object.keys(data.summary).length;
    differences.push(...diffs);
    checked += 1;
    if (data.eventLogSha256 !== fresh.summary.eventLogSha256) differences.push(w.rerunHash(data.eventLogSha256, fresh.summary.eventLogSha256));
    // The embedded log must be the re-run's, line for line.
    const logs = [checkEmbeddedLog(html, 'run', evidence?.run, { what: w.what({ kind: 'run' }), summarySha: fresh.summary.eventLogSha256, scenario, mode: 'sim', reference: fresh.events }, lang)];
    let others: ColumnSpec[] = [];
    if (data.comparison) {
      const c = data.comparison;
      others = columnSpecs(data, scenario, differences, w);
      checked += others.length;
      const givenCosts = measureCosts(fresh.events);
      const sides: Partial<Cells<CompareSide>> = { [SCHEME_SIDE[scenario.scheme]]: { scenario: fresh.scenario, summary: fresh.summary, costs: givenCosts } };
      const cdiffs: string[] = [];
      for (const col of others) {
        const derived = schemeScenario(scenario, SIDE_SCHEME[col.key], c.mapping).scenario;
        if (!sameJson(derived, col.reported.scenario)) cdiffs.push(col.scenarioEdited);
        const other = await runScenario(derived, 'sim');
        const costs = measureCosts(other.events);
        jsonDiff(col.summaryPath, col.reported.summary, other.summary, cdiffs, 'rerun', lang);
        if (col.partner) jsonDiff('comparison.givenCosts', c.givenCosts, givenCosts, cdiffs, 'rerun', lang);
        jsonDiff(col.costsPath, col.reported.costs, costs, cdiffs, 'rerun', lang);
        logs.push(checkEmbeddedLog(html, col.role, col.evidence, { what: col.what, summarySha: other.summary.eventLogSha256, scenario: other.scenario, mode: 'sim', reference: other.events }, lang));
        sides[col.key] = { scenario: other.scenario, summary: other.summary, costs };
      }
      if (!others.some((col) => col.partner)) jsonDiff('comparison.givenCosts', c.givenCosts, givenCosts, cdiffs, 'rerun', lang);
      differences.push(...cdiffs);
      comparison = tableOf(sides, scenario, others, c.mapping, differences, w, reportLang);
    }
    // A report made before logs were embedded is checked by its re-run alone.
    if (evidence) {
      for (const l of logs) {
        checked += l.checked;
        differences.push(...l.differences);
        notes.push(...l.notes);
      }
    }
    const read = readRun(fresh.events, fresh.summary);
    expectedFigures = reportFigures(read, comparison, data.faultlabReport);
    if (comparison && reportLang !== 'en' && data.comparison) englishFigures = reportFigures(read, comparisonIn(comparison, 'en', data.comparison.mapping), data.faultlabReport);
    notes.push(
      w.rerunNote({
        seed: scenario.seed,
        also: others.length === 0 ? 'none' : others.length === 1 && others[0]?.partner ? 'counterpart' : 'columns',
        columns: others.map((col) => w.column(col.key)).join(', '),
        evidence: !evidence ? 'none' : others.some((col) => !col.partner) ? 'all' : 'one',
      }),
    );
  } else {
    source = 'log';
    if (!evidence) {
      differences.push(w.formatOne);
      return { ok: false, mode: data.mode, checked: checked + 1, differences, notes, figures: [] };
    }
    // A real run is not reproducible: every figure is re-derived from the log it embeds.
    const reported = data.summary as unknown as RunSummary;
    const given = checkEmbeddedLog(html, 'run', evidence.run, { what: w.what({ kind: 'run' }), summarySha: reported.eventLogSha256, scenario, mode: 'real' }, lang);
    checked += given.checked;
    differences.push(...given.differences);
    notes.push(...given.notes);
    if (data.eventLogSha256 !== reported.eventLogSha256) differences.push(w.summaryHash(data.eventLogSha256, reported.eventLogSha256));
    if (given.events === null) return { ok: false, mode: data.mode, checked, differences: differences.length > 0 ? differences : [w.noUsableLog], notes, figures: [] };
    const run = derive(given.events, given.whole, reported, data.comparison?.givenCosts ?? null, differences, lang);
    if (run === null) return { ok: false, mode: data.mode, checked, differences, notes, figures: [] };
    const diffs: string[] = [];
    jsonDiff('summary', data.summary, run.summary, diffs, 'log', lang);
    checked += Object.keys(data.summary).length;
    differences.push(...diffs);
    const notDerived = [...run.notDerived];
    if (data.comparison) {
      const c = data.comparison;
      const others = columnSpecs(data, scenario, differences, w);
      checked += others.length;
      const sides: Partial<Cells<CompareSide>> = { [SCHEME_SIDE[scenario.scheme]]: { scenario, summary: run.summary, costs: run.costs } };
      const cdiffs: string[] = [];
      for (const col of others) {
        const derived = schemeScenario(scenario, SIDE_SCHEME[col.key], c.mapping).scenario;
        if (!sameJson(derived, col.reported.scenario)) differences.push(col.scenarioEdited);
        const reportedSummary = (col.reported.summary ?? {}) as unknown as RunSummary;
        const otherLog = checkEmbeddedLog(html, col.role, col.evidence, { what: col.what, summarySha: reportedSummary.eventLogSha256, scenario: derived, mode: 'real' }, lang);
        checked += otherLog.checked;
        differences.push(...otherLog.differences);
        notes.push(...otherLog.notes);
        const reportedCosts = (col.reported.costs ?? null) as CostFigures | null;
        const other = otherLog.events === null ? null : derive(otherLog.events, otherLog.whole, reportedSummary, reportedCosts, differences, lang);
        if (other === null) return { ok: false, mode: data.mode, checked, differences: differences.length > 0 ? differences : [w.columnNoUsableLog(col.what)], notes, figures: [] };
        jsonDiff(col.summaryPath, col.reported.summary, other.summary, cdiffs, 'log', lang);
        if (col.partner) jsonDiff('comparison.givenCosts', c.givenCosts, run.costs, cdiffs, 'log', lang);
        jsonDiff(col.costsPath, col.reported.costs, other.costs, cdiffs, 'log', lang);
        notDerived.push(...other.notDerived.map((f) => w.notDerivedOf(f, col.runName)));
        sides[col.key] = { scenario: derived, summary: other.summary, costs: other.costs };
      }
      if (!others.some((col) => col.partner)) jsonDiff('comparison.givenCosts', c.givenCosts, run.costs, cdiffs, 'log', lang);
      differences.push(...cdiffs);
      comparison = tableOf(sides, scenario, others, c.mapping, differences, w, reportLang);
    }
    const read = { summary: run.summary, requests: run.requests, events: run.events };
    expectedFigures = reportFigures(read, comparison, data.faultlabReport);
    if (comparison && reportLang !== 'en' && data.comparison) englishFigures = reportFigures(read, comparisonIn(comparison, 'en', data.comparison.mapping), data.faultlabReport);
    notes.push(w.realNote(data.comparison !== null, [...new Set(notDerived)]));
  }

  // The embedded figures, then the visible ones, against what the re-run (or the log) gives.
  const named = (key: string): string => w.figure(figureLabel(key, lang), key);
  const englishCells = new Set<string>();
  const holds = (key: string, stated: string | undefined, value: string): boolean => {
    if (stated === value) return true;
    if (stated === undefined || englishFigures === null || !key.startsWith('compare.') || englishFigures[key] !== stated) return false;
    englishCells.add(key);
    return true;
  };
  for (const [key, value] of Object.entries(expectedFigures)) {
    checked += 1;
    const embedded = data.figures[key];
    if (embedded === undefined) differences.push(w.figureMissing(named(key), 'embedded'));
    else if (!holds(key, embedded, value)) differences.push(w.figureSays(named(key), 'embedded', embedded, source, value));
  }
  for (const key of Object.keys(data.figures)) if (!(key in expectedFigures)) differences.push(w.figureNotGiven(named(key), 'embedded', source));
  const visible = visibleFigures(html);
  for (const [key, value] of Object.entries(expectedFigures)) {
    checked += 1;
    const shown = visible.get(key);
    if (!shown) differences.push(w.figureMissing(named(key), 'text'));
    else for (const s of shown) if (!holds(key, s, value)) differences.push(w.figureSays(named(key), 'shown', s, source, value));
  }
  for (const key of visible.keys()) if (!(key in expectedFigures)) differences.push(w.figureNotGiven(named(key), 'shown', source));
  if (englishCells.size > 0) notes.push(w.englishCells(englishCells.size));
  const figures = Object.entries(expectedFigures).map(([key, value]): VerifiedFigure => {
    const shown = visible.get(key) ?? [];
    const ok = holds(key, data.figures[key], value) && shown.length > 0 && shown.every((x) => holds(key, x, value));
    const other = [data.figures[key], ...shown].find((x) => x !== value);
    return { key, label: figureLabel(key, lang), value, ok, stated: ok ? null : (other ?? w.missing) };
  });
  return { ok: differences.length === 0, mode: data.mode, checked, differences, notes, figures };
}

/** A run re-derived from its embedded log; null (with the reason among the differences) when the log cannot be analysed. */
function derive(events: Parameters<typeof deriveRun>[0], whole: boolean, summary: RunSummary, costs: CostFigures | null, differences: string[], lang: Lang): ReturnType<typeof deriveRun> | null {
  try {
    return deriveRun(events, whole, { summary, costs }, lang);
  } catch (err) {
    differences.push(VERIFY_WORDS[lang].cannotAnalyse((err as Error).message));
    return null;
  }
}

/** One column of a report's comparison besides the run's own, as the report records it. */
interface ColumnSpec {
  key: SideKey;
  /** The trusted pair's other run (`comparison.counterpart`), as every format records it. */
  partner: boolean;
  role: LogRole;
  /** The run, as the start of a difference about its log. */
  what: string;
  /** The run, in a list of what could not be re-derived. */
  runName: string;
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
function columnSpecs(data: ReportData, scenario: Scenario, differences: string[], w: VerifyWords): ColumnSpec[] {
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
        differences.push(w.counterpartMissing(w.column(key)));
        continue;
      }
      out.push({
        key, partner: true, role: 'counterpart', what: w.what({ kind: 'counterpart' }), runName: w.runName(null),
        summaryPath: 'comparison.counterpartSummary', costsPath: 'comparison.counterpartCosts',
        scenarioEdited: w.scenarioEdited(null),
        reported: { scenario: c.counterpart, summary: c.counterpartSummary, costs: c.counterpartCosts },
        evidence: data.evidence?.counterpart,
      });
      continue;
    }
    const col = columns[key];
    if (!col) continue;
    out.push({
      key, partner: false, role: `column-${key}`, what: w.what({ kind: 'column', column: key }), runName: w.runName(key),
      summaryPath: `comparison.columns.${key}.summary`, costsPath: `comparison.columns.${key}.costs`,
      scenarioEdited: w.scenarioEdited(w.column(key)),
      reported: col, evidence: data.evidence?.columns?.[key],
    });
  }
  if (partner === null && (c.counterpart !== null || c.counterpartSummary !== null)) differences.push(w.noTrustedCounterpart(w.column(givenKey)));
  for (const key of Object.keys(columns)) if (key === givenKey || key === partner) differences.push(w.columnTwice(w.column(key as SideKey)));
  return out;
}

/**
 * The comparison table from its re-run (or re-derived) columns, worded in the report's
 * language (`reportLang`: its cells are figures the report states); null, with the reason
 * among the differences, when it lacks one the table needs.
 */
function tableOf(sides: Partial<Cells<CompareSide>>, scenario: Scenario, others: readonly ColumnSpec[], mapping: FaultMapping, differences: string[], w: VerifyWords, reportLang: Lang): Comparison | null {
  const { smr, pb } = sides;
  if (!smr || !pb) {
    differences.push(w.tableLacksColumn);
    return null;
  }
  return buildTable({ ...sides, smr, pb }, scenario.scheme, { ...columnNotes(scenario, [SCHEME_SIDE[scenario.scheme], ...others.map((o) => o.key)], mapping, reportLang), lang: reportLang });
}
