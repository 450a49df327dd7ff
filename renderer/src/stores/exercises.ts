/**
 * The guided lab exercises: which one is open, and what the student wrote for each (the
 * prediction, written before running, and the answers). Writing is kept in the page's
 * localStorage under the exercise's id, so it survives a reload and goes into the report.
 *
 * The prediction is time-stamped when first written and locked when the first run of one
 * of the exercise's scenarios starts: what the student writes about it afterwards is kept
 * apart, as a revision with its own time, never merged into the prediction.
 *
 * The exercises are the lab's current assignment: the lecture's built-in one, or an
 * assignment file opened in the window (chosen, dropped) or from the operating system.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { AssignmentView } from '@shared/api';
import type { Exercise, ExerciseScenario } from '@shared/exercises';
import { exerciseText } from '@shared/exercises';
import { currentLang } from '../i18n';
import { useAppStore } from './app';
import { useScenarioStore } from './scenario';

/** What a student wrote for one exercise. */
export interface ExerciseNotes {
  prediction: string;
  answers: string[];
  /** ISO time the prediction was first saved (before any run of the exercise, ideally). */
  predictedAt: string | null;
  /** ISO time the first run of one of the exercise's scenarios started: the prediction is locked from then on. */
  lockedAt: string | null;
  /** What the student wrote about the prediction after it was locked (empty if nothing). */
  revision: string;
  /** ISO time the revision was last written. */
  revisedAt: string | null;
}

const STORAGE_PREFIX = 'faultlab.exercise.';
const ACTIVE_KEY = 'faultlab.activeExercise';

function emptyNotes(): ExerciseNotes {
  return { prediction: '', answers: [], predictedAt: null, lockedAt: null, revision: '', revisedAt: null };
}

/** Reads an exercise's notes; anything unreadable counts as nothing written yet. */
export function readNotes(storage: Storage, id: string): ExerciseNotes {
  const raw = storage.getItem(STORAGE_PREFIX + id);
  if (raw === null) return emptyNotes();
  try {
    const v = JSON.parse(raw) as Partial<ExerciseNotes>;
    const time = (x: unknown): string | null => (typeof x === 'string' ? x : null);
    return {
      prediction: typeof v.prediction === 'string' ? v.prediction : '',
      answers: Array.isArray(v.answers) ? v.answers.map((a) => (typeof a === 'string' ? a : '')) : [],
      predictedAt: time(v.predictedAt),
      lockedAt: time(v.lockedAt),
      revision: typeof v.revision === 'string' ? v.revision : '',
      revisedAt: time(v.revisedAt),
    };
  } catch (err) {
    if (err instanceof SyntaxError) return emptyNotes();
    throw err;
  }
}

