/**
 * The charts of a run as ECharts options (plain data: no ECharts import, no DOM), built
 * once for both readers: the app draws them in the browser (canvas) and the report renders
 * them to SVG on the Node side (electron/report/charts.ts). Series, names, colours and
 * symbols come from here and from palette.ts only. What only the app needs (zoom, tooltips,
 * the scrub line, an aria description) is layered on with `{ interactive: true }`; what
 * only a printed page needs (a title, a legend that wraps instead of scrolling) without it.
 *
 * Custom series draw with what both renderers give a renderItem: `api.coord`, `api.value`,
 * `api.visual` and the coordinate system's rectangle.
 */
import type { Failover, Outcome, RequestRecord, RunSummary } from '../analysis/summary.js';
import type { Lang } from '../describe.js';
import { OUTCOME_LABEL, OUTCOME_LABELS } from '../describe.js';
import type { LiveModel } from './model.js';
import { BUCKET_MS } from './model.js';
import type { LaneKind, MarkerKind, OutcomeKind } from './palette.js';
import { INK, LANE_KINDS, LANE_STYLE, MARKER_KINDS, MARKER_STYLE, OUTAGE_STYLE, OUTCOME_STYLE } from './palette.js';
import type { LaneSegment, Marker, OutageWindow } from './timeline.js';
import { outageWindows } from './timeline.js';
import type { VerdictRow, VoteRow } from './votes.js';
import { replicaTally } from './votes.js';

/** An ECharts option, as plain data. */
export type ChartOption = Record<string, unknown>;

export interface ChartStyle {
  /** The app: zoom, tooltips, aria, a scrolling legend. Without it: a static page (the report). */
  interactive?: boolean;
  /** A title drawn inside the chart (the report; the app has headings of its own). */
  title?: string;
  /** The charts' words (axis names, series, tooltips) in the reader's language; English when absent. */
  words?: ChartWords;
}

type DecisionKey = 'correct' | 'masked' | 'wrong value accepted' | 'no majority';

/**
 * Every word the charts draw, so a reader passes its own language in (the app's message
 * tables) and this module holds no language but the English default.
 */
export interface ChartWords {
  timeAxis: string;
  clientsLane: string;
  replica: (n: number) => string;
  lanes: Record<LaneKind, string>;
  markers: Record<MarkerKind, string>;
  outage: string;
  unavailableFor: (ms: number) => string;
  atMs: (ms: number) => string;
  timelineAria: (replicas: number, endMs: number, failovers: number) => string;
  repliesAxis: string;
  matched: string;
  differed: string;
  neverDecided: string;
  tallyAria: (perReplica: { replica: number; matched: number; differed: number }[]) => string;
  decisions: Record<DecisionKey, string>;
  decidedAtAxis: string;
  requestsAxis: string;
  decisionsAria: (bucketMs: number, correct: number, wrong: number, noMajority: number) => string;
  outcomes: Record<Outcome, string>;
  issuedAtAxis: string;
  latencyAxis: string;
  correctAnswer: string;
  wrongAnswer: string;
}

const label = <K extends string>(styles: Record<K, { label: string }>): Record<K, string> =>
  Object.fromEntries(Object.entries<{ label: string }>(styles).map(([k, v]) => [k, v.label])) as Record<K, string>;

