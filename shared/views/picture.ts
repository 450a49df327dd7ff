/**
 * The cluster picture's reading of the event log: which messages are in the air at any
 * moment t (and how far along their edge), which were just lost and where, who is up,
 * paused, Byzantine, cut off or primary, and how the cluster is partitioned.
 *
 * The log's `send`/`deliver`/`drop`/`duplicate` events are indexed once into flights (one
 * per delivery of a message). A completed flight is filed in every time bucket its flight
 * spans, so a frame at t reads one bucket plus the flights still pending: its cost follows
 * the messages in flight, not the length of the log. The index grows with the log (a live
 * run) by `sync()`; node states come from the live model (model.ts), folded forward from
 * the last frame and refolded only when time goes backwards.
 */
import type { RunEvent } from '../events.js';
import { canonicalJson } from '../json.js';
import type { Json } from '../json.js';
import type { Address, MessageKind, Role } from '../protocol/types.js';
import { clientIdOf, replicaIdOf } from '../protocol/types.js';
import type { Behavior, PartitionMember, Scenario } from '../scenario.js';
import type { ReplicaStatus } from './model.js';
import { LiveModel, statusOf } from './model.js';

/** Why a message never arrived, as the log says. */
export type LossReason = Extract<RunEvent, { type: 'drop' }>['reason'];

/** How a message is drawn: honest, a lie (sent by a replica that is Byzantine at that moment), or an honest reply outvoted by liars. */
export type MessageLook = 'honest' | 'lie' | 'outvoted';

/** One delivery of one message: a duplicated message has two flights with the same id. */
export interface Flight {
  id: number;
  from: Address;
  to: Address;
  kind: MessageKind;
  sendT: number;
  /** When it was delivered or lost; null while still in the air (or never resolved by the log). */
  endT: number | null;
  end: 'deliver' | 'drop' | null;
  reason: LossReason | null;
  /** 0 for the message, 1 for the network's duplicate. */
  copy: 0 | 1;
  /** The sender's Byzantine behaviour when it sent this (replicas only). */
  behavior: Behavior | null;
  /** A reply's value and request, from the client's vote on it (state-machine replication). */
  vote: { client: number; req: number; value: Json; valueJson: string } | null;
  /**
   * The client request this message carries or answers, when the log ties it to one: the
   * event that made the sender send it (a client's request or retry, the sequencer's order,
   * a replica's apply or commit) is logged just before its sends, at the same moment.
   */
  request: { client: number; req: number } | null;
  /** The value a client accepted from this reply when it was the deciding one (primary-backup, Raft: the first reply). */
  accepted: { value: Json } | null;
  /** Where its send event is in the log (an index into the events). */
  sendIndex: number;
  /** Where its deliver or drop event is in the log (null while in the air). */
  endIndex: number | null;
}

export interface MessageInAir {
  flight: Flight;
  /** 0 at the sender, 1 at the receiver. */
  progress: number;
  look: MessageLook;
}

export interface LostMark {
  flight: Flight;
  /** Where along the edge it was lost: near the sender (a cut, a send omission), near the receiver otherwise. */
  at: number;
  t: number;
  look: MessageLook;
}

/** Messages on one edge, when there are too many to draw one by one. */
export interface EdgeLoad {
  from: Address;
  to: Address;
  count: number;
  lies: number;
  /** The kind most of them are. */
  kind: MessageKind;
}

/** A primary's standing: the newest view's primary, a deposed one still believing it leads, or a second, serving primary (split brain). */
export type PrimaryStanding = 'primary' | 'deposed' | 'rival';

export interface NodeAt {
  replica: number;
  status: ReplicaStatus;
  process: 'up' | 'crashed' | 'paused';
  role: Role | null;
  view: number | null;
  behavior: Behavior | null;
  cutOff: boolean;
  standing: PrimaryStanding | null;
}

export interface PictureFrame {
  t: number;
  /** Every message in the air at t, unless there are more than `maxDots` (then `load` instead). */
  messages: MessageInAir[];
  /** Per edge counts when the messages were too many to draw one by one (else empty). */
  load: EdgeLoad[];
  inAir: number;
  lost: LostMark[];
  nodes: NodeAt[];
  /** The partition in force at t (null: none). */
  partition: PartitionMember[][] | null;
  /** The newest view any replica has installed. */
  newestView: number | null;
}

