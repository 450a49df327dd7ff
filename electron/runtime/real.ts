/**
 * Real mode: every replica is an operating-system process; this (parent) process is the
 * network. The Engine is the same one the simulator uses; this host gives it real time
 * (real-clock.ts), replicas that are child processes (real-replicas.ts), deliveries in
 * batches (real-outbox.ts) and process faults done to real processes (real-faults.ts): a
 * crash is a SIGKILL, a pause is SIGSTOP/SIGCONT (an inbox-and-timer freeze where the OS
 * has no such signals), a restart is a new process that recovers its state from a live
 * replica. This module puts them together and ends the run: final states, CPU time, the
 * processes gone, then the analysis.
 */
import { analyze, LogAnalyzer } from '../../shared/analysis/summary.js';
import type { RunEvent } from '../../shared/events.js';
import { serializeEvent } from '../../shared/events.js';
import { createSha256 } from '../../shared/json.js';
import type { Host } from '../../shared/engine/engine.js';
import { ReplicaLogBudget } from '../../shared/protocol/external.js';
import { Engine } from '../../shared/engine/engine.js';
import type { Fault, Scenario } from '../../shared/scenario.js';
import type { LivePace } from '../../shared/pace.js';
import { REAL_MAX_SPEED } from '../../shared/pace.js';
import type { EventLogWriter } from './files.js';
import type { LiveOptions, LiveRun, ReplicaProcessInfo, RunResult } from './live-run.js';
import { checkLiveFault, EventFanout, saveRunFiles } from './live-run.js';
import { RealClock } from './real-clock.js';
import { processFaults } from './real-faults.js';
import type { ReplicaFinal } from './real-replicas.js';
import { ReplicaPool } from './real-replicas.js';
import { externalReplicasOf } from './real-external.js';
import { createRunFolder } from './run-folder.js';
import type { Spawner } from './supervisor.js';
import { nodeSpawner, replicaEntry } from './supervisor.js';

/** While the relay is paused, flood control counts one turn of its clock this often (wall ms). */
const PAUSED_TURN_MS = 10;

export interface RealOptions extends LiveOptions {
  spawner?: Spawner;
  /** The replica program (default: the bundled out/node/replica.cjs), or one per replica. */
  entry?: string | ((replica: number) => string);
  /** Where a scenario's own replica command runs (its file's folder; default: the current folder). */
  replicaCwd?: string;
  /**
   * Hold the event log in memory (default true: the app's views and the CLI's log-read
   * figures need it). When false, `events` stays empty: each event goes to the run folder
   * (or only into its digest, without one), to the listeners, and into the analysis's
   * fold as it happens, so the run's memory grows with its requests, not its events.
   */
  keepEvents?: boolean;
}

export async function startRealRun(scenario: Scenario, options: RealOptions = {}): Promise<LiveRun> {
  const external = externalReplicasOf(scenario, options.replicaCwd ?? process.cwd(), options.dir ?? null);
  // Only the built-in replicas need the bundled program.
  const builtinNeeded = !external || Array.from({ length: scenario.replicas }, (_, i) => i + 1).some((id) => !external.runs(id));
  const defaultEntry = typeof options.entry === 'string' ? options.entry : builtinNeeded ? replicaEntry() : '';
  const entryOf = (id: number): string => (typeof options.entry === 'function' ? options.entry(id) : defaultEntry);
  let engine: Engine | null = null;
  // A replica program's stderr lines, bounded, in the event log (those of its start-up once the run begins).
  const replicaLogs = new ReplicaLogBudget();
  const pool = new ReplicaPool(
    options.spawner ?? nodeSpawner,
    entryOf,
    {
      output: (id, m) => engine?.onReplicaOutput(id, m),
      garbage: (id, detail) => engine?.onReplicaGarbage(id, detail),
      exited: (id, detail) => engine?.onReplicaExit(id, detail),
      log: (id, text) => replicaLogs.line(id, text),
    },
    external ? { replicas: external, service: scenario.service } : null,
  );
  await pool.warmUp(scenario.replicas);

  const log = options.dir ? createRunFolder(options.dir, scenario) : null;
  const fanout = new EventFanout(log, options.batchMs ?? 50);
  const events: RunEvent[] = [];
  const fold = options.keepEvents === false ? new StreamedLog(log === null) : null;
  const clock = new RealClock();
  const host: Host = {
    now: clock.now,
    // Each turn of the relay's clock is also flood control's measure of the run's progress.
    schedule: (at, fn) =>
      clock.schedule(at, () => {
        pool.relayTurn();
        fn();
      }),
    cancel: (handle) => clock.cancel(handle),
    ...processFaults(pool, () => engine),
    deliverToReplica(id, from, msg) {
      pool.get(id)?.outbox.push(from, msg);
    },
  };
  const eng = new Engine(scenario, 'real', host, (e) => {
    if (fold) fold.add(e);
    else events.push(e);
    fanout.push(e);
  });
  engine = eng;

  let resolveFinished: (r: RunResult) => void = () => {};
  const finished = new Promise<RunResult>((r) => (resolveFinished = r));
  let ended = false;
  // While the relay is paused its clock does not turn, but the replicas' own timers still
  // fire (heartbeats): flood control is given the turns a paused relay would have made.
  let pausedTurns: ReturnType<typeof setInterval> | null = null;
  const setPace = (next: LivePace): LivePace => {
    if (ended) throw new Error('the run has ended');
    if (next.speed > REAL_MAX_SPEED) throw new RangeError(`a run of real processes cannot go faster than real time (${next.speed}×)`);
    const before = clock.pace;
    if (before.paused === next.paused && before.speed === next.speed) return before;
    // Logged at the moment it applies (a pause once the clock stands, anything else before it
    // goes on): the pause, what happens while paused and the resume share one time.
    if (next.paused) clock.setPace(next);
    eng.emit({ type: 'pace', paused: next.paused, speed: next.speed });
    // Every event up to the pace change reaches the listeners before the change is answered:
    // a window told "paused" has already been given all that happened before the pause.
    fanout.flush();
    if (!next.paused) clock.setPace(next);
    if (next.paused && pausedTurns === null) {
      pausedTurns = setInterval(() => pool.relayTurn(), PAUSED_TURN_MS);
      pausedTurns.unref?.();
    } else if (!next.paused && pausedTurns !== null) {
      clearInterval(pausedTurns);
      pausedTurns = null;
    }
    return clock.pace;
  };
  const end = async (reason: 'completed' | 'stopped'): Promise<void> => {
    if (ended) return;
    ended = true;
    if (pausedTurns !== null) clearInterval(pausedTurns);
    clock.stop();
    resolveFinished(await finishRealRun({ scenario, engine: eng, pool, replicaLogs, fanout, log, events, fold, dir: options.dir }, reason));
  };

  eng.onQuiescent = () => void end('completed');
  clock.start();
  eng.start();
  replicaLogs.start((e) => eng.emit(e));

  return {
    scenario,
    mode: 'real',
    dir: options.dir ?? null,
    events,
    elapsedMs: clock.now,
    onEvents: (l) => fanout.subscribe(l),
    inject(fault) {
      checkLiveFault(scenario, fault);
      if (ended) throw new Error('the run has ended');
      eng.injectFault({ ...fault, atMs: Math.round(clock.now()) } as Fault, 'live');
    },
    pace: () => clock.pace,
    setPace,
    replicas(): ReplicaProcessInfo[] {
      return Array.from({ length: scenario.replicas }, (_, i) => ({ replica: i + 1, pid: pool.get(i + 1)?.child.pid ?? null, status: eng.replicaStatus(i + 1) }));
    },
    async stop() {
      await end('stopped');
      return finished;
    },
    finished,
  };
}

