/**
 * The cluster picture and its time control, in Chromium on simulated runs: it animates
 * (frames per second measured and printed, not asserted), play/pause/step/speed move the
 * moment shown, a partition is drawn as a cut and a Byzantine reply in the lie colour.
 * Screenshots at three window sizes of a primary crash, a collusion and a partition.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LabPage } from '../pages/lab-page.js';
import { screenshot } from '../fixtures/browser.js';
import { ROOT } from '../fixtures/serve.js';
import { useLabSession } from '../fixtures/session.js';

const SIZES: [number, number][] = [
  [1024, 700],
  [1366, 768],
  [1920, 1080],
];

/** Runs a preset, a file of examples/, or (preset: null) the scenario as the form has it, in simulation; returns the run's end. */
async function runSimulated(lab: LabPage, preset: string | { file: string } | { preset: null }): Promise<number> {
  if (typeof preset === 'string') await lab.choosePreset(preset);
  else if ('file' in preset) await lab.openScenarioFile(preset.file, readFileSync(join(ROOT, 'examples', preset.file), 'utf8'));
  await lab.useSimulation();
  await lab.run();
  await lab.waitPictureControls();
  return lab.pictureEnd();
}

async function shots(lab: LabPage, name: string): Promise<void> {
  for (const [width, height] of SIZES) {
    await lab.page.setViewportSize({ width, height });
    await lab.picture.scrollIntoViewIfNeeded();
    await screenshot(lab.page, `picture-${name}-${width}x${height}`);
  }
  await lab.page.setViewportSize({ width: 1440, height: 1000 });
}