/** The charts' English words (the report's, and the app's in English). */
export const CHART_WORDS_EN: ChartWords = {
  timeAxis: 'time (ms)',
  clientsLane: 'clients',
  replica: (n) => `replica ${n}`,
  lanes: label(LANE_STYLE),
  markers: label(MARKER_STYLE),
  outage: OUTAGE_STYLE.label,
  unavailableFor: (ms) => `unavailable ${ms} ms`,
  atMs: (ms) => `at ${ms} ms`,
  timelineAria: (replicas, endMs, failovers) => `Failover timeline of ${replicas} replicas over ${endMs} ms, ${failovers} failover(s).`,
  repliesAxis: 'replies',
  matched: 'matched the accepted value',
  differed: 'differed from it',
  neverDecided: 'request never decided',
  tallyAria: (rows) => `Replies counted by the voters, per replica: ${rows.map((r) => `replica ${r.replica} ${r.matched} matched, ${r.differed} differed`).join('; ')}.`,
  decisions: { correct: 'correct (no dissent)', masked: 'masked (outvoted)', 'wrong value accepted': 'wrong value accepted', 'no majority': 'no majority' },
  decidedAtAxis: 'decided at (ms)',
  requestsAxis: 'requests',
  decisionsAria: (bucketMs, correct, wrong, noMajority) => `Vote decisions per ${bucketMs} ms: ${correct} correct, ${wrong} wrong value accepted, ${noMajority} without a majority.`,
  outcomes: OUTCOME_LABEL,
  issuedAtAxis: 'issued at (ms)',
  latencyAxis: 'latency (ms)',
  correctAnswer: 'correct answer',
  wrongAnswer: 'wrong answer',
};

/** The charts' words per language: the app's tables and the report read them from here. */
export const CHART_WORDS: Record<Lang, ChartWords> = {
  en: CHART_WORDS_EN,
  ko: {
    timeAxis: '시간 (ms)',
    clientsLane: '클라이언트',
    replica: (n) => `복제본 ${n}`,
    lanes: {
      primary: '주 복제본',
      deposed: '물러난 주 복제본 (아직 자신이 이끈다고 믿음)',
      backup: '백업',
      replica: '복제본',
      recovering: '복구 중 (상태 전송)',
      leader: '리더 (Raft)',
      follower: '팔로워 (Raft)',
      candidate: '후보 (Raft 리더 선출)',
      down: '중단됨',
      paused: '일시 정지',
      suspected: '의심받음',
      byzantine: '비잔틴',
      'cut off': '분할로 단절됨',
    },
    markers: {
      fault: '장애 주입',
      suspicion: '의심',
      'heartbeats stop': '하트비트 멈춤',
      'heartbeat lost': '하트비트 유실',
      election: '뷰 설치',
      'new primary': '새 주 복제본',
      redirect: '리다이렉트',
      retry: '재시도',
      lost: '요청 유실',
    },
    outage: '서비스 불가 (장애 극복)',
    unavailableFor: (ms) => `${ms} ms 동안 서비스 불가`,
    atMs: (ms) => `${ms} ms 시점`,
    timelineAria: (replicas, endMs, failovers) => `복제본 ${replicas}개의 ${endMs} ms 동안의 장애 극복 타임라인, 장애 극복 ${failovers}회.`,
    repliesAxis: '응답 수',
    matched: '받아들인 값과 일치',
    differed: '받아들인 값과 다름',
    neverDecided: '결정되지 않은 요청',
    tallyAria: (rows) => `투표자가 센 복제본별 응답: ${rows.map((r) => `복제본 ${r.replica} 일치 ${r.matched}, 다름 ${r.differed}`).join('; ')}.`,
    decisions: { correct: '올바름 (이견 없음)', masked: '차폐됨 (투표로 가려짐)', 'wrong value accepted': '잘못된 값 수락', 'no majority': '다수 없음' },
    decidedAtAxis: '결정 시각 (ms)',
    requestsAxis: '요청 수',
    decisionsAria: (bucketMs, correct, wrong, noMajority) => `${bucketMs} ms마다의 투표 결정: 올바름 ${correct}, 잘못된 값 수락 ${wrong}, 다수 없음 ${noMajority}.`,
    outcomes: OUTCOME_LABELS.ko,
    issuedAtAxis: '보낸 시각 (ms)',
    latencyAxis: '지연 시간 (ms)',
    correctAnswer: '올바른 응답',
    wrongAnswer: '틀린 응답',
  },
};

const wordsOf = (style: ChartStyle): ChartWords => style.words ?? CHART_WORDS_EN;

