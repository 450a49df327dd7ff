/**
 * Raft (Ongaro and Ousterhout, the extended paper): crash-fault consensus on one log with
 * no trusted helper, no sequencer and no arbiter. Replicas elect a leader per term with
 * randomized election timeouts; the leader appends each client request to its log and
 * replicates it with AppendEntries; an entry is committed once a majority holds it (and
 * only entries of the leader's own term are counted, the paper's Figure 8); every replica
 * applies committed entries in log order. With n = 2k+1, any k replicas may crash and a
 * majority of k+1 still elects and commits; with fewer than a majority up, nothing
 * commits and nothing wrong is answered.
 *
 * Choices a student may ask about:
 *
 * - Reads go through the log like writes: a read is answered once its entry is committed
 *   and applied, which is linearizable without leases or clock assumptions (the simplest
 *   of the paper's options; ReadIndex and leader leases are faster).
 * - At-most-once: a (client, request) table, replicated by applying the log (every replica
 *   builds the same table), answers a retry from the table instead of executing it again.
 *   With the `dedup` option off, a retried request is appended and executed again.
 * - The leader steps down when it has not heard from a majority for an election timeout
 *   (CheckQuorum, as in etcd's raft), so a leader cut off in a minority stops acting as one.
 * - Our replicas keep no disk: a restarted replica has lost its term, its vote and its log.
 *   It takes no part in elections until a leader has brought it up to date, and then votes
 *   only in terms after the next one (it may have voted in that term before it crashed,
 *   and voting twice in a term could elect two leaders).
 * - A replica that knows no leader holds client requests (bounded) and redirects them
 *   once it learns one, and a new leader tells the clients (a view-change message whose
 *   view number is the term), so a failover costs an election more than a client timeout.
 */
import type { Json } from '../json.js';
import { Rng } from '../rng.js';
import type { Behavior } from '../scenario.js';
import type { Op, Service, ServiceState } from '../services.js';
import { getService, stateHash } from '../services.js';
import { ByzantineFilter } from './byzantine.js';
import type { Address, Message, Output, ProtocolConfig, RaftEntry, ReplicaNode } from './types.js';
import { clientAddress, emptyOutput, replicaAddress, replicaIdOf } from './types.js';

/** A Raft replica's role. */
export type RaftRole = 'follower' | 'candidate' | 'leader';

/** Entries one AppendEntries carries at most, so catching up a replica cannot flood the network. */
const MAX_BATCH = 100;
/** Uncommitted entries a leader accepts; beyond this it drops new requests (clients retry). */
const MAX_UNCOMMITTED = 1000;
/** Requests a replica that knows no leader holds until it learns one. */
const MAX_HELD = 1000;

type Step = (from: Address, msg: Message, now: number, out: Output) => void;
type RequestMsg = Extract<Message, { kind: 'request' }>;

const requestKey = (client: number, req: number): string => `${client}:${req}`;

/** The seed of a replica's own random stream (election timeouts): a run is still a function of its seed. */
function replicaSeed(seed: number, id: number, recovering: boolean): number {
  return (Math.imul(seed >>> 0, 2654435761) ^ Math.imul(id, 40503) ^ (recovering ? 0x5bd1e995 : 0)) >>> 0;
}

