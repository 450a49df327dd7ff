/**
 * Built-in scenarios. The default is what the app opens on and what `faultlab run` runs
 * without arguments: voting masking one Byzantine replica out of 2k+1 = 3.
 */
import type { Scenario, ScenarioInput } from './scenario.js';
import { parseScenario } from './scenario.js';

export const DEFAULT_SCENARIO_INPUT: ScenarioInput = {
  faultlab: 1,
  name: 'Voting masks one liar (2k+1 = 3 replicas, k = 1)',
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
    { atMs: 500, type: 'byzantine', replica: 3, behavior: 'lie' },
    { atMs: 1000, type: 'delay', replica: 1, ms: 20, jitterMs: 10, untilMs: 1500 },
  ],
};

export function defaultScenario(): Scenario {
  return parseScenario(structuredClone(DEFAULT_SCENARIO_INPUT));
}

const base = {
  faultlab: 1 as const,
  seed: 7,
  workload: { clients: 2, ratePerSecond: 100, durationMs: 2000 },
  timing: { networkDelayMs: [1, 3] as [number, number], heartbeatMs: 50, failureTimeoutMs: 200, clientTimeoutMs: 400, clientRetries: 3 },
};

/** The built-in labs the app offers, the default first. Each is an ordinary scenario. */
export const PRESETS: { id: string; title: string; description: string; scenario: ScenarioInput }[] = [
  {
    id: 'default',
    title: 'Voting masks one liar',
    description: 'State-machine replication with 2k+1 = 3 replicas; replica 3 starts lying at 0.5 s. Every answer stays correct.',
    scenario: DEFAULT_SCENARIO_INPUT,
  },
  {
    id: 'collusion',
    title: 'k+1 colluding liars win the vote',
    description: 'Two of three replicas collude on one wrong value: the voter accepts it. The bound 2k+1 assumes at most k liars.',
    scenario: {
      ...base,
      name: 'Two colluding liars out of three',
      scheme: 'state-machine',
      failureModel: 'arbitrary',
      k: 1,
      replicas: 3,
      service: 'kv',
      faults: [
        { atMs: 0, type: 'byzantine', replica: 2, behavior: 'collude' },
        { atMs: 0, type: 'byzantine', replica: 3, behavior: 'collude' },
      ],
    },
  },
  {
    id: 'primary-crash',
    title: 'Primary crash and failover',
    description: 'Primary-backup with k+1 = 2 replicas; the primary is killed at 1 s. Backups suspect it, elect a new primary, clients retry.',
    scenario: { ...base, name: 'The primary crashes', scheme: 'primary-backup', failureModel: 'fail-stop', k: 1, replicas: 2, service: 'bank', faults: [{ atMs: 1000, type: 'crash', replica: 1 }] },
  },
  {
    id: 'request-loss',
    title: 'Requests lost when the primary dies',
    description: 'As above, but clients do not retry: the requests in flight at the crash are lost.',
    scenario: {
      ...base,
      name: 'Primary crash, no client retries',
      scheme: 'primary-backup',
      failureModel: 'fail-stop',
      k: 1,
      replicas: 2,
      service: 'counter',
      timing: { ...base.timing, clientRetries: 0 },
      faults: [{ atMs: 1000, type: 'crash', replica: 1 }],
    },
  },
  {
    id: 'split-brain',
    title: 'Split brain without fencing',
    description: 'A partition splits replicas and clients; with fencing off both sides elect a primary and serve.',
    scenario: {
      ...base,
      name: 'Split brain: a partition splits the clients, fencing off',
      scheme: 'primary-backup',
      failureModel: 'fail-stop',
      k: 2,
      replicas: 3,
      service: 'counter',
      options: { dedup: true, fencing: false },
      faults: [
        { atMs: 500, type: 'partition', groups: [[1, 'client-1'], [2, 3, 'client-2']] },
        { atMs: 1500, type: 'heal' },
      ],
    },
  },
];
