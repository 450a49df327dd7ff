/**
 * Primary-backup replication. The primary executes a request, sends the update to the
 * backups, waits for their acks, then replies. Heartbeats let backups suspect a silent
 * primary after failureTimeoutMs and elect the lowest-numbered surviving member under a
 * new view number. Two switches show what goes wrong without the usual safeguards:
 *
 * - dedup: a (client, request) table replicated with the state; off, a retried
 *   request is executed again.
 * - fencing: every view change goes through the arbiter (a trusted configuration service
 *   in the front end, like the sequencer), and a primary serves only while it holds a
 *   lease from the arbiter (leaseMs long, renewed every heartbeat). The arbiter installs
 *   a view with a new primary only after the old primary's lease has run out, so two
 *   primaries never serve at once. Off, replicas change views on their own and a cut-off
 *   primary keeps serving: split brain.
 */
import type { Json } from '../json.js';
import type { Behavior } from '../scenario.js';
import type { Service, ServiceState } from '../services.js';
import { cloneState, getService, stateHash } from '../services.js';
import { ByzantineFilter } from './byzantine.js';
import { DedupTable, requestKey } from './dedup.js';
import { FailureDetector } from './failure-detector.js';
import type { Address, Message, Output, ProtocolConfig, ProtocolNode, ReplicaNode, Role, Snapshot, View } from './types.js';
import { clientAddress, emptyOutput, replicaAddress, replicaIdOf } from './types.js';

/** Requests a primary holds while it waits for a lease; beyond this they are dropped. */
const MAX_QUEUED = 1000;

export function initialView(n: number): View {
  return { number: 1, primary: 1, members: Array.from({ length: n }, (_, i) => i + 1) };
}

/** The view that replaces `view` once `failed` is gone: the lowest-numbered survivor leads. */
export function nextViewWithout(view: View, failed: number[]): View {
  const members = view.members.filter((m) => !failed.includes(m));
  const primary = failed.includes(view.primary) ? (members[0] ?? view.primary) : view.primary;
  return { number: view.number + 1, primary, members };
}



interface InFlight {
  client: number;
  req: number;
  value: Json;
  waiting: Set<number>;
  update: Extract<Message, { kind: 'update' }>;
  sentAt: number;
}

/** Out-of-order updates a backup holds until the gap before them is filled. */
const MAX_BUFFERED_UPDATES = 1000;

type Step = (from: Address, msg: Message, now: number, out: Output) => void;

/** A primary-backup replica; its role decides which step function handles messages. */
export class PbReplica implements ReplicaNode {
  readonly address: Address;
  private readonly service: Service;
  private readonly filter: ByzantineFilter;
  private role: Role;
  private step: Step;
  private view: View;
  private state: ServiceState;
  private updateSeq = 0;
  private applied = 0;
  /**
   * The view in which this replica's state is known to follow the primary's. A backup of
   * a new primary must first take the new primary's snapshot: it may hold an update the
   * new primary never saw, and applying the new primary's updates on top would diverge.
   */
  private syncedView: number;
  private readonly buffered = new Map<number, Extract<Message, { kind: 'update' }>>();
  private lastStateRequestAt = -Infinity;
  /** Since when updates after updateSeq have been waiting for a missing one. */
  private gapSince: { updateSeq: number; at: number } | null = null;
  private readonly dedup = new DedupTable();
  private readonly inFlight = new Map<number, InFlight>();
  /** The (client, request) keys of the updates in flight, to drop a retry of one at once. */
  private readonly inFlightKeys = new Set<string>();
  /** Primary: the highest update each backup acknowledged, and when its acks last moved on. */
  private readonly ackedThrough = new Map<number, number>();
  private readonly progressAt = new Map<number, number>();
  private readonly detector: FailureDetector;
  /** Primary with fencing: the lease runs until this time (exclusive). */
  private leaseUntil = 0;
  private leaseNonce = 0;
  private readonly leaseSentAt = new Map<number, number>();
  private readonly queued: { from: Address; msg: Extract<Message, { kind: 'request' }> }[] = [];
  /**
   * Replicas being brought up to date, each with the number of the view proposed to make
   * it a member: they get updates before they are members, and must ack them.
   */
  private readonly joiners = new Map<number, number>();
  private proposal: View | null = null;
  private proposalSentAt = 0;
  private snapshots = 0;
  private fencedReported = false;

