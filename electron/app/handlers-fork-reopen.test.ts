/**
 * A fork reopened later (Kept runs → Open) is set beside its parent again: the same
 * request-by-request differences as when it was made, read from the parent's log if the
 * parent is still kept; if the parent is gone, changed or too large to read back, the fork
 * says so instead. fork.json is untrusted: only its parent folder's name is used, inside the
 * lab's runs folder.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ForkOutcome, LoadedRunData } from '../../shared/api.js';
import { FORK_FILE } from '../../shared/fork.js';
import { parseScenario } from '../../shared/scenario.js';
import { PB_WITHOUT_RETRIES } from '../../shared/testing/fork-parent.js';
import { forkComparisonOf } from '../runtime/fork.js';
import { loadRun } from '../runtime/run-folder.js';
import { runScenario } from '../runtime/run.js';
import { newRunId } from './lab/runs.js';
import { labPerTest, ok } from './testing/backend.js';

const lab = labPerTest('faultlab-fork-reopen-');
const pbNoRetry = parseScenario(PB_WITHOUT_RETRIES);

async function keep(scenario = pbNoRetry): Promise<string> {
  const runId = newRunId(new Date());
  await runScenario(scenario, 'sim', { dir: join(lab.dataDir, 'runs', runId) });
  return runId;
}

async function forked(): Promise<{ parentId: string; out: ForkOutcome }> {
  const parentId = await keep();
  const out = await ok<ForkOutcome>(lab.backend.invoke('forkRun', { runId: parentId, atMs: 1000, dropLater: true }));
  expect(out.differing).toBeGreaterThan(0);
  return { parentId, out };
}

const reopen = (runId: string): Promise<LoadedRunData> => ok<LoadedRunData>(lab.backend.invoke('loadRun', { runId }));

describe('a fork reopened later', () => {
  it('shows the same differences from its parent as when it was made', async () => {
    const { parentId, out } = await forked();
    const again = await reopen(out.runId);
    expect(again.forkComparison).toEqual({ differences: out.differences, differing: out.differing });
    // A run that is no fork has none.
    expect((await reopen(parentId)).forkComparison).toBeUndefined();
  });

  it('says the parent is gone once it was deleted, and still opens', async () => {
    const { parentId, out } = await forked();
    await ok(lab.backend.invoke('deleteRun', { runId: parentId }));
    const again = await reopen(out.runId);
    expect(again.fork).toEqual(out.origin);
    expect(again.forkComparison).toEqual({ unavailable: 'parent-gone' });
  });

  it('says the parent changed when its folder holds another log', async () => {
    const { parentId, out } = await forked();
    const otherId = await keep(parseScenario({ ...PB_WITHOUT_RETRIES, seed: 99 }));
    copyFileSync(join(lab.dataDir, 'runs', otherId, 'events.jsonl'), join(lab.dataDir, 'runs', parentId, 'events.jsonl'));
    expect((await reopen(out.runId)).forkComparison).toEqual({ unavailable: 'parent-changed' });
  });

  it('finds the parent by its folder name in this lab\'s runs only (a moved data folder; never a path outside)', async () => {
    const { parentId, out } = await forked();
    const file = join(lab.dataDir, 'runs', out.runId, FORK_FILE);
    const origin = JSON.parse(readFileSync(file, 'utf8')) as { parent: { runDir: string } };
    writeFileSync(file, JSON.stringify({ ...origin, parent: { ...origin.parent, runDir: `/elsewhere/old-data/runs/${parentId}` } }));
    expect((await reopen(out.runId)).forkComparison).toMatchObject({ differing: out.differing });
    writeFileSync(file, JSON.stringify({ ...origin, parent: { ...origin.parent, runDir: '/etc/..' } }));
    expect((await reopen(out.runId)).forkComparison).toEqual({ unavailable: 'parent-gone' });
  });

  it('does not read a parent log over the bound', async () => {
    const { out } = await forked();
    const fork = loadRun(join(lab.dataDir, 'runs', out.runId));
    expect(forkComparisonOf(out.origin, fork.requests, join(lab.dataDir, 'runs'), 1000)).toEqual({ unavailable: 'parent-too-large' });
    expect(forkComparisonOf(out.origin, fork.requests, join(lab.dataDir, 'runs'))).toMatchObject({ differing: out.differing });
  });
});
