/** The dedup table answers exactly as the Map from requestKey to reply it stands for. */
import { describe, expect, it } from 'vitest';
import type { Json } from '../json.js';
import { Rng } from '../rng.js';
import { DedupTable, requestKey } from './dedup.js';

describe('dedup table', () => {
  it('agrees with a Map on has, get and the order of its entries, for any ids and snapshot keys', () => {
    const seed = 4242;
    process.stdout.write(`dedup table property seed=${seed}\n`);
    const rng = Rng.fromSeed(seed);
    const ids = [0, -0, 1, 2, 3, 7, 4095, 4096, 2 ** 30 - 1, 2 ** 30, -1, 1.5, Number.NaN, 1e21];
    const keys = ['1:2', '01:2', '1:02', '0:0', '3:', ':3', 'x', '4096:1', '5:1073741824', '12345678901:1', '2:3 '];
    const values: Json[] = [null, 0, 'ok', false, { a: 1 }, [1]];
    for (let round = 0; round < 200; round++) {
      const table = new DedupTable();
      const map = new Map<string, Json>();
      for (let step = 0; step < 60; step++) {
        const roll = rng.int(0, 9);
        const client = rng.int(0, 3) === 0 ? rng.pick(ids) : rng.int(1, 4);
        const req = rng.int(0, 3) === 0 ? rng.pick(ids) : rng.int(1, 20);
        if (roll < 5) {
          const v = rng.pick(values);
          table.set(client, req, v);
          map.set(requestKey(client, req), v);
        } else if (roll < 7) {
          const k = rng.int(0, 1) === 0 ? rng.pick(keys) : requestKey(client, req);
          const v = rng.pick(values);
          table.setKey(k, v);
          map.set(k, v);
        } else if (roll === 7 && rng.int(0, 9) === 0) {
          table.clear();
          map.clear();
        } else {
          expect(table.has(client, req)).toBe(map.has(requestKey(client, req)));
          expect(table.get(client, req)).toEqual(map.get(requestKey(client, req)));
        }
      }
      expect(table.entries()).toEqual([...map]);
    }
  });

  it('keeps an entry first set by id and then by its key text once, in its first place', () => {
    const table = new DedupTable();
    table.set(2, 5, 'a');
    table.setKey('x', 'b');
    table.setKey('2:5', 'c');
    expect(table.entries()).toEqual([
      ['2:5', 'c'],
      ['x', 'b'],
    ]);
    expect(table.has(2, 6)).toBe(false);
  });
});
