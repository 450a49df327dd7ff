/**
 * The sweep as a chart, as an ECharts option: one row per configuration, one column per
 * fault count, green where the guarantee held and vermillion where it broke (the label is the
 * share answered correctly); a black bar after the predicted tolerance marks the bound,
 * so "k faults fine, k+1 not" and "2k+1 against 2k" read at a glance. The report draws
 * it as SVG on the Node side (electron/report/charts.ts); the app draws the same option
 * in its sweep view. Pure data: no ECharts import, no DOM.
 */
import type { SweepResult } from '../sweep.js';
import type { Lang } from '../describe.js';
import { INK, SWEEP_STYLE } from './palette.js';

/** The fault counts of a sweep, in order: the chart's columns. */
export function sweepFaultCounts(result: SweepResult): number[] {
  return [...new Set(result.rows.map((r) => r.faults))].sort((a, b) => a - b);
}

/** The sweep chart's words in the reader's language (English by default). */
export interface SweepChartWords {
  title: (scheme: string, failureModel: string) => string;
  faultyAxis: string;
  held: string;
  broke: string;
  /** A cell where the guarantee held. */
  heldCell: string;
}

export const SWEEP_CHART_WORDS_EN: SweepChartWords = {
  title: (scheme, failureModel) => `Guarantee held (green) or broke (vermillion): ${scheme}, ${failureModel}`,
  faultyAxis: 'faulty replicas',
  held: SWEEP_STYLE.held.label,
  broke: SWEEP_STYLE.broke.label,
  heldCell: 'held',
};

/** The sweep chart's words per language. */
export const SWEEP_CHART_WORDS: Record<Lang, SweepChartWords> = {
  en: SWEEP_CHART_WORDS_EN,
  ko: {
    title: (scheme, failureModel) => `보장 성립(초록) 또는 깨짐(주홍): ${scheme}, ${failureModel}`,
    faultyAxis: '결함 복제본 수',
    held: '보장 성립',
    broke: '보장 깨짐',
    heldCell: '성립',
  },
};

/** The share of requests answered correctly, as the cell's label ("held" when the guarantee held). */
export function sweepCellLabel(r: { held: boolean; answeredCorrect: number; issued: number }, words: SweepChartWords = SWEEP_CHART_WORDS_EN): string {
  return r.held ? words.heldCell : `${Math.floor((100 * r.answeredCorrect) / Math.max(1, r.issued))}%`;
}

interface CustomApi {
  value: (i: number) => number;
  coord: (v: number[]) => number[];
  size: (v: number[]) => number[];
}

/** The chart's option (heatmap + piecewise visual map + a custom series for the bound). */
export function sweepChartOption(result: SweepResult, words: SweepChartWords = SWEEP_CHART_WORDS_EN): Record<string, unknown> {
  const counts = sweepFaultCounts(result);
  const labels = result.series.map((s) => s.label);
  const data = result.series.flatMap((s, y) =>
    s.rows.map((r) => ({
      value: [counts.indexOf(r.faults), y, r.held ? 1 : 0],
      label: { formatter: sweepCellLabel(r, words) },
    })),
  );
  const bounds = result.series.map((s, y) => [s.predictedTolerance === null ? -1 : counts.indexOf(s.predictedTolerance), y]).filter(([x]) => x !== undefined && x >= 0);
  return {
    title: { text: words.title(result.scheme, result.failureModel), left: 'center', textStyle: { fontSize: 14 } },
    grid: { left: Math.min(340, 20 + 6.5 * Math.max(...labels.map((l) => l.length))), right: 20, top: 40, bottom: 70 },
    xAxis: { type: 'category', data: counts.map((c) => `${c}`), name: words.faultyAxis, nameLocation: 'middle', nameGap: 26, splitArea: { show: true } },
    yAxis: { type: 'category', data: labels, inverse: true, splitArea: { show: true } },
    visualMap: {
      type: 'piecewise',
      dimension: 2,
      pieces: [
        { value: 1, label: words.held, color: SWEEP_STYLE.held.color },
        { value: 0, label: words.broke, color: SWEEP_STYLE.broke.color },
      ],
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      seriesIndex: 0,
    },
    series: [
      { name: 'outcome', type: 'heatmap', data, label: { show: true, color: '#fff', fontWeight: 'bold' }, itemStyle: { borderColor: '#fff', borderWidth: 2 } },
      {
        name: 'predicted bound',
        type: 'custom',
        data: bounds,
        renderItem: (_p: unknown, api: CustomApi) => {
          const c = api.coord([api.value(0), api.value(1)]);
          const size = api.size([1, 1]);
          const x = (c[0] ?? 0) + (size[0] ?? 0) / 2;
          const h = size[1] ?? 0;
          return { type: 'rect', shape: { x: x - 2, y: (c[1] ?? 0) - h / 2, width: 4, height: h }, style: { fill: INK } };
        },
        z: 10,
      },
    ],
  };
}

/** The chart's height for a number of configurations (pixels). */
export function sweepChartHeight(result: SweepResult): number {
  return Math.max(220, 120 + 34 * result.series.length);
}
