/**
 * Files a student keeps: written whole or not at all (temp file, fsync, rename), and the
 * run's event log, appended line by line as the run goes with periodic fsync and an end
 * marker, so a run cut short is recognisable and never torn in the middle of a line.
 */
import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RunEvent } from '../../shared/events.js';
import { serializeEvent } from '../../shared/events.js';

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

/** How a run's event log is damaged: a line that is not an event, or a log that does not begin with run-start. */
export type LogDamage = 'bad-event' | 'no-run-start';

/** A run's event log that cannot be read as a run (callers tell the reasons apart by `reason`, not by the message). */
export class LogDamaged extends Error {
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

/**
 * Reads a JSONL event log; a torn last line is detected and dropped, any other bad line
 * throws LogDamaged ('bad-event').
 */
export function readEventLog(path: string): LoadedLog {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const endsClean = text.length === 0 || text.endsWith('\n');
  if (lines.at(-1) === '') lines.pop();
  const events: RunEvent[] = [];
  let tornTail = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    try {
      const e = JSON.parse(line) as unknown;
      if (typeof e !== 'object' || e === null || typeof (e as { t?: unknown }).t !== 'number' || typeof (e as { type?: unknown }).type !== 'string') {
        throw new Error('not an event');
      }
      events.push(e as RunEvent);
    } catch {
      if (i === lines.length - 1 && !endsClean) {
        tornTail = true;
        break;
      }
      throw new LogDamaged(path, 'bad-event', i + 1, `${path}: line ${i + 1} is not a valid event`);
    }
  }
  return { events, complete: events.at(-1)?.type === 'run-end' && !tornTail, tornTail };
}
