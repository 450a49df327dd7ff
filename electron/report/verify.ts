/**
 * `faultlab verify`: re-runs a report's embedded scenario in simulation and checks what
 * the report states: the embedded summary (field by field, the event log's SHA-256
 * included), the embedded comparison, and every visible figure (each `data-fl` element of
 * the HTML) against the figures the re-run gives. A simulated run is a pure function of
 * its scenario and seed, so an untouched simulated report verifies exactly and an edited
 * figure shows up as a difference. A real-mode run cannot be reproduced: for it, the
 * visible figures are checked against the embedded data and the configuration against a
 * simulated re-run, and the result says so.
 */
import { z } from 'zod';
import type { RunSummary } from '../../shared/analysis/summary.js';
import type { Comparison } from '../../shared/compare.js';
import { buildComparison, counterpartScenario, measureCosts } from '../../shared/compare.js';
import { ENGINE_VERSION } from '../../shared/engine/engine.js';
import type { Json } from '../../shared/json.js';
import { canonicalJson } from '../../shared/json.js';
import type { Scenario } from '../../shared/scenario.js';
import { parseScenario, ScenarioError } from '../../shared/scenario.js';
import { logFigureKeys } from '../../shared/views/figures.js';
import { readRun } from '../../shared/views/folds.js';
import { runScenario } from '../runtime/run.js';
import type { ReportData } from './data.js';
import { REPORT_DATA_ID, REPORT_FORMAT, reportFigures } from './data.js';

export class NotAReport extends Error {}

export interface VerifyResult {
  ok: boolean;
  mode: 'real' | 'sim';
  /** How many figures and fields were compared. */
  checked: number;
  differences: string[];
  notes: string[];
}

const costShape = z.object({ requestCopiesPerRequest: z.number(), replicaDeliveriesPerRequest: z.number(), executionsPerRequest: z.number() });

const dataShape = z.object({
  faultlabReport: z.literal(REPORT_FORMAT),
  appVersion: z.string(),
  runVersion: z.string(),
  mode: z.enum(['real', 'sim']),
  seed: z.number(),
  scenario: z.unknown(),
  summary: z.record(z.string(), z.unknown()),
  eventLogSha256: z.string(),
  comparison: z
    .object({ mapping: z.enum(['drop', 'fold']), counterpart: z.unknown(), counterpartSummary: z.record(z.string(), z.unknown()), givenCosts: costShape, counterpartCosts: costShape })
    .nullable(),
  figures: z.record(z.string(), z.string()),
});

const unescapeHtml = (s: string): string =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d))).replace(/&amp;/g, '&');

/** The report's embedded data, unchecked beyond its shape. */
export function extractReportData(html: string): ReportData {
  const m = new RegExp(`<script type="application/json" id="${REPORT_DATA_ID}">([\\s\\S]*?)</script>`).exec(html);
  if (!m) throw new NotAReport('not a Fault Lab report (it has no embedded report data)');
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

/** Every visible figure: the text of each element carrying data-fl="key". */
export function visibleFigures(html: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const re = /<([a-z0-9]+)\b[^>]*\bdata-fl="([^"]+)"[^>]*>([\s\S]*?)<\/\1>/g;
  for (let m = re.exec(html); m !== null; m = re.exec(html)) {
    const key = unescapeHtml(m[2] ?? '');
    const text = unescapeHtml((m[3] ?? '').replace(/<[^>]*>/g, ''));
    out.set(key, [...(out.get(key) ?? []), text]);
  }
  return out;
}

/** Paths where two JSON values differ, "a.b.c: report X, re-run Y". */
export function jsonDiff(path: string, reported: unknown, expected: unknown, out: string[]): void {
  if (typeof reported === 'object' && reported !== null && typeof expected === 'object' && expected !== null && Array.isArray(reported) === Array.isArray(expected)) {
    const keys = new Set([...Object.keys(reported), ...Object.keys(expected)]);
    for (const k of keys) jsonDiff(path === '' ? k : `${path}.${k}`, (reported as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], out);
    return;
  }
  const a = reported === undefined ? 'missing' : canonicalJson(reported as Json);
  const b = expected === undefined ? 'missing' : canonicalJson(expected as Json);
  if (a !== b) out.push(`${path}: the report says ${a}, the re-run gives ${b}`);
}

function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a as Json) === canonicalJson(b as Json);
}

