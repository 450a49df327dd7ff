/**
 * The kept runs: one folder per run under `<dataDir>/runs/<runId>/` (scenario.json,
 * events.jsonl, summary.json). New run folders get a sortable id; kept runs are listed
 * (fast: only the head and tail of each log are read), reopened whole, and deleted. A
 * folder whose name is not a run id is left out (it could not be opened); one whose files
 * cannot be read is listed as unreadable with the reason. Files are opened only when they
 * are regular files (files.ts: a named pipe or a symbolic link is never opened). One that
 * cannot be reopened says why in a sentence ('damaged').
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, lstatSync, mkdirSync, readdirSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ForkOutcome, LoadedRunData, RunListing } from '../../../shared/api.js';
import { LabError } from '../../../shared/api.js';
import type { RunSummary } from '../../../shared/analysis/summary.js';
import type { RunMode } from '../../../shared/events.js';
import type { ForkChange, ForkOrigin } from '../../../shared/fork.js';
import { FORK_FILE, ForkError, forkOriginSchema } from '../../../shared/fork.js';
import type { Scenario } from '../../../shared/scenario.js';
import { parseScenario, ScenarioError } from '../../../shared/scenario.js';
import { figuresOf } from '../../../shared/views/figures.js';
import { readingOf } from '../../../shared/views/folds.js';
import type { ForkParent } from '../../runtime/fork.js';
import { forkComparisonOf, forkedScenario, listedDifferences, makeFork, MAX_PARENT_LOG_BYTES } from '../../runtime/fork.js';
import { fileSha256, LogDamaged, openRegularFile, readRunFileText } from '../../runtime/files.js';
import type { LoadedRun } from '../../runtime/run-folder.js';
import { loadRun as loadRunFolder, MAX_SCENARIO_FILE_BYTES, MAX_SUMMARY_FILE_BYTES, RUN_FILES } from '../../runtime/run-folder.js';
import { writeFailed } from './errors.js';
import type { NewRun } from './lab-work.js';
import { labWorkOffThread } from './lab-work.js';

/** fork.json is a few faults and names: anything larger is not one. */
const MAX_FORK_FILE_BYTES = 256 * 1024;

/** What the API accepts as a run id (shared/api.ts): a folder named otherwise cannot be opened, so it is not listed. */
const API_RUN_ID = /^[A-Za-z0-9_-]{1,80}$/;
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
  try {
    return lstatSync(join(dir, RUN_FILES.scenario)).mtime.toISOString();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return lstatSync(dir).mtime.toISOString();
  }
}

/** Reads at most maxBytes from the start (or end) of a file (a regular file only: files.ts). */
function readSlice(path: string, fromEnd: boolean, maxBytes: number): string {
  const { fd, size } = openRegularFile(path, Number.MAX_SAFE_INTEGER);
  try {
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
    return JSON.parse(readRunFileText(path, MAX_SUMMARY_FILE_BYTES)) as RunSummary;
  } catch (err) {
    if (err instanceof SyntaxError) return null;
    throw err;
  }
}

export class KeptRuns {
  /** `<dataDir>/runs` */
  readonly runsDir: string;

  constructor(
    readonly dataDir: string,
    private readonly log: (message: string) => void,
  ) {
    this.runsDir = join(dataDir, 'runs');
  }

  /** A folder for a new run started at `now` (the runs folder is created if needed; the run's own folder is not). */
  create(now: Date = new Date()): { runId: string; dir: string } {
    const runId = newRunId(now);
    try {
      mkdirSync(this.runsDir, { recursive: true });
    } catch (err) {
      throw writeFailed(`Cannot write to the data folder ${this.dataDir}`, err);
    }
    return { runId, dir: join(this.runsDir, runId) };
  }

  /** Whether a folder for this run id exists (kept, or being recorded). */
  has(runId: string): boolean {
    return existsSync(join(this.runsDir, runId));
  }

  /** The folder of a kept run; 'not-found' if there is none. */
  folder(runId: string): string {
    const dir = join(this.runsDir, runId);
    if (!existsSync(join(dir, RUN_FILES.scenario))) throw new LabError('not-found', `There is no kept run ${runId}.`);
    return dir;
  }

  remove(runId: string): void {
    rmSync(this.folder(runId), { recursive: true });
  }

