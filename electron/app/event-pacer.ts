/**
 * Paces the lab's events to what one page reads. A live run at 20,000 requests/s records
 * some 400,000 events a second; a page on a busy machine reads them more slowly at times.
 * Sending regardless fills the socket until the page is dropped ("Disconnected"), so the
 * host keeps at most SOFT_BUFFER_BYTES unsent on a socket and queues the rest here, in
 * order. Queued run batches of one run merge into larger frames (fewer, larger messages
 * are cheaper for the page), so a page that fell behind catches up. The queue holds the
 * batches the run itself keeps (references, not copies). Only a page that reads nothing
 * for MAX_QUEUED_EVENTS events is given up on.
 *
 * No clock: the host calls `drain` on a timer; tests call it when they like.
 */
import type { EventName, WireEvent } from '../../shared/api.js';
import type { RunEvent } from '../../shared/events.js';

/** Unsent bytes a socket may hold before events wait in the queue. */
export const SOFT_BUFFER_BYTES = 4 * 1024 * 1024;
/** Run events in one frame at most when a queue is drained (a frame stays a few MB). */
export const MAX_EVENTS_PER_FRAME = 20_000;
/** Run events queued for one page before it is given up on (it has stopped reading). */
export const MAX_QUEUED_EVENTS = 5_000_000;

/** What the pacer needs of a socket. */
export interface PacedSocket {
  readonly bufferedAmount: number;
  send(text: string): void;
}

type Queued = { kind: 'other'; event: WireEvent } | { kind: 'run'; runId: string; batches: RunEvent[][]; count: number };

const isRunBatch = (e: WireEvent): e is { kind: 'event'; name: EventName; payload: { runId: string; events: RunEvent[] } } =>
  e.name === 'runEvents' && typeof e.payload === 'object' && e.payload !== null && Array.isArray((e.payload as { events?: unknown }).events);

export class EventPacer {
  private readonly queue: Queued[] = [];
  private queuedEvents = 0;

  constructor(private readonly socket: PacedSocket) {}

  /** Whether events wait to be sent (the host then calls `drain` soon). */
  get waiting(): boolean {
    return this.queue.length > 0;
  }

  /** Run events waiting. */
  get queued(): number {
    return this.queuedEvents;
  }

  /** Sends an event now if the socket has room and nothing waits, else queues it. False: the page has stopped reading (drop it). */
  offer(event: WireEvent): boolean {
    if (this.queue.length === 0 && this.socket.bufferedAmount < SOFT_BUFFER_BYTES) {
      this.socket.send(JSON.stringify(event));
      return true;
    }
    if (isRunBatch(event)) {
      const { runId, events } = event.payload;
      const last = this.queue[this.queue.length - 1];
      if (last?.kind === 'run' && last.runId === runId) {
        last.batches.push(events);
        last.count += events.length;
      } else {
        this.queue.push({ kind: 'run', runId, batches: [events], count: events.length });
      }
      this.queuedEvents += events.length;
    } else {
      this.queue.push({ kind: 'other', event });
    }
    return this.queuedEvents <= MAX_QUEUED_EVENTS;
  }

  /** Sends what waits while the socket has room, in order; run batches merged up to MAX_EVENTS_PER_FRAME. */
  drain(): void {
    while (this.queue.length > 0 && this.socket.bufferedAmount < SOFT_BUFFER_BYTES) {
      const head = this.queue[0]!;
      if (head.kind === 'other') {
        this.queue.shift();
        this.socket.send(JSON.stringify(head.event));
        continue;
      }
      const frame: RunEvent[] = [];
      while (head.batches.length > 0 && frame.length < MAX_EVENTS_PER_FRAME) {
        const batch = head.batches[0]!;
        const room = MAX_EVENTS_PER_FRAME - frame.length;
        if (batch.length <= room) {
          for (const e of batch) frame.push(e);
          head.batches.shift();
        } else {
          for (let i = 0; i < room; i++) frame.push(batch[i]!);
          head.batches[0] = batch.slice(room);
        }
      }
      head.count -= frame.length;
      this.queuedEvents -= frame.length;
      if (head.batches.length === 0) this.queue.shift();
      const message: WireEvent = { kind: 'event', name: 'runEvents', payload: { runId: head.runId, events: frame } };
      this.socket.send(JSON.stringify(message));
    }
  }
}