const TITLE_TEXT_STYLE = { fontSize: 14 };
/** Legend items per row on a static page, for sizing the space a wrapping legend takes. */
const LEGEND_ITEMS_PER_ROW = 5;
const LEGEND_ROW_PX = 22;

function titleOf(style: ChartStyle): ChartOption | undefined {
  return style.title === undefined ? undefined : { text: style.title, left: 'center', textStyle: TITLE_TEXT_STYLE };
}

/** The geometry both custom series need from ECharts' renderItem arguments. */
interface RenderParams {
  coordSys: unknown;
}
interface RenderApi {
  value: (dim: number) => unknown;
  coord: (v: number[]) => number[];
  size?: (v: number[]) => number | number[];
  visual: (key: string) => unknown;
}
interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const num = (api: RenderApi, dim: number): number => Number(api.value(dim));

// ---- the failover timeline ---------------------------------------------------------

/**
 * One lane segment: a role band across the middle of its lane, or an overlay as a thin band
 * along its top, clipped to the plot (the app zooms).
 */
export function laneRenderItem(params: RenderParams, api: RenderApi): ChartOption | null {
  const lane = num(api, 0);
  const start = api.coord([num(api, 1), lane]);
  const end = api.coord([num(api, 2), lane]);
  const sized = api.size?.([0, 1]);
  const band = Array.isArray(sized) ? (sized[1] ?? 20) : (sized ?? 20);
  const overlay = num(api, 3) === 1;
  const height = overlay ? band * 0.22 : band * 0.5;
  const y = (start[1] ?? 0) - (overlay ? band * 0.42 : band * 0.2);
  const plot = params.coordSys as Rect;
  const x0 = Math.max(start[0] ?? 0, plot.x);
  const x1 = Math.min(end[0] ?? 0, plot.x + plot.width);
  if (x1 <= x0) return null;
  return { type: 'rect', shape: { x: x0, y, width: Math.max(1, x1 - x0), height }, style: { fill: api.visual('color') as string } };
}

/** A failover's outage: a dashed box over every lane, with how long it lasted. */
export function outageRenderItem(params: RenderParams, api: RenderApi): ChartOption | null {
  const plot = params.coordSys as Rect;
  const x0 = Math.max(api.coord([num(api, 0), 0])[0] ?? 0, plot.x);
  const x1 = Math.min(api.coord([num(api, 1), 0])[0] ?? 0, plot.x + plot.width);
  if (x1 <= x0) return null;
  return {
    type: 'group',
    children: [
      { type: 'rect', shape: { x: x0, y: plot.y, width: Math.max(1, x1 - x0), height: plot.height }, style: { fill: OUTAGE_STYLE.fill, stroke: OUTAGE_STYLE.border, lineWidth: 1, lineDash: [4, 3] } },
      // At the foot of the box: fault labels sit at the top of the lanes.
      { type: 'text', x: x0 + 3, y: plot.y + plot.height - 19, style: { text: `unavailable ${Math.round(num(api, 2))} ms`, fill: OUTAGE_STYLE.text, fontSize: 11 } },
    ],
  };
}

export interface TimelineChartData {
  replicas: number;
  endMs: number;
  segments: readonly LaneSegment[];
  markers: readonly Marker[];
  outages: readonly OutageWindow[];
}

/** What the timeline chart draws of a run: the model's lanes and markers, the summary's failovers. */
export function timelineChartData(model: LiveModel, failovers: readonly Failover[]): TimelineChartData {
  return {
    replicas: model.scenario.replicas,
    endMs: Math.max(1, model.lastT),
    segments: model.segments,
    markers: model.markers,
    outages: outageWindows(failovers, model.commits, model.lastT),
  };
}

export function timelineLanes(replicas: number, words: ChartWords = CHART_WORDS_EN): string[] {
  return [words.clientsLane, ...Array.from({ length: replicas }, (_, i) => words.replica(i + 1))];
}

