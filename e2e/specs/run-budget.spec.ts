/**
 * The cost of a run before it starts: the run bar says what the scenario in the panel will
 * take, and a run past the lab's memory budget is refused with the reason and what to
 * lower, unless the student runs it anyway.
 */
import { describe, expect, it } from 'vitest';
import { screenshot } from '../fixtures/browser.js';
import { useLabSession } from '../fixtures/session.js';

describe('the cost of a run', () => {
  const { lab } = useLabSession();

  it('shows the estimate at the Run button, and asks before a run too big for the memory budget', async () => {
    await lab.useSimulation();
    const estimate = lab.page.getByTestId('run-estimate');
    await expect(estimate.textContent()).resolves.toMatch(/^Estimate before running: [\d,]+ requests, about [\d,]+ events, \d+ MB of memory at the peak, about \d+ s\.$/);

    await lab.setNumber('Requests per second', 50000);
    await lab.setNumber('Duration in ms', 600000);
    await estimate.filter({ hasText: /[\d,]{9,} events/ }).waitFor();
    await lab.runButton.click();
    const dialog = lab.page.getByRole('dialog', { name: 'This run is too big for the lab' });
    await dialog.getByText(/too big for the memory budget: it would need about [\d.]+ GB/).waitFor();
    await expect(estimate.textContent()).resolves.toMatch(/[\d.,]+ GB of memory at the peak, about [\d.,]+ h\.$/);
    // The screenshot once the dialog has faded in.
    await lab.page.locator('[class*="-enter-active"]').waitFor({ state: 'detached' });
    await screenshot(lab.page, 'run-too-big');
    await dialog.getByRole('button', { name: 'Do not run' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect(lab.runStatus.textContent()).resolves.toContain('No run yet');
  });
});
