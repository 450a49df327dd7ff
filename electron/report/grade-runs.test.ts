/**
 * `faultlab grade` over an exercise's report with two runs: each run gets its own CSV row
 * (the report's row first, as before, then run 2 with its own scenario, mode, seed,
 * figures and log), the `run` column saying which; a report of one run keeps one row, run 1.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXERCISES } from '../../shared/exercises.js';
import { parseScenario } from '../../shared/scenario.js';
import type { RunSummary } from '../../shared/analysis/summary.js';
import { runScenario } from '../runtime/run.js';
import { loadAssignmentFile } from './assignment-file.js';
import { buildExerciseReport } from './exercise-report.js';
import type { GradeRow } from './grade.js';
import { gradeFolder, gradesCsv } from './grade.js';
import { ROOT } from '../cli/testing.js';

const exercise = EXERCISES[0]!;
let rows: GradeRow[];
let summaries: RunSummary[];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultlab-grade-runs-'));
  const scenarios = [0, 1].map((i) => parseScenario(exercise.scenarios[i]!.scenario));
  const runs = await Promise.all(scenarios.map(async (scenario) => ({ scenario, run: await runScenario(scenario, 'sim') })));
  summaries = runs.map((r) => r.run.summary);
  const request = (i: number) => ({ run: { scenario: runs[i]!.scenario, events: runs[i]!.run.events }, exercise: exercise.id, student: { name: 'Ada', id: 'S1', course: '' }, prediction: 'masked with 3', answers: [] });
  writeFileSync(join(dir, 'ada-both.html'), buildExerciseReport([request(0), request(1)]).html);
  writeFileSync(join(dir, 'ada-one.html'), buildExerciseReport([request(0)]).html);
  rows = await gradeFolder(dir, loadAssignmentFile(join(ROOT, 'examples/assignments/lecture.faultlab-assignment.json')));
}, 180_000);

describe('grading an exercise report with several runs', () => {
  it('keeps every run in the grade, with its own scenario and figures', () => {
    const both = rows.find((r) => r.file === 'ada-both.html');
    expect(both?.verdict, both?.failed.join('; ')).not.toBe('failed verification');
    expect(both?.figures?.issued).toBe(summaries[0]!.requests.issued);
    expect(both?.furtherRuns).toEqual([
      {
        run: 2,
        scenario: `${exercise.id}/${exercise.scenarios[1]!.id}`,
        mode: 'sim',
        seed: summaries[1]!.seed,
        figures: expect.objectContaining({ issued: summaries[1]!.requests.issued, answeredWrong: summaries[1]!.requests.answeredWrong, undecided: summaries[1]!.requests.undecided }),
        eventLogSha256: summaries[1]!.eventLogSha256,
      },
    ]);
    expect(rows.find((r) => r.file === 'ada-one.html')?.furtherRuns).toBeUndefined();
  });

  it('writes one CSV row per run, the existing columns first and the run last', () => {
    const lines = gradesCsv(rows).trimEnd().split('\r\n');
    const header = lines[0]!.split(',');
    expect(header.at(-1)).toBe('run');
    expect(header.slice(0, -1).join(',')).toBe('file,student,student_id,exercise,scenario,verdict,failed,flags,mode,seed,issued,answered_correct,answered_wrong,lost,undecided,executed_twice,failovers,split_brain,diverged,prediction_written_at,run_started_at,figures_checked,event_log_sha256,file_sha256');
    const of = (file: string): string[][] => lines.slice(1).filter((l) => l.startsWith(`${file},`)).map((l) => l.split(','));
    const both = of('ada-both.html');
    expect(both.map((cells) => cells.at(-1))).toEqual(['1', '2']);
    const col = (name: string): number => header.indexOf(name);
    expect(both.map((cells) => cells[col('scenario')])).toEqual(exercise.scenarios.slice(0, 2).map((s) => `${exercise.id}/${s.id}`));
    expect(both.map((cells) => cells[col('issued')])).toEqual(summaries.map((s) => String(s.requests.issued)));
    expect(both.map((cells) => cells[col('undecided')])).toEqual(summaries.map((s) => String(s.requests.undecided)));
    expect(both.map((cells) => cells[col('event_log_sha256')])).toEqual(summaries.map((s) => s.eventLogSha256));
    // The report's verdict and file on each of its rows.
    expect(new Set(both.map((cells) => `${cells[col('verdict')]} ${cells[col('file_sha256')]}`)).size).toBe(1);
    expect(of('ada-one.html').map((cells) => cells.at(-1))).toEqual(['1']);
  });
});
