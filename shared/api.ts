/**
 * The one API contract between the lab's renderer and its main side. Every call and
 * every event is declared here once, with a schema for what the renderer sends. The
 * Electron main process, the preload script, the browser-mode WebSocket host and the
 * renderer's type of `window.lab` all derive from this file and the names it is checked
 * against (api-channels.ts, which the preload imports alone); no channel name is written
 * anywhere else.
 *
 * The renderer is untrusted: the main side validates every argument against `args`
 * before it acts (`parseCallArgs`).
 */
import { z } from 'zod';
import type { CallName, EventName, MenuCommand } from './api-channels.js';
import type { Outcome, RunSummary } from './analysis/summary.js';
import type { FigureView } from './views/figures.js';
import type { Comparison } from './compare.js';
import type { RunEvent, RunMode } from './events.js';
import type { Exercise } from './exercises.js';
import type { Preset } from './presets.js';
import type { Scenario } from './scenario.js';
import { CHECK_NAMES } from './checks.js';
import type { CheckName } from './checks.js';
import { FAULT_KINDS, faultSpecSchema, scheduledFaultSchema } from './faults.js';
import type { ForkComparison, ForkOrigin, OutcomeDifference } from './fork.js';
import { LANGS } from './describe.js';
import { MAX_K, MAX_REPLICAS, SCHEMES, stepChoiceSchema } from './scenario.js';
import type { StepChoice } from './scenario.js';
import type { HeldMessage } from './engine/stepping.js';
import type { LivePace } from './pace.js';
import { isLiveSpeed, LIVE_SPEEDS } from './pace.js';
import type { Lang } from './describe.js';
import type { SweepResult } from './sweep.js';
import { SWEEP_FAULT_KINDS } from './sweep.js';

// ---- result types -----------------------------------------------------------------

export interface AppInfo {
  version: string;
  /** How the UI is hosted: an Electron window, or a browser over the loopback host. */
  shell: 'electron' | 'browser';
  /** Whether real replica processes can run here (else only simulation). */
  realModeAvailable: boolean;
  dataDir: string;
  platform: string;
}

export type { Preset } from './presets.js';

export type ValidationResult = { ok: true; scenario: Scenario } | { ok: false; problems: string[] };

export interface ReplicaView {
  replica: number;
  pid: number | null;
  status: 'up' | 'crashed' | 'paused';
}

export interface RunListing {
  runId: string;
  name: string;
  scheme: Scenario['scheme'];
  mode: RunMode;
  /** ISO time the run started. */
  startedAt: string;
  /** False for a run whose log has no end marker (the app or the machine stopped mid-run). */
  complete: boolean;
  /** True while the run is going on in this session. */
  live: boolean;
  summary: RunSummary | null;
  /**
   * Why the kept run cannot be opened, when it cannot (a damaged or missing file, a file
   * that is not a regular file); absent for a run that opens. Such a run is listed with its
   * folder's name, and its scenario's scheme where that could be read (else the default).
   */
  unreadable?: string;
}

/** A live run's pace after a change, and how many events it had logged then. */
export interface PacedRun extends LivePace {
  /**
   * The run's events up to the change: a window has shown the moment of a pause once it
   * has this many (events logged just before the pause may still be on their way to it).
   */
  eventCount: number;
}

export interface LoadedRunData {
  listing: RunListing;
  scenario: Scenario;
  /** The whole log, or (a kept run asked for with `eventsPage`) its first page: the rest comes from `runEvents`. */
  events: RunEvent[];
  /** How many events the log holds (more than `events` when the rest comes page by page). */
  eventCount: number;
  /**
   * A kept run: the lab's reading of its log (each request's outcome by `client:req`, and the
   * run's figures, in English as `figuresOf` gives them), read where the log was read, so a
   * window opening a long run does not analyse it again. Absent for a run going on.
   */
  reading?: { outcomes: [string, Outcome][]; figures: FigureView[] };
  /** Where this run left its parent, when it is a fork ("Fork from here"); absent otherwise. */
  fork?: ForkOrigin;
  /** A fork reopened: the requests whose outcome differs from its parent's, or why they cannot be shown. */
  forkComparison?: ForkComparison;
}

