/**
 * One kv key checked as a register whose writes are unique, without a search: the check the
 * generic search (linearizability.ts) gives up on when a failover leaves a hundred operations
 * on one key in the air at once.
 *
 * Every value the workload writes is its own (`c<client>r<req>`), so each answer of a get
 * names the write it read. In any legal order, a write and the reads of its value form one
 * block (nothing else writes in between), blocks follow one another, and the reads of the
 * initial null come first. Real time orders blocks: block B must come before block C when an
 * operation of B returned before one of C was called. The history is linearizable exactly
 * when those constraints have no cycle and no read returned before its own write was called
 * (Gibbons and Korach's reads-from argument). Blocks are put in order by Kahn's algorithm,
 * O(n log n).
 *
 * A compare-and-set from null that succeeded is a write that must be the first; one that
 * failed is a read of "not null", placed after the first write. Unanswered writes nobody read
 * are left out (a pending operation may never have taken effect); one whose value was read
 * took effect, with no return time.
 *
 * The verdicts are sound by construction: "linearizable" only with an order of every
 * operation found and replayed (each answer given, real time kept); "not" only from a value
 * no write wrote, a read before its own write, a cycle of blocks, or a compare-and-set from
 * null that cannot come first. Anything else (values written twice, a compare-and-set from
 * another value, a failed one that finds no place) is null: the caller searches instead.
 */
import type { Json } from '../json.js';
import type { HistoryOp } from './history.js';

export interface RegisterVerdict {
  ok: boolean | null;
  /** For ok false: an operation that has no place in any order. */
  blocked: HistoryOp | null;
}

const UNDECIDED: RegisterVerdict = { ok: null, blocked: null };

interface Block {
  /** The write (null: the initial value's block, before every write). */
  write: HistoryOp | null;
  reads: HistoryOp[];
  /** The earliest return of its operations (must-precede: any block called after it). */
  f: number;
  /** The latest call of its operations. */
  s: number;
  /** A compare-and-set from null that succeeded: it must be the first write. */
  first: boolean;
  done: boolean;
}

const retOf = (o: HistoryOp): number => o.returnMs ?? Infinity;

/** A binary min-heap of blocks by f (removed blocks skipped lazily). */
class ByF {
  private readonly heap: Block[] = [];
  push(b: Block): void {
    const h = this.heap;
    h.push(b);
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if ((h[p] as Block).f <= (h[i] as Block).f) break;
      [h[p], h[i]] = [h[i] as Block, h[p] as Block];
      i = p;
    }
  }
  private pop(): void {
    const h = this.heap;
    const last = h.pop() as Block;
    if (h.length === 0) return;
    h[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && (h[l] as Block).f < (h[m] as Block).f) m = l;
      if (r < h.length && (h[r] as Block).f < (h[m] as Block).f) m = r;
      if (m === i) break;
      [h[m], h[i]] = [h[i] as Block, h[m] as Block];
      i = m;
    }
  }
  /** The two smallest f among the blocks not done (Infinity where there are fewer). */
  two(): { x: Block | null; f1: number; f2: number } {
    while (this.heap.length > 0 && (this.heap[0] as Block).done) this.pop();
    const x = this.heap[0] ?? null;
    if (x === null) return { x: null, f1: Infinity, f2: Infinity };
    // The second smallest: the top taken off, the blocks done since skipped, and the top put back.
    this.pop();
    while (this.heap.length > 0 && (this.heap[0] as Block).done) this.pop();
    const f2 = this.heap[0]?.f ?? Infinity;
    this.push(x);
    return { x, f1: x.f, f2 };
  }
}

