/**
 * The simulator: the engine and every replica core in one thread, in virtual time. A run
 * is a pure function of (scenario, seed): the same inputs give a byte-identical event log.
 * Ties in time are broken by scheduling order, never by anything outside the run.
 */
import type { Behavior, Scenario } from '../scenario.js';
import type { RunEvent } from '../events.js';
import { createReplica } from '../protocol/replica.js';
import type { Address, Message, Output, ReplicaNode, TimerRequest } from '../protocol/types.js';
import { Engine } from './engine.js';
import type { Deferrable, Host } from './engine.js';
import { Stepper } from './stepping.js';

/**
 * Scheduled actions in (time, insertion order). An action is a closure, or a target and up to
 * four arguments: the simulator schedules several actions per message, so they live in
 * preallocated slots (typed arrays for the keys, reused through a free list) rather than in an
 * object and a closure each. The order is kept by a binary min-heap of slot numbers and, beside
 * it, a queue of actions scheduled in order of time: an action no earlier than the queue's last
 * joins the queue (its insertion order is later too), any other the heap, and the next action
 * is the earlier of the two heads. Timers set a fixed time ahead (a client's request timeout,
 * every request) then stay out of the heap, which keeps only what is due soon.
 */
export class Agenda {
  private capacity = 1024;
  private atOf = new Float64Array(this.capacity);
  private seqOf = new Float64Array(this.capacity);
  private fnOf: ((() => void) | null)[] = new Array<(() => void) | null>(this.capacity).fill(null);
  private targetOf: (Deferrable | null)[] = new Array<Deferrable | null>(this.capacity).fill(null);
  private aOf: unknown[] = new Array<unknown>(this.capacity).fill(undefined);
  private bOf: unknown[] = new Array<unknown>(this.capacity).fill(undefined);
  private cOf: unknown[] = new Array<unknown>(this.capacity).fill(undefined);
  private dOf: unknown[] = new Array<unknown>(this.capacity).fill(undefined);
  /** Slot numbers in heap order. */
  private heap = new Int32Array(this.capacity);
  private length = 0;
  /** Free slots, a stack. */
  private free = new Int32Array(this.capacity);
  private freeCount = 0;
  /** The in-order queue: a ring of slot numbers. */
  private queue = new Int32Array(this.capacity);
  private queueHead = 0;
  private queueLength = 0;
  private queueLastAt = -Infinity;
  private used = 0;
  private seq = 0;

  /** Schedules fn at time at; returns the action's sequence number. */
  push(at: number, fn: () => void): number {
    const slot = this.slot(at);
    this.fnOf[slot] = fn;
    this.enqueue(slot, at);
    return this.seqOf[slot] as number;
  }

  /** Schedules target.runDeferred(a, b, c, d) at time at; returns the action's sequence number. */
  defer(at: number, target: Deferrable, a: unknown, b: unknown, c: unknown, d: unknown): number {
    const slot = this.slot(at);
    this.targetOf[slot] = target;
    this.aOf[slot] = a;
    this.bOf[slot] = b;
    this.cOf[slot] = c;
    this.dOf[slot] = d;
    this.enqueue(slot, at);
    return this.seqOf[slot] as number;
  }

  /** Removes the earliest action and runs it (false when there is none). */
  runNext(): boolean {
    let slot: number;
    if (this.queueLength > 0 && (this.length === 0 || this.before(this.queue[this.queueHead] as number, this.heap[0] as number))) {
      slot = this.queue[this.queueHead] as number;
      this.queueHead = this.queueHead + 1 === this.queue.length ? 0 : this.queueHead + 1;
      this.queueLength -= 1;
    } else if (this.length > 0) {
      const h = this.heap;
      slot = h[0] as number;
      const last = h[--this.length] as number;
      if (this.length > 0) this.siftDown(last);
    } else {
      return false;
    }
    const fn = this.fnOf[slot];
    const target = this.targetOf[slot];
    const a = this.aOf[slot];
    const b = this.bOf[slot];
    const c = this.cOf[slot];
    const d = this.dOf[slot];
    this.fnOf[slot] = null;
    this.targetOf[slot] = null;
    this.aOf[slot] = undefined;
    this.bOf[slot] = undefined;
    this.cOf[slot] = undefined;
    this.dOf[slot] = undefined;
    this.free[this.freeCount++] = slot;
    if (target !== null && target !== undefined) target.runDeferred(a, b, c, d);
    else if (fn) fn();
    return true;
  }

