/**
 * The lab's own thread: one worker thread (out/node/lab-thread.cjs, lab-thread-worker.ts)
 * that lives as long as the lab and does the calls that read a whole kept log or hold
 * state between calls: opening a kept run (read, checked and analysed; the last one opened
 * is held, for the pages of its log after the first and for its message diagram's
 * zooming), drawing its message diagram, and the step sessions. Done on the thread
 * that answers the window (Electron's main), a 100,000-event run held it up for about a
 * second each time, and with it every window, call and live run's relay.
 *
 * Calls go out with an id and are answered in order. The thread starts at the first call,
 * and again after one that stopped (what it held is then gone: a step session says it is no
 * longer open). It does not keep the process alive while no call waits. One-off heavy work
 * (a fork, a report, a verification) has threads of its own (lab-work.ts).
 */
import { Worker } from 'node:worker_threads';
import type { LoadedRunData, MessageDiagramView, StepView } from '../../../shared/api.js';
import type { RunEvent } from '../../../shared/events.js';
import type { StepChoice } from '../../../shared/scenario.js';
import { bundledFile } from '../../runtime/bundled.js';
import { shuttingDown } from './errors.js';
import type { LabWorkAnswer } from './lab-work.js';
import { outcomeOf } from './lab-work.js';
import type { FinishedSession } from './steps.js';

/** A call to the lab's thread, and what it answers. */
export type LabThreadCall =
  | { call: 'load'; runId: string; eventsPage?: number | undefined }
  | { call: 'events'; runId: string; from: number; count: number }
  | { call: 'diagram'; runId: string; fromMs: number | undefined; toMs: number | undefined; markMessage: number | undefined; title: string | undefined }
  | { call: 'forget'; runId: string }
  | { call: 'begin'; runId: string; atMs: number }
  | { call: 'choose'; sessionId: string; choice: StepChoice }
  | { call: 'finish'; sessionId: string }
  | { call: 'cancel'; sessionId: string };

export interface LabThreadAnswers {
  load: LoadedRunData;
  events: RunEvent[];
  diagram: MessageDiagramView;
  forget: null;
  begin: StepView;
  choose: StepView;
  finish: FinishedSession;
  cancel: null;
}

/** What the thread is started with. */
export interface LabThreadData {
  dataDir: string;
  maxStepSessions: number;
}

/** A message from the thread: the answer to a call, or a line for the lab's log. */
export type LabThreadMessage = { id: number; answer: LabWorkAnswer<unknown> } | { log: string };

export class LabThread {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, (answer: LabWorkAnswer<unknown>) => void>();
  private lastCall = 0;
  private closed = false;

  constructor(
    private readonly data: LabThreadData,
    private readonly log: (message: string) => void,
  ) {}

  /** Makes a call; settles as the call would have in this thread (a LabError as one). */
  async ask<C extends LabThreadCall>(c: C): Promise<LabThreadAnswers[C['call']]> {
    if (this.closed) throw shuttingDown('work');
    const worker = this.worker ?? this.start();
    const id = ++this.lastCall;
    const answer = new Promise<LabWorkAnswer<unknown>>((resolve) => this.waiting.set(id, resolve));
    worker.ref();
    worker.postMessage({ id, ...c });
    return outcomeOf(await answer) as LabThreadAnswers[C['call']];
  }

  /** Whether the thread is up (what it holds is held only while it is). */
  get running(): boolean {
    return this.worker !== null;
  }

  /** Stops the thread; calls still waiting are told the lab is shutting down. */
  shutdown(): void {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    this.answerWaiting({ ok: false, code: 'unavailable', message: shuttingDown('work').message });
    if (worker) void worker.terminate();
  }

  private start(): Worker {
    const worker = new Worker(bundledFile('lab-thread.cjs', "the lab's thread"), { workerData: this.data });
    worker.on('message', (m: LabThreadMessage) => {
      if ('log' in m) {
        this.log(m.log);
        return;
      }
      const resolve = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (this.waiting.size === 0) worker.unref();
      resolve?.(m.answer);
    });
    const gone = (message: string): void => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.answerWaiting({ ok: false, code: null, message });
    };
    worker.on('error', (err) => gone(`the lab's thread failed: ${err.stack ?? err.message}`));
    worker.on('exit', (code) => gone(`the lab's thread stopped (exit ${code})`));
    this.worker = worker;
    return worker;
  }

  private answerWaiting(answer: LabWorkAnswer<unknown>): void {
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const resolve of waiting) resolve(answer);
  }
}
