/**
 * A linearizability checker: is there one sequential order of the clients' operations,
 * consistent with real time (an operation that returned before another was called comes
 * first), in which the service gives every answer the clients accepted? This is the
 * algorithm of Wing & Gong with Lowe's memoisation, as Porcupine implements it, with
 * P-compositionality: kv operations on different keys are checked separately, each first as a
 * register whose writes are unique, without a search (register.ts).
 *
 * An operation the client never got an answer for may have taken effect or not; it is
 * checked with an unknown output and no return time. The search is bounded: past
 * maxSteps steps of one partition (500,000 by default) the verdict is null (unknown),
 * never a guess.
 *
 * Each search step applies one operation to a copy of the state and looks the result up
 * among the states already reached, so the state's representation decides the speed. The
 * counter and each kv key have models of their own (a number; one key's value) that copy
 * and compare in O(1); other services go through the service's code on JSON state.
 */
import type { Json } from '../json.js';
import { canonicalJson, jsonEqual } from '../json.js';
import type { Op, ServiceState } from '../services.js';
import { cloneState, getService } from '../services.js';
import type { HistoryOp } from './history.js';
import { registerVerdict } from './register.js';

export type { HistoryOp } from './history.js';
import type { ServiceName } from '../scenario.js';


export interface LinearizabilityResult {
  /** true / false, or null when the search gave up (too many concurrent operations). */
  linearizable: boolean | null;
  operations: number;
  partitions: number;
  /** For a violation: an operation that has no place in any sequential order, in words. */
  violation: string | null;
}

/** Operations that read and do not change the state: without an answer they tell nothing. */
function readOnly(op: Op): boolean {
  return op.type === 'read' || op.type === 'get' || op.type === 'balance';
}

function partitionKey(service: ServiceName, op: Op): string {
  // Each kv key is its own object; counter and bank operations share one state.
  if (service === 'kv' && 'key' in op) return `key ${op.key}`;
  return 'all';
}

interface Entry {
  isCall: boolean;
  id: number;
  time: number;
  match: Entry | null;
  prev: Entry | null;
  next: Entry | null;
}

function describe(o: HistoryOp): string {
  return `request ${o.req} of client ${o.client} (${o.op.type}${'key' in o.op ? ` ${o.op.key}` : ''}) answered ${JSON.stringify(o.output)}`;
}