/** A fork played live (forkLive): the live run, where it left its parent, and its pace (paused at the moment). */
export interface LiveFork {
  runId: string;
  /** The fork's scenario: its parent's with the changed faults. */
  scenario: Scenario;
  origin: ForkOrigin;
  pace: LivePace;
}

/** A fork made and kept: its run, where it left its parent, and the requests whose outcome differs. */
export interface ForkOutcome {
  runId: string;
  origin: ForkOrigin;
  /** Every request with another outcome in the fork than in its parent (at most the first 500). */
  differences: OutcomeDifference[];
  /** How many requests differ in all (differences may be cut short). */
  differing: number;
}

/**
 * A step session as the renderer sees it after each call ("Choose messages from here"): the
 * events logged since the last view (the first view: the whole log so far), the messages held
 * now in the order the network would deliver them, and the choices made.
 */
export interface StepView {
  sessionId: string;
  parentRunId: string;
  fromMs: number;
  /** Virtual time now, ms. */
  timeMs: number;
  events: RunEvent[];
  held: HeldMessage[];
  choices: StepChoice[];
  /** The run has ended while choosing (its workload done, the network settled): only finishing is left. */
  ended: boolean;
}

export type { HeldMessage } from './engine/stepping.js';

/** A comparison run: the scenario given is kept as run `runId`, its counterpart inside it. */
export interface CompareOutcome {
  runId: string;
  comparison: Comparison;
}

/** A finished sweep, with its table as CSV text (the same columns as `faultlab sweep --csv`). */
export interface SweepOutcome {
  mode: RunMode;
  result: SweepResult;
  csv: string;
  /** The grid's size; `result.rows` has fewer rows when the sweep was cancelled. */
  total: number;
  cancelled: boolean;
}

/** A finished hunt ("Try to break this"): the smallest failing scenario found, kept as a run, or what was covered. */
export interface HuntOutcome {
  check: CheckName;
  /** The minimal failing scenario, or null when none was found within the budget. */
  minimal: Scenario | null;
  /** The kept (simulated) run of the minimal scenario, to open in the picture and the timeline. */
  runId: string | null;
  /** Runs spent searching and shrinking, and distinct schedules tried. */
  searchRuns: number;
  shrinkRuns: number;
  shrinkSteps: number;
  distinct: number;
  coverage: { cells: number; possible: number };
  /** Ended by Cancel: a schedule found so far is still shrunk as far as it got and kept. */
  stopped: boolean;
}

/** A written lab report. Browser mode offers `html` and `pdfBase64` as downloads. */
export interface ReportExport {
  /** Where the report was written in the data folder (`<dataDir>/reports/`). */
  htmlPath: string;
  pdfPath: string | null;
  /** The raw data written beside the HTML (CSV of requests and events, JSON). */
  dataFiles: string[];
  /** A file name to offer the report under (without extension). */
  fileStem: string;
  html: string;
  pdfBase64: string | null;
  /** Why no PDF was made although one was asked for (no printer here); null otherwise. */
  pdfProblem: string | null;
  /** Copies the user chose to save elsewhere (Electron's save dialog); empty in browser mode. */
  savedPaths: string[];
}

/** The Lamport space-time diagram of a run, drawn main-side as SVG text. */
export interface MessageDiagramView {
  runId: string;
  endMs: number;
  totalMessages: number;
  totalDropped: number;
  /** The whole run: message density per process, drops, faults and partitions. */
  overviewSvg: string;
  /** Slices drawn arrow by arrow (chosen around faults, or the one asked for). */
  windows: { name: string; from: number; to: number; svg: string; messages: number; dropped: number }[];
  legend: { kind: string; color: string }[];
}

/** One figure of a report as `faultlab verify` checked it (electron/report/verify.ts VerifiedFigure). */
export interface VerifiedFigureView {
  key: string;
  label: string;
  /** What the re-run (or the embedded log) gives. */
  value: string;
  /** The report states this value wherever it states the figure. */
  ok: boolean;
  /** What the report states instead where it differs ("missing" where it states none); null when it holds. */
  stated: string | null;
}

/**
 * A report checked in the app by the one implementation of `faultlab verify`: its verdict,
 * every difference and note in the CLI's words, and each figure checked.
 */