  get size(): number {
    return this.length + this.queueLength;
  }

  peekAt(): number | undefined {
    if (this.queueLength === 0) return this.length === 0 ? undefined : this.atOf[this.heap[0] as number];
    const q = this.atOf[this.queue[this.queueHead] as number] as number;
    return this.length === 0 ? q : Math.min(q, this.atOf[this.heap[0] as number] as number);
  }

  private enqueue(slot: number, at: number): void {
    if (this.queueLength > 0 && at < this.queueLastAt) {
      this.insert(slot);
      return;
    }
    this.queue[(this.queueHead + this.queueLength) % this.queue.length] = slot;
    this.queueLength += 1;
    this.queueLastAt = at;
  }

  private slot(at: number): number {
    let slot: number;
    if (this.freeCount > 0) slot = this.free[--this.freeCount] as number;
    else {
      if (this.used === this.capacity) this.grow();
      slot = this.used++;
    }
    this.atOf[slot] = at;
    this.seqOf[slot] = this.seq++;
    return slot;
  }

  private grow(): void {
    const cap = this.capacity * 2;
    const widen = (a: Float64Array): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    this.atOf = widen(this.atOf);
    this.seqOf = widen(this.seqOf);
    const heap = new Int32Array(cap);
    heap.set(this.heap);
    this.heap = heap;
    const free = new Int32Array(cap);
    free.set(this.free);
    this.free = free;
    // The ring, unrolled from its head into the larger one.
    const queue = new Int32Array(cap);
    for (let i = 0; i < this.queueLength; i++) queue[i] = this.queue[(this.queueHead + i) % this.queue.length] as number;
    this.queue = queue;
    this.queueHead = 0;
    for (let i = this.capacity; i < cap; i++) {
      this.fnOf.push(null);
      this.targetOf.push(null);
      this.aOf.push(undefined);
      this.bOf.push(undefined);
      this.cOf.push(undefined);
      this.dOf.push(undefined);
    }
    this.capacity = cap;
  }

  /** Whether slot x comes before slot y. */
  private before(x: number, y: number): boolean {
    const ax = this.atOf[x] as number;
    const ay = this.atOf[y] as number;
    return ax < ay || (ax === ay && (this.seqOf[x] as number) < (this.seqOf[y] as number));
  }

  private insert(slot: number): void {
    const h = this.heap;
    let i = this.length++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p] as number;
      if (!this.before(slot, parent)) break;
      h[i] = parent;
      i = p;
    }
    h[i] = slot;
  }

  /** Places slot, which replaces the root, where it belongs. */
  private siftDown(slot: number): void {
    const h = this.heap;
    const n = this.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let m = h[l] as number;
      let mi = l;
      if (r < n && this.before(h[r] as number, m)) {
        m = h[r] as number;
        mi = r;
      }
      if (!this.before(m, slot)) break;
      h[i] = m;
      i = mi;
    }
    h[i] = slot;
  }
}

/** A replica as the simulator hosts it: one incarnation of its process. */
class SimReplica implements Deferrable {
  paused = false;
  /** Work that arrived while paused, in arrival order: timers first on resume, like an event loop. */
  readonly heldTimers: (() => void)[] = [];
  readonly inbox: (() => void)[] = [];
  /** The pending timer of each name, by token: a timer set again or cancelled no longer matches. */
  private readonly timers = new Map<string, number>();
  private nextToken = 0;

