/**
 * The network model: which messages a partition cuts, which an omission drops, how long
 * each takes and whether it is duplicated. It is pure given its Rng, and it is the one
 * model both drivers use: the simulator schedules its deliveries in virtual time, the
 * real relay in the parent process with real timers.
 */
import type { DropReason } from '../events.js';
import type { Fault, PartitionMember } from '../scenario.js';
import type { FaultKind } from '../faults.js';
import type { Rng } from '../rng.js';
import type { Address } from '../protocol/types.js';
import { replicaIdOf } from '../protocol/types.js';

/** A message is dropped, or delivered after delayMs (and once more after duplicateMs). */
export type Route = { drop: DropReason } | { delayMs: number; duplicateMs: number | null };

interface Timed {
  untilMs: number;
}
interface Omission extends Timed {
  probability: number;
  direction: 'send' | 'receive' | 'both';
}
interface Delay extends Timed {
  ms: number;
  jitterMs: number;
}
interface Duplicate extends Timed {
  probability: number;
}
interface Reorder extends Timed {
  windowMs: number;
}

/** Group index for listed endpoints; -1 for endpoints no group lists. */
type Groups = Map<string, number>;

/**
 * Where each fault kind is applied: by the network model (the relay, in real mode), to a
 * replica's process, or to a trusted helper of the front end (the sequencer, the arbiter).
 * A record over every kind, so a new kind must say where it acts.
 */
const APPLIED_AT = {
  crash: 'process',
  restart: 'process',
  pause: 'process',
  resume: 'process',
  byzantine: 'process',
  partition: 'network',
  heal: 'network',
  omission: 'network',
  delay: 'network',
  duplicate: 'network',
  reorder: 'network',
  sequencer: 'helper',
  arbiter: 'helper',
} as const satisfies Record<FaultKind, 'network' | 'process' | 'helper'>;

type NetworkKind = { [K in FaultKind]: (typeof APPLIED_AT)[K] extends 'network' ? K : never }[FaultKind];
export type NetworkFault = Extract<Fault, { type: NetworkKind }>;

export function isNetworkFault(f: Fault): f is NetworkFault {
  return APPLIED_AT[f.type] === 'network';
}

export type HelperFault = Extract<Fault, { type: 'sequencer' | 'arbiter' }>;

export function isHelperFault(f: Fault): f is HelperFault {
  return APPLIED_AT[f.type] === 'helper';
}

/** Reached only if a network fault kind has no case above; its argument then fails to be `never`. */
export function unapplied(f: never): never {
  throw new Error(`no way to apply fault ${JSON.stringify(f)}`);
}

export class NetworkModel {
  private groups: Groups | null = null;
  /** Replicas the arbiter is cut off from (an arbiter partition), or null. */
  private arbiterCut: ReadonlySet<number> | null = null;
  private readonly omission = new Map<number, Omission>();
  private readonly delay = new Map<number, Delay>();
  private readonly duplicate = new Map<number, Duplicate>();
  private readonly reorder = new Map<number, Reorder>();

  constructor(
    private readonly delayRangeMs: readonly [number, number],
    private readonly clients: number,
  ) {}

  apply(fault: NetworkFault): void {
    const until = 'untilMs' in fault && fault.untilMs !== undefined ? fault.untilMs : Infinity;
    switch (fault.type) {
      case 'partition':
        this.groups = this.groupsOf(fault.groups);
        break;
      case 'heal':
        this.groups = null;
        break;
      case 'omission':
        this.omission.set(fault.replica, { probability: fault.probability, direction: fault.direction, untilMs: until });
        break;
      case 'delay':
        this.delay.set(fault.replica, { ms: fault.ms, jitterMs: fault.jitterMs, untilMs: until });
        break;
      case 'duplicate':
        this.duplicate.set(fault.replica, { probability: fault.probability, untilMs: until });
        break;
      case 'reorder':
        this.reorder.set(fault.replica, { windowMs: fault.windowMs, untilMs: until });
        break;
      default:
        unapplied(fault);
    }
  }

