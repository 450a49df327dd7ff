/** State-machine replication: k+1 colluding replicas outvote the correct one, and the tally shows it. */
import { describe, expect, it } from 'vitest';
import { screenshot } from '../fixtures/browser.js';
import { useLabSession } from '../fixtures/session.js';

describe('k+1 colluding liars', () => {
  const { lab } = useLabSession();

  it('accepts a wrong value once two of three replicas agree on it', async () => {
    // A long run, stopped below once the wrong value shows: the test never races the run's end.
    await lab.runPresetWithoutFaults('Voting masks one liar', 60_000);
    await lab.showTab('Vote tallies');
    await lab.votes.getByText(/^correct [1-9]/).waitFor();
    await expect(lab.page.getByTestId('wrong-total').textContent()).resolves.toMatch(/ 0$/);

    await lab.makeByzantine(2, 'collude');
    await lab.makeByzantine(3, 'collude');
    await lab.replicaStatus(2).filter({ hasText: 'byzantine' }).waitFor();
    await lab.replicaStatus(3).filter({ hasText: 'byzantine' }).waitFor();

    await lab.page.getByTestId('wrong-total').filter({ hasText: /wrong value accepted [1-9]/ }).waitFor({ timeout: 20_000 });
    await lab.votes.getByRole('radio', { name: 'wrong value accepted' }).check({ force: true });
    const row = lab.page.getByTestId('vote-table').getByRole('listitem').first();
    await row.getByText('wrong value accepted').waitFor();
    // The two liars' matching reply reached the threshold of k+1 = 2.
    await row.getByText(/← r[23] r[23]$/).waitFor();
    await screenshot(lab.page, 'votes-collusion');

    await lab.stopButton.click();
    await lab.runStatus.filter({ hasText: 'Finished' }).waitFor({ timeout: 30_000 });
    await lab.showTab('Metrics');
    const wrong = Number(await lab.page.getByTestId('metric-wrong').locator('dd').textContent());
    expect(wrong).toBeGreaterThan(0);
  });
});
