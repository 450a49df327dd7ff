/**
 * The assignment file, version 1 (`*.faultlab-assignment.json`): a course's exercises as
 * data a teacher writes without code. Each exercise has a goal, steps, the prediction the
 * student writes down first, questions, and its scenarios, inline or as scenario files
 * (`*.faultlab.json`) named relative to the assignment file; a scenario may state the
 * outcomes its runs must show (`faultlab grade` checks them).
 *
 * `parseAssignment` promises that every field has its type, every id is unique where it
 * must be, and every inline scenario is a valid scenario; a file reference stays a name
 * until `resolveAssignment` reads it through the reader its caller gives (shared/ does no
 * I/O). Errors name the field, as the scenario's do.
 */
import { z } from 'zod';
import type { RunSummary } from './analysis/summary.js';
import { canonicalJson, sha256Hex } from './json.js';
import type { Json } from './json.js';
import type { Scenario, ScenarioInput } from './scenario.js';
import { parseScenario, ScenarioError } from './scenario.js';
import { FIGURES } from './views/figures.js';
import type { Lang } from './describe.js';
import { LANGS } from './describe.js';

/** The one assignment format version this app reads. */
export const ASSIGNMENT_FORMAT = 1;
/** The file name every assignment file ends with. */
export const ASSIGNMENT_EXTENSION = '.faultlab-assignment.json';

// ---- expected outcomes ---------------------------------------------------------------

/** What an expectation reads from a run: a count (compared exactly or within bounds) or a yes/no. */
interface Expectable {
  kind: 'count' | 'flag';
  label: string;
  /** The run's value; null when the run does not have it (linearizability not checked). */
  read: (s: RunSummary) => number | boolean | null;
}

const figureLabel = (key: string, fallback: string): string => FIGURES.find((f) => f.key === key)?.label ?? fallback;
const count = (key: string, read: (s: RunSummary) => number, fallback = key): Expectable => ({ kind: 'count', label: figureLabel(key, fallback), read });
const flag = (key: string, read: (s: RunSummary) => boolean | null, fallback = key): Expectable => ({ kind: 'flag', label: figureLabel(key, fallback), read });

/**
 * The outcomes an assignment may expect, by the figure catalogue's key (the names the
 * run summary and the report use).
 */
export const EXPECTABLE = {
  'requests.issued': count('requests.issued', (s) => s.requests.issued),
  'requests.answeredCorrect': count('requests.answeredCorrect', (s) => s.requests.answeredCorrect),
  'requests.answeredWrong': count('requests.answeredWrong', (s) => s.requests.answeredWrong),
  'requests.lost': count('requests.lost', (s) => s.requests.lost),
  'requests.undecided': count('requests.undecided', (s) => s.requests.undecided),
  'requests.executedTwice': count('requests.executedTwice', (s) => s.requests.executedTwice),
  'votes.decided': count('votes.decided', (s) => s.votes.decided),
  'votes.undecided': count('votes.undecided', (s) => s.votes.undecided, 'Votes undecided'),
  'votes.wrongDecided': count('votes.wrongDecided', (s) => s.votes.wrongDecided, 'Votes decided on a wrong value'),
  'failovers.count': count('failovers.count', (s) => s.failovers.length),
  'messages.dropped': count('messages.dropped', (s) => s.messages.dropped),
  invariantViolations: count('invariantViolations', (s) => s.invariantViolations),
  splitBrain: flag('splitBrain', (s) => s.splitBrain),
  divergence: flag('divergence', (s) => s.divergence.diverged),
  linearizable: flag('linearizable', (s) => (s.linearizability.checked ? s.linearizability.linearizable : null)),
} satisfies Record<string, Expectable>;

export type ExpectableKey = keyof typeof EXPECTABLE;
const EXPECTABLE_KEYS = Object.keys(EXPECTABLE) as ExpectableKey[];

const countBound = z.number().int().min(0).max(1_000_000_000);
/** A count: exactly this many, or within bounds (`{ "min": 1 }`, `{ "max": 0 }`, both). */
const countExpectation = z.union([
  countBound,
  z
    .strictObject({ min: countBound.optional(), max: countBound.optional() })
    .refine((b) => b.min !== undefined || b.max !== undefined, 'give "min", "max" or both')
    .refine((b) => b.min === undefined || b.max === undefined || b.min <= b.max, '"min" must not exceed "max"'),
]);
export type CountExpectation = z.output<typeof countExpectation>;

