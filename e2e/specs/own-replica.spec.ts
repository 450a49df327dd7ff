/**
 * A replica program of one's own in the app: the scenario panel's replica command (here the
 * reference replica through the replica protocol, which every machine that built the lab
 * has), run in real processes: the picture, the verdicts and the program's own log lines; a
 * command that does not start is refused with the reason, and no run begins.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../fixtures/axe.js';
import { screenshot } from '../fixtures/browser.js';
import { ROOT } from '../fixtures/serve.js';
import { useLabSession } from '../fixtures/session.js';

const reference = `"${process.execPath}" "${join(ROOT, 'out', 'node', 'replica-stdio.cjs')}"`;

describe('a replica program of your own', () => {
  const { lab } = useLabSession();

  async function setCommand(command: string): Promise<void> {
    const enable = lab.page.getByTestId('own-replica-enable');
    if (!(await enable.locator('input').isChecked())) await enable.click();
    const field = lab.scenarioPanel.getByRole('textbox', { name: 'Replica command', exact: true });
    await field.fill(command);
    await field.blur();
  }

  it('a command that does not start: the run is refused with the reason, nothing runs', async () => {
    const realTag = (await lab.page.getByTestId('real-mode').textContent()) ?? '';
    expect(realTag).not.toContain('Simulation only');
    await lab.setNumber('Duration in ms', 1500);
    await setCommand('/nonexistent/faultlab-replica-xyz');
    await lab.runButton.click();
    const error = lab.page.getByTestId('run-error');
    await error.filter({ hasText: 'The replica processes did not start' }).waitFor({ timeout: 30_000 });
    await expect(error.textContent()).resolves.toMatch(/not found|No such file/);
    await expect(lab.runStatus.textContent()).resolves.not.toContain('Running');
    await screenshot(lab.page, 'own-replica-does-not-start');
  });

  it('in simulation the panel says the program needs real processes; the section has no serious accessibility problem', async () => {
    await lab.useSimulation();
    await lab.page.getByTestId('own-replica-sim').waitFor();
    // Only some replicas: a box per replica, each named for a screen reader.
    await lab.page.getByTestId('own-replica-which').getByRole('radio', { name: 'Only these' }).check({ force: true });
    await lab.page.getByRole('checkbox', { name: 'Replica 3 runs the command', exact: true }).waitFor({ state: 'attached' });
    await expect(seriousViolations(lab.page, '[data-testid="own-replica"]')).resolves.toEqual([]);
    await lab.page.getByTestId('own-replica-which').getByRole('radio', { name: 'All replicas' }).check({ force: true });
    await lab.page.getByTestId('mode').getByRole('radio', { name: 'Real processes' }).check({ force: true });
    await lab.page.getByTestId('own-replica-sim').waitFor({ state: 'detached' });
  });

  it('the reference replica through the protocol: the picture, every request answered correctly, its log lines in the event log', async () => {
    await setCommand(`echo "hello from $FAULTLAB_REPLICA" >&2; exec ${reference}`);
    await lab.run();
    await lab.picture.waitFor();
    await lab.replica(1).waitFor();
    await lab.waitFinished();
    await screenshot(lab.page, 'own-replica-picture');

    const issued = await lab.metric('issued');
    expect(issued).toBeGreaterThan(50);
    await expect(lab.metric('correct')).resolves.toBe(issued);

    await lab.showTab('Event log');
    await lab.eventLog.getByRole('textbox', { name: 'Search the log' }).fill('logs: hello from');
    for (const n of [1, 2, 3]) await lab.eventLog.getByText(`replica ${n} logs: hello from replica-${n}`).waitFor();
    await screenshot(lab.page, 'own-replica-event-log');
  });

  it('a command that came in a scenario file runs only once the student has read it and said they trust it', async () => {
    const marker = join(ROOT, 'out', `untrusted-${process.pid}.txt`);
    const file = {
      faultlab: 1, name: 'A classmate sent me this', scheme: 'state-machine', failureModel: 'arbitrary', k: 1,
      workload: { clients: 1, ratePerSecond: 50, durationMs: 1000 },
      replica: { command: `touch "${marker}"; exec ${reference}` },
    };
    await lab.openScenarioFile('from-a-classmate.faultlab.json', JSON.stringify(file));
    const gate = lab.page.getByTestId('own-replica-untrusted');
    await expect(gate.textContent()).resolves.toContain('from-a-classmate.faultlab.json');
    await lab.runButton.click();
    await lab.page.getByTestId('run-error').filter({ hasText: 'tick that you trust it before running' }).waitFor();
    expect(existsSync(marker)).toBe(false);
    await gate.getByTestId('own-replica-trust').click();
    await gate.waitFor({ state: 'detached' });
    await lab.run();
    await lab.waitFinished();
    expect(existsSync(marker)).toBe(true);
    rmSync(marker, { force: true });
  });
});
