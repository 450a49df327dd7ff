/**
 * A student's own replica program in real mode: any command, run through the shell in its
 * own process group, speaking the replica protocol (shared/protocol/external.ts) as JSON
 * lines on stdin/stdout. It is a Spawner like the built-in one, so the pool supervises it
 * the same way: crash is SIGKILL to the whole group, pause SIGSTOP / SIGCONT to the group,
 * and no process of the group outlives the run (the group is killed when the run ends, when
 * its first process exits, and by the supervisor's exit hooks). What it writes on stderr is
 * its log, kept (bounded) in the run folder as replica-N.stderr.log.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { REPLICA_LOG_LINE_CHARS } from '../../shared/events.js';
import type { HostToReplica, LineCheck } from '../../shared/protocol/external.js';
import { checkReplicaLine, encodeHostLine, MAX_LINE_CHARS, REPLICA_PROTOCOL } from '../../shared/protocol/external.js';
import type { Scenario } from '../../shared/scenario.js';
import type { ParentToReplica } from '../replica/ipc.js';
import type { ChildHandle, SignalOutcome, Spawner } from './supervisor.js';
import { hasSignals, signalPid, STDERR_TAIL } from './supervisor.js';

/** At most this much of one replica's stderr is kept in the run folder (over all its incarnations). */
export const STDERR_LOG_BYTES = 1_000_000;

/** Which replicas of a run are a student's program, and how to start it. */
export interface ExternalReplicas {
  command: string;
  cwd: string;
  /** Whether replica id runs the external command (else the built-in replica). */
  runs(id: number): boolean;
  spawner: Spawner;
}

/** A scenario with a replica command asked to run in simulation, which hosts only the built-in replica. */
export class ReplicaNeedsRealMode extends Error {}

/** Refuses a simulated run of a scenario whose replicas are a program of one's own (nothing has started). */
export function refuseInSimulation(scenario: Scenario): void {
  if (scenario.replica) {
    throw new ReplicaNeedsRealMode(
      `the scenario runs a replica program of your own ("${scenario.replica.command}"), which only real mode can host: the simulator runs the built-in replica in one thread; choose real mode, or remove the scenario's replica command`,
    );
  }
}

/** The external replicas of a scenario, or null when it uses the built-in replica only. */
export function externalReplicasOf(scenario: Scenario, cwd: string, logDir: string | null): ExternalReplicas | null {
  const r = scenario.replica;
  if (!r) return null;
  const ids = r.replicas ? new Set(r.replicas) : null;
  return { command: r.command, cwd, runs: (id) => ids === null || ids.has(id), spawner: stdioSpawner(cwd, logDir) };
}

/** The lines a ParentToReplica message becomes on an external replica's stdin (`behavior` stays in the host). */
export function hostLines(msg: ParentToReplica): HostToReplica[] {
  switch (msg.type) {
    case 'init':
      return [{ type: 'init', protocol: REPLICA_PROTOCOL, id: msg.id, config: msg.config, recovering: msg.recovering }];
    case 'deliver':
      return [msg];
    case 'deliveries':
      return msg.items.map((i) => ({ type: 'deliver', from: i.from, msg: i.msg }));
    case 'behavior':
      return [];
    case 'freeze':
    case 'thaw':
    case 'final':
      return [msg];
  }
}

/** Splits a byte stream into lines; a line longer than max is reported once, as its length, and skipped. */
export class LineSplitter {
  private buf = '';
  private skipping = false;

  constructor(
    private readonly max: number,
    private readonly onLine: (line: string) => void,
    private readonly onOverlong: (length: number) => void,
  ) {}

  push(chunk: string): void {
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', start)) {
      const piece = chunk.slice(start, nl);
      start = nl + 1;
      if (this.skipping) {
        this.skipping = false;
        this.buf = '';
        continue;
      }
      const line = (this.buf + piece).replace(/\r$/, '');
      this.buf = '';
      if (line.length > this.max) this.onOverlong(line.length);
      else if (line.trim() !== '') this.onLine(line);
    }
    if (this.skipping) return;
    this.buf += chunk.slice(start);
    if (this.buf.length > this.max) {
      this.onOverlong(this.buf.length);
      this.buf = '';
      this.skipping = true;
    }
  }
}

/**
 * Splits a replica's stderr into log lines for the event log: keeps at most `max` characters
 * of a line (the rest, up to its newline, is never held, so a line without end cannot grow
 * memory); blank lines are dropped; a last line without its newline comes out at flush().
 */
export class LogLineSplitter {
  private buf = '';
  private cut = false;

  constructor(
    private readonly max: number,
    private readonly onLine: (line: string) => void,
  ) {}

  push(chunk: string): void {
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', start)) {
      this.take(chunk.slice(start, nl));
      start = nl + 1;
      this.emit();
    }
    this.take(chunk.slice(start));
  }

  /** The process has exited: its last line, if it wrote one without a newline. */
  flush(): void {
    this.emit();
  }

  private take(piece: string): void {
    if (this.cut) return;
    this.buf += piece;
    if (this.buf.length > this.max) {
      this.buf = `${this.buf.slice(0, this.max - 1)}…`;
      this.cut = true;
    }
  }

  private emit(): void {
    const line = this.cut ? this.buf : this.buf.replace(/\r$/, '');
    this.buf = '';
    this.cut = false;
    if (line.trim() !== '') this.onLine(line);
  }
}

