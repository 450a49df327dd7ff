/** Runs every cell of a sweep (shared/sweep.ts) and aggregates the outcomes. */
import type { RunMode } from '../../shared/events.js';
import type { SweepCell, SweepResult, SweepRow, SweepSpec } from '../../shared/sweep.js';
import { aggregateSweep, expandSweep, sweepRow } from '../../shared/sweep.js';
import { runScenario } from '../runtime/run.js';

export interface SweepProgress {
  done: number;
  total: number;
  cell: SweepCell;
}

export async function runSweep(spec: SweepSpec, mode: RunMode, onProgress?: (p: SweepProgress) => void): Promise<SweepResult> {
  const cells = expandSweep(spec);
  const rows: SweepRow[] = [];
  for (const cell of cells) {
    const { summary } = await runScenario(cell.scenario, mode);
    rows.push(sweepRow(cell, summary));
    onProgress?.({ done: rows.length, total: cells.length, cell });
  }
  return aggregateSweep(spec.base, rows);
}