export interface FrameOptions {
  /** Draw each delivered message for at least this long (run ms), so a 2 ms hop stays visible while played. */
  minFlightMs?: number;
  /** How long (run ms) a lost message's mark stays. */
  lostLingerMs?: number;
  /** Above this many messages, draw edge loads instead of dots. */
  maxDots?: number;
}

const BUCKET_MS = 25;
/** Kinds that carry or answer one client request (others, heartbeats and views, are not tagged with one). */
const REQUEST_KINDS: ReadonlySet<MessageKind> = new Set<MessageKind>(['request', 'ordered', 'reply', 'update', 'ack', 'pre-prepare', 'prepare', 'commit']);
/** Kinds whose contents a Byzantine replica forges. */
const FORGEABLE: ReadonlySet<MessageKind> = new Set<MessageKind>(['reply', 'update', 'state-snapshot']);

/** Where along its edge a lost message is marked. */
export function lossPosition(reason: LossReason): number {
  switch (reason) {
    case 'partition':
    case 'omission-send':
    case 'garbage':
      return 0.12;
    case 'omission-receive':
      return 0.88;
    case 'crashed':
      return 0.92;
    case 'chosen':
      // Dropped in step mode while held: it was in the air, so mid-edge.
      return 0.5;
    default:
      return reason satisfies never;
  }
}