/** The register check of one key's operations (gets, puts, compare-and-sets from null). */
export function registerVerdict(ops: readonly HistoryOp[]): RegisterVerdict {
  const writers = new Map<string, HistoryOp>();
  for (const o of ops) {
    if (o.op.type === 'put' || o.op.type === 'cas') {
      if (o.op.type === 'cas' && o.op.expected !== null) return UNDECIDED;
      if (writers.has(o.op.value)) return UNDECIDED;
      writers.set(o.op.value, o);
    } else if (o.op.type !== 'get') {
      return UNDECIDED;
    }
  }
  const initial: Block = { write: null, reads: [], f: -Infinity, s: -Infinity, first: false, done: false };
  const readsOf = new Map<string, HistoryOp[]>();
  const notNull: HistoryOp[] = [];
  for (const o of ops) {
    if (o.returnMs === null) continue;
    if (o.op.type === 'get') {
      if (o.output === null) initial.reads.push(o);
      else if (typeof o.output === 'string' && writers.has(o.output)) {
        const reads = readsOf.get(o.output);
        if (reads) reads.push(o);
        else readsOf.set(o.output, [o]);
      }
      else if (o.output === undefined) return UNDECIDED;
      else return { ok: false, blocked: o };
    } else if (o.op.type === 'cas') {
      if (o.output === false) notNull.push(o);
      else if (o.output !== true) return UNDECIDED;
    } else if (o.output !== 'ok') {
      return UNDECIDED;
    }
  }
  const blocks: Block[] = [initial];
  for (const [value, w] of writers) {
    const reads = readsOf.get(value) ?? [];
    // A compare-and-set that failed wrote nothing: a read of its value read what was never written.
    if (w.op.type === 'cas' && w.output === false) {
      if (reads[0]) return { ok: false, blocked: reads[0] };
      continue;
    }
    if (w.returnMs === null && reads.length === 0) continue;
    for (const r of reads) if (retOf(r) < w.callMs) return { ok: false, blocked: r };
    blocks.push({ write: w, reads, f: Infinity, s: -Infinity, first: w.op.type === 'cas', done: false });
  }
  const firsts = blocks.filter((b) => b.first);
  if (firsts.length > 1) return { ok: false, blocked: firsts[1]?.write ?? null };
  for (const b of blocks) {
    for (const o of b.write ? [b.write, ...b.reads] : b.reads) {
      b.f = Math.min(b.f, retOf(o));
      b.s = Math.max(b.s, o.callMs);
    }
  }

  // Kahn's algorithm: a block may come next when no other left must precede it (s ≤ the others' f).
  const byS = [...blocks].sort((a, b) => a.s - b.s);
  const byF = new ByF();
  for (const b of blocks) byF.push(b);
  const order: Block[] = [];
  let next = 0;
  const canGo = (b: Block, two: { x: Block | null; f1: number; f2: number }): boolean => b.s <= (b === two.x ? two.f2 : two.f1);
  while (order.length < blocks.length) {
    while ((byS[next] as Block | undefined)?.done === true) next++;
    const two = byF.two();
    let chosen: Block | null = null;
    const soonest = byS[next] as Block;
    // The initial value first, then the compare-and-set from null, if any; it must be free to go.
    const must = order.length === 0 ? initial : order.length === 1 && firsts[0] ? firsts[0] : null;
    if (must !== null) {
      if (!canGo(must, two)) return { ok: false, blocked: must === initial ? lastCalled(initial.reads) : must.write };
      chosen = must;
    } else if (canGo(soonest, two)) {
      chosen = soonest;
    } else if (two.x !== null && canGo(two.x, two)) {
      chosen = two.x;
    } else {
      // Every block left must follow another left: a cycle. Named: the operation called last
      // of the block with the earliest return (every block called after that return must
      // follow it, yet this operation was called after another block returned: a stale read, mostly).
      const stuck = two.x ?? soonest;
      return { ok: false, blocked: lastCalled(stuck.write ? [stuck.write, ...stuck.reads] : stuck.reads) };
    }
    chosen.done = true;
    order.push(chosen);
  }

  // The order of operations: each block's write, then its reads by return; a failed
  // compare-and-set at the earliest place after the first write that real time allows.
  const seq: HistoryOp[] = [];
  for (const b of order) {
    if (b.write) seq.push(b.write);
    seq.push(...[...b.reads].sort((a, c) => retOf(a) - retOf(c) || a.callMs - c.callMs));
  }
  const firstWrite = seq.findIndex((o) => o.op.type !== 'get');
  if (notNull.length > 0 && firstWrite < 0) return UNDECIDED;
  return replays(placeReads(seq, notNull, firstWrite + 1)) ? { ok: true, blocked: null } : UNDECIDED;
}

function lastCalled(ops: readonly HistoryOp[]): HistoryOp | null {
  let last: HistoryOp | null = null;
  for (const o of ops) if (last === null || o.callMs > last.callMs) last = o;
  return last;
}

/** Reads that change nothing inserted into seq, each at the earliest index ≥ from after every operation that returned before it was called. */
function placeReads(seq: readonly HistoryOp[], reads: readonly HistoryOp[], from: number): HistoryOp[] {
  if (reads.length === 0) return [...seq];
  // The indices of seq by return time, and the latest index among the first j of them: the
  // operations returned before time c are a prefix of that list.
  const byRet = seq.map((o, i) => ({ ret: retOf(o), i })).sort((a, b) => a.ret - b.ret);
  const latest: number[] = [];
  for (const e of byRet) latest.push(Math.max(latest.at(-1) ?? -1, e.i));
  const at = reads.map((r) => {
    let lo = 0;
    let hi = byRet.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((byRet[mid] as { ret: number }).ret < r.callMs) lo = mid + 1;
      else hi = mid;
    }
    return { op: r, index: Math.max(from, lo === 0 ? 0 : (latest[lo - 1] as number) + 1) };
  });
  at.sort((a, b) => a.index - b.index || retOf(a.op) - retOf(b.op));
  const out: HistoryOp[] = [];
  let k = 0;
  for (let i = 0; i <= seq.length; i++) {
    while (k < at.length && (at[k] as { index: number }).index === i) out.push((at[k++] as { op: HistoryOp }).op);
    if (i < seq.length) out.push(seq[i] as HistoryOp);
  }
  return out;
}

/** Whether an order of operations keeps real time and gives every answer the clients accepted. */
function replays(seq: readonly HistoryOp[]): boolean {
  // Real time: no operation after another returned before that other was called.
  let minRetAfter = Infinity;
  for (let i = seq.length - 1; i >= 0; i--) {
    const o = seq[i] as HistoryOp;
    if (minRetAfter < o.callMs) return false;
    minRetAfter = Math.min(minRetAfter, retOf(o));
  }
  let value: string | null = null;
  for (const o of seq) {
    let output: Json;
    if (o.op.type === 'get') output = value;
    else if (o.op.type === 'put') {
      value = o.op.value;
      output = 'ok';
    } else if (o.op.type === 'cas') {
      if (value === o.op.expected) {
        value = o.op.value;
        output = true;
      } else output = false;
    } else return false;
    if (o.returnMs !== null && output !== o.output) return false;
  }
  return true;
}
