/**
 * From an event log to the run summary of DESIGN.md, using nothing but the log. The
 * reference model (oracle) applies each request once, in the order the system committed
 * it: the sequencer's order under state-machine replication, and under primary-backup
 * the order of the state the service ends with (the lineage of the final primary's
 * state, followed through state transfers), and under Raft the log order (each commit
 * event carries its log index), and under PBFT the sequence order the replicas that
 * never misbehaved executed (each apply event carries its sequence number). A reply is
 * correct when it equals the oracle's result for that request.
 */
import type { Json } from '../json.js';
import { createSha256, jsonEqual } from '../json.js';
import type { RunEvent, RunMode } from '../events.js';
import { serializeEvent } from '../events.js';
import type { Behavior, FailureModel, Scenario, Scheme, ServiceName } from '../scenario.js';
import type { Op } from '../services.js';
import { getService } from '../services.js';
import type { HistoryOp } from './linearizability.js';
import { checkLinearizability, MAX_SEARCHED_OPERATIONS, searched } from './linearizability.js';
import { SuspicionCauses } from './noise.js';

export type Outcome = 'answered-correct' | 'answered-wrong' | 'lost' | 'undecided' | 'unresolved';

export interface Failover {
  atMs: number;
  from: number;
  to: number;
  /** From the old primary's failure (the fault, or its last sign of life) to the first suspicion. */
  detectMs: number;
  /** From that failure to the new primary's first committed reply (to the run's end if none). */
  unavailableMs: number;
}

export interface RunSummary {
  scheme: Scheme;
  mode: RunMode;
  seed: number;
  n: number;
  k: number;
  failureModel: FailureModel;
  service: string;
  scenarioName: string;
  requests: {
    issued: number;
    answeredCorrect: number;
    answeredWrong: number;
    lost: number;
    undecided: number;
    executedTwice: number;
    /** Still outstanding when the run was stopped (only in stopped or incomplete runs). */
    unresolved: number;
  };
  latencyMs: { p50: number | null; p99: number | null };
  throughputRps: number;
  votes: { decided: number; undecided: number; wrongDecided: number };
  failovers: Failover[];
  splitBrain: boolean;
  messages: { total: number; perRequest: number; dropped: number };
  cpuMsPerRequest: number | null;
  divergence: { diverged: boolean; stateHashes: Record<string, string | null> };
  invariantViolations: number;
  /** Messages replicas sent that were not valid (discarded by the relay). */
  garbageMessages: number;
  /**
   * Whether the clients' history is linearizable (one real-time-respecting sequential
   * order gives every accepted answer); null when not checked or the search gave up.
   */
  linearizability: { checked: boolean; linearizable: boolean | null; violation: string | null };
  /** Replicas that behaved Byzantine at some point of the run. */
  byzantineReplicas: number[];
  durationMs: number;
  complete: boolean;
  eventCount: number;
  eventLogSha256: string;
  /**
   * Real mode only (absent in simulation, which has no scheduling noise): suspicions that no
   * injected fault, partition or pause of the lab explains (shared/analysis/noise.ts). On a
   * busy machine a replica process not scheduled in time is suspected all the same.
   */
  suspicionsWithoutFault?: number;
}

export interface RequestRecord {
  client: number;
  req: number;
  op: Op;
  issuedAt: number;
  outcome: Outcome;
  value?: Json;
  expected?: Json;
  latencyMs?: number;
  /** When the client accepted the answer (absent when it never did). */
  acceptedAt?: number;
  executions: number;
}

export interface Analysis {
  summary: RunSummary;
  requests: RequestRecord[];
}

const key = (client: number, req: number): string => `${client}:${req}`;

/** The nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? null;
}

const round = (x: number, digits = 3): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

const roundOrNull = (x: number | null): number | null => (x === null ? null : round(x));

/** The SHA-256 of a log as its JSONL file holds it: its lines hashed in pieces of about 64 KB (one call per line costs more than the hashing). */
export function logSha256(events: readonly RunEvent[]): string {
  const h = createSha256();
  let piece = '';
  for (const e of events) {
    piece += `${serializeEvent(e)}\n`;
    if (piece.length >= 65_536) {
      h.update(piece);
      piece = '';
    }
  }
  if (piece.length > 0) h.update(piece);
  return h.hex();
}

