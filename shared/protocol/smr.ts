/**
 * State-machine replication: a sequencer (in the trusted front end) puts requests in
 * one total order and broadcasts them; every replica executes them in that order and
 * replies to the client, whose voter decides. Replicas recover after a restart by
 * taking a snapshot that k+1 peers agree on (arbitrary) or any one peer (fail-stop).
 */
import type { Json } from '../json.js';
import type { Behavior } from '../scenario.js';
import type { Op, Service, ServiceState } from '../services.js';
import { cloneState, getService, stateHash } from '../services.js';
import { ByzantineFilter } from './byzantine.js';
import { DedupTable } from './dedup.js';
import type { Address, Message, Output, ProtocolConfig, ProtocolNode, ReplicaNode, Snapshot } from './types.js';
import { clientAddress, emptyOutput, replicaAddress, replicaIdOf, voteThreshold } from './types.js';

interface Entry {
  seq: number;
  client: number;
  req: number;
  op: Op;
}

/** At most this many entries are resent for one fetch, so a fetch cannot flood the network. */
const MAX_FETCH = 256;
/** At most this many out-of-order entries are buffered by a replica. */
const MAX_PENDING = 10_000;
/** Replies kept for answering retries of already executed requests. */
const REPLY_CACHE = 4096;

/** The trusted sequencer: assigns each (client, request) one sequence number, once. */
export class Sequencer implements ProtocolNode {
  readonly address = 'sequencer' as const;
  private readonly log: Entry[] = [];
  /** Each (client, request)'s sequence number: a table keyed as requestKey, one entry per request. */
  /** Sequence numbers ordered while equivocating: every copy of them is told differently per replica. */
  private readonly equivocated = new Set<number>();
  private equivocating = false;
  private readonly byRequest = new DedupTable();
  private lastWatermark = 0;

  constructor(private readonly config: ProtocolConfig) {}

  start(): Output {
    return { ...emptyOutput(), timers: [{ name: 'watermark', afterMs: this.config.heartbeatMs }] };
  }

  /** A faulty sequencer: from now on (or no longer) it gives each replica a different request under one sequence number. */
  setEquivocating(on: boolean): void {
    this.equivocating = on;
  }

  private broadcast(out: Output, msg: Message): void {
    for (let r = 1; r <= this.config.n; r++) out.sends.push({ to: replicaAddress(r), msg });
  }

  /** An entry as replica r is told it: the truth, unless it was ordered while equivocating (then replica 1 alone gets the truth). */
  private told(entry: Entry, r: number): Message {
    if (r === 1 || this.equivocated.size === 0 || !this.equivocated.has(entry.seq)) return { kind: 'ordered', ...entry };
    return { kind: 'ordered', ...entry, op: getService(this.config.service).corrupt(entry.op, r) };
  }

  private broadcastEntry(out: Output, entry: Entry): void {
    if (this.equivocated.size === 0 || !this.equivocated.has(entry.seq)) {
      this.broadcast(out, { kind: 'ordered', ...entry });
      return;
    }
    for (let r = 1; r <= this.config.n; r++) out.sends.push({ to: replicaAddress(r), msg: this.told(entry, r) });
  }

  onMessage(from: Address, msg: Message): Output {
    const out = emptyOutput();
    if (msg.kind === 'request') {
      const known = this.byRequest.get(msg.client, msg.req) as number | undefined;
      if (known !== undefined) {
        // A retry: the request keeps its place in the order; resend it so laggards catch up.
        const e = this.log[known - 1];
        if (e) this.broadcastEntry(out, e);
        return out;
      }
      const entry: Entry = { seq: this.log.length + 1, client: msg.client, req: msg.req, op: msg.op };
      this.log.push(entry);
      if (this.equivocating) this.equivocated.add(entry.seq);
      this.byRequest.set(msg.client, msg.req, entry.seq);
      out.events.push({ type: 'order', seq: entry.seq, client: entry.client, req: entry.req });
      this.broadcastEntry(out, entry);
    } else if (msg.kind === 'fetch' && replicaIdOf(from) !== null) {
      const last = Math.min(msg.toSeq, this.log.length, msg.fromSeq + MAX_FETCH - 1);
      for (let s = Math.max(1, msg.fromSeq); s <= last; s++) {
        const e = this.log[s - 1];
        if (e) out.sends.push({ to: from, msg: this.told(e, replicaIdOf(from) ?? 1) });
      }
    }
    return out;
  }

