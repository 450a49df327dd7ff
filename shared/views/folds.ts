/**
 * Readings of a run that the summary does not carry, folded from the event log and the
 * analysis's request records, and the one reading of a log that the app, the terminal and
 * the report share (`readRun`). The run summary is a fixed contract (every byte of it is
 * held by shared/golden.test.ts): a figure students need that is not in it is a fold here
 * and a row in the figure catalogue (figures.ts), never a new summary field.
 *
 * Pure: no clock, no I/O.
 */
import type { Outcome, RequestRecord, RunSummary } from '../analysis/summary.js';
import { analyze } from '../analysis/summary.js';
import type { RunEvent } from '../events.js';
import type { Fault } from '../scenario.js';
import type { FaultSpec } from '../faults.js';

/** What a figure is read from: the summary always; the request records and the log where they are at hand. */
export interface FoldInput {
  summary: RunSummary;
  /**
   * The analysis's record of every request. Absent where only a summary is at hand (a
   * report of a real-mode run being verified): figures folded from it are then left out.
   */
  requests?: readonly RequestRecord[];
  /** The run's event log, under the same condition. */
  events?: readonly RunEvent[];
}

/** A request's key in the outcome maps: `client:req`, as the analysis keys them. */
export const requestKey = (client: number, req: number): string => `${client}:${req}`;

/** One reading of a run's log: the analysis's summary and records, and each request's outcome by key. */
export interface RunReading {
  summary: RunSummary;
  requests: RequestRecord[];
  events: readonly RunEvent[];
  outcomes: ReadonlyMap<string, Outcome>;
}

/**
 * Reads a run's log once: the analysis (without the log's digest, which the writer of the
 * log has, and without the costly linearizability search), and each request's outcome.
 * With `summary`, that summary (the run's own, final one) stands in for the one derived
 * here, so figures taken from it are exactly the saved run's.
 */
export function readRun(events: readonly RunEvent[], summary?: RunSummary | null): RunReading {
  const a = analyze(events, { logSha256: false });
  return readingOf(summary ?? a.summary, a.requests, events);
}

/** The reading of a log already analysed (a kept run read with its request records). */
export function readingOf(summary: RunSummary, requests: RequestRecord[], events: readonly RunEvent[]): RunReading {
  return { summary, requests, events, outcomes: new Map(requests.map((r) => [requestKey(r.client, r.req), r.outcome])) };
}

/** Outcomes that count as a request going wrong: the client accepted a wrong answer, or got none. */
export const FAILED_OUTCOMES: ReadonlySet<Outcome> = new Set<Outcome>(['answered-wrong', 'lost', 'undecided']);

/** Faults that end or undo a fault rather than cause one; they do not start the clock. */
function injures(f: Fault): boolean {
  if (f.type === 'heal' || f.type === 'resume' || f.type === 'restart') return false;
  if (f.type === 'byzantine') return f.behavior !== 'none';
  return true;
}

/** The first request that went wrong, was lost or stayed undecided after the first fault, and when. */
export type FirstWrongOrLost =
  /** No fault was injected (scheduled or live). */
  | { kind: 'no-fault' }
  /** Faults were injected, and no request went wrong, was lost or stayed undecided after the first. */
  | { kind: 'none'; faultAt: number }
  | {
      kind: 'failed';
      /** When the first fault was applied (ms since the run's start). */
      faultAt: number;
      /** When the request went wrong: the client accepted a wrong answer, or gave up on it. */
      failedAt: number;
      /** failedAt − faultAt. */
      afterMs: number;
      outcome: Outcome;
      client: number;
      req: number;
    };

/**
 * Time from the first fault to the first wrong or lost request: the first moment after
 * the first fault at which a client accepted a wrong answer, or gave up on a request
 * (lost, or under state-machine replication undecided). A request issued before the fault
 * counts if it went wrong after it: that is what an in-flight request lost to a crash does.
 * Undefined when the input has no log.
 */
