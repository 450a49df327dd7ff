/**
 * The files a student keeps: atomic writes, the append-only event log and how a log cut
 * short (or torn mid-line) is read back.
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../shared/events.js';
import { logSha256 } from '../../shared/analysis/summary.js';
import { createSha256, portableSha256, useSha256 } from '../../shared/json.js';
import { EventLogWriter, readEventLog, writeFileAtomic } from './files.js';
import { useNodeSha256 } from './node-sha256.js';

const dir = (): string => mkdtempSync(join(tmpdir(), 'faultlab-files-'));
const ev = (t: number): RunEvent => ({ t, type: 'send', id: t, from: 'c1', to: 'sequencer', kind: 'request' });

describe('atomic writes', () => {
  it('replaces a file whole and leaves no temporary file behind', () => {
    const d = dir();
    const p = join(d, 'summary.json');
    writeFileAtomic(p, 'old');
    writeFileAtomic(p, 'new content');
    expect(readFileSync(p, 'utf8')).toBe('new content');
    expect(readdirSync(d)).toEqual(['summary.json']);
  });

  it('on a failed write leaves what was there and no temporary file', () => {
    const d = dir();
    const target = join(d, 'report.html');
    // A non-empty folder where the file should land makes the final rename fail.
    mkdirSync(target);
    writeFileSync(join(target, 'keep.txt'), 'kept');
    expect(() => writeFileAtomic(target, 'data')).toThrow();
    expect(readFileSync(join(target, 'keep.txt'), 'utf8')).toBe('kept');
    expect(readdirSync(d)).toEqual(['report.html']);
  });
});

describe('the append-only event log', () => {
  it('round-trips events and recognises the end marker', () => {
    const p = join(dir(), 'events.jsonl');
    const w = new EventLogWriter(p);
    w.append(ev(1));
    w.append(ev(2));
    w.append({ t: 3, type: 'run-end', reason: 'completed' });
    w.close();
    const log = readEventLog(p);
    expect(log.events.map((e) => e.t)).toEqual([1, 2, 3]);
    expect(log.complete).toBe(true);
    expect(log.tornTail).toBe(false);
  });

  it("keeps the log's SHA-256 as it writes: the digest of the file, the same the analysis computes", () => {
    const p = join(dir(), 'events.jsonl');
    const w = new EventLogWriter(p);
    const events: RunEvent[] = [ev(1), { t: 2, type: 'garbage', replica: 1, detail: 'µ – ünïcode ✓ 😀' }, { t: 3, type: 'run-end', reason: 'completed' }];
    for (const e of events) w.append(e);
    const early = w.sha256();
    w.close();
    expect(w.sha256()).toBe(early);
    expect(w.sha256()).toBe(logSha256(events));
    const file = createSha256();
    file.update(readFileSync(p, 'utf8'));
    expect(w.sha256()).toBe(file.hex());
  });

  it("Node's native SHA-256 gives the portable implementation's digests", () => {
    const texts = ['', 'abc', 'µ – ünïcode ✓ 😀\n', 'x'.repeat(100_000)];
    const portable = texts.map((t) => {
      const h = createSha256();
      h.update(t);
      h.update(t);
      return h.hex();
    });
    useNodeSha256();
    try {
      const native = texts.map((t) => {
        const h = createSha256();
        h.update(t);
        h.update(t);
        return h.hex();
      });
      expect(native).toEqual(portable);
    } finally {
      useSha256(portableSha256);
    }
  });

  it('marks a log without its end marker incomplete', () => {
    const p = join(dir(), 'events.jsonl');
    const w = new EventLogWriter(p);
    w.append(ev(1));
    w.close();
    expect(readEventLog(p)).toMatchObject({ complete: false, tornTail: false });
  });

  it('detects a torn last line, keeps every whole line before it', () => {
    const p = join(dir(), 'events.jsonl');
    writeFileSync(p, `${JSON.stringify(ev(1))}\n${JSON.stringify(ev(2))}\n{"t":3,"type":"se`);
    const log = readEventLog(p);
    expect(log.tornTail).toBe(true);
    expect(log.complete).toBe(false);
    expect(log.events.map((e) => e.t)).toEqual([1, 2]);
  });

  it('refuses a log damaged in the middle, naming the line', () => {
    const p = join(dir(), 'events.jsonl');
    writeFileSync(p, `${JSON.stringify(ev(1))}\nnot json\n${JSON.stringify(ev(3))}\n`);
    expect(() => readEventLog(p)).toThrow(/line 2/);
    expect(() => readEventLog(p)).toThrow(expect.objectContaining({ name: 'LogDamaged', reason: 'bad-event', line: 2 }));
  });

  it('writes a fault to disk at once, before it is applied', () => {
    const p = join(dir(), 'events.jsonl');
    const w = new EventLogWriter(p, 60_000);
    w.append(ev(1));
    w.append({ t: 2, type: 'fault', fault: { atMs: 2, type: 'crash', replica: 1 }, source: 'live', effect: 'replica 1 killed' });
    // Not closed: what a crash right now would leave behind.
    const log = readEventLog(p);
    expect(log.events.map((e) => e.type)).toEqual(['send', 'fault']);
    w.close();
  });

  it('keeps going when the disk is full and says so', () => {
    // /dev/full: a character device whose every write fails with ENOSPC (append only, never renamed).
    if (!existsSync('/dev/full') || !statSync('/dev/full').isCharacterDevice()) return;
    const w = new EventLogWriter('/dev/full');
    for (let i = 0; i < 300; i++) w.append(ev(i));
    w.append({ t: 400, type: 'run-end', reason: 'completed' });
    expect(w.error?.message).toMatch(/ENOSPC|no space/i);
    expect(() => w.close()).not.toThrow();
  });

  it('appends to an existing log rather than truncating it', () => {
    const p = join(dir(), 'events.jsonl');
    appendFileSync(p, `${JSON.stringify(ev(1))}\n`);
    const w = new EventLogWriter(p);
    w.append(ev(2));
    w.close();
    expect(readEventLog(p).events).toHaveLength(2);
  });
});
