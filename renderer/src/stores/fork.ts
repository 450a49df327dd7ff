/**
 * Fork from here: the form (the moment, drop the later faults, one fault to add) and the
 * fork last made, with the requests whose outcome differs from its parent's. Forking to the
 * end asks the lab (forkRun), then opens the fork as the run on screen; playing it puts it on
 * screen at once as a live run paused at its moment (forkLive), its differences read when it ends.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ForkOutcome } from '@shared/api';
import type { Behavior, Fault } from '@shared/faults';
import { useAppStore } from './app';
import { useRunStore } from './run';
import { useRunsStore } from './runs';

/** The faults the form offers to add at the moment (one replica each, or the whole network). */
export const FORK_ADDS = ['none', 'crash', 'restart', 'pause', 'resume', 'isolate', 'heal', 'lie'] as const;
export type ForkAdd = (typeof FORK_ADDS)[number];

/** The fault a choice of the form adds at `atMs` (null: none). */
export function forkFault(add: ForkAdd, replica: number, replicas: number, atMs: number): Fault | null {
  switch (add) {
    case 'none':
      return null;
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
      return { atMs, type: add, replica };
    case 'isolate': {
      const others = Array.from({ length: replicas }, (_, i) => i + 1).filter((r) => r !== replica);
      return { atMs, type: 'partition', groups: [[replica], [...others, 'clients']] };
    }
    case 'heal':
      return { atMs, type: 'heal' };
    case 'lie':
      return { atMs, type: 'byzantine', replica, behavior: 'lie' satisfies Behavior };
  }
}

export const useForkStore = defineStore('fork', () => {
  const run = useRunStore();
  const open = ref(false);
  const atMs = ref(0);
  const dropLater = ref(false);
  const add = ref<ForkAdd>('crash');
  const replica = ref(1);
  const busy = ref(false);
  const error = ref<string | null>(null);
  /** The fork last made in this session (its differences are shown while it is on screen). */
  const last = shallowRef<ForkOutcome | null>(null);

  /** The parent's faults at or after the moment: the ones "drop the later faults" removes. */
  const laterFaults = computed<Fault[]>(() => (run.scenario?.faults ?? []).filter((f) => f.atMs >= atMs.value));

  /** Opens the form at a moment of the run on screen. */
  function begin(moment: number): void {
    atMs.value = Math.max(0, Math.min(Math.round(moment), run.scenario?.workload.durationMs ?? 0));
    replica.value = Math.min(replica.value, run.scenario?.replicas ?? 1);
    error.value = null;
    open.value = true;
  }

  /** What the form asks the lab for: the run on screen, the moment and the change (null without a run). */
  function request(): { runId: string; atMs: number; add: Fault[]; dropLater: boolean } | null {
    const scenario = run.scenario;
    if (run.runId === null || scenario === null) return null;
    const fault = forkFault(add.value, replica.value, scenario.replicas, atMs.value);
    return { runId: run.runId, atMs: atMs.value, add: fault ? [fault] : [], dropLater: dropLater.value };
  }

  /** Runs one way of forking with the form busy; a refusal stays in the form. */
  async function asking(work: () => Promise<void>): Promise<void> {
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

  /** Forks to the end (forkRun) and opens the fork, kept, as the run on screen. */
  async function make(): Promise<void> {
    const args = request();
    if (args === null) return;
    await asking(async () => {
      const out = await useAppStore().lab().forkRun(args);
      last.value = out;
      open.value = false;
      await run.open(out.runId);
      void useRunsStore().refresh();
    });
  }

  /** Plays the fork live from its moment (it opens paused there, as the live run on screen). */
  async function play(): Promise<void> {
    const args = request();
    if (args === null) return;
    await asking(async () => {
      await run.playFork(args);
      last.value = null;
      open.value = false;
    });
  }

  return { open, atMs, dropLater, add, replica, busy, error, last, laterFaults, begin, make, play };
});
