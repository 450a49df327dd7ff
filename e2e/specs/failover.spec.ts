/** Primary-backup: the student kills the primary mid-run and watches the failover on the timeline. */
import { describe, expect, it } from 'vitest';
import { screenshot } from '../fixtures/browser.js';
import { useLabSession } from '../fixtures/session.js';

describe('crashing the primary', () => {
  const { lab } = useLabSession();

  it('shows suspicion, the new primary and the outage on the failover timeline', async () => {
    // A long run, stopped below once the failover shows: the test never races the run's end.
    await lab.runPresetWithoutFaults('Primary crash and failover', 60_000);
    await lab.showTab('Failover timeline');
    await expect(lab.replicaRole(1).textContent()).resolves.toBe('primary');
    // Let some requests be served by the first primary before killing it.
    await lab.replica(1).getByText(/seq [1-9]\d* \(c\d+#\d+\)/).waitFor();
    await lab.crash(1);

    await lab.replicaStatus(1).filter({ hasText: 'crashed' }).waitFor();
    await lab.replicaRole(2).filter({ hasText: 'primary' }).waitFor({ timeout: 15_000 });
    const failover = lab.page.getByTestId('failover-list');
    await failover.getByText(/replica 1 → replica 2; detected after \d+(\.\d+)? ms; unavailable for \d+(\.\d+)? ms/).waitFor({ timeout: 15_000 });
    await lab.timeline.getByText(/[1-9]\d* suspicion\(s\)/).waitFor();
    await screenshot(lab.page, 'timeline-primary-crash-live');

    await lab.stopButton.click();
    await lab.runStatus.filter({ hasText: 'Finished' }).waitFor({ timeout: 30_000 });
    await failover.getByText(/replica 1 → replica 2/).waitFor();
    await screenshot(lab.page, 'timeline-primary-crash');
  });
});