export interface ReportVerification {
  fileName: string;
  ok: boolean;
  /** A simulated run is re-run; a real-process run is held to the event logs it embeds. */
  mode: RunMode;
  checked: number;
  differences: string[];
  notes: string[];
  figures: VerifiedFigureView[];
  /** Who and what the report says it is about, as written in it (not checked). */
  about: { scenario: string; student: string; studentId: string; exercise: string | null; generatedAt: string | null };
}

/** The exercises the app lists: the built-in lecture's, or an assignment file's. */
export interface AssignmentView {
  builtIn: boolean;
  title: string;
  course: string | null;
  /** The assignment file's name (null for the built-in one). */
  fileName: string | null;
  exercises: Exercise[];
  /**
   * Scenario files the assignment names that were not chosen with it: their inline
   * scenarios were used instead, unchecked against the files (a file chosen in the window
   * comes without its folder).
   */
  unreadFiles: string[];
}

/**
 * The largest report file the app verifies (the CLI has no limit). Its bytes travel base64
 * in parts of at most MAX_VERIFY_PART_BYTES (a browser-mode message is at most 8 MB): every
 * part but the last with `verifyReportPart`, the last with `verifyReport`.
 */
export const MAX_VERIFY_REPORT_BYTES = 64_000_000;
export const MAX_VERIFY_PART_BYTES = 3_000_000;
const base64Part = z
  .string()
  .max((MAX_VERIFY_PART_BYTES / 3) * 4, `at most ${MAX_VERIFY_PART_BYTES} bytes in one part`)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');
const uploadId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'not an upload id');
/** The largest assignment or scenario file the app opens, and how many files at once. */
export const MAX_ASSIGNMENT_FILE_CHARS = 5_000_000;
export const MAX_ASSIGNMENT_FILES = 60;

// ---- argument schemas (what the renderer may send) ----------------------------------

const runId = z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, 'not a run id');
/** How many events one page of a log holds, at most (a page of 100,000 is about 8 MB as JSON). */
export const MAX_EVENTS_PAGE = 100_000;
/** The window opens a kept run's log this many events at a time (about 1.6 MB of JSON a page). */
export const OPEN_PAGE_EVENTS = 20_000;
const eventsPage = z.number().int().min(1).max(MAX_EVENTS_PAGE);
const stepSessionId = z.string().regex(/^[0-9a-f]{16}$/, 'not a step session id');
const replica = z.number().int().min(1).max(MAX_REPLICAS);

const none = z.strictObject({});
const runMode = z.enum(['real', 'sim']);
const shortText = (max: number) => z.string().max(max, `at most ${max} characters`);

/** A sweep's grid (shared/sweep.ts SweepSpec), with the base scenario validated again on the main side. */
export const sweepSpecSchema = z.strictObject({
  base: z.unknown(),
  ks: z.array(z.number().int().min(0).max(MAX_K)).min(1, 'give at least one k').max(MAX_K + 1),
  ns: z.array(z.union([z.enum(['bound', 'below']), replica])).min(1, 'give at least one replica count').max(MAX_REPLICAS + 2),
  faultCounts: z.union([z.literal('to-k+1'), z.array(z.number().int().min(0).max(MAX_REPLICAS)).min(1, 'give at least one fault count').max(MAX_REPLICAS + 1)]),
  kinds: z.array(z.enum(SWEEP_FAULT_KINDS)).min(1, 'give at least one fault kind').max(SWEEP_FAULT_KINDS.length),
  failureTimeoutsMs: z.array(z.number().int().min(1).max(600_000)).max(8).default([]),
  /** The schemes to sweep, each against its own bound; absent: the base scenario's scheme. */
  schemes: z.array(z.enum(SCHEMES)).min(1, 'give at least one scheme, or leave schemes out for the scenario\'s own').max(SCHEMES.length, `at most ${SCHEMES.length} schemes`).optional(),
});
export type SweepSpecInput = z.input<typeof sweepSpecSchema>;

const studentSchema = z.strictObject({ name: shortText(200).default(''), id: shortText(100).default(''), course: shortText(200).default('') });