/** Faults are labelled on the chart itself while they are few enough to read. */
const MAX_LABELLED_FAULTS = 12;

function laneSeries(kind: LaneKind, d: TimelineChartData, words: ChartWords): ChartOption {
  const style = LANE_STYLE[kind];
  return {
    type: 'custom',
    name: words.lanes[kind],
    renderItem: laneRenderItem,
    encode: { x: [1, 2], y: 0 },
    itemStyle: { color: style.color },
    data: d.segments.filter((s) => s.kind === kind).map((s) => [s.lane, s.start, s.end ?? d.endMs, style.overlay ? 1 : 0, s.label]),
    z: style.overlay ? 3 : 2,
  };
}

const markerLabel = (p: { data?: unknown }): string => String((p.data as unknown[] | undefined)?.[2] ?? '');

function markerSeries(kind: MarkerKind, d: TimelineChartData, words: ChartWords): ChartOption {
  const style = MARKER_STYLE[kind];
  const data = d.markers.filter((m) => m.kind === kind).map((m) => [m.t, m.lane, m.label]);
  return {
    type: 'scatter',
    name: words.markers[kind],
    symbol: style.symbol,
    symbolRotate: style.symbolRotate,
    symbolSize: style.symbolSize,
    // A white rim keeps a filled marker visible over a band of any colour (a fault on a down replica).
    itemStyle: style.symbol.startsWith('empty') ? { color: style.color } : { color: style.color, borderColor: '#fff', borderWidth: 1 },
    data,
    label: kind === 'fault' && data.length <= MAX_LABELLED_FAULTS ? { show: true, position: 'top', formatter: markerLabel, fontSize: 10, color: INK, backgroundColor: 'rgba(255, 255, 255, 0.85)', padding: [1, 3], borderRadius: 2 } : { show: false },
    large: true,
    largeThreshold: 5000,
    z: kind === 'fault' ? 5 : 4,
  };
}

/** Legend icons of the rotated markers (a legend draws symbols unrotated): the fault's ▼, the redirect's →. */
const LEGEND_ICON: Partial<Record<MarkerKind, string>> = {
  fault: 'path://M0,0L10,0L5,9Z',
  redirect: 'path://M0,0L10,5L0,10L3,5Z',
};

function legendItem(name: string, words: ChartWords): ChartOption {
  const kind = MARKER_KINDS.find((k) => words.markers[k] === name);
  const icon = kind === undefined ? undefined : LEGEND_ICON[kind];
  return icon ? { name, icon } : { name };
}

export interface TimelineChartStyle extends ChartStyle {
  /** The moment the cluster view shows (the app's scrubber), drawn as a vertical line. */
  scrubMs?: number | null;
}

/**
 * The failover timeline: one lane per replica and one for the clients; a series per lane
 * kind and per marker kind (every kind, so the series keep their places as a live run
 * grows; the legend lists those with data), and the failovers' outages shaded.
 */
