/**
 * PBFT (Castro and Liskov, OSDI 1999): Byzantine-fault-tolerant ordering with no trusted
 * helper. The primary of view v (replica v mod n + 1) assigns each client request a
 * sequence number in a PRE-PREPARE; backups that accept it send PREPARE to all; a replica
 * with the pre-prepare and matching prepares from a quorum (less the primary) holds a
 * prepared certificate and sends COMMIT to all; once a quorum of matching commits is in,
 * the request is committed and executed in sequence order, and every replica replies to
 * the client, which accepts a value once k+1 replicas sent it (one of them is correct).
 *
 * Quorums are ceil((n + k + 1) / 2) replicas: 2k+1 at n = 3k+1, and in general the
 * smallest size whose any two sets share k+1 replicas, so at least one correct one. With
 * fewer than 3k+1 replicas a quorum needs more than n - k, and k silent replicas stop
 * everything (PBFT then stays safe but does not progress).
 *
 * A backup that holds a request it has not seen executed for failureTimeoutMs suspects the
 * primary and moves to the next view with a VIEW-CHANGE (to every replica) that carries its
 * prepared certificates and its last accepted pre-prepares; k+1 view changes for later
 * views make a replica join them. The new primary, with a quorum of view changes, sends
 * NEW-VIEW naming them and re-proposing, for each sequence number, the request that may
 * have committed (Castro's rules A1 and A2: a prepared claim that a quorum does not
 * contradict and k+1 replicas pre-prepared) or the null request where a quorum prepared
 * nothing. A backup accepts NEW-VIEW only if it received those view changes itself and
 * computes the same entries from them. Waiting for the next view doubles each time.
 *
 * Authentication: every replica-to-replica message carries an HMAC-SHA256 (first 16 bytes,
 * hex) under the key its sender shares with its receiver; a message whose MAC does not
 * verify under the key of the replica it comes from is discarded, so one replica cannot
 * speak for another. The pairwise keys are derived from the scenario's seed, standing in
 * for keys exchanged when the service is set up; a replica derives only the keys of the
 * pairs it belongs to. A faulty replica's rewritten messages are authenticated with its
 * own keys (it is a member of the service, it holds them). Replies and requests between
 * clients and replicas are not MAC'd here: the lab's clients run in the trusted front end.
 *
 * Simplifications a student may ask about: no checkpoints, so no garbage collection of the
 * log (a view change carries every prepared certificate above the lowest execution point
 * the view changes report, which the run's length bounds); no retransmission of protocol
 * messages (a request stuck by a lost message is rescued by the view change its timer
 * triggers); and no state transfer: a restarted replica, its state lost, takes no part
 * until it can follow (it never answers with a state it does not have).
 *
 * Byzantine behaviours as a PBFT replica shows them (the filter rewrites what it sends):
 * `lie` and `collude` forge the values of its replies (colluders agree on one); a primary
 * that `equivocate`s sends each backup a different request for the same sequence number,
 * and a backup that equivocates sends each replica a different digest; a `stale` primary
 * gives each new request the sequence number of the previous one (already taken); `silent`
 * sends nothing at all.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { HmacSha256, Json } from '../json.js';
import { canonicalJson, createHmacSha256, sha256Hex } from '../json.js';
import type { Behavior } from '../scenario.js';
import type { Op, Service, ServiceState } from '../services.js';
import { getService, stateHash } from '../services.js';
import { ByzantineFilter } from './byzantine.js';
import type { Address, Message, Output, PbftCertificate, PbftEntry, PbftPrePrepared, ProtocolConfig, ReplicaNode } from './types.js';
import { clientAddress, emptyOutput, replicaAddress, replicaIdOf } from './types.js';

/** Sequence numbers a primary may run ahead of what a backup has executed (the water marks' distance). */
export const PBFT_WINDOW = 1024;
/** Protocol messages of later views held until that view starts. */
const MAX_FUTURE = 10_000;
/** Client requests a replica watches (for its view-change timer) at most. */
const MAX_PENDING = 10_000;

type RequestMsg = Extract<Message, { kind: 'request' }>;
type PrePrepareMsg = Extract<Message, { kind: 'pre-prepare' }>;
type VoteMsg = Extract<Message, { kind: 'prepare' | 'commit' }>;
type ViewChangeMsg = Extract<Message, { kind: 'pbft-view-change' }>;
type NewViewMsg = Extract<Message, { kind: 'new-view' }>;
/** The messages PBFT authenticates. */
export type PbftMessage = PrePrepareMsg | VoteMsg | ViewChangeMsg | NewViewMsg;

