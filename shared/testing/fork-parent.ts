/**
 * The parent run the fork tests share: primary-backup without client retries, whose
 * primary crashes at 1 s, so the requests in flight then are lost; forked at 1000 ms
 * without the crash, they are answered.
 */
import type { ScenarioInput } from '../scenario.js';

export const PB_WITHOUT_RETRIES: ScenarioInput = {
  faultlab: 1,
  name: 'PB without retries',
  scheme: 'primary-backup',
  failureModel: 'fail-stop',
  k: 1,
  replicas: 2,
  service: 'kv',
  seed: 3,
  workload: { clients: 2, ratePerSecond: 100, durationMs: 2000 },
  timing: { networkDelayMs: [1, 3], heartbeatMs: 50, failureTimeoutMs: 200, clientTimeoutMs: 400, clientRetries: 0 },
  faults: [{ atMs: 1000, type: 'crash', replica: 1 }],
};
