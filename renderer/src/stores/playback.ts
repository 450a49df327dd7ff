/**
 * Time control for a finished or reopened run: play, pause, step to the next event or
 * the next message delivery, speed, and the moment shown. Playing advances the run's
 * virtual time by the real time elapsed × speed, one animation frame at a time. The moment
 * shown is the run store's `scrubMs` (null: the run's end), so the picture, the replica
 * cards and the timeline's scrub line agree; while playing it is written there a few times
 * a second (the cards refold the log for it), and exactly on pause and on each step.
 *
 * The student may pick one message in the picture (`picked`): the event log scrolls to
 * and marks its events, the message diagram draws the span around it with the message
 * marked. Picking pauses, so the moment stays while the student reads.
 *
 * The clock is injectable (`useClock`) so tests drive frames and time by hand.
 */
import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef, watch } from 'vue';
import type { Flight } from '@shared/views/picture';
import { PictureIndex } from '@shared/views/picture';
import { useRunStore } from './run';

export interface PlaybackClock {
  /** Real time, ms. */
  now(): number;
  /** Calls back on the next frame; returns a handle for cancelFrame. */
  requestFrame(callback: () => void): number;
  cancelFrame(handle: number): void;
}

const browserClock: PlaybackClock = {
  now: () => performance.now(),
  requestFrame: (callback) => requestAnimationFrame(() => callback()),
  cancelFrame: (handle) => cancelAnimationFrame(handle),
};

/** The speeds offered. */
export const SPEEDS = [0.1, 0.25, 0.5, 1, 2, 5, 10] as const;
/** While playing, the run store's scrub time (which refolds the cards) is updated at most this often. */
const SCRUB_SYNC_MS = 150;

/** A message the student picked in the picture: one flight of it (the network's duplicate is the second). */
export interface PickedMessage {
  id: number;
  copy: 0 | 1;
  /** Its send event's place in the run's log. */
  sendIndex: number;
  /** Its deliver or drop event's place in the log (null: still in the air at the log's end). */
  endIndex: number | null;
  sendT: number;
  endT: number | null;
}

/** Where the student asked to see the picked message; `n` counts the asks, so asking twice asks again. */
export interface RevealRequest {
  where: 'log' | 'diagram';
  n: number;
}

export const usePlaybackStore = defineStore('playback', () => {
  const run = useRunStore();
  let clock: PlaybackClock = browserClock;
  const playing = ref(false);
  const speed = ref(1);
  /** The moment shown while stopped is the run store's; while playing, this one (ahead of it by up to SCRUB_SYNC_MS). */
  const playedMs = ref(0);
  let frame: number | null = null;
  let lastFrameAt = 0;
  let lastSyncAt = 0;

  const picked = shallowRef<PickedMessage | null>(null);
  const reveal = ref<RevealRequest | null>(null);

  /** The picture's index of the run on screen, rebuilt when another run is shown. */
  const index = shallowRef<PictureIndex | null>(null);
  watch(
    () => [run.events, run.scenario] as const,
    ([events, scenario]) => {
      pause();
      picked.value = null;
      index.value = scenario ? markRaw(new PictureIndex(scenario, events)) : null;
    },
    { immediate: true },
  );

  /** The run's last moment (grows while a run is live). */
  const endMs = computed(() => {
    void run.version;
    const idx = index.value;
    if (!idx) return 0;
    idx.sync();
    return Math.max(idx.lastT, run.model?.lastT ?? 0);
  });

  /** Time controls apply to a run that is over (finished, or a kept one reopened, once all of it has come). */
  const available = computed(() => !run.live && run.loading === null && index.value !== null && endMs.value > 0);

  /** The moment on screen: now while live, else the played or scrubbed moment. */
  const timeMs = computed(() => {
    if (run.live) return endMs.value;
    if (playing.value) return playedMs.value;
    return run.scrubMs ?? endMs.value;
  });

  function useClock(c: PlaybackClock): void {
    pause();
    clock = c;
  }

  function writeScrub(t: number): void {
    run.scrubMs = t >= endMs.value ? null : t;
  }

  function seek(t: number): void {
    const clamped = Math.min(Math.max(0, t), endMs.value);
    playedMs.value = clamped;
    writeScrub(clamped);
  }

  function tick(): void {
    frame = null;
    if (!playing.value) return;
    const now = clock.now();
    const elapsed = now - lastFrameAt;
    lastFrameAt = now;
    const next = Math.min(endMs.value, playedMs.value + elapsed * speed.value);
    playedMs.value = next;
    if (next >= endMs.value) {
      pause();
      return;
    }
    if (now - lastSyncAt >= SCRUB_SYNC_MS) {
      lastSyncAt = now;
      writeScrub(next);
    }
    frame = clock.requestFrame(tick);
  }

  function play(): void {
    if (!available.value || playing.value) return;
    const from = run.scrubMs ?? endMs.value;
    // At the end, play from the start.
    playedMs.value = from >= endMs.value ? 0 : from;
    writeScrub(playedMs.value);
    playing.value = true;
    lastFrameAt = clock.now();
    lastSyncAt = lastFrameAt;
    frame = clock.requestFrame(tick);
  }

  function pause(): void {
    if (frame !== null) clock.cancelFrame(frame);
    frame = null;
    if (!playing.value) return;
    playing.value = false;
    writeScrub(playedMs.value);
  }

  function toggle(): void {
    if (playing.value) pause();
    else play();
  }

  /** Pauses and moves to the next moment at which anything is logged. */
  function stepEvent(): void {
    pause();
    const idx = index.value;
    if (!idx) return;
    seek(idx.nextEventAfter(timeMs.value) ?? endMs.value);
  }

  /** Pauses and moves to the next message delivery. */
  function stepDelivery(): void {
    pause();
    const idx = index.value;
    if (!idx) return;
    seek(idx.nextDeliveryAfter(timeMs.value) ?? endMs.value);
  }

  function setSpeed(s: number): void {
    if (!Number.isFinite(s) || s <= 0) return;
    speed.value = Math.min(10, Math.max(0.1, s));
  }

  /** Picks a message (pausing a replay, so the moment shown stays). */
  function pick(f: Flight): void {
    pause();
    picked.value = { id: f.id, copy: f.copy, sendIndex: f.sendIndex, endIndex: f.endIndex, sendT: f.sendT, endT: f.endT };
  }

  function unpick(): void {
    picked.value = null;
  }

  /** Asks the app to show the picked message in the event log or the diagram. */
  function revealIn(where: RevealRequest['where']): void {
    if (picked.value) reveal.value = { where, n: (reveal.value?.n ?? 0) + 1 };
  }

  return { playing, speed, timeMs, endMs, available, index, picked, reveal, useClock, play, pause, toggle, seek, stepEvent, stepDelivery, setSpeed, pick, unpick, revealIn };
});
