/**
 * A view in a hidden tab does not redraw: its throttled tick holds while the tab is hidden
 * and catches up at once when it is shown, and a value built only while shown keeps its
 * last value meanwhile (a long run opening page by page redrew every hidden chart for each
 * page). Run in a Vue effect scope, with the real timers the throttle uses awaited.
 */
import { describe, expect, it } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import { whileShown } from './useTabShown';
import { useThrottled } from './useThrottled';

const settle = async (): Promise<void> => {
  await nextTick();
  await new Promise((r) => setTimeout(r, 0));
  await nextTick();
};

describe('a view in a hidden tab', () => {
  it('holds its tick while hidden and catches up when shown', async () => {
    const scope = effectScope();
    const version = ref(0);
    const shown = ref(true);
    const tick = scope.run(() => useThrottled(version, 0, shown))!;
    version.value = 1;
    await settle();
    expect(tick.value).toBe(1);
    shown.value = false;
    await settle();
    version.value = 2;
    version.value = 3;
    await settle();
    expect(tick.value).toBe(1);
    shown.value = true;
    await settle();
    expect(tick.value).toBe(3);
    scope.stop();
  });

  it('keeps the last value built while shown, and builds again once shown', () => {
    const shown = ref(true);
    const source = ref(1);
    let builds = 0;
    const doubled = whileShown(shown, () => {
      builds++;
      return source.value * 2;
    });
    expect(doubled.value).toBe(2);
    shown.value = false;
    source.value = 5;
    expect(doubled.value).toBe(2);
    source.value = 6;
    expect(doubled.value).toBe(2);
    shown.value = true;
    expect(doubled.value).toBe(12);
    expect(builds).toBe(2);
  });
});
