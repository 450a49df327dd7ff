/**
 * A student who chose 한국어: the window speaks Korean in every view, its Hangul is drawn
 * with the bundled Noto Sans KR on a machine without a Korean font (this one), the default
 * lab runs, and the report comes out in Korean as a PDF with the font embedded. Screenshots
 * of the main screen in Korean at three window sizes.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshot, SCREENSHOTS } from '../fixtures/browser.js';
import { useLabSession } from '../fixtures/session.js';
import { COMPARE_WORDS } from '../../shared/compare-words.js';
import { englishLabelsIn, fontsDrawing, KOREAN_TABS, runToEndKo, showTabKo, switchToKorean, useSimulationKo } from '../pages/korean.js';

const SIZES: [number, number][] = [
  [1024, 700],
  [1366, 768],
  [1920, 1080],
];

describe('the lab in Korean', () => {
  const { lab } = useLabSession();

  it('switches to Korean, and the switch draws 한국어 with the bundled Noto Sans KR, not a system font', async () => {
    // On the English page first: the one Korean word there is the switch's own.
    await lab.page.evaluate('document.fonts.ready.then(() => undefined)');
    const before = await fontsDrawing(lab.page, '[data-testid="language"] label:last-child .el-radio-button__inner');
    expect(before.map((f) => f.familyName.replace(/^(Noto Sans KR).*$/, '$1'))).toEqual(['Noto Sans KR']);
    await switchToKorean(lab);
    await expect(lab.page.evaluate('document.documentElement.lang')).resolves.toBe('ko');
    await lab.page.evaluate('document.fonts.ready.then(() => undefined)');
    const fonts = await fontsDrawing(lab.page, '[data-testid="language"] label:last-child .el-radio-button__inner');
    // Every glyph from the web font (its files name it "Noto Sans KR" plus their instance's style), none from a system font's boxes.
    expect(fonts).toHaveLength(1);
    expect(fonts[0]).toMatchObject({ isCustomFont: true, glyphCount: 3 });
    expect(fonts[0]?.familyName).toMatch(/^Noto Sans KR/);
    // The same word in a font list without the bundled family is drawn by a system font: the
    // check tells the two apart on this machine (it has no Korean font of its own).
    await lab.page.evaluate(`(() => { const s = document.createElement('span'); s.id = 'system-fonts-only'; s.style.fontFamily = 'system-ui, sans-serif'; s.textContent = '한국어'; document.body.append(s); })()`);
    const system = await fontsDrawing(lab.page, '#system-fonts-only');
    expect(system.some((f) => f.familyName.startsWith('Noto Sans KR'))).toBe(false);
    await lab.page.evaluate(`document.getElementById('system-fonts-only').remove()`);
    // Element Plus's own words follow (its empty table says 데이터 없음, not "No Data").
    await showTabKo(lab, '보관한 실행');
    await expect(lab.runList.textContent()).resolves.toContain('아직 보관한 실행이 없습니다');
  });

  it('runs the default lab, and no view shows an English label', async () => {
    await useSimulationKo(lab);
    await runToEndKo(lab);
    await showTabKo(lab, '투표 집계');
    await lab.page.getByTestId('vote-totals').getByText(/^차폐됨 [1-9]/).waitFor();
    const found: Record<string, string[]> = {};
    for (const tab of KOREAN_TABS) {
      await showTabKo(lab, tab);
      await lab.page.getByRole('tabpanel').filter({ has: lab.page.locator('h2') }).first().waitFor();
      const left = englishLabelsIn(await lab.page.locator('.app').innerText());
      if (left.length > 0) found[tab] = left;
      await lab.page.locator('.app-tabs').screenshot({ path: join(SCREENSHOTS, `korean-tab-${KOREAN_TABS.indexOf(tab) + 1}.png`) });
    }
    expect(found).toEqual({});
    // Hangul in the views is drawn with the bundled font too (the sweep's heading).
    await showTabKo(lab, '스윕');
    const heading = await fontsDrawing(lab.page, '[data-testid="sweep-view"] h2');
    expect(heading.find((f) => f.familyName.startsWith('Noto Sans KR') && f.isCustomFont)?.glyphCount ?? 0).toBeGreaterThan(5);
  });

  it('shows the main screen in Korean at three window sizes without text running out of its box', async () => {
    await showTabKo(lab, '투표 집계');
    // The views visited above scrolled the main column: the screenshots show it from its top.
    await lab.page.evaluate("document.querySelector('.app-main').scrollTop = 0");
    for (const [width, height] of SIZES) {
      await lab.page.setViewportSize({ width, height });
      await lab.page.evaluate('document.fonts.ready.then(() => undefined)');
      // Buttons, tabs and tags of the chrome: their text fits (no clipped label).
      const clipped = (await lab.page.evaluate(`[...document.querySelectorAll('.app-header .el-button, .app-header .el-tag, .el-tabs__item, .run-bar .el-button, .el-radio-button__inner')]
        .filter((el) => el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1)
        .map((el) => el.textContent.trim())`)) as string[];
      expect(clipped, `${width}x${height}`).toEqual([]);
      await screenshot(lab.page, `korean-main-${width}x${height}`);
    }
    await lab.page.setViewportSize({ width: 1440, height: 1000 });
  });

  it('exports the report in Korean as a PDF with Noto Sans KR embedded', async () => {
    await lab.page.getByTestId('export-report').click();
    const dialog = lab.page.getByRole('dialog', { name: '실습 보고서 내보내기' });
    await dialog.waitFor();
    await dialog.getByTestId('report-name').fill('김철수');
    await dialog.getByTestId('report-course').fill('분산 시스템');
    await dialog.getByTestId('report-pdf').click();
    const files = new Map<string, string>();
    const both = new Promise<void>((done) => {
      lab.page.on('download', (d) => {
        void d.path().then((p) => {
          files.set(d.suggestedFilename().endsWith('.pdf') ? 'pdf' : 'html', p);
          if (files.size === 2) done();
        });
      });
    });
    await dialog.getByTestId('report-export').click();
    await both;
    await dialog.getByTestId('report-done').getByText(/보고서를 .*reports/).waitFor();

    const html = readFileSync(files.get('html') ?? '', 'utf8');
    expect(html).toContain('<html lang="ko">');
    expect(html).toContain('<h1>Fault Lab — 실습 보고서</h1>');
    expect(html).toContain('김철수');

    const pdf = files.get('pdf') ?? '';
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSansKR/);
    const out = mkdtempSync(join(tmpdir(), 'faultlab-korean-pdf-'));
    execFileSync('pdftoppm', ['-png', '-r', '60', pdf, join(out, 'page')]);
    const pages = readdirSync(out).filter((f) => f.endsWith('.png'));
    expect(pages.length).toBeGreaterThan(1);
    // Each page a real picture (not blank): a PNG of some size.
    for (const p of pages) expect(readFileSync(join(out, p)).length).toBeGreaterThan(5_000);
    copyFileSync(join(out, pages.sort()[0] ?? ''), join(SCREENSHOTS, 'korean-report-page-1.png'));
  });
  it('measures the comparison in Korean: every row, claim and note worded in Korean, and again in English after a switch', async () => {
    // The report dialog of the test before is still open: close it as a student would.
    await lab.page.keyboard.press('Escape');
    await lab.page.getByRole('dialog', { name: '실습 보고서 내보내기' }).waitFor({ state: 'hidden' });
    await showTabKo(lab, '비교');
    const view = lab.page.getByTestId('compare-view');
    await view.getByTestId('compare-run').click();
    const table = view.getByTestId('compare-table');
    await table.getByTestId('compare-row-cost').waitFor({ timeout: 60_000 });
    const text = await view.innerText();
    for (const aspect of Object.values(COMPARE_WORDS.ko.aspect)) expect(text).toContain(aspect);
    for (const aspect of Object.values(COMPARE_WORDS.en.aspect)) expect(text).not.toContain(aspect);
    expect(text).toContain(COMPARE_WORDS.ko.claim.loss.pb);
    expect(englishLabelsIn(text)).toEqual([]);
    await view.screenshot({ path: join(SCREENSHOTS, 'korean-compare.png') });
    // The same measured table in English once the student switches back: nothing runs again.
    await lab.page.getByTestId('language').getByRole('radio', { name: 'English' }).check({ force: true });
    await expect(table.getByTestId('compare-row-loss').locator('th').textContent()).resolves.toBe(COMPARE_WORDS.en.aspect.loss);
    await switchToKorean(lab);
    await expect(table.getByTestId('compare-row-loss').locator('th').textContent()).resolves.toBe(COMPARE_WORDS.ko.aspect.loss);
  });
  it('opens the lab guide in Korean, drawn with the font the guide carries (this machine has no Korean font)', async () => {
    const [guide] = await Promise.all([lab.page.context().waitForEvent('page'), lab.page.getByTestId('lab-guide').click()]);
    await guide.waitForLoadState();
    expect(new URL(guide.url()).pathname).toBe('/guide.ko.html');
    await guide.evaluate('document.fonts.ready.then(() => undefined)');
    const fonts = await fontsDrawing(guide, 'h1');
    expect(fonts.find((f) => f.familyName.startsWith('Noto Sans KR') && f.isCustomFont)?.glyphCount ?? 0).toBeGreaterThan(3);
    // Its Latin text keeps the page's own font.
    expect(fonts.some((f) => !f.isCustomFont)).toBe(true);
    await guide.screenshot({ path: join(SCREENSHOTS, 'korean-guide.png') });
    await guide.close();
  });
});
