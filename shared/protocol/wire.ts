/**
 * Schemas for what a replica process may send its parent. A replica is untrusted code
 * from the parent's point of view (it may be Byzantine, buggy or hostile): everything it
 * says is checked here before the relay routes it or the log records it. A message that
 * fails is garbage: logged and dropped, never routed, never a crash.
 */
import type { Json } from '../json.js';
import { MAX_REPLICAS } from '../scenario.js';
import type { Check } from './check.js';
import { array, boolean, boundedJson, custom, describeFailure, integer, isPlainObject, literal, nullable, number, object, oneOf, pattern, string, tuple, variants } from './check.js';
import type { Address, CoreEvent, Send } from './types.js';

const int = integer(Number.MIN_SAFE_INTEGER);
const nat = integer(0);
const id = integer(1, MAX_REPLICAS);
const client = integer(1, 1000);
const text = string(10_000);
const ms = number(0);

/** JSON values (results, state), within bounds: depth 8, strings 10k, 10k items per level. */
const json = custom<Json>((v) => boundedJson(v), 'not a bounded JSON value');

const view = object({ number: nat, primary: nat, members: array(id, MAX_REPLICAS) });

const op = variants('type', {
  inc: object({ type: literal('inc'), by: int }),
  read: object({ type: literal('read') }),
  get: object({ type: literal('get'), key: text }),
  put: object({ type: literal('put'), key: text, value: text }),
  cas: object({ type: literal('cas'), key: text, expected: nullable(text), value: text }),
  deposit: object({ type: literal('deposit'), account: text, amount: int }),
  withdraw: object({ type: literal('withdraw'), account: text, amount: int }),
  transfer: object({ type: literal('transfer'), from: text, to: text, amount: int }),
  balance: object({ type: literal('balance'), account: text }),
});

const snapshot = object({
  id: text,
  state: custom<{ [key: string]: Json }>((v) => isPlainObject(v) && boundedJson(v), 'not a service state'),
  stateHash: text,
  nextSeq: nat,
  view: nullable(view),
  updateSeq: nat,
  dedup: array(tuple(text, json), 1_000_000),
});

/** A Raft log entry: a client's request, or a new leader's no-op (client 0, op null). */
const raftEntry = object({ term: nat, client: integer(0, 1000), req: nat, op: nullable(op) });

/** PBFT: a request at a sequence number (client 0 and op null: the null request), a prepared claim, a pre-prepare seen. */
const pbftEntry = { seq: nat, client: integer(0, 1000), req: nat, op: nullable(op) };
const pbftCertificate = object({ ...pbftEntry, view: nat });
const digest = string(64);
/** PBFT's MAC: hex (checked by the receiving replica, not here: the relay holds no keys). */
const mac = string(128);

/** Messages a replica may send (requests, ordered entries and redirects come from elsewhere). */
const message = variants('kind', {
  fetch: object({ kind: literal('fetch'), fromSeq: nat, toSeq: nat }),
  reply: object({ kind: literal('reply'), client, req: nat, value: json, view: nat }),
  redirect: object({ kind: literal('redirect'), client, req: nat, view }),
  update: object({ kind: literal('update'), view: nat, seq: nat, client, req: nat, op, result: json }),
  ack: object({ kind: literal('ack'), view: nat, seq: nat }),
  heartbeat: object({ kind: literal('heartbeat'), view: nat }),
  'stale-view': object({ kind: literal('stale-view'), view }),
  'heartbeat-ack': object({ kind: literal('heartbeat-ack'), view: nat }),
  'view-change': object({ kind: literal('view-change'), view }),
  propose: object({ kind: literal('propose'), view }),
  lease: object({ kind: literal('lease'), view: nat, nonce: nat }),
  'state-request': object({ kind: literal('state-request') }),
  'state-snapshot': object({ kind: literal('state-snapshot'), snapshot }),
  'request-vote': object({ kind: literal('request-vote'), term: nat, lastLogIndex: nat, lastLogTerm: nat }),
  'vote-reply': object({ kind: literal('vote-reply'), term: nat, granted: boolean() }),
  'append-entries': object({ kind: literal('append-entries'), term: nat, prevLogIndex: nat, prevLogTerm: nat, entries: array(raftEntry, 1000), leaderCommit: nat }),
  'append-reply': object({ kind: literal('append-reply'), term: nat, success: boolean(), index: nat }),
  'pre-prepare': object({ kind: literal('pre-prepare'), view: nat, ...pbftEntry, mac }),
  prepare: object({ kind: literal('prepare'), view: nat, seq: nat, digest, mac }),
  commit: object({ kind: literal('commit'), view: nat, seq: nat, digest, mac }),
  'pbft-view-change': object({
    kind: literal('pbft-view-change'),
    view: nat,
    executed: nat,
    prepared: array(pbftCertificate, 100_000),
    prePrepared: array(object({ seq: nat, view: nat, digest }), 100_000),
    mac,
  }),
  'new-view': object({ kind: literal('new-view'), view: nat, from: array(id, MAX_REPLICAS), entries: array(object(pbftEntry), 100_000), mac }),
});