export const useExercisesStore = defineStore('exercises', () => {
  const exercises = shallowRef<Exercise[]>([]);
  const activeId = ref<string | null>(localStorage.getItem(ACTIVE_KEY));
  const notes = ref<ExerciseNotes>(emptyNotes());
  const error = ref<string | null>(null);
  /** The exercise scenario last loaded into the scenario panel (its label), if any. */
  const loadedScenario = ref<string | null>(null);

  const active = computed<Exercise | null>(() => exercises.value.find((e) => e.id === activeId.value) ?? null);
  const hasPrediction = computed(() => notes.value.prediction.trim().length > 0);
  /** The prediction can no longer change: a run of the exercise has started. */
  const locked = computed(() => notes.value.lockedAt !== null);
  /** The exercise's Load and Run buttons: open once a prediction is written (or the exercise has been run already). */
  const mayRun = computed(() => hasPrediction.value || locked.value);

  /** The assignment listed: its title and file (the built-in one until another is opened). */
  const assignment = shallowRef<Omit<AssignmentView, 'exercises'> | null>(null);
  /** Why the assignment last chosen could not be opened (one sentence naming each problem's field). */
  const assignmentError = ref<string | null>(null);
  const opening = ref(false);

  /** Lists an assignment's exercises; the open exercise stays open if the assignment has it. */
  function setAssignment(view: AssignmentView): void {
    const { exercises: list, ...about } = view;
    exercises.value = list;
    assignment.value = about;
    error.value = null;
    if (activeId.value && !list.some((e) => e.id === activeId.value)) choose(null);
    else if (activeId.value) notes.value = readNotes(localStorage, activeId.value);
  }

  async function load(): Promise<void> {
    try {
      setAssignment(await useAppStore().lab().currentAssignment({}));
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  /**
   * Opens an assignment chosen or dropped in the window, with the scenario files it names
   * chosen beside it. True when its exercises are listed now.
   */
  async function openAssignmentFiles(files: readonly File[]): Promise<boolean> {
    opening.value = true;
    assignmentError.value = null;
    try {
      const chosen = await Promise.all(files.map(async (f) => ({ name: f.name, text: await f.text() })));
      setAssignment(await useAppStore().lab().openAssignment({ files: chosen }));
      return true;
    } catch (err) {
      assignmentError.value = (err as Error).message;
      return false;
    } finally {
      opening.value = false;
    }
  }

  /** Back to the lecture's built-in exercises. */
  async function showBuiltIn(): Promise<void> {
    assignmentError.value = null;
    try {
      setAssignment(await useAppStore().lab().closeAssignment({}));
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  function choose(id: string | null): void {
    activeId.value = id;
    loadedScenario.value = null;
    if (id) localStorage.setItem(ACTIVE_KEY, id);
    else localStorage.removeItem(ACTIVE_KEY);
    notes.value = id ? readNotes(localStorage, id) : emptyNotes();
  }

  /** Keeps the notes of the open exercise (called on every edit). */
  function save(now: Date = new Date()): void {
    const id = activeId.value;
    if (!id) return;
    if (notes.value.prediction.trim() && !notes.value.predictedAt && !notes.value.lockedAt) notes.value.predictedAt = now.toISOString();
    localStorage.setItem(STORAGE_PREFIX + id, JSON.stringify(notes.value));
  }

  /**
   * Writes the prediction, time-stamped the first time it has text. Refused once the
   * prediction is locked (returns false): later thoughts go to the revision.
   */
  function setPrediction(text: string, now: Date = new Date()): boolean {
    if (notes.value.lockedAt !== null) return false;
    notes.value.prediction = text;
    save(now);
    return true;
  }

  /** Writes what the student thinks of the prediction after running, with its own time. */
  function setRevision(text: string, now: Date = new Date()): void {
    notes.value.revision = text;
    notes.value.revisedAt = text.trim() ? now.toISOString() : null;
    save(now);
  }

  /**
   * A run started: if its scenario is one of an exercise's (by the scenario's name), that
   * exercise's prediction is locked as it stands, once (its first run's time is kept).
   */
  function noteRunStarted(scenarioName: string, now: Date = new Date()): void {
    for (const e of exercises.value) {
      if (!e.scenarios.some((s) => s.scenario.name === scenarioName)) continue;
      const mine = e.id === activeId.value;
      const n = mine ? notes.value : readNotes(localStorage, e.id);
      if (n.lockedAt !== null) continue;
      n.lockedAt = now.toISOString();
      localStorage.setItem(STORAGE_PREFIX + e.id, JSON.stringify(n));
    }
  }

  function setAnswer(index: number, text: string): void {
    const answers = [...notes.value.answers];
    while (answers.length <= index) answers.push('');
    answers[index] = text;
    notes.value.answers = answers;
    save();
  }

  /** Puts one of the exercise's scenarios into the scenario panel (like running it, only once there is a prediction). */
  function loadScenario(sc: ExerciseScenario): void {
    const ex = active.value;
    if (!ex || !mayRun.value) return;
    const presetId = `${ex.id}/${sc.id}`;
    const words = exerciseText(ex, currentLang());
    const label = words.scenarios[sc.id] ?? sc.label;
    const preset = useAppStore().presets.find((p) => p.id === presetId) ?? { id: presetId, title: `${words.title}: ${label}`, description: words.goal, scenario: sc.scenario };
    useScenarioStore().loadPreset(preset);
    loadedScenario.value = label;
  }

  /** The answers to the open exercise's questions, one per question (empty where none was written). */
  const answersForReport = computed(() => (active.value ? active.value.questions.map((_, i) => notes.value.answers[i] ?? '') : []));

  return {
    exercises, activeId, notes, error, loadedScenario, active, hasPrediction, locked, mayRun, answersForReport, load, choose, save, setPrediction, setRevision, noteRunStarted, setAnswer, loadScenario,
    assignment, assignmentError, opening, setAssignment, openAssignmentFiles, showBuiltIn,
  };
});
