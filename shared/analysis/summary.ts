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
import { checkLinearizability } from './linearizability.js';
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

export function logSha256(events: readonly RunEvent[]): string {
  const h = createSha256();
  for (const e of events) h.update(`${serializeEvent(e)}\n`);
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

export function analyze(events: readonly RunEvent[], options: AnalyzeOptions = {}): Analysis {
  const start = events[0];
  if (!start || start.type !== 'run-start') throw new Error('the event log does not begin with run-start');
  const scenario: Scenario = start.scenario;
  const service = getService(scenario.service);
  const n = scenario.replicas;

  const requests = new Map<string, RequestRecord>();
  const accepted = new Map<string, { value: Json; latencyMs: number; t: number }>();
  const gaveUp = new Map<string, number>();
  const seqOrder: { seq: number; key: string }[] = [];
  const lineage = new Map<number, string[]>();
  const snapshotLineage = new Map<string, string[]>();
  const lastRole = new Map<number, { role: string; view: number }>();
  const tenures: { replica: number; start: number; end: number }[] = [];
  const openTenure = new Map<number, { replica: number; start: number; end: number }>();
  const commits = new Map<number, number[]>();
  /** Raft: the entry committed at each log index (the first commit seen), and who committed in which term. */
  const raftLog = new Map<number, string>();
  const committersByTerm = new Map<number, Set<number>>();
  /** PBFT: every execution with its sequence number (the oracle keeps those of replicas that never misbehaved). */
  const pbftApplies: { replica: number; seq: number; key: string }[] = [];
  const finals = new Map<number, { status: string; stateHash: string | null; behavior: Behavior | null }>();
  const byzantine = new Set<number>();
  const faultTimes: { t: number; replica: number | null; type: string }[] = [];
  const suspicions: { t: number; suspect: number; silentForMs: number }[] = [];
  const primaryChanges: { t: number; from: number | null; to: number }[] = [];
  let lastPrimary: number | null = null;
  let sends = 0;
  let drops = 0;
  let cpuMs = 0;
  let cpuSeen = false;
  let invariants = 0;
  let garbage = 0;
  let complete = false;
  let lastT = 0;

  const closeTenure = (replica: number, t: number): void => {
    const open = openTenure.get(replica);
    if (open) {
      open.end = t;
      openTenure.delete(replica);
    }
  };

  // Suspicions no fault explains (noise.ts): counted for real-mode runs only.
  const causes = start.mode === 'real' ? new SuspicionCauses() : null;
  for (const e of events) {
    lastT = Math.max(lastT, e.t);
    causes?.ingest(e);
    switch (e.type) {
      case 'request':
        requests.set(key(e.client, e.req), { client: e.client, req: e.req, op: e.op, issuedAt: e.t, outcome: 'unresolved', executions: 0 });
        break;
      case 'accept':
        accepted.set(key(e.client, e.req), { value: e.value, latencyMs: e.latencyMs, t: e.t });
        break;
      case 'give-up':
        gaveUp.set(key(e.client, e.req), e.replies);
        break;
      case 'order':
        seqOrder.push({ seq: e.seq, key: key(e.client, e.req) });
        break;
      case 'apply': {
        const l = lineage.get(e.replica) ?? [];
        l.push(key(e.client, e.req));
        lineage.set(e.replica, l);
        if (scenario.scheme === 'pbft') pbftApplies.push({ replica: e.replica, seq: e.seq, key: key(e.client, e.req) });
        break;
      }
      case 'snapshot':
        snapshotLineage.set(e.snapshotId, [...(lineage.get(e.replica) ?? [])]);
        break;
      case 'state-transfer':
        lineage.set(e.replica, [...(snapshotLineage.get(e.snapshotId) ?? [])]);
        break;
      case 'process':
        if (e.status === 'started') lineage.set(e.replica, []);
        if (e.status === 'crashed' || e.status === 'exited') {
          closeTenure(e.replica, e.t);
          lastRole.delete(e.replica);
        }
        break;
      case 'role': {
        const prev = lastRole.get(e.replica);
        lastRole.set(e.replica, { role: e.role, view: e.view });
        // Raft's leader is the primary of the failover timeline (its term is the view).
        if ((e.role === 'primary' || e.role === 'leader') && prev?.role !== e.role) {
          const t = { replica: e.replica, start: e.t, end: Infinity };
          tenures.push(t);
          openTenure.set(e.replica, t);
          if (lastPrimary !== e.replica) primaryChanges.push({ t: e.t, from: lastPrimary, to: e.replica });
          lastPrimary = e.replica;
        } else if (e.role !== 'primary' && e.role !== 'leader') {
          closeTenure(e.replica, e.t);
        }
        break;
      }
      case 'commit': {
        const c = commits.get(e.replica) ?? [];
        c.push(e.t);
        commits.set(e.replica, c);
        if (scenario.scheme === 'raft' || scenario.scheme === 'pbft') {
          if (!raftLog.has(e.seq)) raftLog.set(e.seq, key(e.client, e.req));
          const committers = committersByTerm.get(e.view) ?? new Set<number>();
          committers.add(e.replica);
          committersByTerm.set(e.view, committers);
        }
        break;
      }
      case 'suspect':
        suspicions.push({ t: e.t, suspect: e.suspect, silentForMs: e.silentForMs });
        break;
      case 'fault':
        faultTimes.push({ t: e.t, replica: 'replica' in e.fault ? e.fault.replica : null, type: e.fault.type });
        break;
      case 'behavior':
        if (e.behavior) byzantine.add(e.replica);
        break;
      case 'send':
        sends += 1;
        break;
      case 'drop':
        drops += 1;
        break;
      case 'cpu':
        cpuSeen = true;
        cpuMs += e.userMs + e.systemMs;
        break;
      case 'invariant':
        invariants += 1;
        break;
      case 'garbage':
        garbage += 1;
        break;
      case 'final':
        finals.set(e.replica, { status: e.status, stateHash: e.stateHash, behavior: e.behavior });
        break;
      case 'run-end':
        complete = true;
        break;
      default:
        break;
    }
  }

  // ---- the state the service ends with ------------------------------------------
  const live = [...finals.entries()].filter(([, f]) => f.status === 'up');
  const correctLive = live.filter(([, f]) => f.behavior === null);
  const longest = (ids: number[]): number | null =>
    ids.reduce<number | null>((best, r) => (best === null || (lineage.get(r)?.length ?? 0) > (lineage.get(best)?.length ?? 0) ? r : best), null);
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
  const finalLineage = reference === null ? [] : (lineage.get(reference) ?? []);
  const executions = new Map<string, number>();
  for (const k of finalLineage) executions.set(k, (executions.get(k) ?? 0) + 1);

  // ---- the oracle ----------------------------------------------------------------
  const commitOrder =
    scenario.scheme === 'state-machine'
      ? seqOrder.sort((a, b) => a.seq - b.seq).map((o) => o.key)
      : scenario.scheme === 'raft'
        ? [...raftLog.entries()].sort((a, b) => a[0] - b[0]).map(([, k]) => k)
        : scenario.scheme === 'pbft'
          ? pbftOrder(pbftApplies, byzantine)
          : finalLineage;
  const expected = new Map<string, Json>();
  const oracleState = service.initial();
  for (const k of commitOrder) {
    if (expected.has(k)) continue;
    const r = requests.get(k);
    if (!r) continue;
    expected.set(k, service.apply(oracleState, r.op));
  }

  const counts = { issued: 0, answeredCorrect: 0, answeredWrong: 0, lost: 0, undecided: 0, executedTwice: 0, unresolved: 0 };
  const latencies: number[] = [];
  let lastAccept = 0;
  for (const [k, r] of requests) {
    counts.issued += 1;
    r.executions = executions.get(k) ?? 0;
    if (r.executions > 1) counts.executedTwice += 1;
    const a = accepted.get(k);
    if (a) {
      r.value = a.value;
      r.latencyMs = a.latencyMs;
      r.acceptedAt = a.t;
      latencies.push(a.latencyMs);
      lastAccept = Math.max(lastAccept, a.t);
      const exp = expected.get(k);
      if (exp !== undefined) r.expected = exp;
      r.outcome = exp !== undefined && jsonEqual(a.value, exp) ? 'answered-correct' : 'answered-wrong';
    } else if (gaveUp.has(k)) {
      r.outcome = (scenario.scheme === 'state-machine' || scenario.scheme === 'pbft') && (gaveUp.get(k) ?? 0) > 0 ? 'undecided' : 'lost';
    }
    if (r.outcome === 'answered-correct') counts.answeredCorrect += 1;
    else if (r.outcome === 'answered-wrong') counts.answeredWrong += 1;
    else if (r.outcome === 'undecided') counts.undecided += 1;
    else if (r.outcome === 'lost') counts.lost += 1;
    else counts.unresolved += 1;
  }
  latencies.sort((a, b) => a - b);
  const firstIssue = Math.min(...[...requests.values()].map((r) => r.issuedAt));
  const answered = counts.answeredCorrect + counts.answeredWrong;
  const spanMs = lastAccept - (Number.isFinite(firstIssue) ? firstIssue : 0);

  // ---- failovers and split brain -------------------------------------------------
  const failovers: Failover[] = [];
  for (const change of primaryChanges) {
    if (change.from === null) continue;
    const from = change.from;
    const tenureStart = tenures.filter((t) => t.replica === from && t.start <= change.t).at(-1)?.start ?? 0;
    const fault = faultTimes.filter((f) => f.t >= tenureStart && f.t <= change.t && (f.replica === from || f.type === 'partition')).at(-1);
    const firstSuspicion = suspicions.find((s) => s.suspect === from && s.t >= tenureStart && s.t <= change.t);
    const failedAt = fault?.t ?? (firstSuspicion ? firstSuspicion.t - firstSuspicion.silentForMs : change.t);
    const detectedAt = suspicions.find((s) => s.suspect === from && s.t >= failedAt)?.t ?? change.t;
    const servedAt = outageEndMs(commits.get(change.to), change.t, lastT);
    failovers.push({ atMs: round(change.t), from, to: change.to, detectMs: round(detectedAt - failedAt), unavailableMs: round(servedAt - failedAt) });
  }
  // Raft: two replicas committing as leader in the same term (its election safety broken).
  // Leaders of different terms overlapping in time are normal (the old one has not heard yet).
  // PBFT likewise: two replicas committing as primary of the same view.
  const byTerm = scenario.scheme === 'raft' || scenario.scheme === 'pbft';
  let splitBrain = byTerm && [...committersByTerm.values()].some((c) => c.size > 1);
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
  const diverged =
    scenario.scheme === 'raft' || scenario.scheme === 'pbft'
      ? correctLive.some(([a]) => correctLive.some(([b]) => !prefixRelated(lineage.get(a) ?? [], lineage.get(b) ?? [])))
      : new Set(correctLive.map(([, f]) => f.stateHash)).size > 1;

  // ---- linearizability -------------------------------------------------------------
  const linearizability: RunSummary['linearizability'] = options.linearizability
    ? linearizabilityOf(scenario.service, [...requests.values()])
    : { checked: false, linearizable: null, violation: null };

  // PBFT's clients vote too (k+1 matching replies).
  const smr = scenario.scheme === 'state-machine' || scenario.scheme === 'pbft';
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
    votes: smr ? { decided: answered, undecided: counts.undecided, wrongDecided: counts.answeredWrong } : { decided: 0, undecided: 0, wrongDecided: 0 },
    failovers,
    splitBrain,
    messages: { total: sends, perRequest: counts.issued > 0 ? round(sends / counts.issued, 2) : 0, dropped: drops },
    cpuMsPerRequest: cpuSeen && counts.issued > 0 ? round(cpuMs / counts.issued, 4) : null,
    divergence: { diverged, stateHashes },
    invariantViolations: invariants,
    garbageMessages: garbage,
    linearizability,
    byzantineReplicas: [...byzantine].sort((a, b) => a - b),
    durationMs: round(lastT),
    complete,
    eventCount: events.length,
    eventLogSha256: options.logSha256 === false ? '' : (options.logSha256 ?? logSha256(events)),
    ...(causes ? { suspicionsWithoutFault: causes.count } : {}),
  };
  return { summary, requests: [...requests.values()] };
}

