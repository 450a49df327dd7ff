/**
 * "Try to break this" through the lab's API: a hunt on the scenario in the panel finds the
 * smallest fault schedule that fails the check, announces its progress, and keeps the
 * minimal run so that it opens like any other; Cancel and bad input as a student meets them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HuntOutcome, LabEvents, LoadedRunData, RunListing } from '../../shared/api.js';
import { evaluateHere } from '../../shared/hunt.js';
import { fails, labPerTest, ok } from './testing/backend.js';

const repo = join(__dirname, '..', '..');
const example = (name: string): unknown => JSON.parse(readFileSync(join(repo, 'examples', `${name}.faultlab.json`), 'utf8'));

describe('huntScenario', () => {
  const lab = labPerTest('faultlab-hunt-');

  it('breaks primary-backup without retries with one crash of the primary, and keeps that run to open', async () => {
    const progress: LabEvents['huntProgress'][] = [];
    lab.backend.subscribe((name, payload) => {
      if (name === 'huntProgress') progress.push(payload as LabEvents['huntProgress']);
    });
    const out = await ok<HuntOutcome>(lab.backend.invoke('huntScenario', { scenario: example('pb-request-loss-no-retry'), check: 'no-lost', kinds: ['crash', 'restart', 'pause', 'resume'], budgetRuns: 200 }));
    expect(out.minimal?.faults).toEqual([{ atMs: 0, type: 'crash', replica: 1 }]);
    expect(out.stopped).toBe(false);
    expect(out.runId).not.toBeNull();
    // Progress says when it shrinks, and what the smallest failing schedule so far is.
    expect(progress.some((p) => p.phase === 'shrink')).toBe(true);
    expect(progress.at(-1)?.best).toMatch(/^1 fault, 2 replicas, 1 client, \d+ ms$/);
    expect(progress.every((p) => p.budget === 200)).toBe(true);

    // The minimal run is a kept run: listed, and it loses requests when loaded.
    const runs = await ok<RunListing[]>(lab.backend.invoke('listRuns', {}));
    expect(runs.map((r) => r.runId)).toContain(out.runId);
    const loaded = await ok<LoadedRunData>(lab.backend.invoke('loadRun', { runId: out.runId }));
    expect(loaded.scenario.name).toMatch(/\(broken: no-lost\)$/);
    expect(loaded.listing.summary?.requests.lost).toBeGreaterThan(0);
  });

  it('says what it covered when the claim holds: state-machine replication with at most k liars answers nothing wrong', async () => {
    const voting = { faultlab: 1, name: 'Voting, no faults', scheme: 'state-machine', failureModel: 'arbitrary', k: 1, workload: { clients: 2, ratePerSecond: 50, durationMs: 1000 } };
    const out = await ok<HuntOutcome>(lab.backend.invoke('huntScenario', { scenario: voting, check: 'no-wrong', kinds: ['byzantine'], maxFaults: 1, budgetRuns: 40 }));
    expect(out.minimal).toBeNull();
    expect(out.runId).toBeNull();
    expect(out.searchRuns).toBe(40);
    expect(out.coverage.cells).toBeGreaterThan(0);
    expect(out.coverage.cells).toBeLessThanOrEqual(out.coverage.possible);
  });

  it('stops at Cancel with what it has, and refuses a second hunt while one goes on', async () => {
    // Evaluated in this thread, a batch at a time, so Cancel lands between two batches.
    const b = lab.make({ huntEvaluator: () => ({ evaluate: evaluateHere, close: async () => undefined }) });
    let batches = 0;
    b.subscribe((name) => {
      if (name === 'huntProgress' && ++batches === 1) {
        void b.invoke('huntScenario', { scenario: example('why-2k-plus-1-masked'), check: 'no-wrong' }).then((r) => {
          second = r;
        });
        void b.invoke('cancelHunt', {});
      }
    });
    let second: unknown = null;
    const out = await ok<HuntOutcome>(b.invoke('huntScenario', { scenario: example('why-2k-plus-1-masked'), check: 'no-wrong', kinds: ['byzantine'], maxFaults: 1, budgetRuns: 5000 }));
    expect(out.stopped).toBe(true);
    expect(out.searchRuns).toBeLessThan(5000);
    expect(second).toMatchObject({ ok: false, code: 'busy' });
    expect(await ok<{ cancelled: boolean }>(b.invoke('cancelHunt', {}))).toEqual({ cancelled: false });
  });

  it('names what is wrong with a bad request, and runs nothing', async () => {
    expect(await fails(lab.backend.invoke('huntScenario', { scenario: example('split-brain-no-fencing'), check: 'no-magic' }))).toMatch(/^huntScenario: check: /);
    expect(await fails(lab.backend.invoke('huntScenario', { scenario: example('split-brain-no-fencing'), check: 'no-split-brain', budgetRuns: 10_000_000 }))).toMatch(/^huntScenario: budgetRuns: /);
    expect(await fails(lab.backend.invoke('huntScenario', { scenario: example('split-brain-no-fencing'), check: 'no-split-brain', kinds: ['melt'] }))).toMatch(/^huntScenario: kinds\.0: /);
    const own = { ...(example('split-brain-no-fencing') as object), replica: { command: 'python3 my_replica.py' } };
    expect(await fails(lab.backend.invoke('huntScenario', { scenario: own, check: 'no-split-brain' }))).toMatch(/only with real processes/);
    const runs = await ok<RunListing[]>(lab.backend.invoke('listRuns', {}));
    expect(runs).toEqual([]);
  });
});
