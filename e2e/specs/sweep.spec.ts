/**
 * A student sweeps the default lab's configuration over k, n and fault kinds: the
 * progress bar runs to the end, the chart is drawn, and the table shows the guarantee
 * breaking exactly at the bound (2k+1 replicas mask k colluding liars, not k+1). A long
 * sweep can be cancelled and keeps the runs done. Ticking all four schemes sweeps each
 * against its own bound: a group per scheme in the chart and the table, and colluding
 * liars against primary-backup and Raft grey, beyond their claim.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../fixtures/axe.js';
import { SCREEN_SIZES, screenshot, screenshotsAtSizes } from '../fixtures/browser.js';
import { useLabSession } from '../fixtures/session.js';
import { switchToKorean } from '../pages/korean.js';

describe('sweep', () => {
  const { lab } = useLabSession();

  it('runs the grid with a progress bar to the end, and shows the table, the chart and the CSV', async () => {
    await lab.showTab('Sweep');
    const view = lab.page.getByTestId('sweep-view');
    await view.getByTestId('sweep-run').click();
    const progress = view.getByTestId('sweep-progress');
    await progress.getByText(/^28 of 28 runs done$/).waitFor({ timeout: 60_000 });
    await expect(progress.getByRole('progressbar').getAttribute('aria-valuenow')).resolves.toBe('100');

    await view.getByTestId('sweep-chart').locator('canvas').first().waitFor();
    const table = view.getByTestId('sweep-table');
    const row = table.getByRole('row', { name: /k=1, n=3 \(2k\+1\), collude/ });
    const cells = (await row.getByRole('cell').allTextContents()).map((t) => t.trim());
    // 0, 1 faulty: held; 2 faulty (k+1): broke; predicted ≤ 1, measured ≤ 1.
    expect(cells.slice(0, 3)).toEqual(['held', 'held', expect.stringMatching(/^\d+%$/)]);
    expect(cells.slice(-2)).toEqual(['≤ 1', '≤ 1']);
    const below = table.getByRole('row', { name: /k=1, n=2 \(2k\), collude/ });
    expect((await below.getByRole('cell').allTextContents()).at(-1)?.trim()).toBe('≤ 0');
    await screenshot(lab.page, 'sweep-default-lab');
    expect(await seriousViolations(lab.page, '[data-testid="sweep-view"]')).toEqual([]);

    const download = lab.page.waitForEvent('download');
    await view.getByTestId('sweep-csv').click();
    const csv = readFileSync(await (await download).path(), 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^k,n,n_vs_bound,bound,fault_kind,faults,/);
    expect(csv).toHaveLength(29);
  });

  it('refuses a bad list with a sentence naming the field', async () => {
    const view = lab.page.getByTestId('sweep-view');
    await view.getByTestId('sweep-timeouts').fill('200, soon');
    await view.getByTestId('sweep-run').click();
    await view.getByTestId('sweep-error').getByText('Failure timeouts: "soon" is not a whole number or a range like 0-3').waitFor();
  });

  it('cancels a long sweep after the run in progress and shows the runs done', async () => {
    const view = lab.page.getByTestId('sweep-view');
    await view.getByTestId('sweep-timeouts').fill('100, 200, 300, 400, 500, 600');
    await view.getByTestId('sweep-run').click();
    await view.getByRole('status').getByText(/^Run [1-9]\d* of 168/).waitFor({ timeout: 30_000 });
    await view.getByTestId('sweep-cancel').click();
    const note = view.getByTestId('sweep-cancelled');
    await note.getByText(/^Cancelled after \d+ of 168 runs: the chart and the table show the runs done\.$/).waitFor({ timeout: 30_000 });
    const done = Number(/after (\d+) of/.exec((await note.textContent()) ?? '')?.[1]);
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(168);
    await expect(view.getByTestId('sweep-cancel').count()).resolves.toBe(0);
    await view.getByRole('status').getByText(`${done} of 168 runs done`).waitFor();
    await view.getByTestId('sweep-chart').locator('canvas').first().waitFor();
    await screenshot(lab.page, 'sweep-cancelled');
  });

  it('sweeps all four schemes, each against its own bound: a group per scheme in the chart and the table', async () => {
    await lab.showTab('Sweep');
    const view = lab.page.getByTestId('sweep-view');
    await view.getByTestId('sweep-timeouts').fill('');
    // k = 1 only, each scheme at its bound, 0..2 faulty replicas, crashes and colluding liars.
    // Element Plus hides the inputs: a student clicks the labels.
    const label = (group: string, text: RegExp) => view.getByTestId(group).locator('label', { hasText: text });
    await label('sweep-ks', /^2$/).click();
    await label('sweep-ns', /^one below/).click();
    await view.locator('label', { hasText: /^these:$/ }).click();
    await view.getByRole('textbox', { name: 'Fault counts, comma-separated or a range' }).fill('0-2');
    const schemes = view.getByTestId('sweep-schemes');
    const ticked = (): Promise<string[]> => schemes.locator('label.is-checked').allTextContents();
    await expect(ticked()).resolves.toEqual(['state-machine']);
    await view.getByTestId('sweep-all-schemes').click();
    await expect(ticked()).resolves.toEqual(['state-machine', 'primary-backup', 'Raft', 'PBFT']);
    await expect(view.getByTestId('sweep-ks').locator('label.is-checked').allTextContents()).resolves.toEqual(['1']);
    await view.getByTestId('sweep-ns').getByRole('checkbox', { name: "the bound (each scheme's own)" }).waitFor({ state: 'attached' });

    await view.getByTestId('sweep-run').click();
    await view.getByTestId('sweep-progress').getByText(/^24 of 24 runs done$/).waitFor({ timeout: 60_000 });
    const chart = view.getByTestId('sweep-chart');
    await chart.locator('canvas').first().waitFor();
    // The chart's description reads each scheme's heading, its claim.
    const described = chart.locator('[aria-label]').first();
    await expect(described.getAttribute('aria-label')).resolves.toMatch(
      /State-machine replication, trusted sequencer · arbitrary faults · 2k\+1 replicas mask k\. Primary-backup, trusted arbiter · fail-stop .*\. Raft, no trusted helper · crashes .*\. PBFT, no trusted helper · Byzantine faults · 3k\+1 replicas mask k \(quorums of 2k\+1\)\./,
    );
    // Tall enough for four groups of two rows, each with its heading and axis.
    expect((await chart.boundingBox())?.height).toBeGreaterThan(560);

    const table = view.getByTestId('sweep-table');
    // One row group per scheme, headed by its claim as the chart's groups are.
    const group = (scheme: string) => table.locator(`tbody[data-scheme="${scheme}"]`);
    await expect(table.locator('tbody').evaluateAll((bodies) => bodies.map((b) => b.getAttribute('data-scheme')))).resolves.toEqual(['state-machine', 'primary-backup', 'raft', 'pbft']);
    await expect(group('raft').locator('tr.scheme-row').textContent()).resolves.toBe('Raft, no trusted helper · crashes · 2k+1 replicas survive k (a majority must stay up); lies are beyond its claim');
    await expect(group('pbft').getByRole('rowheader').allTextContents()).resolves.toEqual([
      'PBFT, no trusted helper · Byzantine faults · 3k+1 replicas mask k (quorums of 2k+1)',
      'PBFT: k=1, n=4 (3k+1), crash',
      'PBFT: k=1, n=4 (3k+1), collude',
    ]);
    const rowText = async (scheme: string, config: string): Promise<string[]> => {
      const row = group(scheme).locator('tr', { has: lab.page.getByRole('rowheader', { name: config }) });
      return (await row.getByRole('cell').allTextContents()).map((t) => t.trim());
    };
    // Raft: 1 crash of 3 held, 2 broke; predicted and measured ≤ 1.
    expect(await rowText('raft', 'Raft: k=1, n=3 (2k+1), crash')).toEqual(['held', 'held', expect.stringMatching(/^\d+%$/), '≤ 1', '≤ 1']);
    // PBFT masks one colluder of four, not two.
    expect(await rowText('pbft', 'PBFT: k=1, n=4 (3k+1), collude')).toEqual(['held', 'held', expect.stringMatching(/^\d+%$/), '≤ 1', '≤ 1']);
    // Primary-backup under a colluder: broke, but beyond its claim (grey, no bound).
    expect(await rowText('primary-backup', 'primary-backup: k=1, n=2 (k+1), collude')).toEqual(['held', expect.stringMatching(/^\d+%$/), expect.stringMatching(/^\d+%$/), 'beyond claim', '≤ 0']);
    await expect(table.locator('td.beyond').count()).resolves.toBe(4);
    await view.getByTestId('sweep-legend-beyond').getByText(/^Grey, “beyond claim”/).waitFor();
    await expect(view.getByTestId('sweep-surprises').count()).resolves.toBe(0);

    const download = lab.page.waitForEvent('download');
    await view.getByTestId('sweep-csv').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('sweep-state-machine+primary-backup+raft+pbft.csv');
    const csv = readFileSync(await file.path(), 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^scheme,failure_model,k,n,n_vs_bound,/);
    expect(csv).toHaveLength(25);

    expect(await seriousViolations(lab.page, '[data-testid="sweep-view"]')).toEqual([]);
    await screenshot(lab.page, 'sweep-four-schemes');
    await screenshotsAtSizes(lab.page, 'sweep-four-schemes');
    // The lab scrolls inside its panes: the chart and the table, each scrolled into view, at every size.
    const before = lab.page.viewportSize();
    for (const [width, height] of SCREEN_SIZES) {
      await lab.page.setViewportSize({ width, height });
      await chart.scrollIntoViewIfNeeded();
      await screenshot(lab.page, `sweep-four-schemes-chart-${width}x${height}`);
      await table.scrollIntoViewIfNeeded();
      await screenshot(lab.page, `sweep-four-schemes-table-${width}x${height}`);
    }
    if (before) await lab.page.setViewportSize(before);

    // In Korean: the chooser, the table's groups and the chart's description in the lecture's words.
    await switchToKorean(lab);
    await expect(schemes.locator('label').allTextContents()).resolves.toEqual(['상태 기계 복제', '주-백업', 'Raft', 'PBFT']);
    await view.getByTestId('sweep-all-schemes').getByText('네 가지 모두').waitFor();
    await expect(group('pbft').locator('tr.scheme-row').textContent()).resolves.toBe('PBFT, 신뢰하는 조정자 없음 · 비잔틴 장애 · 복제본 3k+1개가 k개를 가림 (정족수 2k+1)');
    await expect(group('primary-backup').getByRole('cell', { name: '주장 범위 밖' }).count()).resolves.toBe(1);
    await expect(described.getAttribute('aria-label')).resolves.toContain('주-백업, 신뢰하는 중재자 · 정지 장애');
    await lab.page.setViewportSize({ width: 1366, height: 768 });
    await schemes.scrollIntoViewIfNeeded();
    await screenshot(lab.page, 'sweep-four-schemes-ko-form-1366x768');
    await chart.scrollIntoViewIfNeeded();
    await screenshot(lab.page, 'sweep-four-schemes-ko-chart-1366x768');
    if (before) await lab.page.setViewportSize(before);
  });
});
