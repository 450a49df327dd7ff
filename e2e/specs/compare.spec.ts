/**
 * A student compares the schemes on the default lab in simulation: every cell of the
 * lecture's table holds a measured figure with its verdict, the figures are the ones the
 * command line measures for the same scenario and seed, and the run is kept with its
 * message diagram, which zooms into any span.
 */
import { describe, expect, it } from 'vitest';
import type { Comparison } from '../../shared/compare.js';
import { seriousViolations } from '../fixtures/axe.js';
import { screenshot, screenshotsAtSizes } from '../fixtures/browser.js';
import { faultlab } from '../fixtures/serve.js';
import { useLabSession } from '../fixtures/session.js';

const ROWS = ['arbitrary', 'loss', 'handling', 'copies', 'replicas', 'cost'] as const;

describe('compare', () => {
  const { lab } = useLabSession();

  it('fills every cell of the lecture table for the default lab, with the figures the CLI measures', async () => {
    await lab.useSimulation();
    await lab.showTab('Compare');
    const view = lab.page.getByTestId('compare-view');
    await view.getByTestId('compare-run').click();
    const table = view.getByTestId('compare-table');
    await table.waitFor();

    const cli = await faultlab(['compare', '--mode', 'sim', '--json']);
    expect(cli.code, cli.stderr).toBe(0);
    const expected = JSON.parse(cli.stdout) as Comparison;

    for (const id of ROWS) {
      for (const side of ['smr', 'pb'] as const) {
        const cell = table.getByTestId(`cell-${id}-${side}`);
        const measured = ((await cell.getByTestId('measured').textContent()) ?? '').replace(/^\s*measured\s*/, '').trim();
        expect(measured, `${id}/${side}`).not.toBe('');
        expect(measured, `${id}/${side}`).toBe(expected.rows.find((r) => r.id === id)?.measured[side]);
        await expect(cell.locator('.el-tag').textContent()).resolves.toMatch(/^(agrees|departs|not exercised|beyond the bound)$/);
      }
    }
    // The liar is masked by voting; primary-backup had no Byzantine replica to show its weakness.
    await expect(table.getByTestId('cell-arbitrary-smr').locator('.el-tag').textContent()).resolves.toBe('agrees');
    await expect(table.getByTestId('cell-arbitrary-pb').locator('.el-tag').textContent()).resolves.toBe('not exercised');
    await expect(view.getByTestId('compare-notes').textContent()).resolves.toContain('simulation measures no CPU time');
    await screenshot(lab.page, 'compare-default-lab');
    expect(await seriousViolations(lab.page, '[data-testid="compare-view"]')).toEqual([]);
  });

  it('adds Raft and PBFT as two more columns, each with its bound, and PBFT masks the liar with 3k+1', async () => {
    const view = lab.page.getByTestId('compare-view');
    await view.getByTestId('compare-all').click();
    await view.getByTestId('compare-run').filter({ hasText: 'Compare all four schemes (simulation)' }).click();
    const table = view.getByTestId('compare-table');
    await table.getByTestId('compare-head-pbft').waitFor({ timeout: 60_000 });
    await expect(table.getByTestId('compare-head-raft').textContent()).resolves.toMatch(/Raft \(2k\+1, crash faults\)\s*fail-stop, n = 3/);
    await expect(table.getByTestId('compare-head-pbft').textContent()).resolves.toMatch(/PBFT \(3k\+1, Byzantine\)\s*arbitrary, n = 4/);
    for (const id of ROWS) {
      for (const side of ['raft', 'pbft'] as const) {
        const measured = ((await table.getByTestId(`cell-${id}-${side}`).getByTestId('measured').textContent()) ?? '').replace(/^\s*measured\s*/, '').trim();
        expect(measured, `${id}/${side}`).not.toBe('');
      }
    }
    await expect(table.getByTestId('cell-arbitrary-pbft').locator('.el-tag').textContent()).resolves.toBe('agrees');
    await screenshotsAtSizes(lab.page, 'compare-four-columns');
    expect(await seriousViolations(lab.page, '[data-testid="compare-view"]')).toEqual([]);
    await view.getByTestId('compare-all').click();
  });

  it('compares with real processes where they run: every cell filled, CPU time measured', async () => {
    const realTag = (await lab.page.getByTestId('real-mode').textContent()) ?? '';
    const realRadio = lab.page.getByTestId('mode').getByRole('radio', { name: 'Real processes' });
    if (realTag.includes('Simulation only')) {
      // Where real mode cannot run, it cannot be chosen either.
      expect(await realRadio.isDisabled()).toBe(true);
      return;
    }
    await realRadio.check({ force: true });
    const view = lab.page.getByTestId('compare-view');
    await view.getByTestId('compare-run').filter({ hasText: 'real processes' }).click();
    await view.getByTestId('compare-meta').filter({ hasText: 'real processes' }).waitFor({ timeout: 60_000 });
    const table = view.getByTestId('compare-table');
    for (const id of ROWS) {
      for (const side of ['smr', 'pb'] as const) {
        const measured = ((await table.getByTestId(`cell-${id}-${side}`).getByTestId('measured').textContent()) ?? '').replace(/^\s*measured\s*/, '').trim();
        expect(measured, `${id}/${side}`).not.toBe('');
      }
    }
    await expect(table.getByTestId('cell-cost-smr').getByTestId('measured').textContent()).resolves.toMatch(/[\d.]+ ms CPU per request/);
    await lab.useSimulation();
  });

  it('keeps the comparison as a run whose message diagram zooms into a span', async () => {
    const view = lab.page.getByTestId('compare-view');
    await view.getByTestId('compare-open').click();
    await lab.runStatus.filter({ hasText: /Finished|Loaded/ }).waitFor();
    await lab.showTab('Messages');
    const diagram = lab.page.getByTestId('message-diagram');
    await diagram.getByTestId('diagram-totals').filter({ hasText: /^[\d,]+ messages, [\d,]+ dropped/ }).waitFor();
    const overview = diagram.getByTestId('diagram-overview');
    await overview.locator('img').waitFor();
    await overview.focus();
    await lab.page.keyboard.press('+');
    await diagram.getByText('125%').waitFor();
    const inputs = diagram.getByRole('spinbutton');
    await inputs.nth(0).fill('480');
    await inputs.nth(1).fill('540');
    await diagram.getByTestId('diagram-span').click();
    const span = diagram.getByTestId('diagram-span-window');
    await span.getByText(/^480–540 ms: [1-9]\d* messages/).waitFor();
    expect(await span.locator('img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(500);
    await screenshot(lab.page, 'message-diagram');
    expect(await seriousViolations(lab.page, '[data-testid="message-diagram"]')).toEqual([]);

    await inputs.nth(0).fill('0');
    await inputs.nth(1).fill('2000');
    await diagram.getByTestId('diagram-span').click();
    await diagram.getByTestId('diagram-error').getByText(/zoom in to a span with at most/).waitFor();
  });
});
