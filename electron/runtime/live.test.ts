/**
 * A simulation paced to the wall clock (what the app shows live), on a fake clock: its own
 * clock runs at speed × the wall clock, faster than real time as well as slower, and stands
 * still while paused. Nothing here waits for real time.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lab } from '../../shared/testing/story.js';
import { startPacedSimulation } from './live.js';

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
