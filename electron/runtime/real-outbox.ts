/**
 * The relay's deliveries to one replica process. They travel in batches, one batch in
 * flight at a time: while a replica works through one batch, the next gathers here. Under
 * load batches grow and each IPC message carries more (far cheaper per delivery on both
 * sides); at a low rate every delivery leaves as soon as the callback it fell due in returns. A
 * replica that does not answer (paused, silent, hostile) still gets its deliveries after
 * UNANSWERED_MS, and no message carries more than DELIVERY_CHUNK of them.
 */
import type { Address, Message } from '../../shared/protocol/types.js';
import type { ParentToReplica } from '../replica/ipc.js';

/** How long a batch waits for the replica's answer before the next batch goes anyway. */
const UNANSWERED_MS = 5;
/** At most this many deliveries in one IPC message: the rest follow on the answer. */
const DELIVERY_CHUNK = 1000;

export class Outbox {
  /** Deliveries not sent yet. */
  private items: { from: Address; msg: Message }[] = [];
  /** A batch went out and the replica has not answered since (its next output is the answer). */
  private inFlight = false;
  /** A flush is scheduled (when the current callback returns, or the not-answering fallback). */
  private timer: 'immediate' | ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly send: (msg: ParentToReplica) => void) {}

  /** Queues a delivery; it leaves when the current callback returns, or when the batch in flight is answered. */
  push(from: Address, msg: Message): void {
    this.items.push({ from, msg });
    this.schedule();
  }

  /** The replica answered the batch in flight (it sent an output): the next may go now. */
  answered(): void {
    this.inFlight = false;
    if (this.timer !== 'immediate' && this.items.length > 0) this.flush();
  }

  /** Drops what waits and cancels any flush: the process is gone, or the run is over. */
  close(): void {
    this.cancelTimer();
    this.items = [];
  }

  private cancelTimer(): void {
    if (this.timer !== null && this.timer !== 'immediate') clearTimeout(this.timer);
    this.timer = null;
  }

  private flush(): void {
    this.cancelTimer();
    if (this.items.length === 0) return;
    const batch = this.items.length <= DELIVERY_CHUNK ? this.items : this.items.splice(0, DELIVERY_CHUNK);
    if (batch === this.items) this.items = [];
    this.inFlight = true;
    const first = batch[0];
    if (batch.length === 1 && first) this.send({ type: 'deliver', from: first.from, msg: first.msg });
    else this.send({ type: 'deliveries', items: batch });
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== null || this.items.length === 0) return;
    if (this.inFlight) {
      this.timer = setTimeout(() => this.flush(), UNANSWERED_MS);
    } else {
      // Once the callback that queued it returns (the clock runs all deliveries due at one
      // moment in one callback, so they still leave together), not a turn of the loop later.
      this.timer = 'immediate';
      queueMicrotask(() => {
        if (this.timer === 'immediate') this.flush();
      });
    }
  }
}
