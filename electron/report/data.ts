/**
 * What a report states, as data: the visible figures by stable key (each rendered in the
 * HTML as an element with `data-fl="key"`, and checked one by one by `faultlab verify`),
 * the JSON embedded in the report, and the raw data exports (CSV, JSON).
 */
import type { Lang } from '../../shared/describe.js';
import type { RequestRecord, RunSummary } from '../../shared/analysis/summary.js';
import type { Comparison, CostFigures, FaultMapping } from '../../shared/compare.js';
import { comparisonFigures } from '../../shared/compare.js';
import type { RunEvent, RunMode } from '../../shared/events.js';
import type { Scenario } from '../../shared/scenario.js';
import type { FoldInput } from '../../shared/views/folds.js';
import { failoverText, FIGURES, figuresOf } from '../../shared/views/figures.js';
import type { CsvCell } from './csv.js';
import type { LogEvidence } from './evidence.js';

/**
 * Version of the embedded report data format. 2: the run's event logs are embedded
 * (`evidence`), and the times the prediction was written and the run started.
 */
export const REPORT_FORMAT = 2;
/** The id of the `<script type="application/json">` element holding the report's data. */
export const REPORT_DATA_ID = 'faultlab-data';

/**
 * The run's figures as the report states them: the run's identity, every figure of the
 * catalogue for its scheme (shared/views/figures.ts, the same figures the app and the
 * terminal show), each failover, and the event log's record. Figures read from the log
 * are left out when the input is a summary alone.
 */
export function summaryFigures(input: FoldInput): Record<string, string> {
  const s = input.summary;
  const f: Record<string, string> = {
    'run.scheme': s.scheme,
    'run.failureModel': s.failureModel,
    'run.n': String(s.n),
    'run.k': String(s.k),
    'run.service': s.service,
    'run.mode': s.mode,
    'run.seed': String(s.seed),
  };
  for (const fig of figuresOf(input)) f[fig.key] = fig.text;
  s.failovers.forEach((fo, i) => {
    f[`failovers.${i}`] = failoverText(fo);
  });
  f.eventCount = String(s.eventCount);
  f.eventLogSha256 = s.eventLogSha256;
  return f;
}

/** Every figure the report shows: the run's, and the comparison table's when there is one. */
export function reportFigures(input: FoldInput, comparison: Comparison | null): Record<string, string> {
  return { ...summaryFigures(input), ...(comparison ? comparisonFigures(comparison) : {}) };
}

const RUN_FIELD_LABEL: Record<string, string> = {
  'run.scheme': 'Scheme',
  'run.failureModel': 'Failure model',
  'run.n': 'Replicas n',
  'run.k': 'k',
  'run.service': 'Service',
  'run.mode': 'Mode',
  'run.seed': 'Seed',
  eventCount: 'Events logged',
  eventLogSha256: 'Event log SHA-256',
};

/** What a report figure is called where the report shows it (the catalogue's label), for naming it in a difference. */
export function figureLabel(key: string, comparison: Comparison | null): string {
  const row = FIGURES.find((f) => f.key === key);
  if (row) return row.label;
  const run = RUN_FIELD_LABEL[key];
  if (run) return run;
  const failover = /^failovers\.(\d+)$/.exec(key);
  if (failover) return `Failover ${Number(failover[1]) + 1}`;
  const cell = /^compare\.([a-z]+)\.(smr|pb)$/.exec(key);
  if (cell) {
    const aspect = comparison?.rows.find((r) => r.id === cell[1])?.aspect ?? cell[1] ?? '';
    return `${aspect}, ${cell[2] === 'smr' ? 'state-machine replication' : 'primary-backup'}`;
  }
  return key;
}

export interface StudentInfo {
  name?: string;
  id?: string;
  course?: string;
}

/** The JSON embedded in the report: enough to re-run it and check every figure. */
export interface ReportData {
  faultlabReport: typeof REPORT_FORMAT;
  appVersion: string;
  /** The engine version the run recorded in its log. */
  runVersion: string;
  generatedAt: string;
  mode: RunMode;
  seed: number;
  scenario: Scenario;
  summary: RunSummary;
  eventLogSha256: string;
  comparison: {
    mapping: FaultMapping;
    counterpart: Scenario;
    counterpartSummary: RunSummary;
    /** Cost figures counted from the two event logs (which the report does not embed). */
    givenCosts: CostFigures;
    counterpartCosts: CostFigures;
  } | null;
  /** The embedded event logs: the run's, and the comparison's other run's (see evidence.ts). */
  evidence: { run: LogEvidence; counterpart: LogEvidence | null };
  exercise: string | null;
  student: StudentInfo;
  prediction: string;
  /** When the student first wrote the prediction (ISO time), if the app recorded it; null: unknown. */
  predictionWrittenAt: string | null;
  /** When the run started (ISO time, wall clock), where known; null: unknown. */
  runStartedAt: string | null;
  answers: string[];
  figures: Record<string, string>;
  /** The language of the report's fixed text, when not English (absent: English). */
  lang?: Lang;
}

const CSV_EVENT_HEADER = ['t_ms', 'type', 'from', 'to', 'kind', 'message_id', 'replica', 'client', 'request', 'detail'];

/** The event log as a table (one row per event; what does not fit a column goes to detail as JSON). */
export function eventsCsvRows(events: readonly RunEvent[]): CsvCell[][] {
  const rows: CsvCell[][] = [CSV_EVENT_HEADER];
  for (const e of events) {
    const r = e as Record<string, unknown>;
    const str = (k: string): CsvCell => (typeof r[k] === 'string' || typeof r[k] === 'number' ? (r[k] as string | number) : '');
    const rest: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) if (!['t', 'type', 'from', 'to', 'kind', 'id', 'replica', 'client', 'req'].includes(k)) rest[k] = v;
    rows.push([e.t, e.type, str('from'), str('to'), str('kind'), str('id'), str('replica'), str('client'), str('req'), Object.keys(rest).length > 0 ? JSON.stringify(rest) : '']);
  }
  return rows;
}

export function requestsCsvRows(requests: readonly RequestRecord[]): CsvCell[][] {
  const rows: CsvCell[][] = [['client', 'request', 'op', 'issued_at_ms', 'outcome', 'accepted_value', 'expected_value', 'latency_ms', 'executions']];
  for (const r of requests) {
    rows.push([
      r.client,
      r.req,
      JSON.stringify(r.op),
      r.issuedAt,
      r.outcome,
      r.value === undefined ? '' : JSON.stringify(r.value),
      r.expected === undefined ? '' : JSON.stringify(r.expected),
      r.latencyMs ?? '',
      r.executions,
    ]);
  }
  return rows;
}