const PBFT_KINDS: ReadonlySet<string> = new Set(['pre-prepare', 'prepare', 'commit', 'pbft-view-change', 'new-view']);
export const isPbftMessage = (msg: Message): msg is PbftMessage => PBFT_KINDS.has(msg.kind);

const requestKey = (client: number, req: number): string => `${client}:${req}`;

/** Digests already computed, by the op object they were computed for (a request's op travels as one object). */
const digestCache = new WeakMap<object, { client: number; req: number; digest: string }>();

/** The digest of a request (the null request's is "null"): what prepares and commits vote on. */
export function digestOf(e: { client: number; req: number; op: Op | null }): string {
  if (e.op === null) return 'null';
  const cached = digestCache.get(e.op);
  if (cached && cached.client === e.client && cached.req === e.req) return cached.digest;
  const digest = sha256Hex(`${e.client}:${e.req}:${canonicalJson(e.op as unknown as Json)}`).slice(0, 32);
  digestCache.set(e.op, { client: e.client, req: e.req, digest });
  return digest;
}

/** Quorum size: any two quorums share k+1 replicas (2k+1 of 3k+1). */
export function pbftQuorum(n: number, k: number): number {
  return Math.ceil((n + k + 1) / 2);
}

/** What a MAC covers: every field of the message but the MAC itself, in a fixed order. */
function macContent(msg: PbftMessage): string {
  switch (msg.kind) {
    case 'pre-prepare':
      return `pp|${msg.view}|${msg.seq}|${digestOf(msg)}`;
    case 'prepare':
      return `p|${msg.view}|${msg.seq}|${msg.digest}`;
    case 'commit':
      return `c|${msg.view}|${msg.seq}|${msg.digest}`;
    case 'pbft-view-change':
      return `vc|${msg.view}|${msg.executed}|${canonicalJson(msg.prepared as unknown as Json)}|${canonicalJson(msg.prePrepared as unknown as Json)}`;
    case 'new-view':
      return `nv|${msg.view}|${msg.from.join(',')}|${canonicalJson(msg.entries as unknown as Json)}`;
  }
}

/** The keys one replica shares with each other replica, and the MACs made with them. */
export class PairwiseKeys {
  private readonly keys = new Map<number, HmacSha256>();

  constructor(
    private readonly id: number,
    private readonly seed: number,
  ) {}

  private keyed(peer: number): HmacSha256 {
    let h = this.keys.get(peer);
    if (!h) {
      const [a, b] = this.id < peer ? [this.id, peer] : [peer, this.id];
      h = createHmacSha256(sha256(utf8ToBytes(`faultlab-pbft-key|${this.seed}|${a}|${b}`)));
      this.keys.set(peer, h);
    }
    return h;
  }

  /** The MAC of msg between this replica and peer. */
  mac(msg: PbftMessage, peer: number): string {
    return this.keyed(peer)(macContent(msg)).slice(0, 32);
  }
}

/** The votes for one (view, seq): the accepted pre-prepare, if any, and prepares and commits by digest. */
interface Slot {
  view: number;
  seq: number;
  entry: PbftEntry | null;
  digest: string | null;
  prepares: Map<string, Set<number>>;
  commits: Map<string, Set<number>>;
  prepared: boolean;
  committed: boolean;
}

