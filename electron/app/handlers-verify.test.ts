// "Verify a report" and "Open assignment" through the lab's main side, as the window calls
// them: a report the lab wrote verifies; the same report with a figure edited fails naming
// that figure; garbage, a PDF, an empty file and a report cut short each get one sentence
// (never a stack trace, nothing logged as a bug); an assignment chosen in the window lists
// its exercises, names the field of each problem and the scenario file it lacks, and a
// report of one of its exercises is written.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AssignmentView, CompareOutcome, ReportExport, ReportVerification } from '../../shared/api.js';
import { MAX_VERIFY_PART_BYTES, MAX_VERIFY_REPORT_BYTES } from '../../shared/api.js';
import { DEFAULT_SCENARIO_INPUT } from '../../shared/presets.js';
import { EXERCISES } from '../../shared/exercises.js';
import { failure, labPerTest, ok } from './testing/backend.js';

const lab = labPerTest('faultlab-verify-');
const b64 = (text: string | Buffer): string => Buffer.from(text).toString('base64');
const SMALL = { ...DEFAULT_SCENARIO_INPUT, workload: { clients: 1, ratePerSecond: 40, durationMs: 600 } };

async function writtenReport(): Promise<ReportExport> {
  const { runId } = await ok<CompareOutcome>(lab.backend.invoke('compareScenario', { scenario: SMALL, mode: 'sim' }));
  return ok<ReportExport>(lab.backend.invoke('exportReport', { runId, student: { name: 'Ada Lovelace', id: 'S-1815' }, pdf: false }));
}