function firstAfter(values: readonly number[], t: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function firstAtOrAfter(values: readonly number[], t: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class PictureIndex {
  readonly scenario: Scenario;
  /** First flights of each message, in send order. */
  private readonly flights: Flight[] = [];
  private readonly sendTimes: number[] = [];
  private readonly byId = new Map<number, Flight>();
  private readonly pending = new Map<number, Flight>();
  private readonly buckets: Flight[][] = [];
  private readonly lost: Flight[] = [];
  private readonly lostTimes: number[] = [];
  private readonly partitions: { t: number; groups: PartitionMember[][] | null }[] = [];
  private readonly partitionTimes: number[] = [];
  private readonly behaviorNow = new Map<number, Behavior | null>();
  /** The last reply delivered to a client from a replica, waiting for the client's vote event on it. */
  private readonly awaitingVote = new Map<string, Flight>();
  private readonly accepted = new Map<string, string>();
  private readonly deliveries: number[] = [];
  private readonly eventTimes: number[] = [];
  /** The request the next sends of one sender are about: set by a request, retry, order, apply or commit, kept across that sender's sends at the same moment. */
  private cause: { actor: Address; t: number; client: number; req: number } | null = null;
  private indexed = 0;
  private cursor: { model: LiveModel; pos: number; t: number } | null = null;

  constructor(
    scenario: Scenario,
    /** The run's log; it may grow (a live run): call sync() to index what was added. */
    readonly events: readonly RunEvent[],
  ) {
    this.scenario = scenario;
    this.sync();
  }

  /** Indexes events appended to the log since the last call. */
  sync(): void {
    const ev = this.events;
    for (let i = this.indexed; i < ev.length; i++) this.one(ev[i]!, i);
    this.indexed = ev.length;
  }

  /** Time of the last event indexed. */
  get lastT(): number {
    return this.eventTimes.at(-1) ?? 0;
  }

  /** The first event strictly after t (null: none). */
  nextEventAfter(t: number): number | null {
    const i = firstAfter(this.eventTimes, t);
    return i < this.eventTimes.length ? this.eventTimes[i]! : null;
  }

  /** The first message delivery strictly after t (null: none). */
  nextDeliveryAfter(t: number): number | null {
    const i = firstAfter(this.deliveries, t);
    return i < this.deliveries.length ? this.deliveries[i]! : null;
  }

  private file(f: Flight): void {
    const end = f.endT ?? f.sendT;
    for (let b = Math.floor(f.sendT / BUCKET_MS); b <= Math.floor(end / BUCKET_MS); b++) {
      while (this.buckets.length <= b) this.buckets.push([]);
      this.buckets[b]!.push(f);
    }
  }

  /** The message with this id (its first flight), if the log has sent it. */
  flightOf(id: number): Flight | undefined {
    return this.byId.get(id);
  }

  /** Notes the request an actor's next sends at this moment are about (or forgets it: any other event ends the chain). */
  private noteCause(e: RunEvent): void {
    let actor: Address | null = null;
    let client = 0;
    let req = 0;
    switch (e.type) {
      case 'request':
      case 'retry':
        [actor, client, req] = [`c${e.client}`, e.client, e.req];
        break;
      case 'order':
        [actor, client, req] = ['sequencer', e.client, e.req];
        break;
      case 'apply':
      case 'commit':
        [actor, client, req] = [`r${e.replica}`, e.client, e.req];
        break;
      case 'send':
        if (this.cause && (this.cause.actor !== e.from || this.cause.t !== e.t)) this.cause = null;
        return;
      default:
        this.cause = null;
        return;
    }
    this.cause = { actor, t: e.t, client, req };
  }

  private one(e: RunEvent, at: number): void {
    this.eventTimes.push(e.t);
    this.noteCause(e);
    switch (e.type) {
      case 'send': {
        const sender = replicaIdOf(e.from);
        const c = this.cause;
        const f: Flight = {
          id: e.id, from: e.from, to: e.to, kind: e.kind, sendT: e.t, endT: null, end: null, reason: null, copy: 0,
          behavior: sender === null ? null : (this.behaviorNow.get(sender) ?? null), vote: null,
          request: c && REQUEST_KINDS.has(e.kind) ? { client: c.client, req: c.req } : null, accepted: null, sendIndex: at, endIndex: null,
        };
        this.flights.push(f);
        this.sendTimes.push(e.t);
        this.byId.set(e.id, f);
        this.pending.set(e.id, f);
        break;
      }
      case 'deliver':
      case 'drop': {
        let f = this.byId.get(e.id);
        if (!f) break;
        if (f.end !== null) {
          // The network's duplicate: a second flight of the same message.
          f = { ...f, endT: null, end: null, reason: null, copy: 1, vote: null, accepted: null, endIndex: null };
        }
        f.endT = e.t;
        f.end = e.type;
        f.endIndex = at;
        if (e.type === 'drop') {
          f.reason = e.reason;
          this.lost.push(f);
          this.lostTimes.push(e.t);
        } else {
          this.deliveries.push(e.t);
          if (f.kind === 'reply') this.awaitingVote.set(`${e.to}|${e.from}`, f);
        }
        if (f.copy === 0) this.pending.delete(e.id);
        this.file(f);
        break;
      }
      case 'vote': {
        const key = `c${e.client}|r${e.from}`;
        const f = this.awaitingVote.get(key);
        if (f && f.endT === e.t) {
          f.vote = { client: e.client, req: e.req, value: e.value, valueJson: canonicalJson(e.value) };
          f.request ??= { client: e.client, req: e.req };
        }
        this.awaitingVote.delete(key);
        break;
      }
      case 'accept': {
        this.accepted.set(`${e.client}#${e.req}`, canonicalJson(e.value));
        // Without a vote (one reply decides), the reply delivered just now is the one accepted.
        if (e.from.length === 1) {
          const key = `c${e.client}|r${e.from[0]}`;
          const f = this.awaitingVote.get(key);
          if (f && f.endT === e.t && !f.vote) {
            f.accepted = { value: e.value };
            f.request ??= { client: e.client, req: e.req };
          }
          this.awaitingVote.delete(key);
        }
        break;
      }
      case 'behavior':
        this.behaviorNow.set(e.replica, e.behavior);
        break;
      case 'fault':
        if (e.fault.type === 'partition' || e.fault.type === 'heal') {
          this.partitions.push({ t: e.t, groups: e.fault.type === 'partition' ? e.fault.groups : null });
          this.partitionTimes.push(e.t);
        }
        break;
      default:
        break;
    }
  }

  /** How a message is drawn (a lie, an outvoted honest reply, or honest). */
  lookOf(f: Flight): MessageLook {
    if (f.behavior !== null && FORGEABLE.has(f.kind)) return 'lie';
    if (f.vote) {
      const accepted = this.accepted.get(`${f.vote.client}#${f.vote.req}`);
      if (accepted !== undefined && accepted !== f.vote.valueJson) return f.behavior !== null ? 'lie' : 'outvoted';
    }
    return 'honest';
  }

  /** The accepted value of a request, as canonical JSON (undefined: none accepted in the log). */
  acceptedValue(client: number, req: number): string | undefined {
    return this.accepted.get(`${client}#${req}`);
  }

  /** The cluster at t: the live model folded up to t (forward from the last call; refolded from the start when t goes back). */
  modelAt(t: number): LiveModel {
    if (!this.cursor || t < this.cursor.t) this.cursor = { model: new LiveModel(this.scenario), pos: 0, t: 0 };
    const c = this.cursor;
    const ev = this.events;
    const end = Math.min(firstAfter(this.eventTimes, t), this.indexed);
    if (end > c.pos) {
      c.model.ingest(ev.slice(c.pos, end));
      c.pos = end;
    }
    c.t = t;
    return c.model;
  }

  /** The partition in force at t. */
  partitionAt(t: number): PartitionMember[][] | null {
    const i = firstAfter(this.partitionTimes, t) - 1;
    return i >= 0 ? this.partitions[i]!.groups : null;
  }

  frame(t: number, options: FrameOptions = {}): PictureFrame {
    const minFlight = Math.max(0, options.minFlightMs ?? 0);
    const linger = Math.max(0, options.lostLingerMs ?? 250);
    const maxDots = options.maxDots ?? Infinity;
    const expected = Math.max(1, this.scenario.timing.networkDelayMs[1]);
    const messages: MessageInAir[] = [];
    const add = (flight: Flight, progress: number): void => {
      messages.push({ flight, progress: Math.min(1, Math.max(0, progress)), look: this.lookOf(flight) });
    };
    // Completed flights whose span holds t.
    const bucket = this.buckets[Math.floor(t / BUCKET_MS)];
    if (bucket) {
      for (const f of bucket) {
        const endT = f.endT!;
        if (f.sendT > t || endT <= t) continue;
        const span = f.end === 'deliver' ? Math.max(endT - f.sendT, minFlight) : endT - f.sendT;
        const reach = f.end === 'drop' ? lossPosition(f.reason!) : 1;
        add(f, ((t - f.sendT) / span) * reach);
      }
    }
    // Delivered flights drawn a little longer than they took (minFlightMs), first copies only.
    if (minFlight > 0) {
      for (let i = firstAtOrAfter(this.sendTimes, t - minFlight); i < this.flights.length && this.sendTimes[i]! <= t; i++) {
        const f = this.flights[i]!;
        if (f.end !== 'deliver' || f.endT! > t || f.sendT + minFlight <= t) continue;
        add(f, (t - f.sendT) / minFlight);
      }
    }
    // Not yet resolved by the log: still in the air.
    for (const f of this.pending.values()) {
      if (f.sendT > t) continue;
      add(f, Math.min(0.95, (t - f.sendT) / Math.max(expected, minFlight)));
    }
    const lost: LostMark[] = [];
    for (let i = firstAtOrAfter(this.lostTimes, t - linger); i < this.lost.length && this.lostTimes[i]! <= t; i++) {
      const f = this.lost[i]!;
      lost.push({ flight: f, at: lossPosition(f.reason!), t: this.lostTimes[i]!, look: this.lookOf(f) });
    }
    const inAir = messages.length;
    let load: EdgeLoad[] = [];
    if (messages.length > maxDots) {
      load = edgeLoads(messages);
      messages.length = 0;
    }
    const model = this.modelAt(t);
    const nodes = nodesOf(model, this.scenario.options.fencing);
    const views = nodes.map((n) => n.view).filter((v): v is number => v !== null);
    return { t, messages, load, inAir, lost, nodes, partition: this.partitionAt(t), newestView: views.length > 0 ? Math.max(...views) : null };
  }
}

function edgeLoads(messages: readonly MessageInAir[]): EdgeLoad[] {
  const byEdge = new Map<string, EdgeLoad & { kinds: Map<MessageKind, number> }>();
  for (const m of messages) {
    const key = `${m.flight.from}>${m.flight.to}`;
    let e = byEdge.get(key);
    if (!e) {
      e = { from: m.flight.from, to: m.flight.to, count: 0, lies: 0, kind: m.flight.kind, kinds: new Map() };
      byEdge.set(key, e);
    }
    e.count += 1;
    if (m.look === 'lie') e.lies += 1;
    e.kinds.set(m.flight.kind, (e.kinds.get(m.flight.kind) ?? 0) + 1);
  }
  return [...byEdge.values()].map(({ kinds, ...e }) => {
    let best = e.kind;
    let most = 0;
    for (const [k, n] of kinds) if (n > most) [best, most] = [k, n];
    return { ...e, kind: best };
  });
}

/**
 * Each replica's state, with its standing if it believes it is primary: the newest view's
 * primary; deposed (an older view, and it cannot serve: it is paused, or fencing stops it);
 * or a rival (an older view, up, no fencing: a second primary still serving, split brain).
 */
const LEADS: ReadonlySet<string> = new Set(['primary', 'leader']);

export function nodesOf(model: LiveModel, fencing: boolean): NodeAt[] {
  const views = model.replicas.filter((r) => r.process !== 'crashed' && r.view !== null).map((r) => r.view!);
  const newest = views.length > 0 ? Math.max(...views) : null;
  return model.replicas.map((r) => {
    let standing: PrimaryStanding | null = null;
    if (r.role !== null && LEADS.has(r.role) && r.process !== 'crashed') {
      if (newest === null || r.view === null || r.view >= newest) standing = 'primary';
      else standing = r.process === 'paused' || fencing ? 'deposed' : 'rival';
    }
    return { replica: r.replica, status: statusOf(r), process: r.process, role: r.role, view: r.view, behavior: r.behavior, cutOff: r.cutOff, standing };
  });
}

// ---- layout -------------------------------------------------------------------------

export const PICTURE_WIDTH = 800;
export const PICTURE_HEIGHT = 360;

export interface Point {
  x: number;
  y: number;
}

export interface PictureLayout {
  width: number;
  height: number;
  /** Every node's centre, by address. */
  at: ReadonlyMap<Address, Point>;
  clients: Address[];
  replicas: Address[];
  /** The trusted service in the middle (none: the clients talk to the replicas alone). */
  middle: 'sequencer' | 'arbiter' | null;
}

/** Clients on the left, the sequencer (state-machine) or arbiter (primary-backup) in the middle, replicas on an arc on the right. */
export function pictureLayout(scenario: Pick<Scenario, 'scheme' | 'replicas'> & { workload: { clients: number } }): PictureLayout {
  const at = new Map<Address, Point>();
  const top = 56;
  const bottom = PICTURE_HEIGHT - 56;
  const clients: Address[] = [];
  const nc = scenario.workload.clients;
  for (let c = 1; c <= nc; c++) {
    const a: Address = `c${c}`;
    clients.push(a);
    at.set(a, { x: 80, y: nc === 1 ? (top + bottom) / 2 : top + ((bottom - top) * (c - 1)) / (nc - 1) });
  }
  const middle = scenario.scheme === 'state-machine' ? 'sequencer' : scenario.scheme === 'primary-backup' ? 'arbiter' : null;
  // The arbiter sits above the clients' paths to the replicas; the sequencer is on them.
  if (middle !== null) at.set(middle, middle === 'sequencer' ? { x: 320, y: PICTURE_HEIGHT / 2 } : { x: 380, y: 44 });
  const replicas: Address[] = [];
  const n = scenario.replicas;
  const spread = (Math.min(70, 25 * (n - 1)) * Math.PI) / 180;
  const cx = 480;
  const cy = PICTURE_HEIGHT / 2;
  // As wide an arc as fits: its ends (and their crowns) stay inside the picture.
  const radius = n === 1 ? 165 : Math.min(165, 140 / Math.sin(spread));
  for (let r = 1; r <= n; r++) {
    const a: Address = `r${r}`;
    replicas.push(a);
    const angle = n === 1 ? 0 : -spread + (2 * spread * (r - 1)) / (n - 1);
    at.set(a, { x: cx + radius * Math.cos(angle), y: cy + radius * Math.sin(angle) });
  }
  return { width: PICTURE_WIDTH, height: PICTURE_HEIGHT, at, clients, replicas, middle };
}

/** The nodes a partition group holds (its members' addresses; "clients" holds the sequencer too). */
export function groupAddresses(group: readonly PartitionMember[], clients: number): Address[] {
  const out: Address[] = [];
  for (const m of group) {
    if (typeof m === 'number') out.push(`r${m}`);
    else if (m === 'clients') {
      for (let c = 1; c <= clients; c++) out.push(`c${c}`);
      out.push('sequencer');
    } else {
      const c = clientIdOf(`c${m.slice('client-'.length)}`);
      if (c !== null) out.push(`c${c}`);
    }
  }
  return out;
}

/** The convex hull of points (counter-clockwise), for drawing a partition group around its members. */
export function convexHull(points: readonly Point[]): Point[] {
  const p = [...points].sort((a, b) => a.x - b.x || a.y - b.y);
  if (p.length <= 2) return p;
  const cross = (o: Point, a: Point, b: Point): number => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  const lower: Point[] = [];
  for (const q of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, q) <= 0) lower.pop();
    lower.push(q);
  }
  const upper: Point[] = [];
  for (const q of [...p].reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, q) <= 0) upper.pop();
    upper.push(q);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

