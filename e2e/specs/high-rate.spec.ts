/**
 * A student turns the rate up: 20,000 requests a second for 3 s with real processes
 * (1.3 million events). The run finishes, every request is answered correctly, the page
 * never freezes for long (the final analysis used to hash the whole log in the page: one
 * long task of 8.8 s), and the metrics read as figures, not as floating-point noise.
 */
import { describe, expect, it } from 'vitest';
import { screenshot } from '../fixtures/browser.js';
import { reportLongTasks, takeLongTasks, watchLongTasks } from '../fixtures/long-tasks.js';
import { useLabSession } from '../fixtures/session.js';

const HIGH_RATE = {
  faultlab: 1,
  name: 'High rate',
  scheme: 'state-machine',
  failureModel: 'arbitrary',
  k: 1,
  service: 'counter',
  workload: { clients: 4, ratePerSecond: 20_000, durationMs: 3000 },
  timing: { networkDelayMs: [0, 0] },
};

describe('a live run at a high rate', () => {
  const { lab } = useLabSession({ ready: (s) => watchLongTasks(s.browser.page) });

  it('finishes with every answer right, keeps the page responsive and shows tidy figures', async () => {
    await lab.loadScenarioFile('high-rate.faultlab.json', JSON.stringify(HIGH_RATE));
    const started = Date.now();
    await lab.run();
    await lab.waitFinished(120_000);
    const finishedMs = Date.now() - started;
    const longTasks = await takeLongTasks(lab.page);
    reportLongTasks('60,000 requests at 20,000/s in real processes', longTasks, `finished after ${finishedMs} ms, `);
    expect(Math.max(0, ...longTasks)).toBeLessThan(3000);

    expect(await lab.metric('issued')).toBe(60_000);
    expect(await lab.metric('correct')).toBe(60_000);
    for (const id of ['p50', 'p99']) {
      await expect(lab.page.getByTestId(`metric-${id}`).locator('dd').textContent()).resolves.toMatch(/^\d+(\.\d{1,2})? ms$/);
    }
    await expect(lab.page.getByTestId('metric-throughput').locator('dd').textContent()).resolves.toMatch(/^\d+ req\/s$/);
    await screenshot(lab.page, 'metrics-high-rate');
  }, 180_000);
});
