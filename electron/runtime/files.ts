/**
 * Files a student keeps: written whole or not at all (temp file, fsync, rename), and the
 * run's event log, appended line by line as the run goes with periodic fsync and an end
 * marker, so a run cut short is recognisable and never torn in the middle of a line.
 */
import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { closeSync, constants, fstatSync, fsyncSync, lstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RunEvent } from '../../shared/events.js';
import { serializeEvent } from '../../shared/events.js';
import { formatMb, LOG_REOPEN_LIMIT_BYTES } from '../../shared/cost.js';

/** Writes data to path atomically: readers see the old file or the new one, never half. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${Date.now()}-${process.pid}-${Math.floor(Math.random() * 1e9)}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'w');
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, path);
  } catch (err) {
    if (fd !== null) closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Appends events to a JSONL file; fsyncs every fsyncEveryMs and on close. */
export class EventLogWriter {
  private fd: number | null;
  private lastSync = Date.now();
  private pending: string[] = [];
  private failed: Error | null = null;
  /** SHA-256 of every line appended (the summary's eventLogSha256), kept as they are written. */
  private readonly hash: Hash = createHash('sha256');

  constructor(
    readonly path: string,
    private readonly fsyncEveryMs = 200,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'a');
  }

  /** The first write error (a full disk, say); the run goes on in memory and reports it. */
  get error(): Error | null {
    return this.failed;
  }

  /** The SHA-256 of the lines appended so far (whether or not the disk took them). */
  sha256(): string {
    const h = this.hash.copy();
    if (this.pending.length > 0) h.update(this.pending.join(''), 'utf8');
    return h.digest('hex');
  }

  append(e: RunEvent): void {
    this.pending.push(`${serializeEvent(e)}\n`);
    // A fault is logged before it is applied, and must survive a crash that follows it.
    if (e.type === 'fault' || e.type === 'run-end' || this.pending.length >= 256) this.flush(e.type === 'fault' || e.type === 'run-end');
  }

  flush(sync = false): void {
    if (this.pending.length > 0) {
      const chunk = this.pending.join('');
      this.pending = [];
      // Hashed whether or not it can be written: after a write error the run goes on in memory.
      this.hash.update(chunk, 'utf8');
      if (this.fd !== null && !this.failed) {
        try {
          writeSync(this.fd, chunk);
        } catch (err) {
          this.failed = err as Error;
        }
      }
    }
    if (this.fd === null || this.failed) return;
    try {
      if (sync || Date.now() - this.lastSync >= this.fsyncEveryMs) {
        fsyncSync(this.fd);
        this.lastSync = Date.now();
      }
    } catch (err) {
      this.failed = err as Error;
    }
  }

  close(): void {
    if (this.fd === null) return;
    this.flush(true);
    closeSync(this.fd);
    this.fd = null;
  }
}

export interface LoadedLog {
  events: RunEvent[];
  /** True when the log ends with run-end. */
  complete: boolean;
  /** True when the last line was cut off mid-write (and was left out). */
  tornTail: boolean;
}

/**
 * How a run file cannot be read: a line that is not an event, a log that does not begin
 * with run-start, a log larger than the lab reads back, or a path that is not a regular
 * file (a named pipe, a device, a symbolic link), which is never opened.
 */
export type LogDamage = 'bad-event' | 'no-run-start' | 'too-large' | 'not-a-file';

/**
 * A run folder that cannot be used as asked (the command line says so in one line, exit 2).
 * Defined here so that a damaged log is one too.
 */
export class RunFolderError extends Error {}

/** A run's file that cannot be read as a run (callers tell the reasons apart by `reason`, not by the message). */
export class LogDamaged extends RunFolderError {
  constructor(
    readonly path: string,
    readonly reason: LogDamage,
    /** The line that is not an event (1-based), for 'bad-event'. */
    readonly line: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'LogDamaged';
  }
}

/** The largest event log read back: a bigger one is refused with its size, never half-read. */
export const MAX_EVENT_LOG_BYTES = LOG_REOPEN_LIMIT_BYTES;
/** The longest line of an event log (a replica's state in an event is bounded far below this). */
const MAX_EVENT_LINE_BYTES = 16 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;

function sizeInWords(bytes: number): string {
  return bytes < 1024 * 1024 ? `${bytes.toLocaleString('en-US')} bytes` : formatMb(bytes / 2 ** 20);
}

function kindOf(st: Stats): string {
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isDirectory()) return 'a folder';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Opens a run's file for reading only if it is a regular file, checked with lstat (a
 * symbolic link is not followed: it could lead out of the data folder) and again on the
 * open descriptor (opened without following links and without blocking, so a pipe put in
 * its place meanwhile cannot hang the reader). ENOENT is thrown as is.
 */
