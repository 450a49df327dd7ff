/**
 * Fork from here, as the renderer reaches it: a kept simulated run of primary-backup without
 * retries, forked at its primary crash without it, is a new kept run that answers what its
 * parent lost, opens with where it left its parent, and repeats its parent before the moment.
 * Bad forks are sentences; a real-process run and a run going on are refused.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ForkOutcome, LoadedRunData, RunListing } from '../../shared/api.js';
import { failure, fails, labPerTest, ok } from './testing/backend.js';
import { keepParent, NOT_FORKS } from './testing/forks.js';

const lab = labPerTest('faultlab-fork-');

const keep = (mode: 'sim' | 'real'): Promise<string> => keepParent(lab.dataDir, mode);

describe('forkRun', () => {
  it('forks a kept simulated run at its crash without it: a new kept run, its parent named, the lost requests answered', async () => {
    const parentId = await keep('sim');
    const parent = await ok<LoadedRunData>(lab.backend.invoke('loadRun', { runId: parentId }));
    expect(parent.fork).toBeUndefined();
    const lost = parent.listing.summary?.requests.lost ?? 0;
    expect(lost).toBeGreaterThan(0);

    const out = await ok<ForkOutcome>(lab.backend.invoke('forkRun', { runId: parentId, atMs: 1000, dropLater: true }));
    expect(out.runId).not.toBe(parentId);
    expect(out.origin).toMatchObject({ atMs: 1000, parent: { name: 'PB without retries', eventLogSha256: parent.listing.summary?.eventLogSha256 }, dropped: [{ type: 'crash', replica: 1 }], added: [] });
    expect(out.differing).toBe(lost);
    expect(out.differences.every((d) => d.a === 'lost' && d.b === 'answered-correct')).toBe(true);

    const fork = await ok<LoadedRunData>(lab.backend.invoke('loadRun', { runId: out.runId }));
    expect(fork.fork).toEqual(out.origin);
    expect(fork.listing.summary?.requests.lost).toBe(0);
    expect(fork.scenario.name).toBe('PB without retries (fork at 1000 ms)');
    const before = (events: LoadedRunData['events']): string[] => events.filter((e) => e.t < 1000 && e.type !== 'run-start').map((e) => JSON.stringify(e));
    expect(before(fork.events)).toEqual(before(parent.events));
    const listed = await ok<RunListing[]>(lab.backend.invoke('listRuns', {}));
    expect(listed.map((r) => r.runId).sort()).toEqual([parentId, out.runId].sort());

    // The fork forked again, with a fault added: both replicas down at 1500 ms loses what came after.
    const again = await ok<ForkOutcome>(lab.backend.invoke('forkRun', { runId: out.runId, atMs: 1500, add: [{ atMs: 1500, type: 'crash', replica: 1 }, { atMs: 1500, type: 'crash', replica: 2 }] }));
    expect(again.differing).toBeGreaterThan(0);
    expect(again.differences.every((d) => d.a === 'answered-correct' && d.b === 'lost')).toBe(true);
  });

  it('is made on a worker thread: a call made while the fork is being made is answered first', async () => {
    const parentId = await keep('sim');
    const fork = ok<ForkOutcome>(lab.backend.invoke('forkRun', { runId: parentId, atMs: 1000, dropLater: true }));
    const list = ok<RunListing[]>(lab.backend.invoke('listRuns', {}));
    const first = await Promise.race([fork.then(() => 'fork'), list.then(() => 'list')]);
    // Made in this thread, the fork would have been done before listRuns was even called.
    expect(first).toBe('list');
    expect((await fork).differing).toBeGreaterThan(0);
  });

  it('says why a fork cannot be made, in a sentence, and keeps nothing for it', async () => {
    const parentId = await keep('sim');
    for (const { says, ...change } of NOT_FORKS) expect(await fails(lab.backend.invoke('forkRun', { runId: parentId, ...change }))).toMatch(says);
    expect(await fails(lab.backend.invoke('forkRun', { runId: parentId, atMs: -1 }))).toMatch(/^forkRun: atMs: /);
    expect(await fails(lab.backend.invoke('forkRun', { runId: parentId, atMs: 1000, add: [{ type: 'melt' }] }))).toMatch(/^forkRun: add\.0/);
    expect((await failure(lab.backend.invoke('forkRun', { runId: 'no-such-run', atMs: 0, dropLater: true }))).code).toBe('not-found');
    expect(await ok<RunListing[]>(lab.backend.invoke('listRuns', {}))).toHaveLength(1);
  });

  it('refuses a run of real processes: its timing cannot be replayed', async () => {
    const parentId = await keep('real');
    expect(await fails(lab.backend.invoke('forkRun', { runId: parentId, atMs: 500, dropLater: true }))).toMatch(/a run of real processes cannot be replayed to a moment/);
  });

  it('opens a fork whose fork.json was tampered with as a plain run', async () => {
    const parentId = await keep('sim');
    const out = await ok<ForkOutcome>(lab.backend.invoke('forkRun', { runId: parentId, atMs: 1000, dropLater: true }));
    writeFileSync(join(lab.dataDir, 'runs', out.runId, 'fork.json'), '{"faultlabFork": 1, "parent": "me"}');
    const fork = await ok<LoadedRunData>(lab.backend.invoke('loadRun', { runId: out.runId }));
    expect(fork.fork).toBeUndefined();
    expect(fork.events.length).toBeGreaterThan(100);
  });
});
