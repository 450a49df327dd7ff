/**
 * Real mode: every replica is an operating-system process; this (parent) process is the
 * network. The Engine is the same one the simulator uses; this host gives it real time
 * (performance.now, setTimeout) and replicas that are child processes. A crash is a
 * SIGKILL, a pause is SIGSTOP/SIGCONT (an inbox-and-timer freeze where the OS has no such
 * signals), a restart is a new process that recovers its state from a live replica.
 */
import { analyze } from '../../shared/analysis/summary.js';
import type { RunEvent } from '../../shared/events.js';
import type { Host } from '../../shared/engine/engine.js';
import { Engine } from '../../shared/engine/engine.js';
import type { Fault, Scenario } from '../../shared/scenario.js';
import type { Address, Message } from '../../shared/protocol/types.js';
import { checkReplicaMessage } from '../../shared/protocol/wire.js';
import type { LiveOptions, LiveRun, ReplicaProcessInfo, RunResult } from './live.js';
import { checkLiveFault, EventFanout, saveRunFiles } from './live.js';
import { createRunFolder } from './run-folder.js';
import type { ChildHandle, Spawner } from './supervisor.js';
import { nodeSpawner, replicaEntry, superviseSpawn, waitForExit } from './supervisor.js';

export interface RealOptions extends LiveOptions {
  spawner?: Spawner;
  /** The replica program (default: the bundled out/node/replica.cjs), or one per replica. */
  entry?: string | ((replica: number) => string);
}

interface Proc {
  child: ChildHandle;
  incarnation: number;
  ready: Promise<void>;
  cpu: { userMs: number; systemMs: number };
  final: ((f: { stateHash: string; applied: number; userMs: number; systemMs: number } | null) => void) | null;
  /** Flood control: messages in the current window. */
  windowStart: number;
  windowCount: number;
  dropped: number;
  /** Paused by emulation (no SIGSTOP on this OS). */
  emulatedPause: boolean;
  /** Deliveries not sent yet (see flush: one batch in flight per replica). */
  outbox: { from: Address; msg: Message }[];
  /** A batch went out and the replica has not answered since (its next output is the answer). */
  inFlight: boolean;
  /** A flush is scheduled (end of this turn, or the not-answering fallback). */
  flushTimer: 'immediate' | ReturnType<typeof setTimeout> | null;
}

/** More than this many messages from one replica within FLOOD_WINDOW_MS is a flood. */
const FLOOD_LIMIT = 5000;
const FLOOD_WINDOW_MS = 100;
const FINAL_TIMEOUT_MS = 2000;
const READY_TIMEOUT_MS = 15_000;
const UNANSWERED_MS = 5;
const DELIVERY_CHUNK = 1000;

