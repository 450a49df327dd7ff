/**
 * A streamed simulation on a worker thread (bundled to out/node/sim-worker.cjs): the thread's
 * heap is capped from the run's estimate (see simulateInWorker), so a run that needs more
 * memory than it was sized for ends with a clear error instead of taking the machine's.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RunSummary } from '../../shared/analysis/summary.js';
import type { Scenario } from '../../shared/scenario.js';
import { useNodeSha256 } from './node-sha256.js';
import { simulateToDisk } from './run.js';

export interface SimWorkerTask {
  scenario: Scenario;
  dir: string | undefined;
}

export type SimWorkerAnswer = { ok: true; summary: RunSummary } | { ok: false; message: string };

useNodeSha256();
const task = workerData as SimWorkerTask;
let answer: SimWorkerAnswer;
try {
  answer = { ok: true, summary: simulateToDisk(task.scenario, task.dir) };
} catch (err) {
  answer = { ok: false, message: err instanceof Error ? err.message : String(err) };
}
parentPort?.postMessage(answer);
