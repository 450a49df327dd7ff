/** The message diagram view: the Lamport diagram of the run on screen, and the span the student zoomed to (around a picked message, marked). */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { MessageDiagramView } from '@shared/api';
import { formatNumber, messages } from '../i18n';
import { useAppStore } from './app';

export const useDiagramStore = defineStore('diagram', () => {
  const diagram = shallowRef<MessageDiagramView | null>(null);
  /** The detail of the span asked for (from/to), when there is one. */
  const span = shallowRef<MessageDiagramView['windows'][number] | null>(null);
  /** The message marked in that span (the one picked in the cluster picture), by id. */
  const marked = ref<number | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);

  async function load(runId: string): Promise<void> {
    loading.value = true;
    error.value = null;
    span.value = null;
    marked.value = null;
    try {
      diagram.value = await useAppStore().lab().messageDiagram({ runId });
    } catch (err) {
      diagram.value = null;
      error.value = (err as Error).message;
    } finally {
      loading.value = false;
    }
  }

  async function zoomTo(runId: string, fromMs: number, toMs: number, markMessage?: number): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const m = messages().diagramSpan;
      const title = markMessage !== undefined ? m.around(markMessage, formatNumber(fromMs), formatNumber(toMs)) : m.span(formatNumber(fromMs), formatNumber(toMs));
      const d = await useAppStore().lab().messageDiagram({ runId, fromMs, toMs, title, ...(markMessage !== undefined ? { markMessage } : {}) });
      span.value = d.windows[0] ?? null;
      marked.value = markMessage ?? null;
    } catch (err) {
      error.value = (err as Error).message;
    } finally {
      loading.value = false;
    }
  }

  return { diagram, span, marked, loading, error, load, zoomTo };
});