/**
 * PBFT's committed order: at each sequence number, the request the replicas that never
 * misbehaved executed there (the first seen; if they disagree, the replicas diverged and
 * divergence says so). Misbehaving replicas' executions are used only when no other did.
 */
function pbftOrder(applies: readonly { replica: number; seq: number; key: string }[], byzantine: ReadonlySet<number>): string[] {
  const order = new Map<number, string>();
  for (const a of applies) if (!byzantine.has(a.replica) && !order.has(a.seq)) order.set(a.seq, a.key);
  for (const a of applies) if (!order.has(a.seq)) order.set(a.seq, a.key);
  return [...order.entries()].sort((x, y) => x[0] - y[0]).map(([, k]) => k);
}

function prefixRelated(a: readonly string[], b: readonly string[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
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

/** Checks the clients' history (from an analysis's request records) for linearizability. */
export function linearizabilityOf(service: ServiceName, requests: readonly RequestRecord[]): RunSummary['linearizability'] {
  const history: HistoryOp[] = requests.map((r) => ({ client: r.client, req: r.req, op: r.op, callMs: r.issuedAt, returnMs: r.acceptedAt ?? null, output: r.value }));
  const result = checkLinearizability(service, history);
  return { checked: true, linearizable: result.linearizable, violation: result.violation };
}
