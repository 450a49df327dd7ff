/**
 * Sweeps: a parameter grid run one cell after another, announced cell by cell as
 * `sweepProgress`. One sweep at a time, its grid bounded per mode; Cancel ends it after
 * the run in progress and keeps the runs done; shutting the lab down stops it.
 */
import type { z } from 'zod';
import type { CALLS, SweepOutcome } from '../../../shared/api.js';
import { LabError } from '../../../shared/api.js';
import type { RunMode } from '../../../shared/events.js';
import { parseScenario } from '../../../shared/scenario.js';
import type { SweepSpec } from '../../../shared/sweep.js';
import { expandSweep, sweepCsvRows, SweepSpecError } from '../../../shared/sweep.js';
import { toCsv } from '../../report/csv.js';
import { runSweep } from '../../report/sweep-run.js';
import { RealModeUnavailable } from '../../runtime/run.js';
import { realModeFailed, shuttingDown } from './errors.js';
import { cancelJob } from './stopper.js';
import type { EventSink } from './live.js';

/** How many runs one sweep may have: simulated runs take well under a second, real ones their whole duration. */
export const MAX_SWEEP_RUNS: Record<RunMode, number> = { sim: 200, real: 16 };

export type SweepSpecArgs = z.output<(typeof CALLS)['runSweep']['args']>['spec'];

export class Sweeps {
  /** Ends sweeps going on when the lab shuts down. */
  private readonly jobs = new AbortController();
  /** The sweep going on, if any: aborting it ends the sweep after its run in progress. */
  private stopper: AbortController | null = null;

  constructor(
    private readonly emit: EventSink,
    private readonly maxRuns: Partial<Record<RunMode, number>> = {},
  ) {}

  /** Runs a sweep grid, one cell after another, announcing each finished cell as sweepProgress. */
  async run(raw: SweepSpecArgs, mode: RunMode): Promise<SweepOutcome> {
    if (this.jobs.signal.aborted) throw shuttingDown('sweep');
    const spec: SweepSpec = { ...raw, base: parseScenario(raw.base) };
    let cells;
    try {
      cells = expandSweep(spec);
    } catch (err) {
      if (err instanceof SweepSpecError) throw new LabError('bad-call', `The sweep cannot run: ${err.message}.`);
      throw err;
    }
    const limit = this.maxRuns[mode] ?? MAX_SWEEP_RUNS[mode];
    if (cells.length > limit) {
      throw new LabError(
        'bad-call',
        `The grid has ${cells.length} runs; at most ${limit} ${mode === 'sim' ? 'simulated runs' : 'runs with real processes'} fit in one sweep here. Choose fewer k values, replica counts, fault kinds, fault counts or timeouts (the command "faultlab sweep" takes larger grids).`,
      );
    }
    if (this.stopper) throw new LabError('busy', 'A sweep is already going on; wait for it to finish.');
    const stop = new AbortController();
    this.stopper = stop;
    try {
      this.emit('sweepProgress', { done: 0, total: cells.length, label: '' });
      const result = await runSweep(spec, mode, {
        cells,
        signal: this.jobs.signal,
        stop: stop.signal,
        onProgress: (p) => this.emit('sweepProgress', { done: p.done, total: p.total, label: p.cell.scenario.name.replace(/^sweep: /, '') }),
      });
      return { mode, result, csv: toCsv(sweepCsvRows(result)), total: cells.length, cancelled: result.rows.length < cells.length };
    } catch (err) {
      if (err instanceof RealModeUnavailable) throw realModeFailed(err);
      throw err;
    } finally {
      this.stopper = null;
    }
  }

  /** Ends the sweep going on after its run in progress; false if there is none (or it is ending already). */
  cancel(): { cancelled: boolean } {
    return cancelJob(this.stopper);
  }

  /** Stops the sweep going on; none starts any more. */
  shutdown(): void {
    this.jobs.abort(new LabError('unavailable', 'The lab is shutting down; the sweep was stopped.'));
  }
}
