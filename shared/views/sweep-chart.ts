/**
 * The sweep as a chart, as an ECharts option: one row per configuration, one column per
 * fault count, green where the guarantee held and vermillion where it broke (the label is the
 * share answered correctly); a black bar after the predicted tolerance marks the bound,
 * so "k faults fine, k+1 not" and "2k+1 against 2k" read at a glance. A sweep over several
 * schemes draws one group of rows per scheme, under a heading that states that scheme's
 * own claim (its bound and the faults it covers), each group with its own bars. A fault
 * kind outside a scheme's claim (lies against a fail-stop scheme) has no bar, and where it
 * broke the cell is grey, "beyond its claim", not vermillion: no failure of the scheme.
 * The legend names every mark. The report draws it as SVG on the Node side
 * (electron/report/charts.ts); the app draws the same option in its sweep view. Pure
 * data: no ECharts import, no DOM.
 */
import type { SweepResult, SweepRow, SweepSeries } from '../sweep.js';
import type { Lang } from '../describe.js';
import type { FailureModel, Scheme } from '../scenario.js';
import { INK, SWEEP_STYLE } from './palette.js';

/** The fault counts of a sweep, in order: the chart's columns. */
export function sweepFaultCounts(result: SweepResult): number[] {
  return [...new Set(result.rows.map((r) => r.faults))].sort((a, b) => a - b);
}

/** The sweep chart's words in the reader's language (English by default). */
export interface SweepChartWords {
  title: (scheme: string, failureModel: string) => string;
  /** The title of a sweep over several schemes. */
  titleSchemes: string;
  /**
   * A scheme's group heading: who it trusts, then after the first " · " the faults it covers
   * and its bound (the chart sets the two parts on two lines, so a narrow window has room).
   */
  group: (scheme: Scheme, failureModel: FailureModel) => string;
  faultyAxis: string;
  held: string;
  broke: string;
  /** A break under a fault kind the scheme does not claim to tolerate. */
  beyond: string;
  /** Right of a row: where its bar stands ("bound ≤ 1"). */
  boundRow: (tolerance: number) => string;
  /** Right of a row whose fault kind is beyond the scheme's claim (it has no bar). */
  beyondRow: string;
  /** The black bar, in the legend of a sweep over several schemes. */
  bound: string;
  /** The black bar, in the legend of a one-scheme sweep. */
  boundOne: string;
  /** A cell where the guarantee held. */
  heldCell: string;
}

/** A grey that reads apart from green and vermillion, also in grey print (lighter than both). */
const BEYOND_COLOR = '#9AA0A6';

function groupEn(scheme: Scheme, failureModel: FailureModel): string {
  switch (scheme) {
    case 'state-machine':
      return failureModel === 'arbitrary'
        ? 'State-machine replication, trusted sequencer · arbitrary faults · 2k+1 replicas mask k'
        : 'State-machine replication, trusted sequencer · fail-stop · k+1 replicas survive k stops; lies are beyond its claim';
    case 'primary-backup':
      return 'Primary-backup, trusted arbiter · fail-stop · k+1 replicas survive k stops; lies are beyond its claim';
    case 'raft':
      return 'Raft, no trusted helper · crashes · 2k+1 replicas survive k (a majority must stay up); lies are beyond its claim';
    case 'pbft':
      return 'PBFT, no trusted helper · Byzantine faults · 3k+1 replicas mask k (quorums of 2k+1)';
  }
}

function groupKo(scheme: Scheme, failureModel: FailureModel): string {
  switch (scheme) {
    case 'state-machine':
      return failureModel === 'arbitrary'
        ? '상태 기계 복제, 신뢰하는 순서 지정자 · 임의 장애 · 복제본 2k+1개가 k개를 가림'
        : '상태 기계 복제, 신뢰하는 순서 지정자 · 정지 장애 · 복제본 k+1개는 k개가 멈춰도 됨; 거짓말은 주장 범위 밖';
    case 'primary-backup':
      return '주-백업, 신뢰하는 중재자 · 정지 장애 · 복제본 k+1개는 k개가 멈춰도 됨; 거짓말은 주장 범위 밖';
    case 'raft':
      return 'Raft, 신뢰하는 조정자 없음 · 크래시 · 복제본 2k+1개는 k개가 죽어도 됨 (과반수가 살아 있어야 함); 거짓말은 주장 범위 밖';
    case 'pbft':
      return 'PBFT, 신뢰하는 조정자 없음 · 비잔틴 장애 · 복제본 3k+1개가 k개를 가림 (정족수 2k+1)';
  }
}