/** A Raft replica; its role decides which step function handles messages. */
export class RaftReplica implements ReplicaNode {
  readonly address: Address;
  private readonly service: Service;
  private readonly filter: ByzantineFilter;
  private readonly rng: Rng;
  private readonly majority: number;
  private role: RaftRole = 'follower';
  private step: Step;
  private term = 0;
  private votedFor: number | null = null;
  /** log[i - 1] is the entry at index i (Raft's log is 1-based). */
  private readonly log: RaftEntry[] = [];
  private commitIndex = 0;
  private lastApplied = 0;
  private state: ServiceState;
  private applied = 0;
  private readonly dedup = new Map<string, Json>();
  private leaderId: number | null = null;
  private lastHeardFromLeaderAt = 0;
  private readonly votes = new Set<number>();
  /** Leader: per follower, the next index to send (optimistic) and the highest index known replicated. */
  private readonly nextIndex = new Map<number, number>();
  private readonly matchIndex = new Map<number, number>();
  /** Leader: when each follower's match index last moved on, and when it was last heard from. */
  private readonly progressAt = new Map<number, number>();
  private readonly heardAt = new Map<number, number>();
  /** Requests held while no leader is known. */
  private readonly held: { from: Address; msg: RequestMsg }[] = [];
  /** A restarted replica without its log: it neither campaigns nor votes until a leader caught it up. */
  private amnesiac: boolean;
  /** Terms up to this one get no vote from us (set when an amnesiac replica is caught up). */
  private abstainThroughTerm = 0;

  constructor(
    readonly id: number,
    private readonly config: ProtocolConfig,
    options: { recovering: boolean },
  ) {
    this.address = replicaAddress(id);
    this.service = getService(config.service);
    this.filter = new ByzantineFilter(id, this.service);
    this.rng = Rng.fromSeed(replicaSeed(config.seed ?? 1, id, options.recovering));
    this.majority = Math.floor(config.n / 2) + 1;
    this.state = this.service.initial();
    this.amnesiac = options.recovering;
    this.step = this.stepFollower;
  }

  setBehavior(behavior: Behavior | null): void {
    this.filter.set(behavior);
  }

  finalState(): { stateHash: string; applied: number } {
    return { stateHash: stateHash(this.state), applied: this.applied };
  }

  /** For tests: the role, term and log length. */
  get status(): { role: RaftRole; term: number; lastIndex: number; commitIndex: number } {
    return { role: this.role, term: this.term, lastIndex: this.log.length, commitIndex: this.commitIndex };
  }

  private get lastIndex(): number {
    return this.log.length;
  }

  private termAt(index: number): number {
    return index === 0 ? 0 : (this.log[index - 1]?.term ?? -1);
  }

  private finish(out: Output): Output {
    this.assertInvariants(out);
    out.sends = this.filter.rewriteAll(out.sends);
    return out;
  }

  start(now: number): Output {
    const out = emptyOutput();
    this.lastHeardFromLeaderAt = now;
    out.events.push({ type: 'role', replica: this.id, role: 'follower', view: this.term });
    this.resetElectionTimer(out);
    return this.finish(out);
  }

  onMessage(from: Address, msg: Message, now: number): Output {
    const out = emptyOutput();
    const peer = replicaIdOf(from);
    if (peer !== null && 'term' in msg && msg.term > this.term) {
      // Any message of a newer term makes us a follower of that term (Raft's rule for all servers).
      this.becomeFollower(msg.term, msg.kind === 'append-entries' ? peer : null, now, out);
    }
    if (msg.kind === 'request-vote' && peer !== null) this.onRequestVote(peer, msg, now, out);
    else this.step(from, msg, now, out);
    return this.finish(out);
  }

  onTimer(name: string, now: number): Output {
    const out = emptyOutput();
    if (name === 'election') this.onElectionTimeout(now, out);
    else if (name === 'tick' && this.role === 'leader') this.tickLeader(now, out);
    return this.finish(out);
  }

  // ---- transitions -------------------------------------------------------------

  private announceRole(out: Output): void {
    out.events.push({ type: 'role', replica: this.id, role: this.role, view: this.term });
  }

  /** Follows term (and its leader, if known). Legal from every role. */
  private becomeFollower(term: number, leader: number | null, now: number, out: Output): void {
    const changed = this.role !== 'follower' || term !== this.term;
    if (term > this.term) {
      this.term = term;
      this.votedFor = null;
    }
    this.role = 'follower';
    this.step = this.stepFollower;
    this.votes.clear();
    out.timers.push({ name: 'tick', afterMs: null });
    if (changed) this.announceRole(out);
    this.leaderId = null;
    if (leader !== null) this.learnLeader(leader, now, out);
    this.resetElectionTimer(out);
  }

