/**
 * A live run: what the app drives while a student watches. It runs in real mode (replica
 * processes) or as a simulation paced to the wall clock; either way it takes faults as
 * they are clicked, hands out its events in batches, keeps its run folder up to date and
 * ends with the same summary the CLI prints.
 */
import { analyze } from '../../shared/analysis/summary.js';
import type { RunMode } from '../../shared/events.js';
import { simulate, Simulation } from '../../shared/engine/sim.js';
import type { Fault, Scenario } from '../../shared/scenario.js';
import type { LivePace } from '../../shared/pace.js';
import { NORMAL_PACE } from '../../shared/pace.js';
import type { LiveOptions, LiveRun, RunResult } from './live-run.js';
import { checkLiveFault, EventFanout, saveRunFiles } from './live-run.js';
import { createRunFolder } from './run-folder.js';
import type { RealOptions } from './real.js';
import { startRealRun } from './real.js';
import { refuseInSimulation } from './real-external.js';
import { replicaEntry } from './supervisor.js';

export type { LiveFault, LiveOptions, LiveRun, ReplicaProcessInfo, RunResult } from './live-run.js';

/** The longest a catch-up to `fromMs` keeps the thread at once (ms of the wall clock). */
export const CATCH_UP_SLICE_MS = 15;
/** How far a catch-up advances the simulation between looks at the wall clock (ms of run time). */
const CATCH_UP_STEP_MS = 2;

/** A simulation advanced in step with the wall clock, so the app can show it live. */
export function startPacedSimulation(scenario: Scenario, options: LiveOptions = {}): LiveRun {
  const log = options.dir ? createRunFolder(options.dir, scenario) : null;
  const fanout = new EventFanout(log, options.batchMs ?? 50);
  const sim = new Simulation(scenario, (e) => fanout.push(e));
  const baseSpeed = options.speed ?? 1;
  const fromMs = Math.max(0, options.fromMs ?? 0);
  // Virtual time runs at baseSpeed × pace.speed × the wall clock from the moment the run
  // opens at (fromMs, once caught up to), and stands still while paused.
  let pace: LivePace = { ...NORMAL_PACE, paused: options.paused === true };
  let caughtUp = fromMs === 0;
  let anchorWall = Date.now();
  let anchorVirtual = fromMs;
  const target = (): number => (!caughtUp || pace.paused ? anchorVirtual : anchorVirtual + (Date.now() - anchorWall) * baseSpeed * pace.speed);
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

  /**
   * Advances towards fromMs for at most CATCH_UP_SLICE_MS of the wall (all the way with
   * `whole`); once there, the run's own clock starts from fromMs at the moment it arrived.
   */
  const catchUp = (whole: boolean): void => {
    const until = Date.now() + CATCH_UP_SLICE_MS;
    let reached = sim.timeMs;
    while (reached < fromMs && !sim.done && (whole || Date.now() < until)) {
      reached = Math.min(fromMs, reached + CATCH_UP_STEP_MS);
      sim.advanceTo(reached);
    }
    if (reached >= fromMs || sim.done) {
      caughtUp = true;
      anchorWall = Date.now();
      anchorVirtual = fromMs;
    }
  };

  sim.start();
  const tick = setInterval(() => {
    if (!caughtUp) catchUp(false);
    else if (!pace.paused) sim.advanceTo(target());
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
      // A fault clicked while the run is still on its way to its moment applies at that moment.
      if (!caughtUp) catchUp(true);
      sim.engine.injectFault({ ...fault, atMs: Math.round(sim.timeMs) } as Fault, 'live');
    },
    pace: () => pace,
    setPace(next) {
      if (ended) throw new Error('the run has ended');
      anchorVirtual = caughtUp ? Math.max(target(), sim.timeMs) : fromMs;
      anchorWall = Date.now();
      pace = { ...next };
      return pace;
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
  if (mode === 'sim') {
    refuseInSimulation(scenario);
    // A choice the run cannot follow is found before anything starts (a SteppingError), not mid-run.
    if (scenario.stepping) simulate(scenario);
    return startPacedSimulation(scenario, options);
  }
  if (scenario.stepping) throw new LiveModeUnavailable('the scenario chooses which message arrives next (stepping), which only the simulator can do; choose simulation');
  if (options.fromMs !== undefined || options.paused !== undefined) throw new LiveModeUnavailable('a run of real processes cannot open at a moment of its own, nor begin paused; choose simulation');
  if (!realModeAvailable()) throw new LiveModeUnavailable('real mode needs the replica program, which is not built here (run npm run build:node); choose simulation');
  return startRealRun(scenario, options);
}
