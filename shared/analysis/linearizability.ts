/**
 * A linearizability checker: is there one sequential order of the clients' operations,
 * consistent with real time (an operation that returned before another was called comes
 * first), in which the service gives every answer the clients accepted? This is the
 * algorithm of Wing & Gong with Lowe's memoisation, as Porcupine implements it, with
 * P-compositionality: kv operations on different keys are checked separately.
 *
 * An operation the client never got an answer for may have taken effect or not; it is
 * checked with an unknown output and no return time. The search is bounded: past
 * maxSteps the verdict is null (unknown), never a guess.
 */
import type { Json } from '../json.js';
import { canonicalJson, jsonEqual } from '../json.js';
import type { Op, ServiceState } from '../services.js';
import { cloneState, getService } from '../services.js';
import type { ServiceName } from '../scenario.js';

export interface HistoryOp {
  client: number;
  req: number;
  op: Op;
  /** When the client first sent it. */
  callMs: number;
  /** When the client accepted an answer; null if it never did. */
  returnMs: number | null;
  /** The accepted answer (undefined when there was none). */
  output: Json | undefined;
}

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

function checkPartition(service: ServiceName, ops: HistoryOp[], maxSteps: number): { ok: boolean | null; blocked: HistoryOp | null } {
  const svc = getService(service);
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
    const e: Entry = { ...r, match: null, prev: last, next: null };
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
  const bitsKey = (): string => `${hashHi.toString(36)}.${hashLo.toString(36)}`;
  const seen = new Set<string>();
  const stack: { entry: Entry; state: ServiceState }[] = [];
  let state: ServiceState = svc.initial();
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
      const next = cloneState(state);
      const result = svc.apply(next, o.op);
      const fits = o.output === undefined || jsonEqual(result, o.output);
      if (fits) {
        toggle(entry.id);
        const key = `${bitsKey()}|${canonicalJson(next)}`;
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

export function checkLinearizability(service: ServiceName, history: readonly HistoryOp[], options: { maxSteps?: number } = {}): LinearizabilityResult {
  const maxSteps = options.maxSteps ?? 500_000;
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
    const r = checkPartition(service, ops, maxSteps);
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
