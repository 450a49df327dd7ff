/**
 * The runs going on in this session: started (bounded in number, counting those whose
 * processes are still starting), faulted, stopped, and forwarded: each run's event
 * batches go out as `runEvents`, its end as `runEnded`. A run that ends leaves this set;
 * its folder stays as a kept run.
 */
import { DEFAULT_BUDGET_MB, estimateCost, overBudget } from '../../../shared/cost.js';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { EventName, LabEvents, LoadedRunData, PacedRun, ReplicaView, RunListing } from '../../../shared/api.js';
import { LabError } from '../../../shared/api.js';
import type { RunSummary } from '../../../shared/analysis/summary.js';
import type { RunEvent, RunMode } from '../../../shared/events.js';
import type { Scenario } from '../../../shared/scenario.js';
import { isLiveSpeed, LIVE_SPEEDS, liveSpeedsFor } from '../../../shared/pace.js';
import { parseScenario } from '../../../shared/scenario.js';
import type { LiveFault, LiveOptions, LiveRun } from '../../runtime/live-run.js';
import { checkLiveFault } from '../../runtime/live-run.js';
import { RUN_FILES } from '../../runtime/run-folder.js';
import { shuttingDown, userMessage, writeFailed } from './errors.js';
import { writeFileAtomic } from '../../runtime/files.js';
import type { KeptRuns } from './runs.js';

/** How a run opens (LiveRuns.start): where and how it begins (simulation only: LiveOptions), and files kept beside its log, by name (fork.json). */
export interface RunOpening extends Pick<LiveOptions, 'fromMs' | 'paused'> {
  files?: Readonly<Record<string, string>>;
}

export type EventSink = <E extends EventName>(event: E, payload: LabEvents[E]) => void;
export type RunStarter = (scenario: Scenario, mode: RunMode, options: LiveOptions) => LiveRun | Promise<LiveRun>;

interface LiveEntry {
  runId: string;
  run: LiveRun;
  startedAt: string;
}

export interface LiveRunsOptions {
  start: RunStarter;
  maxLive: number;
  /** Memory a run may be estimated to need before the lab asks (default: shared/cost.ts's, sized for an 8 GB lab PC). */
  budgetMb?: number;
  emit: EventSink;
  log: (message: string) => void;
}

export class LiveRuns {
  private readonly entries = new Map<string, LiveEntry>();
  /** Runs being started (real mode starts processes first): they count against the bound. */
  private starting = 0;
  private closing = false;

  constructor(
    private readonly runs: KeptRuns,
    private readonly options: LiveRunsOptions,
  ) {}

  has(runId: string): boolean {
    return this.entries.has(runId);
  }

  ids(): string[] {
    return [...this.entries.keys()];
  }

