/**
 * Spawns and supervises replica processes behind one interface: child_process.fork under
 * plain Node, utilityProcess.fork inside Electron (so the RunAsNode fuse can stay off).
 * It promises no orphans: every child it starts is killed when the run ends, when the
 * parent exits normally, on SIGINT/SIGTERM/SIGHUP and on an uncaught exception; and each
 * replica exits by itself when its parent disappears (IPC disconnect plus a watchdog),
 * which covers a SIGKILLed parent. A replica that cannot run its watchdog (paused with
 * SIGSTOP) when the parent is SIGKILLed is killed from outside by the reaper (reaper.ts).
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ParentToReplica } from '../replica/ipc.js';
import { reapOnHostDeath } from './reaper.js';

/** What became of a signal sent to a replica process (see ChildHandle.signal). */
export type SignalOutcome = 'sent' | 'unsupported' | 'gone';

export interface ChildHandle {
  readonly pid: number | null;
  send(msg: ParentToReplica): void;
  onMessage(listener: (msg: unknown) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  /** Kills the process at once (SIGKILL where signals exist). */
  kill(): void;
  /**
   * Sends SIGSTOP / SIGCONT. 'sent': the process got it. 'unsupported': the OS has no such
   * signals (Windows), so the caller emulates them. 'gone': the process has exited (or
   * never started), so nothing can be paused or continued.
   */
  signal(sig: 'SIGSTOP' | 'SIGCONT'): SignalOutcome;
  /** Each line the process writes on stderr, as its own log (a replica program of one's own; absent for the built-in replica). */
  onLogLine?(listener: (text: string) => void): void;
  /** The last lines the process wrote on stderr, for diagnosing a crash. */
  stderrTail(): string;
  /** Settles once the process has exited. */
  readonly exited: Promise<void>;
}

export interface Spawner {
  readonly kind: 'child_process' | 'utilityProcess';
  spawn(entry: string, name: string): ChildHandle;
}

/** How much of a replica's stderr is kept for the message about its death. */
export const STDERR_TAIL = 4096;
/** Whether this OS has SIGSTOP / SIGCONT (Windows has neither). */
export const hasSignals = process.platform !== 'win32';

/**
 * Sends sig to a child's pid. A failure means the process is gone: ESRCH (no such
 * process), or EPERM (the pid now belongs to another user's process).
 */
export function signalPid(pid: number, sig: 'SIGSTOP' | 'SIGCONT'): SignalOutcome {
  try {
    process.kill(pid, sig);
    return 'sent';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ESRCH' || code === 'EPERM') return 'gone';
    throw err;
  }
}

/** Replica processes under plain Node. */
export const nodeSpawner: Spawner = {
  kind: 'child_process',
  spawn(entry) {
    const child: ChildProcess = fork(entry, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: [], serialization: 'json' });
    let tail = '';
    child.stderr?.on('data', (d: Buffer) => {
      tail = (tail + d.toString('utf8')).slice(-STDERR_TAIL);
    });
    // A dead channel must not throw into the relay; the exit event reports the death.
    child.on('error', () => undefined);
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    return {
      exited,
      pid: child.pid ?? null,
      send(msg) {
        if (child.connected) child.send(msg, (err) => void err);
      },
      onMessage: (l) => void child.on('message', l),
      onExit: (l) => void child.on('exit', (code, signal) => l(code, signal)),
      kill() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      },
      signal(sig) {
        if (!hasSignals) return 'unsupported';
        if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return 'gone';
        return signalPid(child.pid, sig);
      },
      stderrTail: () => tail,
    };
  },
};

/** Where the bundled replica entry point is (built by `npm install` / build:node). */
export function replicaEntry(): string {
  const candidates = [join(__dirname, 'replica.cjs'), join(__dirname, '..', '..', 'out', 'node', 'replica.cjs'), join(process.cwd(), 'out', 'node', 'replica.cjs')];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('the replica program is not built (run npm run build:node)');
  return found;
}

// ---- the no-orphans registry ---------------------------------------------------------

const live = new Set<ChildHandle>();
let installed = false;

function killAll(): void {
  for (const c of live) c.kill();
  live.clear();
}

function installExitHooks(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      killAll();
      // Where nobody else handles the signal, keep its default meaning: terminate.
      if (process.listenerCount(sig) === 1) process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
    });
  }
  process.on('uncaughtException', (err) => {
    killAll();
    if (process.listenerCount('uncaughtException') === 1) {
      process.stderr.write(`fault lab: internal error: ${err.message}\n`);
      process.exit(3);
    }
  });
}

/** Spawns a replica process and registers it so it cannot outlive this process. */
export function superviseSpawn(spawner: Spawner, entry: string, name: string): ChildHandle {
  installExitHooks();
  const child = spawner.spawn(entry, name);
  live.add(child);
  const forget = child.pid !== null ? reapOnHostDeath(child.pid) : () => undefined;
  child.onExit(() => {
    live.delete(child);
    forget();
  });
  return child;
}

/** Waits until the given children have exited (at most timeoutMs). */
export async function waitForExit(children: ChildHandle[], timeoutMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)));
  await Promise.race([Promise.all(children.map((c) => c.exited)), limit]);
  clearTimeout(timer);
}

export function liveChildCount(): number {
  return live.size;
}
