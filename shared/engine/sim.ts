/**
 * The simulator: the engine and every replica core in one thread, in virtual time. A run
 * is a pure function of (scenario, seed): the same inputs give a byte-identical event log.
 * Ties in time are broken by scheduling order, never by anything outside the run.
 */
import type { Behavior, Scenario } from '../scenario.js';
import type { RunEvent } from '../events.js';
import { PbReplica } from '../protocol/pb.js';
import { SmrReplica } from '../protocol/smr.js';
import type { Address, Message, Output, ProtocolConfig, ReplicaNode } from '../protocol/types.js';
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
}

function before(a: { at: number; seq: number }, b: { at: number; seq: number }): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/** Creates the replica core for a scheme: the only place a scheme picks its replica. */
export function createReplica(id: number, config: ProtocolConfig, recovering: boolean): ReplicaNode {
  return config.scheme === 'state-machine' ? new SmrReplica(id, config, { recovering }) : new PbReplica(id, config, { recovering });
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

export function simulate(scenario: Scenario, options: { onEvent?: (e: RunEvent) => void } = {}): SimResult {
  const agenda = new Agenda();
  let now = 0;
  const events: RunEvent[] = [];
  const replicas = new Map<number, SimReplica>();
  const timers = new NamedTimers((at, fn) => agenda.push(at, fn));
  let engine: Engine | null = null;

  const run = (id: number, step: (core: ReplicaNode) => Output): void => {
    const r = replicas.get(id);
    if (!r || !engine) return;
    const out = step(r.core);
    const incarnation = r.incarnation;
    for (const t of out.timers) {
      timers.set(`${id}#${incarnation}/${t.name}`, t.afterMs === null ? null : now + t.afterMs, () => {
        const cur = replicas.get(id);
        if (!cur || cur.incarnation !== incarnation) return;
        const fire = (): void => run(id, (c) => c.onTimer(t.name, now));
        if (cur.paused) cur.heldTimers.push(fire);
        else fire();
      });
    }
    engine.onReplicaOutput(id, out);
  };

  /** Incarnations only grow, so a restarted replica never receives its predecessor's timers. */
  const incarnations = new Map<number, number>();

  const host: Host = {
    now: () => now,
    schedule: (at, fn) => agenda.push(Math.max(at, now), fn),
    startReplica(id, recovering) {
      if (!engine) return;
      const incarnation = (incarnations.get(id) ?? 0) + 1;
      incarnations.set(id, incarnation);
      replicas.set(id, { core: createReplica(id, engine.config, recovering), incarnation, paused: false, heldTimers: [], inbox: [] });
      engine.emit({ type: 'process', replica: id, status: 'started', pid: null, detail: recovering ? 'recovering' : 'fresh' });
      run(id, (c) => c.start(now));
    },
    killReplica(id) {
      if (!replicas.delete(id)) return;
      engine?.emit({ type: 'process', replica: id, status: 'crashed', pid: null, detail: 'killed' });
    },
    pauseReplica(id) {
      const r = replicas.get(id);
      if (!r) return;
      r.paused = true;
      engine?.emit({ type: 'process', replica: id, status: 'paused', pid: null, detail: 'stopped (simulated SIGSTOP)' });
    },
    resumeReplica(id) {
      const r = replicas.get(id);
      if (!r) return;
      r.paused = false;
      engine?.emit({ type: 'process', replica: id, status: 'resumed', pid: null, detail: 'continued (simulated SIGCONT)' });
      const work = [...r.heldTimers.splice(0), ...r.inbox.splice(0)];
      for (const w of work) w();
    },
    setBehavior(id, behavior: Behavior | null) {
      replicas.get(id)?.core.setBehavior(behavior);
    },
    deliverToReplica(id, from: Address, msg: Message) {
      const r = replicas.get(id);
      if (!r) return;
      const handle = (): void => run(id, (c) => c.onMessage(from, msg, now));
      if (r.paused) r.inbox.push(handle);
      else handle();
    },
  };

  engine = new Engine(scenario, 'sim', host, (e) => {
    events.push(e);
    options.onEvent?.(e);
  });
  let quiescent = false;
  engine.onQuiescent = () => {
    quiescent = true;
  };
  engine.start();
  const limit = scenario.workload.durationMs + MAX_OVERRUN_MS;
  while (!quiescent) {
    const next = agenda.pop();
    if (!next) break;
    now = Math.max(now, next.at);
    if (now > limit) break;
    next.fn();
  }
  const finals = [];
  for (let id = 1; id <= scenario.replicas; id++) {
    const r = replicas.get(id);
    const f = r ? r.core.finalState() : { stateHash: null, applied: 0 };
    finals.push({ replica: id, stateHash: f.stateHash, applied: f.applied });
  }
  engine.finish(finals, [], quiescent ? 'completed' : 'stopped');
  return { events, engine, endMs: now };
}
