/**
 * The lab's main side: one implementation of every call in the API contract
 * (shared/api.ts), used by the Electron IPC handlers and by the browser-mode host alike.
 * Each call is validated here and dispatched to the module of its concern (lab/):
 * live runs (live.ts), kept runs (runs.ts), comparisons (compare.ts), sweeps (sweep.ts),
 * lab reports (reports.ts) and the message diagram (diagram.ts).
 *
 * It promises that every argument is validated before anything acts on it, that a call
 * never throws past `invoke` (a failure comes back as a CallFailure: a code and one plain
 * sentence; the renderer never sees a stack trace, the process never crashes because of
 * a call), and that every run is kept in the data folder as `<dataDir>/runs/<runId>/`.
 * What only Electron can do (a save dialog, printToPDF) is passed in as options, so this
 * module stays testable without Electron.
 */
import type { z } from 'zod';
import type { AppInfo, CallFailure, CallName, CallResult, CALLS, EventName, LabEvents } from '../../shared/api.js';
import { BadCallError, isCallName, LabError, parseCallArgs } from '../../shared/api.js';
import { ENGINE_VERSION } from '../../shared/engine/engine.js';
import { EXERCISES } from '../../shared/exercises.js';
import type { RunMode } from '../../shared/events.js';
import { FORK_FILE } from '../../shared/fork.js';
import type { LivePace } from '../../shared/pace.js';
import { PRESETS } from '../../shared/presets.js';
import { parseScenarioText, ScenarioError } from '../../shared/scenario.js';
import { realModeAvailable, startLiveRun } from '../runtime/live.js';
import { Comparisons } from './lab/compare.js';
import { drawMessageDiagram } from './lab/diagram.js';
import { LabThread } from './lab/lab-thread.js';
import { failureOf, userMessage } from './lab/errors.js';
import type { EventSink, RunStarter } from './lab/live.js';
import { LiveRuns } from './lab/live.js';
import type { PdfPrinter, SavePathChooser } from './lab/reports.js';
import { exportReport } from './lab/reports.js';
import { KeptRuns } from './lab/runs.js';
import { Sweeps } from './lab/sweep.js';
import type { HuntEvaluator } from './lab/hunt.js';
import { Hunts } from './lab/hunt.js';
import { Assignments } from './lab/assignments.js';
import { ReportVerifier } from './lab/verify.js';
import { MAX_STEP_SESSIONS, StepSessions } from './lab/steps.js';
import type { Lang } from '../../shared/describe.js';
import { saveLanguage } from './settings.js';

export { MAX_DIAGRAM_DETAIL_MESSAGES } from './lab/diagram.js';
export { INTERNAL_ERROR_MESSAGE, userMessage } from './lab/errors.js';
export type { EventSink } from './lab/live.js';
export type { PdfPrinter, SavePathChooser } from './lab/reports.js';
export { newRunId } from './lab/runs.js';
export { MAX_SWEEP_RUNS } from './lab/sweep.js';

/** What a call gives back over any transport: its result, or a CallFailure (code and sentence). */
export type CallOutcome<T = unknown> = { ok: true; result: T } | CallFailure;

type ParsedArgs<K extends CallName> = z.output<(typeof CALLS)[K]['args']>;
type Handlers = { [K in CallName]: (args: ParsedArgs<K>) => Promise<CallResult<K>> };

/** How many runs may go on at once: each holds its event log in memory and a timer. */
export const MAX_LIVE_RUNS = 4;

export interface BackendOptions {
  /** The app's data folder; kept runs live in `<dataDir>/runs/`. */
  dataDir: string;
  shell: AppInfo['shell'];
  /** Whether real replica processes can run here (default: the runtime's own check). */
  realModeAvailable?: () => boolean;
  version?: string;
  /** Where unexpected errors are written (default: stderr). */
  log?: (message: string) => void;
  /** Starts a live run (default: the runtime's startLiveRun); tests pass a faster pace. */
  startRun?: RunStarter;
  maxLiveRuns?: number;
  /** Memory a run may be estimated to need before startRun asks for force (default 2 GB). */
  budgetMb?: number;
  /**
   * Prints report HTML to PDF bytes. Default: the system Chromium (electron/report/pdf.ts);
   * Electron passes printToPDF of a hidden window; null when no printer is available.
   */
  printPdf?: PdfPrinter | null;
  /** Offers to save a copy of a report file elsewhere (Electron's save dialog); resolves with the path chosen, or null. */
  chooseSavePath?: SavePathChooser;
  /** Largest sweep grid, in runs, per mode (default MAX_SWEEP_RUNS). */
  maxSweepRuns?: Partial<Record<RunMode, number>>;
  /** Where a hunt simulates its candidates (default: a worker pool, one thread per core). */
  huntEvaluator?: () => HuntEvaluator;
  /** Told the language the window switched to, once it is remembered (the desktop rebuilds its menu). */
  onLanguage?: (lang: Lang) => void;
}

