/**
 * The live picture of a run, folded from its event log one batch at a time: what each
 * replica is doing, every request's votes, the failover swim-lanes and the per-interval
 * metrics. It is plain data (no Vue reactivity), so a store keeps it in markRaw and tells
 * the UI that it changed once per batch. Whether a reply was correct is not decided here:
 * that comes from shared/analysis (the oracle), and the final figures from the summary.
 */
import type { RunEvent } from '@shared/events';
import type { Json } from '@shared/json';
import type { Behavior, Fault, PartitionMember, Scenario } from '@shared/scenario';
import type { Role, VoteDecision } from '@shared/protocol/types';
import { replicaIdOf } from '@shared/protocol/types';
import { percentile } from '@shared/analysis/summary';

export type ReplicaStatus = 'up' | 'crashed' | 'paused' | 'byzantine' | 'cut off' | 'recovering';

export interface ReplicaLive {
  replica: number;
  pid: number | null;
  role: Role | null;
  view: number | null;
  process: 'up' | 'crashed' | 'paused';
  behavior: Behavior | null;
  cutOff: boolean;
  lastApplied: { seq: number; client: number; req: number; t: number } | null;
  stateHash: string | null;
}

/** What the cluster view shows for a replica, most severe first. */
export function statusOf(r: ReplicaLive): ReplicaStatus {
  if (r.process === 'crashed') return 'crashed';
  if (r.process === 'paused') return 'paused';
  if (r.role === 'recovering') return 'recovering';
  if (r.behavior !== null) return 'byzantine';
  if (r.cutOff) return 'cut off';
  return 'up';
}

export interface VoteRow {
  key: string;
  client: number;
  req: number;
  issuedAt: number;
  /** Replies grouped by value, as the client's voter last counted them. */
  tally: { value: Json; replicas: number[] }[];
  threshold: number;
  decision: VoteDecision | 'gave-up';
  accepted: Json | undefined;
  latencyMs: number | null;
  decidedAt: number | null;
}

export type LaneKind = 'primary' | 'backup' | 'recovering' | 'replica' | 'down' | 'paused' | 'suspected' | 'byzantine' | 'cut off';

export interface LaneSegment {
  /** Lane index: replica number, or 0 for the clients' lane. */
  lane: number;
  kind: LaneKind;
  start: number;
  /** null while the segment is still open. */
  end: number | null;
  label: string;
}

export type MarkerKind = 'heartbeats stop' | 'heartbeat lost' | 'suspicion' | 'election' | 'new primary' | 'redirect' | 'retry' | 'lost' | 'fault';

export interface Marker {
  lane: number;
  t: number;
  kind: MarkerKind;
  label: string;
}

export const BUCKET_MS = 250;

export interface MetricBucket {
  /** Start of the interval, ms since the run began. */
  t: number;
  accepted: number;
  latenciesMs: number[];
  gaveUp: number;
}

const voteKey = (client: number, req: number): string => `${client}:${req}`;
const OVERLAY_KINDS: ReadonlySet<LaneKind> = new Set(['paused', 'suspected', 'byzantine', 'cut off']);

export function isOverlay(kind: LaneKind): boolean {
  return OVERLAY_KINDS.has(kind);
}

export class LiveModel {
  readonly scenario: Scenario;
  readonly replicas: ReplicaLive[] = [];
  readonly votes = new Map<string, VoteRow>();
  /** Vote rows in the order their requests were issued. */
  readonly voteOrder: VoteRow[] = [];
  readonly segments: LaneSegment[] = [];
  readonly markers: Marker[] = [];
  readonly buckets: MetricBucket[] = [];
  /** Times of each replica's commits (primary-backup): where a failover's outage ends. */
  readonly commits = new Map<number, number[]>();
  lastT = 0;
  eventCount = 0;
  ended = false;

  private readonly open = new Map<string, LaneSegment>();
  private readonly issued = new Map<string, number>();

  constructor(scenario: Scenario) {
    this.scenario = scenario;
    for (let r = 1; r <= scenario.replicas; r++) {
      this.replicas.push({ replica: r, pid: null, role: null, view: null, process: 'up', behavior: null, cutOff: false, lastApplied: null, stateHash: null });
    }
  }

  replica(id: number): ReplicaLive | undefined {
    return this.replicas[id - 1];
  }

  ingest(events: readonly RunEvent[]): void {
    for (const e of events) this.one(e);
  }

  /** Closes every open segment at the run's end so the lanes stop growing. */
  close(atMs: number): void {
    for (const s of this.open.values()) s.end = Math.max(s.start, atMs);
    this.open.clear();
  }

