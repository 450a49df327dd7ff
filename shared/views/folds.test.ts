/**
 * The folds on runs whose answer is known: simulated example labs (a pure function of
 * scenario and seed), and small hand-written logs for the edges.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analysis/summary.js';
import type { RunEvent } from '../events.js';
import { simulate } from '../engine/sim.js';
import { defaultScenario } from '../presets.js';
import type { Scenario } from '../scenario.js';
import { parseScenario, parseScenarioText } from '../scenario.js';
import { describeNoiseSuspicion } from '../describe.js';
import { firstWrongOrLost, noiseSuspicions, readRun, requestKey } from './folds.js';

const example = (name: string): Scenario => parseScenarioText(readFileSync(new URL(`../../examples/${name}.faultlab.json`, import.meta.url), 'utf8'));
const foldOf = (s: Scenario): ReturnType<typeof firstWrongOrLost> => firstWrongOrLost(readRun(simulate(s).events));

describe('time from the first fault to the first wrong or lost request', () => {
  it('two colluding liars out of three: the first answer after their fault at 0 ms is already wrong', () => {
    expect(foldOf(example('why-2k-plus-1-two-liars'))).toEqual({ kind: 'failed', faultAt: 0, failedAt: 4, afterMs: 4, outcome: 'answered-wrong', client: 1, req: 1 });
  });

  it('primary-backup without retries: the first request in flight at the crash is given up one client timeout later', () => {
    const s = example('pb-request-loss-no-retry');
    const r = foldOf(s);
    expect(r).toMatchObject({ kind: 'failed', faultAt: 1000, outcome: 'lost' });
    expect(r?.kind === 'failed' && r.afterMs).toBe(s.timing.clientTimeoutMs);
  });

  it('two replicas for k = 1: no request is decided, the first given up after the timeouts and retries', () => {
    const s = example('why-2k-plus-1-two-replicas');
    const r = foldOf(s);
    expect(r).toMatchObject({ kind: 'failed', faultAt: 0, outcome: 'undecided' });
    expect(r?.kind === 'failed' && r.afterMs).toBe(s.timing.clientTimeoutMs * (s.timing.clientRetries + 1));
  });

  it('the default lab masks its liar: none; retries mask a crash: none', () => {
    expect(foldOf(defaultScenario())).toEqual({ kind: 'none', faultAt: 2000 });
    expect(foldOf(example('pb-request-loss-retry'))).toEqual({ kind: 'none', faultAt: 1000 });
  });

  it('a run without faults has no first fault', () => {
    expect(foldOf(example('cost-of-replication'))).toEqual({ kind: 'no-fault' });
  });

  it('is undefined without the log (a summary alone)', () => {
    const { summary } = analyze(simulate(defaultScenario()).events);
    expect(firstWrongOrLost({ summary })).toBeUndefined();
  });
});

describe('edges, on a hand-written log', () => {
  const scenario = parseScenario({ faultlab: 1, name: 'edges', scheme: 'primary-backup', failureModel: 'fail-stop', k: 1, service: 'counter', timing: { clientRetries: 0 } });
  const base: RunEvent[] = [{ t: 0, type: 'run-start', mode: 'sim', seed: 1, scenario, version: 'test' }];
  const request = (t: number, req: number): RunEvent => ({ t, type: 'request', client: 1, req, op: { type: 'inc', by: 1 }, to: 'r1' });
  const giveUp = (t: number, req: number): RunEvent => ({ t, type: 'give-up', client: 1, req, replies: 0 });
  const fault = (t: number, f: { type: 'heal' } | { type: 'crash'; replica: number }): RunEvent => ({ t, type: 'fault', fault: { atMs: t, ...f }, source: 'schedule', effect: '' });

  it('counts from the first fault that does harm, not a heal or a resume; ignores what went wrong before it', () => {
    const events = [...base, request(1, 1), giveUp(5, 1), fault(10, { type: 'heal' }), request(12, 2), fault(20, { type: 'crash', replica: 1 }), giveUp(50, 2)];
    const r = readRun(events);
    expect(r.outcomes.get(requestKey(1, 1))).toBe('lost');
    expect(firstWrongOrLost(r)).toEqual({ kind: 'failed', faultAt: 20, failedAt: 50, afterMs: 30, outcome: 'lost', client: 1, req: 2 });
  });

  it('a fault after which nothing went wrong: none', () => {
    expect(firstWrongOrLost(readRun([...base, request(1, 1), giveUp(5, 1), fault(10, { type: 'crash', replica: 1 })]))).toEqual({ kind: 'none', faultAt: 10 });
  });
});

describe('suspicions no injected fault caused (scheduling noise)', () => {
  const scenario = parseScenario({ faultlab: 1, name: 'noise', scheme: 'primary-backup', failureModel: 'fail-stop', k: 1, replicas: 3, service: 'counter' });
  const start: RunEvent = { t: 0, type: 'run-start', mode: 'real', seed: 1, scenario, version: 'test' };
  const suspect = (t: number, replica: number, who: number): RunEvent => ({ t, type: 'suspect', replica, suspect: who, silentForMs: 202.07967299999996 });
  const fault = (t: number, f: Record<string, unknown>): RunEvent => ({ t, type: 'fault', fault: { atMs: Math.round(t), ...f } as never, source: 'live', effect: '' });

  it('flags a suspicion with no fault before it, and says what to do', () => {
    const found = noiseSuspicions([start, suspect(830.4, 2, 1)]);
    expect(found).toEqual([{ t: 830.4, replica: 2, suspect: 1, silentForMs: 202.07967299999996 }]);
    expect(describeNoiseSuspicion(found[0]!)).toBe(
      'replica 2 suspected replica 1 at 830 ms with no fault injected before it: the machine was busy (scheduling noise); use simulation on a slow machine',
    );
  });

  it('does not flag a suspicion a fault on the suspected replica explains, at or before it', () => {
    expect(noiseSuspicions([start, fault(500, { type: 'pause', replica: 1 }), fault(600, { type: 'resume', replica: 1 }), suspect(830, 2, 1)])).toEqual([]);
    expect(noiseSuspicions([start, fault(830, { type: 'crash', replica: 1 }), suspect(830, 2, 1)])).toEqual([]);
    // A fault after the suspicion does not explain it.
    expect(noiseSuspicions([start, suspect(830, 2, 1), fault(900, { type: 'crash', replica: 1 })])).toHaveLength(1);
  });

  it('does not flag one while a partition, a pause or a network fault is in force elsewhere; flags it once they are over', () => {
    expect(noiseSuspicions([start, fault(100, { type: 'partition', groups: [[3], [1, 2, 'clients']] }), suspect(830, 2, 1)])).toEqual([]);
    // Healed at 200 ms: nothing is in force at 830 ms any more.
    expect(noiseSuspicions([start, fault(100, { type: 'partition', groups: [[3], [1, 2, 'clients']] }), fault(200, { type: 'heal' }), suspect(830, 2, 1)])).toHaveLength(1);
    expect(noiseSuspicions([start, fault(100, { type: 'pause', replica: 3 }), suspect(830, 2, 1)])).toEqual([]);
    expect(noiseSuspicions([start, fault(100, { type: 'omission', replica: 3, probability: 0.5, direction: 'both' }), suspect(830, 2, 1)])).toEqual([]);
    // The delay on replica 3 ended at 500 ms, and omission probability 0 undoes the drop: nothing is in force at 830 ms.
    const over = [start, fault(100, { type: 'delay', replica: 3, ms: 50, jitterMs: 0, untilMs: 500 }), fault(100, { type: 'omission', replica: 3, probability: 0.5, direction: 'both' }), fault(300, { type: 'omission', replica: 3, probability: 0, direction: 'both' }), suspect(830, 2, 1)];
    expect(noiseSuspicions(over)).toHaveLength(1);
  });

  it('finds none in simulated labs whose suspicions all follow their faults', () => {
    for (const name of ['pb-request-loss-no-retry', 'pb-request-loss-retry']) {
      const events = simulate(example(name)).events;
      expect(events.some((e) => e.type === 'suspect')).toBe(true);
      expect(noiseSuspicions(events)).toEqual([]);
    }
  });
});

describe('vote rows under PBFT', () => {
  it('are folded from the clients\' k+1 quorum, as under state-machine replication', async () => {
    const { VoteFold } = await import('./votes.js');
    const { lab } = await import('../testing/story.js');
    const run = lab('pbft', 'arbitrary', { k: 1 }).replica(2).behaves('lie').at(0).simulate();
    const fold = new VoteFold(run.scenario);
    fold.ingest(run.events);
    expect(fold.order.length).toBe(run.requests.issued);
    expect(fold.order.every((r) => r.decision === 'accepted' && r.threshold === 2)).toBe(true);
  });
});
