/**
 * "Try to break this": the claim, fault kinds and budget the student chose, the progress of
 * the hunt going on (fed by the lab's huntProgress events) and what it found.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { HuntOutcome, LabEvents } from '@shared/api';
import type { CheckName } from '@shared/checks';
import type { FaultKind } from '@shared/faults';
import type { Scheme } from '@shared/scenario';
import { useAppStore } from './app';

/** The claim each scheme is first tried against: what the lecture says it keeps. */
export const DEFAULT_CHECK: Record<Scheme, CheckName> = { 'state-machine': 'no-wrong', 'primary-backup': 'no-lost', raft: 'no-wrong', pbft: 'no-wrong' };

export interface HuntForm {
  check: CheckName;
  /** Empty: the kinds that fit the scenario (every kind; Byzantine ones only under arbitrary failures). */
  kinds: FaultKind[];
  maxFaults: number;
  budgetRuns: number;
  seed: number;
}

export const useHuntStore = defineStore('hunt', () => {
  const form = ref<HuntForm>({ check: 'no-wrong', kinds: [], maxFaults: 3, budgetRuns: 500, seed: 1 });
  const outcome = shallowRef<HuntOutcome | null>(null);
  const running = ref(false);
  const cancelling = ref(false);
  const error = ref<string | null>(null);
  const progress = ref<LabEvents['huntProgress'] | null>(null);
  let attached = false;

  function attach(): void {
    if (attached) return;
    attached = true;
    useAppStore().lab().on('huntProgress', (p) => {
      if (running.value) progress.value = p;
    });
  }

  async function run(scenario: unknown): Promise<void> {
    attach();
    error.value = null;
    outcome.value = null;
    running.value = true;
    progress.value = { phase: 'search', runs: 0, budget: form.value.budgetRuns, distinct: 0, best: null };
    const f = form.value;
    try {
      outcome.value = await useAppStore()
        .lab()
        .huntScenario({ scenario, check: f.check, ...(f.kinds.length > 0 ? { kinds: [...f.kinds] } : {}), maxFaults: f.maxFaults, budgetRuns: f.budgetRuns, seed: f.seed });
    } catch (err) {
      error.value = (err as Error).message;
    } finally {
      running.value = false;
      cancelling.value = false;
    }
  }

  /** Asks the lab to stop the hunt; run() then gets what it found so far. */
  async function cancel(): Promise<void> {
    if (!running.value || cancelling.value) return;
    cancelling.value = true;
    try {
      await useAppStore().lab().cancelHunt({});
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  return { form, outcome, running, cancelling, error, progress, attach, run, cancel };
});
