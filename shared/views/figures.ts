/**
 * The figure catalogue: every figure a run is described by, once. A row says what the
 * figure is called, its unit and how it is written, which schemes it applies to, whether a
 * non-zero (true, non-empty) value is bad, what it means, and how it is read from a run
 * (`FoldInput`: the summary, and the request records and event log where they are at
 * hand). `figuresOf` lists a run's figures; the app's metrics tiles, `faultlab run`'s text
 * and the report's summary table all render that list, so a figure is phrased in one place.
 *
 * A new figure is one fold (folds.ts, or a summary field it reads) and one row here; it
 * then appears in the app, the terminal and the report with no other edit.
 *
 * Pure: no clock, no I/O, no DOM.
 */
import type { Failover, LogAnalyzer, Outcome, RunSummary } from '../analysis/summary.js';
import { OUTCOME_LABEL } from '../describe.js';
import type { Lang } from '../describe.js';
import type { RunEvent } from '../events.js';
import type { Scheme } from '../scenario.js';
import { SCHEMES } from '../scenario.js';
import type { FirstWrongOrLost, FoldInput, RunReading } from './folds.js';
import { firstWrongOrLost, readingOf, readRun } from './folds.js';

// ---- formatters: one per kind of value ---------------------------------------------

/**
 * A duration in milliseconds, to two or three significant figures: a tile is small, and
 * real-mode times carry microseconds (0.46 ms, 4.25 ms, 12.3 ms, 250 ms, 2003 ms).
 */
export function formatMs(x: number | null, whenNone = '—'): string {
  if (x === null || !Number.isFinite(x)) return whenNone;
  const a = Math.abs(x);
  if (a > 0 && a < 0.001) return '< 0.001 ms';
  const n = a >= 100 ? Math.round(x) : a >= 10 ? Number(x.toFixed(1)) : a >= 1 ? Number(x.toFixed(2)) : Number(x.toPrecision(2));
  return `${n} ms`;
}

/** A rate per second: one decimal below 100, whole numbers above. */
export function formatRate(x: number, unit = 'req/s'): string {
  return `${x < 100 ? Number(x.toFixed(1)) : Math.round(x)} ${unit}`;
}

/** A count of things. */
export const formatCount = (x: number): string => String(x);

/** A yes/no question. */
export const formatYesNo = (x: boolean): string => (x ? 'yes' : 'no');

/** Replicas by their names (r1, r2), or `none`. */
export const formatReplicas = (xs: readonly number[]): string => (xs.length === 0 ? 'none' : xs.map((x) => `r${x}`).join(', '));

const sentence = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** A failover in words: the one phrasing of the terminal, the report and the comparison. */
export function failoverText(f: Failover): string {
  return `replica ${f.from} → ${f.to} at ${formatMs(f.atMs)}: failure detected after ${formatMs(f.detectMs)}, unavailable for ${formatMs(f.unavailableMs)}`;
}

/** A figure's text as a headline and a qualifying note ("400 ms" and "lost"), for a small tile. */
export interface FigureParts {
  brief: string;
  note: string | null;
}

/** How a kind of value is written, and what "something rather than nothing" is for it (what a bad figure is highlighted for). */
export interface Format<V> {
  unit: string;
  text: (v: V) => string;
  isSet: (v: V) => boolean;
  /** The text as a headline and a note; by default the whole text is the headline. */
  parts?: (v: V) => FigureParts;
}

const COUNT = (unit: string): Format<number> => ({ unit, text: formatCount, isSet: (v) => v > 0 });
const MS = (whenNone = '—'): Format<number | null> => ({ unit: 'ms', text: (v) => formatMs(v, whenNone), isSet: (v) => v !== null && v > 0 });
const RATE: Format<number> = { unit: 'req/s', text: (v) => formatRate(v), isSet: (v) => v > 0 };
const NUMBER: Format<number> = { unit: '', text: (v) => String(v), isSet: (v) => v > 0 };
const YES_NO: Format<boolean> = { unit: '', text: formatYesNo, isSet: (v) => v };
const REPLICAS: Format<readonly number[]> = { unit: '', text: formatReplicas, isSet: (v) => v.length > 0 };
const linearizableParts = (v: RunSummary['linearizability']): FigureParts =>
  !v.checked
    ? { brief: 'not checked', note: null }
    : v.linearizable === true
      ? { brief: 'yes', note: null }
      : v.linearizable === false
        ? { brief: 'no', note: v.violation }
        : { brief: 'unknown', note: 'too many concurrent operations to search' };
