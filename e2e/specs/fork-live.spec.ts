/**
 * Fork from here, played live, as a student uses it: a simulated primary-backup run without
 * retries loses requests when its primary crashes at 1 s. Played from 1000 ms without that
 * crash, the fork is on screen at once as a live run, paused at its moment with its parent's
 * past (the primary still up), says that its differences come when it ends; played at 10× to
 * its end, nothing is lost and the banner names the requests that ended otherwise. The paused
 * fork and the ended one are photographed at the three window sizes.
 */
import { describe, expect, it } from 'vitest';
import { screenshotsAtSizes } from '../fixtures/browser.js';
import { useLabSession } from '../fixtures/session.js';

describe('fork from here, played live', () => {
  const { lab } = useLabSession();

  it('opens the fork paused at its moment, plays it at 10× to its end, then names what ended otherwise', async () => {
    await lab.runExampleInSimulation('pb-request-loss-no-retry.faultlab.json');
    const lost = await lab.metric('lost');
    expect(lost).toBeGreaterThan(0);

    await lab.page.getByTestId('fork-open').click();
    const dialog = lab.page.getByTestId('fork-dialog');
    const at = dialog.getByTestId('fork-at').locator('input');
    await at.fill('1000');
    await at.blur();
    await dialog.getByTestId('fork-drop-later').click();
    await dialog.getByTestId('fork-add').click();
    await lab.page.getByRole('option', { name: 'Nothing', exact: true }).click();
    await dialog.getByTestId('fork-play').click();

    // On screen as a live run, paused, at its moment: the parent's past, the primary still up.
    const live = lab.page.getByTestId('picture-live');
    await live.waitFor();
    await live.getByTestId('live-state').getByText('Paused: the simulation’s clock stands still.').waitFor();
    const banner = lab.page.getByTestId('fork-banner');
    await expect(banner.textContent()).resolves.toContain('at 1,000 ms');
    await banner.getByTestId('fork-differences-later').waitFor();
    await expect.poll(() => lab.pictureTime(), { timeout: 30_000 }).toBeGreaterThan(950);
    expect(await lab.pictureTime()).toBeLessThanOrEqual(1000);
    await expect(lab.replicaStatus(1).textContent()).resolves.not.toMatch(/crashed/i);
    await lab.picture.scrollIntoViewIfNeeded();
    await screenshotsAtSizes(lab.page, 'fork-live-paused');

    // Played at 10× to its end: nothing lost, and the requests that ended otherwise named.
    await live.getByTestId('live-speed').click();
    await lab.page.getByRole('option', { name: '10×', exact: true }).click();
    await live.getByTestId('live-resume').click();
    await lab.waitFinished();
    await banner.getByTestId('fork-differences').waitFor();
    await expect(banner.getByTestId('fork-differences').textContent()).resolves.toMatch(new RegExp(`${lost} requests ended otherwise[\\s\\S]*lost → answered correctly: ${lost}`));
    expect(await lab.metric('lost')).toBe(0);
    await banner.scrollIntoViewIfNeeded();
    await screenshotsAtSizes(lab.page, 'fork-live-ended');
  });
});