  constructor(
    readonly id: number,
    private readonly config: ProtocolConfig,
    options: { recovering: boolean },
  ) {
    this.address = replicaAddress(id);
    this.service = getService(config.service);
    this.filter = new ByzantineFilter(id, this.service);
    this.state = this.service.initial();
    this.detector = new FailureDetector(config.failureTimeoutMs);
    this.view = options.recovering ? { number: 0, primary: 0, members: [] } : initialView(config.n);
    this.syncedView = this.view.number;
    this.role = options.recovering ? 'recovering' : this.view.primary === id ? 'primary' : 'backup';
    this.step = this.stepFor(this.role);
  }

  setBehavior(behavior: Behavior | null): void {
    this.filter.set(behavior);
  }

  finalState(): { stateHash: string; applied: number } {
    return { stateHash: stateHash(this.state), applied: this.applied };
  }

  private stepFor(role: Role): Step {
    if (role === 'primary') return this.stepPrimary;
    if (role === 'backup') return this.stepBackup;
    return this.stepRecovering;
  }

  private finish(out: Output): Output {
    out.sends = this.filter.rewriteAll(out.sends);
    return out;
  }

  start(now: number): Output {
    const out = emptyOutput();
    out.timers.push({ name: 'tick', afterMs: this.config.heartbeatMs });
    if (this.role === 'recovering') {
      out.events.push({ type: 'role', replica: this.id, role: 'recovering', view: 0 });
      this.askForState(out);
    } else if (this.role === 'primary') {
      this.becomePrimary(now, out);
    } else {
      this.becomeBackup(now, out);
    }
    return this.finish(out);
  }

  onMessage(from: Address, msg: Message, now: number): Output {
    const out = emptyOutput();
    const peer = replicaIdOf(from);
    if (msg.kind === 'view-change' && (from === 'arbiter' || (!this.config.fencing && peer !== null))) {
      // Any word from the arbiter settles our outstanding proposal, accepted or not.
      if (from === 'arbiter') this.proposal = null;
      this.adoptView(msg.view, from === 'arbiter' ? 'arbiter' : 'peer', now, out);
      if (from === 'arbiter' && this.role === 'primary') this.settleJoiners(msg.view, now, out);
    } else if (msg.kind === 'stale-view' && peer !== null) {
      if (!this.config.fencing) this.adoptView(msg.view, 'peer', now, out);
    } else if (msg.kind === 'state-request' && peer !== null) {
      if (this.role === 'primary') this.admit(peer, now, out);
    } else {
      this.step(from, msg, now, out);
    }
    return this.finish(out);
  }

  onTimer(name: string, now: number): Output {
    const out = emptyOutput();
    if (name === 'tick') {
      out.timers.push({ name: 'tick', afterMs: this.config.heartbeatMs });
      // A proposal or the arbiter's answer can be lost: unanswered for viewProposalRetryMs, ask again.
      if (this.proposal && now - this.proposalSentAt >= this.config.viewProposalRetryMs) {
        this.proposalSentAt = now;
        out.sends.push({ to: 'arbiter', msg: { kind: 'propose', view: this.proposal } });
      }
      if (this.role === 'primary') this.tickPrimary(now, out);
      else if (this.role === 'backup') this.tickBackup(now, out);
      else this.askForState(out);
    }
    return this.finish(out);
  }

  // ---- transitions -------------------------------------------------------------

