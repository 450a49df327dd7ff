/**
 * The trusted helpers fail, as a student makes them in a running lab: an equivocating
 * sequencer makes voting fail although every replica is correct, and with the arbiter
 * stopped a crashed primary is never replaced.
 */
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../fixtures/axe.js';
import { screenshot } from '../fixtures/browser.js';
import { useLabSession } from '../fixtures/session.js';

describe('the trusted helpers', () => {
  const { lab } = useLabSession();

  it('an equivocating sequencer: correct replicas diverge and the vote goes wrong or undecided', async () => {
    await lab.useSimulation();
    await lab.runPresetWithoutFaults('Voting masks one liar', 4000);
    const card = lab.page.getByTestId('helper-sequencer');
    await card.waitFor();
    expect(await seriousViolations(lab.page, '[data-testid="helper-sequencer"]')).toEqual([]);
    await card.getByTestId('sequencer-equivocate').click();
    await lab.waitFinished();
    await screenshot(lab.page, 'helper-sequencer-equivocates');
    const bad = (await lab.metric('wrong')) + (await lab.metric('undecided'));
    expect(bad).toBeGreaterThan(0);
    await expect(lab.page.getByTestId('metric-diverged').locator('dd').textContent()).resolves.toBe('yes');
  });

  it('with the arbiter stopped, a crashed primary is never replaced and requests are lost', async () => {
    await lab.useSimulation();
    await lab.runPresetWithoutFaults('Primary crash and failover', 4000);
    await lab.page.getByTestId('helper-arbiter').getByTestId('arbiter-crash').click();
    await lab.crash(1);
    await lab.waitFinished();
    expect(await lab.metric('failovers')).toBe(0);
    expect(await lab.metric('lost')).toBeGreaterThan(0);
  });
});
