/**
 * The exercise's integrity: the prediction is time-stamped when first written and locked
 * when the first run of one of the exercise's scenarios starts; what the student writes
 * afterwards is kept apart with its own time; Load waits for the prediction as Run does.
 * Times come from the test (no wall clock).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { EXERCISES } from '@shared/exercises';

/** localStorage as a browser page has it, in memory. */
class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  clear(): void {
    this.items.clear();
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

const storage = new MemoryStorage();
(globalThis as { localStorage?: Storage }).localStorage = storage;

const { readNotes, useExercisesStore } = await import('./exercises');
const { useScenarioStore } = await import('./scenario');

const at = (s: number): Date => new Date(Date.UTC(2026, 11, 2, 9, 0, s));
const split = EXERCISES.find((e) => e.id === 'split-brain')!;
const loss = EXERCISES.find((e) => e.id === 'pb-request-loss')!;

function openExercise(id: string): ReturnType<typeof useExercisesStore> {
  const store = useExercisesStore();
  store.exercises = EXERCISES;
  store.choose(id);
  return store;
}

beforeEach(() => {
  storage.clear();
  setActivePinia(createPinia());
});

describe('the prediction', () => {
  it('is time-stamped when first written, and keeps that time through later edits before any run', () => {
    const store = openExercise(split.id);
    expect(store.setPrediction('', at(1))).toBe(true);
    expect(store.notes.predictedAt).toBeNull();
    store.setPrediction('Replica 1 keeps serving client 1', at(5));
    store.setPrediction('Replica 1 keeps serving client 1: two primaries', at(9));
    expect(store.notes.predictedAt).toBe(at(5).toISOString());
    expect(readNotes(storage, split.id)).toMatchObject({ prediction: 'Replica 1 keeps serving client 1: two primaries', predictedAt: at(5).toISOString(), lockedAt: null });
  });

  it('is locked when the first run of one of the exercise’s scenarios starts: later edits are refused', () => {
    const store = openExercise(split.id);
    store.setPrediction('two primaries', at(5));
    store.noteRunStarted(split.scenarios[0]!.scenario.name!, at(20));
    expect(store.locked).toBe(true);
    expect(store.setPrediction('two primaries, then fencing stops one', at(30))).toBe(false);
    expect(store.notes.prediction).toBe('two primaries');
    // A second run does not move the lock.
    store.noteRunStarted(split.scenarios[1]!.scenario.name!, at(40));
    expect(readNotes(storage, split.id)).toMatchObject({ prediction: 'two primaries', predictedAt: at(5).toISOString(), lockedAt: at(20).toISOString() });
  });

  it('keeps what is written after the lock as a revision with its own time, not merged into the prediction', () => {
    const store = openExercise(split.id);
    store.setPrediction('two primaries', at(5));
    store.noteRunStarted(split.scenarios[0]!.scenario.name!, at(20));
    store.setRevision('two primaries for about 200 ms', at(60));
    const kept = readNotes(storage, split.id);
    expect(kept.prediction).toBe('two primaries');
    expect(kept.revision).toBe('two primaries for about 200 ms');
    expect(kept.revisedAt).toBe(at(60).toISOString());
    // Reopened (a reload): still locked, still apart.
    setActivePinia(createPinia());
    const again = openExercise(split.id);
    expect(again.locked).toBe(true);
    expect(again.notes.prediction).toBe('two primaries');
    expect(again.notes.revision).toBe('two primaries for about 200 ms');
  });

  it('locks the exercise whose scenario ran, even when another exercise is open; a run of no exercise locks nothing', () => {
    const store = openExercise(split.id);
    store.noteRunStarted('Voting masks one liar (2k+1 = 3 replicas, k = 1)', at(10));
    expect(store.locked).toBe(false);
    store.noteRunStarted(loss.scenarios[0]!.scenario.name!, at(12));
    expect(store.locked).toBe(false);
    expect(readNotes(storage, loss.id).lockedAt).toBe(at(12).toISOString());
    // Run before anything was written: locked empty, so the report shows no prediction made before the run.
    store.choose(loss.id);
    expect(store.setPrediction('late', at(13))).toBe(false);
    expect(store.notes.prediction).toBe('');
    expect(store.notes.predictedAt).toBeNull();
  });

  it('reads notes written before locking existed as unlocked, without a revision', () => {
    storage.setItem(`faultlab.exercise.${split.id}`, JSON.stringify({ prediction: 'old', answers: ['a'], predictedAt: at(1).toISOString() }));
    expect(readNotes(storage, split.id)).toEqual({ prediction: 'old', answers: ['a'], predictedAt: at(1).toISOString(), lockedAt: null, revision: '', revisedAt: null });
  });
});

describe('the exercise’s Load button', () => {
  it('loads nothing into the scenario panel until a prediction is written, like Run', () => {
    const store = openExercise(split.id);
    const panel = useScenarioStore();
    const before = JSON.stringify(panel.draft);
    expect(store.mayRun).toBe(false);
    store.loadScenario(split.scenarios[0]!);
    expect(JSON.stringify(panel.draft)).toBe(before);
    expect(store.loadedScenario).toBeNull();
    store.setPrediction('two primaries', at(5));
    expect(store.mayRun).toBe(true);
    store.loadScenario(split.scenarios[0]!);
    expect(panel.draft.name).toBe(split.scenarios[0]!.scenario.name);
    expect(store.loadedScenario).toBe(split.scenarios[0]!.label);
  });
});
