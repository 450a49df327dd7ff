/**
 * The replica protocol, version 1: how a replica program in any language talks to the lab
 * over its standard input and output, one JSON object per line (docs/replica-protocol.md).
 * It is the lab's own replica <-> host message set (wire.ts, electron/replica/ipc.ts)
 * written as lines, so the built-in replica speaks it too. Every line a replica writes is
 * checked here with the same checks as an IPC message; a line that fails (not JSON, too
 * long, an unknown or malformed message, an event forged for another replica) is garbage:
 * logged and dropped, never routed, never a crash.
 */
import type { EventBody, RunEvent } from '../events.js';
import { REPLICA_LOG_LINE_CHARS, REPLICA_LOG_LINES } from '../events.js';
import type { Behavior } from '../scenario.js';
import type { Check } from './check.js';
import { describeFailure, integer, literal, number, object, string } from './check.js';
import type { Address, Message, ProtocolConfig } from './types.js';
import type { ReplicaToParent } from './wire.js';
import { checkReplicaMessage } from './wire.js';

/** The protocol version this lab speaks; a replica announces it in its `ready` line. */
export const REPLICA_PROTOCOL = 1;

/** The longest line the host reads from a replica (a state snapshot is the largest message). */
export const MAX_LINE_CHARS = 4_000_000;

/** What the host writes on a replica's standard input, one per line. */
export type HostToReplica =
  /** First line after `ready`: who the replica is, the run's configuration, fresh or recovering. */
  | { type: 'init'; protocol: typeof REPLICA_PROTOCOL; id: number; config: ProtocolConfig; recovering: boolean }
  /** A message the network delivers now; answer it with one `output` line (empty if nothing to say). */
  | { type: 'deliver'; from: Address; msg: Message }
  /** End of the run: answer with one `final` line. */
  | { type: 'final' }
  /** Only where the OS has no SIGSTOP (Windows): hold deliveries and timers until `thaw`. */
  | { type: 'freeze' }
  | { type: 'thaw' };

/** The Byzantine switch never reaches an external replica: the host rewrites its outputs. */
export type HostOnly = { type: 'behavior'; behavior: Behavior | null };

/** What a replica writes on its standard output, one per line. */
export type ReplicaLine =
  | { type: 'ready'; protocol: typeof REPLICA_PROTOCOL }
  | Extract<ReplicaToParent, { type: 'output' | 'cpu' }>
  /** CPU time is optional for an external replica (0 when it does not say). */
  | { type: 'final'; stateHash: string; applied: number; userMs?: number; systemMs?: number };

const ready: Check<{ type: 'ready'; protocol: 1 }> = object({ type: literal('ready'), protocol: literal(REPLICA_PROTOCOL) });
const finalWithoutCpu = object({ type: literal('final'), stateHash: string(10_000), applied: integer(0) });
const cpuMs = number(0);

export type LineCheck = { ok: true; value: ReplicaToParent } | { ok: false; reason: string };

/**
 * Checks one line replica `from` wrote; returns the message as the lab's IPC would carry it,
 * or a one-line reason it is garbage.
 */