/**
 * An SVG path around points, `pad` away from each: the convex hull with every corner
 * rounded (a single point is a circle, two a capsule).
 */
export function hullPath(points: readonly Point[], pad: number): string {
  if (points.length === 0) return '';
  const hull = convexHull(points);
  if (hull.length === 1) {
    const { x, y } = hull[0]!;
    return `M ${x - pad} ${y} a ${pad} ${pad} 0 1 0 ${2 * pad} 0 a ${pad} ${pad} 0 1 0 ${-2 * pad} 0 Z`;
  }
  // Offset each edge outwards by pad and join consecutive edges with arcs around the corner.
  const parts: string[] = [];
  const n = hull.length;
  const outward = (a: Point, b: Point): Point => {
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const len = Math.hypot(dx, dy) || 1;
    // The hull runs counter-clockwise in the maths sense: the outside is to the right of travel.
    return { x: (dy / len) * pad, y: (-dx / len) * pad };
  };
  const orientation = n >= 3 ? Math.sign(hull.reduce((s, a, i) => { const b = hull[(i + 1) % n]!; return s + (a.x * b.y - b.x * a.y); }, 0)) : 1;
  const sign = orientation >= 0 ? 1 : -1;
  for (let i = 0; i < n; i++) {
    const a = hull[i]!;
    const b = hull[(i + 1) % n]!;
    const o = outward(a, b);
    const ox = o.x * sign;
    const oy = o.y * sign;
    const start = { x: a.x + ox, y: a.y + oy };
    const end = { x: b.x + ox, y: b.y + oy };
    parts.push(i === 0 ? `M ${r1(start.x)} ${r1(start.y)}` : `A ${pad} ${pad} 0 0 ${sign > 0 ? 1 : 0} ${r1(start.x)} ${r1(start.y)}`);
    parts.push(`L ${r1(end.x)} ${r1(end.y)}`);
  }
  const a = hull[0]!;
  const o = outward(a, hull[1 % n]!);
  parts.push(`A ${pad} ${pad} 0 0 ${sign > 0 ? 1 : 0} ${r1(a.x + o.x * sign)} ${r1(a.y + o.y * sign)} Z`);
  return parts.join(' ');
}