export function failoverTimelineOption(d: TimelineChartData, style: TimelineChartStyle = {}): ChartOption {
  const words = wordsOf(style);
  const lanes = timelineLanes(d.replicas, words);
  const series: ChartOption[] = [
    {
      type: 'custom',
      name: words.outage,
      renderItem: outageRenderItem,
      encode: { x: [0, 1] },
      itemStyle: { color: OUTAGE_STYLE.border },
      data: d.outages.map((o) => [o.startMs, o.endMs, o.unavailableMs]),
      z: 1,
      ...(style.interactive && style.scrubMs !== undefined && style.scrubMs !== null
        ? { markLine: { silent: true, symbol: 'none', lineStyle: { color: INK, type: 'solid' }, label: { formatter: `${style.scrubMs} ms` }, data: [{ xAxis: style.scrubMs }] } }
        : {}),
    },
    ...LANE_KINDS.map((kind) => laneSeries(kind, d, words)),
    ...MARKER_KINDS.map((kind) => markerSeries(kind, d, words)),
  ];
  const shown = series.filter((s) => (s.data as unknown[]).length > 0).map((s) => legendItem(s.name as string, words));
  const title = titleOf(style);
  const legendRows = style.interactive ? 1 : Math.max(1, Math.ceil(shown.length / LEGEND_ITEMS_PER_ROW));
  const top = (title ? 34 : 8) + (style.interactive ? LEGEND_ROW_PX + 6 : 0);
  const option: ChartOption = {
    animation: false,
    ...(title ? { title } : {}),
    grid: { left: 80, right: 30, top, bottom: style.interactive ? 64 : 40 + legendRows * LEGEND_ROW_PX },
    legend: style.interactive ? { type: 'scroll', top: title ? 26 : 0, data: shown } : { type: 'plain', bottom: 0, data: shown },
    // The axis ends at the run's end, unlabelled there (it would crowd the last round tick).
    xAxis: { type: 'value', min: 0, max: Math.ceil(d.endMs), name: words.timeAxis, nameLocation: 'middle', nameGap: 24, axisLabel: { showMaxLabel: false } },
    yAxis: { type: 'category', data: lanes, inverse: true, axisTick: { show: false }, splitLine: { show: true } },
    series,
  };
  if (!style.interactive) return option;
  return {
    ...option,
    aria: { enabled: true, label: { description: words.timelineAria(d.replicas, Math.round(d.endMs), d.outages.length) } },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const item = (Array.isArray(p) ? p[0] : p) as { data?: unknown[]; seriesType?: string; seriesName?: string } | undefined;
        const v = item?.data;
        if (!v) return '';
        if (item.seriesName === words.outage) return `${words.unavailableFor(Math.round(v[2] as number))}<br/>${Math.round(v[0] as number)}–${Math.round(v[1] as number)} ms`;
        if (item.seriesType === 'custom') return `${String(v[4])}<br/>${Math.round(v[1] as number)}–${Math.round(v[2] as number)} ms`;
        return `${String(v[2])}<br/>${words.atMs(Math.round(v[0] as number))}`;
      },
    },
    dataZoom: [
      { type: 'inside', xAxisIndex: 0, filterMode: 'weakFilter' },
      { type: 'slider', xAxisIndex: 0, filterMode: 'weakFilter', height: 20, bottom: 10, labelFormatter: (v: number) => `${Math.round(v)} ms` },
    ],
  };
}

/** The timeline's height on a static page (pixels), for a number of replicas and legend entries. */
export function failoverTimelineHeight(d: TimelineChartData, words?: ChartWords): number {
  const option = failoverTimelineOption(d, words ? { words } : {});
  const legendRows = Math.ceil(((option.legend as { data: unknown[] }).data.length || 1) / LEGEND_ITEMS_PER_ROW);
  return 90 + 40 * (d.replicas + 1) + legendRows * LEGEND_ROW_PX;
}

// ---- votes ---------------------------------------------------------------------------

/**
 * Legend and plot of the vote charts: in the app a one-line legend over the plot (the
 * panel is narrow), on a page a wrapping legend under it; room above the plot for the
 * y axis's name either way.
 */
function barLayout(style: ChartStyle, left: number, bottom: number): ChartOption {
  if (style.interactive) return { legend: { type: 'scroll', top: 0 }, grid: { left, right: 20, top: 56, bottom } };
  return { legend: { bottom: 0 }, grid: { left, right: 20, top: style.title === undefined ? 30 : 50, bottom: bottom + 28 } };
}

const nonZeroLabel = (p: { value?: unknown }): string => (p.value ? String(p.value) : '');

