/**
 * Time in real mode: the Host's clock and timers over performance.now and setTimeout.
 * Work due now (a zero network delay) runs at the end of the current turn, all of it by
 * one setImmediate, in order; `stop` cancels every timer and drops what is due.
 *
 * The run's clock can be paused and slowed (shared/pace.ts): it runs at `speed` × the wall
 * clock and stands still while paused. Every timer is kept with the run time it is due at,
 * so a pause holds them all (their wall timers are cancelled) and a resume or a new speed
 * re-arms them for what is left of their run time: nothing is lost, and what was held runs
 * in the order it is due (ties in the order it was scheduled).
 */
import type { Host } from '../../shared/engine/engine.js';
import type { LivePace } from '../../shared/pace.js';
import { NORMAL_PACE } from '../../shared/pace.js';

/** One timer: its run time, its place in scheduling order, and its wall timer while armed. */
interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
  wall: ReturnType<typeof setTimeout> | null;
}

export class RealClock implements Pick<Host, 'now' | 'schedule' | 'cancel'> {
  /** Wall time (performance.now) at which the run's clock last read `base`. */
  private anchorWall = performance.now();
  /** The run's clock at anchorWall. */
  private base = 0;
  private current: LivePace = NORMAL_PACE;
  private readonly pending = new Set<Timer>();
  /** Work due now, in order, run at the end of this turn by one setImmediate for all of it. */
  private dueNow: Timer[] = [];
  private nextSeq = 0;
  private stopped = false;

  /** Milliseconds since the run's clock started, to the microsecond (paused time not counted). */
  readonly now = (): number => Math.round(this.exactNow() * 1000) / 1000;

  private exactNow(): number {
    return this.current.paused ? this.base : this.base + (performance.now() - this.anchorWall) * this.current.speed;
  }

  /** Starts the run's clock at zero (processes are started before it). */
  start(): void {
    this.anchorWall = performance.now();
    this.base = 0;
  }

  /** How the clock goes now. */
  get pace(): LivePace {
    return this.current;
  }

  /**
   * Pauses, resumes or changes the speed of the run's clock from this moment. Pausing holds
   * every timer; resuming (or a new speed) re-arms each for the run time it has left.
   */
  setPace(pace: LivePace): void {
    if (this.stopped) return;
    // Rounded as `now` reads it, so the moment a pause shows is the moment it holds.
    this.base = this.now();
    this.anchorWall = performance.now();
    this.current = { ...pace };
    for (const timer of this.pending) this.disarm(timer);
    if (pace.paused) return;
    // In the order they are due: what came due meanwhile runs at the end of this turn, in order.
    // Each measured from one reading of the clock: timers due at one time keep one wall delay,
    // and Node runs timers of one delay in the order they were set.
    const held = [...this.pending].sort((a, b) => a.at - b.at || a.seq - b.seq);
    const now = this.exactNow();
    for (const timer of held) this.arm(timer, now);
  }

  schedule(at: number, fn: () => void): Timer | undefined {
    const timer: Timer = { at, seq: this.nextSeq++, fn, wall: null };
    if (this.current.paused) {
      this.pending.add(timer);
      return timer;
    }
    if (at <= this.now()) {
      // Due now: at the end of this turn, since setTimeout waits at least 1 ms.
      this.pushDueNow(timer);
      return undefined;
    }
    this.pending.add(timer);
    this.arm(timer);
    return timer;
  }

  cancel(handle: unknown): void {
    const timer = handle as Timer | undefined;
    if (timer && this.pending.delete(timer)) this.disarm(timer);
  }

  /** Cancels every timer; what is due now no longer runs. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.pending) this.disarm(timer);
    this.pending.clear();
  }

  /** Timers held or waiting (for tests and the pause's account of what it holds). */
  get waiting(): number {
    return this.pending.size + this.dueNow.length;
  }

  private arm(timer: Timer, now = this.exactNow()): void {
    const leftMs = timer.at - now;
    if (leftMs <= 0) {
      // Due already (the clock read past it since `now` was rounded, or it came due while paused).
      this.pending.delete(timer);
      this.pushDueNow(timer);
      return;
    }
    timer.wall = setTimeout(() => {
      timer.wall = null;
      this.pending.delete(timer);
      timer.fn();
    }, leftMs / this.current.speed);
  }

  private disarm(timer: Timer): void {
    if (timer.wall !== null) clearTimeout(timer.wall);
    timer.wall = null;
  }

  private pushDueNow(timer: Timer): void {
    this.dueNow.push(timer);
    if (this.dueNow.length === 1) setImmediate(this.runDueNow);
  }

  private readonly runDueNow = (): void => {
    const batch = this.dueNow;
    this.dueNow = [];
    // What falls due while this batch runs waits for the next turn, as with setImmediate.
    for (let i = 0; i < batch.length; i++) {
      if (this.stopped) return;
      const timer = batch[i] as Timer;
      if (this.current.paused) {
        // Paused mid-batch: the rest is held, in order, until the clock resumes.
        for (let j = i; j < batch.length; j++) this.pending.add(batch[j] as Timer);
        return;
      }
      timer.fn();
    }
  };
}
