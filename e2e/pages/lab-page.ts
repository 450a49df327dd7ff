/** The lab window: its locators and what a student does in it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ROOT } from '../fixtures/serve.js';

export type ViewTab = 'Failover timeline' | 'Vote tallies' | 'Metrics' | 'Event log' | 'Kept runs' | 'Messages' | 'Exercises' | 'Compare' | 'Sweep' | 'Try to break it';

/**
 * Made when a spec file is declared and attached to its browser page once the lab opens
 * (`useLabSession`), so a spec holds one `lab` for all of its tests.
 */
export class LabPage {
  private attached: Page | undefined;
  runButton!: Locator;
  stopButton!: Locator;
  runStatus!: Locator;
  scenarioPanel!: Locator;
  fileProblems!: Locator;
  cluster!: Locator;
  timeline!: Locator;
  votes!: Locator;
  metrics!: Locator;
  eventLog!: Locator;
  runList!: Locator;

  constructor(page?: Page) {
    if (page) this.attach(page);
  }

  attach(page: Page): void {
    this.attached = page;
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

  get page(): Page {
    if (!this.attached) throw new Error('the lab page is not open yet (use it inside a test)');
    return this.attached;
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

  /** Starts a preset with its scheduled faults removed and a long run, so the test injects faults itself. */
  async runPresetWithoutFaults(title: string, durationMs = 8000): Promise<void> {
    await this.choosePreset(title);
    await this.removeScheduledFaults();
    await this.setNumber('Duration in ms', durationMs);
    await this.run();
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

  /** The cluster picture (shared/views/picture.ts drawn by ClusterPicture.vue). */
  get picture(): Locator {
    return this.page.getByTestId('cluster-picture');
  }

  /** The moment the picture shows, in run ms. */
  async pictureTime(): Promise<number> {
    return Number(await this.picture.getAttribute('data-time'));
  }

  /** Waits for the time controls of a finished run under the picture. */
  async waitPictureControls(timeoutMs = 60_000): Promise<void> {
    await this.page.getByTestId('picture-controls').waitFor({ timeout: timeoutMs });
  }

  /** Moves the "Cluster at" scrubber to about ms (a click on its track), then returns the moment shown. */
  async scrubTo(ms: number, endMs: number): Promise<number> {
    const track = this.page.getByTestId('scrub');
    const box = await track.boundingBox();
    if (!box) throw new Error('the scrubber is not on screen');
    await this.page.mouse.click(box.x + (box.width * Math.min(1, ms / endMs)), box.y + box.height / 2);
    return this.pictureTime();
  }

  /** Moves the scrubber to exactly ms: a click near it, then the slider's arrow keys (1 ms each). */
  async scrubExactly(ms: number, endMs: number): Promise<number> {
    let at = Math.round(await this.scrubTo(ms, endMs));
    const knob = this.page.getByTestId('scrub').getByRole('slider');
    await knob.focus();
    for (let i = 0; at !== ms && i < 200; i++) {
      await knob.press(at < ms ? 'ArrowRight' : 'ArrowLeft');
      at = Math.round(await this.pictureTime());
    }
    if (at !== ms) throw new Error(`the scrubber stopped at ${at} ms, not ${ms} ms`);
    return at;
  }

  /** The run's last moment, as the time control shows it ("shown / end ms"). */
  async pictureEnd(): Promise<number> {
    const text = (await this.page.getByTestId('picture-time').textContent()) ?? '';
    return Number((text.split('/')[1] ?? '').replace(/[^\d]/g, ''));
  }

  async stepDelivery(): Promise<void> {
    await this.page.getByTestId('step-delivery').click();
  }

  async setSpeed(speed: string): Promise<void> {
    await this.page.getByTestId('speed').click();
    await this.page.getByRole('option', { name: speed, exact: true }).click();
  }

  /** Opens a scenario file through the Open… file picker. */
  async openScenarioFile(name: string, text: string): Promise<void> {
    await this.page.getByTestId('scenario-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  }

  /** Opens one of the project's example scenarios (examples/), runs it in simulation and waits for its end. */
  async runExampleInSimulation(file: string): Promise<void> {
    await this.loadScenarioFile(file, readFileSync(join(ROOT, 'examples', file), 'utf8'));
    await this.useSimulation();
    await this.run();
    await this.waitPictureControls();
  }

  /**
   * Opens a valid scenario file and waits until the panel holds it: the page reads and
   * checks the file on its own time, and a Run clicked before that runs the scenario that
   * was in the panel (seen on a loaded machine).
   */
  async loadScenarioFile(name: string, text: string): Promise<void> {
    const scenarioName = (JSON.parse(text) as { name?: unknown }).name;
    if (typeof scenarioName !== 'string') throw new Error(`${name}: the scenario has no name to wait for`);
    await this.openScenarioFile(name, text);
    // The test id sits on the input itself or on its wrapper, as Element Plus places it. (A function,
    // not a string: the page's CSP forbids evaluating strings.)
    type Field = { tagName: string; value?: string; querySelector(s: string): Field | null };
    await this.page.waitForFunction(
      (expected: string) => {
        const doc = (globalThis as unknown as { document: { querySelector(s: string): Field | null } }).document;
        const el = doc.querySelector('[data-testid="scenario-name"]');
        const input = el && el.tagName === 'INPUT' ? el : (el?.querySelector('input') ?? null);
        return input !== null && input.value === expected;
      },
      scenarioName,
      { timeout: 30_000 },
    );
  }
}
