/**
 * The cluster picture and its time control, in Chromium on simulated runs: it animates
 * (frames per second measured and printed, not asserted), play/pause/step/speed move the
 * moment shown, a partition is drawn as a cut and a Byzantine reply in the lie colour.
 * Screenshots at three window sizes of a primary crash, a collusion and a partition. A
 * message picked in a paused replay is found in the event log and the diagram; in a live
 * run a replica is crashed from its menu by keyboard and a partition drawn by dragging.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LabPage } from '../pages/lab-page.js';
import { screenshot } from '../fixtures/browser.js';
import { seriousViolations } from '../fixtures/axe.js';
import { englishLabelsIn, switchToKorean } from '../pages/korean.js';
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
  else if ('file' in preset) await lab.loadScenarioFile(preset.file, readFileSync(join(ROOT, 'examples', preset.file), 'utf8'));
  await lab.useSimulation();
  await lab.run();
  await lab.waitPictureControls();
  return lab.pictureEnd();
}

/** The focused element's text or one of its attributes. */
async function focused(lab: LabPage, what: 'textContent' | 'data-testid'): Promise<string | null> {
  return (await lab.page.evaluate(
    what === 'textContent' ? 'document.activeElement?.textContent?.trim() ?? null' : `document.activeElement?.getAttribute(${JSON.stringify(what)}) ?? null`,
  )) as string | null;
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

    // Each step moves to the next delivery; two deliveries can fall within the 0.1 ms the
    // picture shows, so step until the moment shown moves (a few steps at most).
    let stepped = paused;
    for (let i = 0; i < 5 && stepped <= paused; i++) {
      await lab.stepDelivery();
      stepped = await lab.pictureTime();
    }
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

  it('picks a message in a paused replay: its contents, its rows in the event log, the span around it in the diagram', async () => {
    const end = await runSimulated(lab, 'Voting masks one liar');
    await lab.scrubTo(end * 0.5, end);
    await lab.page.getByTestId('play').waitFor();
    const dots = lab.picture.locator('[data-message]');
    let steps = 0;
    while ((await dots.count()) === 0 && steps < 100) {
      await lab.stepDelivery();
      steps += 1;
    }
    const dot = dots.first();
    const key = (await dot.getAttribute('data-message'))!;

    // Hover: what it carries, in a box inside the picture.
    await dot.hover({ force: true });
    const tip = lab.page.getByTestId('message-tip');
    await tip.getByText(/^message #\d+, sent at [\d.]+ ms$/).waitFor();
    await expect.poll(() => tip.getAttribute('style')).toContain('opacity: 1');
    const [tipBox, svgBox] = [await tip.boundingBox(), await lab.picture.locator('svg.svg').boundingBox()];
    expect(tipBox!.x).toBeGreaterThanOrEqual(svgBox!.x - 0.5);
    expect(tipBox!.y).toBeGreaterThanOrEqual(svgBox!.y - 0.5);
    expect(tipBox!.x + tipBox!.width).toBeLessThanOrEqual(svgBox!.x + svgBox!.width + 0.5);
    expect(tipBox!.y + tipBox!.height).toBeLessThanOrEqual(svgBox!.y + svgBox!.height + 0.5);
    const tipText = (await tip.textContent()) ?? '';
    expect(tipText).toMatch(/→/);

    // Click: picked (whichever message was on top there), marked in the picture, the moment kept.
    const before = await lab.pictureTime();
    await dot.click({ force: true });
    await lab.page.getByTestId('picked-panel').waitFor();
    const picked = (await lab.picture.getAttribute('data-picked'))!;
    expect(picked).toMatch(/^\d+\/[01]$/);
    void key;
    const id = Number(picked.split('/')[0]);
    await lab.page.getByTestId('picked-edge').waitFor();
    await lab.page.getByTestId('picked-dot').waitFor();
    expect(await lab.pictureTime()).toBe(before);
    await lab.page.getByTestId('picked-panel').getByText(`Picked: message #${id}`).waitFor();
    expect(await seriousViolations(lab.page, '[data-testid="cluster-view"]')).toEqual([]);
    await shots(lab, 'picked-message');

    // Show in event log: the tab opens on the send row, marked; then its delivery or loss.
    await lab.page.getByTestId('show-in-log').click();
    await lab.page.getByRole('tab', { name: 'Event log', selected: true }).waitFor();
    const marked = lab.page.getByTestId('log-row-picked');
    await marked.filter({ hasText: new RegExp(`send\\s*#${id} `) }).waitFor();
    await lab.page.getByTestId('log-picked').getByText(new RegExp(`Message #${id} `)).waitFor();
    await lab.page.getByTestId('log-show-end').click();
    await marked.filter({ hasText: new RegExp(`(deliver|drop)\\s*#${id} `) }).waitFor();
    await expect(marked.first().isVisible()).resolves.toBe(true);
    await lab.eventLog.scrollIntoViewIfNeeded();
    await screenshot(lab.page, 'picture-picked-in-log');

    // A filter that hides it is cleared when it is shown again.
    await lab.page.getByTestId('log-text').fill('no such event here');
    await expect.poll(() => marked.count()).toBe(0);
    await lab.picture.scrollIntoViewIfNeeded();
    await lab.page.getByTestId('show-in-log').click();
    await marked.filter({ hasText: new RegExp(`send\\s*#${id} `) }).waitFor();

    // Show in message diagram: the span around it, the message marked.
    await lab.picture.scrollIntoViewIfNeeded();
    await lab.page.getByTestId('show-in-diagram').click();
    await lab.page.getByRole('tab', { name: 'Messages', selected: true }).waitFor();
    await lab.page.getByTestId('diagram-around').filter({ hasText: `message #${id},` }).waitFor({ timeout: 30_000 });
    await expect(lab.page.getByTestId('diagram-span-window').getAttribute('data-marked')).resolves.toBe(String(id));
    // The span form says which span is drawn.
    const caption = (await lab.page.getByTestId('diagram-span-window').locator('figcaption').textContent()) ?? '';
    const drawnFrom = Number(/: (\d+)–\d+ ms:/.exec(caption)?.[1]);
    await expect.poll(async () => Math.abs(Number(await lab.page.getByRole('spinbutton', { name: 'From ms' }).inputValue()) - drawnFrom)).toBeLessThanOrEqual(1);
    await lab.page.getByTestId('diagram-span-window').scrollIntoViewIfNeeded();
    await screenshot(lab.page, 'picture-picked-in-diagram');

    // Escape unpicks; so does a click on an empty part of the picture.
    await lab.page.keyboard.press('Escape');
    await lab.page.getByTestId('picked-panel').waitFor({ state: 'detached' });
    // By keyboard: a message of the paused replay is a button; Enter picks it.
    await lab.picture.scrollIntoViewIfNeeded();
    await lab.picture.locator('[data-message][role="button"]').first().focus();
    await tip.waitFor();
    await lab.page.keyboard.press('Enter');
    await lab.page.getByTestId('picked-panel').waitFor();
    const svgNow = (await lab.picture.locator('svg.svg').boundingBox())!;
    await lab.page.mouse.click(svgNow.x + 6, svgNow.y + svgNow.height - 6);
    await lab.page.getByTestId('picked-panel').waitFor({ state: 'detached' });
  });

  it('says why faults cannot be injected into a replay', async () => {
    await lab.picture.scrollIntoViewIfNeeded();
    await lab.page.getByTestId('picture-node-1').click();
    const note = lab.page.getByTestId('picture-note');
    await note.getByText(/only while a run is going on/).waitFor();
    await expect(lab.page.getByTestId('picture-menu').count()).resolves.toBe(0);
    await lab.page.keyboard.press('Escape');
    await note.waitFor({ state: 'detached' });
    // A drag says so too, and draws nothing.
    const r2 = (await lab.page.getByTestId('picture-node-2').boundingBox())!;
    await lab.page.mouse.move(r2.x - 40, r2.y + r2.height / 2);
    await lab.page.mouse.down();
    await lab.page.mouse.move(r2.x + r2.width + 40, r2.y + r2.height / 2, { steps: 8 });
    await note.getByText(/only while a run is going on/).waitFor();
    await expect(lab.page.getByTestId('partition-stroke').count()).resolves.toBe(0);
    await lab.page.mouse.up();
    await expect(lab.page.getByTestId('partition-cut').count()).resolves.toBe(0);
    await shots(lab, 'replay-note');

    // In Korean: the note, a picked message's strip and the hint, none of it left in English.
    await switchToKorean(lab);
    await lab.page.getByTestId('picture-node-1').click();
    await note.getByText(/실행이 진행 중일 때만/).waitFor();
    await lab.page.keyboard.press('Escape');
    await note.waitFor({ state: 'detached' });
    await lab.picture.locator('[data-message]').first().click({ force: true });
    await lab.page.getByTestId('picked-panel').getByText(/^선택한 메시지: #\d+$/).waitFor();
    await lab.page.getByTestId('picture-hint').getByText(/클릭해서 선택하면/).waitFor();
    expect(englishLabelsIn((await lab.picture.textContent()) ?? '')).toEqual([]);
    await lab.picture.scrollIntoViewIfNeeded();
    await screenshot(lab.page, 'picture-picked-ko');
    await lab.page.keyboard.press('Escape');
    await lab.page.getByTestId('language').getByRole('radio', { name: 'English' }).check({ force: true });
    await lab.page.getByRole('tab', { name: 'Event log' }).waitFor();
  });

  it('crashes a replica from its menu by keyboard and draws a partition by dragging, during a live run', async () => {
    await lab.choosePreset('Voting masks one liar');
    await lab.useSimulation();
    // Long enough for the keyboard, the drag, an axe check and screenshots on a busy 2-core machine; stopped once the effects show.
    await lab.setNumber('Duration in ms', 120_000);
    // Few messages in the air: the page stays responsive on a loaded machine while it is photographed and checked.
    await lab.setNumber('Requests per second', 20);
    await lab.run();
    await lab.page.getByTestId('picture-live').waitFor();
    await lab.page.getByTestId('picture-hint').getByText(/Drag across replicas/).waitFor();

    // The node menu by keyboard: focus the node, Enter opens the menu on its first item.
    await lab.page.getByTestId('picture-node-1').focus();
    await lab.page.keyboard.press('Enter');
    const menu = lab.page.getByTestId('picture-menu');
    await menu.waitFor();
    await expect.poll(() => focused(lab, 'textContent')).toBe('Crash');
    await lab.page.keyboard.press('ArrowDown');
    await expect.poll(() => focused(lab, 'textContent')).toBe('Pause');
    await lab.page.keyboard.press('ArrowUp');
    await expect.poll(() => focused(lab, 'textContent')).toBe('Crash');
    expect(await seriousViolations(lab.page, '[data-testid="cluster-view"]')).toEqual([]);
    await shots(lab, 'node-menu');
    await lab.page.getByTestId('picture-node-1').focus();
    await lab.page.keyboard.press('Enter');
    await menu.waitFor();
    await expect.poll(() => focused(lab, 'textContent')).toBe('Crash');
    await lab.page.keyboard.press('Enter');
    await menu.waitFor({ state: 'detached' });
    await expect.poll(() => lab.page.getByTestId('picture-replica-1').getAttribute('data-status'), { timeout: 30_000 }).toBe('crashed');
    await lab.replicaStatus(1).filter({ hasText: 'crashed' }).waitFor();
    // The menu closed with the fault injected, and the focus is back on the node.
    await expect.poll(() => focused(lab, 'data-testid')).toBe('picture-node-1');

    // Drag across replica 2: it is cut off from replica 1, replica 3 and the clients.
    const r2 = (await lab.page.getByTestId('picture-node-2').boundingBox())!;
    const y = r2.y + r2.height / 2;
    await lab.page.mouse.move(r2.x - 40, y);
    await lab.page.mouse.down();
    await lab.page.mouse.move(r2.x + r2.width / 2, y, { steps: 6 });
    await lab.page.mouse.move(r2.x + r2.width + 40, y, { steps: 6 });
    await lab.page.getByTestId('partition-stroke').getByText('Release to cut r2 off from the others').waitFor();
    await screenshot(lab.page, 'picture-drag-partition');
    await lab.page.mouse.up();
    await expect.poll(() => lab.page.getByTestId('partition-cut').count(), { timeout: 30_000 }).toBe(2);
    await expect(lab.page.getByTestId('partition-stroke').count()).resolves.toBe(0);
    await shots(lab, 'live-cut');

    // The event log has both faults, as injected live.
    await lab.showTab('Event log');
    await lab.page.getByTestId('log-text').fill('[live]');
    await lab.eventLog.getByText(/^crash replica 1 \[live\]/).first().waitFor({ timeout: 30_000 });
    await lab.eventLog.getByText(/^partition \{2\} \| \{1, 3, clients\} \[live\]/).first().waitFor({ timeout: 30_000 });
    await lab.eventLog.scrollIntoViewIfNeeded();
    await screenshot(lab.page, 'picture-live-faults-in-log');
    await lab.stopButton.click();
    await lab.waitFinished();
    await lab.waitPictureControls();
  }, 300_000);

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