  private become(role: Role, now: number, out: Output): void {
    this.role = role;
    this.step = this.stepFor(role);
    this.proposal = null;
    out.events.push({ type: 'role', replica: this.id, role, view: this.view.number });
    for (const peer of this.detector.watched()) this.detector.unwatch(peer);
    if (role === 'primary') {
      for (const m of this.view.members) if (m !== this.id) this.detector.watch(m, now);
    } else if (role === 'backup') {
      this.detector.watch(this.view.primary, now);
    }
  }

  private becomePrimary(now: number, out: Output): void {
    const first = this.view.number === 1 && this.updateSeq === 0;
    this.become('primary', now, out);
    this.inFlight.clear();
    this.inFlightKeys.clear();
    this.ackedThrough.clear();
    this.progressAt.clear();
    this.buffered.clear();
    this.syncedView = this.view.number;
    this.leaseUntil = 0;
    this.fencedReported = false;
    // Our state is the truth from now on; backups adopt it before taking our updates.
    if (!first) for (const m of this.view.members) if (m !== this.id) this.sendSnapshot(m, out);
    if (this.config.fencing) this.renewLease(now, out);
    else this.announceToClients(out);
  }

  private becomeBackup(now: number, out: Output): void {
    this.become('backup', now, out);
    this.inFlight.clear();
    this.inFlightKeys.clear();
    this.buffered.clear();
    this.queued.length = 0;
    this.joiners.clear();
  }

  private becomeRecovering(now: number, out: Output): void {
    this.become('recovering', now, out);
    this.inFlight.clear();
    this.inFlightKeys.clear();
    this.buffered.clear();
    this.queued.length = 0;
    this.joiners.clear();
    this.askForState(out);
  }

  /** Installs a newer view, from the arbiter (fencing) or from a peer (no fencing). */
  private adoptView(view: View, via: 'arbiter' | 'peer' | 'self', now: number, out: Output): void {
    if (view.number <= this.view.number) return;
    const wasPrimary = this.role === 'primary';
    // Only a member of the last view that has its state may lead: the primary committed
    // nothing without every member's ack. A restarted or joining replica named primary would
    // serve from an empty or partial state and lose committed updates.
    const fitToLead = this.role !== 'recovering' && this.view.members.includes(this.id);
    const samePrimary = view.primary === this.view.primary && this.syncedView === this.view.number;
    this.view = { number: view.number, primary: view.primary, members: [...view.members] };
    if (samePrimary) this.syncedView = view.number;
    out.events.push({ type: 'view', replica: this.id, view: this.view, via });
    if (!view.members.includes(this.id)) {
      this.becomeRecovering(now, out);
    } else if (view.primary === this.id) {
      if (wasPrimary) {
        // A membership change under the same primary: stop waiting for removed backups.
        for (const m of this.detector.watched()) if (!view.members.includes(m)) this.detector.unwatch(m);
        for (const m of view.members) if (m !== this.id && !this.detector.watched().includes(m)) this.detector.watch(m, now);
        for (const m of view.members) this.joiners.delete(m);
        this.proposal = null;
        this.completeInFlight(now, out);
      } else if (fitToLead) {
        this.becomePrimary(now, out);
      } else {
        if (this.role !== 'recovering') this.becomeRecovering(now, out);
        const handOver = nextViewWithout(this.view, [this.id]);
        if (handOver.members.length > 0) this.changeView(handOver, now, out);
      }
    } else if (this.role === 'recovering') {
      // Still without state: keep asking; become a backup once the primary's snapshot arrives.
      this.askForState(out);
    } else {
      this.becomeBackup(now, out);
    }
  }

  /** Fencing on: ask the arbiter; off: install the view at once and tell everyone. */
  private changeView(view: View, now: number, out: Output): void {
    if (this.config.fencing) {
      if (this.proposal && this.proposal.number >= view.number && sameMembers(this.proposal, view)) return;
      this.proposal = view;
      this.proposalSentAt = now;
      out.sends.push({ to: 'arbiter', msg: { kind: 'propose', view } });
      return;
    }
    this.adoptView(view, 'self', now, out);
    for (let r = 1; r <= this.config.n; r++) {
      if (r !== this.id) out.sends.push({ to: replicaAddress(r), msg: { kind: 'view-change', view } });
    }
  }

