/**
 * The sweep view: the grid the student chose, the progress of the sweep going on (fed by
 * the lab's sweepProgress events) and its result.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { SweepOutcome, SweepSpecInput } from '@shared/api';
import type { RunMode } from '@shared/events';
import type { Scheme } from '@shared/scenario';
import type { SweepFaultKind } from '@shared/sweep';
import { ALL_SWEEP_SCHEMES } from '@shared/sweep';
import { useAppStore } from './app';

/** The form: lists the student ticks, and the fault counts as "0..k+1" or a list. */
export interface SweepForm {
  ks: number[];
  ns: ('bound' | 'below')[];
  kinds: SweepFaultKind[];
  faultCountsMode: 'to-k+1' | 'list';
  faultCountsText: string;
  timeoutsText: string;
  mode: RunMode;
  /** The schemes ticked; null until the student ticks one: the scenario's own scheme. */
  schemes: Scheme[] | null;
}

/** The schemes a form sweeps (the scenario's own until one is ticked), in the comparison's order. */
export function formSchemes(form: Pick<SweepForm, 'schemes'>, own: Scheme): Scheme[] {
  const ticked = form.schemes ?? [own];
  return ALL_SWEEP_SCHEMES.filter((s) => ticked.includes(s));
}

/** Whole numbers from "0, 1, 3" or ranges like "0-3"; throws with a sentence naming the field. */
export function parseNumberList(text: string, field: string, min: number, max: number): number[] {
  const out: number[] = [];
  for (const item of text.split(',').map((s) => s.trim()).filter((s) => s.length > 0)) {
    const range = /^(\d+)\s*-\s*(\d+)$/.exec(item);
    if (range) {
      const a = Number(range[1]);
      const b = Number(range[2]);
      if (a > b) throw new Error(`${field}: the range ${item} runs backwards`);
      for (let i = a; i <= b; i++) out.push(i);
    } else if (/^\d+$/.test(item)) out.push(Number(item));
    else throw new Error(`${field}: "${item}" is not a whole number or a range like 0-3`);
  }
  for (const v of out) if (v < min || v > max) throw new Error(`${field}: ${v} is not between ${min} and ${max}`);
  return [...new Set(out)];
}

export const useSweepStore = defineStore('sweep', () => {
  const form = ref<SweepForm>({ ks: [1, 2], ns: ['bound', 'below'], kinds: ['crash', 'collude'], faultCountsMode: 'to-k+1', faultCountsText: '0-3', timeoutsText: '', mode: 'sim', schemes: null });
  const outcome = shallowRef<SweepOutcome | null>(null);
  const running = ref(false);
  const cancelling = ref(false);
  const error = ref<string | null>(null);
  const progress = ref<{ done: number; total: number; label: string } | null>(null);
  let attached = false;

  function attach(): void {
    if (attached) return;
    attached = true;
    useAppStore().lab().on('sweepProgress', (p) => {
      if (running.value) progress.value = p;
    });
  }

  /** The grid as the lab's call takes it; throws with a sentence when a field is not valid. */
  function spec(base: unknown, own: Scheme): SweepSpecInput {
    const f = form.value;
    const schemes = formSchemes(f, own);
    if (schemes.length === 0) throw new Error('Schemes: tick at least one scheme');
    return {
      base,
      ks: [...f.ks].sort((a, b) => a - b),
      ns: [...f.ns],
      kinds: [...f.kinds],
      faultCounts: f.faultCountsMode === 'to-k+1' ? 'to-k+1' : parseNumberList(f.faultCountsText, 'Fault counts', 0, 15),
      failureTimeoutsMs: parseNumberList(f.timeoutsText, 'Failure timeouts', 1, 600_000),
      schemes,
    };
  }

  /** Runs the grid on `base`, a scenario of the scheme `own` (what the form sweeps until a scheme is ticked). */
  async function run(base: unknown, own: Scheme): Promise<void> {
    attach();
    error.value = null;
    let s: SweepSpecInput;
    try {
      s = spec(base, own);
    } catch (err) {
      error.value = (err as Error).message;
      return;
    }
    running.value = true;
    // The last sweep's results go: under a new sweep's progress they would read as its own.
    outcome.value = null;
    progress.value = { done: 0, total: 0, label: '' };
    try {
      outcome.value = await useAppStore().lab().runSweep({ spec: s, mode: form.value.mode });
    } catch (err) {
      error.value = (err as Error).message;
    } finally {
      running.value = false;
      cancelling.value = false;
    }
  }

  /** Asks the lab to end the sweep after its run in progress; run() then gets the runs done. */
  async function cancel(): Promise<void> {
    if (!running.value || cancelling.value) return;
    cancelling.value = true;
    try {
      await useAppStore().lab().cancelSweep({});
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  return { form, outcome, running, cancelling, error, progress, attach, run, cancel };
});