interface EndingRun {
  scenario: Scenario;
  engine: Engine;
  pool: ReplicaPool;
  replicaLogs: ReplicaLogBudget;
  fanout: EventFanout;
  log: EventLogWriter | null;
  events: RunEvent[];
  /** The fold of a run whose log is not held (keepEvents false). */
  fold: StreamedLog | null;
  dir: string | undefined;
}

/** The analysis of a log that is not held: folded event by event, its digest kept when no folder writes one. */
class StreamedLog {
  private readonly analyzer = new LogAnalyzer();
  private readonly hash;

  constructor(hashHere: boolean) {
    this.hash = hashHere ? createSha256() : null;
  }

  add(e: RunEvent): void {
    this.analyzer.add(e);
    this.hash?.update(`${serializeEvent(e)}\n`);
  }

  summary(log: EventLogWriter | null): RunResult['summary'] {
    return this.analyzer.finish({ linearizability: true, records: false, logSha256: log ? log.sha256() : (this.hash?.hex() ?? '') }).summary;
  }
}

/**
 * Ends a real run whose clock has stopped: asks every running replica for its final state,
 * records those and each replica's CPU time with the end marker, waits until every process
 * of the run has exited, closes the log and analyses it.
 */
async function finishRealRun(run: EndingRun, reason: 'completed' | 'stopped'): Promise<RunResult> {
  const { engine, pool } = run;
  const ids = Array.from({ length: run.scenario.replicas }, (_, i) => i + 1);
  const finals = await Promise.all(
    ids.map((id): Promise<ReplicaFinal | null> => {
      const p = pool.get(id);
      return p && engine.replicaStatus(id) === 'up' ? p.askFinal() : Promise.resolve(null);
    }),
  );
  pool.reportFloods();
  run.replicaLogs.close();
  engine.finish(
    ids.map((id, i) => ({ replica: id, stateHash: finals[i]?.stateHash ?? null, applied: finals[i]?.applied ?? 0 })),
    ids.map((id) => ({ replica: id, ...pool.cpuOf(id) })),
    reason,
  );
  await pool.closeAll();
  run.fanout.close();
  const summary = run.fold ? run.fold.summary(run.log) : analyze(run.events, { linearizability: true, logSha256: run.log?.sha256() }).summary;
  return { summary, complete: true, dir: run.dir ?? null, problem: saveRunFiles(run.dir, run.log, summary) };
}

/**
 * Runs a scenario in real mode to its end (the CLI's way to run a scenario with its own
 * replica command, whose working directory is the scenario file's folder).
 */
export async function runRealToEnd(scenario: Scenario, options: RealOptions = {}): Promise<{ scenario: Scenario; events: RunEvent[]; summary: RunResult['summary'] }> {
  const run = await startRealRun(scenario, options);
  const result = await run.finished;
  if (result.problem) throw new Error(result.problem);
  return { scenario, events: [...run.events], summary: result.summary };
}
