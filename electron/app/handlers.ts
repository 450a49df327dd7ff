/**
 * The lab's main side: one implementation of every call in the API contract
 * (shared/api.ts), used by the Electron IPC handlers and by the browser-mode host alike.
 *
 * It promises that every argument is validated before anything acts on it, that a call
 * never throws past `invoke` (errors come back as one plain sentence: the renderer never
 * sees a stack trace, the process never crashes because of a call), that live runs are
 * bounded in number and forward their event batches to subscribers, and that every run
 * is kept in the data folder as `<dataDir>/runs/<runId>/` (scenario.json, events.jsonl,
 * summary.json) where it can be listed, reopened and deleted later.
 *
 * The lab work around runs lives here too: comparisons (kept as a run with its
 * counterpart in `compared/`), sweeps (bounded, with progress events), lab reports
 * (written atomically into `<dataDir>/reports/` and handed back for download) and the
 * message sequence diagram. What only Electron can do (a save dialog, printToPDF) is
 * passed in as options, so this module stays testable without Electron.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { AppInfo, CallName, CallResult, CompareOutcome, EventName, LabEvents, LoadedRunData, MessageDiagramView, ReportExport, RunListing, SweepOutcome } from '../../shared/api.js';
import { BadCallError, CALLS, isCallName, parseCallArgs } from '../../shared/api.js';
import type { RunSummary } from '../../shared/analysis/summary.js';
import type { FaultMapping } from '../../shared/compare.js';
import { EXERCISES, findExercise } from '../../shared/exercises.js';
import { ENGINE_VERSION } from '../../shared/engine/engine.js';
import type { RunEvent, RunMode } from '../../shared/events.js';
import { PRESETS } from '../../shared/presets.js';
import type { Scenario } from '../../shared/scenario.js';
import { parseScenario, parseScenarioText, ScenarioError } from '../../shared/scenario.js';
import type { SweepSpec } from '../../shared/sweep.js';
import { expandSweep, sweepCsvRows, SweepSpecError } from '../../shared/sweep.js';
import { runComparison } from '../report/compare-run.js';
import { toCsv } from '../report/csv.js';
import { findChromium, PdfUnavailable, printHtmlToPdf } from '../report/pdf.js';
import { runSweep } from '../report/sweep-run.js';
import { writeFileAtomic } from '../runtime/files.js';
import type { LiveFault, LiveOptions, LiveRun } from '../runtime/live-run.js';
import { checkLiveFault } from '../runtime/live-run.js';
import { LiveModeUnavailable, realModeAvailable, startLiveRun } from '../runtime/live.js';
import { loadRun as loadRunFolder, RUN_FILES } from '../runtime/run-folder.js';
import { RealModeUnavailable } from '../runtime/run.js';

/** A problem the user can understand and act on; its message is shown as it is. */
export class LabError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabError';
  }
}

/** What a call gives back over any transport: its result, or one plain sentence. */
export type CallOutcome<T = unknown> = { ok: true; result: T } | { ok: false; error: string };

type ParsedArgs<K extends CallName> = z.output<(typeof CALLS)[K]['args']>;
type Handlers = { [K in CallName]: (args: ParsedArgs<K>) => Promise<CallResult<K>> };
export type EventSink = <E extends EventName>(event: E, payload: LabEvents[E]) => void;

/** How many runs may go on at once: each holds its event log in memory and a timer. */
export const MAX_LIVE_RUNS = 4;

/** Shown for an unexpected error; the details go to the log, not to the student. */
export const INTERNAL_ERROR_MESSAGE = 'Something went wrong on the lab side; the details are in the app log. Your kept runs are unaffected.';

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
  startRun?: (scenario: Scenario, mode: RunMode, options: LiveOptions) => LiveRun | Promise<LiveRun>;
  maxLiveRuns?: number;
  /**
   * Prints report HTML to PDF bytes. Default: the system Chromium (electron/report/pdf.ts);
   * Electron passes printToPDF of a hidden window; null when no printer is available.
   */
  printPdf?: PdfPrinter | null;
  /** Offers to save a copy of a report file elsewhere (Electron's save dialog); resolves with the path chosen, or null. */
  chooseSavePath?: SavePathChooser;
  /** Largest sweep grid, in runs, per mode (default MAX_SWEEP_RUNS). */
  maxSweepRuns?: Partial<Record<RunMode, number>>;
}