/** Expected outcomes of one scenario's runs, by figure key: a count's bounds, or yes/no for a flag (the schema holds each key to its kind). */
export type Expectations = Partial<Record<ExpectableKey, CountExpectation | boolean>>;

const expectationsSchema = z.strictObject(
  Object.fromEntries(EXPECTABLE_KEYS.map((k) => [k, (EXPECTABLE[k].kind === 'count' ? countExpectation : z.boolean()).optional()])) as Record<
    ExpectableKey,
    z.ZodOptional<typeof countExpectation> | z.ZodOptional<z.ZodBoolean>
  >,
);

function countText(e: CountExpectation): string {
  if (typeof e === 'number') return `${e}`;
  if (e.min !== undefined && e.max !== undefined) return e.min === e.max ? `${e.min}` : `between ${e.min} and ${e.max}`;
  return e.min !== undefined ? `at least ${e.min}` : `at most ${e.max ?? 0}`;
}

/**
 * The expected outcomes a run does not show, one sentence each naming the figure
 * ("Requests lost (requests.lost): expected at least 1, the run has 0"); empty when all hold.
 */
export function unmetExpectations(expect: Expectations, summary: RunSummary): string[] {
  const out: string[] = [];
  for (const key of EXPECTABLE_KEYS) {
    const want = expect[key];
    if (want === undefined) continue;
    const def: Expectable = EXPECTABLE[key];
    const got = def.read(summary);
    const name = `${def.label} (${key})`;
    if (got === null) {
      out.push(`${name}: expected ${typeof want === 'boolean' ? (want ? 'yes' : 'no') : countText(want)}, the run did not check it`);
    } else if (typeof want === 'boolean') {
      if (got !== want) out.push(`${name}: expected ${want ? 'yes' : 'no'}, the run has ${got ? 'yes' : 'no'}`);
    } else if (typeof got === 'number') {
      const lo = typeof want === 'number' ? want : want.min;
      const hi = typeof want === 'number' ? want : want.max;
      if ((lo !== undefined && got < lo) || (hi !== undefined && got > hi)) out.push(`${name}: expected ${countText(want)}, the run has ${got}`);
    }
  }
  return out;
}

// ---- the file ------------------------------------------------------------------------

const ID_PATTERN = /^[a-z0-9-]{1,80}$/;
const idSchema = z.string().regex(ID_PATTERN, 'an id is 1 to 80 lower-case letters, digits and hyphens');
const text = (max: number): z.ZodString => z.string().trim().min(1, 'must not be empty').max(max);

const scenarioEntrySchema = z
  .strictObject({
    id: idSchema,
    label: text(200),
    /** A scenario file, relative to the assignment file. */
    file: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(500)
      .refine((f) => f.endsWith('.faultlab.json'), 'a scenario file name ends in .faultlab.json')
      .optional(),
    /** The scenario itself (checked by the scenario's own schema below, for its messages). */
    scenario: z.unknown().optional(),
    expect: expectationsSchema.optional(),
  })
  .refine((s) => s.file !== undefined || s.scenario !== undefined, 'give the scenario inline ("scenario") or as a file ("file"), or both');

/** An exercise's text in another language: the same fields, one step and one question for each of the exercise's own; scenario labels by scenario id. */
const exerciseTextSchema = z.strictObject({
  title: text(200),
  goal: text(2000),
  steps: z.array(text(2000)).max(50),
  prediction: text(2000),
  questions: z.array(text(2000)).max(50),
  scenarios: z.record(idSchema, text(200)).optional(),
});

/** Languages an exercise may be translated into (English is the exercise's own text). */
const TRANSLATED_LANGS = LANGS.filter((l): l is Exclude<Lang, 'en'> => l !== 'en');

const exerciseSchema = z.strictObject({
  id: idSchema,
  title: text(200),
  goal: text(2000),
  steps: z.array(text(2000)).min(1, 'list at least one step').max(50),
  prediction: text(2000),
  questions: z.array(text(2000)).min(1, 'list at least one question').max(50),
  /** Optional: the exercise's text per language ("ko"); a language left out shows the English. */
  translations: z.strictObject(Object.fromEntries(TRANSLATED_LANGS.map((l) => [l, exerciseTextSchema.optional()])) as Record<Exclude<Lang, 'en'>, z.ZodOptional<typeof exerciseTextSchema>>).optional(),
  scenarios: z.array(scenarioEntrySchema).min(1, 'list at least one scenario').max(50),
});

