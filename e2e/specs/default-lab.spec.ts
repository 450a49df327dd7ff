/** A student opens the lab and runs the default lab: voting masks the liar, every answer is correct. */
import { describe, expect, it } from 'vitest';
import { screenshot } from '../fixtures/browser.js';
import { useLabSession } from '../fixtures/session.js';

describe('the default lab', () => {
  const { lab } = useLabSession();

  it('says which shell it runs in and defaults to a mode that works', async () => {
    await expect(lab.page.getByTestId('shell').textContent()).resolves.toContain('Browser mode');
    const realTag = (await lab.page.getByTestId('real-mode').textContent()) ?? '';
    const simChecked = await lab.page.getByTestId('mode').getByRole('radio', { name: 'Simulation' }).isChecked();
    if (realTag.includes('Simulation only')) {
      expect(simChecked).toBe(true);
      await lab.page.getByTestId('real-mode-note').waitFor();
    }
    await expect(lab.page.getByTestId('bound').textContent()).resolves.toContain('2k+1 = 3');
  });

  it('runs the default lab to the end with every answer correct and the liar outvoted', async () => {
    await lab.page.getByTestId('mode').getByRole('radio', { name: 'Simulation' }).check({ force: true });
    await lab.run();
    await lab.waitFinished();
    await lab.showTab('Vote tallies');
    const totals = lab.page.getByTestId('vote-totals');
    await totals.getByText(/^masked [1-9]/).waitFor();
    await expect(lab.page.getByTestId('wrong-total').textContent()).resolves.toMatch(/wrong value accepted 0$/);
    // Replica 3 lies from 0.5 s: its reply is grouped apart from the two that agree.
    await lab.votes.getByRole('radio', { name: 'masked' }).check({ force: true });
    await lab.page.getByTestId('vote-table').getByText(/← r3$/).first().waitFor();
    await expect(lab.replicaStatus(3).textContent()).resolves.toBe('byzantine');
    await screenshot(lab.page, 'votes-default-lab');

    await lab.showTab('Metrics');
    const issued = Number(await lab.page.getByTestId('metric-issued').locator('dd').textContent());
    const correct = Number(await lab.page.getByTestId('metric-correct').locator('dd').textContent());
    expect(issued).toBeGreaterThan(100);
    expect(correct).toBe(issued);
    await expect(lab.page.getByTestId('metrics-source').textContent()).resolves.toContain('run summary');
    await screenshot(lab.page, 'metrics-default-lab');

    await lab.showTab('Event log');
    await lab.page.getByTestId('log-count').filter({ hasText: /^[\d,]+ of [\d,]+ events$/ }).waitFor();
    // The columns are named, the time with its unit.
    await expect(lab.page.getByTestId('log-head').textContent()).resolves.toMatch(/^\s*Time \(ms\)\s*Event\s*Details\s*$/);
    await lab.eventLog.getByRole('textbox', { name: 'Search the log' }).fill('byzantine: lie');
    await lab.eventLog.getByText(/replica 3 Byzantine: lie/).first().waitFor();
    await screenshot(lab.page, 'event-log-default-lab');
  });

  it('shows a drop or a delay injected live on its replica, and undoes it', async () => {
    await lab.page.getByTestId('mode').getByRole('radio', { name: 'Simulation' }).check({ force: true });
    await lab.run();
    // Where each notice ("Injected: …") is drawn, recorded in the page as it appears (a notice lasts 1.5 s).
    await lab.page.evaluate(() => {
      type El = { classList: { contains(c: string): boolean }; getBoundingClientRect(): { top: number } };
      const w = globalThis as unknown as {
        faultlabNotices: number[];
        innerHeight: number;
        document: { body: unknown };
        MutationObserver: new (f: (records: { addedNodes: El[] }[]) => void) => { observe(target: unknown, options: { childList: boolean; subtree: boolean }): void };
      };
      w.faultlabNotices = [];
      new w.MutationObserver((records) => {
        for (const r of records)
          for (const node of r.addedNodes) {
            if (!node.classList?.contains('el-message')) continue;
            // Measured at once (a page in the background gets no animation frames).
            w.faultlabNotices.push(node.getBoundingClientRect().top / w.innerHeight);
          }
      }).observe(w.document.body, { childList: true, subtree: true });
    });
    const card = lab.replica(2);
    await card.getByRole('button', { name: 'Drop messages of replica 2' }).click();
    await card.getByRole('button', { name: 'Delay messages of replica 2' }).click();
    const network = lab.page.getByTestId('replica-2-network');
    await network.getByText('omission 50%').waitFor();
    await network.getByText('delay 50 ms').waitFor();
    // Both notices sit in the window's lower half, off the Run bar at its top (at the top, the second covered Run).
    const notices = (): Promise<number[]> => lab.page.evaluate(() => (globalThis as unknown as { faultlabNotices: number[] }).faultlabNotices);
    await expect.poll(async () => (await notices()).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    for (const top of await notices()) expect(top).toBeGreaterThan(0.5);
    await card.scrollIntoViewIfNeeded();
    await screenshot(lab.page, 'replica-network-faults');
    await card.getByRole('button', { name: 'Undo "omission 50%" on replica 2' }).click();
    await network.getByText('omission 50%').waitFor({ state: 'detached' });
    await expect(network.getByText('delay 50 ms').isVisible()).resolves.toBe(true);
    await card.getByRole('button', { name: 'Undo "delay 50 ms" on replica 2' }).click();
    await network.waitFor({ state: 'detached' });
    await lab.stopButton.click();
    await lab.runStatus.filter({ hasText: /Finished|Incomplete/ }).waitFor();
  });

  it('keeps the run, lists it as complete and reopens it', async () => {
    await lab.showTab('Kept runs');
    const row = lab.runList.locator('.el-table__row').first();
    await row.getByText('complete').waitFor();
    await row.getByText('Voting masks one liar').waitFor();
    await screenshot(lab.page, 'kept-runs');
    // Open and Delete stay in sight on a laptop's screen and at 1024 px (the other columns scroll under them).
    const before = lab.page.viewportSize();
    for (const [width, height] of [[1366, 768], [1024, 700]] as const) {
      await lab.page.setViewportSize({ width, height });
      for (const name of [/^Open run/, /^Delete run/]) {
        const box = await row.getByRole('button', { name }).boundingBox();
        expect(box, `${String(name)} at ${width}`).not.toBeNull();
        expect(box!.x + box!.width, `${String(name)} at ${width}`).toBeLessThanOrEqual(width);
      }
    }
    if (before) await lab.page.setViewportSize(before);
    await row.getByRole('button', { name: /^Open run/ }).click();
    await lab.runStatus.filter({ hasText: /Finished|Loaded/ }).waitFor();
    await lab.page.getByTestId('scrub').waitFor();
  });
});
