/** axe finds no serious or critical accessibility violation in any main view. */
import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabBrowser } from '../fixtures/browser.js';
import { launchBrowser } from '../fixtures/browser.js';
import type { LabServer } from '../fixtures/serve.js';
import { startServe } from '../fixtures/serve.js';
import type { ViewTab } from '../pages/lab-page.js';
import { LabPage } from '../pages/lab-page.js';

describe('accessibility', () => {
  let server: LabServer;
  let browser: LabBrowser;
  let lab: LabPage;

  beforeAll(async () => {
    server = await startServe();
    browser = await launchBrowser();
    lab = new LabPage(browser.page);
    await lab.open(server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

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
