/**
 * The sweep runner over all four schemes, in simulation, as the CLI and the app run it:
 * each scheme held to its own bound. What a student sees: Raft with 2k+1 replicas rides
 * out k crashes and not k+1; PBFT with 3k+1 masks k liars, colluding or not, and not
 * k+1; primary-backup answers wrong values under a single liar, which is beyond what it
 * claims (no bar, "beyond claim"), not a failure of the scheme. A stop before a scheme's
 * first cell keeps that scheme's group.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultScenario } from '../../shared/presets.js';
import type { SweepResult, SweepSeries, SweepSpec } from '../../shared/sweep.js';
import { ALL_SWEEP_SCHEMES, expandSweep, sweepToText } from '../../shared/sweep.js';
import { sweepCellKind } from '../../shared/views/sweep-chart.js';
import { runSweep } from './sweep-run.js';

const base = { ...defaultScenario(), workload: { clients: 2, ratePerSecond: 100, durationMs: 1000 } };
const spec: SweepSpec = { base, ks: [1], ns: ['bound'], faultCounts: [0, 1, 2], kinds: ['crash', 'lie', 'collude'], failureTimeoutsMs: [], schemes: ALL_SWEEP_SCHEMES };

let result: SweepResult;
beforeAll(async () => {
  result = await runSweep(spec, 'sim');
});

function series(scheme: string, kind: string): SweepSeries {
  const s = result.series.find((x) => x.scheme === scheme && x.kind === kind);
  if (!s) throw new Error(`no series ${scheme} ${kind}`);
  return s;
}
const outcomes = (s: SweepSeries) => s.rows.map((r) => (r.held ? 'held' : 'broke'));

describe('a simulated sweep over all four schemes (k = 1, each at its bound)', () => {
  it('runs every cell, one group per scheme in the comparison\'s order', () => {
    expect(result.rows).toHaveLength(4 * 3 * 3);
    expect(result.schemes).toEqual([
      { scheme: 'state-machine', failureModel: 'arbitrary' },
      { scheme: 'primary-backup', failureModel: 'fail-stop' },
      { scheme: 'raft', failureModel: 'fail-stop' },
      { scheme: 'pbft', failureModel: 'arbitrary' },
    ]);
    expect(result.series.map((s) => s.label).slice(0, 4)).toEqual(['SMR: k=1, n=3 (2k+1), crash', 'SMR: k=1, n=3 (2k+1), lie', 'SMR: k=1, n=3 (2k+1), collude', 'PB: k=1, n=2 (k+1), crash']);
  });

  it('Raft with 3 replicas rides out 1 crash and not 2: a majority must stay up', () => {
    const raft = series('raft', 'crash');
    expect(raft).toMatchObject({ n: 3, nLabel: '2k+1', predictedTolerance: 1, toleratedUpTo: 1, firstBroken: 2, asPredicted: true });
    expect(outcomes(raft)).toEqual(['held', 'held', 'broke']);
    // With two of three down nothing commits: requests go unanswered, none answered wrong.
    const two = raft.rows[2];
    expect(two?.lost).toBeGreaterThan(0);
    expect(two?.answeredWrong).toBe(0);
    expect(two?.answeredCorrect).toBeLessThan(two?.issued ?? 0);
  });

  it('PBFT with 4 replicas masks 1 liar, lying alone or colluding, and not 2', () => {
    for (const kind of ['lie', 'collude']) {
      const pbft = series('pbft', kind);
      expect(pbft, kind).toMatchObject({ n: 4, nLabel: '3k+1', predictedTolerance: 1, toleratedUpTo: 1, firstBroken: 2, asPredicted: true });
      expect(pbft.rows[1]).toMatchObject({ answeredWrong: 0, answeredCorrect: pbft.rows[1]?.issued });
    }
    // Two colluders out of four agree on one wrong value: k+1 matching replies accept it.
    expect(series('pbft', 'collude').rows[2]?.answeredWrong).toBeGreaterThan(0);
  });

  it('primary-backup under one colluding liar answers wrong values: beyond its claim, not a failure of the scheme', () => {
    const pb = series('primary-backup', 'collude');
    expect(pb).toMatchObject({ n: 2, predictedTolerance: null, asPredicted: null, toleratedUpTo: 0, firstBroken: 1 });
    expect(pb.rows[1]?.answeredWrong).toBeGreaterThan(0);
    expect(pb.rows.map((r) => r.asPredicted)).toEqual([null, null, null]);
    expect(pb.rows.map((r) => sweepCellKind(r))).toEqual(['held', 'beyond', 'beyond']);
    // Raft claims nothing about lies either; its crashes are within its claim.
    expect(series('raft', 'lie').predictedTolerance).toBeNull();
    expect(series('primary-backup', 'crash')).toMatchObject({ predictedTolerance: 1, toleratedUpTo: 1, asPredicted: true });
  });

  it('breaks every scheme exactly where its own bound says, so nothing is flagged as a surprise', () => {
    expect(result.surprises).toEqual([]);
    for (const s of result.series.filter((x) => x.predictedTolerance !== null)) expect(s.asPredicted, s.label).toBe(true);
    const text = sweepToText(result);
    expect(text).toMatch(/Raft: k=1, n=3 \(2k\+1\), crash\s+ok\s+ok\s+\d+%\s+≤ 1\s+≤ 1/);
    expect(text).toMatch(/PB: k=1, n=2 \(k\+1\), collude\s+ok\s+\d+%\s+\d+%\s+beyond claim\s+≤ 0/);
    expect(text).toContain('"beyond claim": the fault kind is outside the failure model the scheme claims to tolerate');
  });
});

describe('PBFT one below its bound (a student sees "differs")', () => {
  it('outvotes a single colluder at n = 3k: the lab\'s liars lie in their replies but still take part in agreement, so the worst case the bound is for does not happen', async () => {
    const below = await runSweep({ ...spec, ns: ['below'], faultCounts: [0, 1, 2], kinds: ['collude'], schemes: ['pbft'] }, 'sim');
    expect(below.series[0]).toMatchObject({ n: 3, nLabel: '3k', predictedTolerance: 0, toleratedUpTo: 1, firstBroken: 2, asPredicted: false });
    expect(below.surprises).toEqual(['k=1, n=3 (3k), collude: predicted to tolerate 0, but 1 fault held']);
  });
});

describe('a sweep over several schemes stopped early', () => {
  it('keeps the schemes it never reached as groups of their own', async () => {
    const small: SweepSpec = { ...spec, kinds: ['crash'], faultCounts: [0, 1], schemes: ['raft', 'pbft'] };
    const raftCells = expandSweep(small).filter((c) => c.scheme === 'raft').length;
    const stop = new AbortController();
    const stopped = await runSweep(small, 'sim', { stop: stop.signal, onProgress: (p) => p.done === raftCells && stop.abort() });
    expect(stopped.rows.map((r) => r.scheme)).toEqual(['raft', 'raft']);
    expect(stopped.schemes).toEqual([{ scheme: 'raft', failureModel: 'fail-stop' }, { scheme: 'pbft', failureModel: 'arbitrary' }]);
  });
});
