/**
 * Flood control counts messages against what the relay did, never against a clock: the
 * same sequence of messages, deliveries and relay turns gives the same verdict on any
 * machine, however fast it reads.
 */
import { describe, expect, it } from 'vitest';
import { FLOOD_BURST, FLOOD_PER_BATCH, FLOOD_PER_TURN, FloodGate } from './real-replicas.js';

function admitted(gate: FloodGate, n: number): number {
  let ok = 0;
  for (let i = 0; i < n; i++) if (gate.admit()) ok += 1;
  return ok;
}

describe('flood control', () => {
  it('drops what is over the allowance and counts it once', () => {
    const gate = new FloodGate(() => 0);
    expect(admitted(gate, 20_000)).toBe(FLOOD_BURST);
    expect(gate.takeDropped()).toBe(20_000 - FLOOD_BURST);
    expect(gate.takeDropped()).toBe(0);
  });

  it('gives back the answer to each batch of deliveries', () => {
    const gate = new FloodGate(() => 0);
    admitted(gate, FLOOD_BURST);
    expect(gate.admit()).toBe(false);
    gate.solicit(10);
    expect(admitted(gate, 100)).toBe(10 + FLOOD_PER_BATCH);
  });

  it('an honest replica that answers every batch and sends a few timer outputs per relay turn is never cut off', () => {
    let turns = 0;
    const gate = new FloodGate(() => turns);
    for (let round = 0; round < 100_000; round++) {
      turns += 1;
      gate.solicit(round % 7);
      // One answer, one timer output: within FLOOD_PER_BATCH + FLOOD_PER_TURN.
      expect(gate.admit()).toBe(true);
      expect(gate.admit()).toBe(true);
    }
    expect(gate.takeDropped()).toBe(0);
  });

  it('relay turns refill the allowance up to the burst and no further', () => {
    let turns = 0;
    const gate = new FloodGate(() => turns);
    admitted(gate, FLOOD_BURST);
    turns += 10;
    expect(admitted(gate, 1000)).toBe(10 * FLOOD_PER_TURN);
    turns += 1_000_000;
    expect(admitted(gate, 2 * FLOOD_BURST)).toBe(FLOOD_BURST);
  });
});
