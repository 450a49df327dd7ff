/**
 * The hunt: search for a fault schedule that makes a scenario violate a claim (a check of
 * shared/checks.ts), then shrink it to a minimal scenario that still fails.
 *
 * Everything here is a pure function of (scenario, options, seed). The search runs in
 * deterministic batches of candidate schedules, candidate i drawn from its own generator
 * seeded by (seed, i); a batch may be evaluated in any order and on any number of workers,
 * and the winner is the lowest-index failing candidate of the earliest batch that has one.
 * Shrinking goes in rounds: each round lists the simplifications of the current scenario
 * in a fixed order, and the first one (by index) that still fails becomes the next current
 * scenario, until none does. So the minimal scenario does not depend on the worker count.
 */
import { analyze } from './analysis/summary.js';
import type { RunSummary } from './analysis/summary.js';
import type { CheckName } from './checks.js';
import { CHECKS } from './checks.js';
import { simulate } from './engine/sim.js';
import { BEHAVIORS, FAULT_KINDS } from './faults.js';
import type { Fault, FaultKind, PartitionMember } from './faults.js';
import { Rng } from './rng.js';
import { parseScenario, replicaBound, ScenarioError, withoutStepping } from './scenario.js';
import type { Scenario } from './scenario.js';

/** How the search is aimed and how long it may look. */
export interface HuntOptions {
  check: CheckName;
  /** The fault kinds the generator draws from (see defaultHuntKinds). */
  kinds: readonly FaultKind[];
  /** At most this many faults in a generated schedule (added to the scenario's own). */
  maxFaults: number;
  /** At most this many search runs (shrinking has its own bound, shrinkRuns). */
  budgetRuns: number;
  seed: number;
  /** Candidates per batch: part of the search's definition, never the worker count. */
  batchSize?: number;
  /** At most this many runs spent shrinking. */
  shrinkRuns?: number;
}

export const DEFAULT_BATCH_SIZE = 32;
export const DEFAULT_SHRINK_RUNS = 2000;
/** Coverage counts a fault's time in one of this many equal parts of the workload. */
export const TIME_BUCKETS = 4;

/** Evaluates scenarios (in any order, anywhere): for each, whether it violates the check. */
export type Evaluate = (scenarios: readonly Scenario[], check: CheckName) => Promise<boolean[]>;

export interface HuntProgress {
  phase: 'search' | 'shrink';
  /** Runs so far (search and shrink). */
  runs: number;
  /** Distinct schedules the search has tried. */
  distinct: number;
  /** The smallest failing scenario so far, or null. */
  best: Scenario | null;
}

export interface HuntCoverage {
  /** Distinct (kind, replica, time bucket) cells the tried schedules hit. */
  cells: number;
  /** Every cell the generator could hit: kinds with a replica count n cells per bucket, others one. */
  possible: number;
  /** Cells hit per kind. */
  byKind: Partial<Record<FaultKind, number>>;
}

export interface HuntResult {
  check: CheckName;
  /** The first failing scenario the search found (before shrinking), or null. */
  found: Scenario | null;
  /** Its candidate index (0: the scenario as given, without added faults). */
  foundIndex: number | null;
  /** The minimal failing scenario, or null when none was found. */
  minimal: Scenario | null;
  searchRuns: number;
  shrinkRuns: number;
  /** Shrink rounds that made the scenario smaller. */
  shrinkSteps: number;
  distinct: number;
  coverage: HuntCoverage;
  /** Stopped by the caller (time budget or cancel) before the search or shrink was done. */
  stopped: boolean;
}

export interface HuntHooks {
  onProgress?: (p: HuntProgress) => void;
  /** Asked between batches: true ends that phase (a search finds nothing more; a shrink keeps the smallest so far). */
  shouldStop?: (phase: 'search' | 'shrink') => boolean;
}

/** Bad hunt options, in one sentence. */
export class HuntOptionsError extends Error {}

