/**
 * Pausing a live real-mode run with real processes: the relay holds every message while the
 * replicas go on sending, the run's clock stands still, the front end's timers (the
 * clients' timeouts) are held, and on resume every held message is delivered, in order,
 * with nothing lost and no failover. Every wait is for events in the log, never for time.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../shared/analysis/summary.js';
import type { RunEvent } from '../../shared/events.js';
import { LiveModel } from '../../shared/views/model.js';
import { lab } from '../../shared/testing/story.js';
import { buildReport } from '../report/index.js';
import { verifyReportHtml } from '../report/verify.js';
import type { LiveRun } from './live-run.js';
import { startRealRun } from './real.js';
import { loadRun } from './run-folder.js';

/** Resolves once the run's log satisfies `done` (checked on each batch of events). */
function until(run: LiveRun, done: (events: readonly RunEvent[]) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    if (done(run.events)) return resolve();
    const off = run.onEvents(() => {
      if (!done(run.events)) return;
      off();
      resolve();
    });
    void run.finished.then(() => reject(new Error('the run ended before the awaited events')));
  });
}

const count = (events: readonly RunEvent[], from: number, p: (e: RunEvent) => boolean): number => {
  let n = 0;
  for (let i = from; i < events.length; i++) if (p(events[i] as RunEvent)) n++;
  return n;
};

