/**
 * One report for an exercise with two runs: it verifies whole; a figure of the second run
 * edited where the report shows it, or inside the second run's embedded report, or the
 * second run's evidence taken out, each fails verify naming the second run and the figure.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { EXERCISES } from '../../shared/exercises.js';
import { parseScenario } from '../../shared/scenario.js';
import { runScenario } from '../runtime/run.js';
import { buildExerciseReport, MORE_RUNS_MARKER } from './exercise-report.js';
import { verifyReportHtml } from './verify.js';

const exercise = EXERCISES[0]!;
const short = (i: number) => parseScenario({ ...exercise.scenarios[i]!.scenario, workload: { clients: 1, ratePerSecond: 40, durationMs: 600 } });

async function twoRunReport(): Promise<string> {
  const runs = await Promise.all([0, 1].map(async (i) => ({ scenario: short(i), events: (await runScenario(short(i), 'sim')).events })));
  return buildExerciseReport(runs.map((run) => ({ run, exercise: exercise.id, student: { name: 'Ada', id: 'S1', course: '' }, prediction: 'p', answers: [] }))).html;
}

const block = /(<script type="application\/octet-stream" id="faultlab-run-2">)([^<]*)(<\/script>)/;

describe('an exercise report with all of its runs', () => {
  it('carries both runs and verifies whole; an edited figure of the second run is named, wherever it was edited', async () => {
    const html = await twoRunReport();
    expect(html).toContain(MORE_RUNS_MARKER);
    expect(html).toContain(`Run 2: ${short(1).name}`);
    const good = await verifyReportHtml(html);
    expect(good.differences).toEqual([]);
    expect(good.ok).toBe(true);
    expect(good.figures.some((f) => f.key === 'runs.2.requests.issued' && f.ok)).toBe(true);
    expect(good.notes.at(-1)).toMatch(/carries 2 runs of the exercise; each was verified/);

    // Shown in the report's text.
    const shown = /<span data-fl="runs\.2\.requests\.answeredCorrect">(\d+)<\/span>/.exec(html);
    expect(shown).not.toBeNull();
    const n = Number(shown![1]);
    const editedText = html.replace(shown![0], `<span data-fl="runs.2.requests.answeredCorrect">${n + 5}</span>`);
    const r1 = await verifyReportHtml(editedText);
    expect(r1.ok).toBe(false);
    expect(r1.differences).toEqual([`run 2: figure "Answered correctly" (runs.2.requests.answeredCorrect, shown): the report says "${n + 5}", the re-run gives "${n}"`]);
    expect(r1.figures.filter((f) => !f.ok).map((f) => [f.key, f.stated])).toEqual([['runs.2.requests.answeredCorrect', String(n + 5)]]);

    // Inside the second run's own embedded report.
    const m = block.exec(html)!;
    const inner = gunzipSync(Buffer.from(m[2]!, 'base64')).toString('utf8');
    const innerEdited = inner.replace(/<span data-fl="requests\.answeredCorrect">\d+<\/span>/, `<span data-fl="requests.answeredCorrect">${n + 1}</span>`);
    expect(innerEdited).not.toBe(inner);
    const r2 = await verifyReportHtml(html.replace(block, `$1${gzipSync(innerEdited).toString('base64')}$3`));
    expect(r2.differences).toEqual([`run 2: figure "Answered correctly" (requests.answeredCorrect, shown): the report says "${n + 1}", the re-run gives "${n}"`]);

    // The second run's evidence taken out, or damaged.
    const r3 = await verifyReportHtml(html.replace(block, ''));
    expect(r3.ok).toBe(false);
    expect(r3.differences).toContain('the report marks further runs but carries none (it was edited)');
    const r4 = await verifyReportHtml(html.replace(block, `$1${m[2]!.slice(0, 200)}$3`));
    expect(r4.differences[0]).toMatch(/^run 2: its embedded report cannot be unpacked .*: it was edited or cut$/);

    // The first run is checked as ever.
    const first = /<span data-fl="requests\.issued">(\d+)<\/span>/.exec(html)!;
    const r5 = await verifyReportHtml(html.replace(first[0], '<span data-fl="requests.issued">1</span>'));
    expect(r5.differences).toEqual([`figure "Requests issued" (requests.issued, shown): the report says "1", the re-run gives "${first[1]}"`]);
  });
});
