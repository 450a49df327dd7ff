/**
 * The hunt on every core: a tinypool of worker threads, each running hunt-worker.cjs,
 * evaluating a batch's candidates in parallel. The hunt reads the answers by candidate
 * index, so the result is the same for any number of workers.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import Tinypool from 'tinypool';
import type { CheckName } from '../../shared/checks.js';
import type { Evaluate } from '../../shared/hunt.js';
import type { Scenario } from '../../shared/scenario.js';
import type { HuntTask } from './entry.js';

/** The most workers a hunt may ask for. */
export const MAX_HUNT_WORKERS = 64;

/** The default: one worker per core. */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(MAX_HUNT_WORKERS, availableParallelism()));
}

/** The bundled worker: beside this bundle in out/node, or (running from source, in tests) in out/node. */
function workerFile(): string {
  const beside = join(__dirname, 'hunt-worker.cjs');
  if (existsSync(beside)) return beside;
  const built = join(__dirname, '..', '..', 'out', 'node', 'hunt-worker.cjs');
  if (existsSync(built)) return built;
  throw new Error(`the hunt's worker is not built (expected ${beside}; run npm run build:node)`);
}

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
