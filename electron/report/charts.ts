/**
 * The report's charts, drawn by ECharts' server-side SVG renderer (no DOM, no canvas):
 * each function takes run data and returns one self-contained `<svg>` string.
 */
import * as echarts from 'echarts';
import type { RequestRecord, RunSummary } from '../../shared/analysis/summary.js';
import type { RunEvent } from '../../shared/events.js';
import { canonicalJson } from '../../shared/json.js';
import type { SweepResult } from '../../shared/sweep.js';
import { sweepChartHeight, sweepChartOption } from '../../shared/sweep-chart.js';

type Option = Parameters<echarts.ECharts['setOption']>[0];

const FONT = 'Helvetica, Arial, sans-serif';
export const COLORS = {
  correct: '#2e7d32',
  wrong: '#c62828',
  lost: '#6d4c41',
  undecided: '#ef6c00',
  unresolved: '#9e9e9e',
  primary: '#1565c0',
  backup: '#90caf9',
  replica: '#81c784',
  recovering: '#ffb74d',
  down: '#424242',
  paused: '#bdbdbd',
  fault: '#d32f2f',
  suspect: '#7b1fa2',
} as const;

/** Renders an ECharts option to an SVG string of the given size. */
export function renderSvg(option: Option, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const OUTCOMES = [
  { key: 'answered-correct', label: 'answered correctly', color: COLORS.correct },
  { key: 'answered-wrong', label: 'answered wrong', color: COLORS.wrong },
  { key: 'undecided', label: 'undecided', color: COLORS.undecided },
  { key: 'lost', label: 'lost', color: COLORS.lost },
  { key: 'unresolved', label: 'unresolved', color: COLORS.unresolved },
] as const;

/** Requests issued per time bucket, stacked by how each ended. */
export function outcomesChart(requests: readonly RequestRecord[], durationMs: number): string {
  const bucketMs = Math.max(50, Math.ceil(durationMs / 40 / 50) * 50);
  const buckets = Math.max(1, Math.ceil((durationMs + 1) / bucketMs));
  const labels = Array.from({ length: buckets }, (_, i) => `${i * bucketMs}`);
  const series = OUTCOMES.map((o) => {
    const data = new Array<number>(buckets).fill(0);
    for (const r of requests) if (r.outcome === o.key) data[Math.min(buckets - 1, Math.floor(r.issuedAt / bucketMs))]! += 1;
    return { name: o.label, type: 'bar' as const, stack: 'outcome', data, itemStyle: { color: o.color }, barCategoryGap: '10%' };
  }).filter((s) => s.data.some((x) => x > 0));
  return renderSvg(
    {
      title: { text: 'Requests by issue time and outcome', left: 'center', textStyle: { fontSize: 14 } },
      legend: { bottom: 0 },
      grid: { left: 50, right: 20, top: 40, bottom: 60 },
      xAxis: { type: 'category', data: labels, name: 'issued at (ms)', nameLocation: 'middle', nameGap: 26 },
      yAxis: { type: 'value', name: 'requests', minInterval: 1 },
      series,
    },
    760,
    300,
  );
}

/** Per replica: replies that matched the value the voter accepted, replies that differed. */
export function voteTallyChart(events: readonly RunEvent[], n: number): string | null {
  const accepted = new Map<string, string>();
  for (const e of events) if (e.type === 'accept') accepted.set(`${e.client}:${e.req}`, canonicalJson(e.value));
  const agree = new Array<number>(n).fill(0);
  const differ = new Array<number>(n).fill(0);
  const unsettled = new Array<number>(n).fill(0);
  let votes = 0;
  for (const e of events) {
    if (e.type !== 'vote' || e.from < 1 || e.from > n) continue;
    votes += 1;
    const a = accepted.get(`${e.client}:${e.req}`);
    if (a === undefined) unsettled[e.from - 1]! += 1;
    else if (a === canonicalJson(e.value)) agree[e.from - 1]! += 1;
    else differ[e.from - 1]! += 1;
  }
  if (votes === 0) return null;
  const labels = Array.from({ length: n }, (_, i) => `replica ${i + 1}`);
  return renderSvg(
    {
      title: { text: 'Vote tally: each replica\'s replies against the accepted value', left: 'center', textStyle: { fontSize: 14 } },
      legend: { bottom: 0 },
      grid: { left: 50, right: 20, top: 40, bottom: 50 },
      xAxis: { type: 'category', data: labels },
      yAxis: { type: 'value', name: 'replies', minInterval: 1 },
      series: [
        { name: 'matched the accepted value', type: 'bar', stack: 'v', data: agree, itemStyle: { color: COLORS.correct }, label: { show: true, position: 'inside', color: '#fff' } },
        { name: 'differed from it', type: 'bar', stack: 'v', data: differ, itemStyle: { color: COLORS.wrong }, label: { show: true, position: 'inside', color: '#fff', formatter: (p: { value: unknown }) => (p.value ? String(p.value) : '') } },
        { name: 'request never decided', type: 'bar', stack: 'v', data: unsettled, itemStyle: { color: COLORS.undecided } },
      ],
    },
    760,
    300,
  );
}

/** Latency of every answered request against its issue time, with p50 and p99 lines. */
export function latencyChart(requests: readonly RequestRecord[], summary: RunSummary): string {
  const correct: [number, number][] = [];
  const wrong: [number, number][] = [];
  for (const r of requests) {
    if (r.latencyMs === undefined) continue;
    (r.outcome === 'answered-wrong' ? wrong : correct).push([r.issuedAt, r.latencyMs]);
  }
  const marks: { name: string; yAxis: number }[] = [];
  if (summary.latencyMs.p50 !== null) marks.push({ name: 'p50', yAxis: summary.latencyMs.p50 });
  if (summary.latencyMs.p99 !== null) marks.push({ name: 'p99', yAxis: summary.latencyMs.p99 });
  return renderSvg(
    {
      title: { text: 'Latency of accepted answers', left: 'center', textStyle: { fontSize: 14 } },
      legend: { bottom: 0 },
      grid: { left: 60, right: 40, top: 40, bottom: 60 },
      xAxis: { type: 'value', name: 'issued at (ms)', nameLocation: 'middle', nameGap: 26, min: 0 },
      yAxis: { type: 'value', name: 'latency (ms)' },
      series: [
        {
          name: 'correct answer',
          type: 'scatter',
          symbolSize: 3,
          data: correct,
          itemStyle: { color: COLORS.correct },
          markLine: { symbol: 'none', lineStyle: { color: '#333', type: 'dashed' }, label: { formatter: '{b}: {c} ms', position: 'insideEndTop' }, data: marks },
        },
        { name: 'wrong answer', type: 'scatter', symbolSize: 3, data: wrong, itemStyle: { color: COLORS.wrong } },
      ],
    },
    760,
    300,
  );
}

type Lane = 'primary' | 'backup' | 'replica' | 'recovering' | 'down' | 'paused';

/** Each replica's role over time, with faults and suspicions marked: the failover timeline. */
export function failoverTimelineChart(events: readonly RunEvent[], n: number, durationMs: number): string {
  const segments: { replica: number; from: number; to: number; lane: Lane }[] = [];
  const current = new Map<number, { lane: Lane; since: number; role: Lane }>();
  const set = (replica: number, t: number, lane: Lane, role?: Lane): void => {
    const cur = current.get(replica);
    if (cur && cur.lane === lane) return;
    if (cur && t > cur.since) segments.push({ replica, from: cur.since, to: t, lane: cur.lane });
    current.set(replica, { lane, since: t, role: role ?? cur?.role ?? 'replica' });
  };
  const faults: { t: number; replica: number; label: string }[] = [];
  const suspicions: { t: number; replica: number; suspect: number }[] = [];
  for (const e of events) {
    if (e.type === 'role') set(e.replica, e.t, e.role, e.role);
    else if (e.type === 'process') {
      if (e.status === 'crashed' || e.status === 'exited') set(e.replica, e.t, 'down');
      else if (e.status === 'paused') set(e.replica, e.t, 'paused');
      else if (e.status === 'resumed') set(e.replica, e.t, current.get(e.replica)?.role ?? 'replica');
      else if (e.status === 'started' && !current.has(e.replica)) set(e.replica, e.t, 'replica');
    } else if (e.type === 'fault') {
      const f = e.fault;
      const label = f.type === 'byzantine' ? `byzantine ${f.behavior}` : f.type;
      if ('replica' in f) faults.push({ t: e.t, replica: f.replica, label });
      else for (let r = 1; r <= n; r++) faults.push({ t: e.t, replica: r, label });
    } else if (e.type === 'suspect') suspicions.push({ t: e.t, replica: e.replica, suspect: e.suspect });
  }
  for (const [replica, cur] of current) if (durationMs > cur.since) segments.push({ replica, from: cur.since, to: durationMs, lane: cur.lane });
  const lanes: Lane[] = ['primary', 'backup', 'replica', 'recovering', 'paused', 'down'];
  const categories = Array.from({ length: n }, (_, i) => `replica ${i + 1}`);
  const present = lanes.filter((l) => segments.some((s) => s.lane === l));
  const series = present.map((lane) => ({
    name: lane,
    type: 'custom' as const,
    itemStyle: { color: COLORS[lane] },
    encode: { x: [1, 2], y: 0 },
    data: segments.filter((s) => s.lane === lane).map((s) => [s.replica - 1, s.from, s.to]),
    renderItem: (_params: unknown, api: { value: (i: number) => number; coord: (v: number[]) => number[]; size: (v: number[]) => number[]; visual: (k: string) => string }) => {
      const y = api.value(0);
      const start = api.coord([api.value(1), y]);
      const end = api.coord([api.value(2), y]);
      const h = (api.size([0, 1])[1] ?? 20) * 0.5;
      return { type: 'rect', shape: { x: start[0] ?? 0, y: (start[1] ?? 0) - h / 2, width: Math.max(1, (end[0] ?? 0) - (start[0] ?? 0)), height: h }, style: { fill: api.visual('color') } };
    },
  }));
  return renderSvg(
    {
      title: { text: 'Roles over time, with faults (▼) and suspicions (◆)', left: 'center', textStyle: { fontSize: 14 } },
      legend: { bottom: 0 },
      grid: { left: 80, right: 30, top: 40, bottom: 60 },
      xAxis: { type: 'value', min: 0, max: Math.ceil(durationMs), name: 'time (ms)', nameLocation: 'middle', nameGap: 26 },
      yAxis: { type: 'category', data: categories, inverse: true },
      series: [
        ...series,
        {
          name: 'fault',
          type: 'scatter',
          symbol: 'triangle',
          symbolRotate: 180,
          symbolSize: 11,
          itemStyle: { color: COLORS.fault },
          data: faults.map((f) => ({ value: [f.t, f.replica - 1], name: f.label })),
          label: { show: faults.length <= 12, position: 'top', formatter: '{b}', fontSize: 10, color: COLORS.fault },
        },
        {
          name: 'suspicion',
          type: 'scatter',
          symbol: 'diamond',
          symbolSize: 8,
          itemStyle: { color: COLORS.suspect },
          data: suspicions.map((s) => [s.t, s.suspect - 1]),
        },
      ],
    },
    760,
    Math.max(180, 90 + 40 * n),
  );
}

/** The sweep grid chart (shared/sweep-chart.ts: the same option the app draws). */
export function sweepChart(result: SweepResult): string {
  return renderSvg(sweepChartOption(result) as Option, 900, sweepChartHeight(result));
}
