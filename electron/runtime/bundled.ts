/**
 * A bundle of out/node that a worker thread runs (the hunt's, a streamed simulation's, the
 * lab's forks): beside the bundle this code is in, or (running from source, in tests) in
 * out/node; and one task run on such a thread.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ResourceLimits } from 'node:worker_threads';
import { Worker } from 'node:worker_threads';

export function bundledFile(name: string, what: string): string {
  const beside = join(__dirname, name);
  if (existsSync(beside)) return beside;
  const built = join(__dirname, '..', '..', 'out', 'node', name);
  if (existsSync(built)) return built;
  throw new Error(`${what} is not built (expected ${beside}; run npm run build:node)`);
}

/**
 * Runs one task on a new worker thread of bundle `name` (its `workerData` is `task`) and
 * settles with the first message it posts. A thread that throws rejects with its error (an
 * ERR_WORKER_OUT_OF_MEMORY one past `resourceLimits`); one that exits without a word rejects
 * saying so. The calling thread goes on meanwhile: this is how heavy work leaves the thread
 * that must keep answering.
 */
export function onWorkerThread<Answer>(name: string, what: string, task: unknown, resourceLimits?: ResourceLimits): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(bundledFile(name, what), { workerData: task, ...(resourceLimits ? { resourceLimits } : {}) });
    let answered = false;
    worker.once('message', (answer: Answer) => {
      answered = true;
      resolve(answer);
    });
    worker.once('error', (err: Error) => {
      answered = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`${what} stopped (exit ${code}) before it answered`));
    });
  });
}
