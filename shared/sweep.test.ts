/** Sweeps: the grid, the predicted bound, and the guarantee breaking exactly there. */
import { describe, expect, it } from 'vitest';
import { analyze } from './analysis/summary.js';
import { simulate } from './engine/sim.js';
import { defaultScenario } from './presets.js';
import { parseScenario } from './scenario.js';
import type { SweepSpec } from './sweep.js';
import { aggregateSweep, expandSweep, predictTolerance, SWEEP_CSV_HEADER, sweepCsvRows, sweepFaults, sweepRow, SweepSpecError, sweepToText } from './sweep.js';

const smr = { ...defaultScenario(), workload: { clients: 2, ratePerSecond: 100, durationMs: 1000 } };
const pb = parseScenario({ faultlab: 1, scheme: 'primary-backup', failureModel: 'fail-stop', k: 1, workload: { clients: 2, ratePerSecond: 100, durationMs: 1500 } });

function runSweep(spec: SweepSpec) {
  const rows = expandSweep(spec).map((cell) => sweepRow(cell, analyze(simulate(cell.scenario).events).summary));
  return aggregateSweep(spec.base, rows);
}

describe('predictTolerance', () => {
  it.each([
    ['state-machine', 'arbitrary', 1, 3, 'collude', 1],
    ['state-machine', 'arbitrary', 1, 2, 'collude', 0],
    ['state-machine', 'arbitrary', 2, 5, 'crash', 2],
    ['state-machine', 'arbitrary', 2, 4, 'crash', 1],
    ['state-machine', 'arbitrary', 1, 5, 'lie', 3],
    ['state-machine', 'arbitrary', 1, 5, 'collude', 1],
    ['primary-backup', 'fail-stop', 1, 2, 'crash', 1],
    ['primary-backup', 'fail-stop', 2, 2, 'crash', 1],
    ['primary-backup', 'fail-stop', 1, 2, 'lie', null],
  ] as const)('%s %s k=%i n=%i %s tolerates %s', (scheme, model, k, n, kind, expected) => {
    expect(predictTolerance(scheme, model, k, n, kind)).toBe(expected);
  });
});

describe('expandSweep', () => {
  it('builds the grid: bound and one below, 0..k+1 faults, per kind', () => {
    const cells = expandSweep({ base: smr, ks: [1, 2], ns: ['bound', 'below'], faultCounts: 'to-k+1', kinds: ['crash'], failureTimeoutsMs: [] });
    expect(cells.map((c) => `${c.k}/${c.n}/${c.faults}`)).toEqual(['1/3/0', '1/3/1', '1/3/2', '1/2/0', '1/2/1', '1/2/2', '2/5/0', '2/5/1', '2/5/2', '2/5/3', '2/4/0', '2/4/1', '2/4/2', '2/4/3']);
    expect(cells.map((c) => c.nLabel)).toContain('2k');
    expect(cells[2]?.scenario.faults).toHaveLength(2);
  });

  it('places stopping faults on replicas 1.. staggered in time, inside the run', () => {
    const f = sweepFaults('crash', 3, 1000, 200, 50);
    expect(f.map((x) => ('replica' in x ? x.replica : 0))).toEqual([1, 2, 3]);
    expect(f.every((x) => x.atMs < 1000)).toBe(true);
    expect(new Set(f.map((x) => x.atMs)).size).toBe(3);
  });

  it('rejects an empty grid and an out-of-range k', () => {
    expect(() => expandSweep({ base: smr, ks: [], ns: ['bound'], faultCounts: 'to-k+1', kinds: ['crash'], failureTimeoutsMs: [] })).toThrow(SweepSpecError);
    expect(() => expandSweep({ base: smr, ks: [9], ns: ['bound'], faultCounts: 'to-k+1', kinds: ['crash'], failureTimeoutsMs: [] })).toThrow(/k = 9/);
  });
});

describe('a simulated sweep', () => {
  it('shows voting break exactly at the bound: k colluders fine, k+1 not; 2k+1 against 2k', () => {
    const result = runSweep({ base: smr, ks: [1], ns: ['bound', 'below'], faultCounts: 'to-k+1', kinds: ['collude', 'crash'], failureTimeoutsMs: [] });
    const series = (n: number, kind: string) => result.series.find((s) => s.n === n && s.kind === kind);
    expect(series(3, 'collude')).toMatchObject({ toleratedUpTo: 1, firstBroken: 2, asPredicted: true });
    expect(series(2, 'collude')).toMatchObject({ toleratedUpTo: 0, firstBroken: 1, asPredicted: true });
    expect(series(3, 'crash')).toMatchObject({ toleratedUpTo: 1, firstBroken: 2, asPredicted: true });
    expect(result.surprises).toEqual([]);
    const text = sweepToText(result);
    expect(text).toMatch(/k=1, n=3 \(2k\+1\), collude\s+ok\s+ok\s+\d+%/);
  });

  it('shows primary-backup surviving k crashes with k+1 replicas, not k+1 crashes', () => {
    const result = runSweep({ base: pb, ks: [1], ns: ['bound'], faultCounts: 'to-k+1', kinds: ['crash'], failureTimeoutsMs: [] });
    expect(result.series[0]).toMatchObject({ n: 2, toleratedUpTo: 1, firstBroken: 2, asPredicted: true });
    expect(result.rows.find((r) => r.faults === 2)?.lost).toBeGreaterThan(0);
  });

  it('sweeps each failure timeout as its own series and writes one CSV row per run', () => {
    const result = runSweep({ base: pb, ks: [1], ns: ['bound'], faultCounts: [0, 1], kinds: ['crash'], failureTimeoutsMs: [200, 5] });
    expect(result.series).toHaveLength(2);
    const rows = sweepCsvRows(result);
    expect(rows[0]).toEqual([...SWEEP_CSV_HEADER]);
    expect(rows).toHaveLength(5);
    expect(result.series.map((s) => s.failureTimeoutMs).sort((a, b) => a - b)).toEqual([5, 200]);
  });
});
