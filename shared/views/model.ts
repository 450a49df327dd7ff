/**
 * The live picture of a run, folded from its event log one batch at a time: what each
 * replica is doing, every request's votes (votes.ts), the failover swim-lanes (timeline.ts)
 * and the per-interval metrics. It is plain data (no Vue reactivity), so the app's store
 * keeps it in markRaw and tells the UI that it changed once per batch; the report folds a
 * whole log into the same model. Whether a reply was correct is not decided here: that
 * comes from shared/analysis (the oracle), and the final figures from the summary.
 */
import { percentile } from '../analysis/summary.js';
import type { RunEvent } from '../events.js';
import type { Behavior, Scenario } from '../scenario.js';
import type { NetworkFault } from './folds.js';
import { isNoNetworkFault } from './folds.js';
import type { Role } from '../protocol/types.js';
import type { LaneSegment, Marker } from './timeline.js';
import { TimelineFold, cutOffReplicas } from './timeline.js';
import type { VoteRow } from './votes.js';
import { VoteFold } from './votes.js';

export type { LaneKind, MarkerKind } from './palette.js';
export type { LaneSegment, Marker, OutageWindow } from './timeline.js';
export { isOverlay } from './timeline.js';
export type { Verdict, VoteRow } from './votes.js';
export type { NetworkFault } from './folds.js';

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

/** The width of a metric interval (and of a bar of the decisions-over-time chart). */
export const BUCKET_MS = 250;

export interface MetricBucket {
  /** Start of the interval, ms since the run began. */
  t: number;
  accepted: number;
  latenciesMs: number[];
  gaveUp: number;
}

export class LiveModel {
  readonly scenario: Scenario;
  readonly replicas: ReplicaLive[] = [];
  readonly timeline: TimelineFold;
  readonly voting: VoteFold;
  readonly buckets: MetricBucket[] = [];
  /** The last network fault of each kind injected on each replica (`replica:kind`). */
  private readonly network = new Map<string, NetworkFault>();
  lastT = 0;
  eventCount = 0;
  ended = false;

  constructor(scenario: Scenario) {
    this.scenario = scenario;
    this.timeline = new TimelineFold(scenario);
    this.voting = new VoteFold(scenario);
    for (let r = 1; r <= scenario.replicas; r++) {
      this.replicas.push({ replica: r, pid: null, role: null, view: null, process: 'up', behavior: null, cutOff: false, lastApplied: null, stateHash: null });
    }
  }

  /** Vote rows by request key. */
  get votes(): ReadonlyMap<string, VoteRow> {
    return this.voting.rows;
  }

  /** Vote rows in the order their requests were first voted on. */
  get voteOrder(): readonly VoteRow[] {
    return this.voting.order;
  }

  get segments(): readonly LaneSegment[] {
    return this.timeline.segments;
  }

  get markers(): readonly Marker[] {
    return this.timeline.markers;
  }

  /** Times of each replica's commits (primary-backup): where a failover's outage ends. */
  get commits(): ReadonlyMap<number, readonly number[]> {
    return this.timeline.commits;
  }

  /** The network faults in force on a replica now (at the model's last event): each kind's last one, unless it ended or was undone. */
  networkFaults(replica: number): NetworkFault[] {
    const out: NetworkFault[] = [];
    for (const f of this.network.values()) {
      if (f.replica !== replica || isNoNetworkFault(f) || (f.untilMs !== undefined && f.untilMs <= this.lastT)) continue;
      out.push(f);
    }
    return out;
  }

  replica(id: number): ReplicaLive | undefined {
    return this.replicas[id - 1];
  }

  ingest(events: readonly RunEvent[]): void {
    for (const e of events) this.one(e);
  }

  /** Closes every open segment at the run's end (or a scrubbed moment) so the lanes stop growing. */
  close(atMs: number): void {
    this.timeline.close(atMs);
  }

  private bucket(t: number): MetricBucket {
    const index = Math.floor(t / BUCKET_MS);
    while (this.buckets.length <= index) this.buckets.push({ t: this.buckets.length * BUCKET_MS, accepted: 0, latenciesMs: [], gaveUp: 0 });
    return this.buckets[index]!;
  }

  private one(e: RunEvent): void {
    this.eventCount += 1;
    if (e.t > this.lastT) this.lastT = e.t;
    this.timeline.one(e);
    this.voting.one(e);
    switch (e.type) {
      case 'process': {
        const r = this.replica(e.replica);
        if (!r) break;
        if (e.pid !== null) r.pid = e.pid;
        if (e.status === 'started') {
          r.process = 'up';
          r.role = null;
        } else if (e.status === 'crashed' || e.status === 'exited') {
          r.process = 'crashed';
          r.role = null;
        } else if (e.status === 'paused') {
          r.process = 'paused';
        } else if (e.status === 'resumed') {
          r.process = 'up';
        }
        break;
      }
      case 'role': {
        const r = this.replica(e.replica);
        if (!r) break;
        r.role = e.role;
        r.view = e.view;
        break;
      }
      case 'behavior': {
        const r = this.replica(e.replica);
        if (r) r.behavior = e.behavior;
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
      case 'fault':
        if (e.fault.type === 'omission' || e.fault.type === 'delay' || e.fault.type === 'duplicate' || e.fault.type === 'reorder') {
          this.network.set(`${e.fault.replica}:${e.fault.type}`, e.fault);
        }
        if (e.fault.type === 'partition' || e.fault.type === 'heal') {
          const cut = cutOffReplicas(e.fault.type === 'partition' ? e.fault.groups : null);
          for (const r of this.replicas) r.cutOff = cut.has(r.replica);
        }
        break;
      case 'accept': {
        const b = this.bucket(e.t);
        b.accepted += 1;
        b.latenciesMs.push(e.latencyMs);
        break;
      }
      case 'give-up':
        this.bucket(e.t).gaveUp += 1;
        break;
      case 'run-end':
        this.ended = true;
        break;
      default:
        break;
    }
  }
}

/** Throughput and latency percentiles of one metric interval. */
export function bucketFigures(b: MetricBucket): { t: number; throughputRps: number; p50: number | null; p99: number | null } {
  const sorted = [...b.latenciesMs].sort((x, y) => x - y);
  return { t: b.t, throughputRps: (b.accepted * 1000) / BUCKET_MS, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

/** Folds a whole log (the report; a kept run reopened). */
export function modelOf(scenario: Scenario, events: readonly RunEvent[]): LiveModel {
  const m = new LiveModel(scenario);
  m.ingest(events);
  m.close(m.lastT);
  return m;
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
