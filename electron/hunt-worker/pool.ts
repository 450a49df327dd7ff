/**
 * The hunt on every core: a tinypool of worker threads, each running hunt-worker.cjs,
 * evaluating a batch's candidates in parallel. The hunt reads the answers by candidate
 * index, so the result is the same for any number of workers.
 */
import { availableParallelism } from 'node:os';
import Tinypool from 'tinypool';
import type { CheckName } from '../../shared/checks.js';
import type { Evaluate } from '../../shared/hunt.js';
import type { Scenario } from '../../shared/scenario.js';
import type { HuntTask } from './entry.js';
import { bundledFile } from '../runtime/bundled.js';

/** The most workers a hunt may ask for. */
export const MAX_HUNT_WORKERS = 64;

/** The default: one worker per core. */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(MAX_HUNT_WORKERS, availableParallelism()));
}

/** The bundled worker (out/node/hunt-worker.cjs). */
const workerFile = (): string => bundledFile('hunt-worker.cjs', "the hunt's worker");

export interface HuntPool {
  readonly workers: number;
  readonly evaluate: Evaluate;
  close(): Promise<void>;
}

export function startHuntPool(workers: number): HuntPool {
  const pool = new Tinypool({ filename: workerFile(), minThreads: workers, maxThreads: workers, idleTimeout: 60_000 });
  const runOne = (scenario: Scenario, check: CheckName): Promise<boolean> => pool.run({ scenario, check } satisfies HuntTask) as Promise<boolean>;
  return {
    workers,
    evaluate: (scenarios, check) => Promise.all(scenarios.map((s) => runOne(s, check))),
    close: () => pool.destroy(),
  };
}