describe('the cluster picture', () => {
  const { lab } = useLabSession();

  it('animates a primary crash when played, and its frame rate is measured', async () => {
    const end = await runSimulated(lab, 'Primary crash and failover');
    expect(end).toBeGreaterThan(1000);
    await lab.scrubTo(30, end);
    const before = await lab.pictureTime();
    await lab.page.getByTestId('play').click();
    // Counted in the page: animation frames over about 2 s, and the distinct moments the picture drew.
    const measured = (await lab.page.evaluate(`new Promise((done) => {
      const picture = document.querySelector('[data-testid="cluster-picture"]');
      const times = new Set();
      let frames = 0;
      const start = performance.now();
      const tick = (now) => {
        frames += 1;
        times.add(picture.getAttribute('data-time'));
        if (now - start < 2000) requestAnimationFrame(tick);
        else done({ frames, ms: now - start, times: [...times] });
      };
      requestAnimationFrame(tick);
    })`)) as { frames: number; ms: number; times: string[] };
    const fps = (measured.frames * 1000) / measured.ms;
    console.log(`cluster picture, primary crash replayed at 1x: ${measured.frames} frames in ${Math.round(measured.ms)} ms = ${fps.toFixed(1)} frames/s, ${measured.times.length} distinct moments drawn`);
    expect(measured.frames).toBeGreaterThan(0);
    expect(measured.times.length).toBeGreaterThan(1);
    expect(await lab.pictureTime()).toBeGreaterThan(before);

    // The crashed primary is greyed and the backup crowned once the failover is over.
    // Moving the scrubber pauses playing (if it has not reached the end already).
    await lab.scrubTo(end - 50, end);
    await lab.page.getByTestId('play').waitFor();
    await expect(lab.page.getByTestId('picture-replica-1').getAttribute('data-status')).resolves.toBe('crashed');
    await expect(lab.page.getByTestId('picture-replica-2').getAttribute('data-standing')).resolves.toBe('primary');
    await lab.scrubTo(1100, end);
    await lab.stepDelivery();
    await shots(lab, 'primary-crash');
  });

  it('pauses, steps to the next delivery and plays at the chosen speed', async () => {
    const end = await lab.pictureEnd();
    await lab.scrubTo(200, end);
    // Slowly, so the run is still playing when Pause is pressed on any machine.
    await lab.setSpeed('0.1×');
    await lab.page.getByTestId('play').click();
    const from = await lab.pictureTime();
    await expect.poll(() => lab.pictureTime(), { timeout: 10_000 }).toBeGreaterThan(from + 2);
    await lab.page.getByTestId('pause').click();
    const paused = await lab.pictureTime();
    // A paused clock stays put over the next frames.
    await lab.page.evaluate('new Promise((done) => { let n = 0; const f = () => (++n < 10 ? requestAnimationFrame(f) : done()); requestAnimationFrame(f); })');
    expect(await lab.pictureTime()).toBe(paused);
    await lab.page.getByTestId('play').waitFor();

    await lab.stepDelivery();
    const stepped = await lab.pictureTime();
    expect(stepped).toBeGreaterThan(paused);
    await lab.page.getByTestId('picture-time').filter({ hasText: new RegExp(`^${stepped.toLocaleString('en-US')} /`) }).waitFor();

    await lab.setSpeed('10×');
    await expect(lab.page.getByTestId('speed').textContent()).resolves.toContain('10×');
    await lab.page.getByTestId('play').click();
    // At 10x the rest of the run plays out and the clock stops at its end.
    await lab.page.getByTestId('play').waitFor({ timeout: 30_000 });
    expect(await lab.pictureTime()).toBe(end);
    await lab.setSpeed('1×');
  });

  it('shows a liar’s reply in the lie colour', async () => {
    const end = await runSimulated(lab, 'Voting masks one liar');
    const lies = lab.picture.locator('[data-kind="lie"]');
    // Replica 3 starts lying partway in: scrub past its fault, then step delivery by delivery until one of its replies is in the air.
    await lab.scrubTo(end * 0.35, end);
    let steps = 0;
    while ((await lies.count()) === 0 && steps < 400) {
      await lab.stepDelivery();
      steps += 1;
    }
    expect(await lies.count()).toBeGreaterThan(0);
    await expect(lies.first().getAttribute('fill')).resolves.toBe('#D55E00');
    await lab.page.getByTestId('picture-replica-3').getByText(/^Byzantine: /).waitFor();
    // Its details on hover.
    await lies.first().hover({ force: true });
    await lab.page.getByTestId('message-tip').getByText(/a lie: r3 is Byzantine/).waitFor();
  });

  it('draws two colluding liars and the honest replica they outvote', async () => {
    const end = await runSimulated(lab, { file: 'why-2k-plus-1-two-liars.faultlab.json' });
    await lab.scrubTo(end * 0.4, end);
    let steps = 0;
    const outvoted = lab.picture.locator('[data-kind="outvoted"]');
    while (((await lab.picture.locator('[data-kind="lie"]').count()) === 0 || (await outvoted.count()) === 0) && steps < 400) {
      await lab.stepDelivery();
      steps += 1;
    }
    expect(await lab.picture.locator('[data-kind="lie"]').count()).toBeGreaterThan(0);
    await shots(lab, 'collusion');
  });

  it('draws a partition as a cut between its sides', async () => {
    const end = await runSimulated(lab, { file: 'split-brain.faultlab.json' });
    await lab.scrubTo(200, end);
    await expect(lab.page.getByTestId('partition-cut').count()).resolves.toBe(0);
    await lab.scrubTo(1100, end);
    await lab.stepDelivery();
    await expect(lab.page.getByTestId('partition-cut').count()).resolves.toBe(2);
    await shots(lab, 'partition');
  });

  it('injects a fault from a replica’s menu in the picture during a live run', async () => {
    await lab.choosePreset('Voting masks one liar');
    await lab.useSimulation();
    await lab.setNumber('Duration in ms', 20_000);
    await lab.run();
    await lab.page.getByTestId('picture-live').waitFor();
    await lab.page.getByTestId('picture-node-1').click();
    const menu = lab.page.getByTestId('picture-menu');
    await menu.getByRole('menuitem', { name: 'Crash' }).click();
    await lab.replicaStatus(1).filter({ hasText: 'crashed' }).waitFor();
    await expect.poll(() => lab.page.getByTestId('picture-replica-1').getAttribute('data-status')).toBe('crashed');
    await lab.stopButton.click();
    await lab.waitFinished();
    await lab.waitPictureControls();
  });

  it('measures the frame rate with 5 replicas at 1,000 requests/s', async () => {
    await lab.choosePreset('Primary crash and failover');
    await lab.setNumber('n, the number of replicas', 5);
    await lab.setNumber('Requests per second', 1000);
    const end = await runSimulated(lab, { preset: null });
    await lab.scrubTo(30, end);
    await lab.page.getByTestId('play').click();
    const measured = (await lab.page.evaluate(`new Promise((done) => {
      const picture = document.querySelector('[data-testid="cluster-picture"]');
      const times = new Set();
      let frames = 0, most = 0;
      const start = performance.now();
      const tick = (now) => {
        frames += 1;
        times.add(picture.getAttribute('data-time'));
        most = Math.max(most, Number(picture.getAttribute('data-in-air')));
        if (now - start < 2000) requestAnimationFrame(tick);
        else done({ frames, ms: now - start, times: times.size, most });
      };
      requestAnimationFrame(tick);
    })`)) as { frames: number; ms: number; times: number; most: number };
    console.log(`cluster picture, 5 replicas at 1,000 requests/s replayed at 1x: ${measured.frames} frames in ${Math.round(measured.ms)} ms = ${((measured.frames * 1000) / measured.ms).toFixed(1)} frames/s, up to ${measured.most} messages in the air at once (above 400 drawn as counts per edge)`);
    expect(measured.frames).toBeGreaterThan(0);
    expect(measured.times).toBeGreaterThan(1);
    await lab.scrubTo(end * 0.7, end);
    await lab.page.getByTestId('play').waitFor();
    await lab.picture.scrollIntoViewIfNeeded();
    await screenshot(lab.page, 'picture-load-5-replicas');
  });
});