function r1(v: number): number {
  return Math.round(v * 10) / 10;
}

// ---- steering: the node under the pointer, the partition a drag draws ----------------

/** How far from a node's centre the pointer still touches it (its drawn size, a little more). */
export function nodeReach(a: Address): number {
  if (a.startsWith('r')) return 30;
  if (a.startsWith('c')) return 26;
  return 46;
}

/** The node under a point of the picture (null: none), the nearest if two overlap. */
export function nodeAtPoint(layout: PictureLayout, p: Point): Address | null {
  let best: Address | null = null;
  let bestD = Infinity;
  for (const [a, q] of layout.at) {
    const d = Math.hypot(q.x - p.x, q.y - p.y);
    if (d <= nodeReach(a) && d < bestD) [best, bestD] = [a, d];
  }
  return best;
}

/** The nodes the segment from a to b passes over, in the order it meets them. */
export function nodesAlong(layout: PictureLayout, a: Point, b: Point): Address[] {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const hits: { node: Address; s: number }[] = [];
  for (const [node, q] of layout.at) {
    const s = len2 === 0 ? 0 : Math.min(1, Math.max(0, ((q.x - a.x) * dx + (q.y - a.y) * dy) / len2));
    if (Math.hypot(a.x + s * dx - q.x, a.y + s * dy - q.y) <= nodeReach(node)) hits.push({ node, s });
  }
  return hits.sort((x, y) => x.s - y.s).map((h) => h.node);
}