export function checkReplicaLine(from: number, line: string): LineCheck {
  if (line.length > MAX_LINE_CHARS) return { ok: false, reason: `line longer than ${MAX_LINE_CHARS} characters (${line.length})` };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, reason: `not a JSON line: ${preview(line)}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: `not a JSON object: ${preview(line)}` };
  const v = value as Record<string, unknown>;
  if (v.type === 'ready') {
    const f = ready(v);
    if (f) return { ok: false, reason: v.protocol !== undefined && v.protocol !== REPLICA_PROTOCOL ? `ready: protocol ${preview(JSON.stringify(v.protocol))} is not spoken here (this lab speaks protocol ${REPLICA_PROTOCOL})` : describeFailure(f) };
    return { ok: true, value: { type: 'ready' } };
  }
  if (v.type === 'final' && (v.userMs === undefined || v.systemMs === undefined)) {
    const { userMs, systemMs, ...rest } = v;
    const f = finalWithoutCpu(rest) ?? (userMs !== undefined ? cpuMs(userMs) : null) ?? (systemMs !== undefined ? cpuMs(systemMs) : null);
    if (f) return { ok: false, reason: describeFailure(f) };
    const r = rest as { stateHash: string; applied: number };
    return { ok: true, value: { type: 'final', stateHash: r.stateHash, applied: r.applied, userMs: (userMs as number | undefined) ?? 0, systemMs: (systemMs as number | undefined) ?? 0 } };
  }
  return checkReplicaMessage(from, value);
}

/** One host line, as written on a replica's standard input (without its newline). */
export function encodeHostLine(msg: HostToReplica): string {
  return JSON.stringify(msg);
}

function preview(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

/**
 * What reaches the event log of a replica program's stderr, bounded so that a replica that
 * floods its log cannot grow the run's log without limit: each line cut to
 * REPLICA_LOG_LINE_CHARS, at most REPLICA_LOG_LINES lines per replica (over all its
 * incarnations); the lines over that are counted and reported once, when the log closes.
 * Lines written before the run has begun (while the replicas load) wait, within the same
 * bounds, and are logged first; lines after the log has closed are not logged.
 */
export class ReplicaLogBudget {
  private emit: ((e: EventBody) => void) | null = null;
  private closed = false;
  private readonly pending: EventBody[] = [];
  private readonly kept = new Map<number, number>();
  private readonly omitted = new Map<number, number>();

  /** One stderr line of replica `replica` (without its newline). */
  line(replica: number, text: string): void {
    if (this.closed) return;
    const kept = this.kept.get(replica) ?? 0;
    if (kept >= REPLICA_LOG_LINES) {
      this.omitted.set(replica, (this.omitted.get(replica) ?? 0) + 1);
      return;
    }
    this.kept.set(replica, kept + 1);
    const e: EventBody = { type: 'replica-log', replica, text: clipLogLine(text) };
    if (this.emit) this.emit(e);
    else this.pending.push(e);
  }

  /** The run has begun: log what waited, then each line as it comes. */
  start(emit: (e: EventBody) => void): void {
    if (this.closed) return;
    this.emit = emit;
    for (const e of this.pending.splice(0)) emit(e);
  }

  /** The run is ending: one event per replica whose lines went over the limit; nothing more is logged. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.emit) for (const [replica, omitted] of [...this.omitted].sort((a, b) => a[0] - b[0])) this.emit({ type: 'replica-log', replica, text: '', omitted });
    this.emit = null;
  }
}

/** A stderr line as the event log keeps it: at most REPLICA_LOG_LINE_CHARS characters, an ellipsis where it was cut. */
export function clipLogLine(text: string): string {
  return text.length > REPLICA_LOG_LINE_CHARS ? `${text.slice(0, REPLICA_LOG_LINE_CHARS - 1)}…` : text;
}

/**
 * What the replica programs of a run did wrong, in plain words, one line per replica and
 * kind of trouble, read from the run's event log: exited by itself (with its last stderr
 * line), wrote lines that are not the protocol (how many, and the first reason), flooded,
 * never sent anything while it was up and correct, or did not report its final state.
 * Empty when nothing went wrong. Only the replicas in `replicas` (those running the
 * program) are read.
 */
export function diagnoseReplicas(events: readonly RunEvent[], replicas: readonly number[]): string[] {
  const mine = new Set(replicas);
  const exits = new Map<number, { t: number; detail: string }[]>();
  const garbage = new Map<number, { count: number; first: string }>();
  const floods = new Map<number, number>();
  const sent = new Set<number>();
  const silentOrDown = new Set<number>();
  const noFinal: number[] = [];
  for (const e of events) {
    switch (e.type) {
      case 'process':
        if (e.status === 'exited' && mine.has(e.replica)) exits.set(e.replica, [...(exits.get(e.replica) ?? []), { t: e.t, detail: e.detail }]);
        if (e.status !== 'started' && e.status !== 'resumed') silentOrDown.add(e.replica);
        break;
      case 'behavior':
        if (e.behavior === 'silent') silentOrDown.add(e.replica);
        break;
      case 'garbage': {
        if (!mine.has(e.replica)) break;
        const flood = /^flood: (\d+) messages dropped/.exec(e.detail);
        if (flood) floods.set(e.replica, (floods.get(e.replica) ?? 0) + Number(flood[1]));
        else {
          const g = garbage.get(e.replica);
          garbage.set(e.replica, g ? { count: g.count + 1, first: g.first } : { count: 1, first: e.detail });
        }
        break;
      }
      case 'send': {
        const m = /^r(\d+)$/.exec(e.from);
        if (m) sent.add(Number(m[1]));
        break;
      }
      case 'final':
        if (mine.has(e.replica) && e.status === 'up' && e.stateHash === null) noFinal.push(e.replica);
        break;
      default:
        break;
    }
  }
  const out: string[] = [];
  const ms = (t: number): string => `${Math.round(t)} ms`;
  for (const id of [...mine].sort((a, b) => a - b)) {
    for (const x of exits.get(id) ?? []) out.push(`replica ${id} exited by itself at ${ms(x.t)}: ${x.detail}`);
    const g = garbage.get(id);
    if (g) out.push(`replica ${id} wrote ${g.count} line${g.count === 1 ? '' : 's'} that ${g.count === 1 ? 'is' : 'are'} not the replica protocol (dropped); the first: ${g.first}`);
    const f = floods.get(id);
    if (f) out.push(`replica ${id} wrote far more than it was asked to: flood control dropped ${f} messages`);
    if (!sent.has(id) && !silentOrDown.has(id) && !exits.has(id)) out.push(`replica ${id} sent no message in the whole run: does it answer each deliver line with an output line?`);
    if (noFinal.includes(id)) out.push(`replica ${id} did not answer the final line within 2 s: its final state is unknown`);
  }
  return out;
}
