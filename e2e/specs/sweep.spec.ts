/**
 * A student sweeps the default lab's configuration over k, n and fault kinds: the
 * progress bar runs to the end, the chart is drawn, and the table shows the guarantee
 * breaking exactly at the bound (2k+1 replicas mask k colluding liars, not k+1). A long
 * sweep can be cancelled and keeps the runs done.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../fixtures/axe.js';
import { screenshot } from '../fixtures/browser.js';
import { useLabSession } from '../fixtures/session.js';

describe('sweep', () => {
  const { lab } = useLabSession();

  it('runs the grid with a progress bar to the end, and shows the table, the chart and the CSV', async () => {
    await lab.showTab('Sweep');
    const view = lab.page.getByTestId('sweep-view');
    await view.getByTestId('sweep-run').click();
    const progress = view.getByTestId('sweep-progress');
    await progress.getByText(/^28 of 28 runs done$/).waitFor({ timeout: 60_000 });
    await expect(progress.getByRole('progressbar').getAttribute('aria-valuenow')).resolves.toBe('100');

    await view.getByTestId('sweep-chart').locator('canvas').first().waitFor();
    const table = view.getByTestId('sweep-table');
    const row = table.getByRole('row', { name: /k=1, n=3 \(2k\+1\), collude/ });
    const cells = (await row.getByRole('cell').allTextContents()).map((t) => t.trim());
    // 0, 1 faulty: held; 2 faulty (k+1): broke; predicted ≤ 1, measured ≤ 1.
    expect(cells.slice(0, 3)).toEqual(['held', 'held', expect.stringMatching(/^\d+%$/)]);
    expect(cells.slice(-2)).toEqual(['≤ 1', '≤ 1']);
    const below = table.getByRole('row', { name: /k=1, n=2 \(2k\), collude/ });
    expect((await below.getByRole('cell').allTextContents()).at(-1)?.trim()).toBe('≤ 0');
    await screenshot(lab.page, 'sweep-default-lab');
    expect(await seriousViolations(lab.page, '[data-testid="sweep-view"]')).toEqual([]);

    const download = lab.page.waitForEvent('download');
    await view.getByTestId('sweep-csv').click();
    const csv = readFileSync(await (await download).path(), 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^k,n,n_vs_bound,bound,fault_kind,faults,/);
    expect(csv).toHaveLength(29);
  });

  it('refuses a bad list with a sentence naming the field', async () => {
    const view = lab.page.getByTestId('sweep-view');
    await view.getByTestId('sweep-timeouts').fill('200, soon');
    await view.getByTestId('sweep-run').click();
    await view.getByTestId('sweep-error').getByText('Failure timeouts: "soon" is not a whole number or a range like 0-3').waitFor();
  });

  it('cancels a long sweep after the run in progress and shows the runs done', async () => {
    const view = lab.page.getByTestId('sweep-view');
    await view.getByTestId('sweep-timeouts').fill('100, 200, 300, 400, 500, 600');
    await view.getByTestId('sweep-run').click();
    await view.getByRole('status').getByText(/^Run [1-9]\d* of 168/).waitFor({ timeout: 30_000 });
    await view.getByTestId('sweep-cancel').click();
    const note = view.getByTestId('sweep-cancelled');
    await note.getByText(/^Cancelled after \d+ of 168 runs: the chart and the table show the runs done\.$/).waitFor({ timeout: 30_000 });
    const done = Number(/after (\d+) of/.exec((await note.textContent()) ?? '')?.[1]);
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(168);
    await expect(view.getByTestId('sweep-cancel').count()).resolves.toBe(0);
    await view.getByRole('status').getByText(`${done} of 168 runs done`).waitFor();
    await view.getByTestId('sweep-chart').locator('canvas').first().waitFor();
    await screenshot(lab.page, 'sweep-cancelled');
  });
});