/**
 * Kinds worth drawing for a scenario: every kind of replica and network fault, except
 * Byzantine ones under a fail-stop model. The trusted helpers' faults are asked for by name
 * (the lecture's claims assume the helpers correct).
 */
export function defaultHuntKinds(s: Scenario): FaultKind[] {
  return FAULT_KINDS.filter((k) => k !== 'sequencer' && k !== 'arbiter' && (k !== 'byzantine' || s.failureModel === 'arbitrary'));
}

/** Runs one scenario in simulation and reads its summary: the unit of work of a hunt. */
export function runCandidate(s: Scenario, check: CheckName): RunSummary {
  const { events } = simulate(s);
  return analyze(events, { linearizability: CHECKS[check].needsLinearizability === true, logSha256: false }).summary;
}

/** Whether a scenario, simulated, violates the check. */
export function violates(s: Scenario, check: CheckName): boolean {
  return CHECKS[check].failed(runCandidate(s, check));
}

/** The same answer for every order of evaluation: one scenario at a time, in this thread. */
export const evaluateHere: Evaluate = (scenarios, check) => Promise.resolve(scenarios.map((s) => violates(s, check)));

// ---- generation -----------------------------------------------------------------------

/** A 32-bit mix of (seed, index): each candidate's own generator seed. */
function mix(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** The horizon faults are placed in: the workload's duration (at least 1 ms). */
const horizonOf = (s: Scenario): number => Math.max(1, s.workload.durationMs);

/** Times are drawn on a grid of 50 steps over the horizon, so near-equal schedules count once. */
function drawTime(rng: Rng, horizon: number): number {
  const step = Math.max(1, Math.round(horizon / 50));
  return Math.min(horizon - 1, rng.int(0, 49) * step);
}

function drawUntil(rng: Rng, atMs: number, horizon: number): number | undefined {
  if (rng.chance(0.2)) return undefined;
  const step = Math.max(1, Math.round(horizon / 20));
  return atMs + rng.int(1, 20) * step;
}

function drawPartition(rng: Rng, s: Scenario): PartitionMember[][] {
  const groups: PartitionMember[][] = [[], []];
  const side = (): 0 | 1 => (rng.chance(0.5) ? 1 : 0);
  const sides: (0 | 1)[] = [];
  for (let r = 1; r <= s.replicas; r++) sides.push(side());
  if (s.replicas > 1 && sides.every((x) => x === sides[0])) sides[rng.int(0, s.replicas - 1)] = sides[0] === 0 ? 1 : 0;
  sides.forEach((g, i) => groups[g]?.push(i + 1));
  if (rng.chance(0.5)) groups[side()]?.push('clients');
  else for (let c = 1; c <= s.workload.clients; c++) groups[side()]?.push(`client-${c}`);
  return groups.filter((g) => g.length > 0);
}

/** One fault of the kind, drawn for the scenario. */
function drawFault(kind: FaultKind, rng: Rng, s: Scenario): Fault {
  const horizon = horizonOf(s);
  const atMs = drawTime(rng, horizon);
  const replica = rng.int(1, s.replicas);
  const until = (): { untilMs?: number } => {
    const u = drawUntil(rng, atMs, horizon);
    return u === undefined ? {} : { untilMs: u };
  };
  switch (kind) {
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
      return { atMs, type: kind, replica };
    case 'byzantine':
      return { atMs, type: 'byzantine', replica, behavior: rng.pick(BEHAVIORS) };
    case 'partition':
      return { atMs, type: 'partition', groups: drawPartition(rng, s) };
    case 'heal':
      return { atMs, type: 'heal' };
    case 'omission':
      return { atMs, type: 'omission', replica, probability: rng.pick([0.5, 1]), direction: rng.pick(['send', 'receive', 'both'] as const), ...until() };
    case 'delay':
      return { atMs, type: 'delay', replica, ms: rng.pick([50, 200, 500, 1000]), jitterMs: 0, ...until() };
    case 'duplicate':
      return { atMs, type: 'duplicate', replica, probability: rng.pick([0.5, 1]), ...until() };
    case 'reorder':
      return { atMs, type: 'reorder', replica, windowMs: rng.pick([10, 50, 200]), ...until() };
    case 'sequencer':
      return { atMs, type: 'sequencer', behavior: rng.pick(['crash', 'equivocate'] as const) };
    case 'arbiter':
      return { atMs, type: 'arbiter', behavior: 'crash' };
    default:
      return kind satisfies never;
  }
}

/** Faults in time order (stable: faults at the same moment keep their order). */
function sortFaults(faults: readonly Fault[]): Fault[] {
  return faults.map((f, i) => ({ f, i })).sort((a, b) => a.f.atMs - b.f.atMs || a.i - b.i).map((x) => x.f);
}

/** A scenario that validates (the schema's rules, replicas and clients that exist), or null. */
function valid(s: Scenario): Scenario | null {
  try {
    return parseScenario({ ...s, faults: sortFaults(s.faults) });
  } catch (err) {
    if (err instanceof ScenarioError) return null;
    throw err;
  }
}

/**
 * Candidate `index` of the search: 0 is the scenario as given; every other one adds 1 to
 * maxFaults generated faults to the scenario's own. Pure in (base, options.kinds,
 * options.maxFaults, options.seed, index).
 */
export function candidate(base: Scenario, options: Pick<HuntOptions, 'kinds' | 'maxFaults' | 'seed'>, index: number): { scenario: Scenario; added: Fault[] } | null {
  if (index === 0) return { scenario: base, added: [] };
  const rng = Rng.fromSeed(mix(options.seed, index));
  const count = rng.int(1, Math.max(1, options.maxFaults));
  const added: Fault[] = [];
  for (let i = 0; i < count; i++) added.push(drawFault(rng.pick(options.kinds), rng, base));
  const scenario = valid({ ...base, faults: [...base.faults, ...added] });
  return scenario === null ? null : { scenario, added: sortFaults(added) };
}

/** A scenario's identity for "already tried": its canonical text. */
const keyOf = (s: Scenario): string => JSON.stringify(s);

function replicaOf(f: Fault): number | null {
  return 'replica' in f ? f.replica : null;
}

function coverageCells(faults: readonly Fault[], horizon: number): string[] {
  return faults.map((f) => {
    const bucket = Math.min(TIME_BUCKETS - 1, Math.floor((f.atMs * TIME_BUCKETS) / horizon));
    return `${f.type}:${replicaOf(f) ?? '*'}:${bucket}`;
  });
}

// ---- shrinking ------------------------------------------------------------------------

/** The fewest replicas shrinking may leave: the bound when the scenario is within it, else 1. */
function minReplicas(original: Scenario): number {
  const bound = replicaBound(original.scheme, original.failureModel, original.k);
  return original.replicas >= bound ? bound : 1;
}

/** Partition groups without a member (and without groups left empty); null if no group is left. */
function withoutMember(f: Fault, drop: (m: PartitionMember) => boolean): Fault | null {
  if (f.type !== 'partition') return f;
  const groups = f.groups.map((g) => g.filter((m) => !drop(m))).filter((g) => g.length > 0);
  return groups.length === 0 ? null : { ...f, groups };
}

function shiftFault(f: Fault, atMs: number): Fault {
  const delta = atMs - f.atMs;
  if ('untilMs' in f && f.untilMs !== undefined) return { ...f, atMs, untilMs: f.untilMs + delta };
  return { ...f, atMs };
}

/**
 * The simplifications of a failing scenario, in the order shrinking tries them (the
 * biggest first): fewer faults, fewer replicas, fewer clients, a shorter workload, a lower
 * rate, each fault earlier, each lasting fault shorter. Each one is smaller than `s` in
 * one measure and no larger in the others, so shrinking ends.
 */
export function simplifications(s: Scenario, floorReplicas: number): Scenario[] {
  const out: Scenario[] = [];
  const faults = s.faults;
  const push = (next: Scenario): void => {
    const v = valid(next);
    if (v !== null && keyOf(v) !== keyOf(s)) out.push(v);
  };
  // Fewer faults: halves first (delta debugging), then one at a time.
  if (faults.length >= 4) {
    const half = Math.ceil(faults.length / 2);
    push({ ...s, faults: faults.slice(0, half) });
    push({ ...s, faults: faults.slice(half) });
  }
  if (faults.length >= 1) for (let i = 0; i < faults.length; i++) push({ ...s, faults: faults.filter((_, j) => j !== i) });
  // Fewer replicas: the last one goes, with the faults that name it.
  if (s.replicas - 1 >= Math.max(1, floorReplicas)) {
    const gone = s.replicas;
    const kept = faults.filter((f) => replicaOf(f) !== gone).map((f) => withoutMember(f, (m) => m === gone)).filter((f): f is Fault => f !== null);
    push({ ...s, replicas: gone - 1, faults: kept });
  }
  // Fewer clients: the last one goes, and leaves every partition group.
  if (s.workload.clients > 1) {
    const gone = `client-${s.workload.clients}`;
    const kept = faults.map((f) => withoutMember(f, (m) => m === gone)).filter((f): f is Fault => f !== null);
    push({ ...s, workload: { ...s.workload, clients: s.workload.clients - 1 }, faults: kept });
  }
  // Fewer requests: a shorter workload, then a lower rate.
  const d = s.workload.durationMs;
  for (const shorter of [Math.floor(d / 2), Math.floor((3 * d) / 4)]) if (shorter >= 1 && shorter < d) push({ ...s, workload: { ...s.workload, durationMs: shorter } });
  const rate = s.workload.ratePerSecond;
  const lower = Math.max(1, Math.floor(rate / 2));
  if (lower < rate) push({ ...s, workload: { ...s.workload, ratePerSecond: lower } });
  // Earlier faults.
  faults.forEach((f, i) => {
    for (const at of [0, Math.floor(f.atMs / 2), Math.floor((3 * f.atMs) / 4)]) {
      if (at < f.atMs) push({ ...s, faults: faults.map((g, j) => (j === i ? shiftFault(g, at) : g)) });
    }
  });
  // Shorter lasting faults: one without an end gets one; one with an end lasts half as long.
  faults.forEach((f, i) => {
    if (!('untilMs' in f)) return;
    const length = f.untilMs === undefined ? horizonOf(s) : Math.floor((f.untilMs - f.atMs) / 2);
    if (length >= 1) push({ ...s, faults: faults.map((g, j) => (j === i ? { ...f, untilMs: f.atMs + length } : g)) });
  });
  // Dedupe, keeping the first occurrence (its index is its rank).
  const seen = new Set<string>();
  return out.filter((c) => {
    const k = keyOf(c);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// ---- the hunt -------------------------------------------------------------------------

function checkOptions(options: HuntOptions): void {
  if (options.kinds.length === 0) throw new HuntOptionsError('no fault kinds to draw from');
  if (!Number.isInteger(options.maxFaults) || options.maxFaults < 1) throw new HuntOptionsError('the number of faults must be a whole number of at least 1');
  if (!Number.isInteger(options.budgetRuns) || options.budgetRuns < 1) throw new HuntOptionsError('the budget must be at least one run');
}

/**
 * Searches for a schedule that violates `options.check` and shrinks it. `evaluate` runs
 * the candidates (here, or on a worker pool); the result is the same for any evaluator
 * that answers like `evaluateHere`.
 */
export async function hunt(given: Scenario, options: HuntOptions, evaluate: Evaluate, hooks: HuntHooks = {}): Promise<HuntResult> {
  checkOptions(options);
  // The schedules tried differ from the scenario's: its chosen messages do not carry over.
  const base = withoutStepping(given);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const shrinkBudget = options.shrinkRuns ?? DEFAULT_SHRINK_RUNS;
  const stop = (phase: 'search' | 'shrink'): boolean => hooks.shouldStop?.(phase) === true;
  const horizon = horizonOf(base);
  const tried = new Set<string>();
  const cells = new Set<string>();
  let searchRuns = 0;
  let found: Scenario | null = null;
  let foundIndex: number | null = null;
  let stopped = false;
  // Give up drawing when the schedule space is exhausted (every draw already tried).
  const maxIndex = options.budgetRuns * 20 + batchSize;

  let next = 0;
  search: while (searchRuns < options.budgetRuns && next < maxIndex) {
    if (stop('search')) {
      stopped = true;
      break;
    }
    const batch: { index: number; scenario: Scenario; added: Fault[] }[] = [];
    while (batch.length < Math.min(batchSize, options.budgetRuns - searchRuns) && next < maxIndex) {
      const index = next++;
      const c = candidate(base, options, index);
      if (c === null) continue;
      const key = keyOf(c.scenario);
      if (tried.has(key)) continue;
      tried.add(key);
      batch.push({ index, ...c });
    }
    if (batch.length === 0) break;
    const verdicts = await evaluate(batch.map((b) => b.scenario), options.check);
    searchRuns += batch.length;
    for (const b of batch) for (const cell of coverageCells(b.added, horizon)) cells.add(cell);
    for (let i = 0; i < batch.length; i++) {
      if (verdicts[i] === true) {
        found = batch[i]?.scenario ?? null;
        foundIndex = batch[i]?.index ?? null;
        break search;
      }
    }
    hooks.onProgress?.({ phase: 'search', runs: searchRuns, distinct: tried.size, best: null });
  }

  let minimal = found;
  let shrinkRuns = 0;
  let shrinkSteps = 0;
  if (found !== null) {
    hooks.onProgress?.({ phase: 'shrink', runs: searchRuns, distinct: tried.size, best: found });
    const floor = minReplicas(base);
    const verdictOf = new Map<string, boolean>();
    let current: Scenario = found;
    shrink: while (shrinkRuns < shrinkBudget) {
      const options_ = simplifications(current, floor);
      let winner: Scenario | null = null;
      for (let start = 0; start < options_.length && winner === null; start += batchSize) {
        if (stop('shrink')) {
          stopped = true;
          break shrink;
        }
        const chunk = options_.slice(start, start + batchSize);
        const unknown = chunk.filter((c) => !verdictOf.has(keyOf(c))).slice(0, Math.max(0, shrinkBudget - shrinkRuns));
        if (unknown.length > 0) {
          const verdicts = await evaluate(unknown, options.check);
          shrinkRuns += unknown.length;
          unknown.forEach((c, i) => verdictOf.set(keyOf(c), verdicts[i] === true));
        }
        // Lowest index first; a simplification not evaluated (budget spent) counts as passing.
        winner = chunk.find((c) => verdictOf.get(keyOf(c)) === true) ?? null;
      }
      if (winner === null) break;
      current = winner;
      shrinkSteps += 1;
      hooks.onProgress?.({ phase: 'shrink', runs: searchRuns + shrinkRuns, distinct: tried.size, best: current });
    }
    minimal = { ...current, name: `${base.name} - smallest schedule breaking ${options.check}`.slice(0, 200) };
  }

  const byKind: Partial<Record<FaultKind, number>> = {};
  for (const cell of cells) {
    const kind = cell.slice(0, cell.indexOf(':')) as FaultKind;
    byKind[kind] = (byKind[kind] ?? 0) + 1;
  }
  const possible = [...new Set(options.kinds)].reduce((n, k) => n + TIME_BUCKETS * (k === 'partition' || k === 'heal' ? 1 : base.replicas), 0);
  return { check: options.check, found, foundIndex, minimal, searchRuns, shrinkRuns, shrinkSteps, distinct: tried.size, coverage: { cells: cells.size, possible, byKind }, stopped };
}
