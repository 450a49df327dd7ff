/** `faultlab run`: one scenario, in real processes (default) or simulation. */
import { existsSync, statfsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { checksOption, command, modeOption, reportChecks, scenarioFrom } from '../common.js';
import { intOption, UsageError } from '../args.js';
import type { Io } from '../common.js';
import { formatSummary } from '../format.js';
import { readRun } from '../../../shared/views/folds.js';
import type { Scenario } from '../../../shared/scenario.js';
import type { RunEvent } from '../../../shared/events.js';
import { diagnoseReplicas } from '../../../shared/protocol/external.js';
import type { CostEstimate } from '../../../shared/cost.js';
import { DEFAULT_BUDGET_MB, describeEstimate, estimateCost, formatMb, overBudget } from '../../../shared/cost.js';
import { runScenario } from '../../runtime/run.js';
import { runRealToEnd } from '../../runtime/real.js';
import { ReplicaStartError } from '../../runtime/real-replicas.js';
import { CLI_WORDS } from '../words.js';
import { cliLang } from '../lang.js';

export const runCommand = command({
  summary: CLI_WORDS.en.help.summary.run,
  usage: 'run [scenario] [--mode real|sim] [--seed N] [--out DIR] [--json] [--check NAME]... [--replica-cmd CMD] [--budget-mb N] [--force]',
  flags: ['mode', 'seed', 'out', 'json', 'check', 'replica-cmd', 'budget-mb', 'force'],
  async run({ values, positionals }, io) {
    const checks = checksOption(values);
    const scenario = withReplicaCommand(scenarioFrom(positionals, values), values['replica-cmd']);
    const mode = modeOption(values, 'real');
    const estimate = checkBudget(scenario, mode, intOption(values, 'budget-mb', 1, 1_048_576) ?? DEFAULT_BUDGET_MB, values.force === true, io);
    if (values.out !== undefined) checkDisk(estimate, values.out, values.force === true, io);
    const dir = values.out !== undefined ? { dir: values.out } : {};
    const run = scenario.replica ? await runOwnReplica(scenario, mode, positionals[0], dir) : await runScenario(scenario, mode, { ...dir, keepEvents: !estimate.streamed });
    // A streamed run's log is on disk (or nowhere, without --out): the figures read from the log are left out.
    io.out(values.json === true ? JSON.stringify(run.summary) : formatSummary(run.events.length > 0 ? readRun(run.events, run.summary) : { summary: run.summary }, cliLang()));
    if (estimate.streamed && values.json !== true) io.out(streamedNote(values.out));
    // What a replica program of one's own did wrong, in words (on stderr with --json, so stdout stays one object).
    if (scenario.replica) for (const line of ownReplicaTrouble(scenario, run.events)) (values.json === true ? io.err : io.out)(line);
    return reportChecks(checks, run.summary, io);
  },
});

/**
 * Sizes the run before anything starts: above the memory budget it is refused (bad
 * input, exit 2, with the estimate) unless forced, when the estimate goes to stderr.
 */
export function checkBudget(scenario: Scenario, mode: 'real' | 'sim', budgetMb: number, force: boolean, io: Io): CostEstimate {
  // A large run is streamed (its log to disk, folded as it goes), in either mode, so it is sized as one.
  const estimate = estimateCost(scenario, mode, { streamLarge: true });
  const why = overBudget(scenario, estimate, budgetMb);
  if (why === null) {
    // Within the budget but long: say what to expect before the terminal goes quiet.
    if ((mode === 'sim' ? estimate.simSeconds : estimate.realSeconds) > LONG_RUN_SECONDS) io.err(`faultlab: a long run: ${describeEstimate(estimate)}`);
    return estimate;
  }
  if (!force) throw new UsageError(`${why} (${describeEstimate(estimate)}.) Raise the budget with --budget-mb N, or run it anyway with --force.`);
  io.err(`faultlab: running over the memory budget of ${budgetMb} MB (--force): ${describeEstimate(estimate)}`);
  return estimate;
}

/**
 * Refuses a run whose event log would not fit on the disk of --out (the free space there,
 * with a tenth kept free), unless forced: a full disk would cut the log short at the end
 * of a long run.
 */
export function checkDisk(estimate: CostEstimate, out: string, force: boolean, io: Io, freeBytes = freeBytesAt(out)): void {
  if (freeBytes === null || estimate.logBytes <= freeBytes * 0.9) return;
  const why = `--out ${out}: the event log would take about ${formatMb(estimate.logBytes / 2 ** 20)} and the disk there has ${formatMb(freeBytes / 2 ** 20)} free.`;
  if (!force) throw new UsageError(`${why} Choose a folder on a larger disk, shorten the run, or run it anyway with --force.`);
  io.err(`faultlab: ${why} (--force)`);
}

/** Free bytes on the file system that holds path (its nearest existing folder), or null when unknown. */
function freeBytesAt(path: string): number | null {
  let dir = resolve(path);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  try {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

/** A run estimated to take longer than this is announced with its estimate before it starts. */
const LONG_RUN_SECONDS = 60;

/** What a streamed run's output leaves out, and where its log is. */
function streamedNote(out: string | undefined): string {
  const where = out === undefined ? 'it was folded as it was generated and not kept (keep it with --out DIR)' : `it is in ${out}/events.jsonl`;
  return `\n  A large run: its event log was not held in memory; ${where}. Figures read from the log itself (first request gone wrong, the timeline) are left out here.`;
}

/** The lines that say what the scenario's replica program did wrong (none when nothing did), headed. */
export function ownReplicaTrouble(scenario: Scenario, events: readonly RunEvent[]): string[] {
  const ids = scenario.replica?.replicas ?? Array.from({ length: scenario.replicas }, (_, i) => i + 1);
  const trouble = diagnoseReplicas(events, ids);
  return trouble.length === 0 ? [] : ['', `Your replica program ("${scenario.replica?.command ?? ''}"):`, ...trouble.map((t) => `  ${t}`)];
}

/** The scenario with --replica-cmd as its replica command (for the replicas the scenario names, else all). */
export function withReplicaCommand(scenario: Scenario, command: string | undefined): Scenario {
  if (command === undefined) return scenario;
  if (command.trim() === '') throw new UsageError('--replica-cmd: expected a command, got an empty one');
  return { ...scenario, replica: { ...scenario.replica, command } };
}

/**
 * Runs a scenario whose replicas are (partly) a student's program: real mode only, the
 * command run in the scenario file's folder (the current folder for the built-in scenario).
 */
export async function runOwnReplica(scenario: Scenario, mode: 'real' | 'sim', scenarioFile: string | undefined, options: { dir?: string }): ReturnType<typeof runRealToEnd> {
  if (mode === 'sim') {
    throw new UsageError('a replica command (--replica-cmd, or the scenario\'s "replica") runs only in real mode: the simulator runs the built-in replica; use --mode real');
  }
  try {
    return await runRealToEnd(scenario, { ...options, replicaCwd: scenarioFile === undefined ? process.cwd() : dirname(resolve(scenarioFile)) });
  } catch (err) {
    if (err instanceof ReplicaStartError) throw new UsageError(`replica command "${scenario.replica?.command ?? ''}": ${err.message}`);
    throw err;
  }
}
