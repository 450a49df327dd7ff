import { describe, expect, it } from 'vitest';
import { clientIdOf, replicaIdOf } from './types.js';

describe('addresses', () => {
  const cases: [string, number | null, number | null][] = [
    ['r1', 1, null],
    ['r12', 12, null],
    ['c7', null, 7],
    ['c1000', null, 1000],
    ['r0', null, null],
    ['r01', null, null],
    ['r', null, null],
    ['r1x', null, null],
    ['r-1', null, null],
    ['R1', null, null],
    ['sequencer', null, null],
    ['arbiter', null, null],
    ['', null, null],
  ];
  for (const [address, replica, client] of cases) {
    it(`${JSON.stringify(address)} is ${replica !== null ? `replica ${replica}` : client !== null ? `client ${client}` : 'neither a replica nor a client'}`, () => {
      expect(replicaIdOf(address)).toBe(replica);
      expect(clientIdOf(address)).toBe(client);
    });
  }
});
