/**
 * "Try to break this" in the lab: a hunt (shared/hunt.ts) for a fault schedule that makes
 * the scenario in the panel fail a check, in simulation on a worker pool (one thread per
 * core), announced as `huntProgress`; the smallest failing scenario is run once more and
 * kept as a run, so it opens in the picture and the timeline like any other. One hunt at a
 * time; Cancel stops the search (a schedule already found is kept, shrunk as far as it
 * got); shutting the lab down ends it the same way.
 */
import type { CALLS, HuntOutcome } from '../../../shared/api.js';
import { LabError } from '../../../shared/api.js';
import type { HuntProgress } from '../../../shared/hunt.js';
import { defaultHuntKinds, hunt, HuntOptionsError } from '../../../shared/hunt.js';
import type { Scenario } from '../../../shared/scenario.js';
import { parseScenario } from '../../../shared/scenario.js';
import type { z } from 'zod';
import type { Evaluate } from '../../../shared/hunt.js';
import { defaultWorkers, startHuntPool } from '../../hunt-worker/pool.js';
import { runScenario } from '../../runtime/run.js';
import { shuttingDown } from './errors.js';
import { cancelJob } from './stopper.js';
import type { EventSink } from './live.js';
import type { KeptRuns } from './runs.js';

export type HuntArgs = z.output<(typeof CALLS)['huntScenario']['args']>;

/** Where a hunt's candidates are simulated: a worker pool by default; tests may evaluate in this thread. */
export interface HuntEvaluator {
  evaluate: Evaluate;
  close(): Promise<void>;
}

/** A schedule's size in words, for the progress line. */
export function bestInWords(s: Scenario | null): string | null {
  if (!s) return null;
  return `${s.faults.length} fault${s.faults.length === 1 ? '' : 's'}, ${s.replicas} replicas, ${s.workload.clients} client${s.workload.clients === 1 ? '' : 's'}, ${s.workload.durationMs} ms`;
}

export class Hunts {
  private readonly jobs = new AbortController();
  private stopper: AbortController | null = null;

  constructor(
    private readonly runs: KeptRuns,
    private readonly emit: EventSink,
    private readonly evaluator: () => HuntEvaluator = () => startHuntPool(defaultWorkers()),
  ) {}

  async run(args: HuntArgs): Promise<HuntOutcome> {
    if (this.jobs.signal.aborted) throw shuttingDown('hunt');
    const base = parseScenario(args.scenario);
    if (base.replica) throw new LabError('bad-call', 'A hunt runs thousands of simulated runs; a replica program of your own runs only with real processes. Clear the replica program to hunt with the built-in replicas.');
    if (this.stopper) throw new LabError('busy', 'A hunt is already going on; wait for it to finish or cancel it.');
    const stop = new AbortController();
    this.stopper = stop;
    const pool = this.evaluator();
    try {
      const budget = args.budgetRuns;
      const onProgress = (p: HuntProgress): void => this.emit('huntProgress', { phase: p.phase, runs: p.runs, budget, distinct: p.distinct, best: bestInWords(p.best) });
      const stopped = (): boolean => stop.signal.aborted || this.jobs.signal.aborted;
      const result = await hunt(base, { check: args.check, kinds: args.kinds ?? defaultHuntKinds(base), maxFaults: args.maxFaults, budgetRuns: budget, seed: args.seed }, pool.evaluate, {
        onProgress,
        shouldStop: stopped,
      });
      let runId: string | null = null;
      if (result.minimal) {
        const { runId: id, dir } = this.runs.create();
        await runScenario({ ...result.minimal, name: `${base.name} (broken: ${args.check})` }, 'sim', { dir });
        runId = id;
      }
      return {
        check: result.check,
        minimal: result.minimal,
        runId,
        searchRuns: result.searchRuns,
        shrinkRuns: result.shrinkRuns,
        shrinkSteps: result.shrinkSteps,
        distinct: result.distinct,
        coverage: { cells: result.coverage.cells, possible: result.coverage.possible },
        stopped: result.stopped,
      };
    } catch (err) {
      if (err instanceof HuntOptionsError) throw new LabError('bad-call', `The hunt cannot run: ${err.message}`);
      throw err;
    } finally {
      this.stopper = null;
      await pool.close();
    }
  }

  cancel(): { cancelled: boolean } {
    return cancelJob(this.stopper);
  }

  shutdown(): void {
    this.jobs.abort();
  }
}