  private announceToClients(out: Output): void {
    for (let c = 1; c <= this.config.clients; c++) out.sends.push({ to: clientAddress(c), msg: { kind: 'view-change', view: this.view } });
  }

  // ---- primary -----------------------------------------------------------------

  private readonly stepPrimary: Step = (from, msg, now, out) => {
    const peer = replicaIdOf(from);
    switch (msg.kind) {
      case 'request':
        this.onClientRequest(from, msg, now, out);
        break;
      case 'ack':
        if (peer === null) break;
        this.detector.heard(peer, now);
        if (msg.view === this.view.number) this.onAck(peer, msg.seq, now, out);
        break;
      case 'heartbeat-ack':
        if (peer !== null) this.detector.heard(peer, now);
        break;
      case 'lease-grant': {
        const sentAt = this.leaseSentAt.get(msg.nonce);
        this.leaseSentAt.delete(msg.nonce);
        if (from !== 'arbiter' || sentAt === undefined || msg.view !== this.view.number) break;
        this.leaseUntil = Math.max(this.leaseUntil, sentAt + msg.leaseMs);
        if (this.fencedReported) this.fencedReported = false;
        this.completeInFlight(now, out);
        for (const q of this.queued.splice(0)) this.onClientRequest(q.from, q.msg, now, out);
        break;
      }
      case 'heartbeat':
      case 'update':
        // Another replica acts as primary of a view: if it is newer, we are deposed.
        if (peer !== null && msg.view > this.view.number) this.becomeRecovering(now, out);
        else if (peer !== null && msg.view < this.view.number) out.sends.push({ to: from, msg: { kind: 'stale-view', view: this.view } });
        break;
      default:
        break;
    }
  };

  private canServe(now: number): boolean {
    return !this.config.fencing || now < this.leaseUntil;
  }

  private onClientRequest(from: Address, msg: Extract<Message, { kind: 'request' }>, now: number, out: Output): void {
    if (!this.canServe(now)) {
      if (!this.fencedReported) {
        out.events.push({ type: 'fenced', replica: this.id, view: this.view.number, reason: 'no valid lease from the arbiter' });
        this.fencedReported = true;
      }
      if (this.queued.length < MAX_QUEUED) this.queued.push({ from, msg });
      return;
    }
    const key = requestKey(msg.client, msg.req);
    if (this.config.dedup) {
      if (this.dedup.has(msg.client, msg.req)) {
        out.sends.push({ to: clientAddress(msg.client), msg: { kind: 'reply', client: msg.client, req: msg.req, value: this.dedup.get(msg.client, msg.req) ?? null, view: this.view.number } });
        return;
      }
      if (this.inFlightKeys.has(key)) return;
    }
    const value = this.service.apply(this.state, msg.op);
    this.updateSeq += 1;
    this.applied += 1;
    if (this.config.dedup) this.dedup.set(msg.client, msg.req, value);
    out.events.push({ type: 'apply', replica: this.id, seq: this.updateSeq, client: msg.client, req: msg.req, stateHash: stateHash(this.state) });
    this.checkInvariant(out);
    // A joiner took a snapshot before this update and becomes a member once the arbiter
    // agrees: it must have the update too before it counts as committed, or a member of the
    // next view could lack a committed update and, elected primary, lose it.
    const waiting = new Set<number>();
    for (const m of this.view.members) if (m !== this.id) waiting.add(m);
    for (const m of this.joiners.keys()) if (m !== this.id) waiting.add(m);
    const update: Extract<Message, { kind: 'update' }> = { kind: 'update', view: this.view.number, seq: this.updateSeq, client: msg.client, req: msg.req, op: msg.op, result: value };
    const f: InFlight = { client: msg.client, req: msg.req, value, waiting, update, sentAt: now };
    this.inFlight.set(this.updateSeq, f);
    this.inFlightKeys.add(key);
    for (const m of waiting) out.sends.push({ to: replicaAddress(m), msg: update });
    // Only the new update can be complete already (a primary without backups): the others
    // complete on their acks, a lease grant or a view change. Scanning them all here made
    // each request cost as much as the backlog was long.
    if (waiting.size === 0) this.commit(this.updateSeq, f, out);
  }