export async function verifyReportHtml(html: string): Promise<VerifyResult> {
  const data = extractReportData(html);
  const differences: string[] = [];
  const notes: string[] = [];
  let checked = 0;
  let scenario: Scenario;
  try {
    scenario = parseScenario(data.scenario);
  } catch (err) {
    if (err instanceof ScenarioError) return { ok: false, mode: data.mode, checked: 1, differences: [`the embedded scenario is not valid: ${err.problems.join('; ')}`], notes };
    throw err;
  }
  if (!sameJson(scenario, data.scenario)) differences.push('the embedded scenario is not in its complete, normalised form (it was edited)');
  if (data.seed !== scenario.seed) differences.push(`seed: the report says ${data.seed}, its scenario has ${scenario.seed}`);
  if (data.runVersion !== ENGINE_VERSION) notes.push(`The run was recorded by Fault Lab ${data.runVersion}; this is ${ENGINE_VERSION}. A different engine may give a different event log.`);

  const fresh = await runScenario(scenario, 'sim');
  let expectedFigures: Record<string, string>;
  if (data.mode === 'sim') {
    const diffs: string[] = [];
    jsonDiff('summary', data.summary, fresh.summary, diffs);
    checked += Object.keys(data.summary).length;
    differences.push(...diffs);
    checked += 1;
    if (data.eventLogSha256 !== fresh.summary.eventLogSha256) differences.push(`eventLogSha256: the report says ${data.eventLogSha256}, the re-run's event log hashes to ${fresh.summary.eventLogSha256}`);
    let comparison: Comparison | null = null;
    if (data.comparison) {
      const derived = counterpartScenario(scenario, data.comparison.mapping);
      checked += 1;
      if (!sameJson(derived.scenario, data.comparison.counterpart)) differences.push('comparison: the embedded counterpart scenario is not the one derived from the scenario (it was edited)');
      const other = await runScenario(derived.scenario, 'sim');
      const cdiffs: string[] = [];
      const givenCosts = measureCosts(fresh.events);
      const counterpartCosts = measureCosts(other.events);
      jsonDiff('comparison.counterpartSummary', data.comparison.counterpartSummary, other.summary, cdiffs);
      jsonDiff('comparison.givenCosts', data.comparison.givenCosts, givenCosts, cdiffs);
      jsonDiff('comparison.counterpartCosts', data.comparison.counterpartCosts, counterpartCosts, cdiffs);
      differences.push(...cdiffs);
      comparison = buildComparison(
        { scenario: fresh.scenario, summary: fresh.summary, costs: givenCosts },
        { scenario: other.scenario, summary: other.summary, costs: counterpartCosts },
        { faultNotes: derived.faultNotes, changes: derived.changes },
      );
    }
    expectedFigures = reportFigures(readRun(fresh.events, fresh.summary), comparison);
    notes.push(`Re-ran the scenario in simulation (seed ${scenario.seed})${data.comparison ? ' and its counterpart under the other scheme' : ''}.`);
  } else {
    // A real run is not reproducible: check the report against its own data, and its configuration against a simulation.
    for (const f of ['scheme', 'n', 'k', 'failureModel', 'service', 'seed'] as const) {
      checked += 1;
      if (data.summary[f] !== fresh.summary[f]) differences.push(`summary.${f}: the report says ${String(data.summary[f])}, the scenario gives ${String(fresh.summary[f])}`);
    }
    const summary = data.summary as unknown as RunSummary;
    let comparison: Comparison | null = null;
    if (data.comparison) {
      comparison = buildComparison(
        { scenario, summary, costs: data.comparison.givenCosts },
        { scenario: parseScenario(data.comparison.counterpart), summary: data.comparison.counterpartSummary, costs: data.comparison.counterpartCosts },
      );
    }
    expectedFigures = reportFigures({ summary }, comparison);
    // Figures read from the log (which the report does not embed) are checked against the embedded data only.
    for (const key of logFigureKeys(summary)) {
      const embedded = data.figures[key];
      if (embedded !== undefined) expectedFigures[key] = embedded;
    }
    notes.push('This report is of a run with real processes, which cannot be reproduced exactly: its figures were checked against the data embedded in it, and its configuration against a simulated re-run. Outcome figures (answers, latencies, CPU time) are not re-derived.');
  }

  // The embedded figures, then the visible ones, against what the re-run gives.
  for (const [key, value] of Object.entries(expectedFigures)) {
    checked += 1;
    const embedded = data.figures[key];
    if (embedded === undefined) differences.push(`figure "${key}" is missing from the embedded data`);
    else if (embedded !== value) differences.push(`figure "${key}" (embedded): the report says "${embedded}", the re-run gives "${value}"`);
  }
  for (const key of Object.keys(data.figures)) if (!(key in expectedFigures)) differences.push(`figure "${key}" (embedded) is not one the re-run gives`);
  const visible = visibleFigures(html);
  for (const [key, value] of Object.entries(expectedFigures)) {
    checked += 1;
    const shown = visible.get(key);
    if (!shown) differences.push(`figure "${key}" is missing from the report's text`);
    else for (const s of shown) if (s !== value) differences.push(`figure "${key}" (shown): the report says "${s}", the re-run gives "${value}"`);
  }
  for (const key of visible.keys()) if (!(key in expectedFigures)) differences.push(`figure "${key}" is shown but is not one the re-run gives`);
  return { ok: differences.length === 0, mode: data.mode, checked, differences, notes };
}
