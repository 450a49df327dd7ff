/**
 * The worker thread of lab-work.ts (bundled to out/node/lab-worker.cjs): one task, one answer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { useNodeSha256 } from '../../runtime/node-sha256.js';
import type { LabWorkTask } from './lab-work.js';
import { labWorkAnswer } from './lab-work.js';
import { KeptRuns } from './runs.js';
import { keepChosenRun } from './steps.js';

useNodeSha256();
const task = workerData as LabWorkTask;
const runs = new KeptRuns(task.dataDir, () => {});
parentPort?.postMessage(
  labWorkAnswer(() => (task.kind === 'fork' ? runs.forkInto(task.runId, task.atMs, task.change, task.target) : keepChosenRun(runs, task))),
);
