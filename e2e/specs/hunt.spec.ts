/**
 * "Try to break this" as a student meets it: on the primary-crash lab, the lab searches
 * fault schedules until a request is lost, shrinks the schedule, and opens the smallest
 * failing run, whose figures show the loss.
 */
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../fixtures/axe.js';
import { screenshotsAtSizes } from '../fixtures/browser.js';
import { useLabSession } from '../fixtures/session.js';

describe('try to break this', () => {
  const { lab } = useLabSession();

  it('finds a schedule that loses a request on the primary-crash lab, shrinks it, and opens its run', async () => {
    await lab.choosePreset('Primary crash and failover');
    await lab.showTab('Try to break it');
    const view = lab.page.getByTestId('hunt-view');
    // Primary-backup's claim to try first is that no request is lost.
    await expect(view.getByTestId('hunt-check').textContent()).resolves.toContain('No request is lost');
    await view.getByTestId('hunt-run').click();
    const broken = view.getByTestId('hunt-broken');
    await broken.waitFor({ timeout: 120_000 });
    await expect(broken.textContent()).resolves.toMatch(/Broken: "No request is lost" fails with (a single fault|\d+ faults|no fault at all)\./);
    const faults = await view.getByTestId('hunt-faults').locator('li').allTextContents();
    expect(faults.length).toBeGreaterThan(0);
    for (const f of faults) expect(f).toMatch(/^\d+ ms: /);
    await screenshotsAtSizes(lab.page, 'hunt-primary-crash');
    expect(await seriousViolations(lab.page, '[data-testid="hunt-view"]')).toEqual([]);

    await view.getByTestId('hunt-open').click();
    await lab.runStatus.filter({ hasText: /Finished|Loaded/ }).waitFor();
    expect(await lab.metric('lost')).toBeGreaterThan(0);
  });
});
