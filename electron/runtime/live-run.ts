/**
 * What every live run is, whichever way it is hosted (replica processes in real.ts, a
 * paced simulation in live.ts): the LiveRun the app drives, its options and its result,
 * the fan-out that hands its events out in batches and to its log, the check a live
 * fault passes before it applies, and the saving of its summary. Both hosts import this
 * module; neither imports the other's.
 */
import type { RunSummary } from '../../shared/analysis/summary.js';
import type { RunEvent, RunMode } from '../../shared/events.js';
import type { FaultSpec } from '../../shared/faults.js';
import { helperFaultProblem } from '../../shared/faults.js';
import type { LivePace } from '../../shared/pace.js';
import type { Scenario } from '../../shared/scenario.js';
import type { EventLogWriter } from './files.js';
import { writeSummary } from './run-folder.js';

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

/** A fault as injected live: no schedule time, it applies now. */
/** A fault injected into a running run: the one fault-without-time of shared/faults.ts. */
export type LiveFault = FaultSpec;

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
  /** How the run goes: paused or not, and its speed (shared/pace.ts). */
  pace(): LivePace;
  /**
   * Pauses, resumes or slows the run from now on; returns its pace. A real run logs the change
   * (a `pace` event); a simulation's log is the same whatever its pace, so it logs nothing.
   * Throws once the run has ended, and RangeError for a speed the run cannot go at (real
   * processes: faster than real time).
   */
  setPace(pace: LivePace): LivePace;
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
  /**
   * Simulation only: the run opens at this moment of its own time (a fork played live from
   * its moment): the simulation gets there as fast as it can, in slices that leave the thread
   * free between them, and goes on at its pace from there.
   */
  fromMs?: number;
  /** Simulation only: the run begins paused (at `fromMs`, or at its start). */
  paused?: boolean;
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

/** Throws RangeError for a live fault that names a replica the run does not have. */
export function checkLiveFault(scenario: Scenario, fault: LiveFault): void {
  if ('replica' in fault && (fault.replica < 1 || fault.replica > scenario.replicas)) {
    throw new RangeError(`replica ${fault.replica} does not exist (the run has ${scenario.replicas})`);
  }
  if (fault.type === 'sequencer' && scenario.scheme !== 'state-machine') throw new RangeError(`only state-machine replication has a sequencer (this run is ${scenario.scheme})`);
  if (fault.type === 'arbiter' && scenario.scheme !== 'primary-backup') throw new RangeError(`only primary-backup has an arbiter (this run is ${scenario.scheme})`);
  const helperProblem = helperFaultProblem(fault);
  if (helperProblem !== null) throw new RangeError(helperProblem);
  for (const r of fault.type === 'arbiter' ? (fault.replicas ?? []) : []) {
    if (r > scenario.replicas) throw new RangeError(`replica ${r} does not exist (the run has ${scenario.replicas})`);
  }
}
