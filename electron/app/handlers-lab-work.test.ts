/**
 * The lab work around runs, as the renderer reaches it through any transport: a
 * comparison of the default lab that fills every cell and is kept as a run, a sweep with
 * its progress events and a bound on its size, a lab report written into the data
 * folder and handed back (with or without a PDF printer), and the message diagram.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CompareOutcome, LabEvents, MessageDiagramView, ReportExport, RunListing, SweepOutcome } from '../../shared/api.js';
import type { Exercise } from '../../shared/exercises.js';
import { EXERCISES } from '../../shared/exercises.js';
import { DEFAULT_SCENARIO_INPUT, defaultScenario } from '../../shared/presets.js';
import { expandSweep } from '../../shared/sweep.js';
import { findChromium } from '../report/pdf.js';
import { failure, fails, labPerTest, ok } from './testing/backend.js';
import { MAX_DIAGRAM_DETAIL_MESSAGES } from './handlers.js';

const lab = labPerTest('faultlab-labwork-', {
  // A stand-in printer: tests of the report do not need Chromium (one test below uses it).
  printPdf: async (html) => Buffer.from(`%PDF-1.4 fake (${html.length} bytes of HTML)`),
});


/** A small sweep: k = 1, the bound and one below, crash faults 0..2. */
const smallSpec = { base: DEFAULT_SCENARIO_INPUT, ks: [1], ns: ['bound', 'below'] as const, faultCounts: 'to-k+1' as const, kinds: ['crash', 'collude'] as const };

describe('arguments are validated', () => {
  it('names the field that is wrong, before anything runs', async () => {
    expect(await fails(lab.backend.invoke('compareScenario', { scenario: DEFAULT_SCENARIO_INPUT, mode: 'fast' }))).toMatch(/^compareScenario: mode: /);
    expect(await fails(lab.backend.invoke('compareScenario', { scenario: DEFAULT_SCENARIO_INPUT, mode: 'sim', mapping: 'move' }))).toMatch(/^compareScenario: mapping: /);
    expect(await fails(lab.backend.invoke('runSweep', { spec: { ...smallSpec, ks: [] } }))).toBe('runSweep: spec.ks: give at least one k');
    expect(await fails(lab.backend.invoke('runSweep', { spec: { ...smallSpec, kinds: ['melt'] } }))).toMatch(/^runSweep: spec\.kinds\.0: /);
    expect(await fails(lab.backend.invoke('runSweep', { spec: { ...smallSpec, ks: [99] } }))).toMatch(/^runSweep: spec\.ks\.0: /);
    expect(await fails(lab.backend.invoke('runSweep', { spec: { ...smallSpec, schemes: ['raft', 'paxos'] } }))).toBe('runSweep: spec.schemes.1: Invalid option: expected one of "state-machine"|"primary-backup"|"raft"|"pbft"');
    expect(await fails(lab.backend.invoke('runSweep', { spec: { ...smallSpec, schemes: [] } }))).toBe("runSweep: spec.schemes: give at least one scheme, or leave schemes out for the scenario's own");
    expect(await fails(lab.backend.invoke('runSweep', { spec: { ...smallSpec, schemes: 'all' } }))).toMatch(/^runSweep: spec\.schemes: /);
    expect(await fails(lab.backend.invoke('exportReport', { runId: '../etc', pdf: false }))).toMatch(/^exportReport: runId: not a run id/);
    expect(await fails(lab.backend.invoke('exportReport', { runId: 'x', student: { name: 'n'.repeat(201) } }))).toMatch(/^exportReport: student\.name: at most 200 characters/);
    expect(await fails(lab.backend.invoke('messageDiagram', { runId: 'x', fromMs: 10 }))).toBe('messageDiagram: toMs: give both fromMs and toMs, or neither');
    expect(await fails(lab.backend.invoke('messageDiagram', { runId: 'x', fromMs: 10, toMs: 5 }))).toBe('messageDiagram: toMs: must be after fromMs');
    expect(existsSync(join(lab.dataDir, 'runs'))).toBe(false);
  });

  it('gives the scenario problems of a malformed scenario and keeps nothing', async () => {
    const error = await fails(lab.backend.invoke('compareScenario', { scenario: { ...DEFAULT_SCENARIO_INPUT, k: -1 }, mode: 'sim' }));
    expect(error).toMatch(/^The scenario is not valid: k/);
    expect(await ok<RunListing[]>(lab.backend.invoke('listRuns', {}))).toEqual([]);
  });
});

