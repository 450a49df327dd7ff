/** The lab window: its locators and what a student does in it. */
import type { Locator, Page } from 'playwright-core';

export type ViewTab = 'Failover timeline' | 'Vote tallies' | 'Metrics' | 'Event log' | 'Kept runs' | 'Messages' | 'Exercises' | 'Compare' | 'Sweep';

export class LabPage {
  readonly runButton: Locator;
  readonly stopButton: Locator;
  readonly runStatus: Locator;
  readonly scenarioPanel: Locator;
  readonly fileProblems: Locator;
  readonly cluster: Locator;
  readonly timeline: Locator;
  readonly votes: Locator;
  readonly metrics: Locator;
  readonly eventLog: Locator;
  readonly runList: Locator;

  constructor(readonly page: Page) {
    this.runButton = page.getByTestId('run');
    this.stopButton = page.getByTestId('stop');
    this.runStatus = page.getByTestId('run-status');
    this.scenarioPanel = page.getByTestId('scenario-panel');
    this.fileProblems = page.getByTestId('file-problems');
    this.cluster = page.getByTestId('cluster-view');
    this.timeline = page.getByTestId('failover-timeline');
    this.votes = page.getByTestId('vote-tally');
    this.metrics = page.getByTestId('live-metrics');
    this.eventLog = page.getByTestId('event-log');
    this.runList = page.getByTestId('run-list');
  }

  /** Opens the lab and waits until it has talked to the host (presets listed). */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.getByTestId('shell').waitFor();
    await this.scenarioPanel.waitFor();
  }

  async choosePreset(title: string): Promise<void> {
    await this.page.getByTestId('preset-select').click();
    await this.page.getByRole('option', { name: title, exact: true }).click();
  }

  /** Sets a numeric field of the scenario form (by its accessible name). */
  async setNumber(label: string, value: number | string): Promise<void> {
    const input = this.scenarioPanel.getByRole('spinbutton', { name: label, exact: true });
    await input.fill(String(value));
    await input.blur();
  }

  async removeScheduledFaults(): Promise<void> {
    const remove = this.scenarioPanel.getByRole('button', { name: /^Remove fault / });
    while ((await remove.count()) > 0) await remove.first().click();
  }

  async run(): Promise<void> {
    await this.runButton.click();
    await this.runStatus.filter({ hasText: 'Running' }).waitFor();
  }

  async waitFinished(timeoutMs = 60_000): Promise<void> {
    await this.runStatus.filter({ hasText: 'Finished' }).waitFor({ timeout: timeoutMs });
  }

  replica(n: number): Locator {
    return this.page.getByTestId(`replica-${n}`);
  }

  replicaRole(n: number): Locator {
    return this.page.getByTestId(`replica-${n}-role`);
  }

  replicaStatus(n: number): Locator {
    return this.page.getByTestId(`replica-${n}-status`);
  }

  async crash(n: number): Promise<void> {
    await this.page.getByRole('button', { name: `Crash replica ${n}`, exact: true }).click();
  }

  async makeByzantine(n: number, behavior: string): Promise<void> {
    await this.replica(n).getByRole('button', { name: `Make replica ${n} Byzantine` }).click();
    await this.page.locator(`.byzantine-menu-${n}`).getByRole('menuitem', { name: behavior, exact: true }).click();
  }

  async showTab(tab: ViewTab): Promise<void> {
    await this.page.getByRole('tab', { name: tab }).click();
  }

  async useSimulation(): Promise<void> {
    await this.page.getByTestId('mode').getByRole('radio', { name: 'Simulation' }).check({ force: true });
  }

  /** Reads a figure of the Metrics view (by its test id suffix: issued, correct, ...). */
  async metric(id: string): Promise<number> {
    await this.showTab('Metrics');
    return Number(await this.page.getByTestId(`metric-${id}`).locator('dd').textContent());
  }

  /** Opens a scenario file through the Open… file picker. */
  async openScenarioFile(name: string, text: string): Promise<void> {
    await this.page.getByTestId('scenario-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  }
}