describe('verifyReport', () => {
  it('verifies a report the lab wrote, listing every figure it checked, and names a figure edited in a copy', async () => {
    const report = await writtenReport();
    const good = await ok<ReportVerification>(lab.backend.invoke('verifyReport', { fileName: 'ada.html', base64: b64(report.html) }));
    expect(good).toMatchObject({ fileName: 'ada.html', ok: true, mode: 'sim', differences: [], about: { student: 'Ada Lovelace', studentId: 'S-1815', scenario: SMALL.name } });
    expect(good.figures.length).toBeGreaterThan(20);
    expect(good.figures.every((f) => f.ok)).toBe(true);
    const lost = good.figures.find((f) => f.key === 'requests.lost');
    expect(lost).toMatchObject({ label: 'Lost', ok: true });

    const correct = /<span data-fl="requests\.answeredCorrect">(\d+)<\/span>/.exec(report.html);
    expect(correct).not.toBeNull();
    const edited = report.html.replace(correct![0], `<span data-fl="requests.answeredCorrect">${Number(correct![1]) - 3}</span>`);
    const bad = await ok<ReportVerification>(lab.backend.invoke('verifyReport', { fileName: 'ada-edited.html', base64: b64(edited) }));
    expect(bad.ok).toBe(false);
    expect(bad.differences).toEqual([`figure "Answered correctly" (requests.answeredCorrect, shown): the report says "${Number(correct![1]) - 3}", the re-run gives "${correct![1]}"`]);
    expect(bad.figures.filter((f) => !f.ok)).toEqual([{ key: 'requests.answeredCorrect', label: 'Answered correctly', value: correct![1], ok: false, stated: String(Number(correct![1]) - 3) }]);

    // In a Korean app, the same difference and the figures' names are in Korean.
    const badKo = await ok<ReportVerification>(lab.backend.invoke('verifyReport', { fileName: 'ada-edited.html', base64: b64(edited), lang: 'ko' }));
    const label = badKo.figures.find((f) => f.key === 'requests.answeredCorrect')?.label ?? '';
    expect(label).toMatch(/[가-힣]/);
    expect(badKo.differences).toEqual([`수치 "${label}" (requests.answeredCorrect, 본문): 보고서에는 "${Number(correct![1]) - 3}", 다시 실행한 결과는 "${correct![1]}"`]);
    expect(badKo.notes.join(' ')).toContain('시뮬레이션으로 다시 실행했습니다');
    expect((await failure(lab.backend.invoke('verifyReport', { fileName: 'a.html', base64: b64(edited), lang: 'fr' }))).code).toBe('bad-call');
    expect(lab.logged).toEqual([]);
  });

  it('verifies on a worker thread: a call made while a report is being verified is answered first, and a second report waits its turn', async () => {
    const report = await writtenReport();
    const verifying = ok<ReportVerification>(lab.backend.invoke('verifyReport', { fileName: 'ada.html', base64: b64(report.html) }));
    const list = ok<unknown[]>(lab.backend.invoke('listRuns', {}));
    const first = await Promise.race([verifying.then(() => 'verify'), list.then(() => 'list')]);
    // Verified in this thread, the report would have been checked before listRuns was even called.
    expect(first).toBe('list');
    expect((await failure(lab.backend.invoke('verifyReport', { fileName: 'again.html', base64: b64(report.html) }))).code).toBe('busy');
    expect((await verifying).ok).toBe(true);
    expect((await ok<ReportVerification>(lab.backend.invoke('verifyReport', { fileName: 'again.html', base64: b64(report.html) }))).ok).toBe(true);
  });

  it('answers garbage, a PDF, an empty file, a binary file and a report cut short with one sentence each', async () => {
    const report = await writtenReport();
    const cases: [string, string | Buffer, RegExp][] = [
      ['notes.html', '<html><body>my notes</body></html>', /^notes\.html is not a Fault Lab report: not a Fault Lab report \(it has no embedded report data\)\.$/],
      ['garbage.html', 'x'.repeat(1000), /^garbage\.html is not a Fault Lab report/],
      ['report.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(100, 7)]), /^report\.pdf is a PDF: only the HTML report carries the evidence .* Verify the \.html file it was printed from\.$/],
      ['empty.html', '', /^empty\.html cannot be verified: empty file\.$/],
      ['photo.html', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]), /^photo\.html is not a Fault Lab report: binary content, not an HTML file\.$/],
      ['latin1.html', Buffer.from([0x3c, 0x70, 0x3e, 0xe9, 0xe9, 0x3c]), /^latin1\.html is not a Fault Lab report: not UTF-8 text\.$/],
      ['cut.html', report.html.slice(0, Math.floor(report.html.length * 0.97)), /^cut\.html is cut short: the file ends after \d+ bytes, before the report's end.*Ask for the whole file\.$/],
      ['cut-early.html', Buffer.from(report.html).subarray(0, 5000), /^cut-early\.html is cut short: the file ends after 5000 bytes, before the report's end, and its data is cut off\. Ask for the whole file\.$/],
    ];
    for (const [fileName, content, sentence] of cases) {
      const f = await failure(lab.backend.invoke('verifyReport', { fileName, base64: b64(content) }));
      expect(f.error, fileName).toMatch(sentence);
      expect(f.error).not.toMatch(/\n\s+at /);
      expect(f.code).toBe('bad-call');
    }
    expect(lab.logged).toEqual([]);
  });

  it('refuses what is not base64, or larger than the limit, before reading it', async () => {
    expect((await failure(lab.backend.invoke('verifyReport', { fileName: 'a.html', base64: 'not base64!' }))).error).toBe('verifyReport: base64: not base64');
    const tooBig = 'A'.repeat((MAX_VERIFY_PART_BYTES / 3) * 4 + 4);
    expect((await failure(lab.backend.invoke('verifyReport', { fileName: 'a.html', base64: tooBig }))).error).toBe(`verifyReport: base64: at most ${MAX_VERIFY_PART_BYTES} bytes in one part`);
    expect((await failure(lab.backend.invoke('verifyReportPart', { uploadId: 'upload-1', index: 0, base64: tooBig }))).code).toBe('bad-call');
    expect((await failure(lab.backend.invoke('verifyReport', { fileName: '', base64: '' }))).code).toBe('bad-call');
    expect((await failure(lab.backend.invoke('verifyReport', { fileName: 'a.html', base64: '', extra: 1 }))).code).toBe('bad-call');
  });
});

describe('one report for an exercise with all of its runs', () => {
  it('carries the exercise’s other runs after the first, verifies in the app, and names an edited figure of the second run', async () => {
    const exercise = EXERCISES[0]!;
    const runIds: string[] = [];
    for (const sc of exercise.scenarios.slice(0, 2)) {
      const scenario = { ...sc.scenario, workload: { clients: 1, ratePerSecond: 40, durationMs: 600 } };
      runIds.push((await ok<CompareOutcome>(lab.backend.invoke('compareScenario', { scenario, mode: 'sim' }))).runId);
    }
    const report = await ok<ReportExport>(lab.backend.invoke('exportReport', { runId: runIds[0], moreRunIds: [runIds[1]], exerciseId: exercise.id, student: { name: 'Ada' }, pdf: false }));
    expect(readFileSync(report.htmlPath, 'utf8')).toBe(report.html);
    expect(report.html).toContain(`Run 2: ${exercise.scenarios[1]!.scenario.name}`);
    const good = await ok<ReportVerification>(lab.backend.invoke('verifyReport', { fileName: 'ada.html', base64: b64(report.html) }));
    expect(good.differences).toEqual([]);
    expect(good.figures.filter((f) => f.key.startsWith('runs.2.')).length).toBeGreaterThan(20);
    const lost = /<span data-fl="runs\.2\.requests\.issued">(\d+)<\/span>/.exec(report.html)!;
    const bad = await ok<ReportVerification>(lab.backend.invoke('verifyReport', { fileName: 'ada.html', base64: b64(report.html.replace(lost[0], '<span data-fl="runs.2.requests.issued">0</span>')) }));
    expect(bad.differences).toEqual([`run 2: figure "Requests issued" (runs.2.requests.issued, shown): the report says "0", the re-run gives "${lost[1]}"`]);
    expect((await failure(lab.backend.invoke('exportReport', { runId: runIds[0], moreRunIds: ['nope'], pdf: false }))).code).toBe('not-found');
  });
});

describe('verifyReport of a report sent in parts', () => {
  it('verifies the default lab’s report (larger than one message) sent in parts, and refuses parts out of order, of an upload that is over, or beyond the limit', async () => {
    const { runId } = await ok<CompareOutcome>(lab.backend.invoke('compareScenario', { scenario: DEFAULT_SCENARIO_INPUT, mode: 'sim' }));
    const report = await ok<ReportExport>(lab.backend.invoke('exportReport', { runId, pdf: false }));
    const bytes = Buffer.from(report.html);
    expect(bytes.length).toBeGreaterThan(MAX_VERIFY_PART_BYTES);
    const parts: string[] = [];
    for (let at = 0; at < bytes.length; at += MAX_VERIFY_PART_BYTES) parts.push(bytes.subarray(at, at + MAX_VERIFY_PART_BYTES).toString('base64'));
    for (let i = 0; i < parts.length - 1; i++) await ok(lab.backend.invoke('verifyReportPart', { uploadId: 'upload-1', index: i, base64: parts[i] }));
    const verdict = await ok<ReportVerification>(lab.backend.invoke('verifyReport', { fileName: 'default.html', base64: parts.at(-1), uploadId: 'upload-1' }));
    expect(verdict).toMatchObject({ ok: true, differences: [] });
    // The upload is over once verified.
    expect((await failure(lab.backend.invoke('verifyReport', { fileName: 'default.html', base64: parts.at(-1), uploadId: 'upload-1' }))).error).toBe('The earlier parts of default.html are not here (another report was sent since); send it again.');
    await ok(lab.backend.invoke('verifyReportPart', { uploadId: 'upload-2', index: 0, base64: parts[0] }));
    expect((await failure(lab.backend.invoke('verifyReportPart', { uploadId: 'upload-2', index: 2, base64: parts[0] }))).error).toBe('Part 2 of the report came when part 1 was expected; send the report again.');
    expect((await failure(lab.backend.invoke('verifyReportPart', { uploadId: 'upload-9', index: 1, base64: parts[0] }))).code).toBe('bad-call');
    const big = Buffer.alloc(MAX_VERIFY_PART_BYTES, 0x41).toString('base64');
    let refused = '';
    for (let i = 0; i <= MAX_VERIFY_REPORT_BYTES / MAX_VERIFY_PART_BYTES && refused === ''; i++) {
      const r = await lab.backend.invoke('verifyReportPart', { uploadId: 'upload-3', index: i, base64: big });
      if (!r.ok) refused = r.error;
    }
    expect(refused).toBe(`The report is larger than ${MAX_VERIFY_REPORT_BYTES / 1e6} MB, the most the app verifies. Check it with "faultlab verify".`);
    expect(lab.logged).toEqual([]);
  });
});

describe('openAssignment', () => {
  const lecture = readFileSync(join(import.meta.dirname, '../../examples/assignments/lecture.faultlab-assignment.json'), 'utf8');
  const scenarioFile = (name: string): string => readFileSync(join(import.meta.dirname, '../../examples', name), 'utf8');
  const teacher = (scenarios: unknown[]): string =>
    JSON.stringify({
      faultlabAssignment: 1,
      title: 'Week 3: failover',
      exercises: [{ id: 'week3', title: 'Losing the primary', goal: 'See a failover.', steps: ['Run it.'], prediction: 'What is lost?', questions: ['What was lost, and why?'], scenarios }],
    });

  it('starts with the built-in exercises, lists an opened assignment’s, and goes back', async () => {
    const builtIn = await ok<AssignmentView>(lab.backend.invoke('currentAssignment', {}));
    expect(builtIn).toMatchObject({ builtIn: true, fileName: null });
    expect(builtIn.exercises.map((e) => e.id)).toEqual(EXERCISES.map((e) => e.id));

    const own = await ok<AssignmentView>(
      lab.backend.invoke('openAssignment', { files: [{ name: 'week3.faultlab-assignment.json', text: teacher([{ id: 'crash', label: 'The primary crashes', file: 'split-brain.faultlab.json' }]) }, { name: 'split-brain.faultlab.json', text: scenarioFile('split-brain.faultlab.json') }] }),
    );
    expect(own).toMatchObject({ builtIn: false, title: 'Week 3: failover', fileName: 'week3.faultlab-assignment.json', unreadFiles: [] });
    expect(own.exercises.map((e) => e.id)).toEqual(['week3']);
    expect(own.exercises[0]?.scenarios[0]?.scenario).toMatchObject({ scheme: 'primary-backup' });
    await expect(ok<AssignmentView>(lab.backend.invoke('currentAssignment', {}))).resolves.toEqual(own);

    // A report of the opened assignment's exercise carries its title and questions.
    const { runId } = await ok<CompareOutcome>(lab.backend.invoke('compareScenario', { scenario: SMALL, mode: 'sim' }));
    const report = await ok<ReportExport>(lab.backend.invoke('exportReport', { runId, exerciseId: 'week3', answers: ['Nothing.'], pdf: false }));
    expect(report.html).toContain('Losing the primary');
    expect(report.html).toContain('What was lost, and why?');
    // A built-in exercise is not listed while the assignment is.
    expect((await failure(lab.backend.invoke('exportReport', { runId, exerciseId: EXERCISES[0]!.id, pdf: false }))).error).toBe(`There is no exercise "${EXERCISES[0]!.id}".`);

    const back = await ok<AssignmentView>(lab.backend.invoke('closeAssignment', {}));
    expect(back).toEqual(builtIn);
  });

  it('takes the lecture’s inline scenarios when their files were not chosen with it, and says which files those were', async () => {
    const view = await ok<AssignmentView>(lab.backend.invoke('openAssignment', { files: [{ name: 'lecture.faultlab-assignment.json', text: lecture }] }));
    expect(view.exercises.map((e) => e.id)).toEqual(EXERCISES.map((e) => e.id));
    expect(view.unreadFiles).toContain('../why-2k-plus-1-masked.faultlab.json');
  });

  it('names the field of every problem, and the scenario file that was not chosen with the assignment', async () => {
    const missing = await failure(lab.backend.invoke('openAssignment', { files: [{ name: 'week3.faultlab-assignment.json', text: teacher([{ id: 'crash', label: 'The primary crashes', file: 'scenarios/crash.faultlab.json' }]) }] }));
    expect(missing.code).toBe('bad-call');
    expect(missing.error).toMatch(/^week3\.faultlab-assignment\.json cannot be used as an assignment: exercises\[0\]\.scenarios\[0\]\.file: scenarios\/crash\.faultlab\.json: not among the files chosen: .*choose crash\.faultlab\.json together with the assignment/);

    const badField = await failure(lab.backend.invoke('openAssignment', { files: [{ name: 'bad.faultlab-assignment.json', text: JSON.stringify({ ...JSON.parse(teacher([{ id: 'x', label: 'X', scenario: { ...SMALL, replicas: 0 } }])), colour: 'red' }) }] }));
    expect(badField.error).toMatch(/^bad\.faultlab-assignment\.json cannot be used as an assignment: \(assignment\): unknown field "colour"/);

    const inlineBad = await failure(lab.backend.invoke('openAssignment', { files: [{ name: 'bad.faultlab-assignment.json', text: teacher([{ id: 'x', label: 'X', scenario: { ...SMALL, k: 99 } }]) }] }));
    expect(inlineBad.error).toMatch(/exercises\[0\]\.scenarios\[0\]\.scenario\.k: /);

    expect((await failure(lab.backend.invoke('openAssignment', { files: [{ name: 'week3.faultlab-assignment.json', text: '{"faultlabAssignment": 1, "title": "cut' }] }))).error).toMatch(/^week3\.faultlab-assignment\.json cannot be used as an assignment: not valid JSON: /);
    expect((await failure(lab.backend.invoke('openAssignment', { files: [{ name: 'a.json', text: '{}' }, { name: 'b.json', text: '{}' }] }))).error).toBe('None of the files chosen is an assignment: an assignment file\'s name ends in .faultlab-assignment.json.');
    // What failed left the list as it was.
    await expect(ok<AssignmentView>(lab.backend.invoke('currentAssignment', {}))).resolves.toMatchObject({ builtIn: true });
    expect(lab.logged).toEqual([]);
  });
});
