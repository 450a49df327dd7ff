/**
 * What a report states, as data: the visible figures by stable key (each rendered in the
 * HTML as an element with `data-fl="key"`, and checked one by one by `faultlab verify`),
 * the JSON embedded in the report, and the raw data exports (CSV, JSON).
 */
import type { Lang } from '../../shared/describe.js';
import type { RequestRecord, RunSummary } from '../../shared/analysis/summary.js';
import type { Comparison, CostFigures, FaultMapping, RowId, SideKey } from '../../shared/compare.js';
import { comparisonColumns, comparisonFigures, SIDE_SCHEME } from '../../shared/compare.js';
import { COMPARE_WORDS } from '../../shared/compare-words.js';
import type { RunEvent, RunMode } from '../../shared/events.js';
import type { Scenario } from '../../shared/scenario.js';
import type { FoldInput } from '../../shared/views/folds.js';
import { failoverText, FIGURES, figuresOf, figureWords } from '../../shared/views/figures.js';
import type { CsvCell } from './csv.js';
import type { LogEvidence } from './evidence.js';
import { REPORT_WORDS } from './words.js';

/**
 * Version of the embedded report data format. 2: the run's event logs are embedded
 * (`evidence`), and the times the prediction was written and the run started. 3: every
 * column of a comparison (Raft and PBFT beside the trusted pair: `comparison.columns`,
 * `evidence.columns`), and the table's messages, latency and CPU per column as figures.
 */
export const REPORT_FORMAT = 3;

/** The formats `faultlab verify` still reads. */
export type ReportFormat = 1 | 2 | typeof REPORT_FORMAT;
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

/** The measures the table shows per column beneath the lecture's rows (format 3), each from the catalogue. */
export const COLUMN_MEASURES = [
  { id: 'messages', figures: ['messages.perRequest'] },
  { id: 'latency', figures: ['latency.p50', 'latency.p99'] },
  { id: 'cpu', figures: ['cpuMsPerRequest'] },
] as const;

export type ColumnMeasure = (typeof COLUMN_MEASURES)[number]['id'];

/** Each column's messages per request, latency (p50 / p99) and CPU per request, as the catalogue writes them. */
export function columnMeasureFigures(c: Comparison): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of comparisonColumns(c)) {
    const side = c[key];
    if (!side) continue;
    const texts = new Map(figuresOf({ summary: side.summary }).map((f) => [f.key, f.text]));
    for (const m of COLUMN_MEASURES) out[`compare.${m.id}.${key}`] = m.figures.map((f) => texts.get(f) ?? '—').join(' / ');
  }
  return out;
}

/**
 * Every figure the report shows: the run's, and the comparison table's when there is one
 * (with its per-column measures from format 3 on; an older report is checked as it was written).
 */
export function reportFigures(input: FoldInput, comparison: Comparison | null, format: ReportFormat = REPORT_FORMAT): Record<string, string> {
  return { ...summaryFigures(input), ...(comparison ? comparisonFigures(comparison) : {}), ...(comparison && format >= 3 ? columnMeasureFigures(comparison) : {}) };
}

const RUN_FIELD_LABEL: Record<Lang, Record<string, string>> = {
  en: {
    'run.scheme': 'Scheme',
    'run.failureModel': 'Failure model',
    'run.n': 'Replicas n',
    'run.k': 'k',
    'run.service': 'Service',
    'run.mode': 'Mode',
    'run.seed': 'Seed',
    eventCount: 'Events logged',
    eventLogSha256: 'Event log SHA-256',
  },
  ko: {
    'run.scheme': '복제 방식',
    'run.failureModel': '장애 모델',
    'run.n': '복제본 수 n',
    'run.k': 'k',
    'run.service': '서비스',
    'run.mode': '모드',
    'run.seed': '시드',
    eventCount: REPORT_WORDS.ko.eventsLogged,
    eventLogSha256: REPORT_WORDS.ko.eventLogHash,
  },
};

/** A comparison column's name in a difference. */
export const COLUMN_NAME: Record<SideKey, string> = { smr: COMPARE_WORDS.en.scheme['state-machine'], pb: COMPARE_WORDS.en.scheme['primary-backup'], raft: COMPARE_WORDS.en.scheme.raft, pbft: COMPARE_WORDS.en.scheme.pbft };

const isRowId = (id: string): id is RowId => id in COMPARE_WORDS.en.aspect;
const isMeasure = (id: string): id is ColumnMeasure => COLUMN_MEASURES.some((m) => m.id === id);

/** What a report figure is called where the report shows it (the catalogue's label), for naming it in a difference, in `lang`. */
export function figureLabel(key: string, lang: Lang = 'en'): string {
  const row = FIGURES.find((f) => f.key === key);
  if (row) return figureWords(row, lang).label;
  const run = RUN_FIELD_LABEL[lang][key];
  if (run) return run;
  const failover = /^failovers\.(\d+)$/.exec(key);
  if (failover) return REPORT_WORDS[lang].failover(Number(failover[1]) + 1);
  const cell = /^compare\.([a-z]+)\.(smr|pb|raft|pbft)$/.exec(key);
  if (cell) {
    const id = cell[1] ?? '';
    const aspect = isMeasure(id) ? REPORT_WORDS[lang].measures[id] : isRowId(id) ? COMPARE_WORDS[lang].aspect[id] : id;
    return `${aspect}, ${COMPARE_WORDS[lang].scheme[SIDE_SCHEME[cell[2] as SideKey]]}`;
  }
  return key;
}

/** A further column of a comparison, as the report data records it. */
export interface ComparisonColumn {
  scenario: Scenario;
  summary: RunSummary;
  costs: CostFigures;
}

export interface StudentInfo {
  name?: string;
  id?: string;
  course?: string;
}

/** The JSON embedded in the report: enough to re-run it and check every figure. */
export interface ReportData {
  faultlabReport: ReportFormat;
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
    /**
     * The trusted pair's other run (primary-backup beside state-machine replication, or
     * the reverse); null when the run is Raft or PBFT, whose other columns are all in `columns`.
     */
    counterpart: Scenario | null;
    counterpartSummary: RunSummary | null;
    /** Cost figures counted from the event logs. */
    givenCosts: CostFigures;
    counterpartCosts: CostFigures | null;
    /** Format 3: every further column (Raft and PBFT; for a Raft or PBFT run, the other three). */
    columns?: Partial<Record<SideKey, ComparisonColumn>>;
  } | null;
  /** The embedded event logs: the run's, the trusted pair's other run's, and each further column's (see evidence.ts). */
  evidence: { run: LogEvidence; counterpart: LogEvidence | null; columns?: Partial<Record<SideKey, LogEvidence>> };
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