const LINEARIZABLE: Format<RunSummary['linearizability']> = {
  unit: '',
  text: (v) => {
    const { brief, note } = linearizableParts(v);
    return note === null ? brief : v.linearizable === false ? `${brief}: ${note}` : `${brief} (${note})`;
  },
  isSet: (v) => v.linearizable === false,
  parts: linearizableParts,
};
const firstWrongOrLostParts = (v: FirstWrongOrLost): FigureParts =>
  v.kind === 'failed' ? { brief: formatMs(v.afterMs), note: OUTCOME_LABEL[v.outcome] } : { brief: v.kind === 'none' ? 'none' : 'no fault', note: null };
const FIRST_WRONG_OR_LOST: Format<FirstWrongOrLost> = {
  unit: 'ms',
  text: (v) => {
    const { brief, note } = firstWrongOrLostParts(v);
    return note === null ? brief : `${brief} (${note})`;
  },
  isSet: (v) => v.kind === 'failed',
  parts: firstWrongOrLostParts,
};

// ---- the catalogue -------------------------------------------------------------------

/** Every scheme (a figure read from the summary alone applies to all of them). */
const BOTH: readonly Scheme[] = SCHEMES;

/** Every figure's key: a row's key must be one, and each has its words in every language (FIGURE_WORDS). */
export type FigureKey =
  | 'requests.issued' | 'requests.answeredCorrect' | 'requests.answeredWrong' | 'requests.lost' | 'requests.undecided' | 'requests.unresolved'
  | 'requests.executedTwice' | 'firstWrongOrLost' | 'latency.p50' | 'latency.p99' | 'throughput' | 'messages.total' | 'messages.perRequest'
  | 'messages.dropped' | 'cpuMsPerRequest' | 'votes.decided' | 'failovers.count' | 'splitBrain' | 'divergence' | 'linearizable'
  | 'byzantineReplicas' | 'invariantViolations' | 'garbageMessages' | 'durationMs';

/** A figure's label and meaning in a language other than English (English is the catalogue's own). */
export interface FigureWords {
  label: string;
  explain?: string;
}

