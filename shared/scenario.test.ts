import { describe, expect, it } from 'vitest';
import { parseScenario, parseScenarioText, replicaBound, ScenarioError, serializeScenario } from './scenario.js';
import { DEFAULT_SCENARIO_INPUT } from './presets.js';

const designExample = {
  faultlab: 1,
  name: 'Two colluding liars out of three',
  scheme: 'state-machine',
  failureModel: 'arbitrary',
  k: 1,
  replicas: 3,
  service: 'kv',
  seed: 42,
  workload: { clients: 2, ratePerSecond: 100, durationMs: 2000 },
  timing: { networkDelayMs: [1, 3], heartbeatMs: 50, failureTimeoutMs: 200, clientTimeoutMs: 400, clientRetries: 3 },
  options: { dedup: true, fencing: true },
  faults: [
    { atMs: 0, type: 'byzantine', replica: 2, behavior: 'collude' },
    { atMs: 500, type: 'crash', replica: 1 },
    { atMs: 900, type: 'restart', replica: 1 },
    { atMs: 300, type: 'partition', groups: [[1], [2, 3]] },
    { atMs: 700, type: 'heal' },
    { atMs: 0, type: 'omission', replica: 3, probability: 0.3, untilMs: 1000 },
    { atMs: 0, type: 'delay', replica: 3, ms: 50, untilMs: 1000 },
    { atMs: 1200, type: 'pause', replica: 2 },
    { atMs: 1500, type: 'resume', replica: 2 },
  ],
};

function problemsOf(value: unknown): string[] {
  try {
    parseScenario(value);
  } catch (err) {
    if (err instanceof ScenarioError) return err.problems;
    throw err;
  }
  return [];
}

describe('scenario files, version 1', () => {
  it('reads the example of DESIGN.md as it stands', () => {
    const s = parseScenario(designExample);
    expect(s.replicas).toBe(3);
    expect(s.faults).toHaveLength(9);
    expect(s.faults[5]).toMatchObject({ type: 'omission', direction: 'both' });
  });

  it('fills defaults: replicas default to the bound of scheme and model', () => {
    expect(parseScenario({ faultlab: 1, scheme: 'state-machine', failureModel: 'arbitrary', k: 2 }).replicas).toBe(5);
    expect(parseScenario({ faultlab: 1, scheme: 'state-machine', failureModel: 'fail-stop', k: 2 }).replicas).toBe(3);
    expect(parseScenario({ faultlab: 1, scheme: 'primary-backup', k: 1 }).replicas).toBe(2);
    expect(replicaBound('primary-backup', 'fail-stop', 3)).toBe(4);
    const s = parseScenario({ faultlab: 1, scheme: 'primary-backup', k: 1 });
    expect(s.workload).toEqual({ clients: 2, ratePerSecond: 100, durationMs: 2000 });
    expect(s.options).toEqual({ dedup: true, fencing: true });
  });

  it('lets the user set fewer replicas than the bound', () => {
    expect(parseScenario({ ...designExample, replicas: 2, faults: [] }).replicas).toBe(2);
  });

  it('round-trips through the file format', () => {
    const s = parseScenario(designExample);
    expect(parseScenarioText(serializeScenario(s))).toEqual(s);
  });

  it('keeps the built-in default valid', () => {
    expect(() => parseScenario(DEFAULT_SCENARIO_INPUT)).not.toThrow();
  });

  const bad: [string, unknown, RegExp][] = [
    ['an unknown scheme', { ...designExample, scheme: 'paxos' }, /^scheme: expected one of "state-machine", "primary-backup"/],
    ['a negative k', { ...designExample, k: -1 }, /^k: /],
    ['a fault naming replica 9 of 3', { ...designExample, faults: [{ atMs: 0, type: 'crash', replica: 9 }] }, /^faults\[0\]\.replica: replica 9 does not exist \(the scenario has 3 replicas\)/],
    ['an unknown field', { ...designExample, colour: 'red' }, /unknown field "colour"/],
    ['an unknown fault type', { ...designExample, faults: [{ atMs: 0, type: 'meteor' }] }, /^faults\[0\]\.type: /],
    ['an unknown behaviour', { ...designExample, faults: [{ atMs: 0, type: 'byzantine', replica: 1, behavior: 'sulk' }] }, /^faults\[0\]\.behavior: /],
    ['a probability above 1', { ...designExample, faults: [{ atMs: 0, type: 'omission', replica: 1, probability: 2 }] }, /^faults\[0\]\.probability: /],
    ['an interval that ends before it starts', { ...designExample, faults: [{ atMs: 500, type: 'delay', replica: 1, ms: 5, untilMs: 100 }] }, /^faults\[0\]\.untilMs: must be later than atMs/],
    ['a wrong version', { ...designExample, faultlab: 2 }, /^faultlab: /],
    ['a missing scheme', { faultlab: 1, k: 1 }, /^scheme: /],
    ['a reversed delay range', { ...designExample, timing: { networkDelayMs: [5, 1] } }, /^timing\.networkDelayMs: /],
    ['a partition naming a client that does not exist', { ...designExample, faults: [{ atMs: 0, type: 'partition', groups: [[1, 'client-7'], [2]] }] }, /client-7 does not exist/],
    ['a replica in two partition groups', { ...designExample, faults: [{ atMs: 0, type: 'partition', groups: [[1], [1, 2]] }] }, /listed in two groups/],
  ];
  for (const [name, value, pattern] of bad) {
    it(`rejects ${name}, naming the field`, () => {
      const problems = problemsOf(value);
      expect(problems.length).toBeGreaterThan(0);
      expect(problems.join('\n')).toMatch(pattern);
    });
  }

  it('says when the text is not JSON', () => {
    expect(() => parseScenarioText('{ "faultlab": 1,')).toThrow(/not valid JSON/);
  });
});
