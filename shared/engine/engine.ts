/**
 * The run engine: everything about a run that does not depend on how replicas are
 * hosted. It owns the network model (the relay's decisions), the front end (clients,
 * sequencer, arbiter), the fault schedule and the event log. A Host supplies time and
 * the replicas: the simulator hosts replica cores in the same thread with virtual time;
 * the real runtime hosts them in child processes with real timers.
 */
import type { Behavior, Fault, Scenario } from '../scenario.js';
import { resolveTiming } from '../scenario.js';
import { Rng } from '../rng.js';
import type { EventBody, FaultSource, RunEvent, RunMode } from '../events.js';
import { Client, planWorkload } from '../protocol/client.js';
import { Sequencer } from '../protocol/smr.js';
import { Arbiter } from '../protocol/pb.js';
import type { Address, CoreEvent, Message, Output, ProtocolConfig, ProtocolNode, Send } from '../protocol/types.js';
import { replicaIdOf } from '../protocol/types.js';
import { describeFaultEffect } from '../describe.js';
import type { HelperFault } from './network.js';
import { isHelperFault, isNetworkFault, NetworkModel, unapplied } from './network.js';
import { NamedTimers } from './timers.js';

export const ENGINE_VERSION = '0.2.0';

/** Work a host can run later without a closure per item: target.runDeferred(a, b, c, d). */
export interface Deferrable {
  runDeferred(a: unknown, b: unknown, c: unknown, d: unknown): void;
}

/** What hosts a run's replicas and keeps its time. */
export interface Host {
  now(): number;
  /** Runs fn at time atMs (at once if that has passed); returns a handle for cancel. */
  schedule(atMs: number, fn: () => void): unknown;
  /**
   * Optional: runs target.runDeferred(a, b, c, d) at time atMs, in the same order as
   * schedule would have run a closure doing it (the simulator: no closure per message).
   * Never cancelled: a host that has it is one whose schedule cannot cancel either.
   */
  defer?(atMs: number, target: Deferrable, a: unknown, b: unknown, c: unknown, d: unknown): void;
  /** Cancels what schedule returned, if the host can (callers never rely on it). */
  cancel?(handle: unknown): void;
  /** Starts replica id (recovering: a fresh process that must fetch its state). */
  startReplica(id: number, recovering: boolean): void;
  /** Kills replica id. */
  killReplica(id: number): void;
  pauseReplica(id: number): void;
  resumeReplica(id: number): void;
  setBehavior(id: number, behavior: Behavior | null): void;
  /** Hands msg to replica id (which may be paused: it then waits in its inbox). */
  deliverToReplica(id: number, from: Address, msg: Message): void;
}

export type ReplicaStatus = 'up' | 'crashed' | 'paused';

/** The cores' configuration: the scenario's timers resolved in one place (resolveTiming). */
export function protocolConfigOf(s: Scenario): ProtocolConfig {
  return {
    scheme: s.scheme,
    failureModel: s.failureModel,
    service: s.service,
    n: s.replicas,
    k: s.k,
    clients: s.workload.clients,
    ...resolveTiming(s.timing),
    dedup: s.options.dedup,
    fencing: s.options.fencing,
    seed: s.seed,
  };
}

/**
 * A front-end node's timers on a host that defers (the simulator): each name's pending timer
 * is known by a token, so a timer set again or cancelled fires into nothing, as NamedTimers'
 * do where the scheduler cannot cancel, without a key string or closure per timer.
 */
class DeferredTimers implements Deferrable {
  private readonly tokens = new Map<string, number>();
  private nextToken = 0;

  constructor(
    private readonly engine: Engine,
    private readonly node: ProtocolNode,
  ) {}

  set(host: Host & Required<Pick<Host, 'defer'>>, name: string, atMs: number | null): void {
    if (atMs === null) {
      this.tokens.delete(name);
      return;
    }
    const token = ++this.nextToken;
    this.tokens.set(name, token);
    host.defer(atMs, this, name, token, undefined, undefined);
  }