/** The figures' words per language beside English: a key without its words fails the type check. */
export const FIGURE_WORDS: Record<Exclude<Lang, 'en'>, Record<FigureKey, FigureWords>> = {
  ko: {
    'requests.issued': { label: '보낸 요청' },
    'requests.answeredCorrect': { label: '올바른 응답', explain: '클라이언트가 그 요청에 대한 참조 모델의 결과를 받아들였습니다.' },
    'requests.answeredWrong': { label: '잘못된 응답', explain: '클라이언트가 그 요청에 대한 참조 모델의 결과와 다른 값을 받아들였습니다.' },
    'requests.lost': { label: '유실', explain: '클라이언트가 어떤 응답도 받아들이지 못한 채 포기했습니다 (시간 제한과 재시도를 모두 소진).' },
    'requests.undecided': { label: '결정 불가', explain: '응답은 왔지만 클라이언트가 포기하기 전에 어떤 값도 투표 기준(일치하는 응답 k+1개)에 이르지 못했습니다.' },
    'requests.unresolved': { label: '미해결', explain: '아직 응답을 기다리는 중입니다: 실행이 진행 중이거나, 요청이 끝나기 전에 중지되었습니다.' },
    'requests.executedTwice': { label: '두 번 실행', explain: '요청의 효과가 서비스의 최종 상태에 두 번 이상 적용되었습니다.' },
    firstWrongOrLost: {
      label: '장애부터 첫 잘못된/유실 요청까지',
      explain: '처음 주입한 장애부터 클라이언트가 처음으로 잘못된 응답을 받아들이거나 요청을 포기한(유실 또는 결정 불가) 순간까지의 시간. 그 뒤에 아무 문제가 없으면 "none".',
    },
    'latency.p50': { label: '지연 시간 p50', explain: '받아들인 응답의 절반이 요청을 보낸 뒤 이 시간 안에 도착했습니다.' },
    'latency.p99': { label: '지연 시간 p99', explain: '받아들인 응답의 99%가 요청을 보낸 뒤 이 시간 안에 도착했습니다.' },
    throughput: { label: '처리량', explain: '첫 요청부터 마지막 응답까지 초당 받아들인 응답 수.' },
    'messages.total': { label: '보낸 메시지' },
    'messages.perRequest': { label: '요청당 메시지', explain: '보낸 요청 하나당 메시지 수 (클라이언트, 복제본, 순서 지정자, 중재자를 모두 합침).' },
    'messages.dropped': { label: '누락된 메시지', explain: '네트워크가 잃어버린 메시지: 분할로 끊겼거나, 누락 장애로 버려졌거나, 다운된 복제본에게 보내졌습니다.' },
    cpuMsPerRequest: { label: '요청당 CPU 시간', explain: '모든 복제본 프로세스의 CPU 시간 합계를 보낸 요청 수로 나눈 값 (실제 프로세스에서만).' },
    'votes.decided': { label: '결정된 투표', explain: '클라이언트의 투표기가 기준에 이른 요청 (일치하는 응답 k+1개, 정지 장애 모델에서는 첫 응답).' },
    'failovers.count': { label: '장애 극복 횟수', explain: '새 주 복제본이 이전 주 복제본을 이어받은 횟수.' },
    splitBrain: { label: '스플릿 브레인', explain: '두 주 복제본이 동시에 클라이언트에게 서비스했습니다.' },
    divergence: { label: '복제본 상태 불일치', explain: '살아 있는 올바른 복제본들이 서로 다른 상태로 끝났습니다.' },
    linearizable: { label: '선형화 가능성', explain: '실제 시간 순서를 지키는 하나의 연산 순서로 받아들인 모든 응답을 설명할 수 있습니다.' },
    byzantineReplicas: { label: '비잔틴 복제본', explain: '실행 중 어느 시점에 임의로 동작한(거짓 응답, 공모, 이중 발언, 오래된 응답, 침묵) 복제본.' },
    invariantViolations: { label: '불변식 위반', explain: '복제본 자신의 불변식 검사가 실패했습니다 (예: 은행에 돈이 생겨남).' },
    garbageMessages: { label: '버린 잘못된 메시지', explain: '복제본이 보낸 유효하지 않은 메시지. 네트워크가 버렸습니다.' },
    durationMs: { label: '실행 길이' },
  },
};

/** One figure, as written in the catalogue. */
export interface FigureDef<V> {
  /** Stable key: the report's `data-fl` key, which `faultlab verify` checks. */
  key: FigureKey;
  /** Short stable id: the app's metric tile is `metric-<id>`. */
  id: string;
  /** What a student reads. */
  label: string;
  format: Format<V>;
  schemes: readonly Scheme[];
  /** Whether a non-zero, true or non-empty value is bad (the app, the terminal and the report highlight it). */
  bad: boolean;
  /** What it means, in a sentence (tooltips, the report). */
  explain?: string;
  /** Reads the figure; undefined when the input lacks what it is read from (the log, for a summary alone). */
  value: (input: FoldInput) => V | undefined;
  /** The terminal and the tiles leave the figure out when this holds (nothing to say); the report always lists it. */
  omitWhen?: (v: V) => boolean;
  /** The figure this one breaks down (the terminal indents it under that one). */
  partOf?: string;
}

