/**
 * A copy of a fast-changing counter that changes at most once per intervalMs, so charts
 * redraw a few times a second however often batches arrive; and not at all while the
 * view's tab is hidden (it catches up at once when the tab is shown). The timer is
 * cleared when the component unmounts.
 */
import type { Ref } from 'vue';
import { onScopeDispose, ref, watch } from 'vue';
import { useTabShown } from './useTabShown';

export function useThrottled(source: Ref<number>, intervalMs: number, shown: Ref<boolean> = useTabShown()): Ref<number> {
  const out = ref(source.value);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = 0;
  watch(shown, (now) => {
    if (now && out.value !== source.value) out.value = source.value;
  });
  watch(source, () => {
    if (timer !== null || !shown.value) return;
    const wait = Math.max(0, last + intervalMs - performance.now());
    timer = setTimeout(() => {
      timer = null;
      last = performance.now();
      out.value = source.value;
    }, wait);
  });
  onScopeDispose(() => {
    if (timer !== null) clearTimeout(timer);
  });
  return out;
}
