import { describe, expect, it } from 'vitest';
import { FailureDetector } from './failure-detector.js';

describe('the heartbeat failure detector', () => {
  const table: { name: string; heardAt: number[]; checkAt: number; suspected: boolean }[] = [
    { name: 'trusts a peer heard within the timeout', heardAt: [0, 150], checkAt: 300, suspected: false },
    { name: 'suspects a peer silent for exactly the timeout', heardAt: [0], checkAt: 200, suspected: true },
    { name: 'does not suspect one ms before the timeout', heardAt: [0], checkAt: 199, suspected: false },
    { name: 'suspects a peer silent for longer', heardAt: [0, 50], checkAt: 400, suspected: true },
  ];
  for (const c of table) {
    it(c.name, () => {
      const d = new FailureDetector(200);
      d.watch(7, 0);
      for (const t of c.heardAt) d.heard(7, t);
      const s = d.check(c.checkAt);
      expect(s.map((x) => x.peer)).toEqual(c.suspected ? [7] : []);
      expect(d.isSuspected(7)).toBe(c.suspected);
    });
  }

  it('reports a suspicion once, with how long the peer was silent', () => {
    const d = new FailureDetector(100);
    d.watch(2, 10);
    expect(d.check(130)).toEqual([{ peer: 2, silentForMs: 120 }]);
    expect(d.check(500)).toEqual([]);
  });

  it('lifts a false suspicion when the peer is heard again', () => {
    const d = new FailureDetector(100);
    d.watch(2, 0);
    d.check(150);
    expect(d.heard(2, 160)).toBe(true);
    expect(d.isSuspected(2)).toBe(false);
    expect(d.check(200)).toEqual([]);
  });

  it('ignores peers it does not watch', () => {
    const d = new FailureDetector(100);
    expect(d.heard(9, 0)).toBe(false);
    expect(d.check(1000)).toEqual([]);
  });
});
