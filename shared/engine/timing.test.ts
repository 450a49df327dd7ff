/**
 * The timing knobs: each protocol timer has its own name in the scenario, the optional
 * ones default to failureTimeoutMs exactly as before, and setting one moves its timer
 * and no other.
 */
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../events.js';
import { SmrReplica } from '../protocol/smr.js';
import type { ProtocolConfig } from '../protocol/types.js';
import type { Scenario, ScenarioInput } from '../scenario.js';
import { parseScenario, resolveTiming, ScenarioError, serializeScenario } from '../scenario.js';
import { expandSweep } from '../sweep.js';
import { protocolConfigOf } from './engine.js';
import { simulate } from './sim.js';

const KNOBS = ['leaseMs', 'viewProposalRetryMs', 'smrFetchRetryMs', 'smrRecoverRetryMs'] as const;

const timing = { networkDelayMs: [1, 3] as [number, number], heartbeatMs: 50, failureTimeoutMs: 200, clientTimeoutMs: 400, clientRetries: 3 };

function scenario(input: Partial<ScenarioInput>): Scenario {
  return parseScenario({ faultlab: 1, scheme: 'primary-backup', k: 1, seed: 7, workload: { clients: 2, ratePerSecond: 100, durationMs: 1500 }, timing, ...input });
}

/** The log without its first line (run-start embeds the scenario, which differs by design). */
function body(events: RunEvent[]): string {
  return events
    .slice(1)
    .map((e) => JSON.stringify(e))
    .join('\n');
}

function problems(input: Partial<ScenarioInput>): string[] {
  try {
    scenario(input);
  } catch (err) {
    if (err instanceof ScenarioError) return err.problems;
    throw err;
  }
  return [];
}

describe('the timing knobs in the scenario file', () => {
  it('are absent when a file does not set them, so the scenario serializes as before', () => {
    const s = scenario({});
    for (const knob of KNOBS) expect(knob in s.timing).toBe(false);
    expect(Object.keys(JSON.parse(serializeScenario(s)).timing)).toEqual(['networkDelayMs', 'heartbeatMs', 'failureTimeoutMs', 'clientTimeoutMs', 'clientRetries']);
    const defaulted = parseScenario({ faultlab: 1, scheme: 'state-machine', k: 1 });
    expect(Object.keys(defaulted.timing)).toEqual(['networkDelayMs', 'heartbeatMs', 'failureTimeoutMs', 'clientTimeoutMs', 'clientRetries']);
  });

  it('default to failureTimeoutMs, each resolved in one place', () => {
    expect(resolveTiming(scenario({}).timing)).toEqual({ heartbeatMs: 50, failureTimeoutMs: 200, leaseMs: 200, viewProposalRetryMs: 200, smrFetchRetryMs: 200, smrRecoverRetryMs: 200, clientTimeoutMs: 400, clientRetries: 3 });
    const set = scenario({ timing: { ...timing, leaseMs: 300, viewProposalRetryMs: 100, smrFetchRetryMs: 40, smrRecoverRetryMs: 500 } });
    expect(serializeScenario(set)).toContain('"smrFetchRetryMs": 40');
    expect(protocolConfigOf(set)).toMatchObject({ failureTimeoutMs: 200, leaseMs: 300, viewProposalRetryMs: 100, smrFetchRetryMs: 40, smrRecoverRetryMs: 500 });
  });

  it.each(KNOBS)('%s is validated like the other timeouts, and the error names it', (knob) => {
    expect(problems({ timing: { ...timing, [knob]: 0 } })).toEqual([expect.stringMatching(new RegExp(`^timing\\.${knob}: `))]);
    expect(problems({ timing: { ...timing, [knob]: 12.5 } })).toEqual([expect.stringMatching(new RegExp(`^timing\\.${knob}: `))]);
    expect(problems({ timing: { ...timing, [knob]: 600_001 } })).toEqual([expect.stringMatching(new RegExp(`^timing\\.${knob}: `))]);
    expect(problems({ timing: { ...timing, [knob]: 600_000 } })).toEqual([]);
  });
});

