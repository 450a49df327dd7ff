/**
 * The real-mode clock paused and slowed: while paused nothing it holds runs, however long
 * the wall clock goes on (fake timers: the test moves the wall clock by hand); on resume
 * everything held runs, in the order it is due, and nothing is lost; in slow motion every
 * delay takes 1/speed as long.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RealClock } from './real-clock.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the real-mode clock, paused and slowed', () => {
  it('holds every timer while paused, and runs them all in order of their time on resume', () => {
    const clock = new RealClock();
    clock.start();
    const ran: string[] = [];
    clock.schedule(30, () => ran.push('c@30'));
    clock.schedule(10, () => ran.push('a@10'));
    vi.advanceTimersByTime(5);
    clock.setPace({ paused: true, speed: 1 });
    const pausedAt = clock.now();
    expect(pausedAt).toBe(5);
    // Scheduled while paused: due at once (a zero delay), and at the same time as another (ties keep their order).
    clock.schedule(pausedAt, () => ran.push('due-now'));
    clock.schedule(10, () => ran.push('b@10'));
    vi.advanceTimersByTime(60_000);
    expect(ran).toEqual([]);
    expect(clock.now()).toBe(pausedAt);
    expect(clock.waiting).toBe(4);

    clock.setPace({ paused: false, speed: 1 });
    vi.advanceTimersByTime(100);
    expect(ran).toEqual(['due-now', 'a@10', 'b@10', 'c@30']);
    expect(clock.waiting).toBe(0);
    // The run's clock went on from where it stood: the minute paused is not counted.
    expect(clock.now()).toBe(105);
  });

  it('holds what was due in the turn it was paused in', () => {
    const clock = new RealClock();
    clock.start();
    const ran: number[] = [];
    clock.schedule(0, () => {
      ran.push(1);
      clock.setPace({ paused: true, speed: 1 });
    });
    clock.schedule(0, () => ran.push(2));
    vi.advanceTimersByTime(1000);
    expect(ran).toEqual([1]);
    clock.setPace({ paused: false, speed: 1 });
    vi.advanceTimersByTime(1);
    expect(ran).toEqual([1, 2]);
  });

  it('does not run a timer cancelled while paused', () => {
    const clock = new RealClock();
    clock.start();
    const ran: string[] = [];
    const h = clock.schedule(20, () => ran.push('cancelled'));
    clock.schedule(20, () => ran.push('kept'));
    clock.setPace({ paused: true, speed: 1 });
    clock.cancel(h);
    clock.setPace({ paused: false, speed: 1 });
    vi.advanceTimersByTime(50);
    expect(ran).toEqual(['kept']);
  });

  it('in slow motion, a delay takes 1/speed as long, and the run clock runs at that speed', () => {
    const clock = new RealClock();
    clock.start();
    let fired = false;
    clock.setPace({ paused: false, speed: 0.25 });
    clock.schedule(10, () => (fired = true));
    vi.advanceTimersByTime(39);
    expect(fired).toBe(false);
    expect(clock.now()).toBeCloseTo(9.75, 3);
    vi.advanceTimersByTime(1);
    expect(fired).toBe(true);
    // Back to real time: the run clock goes on at the wall clock's pace from where it was.
    clock.setPace({ paused: false, speed: 1 });
    vi.advanceTimersByTime(10);
    expect(clock.now()).toBeCloseTo(20, 3);
  });

  it('re-times a timer armed before the speed changed', () => {
    const clock = new RealClock();
    clock.start();
    let firedAt: number | null = null;
    clock.schedule(10, () => (firedAt = performance.now()));
    const wall0 = performance.now();
    vi.advanceTimersByTime(4);
    clock.setPace({ paused: false, speed: 0.1 });
    // 6 ms of run time were left: 60 ms of wall time at a tenth of the speed.
    vi.advanceTimersByTime(59);
    expect(firedAt).toBeNull();
    vi.advanceTimersByTime(1);
    expect(firedAt).toBe(wall0 + 64);
  });

  it('runs a timer due between the clock\'s rounded reading and its exact one (it is due already)', () => {
    const clock = new RealClock();
    clock.start();
    vi.advanceTimersByTime(10.0004);
    expect(clock.now()).toBe(10);
    let fired = false;
    // Later than `now` reads (10.000), earlier than the exact clock (10.0004): due at once.
    clock.schedule(10.0002, () => (fired = true));
    vi.advanceTimersByTime(0);
    expect(fired).toBe(true);
    expect(clock.waiting).toBe(0);
  });
});
