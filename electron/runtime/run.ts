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

export interface FinishedRun {
  scenario: Scenario;
  events: RunEvent[];
  summary: RunSummary;
}

/** Thrown when real mode is asked for where it cannot run. */
export class RealModeUnavailable extends Error {}

export async function runScenario(scenario: Scenario, mode: RunMode, options: { dir?: string } = {}): Promise<FinishedRun> {
  if (mode === 'real') throw new RealModeUnavailable('--mode real: the real-process runtime is not available in this build; use --mode sim');
  const { events } = simulate(scenario);
  const { summary } = analyze(events);
  if (options.dir) saveRun(options.dir, scenario, events, summary);
  return { scenario, events, summary };
}
