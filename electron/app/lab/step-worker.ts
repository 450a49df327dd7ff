/**
 * The step sessions' worker thread (bundled to out/node/step-worker.cjs; steps.ts starts
 * it): holds the sessions and answers each call, in order, with its id.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { useNodeSha256 } from '../../runtime/node-sha256.js';
import { labWorkAnswer } from './lab-work.js';
import { KeptRuns } from './runs.js';
import type { StepCall, StepWorkerData } from './steps.js';
import { stepCallHere, StepSessionsInThread } from './steps.js';

useNodeSha256();
const data = workerData as StepWorkerData;
const sessions = new StepSessionsInThread(new KeptRuns(data.dataDir, () => {}), data.max);
parentPort?.on('message', (m: StepCall & { id: number }) => {
  void labWorkAnswer(() => stepCallHere(sessions, m)).then((answer) => parentPort?.postMessage({ id: m.id, answer }));
});
