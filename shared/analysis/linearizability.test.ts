/**
 * Golden tests of the linearizability checker: histories whose verdict is known, including
 * ones that must fail (as Knossos and Porcupine ship theirs).
 */
import { describe, expect, it } from 'vitest';
import type { Json } from '../json.js';
import type { Op } from '../services.js';
import type { HistoryOp } from './linearizability.js';
import { concurrentHistory } from './histories.js';
import { checkLinearizability, MAX_SEARCHED_OPERATIONS } from './linearizability.js';

let req = 0;
const op = (client: number, o: Op, callMs: number, returnMs: number | null, output?: Json): HistoryOp => ({ client, req: ++req, op: o, callMs, returnMs, output: returnMs === null ? undefined : output });
const inc: Op = { type: 'inc', by: 1 };
const read: Op = { type: 'read' };
const put = (key: string, value: string): Op => ({ type: 'put', key, value });
const get = (key: string): Op => ({ type: 'get', key });

describe('linearizable histories', () => {
  const cases: [string, 'counter' | 'kv', HistoryOp[]][] = [
    ['a sequential counter', 'counter', [op(1, inc, 0, 1, 1), op(1, inc, 2, 3, 2), op(2, read, 4, 5, 2)]],
    ['two concurrent increments answered in the other order', 'counter', [op(1, inc, 0, 10, 2), op(2, inc, 1, 9, 1)]],
    ['a read concurrent with a write may see either value', 'kv', [op(1, put('a', 'x'), 0, 10, 'ok'), op(2, get('a'), 1, 2, null), op(3, get('a'), 3, 4, 'x')]],
    ['a write that never answered but took effect', 'kv', [op(1, put('a', 'x'), 0, null), op(2, get('a'), 5, 6, 'x')]],
    ['a write that never answered and did not take effect', 'kv', [op(1, put('a', 'x'), 0, null), op(2, get('a'), 5, 6, null)]],
    ['independent keys checked apart', 'kv', [op(1, put('a', '1'), 0, 1, 'ok'), op(2, put('b', '2'), 0, 1, 'ok'), op(1, get('b'), 2, 3, '2'), op(2, get('a'), 2, 3, '1')]],
    ['compare-and-set that lost a race', 'kv', [op(1, { type: 'cas', key: 'a', expected: null, value: 'p' }, 0, 5, true), op(2, { type: 'cas', key: 'a', expected: null, value: 'q' }, 1, 4, false), op(3, get('a'), 6, 7, 'p')]],
  ];
  for (const [name, service, history] of cases) {
    it(name, () => {
      expect(checkLinearizability(service, history)).toMatchObject({ linearizable: true, violation: null });
    });
  }
});

describe('histories that are not linearizable', () => {
  const cases: [string, 'counter' | 'kv', HistoryOp[], RegExp][] = [
    ['a stale read after a completed write', 'kv', [op(1, put('a', 'x'), 0, 1, 'ok'), op(2, get('a'), 2, 3, null)], /get a\) answered null/],
    ['two increments that do not overlap both answered 1 (split brain)', 'counter', [op(1, inc, 0, 1, 1), op(2, inc, 2, 3, 1)], /answered 1/],
    ['a read that goes back in time', 'kv', [op(1, put('a', 'x'), 0, 10, 'ok'), op(2, get('a'), 1, 2, 'x'), op(3, get('a'), 3, 4, null)], /get a/],
    ['a value nobody wrote', 'kv', [op(1, put('a', 'x'), 0, 1, 'ok'), op(2, get('a'), 2, 3, 'forged')], /forged/],
    ['a counter that skipped a value', 'counter', [op(1, inc, 0, 1, 1), op(1, inc, 2, 3, 3)], /answered 3/],
  ];
  for (const [name, service, history, pattern] of cases) {
    it(name, () => {
      const r = checkLinearizability(service, history);
      expect(r.linearizable).toBe(false);
      expect(r.violation).toMatch(pattern);
    });
  }
});

describe('bounds', () => {
  it('says unknown, not a guess, when the search is cut short', () => {
    // Many concurrent increments whose answers force a long search.
    const history = Array.from({ length: 12 }, (_, i) => op(i + 1, inc, 0, 100, 12 - i));
    expect(checkLinearizability('counter', history, { maxSteps: 5 }).linearizable).toBeNull();
    expect(checkLinearizability('counter', history).linearizable).toBe(true);
  });

  it('leaves out reads that never answered: they tell nothing', () => {
    const r = checkLinearizability('kv', [op(1, get('a'), 0, null), op(2, put('a', 'x'), 1, 2, 'ok')]);
    expect(r).toMatchObject({ linearizable: true, operations: 1 });
  });
});

describe('real-size histories: 10,000 operations of 16 clients', () => {
  for (const service of ['counter', 'kv'] as const) {
    it(`decides a linearizable ${service} history (not unknown) within the default bound`, () => {
      const r = checkLinearizability(service, concurrentHistory(service, 10_000, 16, 7));
      expect(r).toMatchObject({ linearizable: true, operations: 10_000, violation: null });
    });

    it(`finds the one ${service} answer that no order explains`, () => {
      const history = concurrentHistory(service, 10_000, 16, 7);
      // Late in the run, one client accepts a value that was never the service's state.
      const victim = history.findLast((o) => o.op.type === (service === 'counter' ? 'read' : 'get'));
      if (!victim) throw new Error('no read in the history');
      victim.output = service === 'counter' ? -1 : 'forged';
      const r = checkLinearizability(service, history);
      expect(r.linearizable).toBe(false);
      expect(r.violation).toContain(`request ${victim.req} of client ${victim.client}`);
    });
  }
});

describe('the bound on what is searched', () => {
  it('does not search a history of more operations than MAX_SEARCHED_OPERATIONS: the verdict is unknown, never a guess', () => {
    const history: HistoryOp[] = Array.from({ length: MAX_SEARCHED_OPERATIONS + 1 }, (_, i) => ({ client: 1, req: i + 1, op: { type: 'inc', by: 1 } as Op, callMs: i, returnMs: i + 0.5, output: i + 1 }));
    expect(checkLinearizability('counter', history)).toEqual({ linearizable: null, operations: MAX_SEARCHED_OPERATIONS + 1, partitions: 0, violation: null });
    // One fewer is searched, and this sequential history is decided.
    expect(checkLinearizability('counter', history.slice(0, 1000)).linearizable).toBe(true);
  });
});