  runDeferred(name: unknown, token: unknown): void {
    if (this.tokens.get(name as string) !== token) return;
    this.tokens.delete(name as string);
    this.engine.localTimerDue(this.node, name as string);
  }
}

/** The fields of an event body of one type. */
type FieldsOf<T extends EventBody['type']> = keyof Extract<EventBody, { type: T }>;
/** True when A and B are the same union of field names (else never: the constant below fails to compile). */
type SameFields<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
/**
 * The fields Engine.emit copies one by one, per event type. A field added to one of these
 * events (even an optional one) makes this fail to compile until emit copies it too.
 */
export const EMIT_COPIES_EVERY_FIELD: {
  [T in 'apply' | 'commit' | 'request' | 'accept' | 'vote' | 'order']: SameFields<
    FieldsOf<T>,
    {
      apply: 'type' | 'replica' | 'seq' | 'client' | 'req' | 'stateHash';
      commit: 'type' | 'replica' | 'client' | 'req' | 'view' | 'seq';
      request: 'type' | 'client' | 'req' | 'op' | 'to';
      accept: 'type' | 'client' | 'req' | 'value' | 'from' | 'latencyMs';
      vote: 'type' | 'client' | 'req' | 'from' | 'value' | 'tally' | 'threshold' | 'decision';
      order: 'type' | 'seq' | 'client' | 'req';
    }[T]
  >;
} = { apply: true, commit: true, request: true, accept: true, vote: true, order: true };

export class Engine implements Deferrable {
  readonly config: ProtocolConfig;
  readonly network: NetworkModel;
  private readonly netRng: Rng;
  private readonly nodes = new Map<Address, ProtocolNode>();
  /** Trusted helpers stopped by a fault (the sequencer, the arbiter). */
  private readonly helpersDown = new Set<Address>();
  private readonly clients: Client[] = [];
  private readonly timers: NamedTimers;
  /** Per front-end node, where the host defers (else timers holds them). */
  private readonly deferredTimers = new Map<ProtocolNode, DeferredTimers>();
  private readonly deferringHost: (Host & Required<Pick<Host, 'defer'>>) | null;
  /** Replica addresses by id, so routing a replica's output builds no string. */
  private readonly replicaAddresses: Address[] = [];
  private readonly status = new Map<number, ReplicaStatus>();
  private readonly behavior = new Map<number, Behavior | null>();
  private nextMessageId = 1;
  private endScheduled = false;
  private ended = false;
  private readonly lastFaultAtMs: number;
  /** Every replica is a built-in core (the simulator): emit may copy their events field by field. */
  private readonly ownCoresOnly: boolean;
  /** Called once the workload is done, every client is idle and the network has settled. */
  onQuiescent: () => void = () => {};

  constructor(
    readonly scenario: Scenario,
    readonly mode: RunMode,
    private readonly host: Host,
    private readonly record: (e: RunEvent) => void,
  ) {
    this.config = protocolConfigOf(scenario);
    this.ownCoresOnly = mode === 'sim';
    const root = Rng.fromSeed(scenario.seed);
    this.netRng = root.fork();
    this.network = new NetworkModel(scenario.timing.networkDelayMs, scenario.workload.clients);
    this.timers = new NamedTimers(host);
    this.deferringHost = host.defer ? (host as Host & Required<Pick<Host, 'defer'>>) : null;
    for (let r = 0; r <= scenario.replicas; r++) this.replicaAddresses.push(`r${r}`);
    const { clients, ratePerSecond, durationMs } = scenario.workload;
    for (let c = 1; c <= clients; c++) {
      const client = new Client(c, this.config, planWorkload(c, clients, ratePerSecond, durationMs), root.fork());
      this.clients.push(client);
      this.nodes.set(client.address, client);
    }
    // The trusted helpers: the sequencer orders for state-machine replication, the arbiter
    // fences primary-backup. Raft and PBFT have none: their replicas agree among themselves.
    if (scenario.scheme === 'state-machine') this.nodes.set('sequencer', new Sequencer(this.config));
    else if (scenario.scheme === 'primary-backup') this.nodes.set('arbiter', new Arbiter(this.config));
    this.lastFaultAtMs = scenario.faults.reduce((m, f) => Math.max(m, f.atMs), 0);
  }