/** A PBFT replica. */
export class PbftReplica implements ReplicaNode {
  readonly address: Address;
  private readonly service: Service;
  private readonly filter: ByzantineFilter;
  private readonly keys: PairwiseKeys;
  private readonly quorum: number;
  private readonly n: number;
  private view = 0;
  /** False between sending a view change and installing the new view. */
  private active = true;
  /** View changes started since the last view was installed (the timer doubles with each). */
  private attempts = 0;
  private state: ServiceState;
  private applied = 0;
  private lastExec = 0;
  /** Primary: the next sequence number to assign, and which requests have one in this view. */
  private nextSeq = 1;
  private readonly assigned = new Set<string>();
  private readonly slots = new Map<string, Slot>();
  /** Committed entries waiting for the ones before them. */
  private readonly ready = new Map<number, PbftEntry>();
  /** Per seq: the highest-view prepared certificate, and the last pre-prepare accepted. */
  private readonly certificates = new Map<number, PbftCertificate>();
  private readonly prePrepared = new Map<number, PbftPrePrepared>();
  /** Client requests seen and not yet executed, with when they were first seen. */
  private readonly pending = new Map<string, { msg: RequestMsg; since: number; digest: string }>();
  /** Pending requests by digest, for slots committed by a quorum whose pre-prepare never reached us. */
  private readonly pendingByDigest = new Map<string, RequestMsg>();
  /** Slots a quorum committed while we lack their pre-prepare, by the committed digest. */
  private readonly committedBlind = new Map<string, Slot[]>();
  /** The reply each executed request got (answers retries; the at-most-once table). */
  private readonly replies = new Map<string, Json>();
  private readonly viewChanges = new Map<number, Map<number, ViewChangeMsg>>();
  private readonly heldNewViews = new Map<number, NewViewMsg>();
  /** Protocol messages of views not started yet here. */
  private readonly future: { peer: number; msg: PrePrepareMsg | VoteMsg }[] = [];
  private timerRunning = false;
  /** A restarted replica that lost its state: it neither executes nor votes. */
  private readonly amnesiac: boolean;
  /** Messages discarded because their MAC did not verify. */
  rejected = 0;

  constructor(
    readonly id: number,
    private readonly config: ProtocolConfig,
    options: { recovering: boolean },
  ) {
    this.address = replicaAddress(id);
    this.service = getService(config.service);
    this.filter = new ByzantineFilter(id, this.service);
    this.keys = new PairwiseKeys(id, config.seed ?? 1);
    this.n = config.n;
    this.quorum = pbftQuorum(config.n, config.k);
    this.state = this.service.initial();
    this.amnesiac = options.recovering;
  }

  setBehavior(behavior: Behavior | null): void {
    this.filter.set(behavior);
  }

  finalState(): { stateHash: string; applied: number } {
    return { stateHash: stateHash(this.state), applied: this.applied };
  }

  /** For tests: the view, whether it is installed, and how far this replica executed. */
  get status(): { view: number; active: boolean; executed: number; rejected: number } {
    return { view: this.view, active: this.active, executed: this.lastExec, rejected: this.rejected };
  }

  private primaryOf(view: number): number {
    return (view % this.n) + 1;
  }

  private get isPrimary(): boolean {
    return this.active && this.primaryOf(this.view) === this.id;
  }

  /** Rewrites (Byzantine filter), then authenticates every protocol message for its receiver. */
  private finish(out: Output): Output {
    const sends = this.filter.rewriteAll(out.sends);
    out.sends = sends.map((s) => {
      const peer = replicaIdOf(s.to);
      if (peer === null || !isPbftMessage(s.msg)) return s;
      const msg = { ...s.msg };
      msg.mac = this.keys.mac(msg, peer);
      return { to: s.to, msg };
    });
    return out;
  }

  private broadcast(msg: Message, out: Output): void {
    for (let r = 1; r <= this.n; r++) if (r !== this.id) out.sends.push({ to: replicaAddress(r), msg });
  }

  start(_now: number): Output {
    const out = emptyOutput();
    out.events.push({ type: 'role', replica: this.id, role: this.amnesiac ? 'recovering' : this.primaryOf(0) === this.id ? 'primary' : 'backup', view: 0 });
    return this.finish(out);
  }

  onMessage(from: Address, msg: Message, now: number): Output {
    const out = emptyOutput();
    if (this.amnesiac) return out;
    const peer = replicaIdOf(from);
    if (msg.kind === 'request') {
      this.onRequest(msg, now, out);
    } else if (peer !== null && peer !== this.id && isPbftMessage(msg)) {
      // Authenticate before anything else: a message another replica forged is discarded.
      if (msg.mac !== this.keys.mac(msg, peer)) {
        this.rejected += 1;
        return out;
      }
      switch (msg.kind) {
        case 'pre-prepare':
        case 'prepare':
        case 'commit':
          this.onAgreement(peer, msg, out);
          break;
        case 'pbft-view-change':
          this.onViewChange(peer, msg, now, out);
          break;
        case 'new-view':
          this.onNewView(peer, msg, now, out);
          break;
      }
    }
    return this.finish(out);
  }