/** A catalogue row with its value type closed over. */
export interface Figure {
  key: string;
  id: string;
  label: string;
  unit: string;
  schemes: readonly Scheme[];
  bad: boolean;
  explain: string | null;
  partOf: string | null;
  /** The figure read from a run and written, or undefined when the input lacks what it is read from. */
  read: (input: FoldInput) => ({ value: unknown; text: string; set: boolean; omit: boolean } & FigureParts) | undefined;
}

function figure<V>(def: FigureDef<V>): Figure {
  return {
    key: def.key,
    id: def.id,
    label: def.label,
    unit: def.format.unit,
    schemes: def.schemes,
    bad: def.bad,
    explain: def.explain ?? null,
    partOf: def.partOf ?? null,
    read(input) {
      const value = def.value(input);
      if (value === undefined) return undefined;
      const text = def.format.text(value);
      const { brief, note } = def.format.parts?.(value) ?? { brief: text, note: null };
      return { value, text, brief, note, set: def.format.isSet(value), omit: def.omitWhen?.(value) ?? false };
    },
  };
}

const outcome = (o: Outcome, pick: (r: RunSummary['requests']) => number, extra: Omit<FigureDef<number>, 'label' | 'format' | 'value'>): Figure =>
  figure({ ...extra, label: sentence(OUTCOME_LABEL[o]), format: COUNT('requests'), value: ({ summary }) => pick(summary.requests) });