/** A fork's arguments (forkRun, forkLive): the parent, the moment, and the change. */
const forkArgs = z.strictObject({
  runId,
  atMs: z.number().int().min(0).max(3_600_000),
  add: z.array(scheduledFaultSchema).max(16).default([]),
  dropLater: z.boolean().default(false),
});

/** Every call the renderer can make: its argument schema and (as a type) its result. */
export const CALLS = {
  /** About this installation: version, shell, whether real mode is possible. */
  appInfo: { args: none, result: {} as AppInfo },
  /** The built-in lab presets (the first is the default scenario). */
  listPresets: { args: none, result: [] as Preset[] },
  /** Validates scenario file text; problems name their field. */
  validateScenario: { args: z.strictObject({ text: z.string().max(5_000_000) }), result: {} as ValidationResult },
  /** Starts a run of a scenario (validated again here) in real or simulated mode. */
  startRun: { args: z.strictObject({ scenario: z.unknown(), mode: z.enum(['real', 'sim']), force: z.boolean().default(false) }), result: {} as { runId: string } },
  /** Injects a fault into a running run, now (a fault as faults.ts defines it, without atMs). */
  injectFault: { args: z.strictObject({ runId, fault: faultSpecSchema }), result: undefined as void },
  /** Stops a running run early; resolves with its summary. */
  stopRun: { args: z.strictObject({ runId }), result: {} as RunSummary },
  /** The replica processes of a running run, with their pids. */
  listReplicas: { args: z.strictObject({ runId }), result: [] as ReplicaView[] },
  /** Every kept run, newest first. */
  listRuns: { args: none, result: [] as RunListing[] },
  /**
   * One kept run with its event log, for replay and scrubbing: the whole log, or with
   * `eventsPage` the first that many events (the rest from `runEvents`, page by page, so no
   * one message is the whole of a long log). A run going on is answered whole.
   */
  loadRun: { args: z.strictObject({ runId, eventsPage: eventsPage.optional() }), result: {} as LoadedRunData },
  /** Events `from` to `from + count` of a run's log (fewer at its end): the pages after `loadRun`'s first. */
  runEvents: { args: z.strictObject({ runId, from: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), count: eventsPage }), result: {} as { events: RunEvent[] } },
  /** Deletes a kept run (not a live one). */
  deleteRun: { args: z.strictObject({ runId }), result: undefined as void },
  /** The guided lab exercises: goal, steps, prediction prompt, questions, scenarios. */
  listExercises: { args: none, result: [] as Exercise[] },
  /** Runs a scenario and its counterpart under the other scheme (same workload, seed, faults); kept as a run. */
  compareScenario: { args: z.strictObject({ scenario: z.unknown(), mode: runMode, mapping: z.enum(['drop', 'fold']).default('drop'), width: z.enum(['trusted', 'all']).default('trusted') }), result: {} as CompareOutcome },
  /** Runs a parameter grid (simulation by default); progress arrives as `sweepProgress` events. */
  runSweep: { args: z.strictObject({ spec: sweepSpecSchema, mode: runMode.default('sim') }), result: {} as SweepOutcome },
  /** Ends the sweep going on after the run in progress; runSweep then returns the runs done. */
  cancelSweep: { args: none, result: {} as { cancelled: boolean } },
  /**
   * "Try to break this": searches fault schedules for the scenario (simulated, on every core)
   * until the check fails, shrinks the failing one, and keeps its run; progress arrives as
   * `huntProgress` events.
   */
  huntScenario: {
    args: z.strictObject({
      scenario: z.unknown(),
      check: z.enum(CHECK_NAMES),
      kinds: z.array(z.enum(FAULT_KINDS)).min(1).max(FAULT_KINDS.length).optional(),
      maxFaults: z.number().int().min(1).max(6).default(3),
      budgetRuns: z.number().int().min(10).max(5000).default(500),
      seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
    }),
    result: {} as HuntOutcome,
  },
  /** Ends the hunt going on: the search stops; a failing schedule found is shrunk no further and kept. */
  cancelHunt: { args: none, result: {} as { cancelled: boolean } },
  /** Writes the lab report of a kept run into `<dataDir>/reports/` (HTML, CSV/JSON, PDF on request). */
  exportReport: {
    args: z.strictObject({
      runId,
      student: studentSchema.default({ name: '', id: '', course: '' }),
      exerciseId: z.string().regex(/^[a-z0-9-]{1,80}$/, 'not an exercise id').nullable().optional(),
      prediction: shortText(20_000).default(''),
      answers: z.array(shortText(20_000)).max(20).default([]),
      pdf: z.boolean().default(false),
      /** The language of the report's fixed text (English when absent). */
      lang: z.enum(LANGS).optional(),
      /** The exercise's other kept runs, carried in the same report after `runId` (each verified by `faultlab verify`). */
      moreRunIds: z.array(runId).max(9, 'at most 10 runs in one report').default([]),
    }),
    result: {} as ReportExport,
  },
  /** A run's message sequence diagram; `fromMs`/`toMs` ask for one detail window of that span (with `markMessage` marked in it). */
  messageDiagram: {
    args: z
      .strictObject({
        runId,
        fromMs: z.number().min(0).max(86_400_000).optional(),
        toMs: z.number().min(0).max(86_400_000).optional(),
        /** A message to mark in the span drawn (the one picked in the cluster picture), by id. */
        markMessage: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
        /** The span's title, in the app's language (else its times). */
        title: z.string().min(1).max(200).optional(),
      })
      .refine((a) => (a.fromMs === undefined) === (a.toMs === undefined), { message: 'give both fromMs and toMs, or neither', path: ['toMs'] })
      .refine((a) => a.fromMs === undefined || a.toMs === undefined || a.toMs > a.fromMs, { message: 'must be after fromMs', path: ['toMs'] }),
    result: {} as MessageDiagramView,
  },
  /**
   * Checks a report file (its bytes, base64) the way `faultlab verify` does: re-runs a
   * simulated run, re-derives a real one from its embedded event logs. A file that is no
   * report, or is cut short, fails with one sentence saying so.
   */
  verifyReport: {
    args: z.strictObject({
      fileName: z.string().min(1).max(260),
      /** The file's bytes, or their last part when earlier ones were sent under `uploadId`. */
      base64: base64Part,
      uploadId: uploadId.optional(),
      /** The language of what differs and of the figures' names (the app's; English when absent). */
      lang: z.enum(LANGS).optional(),
    }),
    result: {} as ReportVerification,
  },
  /** One part of a report file too large for one message, in order from 0; `verifyReport` sends the last. */
  verifyReportPart: {
    args: z.strictObject({ uploadId, index: z.number().int().min(0).max(Math.ceil(MAX_VERIFY_REPORT_BYTES / MAX_VERIFY_PART_BYTES)), base64: base64Part }),
    result: {} as { receivedBytes: number },
  },
  /**
   * Opens an assignment file chosen in the window, with any scenario files it names chosen
   * with it (matched by file name); its exercises replace the list. Problems name their field.
   */
  openAssignment: {
    args: z.strictObject({
      files: z
        .array(z.strictObject({ name: z.string().min(1).max(260), text: z.string().max(MAX_ASSIGNMENT_FILE_CHARS, `at most ${MAX_ASSIGNMENT_FILE_CHARS} characters`) }))
        .min(1, 'choose the assignment file')
        .max(MAX_ASSIGNMENT_FILES, `at most ${MAX_ASSIGNMENT_FILES} files at once`),
    }),
    result: {} as AssignmentView,
  },
  /** The exercises listed now: an opened assignment's, or the built-in ones. */
  currentAssignment: { args: none, result: {} as AssignmentView },
  /** Goes back to the built-in exercises. */
  closeAssignment: { args: none, result: {} as AssignmentView },
  /**
   * Fork from here: continues a kept simulated run from `atMs` with its later faults dropped
   * and/or others added (each at or after atMs); the fork is a new kept run that repeats its
   * parent before the moment and records its parent and the moment.
   */
  forkRun: { args: forkArgs, result: {} as ForkOutcome },
  /**
   * Fork from here, played live: the same fork as forkRun's, started at once as a live
   * simulated run that opens at `atMs`, paused (it reaches its moment in slices, its events
   * arriving as runEvents, which repeat the parent's before the moment), to be played, slowed,
   * paused and given faults like any live run. Kept with fork.json from the start; its
   * differences from the parent are read when it is reopened (loadRun's forkComparison).
   */
  forkLive: { args: forkArgs, result: {} as LiveFork },
  // ---- step mode ("Choose messages from here"; electron/app/lab/steps.ts) ----
  /** Opens a step session on a kept simulated run at `atMs`: the run as it was then, the messages in the air held. */
  stepBegin: { args: z.strictObject({ runId, atMs: z.number().int().min(0).max(3_600_000) }), result: {} as StepView },
  /** The session's next choice: deliver or drop a held message, or let time pass with messages held. */
  stepChoose: { args: z.strictObject({ sessionId: stepSessionId, choice: stepChoiceSchema }), result: {} as StepView },
  /** Lets the rest of the run go on as the network would; keeps it as a new run (a fork of its parent, its scenario carrying the choices). */
  stepFinish: { args: z.strictObject({ sessionId: stepSessionId }), result: {} as ForkOutcome },
  /** Closes a session, keeping nothing. */
  stepCancel: { args: z.strictObject({ sessionId: stepSessionId }), result: undefined as void },
  /**
   * Pauses, resumes or slows a live run (shared/pace.ts): the fields given change, the others
   * stay; resolves with the run's pace now.
   */
  paceRun: {
    args: z
      .strictObject({
        runId,
        paused: z.boolean().optional(),
        speed: z.number().refine(isLiveSpeed, { message: `speed must be one of ${LIVE_SPEEDS.join(', ')}` }).optional(),
      })
      .refine((a) => a.paused !== undefined || a.speed !== undefined, { message: 'give paused, speed or both' }),
    result: {} as PacedRun,
  },
  /**
   * The language the window was switched to: remembered per user (the data folder's
   * settings) and the desktop menu rebuilt in it.
   */
  setLanguage: { args: z.strictObject({ lang: z.enum(LANGS) }), result: {} as { lang: Lang } },
} as const;

