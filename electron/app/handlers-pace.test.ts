/**
 * Pause and slow motion of a live run through the API: the call is validated (a speed the
 * lab does not offer, or nothing to change, is refused naming the field), a paused run's
 * clock stands still (two faults injected while paused land at one moment), and a resumed
 * run goes on. Waits are for the run's own events, never for time.
 */
import { describe, expect, it } from 'vitest';
import type { EventName, LabEvents, LoadedRunData, PacedRun } from '../../shared/api.js';
import { DEFAULT_SCENARIO_INPUT } from '../../shared/presets.js';
import type { RunEvent } from '../../shared/events.js';
import { fails, labPerTest, ok } from './testing/backend.js';
import type { LabBackend } from './handlers.js';

const lab = labPerTest('faultlab-pace-');

/** Resolves once the lab has sent events of this run up to at least `t` ms of its clock. */
function clockReaches(b: LabBackend, t: number): Promise<void> {
  return new Promise((resolve) => {
    const off = b.subscribe((name: EventName, payload) => {
      if (name === 'runEvents' && (payload as LabEvents['runEvents']).events.some((e) => e.t >= t)) {
        off();
        resolve();
      }
    });
  });
}

const longScenario = { ...DEFAULT_SCENARIO_INPUT, name: 'A long lab', workload: { clients: 2, ratePerSecond: 50, durationMs: 120_000 }, faults: [] };

/** The first live fault event of this kind that arrives. */
function faultEvent(b: LabBackend, type: string): Promise<RunEvent> {
  return new Promise((resolve) => {
    const off = b.subscribe((name: EventName, payload) => {
      if (name !== 'runEvents') return;
      const found = (payload as LabEvents['runEvents']).events.find((e) => e.type === 'fault' && e.source === 'live' && e.fault.type === type);
      if (found) {
        off();
        resolve(found);
      }
    });
  });
}

describe('pausing and slowing a live run', () => {
  it('refuses a speed the lab does not offer, an empty change and an unknown run, naming what is wrong', async () => {
    expect(await fails(lab.backend.invoke('paceRun', { runId: 'x', speed: 3 }))).toBe('paceRun: speed: speed must be one of 10, 5, 2, 1, 0.5, 0.25, 0.1');
    expect(await fails(lab.backend.invoke('paceRun', { runId: 'x' }))).toBe('paceRun: argument: give paused, speed or both');
    expect(await fails(lab.backend.invoke('paceRun', { runId: 'nope', paused: true }))).toMatch(/There is no run nope/);
  });

  it('plays a simulated run faster than real time, up to 10×; a run of real processes is refused that, saying why', async () => {
    const { runId } = await ok<{ runId: string }>(lab.backend.invoke('startRun', { scenario: longScenario, mode: 'sim' }));
    expect(await ok<PacedRun>(lab.backend.invoke('paceRun', { runId, speed: 10 }))).toMatchObject({ paused: false, speed: 10 });
    // It goes on at that speed (how far its clock gets per wall second: live.test.ts, on a fake clock).
    await clockReaches(lab.backend, 1000);
    await ok(lab.backend.invoke('stopRun', { runId }));
    const real = await ok<{ runId: string }>(lab.backend.invoke('startRun', { scenario: longScenario, mode: 'real' }));
    try {
      expect(await fails(lab.backend.invoke('paceRun', { runId: real.runId, speed: 2 }))).toBe(
        'A run of real processes cannot go faster than real time (its replicas keep their own timers in real time); choose 1, 0.5, 0.25, 0.1, or run it in simulation.',
      );
      expect(await ok<PacedRun>(lab.backend.invoke('paceRun', { runId: real.runId, speed: 0.5 }))).toMatchObject({ speed: 0.5 });
    } finally {
      await ok(lab.backend.invoke('stopRun', { runId: real.runId }));
    }
  }, 60_000);

  it('stands the run\'s clock still while paused, so faults injected then apply at one moment; resumed, it goes on', async () => {
    const { runId } = await ok<{ runId: string }>(lab.backend.invoke('startRun', { scenario: longScenario, mode: 'sim' }));
    const pausedAt = await ok<PacedRun>(lab.backend.invoke('paceRun', { runId, paused: true }));
    expect(pausedAt).toMatchObject({ paused: true, speed: 1 });
    // The events logged before the pause: the window waits for that many before showing the pause.
    const loaded = await ok<LoadedRunData>(lab.backend.invoke('loadRun', { runId }));
    expect(pausedAt.eventCount).toBeGreaterThan(0);
    expect(loaded.eventCount).toBe(pausedAt.eventCount);

    const first = faultEvent(lab.backend, 'delay');
    await ok(lab.backend.invoke('injectFault', { runId, fault: { type: 'delay', replica: 1, ms: 5 } }));
    const a = await first;
    const second = faultEvent(lab.backend, 'crash');
    await ok(lab.backend.invoke('injectFault', { runId, fault: { type: 'crash', replica: 2 } }));
    const b = await second;
    expect(b.t).toBe(a.t);

    // Slowed and resumed: the clock moves on from the paused moment.
    expect(await ok<PacedRun>(lab.backend.invoke('paceRun', { runId, speed: 0.5 }))).toMatchObject({ paused: true, speed: 0.5 });
    expect(await ok<PacedRun>(lab.backend.invoke('paceRun', { runId, paused: false }))).toMatchObject({ paused: false, speed: 0.5 });
    const moved = new Promise<void>((resolve) => {
      const off = lab.backend.subscribe((name, payload) => {
        if (name === 'runEvents' && (payload as LabEvents['runEvents']).events.some((e) => e.t > b.t)) {
          off();
          resolve();
        }
      });
    });
    await moved;

    await ok(lab.backend.invoke('stopRun', { runId }));
    expect(await fails(lab.backend.invoke('paceRun', { runId, paused: true }))).toMatch(/has ended/);
  });
});