/**
 * The lab's main side. Transports call `invoke(name, rawArgs)` and forward what
 * `subscribe` hands them.
 */
export class LabBackend {
  readonly runsDir: string;
  private readonly sinks = new Set<EventSink>();
  private readonly log: (message: string) => void;
  private readonly runs: KeptRuns;
  private readonly live: LiveRuns;
  private readonly comparisons: Comparisons;
  private readonly sweeps: Sweeps;
  private readonly hunts: Hunts;
  /** The lab's thread: kept runs opened and drawn, step sessions. */
  private readonly thread: LabThread;
  private readonly assignments = new Assignments();
  private readonly verifier = new ReportVerifier();
  private readonly steps: StepSessions;
  private readonly handlers: Handlers;

  constructor(options: BackendOptions) {
    const log = options.log ?? ((m) => process.stderr.write(`${m}\n`));
    const emit: EventSink = (event, payload) => this.emit(event, payload);
    const maxLive = options.maxLiveRuns ?? MAX_LIVE_RUNS;
    this.log = log;
    this.runs = new KeptRuns(options.dataDir, log);
    this.runsDir = this.runs.runsDir;
    this.thread = new LabThread({ dataDir: options.dataDir, maxStepSessions: MAX_STEP_SESSIONS }, log);
    this.steps = new StepSessions(this.runs, this.thread);
    this.live = new LiveRuns(this.runs, { start: options.startRun ?? startLiveRun, maxLive, emit, log, ...(options.budgetMb !== undefined ? { budgetMb: options.budgetMb } : {}) });
    this.comparisons = new Comparisons(this.runs, maxLive);
    this.sweeps = new Sweeps(emit, options.maxSweepRuns);
    this.hunts = new Hunts(this.runs, emit, options.huntEvaluator);
    const notWhileLive = (runId: string, action: string): void => {
      if (this.live.has(runId)) throw new LabError('busy', `This run is still going on; ${action}.`);
    };
    this.handlers = {
      appInfo: async () => ({
        version: options.version ?? ENGINE_VERSION,
        shell: options.shell,
        realModeAvailable: (options.realModeAvailable ?? realModeAvailable)(),
        dataDir: options.dataDir,
        platform: process.platform,
      }),
      listPresets: async () => structuredClone(PRESETS),
      validateScenario: async ({ text }) => {
        try {
          return { ok: true, scenario: parseScenarioText(text) };
        } catch (err) {
          if (err instanceof ScenarioError) return { ok: false, problems: err.problems };
          throw err;
        }
      },
      startRun: async ({ scenario, mode, force }) => this.live.start(scenario, mode, force),
      injectFault: async ({ runId, fault }) => this.live.inject(runId, fault),
      stopRun: async ({ runId }) => this.live.stop(runId),
      listReplicas: async ({ runId }) => this.live.replicas(runId),
      listRuns: async () => this.runs.list((runId) => this.live.listing(runId)),
      // A run going on (what it has recorded so far, whole) or a kept run (read on the lab's thread; its pages from the run it holds).
      loadRun: async ({ runId, eventsPage }) => this.live.loaded(runId) ?? this.thread.ask({ call: 'load', runId, eventsPage }),
      runEvents: async ({ runId, from, count }) => ({ events: this.live.events(runId, from, count) ?? (await this.thread.ask({ call: 'events', runId, from, count })) }),
      deleteRun: async ({ runId }) => {
        notWhileLive(runId, 'stop it before deleting it');
        this.runs.remove(runId);
        if (this.thread.running) await this.thread.ask({ call: 'forget', runId });
      },
      listExercises: async () => structuredClone(EXERCISES),
      compareScenario: async ({ scenario, mode, mapping, width }) => this.comparisons.run(scenario, mode, mapping, width),
      runSweep: async ({ spec, mode }) => this.sweeps.run(spec, mode),
      cancelSweep: async () => this.sweeps.cancel(),
      huntScenario: async (args) => this.hunts.run(args),
      cancelHunt: async () => this.hunts.cancel(),
      exportReport: async (args) => {
        notWhileLive(args.runId, 'wait for it to end (or stop it) before writing its report');
        const runDir = this.runs.folder(args.runId);
        for (const id of args.moreRunIds) notWhileLive(id, 'wait for it to end (or stop it) before writing a report with it');
        const moreRunDirs = args.moreRunIds.filter((id) => id !== args.runId).map((id) => this.runs.folder(id));
        return exportReport(runDir, { ...args, moreRunDirs }, { dataDir: options.dataDir, printPdf: options.printPdf, chooseSavePath: options.chooseSavePath, log, findExercise: (id) => this.assignments.exercise(id) });
      },
      messageDiagram: async ({ runId, fromMs, toMs, markMessage, title }) => {
        const live = this.live.loaded(runId);
        if (live) return drawMessageDiagram({ runId, scenario: live.scenario, events: live.events }, fromMs, toMs, markMessage, title);
        return this.thread.ask({ call: 'diagram', runId, fromMs, toMs, markMessage, title });
      },
      verifyReport: async ({ fileName, base64, uploadId, lang }) => this.verifier.verify(fileName, base64, uploadId, lang),
      verifyReportPart: async ({ uploadId, index, base64 }) => this.verifier.addPart(uploadId, index, base64),
      openAssignment: async ({ files }) => this.assignments.openChosen(files),
      currentAssignment: async () => this.assignments.view(),
      closeAssignment: async () => this.assignments.close(),
      forkRun: async ({ runId, atMs, add, dropLater }) => {
        notWhileLive(runId, 'wait for it to end (or stop it) before forking it');
        return this.runs.fork(runId, atMs, { add, dropLater });
      },
      forkLive: async ({ runId, atMs, add, dropLater }) => {
        notWhileLive(runId, 'wait for it to end (or stop it) before forking it');
        const { scenario, origin } = this.runs.forkToPlay(runId, atMs, { add, dropLater });
        // The parent ran at this size already: the budget is not asked about again.
        const pace: LivePace = { paused: true, speed: 1 };
        const started = await this.live.start(scenario, 'sim', true, { fromMs: atMs, paused: pace.paused, files: { [FORK_FILE]: `${JSON.stringify(origin, null, 2)}\n` } });
        return { runId: started.runId, scenario, origin, pace };
      },
      // Step mode ("Choose messages from here").
      stepBegin: async ({ runId, atMs }) => {
        notWhileLive(runId, 'wait for it to end (or stop it) before choosing its messages');
        return this.steps.begin(runId, atMs);
      },
      stepChoose: async ({ sessionId, choice }) => this.steps.choose(sessionId, choice),
      stepFinish: async ({ sessionId }) => this.steps.finish(sessionId),
      stepCancel: async ({ sessionId }) => this.steps.cancel(sessionId),
      paceRun: async ({ runId, paused, speed }) => this.live.pace(runId, { paused, speed }),
      setLanguage: async ({ lang }) => {
        saveLanguage(options.dataDir, lang);
        options.onLanguage?.(lang);
        return { lang };
      },
    };
  }

