/**
 * Comparisons: a scenario and its counterpart under the other scheme (same workload, seed
 * and faults), run one after the other and kept as one run, the counterpart inside it
 * (`compared/`); with width "all", Raft and PBFT too (`compared-raft/`, `compared-pbft/`),
 * which is what a Raft or PBFT scenario always gets. At most `maxRunning` go on at once;
 * one that does not finish is not kept.
 */
import { rmSync } from 'node:fs';
import type { CompareOutcome } from '../../../shared/api.js';
import { LabError } from '../../../shared/api.js';
import type { CompareWidth, FaultMapping } from '../../../shared/compare.js';
import type { RunMode } from '../../../shared/events.js';
import { parseScenario } from '../../../shared/scenario.js';
import { runComparison } from '../../report/compare-run.js';
import { RealModeUnavailable } from '../../runtime/run.js';
import { realModeFailed, shuttingDown } from './errors.js';
import type { KeptRuns } from './runs.js';

export class Comparisons {
  private running = 0;
  private closing = false;

  constructor(
    private readonly runs: KeptRuns,
    private readonly maxRunning: number,
  ) {}

  /** Runs the scenario and its counterpart; the scenario's run is kept, the counterpart's inside it (compared/). */
  async run(rawScenario: unknown, mode: RunMode, mapping: FaultMapping, width: CompareWidth = 'trusted'): Promise<CompareOutcome> {
    if (this.closing) throw shuttingDown('comparison');
    const scenario = parseScenario(rawScenario);
    if (this.running >= this.maxRunning) throw new LabError('busy', `${this.running} comparisons are already going on (at most ${this.maxRunning}); wait for one to finish.`);
    const { runId, dir } = this.runs.create();
    this.running++;
    try {
      // Raft and PBFT have no column in the two-scheme table: their comparison is the four-column one.
      const helperless = scenario.scheme === 'raft' || scenario.scheme === 'pbft';
      const comparison = await runComparison(scenario, mode, { dir, mapping, width: helperless ? 'all' : width });
      return { runId, comparison };
    } catch (err) {
      // A comparison that did not finish is not kept: half of a comparison explains nothing.
      rmSync(dir, { recursive: true, force: true });
      if (err instanceof RealModeUnavailable) throw realModeFailed(err);
      throw err;
    } finally {
      this.running--;
    }
  }

  /** No comparison starts any more (those going on finish). */
  shutdown(): void {
    this.closing = true;
  }
}
