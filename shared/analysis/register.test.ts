/**
 * The register check of a kv key (register.ts) against the search it stands in for: on
 * random small histories (gets, puts and compare-and-sets from null on one or two keys, some
 * answers changed, some operations never answered), whenever both decide they agree, and the
 * register check decides most of them alone. Then the history it was made for: a failover
 * leaving about a hundred operations on one key in the air, which the search gives up on.
 *
 * A failure prints the fast-check seed; set FAULTLAB_PROPERTY_SEED to replay it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Json } from '../json.js';
import type { Op } from '../services.js';
import type { HistoryOp } from './linearizability.js';
import { checkLinearizability } from './linearizability.js';
import { registerVerdict } from './register.js';

const RUNS = Number(process.env.FAULTLAB_PROPERTY_RUNS ?? 3000);
const SEED_ENV = process.env.FAULTLAB_PROPERTY_SEED ?? '20261203';
const SEED = SEED_ENV === 'random' ? undefined : Number(SEED_ENV);

interface Draft {
  kind: 'get' | 'put' | 'cas';
  key: 'a' | 'b';
  client: number;
  call: number;
  length: number;
  /** Where in its window it takes effect (0..1). */
  at: number;
  answered: boolean;
  /** Change the answer: 0 none, 1 another written value or null, 2 flip a compare-and-set. */
  lie: number;
  pick: number;
}

const draftArb: fc.Arbitrary<Draft> = fc.record({
  kind: fc.constantFrom('get', 'put', 'cas'),
  key: fc.constantFrom('a', 'b'),
  client: fc.integer({ min: 1, max: 4 }),
  call: fc.integer({ min: 0, max: 20 }),
  length: fc.integer({ min: 0, max: 8 }),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  answered: fc.boolean(),
  lie: fc.constantFrom(0, 0, 0, 1, 2),
  pick: fc.nat(),
});

/** A history from drafts: answers as a sequential order by the points `at` gives them, then some changed. */
function historyOf(drafts: readonly Draft[]): HistoryOp[] {
  const ops = drafts.map((d, i) => {
    const value = `v${i}`;
    const op: Op = d.kind === 'get' ? { type: 'get', key: d.key } : d.kind === 'put' ? { type: 'put', key: d.key, value } : { type: 'cas', key: d.key, expected: null, value };
    return { d, op, req: i + 1, point: d.call + d.at * d.length };
  });
  const state = new Map<string, string | null>();
  const outputs = new Map<number, Json>();
  for (const o of [...ops].sort((x, y) => x.point - y.point || x.req - y.req)) {
    const now = state.get(o.d.key) ?? null;
    if (o.op.type === 'get') outputs.set(o.req, now);
    else if (o.op.type === 'put') {
      state.set(o.d.key, o.op.value);
      outputs.set(o.req, 'ok');
    } else if (o.op.type === 'cas') {
      const ok = now === null;
      if (ok) state.set(o.d.key, o.op.value);
      outputs.set(o.req, ok);
    }
  }
  const written = ops.filter((o) => o.op.type !== 'get').map((o) => (o.op.type === 'get' ? '' : o.op.value));
  return ops.map((o) => {
    let output = outputs.get(o.req) as Json;
    if (o.d.lie === 1 && o.op.type === 'get') output = written.length === 0 || o.d.pick % (written.length + 1) === 0 ? null : (written[o.d.pick % written.length] as string);
    if (o.d.lie === 2 && o.op.type === 'cas') output = !(output as boolean);
    return o.d.answered
      ? { client: o.d.client, req: o.req, op: o.op, callMs: o.d.call, returnMs: o.d.call + o.d.length, output }
      : { client: o.d.client, req: o.req, op: o.op, callMs: o.d.call, returnMs: null, output: undefined };
  });
}

