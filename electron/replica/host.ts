/**
 * The replica process's side: runs one protocol core (the same one the simulator runs)
 * over its IPC channel, with real timers. It exits when its parent goes away: on IPC
 * disconnect, and by a watchdog that notices the parent's pid is gone (a SIGKILLed
 * parent sends no disconnect on every platform).
 */
import { createReplica } from '../../shared/protocol/replica.js';
import type { Output, ReplicaNode } from '../../shared/protocol/types.js';
import type { ReplicaToParent } from '../../shared/protocol/wire.js';
import { useNodeSha256 } from '../runtime/node-sha256.js';
import { processAlive } from '../runtime/process-alive.js';
import type { ParentToReplica } from './ipc.js';

export interface ReplicaChannel {
  send(msg: ReplicaToParent): void;
  onMessage(listener: (msg: ParentToReplica) => void): void;
  exit(code: number): never;
}

const CPU_REPORT_MS = 250;
/** At most this many sends and this many events in one output message. */
export const OUTPUT_CHUNK = 1000;
const WATCHDOG_MS = 500;

/** CPU time since the replica was given its role: process start-up is not the protocol's cost. */
let cpuBase = process.cpuUsage();
function cpuMs(): { userMs: number; systemMs: number } {
  const u = process.cpuUsage(cpuBase);
  return { userMs: u.user / 1000, systemMs: u.system / 1000 };
}

const alive = processAlive;

export function runReplicaProcess(channel: ReplicaChannel): void {
  // PBFT's digests and MACs with Node's crypto: the same values as the simulator's.
  useNodeSha256();
  let core: ReplicaNode | null = null;
  const t0 = performance.now();
  const now = (): number => performance.now() - t0;
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  let frozen = false;
  const heldTimers: string[] = [];
  const inbox: ParentToReplica[] = [];

  const emit = (out: Output): void => {
    for (const t of out.timers) {
      const prev = timers.get(t.name);
      if (prev) clearTimeout(prev);
      timers.delete(t.name);
      if (t.afterMs === null) continue;
      timers.set(
        t.name,
        setTimeout(() => {
          timers.delete(t.name);
          if (frozen) heldTimers.push(t.name);
          else fire(t.name);
        }, Math.max(0, t.afterMs)),
      );
    }
    if (out.sends.length === 0 && out.events.length === 0) return;
    // Outputs of one turn of the event loop travel as one IPC message: far cheaper than one each.
    outbox.sends.push(...out.sends);
    outbox.events.push(...out.events);
    scheduleFlush();
  };
  const outbox: { sends: Output['sends']; events: Output['events'] } = { sends: [], events: [] };
  let flushScheduled = false;
  /** The parent sends its next batch of deliveries when this replica answers the last. */
  let owesAnswer = false;
  const flush = (): void => {
    flushScheduled = false;
    if (outbox.sends.length === 0 && outbox.events.length === 0 && !owesAnswer) return;
    owesAnswer = false;
    const { sends, events } = outbox;
    outbox.sends = [];
    outbox.events = [];
    if (sends.length <= OUTPUT_CHUNK && events.length <= OUTPUT_CHUNK) {
      channel.send({ type: 'output', sends, events });
      return;
    }
    // A large batch in gives a large output: it leaves in bounded pieces (the parent refuses
    // messages of more than 10,000 items as garbage).
    for (let i = 0; i < sends.length || i < events.length; i += OUTPUT_CHUNK) {
      channel.send({ type: 'output', sends: sends.slice(i, i + OUTPUT_CHUNK), events: events.slice(i, i + OUTPUT_CHUNK) });
    }
  };
  const scheduleFlush = (): void => {
    if (flushScheduled) return;
    flushScheduled = true;
    setImmediate(flush);
  };
  /**
   * A batch of deliveries is answered as soon as it has been handled: its output leaves now,
   * in one message, rather than a turn of the event loop later (what a timer's output waits
   * for, to leave with whatever else that turn brings).
   */
  const answer = (): void => {
    owesAnswer = true;
    flush();
  };
  const fire = (name: string): void => {
    if (core) emit(core.onTimer(name, now()));
  };

  const handle = (msg: ParentToReplica): void => {
    switch (msg.type) {
      case 'init': {
        cpuBase = process.cpuUsage();
        // What a student sees in ps / the task manager.
        process.title = `faultlab-replica-${msg.id}`;
        core = createReplica(msg.id, msg.config, msg.recovering);
        startWatchdog(msg.parentPid);
        emit(core.start(now()));
        break;
      }
      case 'deliver':
        if (core) emit(core.onMessage(msg.from, msg.msg, now()));
        answer();
        break;
      case 'deliveries':
        for (const item of msg.items) if (core) emit(core.onMessage(item.from, item.msg, now()));
        answer();
        break;
      case 'behavior':
        core?.setBehavior(msg.behavior);
        break;
      case 'final': {
        flush();
        const f = core?.finalState() ?? { stateHash: '', applied: 0 };
        channel.send({ type: 'final', stateHash: f.stateHash, applied: f.applied, ...cpuMs() });
        break;
      }
      default:
        break;
    }
  };

  channel.onMessage((msg) => {
    if (msg.type === 'freeze') {
      frozen = true;
      return;
    }
    if (msg.type === 'thaw') {
      frozen = false;
      // As after SIGCONT: overdue timers first, then what arrived meanwhile.
      for (const name of heldTimers.splice(0)) fire(name);
      for (const m of inbox.splice(0)) handle(m);
      return;
    }
    if (frozen && (msg.type === 'deliver' || msg.type === 'deliveries')) inbox.push(msg);
    else handle(msg);
  });

  // Loaded and listening: the parent may start the run's clock.
  channel.send({ type: 'ready' });
  const cpuTimer = setInterval(() => channel.send({ type: 'cpu', ...cpuMs() }), CPU_REPORT_MS);
  cpuTimer.unref?.();

  function startWatchdog(parentPid: number): void {
    const w = setInterval(() => {
      if (process.ppid !== parentPid || !alive(parentPid)) channel.exit(0);
    }, WATCHDOG_MS);
    w.unref?.();
  }
}
