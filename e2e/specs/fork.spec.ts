/**
 * Fork from here, as a student uses it: a simulated primary-backup run without retries
 * loses requests when its primary crashes at 1 s; forked at 1000 ms without that crash, the
 * fork answers every request, says where it left its parent and which requests ended
 * otherwise; the parent opens again from the fork. Reopened later (a new page, from the kept
 * runs) the fork shows the same differences, read again from its parent's log; with the
 * parent deleted it says why it cannot. The dialog and the fork's banner are photographed at
 * the three window sizes.
 */
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../fixtures/axe.js';
import { screenshotsAtSizes } from '../fixtures/browser.js';
import { useLabSession } from '../fixtures/session.js';

describe('fork from here', () => {
  const { lab } = useLabSession();

  it('forks a run that lost requests at its primary crash, without the crash: nothing lost, the differences named, the parent one click away', async () => {
    await lab.runExampleInSimulation('pb-request-loss-no-retry.faultlab.json');
    const lost = await lab.metric('lost');
    expect(lost).toBeGreaterThan(0);

    await lab.showTab('Metrics');
    await lab.page.getByTestId('fork-open').click();
    const dialog = lab.page.getByTestId('fork-dialog');
    // The dialog opens at the moment the picture shows (the run's end): no faults after it.
    await expect(dialog.getByText('None: this run has no faults from that moment on.').isVisible()).resolves.toBe(true);
    const at = dialog.getByTestId('fork-at').locator('input');
    await at.fill('1000');
    await at.blur();
    await dialog.getByTestId('fork-later').waitFor();
    await expect(dialog.getByTestId('fork-later').textContent()).resolves.toContain('replica 1');
    await dialog.getByTestId('fork-drop-later').click();
    await dialog.getByTestId('fork-add').click();
    await lab.page.getByRole('option', { name: 'Nothing', exact: true }).click();
    expect(await seriousViolations(lab.page, '[data-testid="fork-dialog"]')).toEqual([]);
    await screenshotsAtSizes(lab.page, 'fork-dialog');
    await dialog.getByTestId('fork-make').click();

    const banner = lab.page.getByTestId('fork-banner');
    await banner.waitFor();
    await expect(banner.textContent()).resolves.toContain('at 1,000 ms');
    const differences = banner.getByTestId('fork-differences');
    await expect(differences.textContent()).resolves.toMatch(new RegExp(`${lost} requests ended otherwise[\\s\\S]*lost → answered correctly: ${lost}`));
    expect(await lab.metric('lost')).toBe(0);
    await screenshotsAtSizes(lab.page, 'fork-banner');

    await banner.getByTestId('fork-parent').click();
    await banner.waitFor({ state: 'detached' });
    expect(await lab.metric('lost')).toBe(lost);
  });

  it('reopened later from the kept runs, the fork shows its differences again; with its parent deleted, it says why it cannot', async () => {
    // A new page: nothing of the fork made above is left in it but the kept runs.
    await lab.page.reload();
    await lab.scenarioPanel.waitFor();
    const openFork = async (): Promise<void> => {
      await lab.showTab('Kept runs');
      await lab.runList.locator('.el-table__row').filter({ hasText: '(fork at 1000 ms)' }).getByRole('button', { name: /^Open run/ }).click();
    };
    await openFork();
    const banner = lab.page.getByTestId('fork-banner');
    await banner.waitFor();
    const lost = await lab.metric('lost');
    expect(lost).toBe(0);
    await expect(banner.getByTestId('fork-differences').textContent()).resolves.toMatch(/\d+ requests ended otherwise[\s\S]*lost → answered correctly: \d+/);
    await banner.scrollIntoViewIfNeeded();
    await screenshotsAtSizes(lab.page, 'fork-banner-reopened');

    await lab.showTab('Kept runs');
    const parentRow = lab.runList.locator('.el-table__row').filter({ hasText: 'Request loss: the primary crashes, no retries' }).filter({ hasNotText: 'fork at' });
    await parentRow.getByRole('button', { name: /^Delete run/ }).click();
    await lab.page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    await parentRow.waitFor({ state: 'detached' });
    await lab.page.reload();
    await lab.scenarioPanel.waitFor();
    await openFork();
    await banner.getByTestId('fork-differences-unavailable').getByText('The request-by-request differences from the parent cannot be shown: the parent run is no longer kept.').waitFor();
    await expect(banner.getByTestId('fork-parent').count()).resolves.toBe(0);
    await banner.scrollIntoViewIfNeeded();
    await screenshotsAtSizes(lab.page, 'fork-banner-parent-gone');
  });
});