/** Everything the main side pushes to the renderer. */
export interface LabEvents {
  /** A batch of new events of a live run. */
  runEvents: { runId: string; events: RunEvent[] };
  /** A live run ended (completed or stopped). */
  runEnded: { runId: string; summary: RunSummary; complete: boolean; /** Set when the run could not be saved completely (a full disk, say). */ problem?: string };
  /** A scenario file was opened from the operating system (double-click, argv). */
  scenarioOpened: { path: string; text: string };
  /** A command chosen in the application menu (or by its keyboard shortcut). */
  menuCommand: { command: MenuCommand };
  /** A sweep going on: how many of its runs are done. */
  sweepProgress: { done: number; total: number; label: string };
  /** A hunt going on: its phase, runs so far against the budget, and the smallest failing schedule so far (in words). */
  huntProgress: { phase: 'search' | 'shrink'; runs: number; budget: number; distinct: number; best: string | null };
  /** An assignment file was opened from the operating system or the menu: its exercises are the list now. */
  assignmentOpened: AssignmentView;
}

export { CALL_NAMES, channelOf, EVENT_NAMES, isCallName, MENU_COMMANDS } from './api-channels.js';
export type { CallName, EventName, MenuCommand } from './api-channels.js';

/** True only if A and B are the same set of names; `Holds` refuses false. */
type SameNames<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
/**
 * Compile-time proof that CALLS and LabEvents declare exactly the calls and events named in
 * api-channels.ts: a name missing on either side fails the type check here.
 */