  onTimer(name: string, now: number): Output {
    const out = emptyOutput();
    if (name === 'view-change' && !this.amnesiac) {
      this.timerRunning = false;
      if (this.active) {
        let since = now;
        for (const p of this.pending.values()) since = Math.min(since, p.since);
        out.events.push({ type: 'suspect', replica: this.id, suspect: this.primaryOf(this.view), silentForMs: now - since });
      }
      this.startViewChange(this.view + 1, out);
    }
    return this.finish(out);
  }

  // ---- timers --------------------------------------------------------------------

  private startTimer(out: Output): void {
    out.timers.push({ name: 'view-change', afterMs: this.config.failureTimeoutMs * 2 ** Math.min(this.attempts, 10) });
    this.timerRunning = true;
  }

  private stopTimer(out: Output): void {
    if (!this.timerRunning) return;
    out.timers.push({ name: 'view-change', afterMs: null });
    this.timerRunning = false;
  }

  // ---- normal case ---------------------------------------------------------------

  private onRequest(msg: RequestMsg, now: number, out: Output): void {
    const key = requestKey(msg.client, msg.req);
    const known = this.replies.get(key);
    if (known !== undefined && this.config.dedup) {
      // Executed already: answer the retry from the table, never execute it again.
      this.reply(msg.client, msg.req, known, out);
      return;
    }
    if (!this.pending.has(key) && this.pending.size < MAX_PENDING) {
      const digest = digestOf(msg);
      this.pending.set(key, { msg, since: now, digest });
      this.pendingByDigest.set(digest, msg);
      // A quorum may have committed it already at a seq whose pre-prepare a faulty primary kept from us.
      for (const slot of this.committedBlind.get(digest) ?? []) this.check(slot, out);
    }
    if (this.active && !this.timerRunning) this.startTimer(out);
    if (this.isPrimary) this.propose(msg, out);
  }

  /** Primary: assigns the next sequence number to a request and pre-prepares it. */
  private propose(msg: RequestMsg, out: Output): void {
    const key = requestKey(msg.client, msg.req);
    // One sequence number per request and view (without dedup, a retry across views runs again).
    if (this.assigned.has(key)) return;
    // Beyond the window the request waits (it stays pending) until execution catches up.
    if (this.nextSeq > this.lastExec + PBFT_WINDOW) return;
    this.assigned.add(key);
    const entry: PbftEntry = { seq: this.nextSeq++, client: msg.client, req: msg.req, op: msg.op };
    const slot = this.slot(this.view, entry.seq);
    this.acceptPrePrepare(slot, entry);
    this.broadcast({ kind: 'pre-prepare', view: this.view, ...entry, mac: '' }, out);
    this.check(slot, out);
  }

  private slot(view: number, seq: number): Slot {
    const key = `${view}:${seq}`;
    let s = this.slots.get(key);
    if (!s) {
      s = { view, seq, entry: null, digest: null, prepares: new Map(), commits: new Map(), prepared: false, committed: false };
      this.slots.set(key, s);
    }
    return s;
  }

  private acceptPrePrepare(slot: Slot, entry: PbftEntry): void {
    slot.entry = entry;
    slot.digest = digestOf(entry);
    this.prePrepared.set(entry.seq, { seq: entry.seq, view: slot.view, digest: slot.digest });
  }

  private onAgreement(peer: number, msg: PrePrepareMsg | VoteMsg, out: Output): void {
    if (msg.view > this.view || (msg.view === this.view && !this.active)) {
      // A view not started here yet: keep it for when it is (bounded).
      if (this.future.length < MAX_FUTURE) this.future.push({ peer, msg });
      return;
    }
    if (msg.kind === 'pre-prepare') {
      if (msg.view !== this.view || peer !== this.primaryOf(msg.view)) return;
      // Outside the water marks: a sequence number already executed, or too far ahead.
      if (msg.seq <= this.lastExec || msg.seq > this.lastExec + PBFT_WINDOW) return;
      const entry: PbftEntry = { seq: msg.seq, client: msg.client, req: msg.req, op: msg.op };
      this.onPrePrepare(this.slot(msg.view, msg.seq), entry, out);
      return;
    }
    // Prepares and commits of an earlier view still count towards that view's certificates.
    const slot = this.slots.get(`${msg.view}:${msg.seq}`) ?? (msg.view === this.view && msg.seq > this.lastExec ? this.slot(msg.view, msg.seq) : null);
    if (!slot) return;
    if (msg.kind === 'prepare') {
      if (peer === this.primaryOf(msg.view)) return;
      addVote(slot.prepares, msg.digest, peer);
    } else {
      addVote(slot.commits, msg.digest, peer);
    }
    this.check(slot, out);
  }

