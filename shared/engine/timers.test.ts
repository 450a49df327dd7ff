import { describe, expect, it } from 'vitest';
import { NamedTimers } from './timers.js';

/** A scheduler like the real host's: handles, cancellation, and a way to fire by hand. */
function fakeScheduler(canCancel: boolean) {
  const scheduled = new Map<number, () => void>();
  let next = 1;
  return {
    scheduled,
    scheduler: {
      schedule(_at: number, fn: () => void): number {
        scheduled.set(next, fn);
        return next++;
      },
      cancel: canCancel ? (h: unknown) => void scheduled.delete(h as number) : undefined,
    },
    fireAll(): void {
      for (const [h, fn] of [...scheduled]) {
        scheduled.delete(h);
        fn();
      }
    },
  };
}

describe('named timers', () => {
  it('replacing a timer cancels the earlier one in the scheduler', () => {
    const f = fakeScheduler(true);
    const timers = new NamedTimers(f.scheduler);
    const fired: string[] = [];
    timers.set('c1/timeout:1', 30_000, () => fired.push('first'));
    timers.set('c1/timeout:1', 40_000, () => fired.push('second'));
    expect(f.scheduled.size).toBe(1);
    f.fireAll();
    expect(fired).toEqual(['second']);
  });

  it('an answered request leaves no timer behind, however many requests a run has', () => {
    const f = fakeScheduler(true);
    const timers = new NamedTimers(f.scheduler);
    for (let req = 1; req <= 10_000; req++) {
      timers.set(`c1/timeout:${req}`, 30_000, () => undefined);
      timers.set(`c1/timeout:${req}`, null, () => undefined);
    }
    expect(f.scheduled.size).toBe(0);
    expect(timers.size).toBe(0);
  });

  it('where the scheduler cannot cancel, a cancelled timer fires into nothing', () => {
    const f = fakeScheduler(false);
    const timers = new NamedTimers(f.scheduler);
    const fired: string[] = [];
    timers.set('r1/fetch', 10, () => fired.push('cancelled'));
    timers.set('r1/fetch', null, () => undefined);
    timers.set('r1/heartbeat', 10, () => fired.push('heartbeat'));
    f.fireAll();
    expect(fired).toEqual(['heartbeat']);
    expect(timers.size).toBe(0);
  });
});
