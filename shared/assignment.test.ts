/** The assignment file: what a teacher may write, and what a wrong file is told. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from './analysis/summary.js';
import type { Assignment } from './assignment.js';
import { AssignmentError, parseAssignment, parseAssignmentText, resolveAssignment, scenarioHash, unmetExpectations } from './assignment.js';
import { simulate } from './engine/sim.js';
import { EXERCISES, exerciseText, exercisesOf } from './exercises.js';
import { parseScenario } from './scenario.js';

const scenario = { faultlab: 1, scheme: 'primary-backup', k: 1, seed: 3, workload: { durationMs: 300 } };

/** A small assignment as a teacher would write it: one exercise, one inline scenario and one file. */
function teacherFile(): Record<string, unknown> {
  return {
    faultlabAssignment: 1,
    title: 'Week 3: failover',
    course: 'Distributed systems',
    exercises: [
      {
        id: 'crash',
        title: 'A primary crash',
        goal: 'See the backup take over.',
        steps: ['Run the scenario.'],
        prediction: 'How long will clients wait?',
        questions: ['What did the backup notice?'],
        scenarios: [
          { id: 'inline', label: 'inline', scenario, expect: { 'requests.answeredWrong': 0, splitBrain: false, 'requests.issued': { min: 1 } } },
          { id: 'from-file', label: 'from a file', file: 'crash.faultlab.json' },
        ],
      },
    ],
  };
}

function problemsOf(value: unknown): string[] {
  try {
    parseAssignment(value);
  } catch (err) {
    if (err instanceof AssignmentError) return err.problems;
    throw err;
  }
  return [];
}

describe('parseAssignment', () => {
  it('reads a teacher\'s file: inline scenarios, file references and expected outcomes', () => {
    const a = parseAssignment(teacherFile());
    expect(a.title).toBe('Week 3: failover');
    expect(a.author).toBeNull();
    const [inline, fromFile] = a.exercises[0]?.scenarios ?? [];
    expect(inline?.input).toEqual(scenario);
    expect(inline?.expect).toEqual({ 'requests.answeredWrong': 0, splitBrain: false, 'requests.issued': { min: 1 } });
    expect(fromFile).toEqual({ id: 'from-file', label: 'from a file', file: 'crash.faultlab.json', input: null, expect: {} });
  });

  it('names the field of every problem', () => {
    const bad = teacherFile();
    const ex = (bad.exercises as Record<string, unknown>[])[0] as Record<string, unknown>;
    ex.steps = [];
    ex.colour = 'red';
    ex.scenarios = [
      { id: 'a', label: 'a', scenario: { ...scenario, k: -1 } },
      { id: 'a', label: 'twice', scenario },
      { id: 'b', label: 'nothing' },
      { id: 'c', label: 'bad outcome', scenario, expect: { 'requests.wrong': 0 } },
      { id: 'd', label: 'bad bound', scenario, expect: { 'requests.lost': { min: 3, max: 1 }, splitBrain: 1, 'requests.undecided': 'none' } },
      { id: 'e', label: 'not a scenario file', file: 'notes.txt' },
    ];
    expect(problemsOf(bad)).toEqual([
      'exercises[0].steps: list at least one step',
      'exercises[0].scenarios[2]: give the scenario inline ("scenario") or as a file ("file"), or both',
      'exercises[0].scenarios[3].expect: unknown field "requests.wrong" (expected outcomes: requests.issued, requests.answeredCorrect, requests.answeredWrong, requests.lost, requests.undecided, requests.executedTwice, votes.decided, votes.undecided, votes.wrongDecided, failovers.count, messages.dropped, invariantViolations, splitBrain, divergence, linearizable)',
      'exercises[0].scenarios[4].expect.requests.lost: "min" must not exceed "max"',
      'exercises[0].scenarios[4].expect.requests.undecided: expected a whole number, or { "min": N, "max": N }',
      'exercises[0].scenarios[4].expect.splitBrain: expected true or false',
      'exercises[0].scenarios[5].file: a scenario file name ends in .faultlab.json',
      'exercises[0]: unknown field "colour"',
    ]);
    const ok = teacherFile();
    const ex2 = (ok.exercises as Record<string, unknown>[])[0] as Record<string, unknown>;
    ex2.scenarios = [
      { id: 'a', label: 'a', scenario: { ...scenario, k: -1, replicas: 2, faults: [{ atMs: 0, type: 'crash', replica: 5 }] } },
      { id: 'a', label: 'twice', scenario },
    ];
    (ok.exercises as unknown[]).push({ ...ex2, scenarios: [{ id: 'x', label: 'x', scenario }] });
    expect(problemsOf(ok)).toEqual([
      'exercises[0].scenarios[0].scenario.k: Too small: expected number to be >=0',
      'exercises[0].scenarios[1].id: "a" is the id of an earlier scenario of this exercise',
      'exercises[1].id: "crash" is the id of an earlier exercise',
    ]);
  });

  it('refuses another version, a missing title and text that is not JSON', () => {
    expect(problemsOf({ ...teacherFile(), faultlabAssignment: 2 })).toEqual(['faultlabAssignment: expected 1 (the only assignment format version this app reads)']);
    expect(problemsOf({ ...teacherFile(), title: ' ' })).toEqual(['title: must not be empty']);
    expect(problemsOf({ faultlab: 1, scheme: 'raft', k: 1 })).toContain('faultlabAssignment: expected 1 (the only assignment format version this app reads)');
    expect(() => parseAssignmentText('{"faultlabAssignment": 1,')).toThrow(/^not valid JSON: /);
  });
});