/** A line too long to keep: only its length reaches the check. */
export class OverlongLine {
  constructor(readonly length: number) {}
}

/** Checks what an external replica's stdout gave (a line, or an overlong line's length). */
export function checkExternalOutput(from: number, raw: unknown): LineCheck {
  if (raw instanceof OverlongLine) return { ok: false, reason: `line longer than ${MAX_LINE_CHARS} characters (${raw.length})` };
  return typeof raw === 'string' ? checkReplicaLine(from, raw) : { ok: false, reason: 'not a line of text' };
}

/** Kills a process group (or the process, where there are no groups). */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  if (hasSignals) {
    try {
      process.kill(-child.pid, 'SIGKILL');
      return;
    } catch {
      // The group is gone, or never formed: kill the process itself below.
    }
  }
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** External replica programs: `entry` is the shell command; each incarnation in a process group of its own. */
export function stdioSpawner(cwd: string, logDir: string | null): Spawner {
  const logs = new Map<string, { stream: WriteStream; bytes: number }>();
  const logOf = (name: string): { stream: WriteStream; bytes: number } | null => {
    if (logDir === null) return null;
    let l = logs.get(name);
    if (!l) {
      mkdirSync(logDir, { recursive: true });
      const stream = createWriteStream(join(logDir, `${name}.stderr.log`), { flags: 'a' });
      stream.on('error', () => undefined);
      l = { stream, bytes: 0 };
      logs.set(name, l);
    }
    return l;
  };
  return {
    kind: 'child_process',
    spawn(command, name) {
      const child = spawn(command, {
        cwd,
        shell: true,
        detached: hasSignals,
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...process.env, FAULTLAB_REPLICA: name },
        windowsHide: true,
      });
      const listeners: ((line: unknown) => void)[] = [];
      const splitter = new LineSplitter(
        MAX_LINE_CHARS,
        (line) => {
          for (const l of listeners) l(line);
        },
        // Handed on as its length only: the check refuses it without the text being kept.
        (length) => {
          for (const l of listeners) l(new OverlongLine(length));
        },
      );
      child.stdout?.setEncoding('utf8');
      child.stdout?.on('data', (d: string) => splitter.push(d));
      let tail = '';
      const log = logOf(name);
      const logListeners: ((text: string) => void)[] = [];
      const logLines = new LogLineSplitter(REPLICA_LOG_LINE_CHARS, (text) => {
        for (const l of logListeners) l(text);
      });
      const stderrText = new StringDecoder('utf8');
      child.stderr?.on('data', (d: Buffer) => {
        const text = stderrText.write(d);
        tail = (tail + text).slice(-STDERR_TAIL);
        logLines.push(text);
        if (log && log.bytes < STDERR_LOG_BYTES) {
          const piece = d.subarray(0, STDERR_LOG_BYTES - log.bytes);
          log.bytes += piece.length;
          log.stream.write(piece);
          if (log.bytes >= STDERR_LOG_BYTES) log.stream.write(`\n[fault lab: ${name}'s log cut at ${STDERR_LOG_BYTES} bytes]\n`);
        }
      });
      // A closed pipe or a failed start must not throw into the relay; the exit event reports it.
      child.on('error', () => undefined);
      child.stdin?.on('error', () => undefined);
      child.stderr?.on('end', () => logLines.push(stderrText.end()));
      // Its last line, even without a newline, once stderr has nothing more (the exit may come first).
      child.stderr?.on('close', () => logLines.flush());
      const exited = new Promise<void>((r) =>
        child.once('exit', () => {
          // Whatever the program started dies with it.
          killGroup(child);
          r();
        }),
      );
      const gone = (): boolean => child.pid === undefined || child.exitCode !== null || child.signalCode !== null;
      const handle: ChildHandle = {
        exited,
        pid: child.pid ?? null,
        send(msg) {
          if (gone() || !child.stdin?.writable) return;
          const lines = hostLines(msg);
          if (lines.length > 0) child.stdin.write(lines.map((l) => `${encodeHostLine(l)}\n`).join(''));
        },
        onMessage: (l) => void listeners.push(l),
        onLogLine: (l) => void logListeners.push(l),
        onExit: (l) => void child.on('exit', (code, signal) => l(code, signal)),
        kill() {
          if (!gone()) killGroup(child);
        },
        signal(sig): SignalOutcome {
          if (!hasSignals) return 'unsupported';
          if (gone() || child.pid === undefined) return 'gone';
          // The whole group: a shell and the program it started stop and continue together.
          return signalPid(-child.pid, sig) === 'sent' ? 'sent' : signalPid(child.pid, sig);
        },
        stderrTail: () => tail,
      };
      return handle;
    },
  };
}