export function firstWrongOrLost(input: FoldInput): FirstWrongOrLost | undefined {
  const { events, requests } = input;
  if (!events || !requests) return undefined;
  const outcomes = new Map<string, Outcome>();
  for (const r of requests) if (FAILED_OUTCOMES.has(r.outcome)) outcomes.set(requestKey(r.client, r.req), r.outcome);
  let faultAt: number | null = null;
  for (const e of events) {
    if (e.type === 'fault') {
      if (faultAt === null && injures(e.fault)) faultAt = e.t;
      continue;
    }
    if (faultAt === null || (e.type !== 'accept' && e.type !== 'give-up')) continue;
    const outcome = outcomes.get(requestKey(e.client, e.req));
    // An accepted request can only have gone wrong by its answer; a given-up one only by being lost or undecided.
    if (outcome === undefined || (e.type === 'accept') !== (outcome === 'answered-wrong')) continue;
    return { kind: 'failed', faultAt, failedAt: e.t, afterMs: Math.round((e.t - faultAt) * 1000) / 1000, outcome, client: e.client, req: e.req };
  }
  return faultAt === null ? { kind: 'no-fault' } : { kind: 'none', faultAt };
}

/** The network faults that last (until their `untilMs`, or the run's end) on one replica. */
export type NetworkFault = Extract<Fault, { type: 'omission' | 'delay' | 'duplicate' | 'reorder' }>;

/** Whether a network fault changes nothing (how a student undoes one: probability 0, delay 0). */
export function isNoNetworkFault(f: NetworkFault): boolean {
  if (f.type === 'omission' || f.type === 'duplicate') return f.probability === 0;
  if (f.type === 'delay') return f.ms === 0 && f.jitterMs === 0;
  return false;
}

/** The live fault that undoes a network fault (the same kind, changing nothing), or null for one that cannot be undone so (a reorder). */
export function undoOf(f: NetworkFault): Extract<FaultSpec, { type: 'omission' | 'delay' | 'duplicate' }> | null {
  if (f.type === 'omission') return { type: 'omission', replica: f.replica, probability: 0, direction: 'both' };
  if (f.type === 'delay') return { type: 'delay', replica: f.replica, ms: 0, jitterMs: 0 };
  if (f.type === 'duplicate') return { type: 'duplicate', replica: f.replica, probability: 0 };
  return null;
}

/** A suspicion that no injected fault explains: the suspected replica was only slow to be scheduled. */
export interface NoiseSuspicion {
  /** When the suspicion was raised (ms since the run's start). */
  t: number;
  /** The replica that suspected. */
  replica: number;
  /** The replica it suspected. */
  suspect: number;
  silentForMs: number;
}

/**
 * Suspicions no injected fault caused (scheduling noise). A suspicion is explained when, at
 * or before it, a fault was injected on the suspected or the suspecting replica, or a
 * partition, an omission, a delay, a duplication, a reordering or a pause was in force on
 * any replica; otherwise the failure detector fired because a process (or the whole
 * machine) was too busy to send or read heartbeats in time. Simulation never shows it.
 */
export function noiseSuspicions(events: readonly RunEvent[]): NoiseSuspicion[] {
  const out: NoiseSuspicion[] = [];
  /** Replicas some fault was injected on so far. */
  const touched = new Set<number>();
  let partitioned = false;
  /** Lasting network faults by replica and kind: when each ends (Infinity: the run's end). */
  const lasting = new Map<string, number>();
  const paused = new Set<number>();
  for (const e of events) {
    if (e.type === 'fault') {
      const f = e.fault;
      if ('replica' in f) touched.add(f.replica);
      if (f.type === 'partition') partitioned = true;
      else if (f.type === 'heal') partitioned = false;
      else if (f.type === 'pause') paused.add(f.replica);
      else if (f.type === 'resume' || f.type === 'restart' || f.type === 'crash') paused.delete(f.replica);
      else if (f.type === 'omission' || f.type === 'delay' || f.type === 'duplicate' || f.type === 'reorder') {
        const key = `${f.replica}:${f.type}`;
        if (isNoNetworkFault(f)) lasting.delete(key);
        else lasting.set(key, f.untilMs ?? Infinity);
      }
      continue;
    }
    if (e.type !== 'suspect') continue;
    const inForce = partitioned || paused.size > 0 || [...lasting.values()].some((until) => until >= e.t);
    if (inForce || touched.has(e.suspect) || touched.has(e.replica)) continue;
    out.push({ t: e.t, replica: e.replica, suspect: e.suspect, silentForMs: e.silentForMs });
  }
  return out;
}
