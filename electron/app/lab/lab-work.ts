/**
 * The lab's heavy calls off Electron's main thread (and the browser host's event loop):
 * making a fork, and keeping a run whose messages were chosen, read a whole kept log,
 * simulate a run again, analyse both and write a folder; writing a report reads its runs
 * and builds the HTML with every chart and diagram; verifying a report unpacks its
 * embedded logs, re-derives every figure and re-runs its simulations: seconds on a 100,000-event run,
 * during which a thread that must answer the window, relay a live run's messages and
 * keep its timers would stand still. Each task runs on a worker thread of its own
 * (out/node/lab-worker.cjs, electron/app/lab/lab-worker.ts) with the same code the lab
 * runs in-thread; what it answers, a LabError included, comes back as it was.
 */
import type { ForkOutcome, LabErrorCode, ReportVerification } from '../../../shared/api.js';
import { LabError } from '../../../shared/api.js';
import type { Lang } from '../../../shared/describe.js';
import type { ForkChange } from '../../../shared/fork.js';
import type { Scenario } from '../../../shared/scenario.js';
import { onWorkerThread } from '../../runtime/bundled.js';
import type { ReportFilesTask, WrittenReportFiles } from './reports.js';

/** Where the new run goes: its id and folder, made by the calling thread (KeptRuns.create). */
export interface NewRun {
  runId: string;
  dir: string;
}

/** What a step session showed: its log after run-start, counted and hashed (each event's JSON and a newline). */
export interface SeenLog {
  count: number;
  sha256: string;
}

export type LabWorkTask =
  | { kind: 'fork'; dataDir: string; runId: string; atMs: number; change: ForkChange; target: NewRun }
  | { kind: 'keep-chosen'; dataDir: string; parentRunId: string; scenario: Scenario; fromMs: number; seen: SeenLog; target: NewRun }
  | { kind: 'verify'; fileName: string; bytes: Uint8Array; lang: Lang }
  | ({ kind: 'report' } & ReportFilesTask);

/** What each kind of task answers. */
export type LabWorkOutcome<K extends LabWorkTask['kind']> = K extends 'verify' ? ReportVerification : K extends 'report' ? WrittenReportFiles : ForkOutcome;

export type LabWorkAnswer<T> = { ok: true; outcome: T } | { ok: false; code: LabErrorCode | null; message: string };

/** An answer for what a task gave or threw (a LabError keeps its code; anything else is an internal error). */
export async function labWorkAnswer<T>(work: () => T | Promise<T>): Promise<LabWorkAnswer<T>> {
  try {
    return { ok: true, outcome: await work() };
  } catch (err) {
    return { ok: false, code: err instanceof LabError ? err.code : null, message: err instanceof Error ? err.message : String(err) };
  }
}

/** Runs the task on a worker thread; settles as the task itself would have (a LabError thrown as one). */
export async function labWorkOffThread<T extends LabWorkTask>(task: T): Promise<LabWorkOutcome<T['kind']>> {
  return outcomeOf(await onWorkerThread<LabWorkAnswer<LabWorkOutcome<T['kind']>>>('lab-worker.cjs', "the lab's worker", task));
}

/** What an answer from another thread gave, or throws what it threw (a LabError as one). */
export function outcomeOf<T>(answer: LabWorkAnswer<T>): T {
  if (answer.ok) return answer.outcome;
  throw answer.code === null ? new Error(answer.message) : new LabError(answer.code, answer.message);
}
