/**
 * Fork from here, played live (forkLive), as the renderer reaches it: the fork is a live
 * simulated run that opens paused at the moment, repeating its parent before it; played at
 * 10× to its end it is the very run forkRun makes (same log, same differences), kept with
 * fork.json, so reopened it is set beside its parent. Bad forks are the same sentences as
 * forkRun's and start nothing.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ForkOutcome, LiveFork, LoadedRunData, PacedRun, RunListing } from '../../shared/api.js';
import { fails, labPerTest, nextEvent, ok } from './testing/backend.js';
import { keepParent, NOT_FORKS } from './testing/forks.js';

const lab = labPerTest('faultlab-fork-live-');

const keep = (mode: 'sim' | 'real'): Promise<string> => keepParent(lab.dataDir, mode);

describe('forkLive', () => {
  it('opens the fork paused at its moment, the parent repeated before it; played to its end it is the fork forkRun makes', async () => {
    const parentId = await keep('sim');
    const parent = await ok<LoadedRunData>(lab.backend.invoke('loadRun', { runId: parentId }));
    const lost = parent.listing.summary?.requests.lost ?? 0;
    expect(lost).toBeGreaterThan(0);

    const live = await ok<LiveFork>(lab.backend.invoke('forkLive', { runId: parentId, atMs: 1000, dropLater: true }));
    expect(live.pace).toEqual({ paused: true, speed: 1 });
    expect(live.origin).toMatchObject({ atMs: 1000, parent: { name: 'PB without retries', eventLogSha256: parent.listing.summary?.eventLogSha256 }, dropped: [{ type: 'crash', replica: 1 }], added: [] });
    expect(existsSync(join(lab.dataDir, 'runs', live.runId, 'fork.json'))).toBe(true);
    const listed = await ok<RunListing[]>(lab.backend.invoke('listRuns', {}));
    expect(listed.find((r) => r.runId === live.runId)).toMatchObject({ live: true, name: 'PB without retries (fork at 1000 ms)' });

    // Paused, it gets to its moment and stays there: every event before it is the parent's.
    const before = (events: readonly LoadedRunData['events'][number][]): string[] => events.filter((e) => e.t < 1000 && e.type !== 'run-start').map((e) => JSON.stringify(e));
    let shown = await ok<LoadedRunData>(lab.backend.invoke('loadRun', { runId: live.runId }));
    while (before(shown.events).length < before(parent.events).length) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      shown = await ok<LoadedRunData>(lab.backend.invoke('loadRun', { runId: live.runId }));
    }
    expect(before(shown.events)).toEqual(before(parent.events));
    expect(shown.events.every((e) => e.t <= 1000)).toBe(true);

    // Played at 10× to its end: the same run as the fork made at once.
    const ended = nextEvent(lab.backend, 'runEnded', (e) => e.runId === live.runId);
    const paced = await ok<PacedRun>(lab.backend.invoke('paceRun', { runId: live.runId, paused: false, speed: 10 }));
    expect(paced).toMatchObject({ paused: false, speed: 10 });
    const end = await ended;
    expect(end.summary.requests.lost).toBe(0);
    const made = await ok<ForkOutcome>(lab.backend.invoke('forkRun', { runId: parentId, atMs: 1000, dropLater: true }));
    const madeRun = await ok<LoadedRunData>(lab.backend.invoke('loadRun', { runId: made.runId }));
    expect(end.summary.eventLogSha256).toBe(madeRun.listing.summary?.eventLogSha256);

    // Reopened, it is a fork set beside its parent, with forkRun's differences.
    const reopened = await ok<LoadedRunData>(lab.backend.invoke('loadRun', { runId: live.runId }));
    expect(reopened.fork).toEqual(live.origin);
    expect(reopened.forkComparison).toEqual({ differences: made.differences, differing: lost });
  });

  it('says why a fork cannot be played, in forkRun\'s sentences, and starts nothing', async () => {
    const parentId = await keep('sim');
    for (const { says, ...change } of NOT_FORKS) expect(await fails(lab.backend.invoke('forkLive', { runId: parentId, ...change }))).toMatch(says);
    expect(await fails(lab.backend.invoke('forkLive', { runId: parentId, atMs: -1 }))).toMatch(/^forkLive: atMs: /);
    expect(await ok<RunListing[]>(lab.backend.invoke('listRuns', {}))).toHaveLength(1);
    const realId = await keep('real');
    expect(await fails(lab.backend.invoke('forkLive', { runId: realId, atMs: 500, dropLater: true }))).toMatch(/a run of real processes cannot be replayed to a moment/);
  });
});