describe('a paused real-mode run', () => {
  it('holds every message and the clients\' timeouts, then delivers what it held in order, losing nothing', async () => {
    // Client timeouts shorter than the pause: if they were not held, requests would be lost. Slow
    // links keep requests waiting for their answer at any moment. The backups' own detectors (in
    // their processes) are given a long timeout: they keep running while the lab is paused.
    const scenario = lab('primary-backup', 'fail-stop', { replicas: 3, workload: { clients: 2, ratePerSecond: 100, durationMs: 60_000 } })
      .timing({ networkDelayMs: [20, 20], heartbeatMs: 20, failureTimeoutMs: 30_000, clientTimeoutMs: 400, clientRetries: 0 })
      .scenario();
    const run = await startRealRun(scenario, { batchMs: 10 });
    try {
      const accepts = (from: number): number => count(run.events, from, (e) => e.type === 'accept');
      await until(run, () => accepts(0) >= 30);
      // What a window is given: by the time the pause is answered, every event up to it.
      const given: RunEvent[] = [];
      const offGiven = run.onEvents((batch) => given.push(...batch));

      expect(run.setPace({ paused: true, speed: 1 })).toEqual({ paused: true, speed: 1 });
      const p = run.events.length - 1;
      const pause = run.events[p] as RunEvent;
      expect(pause).toMatchObject({ type: 'pace', paused: true, speed: 1 });
      expect(given.at(-1)).toBe(pause);
      offGiven();
      // The primary's heartbeats go on (its own timer, every 20 ms to each backup): wait for 80 of
      // them, 800 ms or more of its clock, twice a client's timeout.
      const heartbeatsSince = (from: number): number => count(run.events, from, (e) => e.type === 'send' && e.from === 'r1' && e.kind === 'heartbeat');
      await until(run, () => heartbeatsSince(p) >= 80);
      const held = run.events.slice(p + 1);
      // Only the replicas' own output while paused: no delivery, no new request, no client timeout.
      expect(held.filter((e) => ['deliver', 'request', 'timeout', 'give-up', 'retry'].includes(e.type))).toEqual([]);
      expect(held.every((e) => e.t === pause.t)).toBe(true);
      expect(run.elapsedMs()).toBe(pause.t);
      const heldSends = held.filter((e): e is Extract<RunEvent, { type: 'send' }> => e.type === 'send');

      // Before resuming: the requests waiting for their answer (the pause outlasted their timeout).
      const key = (e: { client: number; req: number }): string => `${e.client}#${e.req}`;
      const waiting = new Set<string>();
      for (const e of run.events.slice(0, p)) {
        if (e.type === 'request') waiting.add(key(e));
        else if (e.type === 'accept' || e.type === 'give-up') waiting.delete(key(e));
      }
      expect(waiting.size).toBeGreaterThan(0);

      run.setPace({ paused: false, speed: 1 });
      const r = run.events.length - 1;
      expect(run.events[r]).toMatchObject({ type: 'pace', paused: false, t: pause.t });
      const heldIds = new Set(heldSends.map((s) => s.id));
      const ended = (e: RunEvent): boolean => (e.type === 'deliver' || e.type === 'drop') && heldIds.has(e.id);
      const settled = (e: RunEvent): boolean => (e.type === 'accept' || e.type === 'give-up') && waiting.has(key(e));
      await until(run, () => count(run.events, r, ended) >= heldIds.size && count(run.events, r, settled) >= waiting.size);
      const result = await run.stop();

      // Nothing held was lost: each message sent while paused was delivered, in the order it was sent (equal delays).
      const after = run.events.slice(r + 1);
      expect(after.filter((e) => e.type === 'deliver' && heldIds.has(e.id)).map((e) => (e as { id: number }).id)).toEqual(heldSends.map((s) => s.id));
      expect(after.filter((e) => e.type === 'drop' && heldIds.has(e.id))).toEqual([]);
      // No client timer fired for the pause: nothing settled at the paused moment, and a request that
      // timed out later (a loaded machine) did so a whole timeout of the run's clock after it was sent.
      const sentAt = new Map(run.events.filter((e) => e.type === 'request').map((e) => [key(e as { client: number; req: number }), e.t]));
      for (const e of after.filter(settled)) {
        expect(e.t).toBeGreaterThan(pause.t);
        if (e.type === 'give-up') expect(e.t - (sentAt.get(key(e)) as number)).toBeGreaterThanOrEqual(400);
      }
      // The arbiter saw no failure and no one was suspected: no failover came of the pause.
      expect(run.events.filter((e) => e.type === 'suspect')).toEqual([]);
      expect(result.summary.failovers).toEqual([]);
    } finally {
      await run.stop();
    }
  }, 120_000);

  it('in slow motion, each message takes 1/speed as long in wall time but the same in the run\'s clock', async () => {
    const scenario = lab('state-machine', 'fail-stop', { workload: { clients: 1, ratePerSecond: 50, durationMs: 60_000 } })
      .timing({ networkDelayMs: [3, 3] })
      .scenario();
    const run = await startRealRun(scenario, { batchMs: 10 });
    try {
      await until(run, () => count(run.events, 0, (e) => e.type === 'accept') >= 5);
      run.setPace({ paused: false, speed: 0.1 });
      const s = run.events.length - 1;
      expect(run.events[s]).toMatchObject({ type: 'pace', paused: false, speed: 0.1 });
      expect(run.pace()).toEqual({ paused: false, speed: 0.1 });
      await until(run, () => count(run.events, s, (e) => e.type === 'accept') >= 5);
      await run.stop();
      // In the run's clock, a delivery still comes about 3 ms after its send, not 30: slow motion
      // stretches the wall time each takes (real-clock.test.ts), not the times in the log.
      const sentAt = new Map<number, number>();
      const delays: number[] = [];
      for (const e of run.events.slice(s)) {
        if (e.type === 'send') sentAt.set(e.id, e.t);
        else if (e.type === 'deliver' && sentAt.has(e.id)) delays.push(e.t - (sentAt.get(e.id) as number));
      }
      expect(delays.length).toBeGreaterThan(10);
      for (const d of delays) expect(d).toBeGreaterThan(2);
      delays.sort((a, b) => a - b);
      expect(delays[Math.floor(delays.length / 2)]).toBeLessThan(10);
    } finally {
      await run.stop();
    }
  }, 120_000);

  it('refuses to go faster than real time (its replicas keep their own timers), and goes on as it was', async () => {
    const scenario = lab('primary-backup', 'fail-stop', { workload: { clients: 1, ratePerSecond: 50, durationMs: 60_000 } }).scenario();
    const run = await startRealRun(scenario, { batchMs: 10 });
    try {
      await until(run, () => count(run.events, 0, (e) => e.type === 'accept') >= 1);
      expect(() => run.setPace({ paused: false, speed: 2 })).toThrow(/faster than real time/);
      expect(run.pace()).toEqual({ paused: false, speed: 1 });
      expect(run.events.some((e) => e.type === 'pace')).toBe(false);
    } finally {
      await run.stop();
    }
  }, 120_000);

  it('leaves a log that loads, analyses, replays, reports and verifies with its pauses in it', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'faultlab-pace-')), 'run');
    const scenario = lab('state-machine', 'arbitrary', { workload: { clients: 2, ratePerSecond: 100, durationMs: 1500 } }).scenario();
    const run = await startRealRun(scenario, { dir, batchMs: 10 });
    await until(run, (events) => events.some((e) => e.type === 'accept'));
    run.setPace({ paused: true, speed: 1 });
    run.setPace({ paused: false, speed: 0.5 });
    run.setPace({ paused: false, speed: 1 });
    const result = await run.finished;
    expect(result.problem).toBeUndefined();

    const loaded = loadRun(dir);
    expect(loaded.complete).toBe(true);
    expect(loaded.events.filter((e) => e.type === 'pace').map((e) => [e.type === 'pace' && e.paused, e.type === 'pace' && e.speed])).toEqual([[true, 1], [false, 0.5], [false, 1]]);
    const { summary } = analyze(loaded.events);
    expect(summary.requests.issued).toBe(result.summary.requests.issued);
    const model = new LiveModel(scenario);
    model.ingest(loaded.events);
    expect(model.eventCount).toBe(loaded.events.length);
    const report = buildReport({ run: { runDir: dir } });
    const verdict = await verifyReportHtml(report.html);
    expect(verdict.differences).toEqual([]);
    expect(verdict.ok).toBe(true);
  }, 120_000);
});