  onTimer(name: string): Output {
    const out = emptyOutput();
    if (name !== 'watermark') return out;
    out.timers.push({ name: 'watermark', afterMs: this.config.heartbeatMs });
    // Only while there is something new or someone may still lag: one round after each change.
    if (this.log.length > 0 && this.lastWatermark !== this.log.length) {
      this.lastWatermark = this.log.length;
      this.broadcast(out, { kind: 'watermark', nextSeq: this.log.length + 1 });
    }
    return out;
  }
}

/** A state-machine replica: executes the sequencer's order, replies to clients. */
export class SmrReplica implements ReplicaNode {
  readonly address: Address;
  private readonly service: Service;
  private state: ServiceState;
  private nextSeq = 1;
  private applied = 0;
  private readonly pending = new Map<number, Entry>();
  private readonly replyCache = new Map<number, { client: number; req: number; value: Json }>();
  private recovering: boolean;
  private readonly offers = new Map<string, { snapshot: Snapshot; from: Set<number> }>();
  private readonly filter: ByzantineFilter;
  private snapshots = 0;

  constructor(
    readonly id: number,
    private readonly config: ProtocolConfig,
    options: { recovering: boolean },
  ) {
    this.address = replicaAddress(id);
    this.service = getService(config.service);
    this.state = this.service.initial();
    this.recovering = options.recovering;
    this.filter = new ByzantineFilter(id, this.service);
  }

  setBehavior(behavior: Behavior | null): void {
    this.filter.set(behavior);
  }

  finalState(): { stateHash: string; applied: number } {
    return { stateHash: stateHash(this.state), applied: this.applied };
  }

  private finish(out: Output): Output {
    out.sends = this.filter.rewriteAll(out.sends);
    return out;
  }

  start(): Output {
    const out = emptyOutput();
    if (this.recovering) {
      out.events.push({ type: 'role', replica: this.id, role: 'recovering', view: 0 });
      this.askForState(out);
    } else {
      out.events.push({ type: 'role', replica: this.id, role: 'replica', view: 0 });
    }
    return this.finish(out);
  }

  private askForState(out: Output): void {
    for (let r = 1; r <= this.config.n; r++) {
      if (r !== this.id) out.sends.push({ to: replicaAddress(r), msg: { kind: 'state-request' } });
    }
    out.timers.push({ name: 'recover', afterMs: this.config.smrRecoverRetryMs });
  }

  onMessage(from: Address, msg: Message): Output {
    const out = emptyOutput();
    const peer = replicaIdOf(from);
    switch (msg.kind) {
      case 'ordered':
        if (from !== 'sequencer') break;
        this.onOrdered({ seq: msg.seq, client: msg.client, req: msg.req, op: msg.op }, out);
        break;
      case 'watermark':
        if (from === 'sequencer' && !this.recovering && msg.nextSeq > this.nextSeq) this.requestGap(out, msg.nextSeq - 1);
        break;
      case 'state-request':
        if (peer !== null && !this.recovering) this.sendSnapshot(peer, out);
        break;
      case 'state-snapshot':
        if (peer !== null && this.recovering) this.onSnapshot(peer, msg.snapshot, out);
        break;
      default:
        break;
    }
    return this.finish(out);
  }

  onTimer(name: string): Output {
    const out = emptyOutput();
    if (name === 'recover' && this.recovering) this.askForState(out);
    if (name === 'fetch' && !this.recovering && this.pending.size > 0) this.requestGap(out, this.lowestPending() - 1);
    return this.finish(out);
  }