  /** The listing of a run going on, or null if runId is not one. */
  listing(runId: string): RunListing | null {
    const entry = this.entries.get(runId);
    if (!entry) return null;
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

  /** What a run going on has recorded so far (later events arrive as runEvents), or null if runId is not one. */
  loaded(runId: string): LoadedRunData | null {
    const entry = this.entries.get(runId);
    const listing = this.listing(runId);
    if (!entry || !listing) return null;
    const events = entry.run.events.slice();
    return { listing, scenario: entry.run.scenario, events, eventCount: events.length };
  }

  /** A page of the log of a run going on (`runEvents`), or null if runId is not one. */
  events(runId: string, from: number, count: number): RunEvent[] | null {
    const entry = this.entries.get(runId);
    return entry ? entry.run.events.slice(from, from + count) : null;
  }

  /**
   * Starts a run. `opening` (simulation only): the moment it opens at and whether it begins
   * paused (a fork played live), and files to keep beside its log (fork.json), written once
   * its folder exists; a run whose files cannot be written is stopped, and the call fails.
   */
  async start(rawScenario: unknown, mode: RunMode, force = false, opening: RunOpening = {}): Promise<{ runId: string }> {
    const { files, ...begins } = opening;
    if (this.closing) throw shuttingDown('new run');
    const scenario = parseScenario(rawScenario);
    // A run estimated past the memory budget is refused before anything starts, unless asked again with force.
    const estimate = estimateCost(scenario, mode);
    const tooBig = overBudget(scenario, estimate, this.options.budgetMb ?? DEFAULT_BUDGET_MB);
    if (tooBig && !force) throw new LabError('too-big', `${tooBig.charAt(0).toUpperCase()}${tooBig.slice(1)}`);
    const { maxLive } = this.options;
    if (this.entries.size + this.starting >= maxLive) {
      throw new LabError('busy', `${this.entries.size + this.starting} runs are already going on (at most ${maxLive}); stop one before starting another.`);
    }
    const now = new Date();
    const { runId, dir } = this.runs.create(now);
    let run: LiveRun;
    this.starting++;
    try {
      run = await this.options.start(scenario, mode, { dir, ...begins });
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
      throw shuttingDown('new run');
    }
    try {
      for (const [name, text] of Object.entries(files ?? {})) writeFileAtomic(join(dir, name), text);
    } catch (err) {
      await run.stop();
      throw writeFailed(`Cannot write to the run's folder ${dir}`, err);
    }
    this.follow(runId, run, now);
    return { runId };
  }

  inject(runId: string, fault: LiveFault): void {
    const { run } = this.entry(runId);
    try {
      checkLiveFault(run.scenario, fault);
    } catch (err) {
      if (err instanceof RangeError) throw new LabError('bad-call', `Cannot inject ${fault.type}: ${err.message}.`);
      throw err;
    }
    run.inject(fault);
  }

  /** Pauses, resumes or slows a run going on (the fields given change); its pace now, and its events so far. */
  pace(runId: string, change: { paused?: boolean | undefined; speed?: number | undefined }): PacedRun {
    const { run } = this.entry(runId);
    const speed = change.speed ?? run.pace().speed;
    if (!isLiveSpeed(speed)) throw new LabError('bad-call', `A live run cannot go at ${speed}×; choose one of ${LIVE_SPEEDS.join(', ')}.`);
    let pace;
    try {
      pace = run.setPace({ paused: change.paused ?? run.pace().paused, speed });
    } catch (err) {
      // The run refuses a speed it cannot go at (real processes: nothing faster than real time).
      if (err instanceof RangeError) throw new LabError('bad-call', `A run of real processes cannot go faster than real time (its replicas keep their own timers in real time); choose ${liveSpeedsFor('real').join(', ')}, or run it in simulation.`);
      throw err;
    }
    return { ...pace, eventCount: run.events.length };
  }

  async stop(runId: string): Promise<RunSummary> {
    return (await this.entry(runId).run.stop()).summary;
  }

  replicas(runId: string): ReplicaView[] {
    return this.entry(runId).run.replicas();
  }

  /** Stops every run going on (their logs get the end marker and a summary); refuses new ones. */
  async shutdown(): Promise<void> {
    this.closing = true;
    await Promise.all(
      [...this.entries.values()].map(async (entry) => {
        try {
          await entry.run.stop();
        } catch (err) {
          userMessage(err, this.options.log);
        }
      }),
    );
  }

  /** Forwards a run's batches while it goes on, and its end. */
  private follow(runId: string, run: LiveRun, startedAt: Date): void {
    const { emit, log } = this.options;
    const unsubscribe = run.onEvents((events: RunEvent[]) => emit('runEvents', { runId, events }));
    this.entries.set(runId, { runId, run, startedAt: startedAt.toISOString() });
    run.finished.then(
      (result) => {
        unsubscribe();
        this.entries.delete(runId);
        if (result.problem) log(`fault-lab: run ${runId}: ${result.problem}`);
        emit('runEnded', { runId, summary: result.summary, complete: result.complete, ...(result.problem ? { problem: result.problem } : {}) });
      },
      (err: unknown) => {
        unsubscribe();
        this.entries.delete(runId);
        userMessage(err, log);
      },
    );
  }

  private entry(runId: string): LiveEntry {
    const entry = this.entries.get(runId);
    if (!entry) {
      throw new LabError('not-found', this.runs.has(runId) ? `Run ${runId} has ended; it can only be reopened, not changed.` : `There is no run ${runId}.`);
    }
    return entry;
  }
}