  /** A backup accepts a pre-prepare unless it holds another digest for the same view and seq. */
  private onPrePrepare(slot: Slot, entry: PbftEntry, out: Output): void {
    const digest = digestOf(entry);
    if (slot.digest !== null) return;
    this.acceptPrePrepare(slot, entry);
    addVote(slot.prepares, digest, this.id);
    this.broadcast({ kind: 'prepare', view: slot.view, seq: slot.seq, digest, mac: '' }, out);
    this.check(slot, out);
  }

  /** Prepared (pre-prepare and quorum - 1 backups' prepares) sends a commit; a quorum of commits executes. */
  private check(slot: Slot, out: Output): void {
    if (slot.entry === null) {
      this.checkBlind(slot, out);
      return;
    }
    if (slot.digest === null) return;
    if (!slot.prepared && (slot.prepares.get(slot.digest)?.size ?? 0) >= this.quorum - 1) {
      slot.prepared = true;
      const cert = this.certificates.get(slot.seq);
      if (!cert || cert.view < slot.view) this.certificates.set(slot.seq, { ...slot.entry, view: slot.view });
      // A commit is sent only in the view this replica is in; older views' certificates just count.
      if (slot.view === this.view && this.active) {
        addVote(slot.commits, slot.digest, this.id);
        this.broadcast({ kind: 'commit', view: slot.view, seq: slot.seq, digest: slot.digest, mac: '' }, out);
      }
    }
    if (slot.prepared && !slot.committed && (slot.commits.get(slot.digest)?.size ?? 0) >= this.quorum) {
      slot.committed = true;
      if (slot.seq > this.lastExec && !this.ready.has(slot.seq)) this.ready.set(slot.seq, slot.entry);
      this.execute(out);
    }
  }

  /**
   * A slot without a pre-prepare here (a faulty primary did not send it to us, or it was
   * lost) that a quorum committed: quorum - k of those commits come from correct replicas
   * that prepared it, so it is committed whatever the view; we execute it if we hold the
   * request with that digest (clients send every request to every replica) or it is the
   * null request. Without this, a primary could leave up to k correct replicas behind for
   * good (the paper catches them up with checkpoints and state transfer).
   */
  private checkBlind(slot: Slot, out: Output): void {
    if (slot.committed || slot.seq <= this.lastExec) return;
    for (const [digest, voters] of slot.commits) {
      if (voters.size < this.quorum) continue;
      const request = digest === 'null' ? null : this.pendingByDigest.get(digest);
      if (request === undefined) {
        const waiting = this.committedBlind.get(digest) ?? [];
        if (!waiting.includes(slot)) waiting.push(slot);
        this.committedBlind.set(digest, waiting);
        return;
      }
      this.committedBlind.delete(digest);
      slot.committed = true;
      const entry: PbftEntry = request === null ? { seq: slot.seq, client: 0, req: 0, op: null } : { seq: slot.seq, client: request.client, req: request.req, op: request.op };
      if (!this.ready.has(slot.seq)) this.ready.set(slot.seq, entry);
      this.execute(out);
      return;
    }
  }

  /** Executes committed entries in sequence order; each replica replies to the client. */
  private execute(out: Output): void {
    let progressed = false;
    for (let e = this.ready.get(this.lastExec + 1); e; e = this.ready.get(this.lastExec + 1)) {
      this.ready.delete(e.seq);
      this.lastExec = e.seq;
      progressed = true;
      if (e.op === null) continue;
      const key = requestKey(e.client, e.req);
      let value: Json;
      const known = this.config.dedup ? this.replies.get(key) : undefined;
      if (known !== undefined) {
        value = known;
      } else {
        value = this.service.apply(this.state, e.op);
        this.applied += 1;
        this.replies.set(key, value);
        out.events.push({ type: 'apply', replica: this.id, seq: e.seq, client: e.client, req: e.req, stateHash: stateHash(this.state) });
        const broken = this.service.checkInvariant(this.state);
        if (broken) out.events.push({ type: 'invariant', replica: this.id, message: broken });
      }
      if (this.isPrimary) out.events.push({ type: 'commit', replica: this.id, client: e.client, req: e.req, view: this.view, seq: e.seq });
      const p = this.pending.get(key);
      if (p) this.pendingByDigest.delete(p.digest);
      this.pending.delete(key);
      this.reply(e.client, e.req, value, out);
    }
    if (!progressed) return;
    // Executed slots of earlier views are done with (their certificates are kept for view changes).
    for (const [k, s] of this.slots) if (s.seq <= this.lastExec && (s.committed || s.view < this.view)) this.slots.delete(k);
    // The timer runs while requests wait: restarted on progress, stopped when none wait.
    if (this.active) {
      this.stopTimer(out);
      if (this.pending.size > 0) this.startTimer(out);
    }
    if (this.isPrimary) for (const p of [...this.pending.values()]) this.propose(p.msg, out);
  }