describe('exercises', () => {
  it('lists every built-in exercise with its goal, steps, prediction prompt, questions and scenarios', async () => {
    const list = await ok<Exercise[]>(lab.backend.invoke('listExercises', {}));
    expect(list.length).toBeGreaterThanOrEqual(6);
    expect(list.map((e) => e.id)).toEqual(EXERCISES.map((e) => e.id));
    for (const e of list) {
      expect(e.goal.length).toBeGreaterThan(10);
      expect(e.steps.length).toBeGreaterThan(0);
      expect(e.prediction.length).toBeGreaterThan(10);
      expect(e.questions.length).toBeGreaterThan(0);
      expect(e.scenarios.length).toBeGreaterThan(0);
    }
  });
});

describe('compare', () => {
  it('fills every cell of the lecture table for the default lab (simulation) and keeps the run with its counterpart', async () => {
    const { runId, comparison } = await ok<CompareOutcome>(lab.backend.invoke('compareScenario', { scenario: DEFAULT_SCENARIO_INPUT, mode: 'sim' }));
    expect(comparison.rows.map((r) => r.id)).toEqual(['arbitrary', 'loss', 'handling', 'copies', 'replicas', 'cost']);
    for (const row of comparison.rows) {
      expect(row.measured.smr.trim(), `${row.id} smr`).not.toBe('');
      expect(row.measured.pb.trim(), `${row.id} pb`).not.toBe('');
      expect(['agrees', 'departs', 'not-tested', 'beyond-bound']).toContain(row.verdict.smr);
    }
    // The default lab is voting with one liar: the state-machine side masks it.
    expect(comparison.rows.find((r) => r.id === 'arbitrary')?.verdict.smr).toBe('agrees');
    expect(comparison.smr.summary.requests.issued).toBeGreaterThan(100);
    expect(comparison.pb.summary.n).toBe(2);

    const dir = join(lab.dataDir, 'runs', runId);
    expect(readdirSync(dir).sort()).toEqual(['compared', 'events.jsonl', 'scenario.json', 'summary.json']);
    expect(existsSync(join(dir, 'compared', 'events.jsonl'))).toBe(true);
    const runs = await ok<RunListing[]>(lab.backend.invoke('listRuns', {}));
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ runId, complete: true, scheme: 'state-machine', mode: 'sim' });
    expect(runs[0]?.summary?.eventLogSha256).toBe(comparison.smr.summary.eventLogSha256);
  });

  it('adds Raft and PBFT when asked, and always for a Raft scenario, each column kept as a run of its own', async () => {
    const small = { ...DEFAULT_SCENARIO_INPUT, workload: { clients: 2, ratePerSecond: 50, durationMs: 1000 } };
    const all = await ok<CompareOutcome>(lab.backend.invoke('compareScenario', { scenario: small, mode: 'sim', width: 'all' }));
    expect(all.comparison.raft?.summary.n).toBe(3);
    expect(all.comparison.pbft?.summary.n).toBe(4);
    expect(all.comparison.rows.every((r) => r.measured.raft !== undefined && r.measured.pbft !== undefined)).toBe(true);
    expect(readdirSync(join(lab.dataDir, 'runs', all.runId)).sort()).toEqual(['compared', 'compared-pbft', 'compared-raft', 'events.jsonl', 'scenario.json', 'summary.json']);

    // A Raft scenario has no two-scheme table: the lab gives it the four columns rather than an error.
    const raft = { ...small, scheme: 'raft', failureModel: 'fail-stop', faults: [] };
    const out = await ok<CompareOutcome>(lab.backend.invoke('compareScenario', { scenario: raft, mode: 'sim' }));
    expect(out.comparison.given).toBe('raft');
    expect(out.comparison.pbft).toBeDefined();
    expect(readdirSync(join(lab.dataDir, 'runs', out.runId)).filter((f) => f.startsWith('compared')).sort()).toEqual(['compared-pb', 'compared-pbft', 'compared-smr']);
    expect(await fails(lab.backend.invoke('compareScenario', { scenario: small, mode: 'sim', width: 'three' }))).toMatch(/^compareScenario: width: /);
  });
});

