/**
 * Named timers over any scheduler: setting a name again replaces the earlier timer,
 * setting it to null cancels it. Cancelled and replaced timers are not removed from the
 * scheduler; they fire and find their generation out of date.
 */
export class NamedTimers {
  private readonly generation = new Map<string, number>();

  constructor(private readonly schedule: (atMs: number, fn: () => void) => void) {}

  set(key: string, atMs: number | null, fire: () => void): void {
    const gen = (this.generation.get(key) ?? 0) + 1;
    this.generation.set(key, gen);
    if (atMs === null) return;
    this.schedule(atMs, () => {
      if (this.generation.get(key) === gen) fire();
    });
  }
}
