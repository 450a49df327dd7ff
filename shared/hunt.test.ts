/**
 * The hunt finds the lecture's counterexamples and shrinks them to the schedule a student
 * would write down; it finds none within the bound; its answer does not depend on the
 * order in which candidates are evaluated.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckName } from './checks.js';
import type { FaultKind } from './faults.js';
import type { Evaluate, HuntOptions } from './hunt.js';
import { candidate, evaluateHere, hunt, simplifications, violates } from './hunt.js';
import type { Scenario } from './scenario.js';
import { parseScenarioText, replicaBound } from './scenario.js';

const example = (name: string): Scenario => {
  const s = parseScenarioText(readFileSync(join(import.meta.dirname, '..', 'examples', `${name}.faultlab.json`), 'utf8'));
  return { ...s, faults: [] };
};

const options = (check: CheckName, kinds: FaultKind[], rest: Partial<HuntOptions> = {}): HuntOptions => ({ check, kinds, maxFaults: 3, budgetRuns: 200, seed: 1, ...rest });

/** Evaluates each batch back to front, as a pool whose last worker answers first might. */
const evaluateBackwards: Evaluate = async (scenarios, check) => {
  const out: boolean[] = new Array<boolean>(scenarios.length);
  for (let i = scenarios.length - 1; i >= 0; i--) out[i] = violates(scenarios[i] as Scenario, check);
  return Promise.resolve(out);
};

describe('faultlab hunt', () => {
  it('shrinks a request loss in primary-backup without retries to a single crash of the primary', async () => {
    const base = example('pb-request-loss-no-retry');
    expect(violates(base, 'no-lost')).toBe(false);
    const r = await hunt(base, options('no-lost', ['crash', 'restart', 'pause', 'resume']), evaluateHere);
    expect(r.found).not.toBeNull();
    expect(r.minimal?.faults).toEqual([{ atMs: 0, type: 'crash', replica: 1 }]);
    expect(r.minimal?.workload.clients).toBe(1);
    expect(violates(r.minimal as Scenario, 'no-lost')).toBe(true);
  });

  it('shrinks split brain without fencing to one partition, keeping the replicas the bound asks for', async () => {
    const base = example('split-brain-no-fencing');
    const r = await hunt(base, options('no-split-brain', ['partition', 'heal']), evaluateHere);
    const minimal = r.minimal as Scenario;
    expect(minimal.faults).toHaveLength(1);
    expect(minimal.faults[0]?.type).toBe('partition');
    expect(minimal.replicas).toBe(replicaBound(base.scheme, base.failureModel, base.k));
    expect(violates(minimal, 'no-split-brain')).toBe(true);
  });

  it('finds no wrong answer from state-machine replication with at most k liars, within its budget', async () => {
    const base = example('why-2k-plus-1-masked');
    const r = await hunt(base, options('no-wrong', ['byzantine'], { maxFaults: base.k, budgetRuns: 96 }), evaluateHere);
    expect(r.found).toBeNull();
    expect(r.minimal).toBeNull();
    expect(r.searchRuns).toBe(96);
    expect(r.distinct).toBe(96);
    // One kind, n replicas, four time buckets: every cell hit.
    expect(r.coverage).toEqual({ cells: 4 * base.replicas, possible: 4 * base.replicas, byKind: { byzantine: 4 * base.replicas } });
  });

  it('with one liar too many, finds wrong answers and keeps both liars', async () => {
    const base = example('why-2k-plus-1-masked');
    const r = await hunt(base, options('no-wrong', ['byzantine'], { maxFaults: base.k + 1 }), evaluateHere);
    const faults = r.minimal?.faults ?? [];
    expect(faults).toHaveLength(2);
    expect(new Set(faults.map((f) => ('replica' in f ? f.replica : 0))).size).toBe(2);
  });

  it('is the same hunt whatever order a batch is evaluated in, and for the same seed twice', async () => {
    const seed = 424242;
    process.stdout.write(`hunt determinism seed=${seed}\n`);
    const base = example('split-brain-no-fencing');
    const o = options('no-split-brain', ['partition', 'heal', 'crash', 'delay'], { seed });
    const a = await hunt(base, o, evaluateHere);
    const b = await hunt(base, o, evaluateBackwards);
    const c = await hunt(base, o, evaluateHere);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(a.minimal).not.toBeNull();
  });

  it('leaves a scenario that no single simplification keeps failing', async () => {
    const base = example('pb-request-loss-no-retry');
    const r = await hunt(base, options('no-lost', ['crash', 'omission', 'partition', 'heal'], { seed: 9 }), evaluateHere);
    const minimal = r.minimal as Scenario;
    for (const s of simplifications({ ...minimal, name: r.found?.name ?? '' }, replicaBound(base.scheme, base.failureModel, base.k))) expect(violates(s, 'no-lost')).toBe(false);
  });

  it('never shrinks below the bound when the scenario is within it', () => {
    const base = { ...example('why-2k-plus-1-masked'), replicas: 5 };
    const bound = replicaBound(base.scheme, base.failureModel, base.k);
    let s: Scenario = base;
    for (let i = 0; i < 5; i++) s = simplifications(s, bound).find((x) => x.replicas < s.replicas) ?? s;
    expect(s.replicas).toBe(bound);
  });

  it('draws each candidate from (seed, index) alone', () => {
    const base = example('split-brain-no-fencing');
    const o = { kinds: ['partition', 'crash'] as FaultKind[], maxFaults: 3, seed: 5 };
    expect(candidate(base, o, 17)).toEqual(candidate(base, o, 17));
    expect(candidate(base, o, 17)).not.toEqual(candidate(base, o, 18));
    expect(candidate(base, o, 0)?.added).toEqual([]);
  });
});