const address = pattern<Address>(/^(r[1-9][0-9]?|c[1-9][0-9]{0,3}|sequencer|arbiter)$/, 'an address');

const send = object({ to: address, msg: message });

/** Events a replica may report; `replica` must be the sender itself (checked by the parent). */
const event = variants('type', {
  apply: object({ type: literal('apply'), replica: id, seq: nat, client, req: nat, stateHash: text }),
  role: object({ type: literal('role'), replica: id, role: oneOf(['primary', 'backup', 'recovering', 'replica', 'leader', 'follower', 'candidate']), view: nat }),
  suspect: object({ type: literal('suspect'), replica: id, suspect: id, silentForMs: ms }),
  view: object({ type: literal('view'), replica: id, view, via: oneOf(['arbiter', 'peer', 'self']) }),
  commit: object({ type: literal('commit'), replica: id, client, req: nat, view: nat, seq: nat }),
  fenced: object({ type: literal('fenced'), replica: id, view: nat, reason: text }),
  snapshot: object({ type: literal('snapshot'), replica: id, to: id, snapshotId: text }),
  'state-transfer': object({ type: literal('state-transfer'), replica: id, from: id, snapshotId: text, stateHash: text }),
  invariant: object({ type: literal('invariant'), replica: id, message: text }),
});

export type ReplicaToParent =
  | { type: 'ready' }
  | { type: 'output'; sends: Send[]; events: CoreEvent[] }
  | { type: 'cpu'; userMs: number; systemMs: number }
  | { type: 'final'; stateHash: string; applied: number; userMs: number; systemMs: number };

/** What a replica process sends its parent (what passes this is a ReplicaToParent: checked by the compiler). */
export const replicaToParent: Check<ReplicaToParent> = variants('type', {
  ready: object({ type: literal('ready') }),
  output: object({ type: literal('output'), sends: array(send, 10_000), events: array(event, 10_000) }),
  cpu: object({ type: literal('cpu'), userMs: ms, systemMs: ms }),
  final: object({ type: literal('final'), stateHash: text, applied: nat, userMs: ms, systemMs: ms }),
});

/** Checks one message from replica `from`; returns it, or a one-line reason it is garbage. */
export function checkReplicaMessage(from: number, raw: unknown): { ok: true; value: ReplicaToParent } | { ok: false; reason: string } {
  const failed = replicaToParent(raw);
  if (failed) return { ok: false, reason: describeFailure(failed) };
  const value = raw as ReplicaToParent;
  if (value.type === 'output') {
    // A replica speaks only for itself: events naming another replica are forged.
    for (const e of value.events) {
      if ('replica' in e && e.replica !== from) return { ok: false, reason: `event ${e.type} claims to come from replica ${e.replica}` };
    }
  }
  return { ok: true, value };
}
