/**
 * Pause and slow motion of a live run with real replica processes: paused, the picture's
 * messages and the run's clock stand still while a crash is injected at the moment shown;
 * resumed, the clock goes on and the crash shows its effect (messages to the crashed replica
 * are lost); slow motion shows the relay's new speed. Every wait is for something on the
 * page, never for time.
 */
import { describe, expect, it } from 'vitest';
import type { LabPage } from '../pages/lab-page.js';
import { screenshot } from '../fixtures/browser.js';
import { switchToKorean } from '../pages/korean.js';
import { useLabSession } from '../fixtures/session.js';

const SIZES: [number, number][] = [
  [1024, 700],
  [1366, 768],
  [1920, 1080],
];

/** Every message dot in the picture: its key and where it is drawn. */
async function dots(lab: LabPage): Promise<Map<string, string>> {
  const list = await lab.picture.locator('.msg[data-message]').evaluateAll((els) =>
    els.map((el) => [el.getAttribute('data-message') ?? '', `${el.getAttribute('cx') ?? ''},${el.getAttribute('cy') ?? ''},${el.getAttribute('d') ?? ''}`] as const),
  );
  return new Map(list);
}

describe('pausing and slowing a live real-mode run', () => {
  const { lab } = useLabSession();

  it('freezes the picture and the run clock, takes a crash at the moment shown, and shows its effect on resume', async () => {
    await lab.choosePreset('Voting masks one liar');
    await lab.removeScheduledFaults();
    // A long run, stopped below once the effects show: the test never races the run's end.
    await lab.setNumber('Duration in ms', 120_000);
    await lab.setNumber('Requests per second', 20);
    await expect(lab.page.getByTestId('mode').getByRole('radio', { name: 'Real processes' }).isChecked()).resolves.toBe(true);
    await lab.run();
    const live = lab.page.getByTestId('picture-live');
    await live.waitFor();
    await expect.poll(() => lab.pictureTime(), { timeout: 30_000 }).toBeGreaterThan(300);

    await live.getByTestId('live-pause').click();
    await lab.runStatus.filter({ hasText: 'Paused' }).waitFor();
    await live.getByTestId('live-state').getByText(/Paused: the relay holds every message/).waitFor();
    await live.getByTestId('live-resume').waitFor();
    const pausedAt = await lab.pictureTime();
    const clock = await live.getByTestId('live-clock').textContent();
    const before = await dots(lab);

    // A crash injected while paused: the picture greys replica 3 at the moment it shows.
    await lab.page.getByTestId('picture-node-3').click();
    await lab.page.getByTestId('picture-menu').getByRole('menuitem', { name: 'Crash', exact: true }).click();
    await expect.poll(() => lab.page.getByTestId('picture-replica-3').getAttribute('data-status'), { timeout: 30_000 }).toBe('crashed');
    await lab.replicaStatus(3).filter({ hasText: 'crashed' }).waitFor();

    // Still paused: the clock and every message that was in the air have not moved.
    expect(await lab.pictureTime()).toBe(pausedAt);
    expect(await live.getByTestId('live-clock').textContent()).toBe(clock);
    const after = await dots(lab);
    let same = 0;
    for (const [key, at] of before) {
      if (!after.has(key)) continue;
      expect(after.get(key)).toBe(at);
      same++;
    }
    expect(same).toBeGreaterThan(0);
    await live.getByTestId('live-pace-note').getByText(/replica processes keep running/).waitFor();
    for (const [width, height] of SIZES) {
      await lab.page.setViewportSize({ width, height });
      await lab.picture.scrollIntoViewIfNeeded();
      await screenshot(lab.page, `live-paused-${width}x${height}`);
    }
    // In Korean, the same controls and explanation.
    await switchToKorean(lab);
    await live.getByTestId('live-state').getByText(/^일시 정지: 중계기가 모든 메시지를 붙잡아 두고/).waitFor();
    await live.getByTestId('live-resume').getByText('다시 시작').waitFor();
    await lab.page.setViewportSize({ width: 1366, height: 768 });
    await lab.picture.scrollIntoViewIfNeeded();
    await screenshot(lab.page, 'live-paused-ko-1366x768');
    await lab.page.getByTestId('language').getByRole('radio', { name: 'English' }).check({ force: true });
    await live.getByTestId('live-resume').getByText('Resume').waitFor();
    await lab.page.setViewportSize({ width: 1440, height: 1000 });

    // Resumed: the run clock goes on from the paused moment, and messages to replica 3 are lost.
    await live.getByTestId('live-resume').click();
    await lab.runStatus.filter({ hasText: 'Running' }).waitFor();
    await expect.poll(() => lab.pictureTime(), { timeout: 30_000 }).toBeGreaterThan(pausedAt);
    await lab.picture.locator('[data-testid="lost-mark"][data-reason="crashed"]').first().waitFor({ timeout: 30_000 });

    // Slow motion: the relay's speed is shown, in the control and the state line.
    await live.getByTestId('live-speed').click();
    // Nothing faster than real time for real processes (their own timers keep real time).
    await lab.page.getByRole('option', { name: '0.25×', exact: true }).waitFor();
    expect(await lab.page.getByRole('option', { name: '2×', exact: true }).count()).toBe(0);
    await lab.page.getByRole('option', { name: '0.25×', exact: true }).click();
    await live.getByTestId('live-state').getByText(/slow motion \(0\.25×\)/).waitFor();
    await expect(live.getByTestId('live-speed').textContent()).resolves.toContain('0.25×');
    await lab.picture.scrollIntoViewIfNeeded();
    await screenshot(lab.page, 'live-slow-motion-1440x1000');

    await lab.stopButton.click();
    await lab.waitFinished();
  });
});

describe('fast forward of a live simulated run', () => {
  const { lab } = useLabSession();

  it('offers up to 10× in simulation, says so, and the run goes on to its end', async () => {
    await lab.choosePreset('Voting masks one liar');
    await lab.setNumber('Duration in ms', 60_000);
    await lab.useSimulation();
    await lab.run();
    const live = lab.page.getByTestId('picture-live');
    await live.waitFor();
    await live.getByTestId('live-speed').click();
    await lab.page.getByRole('option', { name: '10×', exact: true }).click();
    await live.getByTestId('live-state').getByText(/fast forward \(10×\)/).waitFor();
    // The sequencer's name is painted over the traffic that goes through its box (4: the name follows the dot in the document).
    await lab.picture.locator('.msg').first().waitFor();
    const nameOverDots = await lab.picture.evaluate((root) => {
      const name = root.querySelector('[data-testid="middle-name"]');
      const dots = [...root.querySelectorAll('.msg')];
      return name?.textContent === 'sequencer' && dots.length > 0 && dots.every((d) => (d.compareDocumentPosition(name) & 4) !== 0);
    });
    expect(nameOverDots).toBe(true);
    for (const [width, height] of SIZES) {
      await lab.page.setViewportSize({ width, height });
      await lab.picture.scrollIntoViewIfNeeded();
      await screenshot(lab.page, `live-fast-forward-${width}x${height}`);
    }
    await lab.waitFinished(120_000);
  });
});