  /**
   * A backup applies updates in order, so its ack of seq acknowledges every update up to
   * seq (an ack the network dropped is made good by the next one). Each update is looked
   * at once per backup: the backup's watermark only rises.
   */
  private onAck(peer: number, seq: number, now: number, out: Output): void {
    const first = this.inFlight.keys().next().value;
    if (first === undefined) return;
    const from = Math.max((this.ackedThrough.get(peer) ?? 0) + 1, first);
    const to = Math.min(seq, this.updateSeq);
    if (to < from) return;
    this.ackedThrough.set(peer, to);
    let progressed = false;
    for (let s = from; s <= to; s++) {
      const f = this.inFlight.get(s);
      if (!f?.waiting.delete(peer)) continue;
      progressed = true;
      if (f.waiting.size === 0 && this.canServe(now)) this.commit(s, f, out);
    }
    if (progressed) this.progressAt.set(peer, now);
  }

  /** Replies for every update all current backups have acknowledged. */
  private completeInFlight(now: number, out: Output): void {
    // A primary whose lease ran out may already be deposed: it answers no one until the
    // arbiter renews its lease (the new primary, if any, answers the clients' retries).
    if (!this.canServe(now)) return;
    for (const [seq, f] of this.inFlight) {
      for (const w of f.waiting) if (!this.view.members.includes(w) && !this.joiners.has(w)) f.waiting.delete(w);
      if (f.waiting.size === 0) this.commit(seq, f, out);
    }
  }

  /** Every backup has the update: it is committed, and the client gets its reply. */
  private commit(seq: number, f: InFlight, out: Output): void {
    this.inFlight.delete(seq);
    this.inFlightKeys.delete(requestKey(f.client, f.req));
    out.events.push({ type: 'commit', replica: this.id, client: f.client, req: f.req, view: this.view.number, seq });
    out.sends.push({ to: clientAddress(f.client), msg: { kind: 'reply', client: f.client, req: f.req, value: f.value, view: this.view.number } });
  }

  private renewLease(now: number, out: Output): void {
    this.leaseNonce += 1;
    this.leaseSentAt.set(this.leaseNonce, now);
    // Grants older than a lease are useless; keep the table bounded.
    for (const [nonce, at] of this.leaseSentAt) if (now - at > this.config.leaseMs) this.leaseSentAt.delete(nonce);
    out.sends.push({ to: 'arbiter', msg: { kind: 'lease', view: this.view.number, nonce: this.leaseNonce } });
  }

  private tickPrimary(now: number, out: Output): void {
    for (const m of new Set([...this.view.members, ...this.joiners.keys()])) {
      if (m !== this.id) out.sends.push({ to: replicaAddress(m), msg: { kind: 'heartbeat', view: this.view.number } });
    }
    if (this.config.fencing) this.renewLease(now, out);
    // Updates still unacknowledged after a heartbeat period are sent again (the network may
    // drop them), to each backup whose acks have stalled for that long. A backup that is
    // slow but keeps acknowledging is not sent everything again: under load, resending to
    // it would only add to the queue it is working through.
    const hb = this.config.heartbeatMs;
    for (const f of this.inFlight.values()) {
      if (now - f.sentAt < hb) continue;
      let update: Extract<Message, { kind: 'update' }> | null = null;
      for (const m of f.waiting) {
        if (now - (this.progressAt.get(m) ?? -Infinity) < hb) continue;
        update ??= { ...f.update, view: this.view.number };
        out.sends.push({ to: replicaAddress(m), msg: update });
      }
      if (update) f.sentAt = now;
    }
    const suspected = this.detector.check(now);
    for (const s of suspected) out.events.push({ type: 'suspect', replica: this.id, suspect: s.peer, silentForMs: s.silentForMs });
    const gone = this.view.members.filter((m) => m !== this.id && this.detector.isSuspected(m));
    if (gone.length > 0) this.changeView(nextViewWithout(this.view, gone), now, out);
  }

