/**
 * The trusted helpers fail, as a student makes them in a running lab: an equivocating
 * sequencer makes voting fail although every replica is correct, with the arbiter
 * stopped a crashed primary is never replaced, and with the arbiter cut off from the
 * primary nobody serves although every replica is up.
 */
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../fixtures/axe.js';
import { screenshot } from '../fixtures/browser.js';
import { useLabSession } from '../fixtures/session.js';

describe('the trusted helpers', () => {
  const { lab } = useLabSession();

  /** Waits (on the page, not the clock) until the metrics count a lost request, then stops the run. */
  async function stopOnceRequestsAreLost(): Promise<void> {
    await lab.showTab('Metrics');
    await lab.page.getByTestId('metric-lost').locator('dd').filter({ hasText: /^[1-9]/ }).waitFor({ timeout: 60_000 });
    await lab.stopButton.click();
    await lab.waitFinished();
  }

  it('an equivocating sequencer: correct replicas diverge and the vote goes wrong or undecided', async () => {
    await lab.useSimulation();
    // A long run, stopped once the damage shows: the page has all the time it needs (axe included).
    await lab.runPresetWithoutFaults('Voting masks one liar', 60_000);
    const card = lab.page.getByTestId('helper-sequencer');
    await card.waitFor();
    expect(await seriousViolations(lab.page, '[data-testid="helper-sequencer"]')).toEqual([]);
    await card.getByTestId('sequencer-equivocate').click();
    await lab.showTab('Vote tallies');
    await lab.page.getByTestId('vote-totals').filter({ hasText: /(wrong value accepted|no majority) [1-9]/ }).waitFor({ timeout: 30_000 });
    await lab.stopButton.click();
    await lab.waitFinished();
    await screenshot(lab.page, 'helper-sequencer-equivocates');
    const bad = (await lab.metric('wrong')) + (await lab.metric('undecided'));
    expect(bad).toBeGreaterThan(0);
    await expect(lab.page.getByTestId('metric-diverged').locator('dd').textContent()).resolves.toBe('yes');
  });

  it('with the arbiter stopped, a crashed primary is never replaced and requests are lost', async () => {
    await lab.useSimulation();
    // A long run, stopped once requests are being lost: the test never races the run's end.
    await lab.runPresetWithoutFaults('Primary crash and failover', 60_000);
    await lab.page.getByTestId('helper-arbiter').getByTestId('arbiter-crash').click();
    await lab.crash(1);
    await stopOnceRequestsAreLost();
    expect(await lab.metric('failovers')).toBe(0);
    expect(await lab.metric('lost')).toBeGreaterThan(0);
  });

  it('with the arbiter cut off from the primary, every replica is up and yet requests are lost', async () => {
    await lab.useSimulation();
    await lab.runPresetWithoutFaults('Primary crash and failover', 60_000);
    const card = lab.page.getByTestId('helper-arbiter');
    await expect(card.getByTestId('arbiter-now').textContent()).resolves.toBe('Works correctly now.');
    await card.getByTestId('arbiter-cut-button').click();
    const primary = lab.page.getByTestId('arbiter-cut-1');
    await primary.waitFor();
    await expect(primary.textContent()).resolves.toContain('the primary');
    await primary.click();
    await card.getByTestId('arbiter-now').filter({ hasText: 'cut off from replica 1' }).waitFor();
    await screenshot(lab.page, 'helper-arbiter-cut-off');
    await stopOnceRequestsAreLost();
    expect(await lab.metric('failovers')).toBe(0);
    expect(await lab.metric('lost')).toBeGreaterThan(0);
    expect(await lab.metric('wrong')).toBe(0);
  });
});
