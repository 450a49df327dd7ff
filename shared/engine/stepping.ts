/**
 * Step mode ("Choose messages from here", as in DSLabs' Oddity): from a moment on, the student
 * decides which message in the air arrives next. It promises, for a scenario with `stepping`:
 *
 * - Everything due at or before `fromMs` happens exactly as in the run without stepping (the
 *   same events, in the same order).
 * - From `fromMs` on, every message in the air, and every message sent later, is *held*: the
 *   network model still decides at its send whether it is lost and when it would arrive (its
 *   due time), with the same random draws, but it arrives only when a choice says so.
 * - Each choice, in order, names a held message by its id (a duplicated one: its copy due
 *   first). `{"deliver": id}` lets time run to the message's due time (or stays, if that has
 *   passed): timers, faults, client requests due up to then happen first, and whatever is sent
 *   meanwhile is held too; then the message arrives. `{"drop": id}` loses it at once, without
 *   time moving (a drop event with reason "chosen"). `{"waitMs": ms}` lets time run on that
 *   long with every message held (timers fire, faults apply, what is sent is held): the way to
 *   hold a message past a moment. Each choice is logged as a `choice` event, at the time it
 *   takes effect, before its deliver or drop. A choice naming a message that is not held at that
 *   point is an error naming the choice's index (SteppingError), as is a choice after the run
 *   has ended.
 * - After the last choice the network takes over again: each message still held arrives at its
 *   own due time, or at once (in due-time order) if that has passed; later sends go through
 *   the network as usual. The run then ends as any run does.
 *
 * A run with stepping is therefore still a pure function of its scenario: replayed (`simulate`,
 * `faultlab run`), its choices give the same log as when a student made them one by one (the
 * app keeps a live Simulation per step session and calls `choose`).
 */
import type { Address, Message, MessageKind } from '../protocol/types.js';
import type { StepChoice, Stepping } from '../scenario.js';
import type { Deferrable, Engine } from './engine.js';

/** A step-mode scenario whose choices cannot be applied: the message names the choice. */
export class SteppingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SteppingError';
  }
}

/** A held message as the student sees it: what it is, who sent it to whom, and for which request. */
export interface HeldMessage {
  id: number;
  /** 0 for the message, 1 for the network's duplicate of it. */
  copy: 0 | 1;
  from: Address;
  to: Address;
  kind: MessageKind;
  sentMs: number;
  /** When the network would have delivered it. */
  dueMs: number;
  /** The client request it carries or answers, when it names one. */
  request: { client: number; req: number } | null;
}

/** What the stepper needs of the simulator: its clock and its agenda. */
export interface StepClock {
  now(): number;
  /** Moves time forward to t (never back). */
  setNow(t: number): void;
  /** Runs every action due at or before t (stops early if the run is over). */
  runTo(t: number): void;
  /** The run has settled (workload done) or run out of time: nothing more will happen. */
  over(): boolean;
  defer(at: number, target: Deferrable, a: unknown, b: unknown, c: unknown, d: unknown): void;
}

interface Flight {
  id: number;
  copy: 0 | 1;
  from: Address;
  to: Address;
  msg: Message;
  sentMs: number;
  dueMs: number;
  /** In the agenda (before holding began); taken once held, so its agenda entry does nothing. */
  held: boolean;
}

function requestOf(msg: Message): HeldMessage['request'] {
  return 'client' in msg && 'req' in msg && typeof msg.client === 'number' && typeof msg.req === 'number' ? { client: msg.client, req: msg.req } : null;
}


/**
 * The simulator's step mode. `open`: a step session, whose choices arrive one by one
 * (`choose`) and which hands back to the network only when told (`release`); otherwise the
 * scenario's choices are all there is, and the network takes over after the last.
 */
export class Stepper implements Deferrable {
  private readonly choices: StepChoice[];
  private next = 0;
  private holding = false;
  private released = false;
  /** Before holding: the messages in the agenda, in the order they were sent. */
  private readonly inFlight = new Set<Flight>();
  /** While holding: the held messages, in the order they were sent. */
  private held: Flight[] = [];
  private lastDeferredId = 0;
  /** When the wait being made ends (fixed when it begins, so a paced run ends it where a whole one does). */
  private waitUntil: number | null = null;

  constructor(
    private readonly stepping: Stepping,
    private readonly engine: Engine,
    private readonly clock: StepClock,
    private readonly open = false,
  ) {
    this.choices = [...stepping.choices];
  }

  /** True while messages are held: the run waits for choices even with nothing else scheduled. */
  get waiting(): boolean {
    return this.holding && this.held.length > 0;
  }

  /** Whether holding has begun and the network has not taken over yet. */
  get isHolding(): boolean {
    return this.holding;
  }

  /** The choices applied so far. */
  get made(): readonly StepChoice[] {
    return this.choices.slice(0, this.next);
  }

  /** The messages held now, in the order the network would deliver them (due time, then send order). */
  heldMessages(): HeldMessage[] {
    return this.inDueOrder().map((f) => ({ id: f.id, copy: f.copy, from: f.from, to: f.to, kind: f.msg.kind, sentMs: f.sentMs, dueMs: f.dueMs, request: requestOf(f.msg) }));
  }

