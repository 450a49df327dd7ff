/**
 * The first screen explains itself: before any run, the cluster view offers exercise 1
 * beside Run; the lab guide is a link in browser mode and opens; each run view starts with
 * a line saying why it is there (in the app's language). Its fault form schedules a
 * partition as well as a heal. At 1024 px every tab stays in sight and the scenario panel
 * folds away.
 */
import { describe, expect, it } from 'vitest';
import { screenshot, screenshotsAtSizes } from '../fixtures/browser.js';
import { useLabSession } from '../fixtures/session.js';

describe('the first screen', () => {
  const { lab } = useLabSession();

  it('offers exercise 1, links the lab guide, and says why each view is there', async () => {
    const start = lab.page.getByTestId('start-exercise-1');
    await start.waitFor();
    await expect(start.textContent()).resolves.toContain('Start exercise 1');
    await screenshotsAtSizes(lab.page, 'first-screen');
    await start.click();
    const panel = lab.page.getByTestId('exercise-panel');
    await panel.getByTestId('exercise-body').getByText('Goal.').waitFor();
    await expect(panel.getByTestId('exercise-select').textContent()).resolves.toMatch(/Why 2k\+1 replicas\?/);

    const guide = lab.page.getByTestId('lab-guide');
    const href = await guide.getAttribute('href');
    expect(href).toBe('guide.html');
    const popup = lab.page.waitForEvent('popup');
    await guide.click();
    const page = await popup;
    await page.waitForLoadState();
    await expect(page.title()).resolves.toBe('Fault Lab — lab guide');
    await page.close();

    await lab.showTab('Failover timeline');
    await expect(lab.page.getByTestId('why-timeline').textContent()).resolves.toMatch(/^Why: with primary-backup one replica/);
    await lab.showTab('Vote tallies');
    await expect(lab.page.getByTestId('why-votes').textContent()).resolves.toMatch(/k\+1 matching replies can never all be lies/);
  });

  it('schedules a partition from the fault form, and the run cuts the replica off', async () => {
    const panel = lab.page.getByTestId('scenario-panel');
    await panel.getByTestId('fault-type').click();
    await lab.page.locator('.el-select-dropdown__item:visible').filter({ hasText: /^partition$/ }).click();
    await panel.getByTestId('fault-cut-off').waitFor();
    await panel.getByText('These replicas cannot reach the others').waitFor();
    await screenshotsAtSizes(lab.page, 'fault-form-partition', () => panel.getByTestId('fault-add').scrollIntoViewIfNeeded());
    await panel.getByTestId('fault-add').click();
    await panel.getByText('partition {1} | {2, 3}').waitFor();
    await lab.page.getByTestId('mode').getByRole('radio', { name: 'Simulation' }).check({ force: true });
    await lab.run();
    await lab.waitFinished();
    await expect(lab.replicaStatus(1).textContent()).resolves.toBe('cut off');
  });

  it('at 1024 px keeps every tab in sight, and folds the scenario panel away for room and back', async () => {
    const before = lab.page.viewportSize();
    await lab.page.setViewportSize({ width: 1024, height: 700 });
    for (const name of ['Failover timeline', 'Compare', 'Sweep', 'Try to break it']) {
      const box = await lab.page.getByRole('tab', { name }).boundingBox();
      expect(box, name).not.toBeNull();
      expect(box!.x + box!.width, name).toBeLessThanOrEqual(1024);
    }
    const main = lab.page.locator('.app-main');
    const narrow = (await main.boundingBox())!.width;
    await lab.page.getByTestId('aside-hide').click();
    await lab.page.getByTestId('aside-show').waitFor();
    await expect.poll(async () => (await main.boundingBox())!.width).toBeGreaterThan(narrow + 300);
    await screenshot(lab.page, 'scenario-panel-folded-1024x700');
    await lab.page.getByTestId('aside-show').click();
    await lab.page.getByTestId('scenario-panel').waitFor();
    await expect.poll(async () => (await main.boundingBox())!.width).toBe(narrow);
    if (before) await lab.page.setViewportSize(before);
  });
});
