/** The kept runs: listed newest first, reopened or deleted. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { RunListing } from '@shared/api';
import { useAppStore } from './app';

export const useRunsStore = defineStore('runs', () => {
  const runs = shallowRef<RunListing[]>([]);
  const loading = ref(false);
  const error = ref<string | null>(null);

  async function refresh(): Promise<void> {
    loading.value = true;
    try {
      runs.value = await useAppStore().lab().listRuns({});
      error.value = null;
    } catch (err) {
      error.value = (err as Error).message;
    } finally {
      loading.value = false;
    }
  }

  async function remove(runId: string): Promise<void> {
    try {
      await useAppStore().lab().deleteRun({ runId });
    } catch (err) {
      error.value = (err as Error).message;
    }
    await refresh();
  }

  return { runs, loading, error, refresh, remove };
});