  private becomeCandidate(now: number, out: Output): void {
    if (this.role === 'leader') throw new Error(`invalid transition [leader -> candidate] (replica ${this.id}, term ${this.term})`);
    this.role = 'candidate';
    this.step = this.stepCandidate;
    this.term += 1;
    this.votedFor = this.id;
    this.leaderId = null;
    this.votes.clear();
    this.votes.add(this.id);
    this.announceRole(out);
    this.resetElectionTimer(out);
    const lastLogIndex = this.lastIndex;
    const lastLogTerm = this.termAt(lastLogIndex);
    for (let r = 1; r <= this.config.n; r++) {
      if (r !== this.id) out.sends.push({ to: replicaAddress(r), msg: { kind: 'request-vote', term: this.term, lastLogIndex, lastLogTerm } });
    }
    if (this.votes.size >= this.majority) this.becomeLeader(now, out);
  }

  private becomeLeader(now: number, out: Output): void {
    if (this.role !== 'candidate') throw new Error(`invalid transition [${this.role} -> leader] (replica ${this.id}, term ${this.term})`);
    this.role = 'leader';
    this.step = this.stepLeader;
    this.leaderId = this.id;
    this.announceRole(out);
    out.events.push({ type: 'view', replica: this.id, view: this.termView(), via: 'self' });
    out.timers.push({ name: 'election', afterMs: null });
    // A no-op entry of the new term: committing it commits every earlier entry (Figure 8).
    this.log.push({ term: this.term, client: 0, req: 0, op: null });
    for (let r = 1; r <= this.config.n; r++) {
      if (r === this.id) continue;
      this.nextIndex.set(r, this.lastIndex);
      this.matchIndex.set(r, 0);
      this.progressAt.set(r, now);
      this.heardAt.set(r, now);
      this.sendAppend(r, out);
    }
    out.timers.push({ name: 'tick', afterMs: this.config.heartbeatMs });
    // Tell the clients, so their retries come here rather than to a replica that is gone.
    for (let c = 1; c <= this.config.clients; c++) out.sends.push({ to: clientAddress(c), msg: { kind: 'view-change', view: this.termView() } });
    this.advanceCommit(out);
    for (const h of this.held.splice(0)) this.onClientRequest(h.from, h.msg, out);
  }

  private termView(): { number: number; primary: number; members: number[] } {
    return { number: this.term, primary: this.leaderId ?? 0, members: Array.from({ length: this.config.n }, (_, i) => i + 1) };
  }

  private learnLeader(leader: number, now: number, out: Output): void {
    this.lastHeardFromLeaderAt = now;
    if (this.leaderId === leader) return;
    this.leaderId = leader;
    out.events.push({ type: 'view', replica: this.id, view: this.termView(), via: 'peer' });
    for (const h of this.held.splice(0)) this.redirect(h.from, h.msg, out);
  }

  private resetElectionTimer(out: Output): void {
    const base = this.config.failureTimeoutMs;
    out.timers.push({ name: 'election', afterMs: this.rng.int(base, 2 * base) });
  }

  // ---- elections -----------------------------------------------------------------

  private onElectionTimeout(now: number, out: Output): void {
    if (this.role === 'leader') return;
    if (this.amnesiac) {
      // Without our log we would only disrupt: wait for a leader to bring us up to date.
      this.resetElectionTimer(out);
      return;
    }
    if (this.role === 'follower' && this.leaderId !== null) {
      out.events.push({ type: 'suspect', replica: this.id, suspect: this.leaderId, silentForMs: now - this.lastHeardFromLeaderAt });
    }
    this.becomeCandidate(now, out);
  }