export type PdfPrinter = (html: string) => Promise<Buffer>;
export type SavePathChooser = (file: { defaultName: string; kind: 'html' | 'pdf' }) => Promise<string | null>;

/** How many runs one sweep may have: simulated runs take well under a second, real ones their whole duration. */
export const MAX_SWEEP_RUNS: Record<RunMode, number> = { sim: 200, real: 16 };
/** A detail window of the message diagram draws at most this many messages, arrow by arrow. */
export const MAX_DIAGRAM_DETAIL_MESSAGES = 1500;

/** The default PDF printer: the system's Chromium, or a plain sentence saying there is none. */
async function chromiumPrintPdf(html: string): Promise<Buffer> {
  if (findChromium() === null) throw new PdfUnavailable('no Chromium was found on this computer (install chromium, or set FAULTLAB_CHROMIUM to its path)');
  return printHtmlToPdf(html);
}

/** A file name from free text: lower-case words joined by dashes. */
function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50);
}

interface LiveEntry {
  runId: string;
  run: LiveRun;
  startedAt: string;
  unsubscribe: () => void;
}

const RUN_ID = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-(\d{3})-[0-9a-f]{6}$/;

/** A new run id: its start time (UTC, sortable) and 6 random hex digits. */
export function newRunId(now: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const stamp = `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}-${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}-${p(now.getUTCMilliseconds(), 3)}`;
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

function startedAtOf(runId: string, dir: string): string {
  const m = RUN_ID.exec(runId);
  if (m) {
    const [, y, mo, d, h, mi, s, ms] = m.map(Number) as number[];
    const t = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0, ms ?? 0);
    if (Number.isFinite(t)) return new Date(t).toISOString();
  }
  // A folder copied in by hand: the scenario is written once, when the run starts.
  return statSync(join(dir, RUN_FILES.scenario)).mtime.toISOString();
}