  emit(body: EventBody): void {
    const t = this.host.now();
    // The log's copy of the frequent events of the built-in cores (the only ones the simulator
    // hosts) is written out field by field, in the order those cores write them: one object with
    // every field in place. A spread `{ t, ...body }` keeps one field in place and puts the rest
    // in a second object. Events of other replica programs (real mode) keep their own fields
    // and order: the spread below.
    if (this.ownCoresOnly) {
      switch (body.type) {
        case 'apply':
          this.record({ t, type: 'apply', replica: body.replica, seq: body.seq, client: body.client, req: body.req, stateHash: body.stateHash });
          return;
        case 'commit':
          this.record({ t, type: 'commit', replica: body.replica, client: body.client, req: body.req, view: body.view, seq: body.seq });
          return;
        case 'request':
          this.record({ t, type: 'request', client: body.client, req: body.req, op: body.op, to: body.to });
          return;
        case 'accept':
          this.record({ t, type: 'accept', client: body.client, req: body.req, value: body.value, from: body.from, latencyMs: body.latencyMs });
          return;
        case 'vote':
          this.record({ t, type: 'vote', client: body.client, req: body.req, from: body.from, value: body.value, tally: body.tally, threshold: body.threshold, decision: body.decision });
          return;
        case 'order':
          this.record({ t, type: 'order', seq: body.seq, client: body.client, req: body.req });
          return;
        default:
          break;
      }
    }
    // One spread per frequent event type: a spread site that meets a single shape copies
    // it in a few moves, one that meets every shape takes V8's generic path.
    switch (body.type) {
      case 'apply':
        this.record({ t, ...body });
        return;
      case 'commit':
        this.record({ t, ...body });
        return;
      case 'request':
        this.record({ t, ...body });
        return;
      case 'accept':
        this.record({ t, ...body });
        return;
      case 'vote':
        this.record({ t, ...body });
        return;
      case 'order':
        this.record({ t, ...body });
        return;
      default:
        this.record({ t, ...body } as RunEvent);
    }
  }

  replicaStatus(id: number): ReplicaStatus {
    return this.status.get(id) ?? 'crashed';
  }