describe('the register check of a kv key', () => {
  it('agrees with the search whenever both decide, and decides most histories alone', () => {
    let decided = 0;
    let both = 0;
    let violations = 0;
    const property = fc.property(fc.array(draftArb, { minLength: 1, maxLength: 9 }), (drafts) => {
      const history = historyOf(drafts);
      const searched = checkLinearizability('kv', history, { register: false, maxSteps: 5_000_000 });
      const withRegister = checkLinearizability('kv', history);
      if (searched.linearizable !== null && withRegister.linearizable !== null) {
        both += 1;
        if (searched.linearizable !== withRegister.linearizable) return false;
      }
      for (const key of ['a', 'b']) {
        const ops = history.filter((o) => 'key' in o.op && o.op.key === key && (o.returnMs !== null || o.op.type !== 'get'));
        if (ops.length === 0) continue;
        const alone = registerVerdict(ops);
        if (alone.ok !== null) decided += 1;
        if (alone.ok === false) violations += 1;
      }
      return true;
    });
    const result = fc.check(property, { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) });
    console.log(`register check: ${result.numRuns} histories, FAULTLAB_PROPERTY_SEED=${result.seed}; both decided ${both}, the register check alone decided ${decided} keys (${violations} not linearizable)`);
    if (result.failed) throw new Error(`the register check and the search disagree; replay with FAULTLAB_PROPERTY_SEED=${result.seed} (fast-check path ${result.counterexamplePath ?? '?'}): ${JSON.stringify(result.counterexample)}`);
    expect(both).toBe(RUNS);
    expect(decided).toBeGreaterThan(RUNS);
    expect(violations).toBeGreaterThan(RUNS / 10);
  });

  it('decides a failover on one key with about a hundred operations in the air, which the search gives up on', () => {
    // Three clients keep writing and reading key a every ms; from 50 ms to 150 ms nothing is
    // answered (the primary is gone); at 150 ms the new primary runs all of it, in an order of
    // its own (a fixed shuffle), and answers.
    const ops: HistoryOp[] = [];
    for (let t = 0; t < 200; t++) {
      for (let c = 1; c <= 3; c++) {
        const op: Op = (t + c) % 2 === 0 ? { type: 'put', key: 'a', value: `c${c}t${t}` } : { type: 'get', key: 'a' };
        const stalled = t >= 50 && t < 150;
        ops.push({ client: c, req: ops.length + 1, op, callMs: t + c * 0.1, returnMs: stalled ? 150 + (t - 50) * 0.01 + c * 0.001 : t + c * 0.1 + 0.05, output: undefined });
      }
    }
    const stalledOps = ops.filter((o) => o.callMs >= 50 && o.callMs < 150);
    let s = 7;
    for (let i = stalledOps.length - 1; i > 0; i--) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      const j = s % (i + 1);
      [stalledOps[i], stalledOps[j]] = [stalledOps[j] as HistoryOp, stalledOps[i] as HistoryOp];
    }
    let value: string | null = null;
    const outputs = new Map<number, Json>();
    for (const o of [...ops.filter((x) => x.callMs < 50), ...stalledOps, ...ops.filter((x) => x.callMs >= 150)]) {
      if (o.op.type === 'put') {
        value = o.op.value;
        outputs.set(o.req, 'ok');
      } else outputs.set(o.req, value);
    }
    const history = ops.map((o) => ({ ...o, output: outputs.get(o.req) }));
    expect(checkLinearizability('kv', history, { register: false }).linearizable).toBeNull();
    expect(checkLinearizability('kv', history)).toMatchObject({ linearizable: true, operations: 600 });
    // A stale read in the middle of it: no order gives it.
    const stale = history.findIndex((o) => o.callMs > 160 && o.op.type === 'get');
    const wrong = history.map((o, i) => (i === stale ? { ...o, output: 'c1t1' } : o));
    const verdict = checkLinearizability('kv', wrong);
    expect(verdict.linearizable).toBe(false);
    expect(verdict.violation).toContain(`request ${history[stale]?.req} of client ${history[stale]?.client} (get a) answered "c1t1"`);
  });
});