export type ContractMatchesChannels = [Holds<SameNames<keyof typeof CALLS, CallName>>, Holds<SameNames<keyof LabEvents, EventName>>];

export type CallArgs<K extends CallName> = z.input<(typeof CALLS)[K]['args']>;
export type CallResult<K extends CallName> = (typeof CALLS)[K]['result'];

/** The API as the renderer sees it on `window.lab`. */
export type LabApi = {
  [K in CallName]: (args: CallArgs<K>) => Promise<CallResult<K>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: LabEvents[E]) => void): () => void;
};

// ---- errors: what a failed call gives back ------------------------------------------

/**
 * What kind of failure a call met, so the renderer tells failures apart by code, never by
 * their wording: the call was not valid ('bad-call'); what it names does not exist
 * ('not-found'); the lab is busy with other work of the kind ('busy'); a kept file is
 * damaged ('damaged'); something the call needs is not available here or now: real mode,
 * a lab shutting down ('unavailable'); the disk refused ('io'); a bug ('internal'); the run
 * would not fit the lab's memory budget and may be asked for again with `force` ('too-big').
 */
export const LAB_ERROR_CODES = ['bad-call', 'not-found', 'busy', 'damaged', 'unavailable', 'io', 'internal', 'too-big'] as const;
export type LabErrorCode = (typeof LAB_ERROR_CODES)[number];