  /** Every run folder, newest first; `live` gives the listing of a run going on; a run that cannot be read is listed as unreadable, with why. */
  list(live: (runId: string) => RunListing | null): RunListing[] {
    if (!existsSync(this.runsDir)) return [];
    const out: RunListing[] = [];
    for (const d of readdirSync(this.runsDir, { withFileTypes: true })) {
      if (!API_RUN_ID.test(d.name)) continue;
      const dir = join(this.runsDir, d.name);
      if (d.isSymbolicLink()) {
        out.push(this.unreadable(d.name, dir, null, 'its folder is a symbolic link, which the lab does not follow'));
        continue;
      }
      if (!d.isDirectory()) continue;
      const listing = live(d.name);
      if (listing) {
        out.push(listing);
        continue;
      }
      if (!existsSync(join(dir, RUN_FILES.scenario)) && !isLink(join(dir, RUN_FILES.scenario))) continue;
      let scheme: RunListing['scheme'] | null = null;
      try {
        const scenario = parseScenario(JSON.parse(readRunFileText(join(dir, RUN_FILES.scenario), MAX_SCENARIO_FILE_BYTES)));
        scheme = scenario.scheme;
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
        const why = unreadableReason(err);
        if (why === null) throw err;
        this.log(`fault-lab: run folder ${dir} cannot be read: ${why}`);
        out.push(this.unreadable(d.name, dir, scheme, why));
      }
    }
    return out.sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : b.runId.localeCompare(a.runId)));
  }

  private unreadable(runId: string, dir: string, scheme: RunListing['scheme'] | null, why: string): RunListing {
    let startedAt: string;
    try {
      startedAt = startedAtOf(runId, dir);
    } catch (err) {
      if (unreadableReason(err) === null) throw err;
      startedAt = new Date(0).toISOString();
    }
    return { runId, name: runId, scheme: scheme ?? 'state-machine', mode: 'sim', startedAt, complete: false, live: false, summary: null, unreadable: why };
  }

  /**
   * Fork from here: the kept simulated run `runId` continued from `atMs` with the change;
   * the fork is kept as a new run (with fork.json) and set beside its parent. The work is done
   * on a worker thread (lab-work.ts): this thread only checks the run is there and names the new one.
   */
  fork(runId: string, atMs: number, change: ForkChange): Promise<ForkOutcome> {
    this.folder(runId);
    return labWorkOffThread({ kind: 'fork', dataDir: this.dataDir, runId, atMs, change, target: this.create() });
  }

  /**
   * Fork from here, played live: the fork's scenario and fork.json's record, without reading
   * the parent's log through (the parent's log hash is its summary's, else the log file's).
   * The caller plays the scenario live from `atMs` (LiveRuns.start): it repeats the parent
   * before atMs as the fork `fork` makes would, event for event.
   */
  forkToPlay(runId: string, atMs: number, change: ForkChange): { scenario: Scenario; origin: ForkOrigin } {
    const dir = this.folder(runId);
    const parent = this.head(runId);
    if (parent.mode === null) throw new LabError('damaged', `Run ${runId} cannot be forked: its event log does not begin with the run's start.`);
    let made;
    try {
      made = forkedScenario(parent.scenario, parent.mode, atMs, change);
    } catch (err) {
      if (err instanceof ForkError) throw new LabError('bad-call', `This run cannot be forked so: ${err.message}.`);
      throw err;
    }
    const logPath = join(dir, RUN_FILES.events);
    let eventLogSha256: string;
    try {
      const kept = logIsComplete(logPath) ? readSummaryFile(dir)?.eventLogSha256 : undefined;
      eventLogSha256 = typeof kept === 'string' && /^[0-9a-f]{64}$/.test(kept) ? kept : fileSha256(logPath, MAX_PARENT_LOG_BYTES);
    } catch (err) {
      const why = unreadableReason(err);
      if (why === null) throw err;
      throw new LabError('damaged', `Run ${runId} cannot be forked: ${why}.`);
    }
    const origin: ForkOrigin = { faultlabFork: 1, parent: { name: parent.scenario.name, eventLogSha256, runDir: dir }, atMs, dropped: made.dropped, added: made.added };
    return { scenario: made.scenario, origin };
  }

  /** The fork itself, in this thread, into the new run `target` (what the worker thread runs). */
  forkInto(runId: string, atMs: number, change: ForkChange, target: NewRun): ForkOutcome {
    const parent = this.loadParent(runId);
    let made;
    try {
      made = makeFork(parent, atMs, change, target.dir);
    } catch (err) {
      if (err instanceof ForkError) throw new LabError('bad-call', `This run cannot be forked so: ${err.message}.`);
      throw err;
    }
    return { runId: target.runId, origin: made.origin, ...listedDifferences(made.differences) };
  }

  /** fork.json beside a kept run, when it is a fork and the file reads as one (it is untrusted input). */
  private forkOrigin(dir: string): ForkOrigin | undefined {
    const path = join(dir, FORK_FILE);
    if (!existsSync(path)) return undefined;
    try {
      const parsed = forkOriginSchema.safeParse(JSON.parse(readRunFileText(path, MAX_FORK_FILE_BYTES)));
      if (parsed.success) return parsed.data;
      this.log(`fault-lab: ${path} is not a fork record; the run opens without it`);
    } catch (err) {
      if (unreadableReason(err) === null) throw err;
      this.log(`fault-lab: ${path} cannot be read; the run opens without it`);
    }
    return undefined;
  }

  /**
   * A kept run's scenario and the mode its log was recorded in, without reading the log
   * through (step mode opens a session on it at once and reads the log when it finishes).
   */
  head(runId: string): { scenario: Scenario; mode: RunMode | null } {
    const dir = this.folder(runId);
    try {
      return { scenario: parseScenario(JSON.parse(readRunFileText(join(dir, RUN_FILES.scenario), MAX_SCENARIO_FILE_BYTES))), mode: logMode(join(dir, RUN_FILES.events)) };
    } catch (err) {
      const why = unreadableReason(err);
      if (why === null) throw err;
      throw new LabError('damaged', `Run ${runId} cannot be opened: ${why}.`);
    }
  }

  /** A kept run with its whole event log; its summary is derived from the log again. */
  load(runId: string): LoadedRunData {
    const dir = this.folder(runId);
    const loaded = this.read(runId, dir);
    const fork = this.forkOrigin(dir);
    const reading = readingOf(loaded.summary, loaded.requests, loaded.events);
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
      eventCount: loaded.events.length,
      reading: { outcomes: [...reading.outcomes], figures: figuresOf(reading) },
      ...(fork ? { fork, forkComparison: forkComparisonOf(fork, loaded.requests, this.runsDir) } : {}),
    };
  }

  /** A kept run as the parent of a fork (or of a run whose messages were chosen): its log and its requests, read once. */
  loadParent(runId: string): ForkParent {
    const dir = this.folder(runId);
    const loaded = this.read(runId, dir);
    return { scenario: loaded.scenario, events: loaded.events, runDir: dir, analysis: { requests: loaded.requests, eventLogSha256: loaded.summary.eventLogSha256 } };
  }

  /** A run folder read whole; one that cannot be read as a run is a 'damaged' LabError naming why. */
  private read(runId: string, dir: string): LoadedRun {
    try {
      return loadRunFolder(dir);
    } catch (err) {
      const damaged = (why: string): LabError => new LabError('damaged', `Run ${runId} cannot be opened: ${why}`);
      if (err instanceof ScenarioError) throw damaged(`its scenario.json is not valid (${err.problems.join('; ')}).`);
      if (err instanceof SyntaxError) throw damaged('its scenario.json is damaged.');
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw damaged('its event log is missing.');
      if (err instanceof LogDamaged && err.reason === 'bad-event') throw damaged(`its event log is damaged (line ${err.line} is not a valid event).`);
      if (err instanceof LogDamaged && err.reason === 'no-run-start') throw damaged('its event log is empty (the run stopped before it began).');
      if (err instanceof LogDamaged) throw damaged(`${err.message}.`);
      throw err;
    }
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** Why a run folder cannot be read, in words, or null for an error that is a bug (rethrown). */
function unreadableReason(err: unknown): string | null {
  if (err instanceof LogDamaged) return err.message;
  if (err instanceof ScenarioError) return `its scenario.json is not valid (${err.problems.join('; ')})`;
  if (err instanceof SyntaxError) return 'its scenario.json is damaged (not JSON)';
  const code = (err as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && ['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ELOOP', 'EIO', 'ENOTDIR'].includes(code)) return `${(err as Error).message}`;
  return null;
}
