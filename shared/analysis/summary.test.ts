/**
 * Golden tests of the oracle and the analysis: small hand-written event logs whose
 * summaries are known, including logs that must be classified wrong, lost, undecided
 * and executed twice.
 */
import { describe, expect, it } from 'vitest';
import type { EventBody, RunEvent } from '../events.js';
import { parseScenario } from '../scenario.js';
import type { ScenarioInput } from '../scenario.js';
import { analyze, percentile } from './summary.js';

function log(input: Partial<ScenarioInput> & Pick<ScenarioInput, 'scheme'>, body: [number, EventBody][], complete = true): RunEvent[] {
  const scenario = parseScenario({ faultlab: 1, k: 1, service: 'counter', ...input });
  const events: RunEvent[] = [{ t: 0, type: 'run-start', mode: 'sim', seed: scenario.seed, scenario, version: 'test' }];
  for (const [t, e] of body) events.push({ t, ...e } as RunEvent);
  if (complete) events.push({ t: body.at(-1)?.[0] ?? 0, type: 'run-end', reason: 'completed' });
  return events;
}

const inc = { type: 'inc', by: 1 } as const;

describe('analysis of state-machine logs', () => {
  const events = log({ scheme: 'state-machine', failureModel: 'arbitrary', replicas: 3 }, [
    [0, { type: 'request', client: 1, req: 1, op: inc, to: 'sequencer' }],
    [1, { type: 'order', seq: 1, client: 1, req: 1 }],
    [2, { type: 'request', client: 1, req: 2, op: inc, to: 'sequencer' }],
    [3, { type: 'order', seq: 2, client: 1, req: 2 }],
    [4, { type: 'request', client: 2, req: 1, op: { type: 'read' }, to: 'sequencer' }],
    [5, { type: 'order', seq: 3, client: 2, req: 1 }],
    [6, { type: 'request', client: 2, req: 2, op: inc, to: 'sequencer' }],
    [8, { type: 'accept', client: 1, req: 1, value: 1, from: [1, 2], latencyMs: 8 }],
    // Two colluders outvote the truth (2) with 100002: a wrong value accepted.
    [12, { type: 'accept', client: 1, req: 2, value: 100002, from: [2, 3], latencyMs: 10 }],
    // Replies came, no value reached k+1: undecided.
    [500, { type: 'give-up', client: 2, req: 1, replies: 2 }],
    // Never ordered, no reply at all: lost.
    [600, { type: 'give-up', client: 2, req: 2, replies: 0 }],
    [700, { type: 'final', replica: 1, status: 'up', stateHash: 'aaa', applied: 3, behavior: null }],
    [700, { type: 'final', replica: 2, status: 'up', stateHash: 'aaa', applied: 3, behavior: 'collude' }],
    [700, { type: 'final', replica: 3, status: 'crashed', stateHash: null, applied: 0, behavior: null }],
  ]);
  const { summary, requests } = analyze(events);

  it('classifies each request', () => {
    expect(summary.requests).toEqual({ issued: 4, answeredCorrect: 1, answeredWrong: 1, lost: 1, undecided: 1, executedTwice: 0, unresolved: 0 });
    expect(requests.map((r) => r.outcome)).toEqual(['answered-correct', 'answered-wrong', 'undecided', 'lost']);
    expect(requests[1]).toMatchObject({ value: 100002, expected: 2 });
  });

  it('counts votes', () => {
    expect(summary.votes).toEqual({ decided: 2, undecided: 1, wrongDecided: 1 });
  });

  it('reports latency percentiles and the final states', () => {
    expect(summary.latencyMs).toEqual({ p50: 8, p99: 10 });
    expect(summary.divergence).toEqual({ diverged: false, stateHashes: { '1': 'aaa', '2': 'aaa', '3': null } });
    expect(summary.complete).toBe(true);
    expect(summary.eventLogSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('notices divergence among live correct replicas only', () => {
    const diverged = events.map((e) => (e.type === 'final' && e.replica === 3 ? { ...e, status: 'up' as const, stateHash: 'bbb' } : e));
    expect(analyze(diverged).summary.divergence.diverged).toBe(true);
    const liarDiffers = events.map((e) => (e.type === 'final' && e.replica === 2 ? { ...e, stateHash: 'zzz' } : e));
    expect(analyze(liarDiffers).summary.divergence.diverged).toBe(false);
  });

  describe('a run stopped while a request was on its way to one replica', () => {
    // Replica 3 had not been given request 2 yet when Stop was pressed.
    const body = (hash3: string, applies3: number): [number, EventBody][] => [
      [0, { type: 'request', client: 1, req: 1, op: inc, to: 'sequencer' }],
      [1, { type: 'order', seq: 1, client: 1, req: 1 }],
      [2, { type: 'apply', replica: 1, seq: 1, client: 1, req: 1, stateHash: 'h1' }],
      [2, { type: 'apply', replica: 2, seq: 1, client: 1, req: 1, stateHash: 'h1' }],
      [2, { type: 'apply', replica: 3, seq: 1, client: 1, req: 1, stateHash: 'h1' }],
      [3, { type: 'request', client: 1, req: 2, op: inc, to: 'sequencer' }],
      [4, { type: 'order', seq: 2, client: 1, req: 2 }],
      [5, { type: 'apply', replica: 1, seq: 2, client: 1, req: 2, stateHash: 'h2' }],
      [5, { type: 'apply', replica: 2, seq: 2, client: 1, req: 2, stateHash: 'h2' }],
      ...(applies3 === 2 ? [[5, { type: 'apply', replica: 3, seq: 2, client: 1, req: 2, stateHash: hash3 }] as [number, EventBody]] : []),
      [6, { type: 'final', replica: 1, status: 'up', stateHash: 'h2', applied: 2, behavior: null }],
      [6, { type: 'final', replica: 2, status: 'up', stateHash: 'h2', applied: 2, behavior: null }],
      [6, { type: 'final', replica: 3, status: 'up', stateHash: hash3, applied: applies3, behavior: null }],
      [6, { type: 'run-end', reason: 'stopped' }],
    ];
    const stopped = (hash3: string, applies3: number): RunEvent[] => log({ scheme: 'state-machine', failureModel: 'arbitrary', replicas: 3 }, body(hash3, applies3), false);

    it('finds the replica behind, not diverged', () => {
      expect(analyze(stopped('h1', 1)).summary.divergence.diverged).toBe(false);
    });

    it('finds two replicas that executed the same requests into different states diverged', () => {
      expect(analyze(stopped('other', 2)).summary.divergence.diverged).toBe(true);
    });

    it('still finds a replica left behind at the end of a run that completed diverged', () => {
      const completed = stopped('h1', 1).map((e) => (e.type === 'run-end' ? { ...e, reason: 'completed' as const } : e));
      expect(analyze(completed).summary.divergence.diverged).toBe(true);
    });
  });

  it('hashes the log so that any edit changes the hash', () => {
    const edited = events.map((e) => (e.type === 'accept' && e.req === 2 ? { ...e, value: 2 } : e));
    expect(analyze(edited).summary.eventLogSha256).not.toBe(summary.eventLogSha256);
    expect(analyze(edited).summary.requests.answeredWrong).toBe(0);
  });
});

describe('analysis of primary-backup logs', () => {
  it('finds a request executed twice in the final state and judges the answer against exactly-once', () => {
    const events = log({ scheme: 'primary-backup', failureModel: 'fail-stop', replicas: 2, options: { dedup: false } }, [
      [0, { type: 'role', replica: 1, role: 'primary', view: 1 }],
      [0, { type: 'role', replica: 2, role: 'backup', view: 1 }],
      [1, { type: 'request', client: 1, req: 1, op: inc, to: 'r1' }],
      [2, { type: 'apply', replica: 1, seq: 1, client: 1, req: 1, stateHash: 'h1' }],
      [4, { type: 'apply', replica: 2, seq: 1, client: 1, req: 1, stateHash: 'h1' }],
      [5, { type: 'fault', fault: { atMs: 5, type: 'crash', replica: 1 }, source: 'schedule', effect: 'replica 1 killed' }],
      [5, { type: 'process', replica: 1, status: 'crashed', pid: null, detail: 'killed' }],
      [205, { type: 'suspect', replica: 2, suspect: 1, silentForMs: 201 }],
      [206, { type: 'role', replica: 2, role: 'primary', view: 2 }],
      [401, { type: 'retry', client: 1, req: 1, attempt: 2, to: 'r2' }],
      // Without dedup the new primary executes the retry again.
      [402, { type: 'apply', replica: 2, seq: 2, client: 1, req: 1, stateHash: 'h2' }],
      [402, { type: 'commit', replica: 2, client: 1, req: 1, view: 2, seq: 2 }],
      [403, { type: 'accept', client: 1, req: 1, value: 2, from: [2], latencyMs: 402 }],
      [500, { type: 'final', replica: 1, status: 'crashed', stateHash: null, applied: 0, behavior: null }],
      [500, { type: 'final', replica: 2, status: 'up', stateHash: 'h2', applied: 2, behavior: null }],
    ]);
    const { summary } = analyze(events);
    expect(summary.requests).toMatchObject({ issued: 1, executedTwice: 1, answeredWrong: 1, answeredCorrect: 0 });
    expect(summary.failovers).toEqual([{ atMs: 206, from: 1, to: 2, detectMs: 200, unavailableMs: 397 }]);
    expect(summary.splitBrain).toBe(false);
  });

  it('sees split brain when two primaries both commit while both are primary', () => {
    const events = log({ scheme: 'primary-backup', failureModel: 'fail-stop', k: 2, options: { fencing: false } }, [
      [0, { type: 'role', replica: 1, role: 'primary', view: 1 }],
      [10, { type: 'request', client: 1, req: 1, op: inc, to: 'r1' }],
      [11, { type: 'apply', replica: 1, seq: 1, client: 1, req: 1, stateHash: 'a' }],
      [12, { type: 'commit', replica: 1, client: 1, req: 1, view: 1, seq: 1 }],
      [13, { type: 'accept', client: 1, req: 1, value: 1, from: [1], latencyMs: 3 }],
      [50, { type: 'fault', fault: { atMs: 50, type: 'partition', groups: [[1, 'client-1'], [2, 3, 'client-2']] }, source: 'schedule', effect: 'applied at the relay' }],
      [90, { type: 'suspect', replica: 2, suspect: 1, silentForMs: 60 }],
      [100, { type: 'role', replica: 2, role: 'primary', view: 2 }],
      [140, { type: 'request', client: 1, req: 2, op: inc, to: 'r1' }],
      [141, { type: 'apply', replica: 1, seq: 2, client: 1, req: 2, stateHash: 'b' }],
      [150, { type: 'commit', replica: 1, client: 1, req: 2, view: 2, seq: 2 }],
      [151, { type: 'accept', client: 1, req: 2, value: 2, from: [1], latencyMs: 11 }],
      [155, { type: 'request', client: 2, req: 1, op: inc, to: 'r2' }],
      [156, { type: 'apply', replica: 2, seq: 1, client: 2, req: 1, stateHash: 'c' }],
      [160, { type: 'commit', replica: 2, client: 2, req: 1, view: 2, seq: 1 }],
      [161, { type: 'accept', client: 2, req: 1, value: 1, from: [2], latencyMs: 6 }],
      [300, { type: 'role', replica: 2, role: 'primary', view: 3 }],
      [300, { type: 'final', replica: 1, status: 'up', stateHash: 'b', applied: 2, behavior: null }],
      [300, { type: 'final', replica: 2, status: 'up', stateHash: 'c', applied: 1, behavior: null }],
      [300, { type: 'final', replica: 3, status: 'up', stateHash: 'c', applied: 1, behavior: null }],
    ]);
    const { summary, requests } = analyze(events);
    expect(summary.splitBrain).toBe(true);
    expect(summary.failovers).toEqual([{ atMs: 100, from: 1, to: 2, detectMs: 40, unavailableMs: 110 }]);
    // r2's side is the final state: r1's answers are not in it.
    expect(requests.map((r) => r.outcome)).toEqual(['answered-wrong', 'answered-wrong', 'answered-correct']);
    expect(summary.divergence.diverged).toBe(true);
  });

  it('sees no split brain when the old primary stops serving before the new one starts', () => {
    const events = log({ scheme: 'primary-backup', failureModel: 'fail-stop' }, [
      [0, { type: 'role', replica: 1, role: 'primary', view: 1 }],
      [12, { type: 'commit', replica: 1, client: 1, req: 1, view: 1, seq: 1 }],
      [90, { type: 'role', replica: 1, role: 'recovering', view: 2 }],
      [100, { type: 'role', replica: 2, role: 'primary', view: 2 }],
      [160, { type: 'commit', replica: 2, client: 2, req: 1, view: 2, seq: 1 }],
    ]);
    expect(analyze(events).summary.splitBrain).toBe(false);
  });
});

describe('incomplete logs', () => {
  it('marks a log without its end marker incomplete and its open requests unresolved', () => {
    const events = log({ scheme: 'state-machine' }, [[0, { type: 'request', client: 1, req: 1, op: inc, to: 'sequencer' }]], false);
    const { summary } = analyze(events);
    expect(summary.complete).toBe(false);
    expect(summary.requests.unresolved).toBe(1);
  });

  it('refuses a log that does not start with run-start', () => {
    expect(() => analyze([{ t: 0, type: 'run-end', reason: 'completed' }])).toThrow(/run-start/);
  });
});

describe('percentiles', () => {
  it('uses the nearest rank', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([5], 99)).toBe(5);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 99)).toBe(99);
  });
});