  private lowestPending(): number {
    let low = Infinity;
    for (const s of this.pending.keys()) low = Math.min(low, s);
    return low;
  }

  private onOrdered(e: Entry, out: Output): void {
    if (e.seq < this.nextSeq) {
      const cached = this.replyCache.get(e.seq);
      if (cached) out.sends.push({ to: clientAddress(cached.client), msg: { kind: 'reply', client: cached.client, req: cached.req, value: cached.value, view: 0 } });
      return;
    }
    if (this.pending.size >= MAX_PENDING && !this.pending.has(e.seq)) return;
    this.pending.set(e.seq, e);
    if (this.recovering) return;
    this.drain(out);
    if (this.pending.size > 0) this.requestGap(out, this.lowestPending() - 1);
  }

  private requestGap(out: Output, toSeq: number): void {
    if (toSeq < this.nextSeq) return;
    out.sends.push({ to: 'sequencer', msg: { kind: 'fetch', fromSeq: this.nextSeq, toSeq } });
    out.timers.push({ name: 'fetch', afterMs: this.config.smrFetchRetryMs });
  }

  private drain(out: Output): void {
    for (let e = this.pending.get(this.nextSeq); e; e = this.pending.get(this.nextSeq)) {
      this.pending.delete(e.seq);
      const value = this.service.apply(this.state, e.op);
      this.nextSeq += 1;
      this.applied += 1;
      const hash = stateHash(this.state);
      out.events.push({ type: 'apply', replica: this.id, seq: e.seq, client: e.client, req: e.req, stateHash: hash });
      const broken = this.service.checkInvariant(this.state);
      if (broken) out.events.push({ type: 'invariant', replica: this.id, message: broken });
      this.replyCache.set(e.seq, { client: e.client, req: e.req, value });
      if (this.replyCache.size > REPLY_CACHE) {
        const oldest = this.replyCache.keys().next().value;
        if (oldest !== undefined) this.replyCache.delete(oldest);
      }
      out.sends.push({ to: clientAddress(e.client), msg: { kind: 'reply', client: e.client, req: e.req, value, view: 0 } });
    }
    if (this.pending.size === 0) out.timers.push({ name: 'fetch', afterMs: null });
  }

  private sendSnapshot(peer: number, out: Output): void {
    this.snapshots += 1;
    const snapshot: Snapshot = {
      id: `r${this.id}#${this.snapshots}@${this.nextSeq}`,
      state: cloneState(this.state),
      stateHash: stateHash(this.state),
      nextSeq: this.nextSeq,
      view: null,
      updateSeq: 0,
      dedup: [],
    };
    out.events.push({ type: 'snapshot', replica: this.id, to: peer, snapshotId: snapshot.id });
    out.sends.push({ to: replicaAddress(peer), msg: { kind: 'state-snapshot', snapshot } });
  }

  private onSnapshot(peer: number, snapshot: Snapshot, out: Output): void {
    // Under arbitrary failures one peer's word is not enough: k+1 must offer the same state.
    const key = `${snapshot.stateHash}@${snapshot.nextSeq}`;
    const offer = this.offers.get(key) ?? { snapshot, from: new Set<number>() };
    offer.from.add(peer);
    this.offers.set(key, offer);
    if (offer.from.size < voteThreshold(this.config)) return;
    this.state = cloneState(snapshot.state);
    this.nextSeq = snapshot.nextSeq;
    this.recovering = false;
    this.offers.clear();
    out.timers.push({ name: 'recover', afterMs: null });
    out.events.push({ type: 'state-transfer', replica: this.id, from: peer, snapshotId: snapshot.id, stateHash: stateHash(this.state) });
    out.events.push({ type: 'role', replica: this.id, role: 'replica', view: 0 });
    for (const s of [...this.pending.keys()]) if (s < this.nextSeq) this.pending.delete(s);
    this.drain(out);
    if (this.pending.size > 0) this.requestGap(out, this.lowestPending() - 1);
  }
}