describe('sweep', () => {
  it('runs every cell of the grid, announcing each one, and returns the table and its CSV', async () => {
    const progress: LabEvents['sweepProgress'][] = [];
    lab.backend.subscribe((name, payload) => {
      if (name === 'sweepProgress') progress.push(payload as LabEvents['sweepProgress']);
    });
    const out = await ok<SweepOutcome>(lab.backend.invoke('runSweep', { spec: smallSpec }));
    const cells = expandSweep({ ...smallSpec, ns: [...smallSpec.ns], kinds: [...smallSpec.kinds], base: defaultScenario(), failureTimeoutsMs: [] });
    expect(out.mode).toBe('sim');
    expect(out.result.rows).toHaveLength(cells.length);
    expect(progress.map((p) => p.done)).toEqual(Array.from({ length: cells.length + 1 }, (_, i) => i));
    expect(new Set(progress.map((p) => p.total))).toEqual(new Set([cells.length]));
    expect(progress.at(-1)?.label).toMatch(/^k=1, n=2 \(2k\), 2 × collude/);

    // The lecture's bound: with 2k+1 = 3 replicas, one colluder is masked, two are not.
    const bound = out.result.series.find((s) => s.n === 3 && s.kind === 'collude');
    expect(bound?.predictedTolerance).toBe(1);
    expect(bound?.toleratedUpTo).toBe(1);
    expect(bound?.firstBroken).toBe(2);

    const lines = out.csv.trim().split('\n');
    expect(lines[0]).toMatch(/^k,n,n_vs_bound,bound,fault_kind,faults,/);
    expect(lines).toHaveLength(cells.length + 1);
  });

  it('refuses a grid larger than the bound, saying how large it is, without running any of it', async () => {
    const small = lab.make({ maxSweepRuns: { sim: 5 } });
    let announced = 0;
    small.subscribe((name) => {
      if (name === 'sweepProgress') announced++;
    });
    const error = await fails(small.invoke('runSweep', { spec: smallSpec }));
    expect(error).toMatch(/^The grid has 12 runs; at most 5 simulated runs fit in one sweep here\. Choose fewer /);
    expect(announced).toBe(0);
  });

  it('stops between runs when the lab shuts down, with a sentence', async () => {
    const closing = lab.make();
    let shut: Promise<void> | null = null;
    closing.subscribe((name, payload) => {
      if (name === 'sweepProgress' && (payload as LabEvents['sweepProgress']).done === 2) shut = closing.shutdown();
    });
    expect(await failure(closing.invoke('runSweep', { spec: smallSpec }))).toEqual({ code: 'unavailable', error: 'The lab is shutting down; the sweep was stopped.' });
    await shut;
    expect(await fails(closing.invoke('runSweep', { spec: smallSpec }))).toBe('The lab is shutting down; no sweep can start.');
  });

  it('cancels a sweep after the run in progress, returning the runs done; the next sweep runs whole', async () => {
    let cancelled: Promise<unknown> | null = null;
    lab.backend.subscribe((name, payload) => {
      if (name === 'sweepProgress' && (payload as LabEvents['sweepProgress']).done === 1 && !cancelled) cancelled = lab.backend.invoke('cancelSweep', {});
    });
    const out = await ok<SweepOutcome>(lab.backend.invoke('runSweep', { spec: smallSpec }));
    expect(await cancelled).toEqual({ ok: true, result: { cancelled: true } });
    expect(out.cancelled).toBe(true);
    expect(out.total).toBe(12);
    expect(out.result.rows.length).toBeGreaterThanOrEqual(1);
    expect(out.result.rows.length).toBeLessThan(3);
    expect(out.csv.trim().split('\n')).toHaveLength(out.result.rows.length + 1);

    const again = await ok<SweepOutcome>(lab.backend.invoke('runSweep', { spec: smallSpec }));
    expect(again.cancelled).toBe(false);
    expect(again.result.rows).toHaveLength(12);
  });

  it('says when there is no sweep to cancel', async () => {
    expect(await ok(lab.backend.invoke('cancelSweep', {}))).toEqual({ cancelled: false });
  });

  it('runs one sweep at a time', async () => {
    const first = lab.backend.invoke('runSweep', { spec: smallSpec });
    expect(await failure(lab.backend.invoke('runSweep', { spec: smallSpec }))).toEqual({ code: 'busy', error: 'A sweep is already going on; wait for it to finish.' });
    expect((await first).ok).toBe(true);
  });

  it('sweeps the schemes asked for, each against its own bound, with a scheme column in the CSV', async () => {
    const spec = { ...smallSpec, ns: ['bound'] as const, faultCounts: [0, 1, 2], kinds: ['crash'] as const, schemes: ['raft', 'pbft'] };
    const out = await ok<SweepOutcome>(lab.backend.invoke('runSweep', { spec }));
    expect(out.result.schemes).toEqual([{ scheme: 'raft', failureModel: 'fail-stop' }, { scheme: 'pbft', failureModel: 'arbitrary' }]);
    expect(out.result.series.map((s) => `${s.label}: ${s.predictedTolerance} ${s.toleratedUpTo}`)).toEqual(['Raft: k=1, n=3 (2k+1), crash: 1 1', 'PBFT: k=1, n=4 (3k+1), crash: 1 1']);
    const lines = out.csv.trim().split('\n');
    expect(lines[0]).toMatch(/^scheme,failure_model,k,n,/);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['raft', 'raft', 'raft', 'pbft', 'pbft', 'pbft']);
  });

  it('says why a grid is empty', async () => {
    expect(await fails(lab.backend.invoke('runSweep', { spec: { ...smallSpec, faultCounts: [9] } }))).toBe('The sweep cannot run: the grid is empty: no fault count fits the replica counts given.');
  });
});