/** A well-mixed 32-bit value for n (the finaliser of MurmurHash3): deterministic, no Math.random. */
function mix32(n: number): number {
  let h = n >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A sequential specification the search runs: a state, one operation's effect, and a key for the memo. */
interface Model<S> {
  initial: S;
  /** The state after op and op's answer; s itself is never changed. */
  step(s: S, op: Op): { next: S; output: Json };
  key(s: S): string;
}

/** The counter: its state is one number. */
const counterModel: Model<number> = {
  initial: 0,
  step: (s, op) => {
    const next = op.type === 'inc' ? s + op.by : s;
    return { next, output: next };
  },
  key: (s) => String(s),
};

/** One kv key (the history is partitioned by key): its state is that key's value. */
const kvKeyModel: Model<string | null> = {
  initial: null,
  step: (s, op) => {
    switch (op.type) {
      case 'get':
        return { next: s, output: s };
      case 'put':
        return { next: op.value, output: 'ok' };
      case 'cas':
        return s === op.expected ? { next: op.value, output: true } : { next: s, output: false };
      default:
        return { next: s, output: null };
    }
  },
  key: (s) => (s === null ? '' : `=${s}`),
};

/** Any service, through its own code on JSON state (copied per step, compared by canonical JSON). */
function serviceModel(service: ServiceName): Model<ServiceState> {
  const svc = getService(service);
  return {
    initial: svc.initial(),
    step: (s, op) => {
      const next = cloneState(s);
      const output = svc.apply(next, op);
      return { next, output };
    },
    key: (s) => canonicalJson(s),
  };
}

/**
 * The counter's own refutation, before any search: an answer v of an operation o is
 * impossible when fewer than v increments could have taken effect by o's return (those
 * called before it) or more than v must have by o's call (those answered before it).
 * Decided in O(n log n), so a forged or far-stale answer is named even where the
 * search gives up on a very concurrent history. Sound only when no increment is negative (checked).
 */
function counterOutOfBounds(ops: readonly HistoryOp[]): HistoryOp | null {
  const incs = ops.filter((o) => o.op.type === 'inc');
  if (incs.some((o) => o.op.type === 'inc' && o.op.by < 0)) return null;
  const by = (o: HistoryOp): number => (o.op.type === 'inc' ? o.op.by : 0);
  const calls = incs.map((o) => ({ t: o.callMs, by: by(o) })).sort((a, b) => a.t - b.t);
  const returns = incs.filter((o) => o.returnMs !== null).map((o) => ({ t: o.returnMs ?? Infinity, by: by(o) })).sort((a, b) => a.t - b.t);
  const prefix = (xs: { by: number }[]): number[] => xs.reduce<number[]>((acc, x) => (acc.push((acc[acc.length - 1] ?? 0) + x.by), acc), []);
  const callSums = prefix(calls);
  const returnSums = prefix(returns);
  // Sum of the increments whose time is strictly before (or at most) t, by binary search.
  const sumBefore = (xs: { t: number }[], sums: number[], t: number, inclusive: boolean): number => {
    let lo = 0;
    let hi = xs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const x = xs[mid]?.t ?? Infinity;
      if (x < t || (inclusive && x === t)) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : (sums[lo - 1] ?? 0);
  };
  for (const o of ops) {
    if (o.returnMs === null || typeof o.output !== 'number') continue;
    const most = sumBefore(calls, callSums, o.returnMs, true);
    const least = sumBefore(returns, returnSums, o.callMs, false) + by(o);
    if (o.output > most || o.output < least) return o;
  }
  return null;
}

/** A kv read's refutation, before any search: it returned a value no write to its key had been called to write by then. */
function kvUnwritten(ops: readonly HistoryOp[]): HistoryOp | null {
  const firstWrite = new Map<string, number>();
  for (const o of ops) {
    const written = o.op.type === 'put' || o.op.type === 'cas' ? o.op.value : null;
    if (written !== null) firstWrite.set(written, Math.min(firstWrite.get(written) ?? Infinity, o.callMs));
  }
  for (const o of ops) {
    if (o.op.type !== 'get' || o.returnMs === null || o.output === null || o.output === undefined) continue;
    const at = typeof o.output === 'string' ? firstWrite.get(o.output) : undefined;
    if (at === undefined || at > o.returnMs) return o;
  }
  return null;
}

function checkPartition(service: ServiceName, ops: HistoryOp[], maxSteps: number, register: boolean): { ok: boolean | null; blocked: HistoryOp | null } {
  // A kv key whose writes are unique is decided without a search (register.ts), however concurrent.
  if (service === 'kv' && register) {
    const register = registerVerdict(ops);
    if (register.ok !== null) return register;
  }
  const searched =
    service === 'counter' ? searchPartition(counterModel, ops, maxSteps) : service === 'kv' ? searchPartition(kvKeyModel, ops, maxSteps) : searchPartition(serviceModel(service), ops, maxSteps);
  if (searched.ok !== null) return searched;
  // The search gave up: an answer outside what any order could give still decides it.
  const impossible = service === 'counter' ? counterOutOfBounds(ops) : service === 'kv' ? kvUnwritten(ops) : null;
  return impossible ? { ok: false, blocked: impossible } : searched;
}

function searchPartition<S>(model: Model<S>, ops: HistoryOp[], maxSteps: number): { ok: boolean | null; blocked: HistoryOp | null } {
  // The event list: calls and returns by time; at equal times calls first (more concurrency, never a false alarm).
  const raw: { isCall: boolean; id: number; time: number }[] = [];
  ops.forEach((o, id) => {
    raw.push({ isCall: true, id, time: o.callMs });
    raw.push({ isCall: false, id, time: o.returnMs ?? Infinity });
  });
  raw.sort((a, b) => a.time - b.time || (a.isCall === b.isCall ? a.id - b.id : a.isCall ? -1 : 1));
  const head: Entry = { isCall: false, id: -1, time: -Infinity, match: null, prev: null, next: null };
  let last = head;
  const calls = new Map<number, Entry>();
  for (const r of raw) {
    // Fields written out (a spread makes each entry a slow dictionary object, every step paying for it).
    const e: Entry = { isCall: r.isCall, id: r.id, time: r.time, match: null, prev: last, next: null };
    last.next = e;
    last = e;
    if (r.isCall) calls.set(r.id, e);
    else {
      const c = calls.get(r.id);
      if (c) c.match = e;
    }
  }
  const lift = (e: Entry): void => {
    if (e.prev) e.prev.next = e.next;
    if (e.next) e.next.prev = e.prev;
    const m = e.match;
    if (m) {
      if (m.prev) m.prev.next = m.next;
      if (m.next) m.next.prev = m.prev;
    }
  };
  const unlift = (e: Entry): void => {
    const m = e.match;
    if (m) {
      if (m.prev) m.prev.next = m;
      if (m.next) m.next.prev = m;
    }
    if (e.prev) e.prev.next = e;
    if (e.next) e.next.prev = e;
  };

  // The set of placed operations is remembered by a Zobrist hash (two 32-bit halves,
  // XOR-ed in and out), so a memo key costs O(1) however long the history is.
  const zobrist = ops.map((_, i) => [mix32(2 * i + 1), mix32(2 * i + 2)] as const);
  let hashHi = 0;
  let hashLo = 0;
  const toggle = (id: number): void => {
    const z = zobrist[id];
    if (!z) return;
    hashHi ^= z[0];
    hashLo ^= z[1];
  };
  // 53 bits of the two halves as one exact number: cheaper to key by than two base-36 strings.
  const bitsKey = (): number => (hashHi & 0x1fffff) * 0x100000000 + (hashLo >>> 0);
  const seen = new Set<string>();
  const stack: { entry: Entry; state: S }[] = [];
  let state: S = model.initial;
  let entry = head.next;
  let steps = 0;
  let deepest: Entry | null = null;
  let deepestDepth = -1;
  while (head.next !== null) {
    if (++steps > maxSteps) return { ok: null, blocked: null };
    if (!entry) return { ok: false, blocked: null };
    if (entry.isCall) {
      const o = ops[entry.id];
      if (!o) return { ok: false, blocked: null };
      const { next, output } = model.step(state, o.op);
      const fits = o.output === undefined || jsonEqual(output, o.output);
      if (fits) {
        toggle(entry.id);
        const key = `${bitsKey()}|${model.key(next)}`;
        if (!seen.has(key)) {
          seen.add(key);
          stack.push({ entry, state });
          state = next;
          lift(entry);
          entry = head.next;
          continue;
        }
        toggle(entry.id);
      }
      entry = entry.next;
    } else {
      // A return reached with its call not yet placed: this branch fails; backtrack.
      if (stack.length > deepestDepth) {
        deepestDepth = stack.length;
        deepest = entry;
      }
      const top = stack.pop();
      if (!top) return { ok: false, blocked: deepest ? (ops[deepest.id] ?? null) : null };
      state = top.state;
      toggle(top.entry.id);
      unlift(top.entry);
      entry = top.entry.next;
    }
  }
  return { ok: true, blocked: null };
}

/**
 * A history of more operations than this is not searched (the verdict is null, unknown):
 * its partitions could not all be decided within maxSteps anyway, and holding it costs
 * memory a run of millions of events cannot spare. Operations counted as the search counts
 * them (`searchedOperations`).
 */
export const MAX_SEARCHED_OPERATIONS = 200_000;

/** The operations the search takes: all but reads that never returned (they constrain nothing). */
export function searched(op: Op, returned: boolean): boolean {
  return returned || !readOnly(op);
}

/**
 * options.register false: kv keys go through the search too, never the register check
 * (the tests set the two beside each other).
 */
export function checkLinearizability(service: ServiceName, history: readonly HistoryOp[], options: { maxSteps?: number; register?: boolean } = {}): LinearizabilityResult {
  const maxSteps = options.maxSteps ?? 500_000;
  let total = 0;
  for (const o of history) if (searched(o.op, o.returnMs !== null)) total += 1;
  if (total > MAX_SEARCHED_OPERATIONS) return { linearizable: null, operations: total, partitions: 0, violation: null };
  const parts = new Map<string, HistoryOp[]>();
  let operations = 0;
  for (const o of history) {
    if (o.returnMs === null && readOnly(o.op)) continue;
    operations += 1;
    const k = partitionKey(service, o.op);
    const list = parts.get(k) ?? [];
    list.push(o);
    parts.set(k, list);
  }
  let unknown = false;
  for (const [key, ops] of [...parts.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const r = checkPartition(service, ops, maxSteps, options.register !== false);
    if (r.ok === false) {
      const where = key === 'all' ? '' : ` (operations on ${key})`;
      return {
        linearizable: false,
        operations,
        partitions: parts.size,
        violation: r.blocked ? `${describe(r.blocked)}: no sequential order of the operations${where} gives every accepted answer` : `no sequential order of the operations${where} gives every accepted answer`,
      };
    }
    if (r.ok === null) unknown = true;
  }
  return { linearizable: unknown ? null : true, operations, partitions: parts.size, violation: null };
}
