/**
 * Runs a comparison: the scenario given and its counterpart under the other scheme, same
 * workload, seed and faults (shared/compare.ts derives the counterpart and builds the
 * table). With a folder, the scenario's run is saved there as an ordinary run folder and
 * the counterpart's in its `compared/` subfolder, which is how a report finds it. A
 * four-column comparison also runs Raft and PBFT (or, for a Raft or PBFT scenario, the
 * three others); each further column's run goes to `compared-<column>/` (smr, pb, raft, pbft).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Cells, CompareSide, Comparison, CompareWidth, FaultMapping, SideKey } from '../../shared/compare.js';
import { buildComparison, buildTable, comparisonScenarios, counterpartScenario, measureCosts, SCHEME_SIDE } from '../../shared/compare.js';
import type { RunEvent, RunMode } from '../../shared/events.js';
import type { Scenario } from '../../shared/scenario.js';
import type { LoadedRun } from '../runtime/run-folder.js';
import { loadRun } from '../runtime/run-folder.js';
import { runScenario } from '../runtime/run.js';

/** The counterpart run's folder inside a compared run's folder. */
export const COMPARED_DIR = 'compared';

/** Where a column's run is kept inside the given run's folder. */
export function columnDir(given: Scenario, key: SideKey): string {
  const trustedPair = (given.scheme === 'state-machine' && key === 'pb') || (given.scheme === 'primary-backup' && key === 'smr');
  return trustedPair ? COMPARED_DIR : `${COMPARED_DIR}-${key}`;
}

/**
 * `replicaCwd`: where the scenario's replica command of one's own runs (its file's folder).
 * Only the given scheme's column runs that command; the other columns run the built-in replica.
 */
export async function runComparison(scenario: Scenario, mode: RunMode, options: { dir?: string; mapping?: FaultMapping; width?: CompareWidth; replicaCwd?: string } = {}): Promise<Comparison> {
  const width = options.width ?? (scenario.scheme === 'raft' || scenario.scheme === 'pbft' ? 'all' : 'trusted');
  const plan = comparisonScenarios(scenario, width, options.mapping ?? 'drop');
  const given = await runScenario(scenario, mode, { ...(options.dir ? { dir: options.dir } : {}), ...(options.replicaCwd !== undefined ? { replicaCwd: options.replicaCwd } : {}) });
  const sides: Partial<Cells<CompareSide>> = { [SCHEME_SIDE[scenario.scheme]]: { scenario: given.scenario, summary: given.summary, costs: measureCosts(given.events) } };
  // One column at a time: real-mode runs must not share the machine with each other.
  for (const [key, derived] of Object.entries(plan.derived) as [SideKey, Scenario][]) {
    const run = await runScenario(derived, mode, options.dir ? { dir: join(options.dir, columnDir(scenario, key)) } : {});
    sides[key] = { scenario: run.scenario, summary: run.summary, costs: measureCosts(run.events) };
  }
  const { smr, pb } = sides;
  if (!smr || !pb) throw new Error('a comparison needs a state-machine and a primary-backup column');
  return buildTable({ ...sides, smr, pb }, scenario.scheme, { faultNotes: plan.faultNotes, changes: plan.changes });
}

/** The comparison of a saved run folder with its saved counterpart, or null if it has none. */
export function loadComparison(run: LoadedRun, mapping: FaultMapping = 'drop'): Comparison | null {
  return loadComparisonWithLog(run, mapping)?.comparison ?? null;
}

/** The same, with the counterpart's event log (which a report embeds). */
export function loadComparisonWithLog(run: LoadedRun, mapping: FaultMapping = 'drop'): { comparison: Comparison; counterpartEvents: RunEvent[] } | null {
  const dir = join(run.dir, COMPARED_DIR);
  if (!existsSync(join(dir, 'events.jsonl'))) return null;
  const other = loadRun(dir);
  // The notes about dropped faults are re-derived; the mapping that made the folder shows in its scenario.
  const counterpart = counterpartScenario(run.scenario, mapping);
  const folded = other.scenario.faults.length > counterpart.scenario.faults.length;
  const notes = folded ? counterpartScenario(run.scenario, 'fold') : counterpart;
  const comparison = buildComparison(
    { scenario: run.scenario, summary: run.summary, costs: measureCosts(run.events) },
    { scenario: other.scenario, summary: other.summary, costs: measureCosts(other.events) },
    { faultNotes: notes.faultNotes, changes: notes.changes },
  );
  return { comparison, counterpartEvents: other.events };
}
