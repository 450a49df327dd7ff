/**
 * The guided lab exercises: which one is open, and what the student wrote for each (the
 * prediction, written before running, and the answers). Writing is kept in the page's
 * localStorage under the exercise's id, so it survives a reload and goes into the report.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
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
}

const STORAGE_PREFIX = 'faultlab.exercise.';
const ACTIVE_KEY = 'faultlab.activeExercise';

function emptyNotes(): ExerciseNotes {
  return { prediction: '', answers: [], predictedAt: null };
}

/** Reads an exercise's notes; anything unreadable counts as nothing written yet. */
export function readNotes(storage: Storage, id: string): ExerciseNotes {
  const raw = storage.getItem(STORAGE_PREFIX + id);
  if (raw === null) return emptyNotes();
  try {
    const v = JSON.parse(raw) as Partial<ExerciseNotes>;
    return {
      prediction: typeof v.prediction === 'string' ? v.prediction : '',
      answers: Array.isArray(v.answers) ? v.answers.map((a) => (typeof a === 'string' ? a : '')) : [],
      predictedAt: typeof v.predictedAt === 'string' ? v.predictedAt : null,
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

  async function load(): Promise<void> {
    try {
      exercises.value = await useAppStore().lab().listExercises({});
      error.value = null;
      if (activeId.value && !exercises.value.some((e) => e.id === activeId.value)) activeId.value = null;
      if (activeId.value) notes.value = readNotes(localStorage, activeId.value);
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
  function save(): void {
    const id = activeId.value;
    if (!id) return;
    if (notes.value.prediction.trim() && !notes.value.predictedAt) notes.value.predictedAt = new Date().toISOString();
    localStorage.setItem(STORAGE_PREFIX + id, JSON.stringify(notes.value));
  }

  function setAnswer(index: number, text: string): void {
    const answers = [...notes.value.answers];
    while (answers.length <= index) answers.push('');
    answers[index] = text;
    notes.value.answers = answers;
    save();
  }

  /** Puts one of the exercise's scenarios into the scenario panel. */
  function loadScenario(sc: ExerciseScenario): void {
    const ex = active.value;
    if (!ex) return;
    const presetId = `${ex.id}/${sc.id}`;
    const words = exerciseText(ex, currentLang());
    const label = words.scenarios[sc.id] ?? sc.label;
    const preset = useAppStore().presets.find((p) => p.id === presetId) ?? { id: presetId, title: `${words.title}: ${label}`, description: words.goal, scenario: sc.scenario };
    useScenarioStore().loadPreset(preset);
    loadedScenario.value = label;
  }

  /** The answers to the open exercise's questions, one per question (empty where none was written). */
  const answersForReport = computed(() => (active.value ? active.value.questions.map((_, i) => notes.value.answers[i] ?? '') : []));

  return { exercises, activeId, notes, error, loadedScenario, active, hasPrediction, answersForReport, load, choose, save, setAnswer, loadScenario };
});
