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
import { buildTable, columnNotes, comparisonScenarios, measureCosts, schemeScenario, SCHEME_SIDE, SIDE_KEYS, SIDE_SCHEME } from '../../shared/compare.js';
import type { Lang } from '../../shared/describe.js';
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
export async function runComparison(scenario: Scenario, mode: RunMode, options: { dir?: string; mapping?: FaultMapping; width?: CompareWidth; replicaCwd?: string; lang?: Lang } = {}): Promise<Comparison> {
  const width = options.width ?? (scenario.scheme === 'raft' || scenario.scheme === 'pbft' ? 'all' : 'trusted');
  const lang = options.lang ?? 'en';
  const plan = comparisonScenarios(scenario, width, options.mapping ?? 'drop', lang);
  const given = await runScenario(scenario, mode, { ...(options.dir ? { dir: options.dir } : {}), ...(options.replicaCwd !== undefined ? { replicaCwd: options.replicaCwd } : {}) });
  const sides: Partial<Cells<CompareSide>> = { [SCHEME_SIDE[scenario.scheme]]: { scenario: given.scenario, summary: given.summary, costs: measureCosts(given.events) } };
  // One column at a time: real-mode runs must not share the machine with each other.
  for (const [key, derived] of Object.entries(plan.derived) as [SideKey, Scenario][]) {
    const run = await runScenario(derived, mode, options.dir ? { dir: join(options.dir, columnDir(scenario, key)) } : {});
    sides[key] = { scenario: run.scenario, summary: run.summary, costs: measureCosts(run.events) };
  }
  const { smr, pb } = sides;
  if (!smr || !pb) throw new Error('a comparison needs a state-machine and a primary-backup column');
  return buildTable({ ...sides, smr, pb }, scenario.scheme, { faultNotes: plan.faultNotes, changes: plan.changes, lang });
}

/** The comparison of a saved run folder with its saved columns, or null if it has none. */
export function loadComparison(run: LoadedRun, mapping: FaultMapping = 'drop'): Comparison | null {
  return loadComparisonWithLog(run, mapping)?.comparison ?? null;
}

/** A saved comparison as a report needs it: the table, the mapping that made it, and every other column's event log. */
export interface LoadedComparison {
  comparison: Comparison;
  mapping: FaultMapping;
  /** The trusted pair's other run's log (`compared/`), null for a Raft or PBFT run. */
  counterpartEvents: RunEvent[] | null;
  /** Every column's log but the given run's, by column (the counterpart's included). */
  columnEvents: Partial<Record<SideKey, RunEvent[]>>;
}

/**
 * The same, with the other columns' event logs (which a report embeds): every column saved
 * beside the run (`compared/` and `compared-<column>/`), in one table. Null when the folder
 * has no comparison, or lacks the state-machine or the primary-backup column the table needs.
 */
export function loadComparisonWithLog(run: LoadedRun, mapping: FaultMapping = 'drop'): LoadedComparison | null {
  const givenKey = SCHEME_SIDE[run.scenario.scheme];
  const loaded: Partial<Record<SideKey, LoadedRun>> = {};
  for (const key of SIDE_KEYS) {
    if (key === givenKey) continue;
    const dir = join(run.dir, columnDir(run.scenario, key));
    if (existsSync(join(dir, 'events.jsonl'))) loaded[key] = loadRun(dir);
  }
  const keys = Object.keys(loaded) as SideKey[];
  if (keys.length === 0) return null;
  // The notes about dropped faults are re-derived; the mapping that made the folder shows in its columns' scenarios.
  const folded = keys.some((key) => (loaded[key]?.scenario.faults.length ?? 0) > schemeScenario(run.scenario, SIDE_SCHEME[key], mapping).scenario.faults.length);
  const used: FaultMapping = folded ? 'fold' : mapping;
  const sides: Partial<Cells<CompareSide>> = { [givenKey]: { scenario: run.scenario, summary: run.summary, costs: measureCosts(run.events) } };
  const columnEvents: Partial<Record<SideKey, RunEvent[]>> = {};
  for (const key of keys) {
    const other = loaded[key];
    if (!other) continue;
    sides[key] = { scenario: other.scenario, summary: other.summary, costs: measureCosts(other.events) };
    columnEvents[key] = other.events;
  }
  const { smr, pb } = sides;
  if (!smr || !pb) return null;
  const comparison = buildTable({ ...sides, smr, pb }, run.scenario.scheme, columnNotes(run.scenario, [givenKey, ...keys], used));
  const trusted = givenKey === 'smr' ? 'pb' : givenKey === 'pb' ? 'smr' : null;
  return { comparison, mapping: used, counterpartEvents: trusted ? (columnEvents[trusted] ?? null) : null, columnEvents };
}
