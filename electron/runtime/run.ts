/**
 * Runs a scenario to its end in either mode and returns its log and summary: the one
 * entry point the CLI commands (run, compare, sweep, verify) use.
 */
import type { RunSummary } from '../../shared/analysis/summary.js';
import { analyze, LogAnalyzer } from '../../shared/analysis/summary.js';
import type { RunEvent, RunMode } from '../../shared/events.js';
import { serializeEvent } from '../../shared/events.js';
import { simulate, simulateStream } from '../../shared/engine/sim.js';
import { createSha256 } from '../../shared/json.js';
import type { Scenario } from '../../shared/scenario.js';
import { createRunFolder, saveRun, writeSummary } from './run-folder.js';
import { onWorkerThread } from './bundled.js';
import type { SimWorkerAnswer, SimWorkerTask } from './sim-worker.js';
import { requestCount, STREAMED_BYTES_PER_REQUEST } from '../../shared/cost.js';
import { LiveModeUnavailable, startLiveRun } from './live.js';
import { refuseInSimulation } from './real-external.js';

export interface FinishedRun {
  scenario: Scenario;
  /** The event log; empty for a run that was streamed (`keepEvents: false`). */
  events: RunEvent[];
  summary: RunSummary;
}

/** Thrown when real mode is asked for where it cannot run. */
export class RealModeUnavailable extends Error {}

/** A streamed simulation that needed more memory than it was sized for (bad input: the run is too big). */
export class RunTooLarge extends Error {}

/**
 * Runs a scenario to its end. In real mode the live run writes its folder as it goes;
 * in simulation the whole log is written at the end. A scenario with a replica command of
 * its own runs in real mode only (its command in `replicaCwd`, default the current folder).
 */
export async function runScenario(scenario: Scenario, mode: RunMode, options: { dir?: string; replicaCwd?: string; keepEvents?: boolean; heapMb?: number } = {}): Promise<FinishedRun> {
  if (mode === 'real') {
    let run;
    try {
      run = await startLiveRun(scenario, 'real', {
        ...(options.dir ? { dir: options.dir } : {}),
        ...(options.replicaCwd !== undefined ? { replicaCwd: options.replicaCwd } : {}),
        ...(options.keepEvents === false ? { keepEvents: false } : {}),
      });
    } catch (err) {
      if (err instanceof LiveModeUnavailable) throw new RealModeUnavailable(`--mode real: ${err.message}`);
      throw err;
    }
    const result = await run.finished;
    if (result.problem) throw new Error(result.problem);
    return { scenario, events: [...run.events], summary: result.summary };
  }
  refuseInSimulation(scenario);
  if (options.keepEvents === false) return { scenario, events: [], summary: await simulateInWorker(scenario, options.dir, options.heapMb ?? streamedHeapMb(scenario)) };
  const { events } = simulate(scenario);
  const { summary } = analyze(events, { linearizability: true });
  if (options.dir) saveRun(options.dir, scenario, events, summary);
  return { scenario, events, summary };
}

/**
 * Simulates a scenario without keeping its log in memory: each event is written to the run
 * folder's log (when there is a folder) and folded by the analysis as it is generated, so
 * the memory a run takes grows with its requests (a few hundred bytes each), not with its
 * events. The summary is the one `analyze` gives for the same log (its digest included).
 */
export function simulateToDisk(scenario: Scenario, dir: string | undefined): RunSummary {
  const analyzer = new LogAnalyzer();
  const log = dir === undefined ? null : createRunFolder(dir, scenario);
  const hash = log ? null : createSha256();
  try {
    simulateStream(scenario, (e) => {
      analyzer.add(e);
      if (log) log.append(e);
      else hash?.update(`${serializeEvent(e)}\n`);
    });
  } finally {
    log?.close();
  }
  if (log?.error) throw log.error;
  const { summary } = analyzer.finish({ linearizability: true, records: false, logSha256: log ? log.sha256() : (hash?.hex() ?? '') });
  if (dir !== undefined) writeSummary(dir, summary);
  return summary;
}

/**
 * The heap a streamed simulation is given: twice what its requests are measured to hold
 * (the fold and the protocol's state), and 96 MB for the code and the simulator's agenda.
 * V8 grows a heap well past what it holds when nothing caps it (a 10 s run at 100,000
 * requests/s reached 1 GB of 400 MB held); capped, it collects sooner.
 */
export function streamedHeapMb(scenario: Scenario): number {
  return Math.ceil(96 + (2 * requestCount(scenario) * STREAMED_BYTES_PER_REQUEST) / 2 ** 20);
}

/**
 * simulateToDisk on a worker thread whose heap is capped at heapMb: a run that needs more
 * ends with an error that says so (its folder keeps the log written until then), and the
 * process around it is unharmed.
 */
export async function simulateInWorker(scenario: Scenario, dir: string | undefined, heapMb: number): Promise<RunSummary> {
  let answer: SimWorkerAnswer;
  try {
    answer = await onWorkerThread<SimWorkerAnswer>('sim-worker.cjs', "the simulation's worker", { scenario, dir } satisfies SimWorkerTask, {
      maxOldGenerationSizeMb: heapMb,
      maxYoungGenerationSizeMb: 32,
    });
  } catch (err) {
    if ((err as { code?: string }).code !== 'ERR_WORKER_OUT_OF_MEMORY') throw err;
    throw new RunTooLarge(`the simulation needed more than the ${heapMb} MB of memory it was sized for${dir === undefined ? '' : ` (${dir} keeps the event log written until then)`}; shorten the run or lower its rate`);
  }
  if (!answer.ok) throw new Error(answer.message);
  return answer.summary;
}