/** Per replica: counted replies that matched the accepted value, differed from it, or belong to a request never decided. */
export function voteTallyOption(rows: readonly VoteRow[], replicas: number, style: ChartStyle = {}): ChartOption {
  const words = wordsOf(style);
  const t = replicaTally(rows, replicas);
  const inside = { show: true, position: 'inside', color: '#fff', formatter: nonZeroLabel };
  const bar = (name: string, kind: OutcomeKind, data: number[]): ChartOption => ({ type: 'bar', name, stack: 'replies', itemStyle: { color: OUTCOME_STYLE[kind].color }, label: inside, data, barMaxWidth: 60 });
  const title = titleOf(style);
  const option: ChartOption = {
    animation: false,
    ...(title ? { title } : {}),
    ...barLayout(style, 50, 28),
    xAxis: { type: 'category', data: Array.from({ length: replicas }, (_, i) => words.replica(i + 1)) },
    yAxis: { type: 'value', name: words.repliesAxis, minInterval: 1 },
    series: [bar(words.matched, 'correct', t.agree), bar(words.differed, 'wrong', t.differ), bar(words.neverDecided, 'no majority', t.unsettled)],
  };
  if (!style.interactive) return option;
  return {
    ...option,
    tooltip: { trigger: 'axis' },
    aria: { enabled: true, label: { description: words.tallyAria(t.agree.map((a, i) => ({ replica: i + 1, matched: a, differed: t.differ[i] ?? 0 }))) } },
  };
}

const DECISIONS: { verdict: DecisionKey; kind: OutcomeKind }[] = [
  { verdict: 'correct', kind: 'correct' },
  { verdict: 'masked', kind: 'masked' },
  { verdict: 'wrong value accepted', kind: 'wrong' },
  { verdict: 'no majority', kind: 'no majority' },
];

/** Vote decisions per BUCKET_MS, stacked by verdict (by the time they were decided). */
export function voteDecisionsOption(rows: readonly VerdictRow[], style: ChartStyle = {}): ChartOption {
  const words = wordsOf(style);
  const buckets = new Map<number, Record<DecisionKey, number>>();
  for (const { row, verdict } of rows) {
    if (row.decidedAt === null || !DECISIONS.some((d) => d.verdict === verdict)) continue;
    const b = Math.floor(row.decidedAt / BUCKET_MS) * BUCKET_MS;
    const slot = buckets.get(b) ?? { correct: 0, masked: 0, 'wrong value accepted': 0, 'no majority': 0 };
    slot[verdict as DecisionKey] += 1;
    buckets.set(b, slot);
  }
  // Every bucket from the first to the last, empty ones included, so each bar fills its
  // bucket's width: a steady run reads as a steady wall, not as bursts with gaps.
  const keys = [...buckets.keys()];
  const xs = keys.length === 0 ? [] : Array.from({ length: Math.max(...keys) / BUCKET_MS + 1 }, (_, i) => i * BUCKET_MS);
  const title = titleOf(style);
  const option: ChartOption = {
    animation: false,
    ...(title ? { title } : {}),
    ...barLayout(style, 48, 44),
    xAxis: { type: 'value', name: words.decidedAtAxis, nameLocation: 'middle', nameGap: 24, min: 0 },
    yAxis: { type: 'value', name: words.requestsAxis, minInterval: 1 },
    series: DECISIONS.map((d) => ({
      type: 'bar',
      name: words.decisions[d.verdict],
      stack: 'decisions',
      itemStyle: { color: OUTCOME_STYLE[d.kind].color },
      data: xs.map((x) => [x + BUCKET_MS / 2, buckets.get(x)?.[d.verdict] ?? 0]),
      // On a value axis a bar's band is the smallest gap between points: one bucket.
      barWidth: '96%',
    })),
  };
  if (!style.interactive) return option;
  const total = (v: DecisionKey): number => rows.filter((r) => r.verdict === v).length;
  return {
    ...option,
    tooltip: { trigger: 'axis' },
    aria: { enabled: true, label: { description: words.decisionsAria(BUCKET_MS, total('correct') + total('masked'), total('wrong value accepted'), total('no majority')) } },
  };
}

// ---- requests --------------------------------------------------------------------------