/**
 * The partition a drag across the picture draws: the replicas it crossed on one side,
 * every other replica on the other. The clients (and the sequencer, which the clients'
 * member takes along) stay with the others unless the drag crossed a client or the
 * sequencer. Each side lists its replicas in order, then "clients": the groups the
 * partition editor builds when the crossed nodes are its group A and the rest group B.
 * Null when a side would be empty (nothing to cut).
 */
export function partitionOfDrag(crossed: readonly Address[], replicas: number): PartitionMember[][] | null {
  const picked = new Set<number>();
  let clients = false;
  for (const a of crossed) {
    const r = replicaIdOf(a);
    if (r !== null && r >= 1 && r <= replicas) picked.add(r);
    else if (a === 'sequencer' || clientIdOf(a) !== null) clients = true;
  }
  const side: PartitionMember[] = [...picked].sort((x, y) => x - y);
  const rest: PartitionMember[] = [];
  for (let r = 1; r <= replicas; r++) if (!picked.has(r)) rest.push(r);
  (clients ? side : rest).push('clients');
  if (side.length === 0 || rest.length === 0) return null;
  return [side, rest];
}

/** The nodes a stroke (the pointer's path, point by point) passes over, each once, in the order it first meets them. */
export function nodesAlongStroke(layout: PictureLayout, stroke: readonly Point[]): Address[] {
  if (stroke.length === 0) return [];
  const seen = new Set<Address>();
  const out: Address[] = [];
  const meet = (nodes: readonly Address[]): void => {
    for (const a of nodes) {
      if (seen.has(a)) continue;
      seen.add(a);
      out.push(a);
    }
  };
  if (stroke.length === 1) meet(nodesAlong(layout, stroke[0]!, stroke[0]!));
  for (let i = 1; i < stroke.length; i++) meet(nodesAlong(layout, stroke[i - 1]!, stroke[i]!));
  return out;
}

