/**
 * The lab report: what a student hands in and a teacher checks. Built from simulated
 * runs; verify must pass on an untouched report and fail on any edited figure.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultScenario } from '../../shared/presets.js';
import { parseScenario } from '../../shared/scenario.js';
import { findExercise } from '../../shared/exercises.js';
import { runScenario } from '../runtime/run.js';
import { runComparison } from './compare-run.js';
import { csvCell, toCsv } from './csv.js';
import { buildReport, writeReport } from './index.js';
import { lamportDiagram } from './lamport.js';
import { findChromium } from './pdf.js';
import { extractReportData, verifyReportHtml, visibleFigures } from './verify.js';

let dir: string;
let html: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'faultlab-report-'));
  await runComparison(defaultScenario(), 'sim', { dir: join(dir, 'run') });
  const written = await writeReport(
    { run: { runDir: join(dir, 'run') }, exercise: 'why-2k-plus-1', student: { name: 'Ada <Lovelace>', id: 's1', course: 'DS' }, prediction: 'one liar is outvoted', answers: ['k+1 = 2'] },
    { htmlPath: join(dir, 'report.html') },
  );
  html = readFileSync(written.htmlPath, 'utf8');
});

describe('CSV export', () => {
  it('guards formula injection and quotes properly', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell(-2)).toBe('-2');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(null)).toBe('');
    expect(toCsv([['a', 1], ['=x', true]])).toBe("a,1\r\n'=x,true\r\n");
  });
});

describe('the HTML report', () => {
  it('is self-contained: no scripts to run, no network references, charts as inline SVG', () => {
    // The data (JSON) and the event log (gzip, base64) are embedded in blocks a browser never runs.
    expect(html).not.toMatch(/<script(?![^>]*type="application\/(json|octet-stream)")/);
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).not.toMatch(/@import|url\(http/);
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(6);
  });

  it('holds the student fields (escaped), exercise, prediction, answers, summary and comparison', () => {
    expect(html).toContain('Ada &lt;Lovelace&gt;');
    expect(html).not.toContain('Ada <Lovelace>');
    expect(html).toContain('Why 2k+1 replicas?');
    expect(html).toContain('one liar is outvoted');
    expect(html).toContain('(no answer given)');
    expect(html).toContain("The lecture's table, measured");
    expect(html).toContain('Vote tally');
    expect(html).toContain('Message sequence diagram');
    expect(html).toContain("is not one of the exercise's scenarios");
    const figures = visibleFigures(html);
    expect(figures.get('requests.answeredCorrect')).toEqual(['1000']);
    expect(figures.get('compare.arbitrary.smr')).toEqual(['0 wrong of 1000 accepted (Byzantine: r3)']);
  });

  it('embeds the scenario, the mode, seed, version, summary and the event log hash', () => {
    const data = extractReportData(html);
    expect(data.scenario).toEqual(defaultScenario());
    expect(data).toMatchObject({ mode: 'sim', seed: 42, appVersion: expect.any(String), exercise: 'why-2k-plus-1' });
    expect(data.eventLogSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(data.summary.eventLogSha256).toBe(data.eventLogSha256);
    expect(data.comparison?.mapping).toBe('drop');
  });

  it('writes the raw data beside it', () => {
    const csv = readFileSync(join(dir, 'report.requests.csv'), 'utf8');
    expect(csv.split('\r\n')[0]).toBe('client,request,op,issued_at_ms,outcome,accepted_value,expected_value,latency_ms,executions');
    expect(csv.split('\r\n').length).toBe(1002);
    expect(readFileSync(join(dir, 'report.events.csv'), 'utf8').split('\r\n')[0]).toMatch(/^t_ms,type,from,to/);
    expect(JSON.parse(readFileSync(join(dir, 'report.data.json'), 'utf8'))).toMatchObject({ seed: 42 });
  });

  it('recognises the exercise scenario a run is of', async () => {
    const s = parseScenario(findExercise('pb-request-loss')?.scenarios[0]?.scenario);
    const run = await runScenario(s, 'sim');
    const built = buildReport({ run: { scenario: run.scenario, events: run.events }, exercise: 'pb-request-loss' });
    expect(built.html).toContain("This report is of the exercise's scenario <b>primary crash, no client retries</b>");
    expect(built.html).toMatch(/Failover 1/);
    expect(built.html).toContain('No votes');
  });
});

describe('verify', () => {
  it('passes on an untouched simulated report', async () => {
    const r = await verifyReportHtml(html);
    expect(r.differences).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.checked).toBeGreaterThan(50);
  });

  it('fails on an edited visible figure, naming it', async () => {
    const edited = html.replace('<span data-fl="requests.answeredCorrect">1000</span>', '<span data-fl="requests.answeredCorrect">999</span>');
    expect(edited).not.toBe(html);
    const r = await verifyReportHtml(edited);
    expect(r.ok).toBe(false);
    expect(r.differences).toEqual(['figure "Answered correctly" (requests.answeredCorrect, shown): the report says "999", the re-run gives "1000"']);
  });

  it('fails on an edited comparison cell', async () => {
    const edited = html.replace('>0 wrong of 1000 accepted (Byzantine: r3)<', '>0 wrong of 1250 accepted (Byzantine: r3)<');
    expect(edited).not.toBe(html);
    const r = await verifyReportHtml(edited);
    expect(r.differences.join('\n')).toMatch(/compare\.arbitrary\.smr/);
  });

  it('fails on an edited summary in the embedded data, and on an edited scenario', async () => {
    const lost = html.replace(/("lost":)0(,"undecided")/, '$13$2');
    expect(lost).not.toBe(html);
    const r = await verifyReportHtml(lost);
    expect(r.differences).toContain('summary.requests.lost: the report says 3, the re-run gives 0');
    const seed = html.replace('"seed":42,"workload"', '"seed":43,"workload"');
    expect(seed).not.toBe(html);
    const r2 = await verifyReportHtml(seed);
    expect(r2.ok).toBe(false);
    expect(r2.differences.join('\n')).toMatch(/eventLogSha256/);
  });

  it('fails when a figure is deleted from the text', async () => {
    const r = await verifyReportHtml(html.replace(/<span data-fl="requests\.lost">0<\/span>/, '0'));
    expect(r.differences).toContain('figure "Lost" (requests.lost) is missing from the report\'s text');
  });
});

describe('the Lamport diagram', () => {
  it('stays readable for 10k+ messages: a density overview and detail windows of at most ~120 messages around the faults', async () => {
    const s = parseScenario({
      faultlab: 1, scheme: 'state-machine', failureModel: 'arbitrary', k: 2, service: 'kv', seed: 3,
      workload: { clients: 4, ratePerSecond: 400, durationMs: 3000 },
      faults: [
        { atMs: 800, type: 'crash', replica: 2 },
        { atMs: 1500, type: 'omission', replica: 4, probability: 0.5, untilMs: 2200 },
        { atMs: 2400, type: 'byzantine', replica: 5, behavior: 'lie' },
      ],
    });
    const run = await runScenario(s, 'sim');
    const d = lamportDiagram(run.events, s);
    expect(d.totalMessages).toBeGreaterThan(10_000);
    expect(d.totalDropped).toBeGreaterThan(0);
    expect(d.windows).toHaveLength(3);
    for (const w of d.windows) expect(w.messages).toBeLessThanOrEqual(160);
    expect(d.windows[0]?.from).toBeLessThan(800);
    expect(d.windows[0]?.to).toBeGreaterThan(800);
    expect(d.windows.some((w) => w.dropped > 0)).toBe(true);
    // The overview draws time slices, not one element per message.
    expect((d.overviewSvg.match(/<rect|<line|<path/g) ?? []).length).toBeLessThan(5000);
  });
});

describe.skipIf(findChromium() === null)('PDF', () => {
  it('prints the report to a multi-page A4 PDF with Chromium', async () => {
    const pdfPath = join(dir, 'report.pdf');
    await writeReport({ run: { runDir: join(dir, 'run') } }, { htmlPath: join(dir, 'report2.html'), pdfPath });
    const pdf = readFileSync(pdfPath);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(4);
  });
});
