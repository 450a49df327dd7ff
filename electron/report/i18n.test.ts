/**
 * The report in Korean: its fixed text in Korean when the student chose Korean, and Korean
 * text (a student's name such as 김철수) printable on a machine without a Korean font,
 * because the report embeds the font's subsets the text needs, and only then.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultScenario } from '../../shared/presets.js';
import { runScenario } from '../runtime/run.js';
import { buildReport } from './index.js';
import { codePointsNeedingFont, REPORT_FONT_FAMILY } from './fonts.js';
import { findChromium, printHtmlToPdf } from './pdf.js';
import { extractReportData, verifyReportHtml } from './verify.js';

let runDir: string;
beforeAll(async () => {
  runDir = join(mkdtempSync(join(tmpdir(), 'faultlab-report-ko-')), 'run');
  await runScenario(defaultScenario(), 'sim', { dir: runDir });
}, 120_000);

const fontFaces = (html: string): number => (html.match(/@font-face \{ font-family: 'Fault Lab Noto Sans KR'/g) ?? []).length;

describe('a report in Korean', () => {
  it('has Korean headings, records its language, embeds the font for its Korean text, and still verifies', async () => {
    const { html, data } = buildReport({ run: { runDir }, student: { name: '김철수', id: '2026123', course: '분산 시스템' }, prediction: '리더가 바뀐다', lang: 'ko' });
    expect(html).toContain('<html lang="ko">');
    for (const heading of ['<h1>Fault Lab — 실습 보고서</h1>', '<h2>시나리오</h2>', '<h2>실행 요약</h2>', '<h2>데이터</h2>', '<th>학생</th><td>김철수</td>']) expect(html).toContain(heading);
    expect(data.lang).toBe('ko');
    expect(extractReportData(html).lang).toBe('ko');
    expect(fontFaces(html)).toBeGreaterThan(0);
    expect(html).toContain(`font-family: '${REPORT_FONT_FAMILY}', Helvetica, Arial, sans-serif;`);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="[^"]*font-src data:/);
    // Only the subsets the text uses: far fewer than the font's 120 Korean subsets.
    expect(fontFaces(html)).toBeLessThan(60);
    const r = await verifyReportHtml(html);
    expect(r.differences).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('embeds no font in an English report with no Korean in it, and keeps its English words', () => {
    const { html, data } = buildReport({ run: { runDir }, student: { name: 'Ada Lovelace', id: 's1', course: 'DS' } });
    expect(fontFaces(html)).toBe(0);
    expect(html).not.toContain('@font-face');
    expect(html).not.toContain('font-src');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h1>Fault Lab — lab report</h1>');
    expect(data.lang).toBeUndefined();
  });

  it('embeds the subsets a Korean name needs in an English report too (the name must print)', () => {
    const { html } = buildReport({ run: { runDir }, student: { name: '김철수' } });
    expect(html).toContain('<h1>Fault Lab — lab report</h1>');
    const n = fontFaces(html);
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThanOrEqual(codePointsNeedingFont('김철수').size);
  });

  it('draws its charts in Korean with the embedded font named in them, and an English report’s charts as before', () => {
    const svgs = (html: string): string => (html.match(/<svg[\s\S]*?<\/svg>/g) ?? []).join('\n');
    const ko = svgs(buildReport({ run: { runDir }, lang: 'ko' }).html);
    for (const words of ['보낸 시각과 결과별 요청', '보낸 시각 (ms)', '요청 수', '지연 시간 (ms)', '시간 (ms)', '복제본 1', '클라이언트']) expect(ko).toContain(words);
    expect(ko).not.toContain('issued at (ms)');
    expect(ko).toContain(REPORT_FONT_FAMILY);
    const en = svgs(buildReport({ run: { runDir } }).html);
    for (const words of ['Requests by issue time and outcome', 'issued at (ms)', 'latency (ms)', 'time (ms)', 'replica 1']) expect(en).toContain(words);
    expect(en).not.toContain(REPORT_FONT_FAMILY);
  });

  it.skipIf(findChromium() === null)('prints the Korean text with the embedded font into the PDF', async () => {
    const { html } = buildReport({ run: { runDir }, student: { name: '김철수' }, lang: 'ko' });
    const pdf = (await printHtmlToPdf(html)).toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    // The embedded subset of the font is named in the PDF (Chromium writes its PostScript name).
    expect(pdf).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansKR/);
  }, 120_000);
});