  /** Receives every event pushed to the renderer. Returns an unsubscribe function. */
  subscribe(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => {
      this.sinks.delete(sink);
    };
  }

  /** Pushes an event to every subscriber (a failing subscriber does not stop the others). */
  emit<E extends EventName>(event: E, payload: LabEvents[E]): void {
    for (const sink of this.sinks) {
      try {
        sink(event, payload);
      } catch (err) {
        userMessage(err, this.log);
      }
    }
  }

  /** Validates and runs one call. Never throws: a failure comes back as a code and a plain sentence. */
  async invoke(name: unknown, rawArgs: unknown): Promise<CallOutcome> {
    try {
      if (!isCallName(name)) throw new BadCallError(`unknown call "${String(name).slice(0, 40)}"`);
      const args = parseCallArgs(name, rawArgs);
      const handler = this.handlers[name] as (a: typeof args) => Promise<unknown>;
      return { ok: true, result: await handler(args) };
    } catch (err) {
      return failureOf(err, this.log);
    }
  }

  /**
   * Opens an assignment file from disk (the operating system, the menu): its exercises are
   * listed from now on and pushed to the renderer (`assignmentOpened`). Never throws: a
   * problem comes back as the sentence to show.
   */
  openAssignmentFile(path: string): { ok: true } | { ok: false; message: string } {
    try {
      this.emit('assignmentOpened', this.assignments.openPath(path));
      return { ok: true };
    } catch (err) {
      return { ok: false, message: userMessage(err, this.log) };
    }
  }

  /** The ids of the runs going on now. */
  liveRunIds(): string[] {
    return this.live.ids();
  }

  /** Stops every live run (their logs get the end marker and a summary) and the sweep going on; refuses new work. */
  async shutdown(): Promise<void> {
    this.comparisons.shutdown();
    this.sweeps.shutdown();
    this.hunts.shutdown();
    this.thread.shutdown();
    await this.live.shutdown();
  }
}