  private sendSnapshot(peer: number, out: Output): void {
    this.snapshots += 1;
    const snapshot: Snapshot = {
      id: `r${this.id}#${this.snapshots}@${this.updateSeq}`,
      state: cloneState(this.state),
      stateHash: stateHash(this.state),
      nextSeq: 0,
      view: { ...this.view, members: [...this.view.members] },
      updateSeq: this.updateSeq,
      dedup: this.dedup.entries(),
    };
    out.events.push({ type: 'snapshot', replica: this.id, to: peer, snapshotId: snapshot.id });
    out.sends.push({ to: replicaAddress(peer), msg: { kind: 'state-snapshot', snapshot } });
  }

  /**
   * The arbiter's view: a joiner whose view it can no longer accept (a view of that number
   * or later is in force without it) is no longer waited for. If it is alive it asks again
   * and is admitted with a fresh snapshot.
   */
  private settleJoiners(arbiterView: View, now: number, out: Output): void {
    let dropped = false;
    for (const [m, proposed] of this.joiners) {
      if (arbiterView.number < proposed || arbiterView.members.includes(m)) continue;
      this.joiners.delete(m);
      dropped = true;
    }
    if (dropped) this.completeInFlight(now, out);
  }

  /** A replica asked for state: send a snapshot and, if it is not one, make it a member. */
  private admit(peer: number, now: number, out: Output): void {
    this.sendSnapshot(peer, out);
    if (this.view.members.includes(peer)) return;
    const view = { number: this.view.number + 1, primary: this.id, members: [...this.view.members, peer].sort((a, b) => a - b) };
    this.joiners.set(peer, view.number);
    this.changeView(view, now, out);
  }

  // ---- backup ------------------------------------------------------------------

  private readonly stepBackup: Step = (from, msg, now, out) => {
    const peer = replicaIdOf(from);
    switch (msg.kind) {
      case 'heartbeat':
        if (peer === null) break;
        if (msg.view < this.view.number) out.sends.push({ to: from, msg: { kind: 'stale-view', view: this.view } });
        else if (msg.view > this.view.number) this.becomeRecovering(now, out);
        else if (peer === this.view.primary) {
          this.detector.heard(peer, now);
          out.sends.push({ to: from, msg: { kind: 'heartbeat-ack', view: this.view.number } });
          if (this.syncedView !== this.view.number) this.requestState(now, out);
        }
        break;
      case 'update':
        if (peer === null) break;
        if (msg.view < this.view.number) out.sends.push({ to: from, msg: { kind: 'stale-view', view: this.view } });
        else if (msg.view > this.view.number) this.becomeRecovering(now, out);
        else if (peer === this.view.primary) {
          this.detector.heard(peer, now);
          if (this.syncedView === this.view.number) this.onUpdate(msg, out);
          else this.requestState(now, out);
        }
        break;
      case 'state-snapshot':
        if (peer !== null) this.installSnapshot(peer, msg.snapshot, now, out);
        break;
      case 'request':
        out.sends.push({ to: from, msg: { kind: 'redirect', client: msg.client, req: msg.req, view: this.view } });
        break;
      default:
        break;
    }
  };

  /** Asks the primary for its state, at most once per heartbeat period. */
  private requestState(now: number, out: Output): void {
    if (now - this.lastStateRequestAt < this.config.heartbeatMs) return;
    this.lastStateRequestAt = now;
    out.sends.push({ to: replicaAddress(this.view.primary), msg: { kind: 'state-request' } });
  }

