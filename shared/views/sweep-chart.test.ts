/**
 * The sweep chart over several schemes: one grid per scheme under a heading with its claim,
 * each row's bar at that scheme's own predicted tolerance, no bar where a fault kind is
 * beyond the scheme's claim (its breaks grey, not vermillion), a legend entry for every
 * mark, and a height that fits every group.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../analysis/summary.js';
import { simulate } from '../engine/sim.js';
import { defaultScenario } from '../presets.js';
import type { SweepResult, SweepSpec } from '../sweep.js';
import { aggregateSweep, ALL_SWEEP_SCHEMES, expandSweep, sweepRow, sweepSchemes } from '../sweep.js';
import { INK, SWEEP_STYLE } from './palette.js';
import { SWEEP_CHART_WORDS, sweepChartHeight, sweepChartOption, sweepSeriesAt } from './sweep-chart.js';

const base = { ...defaultScenario(), workload: { clients: 2, ratePerSecond: 100, durationMs: 1000 } };

function sweep(spec: SweepSpec): SweepResult {
  const rows = expandSweep(spec).map((cell) => sweepRow(cell, analyze(simulate(cell.scenario).events).summary));
  return aggregateSweep(spec.base, rows, sweepSchemes(spec));
}

interface Option {
  title: { text: string; top?: number }[];
  grid: { top: number; height: number }[];
  xAxis: { gridIndex: number; data: string[] }[];
  yAxis: { gridIndex: number; data: string[]; position?: string }[];
  series: { type: string; name: string; xAxisIndex: number; yAxisIndex: number; data: unknown[] }[];
  legend: { data: { name: string; itemStyle: { color: string } }[] };
  visualMap: { pieces: { value: number; label: string; color: string }[]; seriesIndex: number[] };
}

let result: SweepResult;
let option: Option;
beforeAll(() => {
  result = sweep({ base, ks: [1], ns: ['bound'], faultCounts: [0, 1, 2], kinds: ['crash', 'collude'], failureTimeoutsMs: [], schemes: ALL_SWEEP_SCHEMES });
  option = sweepChartOption(result) as unknown as Option;
});

describe('the sweep chart of all four schemes', () => {
  it('draws one grid per scheme, each under a heading that states its claim (the scheme on one line, its claim on the next)', () => {
    expect(option.grid).toHaveLength(4);
    expect(option.title.map((t) => t.text)).toEqual([
      'Each scheme against its own bound: held (green) or broke (vermillion)',
      '{name|State-machine replication, trusted sequencer}\n{claim|arbitrary faults · 2k+1 replicas mask k}',
      '{name|Primary-backup, trusted arbiter}\n{claim|fail-stop · k+1 replicas survive k stops; lies are beyond its claim}',
      '{name|Raft, no trusted helper}\n{claim|crashes · 2k+1 replicas survive k (a majority must stay up); lies are beyond its claim}',
      '{name|PBFT, no trusted helper}\n{claim|Byzantine faults · 3k+1 replicas mask k (quorums of 2k+1)}',
    ]);
    // Each heading sits above its grid, and the grids do not overlap.
    option.grid.forEach((g, i) => {
      expect(option.title[i + 1]?.top).toBeLessThan(g.top);
      const next = option.grid[i + 1];
      if (next) expect(g.top + g.height).toBeLessThan(next.top);
    });
    // The rows inside a group are named without the scheme (the heading names it); the right axis says where the bar stands.
    const left = option.yAxis.filter((y) => y.position !== 'right');
    expect(left.map((y) => y.data)).toEqual(Array.from({ length: 4 }, (_, i) => [result.series[2 * i]?.rowLabel, result.series[2 * i + 1]?.rowLabel]));
    expect(left[1]?.data).toEqual(['k=1, n=2 (k+1), crash', 'k=1, n=2 (k+1), collude']);
    expect(option.yAxis.filter((y) => y.position === 'right').map((y) => y.data)).toEqual([
      ['bound: ≤ 1 faulty', 'bound: ≤ 1 faulty'],
      ['bound: ≤ 1 faulty', 'beyond its claim'],
      ['bound: ≤ 1 faulty', 'beyond its claim'],
      ['bound: ≤ 1 faulty', 'bound: ≤ 1 faulty'],
    ]);
  });

  it("puts each row's bound bar after the column of its own scheme's tolerance, and none where the kind is beyond the claim", () => {
    const bars = option.series.filter((s) => s.type === 'custom');
    expect(bars).toHaveLength(4);
    expect(bars.map((b) => [b.xAxisIndex, b.yAxisIndex])).toEqual([[0, 0], [1, 2], [2, 4], [3, 6]]);
    // x is the column of the fault count tolerated (0, 1, 2 faulty => column 1), y the row in the group.
    expect(bars.map((b) => b.data)).toEqual([[[1, 0], [1, 1]], [[1, 0]], [[1, 0]], [[1, 0], [1, 1]]]);
    expect(new Set(bars.map((b) => b.name))).toEqual(new Set(["predicted bound: holds up to the bar (each scheme's own)"]));
    expect(option.legend.data).toEqual([{ name: "predicted bound: holds up to the bar (each scheme's own)", icon: 'rect', itemStyle: { color: INK } }]);
  });

  it('colours a break beyond the claim grey, apart from green and vermillion, and names all three', () => {
    const heatmaps = option.series.filter((s) => s.type === 'heatmap');
    expect(option.visualMap.seriesIndex).toEqual(option.series.flatMap((s, i) => (s.type === 'heatmap' ? [i] : [])));
    const values = heatmaps.map((h) => (h.data as { value: number[] }[]).map((d) => d.value.join(',')));
    // Primary-backup: crash row held, held, broke; collude row held, then beyond its claim twice.
    expect(values[1]).toEqual(['0,0,0', '1,0,0', '2,0,1', '0,1,0', '1,1,2', '2,1,2']);
    // PBFT claims lies: two colluders out of four are a break within its claim (vermillion).
    expect(values[3]).toEqual(['0,0,0', '1,0,0', '2,0,1', '0,1,0', '1,1,0', '2,1,1']);
    expect(option.visualMap.pieces).toEqual([
      { value: 0, label: 'guarantee held', color: SWEEP_STYLE.held.color },
      { value: 1, label: 'guarantee broke', color: SWEEP_STYLE.broke.color },
      { value: 2, label: "broke, beyond the scheme's claim", color: '#9AA0A6' },
    ]);
  });

  it('finds the series of a cell from its chart series and row (the tooltip)', () => {
    expect(sweepSeriesAt(result, 0, 1)?.label).toBe('SMR: k=1, n=3 (2k+1), collude');
    expect(sweepSeriesAt(result, 2, 1)?.label).toBe('PB: k=1, n=2 (k+1), collude');
    expect(sweepSeriesAt(result, 6, 0)?.label).toBe('PBFT: k=1, n=4 (3k+1), crash');
    expect(sweepSeriesAt(result, 8, 0)).toBeUndefined();
  });

  it('is tall enough for every group: headings, rows and axes, with the legends below', () => {
    const height = sweepChartHeight(result);
    const last = option.grid.at(-1);
    expect(last).toBeDefined();
    // Below the last grid: its axis labels and name, then the two legends.
    expect(height - ((last?.top ?? 0) + (last?.height ?? 0))).toBeGreaterThanOrEqual(26 + 96);
    const one = sweep({ base, ks: [1], ns: ['bound'], faultCounts: [0, 1, 2], kinds: ['crash', 'collude'], failureTimeoutsMs: [] });
    expect(height).toBeGreaterThan(sweepChartHeight(one) + 3 * (2 * 34 + 26 + 26) - 1);
  });

  it('speaks Korean: the headings and the legend', () => {
    const ko = sweepChartOption(result, SWEEP_CHART_WORDS.ko) as unknown as Option;
    expect(ko.title.map((t) => t.text).slice(1)).toEqual([
      '{name|상태 기계 복제, 신뢰하는 순서 지정자}\n{claim|임의 장애 · 복제본 2k+1개가 k개를 가림}',
      '{name|주-백업, 신뢰하는 중재자}\n{claim|정지 장애 · 복제본 k+1개는 k개가 멈춰도 됨; 거짓말은 주장 범위 밖}',
      '{name|Raft, 신뢰하는 조정자 없음}\n{claim|크래시 · 복제본 2k+1개는 k개가 죽어도 됨 (과반수가 살아 있어야 함); 거짓말은 주장 범위 밖}',
      '{name|PBFT, 신뢰하는 조정자 없음}\n{claim|비잔틴 장애 · 복제본 3k+1개가 k개를 가림 (정족수 2k+1)}',
    ]);
    expect(ko.visualMap.pieces.map((p) => p.label)).toEqual(['보장 성립', '보장 깨짐', '깨짐, 방식이 주장하는 범위 밖']);
  });
});

describe('the sweep chart of one scheme', () => {
  it('keeps its one grid, its title and no group heading', () => {
    const one = sweep({ base, ks: [1], ns: ['bound', 'below'], faultCounts: [0, 1, 2], kinds: ['collude'], failureTimeoutsMs: [] });
    const o = sweepChartOption(one) as unknown as Option;
    expect(o.grid).toHaveLength(1);
    expect(o.title.map((t) => t.text)).toEqual(['Guarantee held (green) or broke (vermillion): state-machine, arbitrary']);
    expect(o.series.find((s) => s.type === 'custom')?.data).toEqual([[1, 0], [0, 1]]);
    expect(o.legend.data[0]?.name).toBe('predicted bound: holds up to the bar');
  });
});
