/**
 * The simulator: the engine and every replica core in one thread, in virtual time. A run
 * is a pure function of (scenario, seed): the same inputs give a byte-identical event log.
 * Ties in time are broken by scheduling order, never by anything outside the run.
 */
import type { Behavior, Scenario } from '../scenario.js';
import type { RunEvent } from '../events.js';
import { createReplica } from '../protocol/replica.js';
import type { Address, Message, Output, ReplicaNode } from '../protocol/types.js';
import { Engine } from './engine.js';
import type { Host } from './engine.js';
import { NamedTimers } from './timers.js';

/** A binary min-heap of scheduled actions ordered by (time, insertion order). */
class Agenda {
  private readonly heap: { at: number; seq: number; fn: () => void }[] = [];
  private seq = 0;

  push(at: number, fn: () => void): void {
    const h = this.heap;
    h.push({ at, seq: this.seq++, fn });
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  pop(): { at: number; fn: () => void } | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (!top || !last || h.length === 0) return top;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l]!, h[m]!)) m = l;
      if (r < h.length && before(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
    return top;
  }

  get size(): number {
    return this.heap.length;
  }

  peekAt(): number | undefined {
    return this.heap[0]?.at;
  }
}

function before(a: { at: number; seq: number }, b: { at: number; seq: number }): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

interface SimReplica {
  core: ReplicaNode;
  incarnation: number;
  paused: boolean;
  /** Work that arrived while paused, in arrival order: timers first on resume, like an event loop. */
  heldTimers: (() => void)[];
  inbox: (() => void)[];
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
 * A simulation that can be stepped: run to the end at once (`simulate`), or advanced in
 * step with the wall clock by a live driver that also injects faults as a student clicks.
 */
export class Simulation {
  readonly engine: Engine;
  readonly events: RunEvent[] = [];
  private readonly agenda = new Agenda();
  private now = 0;
  private readonly replicas = new Map<number, SimReplica>();
  /** Incarnations only grow, so a restarted replica never receives its predecessor's timers. */
  private readonly incarnations = new Map<number, number>();
  private readonly timers: NamedTimers;
  private quiescent = false;
  private readonly limitMs: number;

  constructor(
    readonly scenario: Scenario,
    onEvent?: (e: RunEvent) => void,
  ) {
    this.timers = new NamedTimers({ schedule: (at, fn) => this.agenda.push(at, fn) });
    this.limitMs = scenario.workload.durationMs + MAX_OVERRUN_MS;
    const host: Host = {
      now: () => this.now,
      schedule: (at, fn) => this.agenda.push(Math.max(at, this.now), fn),
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
        const handle = (): void => this.run(id, (c) => c.onMessage(from, msg, this.now));
        if (r.paused) r.inbox.push(handle);
        else handle();
      },
    };
    this.engine = new Engine(scenario, 'sim', host, (e) => {
      this.events.push(e);
      onEvent?.(e);
    });
    this.engine.onQuiescent = () => {
      this.quiescent = true;
    };
  }

  /** Virtual time now, in ms since the run's start. */
  get timeMs(): number {
    return this.now;
  }

  /** True once the workload is done and the system has settled, or time ran out. */
  get done(): boolean {
    return this.quiescent || this.now > this.limitMs || this.agenda.size === 0;
  }

  start(): void {
    this.engine.start();
  }

  private startReplica(id: number, recovering: boolean): void {
    const incarnation = (this.incarnations.get(id) ?? 0) + 1;
    this.incarnations.set(id, incarnation);
    this.replicas.set(id, { core: createReplica(id, this.engine.config, recovering), incarnation, paused: false, heldTimers: [], inbox: [] });
    this.engine.emit({ type: 'process', replica: id, status: 'started', pid: null, detail: recovering ? 'recovering' : 'fresh' });
    this.run(id, (c) => c.start(this.now));
  }

  private run(id: number, step: (core: ReplicaNode) => Output): void {
    const r = this.replicas.get(id);
    if (!r) return;
    const out = step(r.core);
    const incarnation = r.incarnation;
    for (const t of out.timers) {
      this.timers.set(`${id}#${incarnation}/${t.name}`, t.afterMs === null ? null : this.now + t.afterMs, () => {
        const cur = this.replicas.get(id);
        if (!cur || cur.incarnation !== incarnation) return;
        const fire = (): void => this.run(id, (c) => c.onTimer(t.name, this.now));
        if (cur.paused) cur.heldTimers.push(fire);
        else fire();
      });
    }
    this.engine.onReplicaOutput(id, out);
  }

  /** Processes everything scheduled up to virtual time untilMs (or to the end). */
  advanceTo(untilMs = Infinity): void {
    while (!this.done) {
      const next = this.agenda.peekAt();
      if (next === undefined || next > untilMs) break;
      const item = this.agenda.pop();
      if (!item) break;
      this.now = Math.max(this.now, item.at);
      if (this.now > this.limitMs) break;
      item.fn();
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
  const sim = new Simulation(scenario, options.onEvent);
  sim.start();
  sim.advanceTo();
  sim.finish();
  return { events: sim.events, engine: sim.engine, endMs: sim.timeMs };
}
