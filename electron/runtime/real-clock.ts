/**
 * Time in real mode: the Host's clock and timers over performance.now and setTimeout.
 * Work due now (a zero network delay) runs at the end of the current turn, all of it by
 * one setImmediate, in order; `stop` cancels every timer and drops what is due.
 */
import type { Host } from '../../shared/engine/engine.js';

export class RealClock implements Pick<Host, 'now' | 'schedule' | 'cancel'> {
  private t0 = performance.now();
  private readonly pending = new Set<ReturnType<typeof setTimeout>>();
  /** Work due now, in order, run at the end of this turn by one setImmediate for all of it. */
  private dueNow: (() => void)[] = [];
  private stopped = false;

  /** Milliseconds since the run's clock started, to the microsecond. */
  readonly now = (): number => Math.round((performance.now() - this.t0) * 1000) / 1000;

  /** Starts the run's clock at zero (processes are started before it). */
  start(): void {
    this.t0 = performance.now();
  }

  schedule(at: number, fn: () => void): ReturnType<typeof setTimeout> | undefined {
    if (at <= this.now()) {
      // Due now: at the end of this turn, since setTimeout waits at least 1 ms.
      this.dueNow.push(fn);
      if (this.dueNow.length === 1) setImmediate(this.runDueNow);
      return undefined;
    }
    const h = setTimeout(
      () => {
        this.pending.delete(h);
        fn();
      },
      Math.max(0, at - this.now()),
    );
    this.pending.add(h);
    return h;
  }

  cancel(handle: unknown): void {
    const h = handle as ReturnType<typeof setTimeout>;
    if (this.pending.delete(h)) clearTimeout(h);
  }

  /** Cancels every timer; what is due now no longer runs. */
  stop(): void {
    this.stopped = true;
    for (const h of this.pending) clearTimeout(h);
    this.pending.clear();
  }

  private readonly runDueNow = (): void => {
    const batch = this.dueNow;
    this.dueNow = [];
    // What falls due while this batch runs waits for the next turn, as with setImmediate.
    for (const fn of batch) if (!this.stopped) fn();
  };
}
