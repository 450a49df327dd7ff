/**
 * A student works through a guided exercise: writes the prediction (the run buttons wait
 * for it), runs the exercise's scenario, answers a question, and exports the report; the
 * downloaded HTML carries the student's name, the prediction, the answer and the run's
 * figures. The writing survives a reload of the page.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../fixtures/axe.js';
import { screenshot } from '../fixtures/browser.js';
import { useLabSession } from '../fixtures/session.js';

const PREDICTION = 'With 3 replicas the single colluding liar is outvoted; with 2 the answers go undecided.';
const ANSWER = 'k+1 = 2 matching replies, so one liar cannot reach the threshold alone.';

describe('a guided exercise and its report', () => {
  const { lab } = useLabSession();

  it('asks for the prediction before running, runs the scenario, and keeps what was written', async () => {
    await lab.useSimulation();
    await lab.showTab('Exercises');
    const panel = lab.page.getByTestId('exercise-panel');
    await panel.getByTestId('exercise-select').click();
    await lab.page.getByRole('option', { name: '1. Why 2k+1 replicas?' }).click();
    const body = panel.getByTestId('exercise-body');
    await body.getByText('Goal.').waitFor();
    const runMasked = body.getByRole('button', { name: 'Run 2k+1 = 3 replicas, one colluding liar' });
    await body.getByTestId('prediction-first').waitFor();
    expect(await runMasked.isDisabled()).toBe(true);
    await screenshot(lab.page, 'exercise-before-prediction');

    await body.getByTestId('exercise-prediction').fill(PREDICTION);
    expect(await runMasked.isDisabled()).toBe(false);
    expect(await body.getByTestId('prediction-first').count()).toBe(0);
    await runMasked.click();
    await lab.runStatus.filter({ hasText: 'Running' }).waitFor();
    await lab.waitFinished();
    await expect(lab.scenarioPanel.getByRole('textbox', { name: 'Name', exact: true }).inputValue()).resolves.toBe('Why 2k+1: one liar among 3');

    await lab.showTab('Exercises');
    await body.getByTestId('exercise-answer-0').fill(ANSWER);
    await screenshot(lab.page, 'exercise-panel');
    expect(await seriousViolations(lab.page, '[data-testid="exercise-panel"]')).toEqual([]);

    await lab.page.reload();
    await lab.scenarioPanel.waitFor();
    await lab.showTab('Exercises');
    await expect(body.getByTestId('exercise-prediction').inputValue()).resolves.toBe(PREDICTION);
    await expect(body.getByTestId('exercise-answer-0').inputValue()).resolves.toBe(ANSWER);
  });

  it('exports the report of the run, with the student, the prediction, the answer and the figures', async () => {
    // The reload above left no run on screen: reopen the kept one.
    await lab.showTab('Kept runs');
    await lab.runList.locator('.el-table__row').first().getByRole('button', { name: /^Open run/ }).click();
    await lab.runStatus.filter({ hasText: /Finished|Loaded/ }).waitFor();
    const issued = await lab.metric('issued');
    const correct = await lab.metric('correct');
    expect(issued).toBeGreaterThan(100);

    await lab.page.getByTestId('export-report').click();
    const dialog = lab.page.getByRole('dialog', { name: 'Export lab report' });
    await dialog.waitFor();
    await expect(dialog.getByTestId('report-prediction').inputValue()).resolves.toBe(PREDICTION);
    await dialog.getByTestId('report-name').fill('Ada Lovelace');
    await dialog.getByTestId('report-student-id').fill('S-1815');
    await dialog.getByTestId('report-course').fill('Distributed Systems');
    // The dialog fades in: the screenshot waits for its (finite) animations to end (or be cancelled).
    await lab.page.evaluate('Promise.all(document.getAnimations().filter((a) => a.effect?.getComputedTiming().iterations !== Infinity).map((a) => a.finished.catch(() => null)))');
    await screenshot(lab.page, 'report-dialog');
    expect(await seriousViolations(lab.page, '[data-testid="report-dialog"]')).toEqual([]);

    const download = lab.page.waitForEvent('download');
    await dialog.getByTestId('report-export').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('fault-lab-report-why-2k-1-one-liar-among-3-ada-lovelace.html');
    const html = readFileSync(await file.path(), 'utf8');
    await dialog.getByTestId('report-done').getByText(/Report written to .*reports/).waitFor();

    expect(html).toContain('Ada Lovelace');
    expect(html).toContain('S-1815');
    expect(html).toContain(PREDICTION);
    expect(html).toContain(ANSWER);
    expect(html).toContain('Why 2k+1 replicas?');
    const json = /<script type="application\/json" id="faultlab-data">([\s\S]*?)<\/script>/.exec(html)?.[1];
    const data = JSON.parse(json ?? 'null') as { student: { name: string }; prediction: string; answers: string[]; summary: { requests: { issued: number; answeredCorrect: number } } };
    expect(data.student.name).toBe('Ada Lovelace');
    expect(data.prediction).toBe(PREDICTION);
    expect(data.answers[0]).toBe(ANSWER);
    expect(data.summary.requests.issued).toBe(issued);
    expect(data.summary.requests.answeredCorrect).toBe(correct);

    // With "Include a PDF", browser mode prints it with Chromium and downloads both files.
    await dialog.getByTestId('report-pdf').click();
    const downloads: string[] = [];
    const twoFiles = new Promise<void>((done) => {
      lab.page.on('download', (d) => {
        downloads.push(d.suggestedFilename());
        if (d.suggestedFilename().endsWith('.pdf')) void d.path().then((p) => {
          expect(readFileSync(p).subarray(0, 5).toString()).toBe('%PDF-');
          done();
        });
      });
    });
    await dialog.getByTestId('report-export').click();
    await twoFiles;
    expect(downloads.sort()).toEqual(['fault-lab-report-why-2k-1-one-liar-among-3-ada-lovelace.html', 'fault-lab-report-why-2k-1-one-liar-among-3-ada-lovelace.pdf']);
    await dialog.getByTestId('report-done').getByText(/\.pdf/).first().waitFor();
  });
});
