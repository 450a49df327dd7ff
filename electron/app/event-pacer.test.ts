import { describe, expect, it } from 'vitest';
import type { WireEvent } from '../../shared/api.js';
import type { RunEvent } from '../../shared/events.js';
import { EventPacer, MAX_EVENTS_PER_FRAME, MAX_QUEUED_EVENTS, SOFT_BUFFER_BYTES } from './event-pacer.js';

/** A socket whose unsent bytes the test sets: a page that reads when the test says so. */
class FakeSocket {
  bufferedAmount = 0;
  readonly frames: WireEvent[] = [];
  send(text: string): void {
    this.frames.push(JSON.parse(text) as WireEvent);
  }
  /** The run events received, in order, as their times. */
  times(runId: string): number[] {
    return this.frames.filter((f) => f.name === 'runEvents' && (f.payload as { runId: string }).runId === runId).flatMap((f) => (f.payload as { events: RunEvent[] }).events.map((e) => e.t));
  }
}

let clock = 0;
const batch = (n: number): RunEvent[] => Array.from({ length: n }, () => ({ t: clock++, type: 'tick' }) as unknown as RunEvent);
const runEvents = (runId: string, events: RunEvent[]): WireEvent => ({ kind: 'event', name: 'runEvents', payload: { runId, events } });

describe('pacing a page that reads slowly', () => {
  it('sends at once while the page keeps up', () => {
    const ws = new FakeSocket();
    const pacer = new EventPacer(ws);
    expect(pacer.offer(runEvents('a', batch(3)))).toBe(true);
    expect(ws.frames).toHaveLength(1);
    expect(pacer.waiting).toBe(false);
  });

  it('holds events while the socket is full, then delivers every one in order, merged into fewer frames, with the run end after them', () => {
    clock = 0;
    const ws = new FakeSocket();
    const pacer = new EventPacer(ws);
    pacer.offer(runEvents('a', batch(2)));
    ws.bufferedAmount = SOFT_BUFFER_BYTES; // the page is busy drawing
    for (let i = 0; i < 300; i++) expect(pacer.offer(runEvents('a', batch(100)))).toBe(true);
    pacer.offer({ kind: 'event', name: 'runEnded', payload: { runId: 'a' } });
    expect(ws.frames).toHaveLength(1);
    expect(pacer.queued).toBe(30_000);
    pacer.drain(); // still full: nothing goes
    expect(ws.frames).toHaveLength(1);

    ws.bufferedAmount = 0; // it read everything
    pacer.drain();
    expect(pacer.waiting).toBe(false);
    expect(ws.times('a')).toEqual(Array.from({ length: 30_002 }, (_, i) => i));
    // 300 batches arrive as 2 frames of at most MAX_EVENTS_PER_FRAME, and the end comes last.
    expect(ws.frames.map((f) => f.name)).toEqual(['runEvents', 'runEvents', 'runEvents', 'runEnded']);
    expect(ws.frames.every((f) => f.name !== 'runEvents' || (f.payload as { events: unknown[] }).events.length <= MAX_EVENTS_PER_FRAME)).toBe(true);
  });

  it('keeps two runs apart and in the order they came', () => {
    clock = 0;
    const ws = new FakeSocket();
    ws.bufferedAmount = SOFT_BUFFER_BYTES;
    const pacer = new EventPacer(ws);
    pacer.offer(runEvents('a', batch(2)));
    pacer.offer(runEvents('b', batch(2)));
    pacer.offer(runEvents('a', batch(2)));
    ws.bufferedAmount = 0;
    pacer.drain();
    expect(ws.frames.map((f) => (f.payload as { runId: string }).runId)).toEqual(['a', 'b', 'a']);
    expect(ws.times('a')).toEqual([0, 1, 4, 5]);
  });

  it('gives up on a page that reads nothing for millions of events', () => {
    const ws = new FakeSocket();
    ws.bufferedAmount = SOFT_BUFFER_BYTES;
    const pacer = new EventPacer(ws);
    const big = batch(1_000_000);
    let accepted = 0;
    while (pacer.offer(runEvents('a', big))) accepted++;
    expect(accepted).toBe(Math.floor(MAX_QUEUED_EVENTS / 1_000_000));
  });
});