  private reply(client: number, req: number, value: Json, out: Output): void {
    out.sends.push({ to: clientAddress(client), msg: { kind: 'reply', client, req, value, view: this.view } });
  }

  // ---- view changes --------------------------------------------------------------

  private startViewChange(view: number, out: Output): void {
    if (view <= this.view && !this.active) return;
    if (this.active && this.primaryOf(this.view) === this.id) {
      out.events.push({ type: 'role', replica: this.id, role: 'backup', view: this.view });
    }
    this.view = view;
    this.active = false;
    this.attempts += 1;
    const msg: ViewChangeMsg = {
      kind: 'pbft-view-change',
      view,
      executed: this.lastExec,
      // Every certificate (no checkpoints): one left out could let the new view fill its seq with the null request.
      prepared: [...this.certificates.values()].sort((a, b) => a.seq - b.seq),
      prePrepared: [...this.prePrepared.values()].sort((a, b) => a.seq - b.seq),
      mac: '',
    };
    this.recordViewChange(this.id, msg);
    this.broadcast(msg, out);
    this.stopTimer(out);
    this.startTimer(out);
    this.tryNewView(out);
    this.tryHeldNewView(view, out);
  }

  private recordViewChange(peer: number, msg: ViewChangeMsg): void {
    if (msg.view < this.view) return;
    let byPeer = this.viewChanges.get(msg.view);
    if (!byPeer) {
      byPeer = new Map();
      this.viewChanges.set(msg.view, byPeer);
    }
    byPeer.set(peer, msg);
  }

  private onViewChange(peer: number, msg: ViewChangeMsg, _now: number, out: Output): void {
    if (msg.view < this.view || (msg.view === this.view && this.active)) return;
    this.recordViewChange(peer, msg);
    // k+1 replicas asking for later views include a correct one: join the lowest of them.
    const later = new Map<number, number>();
    for (const [v, byPeer] of this.viewChanges) {
      if (v <= this.view) continue;
      for (const r of byPeer.keys()) if (r !== this.id) later.set(r, Math.max(later.get(r) ?? 0, v));
    }
    if (later.size >= this.config.k + 1) {
      const views = [...later.values()].sort((a, b) => b - a);
      this.startViewChange(views[this.config.k] ?? this.view + 1, out);
    }
    this.tryNewView(out);
    this.tryHeldNewView(msg.view, out);
  }

  /** The new primary: with a quorum of view changes for its view, starts it. */
  private tryNewView(out: Output): void {
    if (this.active || this.primaryOf(this.view) !== this.id) return;
    const byPeer = this.viewChanges.get(this.view);
    if (!byPeer || byPeer.size < this.quorum) return;
    const from = [...byPeer.keys()].sort((a, b) => a - b);
    const entries = this.chooseEntries(from.map((r) => byPeer.get(r)!));
    if (entries === null) return;
    this.broadcast({ kind: 'new-view', view: this.view, from, entries, mac: '' }, out);
    this.enterView(this.view, entries, out);
  }

  private onNewView(peer: number, msg: NewViewMsg, _now: number, out: Output): void {
    if (msg.view < this.view || (msg.view === this.view && this.active) || peer !== this.primaryOf(msg.view)) return;
    this.heldNewViews.set(msg.view, msg);
    this.tryHeldNewView(msg.view, out);
  }