/** A failed call as every transport carries it: one sentence for the student (never a stack trace) and its code. */
export type CallFailure = { ok: false; error: string; code: LabErrorCode };

/** A failure the student can understand and act on: its message is shown as it is. */
export class LabError extends Error {
  constructor(
    readonly code: LabErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LabError';
  }
}

/** An argument the renderer sent that does not match its schema. */
export class BadCallError extends LabError {
  constructor(message: string) {
    super('bad-call', message);
    this.name = 'BadCallError';
  }
}

export function isLabErrorCode(code: unknown): code is LabErrorCode {
  return typeof code === 'string' && (LAB_ERROR_CODES as readonly string[]).includes(code);
}

/** The LabError a transport rejects a call with, from the failure it received (an unknown code counts as internal). */
export function labErrorOf(failure: { error: string; code?: unknown }): LabError {
  return new LabError(isLabErrorCode(failure.code) ? failure.code : 'internal', failure.error);
}

/** Validates a call's argument; throws BadCallError with a message naming the field. */
export function parseCallArgs<K extends CallName>(name: K, raw: unknown): z.output<(typeof CALLS)[K]['args']> {
  const schema = CALLS[name].args as z.ZodType;
  const r = schema.safeParse(raw ?? {});
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue?.path.length ? issue.path.join('.') : 'argument';
    throw new BadCallError(`${name}: ${path}: ${issue?.message ?? 'invalid'}`);
  }
  return r.data as z.output<(typeof CALLS)[K]['args']>;
}

// ---- the browser-mode wire format (one JSON object per WebSocket message) -----------

export type WireRequest = { kind: 'call'; id: number; name: CallName; args: unknown };
export type WireResponse = { kind: 'result'; id: number; ok: true; result: unknown } | ({ kind: 'result'; id: number } & CallFailure);
export type WireEvent = { kind: 'event'; name: EventName; payload: unknown };

/**
 * Where the browser-mode host listens for the WebSocket, and the query parameter carrying
 * its per-launch token. The page is opened as `http://127.0.0.1:PORT/#token=TOKEN`: the
 * token sits in the fragment, which browsers never send to a server or in a Referer.
 * A window the host opens itself gets `#ticket=TICKET` instead (a browser's command line
 * is visible to every local user): the ticket opens one socket, whose first message
 * (WireSession) hands the page the token; the ticket is dead from then on.
 */
export const WIRE_PATH = '/lab-api';
export const WIRE_TOKEN_PARAM = 'token';
export const WIRE_TICKET_PARAM = 'ticket';

/** The first message on a socket opened with a launch ticket: the session's token. */
export type WireSession = { kind: 'session'; token: string };

/** The WebSocket URL for a page the browser-mode host served, or null when its URL carries no token. */
export function wireUrl(page: { host: string; hash: string }): string | null {
  // The fragment is `key=value&…`, read by hand: shared/ uses no browser or Node globals.
  const pairs = page.hash.replace(/^#/, '').split('&');
  for (const param of [WIRE_TOKEN_PARAM, WIRE_TICKET_PARAM]) {
    const pair = pairs.find((p) => p.startsWith(`${param}=`));
    let secret: string | null = null;
    try {
      secret = pair === undefined ? null : decodeURIComponent(pair.slice(param.length + 1).replace(/\+/g, ' '));
    } catch {
      return null; // a malformed escape: no usable token
    }
    if (secret) return `ws://${page.host}${WIRE_PATH}?${param}=${encodeURIComponent(secret)}`;
  }
  return null;
}