export interface AnalyzeOptions {
  /** Also check the history for linearizability (bounded search; off for live re-analysis). */
  linearizability?: boolean;
  /**
   * The event log's SHA-256 when the caller has it already (the log writer hashes each
   * line as it writes it), or false to leave it out ('' in the summary: a live view that
   * is replaced by the final summary needs no digest). By default it is computed.
   */
  logSha256?: string | false;
}

/** The ints under one or more IntLists; the first `used` are written. */
interface IntBuffer {
  data: Int32Array;
  used: number;
}

/**
 * A list of int32 (a replica's executions, by request index) whose copies share its ints:
 * a state transfer's snapshot is a copy of the sender's list, taken from every peer of a
 * recovering replica, so a copy must cost nothing while the lists agree. Each copy reads
 * the shared buffer up to its own length; the one whose end is the buffer's end appends
 * in place, any other gets a buffer of its own on its first push (copy on write). A
 * recovery with n - 1 snapshots so holds one list's ints, not n - 1 copies of them.
 */
class IntList {
  private buf: IntBuffer;
  length = 0;

  constructor(capacity = 64) {
    this.buf = { data: new Int32Array(capacity), used: 0 };
  }

  push(x: number): void {
    let b = this.buf;
    if (this.length !== b.used || b.used === b.data.length) {
      // Full, or another list sharing the buffer wrote past this one's end: a buffer of its own.
      const wider = new Int32Array(Math.max(64, this.length * 2));
      wider.set(b.data.subarray(0, this.length));
      b = this.buf = { data: wider, used: this.length };
    }
    b.data[b.used++] = x;
    this.length++;
  }

  at(i: number): number {
    return this.buf.data[i] as number;
  }

  /** The same list, sharing its ints until one of the two is pushed to. */
  copy(): IntList {
    const c = new IntList(0);
    c.buf = this.buf;
    c.length = this.length;
    return c;
  }
}

const EMPTY_LIST = new IntList(0);

export interface FinishOptions extends AnalyzeOptions {
  /**
   * Build the request records (default true). A run folded as it streams past may leave
   * them out: counts, latencies and every summary figure are the same, `requests` is empty.
   */
  records?: boolean;
}

/**
 * The analysis as a fold over the log: `add` each event in order, then `finish`. It keeps
 * what the summary needs and no event: per request a few numbers (by a dense index, not
 * by an object or a string per event), per replica the indices of the requests it
 * executed. A simulated run of millions of events can so be analysed as it is generated,
 * without its log in memory (`analyze` is this fold over an array).
 */
export class LogAnalyzer {
  private scenario: Scenario | null = null;
  private start: Extract<RunEvent, { type: 'run-start' }> | null = null;
  private count = 0;
  /** Each request key seen (`client:req`) and its dense index. */
  private readonly indexOf = new Map<string, number>();
  private size = 0;
  /** Per index: whether a request event issued it, and its fields. */
  private issued: boolean[] = [];
  private clientOf: number[] = [];
  private reqOf: number[] = [];
  private opOf: (Op | undefined)[] = [];
  private issuedAtOf: number[] = [];
  /** Per index: the accepted answer (NaN time when none). */
  private acceptedAtOf: number[] = [];
  private acceptedValueOf: Json[] = [];
  private latencyOf: number[] = [];
  /** Per index: the replies the client had when it gave up (NaN when it did not). */
  private gaveUpOf: number[] = [];
  /** Request indices in the order their request events came (the records' order). */
  private readonly requestOrder: number[] = [];
  private readonly seqs: number[] = [];
  private readonly seqIndex: number[] = [];
  private readonly lineage = new Map<number, IntList>();
  private readonly snapshotLineage = new Map<string, IntList>();
  private readonly lastRole = new Map<number, { role: string; view: number }>();
  private readonly tenures: { replica: number; start: number; end: number }[] = [];
  private readonly openTenure = new Map<number, { replica: number; start: number; end: number }>();
  /** Commit times by replica (only primaries and leaders commit). */
  private readonly commits = new Map<number, number[]>();
  /** Raft and PBFT: the entry committed at each log index (the first commit seen), and who committed in which term. */
  private readonly raftLog = new Map<number, number>();
  private readonly committersByTerm = new Map<number, Set<number>>();
  /** PBFT: every execution with its sequence number (the oracle keeps those of replicas that never misbehaved). */
  private readonly pbftApplies: { replica: number; seq: number; index: number }[] = [];
  private readonly finals = new Map<number, { status: string; stateHash: string | null; behavior: Behavior | null }>();
  private readonly byzantine = new Set<number>();
  private readonly faultTimes: { t: number; replica: number | null; type: string }[] = [];
  private readonly suspicions: { t: number; suspect: number; silentForMs: number }[] = [];
  private readonly primaryChanges: { t: number; from: number | null; to: number }[] = [];
  private lastPrimary: number | null = null;
  private sends = 0;
  private drops = 0;
  private cpuMs = 0;
  private cpuSeen = false;
  private invariants = 0;
  private garbage = 0;
  private complete = false;
  /** Whether the run ran to its end on its own (a stopped run can leave messages on their way). */
  private completed = false;
  private lastT = 0;
  /** Suspicions no fault explains (noise.ts): counted for real-mode runs only. */
  private causes: SuspicionCauses | null = null;