  /** A backup installs a NEW-VIEW once it holds the view changes it names and computes the same entries. */
  private tryHeldNewView(view: number, out: Output): void {
    const msg = this.heldNewViews.get(view);
    if (!msg || view < this.view || (view === this.view && this.active)) return;
    const byPeer = this.viewChanges.get(view);
    const from = [...new Set(msg.from)];
    if (from.length < this.quorum || !byPeer) return;
    const vcs: ViewChangeMsg[] = [];
    for (const r of from) {
      const vc = byPeer.get(r);
      if (!vc) return; // not here yet: checked again when it comes
      vcs.push(vc);
    }
    const entries = this.chooseEntries(vcs);
    this.heldNewViews.delete(view);
    if (entries === null || canonicalJson(entries as unknown as Json) !== canonicalJson(msg.entries as unknown as Json)) return;
    this.enterView(view, entries, out);
  }

  /**
   * The entries a new view re-proposes, from a quorum (or more) of view changes, or null
   * when they do not decide yet. For each seq above the lowest execution point reported,
   * up to the highest prepared: the request of a prepared claim (view v, digest d) that a
   * quorum does not contradict (no certificate, an earlier view, or the same one) and that
   * k+1 replicas pre-prepared in v or later (A1 and A2); else the null request if a quorum
   * prepared nothing there.
   */
  private chooseEntries(vcs: readonly ViewChangeMsg[]): PbftEntry[] | null {
    const low = Math.min(...vcs.map((v) => v.executed));
    let high = low;
    const certs = vcs.map((v) => new Map(v.prepared.map((c) => [c.seq, c])));
    const pps = vcs.map((v) => new Map(v.prePrepared.map((p) => [p.seq, p])));
    for (const c of certs) for (const s of c.keys()) high = Math.max(high, s);
    const entries: PbftEntry[] = [];
    for (let seq = low + 1; seq <= high; seq++) {
      let chosen: PbftCertificate | null = null;
      for (const byVc of certs) {
        const claim = byVc.get(seq);
        if (!claim || (chosen && chosen.view >= claim.view)) continue;
        const d = digestOf(claim);
        const a1 = certs.filter((c) => {
          const other = c.get(seq);
          return !other || other.view < claim.view || (other.view === claim.view && digestOf(other) === d);
        }).length;
        const a2 = pps.filter((p) => {
          const pp = p.get(seq);
          return pp !== undefined && pp.view >= claim.view && pp.digest === d;
        }).length;
        if (a1 >= this.quorum && a2 >= this.config.k + 1) chosen = claim;
      }
      if (chosen) entries.push({ seq, client: chosen.client, req: chosen.req, op: chosen.op });
      else if (certs.filter((c) => !c.has(seq)).length >= this.quorum) entries.push({ seq, client: 0, req: 0, op: null });
      else return null;
    }
    return entries;
  }

  /** Installs view: its entries re-proposed, the requests still waiting proposed after them. */
  private enterView(view: number, entries: readonly PbftEntry[], out: Output): void {
    this.view = view;
    this.active = true;
    this.attempts = 0;
    this.assigned.clear();
    for (const v of [...this.viewChanges.keys()]) if (v <= view) this.viewChanges.delete(v);
    for (const v of [...this.heldNewViews.keys()]) if (v <= view) this.heldNewViews.delete(v);
    const primary = this.primaryOf(view);
    out.events.push({ type: 'role', replica: this.id, role: primary === this.id ? 'primary' : 'backup', view });
    out.events.push({
      type: 'view',
      replica: this.id,
      view: { number: view, primary, members: Array.from({ length: this.n }, (_, i) => i + 1) },
      via: primary === this.id ? 'self' : 'peer',
    });
    let last = this.lastExec;
    for (const e of entries) {
      last = Math.max(last, e.seq);
      const slot = this.slot(view, e.seq);
      if (e.op !== null) this.assigned.add(requestKey(e.client, e.req));
      if (primary === this.id) {
        this.acceptPrePrepare(slot, e);
        this.check(slot, out);
      } else {
        this.onPrePrepare(slot, e, out);
      }
    }
    this.nextSeq = last + 1;
    // Messages of this view that came early.
    const early = this.future.splice(0).filter((f) => {
      if (f.msg.view !== view) return f.msg.view > view;
      this.onAgreement(f.peer, f.msg, out);
      return false;
    });
    this.future.push(...early);
    this.stopTimer(out);
    if (this.pending.size > 0) this.startTimer(out);
    if (this.isPrimary) for (const p of [...this.pending.values()]) this.propose(p.msg, out);
  }
}

function addVote(votes: Map<string, Set<number>>, digest: string, replica: number): void {
  let s = votes.get(digest);
  if (!s) {
    s = new Set();
    votes.set(digest, s);
  }
  s.add(replica);
}
