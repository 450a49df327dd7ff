/** The comparison view: the current scenario under both schemes (or all four), and the lecture's table measured. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { Comparison, CompareWidth, FaultMapping } from '@shared/compare';
import type { RunMode } from '@shared/events';
import { useAppStore } from './app';
import { useRunsStore } from './runs';

export const useCompareStore = defineStore('compare', () => {
  const comparison = shallowRef<Comparison | null>(null);
  /** The kept run holding the comparison (the report of it includes the table). */
  const runId = ref<string | null>(null);
  const running = ref(false);
  const error = ref<string | null>(null);
  const mapping = ref<FaultMapping>('drop');
  /** The lecture's two schemes with trusted helpers, or also Raft and PBFT. */
  const width = ref<CompareWidth>('trusted');
  /** The mapping the shown comparison was made with (its notes say which faults it moved or dropped). */
  const madeWith = ref<FaultMapping>('drop');

  async function compare(scenario: unknown, mode: RunMode): Promise<void> {
    running.value = true;
    error.value = null;
    try {
      const used = mapping.value;
      const out = await useAppStore().lab().compareScenario({ scenario, mode, mapping: used, width: width.value });
      comparison.value = out.comparison;
      madeWith.value = used;
      runId.value = out.runId;
      void useRunsStore().refresh();
    } catch (err) {
      error.value = (err as Error).message;
    } finally {
      running.value = false;
    }
  }

  return { comparison, runId, running, error, mapping, madeWith, width, compare };
});
