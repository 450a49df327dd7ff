/**
 * A live run: what the app drives while a student watches. It runs in real mode (replica
 * processes) or as a simulation paced to the wall clock; either way it takes faults as
 * they are clicked, hands out its events in batches, keeps its run folder up to date and
 * ends with the same summary the CLI prints.
 */
import type { RunSummary } from '../../shared/analysis/summary.js';
import { analyze } from '../../shared/analysis/summary.js';
import type { RunEvent, RunMode } from '../../shared/events.js';
import { Simulation } from '../../shared/engine/sim.js';
import type { Fault, Scenario } from '../../shared/scenario.js';
import type { EventLogWriter } from './files.js';
import { createRunFolder, writeSummary } from './run-folder.js';
import type { RealOptions } from './real.js';
import { startRealRun } from './real.js';
import { replicaEntry } from './supervisor.js';

/** What the app shows about one replica process. */
export interface ReplicaProcessInfo {
  replica: number;
  pid: number | null;
  status: 'up' | 'crashed' | 'paused';
}

export interface RunResult {
  summary: RunSummary;
  complete: boolean;
  /** The run folder, when the run was recorded. */
  dir: string | null;
  /** Set when the run could not be saved completely (a full disk, say); the summary is still right. */
  problem?: string;
}

/** Writes the summary beside the log; returns what went wrong saving, if anything. */
export function saveRunFiles(dir: string | undefined, log: EventLogWriter | null, summary: RunSummary): string | undefined {
  if (!dir) return undefined;
  if (log?.error) return `the event log could not be written completely: ${log.error.message}`;
  try {
    writeSummary(dir, summary);
    return undefined;
  } catch (err) {
    return `the summary could not be saved: ${(err as Error).message}`;
  }
}

/** A fault as injected live: no schedule time, it applies now. */
export type LiveFault = Fault extends infer F ? (F extends { atMs: number } ? Omit<F, 'atMs'> : never) : never;

export interface LiveRun {
  readonly scenario: Scenario;
  readonly mode: RunMode;
  readonly dir: string | null;
  /** Milliseconds since the run started (virtual time in simulation). */
  elapsedMs(): number;
  /** Every event so far (a copy of the array's current contents is not made: treat as read-only). */
  readonly events: readonly RunEvent[];
  /** Batches of new events, at most one batch per batchMs. Returns an unsubscribe function. */
  onEvents(listener: (batch: RunEvent[]) => void): () => void;
  /** Applies a fault now. Throws on a fault that names a replica the run does not have. */
  inject(fault: LiveFault): void;
  replicas(): ReplicaProcessInfo[];
  /** Ends the run early (the workload stops; final states are read; the log is closed). */
  stop(): Promise<RunResult>;
  /** Settles when the run has ended, normally or by stop(). */
  readonly finished: Promise<RunResult>;
}

export interface LiveOptions {
  /** Record into this run folder (created; must be empty). */
  dir?: string;
  /** How often batches of events are handed out. */
  batchMs?: number;
  /** Simulation only: virtual ms per wall-clock ms (1 = real time). */
  speed?: number;
}

/** Fans events out in batches and to the run folder. */
export class EventFanout {
  private readonly listeners = new Set<(batch: RunEvent[]) => void>();
  private pending: RunEvent[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly log: EventLogWriter | null,
    batchMs: number,
  ) {
    this.timer = setInterval(() => this.flush(), batchMs);
    this.timer.unref?.();
  }

  push(e: RunEvent): void {
    this.log?.append(e);
    this.pending.push(e);
  }

  subscribe(listener: (batch: RunEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  flush(): void {
    this.log?.flush();
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    for (const l of this.listeners) l(batch);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.flush();
    this.log?.close();
  }
}

export function checkLiveFault(scenario: Scenario, fault: LiveFault): void {
  if ('replica' in fault && (fault.replica < 1 || fault.replica > scenario.replicas)) {
    throw new RangeError(`replica ${fault.replica} does not exist (the run has ${scenario.replicas})`);
  }
}

/** A simulation advanced in step with the wall clock, so the app can show it live. */
export function startPacedSimulation(scenario: Scenario, options: LiveOptions = {}): LiveRun {
  const log = options.dir ? createRunFolder(options.dir, scenario) : null;
  const fanout = new EventFanout(log, options.batchMs ?? 50);
  const sim = new Simulation(scenario, (e) => fanout.push(e));
  const speed = options.speed ?? 1;
  const startedAt = Date.now();
  let resolveFinished: (r: RunResult) => void = () => {};
  const finished = new Promise<RunResult>((r) => (resolveFinished = r));
  let ended = false;

  const end = (reason: 'completed' | 'stopped'): void => {
    if (ended) return;
    ended = true;
    clearInterval(tick);
    sim.finish(reason);
    fanout.close();
    const { summary } = analyze(sim.events, { linearizability: true, logSha256: log?.sha256() });
    resolveFinished({ summary, complete: true, dir: options.dir ?? null, problem: saveRunFiles(options.dir, log, summary) });
  };

  sim.start();
  const tick = setInterval(() => {
    sim.advanceTo((Date.now() - startedAt) * speed);
    if (sim.done) end('completed');
  }, 10);

  return {
    scenario,
    mode: 'sim',
    dir: options.dir ?? null,
    events: sim.events,
    elapsedMs: () => sim.timeMs,
    onEvents: (l) => fanout.subscribe(l),
    inject(fault) {
      checkLiveFault(scenario, fault);
      if (ended) throw new Error('the run has ended');
      sim.engine.injectFault({ ...fault, atMs: Math.round(sim.timeMs) } as Fault, 'live');
    },
    replicas: () =>
      Array.from({ length: scenario.replicas }, (_, i) => ({ replica: i + 1, pid: null, status: sim.engine.replicaStatus(i + 1) })),
    stop: async () => {
      end('stopped');
      return finished;
    },
    finished,
  };
}

/** Thrown when a live run is asked for in real mode where replica processes cannot run. */
export class LiveModeUnavailable extends Error {}

/** Whether real replica processes can run here (the replica program is built). */
export function realModeAvailable(): boolean {
  try {
    replicaEntry();
    return true;
  } catch {
    return false;
  }
}

/** Starts a live run in either mode: the app's one entry point for running a lab. */
export async function startLiveRun(scenario: Scenario, mode: RunMode, options: RealOptions = {}): Promise<LiveRun> {
  if (mode === 'sim') return startPacedSimulation(scenario, options);
  if (!realModeAvailable()) throw new LiveModeUnavailable('real mode needs the replica program, which is not built here (run npm run build:node); choose simulation');
  return startRealRun(scenario, options);
}
