/**
 * Fork from here: a fork repeats its parent's log exactly before its moment, whatever it
 * changes after it, for every built-in lab and random moments and faults (a property test:
 * a failure prints the seed; FAULTLAB_PROPERTY_SEED replays it). And the side-by-side names
 * the requests a student would look for: lost in the parent, answered in the fork.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from './analysis/summary.js';
import type { RequestRecord } from './analysis/summary.js';
import { simulate } from './engine/sim.js';
import { differenceCounts, forkedPrefixProblem, forkScenario, outcomeDifferences } from './fork.js';
import { PRESETS } from './presets.js';
import type { Fault, Scenario } from './scenario.js';
import { parseScenario } from './scenario.js';
import { PB_WITHOUT_RETRIES } from './testing/fork-parent.js';

const SEED_ENV = process.env.FAULTLAB_PROPERTY_SEED ?? '20261202';
const SEED = SEED_ENV === 'random' ? undefined : Number(SEED_ENV);
const RUNS = Number(process.env.FAULTLAB_PROPERTY_RUNS ?? 24);

const pbNoRetry = (): Scenario => parseScenario(PB_WITHOUT_RETRIES);

describe('fork from here', () => {
  it('a fork without the primary crash answers the requests its parent lost, and repeats the parent before the moment', () => {
    const parent = pbNoRetry();
    const a = simulate(parent).events;
    const { scenario, dropped } = forkScenario(parent, 1000, { dropLater: true });
    expect(dropped).toEqual([{ atMs: 1000, type: 'crash', replica: 1 }]);
    expect(scenario.faults).toEqual([]);
    expect(scenario.name).toBe('PB without retries (fork at 1000 ms)');
    const b = simulate(scenario).events;
    expect(forkedPrefixProblem(a, b, 1000)).toBeNull();
    const parentRun = analyze(a);
    const forkRun = analyze(b);
    expect(parentRun.summary.requests.lost).toBeGreaterThan(0);
    expect(forkRun.summary.requests.lost).toBe(0);
    const diffs = outcomeDifferences(parentRun.requests, forkRun.requests);
    expect(diffs).toHaveLength(parentRun.summary.requests.lost);
    expect(differenceCounts(diffs)).toEqual([{ a: 'lost', b: 'answered-correct', count: parentRun.summary.requests.lost }]);
    // Every difference comes after the moment: before it, the two runs are one.
    expect(diffs.every((d) => d.issuedAt >= 1000 - 400)).toBe(true);
  });

  it('refuses to change the past, a moment outside the run, and a fork that changes nothing', () => {
    const parent = pbNoRetry();
    expect(() => forkScenario(parent, 1000, { add: [{ atMs: 999, type: 'crash', replica: 2 }] })).toThrow(/before the fork's moment/);
    expect(() => forkScenario(parent, 2001, { dropLater: true })).toThrow(/within the run's workload \(0 to 2000 ms\)/);
    expect(() => forkScenario(parent, 1500, { dropLater: true })).toThrow(/changes nothing/);
    expect(() => forkScenario(parent, 1000, {})).toThrow(/changes nothing/);
  });

  it('names the first event a rewritten past differs in', () => {
    const parent = pbNoRetry();
    const a = simulate(parent).events;
    const b = simulate({ ...parent, faults: [{ atMs: 500, type: 'crash', replica: 1 }] }).events;
    expect(forkedPrefixProblem(a, b, 1000)).toMatch(/differs from its parent's before 1000 ms, at event \d+/);
  });

  it('lists requests issued in only one run, and nothing when outcomes agree', () => {
    const r = (client: number, req: number, outcome: RequestRecord['outcome']): RequestRecord => ({ client, req, op: { type: 'get', key: 'x' } as RequestRecord['op'], issuedAt: req * 10, outcome, executions: 1 });
    expect(outcomeDifferences([r(1, 1, 'lost')], [r(1, 1, 'lost')])).toEqual([]);
    expect(outcomeDifferences([r(1, 1, 'lost'), r(1, 2, 'answered-correct')], [r(1, 1, 'answered-correct'), r(2, 3, 'lost')])).toEqual([
      { client: 1, req: 1, issuedAt: 10, a: 'lost', b: 'answered-correct' },
      { client: 1, req: 2, issuedAt: 20, a: 'answered-correct', b: 'not issued' },
      { client: 2, req: 3, issuedAt: 30, a: 'not issued', b: 'lost' },
    ]);
  });

  it('property: every built-in lab, forked at a random moment with a random crash or its later faults dropped, repeats its parent before the moment', () => {
    const presets = PRESETS.map((p) => parseScenario(p.scenario));
    const property = fc.property(
      fc.integer({ min: 0, max: presets.length - 1 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.integer({ min: 1, max: 15 }),
      fc.boolean(),
      (which, where, replica, drop) => {
        const parent = presets[which] as Scenario;
        const atMs = Math.floor(where * parent.workload.durationMs);
        const add: Fault[] = [{ atMs, type: 'crash', replica: 1 + (replica % parent.replicas) }];
        const { scenario } = forkScenario(parent, atMs, { add, dropLater: drop });
        const problem = forkedPrefixProblem(simulate(parent).events, simulate(scenario).events, atMs);
        if (problem !== null) throw new Error(`${parent.name} forked at ${atMs} ms: ${problem}`);
      },
    );
    const result = fc.check(property, { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) });
    console.log(`fork property: ${result.numRuns} runs, FAULTLAB_PROPERTY_SEED=${result.seed}`);
    if (result.failed) throw new Error(`fork property failed; replay with FAULTLAB_PROPERTY_SEED=${result.seed}\n${String(result.errorInstance ?? '')}`);
  });
});
