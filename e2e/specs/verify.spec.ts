/**
 * A teacher checks reports in the lab itself: a report exported in the app verifies in the
 * app ("Verified", every figure listed as holding); a copy with one figure edited does not,
 * and the difference names that figure; a file that is no report gets one sentence; a
 * report dropped on the window is verified too. An assignment file opened in the app (with
 * the scenario file it names, chosen together) replaces the exercises, a missing scenario
 * file is named with its field, a report of its exercise verifies, and "Built-in
 * exercises" goes back. Every wait is on what the window shows, never on a clock.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../fixtures/axe.js';
import { screenshot, screenshotsAtSizes, SCREEN_SIZES, SCREENSHOTS } from '../fixtures/browser.js';
import { ROOT } from '../fixtures/serve.js';
import { useLabSession } from '../fixtures/session.js';
import { switchToKorean } from '../pages/korean.js';

const SCENARIO = JSON.parse(readFileSync(join(ROOT, 'examples/split-brain-fencing.faultlab.json'), 'utf8')) as Record<string, unknown>;
/** The teacher's scenario: short, so the run ends soon. */
const WEEK3_SCENARIO = { ...SCENARIO, name: 'Week 3: the primary is cut off', workload: { clients: 2, ratePerSecond: 60, durationMs: 1500 } };
const ASSIGNMENT = {
  faultlabAssignment: 1,
  title: 'Week 3: failover',
  course: 'Distributed systems',
  exercises: [
    {
      id: 'week3-cut-off',
      title: 'Losing the primary behind a partition',
      goal: 'See what fencing does when the primary is cut off.',
      steps: ['Run the scenario and read the failover timeline.'],
      prediction: 'Will two primaries serve at once?',
      questions: ['What stopped the old primary from serving?'],
      scenarios: [{ id: 'cut-off', label: 'The primary is cut off, fencing on', file: 'scenarios/week3.faultlab.json' }],
    },
  ],
};
const assignmentFile = { name: 'week3.faultlab-assignment.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(ASSIGNMENT, null, 2)) };
const scenarioFile = { name: 'week3.faultlab.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(WEEK3_SCENARIO, null, 2)) };

/** The dialog's fade-in ends (or is cancelled) before a screenshot. */
const ANIMATIONS_DONE = 'Promise.all(document.getAnimations().filter((a) => a.effect?.getComputedTiming().iterations !== Infinity).map((a) => a.finished.catch(() => null)))';

describe('verify a report in the app', () => {
  const { lab } = useLabSession();
  let html = '';

  async function exportReport(name: string): Promise<string> {
    await lab.page.getByTestId('export-report').click();
    const dialog = lab.page.getByRole('dialog', { name: 'Export lab report' });
    await dialog.waitFor();
    await dialog.getByTestId('report-name').fill(name);
    const download = lab.page.waitForEvent('download');
    await dialog.getByTestId('report-export').click();
    const text = readFileSync(await (await download).path(), 'utf8');
    await dialog.getByTestId('report-done').waitFor();
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    return text;
  }

  /** A DataTransfer holding files, made in the page, for a drop event (the spec has no DOM types: built from text). */
  function dataTransfer(files: { name: string; type: string; text: string }[]): ReturnType<typeof lab.page.evaluateHandle> {
    const adds = files.map((f) => `dt.items.add(new File([${JSON.stringify(f.text)}], ${JSON.stringify(f.name)}, { type: ${JSON.stringify(f.type)} }));`).join('\n');
    return lab.page.evaluateHandle(`(() => { const dt = new DataTransfer(); ${adds} return dt; })()`);
  }

  /** Screenshots of a part of the window (scrolled into view inside the window's own scrolling pane) at each size. */
  async function partAtSizes(part: Locator, name: string): Promise<void> {
    const before = lab.page.viewportSize();
    for (const [width, height] of SCREEN_SIZES) {
      await lab.page.setViewportSize({ width, height });
      // Its top at the top of the window's scrolling pane, so the assignment's title shows.
      await part.evaluate((el: { scrollIntoView(options: { block: 'start' }): void }) => el.scrollIntoView({ block: 'start' }));
      // The window's viewport as it is, not a full page (which would lay the window out again, unscrolled).
      mkdirSync(SCREENSHOTS, { recursive: true });
      await lab.page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}x${height}.png`) });
    }
    if (before) await lab.page.setViewportSize(before);
  }

  function verifyDialog(): Locator {
    return lab.page.getByRole('dialog', { name: 'Verify a report' });
  }

  async function verifyFile(name: string, text: string | Buffer): Promise<void> {
    await verifyDialog().getByTestId('verify-file').setInputFiles({ name, mimeType: 'text/html', buffer: Buffer.from(text) });
  }

  it('verifies a report exported in the app: every figure holds', async () => {
    await lab.useSimulation();
    await lab.choosePreset('Primary crash and failover');
    await lab.run();
    await lab.waitFinished();
    html = await exportReport('Grace Hopper');

    await lab.page.getByTestId('verify-report').click();
    const dialog = verifyDialog();
    await dialog.waitFor();
    await verifyFile('grace.html', html);
    const verdict = dialog.getByTestId('verify-verdict');
    await verdict.filter({ hasText: 'Verified' }).waitFor();
    expect(await verdict.textContent()).toMatch(/Every figure matches a re-run of the report's scenario \(\d+ figures and fields checked\)/);
    expect(await verdict.textContent()).toContain('by Grace Hopper');
    const rows = dialog.getByTestId('verify-figures').locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(20);
    expect(await dialog.getByTestId('verify-figures').locator('tr.bad').count()).toBe(0);
    expect(await dialog.getByTestId('verify-differences').count()).toBe(0);
    await lab.page.evaluate(ANIMATIONS_DONE);
    await screenshotsAtSizes(lab.page, 'verify-verified');
    expect(await seriousViolations(lab.page, '[data-testid="verify-dialog"]')).toEqual([]);
  });

  it('names the figure edited in a copy, and answers a file that is no report with one sentence', async () => {
    const dialog = verifyDialog();
    const m = /<span data-fl="requests\.answeredCorrect">(\d+)<\/span>/.exec(html);
    expect(m).not.toBeNull();
    const [span, value] = [m?.[0] ?? '', Number(m?.[1])];
    const edited = html.replace(span, `<span data-fl="requests.answeredCorrect">${value + 7}</span>`);
    await verifyFile('grace-edited.html', edited);
    const verdict = dialog.getByTestId('verify-verdict');
    await verdict.filter({ hasText: 'Does not match' }).waitFor();
    expect(await verdict.textContent()).toContain('1 difference');
    expect(await dialog.getByTestId('verify-differences').textContent()).toContain(`figure "Answered correctly" (requests.answeredCorrect, shown): the report says "${value + 7}", the re-run gives "${value}"`);
    const bad = dialog.getByTestId('verify-figures').locator('tr.bad');
    expect(await bad.count()).toBe(1);
    expect(await bad.getAttribute('data-key')).toBe('requests.answeredCorrect');
    expect(await bad.getByTestId('verify-stated').textContent()).toBe(`the report says ${value + 7}`);
    await lab.page.evaluate(ANIMATIONS_DONE);
    await screenshotsAtSizes(lab.page, 'verify-differs');

    await verifyFile('notes.html', '<html><body>my notes for the lab</body></html>');
    await dialog.getByTestId('verify-error').filter({ hasText: 'notes.html is not a Fault Lab report' }).waitFor();
    expect(await dialog.getByTestId('verify-result').count()).toBe(0);
    await verifyFile('cut.html', html.slice(0, Math.floor(html.length / 2)));
    await dialog.getByTestId('verify-error').filter({ hasText: 'cut.html is cut short' }).waitFor();
    const errorText = (await dialog.getByTestId('verify-error').textContent()) ?? '';
    expect(errorText).not.toMatch(/\bat \S+:\d+/);
    await screenshot(lab.page, 'verify-cut-short');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('verifies the default lab’s report, larger than one message, sent in parts', async () => {
    await lab.choosePreset('Voting masks one liar');
    await lab.run();
    await lab.waitFinished();
    const big = await exportReport('Grace Hopper');
    expect(Buffer.byteLength(big)).toBeGreaterThan(3_000_000);
    await lab.page.getByTestId('verify-report').click();
    await verifyFile('default-lab.html', big);
    const dialog = verifyDialog();
    await dialog.getByTestId('verify-verdict').filter({ hasText: 'default-lab.html' }).filter({ hasText: 'Verified' }).waitFor();
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('verifies a report dropped anywhere on the window', async () => {
    const transfer = await dataTransfer([{ name: 'dropped.html', type: 'text/html', text: html }]);
    await lab.page.dispatchEvent('[data-testid="cluster-view"]', 'dragover', { dataTransfer: transfer });
    await lab.page.dispatchEvent('[data-testid="cluster-view"]', 'drop', { dataTransfer: transfer });
    const dialog = verifyDialog();
    await dialog.getByTestId('verify-verdict').filter({ hasText: 'Verified' }).waitFor();
    expect(await dialog.getByTestId('verify-verdict').textContent()).toContain('dropped.html');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('opens an assignment file with its scenario file, names a missing one, reports and verifies its exercise, and goes back to the built-in exercises', async () => {
    await lab.useSimulation();
    await lab.showTab('Exercises');
    const panel = lab.page.getByTestId('exercise-panel');
    const title = panel.getByTestId('assignment-title');
    await title.filter({ hasText: 'Built-in exercises' }).waitFor();

    // The assignment alone: the scenario file it names was not chosen with it.
    await panel.getByTestId('assignment-file').setInputFiles([assignmentFile]);
    const problem = panel.getByTestId('assignment-error');
    await problem.waitFor();
    expect(await problem.textContent()).toContain('exercises[0].scenarios[0].file: scenarios/week3.faultlab.json: not among the files chosen');
    expect(await problem.textContent()).toContain('choose week3.faultlab.json together with the assignment');
    await partAtSizes(panel, 'assignment-missing-file');

    await panel.getByTestId('assignment-file').setInputFiles([assignmentFile, scenarioFile]);
    await title.filter({ hasText: 'Assignment: Week 3: failover' }).waitFor();
    expect(await problem.count()).toBe(0);
    expect(await panel.textContent()).toContain('from week3.faultlab-assignment.json');
    await panel.getByTestId('exercise-select').click();
    const options = lab.page.locator('.el-select-dropdown__item:visible');
    await options.first().waitFor();
    expect(await options.allTextContents()).toEqual(['1. Losing the primary behind a partition']);
    await options.first().click();
    const body = panel.getByTestId('exercise-body');
    await body.getByText('See what fencing does when the primary is cut off.').waitFor();
    await body.getByTestId('exercise-prediction').fill('Fencing stops the old primary: one primary at a time.');
    await body.getByRole('button', { name: 'Run The primary is cut off, fencing on' }).click();
    await lab.runStatus.filter({ hasText: 'Running' }).waitFor();
    await lab.waitFinished();
    await lab.showTab('Exercises');
    await partAtSizes(panel, 'assignment-opened');

    const report = await exportReport('Alan Turing');
    expect(report).toContain('Losing the primary behind a partition');
    expect(report).toContain('What stopped the old primary from serving?');
    await lab.page.getByTestId('verify-report').click();
    await verifyFile('alan.html', report);
    await verifyDialog().getByTestId('verify-verdict').filter({ hasText: 'Verified' }).waitFor();
    await verifyDialog().getByRole('button', { name: 'Close', exact: true }).click();
    await verifyDialog().waitFor({ state: 'hidden' });

    await panel.getByTestId('assignment-builtin').click();
    await title.filter({ hasText: 'Built-in exercises' }).waitFor();
    await panel.getByTestId('exercise-select').click();
    await lab.page.getByRole('option', { name: '1. Why 2k+1 replicas?' }).waitFor();
    await lab.page.keyboard.press('Escape');

    // Dropped on the window together, the assignment and its scenario open as chosen ones do.
    const transfer = await dataTransfer([
      { name: assignmentFile.name, type: 'application/json', text: assignmentFile.buffer.toString() },
      { name: scenarioFile.name, type: 'application/json', text: scenarioFile.buffer.toString() },
    ]);
    await lab.page.dispatchEvent('[data-testid="exercise-panel"]', 'drop', { dataTransfer: transfer });
    await title.filter({ hasText: 'Assignment: Week 3: failover' }).waitFor();
  });

  it('exports one report for an exercise with both of its runs, which verifies in the app', async () => {
    await lab.showTab('Exercises');
    const panel = lab.page.getByTestId('exercise-panel');
    // The test before left the teacher's assignment open.
    if ((await panel.getByTestId('assignment-builtin').count()) > 0) await panel.getByTestId('assignment-builtin').click();
    await panel.getByTestId('assignment-title').filter({ hasText: 'Built-in exercises' }).waitFor();
    await panel.getByTestId('exercise-select').click();
    await lab.page.getByRole('option', { name: '1. Why 2k+1 replicas?' }).click();
    const body = panel.getByTestId('exercise-body');
    await body.getByTestId('exercise-prediction').fill('Masked with 3, undecided with 2.');
    for (const label of ['2k+1 = 3 replicas, one colluding liar', '2k = 2 replicas, one colluding liar']) {
      await lab.showTab('Exercises');
      await body.getByRole('button', { name: `Run ${label}` }).click();
      await lab.runStatus.filter({ hasText: 'Running' }).waitFor();
      await lab.waitFinished();
    }
    await lab.page.getByTestId('export-report').click();
    const dialog = lab.page.getByRole('dialog', { name: 'Export lab report' });
    await dialog.waitFor();
    const others = dialog.getByTestId('report-other-runs');
    await others.waitFor();
    expect(await others.textContent()).toContain("Also carry the exercise's other kept run in this report (Why 2k+1: one liar among 3)");
    await lab.page.evaluate(ANIMATIONS_DONE);
    await screenshot(lab.page, 'report-dialog-other-runs');
    const download = lab.page.waitForEvent('download');
    await dialog.getByTestId('report-export').click();
    const both = readFileSync(await (await download).path(), 'utf8');
    await dialog.getByTestId('report-done').waitFor();
    expect(both).toContain('Run 2: Why 2k+1: one liar among 3');
    // The report as a teacher opens it: the second run's section.
    const reader = await lab.page.context().newPage();
    await reader.setViewportSize({ width: 1366, height: 768 });
    await reader.setContent(both);
    await reader.locator('#run-2').scrollIntoViewIfNeeded();
    mkdirSync(SCREENSHOTS, { recursive: true });
    await reader.screenshot({ path: join(SCREENSHOTS, 'exercise-report-run-2-1366x768.png') });
    await reader.close();
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });

    await lab.page.getByTestId('verify-report').click();
    await verifyFile('both-runs.html', both);
    await verifyDialog().getByTestId('verify-verdict').filter({ hasText: 'both-runs.html' }).filter({ hasText: 'Verified' }).waitFor();
    expect(await verifyDialog().locator('[data-testid="verify-figures"] tr[data-key="runs.2.requests.issued"]').count()).toBe(1);
    const m = /<span data-fl="runs\.2\.requests\.answeredCorrect">(\d+)<\/span>/.exec(both);
    await verifyFile('both-runs-edited.html', both.replace(m?.[0] ?? '', '<span data-fl="runs.2.requests.answeredCorrect">3</span>'));
    await verifyDialog().getByTestId('verify-verdict').filter({ hasText: 'Does not match' }).waitFor();
    expect(await verifyDialog().getByTestId('verify-differences').textContent()).toContain('run 2: figure "Answered correctly" (runs.2.requests.answeredCorrect, shown)');
    await verifyDialog().getByRole('button', { name: 'Close', exact: true }).click();
    await verifyDialog().waitFor({ state: 'hidden' });
  });

  it('speaks Korean: the verdict, what differs and the figures’ names, in the words of faultlab verify --lang ko', async () => {
    // Run alone (-t), the first test leaves its dialog open.
    if (await verifyDialog().isVisible()) {
      await verifyDialog().getByRole('button', { name: 'Close', exact: true }).click();
      await verifyDialog().waitFor({ state: 'hidden' });
    }
    await switchToKorean(lab);
    await lab.page.getByTestId('verify-report').click();
    const dialog = lab.page.getByRole('dialog', { name: '보고서 검증' });
    await dialog.waitFor();
    const m = /<span data-fl="requests\.answeredCorrect">(\d+)<\/span>/.exec(html);
    await dialog.getByTestId('verify-file').setInputFiles({ name: 'grace-edited.html', mimeType: 'text/html', buffer: Buffer.from(html.replace(m?.[0] ?? '', '<span data-fl="requests.answeredCorrect">1</span>')) });
    await dialog.getByTestId('verify-verdict').filter({ hasText: '일치하지 않음' }).waitFor();
    expect(await dialog.getByTestId('verify-figures').locator('thead').textContent()).toContain('증거에서 나온 값');
    const bad = dialog.getByTestId('verify-figures').locator('tr.bad');
    const label = ((await bad.locator('th').first().textContent()) ?? '').trim();
    expect(label).toMatch(/[가-힣]/);
    const differences = (await dialog.getByTestId('verify-differences').textContent()) ?? '';
    expect(differences).toContain(`(requests.answeredCorrect, 본문): 보고서에는 "1", 다시 실행한 결과는 "${m?.[1] ?? ''}"`);
    expect(differences).not.toMatch(/the report says|the re-run gives|figure "/);
    await lab.page.evaluate(ANIMATIONS_DONE);
    await screenshotsAtSizes(lab.page, 'verify-differs-ko');
  });
});
