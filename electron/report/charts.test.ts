/**
 * The app and the report draw a run with the same charts. For simulated runs of built-in
 * presets, the options are built twice: the way the app's views build them (the live
 * model fed in batches as the store feeds it, the analysis the store runs, the builders
 * with `interactive: true`) and the way the report builds them (the saved log folded
 * whole, electron/report/charts.ts). Their series must be the same: types, names,
 * colours, symbols, drawing functions and data, point for point.
 */
import { describe, expect, it } from 'vitest';
import type { Analysis } from '../../shared/analysis/summary.js';
import { analyze } from '../../shared/analysis/summary.js';
import { describeFault } from '../../shared/describe.js';
import { simulate } from '../../shared/engine/sim.js';
import type { RunEvent } from '../../shared/events.js';
import { PRESETS } from '../../shared/presets.js';
import type { Scenario } from '../../shared/scenario.js';
import { parseScenario } from '../../shared/scenario.js';
import type { ChartOption } from '../../shared/views/charts.js';
import { failoverTimelineOption, laneRenderItem, outageRenderItem, timelineChartData, voteDecisionsOption, voteTallyOption } from '../../shared/views/charts.js';
import { LiveModel } from '../../shared/views/model.js';
import { LANE_STYLE, MARKER_STYLE, OUTAGE_STYLE, OUTCOME_STYLE } from '../../shared/views/palette.js';
import { verdictRows } from '../../shared/views/votes.js';
import { failoverTimelineChart, failoverTimelineReportOption, voteDecisionsReportOption, voteTallyChart, voteTallyReportOption } from './charts.js';

interface Run {
  scenario: Scenario;
  events: RunEvent[];
  analysis: Analysis;
}

function presetRun(id: string): Run {
  const preset = PRESETS.find((p) => p.id === id);
  if (!preset) throw new Error(`no preset ${id}`);
  const scenario = parseScenario(structuredClone(preset.scenario));
  const { events } = simulate(scenario);
  return { scenario, events, analysis: analyze(events) };
}

/** The app's way: the store's live model, fed batch by batch and closed when the run ends, and its analysis. */
function appOptions(run: Run): { timeline: ChartOption; tally: ChartOption; decisions: ChartOption } {
  const model = new LiveModel(run.scenario);
  for (let i = 0; i < run.events.length; i += 97) model.ingest(run.events.slice(i, i + 97));
  model.close(model.lastT);
  const { summary, requests } = analyze(run.events, { logSha256: false });
  const outcomes = new Map(requests.map((r) => [`${r.client}:${r.req}`, r.outcome]));
  return {
    timeline: failoverTimelineOption(timelineChartData(model, summary.failovers), { interactive: true, scrubMs: null }),
    tally: voteTallyOption(model.voteOrder, run.scenario.replicas, { interactive: true }),
    decisions: voteDecisionsOption(verdictRows(model.voteOrder, outcomes), { interactive: true }),
  };
}

/** What a series looks like and holds: everything but layout and interaction (colours are in itemStyle). */
function drawn(option: ChartOption): unknown[] {
  return (option.series as Record<string, unknown>[]).map((s) => ({
    type: s.type,
    name: s.name,
    itemStyle: s.itemStyle,
    label: s.label,
    symbol: s.symbol,
    symbolRotate: s.symbolRotate,
    symbolSize: s.symbolSize,
    stack: s.stack,
    renderItem: s.renderItem,
    data: s.data,
  }));
}

const axes = (option: ChartOption): unknown => ({ x: option.xAxis, y: option.yAxis });
const series = (option: ChartOption, name: string): Record<string, unknown> | undefined => (option.series as Record<string, unknown>[]).find((s) => s.name === name);

describe('the failover timeline of a primary crash', () => {
  const run = presetRun('primary-crash');
  const app = appOptions(run);
  const report = failoverTimelineReportOption(run.events, run.analysis.summary.failovers).option;

  it('is drawn with the same series, colours, symbols and data in the app and the report', () => {
    expect(drawn(report)).toEqual(drawn(app.timeline));
    expect(axes(report)).toEqual(axes(app.timeline));
  });

  it('shows what happened: the crash, replica 1 down, replica 2 primary after it, the outage of the summary', () => {
    const f = run.analysis.summary.failovers;
    expect(f).toHaveLength(1);
    const down = series(report, LANE_STYLE.down.label)?.data as unknown[][];
    expect(down.some((d) => d[0] === 1 && d[1] === 1000)).toBe(true);
    const primary = series(report, LANE_STYLE.primary.label)?.data as unknown[][];
    expect(primary.some((d) => d[0] === 2 && (d[1] as number) > 1000)).toBe(true);
    const outage = series(report, OUTAGE_STYLE.label)?.data as number[][];
    expect(outage).toHaveLength(1);
    expect(outage[0]![1]! - outage[0]![0]!).toBeCloseTo(f[0]!.unavailableMs, 3);
    expect(outage[0]![2]).toBe(f[0]!.unavailableMs);
    const faults = series(report, MARKER_STYLE.fault.label)?.data as unknown[][];
    expect(faults).toEqual([[1000, 1, describeFault({ atMs: 1000, type: 'crash', replica: 1 })]]);
    expect((series(report, MARKER_STYLE.suspicion.label)?.data as unknown[]).length).toBeGreaterThan(0);
  });

  it('takes every colour and symbol from the one palette', () => {
    for (const style of Object.values(LANE_STYLE)) expect(series(app.timeline, style.label)?.itemStyle).toEqual({ color: style.color });
    expect(series(app.timeline, MARKER_STYLE.fault.label)?.label).toMatchObject({ show: true });
    for (const style of Object.values(MARKER_STYLE)) {
      expect(series(app.timeline, style.label)).toMatchObject({ symbol: style.symbol, symbolRotate: style.symbolRotate, itemStyle: { color: style.color } });
    }
    expect(series(app.timeline, 'lanes')).toBeUndefined();
    expect(series(app.timeline, LANE_STYLE.primary.label)?.renderItem).toBe(laneRenderItem);
    expect(series(app.timeline, OUTAGE_STYLE.label)?.renderItem).toBe(outageRenderItem);
  });

  it('renders to SVG in Node with the lanes, the outage and the fault drawn', () => {
    const svg = failoverTimelineChart(run.events, run.analysis.summary.failovers);
    expect(svg).toContain(`fill="${LANE_STYLE.primary.color}"`);
    expect(svg).toContain(`fill="${LANE_STYLE.down.color}"`);
    expect(svg).toMatch(/unavailable \d+ ms/);
    expect(svg).toContain('crash replica 1');
  });

  it('has no votes to draw', () => {
    expect(voteTallyReportOption(run.events, run.scenario.replicas)).toBeNull();
  });
});

