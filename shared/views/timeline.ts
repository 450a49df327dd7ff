/**
 * The failover timeline folded from an event log: per replica, bands for its role (primary,
 * backup, replica, recovering, down) and overlays (paused, suspected, Byzantine, cut off),
 * and instants (faults, suspicions, view installations, retries, redirects, lost requests)
 * on the replicas' lanes and the clients' lane (lane 0). It folds batches as they arrive
 * (the app) or a whole log at once (the report) and gives the same picture either way.
 *
 * Failover outages are not recomputed here: they are the run summary's `failovers`, placed
 * on the time axis by shared/analysis/summary.ts's own `outageWindow`.
 */
import type { Failover } from '../analysis/summary.js';
import { outageWindow } from '../analysis/summary.js';
import { describeFault, faultLabel } from '../describe.js';
import type { RunEvent } from '../events.js';
import type { Role } from '../protocol/types.js';
import { replicaIdOf } from '../protocol/types.js';
import type { Fault, PartitionMember, Scenario, Scheme } from '../scenario.js';
import { formatMs } from './figures.js';
import type { LaneKind, MarkerKind } from './palette.js';
import { LANE_STYLE } from './palette.js';

export type { LaneKind, MarkerKind } from './palette.js';

/** The clients' lane: retries, redirects, lost requests, and faults on no one replica. */
export const CLIENTS_LANE = 0;

export interface LaneSegment {
  /** Lane index: replica number, or 0 for the clients' lane. */
  lane: number;
  kind: LaneKind;
  start: number;
  /** null while the segment is still open. */
  end: number | null;
  label: string;
}

export interface Marker {
  lane: number;
  t: number;
  kind: MarkerKind;
  label: string;
}

/** A failover of the run summary with its outage placed on the time axis. */
export interface OutageWindow extends Failover {
  startMs: number;
  endMs: number;
}

export function isOverlay(kind: LaneKind): boolean {
  return LANE_STYLE[kind].overlay;
}

/**
 * The replicas a partition cuts off: every replica outside the one group that holds the
 * most replicas (all of them when the largest size is shared).
 */
export function cutOffReplicas(groups: readonly (readonly PartitionMember[])[] | null): Set<number> {
  const out = new Set<number>();
  if (groups === null) return out;
  const sizes = groups.map((g) => g.filter((m) => typeof m === 'number').length);
  const largest = Math.max(...sizes);
  const largestCount = sizes.filter((s) => s === largest).length;
  groups.forEach((g, i) => {
    if (sizes[i] === largest && largestCount === 1) return;
    for (const m of g) if (typeof m === 'number') out.add(m);
  });
  return out;
}

export class TimelineFold {
  /** Replicas: lanes 1..n. */
  readonly n: number;
  readonly scheme: Scheme;
  readonly segments: LaneSegment[] = [];
  readonly markers: Marker[] = [];
  /** Times of each replica's commits (primary-backup): where a failover's outage ends. */
  readonly commits = new Map<number, number[]>();
  lastT = 0;

  private readonly open = new Map<string, LaneSegment>();
  private readonly roles = new Map<number, Role | null>();
  /** The view each replica took its role in. */
  private readonly views = new Map<number, number>();
  /** Primaries a newer view has replaced that have not yet heard of it. */
  private readonly deposed = new Set<number>();
  /** When each request still open was first issued (`client:req`): a lost request is drawn there. */
  private readonly issued = new Map<string, number>();

  constructor(scenario: Pick<Scenario, 'replicas' | 'scheme'>) {
    this.n = scenario.replicas;
    this.scheme = scenario.scheme;
  }

  ingest(events: readonly RunEvent[]): void {
    for (const e of events) this.one(e);
  }

  /** Closes every open segment so the lanes stop growing (the run's end, or a scrubbed moment). */
  close(atMs: number): void {
    for (const s of this.open.values()) s.end = Math.max(s.start, atMs);
    this.open.clear();
  }

