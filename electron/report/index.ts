/**
 * The lab report: `writeReport` is what both the CLI (`faultlab report`) and the app's
 * main side call. It takes a run (a run folder, or the run's scenario and event log),
 * the student's fields, the exercise with the prediction and answers, and optionally a
 * comparison; it writes one self-contained HTML file, the raw data beside it (CSV and
 * JSON), and, on request, a PDF printed by Chromium. Every file is written atomically.
 */
import { statSync } from 'node:fs';
import { dirname, basename, extname, join } from 'node:path';
import type { RunSummary } from '../../shared/analysis/summary.js';
import { analyze, linearizabilityOf } from '../../shared/analysis/summary.js';
import type { CompareSide, Comparison, FaultMapping, SideKey } from '../../shared/compare.js';
import { comparisonColumns, comparisonIn, SCHEME_SIDE, schemeScenario, SIDE_SCHEME } from '../../shared/compare.js';
import { ENGINE_VERSION } from '../../shared/engine/engine.js';
import type { RunEvent } from '../../shared/events.js';
import type { Exercise } from '../../shared/exercises.js';
import { findExercise } from '../../shared/exercises.js';
import { canonicalJson } from '../../shared/json.js';
import type { Json } from '../../shared/json.js';
import type { Lang } from '../../shared/describe.js';
import type { Scenario } from '../../shared/scenario.js';
import { parseScenario } from '../../shared/scenario.js';
import { writeFileAtomic } from '../runtime/files.js';
import { loadRun, RUN_FILES } from '../runtime/run-folder.js';
import { loadComparisonWithLog } from './compare-run.js';
import type { EmbeddedLog, LogEvidence } from './evidence.js';
import { EMBED_LIMIT_BYTES, embedLog, jsonlOf } from './evidence.js';
import { toCsv } from './csv.js';
import type { ComparisonColumn, ReportData, StudentInfo } from './data.js';
import { COLUMN_NAME, eventsCsvRows, REPORT_FORMAT, reportFigures, requestsCsvRows } from './data.js';
import type { ReportModel } from './html.js';
import { renderReportHtml } from './html.js';
import { htmlToPdf, requireChromium } from './pdf.js';

export { PdfUnavailable, printHtmlToPdf } from './pdf.js';
export type { ReportData, StudentInfo } from './data.js';

/** The version of Fault Lab writing the report. */
export const APP_VERSION = ENGINE_VERSION;

/** Bad input to a report (an unknown exercise, a run folder that cannot be read). */
export class ReportInputError extends Error {}

export interface ReportRequest {
  /** A saved run folder, or a run held in memory (its events are the truth; the summary is re-derived). */
  run: { runDir: string } | { scenario: Scenario; events: readonly RunEvent[] };
  student?: StudentInfo;
  /** An exercise id from shared/exercises.ts, or the exercise itself (an opened assignment's). */
  exercise?: string | Exercise | null;
  prediction?: string;
  /** Answers to the exercise's questions, in order. */
  answers?: string[];
  /** A comparison to include; by default a run folder's saved columns (`compared/`, `compared-<column>/`) are used if present. */
  comparison?: Comparison | null;
  /** The event log of the comparison's other run of the trusted pair (embedded as evidence). */
  counterpartEvents?: readonly RunEvent[];
  /** The event log of every other column of a comparison given here (the counterpart's may be here instead); each is required. */
  columnEvents?: Partial<Record<SideKey, readonly RunEvent[]>>;
  /** When the student first wrote the prediction (the app records it); unknown when absent. */
  predictionWrittenAt?: Date | null;
  /** When the run started (wall clock); by default, for a run folder, when its scenario.json was written. */
  runStartedAt?: Date | null;
  /** The largest compressed log embedded whole (EMBED_LIMIT_BYTES by default; smaller in tests). */
  embedLimitBytes?: number;
  /** When the report was made (defaults to now). */
  generatedAt?: Date;
  /** The language of the report's fixed text (English by default). */
  lang?: Lang;
}

export interface BuiltReport {
  html: string;
  data: ReportData;
  model: ReportModel;
}

/** A run folder's start: its scenario.json is written once, when the run starts. */
function folderStartedAt(runDir: string): Date | null {
  try {
    return statSync(join(runDir, RUN_FILES.scenario)).mtime;
  } catch {
    return null;
  }
}

