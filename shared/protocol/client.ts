/**
 * A client of the replicated service: it issues requests open-loop at its share of the
 * workload rate, times out and retries, and decides which reply to accept. Under
 * state-machine replication it sends to the sequencer and votes on the replicas'
 * replies; under primary-backup it sends to the primary it believes in, follows
 * redirects and view announcements, and takes the first reply. Under Raft it does the
 * same with the leader it believes in (a view's number is then the leader's term).
 * Under PBFT it sends every request, and every retry, to all replicas (so each backup
 * watches the primary) and votes: k+1 matching replies, one of them from a correct replica.
 */
import type { Json } from '../json.js';
import type { Rng } from '../rng.js';
import type { Op, Service } from '../services.js';
import { getService } from '../services.js';
import type { Vote } from './voter.js';
import { tallyVotes } from './voter.js';
import type { Address, Message, Output, ProtocolConfig, ProtocolNode, View } from './types.js';
import { clientAddress, emptyOutput, replicaAddress, replicaIdOf, voteThreshold } from './types.js';

export interface WorkloadPlan {
  /** When this client issues its first request. */
  firstAtMs: number;
  /** Time between two of its requests. */
  intervalMs: number;
  /** It issues no request at or after this time. */
  untilMs: number;
}

/** Splits an open-loop workload evenly over clients, staggered so they do not fire together. */
export function planWorkload(client: number, clients: number, ratePerSecond: number, durationMs: number): WorkloadPlan {
  const intervalMs = (1000 * clients) / ratePerSecond;
  return { firstAtMs: ((client - 1) * 1000) / ratePerSecond, intervalMs, untilMs: durationMs };
}

interface Outstanding {
  req: number;
  op: Op;
  issuedAt: number;
  attempt: number;
  votes: Vote[];
  target: Address;
  /** The view number the client believed in when it last sent this request. */
  sentInView: number;
}

export class Client implements ProtocolNode {
  readonly address: Address;
  private readonly service: Service;
  private nextReq = 1;
  private readonly outstanding = new Map<number, Outstanding>();
  private believed: View;
  private issued = 0;
  private readonly threshold: number;

  constructor(
    readonly id: number,
    private readonly config: ProtocolConfig,
    private readonly plan: WorkloadPlan,
    private readonly rng: Rng,
  ) {
    this.address = clientAddress(id);
    this.service = getService(config.service);
    // Raft starts with no leader (term 0): the first redirect naming one, of term 1 or later, is news.
    // PBFT's views count from 0 too (replica 1 is the primary of view 0).
    this.believed = { number: config.scheme === 'raft' || config.scheme === 'pbft' ? 0 : 1, primary: 1, members: [] };
    this.threshold = config.scheme === 'state-machine' || config.scheme === 'pbft' ? voteThreshold(config) : 1;
  }

  /** PBFT: replicas that replied from each later view; k+1 of them make the client believe in it. */
  private readonly viewReports = new Map<number, Set<number>>();

  /** Sends a request: to the sequencer or the believed primary, and under PBFT to every replica. */
  private sendRequest(msg: Message, out: Output): void {
    if (this.config.scheme !== 'pbft') {
      out.sends.push({ to: this.target(), msg });
      return;
    }
    for (let r = 1; r <= this.config.n; r++) out.sends.push({ to: replicaAddress(r), msg });
  }

  /** True once the client has issued its whole workload and has nothing outstanding. */
  get done(): boolean {
    return this.outstanding.size === 0 && this.nextIssueAt() >= this.plan.untilMs;
  }

  get issuedCount(): number {
    return this.issued;
  }

  private nextIssueAt(): number {
    return this.plan.firstAtMs + (this.nextReq - 1) * this.plan.intervalMs;
  }

  start(now: number): Output {
    const out = emptyOutput();
    const at = this.nextIssueAt();
    if (at < this.plan.untilMs) out.timers.push({ name: 'issue', afterMs: Math.max(0, at - now) });
    return out;
  }

  private target(): Address {
    return this.config.scheme === 'state-machine' ? 'sequencer' : replicaAddress(this.believed.primary);
  }

  onTimer(name: string, now: number): Output {
    const out = emptyOutput();
    if (name === 'issue') {
      this.issue(now, out);
      const at = this.nextIssueAt();
      if (at < this.plan.untilMs) out.timers.push({ name: 'issue', afterMs: Math.max(0, at - now) });
    } else if (name.startsWith('timeout:')) {
      this.onRequestTimeout(Number(name.slice(8)), now, out);
    }
    return out;
  }

  private issue(now: number, out: Output): void {
    const req = this.nextReq++;
    this.issued += 1;
    const op = this.service.randomOp(this.rng, this.id, req);
    const to = this.target();
    this.outstanding.set(req, { req, op, issuedAt: now, attempt: 1, votes: [], target: to, sentInView: this.believed.number });
    out.events.push({ type: 'request', client: this.id, req, op, to });
    this.sendRequest({ kind: 'request', client: this.id, req, op }, out);
    out.timers.push({ name: `timeout:${req}`, afterMs: this.config.clientTimeoutMs });
  }