describe('one knob, one timer', () => {
  const config = (over: Partial<ProtocolConfig>): ProtocolConfig => ({
    ...protocolConfigOf(scenario({ scheme: 'state-machine', failureModel: 'arbitrary' })),
    ...over,
  });

  it('an SMR replica missing requests re-fetches after smrFetchRetryMs; a recovering one asks again after smrRecoverRetryMs', () => {
    const r = new SmrReplica(1, config({ smrFetchRetryMs: 35, smrRecoverRetryMs: 90 }), { recovering: false });
    r.start();
    const out = r.onMessage('sequencer', { kind: 'ordered', seq: 3, client: 1, req: 3, op: { type: 'inc', by: 1 } });
    expect(out.sends).toContainEqual({ to: 'sequencer', msg: { kind: 'fetch', fromSeq: 1, toSeq: 2 } });
    expect(out.timers).toContainEqual({ name: 'fetch', afterMs: 35 });
    const recovering = new SmrReplica(2, config({ smrFetchRetryMs: 35, smrRecoverRetryMs: 90 }), { recovering: true });
    expect(recovering.start().timers).toContainEqual({ name: 'recover', afterMs: 90 });
  });

  it('absent knobs run exactly as knobs set to failureTimeoutMs', () => {
    for (const scheme of ['state-machine', 'primary-backup'] as const) {
      const faults = [{ atMs: 0, type: 'omission' as const, replica: 2, probability: 0.3, direction: 'receive' as const, untilMs: 900 }, { atMs: 600, type: 'crash' as const, replica: 1 }];
      const absent = simulate(scenario({ scheme, faults })).events;
      const explicit = simulate(scenario({ scheme, faults, timing: { ...timing, leaseMs: 200, viewProposalRetryMs: 200, smrFetchRetryMs: 200, smrRecoverRetryMs: 200 } })).events;
      expect(body(explicit)).toBe(body(absent));
    }
  });

  it('smrFetchRetryMs changes how often an SMR replica re-fetches, and nothing about suspicion', () => {
    const faults = [{ atMs: 0, type: 'omission' as const, replica: 2, probability: 0.5, direction: 'receive' as const, untilMs: 1200 }];
    // A fetch with no delivery to the replica at that instant was sent by its fetch timer:
    // it comes exactly smrFetchRetryMs after the replica's previous fetch.
    const retryGaps = (events: RunEvent[]): number[] => {
      const fetches = events.filter((e) => e.type === 'send' && e.from === 'r2' && e.kind === 'fetch').map((e) => e.t);
      const deliveries = new Set(events.filter((e) => e.type === 'deliver' && e.to === 'r2').map((e) => e.t));
      return fetches.flatMap((t, i) => (i > 0 && !deliveries.has(t) ? [t - fetches[i - 1]!] : []));
    };
    const smr = (smrFetchRetryMs: number) =>
      simulate(scenario({ scheme: 'state-machine', failureModel: 'arbitrary', workload: { clients: 2, ratePerSecond: 10, durationMs: 1500 }, faults, timing: { ...timing, smrFetchRetryMs } })).events;
    const fast = retryGaps(smr(20));
    const slow = retryGaps(smr(60));
    expect(fast.length).toBeGreaterThan(0);
    expect(new Set(fast)).toEqual(new Set([20]));
    expect(slow.length).toBeGreaterThan(0);
    expect(new Set(slow)).toEqual(new Set([60]));
    // In primary-backup the same knob drives nothing: the run is the same, suspicion included.
    const pbFaults = [{ atMs: 600, type: 'crash' as const, replica: 1 }];
    const pb = simulate(scenario({ faults: pbFaults })).events;
    const pbSet = simulate(scenario({ faults: pbFaults, timing: { ...timing, smrFetchRetryMs: 20, smrRecoverRetryMs: 20 } })).events;
    expect(body(pbSet)).toBe(body(pb));
  });

  it('leaseMs lengthens the arbiter wait at failover, not the time to suspect the primary', () => {
    const faults = [{ atMs: 600, type: 'crash' as const, replica: 1 }];
    const suspicion = (events: RunEvent[]) => events.filter((e) => e.type === 'suspect');
    const accepted = (events: RunEvent[]) => events.find((e) => e.type === 'arbiter' && e.decision === 'accepted')?.t;
    const base = simulate(scenario({ faults })).events;
    const longLease = simulate(scenario({ faults, timing: { ...timing, leaseMs: 500 } })).events;
    expect(suspicion(base).length).toBeGreaterThan(0);
    expect(suspicion(longLease)).toEqual(suspicion(base));
    expect(accepted(longLease)).toBeGreaterThan(accepted(base)!);
  });

  it('failureTimeoutMs with the other knobs pinned moves suspicion only', () => {
    const faults = [{ atMs: 600, type: 'crash' as const, replica: 1 }];
    const pinned = { leaseMs: 200, viewProposalRetryMs: 200, smrFetchRetryMs: 200, smrRecoverRetryMs: 200 };
    const firstSuspicion = (events: RunEvent[]) => events.find((e) => e.type === 'suspect')?.t;
    const slow = simulate(scenario({ faults, timing: { ...timing, ...pinned, failureTimeoutMs: 400 } })).events;
    const base = simulate(scenario({ faults, timing: { ...timing, ...pinned } })).events;
    expect(firstSuspicion(slow)).toBeGreaterThan(firstSuspicion(base)!);
  });
});

describe('a sweep over failure timeouts', () => {
  it('varies the failure detector only: the other timers keep the base scenario\'s values', () => {
    const base = scenario({ timing: { ...timing, smrFetchRetryMs: 70 } });
    const cells = expandSweep({ base, ks: [1], ns: ['bound'], faultCounts: [1], kinds: ['crash'], failureTimeoutsMs: [200, 5] });
    const at = (ms: number) => cells.find((c) => c.failureTimeoutMs === ms)!.scenario;
    // At the base's own timeout the cell's timing is the base's, byte for byte.
    expect(JSON.stringify(at(200).timing)).toBe(JSON.stringify(base.timing));
    expect(resolveTiming(at(5).timing)).toEqual({ ...resolveTiming(base.timing), failureTimeoutMs: 5 });
    expect(protocolConfigOf(at(5))).toMatchObject({ failureTimeoutMs: 5, leaseMs: 200, viewProposalRetryMs: 200, smrFetchRetryMs: 70, smrRecoverRetryMs: 200 });
  });
});