/** Every figure, in the order the app, the terminal and the report list them. */
export const FIGURES: readonly Figure[] = [
  figure({ key: 'requests.issued', id: 'issued', label: 'Requests issued', format: COUNT('requests'), schemes: BOTH, bad: false, value: ({ summary }) => summary.requests.issued }),
  outcome('answered-correct', (r) => r.answeredCorrect, {
    key: 'requests.answeredCorrect', id: 'correct', schemes: BOTH, bad: false, partOf: 'requests.issued',
    explain: "The client accepted the reference model's result for the request.",
  }),
  outcome('answered-wrong', (r) => r.answeredWrong, {
    key: 'requests.answeredWrong', id: 'wrong', schemes: BOTH, bad: true, partOf: 'requests.issued',
    explain: "The client accepted a value that differs from the reference model's result for the request.",
  }),
  outcome('lost', (r) => r.lost, {
    key: 'requests.lost', id: 'lost', schemes: BOTH, bad: true, partOf: 'requests.issued',
    explain: 'The client gave up (its timeouts and retries ran out) without accepting any reply.',
  }),
  outcome('undecided', (r) => r.undecided, {
    key: 'requests.undecided', id: 'undecided', schemes: ['state-machine', 'pbft'], bad: true, partOf: 'requests.issued',
    explain: 'Replies came, but no value reached the vote threshold (k+1 matching replies) before the client gave up.',
  }),
  outcome('unresolved', (r) => r.unresolved, {
    key: 'requests.unresolved', id: 'unresolved', schemes: BOTH, bad: false, partOf: 'requests.issued', omitWhen: (v) => v === 0,
    explain: 'Still waiting for an answer: the run is going on, or was stopped before the request ended.',
  }),
  figure({
    key: 'requests.executedTwice', id: 'twice', label: 'Executed twice', format: COUNT('requests'), schemes: BOTH, bad: true, partOf: 'requests.issued',
    explain: "The request's effect was applied more than once to the state the service ends with.",
    value: ({ summary }) => summary.requests.executedTwice,
  }),
  figure({
    key: 'firstWrongOrLost', id: 'first-wrong-or-lost', label: 'Fault to first wrong or lost request', format: FIRST_WRONG_OR_LOST, schemes: BOTH, bad: true,
    explain: 'From the first fault injected to the first moment a client accepted a wrong answer or gave up on a request (lost or undecided); "none" when nothing went wrong after it.',
    value: firstWrongOrLost,
  }),
  figure({
    key: 'latency.p50', id: 'p50', label: 'Latency p50', format: MS(), schemes: BOTH, bad: false,
    explain: 'Half of the accepted answers came at most this long after their request was issued.',
    value: ({ summary }) => summary.latencyMs.p50,
  }),
  figure({
    key: 'latency.p99', id: 'p99', label: 'Latency p99', format: MS(), schemes: BOTH, bad: false,
    explain: 'All but 1% of the accepted answers came at most this long after their request was issued.',
    value: ({ summary }) => summary.latencyMs.p99,
  }),
  figure({
    key: 'throughput', id: 'throughput', label: 'Throughput', format: RATE, schemes: BOTH, bad: false,
    explain: 'Answers accepted per second, from the first request issued to the last answer.',
    value: ({ summary }) => summary.throughputRps,
  }),
  figure({ key: 'messages.total', id: 'messages-total', label: 'Messages sent', format: COUNT('messages'), schemes: BOTH, bad: false, value: ({ summary }) => summary.messages.total }),
  figure({
    key: 'messages.perRequest', id: 'messages', label: 'Messages per request', format: NUMBER, schemes: BOTH, bad: false,
    explain: 'Messages sent (clients, replicas, sequencer and arbiter together) per request issued.',
    value: ({ summary }) => summary.messages.perRequest,
  }),
  figure({
    key: 'messages.dropped', id: 'dropped', label: 'Messages dropped', format: COUNT('messages'), schemes: BOTH, bad: false,
    explain: 'Messages the network lost: cut by a partition, dropped by an omission fault, or sent to a replica that was down.',
    value: ({ summary }) => summary.messages.dropped,
  }),
  figure({
    key: 'cpuMsPerRequest', id: 'cpu', label: 'CPU time per request', format: MS('not measured (simulation)'), schemes: BOTH, bad: false, omitWhen: (v) => v === null,
    explain: 'CPU time of all replica processes together, per request issued (real processes only).',
    value: ({ summary }) => summary.cpuMsPerRequest,
  }),
  figure({
    key: 'votes.decided', id: 'votes', label: 'Votes decided', format: COUNT('requests'), schemes: ['state-machine', 'pbft'], bad: false,
    explain: "Requests whose client's voter reached the threshold (k+1 matching replies; the first reply under fail-stop).",
    value: ({ summary }) => summary.votes.decided,
  }),
  figure({
    key: 'failovers.count', id: 'failovers', label: 'Failovers', format: COUNT(''), schemes: ['primary-backup', 'raft', 'pbft'], bad: false,
    explain: 'Times a new primary took over from the old one.',
    value: ({ summary }) => summary.failovers.length,
  }),
  figure({
    key: 'splitBrain', id: 'split', label: 'Split brain', format: YES_NO, schemes: ['primary-backup', 'raft', 'pbft'], bad: true,
    explain: 'Two primaries served clients at the same time.',
    value: ({ summary }) => summary.splitBrain,
  }),
  figure({
    key: 'divergence', id: 'diverged', label: 'Replicas diverged', format: YES_NO, schemes: BOTH, bad: true,
    explain: 'The live correct replicas ended in different states.',
    value: ({ summary }) => summary.divergence.diverged,
  }),
  figure({
    key: 'linearizable', id: 'linearizable', label: 'Linearizable', format: LINEARIZABLE, schemes: BOTH, bad: true, omitWhen: (v) => !v.checked,
    explain: 'One order of the operations, respecting real time, gives every accepted answer.',
    value: ({ summary }) => summary.linearizability,
  }),
  figure({
    key: 'byzantineReplicas', id: 'byzantine', label: 'Byzantine replicas', format: REPLICAS, schemes: BOTH, bad: false, omitWhen: (v) => v.length === 0,
    explain: 'Replicas that behaved arbitrarily (lied, colluded, equivocated, replied stale or stayed silent) at some point of the run.',
    value: ({ summary }) => summary.byzantineReplicas,
  }),
  figure({
    key: 'invariantViolations', id: 'invariants', label: 'Invariant violations', format: COUNT(''), schemes: BOTH, bad: true, omitWhen: (v) => v === 0,
    explain: "A replica's own invariant check failed (for instance, money appeared in the bank).",
    value: ({ summary }) => summary.invariantViolations,
  }),
  figure({
    key: 'garbageMessages', id: 'garbage', label: 'Invalid messages discarded', format: COUNT('messages'), schemes: BOTH, bad: true, omitWhen: (v) => v === 0,
    explain: 'Messages a replica sent that were not valid; the network discarded them.',
    value: ({ summary }) => summary.garbageMessages,
  }),
  figure({ key: 'durationMs', id: 'duration', label: 'Run length', format: MS(), schemes: BOTH, bad: false, value: ({ summary }) => summary.durationMs }),
];

