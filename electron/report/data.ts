/**
 * What a report states, as data: the visible figures by stable key (each rendered in the
 * HTML as an element with `data-fl="key"`, and checked one by one by `faultlab verify`),
 * the JSON embedded in the report, and the raw data exports (CSV, JSON).
 */
import type { RequestRecord, RunSummary } from '../../shared/analysis/summary.js';
import type { Comparison, CostFigures, FaultMapping } from '../../shared/compare.js';
import { comparisonFigures } from '../../shared/compare.js';
import type { RunEvent, RunMode } from '../../shared/events.js';
import type { Scenario } from '../../shared/scenario.js';
import type { CsvCell } from './csv.js';

/** Version of the embedded report data format. */
export const REPORT_FORMAT = 1;
/** The id of the `<script type="application/json">` element holding the report's data. */
export const REPORT_DATA_ID = 'faultlab-data';

const ms = (x: number | null): string => (x === null ? '—' : `${Math.round(x * 10) / 10} ms`);

/** The summary's figures as the report shows them. */
export function summaryFigures(s: RunSummary): Record<string, string> {
  const f: Record<string, string> = {
    'run.scheme': s.scheme,
    'run.failureModel': s.failureModel,
    'run.n': String(s.n),
    'run.k': String(s.k),
    'run.service': s.service,
    'run.mode': s.mode,
    'run.seed': String(s.seed),
    'requests.issued': String(s.requests.issued),
    'requests.answeredCorrect': String(s.requests.answeredCorrect),
    'requests.answeredWrong': String(s.requests.answeredWrong),
    'requests.lost': String(s.requests.lost),
    'requests.undecided': String(s.requests.undecided),
    'requests.executedTwice': String(s.requests.executedTwice),
    'requests.unresolved': String(s.requests.unresolved),
    'latency.p50': ms(s.latencyMs.p50),
    'latency.p99': ms(s.latencyMs.p99),
    throughput: `${s.throughputRps} req/s`,
    'messages.total': String(s.messages.total),
    'messages.perRequest': String(s.messages.perRequest),
    'messages.dropped': String(s.messages.dropped),
    cpuMsPerRequest: s.cpuMsPerRequest === null ? 'not measured (simulation)' : `${Math.round(s.cpuMsPerRequest * 1000) / 1000} ms`,
    'votes.decided': String(s.votes.decided),
    'votes.undecided': String(s.votes.undecided),
    'votes.wrongDecided': String(s.votes.wrongDecided),
    'failovers.count': String(s.failovers.length),
    splitBrain: s.splitBrain ? 'yes: two primaries served at once' : 'no',
    divergence: s.divergence.diverged ? 'diverged' : 'agree',
    linearizable: !s.linearizability.checked
      ? 'not checked'
      : s.linearizability.linearizable === true
        ? 'yes'
        : s.linearizability.linearizable === false
          ? `no: ${s.linearizability.violation ?? ''}`
          : 'unknown (too many concurrent operations to search)',
    byzantineReplicas: s.byzantineReplicas.length === 0 ? 'none' : s.byzantineReplicas.join(', '),
    invariantViolations: String(s.invariantViolations),
    durationMs: `${s.durationMs} ms`,
    eventCount: String(s.eventCount),
    eventLogSha256: s.eventLogSha256,
  };
  s.failovers.forEach((fo, i) => {
    f[`failovers.${i}`] = `replica ${fo.from} → ${fo.to} at ${fo.atMs} ms; detected after ${fo.detectMs} ms; unavailable ${fo.unavailableMs} ms`;
  });
  return f;
}

/** Every figure the report shows: the run's, and the comparison table's when there is one. */
export function reportFigures(summary: RunSummary, comparison: Comparison | null): Record<string, string> {
  return { ...summaryFigures(summary), ...(comparison ? comparisonFigures(comparison) : {}) };
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
  exercise: string | null;
  student: StudentInfo;
  prediction: string;
  answers: string[];
  figures: Record<string, string>;
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