/** The fault mapping that derived every column from the scenario (the same for all of them), or why none did. */
function mappingOf(scenario: Scenario, columns: readonly { key: SideKey; scenario: Scenario }[]): FaultMapping {
  const same = (a: Scenario, b: Scenario): boolean => canonicalJson(a as unknown as Json) === canonicalJson(b as unknown as Json);
  for (const mapping of ['drop', 'fold'] as const) if (columns.every((c) => same(schemeScenario(scenario, SIDE_SCHEME[c.key], mapping).scenario, c.scenario))) return mapping;
  const odd = columns.find((c) => !(['drop', 'fold'] as const).some((m) => same(schemeScenario(scenario, SIDE_SCHEME[c.key], m).scenario, c.scenario)));
  const which = odd === undefined ? "the comparison's runs do not share one fault mapping" : `the comparison's ${COLUMN_NAME[odd.key]} run`;
  throw new ReportInputError(`${which} is not derived from this scenario (same workload, seed and faults under its scheme, at its bound)`);
}

/** The trusted pair's other column: primary-backup beside state-machine replication and the reverse; none for Raft or PBFT. */
export function trustedPartner(given: SideKey): SideKey | null {
  return given === 'smr' ? 'pb' : given === 'pb' ? 'smr' : null;
}

export function buildReport(req: ReportRequest): BuiltReport {
  let scenario: Scenario;
  let events: readonly RunEvent[];
  let comparison: Comparison | null = req.comparison ?? null;
  let columnEvents: Partial<Record<SideKey, readonly RunEvent[]>> = { ...(req.columnEvents ?? {}) };
  let runStartedAt: Date | null = req.runStartedAt ?? null;
  /** A run folder's loader already settled linearizability (the one costly check): reuse it. */
  let linearizability: RunSummary['linearizability'] | null = null;
  if ('runDir' in req.run) {
    let run;
    try {
      run = loadRun(req.run.runDir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new ReportInputError(code === 'ENOENT' ? `${req.run.runDir}: not a run folder (needs scenario.json and events.jsonl)` : `${req.run.runDir}: ${(err as Error).message}`);
    }
    scenario = run.scenario;
    events = run.events;
    linearizability = run.summary.linearizability;
    if (req.comparison === undefined) {
      const loaded = loadComparisonWithLog(run);
      comparison = loaded?.comparison ?? null;
      columnEvents = loaded?.columnEvents ?? {};
    }
    if (req.runStartedAt === undefined) runStartedAt = folderStartedAt(req.run.runDir);
  } else {
    scenario = req.run.scenario;
    events = req.run.events;
  }
  const { summary: base, requests } = analyze(events);
  const summary = { ...base, linearizability: linearizability ?? linearizabilityOf(scenario.service, requests) };
  let exercise: Exercise | null = null;
  if (typeof req.exercise === 'string' && req.exercise) {
    exercise = findExercise(req.exercise) ?? null;
    if (!exercise) throw new ReportInputError(`unknown exercise "${req.exercise}"`);
  } else if (req.exercise && typeof req.exercise === 'object') exercise = req.exercise;
  const start = events[0];
  const runVersion = start?.type === 'run-start' ? start.version : 'unknown';
  let comparisonData: ReportData['comparison'] = null;
  const limit = req.embedLimitBytes ?? EMBED_LIMIT_BYTES;
  const columnLogs: Partial<Record<SideKey, EmbeddedLog>> = {};
  let counterpartLog: EmbeddedLog | null = null;
  if (comparison) {
    if (comparison.given !== scenario.scheme) throw new ReportInputError('the comparison was made for another scheme');
    const givenKey = SCHEME_SIDE[scenario.scheme];
    const given = comparison[givenKey];
    if (!given || given.summary.eventLogSha256 !== summary.eventLogSha256) throw new ReportInputError('the comparison was made from a different run of this scenario');
    const partner = trustedPartner(givenKey);
    if (partner && req.counterpartEvents && !columnEvents[partner]) columnEvents[partner] = req.counterpartEvents;
    const table = comparison;
    const others = comparisonColumns(table)
      .filter((k) => k !== givenKey)
      .map((key) => ({ key, side: table[key] as CompareSide }));
    const mapping = mappingOf(scenario, others.map((o) => ({ key: o.key, scenario: o.side.scenario })));
    // The table's cells and notes in the report's language (its figures are checked in it).
    if (req.lang && req.lang !== 'en') comparison = comparisonIn(comparison, req.lang, mapping);
    const columns: Partial<Record<SideKey, ComparisonColumn>> = {};
    for (const { key, side } of others) {
      const log = columnEvents[key];
      if (!log) throw new ReportInputError(partner === key ? "the comparison's other run has no event log to embed" : `the comparison's ${COLUMN_NAME[key]} run has no event log to embed`);
      const embedded = embedLog(log, side.summary.eventLogSha256, limit);
      if (key === partner) counterpartLog = embedded;
      else {
        columns[key] = { scenario: side.scenario, summary: side.summary, costs: side.costs };
        columnLogs[key] = embedded;
      }
    }
    const other = partner ? (comparison[partner] ?? null) : null;
    comparisonData = {
      mapping,
      counterpart: other?.scenario ?? null,
      counterpartSummary: other?.summary ?? null,
      givenCosts: given.costs,
      counterpartCosts: other?.costs ?? null,
      ...(Object.keys(columns).length > 0 ? { columns } : {}),
    };
  }
  const runLog = embedLog(events, summary.eventLogSha256, limit);
  const columnEvidence = Object.fromEntries(Object.entries(columnLogs).map(([k, l]) => [k, l.evidence])) as Partial<Record<SideKey, LogEvidence>>;
  const data: ReportData = {
    faultlabReport: REPORT_FORMAT,
    appVersion: APP_VERSION,
    runVersion,
    generatedAt: (req.generatedAt ?? new Date()).toISOString(),
    mode: summary.mode,
    seed: summary.seed,
    scenario,
    summary,
    eventLogSha256: summary.eventLogSha256,
    comparison: comparisonData,
    evidence: { run: runLog.evidence, counterpart: counterpartLog?.evidence ?? null, ...(Object.keys(columnLogs).length > 0 ? { columns: columnEvidence } : {}) },
    exercise: exercise?.id ?? null,
    student: { name: req.student?.name ?? '', id: req.student?.id ?? '', course: req.student?.course ?? '' },
    prediction: req.prediction ?? '',
    predictionWrittenAt: req.predictionWrittenAt ? req.predictionWrittenAt.toISOString() : null,
    runStartedAt: runStartedAt ? runStartedAt.toISOString() : null,
    answers: req.answers ?? [],
    figures: reportFigures({ summary, requests, events }, comparison),
    ...(req.lang && req.lang !== 'en' ? { lang: req.lang } : {}),
  };
  // The seed may be overridden (--seed) without the scenario ceasing to be the exercise's.
  const sameScenario = (input: unknown): boolean => canonicalJson({ ...parseScenario(input), seed: 0 } as unknown as Json) === canonicalJson({ ...scenario, seed: 0 } as unknown as Json);
  const exerciseScenario = exercise?.scenarios.find((x) => sameScenario(x.scenario))?.label ?? null;
  const model: ReportModel = { data, events, requests, comparison, exercise, exerciseScenario, logs: { run: runLog.base64, counterpart: counterpartLog?.base64 ?? null, columns: Object.fromEntries(Object.entries(columnLogs).map(([k, l]) => [k, l.base64])) }, lang: req.lang ?? 'en' };
  return { html: renderReportHtml(model), data, model };
}

export interface WrittenReport {
  htmlPath: string;
  pdfPath: string | null;
  /** The raw data written beside the HTML. */
  dataFiles: string[];
  data: ReportData;
}

/** Writes the report (HTML, data files, optional PDF); returns what it wrote and the HTML itself. */
export async function writeReport(req: ReportRequest, out: { htmlPath: string; pdfPath?: string | null }): Promise<WrittenReport & { html: string }> {
  // Nothing is written when the PDF asked for cannot be made.
  if (out.pdfPath) requireChromium();
  const built = buildReport(req);
  const stem = join(dirname(out.htmlPath), basename(out.htmlPath, extname(out.htmlPath)));
  const files: [string, string][] = [
    [`${stem}.requests.csv`, toCsv(requestsCsvRows(built.model.requests))],
    [`${stem}.events.csv`, toCsv(eventsCsvRows(built.model.events))],
    [`${stem}.events.jsonl`, jsonlOf(built.model.events)],
    [`${stem}.data.json`, `${JSON.stringify(built.data, null, 2)}\n`],
  ];
  for (const [p, content] of files) writeFileAtomic(p, content);
  writeFileAtomic(out.htmlPath, built.html);
  if (out.pdfPath) await htmlToPdf(built.html, out.pdfPath);
  return { htmlPath: out.htmlPath, pdfPath: out.pdfPath ?? null, dataFiles: files.map(([p]) => p), data: built.data, html: built.html };
}