  /** Events folded so far. */
  get eventCount(): number {
    return this.count;
  }

  private index(client: number, req: number): number {
    const k = key(client, req);
    let i = this.indexOf.get(k);
    if (i === undefined) {
      i = this.size++;
      this.indexOf.set(k, i);
      this.issued.push(false);
      this.clientOf.push(client);
      this.reqOf.push(req);
      this.opOf.push(undefined);
      this.issuedAtOf.push(0);
      this.acceptedAtOf.push(NaN);
      this.acceptedValueOf.push(null);
      this.latencyOf.push(0);
      this.gaveUpOf.push(NaN);
    }
    return i;
  }

  private closeTenure(replica: number, t: number): void {
    const open = this.openTenure.get(replica);
    if (open) {
      open.end = t;
      this.openTenure.delete(replica);
    }
  }

  add(e: RunEvent): void {
    if (this.count === 0) {
      if (e.type !== 'run-start') throw new Error('the event log does not begin with run-start');
      this.start = e;
      this.scenario = e.scenario;
      if (e.mode === 'real') this.causes = new SuspicionCauses();
    }
    this.count += 1;
    const scheme = (this.scenario as Scenario).scheme;
    this.lastT = Math.max(this.lastT, e.t);
    this.causes?.ingest(e);
    switch (e.type) {
      case 'request': {
        const i = this.index(e.client, e.req);
        if (!this.issued[i]) {
          this.issued[i] = true;
          this.requestOrder.push(i);
        }
        this.opOf[i] = e.op;
        this.issuedAtOf[i] = e.t;
        break;
      }
      case 'accept': {
        const i = this.index(e.client, e.req);
        this.acceptedValueOf[i] = e.value;
        this.latencyOf[i] = e.latencyMs;
        this.acceptedAtOf[i] = e.t;
        break;
      }
      case 'give-up':
        this.gaveUpOf[this.index(e.client, e.req)] = e.replies;
        break;
      case 'order':
        this.seqs.push(e.seq);
        this.seqIndex.push(this.index(e.client, e.req));
        break;
      case 'apply': {
        const i = this.index(e.client, e.req);
        let l = this.lineage.get(e.replica);
        if (!l) {
          l = new IntList();
          this.lineage.set(e.replica, l);
        }
        l.push(i);
        if (scheme === 'pbft') this.pbftApplies.push({ replica: e.replica, seq: e.seq, index: i });
        break;
      }
      case 'snapshot':
        this.snapshotLineage.set(e.snapshotId, (this.lineage.get(e.replica) ?? EMPTY_LIST).copy());
        break;
      case 'state-transfer':
        this.lineage.set(e.replica, (this.snapshotLineage.get(e.snapshotId) ?? EMPTY_LIST).copy());
        break;
      case 'process':
        if (e.status === 'started') this.lineage.set(e.replica, new IntList());
        if (e.status === 'crashed' || e.status === 'exited') {
          this.closeTenure(e.replica, e.t);
          this.lastRole.delete(e.replica);
        }
        break;
      case 'role': {
        const prev = this.lastRole.get(e.replica);
        this.lastRole.set(e.replica, { role: e.role, view: e.view });
        // Raft's leader is the primary of the failover timeline (its term is the view).
        if ((e.role === 'primary' || e.role === 'leader') && prev?.role !== e.role) {
          const t = { replica: e.replica, start: e.t, end: Infinity };
          this.tenures.push(t);
          this.openTenure.set(e.replica, t);
          if (this.lastPrimary !== e.replica) this.primaryChanges.push({ t: e.t, from: this.lastPrimary, to: e.replica });
          this.lastPrimary = e.replica;
        } else if (e.role !== 'primary' && e.role !== 'leader') {
          this.closeTenure(e.replica, e.t);
        }
        break;
      }
      case 'commit': {
        const c = this.commits.get(e.replica) ?? [];
        c.push(e.t);
        this.commits.set(e.replica, c);
        if (scheme === 'raft' || scheme === 'pbft') {
          if (!this.raftLog.has(e.seq)) this.raftLog.set(e.seq, this.index(e.client, e.req));
          const committers = this.committersByTerm.get(e.view) ?? new Set<number>();
          committers.add(e.replica);
          this.committersByTerm.set(e.view, committers);
        }
        break;
      }
      case 'suspect':
        this.suspicions.push({ t: e.t, suspect: e.suspect, silentForMs: e.silentForMs });
        break;
      case 'fault':
        this.faultTimes.push({ t: e.t, replica: 'replica' in e.fault ? e.fault.replica : null, type: e.fault.type });
        break;
      case 'behavior':
        if (e.behavior) this.byzantine.add(e.replica);
        break;
      case 'send':
        this.sends += 1;
        break;
      case 'drop':
        this.drops += 1;
        break;
      case 'cpu':
        this.cpuSeen = true;
        this.cpuMs += e.userMs + e.systemMs;
        break;
      case 'invariant':
        this.invariants += 1;
        break;
      case 'garbage':
        this.garbage += 1;
        break;
      case 'final':
        this.finals.set(e.replica, { status: e.status, stateHash: e.stateHash, behavior: e.behavior });
        break;
      case 'run-end':
        this.complete = true;
        this.completed = e.reason === 'completed';
        break;
      default:
        break;
    }
  }