  constructor(
    private readonly sim: Simulation,
    readonly id: number,
    readonly core: ReplicaNode,
    readonly incarnation: number,
  ) {}

  setTimer(agenda: Agenda, name: string, atMs: number | null): void {
    if (atMs === null) {
      this.timers.delete(name);
      return;
    }
    const token = ++this.nextToken;
    this.timers.set(name, token);
    agenda.defer(atMs, this, name, token, undefined, undefined);
  }

  runDeferred(name: unknown, token: unknown): void {
    if (this.timers.get(name as string) !== token) return;
    this.timers.delete(name as string);
    this.sim.timerDue(this, name as string);
  }
}

export interface SimResult {
  events: RunEvent[];
  engine: Engine;
  /** Virtual time at the end of the run. */
  endMs: number;
}

/** A safety bound: a simulation never runs longer than this many virtual ms past its workload. */
const MAX_OVERRUN_MS = 600_000;

/**
 * The event log of a run played to its end at once (`simulate`): every event is kept, so the
 * log is written into slots allocated ahead, in steps that double, and cut to its length at the
 * end. Growing by push costs V8 several times more per event (a copy of the whole log at each
 * step of 1.5x, every copied slot remembered for the next scavenge) and the log is the
 * simulator's largest cost. The array handed out is an ordinary array of exactly the events.
 */
class PresizedLog {
  private slots: RunEvent[];
  private count = 0;
  /** Handed out: from then on the array is the log, and it grows by appending. */
  private taken = false;

  constructor(expected: number) {
    this.slots = new Array<RunEvent>(Math.max(1024, Math.min(expected, 1 << 22)));
  }

  push(e: RunEvent): void {
    if (this.count === this.slots.length) this.widen();
    this.slots[this.count++] = e;
  }

  private widen(): void {
    if (this.taken) return; // writing at index length appends
    const slots = this.slots;
    const wider = new Array<RunEvent>(slots.length * 2);
    for (let i = 0; i < slots.length; i++) wider[i] = slots[i] as RunEvent;
    this.slots = wider;
  }

  /** The events so far, as one array of exactly them; later events are appended to it. */
  take(): RunEvent[] {
    if (!this.taken) {
      this.slots.length = this.count;
      this.taken = true;
    }
    return this.slots;
  }
}

/** Events a run is expected to log, to size its log: about 24 a request (PBFT logs more; the log then grows). */
function expectedEvents(s: Scenario): number {
  return Math.ceil((s.workload.ratePerSecond * s.workload.durationMs) / 1000) * 24 + 256;
}

/**
 * A simulation that can be stepped: run to the end at once (`simulate`), or advanced in
 * step with the wall clock by a live driver that also injects faults as a student clicks.
 */
export class Simulation {
  readonly engine: Engine;
  /** The log: an array that grows by push (live runs), or presized slots (`simulate`). */
  private readonly liveEvents: RunEvent[] | null;
  private readonly log: PresizedLog | null;
  private readonly agenda = new Agenda();
  private now = 0;
  private readonly replicas = new Map<number, SimReplica>();
  /** Incarnations only grow, so a restarted replica never receives its predecessor's timers. */
  private readonly incarnations = new Map<number, number>();
  private quiescent = false;
  private readonly limitMs: number;
  /** Step mode (the scenario's `stepping`, or a step session): holds messages and applies choices. */
  readonly stepper: Stepper | null = null;

