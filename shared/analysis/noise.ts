/**
 * Suspicions no fault explains. In a real-mode run on a busy machine a replica process may
 * not be scheduled for longer than the failure timeout, and a peer then suspects it though
 * nothing was injected: scheduling noise, which a simulation (virtual time) never has. This
 * reads the log and puts each `suspect` event down to a fault when one could have caused it:
 *
 * - a fault on the suspect or on the suspecting replica: crash, pause, Byzantine behaviour
 *   (until undone, then for a recovery window), a restart or resume (for a recovery window),
 *   an omission, delay, duplicate or reorder (while in force, then one window more);
 * - a fault that can cut anyone off: a partition (until healed, then a window), a fault of a
 *   trusted helper (the arbiter, the sequencer: until it recovers, then a window);
 * - a process fault on any other replica in the window before (the view change it set off);
 * - a pause of the whole lab (the replicas' own timers ran while the relay held their
 *   heartbeats), until a window after it resumed.
 *
 * The window is the failure timeout plus one heartbeat: how long a detector takes to notice.
 * Whatever is left is counted as a suspicion without a fault. Incremental (one event at a
 * time, bounded memory), so the summary's fold and a live view can both feed it.
 */
import type { RunEvent } from '../events.js';
import { resolveTiming } from '../scenario.js';

/** One suspicion no fault explains: when, who suspected whom, and after how long a silence. */
export interface UnexplainedSuspicion {
  t: number;
  replica: number;
  suspect: number;
  silentForMs: number;
}

/** How many unexplained suspicions are kept to show (all are counted). */
export const MAX_UNEXPLAINED_KEPT = 20;

export class SuspicionCauses {
  private windowMs = 0;
  /** Per replica: until when a fault on it explains a suspicion it is part of. */
  private readonly touchedUntil = new Map<number, number>();
  /** Until when a fault on any replica explains any suspicion (a view change it set off). */
  private anyUntil = -Infinity;
  private partitionUntil = -Infinity;
  private readonly helperUntil = new Map<string, number>();
  private pauseUntil = -Infinity;
  private counted = 0;
  /** The first MAX_UNEXPLAINED_KEPT unexplained suspicions. */
  readonly first: UnexplainedSuspicion[] = [];

  /** Suspicions no fault explains, so far. */
  get count(): number {
    return this.counted;
  }

  ingest(e: RunEvent): void {
    switch (e.type) {
      case 'run-start': {
        const timing = resolveTiming(e.scenario.timing);
        this.windowMs = timing.failureTimeoutMs + timing.heartbeatMs;
        return;
      }
      case 'fault':
        this.onFault(e);
        return;
      case 'pace':
        // Paused or slowed, the relay's delays outgrow the replicas' own timers; back at full speed, for one window more.
        this.pauseUntil = e.paused || e.speed < 1 ? Infinity : e.t + this.windowMs;
        return;
      case 'suspect':
        if (this.explained(e.t, e.replica, e.suspect)) return;
        this.counted += 1;
        if (this.first.length < MAX_UNEXPLAINED_KEPT) this.first.push({ t: e.t, replica: e.replica, suspect: e.suspect, silentForMs: e.silentForMs });
        return;
      default:
        return;
    }
  }

  private explained(t: number, replica: number, suspect: number): boolean {
    const until = Math.max(this.touchedUntil.get(suspect) ?? -Infinity, this.touchedUntil.get(replica) ?? -Infinity, this.anyUntil, this.partitionUntil, this.pauseUntil, ...this.helperUntil.values());
    return t <= until;
  }

  private touch(replica: number, until: number): void {
    this.touchedUntil.set(replica, Math.max(this.touchedUntil.get(replica) ?? -Infinity, until));
  }

  private onFault(e: Extract<RunEvent, { type: 'fault' }>): void {
    const f = e.fault;
    const recovered = e.t + this.windowMs;
    switch (f.type) {
      case 'crash':
      case 'pause':
        this.touchedUntil.set(f.replica, Infinity);
        this.anyUntil = Math.max(this.anyUntil, recovered);
        return;
      case 'restart':
      case 'resume':
        // Undone: a recovering replica may still be suspected for a while.
        this.touchedUntil.set(f.replica, recovered);
        this.anyUntil = Math.max(this.anyUntil, recovered);
        return;
      case 'byzantine':
        this.touchedUntil.set(f.replica, f.behavior === 'none' ? recovered : Infinity);
        this.anyUntil = Math.max(this.anyUntil, recovered);
        return;
      case 'omission':
      case 'delay':
      case 'duplicate':
      case 'reorder':
        this.touch(f.replica, (f.untilMs ?? Infinity) + this.windowMs);
        return;
      case 'partition':
        this.partitionUntil = Infinity;
        return;
      case 'heal':
        this.partitionUntil = recovered;
        return;
      case 'sequencer':
      case 'arbiter':
        this.helperUntil.set(f.type, f.behavior === 'none' ? recovered : Infinity);
        return;
      default: {
        const unknown: never = f;
        void unknown;
      }
    }
  }
}

/** The suspicions of a whole log that no fault explains: how many, and the first few. */
export function suspicionsWithoutFault(events: readonly RunEvent[]): { count: number; first: UnexplainedSuspicion[] } {
  const causes = new SuspicionCauses();
  for (const e of events) causes.ingest(e);
  return { count: causes.count, first: causes.first };
}
