/**
 * Schemas for what a replica process may send its parent. A replica is untrusted code
 * from the parent's point of view (it may be Byzantine, buggy or hostile): everything it
 * says is checked here before the relay routes it or the log records it. A message that
 * fails is garbage: logged and dropped, never routed, never a crash.
 */
import { z } from 'zod';
import type { Json } from '../json.js';
import { MAX_REPLICAS } from '../scenario.js';
import type { CoreEvent, Send } from './types.js';

const int = z.number().int();
const nat = int.min(0);
const id = int.min(1).max(MAX_REPLICAS);
const client = int.min(1).max(1000);
const text = z.string().max(10_000);

/** Whether v is plain JSON within bounds (depth 8, strings 10k, 10k items per level). */
function isBoundedJson(v: unknown, depth = 0): boolean {
  if (v === null || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (typeof v === 'string') return v.length <= 10_000;
  if (depth >= 8 || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.length <= 10_000 && v.every((x) => isBoundedJson(x, depth + 1));
  if (Object.getPrototypeOf(v) !== Object.prototype) return false;
  const entries = Object.entries(v);
  return entries.length <= 10_000 && entries.every(([k, x]) => k.length <= 200 && isBoundedJson(x, depth + 1));
}

/** JSON values (results, state): checked by one walk rather than a union per node, which is hot. */
const json = z.custom<Json>((v) => isBoundedJson(v), 'not a bounded JSON value');

const view = z.strictObject({ number: nat, primary: nat, members: z.array(id).max(MAX_REPLICAS) });

const op = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('inc'), by: int }),
  z.strictObject({ type: z.literal('read') }),
  z.strictObject({ type: z.literal('get'), key: text }),
  z.strictObject({ type: z.literal('put'), key: text, value: text }),
  z.strictObject({ type: z.literal('cas'), key: text, expected: text.nullable(), value: text }),
  z.strictObject({ type: z.literal('deposit'), account: text, amount: int }),
  z.strictObject({ type: z.literal('withdraw'), account: text, amount: int }),
  z.strictObject({ type: z.literal('transfer'), from: text, to: text, amount: int }),
  z.strictObject({ type: z.literal('balance'), account: text }),
]);

const snapshot = z.strictObject({
  id: text,
  state: z.custom<{ [key: string]: Json }>((v) => v !== null && typeof v === 'object' && !Array.isArray(v) && isBoundedJson(v), 'not a service state'),
  stateHash: text,
  nextSeq: nat,
  view: view.nullable(),
  updateSeq: nat,
  dedup: z.array(z.tuple([text, json])).max(1_000_000),
});

/** Messages a replica may send (requests, ordered entries and redirects come from elsewhere). */
const message = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('fetch'), fromSeq: nat, toSeq: nat }),
  z.strictObject({ kind: z.literal('reply'), client, req: nat, value: json, view: nat }),
  z.strictObject({ kind: z.literal('redirect'), client, req: nat, view }),
  z.strictObject({ kind: z.literal('update'), view: nat, seq: nat, client, req: nat, op, result: json }),
  z.strictObject({ kind: z.literal('ack'), view: nat, seq: nat }),
  z.strictObject({ kind: z.literal('heartbeat'), view: nat }),
  z.strictObject({ kind: z.literal('stale-view'), view }),
  z.strictObject({ kind: z.literal('heartbeat-ack'), view: nat }),
  z.strictObject({ kind: z.literal('view-change'), view }),
  z.strictObject({ kind: z.literal('propose'), view }),
  z.strictObject({ kind: z.literal('lease'), view: nat, nonce: nat }),
  z.strictObject({ kind: z.literal('state-request') }),
  z.strictObject({ kind: z.literal('state-snapshot'), snapshot }),
]);

const address = z.string().regex(/^(r[1-9][0-9]?|c[1-9][0-9]{0,3}|sequencer|arbiter)$/, 'not an address');

const send = z.strictObject({ to: address, msg: message });

/** Events a replica may report; `replica` must be the sender itself (checked by the parent). */
const event = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('apply'), replica: id, seq: nat, client, req: nat, stateHash: text }),
  z.strictObject({ type: z.literal('role'), replica: id, role: z.enum(['primary', 'backup', 'recovering', 'replica']), view: nat }),
  z.strictObject({ type: z.literal('suspect'), replica: id, suspect: id, silentForMs: z.number().min(0) }),
  z.strictObject({ type: z.literal('view'), replica: id, view, via: z.enum(['arbiter', 'peer', 'self']) }),
  z.strictObject({ type: z.literal('commit'), replica: id, client, req: nat, view: nat, seq: nat }),
  z.strictObject({ type: z.literal('fenced'), replica: id, view: nat, reason: text }),
  z.strictObject({ type: z.literal('snapshot'), replica: id, to: id, snapshotId: text }),
  z.strictObject({ type: z.literal('state-transfer'), replica: id, from: id, snapshotId: text, stateHash: text }),
  z.strictObject({ type: z.literal('invariant'), replica: id, message: text }),
]);

/** What a replica process sends its parent. */
export const replicaToParentSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('output'), sends: z.array(send).max(10_000), events: z.array(event).max(10_000) }),
  z.strictObject({ type: z.literal('cpu'), userMs: z.number().min(0), systemMs: z.number().min(0) }),
  z.strictObject({ type: z.literal('final'), stateHash: text, applied: nat, userMs: z.number().min(0), systemMs: z.number().min(0) }),
]);

export type ReplicaToParent =
  | { type: 'ready' }
  | { type: 'output'; sends: Send[]; events: CoreEvent[] }
  | { type: 'cpu'; userMs: number; systemMs: number }
  | { type: 'final'; stateHash: string; applied: number; userMs: number; systemMs: number };

/** Checks one message from replica `from`; returns it, or a one-line reason it is garbage. */
export function checkReplicaMessage(from: number, raw: unknown): { ok: true; value: ReplicaToParent } | { ok: false; reason: string } {
  const r = replicaToParentSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    return { ok: false, reason: `${issue?.path.join('.') || 'message'}: ${issue?.message ?? 'invalid'}` };
  }
  const value = r.data as ReplicaToParent;
  if (value.type === 'output') {
    // A replica speaks only for itself: events naming another replica are forged.
    const forged = value.events.find((e) => 'replica' in e && e.replica !== from);
    if (forged) return { ok: false, reason: `event ${forged.type} claims to come from replica ${'replica' in forged ? forged.replica : '?'}` };
  }
  return { ok: true, value };
}