  /** Folds one event (the live model drives the timeline event by event). */
  one(e: RunEvent): void {
    if (e.t > this.lastT) this.lastT = e.t;
    switch (e.type) {
      case 'process':
        if (e.replica < 1 || e.replica > this.n) break;
        if (e.status !== 'paused' && e.status !== 'resumed') this.deposed.delete(e.replica);
        if (e.status === 'started') {
          this.roles.set(e.replica, null);
          this.closeSegment(e.replica, 'role', e.t);
          this.closeSegment(e.replica, 'suspected', e.t);
        } else if (e.status === 'crashed' || e.status === 'exited') {
          this.roles.set(e.replica, null);
          this.closeSegment(e.replica, 'paused', e.t);
          this.openSegment(e.replica, 'down', e.t, e.detail || 'crashed');
        } else if (e.status === 'paused') {
          this.openSegment(e.replica, 'paused', e.t, 'paused');
        } else if (e.status === 'resumed') {
          this.closeSegment(e.replica, 'paused', e.t);
        }
        break;
      case 'role': {
        if (e.replica < 1 || e.replica > this.n) break;
        const wasPrimary = this.roles.get(e.replica) === 'primary';
        this.roles.set(e.replica, e.role);
        this.views.set(e.replica, e.view);
        this.deposed.delete(e.replica);
        this.openSegment(e.replica, e.role, e.t, `${e.role}, view ${e.view}`);
        // PBFT's views count from 0 (primary-backup's from 1): a primary of a later view is a new one.
        if (e.role === 'primary' && !wasPrimary && e.view > (this.scheme === 'pbft' ? 0 : 1)) {
          this.markers.push({ lane: e.replica, t: e.t, kind: 'new primary', label: `replica ${e.replica} becomes primary (view ${e.view})` });
        }
        // Raft: every election won is a change of leader (term numbers, not views).
        if (e.role === 'leader') this.markers.push({ lane: e.replica, t: e.t, kind: 'new primary', label: `replica ${e.replica} is elected leader (term ${e.view})` });
        if (e.role === 'primary') this.depose(e.replica, e.view, e.t);
        break;
      }
      case 'behavior':
        if (e.replica < 1 || e.replica > this.n) break;
        if (e.behavior) this.openSegment(e.replica, 'byzantine', e.t, faultLabel({ type: 'byzantine', replica: e.replica, behavior: e.behavior }));
        else this.closeSegment(e.replica, 'byzantine', e.t);
        break;
      case 'suspect':
        this.markers.push({ lane: e.suspect, t: e.t - e.silentForMs, kind: 'heartbeats stop', label: `replica ${e.replica} last heard from replica ${e.suspect}` });
        this.markers.push({ lane: e.suspect, t: e.t, kind: 'suspicion', label: `replica ${e.replica} suspects replica ${e.suspect} (silent ${formatMs(e.silentForMs)})` });
        if (!this.open.has(`${e.suspect}:suspected`)) this.openSegment(e.suspect, 'suspected', e.t, `suspected by replica ${e.replica}`);
        break;
      case 'view':
        this.markers.push({
          lane: e.replica,
          t: e.t,
          kind: 'election',
          label:
            this.scheme === 'raft'
              ? `replica ${e.replica} ${e.via === 'self' ? 'leads' : `follows leader ${e.view.primary} in`} term ${e.view.number}`
              : this.scheme === 'pbft'
                ? `replica ${e.replica} ${e.via === 'self' ? 'starts' : 'installs'} view ${e.view.number} (primary ${e.view.primary}) after a view change`
                : `replica ${e.replica} installs view ${e.view.number} (primary ${e.view.primary}, via ${e.via})`,
        });
        for (let r = 1; r <= this.n; r++) if (r !== e.view.primary || !e.view.members.includes(r)) this.closeSegment(r, 'suspected', e.t);
        this.closeSegment(e.view.primary, 'suspected', e.t);
        break;
      case 'commit': {
        const c = this.commits.get(e.replica) ?? [];
        c.push(e.t);
        this.commits.set(e.replica, c);
        if (this.deposed.has(e.replica)) {
          // A deposed primary that still serves clients is a second primary: split brain.
          this.deposed.delete(e.replica);
          this.openSegment(e.replica, 'primary', e.t, `primary, view ${this.views.get(e.replica) ?? '?'}: still serving clients beside the new primary (split brain)`);
        }
        break;
      }
      case 'request':
        if (!this.issued.has(`${e.client}:${e.req}`)) this.issued.set(`${e.client}:${e.req}`, e.t);
        break;
      case 'accept':
        this.issued.delete(`${e.client}:${e.req}`);
        break;
      case 'drop':
        if (e.kind === 'heartbeat') {
          this.markers.push({ lane: replicaIdOf(e.from) ?? CLIENTS_LANE, t: e.t, kind: 'heartbeat lost', label: `heartbeat ${e.from} → ${e.to} dropped (${e.reason})` });
        }
        break;
      case 'send':
        if (e.kind === 'redirect') this.markers.push({ lane: CLIENTS_LANE, t: e.t, kind: 'redirect', label: `${e.from} redirects ${e.to} to the primary` });
        break;
      case 'fault':
        this.onFault(e.t, e.fault);
        break;
      case 'retry':
        this.markers.push({ lane: CLIENTS_LANE, t: e.t, kind: 'retry', label: `client ${e.client} retries request ${e.req} (attempt ${e.attempt}) to ${e.to}` });
        break;
      case 'give-up': {
        // Under voting a give-up is a vote without a majority (the vote views show it); under
        // primary-backup it is a request lost, which is what the timeline is about. It is drawn
        // when the request was issued (what was lost is what was sent then), not when the client gave up.
        const key = `${e.client}:${e.req}`;
        const issuedAt = this.issued.get(key) ?? e.t;
        this.issued.delete(key);
        if (this.scheme !== 'state-machine') {
          this.markers.push({ lane: CLIENTS_LANE, t: issuedAt, kind: 'lost', label: `client ${e.client}'s request ${e.req}, issued at ${formatMs(issuedAt)}, lost (the client gave up at ${formatMs(e.t)})` });
        }
        break;
      }
      case 'run-end':
        this.close(this.lastT);
        break;
      default:
        break;
    }
  }

