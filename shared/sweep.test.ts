/** Sweeps: the grid, the predicted bound, and the guarantee breaking exactly there. */
import { describe, expect, it } from 'vitest';
import { analyze } from './analysis/summary.js';
import { simulate } from './engine/sim.js';
import { defaultScenario } from './presets.js';
import { COMPARED_MODEL } from './compare.js';
import type { Scheme } from './scenario.js';
import { parseScenario, replicaBound } from './scenario.js';
import type { SweepSpec } from './sweep.js';
import { aggregateSweep, ALL_SWEEP_SCHEMES, expandSweep, predictTolerance, SCHEME_SHORT, SWEEP_CSV_HEADER, sweepCsvRows, sweepFaults, sweepRow, sweepSchemes, SweepSpecError, sweepToText } from './sweep.js';

const smr = { ...defaultScenario(), workload: { clients: 2, ratePerSecond: 100, durationMs: 1000 } };
const pb = parseScenario({ faultlab: 1, scheme: 'primary-backup', failureModel: 'fail-stop', k: 1, workload: { clients: 2, ratePerSecond: 100, durationMs: 1500 } });

function runSweep(spec: SweepSpec) {
  const rows = expandSweep(spec).map((cell) => sweepRow(cell, analyze(simulate(cell.scenario).events).summary));
  return aggregateSweep(spec.base, rows, sweepSchemes(spec));
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

describe('a sweep over several schemes', () => {
  const all = ['state-machine', 'primary-backup', 'raft', 'pbft'] as const;
  const grid = (schemes?: SweepSpec['schemes']): SweepSpec => ({ base: smr, ks: [1], ns: ['bound', 'below'], faultCounts: [0, 1, 2], kinds: ['crash'], failureTimeoutsMs: [], ...(schemes ? { schemes } : {}) });

  it('expands each scheme from the base carried over, at its own bound and one below, in the order given', () => {
    const cells = expandSweep(grid(ALL_SWEEP_SCHEMES));
    expect(ALL_SWEEP_SCHEMES).toEqual(all);
    const byScheme = (s: string) => cells.filter((c) => c.scheme === s);
    expect([...new Set(cells.map((c) => c.scheme))]).toEqual([...all]);
    expect(cells.map((c) => c.index)).toEqual(cells.map((_, i) => i));
    expect(byScheme('state-machine').map((c) => `${c.n} ${c.nLabel}`)).toEqual(['3 2k+1', '3 2k+1', '3 2k+1', '2 2k', '2 2k', '2 2k']);
    // One below primary-backup's bound of 2 is a single replica: two faults do not fit it.
    expect(byScheme('primary-backup').map((c) => `${c.n} ${c.nLabel} ${c.faults}`)).toEqual(['2 k+1 0', '2 k+1 1', '2 k+1 2', '1 k 0', '1 k 1']);
    expect([...new Set(byScheme('raft').map((c) => `${c.n} ${c.nLabel}`))]).toEqual(['3 2k+1', '2 2k']);
    expect([...new Set(byScheme('pbft').map((c) => `${c.n} ${c.nLabel}`))]).toEqual(['4 3k+1', '3 3k']);
    for (const c of cells) {
      expect(c.scenario.scheme).toBe(c.scheme);
      expect(c.scenario.failureModel).toBe(c.failureModel);
      expect(c.scenario.replicas).toBe(c.n);
      expect(c.scenario.workload).toEqual(smr.workload);
      expect(c.scenario.seed).toBe(smr.seed);
      expect(c.scenario.name).toMatch(new RegExp(`^sweep: ${SCHEME_SHORT[c.scheme]}, k=1, n=${c.n} `));
    }
    expect(Object.fromEntries(cells.map((c) => [c.scheme, c.failureModel]))).toEqual({ 'state-machine': 'arbitrary', 'primary-backup': 'fail-stop', raft: 'fail-stop', pbft: 'arbitrary' });
  });

  it("keeps the base's own failure model for its own scheme, and one scheme's sweep as it always was", () => {
    const failStop = parseScenario({ ...smr, failureModel: 'fail-stop', replicas: 2, faults: [] });
    const cells = expandSweep({ ...grid(['state-machine', 'pbft']), base: failStop });
    expect(cells.filter((c) => c.scheme === 'state-machine').map((c) => `${c.failureModel} ${c.n} ${c.nLabel}`)[0]).toBe('fail-stop 2 k+1');
    const plain = expandSweep(grid());
    expect(plain.every((c) => c.scheme === 'state-machine' && !c.scenario.name.includes('SMR'))).toBe(true);
    expect(expandSweep(grid([])).map((c) => c.scenario)).toEqual(plain.map((c) => c.scenario));
    expect(expandSweep(grid(['state-machine'])).map((c) => c.scenario.name)).toEqual(plain.map((c) => c.scenario.name));
  });

  it('runs each scheme once, and refuses a scheme that does not exist', () => {
    expect(sweepSchemes({ base: smr, schemes: ['raft', 'pbft', 'raft'] })).toEqual(['raft', 'pbft']);
    expect(sweepSchemes({ base: pb })).toEqual(['primary-backup']);
    expect(() => expandSweep(grid(['raft', 'paxos' as Scheme]))).toThrow(/scheme "paxos": not a scheme \(known: state-machine, primary-backup, raft, pbft\)/);
  });

  it('predicts k at every scheme\'s own bound (crashes), and k colluders for the schemes that claim lies', () => {
    for (const k of [0, 1, 2, 3, 4]) {
      for (const scheme of all) {
        const model = COMPARED_MODEL[scheme];
        const n = replicaBound(scheme, model, k);
        expect(predictTolerance(scheme, model, k, n, 'crash'), `${scheme} k=${k} n=${n}`).toBe(k);
        expect(predictTolerance(scheme, model, k, n, 'collude'), `${scheme} k=${k} n=${n}`).toBe(model === 'arbitrary' ? k : null);
      }
    }
  });

  it.each([
    // Raft: a live majority of n.
    ['raft', 'fail-stop', 1, 3, 'crash', 1],
    ['raft', 'fail-stop', 1, 2, 'crash', 0],
    ['raft', 'fail-stop', 2, 5, 'crash', 2],
    ['raft', 'fail-stop', 2, 4, 'pause', 1],
    ['raft', 'fail-stop', 1, 7, 'crash', 3],
    ['raft', 'fail-stop', 1, 3, 'lie', null],
    ['raft', 'fail-stop', 1, 3, 'collude', null],
    // PBFT: quorums of ceil((n+k+1)/2) stay reachable: floor((n-1)/3) at 3k+1 and one below.
    ['pbft', 'arbitrary', 1, 4, 'crash', 1],
    ['pbft', 'arbitrary', 1, 4, 'lie', 1],
    ['pbft', 'arbitrary', 1, 3, 'crash', 0],
    ['pbft', 'arbitrary', 2, 7, 'silent', 2],
    ['pbft', 'arbitrary', 2, 6, 'crash', 1],
    ['pbft', 'arbitrary', 1, 7, 'lie', 2],
    ['pbft', 'arbitrary', 1, 7, 'collude', 1],
    // Fail-stop schemes claim nothing about lies.
    ['primary-backup', 'fail-stop', 1, 2, 'collude', null],
    ['state-machine', 'fail-stop', 1, 2, 'lie', null],
    ['state-machine', 'fail-stop', 1, 2, 'crash', 1],
  ] as const)('%s %s k=%i n=%i %s tolerates %s', (scheme, model, k, n, kind, expected) => {
    expect(predictTolerance(scheme, model, k, n, kind)).toBe(expected);
  });

  it('keeps a scheme whose cells were never run (a stop came first) as a group, under its compared failure model', () => {
    const cells = expandSweep({ ...grid(['state-machine', 'pbft']), ns: ['bound'], faultCounts: [0] });
    const run = cells.filter((c) => c.scheme === 'state-machine').map((c) => sweepRow(c, analyze(simulate(c.scenario).events).summary));
    const result = aggregateSweep(smr, run, ['state-machine', 'pbft']);
    expect(result.schemes).toEqual([{ scheme: 'state-machine', failureModel: 'arbitrary' }, { scheme: 'pbft', failureModel: 'arbitrary' }]);
    expect(result.series.map((s) => s.label)).toEqual(['SMR: k=1, n=3 (2k+1), crash']);
    expect(result.series[0]?.rowLabel).toBe('k=1, n=3 (2k+1), crash');
    // Without the list, only the schemes of the rows done.
    expect(aggregateSweep(smr, run).schemes).toEqual([{ scheme: 'state-machine', failureModel: 'arbitrary' }]);
    // Nothing run at all still names every scheme.
    expect(aggregateSweep(pb, [], ['primary-backup', 'raft']).schemes).toEqual([{ scheme: 'primary-backup', failureModel: 'fail-stop' }, { scheme: 'raft', failureModel: 'fail-stop' }]);
  });

  it('leads every CSV row with its scheme and failure model, and the text table names every scheme', () => {
    const result = runSweep({ ...grid(ALL_SWEEP_SCHEMES), ns: ['bound'], faultCounts: [0, 1] });
    const csv = sweepCsvRows(result);
    expect(csv[0]).toEqual(['scheme', 'failure_model', ...SWEEP_CSV_HEADER]);
    expect(csv).toHaveLength(1 + 4 * 2);
    expect(csv.slice(1).map((r) => `${String(r[0])} ${String(r[1])} n=${String(r[3])}`)).toEqual([
      'state-machine arbitrary n=3', 'state-machine arbitrary n=3',
      'primary-backup fail-stop n=2', 'primary-backup fail-stop n=2',
      'raft fail-stop n=3', 'raft fail-stop n=3',
      'pbft arbitrary n=4', 'pbft arbitrary n=4',
    ]);
    expect(csv.slice(1).every((r) => r.length === csv[0]?.length)).toBe(true);
    const text = sweepToText(result);
    expect(text).toContain('Sweep: SMR (state-machine, arbitrary); PB (primary-backup, fail-stop); Raft (raft, fail-stop); PBFT (pbft, arbitrary)');
    for (const line of ['SMR: k=1, n=3 (2k+1), crash', 'PB: k=1, n=2 (k+1), crash', 'Raft: k=1, n=3 (2k+1), crash', 'PBFT: k=1, n=4 (3k+1), crash']) expect(text).toMatch(new RegExp(`${line.replace(/[()+]/g, '\\$&')}\\s+ok\\s+ok\\s+≤ 1\\s+≤ 1`));
    // A one-scheme sweep keeps the columns it always had.
    expect(sweepCsvRows(runSweep({ ...grid(), ns: ['bound'], faultCounts: [0] }))[0]).toEqual([...SWEEP_CSV_HEADER]);
  });
});