describe('resolveAssignment', () => {
  const read = (files: Record<string, unknown>) => (name: string): unknown => {
    if (!(name in files)) throw new Error('no such file');
    return files[name];
  };

  it('reads file references and gives each scenario a hash that ignores the seed', () => {
    const r = resolveAssignment(parseAssignment(teacherFile()), read({ 'crash.faultlab.json': { ...scenario, seed: 99 } }));
    const [inline, fromFile] = r.exercises[0]?.scenarios ?? [];
    expect(fromFile?.scenario.seed).toBe(99);
    expect(inline?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(fromFile?.hash).toBe(inline?.hash);
    expect(scenarioHash(parseScenario({ ...scenario, k: 2 }))).not.toBe(inline?.hash);
  });

  it('names a missing or invalid file, and an inline scenario that differs from its file', () => {
    const a = parseAssignment(teacherFile());
    expect(() => resolveAssignment(a, read({}))).toThrow('exercises[0].scenarios[1].file: crash.faultlab.json: no such file');
    expect(() => resolveAssignment(a, read({ 'crash.faultlab.json': { ...scenario, k: 'one' } }))).toThrow(/^exercises\[0\]\.scenarios\[1\]\.file: crash\.faultlab\.json: k: /);
    const both = teacherFile();
    const s = ((both.exercises as Record<string, unknown>[])[0]?.scenarios as Record<string, unknown>[])[1] as Record<string, unknown>;
    s.scenario = scenario;
    expect(() => resolveAssignment(parseAssignment(both), read({ 'crash.faultlab.json': { ...scenario, seed: 4 } }))).toThrow(
      'exercises[0].scenarios[1]: the inline scenario and the file crash.faultlab.json differ; give one, or make them the same',
    );
  });

  it('the built-in assignment\'s inline scenarios are the example files they name', () => {
    const dir = join(__dirname, '..', 'examples', 'assignments');
    const text = readFileSync(join(dir, 'lecture.faultlab-assignment.json'), 'utf8');
    const resolved = resolveAssignment(parseAssignmentText(text), (f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown);
    expect(resolved.exercises.flatMap((e) => e.scenarios).length).toBeGreaterThanOrEqual(13);
  });
});

describe('unmetExpectations', () => {
  const a: Assignment = parseAssignment(teacherFile());
  const summary = analyze(simulate(parseScenario({ ...scenario, faults: [{ atMs: 100, type: 'crash', replica: 1 }] })).events).summary;

  it('is empty when the run shows every expected outcome', () => {
    expect(unmetExpectations(a.exercises[0]?.scenarios[0]?.expect ?? {}, summary)).toEqual([]);
  });

  it('names each figure the run does not show, with what was expected and what the run has', () => {
    expect(
      unmetExpectations({ 'failovers.count': 0, splitBrain: true, 'requests.issued': { max: 1 }, 'requests.lost': { min: 0, max: 1_000 } }, summary),
    ).toEqual([
      `Requests issued (requests.issued): expected at most 1, the run has ${summary.requests.issued}`,
      `Failovers (failovers.count): expected 0, the run has ${summary.failovers.length}`,
      'Split brain (splitBrain): expected yes, the run has no',
    ]);
    expect(summary.failovers.length).toBe(1);
  });
});

describe('an exercise in another language', () => {
  const korean = { title: '주 복제본 크래시', goal: '백업이 넘겨받는 것을 봅니다.', steps: ['시나리오를 실행하세요.'], prediction: '클라이언트는 얼마나 기다릴까요?', questions: ['백업은 무엇을 알아차렸나요?'], scenarios: { inline: '인라인' } };

  it('is optional: a file without translations reads as before', () => {
    expect(parseAssignment(teacherFile()).exercises[0]).not.toHaveProperty('translations');
  });

  it('gives its text, and the exercise speaks it in that language and English otherwise', () => {
    const file = teacherFile();
    (file.exercises as Record<string, unknown>[])[0]!.translations = { ko: korean };
    const [exercise] = exercisesOf(parseAssignment(file));
    // Before the file is resolved only the inline scenario is listed; its label is the Korean one.
    expect(exerciseText(exercise!, 'ko')).toEqual(korean);
    expect(exerciseText(exercise!, 'en').title).toBe('A primary crash');
  });

  it('must give one question and one step for each of the exercise’s own, and name only its scenarios', () => {
    const file = teacherFile();
    (file.exercises as Record<string, unknown>[])[0]!.translations = { ko: { ...korean, questions: [], scenarios: { elsewhere: '다른 곳' } }, fr: korean };
    expect(problemsOf(file)).toEqual(['exercises[0].translations: unknown field "fr"']);
    (file.exercises as Record<string, unknown>[])[0]!.translations = { ko: { ...korean, questions: [], scenarios: { elsewhere: '다른 곳' } } };
    expect(problemsOf(file)).toEqual([
      'exercises[0].translations.ko.questions: has 0, the exercise has 1; give one for each',
      'exercises[0].translations.ko.scenarios.elsewhere: no scenario of this exercise has this id',
    ]);
  });

  it('is given for every built-in exercise, question for question', () => {
    for (const e of EXERCISES) {
      const ko = exerciseText(e, 'ko');
      expect(ko.title).not.toBe(e.title);
      expect(ko.questions).toHaveLength(e.questions.length);
      for (const s of e.scenarios) expect(ko.scenarios[s.id]).not.toBe(s.label);
    }
  });
});
