/**
 * The replica processes of one real-mode run: spawning and supervising them, checking
 * everything they send (flood control, then the wire checks of shared/protocol/wire.ts)
 * before it reaches the run, their CPU time across incarnations, and their final states.
 * A process killed or replaced stops counting at once: what a predecessor still says is
 * ignored. The pool promises that `closeAll` leaves no process of the run alive.
 */
import { ByzantineFilter } from '../../shared/protocol/byzantine.js';
import type { LineCheck } from '../../shared/protocol/external.js';
import type { ReplicaToParent } from '../../shared/protocol/wire.js';
import { checkReplicaMessage } from '../../shared/protocol/wire.js';
import type { Behavior, ServiceName } from '../../shared/scenario.js';
import { getService } from '../../shared/services.js';
import type { ExternalReplicas } from './real-external.js';
import { checkExternalOutput } from './real-external.js';
import { Outbox } from './real-outbox.js';
import type { ChildHandle, Spawner } from './supervisor.js';
import { superviseSpawn, waitForExit } from './supervisor.js';

/**
 * Flood control counts messages, never time, so a loaded machine neither hides a flood nor
 * invents one. Each replica has an allowance of messages (at most FLOOD_BURST): every
 * message from it costs one; the relay gives it back what an honest replica may send in
 * answer to what the relay did. A batch of b deliveries is answered by one output (in
 * pieces of at most 1,000 items: b + FLOOD_PER_BATCH covers them); each turn of the
 * relay's own clock (a client's request, a network delay ending, a front-end timer: what
 * drives the run forward) adds FLOOD_PER_TURN to every replica, for its own timers'
 * outputs and CPU reports. Over a whole run an honest replica stays far inside that; a
 * flood outruns it however fast or slow the relay reads, and what is over is dropped.
 */
export const FLOOD_BURST = 5000;
export const FLOOD_PER_BATCH = 2;
export const FLOOD_PER_TURN = 2;
/** How long a replica has to report its final state at the end of the run. */
const FINAL_TIMEOUT_MS = 2000;
/** How long the initial replicas have to load before the run gives up. */
const READY_TIMEOUT_MS = 15_000;
/** How long the end of the run waits for its processes to exit. */
const EXIT_TIMEOUT_MS = 5000;

/** The replicas of a run did not all start: a program that exits at once, or never says ready. */
export class ReplicaStartError extends Error {}

export interface CpuTime {
  userMs: number;
  systemMs: number;
}

/** A replica's answer to `final`: its state and CPU time at the end of the run. */
export type ReplicaFinal = Extract<ReplicaToParent, { type: 'final' }>;

/** What a replica's output carries to the run (its protocol core's sends and events). */
export type ReplicaOutput = Extract<ReplicaToParent, { type: 'output' }>;

/** Where the pool reports what its processes do (the run's engine, once there is one). */
export interface ReplicaListener {
  output(id: number, output: ReplicaOutput): void;
  /** A message that failed the checks (or a flood): logged and dropped. */
  garbage(id: number, detail: string): void;
  /** A process ended without being killed by the run. */
  exited(id: number, detail: string): void;
  /** A line a replica program of one's own wrote on its stderr. */
  log?(id: number, text: string): void;
}

/** One incarnation of a replica: a process, its relay outbox and what it has reported. */
export class ReplicaProcess {
  readonly ready: Promise<void>;
  readonly outbox: Outbox;
  cpu: CpuTime = { userMs: 0, systemMs: 0 };
  /** Paused by emulation (no SIGSTOP on this OS): thawed before it is killed. */
  emulatedPause = false;
  private markReady: () => void = () => {};
  /** It said `ready` (or exited, which also settles `ready`). */
  isReady = false;
  private final: ((f: ReplicaFinal | null) => void) | null = null;
  readonly gate: FloodGate;
  /** How what the process says is checked: IPC messages, or an external replica's lines. */
  private readonly check: (from: number, raw: unknown) => LineCheck;

  /**
   * `byzantine`: an external replica's Byzantine behaviour, carried out by the host on what
   * it sends (a student's program knows nothing of the lab's faults); null for the built-in
   * replica, which rewrites its own outputs.
   */
  constructor(
    readonly id: number,
    readonly incarnation: number,
    readonly child: ChildHandle,
    relayTurns: () => number = () => 0,
    private readonly byzantine: ByzantineFilter | null = null,
  ) {
    this.check = byzantine ? checkExternalOutput : checkReplicaMessage;
    this.ready = new Promise<void>((r) =>
      (this.markReady = () => {
        this.isReady = true;
        r();
      }),
    );
    this.gate = new FloodGate(relayTurns);
    this.outbox = new Outbox((msg) => {
      this.gate.solicit(msg.type === 'deliveries' ? msg.items.length : 1);
      child.send(msg);
    });
  }

