/**
 * Time control on a simulated run, with the animation clock driven by hand: playing at a
 * speed advances run time by real time × speed, steps land exactly on the next logged
 * moment, and the moment shown is the run store's scrub time (what the cards and the
 * timeline show).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { simulate } from '@shared/engine/sim';
import { PRESETS } from '@shared/presets';
import { parseScenario } from '@shared/scenario';
import type { PlaybackClock } from './playback';
import { usePlaybackStore } from './playback';
import { useRunStore } from './run';

/** A clock whose time and frames move only when the test says. */
class HandClock implements PlaybackClock {
  t = 1000;
  private next = 1;
  readonly waiting = new Map<number, () => void>();
  now(): number {
    return this.t;
  }
  requestFrame(callback: () => void): number {
    const id = this.next++;
    this.waiting.set(id, callback);
    return id;
  }
  cancelFrame(handle: number): void {
    this.waiting.delete(handle);
  }
  /** Moves real time on by ms in frames of frameMs, running the frames asked for. */
  advance(ms: number, frameMs = 16): void {
    let left = ms;
    while (left > 0) {
      const step = Math.min(frameMs, left);
      this.t += step;
      left -= step;
      const due = [...this.waiting.values()];
      this.waiting.clear();
      for (const f of due) f();
    }
  }
}

const scenario = parseScenario(PRESETS.find((p) => p.id === 'default')!.scenario);
const events = simulate(scenario).events;

function setup(): { clock: HandClock; playback: ReturnType<typeof usePlaybackStore>; run: ReturnType<typeof useRunStore> } {
  setActivePinia(createPinia());
  const run = useRunStore();
  run.ingest(events);
  const playback = usePlaybackStore();
  const clock = new HandClock();
  playback.useClock(clock);
  return { clock, playback, run };
}

describe('playback of a finished run', () => {
  let s: ReturnType<typeof setup>;
  beforeEach(() => {
    s = setup();
  });

  it('is available once the run is over, and starts at its end', () => {
    expect(s.playback.available).toBe(true);
    expect(s.playback.endMs).toBe(events.at(-1)!.t);
    expect(s.playback.timeMs).toBe(s.playback.endMs);
  });

  it('plays at 2× for 500 ms of clock time: 1000 ms of run time', () => {
    s.playback.seek(200);
    s.playback.setSpeed(2);
    s.playback.play();
    s.clock.advance(500);
    expect(s.playback.timeMs).toBeCloseTo(1200, 6);
    s.playback.pause();
    expect(s.playback.playing).toBe(false);
    // The cards and the timeline's scrub line follow the paused moment exactly.
    expect(s.run.scrubMs).toBeCloseTo(1200, 6);
    s.clock.advance(500);
    expect(s.playback.timeMs).toBeCloseTo(1200, 6);
    expect(s.clock.waiting.size).toBe(0);
  });

  it('plays at 0.1× ten times slower than real time, and stops at the end', () => {
    s.playback.seek(0);
    s.playback.setSpeed(0.1);
    s.playback.play();
    s.clock.advance(1000);
    expect(s.playback.timeMs).toBeCloseTo(100, 6);
    s.playback.setSpeed(10);
    s.clock.advance(10_000);
    expect(s.playback.playing).toBe(false);
    expect(s.playback.timeMs).toBe(s.playback.endMs);
    expect(s.run.scrubMs).toBeNull();
  });

  it('plays from the start when asked to play at the end', () => {
    s.playback.play();
    s.clock.advance(100);
    expect(s.playback.timeMs).toBeCloseTo(100, 6);
  });

  it('steps to exactly the next delivery, and to the next event', () => {
    s.playback.seek(600.5);
    s.playback.stepDelivery();
    const delivery = events.find((e) => e.type === 'deliver' && e.t > 600.5)!;
    expect(s.playback.timeMs).toBe(delivery.t);
    expect(s.run.scrubMs).toBe(delivery.t);
    s.playback.stepEvent();
    expect(s.playback.timeMs).toBe(events.find((e) => e.t > delivery.t)!.t);
  });

  it('a step while playing pauses first', () => {
    s.playback.seek(100);
    s.playback.play();
    s.clock.advance(50);
    s.playback.stepDelivery();
    expect(s.playback.playing).toBe(false);
    expect(s.clock.waiting.size).toBe(0);
    expect(s.playback.timeMs).toBe(events.find((e) => e.type === 'deliver' && e.t > 150)!.t);
  });

  it('keeps speed within 0.1× to 10×', () => {
    s.playback.setSpeed(50);
    expect(s.playback.speed).toBe(10);
    s.playback.setSpeed(0.01);
    expect(s.playback.speed).toBe(0.1);
    s.playback.setSpeed(Number.NaN);
    expect(s.playback.speed).toBe(0.1);
  });

  it('follows the scrubber: a moment set on the run store is the moment shown', () => {
    s.run.scrubMs = 321;
    expect(s.playback.timeMs).toBe(321);
  });

  it('picks a message: playing pauses, the pick names its send and end events, and another run forgets it', async () => {
    s.playback.seek(100);
    s.playback.play();
    s.clock.advance(50);
    const f = s.playback.index!.frame(s.playback.timeMs).messages[0]?.flight ?? s.playback.index!.flightOf(1)!;
    s.playback.pick(f);
    expect(s.playback.playing).toBe(false);
    const picked = s.playback.picked!;
    expect(events[picked.sendIndex]).toMatchObject({ type: 'send', id: f.id });
    expect(events[picked.endIndex!]).toMatchObject({ id: f.id });
    expect(['deliver', 'drop']).toContain(events[picked.endIndex!]!.type);
    s.playback.revealIn('log');
    s.playback.revealIn('log');
    expect(s.playback.reveal).toEqual({ where: 'log', n: 2 });
    // A new run on screen: nothing is picked.
    s.run.events = [...events];
    await Promise.resolve();
    expect(s.playback.picked).toBeNull();
    s.playback.revealIn('diagram');
    expect(s.playback.reveal).toEqual({ where: 'log', n: 2 });
  });
});
