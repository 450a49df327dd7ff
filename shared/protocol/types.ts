/**
 * What protocol cores exchange with their driver. A core is a sans-I/O state machine:
 * it is handed a message, a timer firing or a start, with the current time, and hands
 * back an Output (messages to send, timers to set, events to record). The simulator and
 * the real runtime are two drivers of the same cores.
 */
import type { Json } from '../json.js';
import type { Op, ServiceState } from '../services.js';
import type { Behavior, FailureModel, ResolvedTiming, Scheme, ServiceName } from '../scenario.js';

/** A network endpoint: replica `r<N>`, client `c<N>`, or one of the trusted services. */
export type Address = `r${number}` | `c${number}` | 'sequencer' | 'arbiter';

/** Addresses of small ids, made once: cores name a peer or a client on every message. */
const REPLICA_ADDRESSES: Address[] = Array.from({ length: 64 }, (_, id): Address => `r${id}`);
const CLIENT_ADDRESSES: Address[] = Array.from({ length: 256 }, (_, id): Address => `c${id}`);
export const replicaAddress = (id: number): Address => REPLICA_ADDRESSES[id] ?? `r${id}`;
export const clientAddress = (id: number): Address => CLIENT_ADDRESSES[id] ?? `c${id}`;
/** N of an address `<prefix>N` (N a positive decimal without leading zeros), else null. */
function numberAfter(prefix: string, address: string): number | null {
  // By character codes rather than a regular expression: the relay asks this for every message.
  if (address.length < 2 || address[0] !== prefix) return null;
  const first = address.charCodeAt(1);
  if (first < 49 || first > 57) return null; // 1-9
  let n = first - 48;
  for (let i = 2; i < address.length; i++) {
    const c = address.charCodeAt(i);
    if (c < 48 || c > 57) return null;
    n = n * 10 + (c - 48);
  }
  return n;
}
export const replicaIdOf = (address: string): number | null => numberAfter('r', address);
export const clientIdOf = (address: string): number | null => numberAfter('c', address);

/** A primary-backup view: who is primary and which replicas the primary replicates to. */
export interface View {
  number: number;
  primary: number;
  members: number[];
}

/** State handed to a recovering replica. */
export interface Snapshot {
  /** Identifies this snapshot in the event log, so analysis can follow the state's lineage. */
  id: string;
  state: ServiceState;
  stateHash: string;
  /** State-machine replication: the next sequence number to execute. */
  nextSeq: number;
  /** Primary-backup: the view and last update applied, and the replicated dedup table. */
  view: View | null;
  updateSeq: number;
  dedup: [string, Json][];
}

/** Every message that crosses the (real or simulated) network. */
export type Message =
  /** A client asks for op to be executed (to the sequencer, or to the believed primary). */
  | { kind: 'request'; client: number; req: number; op: Op }
  /** The sequencer's totally ordered request, broadcast to every replica. */
  | { kind: 'ordered'; seq: number; client: number; req: number; op: Op }
  /** The sequencer's periodic high-water mark, so a replica that missed the tail notices. */
  | { kind: 'watermark'; nextSeq: number }
  /** A replica that found a gap asks the sequencer to resend a range. */
  | { kind: 'fetch'; fromSeq: number; toSeq: number }
  /** A replica's (or primary's) answer to a client. */
  | { kind: 'reply'; client: number; req: number; value: Json; view: number }
  /** A non-primary tells a client who it believes the primary is. */
  | { kind: 'redirect'; client: number; req: number; view: View }
  /** The primary's update to a backup: op executed at seq in view. */
  | { kind: 'update'; view: number; seq: number; client: number; req: number; op: Op; result: Json }
  /** A backup acknowledges an update. */
  | { kind: 'ack'; view: number; seq: number }
  /** The primary is alive (to backups). */
  | { kind: 'heartbeat'; view: number }
  /** A backup refuses an update or heartbeat from an older view and says which view is in force. */
  | { kind: 'stale-view'; view: View }
  /** A backup is alive (to the primary). */
  | { kind: 'heartbeat-ack'; view: number }
  /** A view is in force (from a replica when fencing is off, from the arbiter when on). */
  | { kind: 'view-change'; view: View }
  /** A replica asks the arbiter to install a view. */
  | { kind: 'propose'; view: View }
  /** The primary asks the arbiter to extend its lease. */
  | { kind: 'lease'; view: number; nonce: number }
  /** The arbiter grants the lease for leaseMs from the request's sending. */
  | { kind: 'lease-grant'; view: number; nonce: number; leaseMs: number }
  /** A recovering replica asks a peer for its state. */
  | { kind: 'state-request' }
  /** A peer's state, for a recovering replica. */
  | { kind: 'state-snapshot'; snapshot: Snapshot }
  /** Raft: a candidate asks for a vote in its term (its log's last index and term, for the up-to-date check). */
  | { kind: 'request-vote'; term: number; lastLogIndex: number; lastLogTerm: number }
  /** Raft: a replica's answer to a candidate: its term and whether it gave its vote. */
  | { kind: 'vote-reply'; term: number; granted: boolean }
  /** Raft: the leader's entries after prevLogIndex (none: a heartbeat), and how far the log is committed. */
  | { kind: 'append-entries'; term: number; prevLogIndex: number; prevLogTerm: number; entries: RaftEntry[]; leaderCommit: number }
  /** Raft: a follower's answer: on success the last index it now matches, else where its log ends or first differs. */
  | { kind: 'append-reply'; term: number; success: boolean; index: number }
  /** PBFT: the primary assigns a request (or, op null, the null request) sequence number seq in view; mac authenticates it to its receiver. */
  | { kind: 'pre-prepare'; view: number; seq: number; client: number; req: number; op: Op | null; mac: string }
  /** PBFT: a backup accepted the pre-prepare with this digest for (view, seq), to every replica. */
  | { kind: 'prepare'; view: number; seq: number; digest: string; mac: string }
  /** PBFT: a replica holds a prepared certificate for (view, seq, digest), to every replica. */
  | { kind: 'commit'; view: number; seq: number; digest: string; mac: string }
  /** PBFT: a replica moves to view and reports what it prepared and pre-prepared, and how far it executed. */
  | { kind: 'pbft-view-change'; view: number; executed: number; prepared: PbftCertificate[]; prePrepared: PbftPrePrepared[]; mac: string }
  /** PBFT: the new primary starts view from the view changes of the replicas in `from`, re-proposing `entries`. */
  | { kind: 'new-view'; view: number; from: number[]; entries: PbftEntry[]; mac: string };

