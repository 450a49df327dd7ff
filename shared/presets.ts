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
