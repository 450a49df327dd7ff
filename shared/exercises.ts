/**
 * The guided lab exercises. Each has a goal, steps, a prediction the student writes down
 * before running anything, questions the report answers, and the scenarios it runs
 * (ordinary scenarios, also shipped as `examples/<file>`). Every scenario is chosen so
 * the effect it is about shows in simulation with its seed; the tests hold them to it.
 *
 * They are written as an assignment file, `examples/assignments/lecture.faultlab-assignment.json`
 * (the format of shared/assignment.ts, the one a teacher writes), bundled into the app:
 * each scenario there is inline, and names the example file that holds the same scenario.
 */
import type { Assignment, AssignmentExercise, AssignmentScenario, ExerciseText, Expectations } from './assignment.js';
import type { Lang } from './describe.js';
import { parseAssignment } from './assignment.js';
import type { Scenario, ScenarioInput } from './scenario.js';
import lecture from '../examples/assignments/lecture.faultlab-assignment.json' with { type: 'json' };

export interface ExerciseScenario {
  /** Short id, unique within the exercise. */
  id: string;
  label: string;
  /** The file name under examples/ (empty for a scenario given inline only). */
  file: string;
  scenario: ScenarioInput;
  /** The outcomes every run of it must show (graded by `faultlab grade`); none when empty. */
  expect?: Expectations;
}

/** An assignment's exercise, its scenarios resolved to runnable ones. */
export interface Exercise extends Omit<AssignmentExercise, 'scenarios'> {
  scenarios: ExerciseScenario[];
}

/** The file name a scenario reference ends with ("../split-brain.faultlab.json" -> "split-brain.faultlab.json"). */
function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

/** An assignment as parsed, or resolved (every scenario read, file references too). */
type AssignmentLike = { exercises: (Omit<AssignmentExercise, 'scenarios'> & { scenarios: (AssignmentScenario & { scenario?: Scenario })[] })[] };

/**
 * An assignment's exercises, as the app lists them. An exercise needs each scenario
 * itself, and shared/ reads no files: a scenario given as a file alone is listed once the
 * assignment is resolved (resolveAssignment), and left out before; the built-in file
 * gives every scenario inline.
 */
export function exercisesOf(assignment: AssignmentLike): Exercise[] {
  return assignment.exercises.map((e) => ({
    id: e.id,
    title: e.title,
    goal: e.goal,
    steps: [...e.steps],
    prediction: e.prediction,
    questions: [...e.questions],
    ...(e.translations ? { translations: e.translations } : {}),
    scenarios: e.scenarios.flatMap((s): ExerciseScenario[] => {
      const scenario = s.scenario ?? s.input;
      if (scenario === null) return [];
      const out: ExerciseScenario = { id: s.id, label: s.label, file: s.file === null ? '' : baseName(s.file), scenario };
      if (Object.keys(s.expect).length > 0) out.expect = s.expect;
      return [out];
    }),
  }));
}

/** The assignment the app ships with: the lecture's exercises. */
export const BUILTIN_ASSIGNMENT: Assignment = parseAssignment(lecture);

export const EXERCISES: Exercise[] = exercisesOf(BUILTIN_ASSIGNMENT);

export function findExercise(id: string): Exercise | undefined {
  return EXERCISES.find((e) => e.id === id);
}

/** An exercise's words in a language: its translation where the file gives one, else its own English. */
export function exerciseText(e: Pick<Exercise, 'title' | 'goal' | 'steps' | 'prediction' | 'questions' | 'scenarios' | 'translations'>, lang: Lang = 'en'): ExerciseText & { scenarios: Record<string, string> } {
  const own = Object.fromEntries(e.scenarios.map((s) => [s.id, s.label]));
  const tr = lang === 'en' ? undefined : e.translations?.[lang];
  if (!tr) return { title: e.title, goal: e.goal, steps: e.steps, prediction: e.prediction, questions: e.questions, scenarios: own };
  return { title: tr.title, goal: tr.goal, steps: tr.steps, prediction: tr.prediction, questions: tr.questions, scenarios: { ...own, ...tr.scenarios } };
}