  private onRequestTimeout(req: number, now: number, out: Output): void {
    const o = this.outstanding.get(req);
    if (!o) return;
    out.events.push({ type: 'timeout', client: this.id, req, attempt: o.attempt });
    if (o.attempt > this.config.clientRetries) {
      this.outstanding.delete(req);
      out.events.push({ type: 'give-up', client: this.id, req, replies: new Set(o.votes.map((v) => v.replica)).size });
      return;
    }
    o.attempt += 1;
    if ((this.config.scheme === 'primary-backup' || this.config.scheme === 'raft') && o.target === this.target() && o.sentInView === this.believed.number) {
      // No news of a new primary since we sent: try the next replica, which redirects if it knows better.
      this.believed = { ...this.believed, primary: (this.believed.primary % this.config.n) + 1 };
    }
    this.resend(o, now, out);
  }

  private resend(o: Outstanding, _now: number, out: Output): void {
    o.target = this.target();
    o.sentInView = this.believed.number;
    out.events.push({ type: 'retry', client: this.id, req: o.req, attempt: o.attempt, to: o.target });
    this.sendRequest({ kind: 'request', client: this.id, req: o.req, op: o.op }, out);
    out.timers.push({ name: `timeout:${o.req}`, afterMs: this.config.clientTimeoutMs });
  }

  onMessage(from: Address, msg: Message, now: number): Output {
    const out = emptyOutput();
    const replica = replicaIdOf(from);
    if (msg.kind === 'reply' && replica !== null && msg.client === this.id) {
      if (this.config.scheme === 'pbft' && msg.view > this.believed.number) this.onViewReport(replica, msg.view);
      this.onReply(replica, msg.req, msg.value, now, out);
    } else if ((msg.kind === 'redirect' || msg.kind === 'view-change') && this.config.scheme === 'primary-backup') {
      if (msg.view.number > this.believed.number) {
        this.believed = { number: msg.view.number, primary: msg.view.primary, members: [...msg.view.members] };
        // A redirect answers a retry sent to the wrong replica: follow it at once.
        if (msg.kind === 'redirect') {
          const o = this.outstanding.get(msg.req);
          if (o && o.target !== this.target()) this.resend(o, now, out);
        }
      }
    } else if ((msg.kind === 'redirect' || msg.kind === 'view-change') && this.config.scheme === 'raft') {
      this.onLeaderNews(msg.view, msg.kind === 'redirect' ? msg.req : null, now, out);
    }
    return out;
  }

  /**
   * Raft: a replica names the leader of a term (a redirect, or the leader announcing itself).
   * A leader of our term or a later one is believed even if we had moved on to guessing
   * another replica after a timeout: a guess is not knowledge. A replica that knows no
   * leader names none (primary 0): nothing to follow.
   */
  private onLeaderNews(view: View, req: number | null, now: number, out: Output): void {
    if (view.primary < 1 || view.number < this.believed.number) return;
    this.believed = { number: view.number, primary: view.primary, members: [...view.members] };
    // A redirect answers one request sent to the wrong replica; an announcement, all of them.
    const waiting = req === null ? [...this.outstanding.values()] : [this.outstanding.get(req)];
    for (const o of waiting) if (o && o.target !== this.target()) this.resend(o, now, out);
  }

  /** PBFT: k+1 replicas replying from a later view (one is correct) tell the client who is primary now. */
  private onViewReport(replica: number, view: number): void {
    const seen = this.viewReports.get(view) ?? new Set<number>();
    seen.add(replica);
    this.viewReports.set(view, seen);
    if (seen.size < this.config.k + 1) return;
    this.believed = { number: view, primary: (view % this.config.n) + 1, members: [] };
    for (const v of [...this.viewReports.keys()]) if (v <= view) this.viewReports.delete(v);
  }

  private onReply(replica: number, req: number, value: Json, now: number, out: Output): void {
    const o = this.outstanding.get(req);
    if (!o) return;
    o.votes.push({ replica, value });
    const result = tallyVotes(o.votes, this.threshold, this.config.n);
    if (this.config.scheme === 'state-machine' || this.config.scheme === 'pbft') {
      out.events.push({
        type: 'vote',
        client: this.id,
        req,
        from: replica,
        value,
        tally: result.tally,
        threshold: this.threshold,
        decision: result.decision,
      });
    }
    if (result.decision !== 'accepted') return;
    this.outstanding.delete(req);
    out.timers.push({ name: `timeout:${req}`, afterMs: null });
    const accepted = result.value ?? null;
    const from = result.tally[0]?.replicas ?? [replica];
    // To the microsecond, as real-mode times are (a difference of two times is no rounder).
    out.events.push({ type: 'accept', client: this.id, req, value: accepted, from, latencyMs: Math.round((now - o.issuedAt) * 1000) / 1000 });
  }
}
