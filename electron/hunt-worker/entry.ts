/**
 * The hunt's worker (bundled to out/node/hunt-worker.cjs): one task is one candidate
 * scenario, simulated and checked; the answer is whether it violates the check.
 */
import type { CheckName } from '../../shared/checks.js';
import { violates } from '../../shared/hunt.js';
import type { Scenario } from '../../shared/scenario.js';

export interface HuntTask {
  scenario: Scenario;
  check: CheckName;
}

export default function evaluateCandidate(task: HuntTask): boolean {
  return violates(task.scenario, task.check);
}
