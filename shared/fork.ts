/**
 * Fork from here: a simulated run continued from one of its moments with a changed fault
 * schedule. The simulator is a function of its scenario, and a fault scheduled at time T
 * changes nothing before T, so the fork is the parent's scenario with the faults from T on
 * replaced: re-simulated, it repeats the parent's log exactly up to T (its run-start aside,
 * which names the new scenario) and goes its own way from there. `forkedPrefixProblem` checks
 * that, so a fork never silently rewrites its past.
 *
 * Side by side: `outcomeDifferences` lists the requests whose outcome differs between two runs
 * of the same workload (lost in one and answered in the other, and so on).
 *
 * Pure: the caller runs the scenario (electron/cli/commands/fork.ts).
 */
import { z } from 'zod';
import type { RequestRecord } from './analysis/summary.js';
import type { RunEvent } from './events.js';
import { scheduledFaultSchema } from './faults.js';
import type { Fault, Scenario } from './scenario.js';

/** The file beside a fork's kept run that names its parent and the moment it left it. */
export const FORK_FILE = 'fork.json';

/** Where a fork left its parent: recorded beside the fork's run (fork.json). */
export interface ForkOrigin {
  faultlabFork: 1;
  /** The parent's scenario name and the SHA-256 of its event log. */
  parent: { name: string; eventLogSha256: string; runDir: string | null };
  /** The moment the fork left the parent, in ms of run time. */
  atMs: number;
  /** The parent's faults at or after atMs that the fork dropped. */
  dropped: Fault[];
  /** The faults the fork added, each at or after atMs. */
  added: Fault[];
}

/** fork.json as read back (it sits in the data folder, which is untrusted input). */
export const forkOriginSchema = z.strictObject({
  faultlabFork: z.literal(1),
  parent: z.strictObject({ name: z.string().max(200), eventLogSha256: z.string().regex(/^[0-9a-f]{64}$/), runDir: z.string().max(4096).nullable() }),
  atMs: z.number().int().min(0).max(3_600_000),
  dropped: z.array(scheduledFaultSchema).max(1000),
  added: z.array(scheduledFaultSchema).max(1000),
});

export class ForkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ForkError';
  }
}

export interface ForkChange {
  /** Faults to add; each must be at or after the fork's moment (a fork cannot change its past). */
  add?: readonly Fault[];
  /** Drop the parent's faults scheduled at or after the fork's moment. */
  dropLater?: boolean;
}

/** The moments a fork may leave a run: from its start to the end of its workload. */
export function forkRangeMs(parent: Scenario): { min: number; max: number } {
  return { min: 0, max: parent.workload.durationMs };
}

/** The fork's scenario and what it changed; throws ForkError with a sentence when the change is not a fork. */
export function forkScenario(parent: Scenario, atMs: number, change: ForkChange): { scenario: Scenario; dropped: Fault[]; added: Fault[] } {
  const range = forkRangeMs(parent);
  if (!Number.isInteger(atMs) || atMs < range.min || atMs > range.max) {
    throw new ForkError(`the fork's moment ${atMs} ms is not a whole number of ms within the run's workload (0 to ${range.max} ms)`);
  }
  const added = [...(change.add ?? [])];
  for (const f of added) {
    if (f.atMs < atMs) throw new ForkError(`a ${f.type} fault at ${f.atMs} ms is before the fork's moment (${atMs} ms): a fork changes only what comes after it`);
  }
  const dropped = change.dropLater === true ? parent.faults.filter((f) => f.atMs >= atMs) : [];
  const kept = change.dropLater === true ? parent.faults.filter((f) => f.atMs < atMs) : parent.faults;
  if (added.length === 0 && dropped.length === 0) throw new ForkError('the fork changes nothing: add a fault or drop the later ones');
  const faults = [...kept, ...added].sort((a, b) => a.atMs - b.atMs);
  const suffix = ` (fork at ${atMs} ms)`;
  const name = `${parent.name.slice(0, 200 - suffix.length)}${suffix}`;
  return { scenario: { ...parent, name, faults }, dropped, added };
}

/** The events before a moment, without the run-start (which names the scenario). */
function prefix(events: readonly RunEvent[], atMs: number): RunEvent[] {
  const out: RunEvent[] = [];
  for (const e of events) {
    if (e.t >= atMs) break;
    if (e.type !== 'run-start') out.push(e);
  }
  return out;
}

/**
 * Null when the fork's log repeats the parent's exactly before the fork's moment; otherwise
 * a sentence naming the first event that differs (a fork that rewrote its past).
 */
export function forkedPrefixProblem(parent: readonly RunEvent[], fork: readonly RunEvent[], atMs: number): string | null {
  const a = prefix(parent, atMs);
  const b = prefix(fork, atMs);
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = JSON.stringify(a[i]);
    const y = JSON.stringify(b[i]);
    if (x !== y) return `the fork's log differs from its parent's before ${atMs} ms, at event ${i + 1} of that span: ${x} against ${y}`;
  }
  if (a.length !== b.length) return `the fork's log has ${b.length} events before ${atMs} ms, its parent's ${a.length}`;
  return null;
}

/** One request whose outcome differs between two runs. */
export interface OutcomeDifference {
  client: number;
  req: number;
  issuedAt: number;
  a: RequestRecord['outcome'] | 'not issued';
  b: RequestRecord['outcome'] | 'not issued';
}

/** The requests whose outcome differs between run A and run B, in the order they were issued. */
export function outcomeDifferences(a: readonly RequestRecord[], b: readonly RequestRecord[]): OutcomeDifference[] {
  const key = (r: { client: number; req: number }): string => `${r.client}:${r.req}`;
  const inB = new Map(b.map((r) => [key(r), r]));
  const out: OutcomeDifference[] = [];
  for (const r of a) {
    const other = inB.get(key(r));
    inB.delete(key(r));
    if (!other || other.outcome !== r.outcome) out.push({ client: r.client, req: r.req, issuedAt: r.issuedAt, a: r.outcome, b: other?.outcome ?? 'not issued' });
  }
  for (const r of inB.values()) out.push({ client: r.client, req: r.req, issuedAt: r.issuedAt, a: 'not issued', b: r.outcome });
  return out.sort((x, y) => x.issuedAt - y.issuedAt || x.client - y.client || x.req - y.req);
}

/**
 * A reopened fork set beside its parent again: the requests whose outcome differs (at most
 * the first 500 listed, all counted), or why that cannot be done: the parent is no longer
 * kept, its log is too large to read back, it is not the log the fork left (another run in
 * its folder), or it cannot be read.
 */
export type ForkComparison =
  | { differences: OutcomeDifference[]; differing: number }
  | { unavailable: 'parent-gone' | 'parent-too-large' | 'parent-changed' | 'parent-unreadable' };

/** The differences counted by pair of outcomes ("lost → correct": 12), most frequent first. */
export function differenceCounts(diffs: readonly OutcomeDifference[]): { a: OutcomeDifference['a']; b: OutcomeDifference['b']; count: number }[] {
  const counts = new Map<string, { a: OutcomeDifference['a']; b: OutcomeDifference['b']; count: number }>();
  for (const d of diffs) {
    const k = `${d.a}|${d.b}`;
    const c = counts.get(k) ?? { a: d.a, b: d.b, count: 0 };
    c.count += 1;
    counts.set(k, c);
  }
  return [...counts.values()].sort((x, y) => y.count - x.count);
}
