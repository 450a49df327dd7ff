/**
 * The live model (shared/views/model.ts) folds a run's events into what the app and the
 * report draw. Fed with real simulated logs (the same stories the protocol tests tell), it
 * must show what happened.
 */
import { describe, expect, it } from 'vitest';
import { lab } from '../testing/story.js';
import type { RunEvent } from '../events.js';
import { parseScenario } from '../scenario.js';
import { LiveModel, modelAt, statusOf } from './model.js';

function fold(run: ReturnType<ReturnType<typeof lab>['simulate']>): LiveModel {
  const m = new LiveModel(run.scenario);
  // Batches as the app receives them, not one big array.
  for (let i = 0; i < run.events.length; i += 97) m.ingest(run.events.slice(i, i + 97));
  m.close(run.events.at(-1)?.t ?? 0);
  return m;
}

describe('the live model of a primary-backup failover', () => {
  const run = lab('primary-backup', 'fail-stop', { k: 1 }).replica(1).crashes().at(1000).simulate();
  const m = fold(run);

  it('shows the crashed primary as crashed and the backup as the new primary', () => {
    expect(statusOf(m.replica(1)!)).toBe('crashed');
    expect(m.replica(2)?.role).toBe('primary');
    expect(statusOf(m.replica(2)!)).toBe('up');
  });

  it('draws a down segment from the crash and a primary segment for replica 2 after it', () => {
    const down = m.segments.find((s) => s.lane === 1 && s.kind === 'down');
    expect(down?.start).toBe(1000);
    const primary2 = m.segments.find((s) => s.lane === 2 && s.kind === 'primary');
    expect(primary2?.start).toBeGreaterThan(1000);
    expect(m.markers.some((mk) => mk.kind === 'suspicion')).toBe(true);
  });

  it('scrubbed back to before the crash, replica 1 is the primary and up', () => {
    const before = modelAt(run.scenario, run.events, 900);
    expect(before.replica(1)?.role).toBe('primary');
    expect(statusOf(before.replica(1)!)).toBe('up');
  });

  it('counts answers into metric buckets that add up to the answered requests', () => {
    const accepted = m.buckets.reduce((n, b) => n + b.accepted, 0);
    expect(accepted).toBe(run.requests.answeredCorrect + run.requests.answeredWrong);
  });
});

describe('the live model of a vote', () => {
  it('shows k+1 colluders winning: accepted value backed by the liars, threshold k+1', () => {
    const run = lab('state-machine', 'arbitrary', { k: 1 }).replica(2).behaves('collude').at(0).replica(3).behaves('collude').at(0).simulate();
    const m = fold(run);
    expect(m.voteOrder).toHaveLength(run.requests.issued);
    const row = m.voteOrder[0]!;
    expect(row.decision).toBe('accepted');
    expect(row.threshold).toBe(2);
    const winner = row.tally.find((g) => JSON.stringify(g.value) === JSON.stringify(row.accepted));
    expect(winner?.replicas.sort()).toEqual([2, 3]);
    expect(statusOf(m.replica(2)!)).toBe('byzantine');
  });

  it('shows two disagreeing liars leaving a request without a decision', () => {
    const run = lab('state-machine', 'arbitrary', { k: 1 }).replica(2).behaves('lie').at(0).replica(3).behaves('lie').at(0).simulate();
    const m = fold(run);
    expect(m.voteOrder.every((r) => r.decision !== 'accepted')).toBe(true);
    expect(m.voteOrder.some((r) => r.decision === 'gave-up' || r.decision === 'no-majority')).toBe(true);
  });
});

describe('a partition in the live model', () => {
  it('marks the minority side cut off while it lasts', () => {
    const run = lab('primary-backup', 'fail-stop', { k: 2 }).partition([1], [2, 3]).at(500).heal().at(900).simulate();
    const during = modelAt(run.scenario, run.events, 700);
    expect(statusOf(during.replica(1)!)).toBe('cut off');
    expect(statusOf(during.replica(2)!)).not.toBe('cut off');
    const after = modelAt(run.scenario, run.events, 1000);
    expect(after.replica(1)?.cutOff).toBe(false);
  });
});

describe('network faults on a replica', () => {
  const scenario = parseScenario({ faultlab: 1, name: 'net', scheme: 'state-machine', failureModel: 'arbitrary', k: 1, replicas: 3, service: 'counter' });
  const fault = (t: number, f: Record<string, unknown>): RunEvent => ({ t, type: 'fault', fault: { atMs: t, ...f } as never, source: 'live', effect: 'applied at the relay' });

  it('lists the ones in force, and forgets one undone (probability 0, delay 0) or over', () => {
    const m = new LiveModel(scenario);
    m.ingest([{ t: 0, type: 'run-start', mode: 'sim', seed: 1, scenario, version: 'test' }]);
    m.ingest([fault(100, { type: 'omission', replica: 2, probability: 0.5, direction: 'both' }), fault(110, { type: 'delay', replica: 2, ms: 40, jitterMs: 0, untilMs: 500 })]);
    expect(m.networkFaults(2).map((f) => f.type)).toEqual(['omission', 'delay']);
    expect(m.networkFaults(1)).toEqual([]);
    m.ingest([fault(200, { type: 'omission', replica: 2, probability: 0, direction: 'both' })]);
    expect(m.networkFaults(2).map((f) => f.type)).toEqual(['delay']);
    m.ingest([{ t: 600, type: 'run-end', reason: 'completed' }]);
    expect(m.networkFaults(2)).toEqual([]);
  });
});