export function openRegularFile(path: string, maxBytes: number): { fd: number; size: number } {
  const st = lstatSync(path);
  if (!st.isFile()) throw new LogDamaged(path, 'not-a-file', null, `${path} is ${kindOf(st)}, not a regular file; it was not opened`);
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  try {
    const fst = fstatSync(fd);
    if (!fst.isFile()) throw new LogDamaged(path, 'not-a-file', null, `${path} is ${kindOf(fst)}, not a regular file; it was not opened`);
    if (fst.size > maxBytes) {
      throw new LogDamaged(path, 'too-large', null, `${path} is ${sizeInWords(fst.size)}, more than the ${sizeInWords(maxBytes)} the lab reads back; run a shorter or slower scenario`);
    }
    return { fd, size: fst.size };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/** The SHA-256 of a regular file of at most maxBytes (hex), read in pieces. */
export function fileSha256(path: string, maxBytes: number): string {
  const { fd, size } = openRegularFile(path, maxBytes);
  try {
    const hash = createHash('sha256');
    const buf = Buffer.alloc(Math.min(size, 1 << 20));
    for (let at = 0; at < size; ) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, size - at), at);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
      at += n;
    }
    return hash.digest('hex');
  } finally {
    closeSync(fd);
  }
}

/** A run's small file (scenario.json, summary.json) as text: a regular file of at most maxBytes. */
export function readRunFileText(path: string, maxBytes: number): string {
  const { fd, size } = openRegularFile(path, maxBytes);
  try {
    const buf = Buffer.alloc(size);
    let got = 0;
    while (got < size) {
      const n = readSync(fd, buf, got, size - got, got);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

// ---- event lines ---------------------------------------------------------------------

type FieldKind = 'int' | 'num' | 'str' | 'obj' | 'arr' | 'any' | 'addr' | 'str?' | 'int?';
/** The fields each event type must have, of the kind the readers of a log rely on (an unknown type is let through: newer logs). */
const EVENT_FIELDS: Readonly<Record<string, Readonly<Record<string, FieldKind>>>> = {
  'run-start': { mode: 'str', seed: 'num', scenario: 'obj', version: 'str' },
  send: { id: 'int', from: 'addr', to: 'addr', kind: 'str' },
  deliver: { id: 'int', from: 'addr', to: 'addr', kind: 'str' },
  drop: { id: 'int', from: 'addr', to: 'addr', kind: 'str', reason: 'str' },
  duplicate: { id: 'int', from: 'addr', to: 'addr', kind: 'str' },
  choice: { index: 'int', action: 'str', id: 'int?', held: 'int' },
  fault: { fault: 'obj', source: 'str', effect: 'str' },
  process: { replica: 'int', status: 'str', pid: 'int?', detail: 'str' },
  behavior: { replica: 'int', behavior: 'any' },
  garbage: { replica: 'int', detail: 'str' },
  'replica-log': { replica: 'int' },
  final: { replica: 'int', status: 'str', stateHash: 'str?', applied: 'int', behavior: 'any' },
  cpu: { replica: 'int', userMs: 'num', systemMs: 'num' },
  'run-end': { reason: 'str' },
  apply: { replica: 'int', seq: 'int', client: 'int', req: 'int', stateHash: 'str' },
  role: { replica: 'int', role: 'str', view: 'int' },
  suspect: { replica: 'int', suspect: 'int', silentForMs: 'num' },
  view: { replica: 'int', view: 'any', via: 'str' },
  commit: { replica: 'int', client: 'int', req: 'int', view: 'int', seq: 'int' },
  fenced: { replica: 'int', view: 'int', reason: 'str' },
  snapshot: { replica: 'int', to: 'int', snapshotId: 'str' },
  'state-transfer': { replica: 'int', from: 'int', snapshotId: 'str', stateHash: 'str' },
  invariant: { replica: 'int', message: 'str' },
  order: { seq: 'int', client: 'int', req: 'int' },
  arbiter: { decision: 'str', view: 'any', proposer: 'int', reason: 'str' },
  request: { client: 'int', req: 'int', op: 'obj', to: 'addr' },
  retry: { client: 'int', req: 'int', attempt: 'int', to: 'addr' },
  timeout: { client: 'int', req: 'int', attempt: 'int' },
  vote: { client: 'int', req: 'int', from: 'int', value: 'any', tally: 'arr', threshold: 'int', decision: 'str' },
  accept: { client: 'int', req: 'int', value: 'any', from: 'arr', latencyMs: 'num' },
  'give-up': { client: 'int', req: 'int', replies: 'int' },
  pace: { paused: 'any', speed: 'num' },
};

function fieldOk(kind: FieldKind, v: unknown): boolean {
  switch (kind) {
    case 'int':
      return Number.isSafeInteger(v);
    case 'int?':
      return v === null || Number.isSafeInteger(v);
    case 'num':
      return typeof v === 'number' && Number.isFinite(v);
    case 'str':
      return typeof v === 'string';
    case 'str?':
      return v === null || typeof v === 'string';
    case 'obj':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'arr':
      return Array.isArray(v);
    case 'addr':
      return typeof v === 'string' && /^(r\d+|c\d+|sequencer|arbiter)$/.test(v);
    case 'any':
      // Named for the reader; not required (a log written before the field existed still loads).
      return true;
  }
}

/** What is wrong with a parsed line as an event, or null when it is one. */
export function eventProblem(e: unknown): string | null {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return 'not a JSON object';
  const rec = e as Record<string, unknown>;
  if (typeof rec.type !== 'string') return 'it has no event type';
  if (typeof rec.t !== 'number' || !Number.isFinite(rec.t) || rec.t < 0) return `${rec.type}: t is not a time`;
  const fields = Object.prototype.hasOwnProperty.call(EVENT_FIELDS, rec.type) ? EVENT_FIELDS[rec.type] : undefined;
  if (fields === undefined) return null;
  for (const [name, kind] of Object.entries(fields)) {
    if (!fieldOk(kind, rec[name])) return `${rec.type}: ${name} is ${rec[name] === undefined ? 'missing' : `not ${kind.startsWith('int') ? 'a whole number' : kind === 'num' ? 'a number' : kind.startsWith('str') ? 'text' : kind === 'addr' ? 'an address' : kind === 'arr' ? 'a list' : 'an object'}`}`;
  }
  return null;
}

/**
 * Reads a JSONL event log as a stream of lines (never as one string: a long run's log can
 * be larger than a string may be), each checked as an event. A torn last line is detected
 * and dropped; any other bad line throws LogDamaged ('bad-event') naming file:line and what
 * is wrong; a log over maxBytes is refused ('too-large') before any of it is read; a path
 * that is not a regular file is never opened ('not-a-file').
 */
export function readEventLog(path: string, options: { maxBytes?: number } = {}): LoadedLog {
  const maxBytes = options.maxBytes ?? MAX_EVENT_LOG_BYTES;
  const { fd } = openRegularFile(path, maxBytes);
  const events: RunEvent[] = [];
  let tornTail = false;
  let lineNo = 0;
  const bad = (why: string): LogDamaged => new LogDamaged(path, 'bad-event', lineNo, `${path}:${lineNo}: line ${lineNo} is not a valid event (${why})`);
  const take = (bytes: Buffer, last: boolean): void => {
    lineNo++;
    let e: unknown;
    try {
      e = JSON.parse(bytes.toString('utf8'));
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
      if (last) {
        tornTail = true;
        return;
      }
      throw bad('not JSON');
    }
    const problem = eventProblem(e);
    if (problem !== null) {
      if (last) {
        tornTail = true;
        return;
      }
      throw bad(problem);
    }
    events.push(e as RunEvent);
  };
  try {
    const chunk = Buffer.alloc(CHUNK_BYTES);
    let carry: Buffer[] = [];
    let carryBytes = 0;
    let total = 0;
    for (;;) {
      const n = readSync(fd, chunk, 0, CHUNK_BYTES, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new LogDamaged(path, 'too-large', null, `${path} is more than the ${sizeInWords(maxBytes)} the lab reads back (it grew while being read)`);
      let start = 0;
      for (let nl = chunk.indexOf(10, start); nl >= 0 && nl < n; nl = chunk.indexOf(10, start)) {
        const piece = chunk.subarray(start, nl);
        take(carryBytes > 0 ? Buffer.concat([...carry, piece]) : piece, false);
        carry = [];
        carryBytes = 0;
        start = nl + 1;
      }
      if (start < n) {
        carry.push(Buffer.from(chunk.subarray(start, n)));
        carryBytes += n - start;
        if (carryBytes > MAX_EVENT_LINE_BYTES) {
          lineNo++;
          throw bad(`longer than ${sizeInWords(MAX_EVENT_LINE_BYTES)}`);
        }
      }
    }
    if (carryBytes > 0) take(Buffer.concat(carry), true);
  } finally {
    closeSync(fd);
  }
  return { events, complete: events.at(-1)?.type === 'run-end' && !tornTail, tornTail };
}