/** Raft: one log entry, a client's request or (client 0, op null) a new leader's no-op. */
export interface RaftEntry {
  term: number;
  client: number;
  req: number;
  op: Op | null;
}

/** PBFT: a request at a sequence number (client 0, req 0, op null: the null request that fills a gap). */
export interface PbftEntry {
  seq: number;
  client: number;
  req: number;
  op: Op | null;
}

/** PBFT: a replica's claim that it prepared this entry in view (the highest such view for its seq). */
export interface PbftCertificate extends PbftEntry {
  view: number;
}

/** PBFT: the last pre-prepare a replica accepted for seq: its view and digest. */
export interface PbftPrePrepared {
  seq: number;
  view: number;
  digest: string;
}

export type MessageKind = Message['kind'];

export interface Send {
  to: Address;
  msg: Message;
}

/** Set (or reset) the named timer to fire after afterMs; afterMs null cancels it. */
export interface TimerRequest {
  name: string;
  afterMs: number | null;
}

/** Events a core reports; the driver stamps time on them and appends them to the log. */
export type CoreEvent =
  | { type: 'apply'; replica: number; seq: number; client: number; req: number; stateHash: string }
  | { type: 'role'; replica: number; role: Role; view: number }
  | { type: 'suspect'; replica: number; suspect: number; silentForMs: number }
  | { type: 'view'; replica: number; view: View; via: 'arbiter' | 'peer' | 'self' }
  | { type: 'commit'; replica: number; client: number; req: number; view: number; seq: number }
  | { type: 'fenced'; replica: number; view: number; reason: string }
  | { type: 'snapshot'; replica: number; to: number; snapshotId: string }
  | { type: 'state-transfer'; replica: number; from: number; snapshotId: string; stateHash: string }
  | { type: 'invariant'; replica: number; message: string }
  | { type: 'order'; seq: number; client: number; req: number }
  | { type: 'arbiter'; decision: 'accepted' | 'rejected' | 'deferred'; view: View; proposer: number; reason: string }
  | ClientEvent;

/** Events of the client side (issue, vote, accept, give up). */
export type ClientEvent =
  | { type: 'request'; client: number; req: number; op: Op; to: Address }
  | { type: 'retry'; client: number; req: number; attempt: number; to: Address }
  | { type: 'timeout'; client: number; req: number; attempt: number }
  | {
      type: 'vote';
      client: number;
      req: number;
      from: number;
      value: Json;
      tally: { value: Json; replicas: number[] }[];
      threshold: number;
      decision: VoteDecision;
    }
  | { type: 'accept'; client: number; req: number; value: Json; from: number[]; latencyMs: number }
  | { type: 'give-up'; client: number; req: number; replies: number };

/** A replica's role: primary-backup's primary/backup/recovering, SMR's replica, Raft's leader/follower/candidate. */
export type Role = 'primary' | 'backup' | 'recovering' | 'replica' | 'leader' | 'follower' | 'candidate';
export type VoteDecision = 'pending' | 'accepted' | 'no-majority';

export interface Output {
  sends: Send[];
  timers: TimerRequest[];
  events: CoreEvent[];
}

export const emptyOutput = (): Output => ({ sends: [], timers: [], events: [] });

/** A protocol node: a replica, a client, the sequencer or the arbiter. */
export interface ProtocolNode {
  readonly address: Address;
  start(now: number): Output;
  onMessage(from: Address, msg: Message, now: number): Output;
  onTimer(name: string, now: number): Output;
}

/** A replica additionally has a Byzantine switch and a final state to report. */
export interface ReplicaNode extends ProtocolNode {
  readonly id: number;
  setBehavior(behavior: Behavior | null): void;
  finalState(): { stateHash: string; applied: number };
}

/** What every core needs to know about the run's configuration: its shape, options and timers (one knob, one timer: see ResolvedTiming). */
export interface ProtocolConfig extends ResolvedTiming {
  scheme: Scheme;
  failureModel: FailureModel;
  service: ServiceName;
  n: number;
  k: number;
  clients: number;
  dedup: boolean;
  fencing: boolean;
  /** The scenario's seed, for cores with their own random choices (Raft's election timeouts). */
  seed?: number;
}

/** Replies a value must match to be accepted: k+1 under arbitrary failures, 1 under fail-stop. */
export function voteThreshold(config: Pick<ProtocolConfig, 'failureModel' | 'k'>): number {
  return config.failureModel === 'arbitrary' ? config.k + 1 : 1;
}