export const SWEEP_CHART_WORDS_EN: SweepChartWords = {
  title: (scheme, failureModel) => `Guarantee held (green) or broke (vermillion): ${scheme}, ${failureModel}`,
  titleSchemes: 'Each scheme against its own bound: held (green) or broke (vermillion)',
  group: groupEn,
  faultyAxis: 'faulty replicas',
  held: SWEEP_STYLE.held.label,
  broke: SWEEP_STYLE.broke.label,
  beyond: 'broke, beyond the scheme\'s claim',
  boundRow: (t) => `bound: ≤ ${t} faulty`,
  beyondRow: 'beyond its claim',
  bound: "predicted bound: holds up to the bar (each scheme's own)",
  boundOne: 'predicted bound: holds up to the bar',
  heldCell: 'held',
};

/** The sweep chart's words per language. */
export const SWEEP_CHART_WORDS: Record<Lang, SweepChartWords> = {
  en: SWEEP_CHART_WORDS_EN,
  ko: {
    title: (scheme, failureModel) => `보장 성립(초록) 또는 깨짐(주홍): ${scheme}, ${failureModel}`,
    titleSchemes: '방식마다 자기 한계와 비교: 성립(초록), 깨짐(주홍)',
    group: groupKo,
    faultyAxis: '결함 복제본 수',
    held: '보장 성립',
    broke: '보장 깨짐',
    beyond: '깨짐, 방식이 주장하는 범위 밖',
    boundRow: (t) => `한계: 결함 ≤ ${t}개`,
    beyondRow: '주장 범위 밖',
    bound: '예측한 한계: 막대까지는 성립해야 함 (방식마다 따로)',
    boundOne: '예측한 한계: 막대까지는 성립해야 함',
    heldCell: '성립',
  },
};

/** The share of requests answered correctly, as the cell's label ("held" when the guarantee held). */
export function sweepCellLabel(r: { held: boolean; answeredCorrect: number; issued: number }, words: SweepChartWords = SWEEP_CHART_WORDS_EN): string {
  return r.held ? words.heldCell : `${Math.floor((100 * r.answeredCorrect) / Math.max(1, r.issued))}%`;
}

/** A cell's colour class: held, broke within the scheme's claim, or broke beyond it. */
export type SweepCellKind = 'held' | 'broke' | 'beyond';

export function sweepCellKind(r: Pick<SweepRow, 'held' | 'predictedTolerance'>): SweepCellKind {
  if (r.held) return 'held';
  return r.predictedTolerance === null ? 'beyond' : 'broke';
}

/** The visual map's value of each kind of cell. */
const CELL_VALUE: Record<SweepCellKind, number> = { held: 0, broke: 1, beyond: 2 };

interface CustomApi {
  value: (i: number) => number;
  coord: (v: number[]) => number[];
  size: (v: number[]) => number[];
}

/** Layout, in pixels: each row, each group's heading and axis, the title and the legends. */
const ROW_PX = 34;
/** A group's heading: the scheme on one line, its claim on the next. */
const HEADING_PX = 38;
const AXIS_PX = 26;
const TOP_PX = 40;
const BOTTOM_PX = 96;

/** The series of each scheme swept, in the result's order (schemes without a run left out). */
function groups(result: SweepResult): { scheme: Scheme; failureModel: FailureModel; series: SweepSeries[] }[] {
  return result.schemes
    .map((g) => ({ ...g, series: result.series.filter((s) => s.scheme === g.scheme) }))
    .filter((g) => g.series.length > 0);
}

/**
 * The sweep series a cell of the chart belongs to, from the chart series it was drawn in
 * and its row there (what a tooltip is given): each scheme's group draws two chart series,
 * its cells and its bars, and numbers its rows from 0.
 */
export function sweepSeriesAt(result: SweepResult, chartSeriesIndex: number, row: number): SweepSeries | undefined {
  return groups(result)[Math.floor(chartSeriesIndex / 2)]?.series[row];
}

function boundLabel(s: SweepSeries, words: SweepChartWords): string {
  return s.predictedTolerance === null ? words.beyondRow : words.boundRow(s.predictedTolerance);
}

