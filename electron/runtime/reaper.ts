/**
 * The reaper: one small process per lab host that kills the host's replica processes when
 * the host disappears, however it disappears. The host's own exit hooks (supervisor.ts)
 * cover a normal exit, signals it can catch and uncaught exceptions, and each built-in
 * replica has a watchdog; but a SIGKILLed host runs no hook, and a paused (SIGSTOPped)
 * replica runs no watchdog, so it would outlive the lab for as long as it stays stopped.
 *
 * The reaper is /bin/sh (present wherever SIGSTOP exists, and runnable from Electron,
 * whose binary need not run as Node), started detached in a session of its own so a
 * terminal's Ctrl+C reaches the host, not it. The host writes one line per replica on the
 * reaper's stdin: `+PID:START` when it starts, `-PID:START` when it has exited (START is
 * the process's start time from /proc, so a pid reused by another process is never
 * killed). When the host dies, the kernel closes the pipe; the reaper reads end-of-file
 * at once, sends SIGCONT and SIGKILL to every replica it still holds, and exits.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The reaper's program: hold the tokens it is given; at end of input, kill what it holds. */
export const REAPER_SCRIPT = [
  'set -f',
  'held=" "',
  'while IFS= read -r line; do',
  '  case "$line" in',
  '    "+"*) held="$held${line#+} " ;;',
  '    "-"*) held=$(printf "%s" "$held" | sed "s/ ${line#-} / /") ;;',
  '  esac',
  'done',
  'for t in $held; do',
  '  p=${t%%:*}; s=${t#*:}',
  // On Linux, kill only the process that was registered (same start time), not a reused pid.
  '  if [ -r "/proc/$p/stat" ]; then now=$(sed "s/.*) //" "/proc/$p/stat" | cut -d" " -f20); [ "$now" = "$s" ] || continue; fi',
  '  kill -CONT "$p" 2>/dev/null; kill -KILL "$p" 2>/dev/null',
  'done',
].join('\n');

/** A process's start time (clock ticks since boot, /proc/PID/stat field 22), or "-" where there is no /proc. */
export function startTimeOf(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '-';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES') return '-';
    throw err;
  }
}

let reaper: ChildProcess | null = null;
let broken = false;

function started(): ChildProcess | null {
  if (reaper !== null || broken) return reaper;
  try {
    const child = spawn('/bin/sh', ['-c', REAPER_SCRIPT], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    child.on('error', () => {
      broken = true;
      reaper = null;
    });
    child.stdin?.on('error', () => {
      // The reaper is gone (killed by someone): start another for later replicas.
      reaper = null;
    });
    child.once('exit', () => {
      if (reaper === child) reaper = null;
    });
    // Neither the reaper nor the pipe to it keeps the host running.
    child.unref();
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    reaper = child;
  } catch {
    broken = true;
  }
  return reaper;
}

/** Tells the reaper about a replica process; returns the function to call once it has exited. */
export function reapOnHostDeath(pid: number): () => void {
  if (process.platform === 'win32') return () => undefined;
  const token = `${pid}:${startTimeOf(pid)}`;
  started()?.stdin?.write(`+${token}\n`);
  return () => {
    if (reaper?.stdin?.writable) reaper.stdin.write(`-${token}\n`);
  };
}

/** The reaper's pid (for tests), or null when none runs. */
export function reaperPid(): number | null {
  return reaper?.pid ?? null;
}