  /** Checks one message from the process; returns what the run should hear of it. */
  receive(raw: unknown, listener: ReplicaListener): void {
    if (!this.gate.admit()) return;
    this.reportFlood(listener);
    const checked = this.check(this.id, raw);
    if (!checked.ok) {
      listener.garbage(this.id, checked.reason);
      return;
    }
    let m = checked.value;
    // Always through the filter: correct, it remembers the last reply (what a stale replica repeats).
    if (m.type === 'output' && this.byzantine) m = { ...m, sends: this.byzantine.rewriteAll(m.sends) };
    if (m.type === 'output') this.outbox.answered();
    if (m.type === 'ready') this.markReady();
    else if (m.type === 'cpu') this.cpu = { userMs: m.userMs, systemMs: m.systemMs };
    else if (m.type === 'final') {
      this.cpu = { userMs: m.userMs, systemMs: m.systemMs };
      this.final?.(m);
    } else listener.output(this.id, m);
  }

  /** Switches Byzantine behaviour: in the host for an external replica, else in the replica. */
  setBehavior(behavior: Behavior | null): void {
    if (this.byzantine) this.byzantine.set(behavior);
    else this.child.send({ type: 'behavior', behavior });
  }

  /** Logs (once per flood) how many messages flood control dropped since the last report. */
  reportFlood(listener: ReplicaListener): void {
    const dropped = this.gate.takeDropped();
    if (dropped > 0) listener.garbage(this.id, `flood: ${dropped} messages dropped (more than the relay's deliveries and clock turns allow)`);
  }

  /** The process exited: nothing more will come from it. */
  exited(): void {
    this.final?.(null);
    this.markReady();
  }

  /** Asks for the final state; null if the process does not answer within FINAL_TIMEOUT_MS. */
  askFinal(): Promise<ReplicaFinal | null> {
    // The final state and the output flushed before it.
    this.gate.solicit(1);
    return new Promise((resolve) => {
      const h = setTimeout(() => resolve(null), FINAL_TIMEOUT_MS);
      this.final = (f) => {
        clearTimeout(h);
        this.final = null;
        resolve(f);
      };
      this.child.send({ type: 'final' });
    });
  }
}

/** One replica's message allowance (see FLOOD_BURST): counts only, no clock. */
export class FloodGate {
  private tokens = FLOOD_BURST;
  private turnsCredited: number;
  private dropped = 0;

  constructor(private readonly relayTurns: () => number) {
    this.turnsCredited = relayTurns();
  }

  /** The relay sent `deliveries` deliveries (or a request for one answer): its answer is owed. */
  solicit(deliveries: number): void {
    this.tokens = Math.min(FLOOD_BURST, this.tokens + deliveries + FLOOD_PER_BATCH);
  }

  /** One message arrived: true if it is within the allowance, false if it is dropped. */
  admit(): boolean {
    const turns = this.relayTurns();
    if (turns > this.turnsCredited) {
      this.tokens = Math.min(FLOOD_BURST, this.tokens + (turns - this.turnsCredited) * FLOOD_PER_TURN);
      this.turnsCredited = turns;
    }
    if (this.tokens <= 0) {
      this.dropped += 1;
      return false;
    }
    this.tokens -= 1;
    return true;
  }

  /** Messages dropped since the last call. */
  takeDropped(): number {
    const d = this.dropped;
    this.dropped = 0;
    return d;
  }
}

export class ReplicaPool {
  /** The current process of each replica that has one. */
  private readonly procs = new Map<number, ReplicaProcess>();
  /** Processes started before the clock, not yet given their role. */
  private readonly warm = new Map<number, ReplicaProcess>();
  private readonly cpuOfDead = new Map<number, CpuTime>();
  /** Processes killed by crash faults, so the end of the run can wait for them too. */
  private readonly killed: ChildHandle[] = [];
  private incarnations = 0;
  /** Turns of the relay's clock so far (flood control's measure of the run's progress). */
  private turns = 0;
  /** Why each replica that died before the run began did so (for warmUp's message). */
  private readonly startFailures = new Map<number, string>();

  /** `external`: the replicas that run a student's program instead of the built-in one (and its service, for Byzantine rewriting). */
  constructor(
    private readonly spawner: Spawner,
    private readonly entryOf: (id: number) => string,
    private readonly listener: ReplicaListener,
    private readonly external: { replicas: ExternalReplicas; service: ServiceName } | null = null,
  ) {}