  /**
   * The summary and the request records from what was folded. `logSha256` should be given
   * (the log's writer has it); without it the summary's digest is '' (the fold keeps no
   * event to hash).
   */
  finish(options: FinishOptions = {}): Analysis {
    const start = this.start;
    const scenario = this.scenario;
    if (!start || !scenario) throw new Error('the event log does not begin with run-start');
    const service = getService(scenario.service);
    const n = scenario.replicas;
    const { lineage, lastRole, finals, commits } = this;
    const lineageOf = (r: number): IntList => lineage.get(r) ?? EMPTY_LIST;

    // ---- the state the service ends with ------------------------------------------
    const live = [...finals.entries()].filter(([, f]) => f.status === 'up');
    const correctLive = live.filter(([, f]) => f.behavior === null);
    const longest = (ids: number[]): number | null => ids.reduce<number | null>((best, r) => (best === null || lineageOf(r).length > lineageOf(best).length ? r : best), null);
    let reference: number | null = null;
    if (scenario.scheme !== 'state-machine' && scenario.scheme !== 'pbft') {
      const leading = scenario.scheme === 'raft' ? 'leader' : 'primary';
      const primaries = live.filter(([r]) => lastRole.get(r)?.role === leading).sort((a, b) => (lastRole.get(b[0])?.view ?? 0) - (lastRole.get(a[0])?.view ?? 0));
      reference = primaries[0]?.[0] ?? longest(live.map(([r]) => r)) ?? longest([...lineage.keys()]);
    } else {
      const counts = new Map<string, number[]>();
      for (const [r, f] of correctLive) counts.set(f.stateHash ?? '', [...(counts.get(f.stateHash ?? '') ?? []), r]);
      const majority = [...counts.values()].sort((a, b) => b.length - a.length)[0] ?? [];
      reference = longest(majority) ?? longest(live.map(([r]) => r)) ?? longest([...lineage.keys()]);
    }
    const finalLineage = reference === null ? EMPTY_LIST : lineageOf(reference);
    const total = this.size;
    const executions = new Int32Array(total);
    for (let i = 0; i < finalLineage.length; i++) {
      const x = finalLineage.at(i);
      executions[x] = (executions[x] as number) + 1;
    }

    // ---- the oracle ----------------------------------------------------------------
    let commitOrder: ArrayLike<number>;
    if (scenario.scheme === 'state-machine') {
      const byPosition = this.seqs.map((_, i) => i).sort((a, b) => (this.seqs[a] as number) - (this.seqs[b] as number));
      commitOrder = byPosition.map((i) => this.seqIndex[i] as number);
    } else if (scenario.scheme === 'raft') {
      commitOrder = [...this.raftLog.entries()].sort((a, b) => a[0] - b[0]).map(([, i]) => i);
    } else if (scenario.scheme === 'pbft') {
      commitOrder = pbftOrder(this.pbftApplies, this.byzantine);
    } else {
      commitOrder = Array.from({ length: finalLineage.length }, (_, i) => finalLineage.at(i));
    }
    const hasExpected = new Uint8Array(total);
    const expected: (Json | undefined)[] = new Array<Json | undefined>(total);
    const oracleState = service.initial();
    for (let j = 0; j < commitOrder.length; j++) {
      const i = commitOrder[j] as number;
      if (hasExpected[i] === 1 || !this.issued[i]) continue;
      hasExpected[i] = 1;
      expected[i] = service.apply(oracleState, this.opOf[i] as Op);
    }

    const counts = { issued: 0, answeredCorrect: 0, answeredWrong: 0, lost: 0, undecided: 0, executedTwice: 0, unresolved: 0 };
    const latencies: number[] = [];
    const records: RequestRecord[] = [];
    const wantRecords = options.records !== false;
    const voting = scenario.scheme === 'state-machine' || scenario.scheme === 'pbft';
    let lastAccept = 0;
    let firstIssue = Infinity;
    for (const i of this.requestOrder) {
      counts.issued += 1;
      const issuedAt = this.issuedAtOf[i] as number;
      if (issuedAt < firstIssue) firstIssue = issuedAt;
      const executed = executions[i] as number;
      if (executed > 1) counts.executedTwice += 1;
      const r: RequestRecord = { client: this.clientOf[i] as number, req: this.reqOf[i] as number, op: this.opOf[i] as Op, issuedAt, outcome: 'unresolved', executions: executed };
      const acceptedAt = this.acceptedAtOf[i] as number;
      if (!Number.isNaN(acceptedAt)) {
        const value = this.acceptedValueOf[i] as Json;
        const latencyMs = this.latencyOf[i] as number;
        r.value = value;
        r.latencyMs = latencyMs;
        r.acceptedAt = acceptedAt;
        latencies.push(latencyMs);
        lastAccept = Math.max(lastAccept, acceptedAt);
        const exp = expected[i];
        if (exp !== undefined) r.expected = exp;
        r.outcome = exp !== undefined && jsonEqual(value, exp) ? 'answered-correct' : 'answered-wrong';
      } else if (!Number.isNaN(this.gaveUpOf[i] as number)) {
        r.outcome = voting && (this.gaveUpOf[i] as number) > 0 ? 'undecided' : 'lost';
      }
      if (r.outcome === 'answered-correct') counts.answeredCorrect += 1;
      else if (r.outcome === 'answered-wrong') counts.answeredWrong += 1;
      else if (r.outcome === 'undecided') counts.undecided += 1;
      else if (r.outcome === 'lost') counts.lost += 1;
      else counts.unresolved += 1;
      if (wantRecords) records.push(r);
    }
    latencies.sort((a, b) => a - b);
    const answered = counts.answeredCorrect + counts.answeredWrong;
    const spanMs = lastAccept - (Number.isFinite(firstIssue) ? firstIssue : 0);

    // ---- failovers and split brain -------------------------------------------------
    const { tenures, faultTimes, suspicions } = this;
    const failovers: Failover[] = [];
    for (const change of this.primaryChanges) {
      if (change.from === null) continue;
      const from = change.from;
      const tenureStart = tenures.filter((t) => t.replica === from && t.start <= change.t).at(-1)?.start ?? 0;
      const fault = faultTimes.filter((f) => f.t >= tenureStart && f.t <= change.t && (f.replica === from || f.type === 'partition')).at(-1);
      const firstSuspicion = suspicions.find((s) => s.suspect === from && s.t >= tenureStart && s.t <= change.t);
      const failedAt = fault?.t ?? (firstSuspicion ? firstSuspicion.t - firstSuspicion.silentForMs : change.t);
      const detectedAt = suspicions.find((s) => s.suspect === from && s.t >= failedAt)?.t ?? change.t;
      const servedAt = outageEndMs(commits.get(change.to), change.t, this.lastT);
      failovers.push({ atMs: round(change.t), from, to: change.to, detectMs: round(detectedAt - failedAt), unavailableMs: round(servedAt - failedAt) });
    }
    // Raft: two replicas committing as leader in the same term (its election safety broken).
    // Leaders of different terms overlapping in time are normal (the old one has not heard yet).
    // PBFT likewise: two replicas committing as primary of the same view.
    const byTerm = scenario.scheme === 'raft' || scenario.scheme === 'pbft';
    let splitBrain = byTerm && [...this.committersByTerm.values()].some((c) => c.size > 1);
    for (let i = 0; i < tenures.length && !splitBrain && !byTerm; i++) {
      for (let j = i + 1; j < tenures.length && !splitBrain; j++) {
        const a = tenures[i]!;
        const b = tenures[j]!;
        if (a.replica === b.replica) continue;
        const s = Math.max(a.start, b.start);
        const e = Math.min(a.end, b.end);
        if (s >= e) continue;
        const served = (r: number): boolean => (commits.get(r) ?? []).some((t) => t >= s && t <= e);
        splitBrain = served(a.replica) && served(b.replica);
      }
    }

    // ---- final states ---------------------------------------------------------------
    const stateHashes: Record<string, string | null> = {};
    for (let r = 1; r <= n; r++) stateHashes[String(r)] = finals.get(r)?.stateHash ?? null;
    // Raft: a follower that has not applied the last commits yet is behind, not diverged;
    // replicas diverge when one's applied requests are not a prefix of another's.
    // The other schemes: a run that ended on its own delivered every message, so replicas
    // diverge when their states differ. A run stopped midway can leave a replica one message
    // behind the others: there they diverge when their requests are not prefixes of one
    // another, or when two that executed the same requests hold different states.
    const unrelated = (a: number, b: number): boolean => !prefixRelated(lineageOf(a), lineageOf(b));
    const sameRequestsOtherState = (a: number, b: number): boolean => lineageOf(a).length === lineageOf(b).length && finals.get(a)?.stateHash !== finals.get(b)?.stateHash;
    const diverged =
      scenario.scheme === 'raft' || scenario.scheme === 'pbft'
        ? correctLive.some(([a]) => correctLive.some(([b]) => unrelated(a, b)))
        : this.completed
          ? new Set(correctLive.map(([, f]) => f.stateHash)).size > 1
          : correctLive.some(([a]) => correctLive.some(([b]) => unrelated(a, b) || sameRequestsOtherState(a, b)));

    // ---- linearizability -------------------------------------------------------------
    const linearizability: RunSummary['linearizability'] = options.linearizability
      ? this.linearizability(scenario.service, wantRecords ? records : null)
      : { checked: false, linearizable: null, violation: null };

    // PBFT's clients vote too (k+1 matching replies).
    const summary: RunSummary = {
      scheme: scenario.scheme,
      mode: start.mode,
      seed: start.seed,
      n,
      k: scenario.k,
      failureModel: scenario.failureModel,
      service: scenario.service,
      scenarioName: scenario.name,
      requests: counts,
      latencyMs: { p50: roundOrNull(percentile(latencies, 50)), p99: roundOrNull(percentile(latencies, 99)) },
      throughputRps: spanMs > 0 ? round((answered * 1000) / spanMs, 1) : 0,
      votes: voting ? { decided: answered, undecided: counts.undecided, wrongDecided: counts.answeredWrong } : { decided: 0, undecided: 0, wrongDecided: 0 },
      failovers,
      splitBrain,
      messages: { total: this.sends, perRequest: counts.issued > 0 ? round(this.sends / counts.issued, 2) : 0, dropped: this.drops },
      cpuMsPerRequest: this.cpuSeen && counts.issued > 0 ? round(this.cpuMs / counts.issued, 4) : null,
      divergence: { diverged, stateHashes },
      invariantViolations: this.invariants,
      garbageMessages: this.garbage,
      linearizability,
      byzantineReplicas: [...this.byzantine].sort((a, b) => a - b),
      durationMs: round(this.lastT),
      complete: this.complete,
      eventCount: this.count,
      eventLogSha256: typeof options.logSha256 === 'string' ? options.logSha256 : '',
      ...(this.causes ? { suspicionsWithoutFault: this.causes.count } : {}),
    };
    return { summary, requests: records };
  }

