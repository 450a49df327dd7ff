/**
 * Choose messages from here, as a student uses it: a simulated primary-backup run without
 * retries whose primary crashes at 1 s, opened in step mode at 991 ms, holds the primary's
 * update for request c2#50 (message #476). Delivered, the run ends as before; dropped (with the
 * keyboard), c2#50 is lost too, and the kept run says so beside its parent. Dropping it again
 * gives the same run: the same figures and the same differences. In Korean, Enter delivers
 * and leaving keeps nothing. The step panel is photographed at the three window sizes, in
 * English and in Korean.
 */
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../fixtures/axe.js';
import { SCREEN_SIZES, screenshot, screenshotsAtSizes } from '../fixtures/browser.js';
import { useLabSession } from '../fixtures/session.js';
import { switchToKorean } from '../pages/korean.js';
import { PB_WITHOUT_RETRIES } from '../../shared/testing/fork-parent.js';

/** The figures two runs are compared by. */
const FIGURES = ['issued', 'correct', 'lost'] as const;

describe('choose messages from here (step mode)', () => {
  const { lab } = useLabSession();

  async function figures(): Promise<number[]> {
    const out: number[] = [];
    for (const f of FIGURES) out.push(await lab.metric(f));
    return out;
  }

  /** From the parent run on screen: step mode at 991 ms, the update #476 held and selected. */
  async function stepAt991(): Promise<void> {
    await lab.waitPictureControls();
    const end = await lab.pictureEnd();
    await lab.scrubExactly(991, end);
    await lab.page.getByTestId('step-open').click();
    const panel = lab.page.getByTestId('step-panel');
    await panel.waitFor();
    const row = panel.getByTestId('held-476');
    await expect(row.textContent()).resolves.toMatch(/#476\s*update\s*r1 → r2\s*c2#50\s*992/);
    await expect(row.getAttribute('aria-current')).resolves.toBe('true');
  }

  async function backToParent(): Promise<void> {
    await lab.page.getByTestId('fork-parent').click();
    await lab.page.getByTestId('fork-banner').waitFor({ state: 'detached' });
  }

  it('delivering the primary\'s update keeps its request answered; dropping it loses the request, the same way every time', async () => {
    await lab.loadScenarioFile('pb.faultlab.json', JSON.stringify(PB_WITHOUT_RETRIES));
    await lab.useSimulation();
    await lab.run();
    await lab.waitPictureControls();
    const parent = await figures();
    expect(parent[2]).toBeGreaterThan(0);

    // The button beside "Fork from here…", under the picture (scrolled to at each size).
    const size = lab.page.viewportSize();
    for (const [width, height] of SCREEN_SIZES) {
      await lab.page.setViewportSize({ width, height });
      await lab.page.getByTestId('step-open').scrollIntoViewIfNeeded();
      await screenshot(lab.page, `step-mode-open-${width}x${height}`);
    }
    if (size) await lab.page.setViewportSize(size);

    // Deliver #476 (the button): the backup acks, the primary answers before it crashes.
    await stepAt991();
    const panel = lab.page.getByTestId('step-panel');
    await panel.getByTestId('step-deliver').click();
    await panel.getByTestId('held-477').waitFor();
    await expect(panel.getByTestId('held-477').textContent()).resolves.toMatch(/ack\s*r2 → r1/);
    await expect(panel.getByTestId('step-choices').textContent()).resolves.toContain('1. deliver #476');
    // The picture and the event log show the effect: the update has arrived, the ack is in the air.
    expect(await lab.pictureTime()).toBe(992);
    expect(await seriousViolations(lab.page, '[data-testid="step-panel"]')).toEqual([]);
    await screenshotsAtSizes(lab.page, 'step-mode-panel');
    await panel.getByTestId('step-finish').click();
    const banner = lab.page.getByTestId('fork-banner');
    await banner.getByTestId('fork-same').waitFor();
    await expect(banner.getByTestId('fork-chosen').textContent()).resolves.toContain('1. deliver #476');
    expect(await figures()).toEqual(parent);

    // Drop #476 (the keyboard: Delete on the panel): c2#50 is lost with the primary.
    await backToParent();
    await stepAt991();
    await lab.page.getByTestId('step-panel').press('Delete');
    await lab.page.getByTestId('step-panel').getByTestId('step-choices').waitFor();
    await expect(lab.page.getByTestId('step-panel').getByTestId('step-none-held').isVisible()).resolves.toBe(true);
    await lab.page.getByTestId('step-finish').click();
    const differences = lab.page.getByTestId('fork-differences');
    await differences.waitFor();
    await expect(differences.textContent()).resolves.toMatch(/1 request ended otherwise[\s\S]*answered correctly → lost: 1[\s\S]*c2#50/);
    await screenshotsAtSizes(lab.page, 'step-mode-kept');
    const dropped = await figures();
    expect(dropped).toEqual([parent[0], (parent[1] ?? 0) - 1, (parent[2] ?? 0) + 1]);

    // The same choice again: the same run.
    await backToParent();
    await stepAt991();
    await lab.page.getByTestId('step-panel').getByTestId('step-drop').click();
    await lab.page.getByTestId('step-panel').getByTestId('step-choices').waitFor();
    await lab.page.getByTestId('step-finish').click();
    await differences.waitFor();
    await expect(differences.textContent()).resolves.toMatch(/answered correctly → lost: 1[\s\S]*c2#50/);
    expect(await figures()).toEqual(dropped);
  });

  it('in Korean: Enter delivers the selected message, and leaving keeps nothing and shows the parent again', async () => {
    await backToParent();
    await switchToKorean(lab);
    await stepAt991();
    const panel = lab.page.getByTestId('step-panel');
    await expect(panel.textContent()).resolves.toContain('991 ms부터 메시지 고르는 중');
    await panel.press('Enter');
    await panel.getByTestId('held-477').waitFor();
    await expect(panel.getByTestId('step-choices').textContent()).resolves.toContain('1. #476 전달');
    await screenshotsAtSizes(lab.page, 'step-mode-panel-ko');
    await panel.getByTestId('step-cancel').click();
    await panel.waitFor({ state: 'detached' });
    await lab.waitPictureControls();
    await expect(lab.page.getByTestId('fork-banner').count()).resolves.toBe(0);
  });
});
