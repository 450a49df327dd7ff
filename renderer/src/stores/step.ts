/**
 * Step mode ("Choose messages from here"): the step session open in the lab, the messages it
 * holds, the one the student has selected, and the choices made. While a session is open the
 * run on screen is the session's log (the run store shows it, growing with each choice); the
 * picture draws the held messages in the air. Finishing keeps the run as a fork of its parent
 * and opens it (its banner then shows what the choices changed); cancelling reopens the parent.
 */
import { defineStore } from 'pinia';
import { computed, nextTick, ref, shallowRef, watch } from 'vue';
import type { HeldMessage, StepView } from '@shared/api';
import { LabError } from '@shared/api';
import type { StepChoice } from '@shared/scenario';
import { useAppStore } from './app';
import { useForkStore } from './fork';
import { usePlaybackStore } from './playback';
import { useRunStore } from './run';
import { useRunsStore } from './runs';

/** How long "Let time pass" waits, ms. */
export const WAIT_MS = 10;

export const useStepStore = defineStore('step', () => {
  const session = shallowRef<StepView | null>(null);
  const held = shallowRef<HeldMessage[]>([]);
  const choices = shallowRef<StepChoice[]>([]);
  const timeMs = ref(0);
  const ended = ref(false);
  /** The held message selected (by id; a duplicate's copy due first is the one chosen). */
  const selected = ref<number | null>(null);
  const busy = ref(false);
  const error = ref<string | null>(null);
  /** Wall-clock ms the last choice took, main side and back (shown, so the cost is visible). */
  const lastChoiceMs = ref<number | null>(null);

  const active = computed(() => session.value !== null);
  const selectedMessage = computed(() => held.value.find((m) => m.id === selected.value) ?? null);

  function show(view: StepView): void {
    held.value = view.held;
    choices.value = view.choices;
    timeMs.value = view.timeMs;
    ended.value = view.ended;
    if (!view.held.some((m) => m.id === selected.value)) selected.value = view.held[0]?.id ?? null;
  }

  // A message picked in the picture selects it here, when it is held.
  watch(
    () => usePlaybackStore().picked,
    (p) => {
      if (p && held.value.some((m) => m.id === p.id)) selected.value = p.id;
    },
  );

  // Another run on screen (Run pressed, a kept run opened) ends step mode: the session is closed.
  watch(
    () => useRunStore().runId,
    (id) => {
      const s = session.value;
      if (id === null || s === null) return;
      close();
      void closeOnMainSide(s.sessionId);
    },
  );

  /** Closes a session on the main side; one already closed (a newer session replaced it) holds nothing. */
  async function closeOnMainSide(sessionId: string): Promise<void> {
    try {
      await useAppStore().lab().stepCancel({ sessionId });
    } catch (err) {
      if (!(err instanceof LabError && err.code === 'not-found')) useRunStore().error = (err as Error).message;
    }
  }

  /**
   * Marks the selected message in the picture (its contents shown under it), once the views
   * have caught up with the log (the picture's index is rebuilt when another log is shown).
   */
  async function pickSelected(): Promise<void> {
    await nextTick();
    const playback = usePlaybackStore();
    const id = selected.value;
    playback.index?.sync();
    const flight = id === null ? undefined : playback.index?.flightOf(id);
    if (!active.value || flight === undefined || playback.picked?.id === id) return;
    playback.pick(flight);
  }

  function select(id: number): void {
    selected.value = id;
    void pickSelected();
  }

  /** One call to the lab with the panel busy (one at a time); its failure is the panel's error line. */
  async function call(work: () => Promise<void>): Promise<void> {
    if (busy.value) return;
    busy.value = true;
    error.value = null;
    try {
      await work();
    } catch (err) {
      error.value = (err as Error).message;
    } finally {
      busy.value = false;
    }
  }

  /** Opens step mode on the run on screen at a moment (whole ms). */
  async function begin(moment: number): Promise<void> {
    const run = useRunStore();
    const parent = run.runId;
    if (parent === null) return;
    await call(async () => {
      const view = await useAppStore().lab().stepBegin({ runId: parent, atMs: Math.max(0, Math.round(moment)) });
      session.value = view;
      run.showStepLog(view.events);
      show(view);
      void pickSelected();
    });
  }

  async function choose(choice: StepChoice): Promise<void> {
    const s = session.value;
    if (!s) return;
    await call(async () => {
      const started = performance.now();
      const view = await useAppStore().lab().stepChoose({ sessionId: s.sessionId, choice });
      lastChoiceMs.value = performance.now() - started;
      useRunStore().ingest(view.events);
      show(view);
      void pickSelected();
    });
  }

  function deliver(): Promise<void> {
    return selected.value === null ? Promise.resolve() : choose({ deliver: selected.value });
  }

  function drop(): Promise<void> {
    return selected.value === null ? Promise.resolve() : choose({ drop: selected.value });
  }

  function wait(): Promise<void> {
    return choose({ waitMs: WAIT_MS });
  }

  /** Moves the selection up or down the list of held messages. */
  function move(by: number): void {
    const list = held.value;
    if (list.length === 0) return;
    const at = list.findIndex((m) => m.id === selected.value);
    const next = list[Math.min(list.length - 1, Math.max(0, (at < 0 ? 0 : at) + by))];
    if (next) select(next.id);
  }

  function close(): void {
    session.value = null;
    held.value = [];
    choices.value = [];
    selected.value = null;
    ended.value = false;
  }

  /** Lets the rest of the run go on as the network would; opens the kept run. */
  async function finish(): Promise<void> {
    const s = session.value;
    if (!s) return;
    await call(async () => {
      const out = await useAppStore().lab().stepFinish({ sessionId: s.sessionId });
      close();
      useForkStore().last = out;
      await useRunStore().open(out.runId);
      void useRunsStore().refresh();
    });
  }

  /** Leaves step mode keeping nothing; the parent run is on screen again. */
  async function cancel(): Promise<void> {
    const s = session.value;
    if (!s) return;
    close();
    error.value = null;
    await closeOnMainSide(s.sessionId);
    await useRunStore().open(s.parentRunId);
  }

  return { session, held, choices, timeMs, ended, selected, selectedMessage, busy, error, lastChoiceMs, active, begin, choose, deliver, drop, wait, select, move, finish, cancel };
});