  /** The check of the clients' history; past the checker's bound the history is not even built (its verdict would be unknown). */
  private linearizability(service: ServiceName, records: readonly RequestRecord[] | null): RunSummary['linearizability'] {
    let searchedOps = 0;
    for (const i of this.requestOrder) if (searched(this.opOf[i] as Op, !Number.isNaN(this.acceptedAtOf[i] as number))) searchedOps += 1;
    if (searchedOps > MAX_SEARCHED_OPERATIONS) return { checked: true, linearizable: null, violation: null };
    return checkHistory(service, records ? records.map(historyOf) : this.requestOrder.map((i) => this.historyAt(i)));
  }

  /** The clients' history entry of request index i (for the linearizability check without records). */
  private historyAt(i: number): HistoryOp {
    const acceptedAt = this.acceptedAtOf[i] as number;
    const accepted = !Number.isNaN(acceptedAt);
    return { client: this.clientOf[i] as number, req: this.reqOf[i] as number, op: this.opOf[i] as Op, callMs: this.issuedAtOf[i] as number, returnMs: accepted ? acceptedAt : null, output: accepted ? this.acceptedValueOf[i] : undefined };
  }
}

export function analyze(events: readonly RunEvent[], options: AnalyzeOptions = {}): Analysis {
  const a = new LogAnalyzer();
  for (const e of events) a.add(e);
  if (a.eventCount === 0) throw new Error('the event log does not begin with run-start');
  return a.finish({ ...options, logSha256: options.logSha256 === false ? '' : (options.logSha256 ?? logSha256(events)) });
}