/** The chart's option (a heatmap per scheme + a piecewise visual map + a custom series for each scheme's bound). */
export function sweepChartOption(result: SweepResult, words: SweepChartWords = SWEEP_CHART_WORDS_EN): Record<string, unknown> {
  const counts = sweepFaultCounts(result);
  const parts = groups(result);
  const grouped = result.schemes.length > 1;
  const boundName = grouped ? words.bound : words.boundOne;
  const labels = parts.flatMap((g) => g.series.map((s) => (grouped ? s.rowLabel : s.label)));
  const left = Math.min(340, 20 + 6.5 * Math.max(0, ...labels.map((l) => l.length)));
  // Hangul runs about twice as wide as Latin letters at the same size.
  const right = Math.min(200, 24 + Math.max(0, ...parts.flatMap((g) => g.series.map((s) => [...boundLabel(s, words)].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 13 : 6.5), 0)))));
  const titles: Record<string, unknown>[] = [
    { text: grouped ? words.titleSchemes : words.title(result.scheme, result.failureModel), left: 'center', textStyle: { fontSize: 14 } },
  ];
  const grids: Record<string, unknown>[] = [];
  const xAxes: Record<string, unknown>[] = [];
  const yAxes: Record<string, unknown>[] = [];
  const series: Record<string, unknown>[] = [];
  const heatmaps: number[] = [];
  let top = TOP_PX;
  parts.forEach((g, i) => {
    const last = i === parts.length - 1;
    if (grouped) {
      const heading = words.group(g.scheme, g.failureModel);
      const cut = heading.indexOf(' · ');
      const [name, claim] = cut < 0 ? [heading, ''] : [heading.slice(0, cut), heading.slice(cut + 3)];
      titles.push({
        text: claim ? `{name|${name}}\n{claim|${claim}}` : `{name|${name}}`,
        left: 12,
        top,
        textStyle: { rich: { name: { fontSize: 12, fontWeight: 'bold', color: INK, lineHeight: 16 }, claim: { fontSize: 12, fontWeight: 'normal', color: INK, lineHeight: 16 } } },
      });
      top += HEADING_PX;
    }
    const height = ROW_PX * g.series.length;
    grids.push({ left, right, top, height });
    top += height + AXIS_PX;
    xAxes.push({
      type: 'category',
      gridIndex: i,
      data: counts.map((c) => `${c}`),
      ...(last ? { name: words.faultyAxis, nameLocation: 'middle', nameGap: 26 } : {}),
      splitArea: { show: true },
    });
    yAxes.push({ type: 'category', gridIndex: i, data: g.series.map((s) => (grouped ? s.rowLabel : s.label)), inverse: true, splitArea: { show: true } });
    // The right-hand labels say where each row's bar stands, or why it has none.
    yAxes.push({
      type: 'category',
      gridIndex: i,
      position: 'right',
      data: g.series.map((s) => boundLabel(s, words)),
      inverse: true,
      axisLine: { show: false },
      axisTick: { show: false },
      axisLabel: { color: INK },
    });
    const data = g.series.flatMap((s, y) =>
      s.rows.map((r) => ({
        value: [counts.indexOf(r.faults), y, CELL_VALUE[sweepCellKind(r)]],
        label: { formatter: sweepCellLabel(r, words) },
      })),
    );
    const bounds = g.series
      .map((s, y) => [s.predictedTolerance === null ? -1 : counts.indexOf(s.predictedTolerance), y])
      .filter(([x]) => x !== undefined && x >= 0);
    heatmaps.push(series.length);
    series.push({
      name: 'outcome',
      type: 'heatmap',
      xAxisIndex: i,
      yAxisIndex: 2 * i,
      data,
      label: { show: true, color: '#fff', fontWeight: 'bold' },
      itemStyle: { borderColor: '#fff', borderWidth: 2 },
    });
    series.push({
      name: boundName,
      type: 'custom',
      xAxisIndex: i,
      yAxisIndex: 2 * i,
      data: bounds,
      itemStyle: { color: INK },
      renderItem: (_p: unknown, api: CustomApi) => {
        const c = api.coord([api.value(0), api.value(1)]);
        const size = api.size([1, 1]);
        const x = (c[0] ?? 0) + (size[0] ?? 0) / 2;
        const h = size[1] ?? 0;
        return { type: 'rect', shape: { x: x - 2, y: (c[1] ?? 0) - h / 2, width: 4, height: h }, style: { fill: INK } };
      },
      z: 10,
    });
  });
  const anyBeyond = result.rows.some((r) => sweepCellKind(r) === 'beyond');
  return {
    title: titles,
    grid: grids,
    xAxis: xAxes,
    yAxis: yAxes,
    legend: { data: [{ name: boundName, icon: 'rect', itemStyle: { color: INK } }], bottom: 28, left: 'center', selectedMode: false },
    visualMap: {
      type: 'piecewise',
      dimension: 2,
      pieces: [
        { value: CELL_VALUE.held, label: words.held, color: SWEEP_STYLE.held.color },
        { value: CELL_VALUE.broke, label: words.broke, color: SWEEP_STYLE.broke.color },
        ...(anyBeyond ? [{ value: CELL_VALUE.beyond, label: words.beyond, color: BEYOND_COLOR }] : []),
      ],
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      seriesIndex: heatmaps,
    },
    series,
  };
}

/** The chart's height for a sweep (pixels): every row, and each scheme's heading and axis. */
export function sweepChartHeight(result: SweepResult): number {
  const parts = groups(result);
  const rows = parts.reduce((sum, g) => sum + g.series.length, 0);
  const headings = result.schemes.length > 1 ? parts.length * HEADING_PX : 0;
  return Math.max(220, TOP_PX + ROW_PX * rows + AXIS_PX * parts.length + headings + BOTTOM_PX);
}