  private onFault(t: number, fault: Fault): void {
    this.markers.push({ lane: 'replica' in fault ? fault.replica : CLIENTS_LANE, t, kind: 'fault', label: describeFault(fault) });
    if (fault.type === 'partition') {
      const cut = cutOffReplicas(fault.groups);
      for (let r = 1; r <= this.n; r++) {
        if (cut.has(r)) this.openSegment(r, 'cut off', t, 'cut off by a partition');
        else this.closeSegment(r, 'cut off', t);
      }
    } else if (fault.type === 'heal') {
      for (let r = 1; r <= this.n; r++) this.closeSegment(r, 'cut off', t);
    }
  }

  /** Every other replica that believes it is primary in an older view than `view` is deposed. */
  private depose(primary: number, view: number, t: number): void {
    for (const [r, role] of this.roles) {
      if (r === primary || role !== 'primary' || (this.views.get(r) ?? 0) >= view || this.deposed.has(r)) continue;
      this.deposed.add(r);
      this.openSegment(r, 'deposed', t, `deposed (still believes it leads): primary of view ${this.views.get(r) ?? '?'}, replaced by replica ${primary} in view ${view}`);
    }
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
}

/** The run summary's failovers with their outages on the time axis (the summary's own rule). */
export function outageWindows(failovers: readonly Failover[], commits: ReadonlyMap<number, readonly number[]>, runEndMs: number): OutageWindow[] {
  return failovers.map((f) => ({ ...f, ...outageWindow(f, commits.get(f.to), runEndMs) }));
}

/** Folds a whole log (the report, tests). */
export function timelineOf(scenario: Pick<Scenario, 'replicas' | 'scheme'>, events: readonly RunEvent[]): TimelineFold {
  const fold = new TimelineFold(scenario);
  fold.ingest(events);
  fold.close(fold.lastT);
  return fold;
}