const OUTCOMES: { key: RequestRecord['outcome']; kind: OutcomeKind }[] = [
  { key: 'answered-correct', kind: 'correct' },
  { key: 'answered-wrong', kind: 'wrong' },
  { key: 'undecided', kind: 'undecided' },
  { key: 'lost', kind: 'lost' },
  { key: 'unresolved', kind: 'unresolved' },
];

/** Requests issued per time bucket, stacked by how each ended (outcomes with none left out). */
export function outcomesOption(requests: readonly RequestRecord[], durationMs: number, style: ChartStyle = {}): ChartOption {
  const words = wordsOf(style);
  const bucketMs = Math.max(50, Math.ceil(durationMs / 40 / 50) * 50);
  const buckets = Math.max(1, Math.ceil((durationMs + 1) / bucketMs));
  const series = OUTCOMES.map((o) => {
    const data = new Array<number>(buckets).fill(0);
    for (const r of requests) if (r.outcome === o.key) data[Math.min(buckets - 1, Math.floor(r.issuedAt / bucketMs))]! += 1;
    return { name: words.outcomes[o.key], type: 'bar', stack: 'outcome', data, itemStyle: { color: OUTCOME_STYLE[o.kind].color }, barCategoryGap: '10%' };
  }).filter((s) => s.data.some((x) => x > 0));
  const title = titleOf(style);
  return {
    animation: false,
    ...(title ? { title } : {}),
    legend: { bottom: 0 },
    grid: { left: 50, right: 20, top: title ? 40 : 16, bottom: 60 },
    xAxis: { type: 'category', data: Array.from({ length: buckets }, (_, i) => `${i * bucketMs}`), name: words.issuedAtAxis, nameLocation: 'middle', nameGap: 26 },
    yAxis: { type: 'value', name: words.requestsAxis, minInterval: 1 },
    series,
    ...(style.interactive ? { tooltip: { trigger: 'axis' } } : {}),
  };
}

/** Latency of every accepted answer against its issue time (correct and wrong apart), with p50 and p99 lines. */
export function latencyOption(requests: readonly RequestRecord[], latencyMs: RunSummary['latencyMs'], style: ChartStyle = {}): ChartOption {
  const words = wordsOf(style);
  const correct: [number, number][] = [];
  const wrong: [number, number][] = [];
  for (const r of requests) {
    if (r.latencyMs === undefined) continue;
    (r.outcome === 'answered-wrong' ? wrong : correct).push([r.issuedAt, r.latencyMs]);
  }
  const marks: { name: string; yAxis: number }[] = [];
  if (latencyMs.p50 !== null) marks.push({ name: 'p50', yAxis: latencyMs.p50 });
  if (latencyMs.p99 !== null) marks.push({ name: 'p99', yAxis: latencyMs.p99 });
  const scatter = (name: string, kind: OutcomeKind, data: [number, number][]): ChartOption => ({
    name,
    type: 'scatter',
    symbol: OUTCOME_STYLE[kind].symbol,
    symbolSize: kind === 'wrong' ? 6 : 4,
    data,
    itemStyle: { color: OUTCOME_STYLE[kind].color },
    large: true,
    largeThreshold: 5000,
  });
  const title = titleOf(style);
  return {
    animation: false,
    ...(title ? { title } : {}),
    legend: { bottom: 0 },
    grid: { left: 60, right: 40, top: title ? 40 : 16, bottom: 60 },
    xAxis: { type: 'value', name: words.issuedAtAxis, nameLocation: 'middle', nameGap: 26, min: 0 },
    yAxis: { type: 'value', name: words.latencyAxis },
    series: [
      { ...scatter(words.correctAnswer, 'correct', correct), markLine: { silent: true, symbol: 'none', lineStyle: { color: INK, type: 'dashed' }, label: { formatter: '{b}: {c} ms', position: 'insideEndTop' }, data: marks } },
      scatter(words.wrongAnswer, 'wrong', wrong),
    ],
    ...(style.interactive ? { tooltip: { trigger: 'item' } } : {}),
  };
}