/**
 * PBFT's committed order: at each sequence number, the request the replicas that never
 * misbehaved executed there (the first seen; if they disagree, the replicas diverged and
 * divergence says so). Misbehaving replicas' executions are used only when no other did.
 */
function pbftOrder(applies: readonly { replica: number; seq: number; index: number }[], byzantine: ReadonlySet<number>): number[] {
  const order = new Map<number, number>();
  for (const a of applies) if (!byzantine.has(a.replica) && !order.has(a.seq)) order.set(a.seq, a.index);
  for (const a of applies) if (!order.has(a.seq)) order.set(a.seq, a.index);
  return [...order.entries()].sort((x, y) => x[0] - y[0]).map(([, i]) => i);
}

function prefixRelated(a: IntList, b: IntList): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a.at(i) !== b.at(i)) return false;
  return true;
}

/**
 * Where a failover's outage ends: the new primary's first commit once it has taken over,
 * or the run's end if it never served. The summary's `unavailableMs` runs from the old
 * primary's failure to this moment.
 */
export function outageEndMs(newPrimaryCommitsMs: readonly number[] | undefined, tookOverAtMs: number, runEndMs: number): number {
  return (newPrimaryCommitsMs ?? []).find((t) => t >= tookOverAtMs) ?? runEndMs;
}

/**
 * A failover's outage as a time window, from the summary's figures and the new primary's
 * commit times: it ends where `outageEndMs` says and began `unavailableMs` before that.
 */
export function outageWindow(f: Failover, newPrimaryCommitsMs: readonly number[] | undefined, runEndMs: number): { startMs: number; endMs: number } {
  const endMs = outageEndMs(newPrimaryCommitsMs, f.atMs, runEndMs);
  return { startMs: Math.max(0, endMs - f.unavailableMs), endMs };
}

const historyOf = (r: RequestRecord): HistoryOp => ({ client: r.client, req: r.req, op: r.op, callMs: r.issuedAt, returnMs: r.acceptedAt ?? null, output: r.value });

function checkHistory(service: ServiceName, history: readonly HistoryOp[]): RunSummary['linearizability'] {
  const result = checkLinearizability(service, history);
  return { checked: true, linearizable: result.linearizable, violation: result.violation };
}

/** Checks the clients' history (from an analysis's request records) for linearizability. */
export function linearizabilityOf(service: ServiceName, requests: readonly RequestRecord[]): RunSummary['linearizability'] {
  return checkHistory(service, requests.map(historyOf));
}
