import { describe, expect, it } from 'vitest';
import { tallyVotes } from './voter.js';
import type { Vote } from './voter.js';

const v = (replica: number, value: number | string): Vote => ({ replica, value });

describe('the voter (k+1 matching replies under arbitrary failures)', () => {
  const cases: { name: string; votes: Vote[]; threshold: number; n: number; decision: string; value?: unknown }[] = [
    { name: 'accepts k+1 matching replies (k=1, n=3)', votes: [v(1, 5), v(2, 5)], threshold: 2, n: 3, decision: 'accepted', value: 5 },
    { name: 'waits after one reply (k=1)', votes: [v(1, 5)], threshold: 2, n: 3, decision: 'pending' },
    { name: 'masks one liar: correct value wins 2 to 1', votes: [v(3, 99), v(1, 5), v(2, 5)], threshold: 2, n: 3, decision: 'accepted', value: 5 },
    { name: 'accepts a wrong value when k+1 liars collude', votes: [v(2, 99), v(3, 99)], threshold: 2, n: 3, decision: 'accepted', value: 99 },
    { name: 'no majority: three different values among three', votes: [v(1, 5), v(2, 6), v(3, 7)], threshold: 2, n: 3, decision: 'no-majority' },
    { name: 'still pending while a split can be broken', votes: [v(1, 5), v(2, 6)], threshold: 2, n: 3, decision: 'pending' },
    { name: 'counts a replica once even if it repeats itself', votes: [v(3, 99), v(3, 99)], threshold: 2, n: 3, decision: 'pending' },
    { name: 'an equivocator cannot change its vote', votes: [v(3, 99), v(3, 5), v(1, 5)], threshold: 2, n: 3, decision: 'pending' },
    { name: 'fail-stop accepts the first reply', votes: [v(2, 5)], threshold: 1, n: 2, decision: 'accepted', value: 5 },
    { name: 'k=2: three of five needed', votes: [v(1, 5), v(2, 5), v(4, 9), v(5, 9)], threshold: 3, n: 5, decision: 'pending' },
    { name: 'k=2: two colluders out of five are masked', votes: [v(4, 9), v(5, 9), v(1, 5), v(2, 5), v(3, 5)], threshold: 3, n: 5, decision: 'accepted', value: 5 },
    { name: 'no votes yet', votes: [], threshold: 2, n: 3, decision: 'pending' },
    { name: 'too few replicas to ever decide (n below threshold)', votes: [], threshold: 2, n: 1, decision: 'no-majority' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = tallyVotes(c.votes, c.threshold, c.n);
      expect(r.decision).toBe(c.decision);
      if (c.value !== undefined) expect(r.value).toEqual(c.value);
      else expect(r.value).toBeUndefined();
    });
  }

  it('groups replies by value with the largest group first', () => {
    const r = tallyVotes([v(1, 'x'), v(2, 'y'), v(3, 'y')], 3, 3);
    expect(r.tally).toEqual([
      { value: 'y', replicas: [2, 3] },
      { value: 'x', replicas: [1] },
    ]);
  });

  it('treats structurally equal values as the same vote', () => {
    const r = tallyVotes([{ replica: 1, value: { a: 1, b: 2 } }, { replica: 2, value: { b: 2, a: 1 } }], 2, 3);
    expect(r.decision).toBe('accepted');
  });
});
