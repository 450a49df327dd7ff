/**
 * The lab's thread (bundled to out/node/lab-thread.cjs; lab-thread.ts starts it): answers
 * each call, in order, with its id. It holds the step sessions and the log of the last
 * kept run whose diagram was drawn; its log lines go to the lab's log.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { useNodeSha256 } from '../../runtime/node-sha256.js';
import { MessageDiagrams } from './diagram.js';
import { labWorkAnswer } from './lab-work.js';
import type { LabThreadCall, LabThreadData, LabThreadMessage } from './lab-thread.js';
import { KeptRuns } from './runs.js';
import { StepSessionsInThread } from './steps.js';

useNodeSha256();
const data = workerData as LabThreadData;
const post = (m: LabThreadMessage): void => parentPort?.postMessage(m);
const runs = new KeptRuns(data.dataDir, (line) => post({ log: line }));
const sessions = new StepSessionsInThread(runs, data.maxStepSessions);
const diagrams = new MessageDiagrams((runId) => runs.load(runId));

function answer(c: LabThreadCall): unknown {
  switch (c.call) {
    case 'load':
      return runs.load(c.runId);
    case 'diagram':
      return diagrams.draw(c.runId, c.fromMs, c.toMs, c.markMessage, c.title);
    case 'forget':
      diagrams.forget(c.runId);
      return null;
    case 'begin':
      return sessions.begin(c.runId, c.atMs);
    case 'choose':
      return sessions.choose(c.sessionId, c.choice);
    case 'finish':
      return sessions.finish(c.sessionId);
    case 'cancel':
      sessions.cancel(c.sessionId);
      return null;
  }
}

// One call at a time, in order (a diagram's drawing awaits its module only the first time).
let queue: Promise<unknown> = Promise.resolve();
parentPort?.on('message', (m: LabThreadCall & { id: number }) => {
  queue = queue.then(() => labWorkAnswer(() => answer(m)).then((a) => post({ id: m.id, answer: a })));
});
