/**
 * A span of the message diagram the student asked for is titled as the app names it (in its
 * language), or by its times: never "Detail A", which names the windows chosen around faults.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../shared/engine/sim.js';
import { lab } from '../../shared/testing/story.js';
import { lamportDiagram } from './lamport.js';

const scenario = lab('state-machine', 'fail-stop', { workload: { clients: 1, ratePerSecond: 50, durationMs: 600 } }).replica(1).crashes().at(300).scenario();
const { events } = simulate(scenario);

describe('the message diagram\'s span titles', () => {
  it('titles a span asked for by the caller\'s words, or by its times', () => {
    const titled = lamportDiagram(events, scenario, { windows: [{ from: 100, to: 250, title: '100–250 ms 사이의 메시지' }] }).windows[0]!;
    expect(titled.name).toBe('100–250 ms 사이의 메시지');
    expect(titled.svg).toContain('>100–250 ms 사이의 메시지</text>');
    expect(titled.svg).not.toContain('Detail A');
    const plain = lamportDiagram(events, scenario, { windows: [{ from: 100, to: 250.5 }] }).windows[0]!;
    expect(plain.name).toBe('100–250.5 ms');
    expect(plain.svg).not.toContain('Detail');
  });

  it('still letters the windows it chooses around the faults (the overview marks them so)', () => {
    const chosen = lamportDiagram(events, scenario).windows;
    expect(chosen[0]?.name).toBe('Detail A');
    expect(chosen[0]?.svg).toMatch(/>Detail A: [\d.]+–[\d.]+ ms<\/text>/);
  });
});