  private groupsOf(groups: PartitionMember[][]): Groups {
    const map: Groups = new Map();
    groups.forEach((g, i) => {
      for (const m of g) {
        if (typeof m === 'number') map.set(`r${m}`, i);
        else if (m === 'clients') {
          for (let c = 1; c <= this.clients; c++) map.set(`c${c}`, i);
          map.set('sequencer', i);
        } else map.set(`c${m.slice(7)}`, i);
      }
    });
    return map;
  }

  get partitioned(): boolean {
    return this.groups !== null;
  }

  /** Cuts the arbiter off from these replicas (both ways), or reconnects it (null). */
  cutArbiter(replicas: readonly number[] | null): void {
    this.arbiterCut = replicas === null || replicas.length === 0 ? null : new Set(replicas);
  }

  /**
   * Whether a partition lets from reach to. A partition of the replicas leaves the arbiter
   * reachable from everywhere; only an arbiter partition cuts it off, from the replicas it lists.
   */
  canReach(from: Address, to: Address): boolean {
    if (from === 'arbiter' || to === 'arbiter') {
      const cut = this.arbiterCut;
      if (cut === null) return true;
      const other = replicaIdOf(from === 'arbiter' ? to : from);
      return other === null || !cut.has(other);
    }
    const g = this.groups;
    if (!g) return true;
    const fromReplica = replicaIdOf(from) !== null;
    const toReplica = replicaIdOf(to) !== null;
    if (!fromReplica && !toReplica) return true; // the front end is one machine
    const gf = g.get(from) ?? -1;
    const gt = g.get(to) ?? -1;
    if (fromReplica && toReplica) return gf === gt;
    // Between the front end and a replica: an unlisted client or sequencer reaches every replica.
    const frontGroup = fromReplica ? gt : gf;
    return frontGroup === -1 || gf === gt;
  }

  private active<T extends Timed>(table: Map<number, T>, address: Address, now: number): T | undefined {
    const id = replicaIdOf(address);
    if (id === null) return undefined;
    const entry = table.get(id);
    if (entry && entry.untilMs <= now) {
      table.delete(id);
      return undefined;
    }
    return entry;
  }

  private sampleDelay(from: Address, to: Address, now: number, rng: Rng): number {
    const base = rng.int(this.delayRangeMs[0], this.delayRangeMs[1]);
    return base + this.extraDelay(from, now, rng) + this.extraDelay(to, now, rng);
  }

  /** Delay and reorder faults on one end of a message (the sender's first, then the receiver's). */
  private extraDelay(end: Address, now: number, rng: Rng): number {
    if (this.delay.size === 0 && this.reorder.size === 0) return 0;
    let ms = 0;
    const d = this.active(this.delay, end, now);
    if (d) ms += d.ms + (d.jitterMs > 0 ? rng.int(0, d.jitterMs) : 0);
    const r = this.active(this.reorder, end, now);
    if (r) ms += rng.int(0, r.windowMs);
    return ms;
  }

  /**
   * The delay of a message when no network fault is in force (no partition, and no
   * omission, delay, duplicate or reorder entry, even an expired one): the same draw route
   * would make, without building a Route. Null otherwise: then ask route.
   */
  quietDelay(rng: Rng): number | null {
    if (this.groups !== null || this.arbiterCut !== null || this.omission.size > 0 || this.delay.size > 0 || this.reorder.size > 0 || this.duplicate.size > 0) return null;
    return rng.int(this.delayRangeMs[0], this.delayRangeMs[1]);
  }

  /** Decides the fate of one message sent at now. */
  route(from: Address, to: Address, now: number, rng: Rng): Route {
    if (!this.canReach(from, to)) return { drop: 'partition' };
    if (this.omission.size > 0) {
      const so = this.active(this.omission, from, now);
      if (so && so.direction !== 'receive' && rng.chance(so.probability)) return { drop: 'omission-send' };
      const ro = this.active(this.omission, to, now);
      if (ro && ro.direction !== 'send' && rng.chance(ro.probability)) return { drop: 'omission-receive' };
    }
    const delayMs = this.sampleDelay(from, to, now, rng);
    const dup = this.duplicate.size === 0 ? undefined : (this.active(this.duplicate, from, now) ?? this.active(this.duplicate, to, now));
    const duplicateMs = dup && rng.chance(dup.probability) ? this.sampleDelay(from, to, now, rng) : null;
    return { delayMs, duplicateMs };
  }
}