  private onRequestVote(candidate: number, msg: Extract<Message, { kind: 'request-vote' }>, _now: number, out: Output): void {
    const myLastTerm = this.termAt(this.lastIndex);
    const upToDate = msg.lastLogTerm > myLastTerm || (msg.lastLogTerm === myLastTerm && msg.lastLogIndex >= this.lastIndex);
    const granted =
      msg.term === this.term &&
      (this.votedFor === null || this.votedFor === candidate) &&
      upToDate &&
      !this.amnesiac &&
      msg.term > this.abstainThroughTerm &&
      this.role !== 'leader';
    if (granted) {
      this.votedFor = candidate;
      this.resetElectionTimer(out);
    }
    out.sends.push({ to: replicaAddress(candidate), msg: { kind: 'vote-reply', term: this.term, granted } });
  }

  // ---- follower ------------------------------------------------------------------

  private readonly stepFollower: Step = (from, msg, now, out) => {
    const peer = replicaIdOf(from);
    if (msg.kind === 'append-entries' && peer !== null) this.onAppendEntries(peer, msg, now, out);
    else if (msg.kind === 'request') this.onRequestAsNonLeader(from, msg, out);
  };

  private readonly stepCandidate: Step = (from, msg, now, out) => {
    const peer = replicaIdOf(from);
    if (msg.kind === 'vote-reply' && peer !== null) {
      if (msg.term !== this.term || !msg.granted) return;
      this.votes.add(peer);
      if (this.votes.size >= this.majority) this.becomeLeader(now, out);
    } else if (msg.kind === 'append-entries' && peer !== null) {
      // A leader of our term won the election: follow it.
      if (msg.term === this.term) this.becomeFollower(msg.term, peer, now, out);
      this.onAppendEntries(peer, msg, now, out);
    } else if (msg.kind === 'request') {
      this.onRequestAsNonLeader(from, msg, out);
    }
  };

  private onRequestAsNonLeader(from: Address, msg: RequestMsg, out: Output): void {
    if (this.leaderId !== null && this.leaderId !== this.id) this.redirect(from, msg, out);
    else if (this.held.length < MAX_HELD) this.held.push({ from, msg });
  }

  private redirect(from: Address, msg: RequestMsg, out: Output): void {
    out.sends.push({ to: from, msg: { kind: 'redirect', client: msg.client, req: msg.req, view: this.termView() } });
  }

  private onAppendEntries(leader: number, msg: Extract<Message, { kind: 'append-entries' }>, now: number, out: Output): void {
    const reply = (success: boolean, index: number): void => {
      out.sends.push({ to: replicaAddress(leader), msg: { kind: 'append-reply', term: this.term, success, index } });
    };
    if (msg.term < this.term) {
      reply(false, this.lastIndex);
      return;
    }
    this.learnLeader(leader, now, out);
    this.resetElectionTimer(out);
    if (msg.prevLogIndex > this.lastIndex) {
      reply(false, this.lastIndex);
      return;
    }
    if (this.termAt(msg.prevLogIndex) !== msg.prevLogTerm) {
      // Skip back over the whole conflicting term at once (the paper's optimisation in 5.3).
      const conflictTerm = this.termAt(msg.prevLogIndex);
      let i = msg.prevLogIndex;
      while (i > this.commitIndex && this.termAt(i - 1) === conflictTerm) i -= 1;
      reply(false, Math.max(0, i - 1));
      return;
    }
    let index = msg.prevLogIndex;
    for (const entry of msg.entries) {
      index += 1;
      const existing = this.log[index - 1];
      if (existing && existing.term === entry.term) continue;
      if (existing) {
        if (index <= this.commitIndex) {
          out.events.push({ type: 'invariant', replica: this.id, message: `raft: leader ${leader} (term ${msg.term}) conflicts with committed entry ${index}` });
          reply(false, this.commitIndex);
          return;
        }
        this.log.length = index - 1;
      }
      this.log.push({ term: entry.term, client: entry.client, req: entry.req, op: entry.op });
    }
    const matched = msg.prevLogIndex + msg.entries.length;
    if (this.amnesiac && msg.leaderCommit <= matched) {
      // Caught up with a leader: we may vote again, but not in the next term (see the module comment).
      this.amnesiac = false;
      this.abstainThroughTerm = this.term + 1;
    }
    if (msg.leaderCommit > this.commitIndex) this.commitIndex = Math.max(this.commitIndex, Math.min(msg.leaderCommit, matched));
    this.applyCommitted(out);
    reply(true, matched);
  }

