/**
 * The hunt's worker (bundled to out/node/hunt-worker.cjs): one task is one candidate
 * scenario, simulated and checked; the answer is whether it violates the check.
 */
import type { CheckName } from '../../shared/checks.js';
import { violates } from '../../shared/hunt.js';
import type { Scenario } from '../../shared/scenario.js';
import { useNodeSha256 } from '../runtime/node-sha256.js';

// PBFT candidates MAC every message: Node's crypto does it several times faster.
useNodeSha256();

export interface HuntTask {
  scenario: Scenario;
  check: CheckName;
}

export default function evaluateCandidate(task: HuntTask): boolean {
  return violates(task.scenario, task.check);
}
