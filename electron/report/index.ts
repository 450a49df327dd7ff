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
import type { Comparison, FaultMapping } from '../../shared/compare.js';
import { counterpartScenario } from '../../shared/compare.js';
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
import type { EmbeddedLog } from './evidence.js';
import { EMBED_LIMIT_BYTES, embedLog, jsonlOf } from './evidence.js';
import { toCsv } from './csv.js';
import type { ReportData, StudentInfo } from './data.js';
import { eventsCsvRows, REPORT_FORMAT, reportFigures, requestsCsvRows } from './data.js';
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
  /** An exercise id from shared/exercises.ts. */
  exercise?: string | null;
  prediction?: string;
  /** Answers to the exercise's questions, in order. */
  answers?: string[];
  /** A comparison to include; by default a run folder's saved counterpart (`compared/`) is used if present. */
  comparison?: Comparison | null;
  /** The event log of the comparison's other run (embedded as evidence); required with a comparison given here. */
  counterpartEvents?: readonly RunEvent[];
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

function mappingOf(scenario: Scenario, counterpart: Scenario): FaultMapping {
  const same = (a: Scenario, b: Scenario): boolean => canonicalJson(a as unknown as Json) === canonicalJson(b as unknown as Json);
  if (same(counterpartScenario(scenario, 'drop').scenario, counterpart)) return 'drop';
  if (same(counterpartScenario(scenario, 'fold').scenario, counterpart)) return 'fold';
  throw new ReportInputError('the comparison\'s other run is not the counterpart of this scenario (same workload, seed and faults under the other scheme)');
}

export function buildReport(req: ReportRequest): BuiltReport {
  let scenario: Scenario;
  let events: readonly RunEvent[];
  let comparison: Comparison | null = req.comparison ?? null;
  let counterpartEvents: readonly RunEvent[] | null = req.counterpartEvents ?? null;
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
      counterpartEvents = loaded?.counterpartEvents ?? null;
    }
    if (req.runStartedAt === undefined) runStartedAt = folderStartedAt(req.run.runDir);
  } else {
    scenario = req.run.scenario;
    events = req.run.events;
  }
  const { summary: base, requests } = analyze(events);
  const summary = { ...base, linearizability: linearizability ?? linearizabilityOf(scenario.service, requests) };
  let exercise: Exercise | null = null;
  if (req.exercise) {
    exercise = findExercise(req.exercise) ?? null;
    if (!exercise) throw new ReportInputError(`unknown exercise "${req.exercise}"`);
  }
  const start = events[0];
  const runVersion = start?.type === 'run-start' ? start.version : 'unknown';
  let comparisonData: ReportData['comparison'] = null;
  if (comparison) {
    const mine = comparison.given === scenario.scheme ? null : 'the comparison was made for the other scheme';
    if (mine) throw new ReportInputError(mine);
    const [given, other] = scenario.scheme === 'state-machine' ? [comparison.smr, comparison.pb] : [comparison.pb, comparison.smr];
    if (given.summary.eventLogSha256 !== summary.eventLogSha256) throw new ReportInputError('the comparison was made from a different run of this scenario');
    comparisonData = { mapping: mappingOf(scenario, other.scenario), counterpart: other.scenario, counterpartSummary: other.summary, givenCosts: given.costs, counterpartCosts: other.costs };
    if (!counterpartEvents) throw new ReportInputError('the comparison\'s other run has no event log to embed');
  }
  const limit = req.embedLimitBytes ?? EMBED_LIMIT_BYTES;
  const logs: { run: EmbeddedLog; counterpart: EmbeddedLog | null } = {
    run: embedLog(events, summary.eventLogSha256, limit),
    counterpart: comparison && counterpartEvents ? embedLog(counterpartEvents, (comparison.given === 'state-machine' ? comparison.pb : comparison.smr).summary.eventLogSha256, limit) : null,
  };
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
    evidence: { run: logs.run.evidence, counterpart: logs.counterpart?.evidence ?? null },
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
  const model: ReportModel = { data, events, requests, comparison, exercise, exerciseScenario, logs: { run: logs.run.base64, counterpart: logs.counterpart?.base64 ?? null }, lang: req.lang ?? 'en' };
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
