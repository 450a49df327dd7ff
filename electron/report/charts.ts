/**
 * The report's charts, drawn by ECharts' server-side SVG renderer (no DOM, no canvas):
 * each function takes run data and returns one self-contained `<svg>` string. The options
 * themselves are the app's (shared/views/charts.ts, with shared/views/palette.ts): this
 * module only folds the saved log the way the app folds a live one and renders.
 */
import * as echarts from 'echarts';
import type { Failover, RequestRecord, RunSummary } from '../../shared/analysis/summary.js';
import type { RunEvent } from '../../shared/events.js';
import type { SweepResult } from '../../shared/sweep.js';
import type { Lang } from '../../shared/describe.js';
import type { ChartOption } from '../../shared/views/charts.js';
import { CHART_WORDS, failoverTimelineHeight, failoverTimelineOption, latencyOption, outcomesOption, timelineChartData, voteDecisionsOption, voteTallyOption } from '../../shared/views/charts.js';
import type { LiveModel } from '../../shared/views/model.js';
import { modelOf } from '../../shared/views/model.js';
import { sweepChartHeight, sweepChartOption } from '../../shared/views/sweep-chart.js';
import { verdictRows } from '../../shared/views/votes.js';
import { REPORT_FONT_FAMILY } from './fonts.js';
import { REPORT_WORDS } from './words.js';

type Option = Parameters<echarts.ECharts['setOption']>[0];

const FONT = 'Helvetica, Arial, sans-serif';
/** A chart with Korean in it names the report's embedded font first, as the page's text does (fonts.ts). */
const FONT_FOR: Record<Lang, string> = { en: FONT, ko: `'${REPORT_FONT_FAMILY}', ${FONT}` };
const WIDTH = 760;

/** A chart's title and words in the report's language. */
const styleOf = (lang: Lang, title: keyof (typeof REPORT_WORDS)['en']['chartTitles']): { title: string; words?: (typeof CHART_WORDS)['en'] } =>
  lang === 'en' ? { title: REPORT_WORDS.en.chartTitles[title] } : { title: REPORT_WORDS[lang].chartTitles[title], words: CHART_WORDS[lang] };

/** Renders an ECharts option to an SVG string of the given size. */
export function renderSvg(option: Option | ChartOption, width: number, height: number, lang: Lang = 'en'): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT_FOR[lang] }, ...option } as Option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The saved log folded into the app's model of a run, whole. */
export function reportModel(events: readonly RunEvent[]): LiveModel {
  const start = events[0];
  if (!start || start.type !== 'run-start') throw new Error('the event log does not begin with run-start');
  return modelOf(start.scenario, events);
}

/** Requests issued per time bucket, stacked by how each ended. */
export function outcomesChart(requests: readonly RequestRecord[], durationMs: number, lang: Lang = 'en'): string {
  return renderSvg(outcomesOption(requests, durationMs, styleOf(lang, 'outcomes')), WIDTH, 300, lang);
}

/** The per-replica vote tally as the report draws it, or null when nobody voted (primary-backup). */
export function voteTallyReportOption(events: readonly RunEvent[], n: number, model: LiveModel = reportModel(events), lang: Lang = 'en'): ChartOption | null {
  const rows = model.voteOrder;
  if (!rows.some((r) => r.tally.length > 0)) return null;
  return voteTallyOption(rows, n, styleOf(lang, 'tally'));
}

/** Per replica: replies that matched the value the voter accepted, replies that differed. */
export function voteTallyChart(events: readonly RunEvent[], n: number, lang: Lang = 'en'): string | null {
  const option = voteTallyReportOption(events, n, reportModel(events), lang);
  return option ? renderSvg(option, WIDTH, 300, lang) : null;
}

/** Vote decisions over time as the report draws them, or null when nobody voted. */
export function voteDecisionsReportOption(events: readonly RunEvent[], requests: readonly RequestRecord[], model: LiveModel = reportModel(events), lang: Lang = 'en'): ChartOption | null {
  if (model.voteOrder.length === 0) return null;
  const outcomes = new Map(requests.map((r) => [`${r.client}:${r.req}`, r.outcome]));
  return voteDecisionsOption(verdictRows(model.voteOrder, outcomes), styleOf(lang, 'decisions'));
}

/** Vote decisions per interval, by verdict (correct, masked, wrong value accepted, no majority). */
export function voteDecisionsChart(events: readonly RunEvent[], requests: readonly RequestRecord[], lang: Lang = 'en'): string | null {
  const option = voteDecisionsReportOption(events, requests, reportModel(events), lang);
  return option ? renderSvg(option, WIDTH, 260, lang) : null;
}

/** Latency of every answered request against its issue time, with p50 and p99 lines. */
export function latencyChart(requests: readonly RequestRecord[], summary: RunSummary, lang: Lang = 'en'): string {
  return renderSvg(latencyOption(requests, summary.latencyMs, styleOf(lang, 'latency')), WIDTH, 300, lang);
}

/** The failover timeline as the report draws it, with its height. */
export function failoverTimelineReportOption(
  events: readonly RunEvent[],
  failovers: readonly Failover[],
  model: LiveModel = reportModel(events),
  lang: Lang = 'en',
): { option: ChartOption; height: number } {
  const data = timelineChartData(model, failovers);
  const style = styleOf(lang, 'timeline');
  return { option: failoverTimelineOption(data, style), height: failoverTimelineHeight(data, style.words) };
}

/**
 * Each replica's role over time, with faults, suspicions and failover outages marked: the
 * failover timeline. The lanes and the time axis come from the log itself; the outages from
 * the summary's failovers.
 */
export function failoverTimelineChart(events: readonly RunEvent[], failovers: readonly Failover[], lang: Lang = 'en'): string {
  const { option, height } = failoverTimelineReportOption(events, failovers, reportModel(events), lang);
  return renderSvg(option, WIDTH, height, lang);
}

/** The sweep grid chart (shared/views/sweep-chart.ts: the same option the app draws). */
export function sweepChart(result: SweepResult): string {
  return renderSvg(sweepChartOption(result), 900, sweepChartHeight(result));
}
