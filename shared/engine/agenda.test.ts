/** The simulator's agenda runs actions in (time, insertion order), however they are scheduled. */
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { Agenda } from './sim.js';

describe('agenda', () => {
  it('runs closures and deferred calls in (time, insertion order), with actions scheduled while running', () => {
    const seed = 777;
    process.stdout.write(`agenda property seed=${seed}\n`);
    const rng = Rng.fromSeed(seed);
    for (let round = 0; round < 100; round++) {
      const agenda = new Agenda();
      const ran: number[] = [];
      const pending: { at: number; n: number }[] = [];
      let next = 0;
      let now = 0;
      const target = { runDeferred: (n: unknown) => ran.push(n as number) };
      const schedule = (): void => {
        // Far timers a fixed time ahead (they go in order), near ones at random, and ties.
        const kind = rng.int(0, 3);
        const at = kind === 0 ? now + 3000 : kind === 1 ? now + rng.int(0, 5) : now + rng.pick([0, 10, 10.5]);
        const n = next++;
        pending.push({ at, n });
        if (rng.int(0, 1) === 0) agenda.push(at, () => ran.push(n));
        else agenda.defer(at, target, n, undefined, undefined, undefined);
      };
      for (let i = rng.int(0, 50); i > 0; i--) schedule();
      while (agenda.size > 0) {
        const at = agenda.peekAt() ?? NaN;
        expect(at).toBe(Math.min(...pending.map((p) => p.at)));
        now = at;
        const before = ran.length;
        agenda.runNext();
        expect(ran.length).toBe(before + 1);
        const done = ran[ran.length - 1] as number;
        const first = [...pending].sort((a, b) => a.at - b.at || a.n - b.n)[0];
        expect(done).toBe(first?.n);
        pending.splice(
          pending.findIndex((p) => p.n === done),
          1,
        );
        if (next < 400) for (let i = rng.int(0, 3); i > 0; i--) schedule();
      }
      expect(agenda.runNext()).toBe(false);
      expect(pending).toEqual([]);
    }
  });

  it('keeps its order while it grows past its first slots, with work taken out on the way', () => {
    const seed = 778;
    process.stdout.write(`agenda growth seed=${seed}\n`);
    const rng = Rng.fromSeed(seed);
    const agenda = new Agenda();
    const ran: number[] = [];
    const all: { at: number; n: number }[] = [];
    for (let n = 0; n < 6000; n++) {
      const at = n % 3 === 0 ? n : rng.int(0, 8000);
      all.push({ at, n });
      agenda.push(at, () => ran.push(n));
    }
    // Take some out while the heap and the queue both hold work, then add more.
    for (let i = 0; i < 100; i++) agenda.runNext();
    for (let n = 6000; n < 9000; n++) {
      const at = 8000 + rng.int(0, 100);
      all.push({ at, n });
      agenda.push(at, () => ran.push(n));
    }
    while (agenda.runNext());
    expect(ran).toEqual(all.sort((a, b) => a.at - b.at || a.n - b.n).map((x) => x.n));
  });
});
