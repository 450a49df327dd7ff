/**
 * The soak for one minute (`npm run soak` runs it for ten): every check of the soak holds:
 * replica memory flat after warm-up, no replica process left, the summary complete, no
 * wrong answer with at most k replicas faulty. The report, with its memory plot, is
 * printed either way, so a failure shows what grew or what was left behind.
 */
import { expect, it } from 'vitest';
import { runSoak, soakReport } from './soak.js';

it('holds for a minute: n = 15 real replicas, a random fault every 500 ms', async () => {
  const result = await runSoak({ seconds: 60, seed: 1 });
  const { text, ok } = soakReport(result);
  process.stdout.write(`${text}\n`);
  expect(result.faults).toBeGreaterThan(100);
  expect(result.samples.length).toBeGreaterThan(20);
  expect(ok, text).toBe(true);
});