  /**
   * onEvent sees every event as it is logged. keep: how the log is kept in memory: 'grow'
   * (an array that grows by push, for live runs), 'presized' (the run is meant to be read
   * once it has ended, `simulate`: presized slots until `events` is first read), or 'none'
   * (the events go to onEvent alone, `simulateStream`: memory does not grow with the log).
   */
  constructor(
    readonly scenario: Scenario,
    onEvent?: (e: RunEvent) => void,
    keep: 'grow' | 'presized' | 'none' = 'grow',
    /** A step session: its choices arrive one by one (Stepper.choose) instead of with the scenario. */
    stepSession = false,
  ) {
    this.limitMs = scenario.workload.durationMs + MAX_OVERRUN_MS;
    const agenda = this.agenda;
    const host: Host = {
      now: () => this.now,
      schedule: (at, fn) => agenda.push(Math.max(at, this.now), fn),
      // In step mode the engine's deliveries go through the stepper, which may hold them.
      defer: scenario.stepping
        ? (at, target, a, b, c, d) => {
            if (this.stepper !== null && target === this.engine) this.stepper.deferDelivery(at, a as number, b as Address, c as Address, d as Message);
            else agenda.defer(Math.max(at, this.now), target, a, b, c, d);
          }
        : (at, target, a, b, c, d) => void agenda.defer(Math.max(at, this.now), target, a, b, c, d),
      startReplica: (id, recovering) => this.startReplica(id, recovering),
      killReplica: (id) => {
        if (!this.replicas.delete(id)) return;
        this.engine.emit({ type: 'process', replica: id, status: 'crashed', pid: null, detail: 'killed' });
      },
      pauseReplica: (id) => {
        const r = this.replicas.get(id);
        if (!r) return;
        r.paused = true;
        this.engine.emit({ type: 'process', replica: id, status: 'paused', pid: null, detail: 'stopped (simulated SIGSTOP)' });
      },
      resumeReplica: (id) => {
        const r = this.replicas.get(id);
        if (!r) return;
        r.paused = false;
        this.engine.emit({ type: 'process', replica: id, status: 'resumed', pid: null, detail: 'continued (simulated SIGCONT)' });
        for (const w of [...r.heldTimers.splice(0), ...r.inbox.splice(0)]) w();
      },
      setBehavior: (id, behavior: Behavior | null) => this.replicas.get(id)?.core.setBehavior(behavior),
      deliverToReplica: (id, from: Address, msg: Message) => {
        const r = this.replicas.get(id);
        if (!r) return;
        if (r.paused) r.inbox.push(() => this.deliverNow(id, from, msg));
        else this.deliverNow(id, from, msg);
      },
    };
    let record: (e: RunEvent) => void;
    if (keep === 'none') {
      this.log = null;
      this.liveEvents = null;
      record = () => {};
    } else if (keep === 'presized') {
      const log = new PresizedLog(expectedEvents(scenario));
      this.log = log;
      this.liveEvents = null;
      record = (e) => log.push(e);
    } else {
      const events: RunEvent[] = [];
      this.log = null;
      this.liveEvents = events;
      record = (e) => void events.push(e);
    }
    if (onEvent && keep === 'none') {
      record = onEvent;
    } else if (onEvent) {
      const kept = record;
      record = (e) => {
        kept(e);
        onEvent(e);
      };
    }
    this.engine = new Engine(scenario, 'sim', host, record);
    this.engine.onQuiescent = () => {
      this.quiescent = true;
    };
    if (scenario.stepping) {
      this.stepper = new Stepper(
        scenario.stepping,
        this.engine,
        {
          now: () => this.now,
          setNow: (t) => void (this.now = Math.max(this.now, t)),
          runTo: (t) => this.runTo(t),
          over: () => this.quiescent || this.now > this.limitMs,
          defer: (at, target, a, b, c, d) => void agenda.defer(Math.max(at, this.now), target, a, b, c, d),
        },
        stepSession,
      );
    }
  }

  /** The event log: the same array throughout the run, growing as the run goes on (empty when not kept). */
  get events(): RunEvent[] {
    if (this.liveEvents) return this.liveEvents;
    return this.log ? this.log.take() : [];
  }

  /** Virtual time now, in ms since the run's start. */
  get timeMs(): number {
    return this.now;
  }

  /** True once the workload is done and the system has settled, or time ran out. */
  get done(): boolean {
    return this.quiescent || this.now > this.limitMs || (this.agenda.size === 0 && !(this.stepper?.waiting ?? false));
  }