const assignmentSchema = z.strictObject({
  faultlabAssignment: z.literal(ASSIGNMENT_FORMAT, `expected ${ASSIGNMENT_FORMAT} (the only assignment format version this app reads)`),
  title: text(200),
  course: z.string().trim().max(200).optional(),
  author: z.string().trim().max(200).optional(),
  exercises: z.array(exerciseSchema).min(1, 'list at least one exercise').max(100),
});

/** One scenario of an exercise, as the file gives it: inline, a file name, or both. */
export interface AssignmentScenario {
  id: string;
  label: string;
  /** The scenario file it names, relative to the assignment file; null when inline only. */
  file: string | null;
  /** The inline scenario as written (checked valid); null when it is given as a file only. */
  input: ScenarioInput | null;
  expect: Expectations;
}

/** An exercise's text in another language (scenario labels by scenario id). */
export interface ExerciseText {
  title: string;
  goal: string;
  steps: string[];
  prediction: string;
  questions: string[];
  scenarios?: Record<string, string>;
}

export interface AssignmentExercise {
  id: string;
  title: string;
  goal: string;
  steps: string[];
  /** What the student predicts, in writing, before the first run. */
  prediction: string;
  questions: string[];
  scenarios: AssignmentScenario[];
  /** The exercise's text in other languages, when the file gives it (absent: English only). */
  translations?: Partial<Record<Exclude<Lang, 'en'>, ExerciseText>>;
}

/** An assignment file, checked. */
export interface Assignment {
  faultlabAssignment: typeof ASSIGNMENT_FORMAT;
  title: string;
  course: string | null;
  author: string | null;
  exercises: AssignmentExercise[];
}

/** A scenario of an assignment with its scenario read (inline or from its file). */
export interface ResolvedScenario extends AssignmentScenario {
  scenario: Scenario;
  /**
   * The scenario's identity for matching a run to it: SHA-256 (hex) of its canonical JSON
   * with every default filled in and the seed set to 0 (a run may override the seed).
   */
  hash: string;
}

export interface ResolvedAssignment extends Omit<Assignment, 'exercises'> {
  exercises: (Omit<AssignmentExercise, 'scenarios'> & { scenarios: ResolvedScenario[] })[];
}

/** An assignment that could not be read, with one message per problem, each naming its field. */
export class AssignmentError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'AssignmentError';
  }
}