  // ---- leader --------------------------------------------------------------------

  private readonly stepLeader: Step = (from, msg, now, out) => {
    const peer = replicaIdOf(from);
    if (msg.kind === 'request') this.onClientRequest(from, msg, out);
    else if (msg.kind === 'append-reply' && peer !== null && msg.term === this.term) this.onAppendReply(peer, msg, now, out);
    else if (msg.kind === 'append-entries' && peer !== null && msg.term === this.term) {
      out.events.push({ type: 'invariant', replica: this.id, message: `raft: two leaders in term ${this.term} (replicas ${this.id} and ${peer})` });
    }
  };

  private onClientRequest(_from: Address, msg: RequestMsg, out: Output): void {
    const key = requestKey(msg.client, msg.req);
    if (this.config.dedup) {
      if (this.dedup.has(key)) {
        this.reply(msg.client, msg.req, this.dedup.get(key) ?? null, out);
        return;
      }
      // Already in the log but not applied yet: its reply comes when it is.
      for (let i = this.lastApplied + 1; i <= this.lastIndex; i++) {
        const e = this.log[i - 1];
        if (e && e.client === msg.client && e.req === msg.req) return;
      }
    }
    if (this.lastIndex - this.commitIndex >= MAX_UNCOMMITTED) return;
    this.log.push({ term: this.term, client: msg.client, req: msg.req, op: msg.op });
    // Followers that have everything before this entry get it now; the others catch up from their replies.
    for (let r = 1; r <= this.config.n; r++) {
      if (r !== this.id && this.nextIndex.get(r) === this.lastIndex) this.sendAppend(r, out);
    }
    this.advanceCommit(out);
  }

  /** Sends follower r the entries from its next index (at most MAX_BATCH), or a heartbeat when it has them all. */
  private sendAppend(r: number, out: Output): void {
    const next = this.nextIndex.get(r) ?? this.lastIndex + 1;
    const prevLogIndex = next - 1;
    const entries = this.log.slice(prevLogIndex, prevLogIndex + MAX_BATCH);
    this.nextIndex.set(r, next + entries.length);
    out.sends.push({
      to: replicaAddress(r),
      msg: { kind: 'append-entries', term: this.term, prevLogIndex, prevLogTerm: this.termAt(prevLogIndex), entries, leaderCommit: this.commitIndex },
    });
  }

  private onAppendReply(peer: number, msg: Extract<Message, { kind: 'append-reply' }>, now: number, out: Output): void {
    this.heardAt.set(peer, now);
    if (msg.success) {
      if (msg.index > (this.matchIndex.get(peer) ?? 0)) {
        this.matchIndex.set(peer, msg.index);
        this.progressAt.set(peer, now);
      }
      if ((this.nextIndex.get(peer) ?? 0) <= msg.index) this.nextIndex.set(peer, msg.index + 1);
      this.advanceCommit(out);
      if ((this.nextIndex.get(peer) ?? 0) <= this.lastIndex) this.sendAppend(peer, out);
      return;
    }
    // Refused: the follower's log ends, or first differs, after msg.index. Back up and resend.
    // A follower that restarted without its log holds less than it once acknowledged.
    if (msg.index < (this.matchIndex.get(peer) ?? 0)) this.matchIndex.set(peer, msg.index);
    const next = Math.max((this.matchIndex.get(peer) ?? 0) + 1, Math.min(msg.index + 1, this.nextIndex.get(peer) ?? 1));
    this.nextIndex.set(peer, next);
    this.sendAppend(peer, out);
  }