export async function startRealRun(scenario: Scenario, options: RealOptions = {}): Promise<LiveRun> {
  const spawner = options.spawner ?? nodeSpawner;
  const defaultEntry = typeof options.entry === 'string' ? options.entry : replicaEntry();
  const entryOf = (id: number): string => (typeof options.entry === 'function' ? options.entry(id) : defaultEntry);
  const procs = new Map<number, Proc>();
  const cpuOfDead = new Map<number, { userMs: number; systemMs: number }>();
  const pending = new Set<ReturnType<typeof setTimeout>>();
  /** Processes killed by crash faults, so the end of the run can wait for them too. */
  const killed: ChildHandle[] = [];
  let incarnations = 0;
  let t0 = performance.now();
  const now = (): number => Math.round((performance.now() - t0) * 1000) / 1000;
  let engine: Engine | null = null;
  let ended = false;

  const spawn = (id: number): Proc => {
    const child = superviseSpawn(spawner, entryOf(id), `replica-${id}`);
    const incarnation = ++incarnations;
    let markReady: () => void = () => {};
    const proc: Proc = {
      child,
      incarnation,
      ready: new Promise<void>((r) => (markReady = r)),
      cpu: { userMs: 0, systemMs: 0 },
      final: null,
      windowStart: 0,
      windowCount: 0,
      dropped: 0,
      emulatedPause: false,
      outbox: [],
      inFlight: false,
      flushTimer: null,
    };
    child.onMessage((raw) => {
      const current = procs.get(id);
      if (current?.incarnation !== incarnation) return; // a killed predecessor's last words
      const t = performance.now();
      if (t - proc.windowStart > FLOOD_WINDOW_MS) {
        if (proc.dropped > 0) engine?.onReplicaGarbage(id, `flood: ${proc.dropped} messages dropped in ${FLOOD_WINDOW_MS} ms`);
        proc.windowStart = t;
        proc.windowCount = 0;
        proc.dropped = 0;
      }
      if (++proc.windowCount > FLOOD_LIMIT) {
        proc.dropped += 1;
        return;
      }
      const checked = checkReplicaMessage(id, raw);
      if (!checked.ok) {
        engine?.onReplicaGarbage(id, checked.reason);
        return;
      }
      const m = checked.value;
      if (m.type === 'output') answered(proc);
      if (m.type === 'ready') markReady();
      else if (m.type === 'cpu') proc.cpu = { userMs: m.userMs, systemMs: m.systemMs };
      else if (m.type === 'final') {
        proc.cpu = { userMs: m.userMs, systemMs: m.systemMs };
        proc.final?.(m);
      } else engine?.onReplicaOutput(id, m);
    });
    child.onExit((code, signal) => {
      const current = procs.get(id);
      proc.final?.(null);
      markReady();
      if (current?.incarnation !== incarnation) return;
      const tail = child.stderrTail().trim().split('\n').at(-1) ?? '';
      engine?.onReplicaExit(id, `process ${child.pid ?? '?'} exited (${signal ?? `code ${code ?? '?'}`})${tail ? `: ${tail.slice(0, 300)}` : ''}`);
      retire(id);
    });
    return proc;
  };

  /**
   * Deliveries to a replica travel in batches, one batch in flight at a time: while a
   * replica works through one batch, the next gathers here. Under load batches grow and
   * each IPC message carries more (far cheaper per delivery on both sides); at a low rate
   * every delivery leaves at the end of the turn it fell due in. A replica that does not
   * answer (paused, silent, hostile) still gets its deliveries after UNANSWERED_MS.
   */
  const flush = (p: Proc): void => {
    if (p.flushTimer !== null && p.flushTimer !== 'immediate') clearTimeout(p.flushTimer);
    p.flushTimer = null;
    if (p.outbox.length === 0) return;
    // At most DELIVERY_CHUNK deliveries a message: the rest follow on the answer.
    const items = p.outbox.length <= DELIVERY_CHUNK ? p.outbox : p.outbox.splice(0, DELIVERY_CHUNK);
    if (items === p.outbox) p.outbox = [];
    p.inFlight = true;
    const first = items[0];
    if (items.length === 1 && first) p.child.send({ type: 'deliver', from: first.from, msg: first.msg });
    else p.child.send({ type: 'deliveries', items });
    scheduleFlush(p);
  };
  const scheduleFlush = (p: Proc): void => {
    if (p.flushTimer !== null || p.outbox.length === 0) return;
    if (p.inFlight) {
      p.flushTimer = setTimeout(() => flush(p), UNANSWERED_MS);
    } else {
      p.flushTimer = 'immediate';
      setImmediate(() => {
        if (p.flushTimer === 'immediate') flush(p);
      });
    }
  };
  const answered = (p: Proc): void => {
    p.inFlight = false;
    if (p.flushTimer !== 'immediate' && p.outbox.length > 0) flush(p);
  };

  const retire = (id: number): void => {
    const p = procs.get(id);
    if (!p) return;
    procs.delete(id);
    if (p.flushTimer !== null && p.flushTimer !== 'immediate') clearTimeout(p.flushTimer);
    p.flushTimer = null;
    p.outbox = [];
    const prev = cpuOfDead.get(id) ?? { userMs: 0, systemMs: 0 };
    cpuOfDead.set(id, { userMs: prev.userMs + p.cpu.userMs, systemMs: prev.systemMs + p.cpu.systemMs });
  };

  // Start the initial replicas before the clock: process start-up is not part of the run.
  const warm = new Map<number, Proc>();
  for (let id = 1; id <= scenario.replicas; id++) {
    const p = spawn(id);
    warm.set(id, p);
    procs.set(id, p);
  }
  const timeout = new Promise<'timeout'>((r) => {
    const h = setTimeout(() => r('timeout'), READY_TIMEOUT_MS);
    h.unref?.();
  });
  const readiness = await Promise.race([Promise.all([...warm.values()].map((p) => p.ready)), timeout]);
  if (readiness === 'timeout' || [...warm.keys()].some((id) => !procs.has(id))) {
    for (const p of warm.values()) p.child.kill();
    throw new Error('the replica processes did not start');
  }

  const log = options.dir ? createRunFolder(options.dir, scenario) : null;
  const fanout = new EventFanout(log, options.batchMs ?? 50);
  const events: RunEvent[] = [];
  let resolveFinished: (r: RunResult) => void = () => {};
  const finished = new Promise<RunResult>((r) => (resolveFinished = r));

  /** Work due now, in order, run at the end of this turn by one setImmediate for all of it. */
  let dueNow: (() => void)[] = [];
  const runDueNow = (): void => {
    const batch = dueNow;
    dueNow = [];
    // What falls due while this batch runs waits for the next turn, as with setImmediate.
    for (const fn of batch) if (!ended) fn();
  };

  const host: Host = {
    now,
    schedule(at, fn) {
      if (at <= now()) {
        // Due now (a zero network delay): at the end of this turn, since setTimeout waits at least 1 ms.
        dueNow.push(fn);
        if (dueNow.length === 1) setImmediate(runDueNow);
        return undefined;
      }
      const h = setTimeout(
        () => {
          pending.delete(h);
          fn();
        },
        Math.max(0, at - now()),
      );
      pending.add(h);
      return h;
    },
    cancel(handle) {
      const h = handle as ReturnType<typeof setTimeout>;
      if (pending.delete(h)) clearTimeout(h);
    },
    startReplica(id, recovering) {
      if (!engine) return;
      const p = warm.get(id) ?? spawn(id);
      warm.delete(id);
      procs.set(id, p);
      p.child.send({ type: 'init', id, config: engine.config, recovering, parentPid: process.pid });
      engine.emit({ type: 'process', replica: id, status: 'started', pid: p.child.pid, detail: recovering ? 'recovering' : 'fresh' });
    },
    killReplica(id) {
      const p = procs.get(id);
      if (!p || !engine) return;
      p.child.kill();
      killed.push(p.child);
      engine.emit({ type: 'process', replica: id, status: 'crashed', pid: p.child.pid, detail: 'SIGKILL' });
      retire(id);
    },
    pauseReplica(id) {
      const p = procs.get(id);
      if (!p || !engine) return;
      const viaSignal = p.child.signal('SIGSTOP');
      if (!viaSignal) {
        p.emulatedPause = true;
        p.child.send({ type: 'freeze' });
      }
      engine.emit({ type: 'process', replica: id, status: 'paused', pid: p.child.pid, detail: viaSignal ? 'SIGSTOP' : 'frozen (inbox and timers held; no SIGSTOP on this OS)' });
    },
    resumeReplica(id) {
      const p = procs.get(id);
      if (!p || !engine) return;
      const emulated = p.emulatedPause;
      p.emulatedPause = false;
      if (emulated) p.child.send({ type: 'thaw' });
      else p.child.signal('SIGCONT');
      engine.emit({ type: 'process', replica: id, status: 'resumed', pid: p.child.pid, detail: emulated ? 'thawed (inbox and timers released)' : 'SIGCONT' });
    },
    setBehavior(id, behavior) {
      procs.get(id)?.child.send({ type: 'behavior', behavior });
    },
    deliverToReplica(id, from, msg) {
      const p = procs.get(id);
      if (!p) return;
      p.outbox.push({ from, msg });
      scheduleFlush(p);
    },
  };

  engine = new Engine(scenario, 'real', host, (e) => {
    events.push(e);
    fanout.push(e);
  });
  const eng = engine;

  const askFinal = (id: number): Promise<{ stateHash: string; applied: number; userMs: number; systemMs: number } | null> => {
    const p = procs.get(id);
    if (!p || eng.replicaStatus(id) !== 'up') return Promise.resolve(null);
    return new Promise((resolve) => {
      const h = setTimeout(() => resolve(null), FINAL_TIMEOUT_MS);
      p.final = (f) => {
        clearTimeout(h);
        p.final = null;
        resolve(f);
      };
      p.child.send({ type: 'final' });
    });
  };

  const end = async (reason: 'completed' | 'stopped'): Promise<void> => {
    if (ended) return;
    ended = true;
    for (const h of pending) clearTimeout(h);
    pending.clear();
    const ids = Array.from({ length: scenario.replicas }, (_, i) => i + 1);
    const finals = await Promise.all(ids.map((id) => askFinal(id)));
    const cpu = ids.map((id) => {
      const dead = cpuOfDead.get(id) ?? { userMs: 0, systemMs: 0 };
      const cur = procs.get(id)?.cpu ?? { userMs: 0, systemMs: 0 };
      return { replica: id, userMs: round(dead.userMs + cur.userMs), systemMs: round(dead.systemMs + cur.systemMs) };
    });
    eng.finish(
      ids.map((id, i) => ({ replica: id, stateHash: finals[i]?.stateHash ?? null, applied: finals[i]?.applied ?? 0 })),
      cpu,
      reason,
    );
    const children = [...procs.values()].map((p) => p.child);
    for (const p of procs.values()) {
      if (p.flushTimer !== null && p.flushTimer !== 'immediate') clearTimeout(p.flushTimer);
      p.flushTimer = null;
      if (p.emulatedPause) p.child.send({ type: 'thaw' });
      p.child.kill();
    }
    procs.clear();
    // The run is over only when its processes are: no replica outlives its run.
    await waitForExit([...children, ...killed], 5000);
    fanout.close();
    const { summary } = analyze(events, { linearizability: true, logSha256: log?.sha256() });
    resolveFinished({ summary, complete: true, dir: options.dir ?? null, problem: saveRunFiles(options.dir, log, summary) });
  };

  eng.onQuiescent = () => void end('completed');
  t0 = performance.now();
  eng.start();

  return {
    scenario,
    mode: 'real',
    dir: options.dir ?? null,
    events,
    elapsedMs: now,
    onEvents: (l) => fanout.subscribe(l),
    inject(fault) {
      checkLiveFault(scenario, fault);
      if (ended) throw new Error('the run has ended');
      eng.injectFault({ ...fault, atMs: Math.round(now()) } as Fault, 'live');
    },
    replicas(): ReplicaProcessInfo[] {
      return Array.from({ length: scenario.replicas }, (_, i) => ({ replica: i + 1, pid: procs.get(i + 1)?.child.pid ?? null, status: eng.replicaStatus(i + 1) }));
    },
    async stop() {
      await end('stopped');
      return finished;
    },
    finished,
  };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