describe('the vote charts of the default lab (one liar out of three)', () => {
  const run = presetRun('default');
  const app = appOptions(run);
  const tally = voteTallyReportOption(run.events, run.scenario.replicas);
  const decisions = voteDecisionsReportOption(run.events, run.analysis.requests);

  it('draw the per-replica tally and the decisions over time alike in the app and the report', () => {
    expect(tally).not.toBeNull();
    expect(decisions).not.toBeNull();
    expect(drawn(tally!)).toEqual(drawn(app.tally));
    expect(axes(tally!)).toEqual(axes(app.tally));
    expect(drawn(decisions!)).toEqual(drawn(app.decisions));
  });

  it('show the liar: replica 3 differs from the accepted value, replicas 1 and 2 match it', () => {
    const agree = series(tally!, 'matched the accepted value')?.data as number[];
    const differ = series(tally!, 'differed from it')?.data as number[];
    expect(differ[2]).toBeGreaterThan(0);
    expect(differ[0]).toBe(0);
    expect(differ[1]).toBe(0);
    expect(agree[0]).toBeGreaterThan(0);
    expect(series(tally!, 'differed from it')?.itemStyle).toEqual({ color: OUTCOME_STYLE.wrong.color });
    const masked = series(decisions!, 'masked (outvoted)')?.data as [number, number][];
    expect(masked.reduce((n, [, c]) => n + c, 0)).toBeGreaterThan(0);
    expect(series(decisions!, 'wrong value accepted')?.data).toSatisfy((d: [number, number][]) => d.every(([, c]) => c === 0));
  });

  it('draws the same timeline in both (crash-free lanes, the Byzantine overlay)', () => {
    const report = failoverTimelineReportOption(run.events, run.analysis.summary.failovers).option;
    expect(drawn(report)).toEqual(drawn(app.timeline));
    expect((series(report, LANE_STYLE.byzantine.label)?.data as unknown[][]).map((d) => d[0])).toEqual([3]);
  });

  it('renders the tally to SVG', () => {
    const svg = voteTallyChart(run.events, run.scenario.replicas);
    expect(svg).toContain(`fill="${OUTCOME_STYLE.correct.color}"`);
    expect(svg).toContain(`fill="${OUTCOME_STYLE.wrong.color}"`);
  });
});

describe('the sweep chart of a sweep over all four schemes', () => {
  it('renders to SVG with a group per scheme: its heading, its rows, its bars and the grey of a break beyond its claim', async () => {
    const { aggregateSweep, ALL_SWEEP_SCHEMES, expandSweep, sweepRow, sweepSchemes } = await import('../../shared/sweep.js');
    const { sweepChartHeight } = await import('../../shared/views/sweep-chart.js');
    const { sweepChart } = await import('./charts.js');
    const base = parseScenario({ ...structuredClone(PRESETS[0]?.scenario), workload: { clients: 2, ratePerSecond: 100, durationMs: 1000 } });
    const spec = { base, ks: [1], ns: ['bound' as const], faultCounts: [0, 1, 2], kinds: ['crash' as const, 'collude' as const], failureTimeoutsMs: [], schemes: ALL_SWEEP_SCHEMES };
    const rows = expandSweep(spec).map((cell) => sweepRow(cell, analyze(simulate(cell.scenario).events).summary));
    const result = aggregateSweep(base, rows, sweepSchemes(spec));
    const svg = sweepChart(result);
    expect(svg).toMatch(/^<svg[\s\S]*<\/svg>$/);
    expect(svg).toContain(`height="${sweepChartHeight(result)}"`);
    for (const heading of ['State-machine replication, trusted sequencer', 'Primary-backup, trusted arbiter', 'Raft, no trusted helper', 'PBFT, no trusted helper']) expect(svg).toContain(heading);
    for (const row of ['k=1, n=3 (2k+1), crash', 'k=1, n=2 (k+1), collude', 'k=1, n=4 (3k+1), collude']) expect(svg).toContain(row);
    expect((svg.match(/bound: ≤ 1 faulty/g) ?? []).length).toBe(6);
    expect((svg.match(/>beyond its claim</g) ?? []).length).toBe(2);
    for (const legend of ['guarantee held', 'guarantee broke', 'broke, beyond the scheme&#39;s claim', 'predicted bound: holds up to the bar (each scheme&#39;s own)']) expect(svg).toContain(legend);
    // Four cells broke beyond a claim (primary-backup and Raft under 1 and 2 colluders), drawn grey.
    expect(svg.toLowerCase()).toContain('#9aa0a6');
  });
});