  /**
   * Starts replicas 1..count and waits until each has loaded: process start-up is not part
   * of the run. Throws (and kills them) if they do not all load within READY_TIMEOUT_MS.
   */
  async warmUp(count: number): Promise<void> {
    for (let id = 1; id <= count; id++) {
      const p = this.spawn(id);
      this.warm.set(id, p);
      this.procs.set(id, p);
    }
    const timeout = new Promise<'timeout'>((r) => {
      const h = setTimeout(() => r('timeout'), READY_TIMEOUT_MS);
      h.unref?.();
    });
    const readiness = await Promise.race([Promise.all([...this.warm.values()].map((p) => p.ready)), timeout]);
    if (readiness === 'timeout' || [...this.warm.keys()].some((id) => !this.procs.has(id))) {
      // The reasons as they stand before the pool kills the rest (whose deaths are no reason).
      const dead = [...this.startFailures.entries()].sort((a, b) => a[0] - b[0]).map(([id, why]) => `replica ${id}: ${why}`);
      const silent = readiness === 'timeout' ? [...this.warm.keys()].filter((id) => !this.startFailures.has(id) && !this.warm.get(id)?.isReady) : [];
      const why = [...dead, ...(silent.length > 0 ? [`replica${silent.length > 1 ? 's' : ''} ${silent.join(', ')} said nothing ready within ${READY_TIMEOUT_MS / 1000} s`] : [])];
      for (const p of this.warm.values()) p.child.kill();
      await waitForExit([...this.warm.values()].map((p) => p.child), EXIT_TIMEOUT_MS);
      throw new ReplicaStartError(`the replica processes did not start${why.length > 0 ? ` (${why.join('; ')})` : ''}`);
    }
  }

  /** The relay's clock ran one piece of the run's work: every replica's allowance grows. */
  relayTurn(): void {
    this.turns += 1;
  }

  get(id: number): ReplicaProcess | undefined {
    return this.procs.get(id);
  }

  /** The process that takes replica id's role now: the one warmed up for it, or a new one. */
  take(id: number): ReplicaProcess {
    const p = this.warm.get(id) ?? this.spawn(id);
    this.warm.delete(id);
    this.procs.set(id, p);
    return p;
  }

  /** Kills replica id's process (a crash fault); returns it, or undefined if it had none. */
  kill(id: number): ReplicaProcess | undefined {
    const p = this.procs.get(id);
    if (!p) return undefined;
    p.child.kill();
    this.killed.push(p.child);
    this.retire(id);
    return p;
  }

  /** CPU time of replica id over all its incarnations, to the microsecond. */
  cpuOf(id: number): CpuTime {
    const dead = this.cpuOfDead.get(id) ?? { userMs: 0, systemMs: 0 };
    const cur = this.procs.get(id)?.cpu ?? { userMs: 0, systemMs: 0 };
    return { userMs: round(dead.userMs + cur.userMs), systemMs: round(dead.systemMs + cur.systemMs) };
  }

  /** Logs what flood control dropped and has not reported yet (before the run's end marker). */
  reportFloods(): void {
    for (const p of this.procs.values()) p.reportFlood(this.listener);
  }

  /** Kills every process (thawing emulated pauses first) and waits until all, and those killed before, have exited. */
  async closeAll(): Promise<void> {
    const children = [...this.procs.values()].map((p) => p.child);
    for (const p of this.procs.values()) {
      p.outbox.close();
      if (p.emulatedPause) p.child.send({ type: 'thaw' });
      p.child.kill();
    }
    this.procs.clear();
    // The run is over only when its processes are: no replica outlives its run.
    await waitForExit([...children, ...this.killed], EXIT_TIMEOUT_MS);
  }

  private spawn(id: number): ReplicaProcess {
    const ext = this.external && this.external.replicas.runs(id) ? this.external : null;
    const child = ext ? superviseSpawn(ext.replicas.spawner, ext.replicas.command, `replica-${id}`) : superviseSpawn(this.spawner, this.entryOf(id), `replica-${id}`);
    const proc = new ReplicaProcess(id, ++this.incarnations, child, () => this.turns, ext ? new ByzantineFilter(id, getService(ext.service)) : null);
    const current = (): boolean => this.procs.get(id)?.incarnation === proc.incarnation;
    child.onMessage((raw) => {
      if (current()) proc.receive(raw, this.listener); // else a killed predecessor's last words
    });
    // Unlike its messages, a process's log is kept to its last line, even after it was replaced (a traceback as it died).
    child.onLogLine?.((text) => this.listener.log?.(id, text));
    child.onExit((code, signal) => {
      const wasCurrent = current();
      proc.exited();
      if (!wasCurrent) return;
      const tail = child.stderrTail().trim().split('\n').at(-1) ?? '';
      const detail = `process ${child.pid ?? '?'} exited (${signal ?? `code ${code ?? '?'}`})${tail ? `: ${tail.slice(0, 300)}` : ''}`;
      if (this.warm.get(id) === proc) this.startFailures.set(id, detail);
      this.listener.exited(id, detail);
      this.retire(id);
    });
    return proc;
  }

  private retire(id: number): void {
    const p = this.procs.get(id);
    if (!p) return;
    this.procs.delete(id);
    p.outbox.close();
    const prev = this.cpuOfDead.get(id) ?? { userMs: 0, systemMs: 0 };
    this.cpuOfDead.set(id, { userMs: prev.userMs + p.cpu.userMs, systemMs: prev.systemMs + p.cpu.systemMs });
  }
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