  private openSegment(lane: number, kind: LaneKind, t: number, label: string): void {
    const slot = `${lane}:${isOverlay(kind) ? kind : 'role'}`;
    const prev = this.open.get(slot);
    if (prev) prev.end = t;
    const seg: LaneSegment = { lane, kind, start: t, end: null, label };
    this.segments.push(seg);
    this.open.set(slot, seg);
  }

  private closeSegment(lane: number, slotKind: LaneKind | 'role', t: number): void {
    const slot = `${lane}:${slotKind}`;
    const prev = this.open.get(slot);
    if (prev) {
      prev.end = t;
      this.open.delete(slot);
    }
  }

  private bucket(t: number): MetricBucket {
    const index = Math.floor(t / BUCKET_MS);
    while (this.buckets.length <= index) this.buckets.push({ t: this.buckets.length * BUCKET_MS, accepted: 0, latenciesMs: [], gaveUp: 0 });
    return this.buckets[index]!;
  }

  private applyPartition(groups: PartitionMember[][] | null): void {
    for (const r of this.replicas) r.cutOff = false;
    if (groups === null) return;
    const sizes = groups.map((g) => g.filter((m) => typeof m === 'number').length);
    const largest = Math.max(...sizes);
    const largestCount = sizes.filter((s) => s === largest).length;
    groups.forEach((g, i) => {
      // A replica is cut off unless it sits in the one group holding most replicas.
      if (sizes[i] === largest && largestCount === 1) return;
      for (const m of g) if (typeof m === 'number') this.replica(m)!.cutOff = true;
    });
  }

  private onFault(t: number, fault: Fault): void {
    const lane = 'replica' in fault ? fault.replica : 0;
    const text = 'replica' in fault ? `${fault.type} replica ${fault.replica}` : fault.type === 'partition' ? `partition ${JSON.stringify(fault.groups)}` : fault.type;
    this.markers.push({ lane, t, kind: 'fault', label: text });
    if (fault.type === 'partition') {
      this.applyPartition(fault.groups);
      for (const r of this.replicas) {
        if (r.cutOff) this.openSegment(r.replica, 'cut off', t, 'cut off by a partition');
        else this.closeSegment(r.replica, 'cut off', t);
      }
    } else if (fault.type === 'heal') {
      this.applyPartition(null);
      for (const r of this.replicas) this.closeSegment(r.replica, 'cut off', t);
    }
  }

