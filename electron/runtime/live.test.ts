/**
 * A simulation paced to the wall clock (what the app shows live), on a fake clock: its own
 * clock runs at speed × the wall clock, faster than real time as well as slower, and stands
 * still while paused. Nothing here waits for real time.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lab } from '../../shared/testing/story.js';
import { analyze } from '../../shared/analysis/summary.js';
import { simulate } from '../../shared/engine/sim.js';
import { serializeEvent } from '../../shared/events.js';
import { forkScenario } from '../../shared/fork.js';
import { parseScenario } from '../../shared/scenario.js';
import { CATCH_UP_SLICE_MS, startPacedSimulation } from './live.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('a simulation played live', () => {
  const scenario = lab('primary-backup', 'fail-stop', { workload: { clients: 2, ratePerSecond: 100, durationMs: 60_000 } }).scenario();

  it('runs its clock at the speed chosen: 1 s of the wall is 1 s at 1×, 10 s at 10×, 0.1 s at 0.1×', async () => {
    const run = startPacedSimulation(scenario);
    vi.advanceTimersByTime(1000);
    expect(run.elapsedMs()).toBeGreaterThan(980);
    expect(run.elapsedMs()).toBeLessThanOrEqual(1000);

    run.setPace({ paused: false, speed: 10 });
    vi.advanceTimersByTime(1000);
    expect(run.elapsedMs()).toBeGreaterThan(10_900);
    expect(run.elapsedMs()).toBeLessThanOrEqual(11_000);

    run.setPace({ paused: false, speed: 0.1 });
    const before = run.elapsedMs();
    vi.advanceTimersByTime(1000);
    expect(run.elapsedMs() - before).toBeGreaterThan(0);
    expect(run.elapsedMs()).toBeLessThanOrEqual(11_100);

    run.setPace({ paused: true, speed: 10 });
    const paused = run.elapsedMs();
    vi.advanceTimersByTime(5000);
    expect(run.elapsedMs()).toBe(paused);
    const { summary } = await run.stop();
    expect(summary.requests.issued).toBeGreaterThan(1000);
  });

  it('at 10× ends a 3 s workload in a tenth of the wall time, with the same log as the run at 1×', async () => {
    const short = lab('primary-backup', 'fail-stop', { workload: { clients: 2, ratePerSecond: 100, durationMs: 3000 } }).scenario();
    const wallToFinish = async (speed: number): Promise<{ wallMs: number; sha: string; runMs: number; issued: number }> => {
      const run = startPacedSimulation(short, { speed });
      let done = false;
      void run.finished.then(() => (done = true));
      let wallMs = 0;
      while (!done && wallMs < 60_000) {
        vi.advanceTimersByTime(10);
        wallMs += 10;
        await Promise.resolve();
      }
      const { summary } = await run.finished;
      return { wallMs, sha: summary.eventLogSha256, runMs: summary.durationMs, issued: summary.requests.issued };
    };
    const fast = await wallToFinish(10);
    const real = await wallToFinish(1);
    expect(fast.sha).toBe(real.sha);
    expect(fast.issued).toBe(300);
    expect(real.wallMs).toBeGreaterThanOrEqual(real.runMs);
    expect(fast.wallMs).toBeGreaterThanOrEqual(fast.runMs / 10);
    expect(fast.wallMs).toBeLessThanOrEqual(fast.runMs / 10 + 30);
  });
});

describe('a simulation opened at a moment of its own (a fork played live)', () => {
  const parent = lab('primary-backup', 'fail-stop', { workload: { clients: 2, ratePerSecond: 200, durationMs: 4000 } }).scenario();
  const fork = parseScenario(forkScenario(parent, 2000, { add: [{ atMs: 2000, type: 'crash', replica: 1 }] }).scenario);

  it('gets to its moment paused, repeating the run from the start before it, and stays there until played', async () => {
    const run = startPacedSimulation(fork, { fromMs: 2000, paused: true });
    vi.advanceTimersByTime(10);
    expect(run.elapsedMs()).toBe(2000);
    expect(run.pace()).toEqual({ paused: true, speed: 1 });
    // The crash at the moment has happened; nothing after it.
    expect(run.events.some((e) => e.type === 'fault' && e.t === 2000)).toBe(true);
    expect(run.events.every((e) => e.t <= 2000)).toBe(true);
    const parentBefore = simulate(parent).events.filter((e) => e.t < 2000 && e.type !== 'run-start').map(serializeEvent);
    expect(run.events.filter((e) => e.t < 2000 && e.type !== 'run-start').map(serializeEvent)).toEqual(parentBefore);
    vi.advanceTimersByTime(5000);
    expect(run.elapsedMs()).toBe(2000);

    // Played: its clock runs from the moment, not from when it was opened.
    run.setPace({ paused: false, speed: 1 });
    vi.advanceTimersByTime(1000);
    expect(run.elapsedMs()).toBeGreaterThan(2980);
    expect(run.elapsedMs()).toBeLessThanOrEqual(3000);
    await run.stop();
  });

  it('played to its end, is the run the fork\'s scenario simulates at once (same log)', async () => {
    const run = startPacedSimulation(fork, { fromMs: 2000, paused: true, speed: 10 });
    vi.advanceTimersByTime(10);
    run.setPace({ paused: false, speed: 10 });
    let done = false;
    void run.finished.then(() => (done = true));
    for (let wall = 0; !done && wall < 60_000; wall += 10) {
      vi.advanceTimersByTime(10);
      await Promise.resolve();
    }
    const { summary } = await run.finished;
    expect(summary.eventLogSha256).toBe(analyze(simulate(fork).events).summary.eventLogSha256);
  });

  it('gets there in slices of at most CATCH_UP_SLICE_MS of the wall, leaving the thread free between them', async () => {
    // A wall clock that moves 1 ms each time it is read: a slice ends after CATCH_UP_SLICE_MS reads.
    let wall = Date.now();
    const now = vi.spyOn(Date, 'now').mockImplementation(() => (wall += 1));
    try {
      const run = startPacedSimulation(fork, { fromMs: 2000, paused: true });
      const reached: number[] = [];
      for (let i = 0; i < 1000 && run.elapsedMs() < 2000; i++) {
        vi.advanceTimersByTime(10);
        reached.push(run.elapsedMs());
      }
      expect(run.elapsedMs()).toBe(2000);
      // More than one slice, each a bounded stretch of the run's time.
      expect(reached.length).toBeGreaterThan(2000 / (2 * CATCH_UP_SLICE_MS));
      await run.stop();
    } finally {
      now.mockRestore();
    }
  });

  it('applies a fault clicked on its way to the moment at the moment', async () => {
    const run = startPacedSimulation(fork, { fromMs: 2000, paused: true });
    run.inject({ type: 'crash', replica: 2 });
    const live = run.events.find((e) => e.type === 'fault' && e.source === 'live');
    expect(live?.t).toBe(2000);
    await run.stop();
  });
});

