/**
 * Runs a comparison: the scenario given and its counterpart under the other scheme, same
 * workload, seed and faults (shared/compare.ts derives the counterpart and builds the
 * table). With a folder, the scenario's run is saved there as an ordinary run folder and
 * the counterpart's in its `compared/` subfolder, which is how a report finds it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Comparison, FaultMapping } from '../../shared/compare.js';
import { buildComparison, counterpartScenario, measureCosts } from '../../shared/compare.js';
import type { RunEvent, RunMode } from '../../shared/events.js';
import type { Scenario } from '../../shared/scenario.js';
import type { LoadedRun } from '../runtime/run-folder.js';
import { loadRun } from '../runtime/run-folder.js';
import { runScenario } from '../runtime/run.js';

/** The counterpart run's folder inside a compared run's folder. */
export const COMPARED_DIR = 'compared';

export async function runComparison(scenario: Scenario, mode: RunMode, options: { dir?: string; mapping?: FaultMapping } = {}): Promise<Comparison> {
  const counterpart = counterpartScenario(scenario, options.mapping ?? 'drop');
  const given = await runScenario(scenario, mode, options.dir ? { dir: options.dir } : {});
  const other = await runScenario(counterpart.scenario, mode, options.dir ? { dir: join(options.dir, COMPARED_DIR) } : {});
  return buildComparison(
    { scenario: given.scenario, summary: given.summary, costs: measureCosts(given.events) },
    { scenario: other.scenario, summary: other.summary, costs: measureCosts(other.events) },
    { faultNotes: counterpart.faultNotes, changes: counterpart.changes },
  );
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