function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? String(part) : `.${String(part)}`;
  return out === '' ? '(assignment)' : out;
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const known = issue.path.at(-1) === 'expect' ? ` (expected outcomes: ${EXPECTABLE_KEYS.join(', ')})` : '';
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}${known}`;
  }
  if (issue.code === 'invalid_value' && issue.values.length > 0 && !issue.message.startsWith('expected 1 (')) {
    return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
  }
  if (issue.code === 'invalid_type' && issue.expected === 'boolean') return 'expected true or false';
  if (issue.code === 'invalid_union') return 'expected a whole number, or { "min": N, "max": N }';
  return issue.message;
}

/** Validates a parsed JSON value as an assignment; throws AssignmentError naming each bad field. */
export function parseAssignment(value: unknown): Assignment {
  const result = assignmentSchema.safeParse(value);
  if (!result.success) throw new AssignmentError(result.error.issues.map((i) => `${fieldPath(i.path)}: ${issueMessage(i)}`));
  const a = result.data;
  const problems: string[] = [];
  const exerciseIds = new Set<string>();
  const exercises = a.exercises.map((e, ei): AssignmentExercise => {
    const at = `exercises[${ei}]`;
    if (exerciseIds.has(e.id)) problems.push(`${at}.id: "${e.id}" is the id of an earlier exercise`);
    exerciseIds.add(e.id);
    const scenarioIds = new Set<string>();
    const scenarios = e.scenarios.map((s, si): AssignmentScenario => {
      const sat = `${at}.scenarios[${si}]`;
      if (scenarioIds.has(s.id)) problems.push(`${sat}.id: "${s.id}" is the id of an earlier scenario of this exercise`);
      scenarioIds.add(s.id);
      let input: ScenarioInput | null = null;
      if (s.scenario !== undefined) {
        try {
          parseScenario(s.scenario);
          input = s.scenario as ScenarioInput;
        } catch (err) {
          if (!(err instanceof ScenarioError)) throw err;
          for (const p of err.problems) problems.push(`${sat}.scenario.${p}`);
        }
      }
      return { id: s.id, label: s.label, file: s.file ?? null, input, expect: (s.expect ?? {}) as Expectations };
    });
    const translations: Partial<Record<Exclude<Lang, 'en'>, ExerciseText>> = {};
    for (const lang of TRANSLATED_LANGS) {
      const tr = e.translations?.[lang];
      if (!tr) continue;
      const tat = `${at}.translations.${lang}`;
      // One question per question: the answers are kept by index, whatever the language.
      if (tr.questions.length !== e.questions.length) problems.push(`${tat}.questions: has ${tr.questions.length}, the exercise has ${e.questions.length}; give one for each`);
      if (tr.steps.length !== e.steps.length) problems.push(`${tat}.steps: has ${tr.steps.length}, the exercise has ${e.steps.length}; give one for each`);
      for (const id of Object.keys(tr.scenarios ?? {})) if (!scenarioIds.has(id)) problems.push(`${tat}.scenarios.${id}: no scenario of this exercise has this id`);
      translations[lang] = { title: tr.title, goal: tr.goal, steps: tr.steps, prediction: tr.prediction, questions: tr.questions, ...(tr.scenarios ? { scenarios: tr.scenarios } : {}) };
    }
    return { id: e.id, title: e.title, goal: e.goal, steps: e.steps, prediction: e.prediction, questions: e.questions, scenarios, ...(Object.keys(translations).length > 0 ? { translations } : {}) };
  });
  if (problems.length > 0) throw new AssignmentError(problems);
  return { faultlabAssignment: ASSIGNMENT_FORMAT, title: a.title, course: a.course || null, author: a.author || null, exercises };
}

/** Reads assignment text (the content of a `*.faultlab-assignment.json` file). */
export function parseAssignmentText(text: string): Assignment {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new AssignmentError([`not valid JSON: ${(err as Error).message}`]);
  }
  return parseAssignment(value);
}

/** A scenario's identity for matching runs to it: the canonical JSON of its complete form, seed aside. */
export function scenarioIdentity(scenario: Scenario): string {
  return canonicalJson({ ...scenario, seed: 0 } as unknown as Json);
}

/** SHA-256 (hex) of a scenario's identity: equal for the same scenario run with any seed. */
export function scenarioHash(scenario: Scenario): string {
  return sha256Hex(scenarioIdentity(scenario));
}

/**
 * Reads every scenario given as a file through `read` (which returns the file's parsed
 * JSON, or throws with a message saying why it could not), and fills in each scenario's
 * hash. A scenario given both inline and as a file must be the same in
 * both (seed included), so the file a student opens is the one graded.
 */
export function resolveAssignment(a: Assignment, read: (file: string) => unknown): ResolvedAssignment {
  const problems: string[] = [];
  const exercises = a.exercises.map((e, ei) => ({
    ...e,
    scenarios: e.scenarios.flatMap((s, si): ResolvedScenario[] => {
      const at = `exercises[${ei}].scenarios[${si}]`;
      const inline = s.input === null ? null : parseScenario(s.input);
      let fromFile: Scenario | null = null;
      if (s.file !== null) {
        try {
          fromFile = parseScenario(read(s.file));
        } catch (err) {
          problems.push(`${at}.file: ${s.file}: ${err instanceof ScenarioError ? err.problems.join('; ') : (err as Error).message}`);
          return [];
        }
      }
      if (inline && fromFile && canonicalJson(inline as unknown as Json) !== canonicalJson(fromFile as unknown as Json)) {
        problems.push(`${at}: the inline scenario and the file ${s.file ?? ''} differ; give one, or make them the same`);
        return [];
      }
      const scenario = (inline ?? fromFile) as Scenario;
      return [{ ...s, scenario, hash: scenarioHash(scenario) }];
    }),
  }));
  if (problems.length > 0) throw new AssignmentError(problems);
  return { ...a, exercises };
}