  replicaBehavior(id: number): Behavior | null {
    return this.behavior.get(id) ?? null;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Starts the run: replicas, front end, workload and the fault schedule. */
  start(): void {
    const s = this.scenario;
    this.emit({ type: 'run-start', mode: this.mode, seed: s.seed, scenario: s, version: ENGINE_VERSION });
    for (let r = 1; r <= s.replicas; r++) {
      this.status.set(r, 'up');
      this.host.startReplica(r, false);
    }
    for (const f of s.faults) this.host.schedule(f.atMs, () => this.injectFault(f, 'schedule'));
    for (const node of this.nodes.values()) this.handleLocal(node, node.start(this.host.now()));
  }

  // ---- messages ----------------------------------------------------------------

  /** Sends msg from `from` through the network model; logs send, drop or delivery. */
  route(from: Address, to: Address, msg: Message): void {
    if (this.ended) return;
    const id = this.nextMessageId++;
    const kind = msg.kind;
    const t = this.host.now();
    // The hottest events are built in one step (emit would copy them once more).
    this.record({ t, type: 'send', id, from, to, kind });
    const host = this.deferringHost;
    // No network fault in force: the model's answer is the base delay, with no object for it.
    const quietMs = host ? this.network.quietDelay(this.netRng) : null;
    if (quietMs !== null && host) {
      host.defer(t + quietMs, this, id, from, to, msg);
      return;
    }
    const route = this.network.route(from, to, t, this.netRng);
    if ('drop' in route) {
      this.record({ t, type: 'drop', id, from, to, kind, reason: route.drop });
      return;
    }
    if (host) host.defer(t + route.delayMs, this, id, from, to, msg);
    else this.host.schedule(t + route.delayMs, () => this.deliver(id, from, to, msg));
    if (route.duplicateMs !== null) {
      this.record({ t, type: 'duplicate', id, from, to, kind });
      if (host) host.defer(t + route.duplicateMs, this, id, from, to, msg);
      else this.host.schedule(t + route.duplicateMs, () => this.deliver(id, from, to, msg));
    }
  }

  /** A deferred delivery came due (see Host.defer). */
  runDeferred(id: unknown, from: unknown, to: unknown, msg: unknown): void {
    this.deliver(id as number, from as Address, to as Address, msg as Message);
  }

  private deliver(id: number, from: Address, to: Address, msg: Message): void {
    if (this.ended) return;
    const replica = replicaIdOf(to);
    if (replica !== null) {
      if (this.replicaStatus(replica) === 'crashed') {
        this.emit({ type: 'drop', id, from, to, kind: msg.kind, reason: 'crashed' });
        return;
      }
      this.record({ t: this.host.now(), type: 'deliver', id, from, to, kind: msg.kind });
      this.host.deliverToReplica(replica, from, msg);
      return;
    }
    const node = this.nodes.get(to);
    if (!node) return;
    if (this.helpersDown.size > 0 && this.helpersDown.has(to)) {
      this.emit({ type: 'drop', id, from, to, kind: msg.kind, reason: 'crashed' });
      return;
    }
    this.record({ t: this.host.now(), type: 'deliver', id, from, to, kind: msg.kind });
    this.handleLocal(node, node.onMessage(from, msg, this.host.now()));
  }

  /** A replica produced output (its timers are the host's business). */
  onReplicaOutput(id: number, out: Pick<Output, 'sends' | 'events'>): void {
    if (this.ended || this.replicaStatus(id) === 'crashed') return;
    const events = out.events;
    for (let i = 0; i < events.length; i++) this.emit(events[i] as CoreEvent);
    const from: Address = this.replicaAddresses[id] ?? `r${id}`;
    const sends = out.sends;
    for (let i = 0; i < sends.length; i++) {
      const s = sends[i] as Send;
      this.route(from, s.to, s.msg);
    }
  }

  private handleLocal(node: ProtocolNode, out: Output): void {
    for (const e of out.events) this.emit(e);
    const host = this.deferringHost;
    for (const t of out.timers) {
      const at = t.afterMs === null ? null : this.host.now() + t.afterMs;
      if (host) {
        let timers = this.deferredTimers.get(node);
        if (!timers) {
          timers = new DeferredTimers(this, node);
          this.deferredTimers.set(node, timers);
        }
        timers.set(host, t.name, at);
      } else {
        this.timers.set(`${node.address}/${t.name}`, at, () => this.localTimerDue(node, t.name));
      }
    }
    for (const s of out.sends) this.route(node.address, s.to, s.msg);
    if (node instanceof Client) this.checkQuiescent();
  }

  /** A front-end node's timer came due. */
  localTimerDue(node: ProtocolNode, name: string): void {
    if (this.ended || (this.helpersDown.size > 0 && this.helpersDown.has(node.address))) return;
    this.handleLocal(node, node.onTimer(name, this.host.now()));
  }

  private checkQuiescent(): void {
    if (this.endScheduled || !this.clients.every((c) => c.done)) return;
    this.endScheduled = true;
    // Let the last updates, acks and catch-up fetches land before final states are read.
    const [, maxDelay] = this.scenario.timing.networkDelayMs;
    const settleMs = 2 * this.scenario.timing.heartbeatMs + 4 * maxDelay + 10;
    const at = Math.max(this.host.now() + settleMs, this.lastFaultAtMs + settleMs);
    this.host.schedule(at, () => this.onQuiescent());
  }

  // ---- faults ------------------------------------------------------------------

  /** Applies a fault now; it is logged before it takes effect. */
  injectFault(fault: Fault, source: FaultSource): void {
    if (this.ended) return;
    const effect = describeFaultEffect(fault, isNetworkFault(fault) || isHelperFault(fault) ? null : this.replicaStatus(fault.replica), this.network.partitioned);
    this.emit({ type: 'fault', fault, source, effect });
    if (isNetworkFault(fault)) {
      this.network.apply(fault);
      return;
    }
    if (isHelperFault(fault)) {
      this.applyHelperFault(fault);
      return;
    }
    const r = fault.replica;
    const st = this.replicaStatus(r);
    switch (fault.type) {
      case 'crash':
        if (st === 'crashed') return;
        this.status.set(r, 'crashed');
        this.behavior.set(r, null);
        this.host.killReplica(r);
        return;
      case 'restart':
        if (st !== 'crashed') {
          this.status.set(r, 'crashed');
          this.host.killReplica(r);
        }
        this.status.set(r, 'up');
        this.behavior.set(r, null);
        this.host.startReplica(r, true);
        return;
      case 'pause':
        if (st !== 'up') return;
        this.status.set(r, 'paused');
        this.host.pauseReplica(r);
        return;
      case 'resume':
        if (st !== 'paused') return;
        this.status.set(r, 'up');
        this.host.resumeReplica(r);
        return;
      case 'byzantine': {
        if (st === 'crashed') return;
        const b = fault.behavior === 'none' ? null : fault.behavior;
        this.behavior.set(r, b);
        this.host.setBehavior(r, b);
        this.emit({ type: 'behavior', replica: r, behavior: b });
        return;
      }
      default:
        unapplied(fault);
    }
  }

  /**
   * A trusted helper fails or recovers. A stopped helper receives nothing (its messages are
   * dropped as to a crashed replica) and its timers do not fire; recovered, it goes on with
   * the state it had (a helper's log is durable) and restarts its timers.
   */
  private applyHelperFault(fault: HelperFault): void {
    const node = this.nodes.get(fault.type);
    if (!node) return;
    if (fault.behavior === 'crash') {
      this.helpersDown.add(fault.type);
      return;
    }
    if (fault.type === 'arbiter') this.network.cutArbiter(fault.behavior === 'partition' ? (fault.replicas ?? []) : null);
    if (fault.behavior === 'partition') return;
    const wasDown = this.helpersDown.delete(fault.type);
    if (node instanceof Sequencer) node.setEquivocating(fault.behavior === 'equivocate');
    if (wasDown) this.handleLocal(node, node.start(this.host.now()));
  }

  /** A replica process ended without being killed by a fault (it crashed by itself). */
  onReplicaExit(id: number, detail: string): void {
    if (this.ended || this.replicaStatus(id) === 'crashed') return;
    this.status.set(id, 'crashed');
    this.behavior.set(id, null);
    this.emit({ type: 'process', replica: id, status: 'exited', pid: null, detail });
  }

  /** A replica sent something that is not a valid message: logged, dropped, never routed. */
  onReplicaGarbage(id: number, detail: string): void {
    if (this.ended) return;
    this.emit({ type: 'garbage', replica: id, detail });
  }

  /** Ends the run: records final states (and CPU figures in real mode), then the end marker. */
  finish(
    finals: { replica: number; stateHash: string | null; applied: number }[],
    cpu: { replica: number; userMs: number; systemMs: number }[] = [],
    reason: 'completed' | 'stopped' = 'completed',
  ): void {
    if (this.ended) return;
    for (const f of finals) {
      const status = this.replicaStatus(f.replica);
      this.emit({ type: 'final', replica: f.replica, status, stateHash: status === 'up' ? f.stateHash : null, applied: f.applied, behavior: this.replicaBehavior(f.replica) });
    }
    for (const c of cpu) this.emit({ type: 'cpu', ...c });
    this.emit({ type: 'run-end', reason });
    this.ended = true;
  }
}
