/**
 * The worker thread of lab-work.ts (bundled to out/node/lab-worker.cjs): one task, one answer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { useNodeSha256 } from '../../runtime/node-sha256.js';
import type { LabWorkTask } from './lab-work.js';
import { labWorkAnswer } from './lab-work.js';
import { writeReportFiles } from './reports.js';
import { KeptRuns } from './runs.js';
import { keepChosenRun } from './steps.js';
import { verifyReportBytes } from './verify.js';

useNodeSha256();
const task = workerData as LabWorkTask;
void labWorkAnswer<unknown>(() => {
  switch (task.kind) {
    case 'fork':
      return new KeptRuns(task.dataDir, () => {}).forkInto(task.runId, task.atMs, task.change, task.target);
    case 'keep-chosen':
      return keepChosenRun(new KeptRuns(task.dataDir, () => {}), task);
    case 'report':
      return writeReportFiles(task);
    case 'verify':
      return verifyReportBytes(task.fileName, Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength), task.lang);
  }
}).then((answer) => parentPort?.postMessage(answer));
