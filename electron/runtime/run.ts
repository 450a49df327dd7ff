/**
 * Runs a scenario to its end in either mode and returns its log and summary: the one
 * entry point the CLI commands (run, compare, sweep, verify) use.
 */
import type { RunSummary } from '../../shared/analysis/summary.js';
import { analyze } from '../../shared/analysis/summary.js';
import type { RunEvent, RunMode } from '../../shared/events.js';
import { simulate } from '../../shared/engine/sim.js';
import type { Scenario } from '../../shared/scenario.js';
import { saveRun } from './run-folder.js';
import { LiveModeUnavailable, startLiveRun } from './live.js';
import { refuseInSimulation } from './real-external.js';

export interface FinishedRun {
  scenario: Scenario;
  events: RunEvent[];
  summary: RunSummary;
}

/** Thrown when real mode is asked for where it cannot run. */
export class RealModeUnavailable extends Error {}

/**
 * Runs a scenario to its end. In real mode the live run writes its folder as it goes;
 * in simulation the whole log is written at the end. A scenario with a replica command of
 * its own runs in real mode only (its command in `replicaCwd`, default the current folder).
 */
export async function runScenario(scenario: Scenario, mode: RunMode, options: { dir?: string; replicaCwd?: string } = {}): Promise<FinishedRun> {
  if (mode === 'real') {
    let run;
    try {
      run = await startLiveRun(scenario, 'real', { ...(options.dir ? { dir: options.dir } : {}), ...(options.replicaCwd !== undefined ? { replicaCwd: options.replicaCwd } : {}) });
    } catch (err) {
      if (err instanceof LiveModeUnavailable) throw new RealModeUnavailable(`--mode real: ${err.message}`);
      throw err;
    }
    const result = await run.finished;
    if (result.problem) throw new Error(result.problem);
    return { scenario, events: [...run.events], summary: result.summary };
  }
  refuseInSimulation(scenario);
  const { events } = simulate(scenario);
  const { summary } = analyze(events, { linearizability: true });
  if (options.dir) saveRun(options.dir, scenario, events, summary);
  return { scenario, events, summary };
}