  /** Commits the highest index a majority holds, if its entry is of the current term. */
  private advanceCommit(out: Output): void {
    const held = [this.lastIndex];
    for (let r = 1; r <= this.config.n; r++) if (r !== this.id) held.push(this.matchIndex.get(r) ?? 0);
    held.sort((a, b) => b - a);
    const n = held[this.majority - 1] ?? 0;
    if (n > this.commitIndex && this.termAt(n) === this.term) {
      this.commitIndex = n;
      this.applyCommitted(out);
    }
  }

  private tickLeader(now: number, out: Output): void {
    out.timers.push({ name: 'tick', afterMs: this.config.heartbeatMs });
    // CheckQuorum: a leader that has not heard from a majority for an election timeout steps down.
    let heard = 1;
    for (const [, at] of this.heardAt) if (now - at < 2 * this.config.failureTimeoutMs) heard += 1;
    if (heard < this.majority) {
      this.becomeFollower(this.term, null, now, out);
      return;
    }
    const hb = this.config.heartbeatMs;
    for (let r = 1; r <= this.config.n; r++) {
      if (r === this.id) continue;
      const match = this.matchIndex.get(r) ?? 0;
      // Entries unacknowledged for a heartbeat period are sent again from the last one acknowledged.
      if (match < this.lastIndex && now - (this.progressAt.get(r) ?? 0) >= hb) {
        this.nextIndex.set(r, match + 1);
        this.progressAt.set(r, now);
        this.sendAppend(r, out);
      } else {
        // A heartbeat that claims only what the follower is known to hold: it never fails for entries in flight.
        out.sends.push({
          to: replicaAddress(r),
          msg: { kind: 'append-entries', term: this.term, prevLogIndex: match, prevLogTerm: this.termAt(match), entries: [], leaderCommit: this.commitIndex },
        });
      }
    }
  }

  private reply(client: number, req: number, value: Json, out: Output): void {
    out.sends.push({ to: clientAddress(client), msg: { kind: 'reply', client, req, value, view: this.term } });
  }

  // ---- applying ------------------------------------------------------------------

  /** Applies committed entries in log order; the leader records each commit and answers its client. */
  private applyCommitted(out: Output): void {
    while (this.lastApplied < this.commitIndex) {
      const index = this.lastApplied + 1;
      const entry = this.log[index - 1];
      if (!entry) break;
      this.lastApplied = index;
      if (entry.op === null) continue;
      const key = requestKey(entry.client, entry.req);
      let value: Json;
      const known = this.config.dedup ? this.dedup.get(key) : undefined;
      if (known !== undefined) {
        // A retry appended twice (by two leaders): executed once, answered from the table.
        value = known;
      } else {
        value = this.service.apply(this.state, entry.op as Op);
        this.applied += 1;
        if (this.config.dedup) this.dedup.set(key, value);
        out.events.push({ type: 'apply', replica: this.id, seq: index, client: entry.client, req: entry.req, stateHash: stateHash(this.state) });
        const broken = this.service.checkInvariant(this.state);
        if (broken) out.events.push({ type: 'invariant', replica: this.id, message: broken });
      }
      if (this.role === 'leader') {
        out.events.push({ type: 'commit', replica: this.id, client: entry.client, req: entry.req, view: this.term, seq: index });
        this.reply(entry.client, entry.req, value, out);
      }
    }
  }

  /** Raft's invariants after every step; a broken one is recorded, never silent. */
  private assertInvariants(out: Output): void {
    if (this.commitIndex > this.lastIndex || this.lastApplied > this.commitIndex) {
      out.events.push({ type: 'invariant', replica: this.id, message: `raft: commit ${this.commitIndex}, applied ${this.lastApplied}, log ${this.lastIndex}` });
    }
    if (this.role === 'leader' && this.leaderId !== this.id) {
      out.events.push({ type: 'invariant', replica: this.id, message: `raft: a leader that does not know it leads (term ${this.term})` });
    }
  }
}