describe('the lab report', () => {
  async function comparedRun(): Promise<CompareOutcome> {
    return ok<CompareOutcome>(lab.backend.invoke('compareScenario', { scenario: DEFAULT_SCENARIO_INPUT, mode: 'sim' }));
  }

  it('writes HTML, CSV and JSON into the reports folder and hands back the HTML with the student, the prediction, the answers and the figures', async () => {
    const { runId, comparison } = await comparedRun();
    const exercise = EXERCISES[0]!;
    const report = await ok<ReportExport>(
      lab.backend.invoke('exportReport', {
        runId,
        student: { name: 'Ada Lovelace', id: 'S-1815', course: 'Distributed Systems' },
        exerciseId: exercise.id,
        prediction: 'The liar will be outvoted: no wrong answer.',
        answers: ['Two matching replies.'],
        pdf: false,
      }),
    );
    expect(report.htmlPath).toBe(join(lab.dataDir, 'reports', `report-${runId}.html`));
    expect(readFileSync(report.htmlPath, 'utf8')).toBe(report.html);
    expect(report.html).toContain('Ada Lovelace');
    expect(report.html).toContain('S-1815');
    expect(report.html).toContain('The liar will be outvoted: no wrong answer.');
    expect(report.html).toContain('Two matching replies.');
    expect(report.html).toContain(exercise.title);
    // The run's figures and the comparison's measured cells are in it.
    expect(report.html).toContain(String(comparison.smr.summary.requests.issued));
    expect(report.html).toContain(comparison.rows[0]!.measured.pb.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').slice(0, 20));
    expect(report.pdfPath).toBeNull();
    expect(report.pdfBase64).toBeNull();
    expect(report.pdfProblem).toBeNull();
    expect(report.savedPaths).toEqual([]);
    expect(report.fileStem).toMatch(/^fault-lab-report-voting-masks-one-liar[a-z0-9-]*-ada-lovelace$/);
    expect(readdirSync(join(lab.dataDir, 'reports')).sort()).toEqual([`report-${runId}.data.json`, `report-${runId}.events.csv`, `report-${runId}.events.jsonl`, `report-${runId}.html`, `report-${runId}.requests.csv`]);
    const data = JSON.parse(readFileSync(join(lab.dataDir, 'reports', `report-${runId}.data.json`), 'utf8')) as { student: { name: string }; prediction: string; comparison: unknown };
    expect(data.student.name).toBe('Ada Lovelace');
    expect(data.prediction).toBe('The liar will be outvoted: no wrong answer.');
    expect(data.comparison).not.toBeNull();
  });

  it('prints a PDF with the printer it was given, and offers copies where the shell has a save dialog', async () => {
    const { runId } = await comparedRun();
    const saveDir = mkdtempSync(join(tmpdir(), 'faultlab-save-'));
    const asked: string[] = [];
    const desktop = lab.make({
      chooseSavePath: async ({ defaultName, kind }) => {
        asked.push(`${kind}:${defaultName}`);
        return join(saveDir, defaultName);
      },
    });
    const report = await ok<ReportExport>(desktop.invoke('exportReport', { runId, student: { name: 'Ada' }, pdf: true }));
    expect(Buffer.from(report.pdfBase64 ?? '', 'base64').toString().startsWith('%PDF-')).toBe(true);
    expect(report.pdfPath).toBe(join(lab.dataDir, 'reports', `report-${runId}.pdf`));
    expect(readFileSync(report.pdfPath!).toString().startsWith('%PDF-')).toBe(true);
    expect(asked).toEqual([`html:${report.fileStem}.html`, `pdf:${report.fileStem}.pdf`]);
    expect(report.fileStem).toMatch(/-ada$/);
    expect(report.savedPaths).toEqual([join(saveDir, `${report.fileStem}.html`), join(saveDir, `${report.fileStem}.pdf`)]);
    expect(readFileSync(report.savedPaths[0]!, 'utf8')).toBe(report.html);
  });

  it('still gives the HTML, and says why, when no PDF printer is available', async () => {
    const { runId } = await comparedRun();
    const noPrinter = lab.make({ printPdf: null });
    const report = await ok<ReportExport>(noPrinter.invoke('exportReport', { runId, pdf: true }));
    expect(report.pdfProblem).toMatch(/^No PDF printer is available here\. The HTML report was written/);
    expect(report.pdfPath).toBeNull();
    expect(existsSync(report.htmlPath)).toBe(true);
    expect(report.html).toContain('<html');
  });

  it.skipIf(findChromium() === null)('prints a real PDF with the system Chromium by default', async () => {
    const { runId } = await comparedRun();
    const chromium = lab.make({ printPdf: undefined });
    const report = await ok<ReportExport>(chromium.invoke('exportReport', { runId, pdf: true }));
    expect(report.pdfProblem).toBeNull();
    const pdf = readFileSync(report.pdfPath!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(20_000);
  }, 60_000);

  it('waits for a run going on to end', async () => {
    const { runId } = await ok<{ runId: string }>(lab.backend.invoke('startRun', { scenario: { ...DEFAULT_SCENARIO_INPUT, workload: { clients: 1, ratePerSecond: 10, durationMs: 120_000 } }, mode: 'sim' }));
    expect(await fails(lab.backend.invoke('exportReport', { runId }))).toBe('This run is still going on; wait for it to end (or stop it) before writing its report.');
  });

  it('is a plain sentence for a run that does not exist or an unknown exercise', async () => {
    expect(await fails(lab.backend.invoke('exportReport', { runId: '20990101-000000-000-abcdef' }))).toBe('There is no kept run 20990101-000000-000-abcdef.');
    const { runId } = await comparedRun();
    expect(await fails(lab.backend.invoke('exportReport', { runId, exerciseId: 'no-such-exercise' }))).toBe('There is no exercise "no-such-exercise".');
    expect(existsSync(join(lab.dataDir, 'reports'))).toBe(false);
    expect(lab.logged).toEqual([]);
  });

  it('says a run whose log is damaged cannot be reported', async () => {
    const { runId } = await comparedRun();
    writeFileSync(join(lab.dataDir, 'runs', runId, 'compared', 'events.jsonl'), 'not an event\n');
    expect(await failure(lab.backend.invoke('exportReport', { runId }))).toEqual({ code: 'damaged', error: `The report of run ${runId} cannot be made: its event log is damaged.` });
  });
});

describe('the message diagram', () => {
  it('draws the overview and detail windows of a kept run, and a span asked for', async () => {
    const { runId } = await ok<CompareOutcome>(lab.backend.invoke('compareScenario', { scenario: DEFAULT_SCENARIO_INPUT, mode: 'sim' }));
    const d = await ok<MessageDiagramView>(lab.backend.invoke('messageDiagram', { runId }));
    expect(d.totalMessages).toBeGreaterThan(1000);
    expect(d.overviewSvg.startsWith('<svg')).toBe(true);
    expect(d.windows.length).toBeGreaterThan(0);
    expect(d.endMs).toBeGreaterThan(1900);
    const zoom = await ok<MessageDiagramView>(lab.backend.invoke('messageDiagram', { runId, fromMs: 500, toMs: 520 }));
    expect(zoom.windows).toHaveLength(1);
    expect(zoom.windows[0]).toMatchObject({ from: 500, to: 520 });
    expect(zoom.windows[0]!.messages).toBeGreaterThan(0);
    expect(zoom.windows[0]!.svg).toContain('replica 3');
    expect(zoom.windows[0]!.svg).not.toContain('data-marked');
    // One of its messages marked, as when it was picked in the cluster picture.
    const id = Number(/<title>#(\d+) /.exec(zoom.windows[0]!.svg)?.[1]);
    const marked = await ok<MessageDiagramView>(lab.backend.invoke('messageDiagram', { runId, fromMs: 500, toMs: 520, markMessage: id }));
    expect(marked.windows[0]!.svg.match(/data-marked="(\d+)"/g)).toEqual([`data-marked="${id}"`]);
    expect(marked.windows[0]!.svg).toContain(`>#${id}</text>`);
    expect(await fails(lab.backend.invoke('messageDiagram', { runId, fromMs: 500, toMs: 520, markMessage: -1 }))).toMatch(/^messageDiagram: markMessage: /);
  });

  it('refuses a span with too many messages to draw one by one', async () => {
    const { runId } = await ok<CompareOutcome>(lab.backend.invoke('compareScenario', { scenario: DEFAULT_SCENARIO_INPUT, mode: 'sim' }));
    const error = await fails(lab.backend.invoke('messageDiagram', { runId, fromMs: 0, toMs: 2000 }));
    expect(error).toMatch(new RegExp(`messages were sent between 0 and 2000 ms; zoom in to a span with at most ${MAX_DIAGRAM_DETAIL_MESSAGES.toLocaleString('en')}`));
  });

  it('is a plain sentence for a run that does not exist', async () => {
    expect(await fails(lab.backend.invoke('messageDiagram', { runId: 'nope' }))).toBe('There is no kept run nope.');
  });
});
