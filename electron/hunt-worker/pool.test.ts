/** The hunt on a worker pool: the same seed gives the same minimal scenario with 1 and with 2 workers. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hunt } from '../../shared/hunt.js';
import type { HuntOptions } from '../../shared/hunt.js';
import { parseScenarioText } from '../../shared/scenario.js';
import { startHuntPool } from './pool.js';

const base = { ...parseScenarioText(readFileSync(join(__dirname, '..', '..', 'examples', 'split-brain-no-fencing.faultlab.json'), 'utf8')), faults: [] };

describe('hunt worker pool', () => {
  it('finds the same minimal scenario with 1 and with 2 workers', async () => {
    const seed = 2026;
    process.stdout.write(`hunt pool seed=${seed}\n`);
    const options: HuntOptions = { check: 'no-split-brain', kinds: ['partition', 'heal', 'crash', 'delay', 'omission'], maxFaults: 4, budgetRuns: 200, seed };
    const results = [];
    for (const workers of [1, 2]) {
      const pool = startHuntPool(workers);
      try {
        results.push(await hunt(base, options, pool.evaluate));
      } finally {
        await pool.close();
      }
    }
    const [one, two] = results;
    expect(one?.minimal).not.toBeNull();
    expect(two).toEqual(one);
  });
});