// ---- a picked message: where its details go, and the span of the diagram around it ---

/**
 * Where a box of `size` goes near `anchor` so that it stays inside `bounds` (both from the
 * same top-left corner): below and to the right of the anchor by `gap`, flipped to the left
 * or above when it would run past the right or bottom edge, and pushed in when it fits on
 * neither side (a box larger than the bounds sits at their top-left corner).
 */
export function placeInside(anchor: Point, size: { width: number; height: number }, bounds: { width: number; height: number }, gap = 12): Point {
  const along = (at: number, extent: number, room: number): number => {
    let v = at + gap;
    if (v + extent > room) v = at - gap - extent;
    return Math.max(0, Math.min(v, room - extent));
  };
  return { x: along(anchor.x, size.width, bounds.width), y: along(anchor.y, size.height, bounds.height) };
}

/**
 * The span of the run the message diagram draws around one message: its flight with as
 * much again on either side (at least `minPadMs`), within the run; a message still in the
 * air at the log's end is drawn to the end.
 */
export function spanAround(f: Pick<Flight, 'sendT' | 'endT'>, endMs: number, minPadMs = 10): { from: number; to: number } {
  const end = Math.min(endMs, f.endT ?? endMs);
  const pad = Math.max(minPadMs, end - f.sendT);
  const from = Math.max(0, f.sendT - pad);
  const to = Math.max(from + 1, Math.min(Math.max(endMs, from + 1), end + pad));
  return { from: Math.floor(from * 10) / 10, to: Math.ceil(to * 10) / 10 };
}
