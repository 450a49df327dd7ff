/**
 * Built-in scenarios. The default is what the app opens on and what `faultlab run` runs
 * without arguments: voting masking one Byzantine replica out of 2k+1 = 3.
 */
import type { Scenario, ScenarioInput } from './scenario.js';
import { parseScenario } from './scenario.js';
import { EXERCISES } from './exercises.js';

export const DEFAULT_SCENARIO_INPUT: ScenarioInput = {
  faultlab: 1,
  name: 'Voting masks one liar (2k+1 = 3 replicas, k = 1)',
  scheme: 'state-machine',
  failureModel: 'arbitrary',
  k: 1,
  replicas: 3,
  service: 'kv',
  seed: 42,
  // Ten seconds of requests: long enough to watch it start and to inject a fault of one's own during it.
  workload: { clients: 2, ratePerSecond: 100, durationMs: 10000 },
  timing: { networkDelayMs: [1, 3], heartbeatMs: 50, failureTimeoutMs: 200, clientTimeoutMs: 400, clientRetries: 3 },
  options: { dedup: true, fencing: true },
  faults: [
    { atMs: 2000, type: 'byzantine', replica: 3, behavior: 'lie' },
    { atMs: 5000, type: 'delay', replica: 1, ms: 20, jitterMs: 10, untilMs: 6000 },
  ],
};

export function defaultScenario(): Scenario {
  // A copy, so no caller can change the default through the scenario it was given.
  return parseScenario(JSON.parse(JSON.stringify(DEFAULT_SCENARIO_INPUT)));
}

/** The built-in labs the app offers: the default, a plain failover, then every exercise's scenarios. */
export interface Preset {
  id: string;
  title: string;
  description: string;
  scenario: ScenarioInput;
}

const PRIMARY_CRASH: Preset = {
  id: 'primary-crash',
  title: 'Primary crash and failover',
  description: 'Primary-backup with k+1 = 2 replicas; the primary is killed at 1 s. Backups suspect it, elect a new primary, clients retry.',
  scenario: {
    faultlab: 1,
    name: 'The primary crashes',
    scheme: 'primary-backup',
    failureModel: 'fail-stop',
    k: 1,
    replicas: 2,
    service: 'bank',
    seed: 7,
    workload: { clients: 2, ratePerSecond: 100, durationMs: 2000 },
    timing: { networkDelayMs: [1, 3], heartbeatMs: 50, failureTimeoutMs: 200, clientTimeoutMs: 400, clientRetries: 3 },
    faults: [{ atMs: 1000, type: 'crash', replica: 1 }],
  },
};

export const PRESETS: Preset[] = [
  {
    id: 'default',
    title: 'Voting masks one liar',
    description: 'State-machine replication with 2k+1 = 3 replicas; replica 3 starts lying at 2 s, replica 1 is slowed from 5 s to 6 s. Every answer stays correct; the run lasts 10 s, so you can inject faults of your own.',
    scenario: DEFAULT_SCENARIO_INPUT,
  },
  PRIMARY_CRASH,
  // One list of built-in scenarios: the exercises own theirs, the app offers them all.
  ...EXERCISES.flatMap((ex) =>
    ex.scenarios.map((sc) => ({ id: `${ex.id}/${sc.id}`, title: `${ex.title} — ${sc.label}`, description: ex.goal, scenario: sc.scenario })),
  ),
];
