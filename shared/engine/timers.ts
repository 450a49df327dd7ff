/**
 * Named timers over any scheduler: setting a name again replaces the earlier timer,
 * setting it to null cancels it. A replaced or cancelled timer is cancelled in the
 * scheduler when the scheduler can (real time: clearTimeout, so a client's 30-second
 * request timeout does not outlive its answer), and finds it is no longer the
 * pending one if it fires anyway (virtual time). A name is forgotten once its timer fired or was
 * cancelled, so a long run does not accumulate one entry per request.
 */
export interface Scheduler {
  schedule(atMs: number, fn: () => void): unknown;
  cancel?(handle: unknown): void;
}

interface Pending {
  handle: unknown;
}

export class NamedTimers {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly scheduler: Scheduler) {}

  set(key: string, atMs: number | null, fire: () => void): void {
    const prev = this.pending.get(key);
    if (prev) {
      this.scheduler.cancel?.(prev.handle);
      this.pending.delete(key);
    }
    if (atMs === null) return;
    const entry: Pending = { handle: undefined };
    this.pending.set(key, entry);
    entry.handle = this.scheduler.schedule(atMs, () => {
      if (this.pending.get(key) !== entry) return;
      this.pending.delete(key);
      fire();
    });
  }

  /** Timers set and not yet fired or cancelled. */
  get size(): number {
    return this.pending.size;
  }
}