  private onUpdate(msg: Extract<Message, { kind: 'update' }>, out: Output): void {
    if (msg.seq > this.updateSeq + 1) {
      // Out of order: hold it until the gap is filled (the primary resends what we did not ack).
      if (this.buffered.size < MAX_BUFFERED_UPDATES) this.buffered.set(msg.seq, msg);
      return;
    }
    if (msg.seq <= this.updateSeq) {
      out.sends.push({ to: replicaAddress(this.view.primary), msg: { kind: 'ack', view: this.view.number, seq: msg.seq } });
      return;
    }
    for (let u: Extract<Message, { kind: 'update' }> | undefined = msg; u; u = this.buffered.get(this.updateSeq + 1)) {
      this.buffered.delete(u.seq);
      this.service.apply(this.state, u.op);
      this.updateSeq = u.seq;
      this.applied += 1;
      if (this.config.dedup) this.dedup.set(u.client, u.req, u.result);
      out.events.push({ type: 'apply', replica: this.id, seq: u.seq, client: u.client, req: u.req, stateHash: stateHash(this.state) });
      this.checkInvariant(out);
      out.sends.push({ to: replicaAddress(this.view.primary), msg: { kind: 'ack', view: this.view.number, seq: u.seq } });
    }
  }

  /** Takes the primary's state: on joining, and after a new primary took over. */
  private installSnapshot(peer: number, snap: Snapshot, now: number, out: Output): void {
    const view = snap.view;
    if (!view || view.primary !== peer || view.number < this.view.number) return;
    // Already in step with this primary and at least as far along: nothing to take.
    if (this.role === 'backup' && view.number === this.syncedView && snap.updateSeq <= this.updateSeq) return;
    this.state = cloneState(snap.state);
    this.updateSeq = snap.updateSeq;
    this.buffered.clear();
    this.dedup.clear();
    for (const [k, v] of snap.dedup) this.dedup.setKey(k, v);
    out.events.push({ type: 'state-transfer', replica: this.id, from: peer, snapshotId: snap.id, stateHash: stateHash(this.state) });
    if (view.number > this.view.number) {
      this.view = { ...view, members: [...view.members] };
      out.events.push({ type: 'view', replica: this.id, view: this.view, via: 'peer' });
    }
    this.syncedView = view.number;
    if (this.role !== 'backup') this.becomeBackup(now, out);
  }

  private tickBackup(now: number, out: Output): void {
    if (!this.view.members.includes(this.id)) {
      // A joiner not yet in the view has no say in elections; it keeps asking to be let in.
      this.requestState(now, out);
      return;
    }
    // Updates overtaking each other leave short gaps that the next delivery fills. A gap
    // still open two heartbeats later (the primary resends unacked updates every heartbeat)
    // will not close by itself: take a snapshot.
    if (this.buffered.size === 0) this.gapSince = null;
    else if (this.gapSince === null || this.gapSince.updateSeq !== this.updateSeq) this.gapSince = { updateSeq: this.updateSeq, at: now };
    else if (now - this.gapSince.at >= 2 * this.config.heartbeatMs) this.requestState(now, out);
    for (const s of this.detector.check(now)) {
      out.events.push({ type: 'suspect', replica: this.id, suspect: s.peer, silentForMs: s.silentForMs });
    }
    if (this.detector.isSuspected(this.view.primary)) this.changeView(nextViewWithout(this.view, [this.view.primary]), now, out);
  }

  // ---- recovering --------------------------------------------------------------

  private readonly stepRecovering: Step = (from, msg, now, out) => {
    const peer = replicaIdOf(from);
    // Updates after the snapshot reach a joiner too; it becomes a backup on the snapshot and
    // acks them, but the primary waits for its acks only once the view lists it.
    if (msg.kind === 'state-snapshot' && peer !== null) this.installSnapshot(peer, msg.snapshot, now, out);
  };

  private askForState(out: Output): void {
    for (let r = 1; r <= this.config.n; r++) {
      if (r !== this.id) out.sends.push({ to: replicaAddress(r), msg: { kind: 'state-request' } });
    }
  }

