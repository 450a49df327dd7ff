/**
 * Whether the tab a view sits in is the one on screen. A hidden tab's views stay mounted
 * (their filters and scroll positions kept), but they need not redraw: while a long run
 * opens page by page, every hidden chart redrawing for each page was work nobody saw.
 * App.vue wraps each tab's views in <TabShown>; a view outside any tab is always shown.
 */
import type { ComputedRef, InjectionKey, Ref } from 'vue';
import { computed, inject, ref } from 'vue';

export const TAB_SHOWN: InjectionKey<Ref<boolean>> = Symbol('tab shown');

export function useTabShown(): Ref<boolean> {
  return inject(TAB_SHOWN, ref(true));
}

/** `build`'s value, recomputed only while the view's tab is shown: a hidden one keeps its last value and catches up when shown. */
export function whileShown<T>(shown: Ref<boolean>, build: () => T): ComputedRef<T> {
  let last: { value: T } | null = null;
  return computed(() => {
    if (shown.value || last === null) last = { value: build() };
    return last.value;
  });
}