/** Turns any error into the sentence the user sees; unexpected ones are logged in full. */
export function userMessage(err: unknown, log: (message: string) => void): string {
  if (err instanceof LabError || err instanceof BadCallError) return err.message;
  if (err instanceof ScenarioError) return `The scenario is not valid: ${err.problems.join('; ')}`;
  if (err instanceof LiveModeUnavailable) return `Real mode is not available here: ${err.message}`;
  if (err instanceof Error && err.name === 'AbortError') return 'The lab is shutting down; the sweep was stopped.';
  log(`fault-lab: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return INTERNAL_ERROR_MESSAGE;
}

/** Reads at most maxBytes from the start (or end) of a file. */
function readSlice(path: string, fromEnd: boolean, maxBytes: number): string {
  const fd = openSync(path, 'r');
  try {
    const size = statSync(path).size;
    const length = Math.min(size, maxBytes);
    const buf = Buffer.alloc(length);
    const read = readSync(fd, buf, 0, length, fromEnd ? size - length : 0);
    return buf.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether a log ends with the run-end marker, read from its tail only (a kept run's log
 * can be large; listing must stay fast). Same rule as readEventLog: the last line must be
 * whole and be run-end.
 */
function logIsComplete(path: string): boolean {
  if (!existsSync(path)) return false;
  const tail = readSlice(path, true, 64 * 1024);
  if (!tail.endsWith('\n')) return false;
  const last = tail.slice(0, -1).split('\n').at(-1) ?? '';
  try {
    const e = JSON.parse(last) as { type?: unknown };
    return e.type === 'run-end';
  } catch (err) {
    if (err instanceof SyntaxError) return false;
    throw err;
  }
}

/** The mode a run was recorded in, from the run-start event on the log's first line. */
function logMode(path: string): RunMode | null {
  if (!existsSync(path)) return null;
  const head = readSlice(path, false, 1024 * 1024);
  const first = head.split('\n', 1)[0] ?? '';
  try {
    const e = JSON.parse(first) as { type?: unknown; mode?: unknown };
    return e.type === 'run-start' && (e.mode === 'real' || e.mode === 'sim') ? e.mode : null;
  } catch (err) {
    if (err instanceof SyntaxError) return null;
    throw err;
  }
}

function readSummaryFile(dir: string): RunSummary | null {
  const path = join(dir, RUN_FILES.summary);
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as RunSummary;
  } catch (err) {
    if (err instanceof SyntaxError) return null;
    throw err;
  }
}

/**
 * The lab's main side. Transports call `invoke(name, rawArgs)` and forward what
 * `subscribe` hands them.
 */
export class LabBackend {
  readonly runsDir: string;
  private readonly live = new Map<string, LiveEntry>();
  private readonly sinks = new Set<EventSink>();
  private readonly log: (message: string) => void;
  private readonly start: (scenario: Scenario, mode: RunMode, options: LiveOptions) => LiveRun | Promise<LiveRun>;
  /** Runs being started (real mode starts processes first): they count against the bound. */
  private starting = 0;
  private readonly maxLive: number;
  private closing = false;
  private readonly handlers: Handlers;
  /** Ends sweeps going on when the lab shuts down. */
  private readonly jobs = new AbortController();
  /** The sweep going on, if any: aborting it ends the sweep after its run in progress. */
  private sweepStop: AbortController | null = null;
  private comparing = 0;
  /** The last run the message diagram was drawn for: zooming reuses its log. */
  private diagramRun: { runId: string; scenario: Scenario; events: readonly RunEvent[] } | null = null;

  constructor(private readonly options: BackendOptions) {
    this.runsDir = join(options.dataDir, 'runs');
    this.log = options.log ?? ((m) => process.stderr.write(`${m}\n`));
    this.start = options.startRun ?? startLiveRun;
    this.maxLive = options.maxLiveRuns ?? MAX_LIVE_RUNS;
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
      startRun: async ({ scenario, mode }) => this.startRun(scenario, mode),
      injectFault: async ({ runId, fault }) => {
        const { run } = this.liveRun(runId);
        const f = fault as LiveFault;
        try {
          checkLiveFault(run.scenario, f);
        } catch (err) {
          if (err instanceof RangeError) throw new LabError(`Cannot inject ${fault.type}: ${err.message}.`);
          throw err;
        }
        run.inject(f);
      },
      stopRun: async ({ runId }) => (await this.liveRun(runId).run.stop()).summary,
      listReplicas: async ({ runId }) => this.liveRun(runId).run.replicas(),
      listRuns: async () => this.listRuns(),
      loadRun: async ({ runId }) => this.loadRun(runId),
      deleteRun: async ({ runId }) => {
        if (this.live.has(runId)) throw new LabError('This run is still going on; stop it before deleting it.');
        const dir = this.keptRunDir(runId);
        rmSync(dir, { recursive: true });
        if (this.diagramRun?.runId === runId) this.diagramRun = null;
      },
      listExercises: async () => structuredClone(EXERCISES),
      compareScenario: async ({ scenario, mode, mapping }) => this.compare(scenario, mode, mapping),
      runSweep: async ({ spec, mode }) => this.sweep(spec, mode),
      cancelSweep: async () => {
        const stop = this.sweepStop;
        if (!stop || stop.signal.aborted) return { cancelled: false };
        stop.abort();
        return { cancelled: true };
      },
      exportReport: async (args) => this.exportReport(args),
      messageDiagram: async ({ runId, fromMs, toMs }) => this.messageDiagram(runId, fromMs, toMs),
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

  /** Validates and runs one call. Never throws: an error comes back as a plain sentence. */
  async invoke(name: unknown, rawArgs: unknown): Promise<CallOutcome> {
    try {
      if (!isCallName(name)) throw new BadCallError(`unknown call "${String(name).slice(0, 40)}"`);
      const args = parseCallArgs(name, rawArgs);
      const handler = this.handlers[name] as (a: typeof args) => Promise<unknown>;
      return { ok: true, result: await handler(args) };
    } catch (err) {
      return { ok: false, error: userMessage(err, this.log) };
    }
  }

  /** The ids of the runs going on now. */
  liveRunIds(): string[] {
    return [...this.live.keys()];
  }

  /** Stops every live run (their logs get the end marker and a summary); refuses new ones. */
  async shutdown(): Promise<void> {
    this.closing = true;
    this.jobs.abort(new LabError('The lab is shutting down; the sweep was stopped.'));
    await Promise.all(
      [...this.live.values()].map(async (entry) => {
        try {
          await entry.run.stop();
        } catch (err) {
          userMessage(err, this.log);
        }
      }),
    );
  }

  private async startRun(rawScenario: unknown, mode: RunMode): Promise<{ runId: string }> {
    if (this.closing) throw new LabError('The lab is shutting down; no new run can start.');
    const scenario = parseScenario(rawScenario);
    if (this.live.size + this.starting >= this.maxLive) {
      throw new LabError(`${this.live.size + this.starting} runs are already going on (at most ${this.maxLive}); stop one before starting another.`);
    }
    const now = new Date();
    const runId = newRunId(now);
    const dir = join(this.runsDir, runId);
    try {
      mkdirSync(this.runsDir, { recursive: true });
    } catch (err) {
      throw new LabError(`Cannot write to the data folder ${this.options.dataDir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
    }
    let run: LiveRun;
    this.starting++;
    try {
      run = await this.start(scenario, mode, { dir });
    } catch (err) {
      // Nothing was recorded (real mode unavailable, say): leave no empty folder behind.
      if (existsSync(dir) && !existsSync(join(dir, RUN_FILES.events))) rmSync(dir, { recursive: true, force: true });
      throw err;
    } finally {
      this.starting--;
    }
    if (this.closing) {
      // shutdown() began while processes were starting: this run ends with the others.
      await run.stop();
      throw new LabError('The lab is shutting down; no new run can start.');
    }
    const unsubscribe = run.onEvents((events: RunEvent[]) => this.emit('runEvents', { runId, events }));
    this.live.set(runId, { runId, run, startedAt: now.toISOString(), unsubscribe });
    run.finished.then(
      (result) => {
        unsubscribe();
        this.live.delete(runId);
        if (result.problem) this.log(`fault-lab: run ${runId}: ${result.problem}`);
        this.emit('runEnded', { runId, summary: result.summary, complete: result.complete, ...(result.problem ? { problem: result.problem } : {}) });
      },
      (err: unknown) => {
        unsubscribe();
        this.live.delete(runId);
        userMessage(err, this.log);
      },
    );
    return { runId };
  }

  private liveRun(runId: string): LiveEntry {
    const entry = this.live.get(runId);
    if (!entry) {
      throw new LabError(existsSync(join(this.runsDir, runId)) ? `Run ${runId} has ended; it can only be reopened, not changed.` : `There is no run ${runId}.`);
    }
    return entry;
  }

  private keptRunDir(runId: string): string {
    const dir = join(this.runsDir, runId);
    if (!existsSync(join(dir, RUN_FILES.scenario))) throw new LabError(`There is no kept run ${runId}.`);
    return dir;
  }

  private liveListing(entry: LiveEntry): RunListing {
    return {
      runId: entry.runId,
      name: entry.run.scenario.name,
      scheme: entry.run.scenario.scheme,
      mode: entry.run.mode,
      startedAt: entry.startedAt,
      complete: false,
      live: true,
      summary: null,
    };
  }

  /** The run folder for a new kept run (the runs folder is created if needed). */
  private newRunDir(): { runId: string; dir: string } {
    const runId = newRunId(new Date());
    try {
      mkdirSync(this.runsDir, { recursive: true });
    } catch (err) {
      throw new LabError(`Cannot write to the data folder ${this.options.dataDir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
    }
    return { runId, dir: join(this.runsDir, runId) };
  }

  private realModeMessage(err: RealModeUnavailable): LabError {
    return new LabError(`Real mode is not available here: ${err.message.replace(/^--mode real: /, '')}`);
  }

  /** Runs the scenario and its counterpart; the scenario's run is kept, the counterpart's inside it (compared/). */
  private async compare(rawScenario: unknown, mode: RunMode, mapping: FaultMapping): Promise<CompareOutcome> {
    if (this.closing) throw new LabError('The lab is shutting down; no comparison can start.');
    const scenario = parseScenario(rawScenario);
    if (this.comparing >= this.maxLive) throw new LabError(`${this.comparing} comparisons are already going on (at most ${this.maxLive}); wait for one to finish.`);
    const { runId, dir } = this.newRunDir();
    this.comparing++;
    try {
      const comparison = await runComparison(scenario, mode, { dir, mapping });
      return { runId, comparison };
    } catch (err) {
      // A comparison that did not finish is not kept: half of a comparison explains nothing.
      rmSync(dir, { recursive: true, force: true });
      if (err instanceof RealModeUnavailable) throw this.realModeMessage(err);
      throw err;
    } finally {
      this.comparing--;
    }
  }

  /** Runs a sweep grid, one cell after another, announcing each finished cell as sweepProgress. */
  private async sweep(raw: z.output<(typeof CALLS)['runSweep']['args']>['spec'], mode: RunMode): Promise<SweepOutcome> {
    if (this.closing) throw new LabError('The lab is shutting down; no sweep can start.');
    const spec: SweepSpec = { ...raw, base: parseScenario(raw.base) };
    let cells;
    try {
      cells = expandSweep(spec);
    } catch (err) {
      if (err instanceof SweepSpecError) throw new LabError(`The sweep cannot run: ${err.message}.`);
      throw err;
    }
    const limit = this.options.maxSweepRuns?.[mode] ?? MAX_SWEEP_RUNS[mode];
    if (cells.length > limit) {
      throw new LabError(
        `The grid has ${cells.length} runs; at most ${limit} ${mode === 'sim' ? 'simulated runs' : 'runs with real processes'} fit in one sweep here. Choose fewer k values, replica counts, fault kinds, fault counts or timeouts (the command "faultlab sweep" takes larger grids).`,
      );
    }
    if (this.sweepStop) throw new LabError('A sweep is already going on; wait for it to finish.');
    const stop = new AbortController();
    this.sweepStop = stop;
    try {
      this.emit('sweepProgress', { done: 0, total: cells.length, label: '' });
      const result = await runSweep(spec, mode, {
        cells,
        signal: this.jobs.signal,
        stop: stop.signal,
        onProgress: (p) => this.emit('sweepProgress', { done: p.done, total: p.total, label: p.cell.scenario.name.replace(/^sweep: /, '') }),
      });
      return { mode, result, csv: toCsv(sweepCsvRows(result)), total: cells.length, cancelled: result.rows.length < cells.length };
    } catch (err) {
      if (err instanceof RealModeUnavailable) throw this.realModeMessage(err);
      throw err;
    } finally {
      this.sweepStop = null;
    }
  }

  /** Writes the lab report of a kept run into `<dataDir>/reports/`, and offers copies where the shell can. */
  private async exportReport(args: z.output<(typeof CALLS)['exportReport']['args']>): Promise<ReportExport> {
    const { runId } = args;
    if (this.live.has(runId)) throw new LabError('This run is still going on; wait for it to end (or stop it) before writing its report.');
    const runDir = this.keptRunDir(runId);
    if (args.exerciseId && !findExercise(args.exerciseId)) throw new LabError(`There is no exercise "${args.exerciseId}".`);
    const reportsDir = join(this.options.dataDir, 'reports');
    try {
      mkdirSync(reportsDir, { recursive: true });
    } catch (err) {
      throw new LabError(`Cannot write to the reports folder ${reportsDir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
    }
    const { ReportInputError, writeReport } = await import('../report/index.js');
    const htmlPath = join(reportsDir, `report-${runId}.html`);
    let written;
    try {
      written = await writeReport(
        { run: { runDir }, student: args.student, exercise: args.exerciseId ?? null, prediction: args.prediction, answers: args.answers },
        { htmlPath },
      );
    } catch (err) {
      if (err instanceof ReportInputError) throw new LabError(`The report of run ${runId} cannot be made: ${err.message}.`);
      if (err instanceof ScenarioError) throw new LabError(`The report of run ${runId} cannot be made: its scenario.json is not valid (${err.problems.join('; ')}).`);
      if (err instanceof Error && /is not a valid event$|does not begin with run-start$/.test(err.message)) throw new LabError(`The report of run ${runId} cannot be made: its event log is damaged.`);
      throw err;
    }
    const fileStem = `fault-lab-report-${slug(written.data.scenario.name) || 'run'}${args.student.name ? `-${slug(args.student.name)}` : ''}`;
    let pdf: Buffer | null = null;
    let pdfPath: string | null = null;
    let pdfProblem: string | null = null;
    if (args.pdf) {
      const printer = this.options.printPdf === undefined ? chromiumPrintPdf : this.options.printPdf;
      if (printer === null) pdfProblem = 'No PDF printer is available here. The HTML report was written: open it in a browser and print it to PDF.';
      else {
        try {
          pdf = await printer(written.html);
          pdfPath = join(reportsDir, `report-${runId}.pdf`);
          writeFileAtomic(pdfPath, pdf);
        } catch (err) {
          pdf = null;
          pdfPath = null;
          if (err instanceof PdfUnavailable) pdfProblem = `No PDF could be made: ${err.message.replace(/^--pdf: /, '')}. The HTML report was written: open it in a browser and print it to PDF.`;
          else pdfProblem = `Printing the PDF failed (${userMessage(err, this.log)}). The HTML report was written: open it in a browser and print it to PDF.`;
        }
      }
    }
    const savedPaths: string[] = [];
    const choose = this.options.chooseSavePath;
    if (choose) {
      const copies: [string, 'html' | 'pdf', string | Buffer][] = [[`${fileStem}.html`, 'html', written.html]];
      if (pdf) copies.push([`${fileStem}.pdf`, 'pdf', pdf]);
      for (const [defaultName, kind, content] of copies) {
        const path = await choose({ defaultName, kind });
        if (path === null) continue;
        try {
          writeFileAtomic(path, content);
        } catch (err) {
          throw new LabError(`The report was written to ${htmlPath}, but not to ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
        }
        savedPaths.push(path);
      }
    }
    return { htmlPath, pdfPath, dataFiles: written.dataFiles, fileStem, html: written.html, pdfBase64: pdf ? pdf.toString('base64') : null, pdfProblem, savedPaths };
  }

  /** The Lamport diagram of a run: the overview and either the detail windows around faults or the span asked for. */
  private async messageDiagram(runId: string, fromMs: number | undefined, toMs: number | undefined): Promise<MessageDiagramView> {
    const live = this.live.has(runId);
    let run = this.diagramRun?.runId === runId && !live ? this.diagramRun : null;
    if (!run) {
      const data = this.loadRun(runId);
      run = { runId, scenario: data.scenario, events: data.events };
      if (!live) this.diagramRun = run;
    }
    if (run.events[0]?.type !== 'run-start') throw new LabError(`Run ${runId} has recorded nothing yet.`);
    let windows: { from: number; to: number }[] | undefined;
    if (fromMs !== undefined && toMs !== undefined) {
      let sent = 0;
      for (const e of run.events) if (e.type === 'send' && e.t >= fromMs && e.t <= toMs) sent++;
      if (sent > MAX_DIAGRAM_DETAIL_MESSAGES) {
        throw new LabError(`${sent.toLocaleString('en')} messages were sent between ${Math.round(fromMs)} and ${Math.round(toMs)} ms; zoom in to a span with at most ${MAX_DIAGRAM_DETAIL_MESSAGES.toLocaleString('en')} to see them one by one (the overview shows the whole run).`);
      }
      windows = [{ from: fromMs, to: toMs }];
    }
    const { lamportDiagram } = await import('../report/lamport.js');
    const d = lamportDiagram(run.events, run.scenario, { width: 1100, ...(windows ? { windows } : {}) });
    return { runId, endMs: d.endMs, totalMessages: d.totalMessages, totalDropped: d.totalDropped, overviewSvg: d.overviewSvg, windows: d.windows, legend: d.legend };
  }

  /** Every kept run, newest first; a folder that cannot be read is reported in the log and left alone. */
  private listRuns(): RunListing[] {
    if (!existsSync(this.runsDir)) return [];
    const out: RunListing[] = [];
    for (const d of readdirSync(this.runsDir, { withFileTypes: true })) {
      if (!d.isDirectory()) continue;
      const entry = this.live.get(d.name);
      if (entry) {
        out.push(this.liveListing(entry));
        continue;
      }
      const dir = join(this.runsDir, d.name);
      if (!existsSync(join(dir, RUN_FILES.scenario))) continue;
      try {
        const scenario = parseScenario(JSON.parse(readFileSync(join(dir, RUN_FILES.scenario), 'utf8')));
        const logPath = join(dir, RUN_FILES.events);
        const complete = logIsComplete(logPath);
        const summary = complete ? readSummaryFile(dir) : null;
        out.push({
          runId: d.name,
          name: scenario.name,
          scheme: scenario.scheme,
          mode: summary?.mode ?? logMode(logPath) ?? 'sim',
          startedAt: startedAtOf(d.name, dir),
          complete,
          live: false,
          summary,
        });
      } catch (err) {
        this.log(`fault-lab: skipping run folder ${dir}: ${(err as Error).message}`);
      }
    }
    return out.sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : b.runId.localeCompare(a.runId)));
  }

  private loadRun(runId: string): LoadedRunData {
    const entry = this.live.get(runId);
    if (entry) {
      // A run going on: what it has recorded so far (later events arrive as runEvents).
      return { listing: this.liveListing(entry), scenario: entry.run.scenario, events: entry.run.events.slice() };
    }
    const dir = this.keptRunDir(runId);
    let loaded;
    try {
      loaded = loadRunFolder(dir);
    } catch (err) {
      if (err instanceof ScenarioError) throw new LabError(`Run ${runId} cannot be opened: its scenario.json is not valid (${err.problems.join('; ')}).`);
      if (err instanceof SyntaxError) throw new LabError(`Run ${runId} cannot be opened: its scenario.json is damaged.`);
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new LabError(`Run ${runId} cannot be opened: its event log is missing.`);
      if (err instanceof Error && /is not a valid event$/.test(err.message)) {
        throw new LabError(`Run ${runId} cannot be opened: its event log is damaged (${err.message.slice(err.message.lastIndexOf('line '))}).`);
      }
      if (err instanceof Error && /does not begin with run-start$/.test(err.message)) {
        throw new LabError(`Run ${runId} cannot be opened: its event log is empty (the run stopped before it began).`);
      }
      throw err;
    }
    return {
      listing: {
        runId,
        name: loaded.scenario.name,
        scheme: loaded.scenario.scheme,
        mode: loaded.summary.mode,
        startedAt: startedAtOf(runId, dir),
        complete: loaded.complete,
        live: false,
        summary: loaded.summary,
      },
      scenario: loaded.scenario,
      events: loaded.events,
    };
  }
}
