/**
 * The pace of a live run: the student may pause the whole lab or play it in slow motion.
 * In real mode this is the relay's pace: the run's clock runs at `speed` × the wall clock
 * (so every network delay takes 1/speed as long) and stops while paused, with every message
 * the relay holds, the workload's clients and the front end's timers (the arbiter's failure
 * detector, the clients' timeouts) stopped with it. The replica processes keep running, so
 * their own timers still fire. Because the run's clock stops, no time in the log is paused
 * time: a latency measured across a pause does not count it.
 */

/**
 * The speeds a live run can be played at (1 = real time). Faster than real time only in
 * simulation: real replica processes keep their own timers (heartbeats) in real time, so a
 * relay whose clock ran faster would see them fall silent and suspect them wrongly.
 */
export const LIVE_SPEEDS = [10, 5, 2, 1, 0.5, 0.25, 0.1] as const;
export type LiveSpeed = (typeof LIVE_SPEEDS)[number];

/** The fastest a run of real processes can go. */
export const REAL_MAX_SPEED = 1;

/** How a live run goes: paused or not, and at which speed. */
export interface LivePace {
  paused: boolean;
  speed: LiveSpeed;
}

export const NORMAL_PACE: LivePace = { paused: false, speed: 1 };

/** Whether a speed is one a live run can be played at. */
export function isLiveSpeed(s: number): s is LiveSpeed {
  return (LIVE_SPEEDS as readonly number[]).includes(s);
}

/** The speeds a live run in this mode can be played at, fastest first. */
export function liveSpeedsFor(mode: 'sim' | 'real'): LiveSpeed[] {
  return LIVE_SPEEDS.filter((s) => mode === 'sim' || s <= REAL_MAX_SPEED);
}
