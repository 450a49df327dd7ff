/** Opening a bad scenario file shows what is wrong and keeps the form; bad edits show at their field. */
import { describe, expect, it } from 'vitest';
import { screenshot } from '../fixtures/browser.js';
import type { LabPage } from '../pages/lab-page.js';
import { useLabSession } from '../fixtures/session.js';

describe('scenario files and fields', () => {
  const { lab } = useLabSession();

  const nameField = (): ReturnType<LabPage['page']['getByRole']> => lab.scenarioPanel.getByRole('textbox', { name: 'Name', exact: true });

  it('reports a file that is not JSON and keeps the form', async () => {
    const before = await nameField().inputValue();
    await lab.openScenarioFile('broken.faultlab.json', '{ "faultlab": 1, "scheme": ');
    await lab.fileProblems.getByText(/not valid JSON/).waitFor();
    await lab.fileProblems.getByText(/broken\.faultlab\.json is not a valid scenario/).waitFor();
    expect(await nameField().inputValue()).toBe(before);
  });

  it('names each bad field of a scenario that does not match the schema', async () => {
    const text = JSON.stringify({ faultlab: 1, name: 'Bad lab', scheme: 'primary-backup', k: -1, colour: 'red', faults: [{ atMs: 10, type: 'crash', replica: 9 }] });
    await lab.openScenarioFile('bad.faultlab.json', text);
    await lab.fileProblems.getByText(/^k: /).waitFor();
    await lab.fileProblems.getByText(/unknown field "colour"/).waitFor();
    expect(await nameField().inputValue()).not.toBe('Bad lab');
    await screenshot(lab.page, 'scenario-file-errors');
  });

  it('opens a valid file into the form', async () => {
    const text = JSON.stringify({ faultlab: 1, name: 'Two backups', scheme: 'primary-backup', k: 2, service: 'bank' });
    await lab.openScenarioFile('good.faultlab.json', text);
    await lab.fileProblems.waitFor({ state: 'detached' });
    expect(await nameField().inputValue()).toBe('Two backups');
    await expect(lab.page.getByTestId('bound').textContent()).resolves.toContain('k+1 = 3');
  });

  it('shows an error at the field while editing, warns below the bound, and blocks Run', async () => {
    await lab.setNumber('Heartbeat interval in ms', 0);
    const item = lab.scenarioPanel.locator('.el-form-item').filter({ has: lab.page.getByRole('spinbutton', { name: 'Heartbeat interval in ms' }) });
    await item.locator('.el-form-item__error').waitFor();
    expect(await lab.runButton.isDisabled()).toBe(true);
    await lab.page.getByTestId('scenario-invalid').getByText(/timing\.heartbeatMs/).waitFor();
    await lab.setNumber('n, the number of replicas', 2);
    await lab.page.getByTestId('bound').getByText(/n = 2 is below the bound/).waitFor();
    await screenshot(lab.page, 'scenario-field-errors');
    await lab.setNumber('Heartbeat interval in ms', 50);
    await item.locator('.el-form-item__error').waitFor({ state: 'detached' });
    expect(await lab.runButton.isDisabled()).toBe(false);
  });
});