  private one(e: RunEvent): void {
    this.eventCount += 1;
    if (e.t > this.lastT) this.lastT = e.t;
    switch (e.type) {
      case 'process': {
        const r = this.replica(e.replica);
        if (!r) break;
        if (e.pid !== null) r.pid = e.pid;
        if (e.status === 'started') {
          r.process = 'up';
          r.role = null;
          this.closeSegment(e.replica, 'role', e.t);
          this.closeSegment(e.replica, 'suspected', e.t);
        } else if (e.status === 'crashed' || e.status === 'exited') {
          r.process = 'crashed';
          r.role = null;
          this.closeSegment(e.replica, 'paused', e.t);
          this.openSegment(e.replica, 'down', e.t, e.detail || 'crashed');
        } else if (e.status === 'paused') {
          r.process = 'paused';
          this.openSegment(e.replica, 'paused', e.t, 'paused');
        } else if (e.status === 'resumed') {
          r.process = 'up';
          this.closeSegment(e.replica, 'paused', e.t);
        }
        break;
      }
      case 'role': {
        const r = this.replica(e.replica);
        if (!r) break;
        const wasPrimary = r.role === 'primary';
        r.role = e.role;
        r.view = e.view;
        this.openSegment(e.replica, e.role, e.t, `${e.role}, view ${e.view}`);
        if (e.role === 'primary' && !wasPrimary && e.view > 1) {
          this.markers.push({ lane: e.replica, t: e.t, kind: 'new primary', label: `replica ${e.replica} becomes primary (view ${e.view})` });
        }
        break;
      }
      case 'behavior': {
        const r = this.replica(e.replica);
        if (!r) break;
        r.behavior = e.behavior;
        if (e.behavior) this.openSegment(e.replica, 'byzantine', e.t, `Byzantine: ${e.behavior}`);
        else this.closeSegment(e.replica, 'byzantine', e.t);
        break;
      }
      case 'apply': {
        const r = this.replica(e.replica);
        if (!r) break;
        r.lastApplied = { seq: e.seq, client: e.client, req: e.req, t: e.t };
        r.stateHash = e.stateHash;
        break;
      }
      case 'state-transfer': {
        const r = this.replica(e.replica);
        if (r) r.stateHash = e.stateHash;
        break;
      }
      case 'final': {
        const r = this.replica(e.replica);
        if (r && e.stateHash) r.stateHash = e.stateHash;
        break;
      }
      case 'suspect':
        this.markers.push({ lane: e.suspect, t: e.t - e.silentForMs, kind: 'heartbeats stop', label: `replica ${e.replica} last heard from replica ${e.suspect}` });
        this.markers.push({ lane: e.suspect, t: e.t, kind: 'suspicion', label: `replica ${e.replica} suspects replica ${e.suspect} (silent ${e.silentForMs} ms)` });
        if (!this.open.has(`${e.suspect}:suspected`)) this.openSegment(e.suspect, 'suspected', e.t, `suspected by replica ${e.replica}`);
        break;
      case 'view':
        this.markers.push({ lane: e.replica, t: e.t, kind: 'election', label: `replica ${e.replica} installs view ${e.view.number} (primary ${e.view.primary}, via ${e.via})` });
        for (const r of this.replicas) if (r.replica !== e.view.primary || !e.view.members.includes(r.replica)) this.closeSegment(r.replica, 'suspected', e.t);
        this.closeSegment(e.view.primary, 'suspected', e.t);
        break;
      case 'commit': {
        const c = this.commits.get(e.replica) ?? [];
        c.push(e.t);
        this.commits.set(e.replica, c);
        break;
      }
      case 'drop':
        if (e.kind === 'heartbeat') {
          const lane = replicaIdOf(e.from) ?? 0;
          this.markers.push({ lane, t: e.t, kind: 'heartbeat lost', label: `heartbeat ${e.from} → ${e.to} dropped (${e.reason})` });
        }
        break;
      case 'send':
        if (e.kind === 'redirect') this.markers.push({ lane: 0, t: e.t, kind: 'redirect', label: `${e.from} redirects ${e.to} to the primary` });
        break;
      case 'fault':
        this.onFault(e.t, e.fault);
        break;
      case 'request':
        this.issued.set(voteKey(e.client, e.req), e.t);
        break;
      case 'retry':
        this.markers.push({ lane: 0, t: e.t, kind: 'retry', label: `client ${e.client} retries request ${e.req} (attempt ${e.attempt}) to ${e.to}` });
        break;
      case 'vote': {
        const row = this.voteRow(e.client, e.req);
        row.tally = e.tally;
        row.threshold = e.threshold;
        if (row.decision === 'pending' || row.decision === 'no-majority') row.decision = e.decision;
        break;
      }
      case 'accept': {
        const b = this.bucket(e.t);
        b.accepted += 1;
        b.latenciesMs.push(e.latencyMs);
        if (this.scenario.scheme === 'state-machine') {
          const row = this.voteRow(e.client, e.req);
          row.decision = 'accepted';
          row.accepted = e.value;
          row.latencyMs = e.latencyMs;
          row.decidedAt = e.t;
        }
        break;
      }
      case 'give-up': {
        this.bucket(e.t).gaveUp += 1;
        if (this.scenario.scheme === 'state-machine') {
          const row = this.voteRow(e.client, e.req);
          row.decision = 'gave-up';
          row.decidedAt = e.t;
        } else {
          this.markers.push({ lane: 0, t: e.t, kind: 'lost', label: `client ${e.client} gives up on request ${e.req}` });
        }
        break;
      }
      case 'run-end':
        this.ended = true;
        this.close(this.lastT);
        break;
      default:
        break;
    }
  }

  private voteRow(client: number, req: number): VoteRow {
    const key = voteKey(client, req);
    let row = this.votes.get(key);
    if (!row) {
      row = { key, client, req, issuedAt: this.issued.get(key) ?? 0, tally: [], threshold: 0, decision: 'pending', accepted: undefined, latencyMs: null, decidedAt: null };
      this.votes.set(key, row);
      this.voteOrder.push(row);
    }
    return row;
  }
}

/** Throughput and latency percentiles of one metric interval. */
export function bucketFigures(b: MetricBucket): { t: number; throughputRps: number; p50: number | null; p99: number | null } {
  const sorted = [...b.latenciesMs].sort((x, y) => x - y);
  return { t: b.t, throughputRps: (b.accepted * 1000) / BUCKET_MS, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

/** Replays the log up to (and including) atMs: the cluster as it was at that moment. */
export function modelAt(scenario: Scenario, events: readonly RunEvent[], atMs: number): LiveModel {
  const m = new LiveModel(scenario);
  // The log is in time order: find the first event after atMs by bisection.
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid]!.t <= atMs) lo = mid + 1;
    else hi = mid;
  }
  m.ingest(events.slice(0, lo));
  m.close(atMs);
  return m;
}
