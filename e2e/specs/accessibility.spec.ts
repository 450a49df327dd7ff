/** axe finds no serious or critical accessibility violation in any main view. */
import AxeBuilder from '@axe-core/playwright';
import { describe, expect, it } from 'vitest';
import type { ViewTab } from '../pages/lab-page.js';
import { useLabSession } from '../fixtures/session.js';

describe('accessibility', () => {
  const { lab } = useLabSession();

  async function seriousViolations(): Promise<string[]> {
    const result = await new AxeBuilder({ page: lab.page }).analyze();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
  }

  it('has none on the start page', async () => {
    expect(await seriousViolations()).toEqual([]);
  });

  it('has none in any view of a finished run', async () => {
    await lab.setNumber('Duration in ms', 1000);
    await lab.run();
    await lab.waitFinished();
    const tabs: ViewTab[] = ['Failover timeline', 'Vote tallies', 'Metrics', 'Event log', 'Kept runs'];
    for (const tab of tabs) {
      await lab.showTab(tab);
      await lab.page.getByRole('tabpanel', { name: tab }).waitFor();
      expect(await seriousViolations(), tab).toEqual([]);
    }
  });
});