  /** A delivery the engine asks for (Host.defer): held, or put in the agenda behind a gate. */
  deferDelivery(at: number, id: number, from: Address, to: Address, msg: Message): void {
    if (this.released) {
      this.clock.defer(at, this.engine, id, from, to, msg);
      return;
    }
    const copy: 0 | 1 = id === this.lastDeferredId ? 1 : 0;
    this.lastDeferredId = id;
    const f: Flight = { id, copy, from, to, msg, sentMs: this.clock.now(), dueMs: Math.max(at, this.clock.now()), held: this.holding };
    if (this.holding) {
      this.held.push(f);
      return;
    }
    this.inFlight.add(f);
    this.clock.defer(at, this, f, undefined, undefined, undefined);
  }

  /** A gated delivery came due: it goes on unless it was taken into the held set meanwhile. */
  runDeferred(f: unknown): void {
    const flight = f as Flight;
    if (flight.held) return;
    this.inFlight.delete(flight);
    this.engine.runDeferred(flight.id, flight.from, flight.to, flight.msg);
  }

  /** Advances the run to untilMs, applying the choices whose time has come (see the module's promise). */
  advanceTo(untilMs: number): void {
    if (!this.holding && !this.released) {
      const from = this.stepping.fromMs;
      if (untilMs < from) {
        this.clock.runTo(untilMs);
        return;
      }
      this.clock.runTo(from);
      if (this.clock.over()) {
        if (this.choices.length > 0) throw new SteppingError(`stepping.choices[0]: the run ended at ${this.clock.now()} ms, before stepping began at ${from} ms`);
        this.released = true;
        return;
      }
      this.beginHolding();
    }
    if (this.holding) {
      while (this.next < this.choices.length) {
        const i = this.next;
        const choice = this.choices[i] as StepChoice;
        const f = 'waitMs' in choice ? null : this.find(i, choice);
        const at = this.timeOf(choice, f);
        if (at > untilMs) {
          this.clock.runTo(untilMs);
          this.clock.setNow(untilMs);
          this.checkNotOver(i);
          return;
        }
        this.apply(i, choice, f, at);
      }
      if (this.open) return;
      this.release();
    }
    this.clock.runTo(untilMs);
  }

  /**
   * A step session's next choice, applied now. A choice refused (SteppingError) is not one of
   * the choices made: one naming a message not held changes nothing; one that met the run's end
   * leaves the run ended.
   */
  choose(choice: StepChoice): void {
    if (!this.open) throw new Error('choose() is for step sessions; a scenario carries its choices');
    if (!this.holding) throw new SteppingError(`stepping.choices[${this.next}]: no message is held (the network has taken over)`);
    this.choices.push(choice);
    try {
      this.advanceTo(Infinity);
    } finally {
      this.choices.length = this.next;
    }
  }

  /** Hands the held messages back to the network (after the last choice). */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.holding = false;
    const now = this.clock.now();
    for (const f of this.inDueOrder()) this.clock.defer(Math.max(now, f.dueMs), this.engine, f.id, f.from, f.to, f.msg);
    this.held = [];
  }

  private beginHolding(): void {
    this.holding = true;
    this.clock.setNow(this.stepping.fromMs);
    for (const f of this.inFlight) {
      f.held = true;
      this.held.push(f);
    }
    this.inFlight.clear();
  }

  private inDueOrder(): Flight[] {
    // Array sort is stable: equal due times keep the order they were sent in.
    return [...this.held].sort((a, b) => a.dueMs - b.dueMs);
  }

  /** The held message choice i names (a duplicated one's copy due first), or a SteppingError. */
  private find(i: number, choice: Exclude<StepChoice, { waitMs: number }>): Flight {
    const id = 'deliver' in choice ? choice.deliver : choice.drop;
    let found: Flight | null = null;
    for (const f of this.held) if (f.id === id && (found === null || f.dueMs < found.dueMs)) found = f;
    if (found) return found;
    const now = this.clock.now();
    const held = this.inDueOrder().map((f) => `#${f.id}`);
    const list = held.length === 0 ? 'no message is held then' : `held then: ${held.slice(0, 8).join(', ')}${held.length > 8 ? `, … (${held.length} in all)` : ''}`;
    throw new SteppingError(`stepping.choices[${i}]: message #${id} is not held at ${now} ms (${list})`);
  }

  private checkNotOver(i: number): void {
    if (this.clock.over()) throw new SteppingError(`stepping.choices[${i}]: the run ended at ${this.clock.now()} ms (its workload done and the network settled), before this choice`);
  }

  /** When a choice takes effect: a delivery at its due time (or now, if that has passed), a drop now, a wait when it ends. */
  private timeOf(choice: StepChoice, f: Flight | null): number {
    const now = this.clock.now();
    if ('waitMs' in choice) return (this.waitUntil ??= now + choice.waitMs);
    if ('deliver' in choice && f) return Math.max(now, f.dueMs);
    return now;
  }

  private apply(i: number, choice: StepChoice, f: Flight | null, at: number): void {
    this.clock.runTo(at);
    this.checkNotOver(i);
    this.clock.setNow(at);
    this.waitUntil = null;
    this.next = i + 1;
    const held = this.held.length;
    if (f === null || 'waitMs' in choice) {
      this.engine.emit({ type: 'choice', index: i, action: 'wait', id: null, held, waitMs: 'waitMs' in choice ? choice.waitMs : 0 });
      return;
    }
    this.held.splice(this.held.indexOf(f), 1);
    const deliver = 'deliver' in choice;
    this.engine.emit({ type: 'choice', index: i, action: deliver ? 'deliver' : 'drop', id: f.id, held });
    if (deliver) this.engine.runDeferred(f.id, f.from, f.to, f.msg);
    else this.engine.emit({ type: 'drop', id: f.id, from: f.from, to: f.to, kind: f.msg.kind, reason: 'chosen' });
  }
}