  start(): void {
    this.engine.start();
  }

  private startReplica(id: number, recovering: boolean): void {
    const incarnation = (this.incarnations.get(id) ?? 0) + 1;
    this.incarnations.set(id, incarnation);
    const r = new SimReplica(this, id, createReplica(id, this.engine.config, recovering), incarnation);
    this.replicas.set(id, r);
    this.engine.emit({ type: 'process', replica: id, status: 'started', pid: null, detail: recovering ? 'recovering' : 'fresh' });
    this.afterStep(id, r, r.core.start(this.now));
  }

  private deliverNow(id: number, from: Address, msg: Message): void {
    const r = this.replicas.get(id);
    if (!r) return;
    this.afterStep(id, r, r.core.onMessage(from, msg, this.now));
  }

  /** A replica's timer came due (its incarnation's, never a predecessor's). */
  timerDue(r: SimReplica, name: string): void {
    if (this.replicas.get(r.id) !== r) return;
    if (r.paused) r.heldTimers.push(() => this.runTimer(r.id, name));
    else this.runTimer(r.id, name);
  }

  private runTimer(id: number, name: string): void {
    const r = this.replicas.get(id);
    if (!r) return;
    this.afterStep(id, r, r.core.onTimer(name, this.now));
  }

  /** Sets the timers a replica's step asked for and hands its output to the engine. */
  private afterStep(id: number, r: SimReplica, out: Output): void {
    const timers = out.timers;
    for (let i = 0; i < timers.length; i++) {
      const t = timers[i] as TimerRequest;
      r.setTimer(this.agenda, t.name, t.afterMs === null ? null : this.now + t.afterMs);
    }
    this.engine.onReplicaOutput(id, out);
  }

  /** Processes everything scheduled up to virtual time untilMs (or to the end); in step mode, through the stepper. */
  advanceTo(untilMs = Infinity): void {
    if (this.stepper !== null) this.stepper.advanceTo(untilMs);
    else this.runTo(untilMs);
  }

  private runTo(untilMs: number): void {
    const agenda = this.agenda;
    while (!this.done) {
      const next = agenda.peekAt();
      if (next === undefined || next > untilMs) break;
      if (next > this.now) this.now = next;
      if (this.now > this.limitMs) break;
      agenda.runNext();
    }
    if (untilMs !== Infinity && !this.done) this.now = Math.max(this.now, untilMs);
  }

  /** Reads final states and writes the end of the log. */
  finish(reason?: 'completed' | 'stopped'): void {
    const finals = [];
    for (let id = 1; id <= this.scenario.replicas; id++) {
      const r = this.replicas.get(id);
      const f = r ? r.core.finalState() : { stateHash: null, applied: 0 };
      finals.push({ replica: id, stateHash: f.stateHash, applied: f.applied });
    }
    this.engine.finish(finals, [], reason ?? (this.quiescent ? 'completed' : 'stopped'));
  }
}

/** Runs a scenario to its end in virtual time. */
export function simulate(scenario: Scenario, options: { onEvent?: (e: RunEvent) => void } = {}): SimResult {
  const sim = new Simulation(scenario, options.onEvent, 'presized');
  sim.start();
  sim.advanceTo();
  sim.finish();
  return { events: sim.events, engine: sim.engine, endMs: sim.timeMs };
}

/**
 * Runs a scenario to its end in virtual time without keeping its log: every event goes to
 * onEvent (to be written to disk and folded by the analysis as it passes), so the memory a
 * run takes does not grow with its length. The same run as `simulate`, event for event.
 */
export function simulateStream(scenario: Scenario, onEvent: (e: RunEvent) => void): { eventCount: number; endMs: number } {
  let eventCount = 0;
  const sim = new Simulation(scenario, (e) => {
    eventCount += 1;
    onEvent(e);
  }, 'none');
  sim.start();
  sim.advanceTo();
  sim.finish();
  return { eventCount, endMs: sim.timeMs };
}
