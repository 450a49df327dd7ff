/**
 * Scheduling noise: on crafted logs, a suspicion is put down to a fault that could cause it
 * (on the suspect or the suspecting replica, a partition, a helper, a pause of the lab, a
 * view change set off by another replica's fault) and otherwise counted in the summary of a
 * real-mode run as a suspicion without a fault. A simulation's summary has no such field.
 */
import { describe, expect, it } from 'vitest';
import type { RunEvent, RunMode } from '../events.js';
import type { Fault } from '../scenario.js';
import { lab } from '../testing/story.js';
import { analyze } from './summary.js';
import { suspicionsWithoutFault } from './noise.js';

// failureTimeoutMs 200 + heartbeatMs 50: a fault explains suspicions for 250 ms after it is undone.
const scenario = lab('primary-backup', 'fail-stop', { replicas: 3 }).timing({ heartbeatMs: 50, failureTimeoutMs: 200 }).scenario();
const start = (mode: RunMode): RunEvent => ({ t: 0, type: 'run-start', mode, seed: 1, scenario, version: 'test' });
const suspect = (t: number, replica: number, who: number): RunEvent => ({ t, type: 'suspect', replica, suspect: who, silentForMs: 210 });
const fault = (t: number, f: Record<string, unknown>): RunEvent => ({ t, type: 'fault', fault: { atMs: Math.round(t), ...f } as Fault, source: 'live', effect: '' });
const pace = (t: number, paused: boolean, speed = 1): RunEvent => ({ t, type: 'pace', paused, speed });

const unexplained = (...events: RunEvent[]): number => suspicionsWithoutFault([start('real'), ...events]).count;

describe('suspicions without a fault', () => {
  it('counts a suspicion when nothing was injected, with who suspected whom and when', () => {
    const log = [start('real'), suspect(500, 2, 1)];
    expect(suspicionsWithoutFault(log)).toEqual({ count: 1, first: [{ t: 500, replica: 2, suspect: 1, silentForMs: 210 }] });
    expect(analyze(log).summary.suspicionsWithoutFault).toBe(1);
  });

  it('puts a suspicion down to a crash, pause or Byzantine fault of the suspect, for as long as it lasts', () => {
    expect(unexplained(fault(400, { type: 'crash', replica: 1 }), suspect(600, 2, 1), suspect(5000, 3, 1))).toBe(0);
    expect(unexplained(fault(400, { type: 'pause', replica: 1 }), suspect(9000, 2, 1))).toBe(0);
    expect(unexplained(fault(0, { type: 'byzantine', replica: 1, behavior: 'silent' }), suspect(9000, 2, 1))).toBe(0);
    // Resumed: a recovery window, then a suspicion of it is noise again.
    expect(unexplained(fault(400, { type: 'pause', replica: 1 }), fault(1000, { type: 'resume', replica: 1 }), suspect(1200, 2, 1), suspect(3000, 2, 1))).toBe(1);
  });

  it('puts it down to a network fault on either end while in force and one window after', () => {
    const omission = fault(100, { type: 'omission', replica: 2, probability: 0.5, direction: 'both', untilMs: 800 });
    expect(unexplained(omission, suspect(900, 2, 1))).toBe(0);
    expect(unexplained(omission, suspect(900, 1, 2))).toBe(0);
    expect(unexplained(omission, suspect(2000, 2, 1))).toBe(1);
    // On a third replica, it explains nothing between 1 and 2.
    expect(unexplained(fault(100, { type: 'delay', replica: 3, ms: 50, jitterMs: 0 }), suspect(900, 2, 1))).toBe(1);
  });

  it('puts it down to a partition until healed, and a helper fault until it recovers', () => {
    expect(unexplained(fault(100, { type: 'partition', groups: [[1], [2, 3]] }), suspect(5000, 2, 1))).toBe(0);
    expect(unexplained(fault(100, { type: 'partition', groups: [[1], [2, 3]] }), fault(600, { type: 'heal' }), suspect(700, 2, 1), suspect(3000, 2, 1))).toBe(1);
    expect(unexplained(fault(100, { type: 'arbiter', behavior: 'crash' }), suspect(5000, 2, 1))).toBe(0);
  });

  it('puts it down to a view change another replica\'s fault set off, within one window', () => {
    expect(unexplained(fault(100, { type: 'crash', replica: 3 }), suspect(300, 2, 1))).toBe(0);
    expect(unexplained(fault(100, { type: 'crash', replica: 3 }), suspect(1000, 2, 1))).toBe(1);
  });

  it('puts it down to a pause or slow motion of the lab, until one window after it is back to full speed', () => {
    expect(unexplained(pace(300, true), pace(300, false), suspect(400, 2, 1), suspect(2000, 2, 1))).toBe(1);
    expect(unexplained(pace(300, false, 0.1), suspect(5000, 2, 1))).toBe(0);
    expect(unexplained(pace(300, false, 0.1), pace(6000, false, 1), suspect(6100, 2, 1), suspect(7000, 2, 1))).toBe(1);
  });

  it('is a real-mode figure: a simulation has no scheduling noise, and its summary no such field', () => {
    const log = [start('sim'), suspect(500, 2, 1)];
    expect('suspicionsWithoutFault' in analyze(log).summary).toBe(false);
    expect(analyze([start('real')]).summary.suspicionsWithoutFault).toBe(0);
  });
});
