/**
 * Spawns and supervises replica processes behind one interface: child_process.fork under
 * plain Node, utilityProcess.fork inside Electron (so the RunAsNode fuse can stay off).
 * It promises no orphans: every child it starts is killed when the run ends, when the
 * parent exits normally, on SIGINT/SIGTERM/SIGHUP and on an uncaught exception; and each
 * replica exits by itself when its parent disappears (IPC disconnect plus a watchdog),
 * which covers a SIGKILLed parent.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ParentToReplica } from '../replica/ipc.js';

export interface ChildHandle {
  readonly pid: number | null;
  send(msg: ParentToReplica): void;
  onMessage(listener: (msg: unknown) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  /** Kills the process at once (SIGKILL where signals exist). */
  kill(): void;
  /** SIGSTOP / SIGCONT; false where the OS has no such signals (then emulate). */
  signal(sig: 'SIGSTOP' | 'SIGCONT'): boolean;
  /** The last lines the process wrote on stderr, for diagnosing a crash. */
  stderrTail(): string;
  /** Settles once the process has exited. */
  readonly exited: Promise<void>;
}

export interface Spawner {
  readonly kind: 'child_process' | 'utilityProcess';
  spawn(entry: string, name: string): ChildHandle;
}

const STDERR_TAIL = 4096;
const hasSignals = process.platform !== 'win32';

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
        if (!hasSignals || child.pid === undefined) return false;
        try {
          process.kill(child.pid, sig);
          return true;
        } catch {
          return false;
        }
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
  child.onExit(() => live.delete(child));
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
