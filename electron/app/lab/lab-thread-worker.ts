/**
 * The lab's thread (bundled to out/node/lab-thread.cjs; lab-thread.ts starts it): answers
 * each call, in order, with its id. It holds the step sessions and the last kept run
 * opened (its log and reading: the pages after the first, and its diagram's zooming, need
 * no new read); its log lines go to the lab's log.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { useNodeSha256 } from '../../runtime/node-sha256.js';
import type { LoadedRunData } from '../../../shared/api.js';
import { drawMessageDiagram } from './diagram.js';
import { labWorkAnswer } from './lab-work.js';
import type { LabThreadCall, LabThreadData, LabThreadMessage } from './lab-thread.js';
import { KeptRuns } from './runs.js';
import { StepSessionsInThread } from './steps.js';

useNodeSha256();
const data = workerData as LabThreadData;
const post = (m: LabThreadMessage): void => parentPort?.postMessage(m);
const runs = new KeptRuns(data.dataDir, (line) => post({ log: line }));
const sessions = new StepSessionsInThread(runs, data.maxStepSessions);

let held: LoadedRunData | null = null;
/** A kept run read whole now (opening it reads it again: its folder may have changed), held in place of the last. */
function read(runId: string): LoadedRunData {
  held = null;
  held = runs.load(runId);
  return held;
}
/** The kept run as it was last read (its pages and diagram come from the log the window opened), or read now. */
const opened = (runId: string): LoadedRunData => (held?.listing.runId === runId ? held : read(runId));

function answer(c: LabThreadCall): unknown {
  switch (c.call) {
    case 'load': {
      const run = read(c.runId);
      return c.eventsPage === undefined ? run : { ...run, events: run.events.slice(0, c.eventsPage) };
    }
    case 'events':
      return opened(c.runId).events.slice(c.from, c.from + c.count);
    case 'diagram':
      return drawMessageDiagram({ runId: c.runId, ...opened(c.runId) }, c.fromMs, c.toMs, c.markMessage, c.title);
    case 'forget':
      if (held?.listing.runId === c.runId) held = null;
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
