/**
 * Runs every cell of a sweep (shared/sweep.ts), over one scheme or several, and aggregates
 * the outcomes: the one runner behind `faultlab sweep` and the app's sweep view. It yields to the event loop
 * between cells, so progress reaches a terminal or a window while the sweep goes on,
 * and stops between cells when its signal is aborted (an error) or when it is told to stop
 * (the cells done so far are its result).
 */
import type { RunMode } from '../../shared/events.js';
import type { SweepCell, SweepResult, SweepRow, SweepSpec } from '../../shared/sweep.js';
import { aggregateSweep, expandSweep, sweepRow, sweepSchemes } from '../../shared/sweep.js';
import { runScenario } from '../runtime/run.js';

export interface SweepProgress {
  done: number;
  total: number;
  cell: SweepCell;
}

export interface SweepOptions {
  onProgress?: (p: SweepProgress) => void;
  /** Checked between cells: an aborted sweep rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Checked between cells: once aborted, the sweep ends with the cells done so far. */
  stop?: AbortSignal;
  /** The grid's cells, when the caller has expanded (and bounded) it already. */
  cells?: SweepCell[];
  /** Where a replica command of one's own runs (its scenario file's folder; default the current folder). */
  replicaCwd?: string;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function runSweep(spec: SweepSpec, mode: RunMode, options: SweepOptions | ((p: SweepProgress) => void) = {}): Promise<SweepResult> {
  const opts: SweepOptions = typeof options === 'function' ? { onProgress: options } : options;
  const cells = opts.cells ?? expandSweep(spec);
  const rows: SweepRow[] = [];
  for (const cell of cells) {
    opts.signal?.throwIfAborted();
    if (opts.stop?.aborted) break;
    const { summary } = await runScenario(cell.scenario, mode, opts.replicaCwd !== undefined ? { replicaCwd: opts.replicaCwd } : {});
    rows.push(sweepRow(cell, summary));
    opts.onProgress?.({ done: rows.length, total: cells.length, cell });
    await nextTurn();
  }
  // Every scheme of the grid keeps its group, also when a stop came before its first cell.
  return aggregateSweep(spec.base, rows, sweepSchemes(spec));
}