/** A figure of one run, ready to show. */
export interface FigureView extends FigureParts {
  key: string;
  id: string;
  label: string;
  unit: string;
  explain: string | null;
  partOf: string | null;
  value: unknown;
  /** The figure in words, whole (the terminal, the report); `brief` and `note` are the same for a small tile. */
  text: string;
  /** The figure is one whose non-zero value is bad, and it is non-zero. */
  bad: boolean;
  /** The terminal and the tiles leave it out (nothing to say); the report lists it. */
  omit: boolean;
}

/** A figure's label and meaning in a language (the catalogue's own English by default). */
export function figureWords(f: Pick<Figure, 'key' | 'label' | 'explain'>, lang: Lang = 'en'): { label: string; explain: string | null } {
  if (lang === 'en') return { label: f.label, explain: f.explain };
  const words = (FIGURE_WORDS[lang] as Partial<Record<string, FigureWords>>)[f.key];
  return words ? { label: words.label, explain: words.explain ?? f.explain } : { label: f.label, explain: f.explain };
}

/** A run's figures: every catalogue row for its scheme that the input can be read for (labels and meanings in `lang`; values as written). */
export function figuresOf(input: FoldInput, catalogue: readonly Figure[] = FIGURES, lang: Lang = 'en'): FigureView[] {
  const out: FigureView[] = [];
  for (const f of catalogue) {
    if (!f.schemes.includes(input.summary.scheme)) continue;
    const r = f.read(input);
    if (!r) continue;
    const { label, explain } = figureWords(f, lang);
    out.push({ key: f.key, id: f.id, label, unit: f.unit, explain, partOf: f.partOf, value: r.value, text: r.text, brief: r.brief, note: r.note, bad: f.bad && r.set, omit: r.omit });
  }
  return out;
}

/** Keys of the figures read from the log rather than the summary: a summary alone cannot give them. */
export function logFigureKeys(summary: RunSummary): string[] {
  const alone = new Set(figuresOf({ summary }).map((f) => f.key));
  return figuresOf({ summary, requests: [], events: [] })
    .map((f) => f.key)
    .filter((k) => !alone.has(k));
}

/** What the app's run store needs from a (live or finished) log: each request's outcome, the summary and the figures. */
export interface LiveFigures {
  summary: RunSummary;
  outcomes: ReadonlyMap<string, Outcome>;
  figures: FigureView[];
}

/**
 * The one reading of a log the app shows: the shared analysis of the log so far, each
 * request's outcome, and the run's figures. With `final` (the run's own summary, once it
 * has ended), the figures taken from the summary are exactly the saved run's.
 */
export function liveFigures(events: readonly RunEvent[], final?: RunSummary | null): LiveFigures {
  return figuresOfReading(readRun(events, final));
}

/**
 * The same reading from a fold that has taken the log so far (a live run's, fed batch by
 * batch): the analysis is finished on what was folded, not run over the whole log again,
 * so reading a long live run costs its requests, not its events. `events` is that log.
 */
export function foldedFigures(fold: LogAnalyzer, events: readonly RunEvent[], final?: RunSummary | null): LiveFigures {
  const a = fold.finish({ logSha256: '' });
  return figuresOfReading(readingOf(final ?? a.summary, a.requests, events));
}

function figuresOfReading(reading: RunReading): LiveFigures {
  return { summary: reading.summary, outcomes: reading.outcomes, figures: figuresOf(reading) };
}
