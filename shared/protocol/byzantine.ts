/**
 * Byzantine behaviour as faulty code: the replica executes correctly and this filter
 * rewrites what it then sends, the way a corrupted or malicious replica would. Both
 * schemes' replicas pass their outputs through it, in simulation and in real processes.
 */
import type { Json } from '../json.js';
import type { Behavior } from '../scenario.js';
import type { Service } from '../services.js';
import { stateHash } from '../services.js';
import type { Send } from './types.js';
import { replicaIdOf } from './types.js';

/** A wrong value derived from the right one: plausible, and distinct per tag and salt. */
export function forgeValue(value: Json, tag: string, salt: number): Json {
  if (typeof value === 'number') return value + salt;
  if (typeof value === 'string') return `${value}~${tag}`;
  if (typeof value === 'boolean') return !value;
  if (value === null) return `forged-${tag}`;
  if (Array.isArray(value)) return [...value, `forged-${tag}`];
  return { ...value, forged: tag };
}

/** The salt every colluding replica uses, so that all liars agree on one wrong value. */
const COLLUSION_SALT = 100_000;

export class ByzantineFilter {
  private behavior: Behavior | null = null;
  private lastReplyValue: Json = null;
  private sendCount = 0;

  constructor(
    private readonly replica: number,
    private readonly service: Service,
  ) {}

  set(behavior: Behavior | null): void {
    this.behavior = behavior;
  }

  get current(): Behavior | null {
    return this.behavior;
  }

  /** Rewrites one outgoing message; returns null when the message is suppressed. */
  rewrite(send: Send): Send | null {
    const b = this.behavior;
    const msg = send.msg;
    if (b === null) {
      if (msg.kind === 'reply') this.lastReplyValue = msg.value;
      return send;
    }
    if (b === 'silent') return null;
    const id = this.replica;
    this.sendCount += 1;
    const dest = replicaIdOf(send.to) ?? 0;
    switch (msg.kind) {
      case 'reply': {
        let value: Json;
        if (b === 'lie') value = forgeValue(msg.value, `r${id}`, 1000 * id);
        else if (b === 'collude') value = forgeValue(msg.value, 'collusion', COLLUSION_SALT);
        else if (b === 'equivocate') value = forgeValue(msg.value, `r${id}/${this.sendCount}`, 1000 * id + this.sendCount);
        else value = this.lastReplyValue;
        if (b !== 'stale') this.lastReplyValue = msg.value;
        return { to: send.to, msg: { ...msg, value } };
      }
      case 'update':
        // A primary that equivocates tells each backup a different story.
        if (b === 'equivocate') return { to: send.to, msg: { ...msg, op: this.service.corrupt(msg.op, dest) } };
        return send;
      case 'pre-prepare':
        // PBFT: an equivocating primary gives each backup a different request for one sequence
        // number; a stale one reuses the sequence number before this one (already taken).
        if (b === 'equivocate' && msg.op !== null) return { to: send.to, msg: { ...msg, op: this.service.corrupt(msg.op, dest) } };
        if (b === 'stale') return { to: send.to, msg: { ...msg, seq: Math.max(1, msg.seq - 1) } };
        return send;
      case 'prepare':
      case 'commit':
        // PBFT: an equivocating replica votes for a different digest towards each peer.
        if (b === 'equivocate') return { to: send.to, msg: { ...msg, digest: `${msg.digest.slice(0, 24)}~r${id}>${dest}` } };
        return send;
      case 'state-snapshot': {
        if (b === 'stale') return send;
        const salt = b === 'collude' ? COLLUSION_SALT : b === 'equivocate' ? 1000 * id + dest : 1000 * id;
        const state = { ...msg.snapshot.state, forged: salt };
        return { to: send.to, msg: { kind: 'state-snapshot', snapshot: { ...msg.snapshot, state, stateHash: stateHash(state) } } };
      }
      default:
        return send;
    }
  }

  rewriteAll(sends: Send[]): Send[] {
    if (this.behavior === null) {
      // A correct replica sends what it was given; only the last reply is worth keeping.
      for (let i = 0; i < sends.length; i++) {
        const msg = (sends[i] as Send).msg;
        if (msg.kind === 'reply') this.lastReplyValue = msg.value;
      }
      return sends;
    }
    const out: Send[] = [];
    for (const s of sends) {
      const r = this.rewrite(s);
      if (r) out.push(r);
    }
    return out;
  }
}