  private checkInvariant(out: Output): void {
    const broken = this.service.checkInvariant(this.state);
    if (broken) out.events.push({ type: 'invariant', replica: this.id, message: broken });
  }
}

function sameMembers(a: View, b: View): boolean {
  return a.primary === b.primary && a.members.length === b.members.length && a.members.every((m, i) => m === b.members[i]);
}

/**
 * The arbiter: a trusted configuration service that owns the current view and the
 * primary's lease. It is what fencing means here: a view with a new primary is installed
 * only after the old primary's lease ran out, and a primary without a lease does not serve.
 */
export class Arbiter implements ProtocolNode {
  readonly address = 'arbiter' as const;
  private view: View;
  private leaseExpiresAt = 0;
  private deferred: { view: View; proposer: number } | null = null;

  constructor(private readonly config: ProtocolConfig) {
    this.view = initialView(config.n);
  }

  get leaseMs(): number {
    return this.config.leaseMs;
  }

  start(): Output {
    return emptyOutput();
  }

  onMessage(from: Address, msg: Message, now: number): Output {
    const out = emptyOutput();
    const peer = replicaIdOf(from);
    if (peer === null) return out;
    if (msg.kind === 'lease') {
      if (peer === this.view.primary && msg.view === this.view.number) {
        this.leaseExpiresAt = now + this.leaseMs;
        out.sends.push({ to: from, msg: { kind: 'lease-grant', view: msg.view, nonce: msg.nonce, leaseMs: this.leaseMs } });
      } else {
        out.sends.push({ to: from, msg: { kind: 'view-change', view: this.view } });
      }
    } else if (msg.kind === 'propose') {
      this.decide(msg.view, peer, now, out);
    }
    return out;
  }

  onTimer(name: string, now: number): Output {
    const out = emptyOutput();
    if (name === 'lease-expiry' && this.deferred) {
      const d = this.deferred;
      this.deferred = null;
      this.decide(d.view, d.proposer, now, out);
    }
    return out;
  }

  private decide(proposal: View, proposer: number, now: number, out: Output): void {
    const reject = (reason: string): void => {
      out.events.push({ type: 'arbiter', decision: 'rejected', view: proposal, proposer, reason });
      out.sends.push({ to: replicaAddress(proposer), msg: { kind: 'view-change', view: this.view } });
    };
    if (proposal.number !== this.view.number + 1) return reject(`view ${proposal.number} is not the successor of view ${this.view.number}`);
    if (!this.view.members.includes(proposer)) return reject(`replica ${proposer} is not a member of view ${this.view.number}`);
    if (!proposal.members.includes(proposal.primary)) return reject('the proposed primary is not a member');
    if (proposal.primary === this.view.primary) {
      if (proposer !== this.view.primary) return reject('only the primary changes membership');
    } else if (now < this.leaseExpiresAt) {
      this.deferred = { view: proposal, proposer };
      out.events.push({ type: 'arbiter', decision: 'deferred', view: proposal, proposer, reason: `replica ${this.view.primary} holds a lease for ${Math.ceil(this.leaseExpiresAt - now)} ms more` });
      out.timers.push({ name: 'lease-expiry', afterMs: this.leaseExpiresAt - now });
      return;
    }
    // A new primary starts without a lease; a membership change keeps the primary's lease.
    const primaryChanged = proposal.primary !== this.view.primary;
    if (primaryChanged) this.leaseExpiresAt = 0;
    this.view = { number: proposal.number, primary: proposal.primary, members: [...proposal.members] };
    out.events.push({ type: 'arbiter', decision: 'accepted', view: this.view, proposer, reason: primaryChanged ? 'the old primary holds no lease' : 'membership change by the primary' });
    for (let r = 1; r <= this.config.n; r++) out.sends.push({ to: replicaAddress(r), msg: { kind: 'view-change', view: this.view } });
    for (let c = 1; c <= this.config.clients; c++) out.sends.push({ to: clientAddress(c), msg: { kind: 'view-change', view: this.view } });
  }
}
