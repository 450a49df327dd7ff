/**
 * Step mode as the renderer reaches it: a kept simulated primary-backup run without retries
 * opened at 991 ms holds the primary's update for c2#50; a session that delivers it keeps
 * c2#50 answered, one that drops it loses c2#50; each finished session is a new kept run
 * (a fork of its parent, its scenario carrying the choices) that `faultlab run` of that
 * scenario reproduces. Bad choices are sentences; sessions are bounded.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ForkOutcome, LoadedRunData, RunListing, StepView } from '../../shared/api.js';
import { analyze } from '../../shared/analysis/summary.js';
import { simulate } from '../../shared/engine/sim.js';
import { parseScenario } from '../../shared/scenario.js';
import { PB_WITHOUT_RETRIES } from '../../shared/testing/fork-parent.js';
import { runScenario } from '../runtime/run.js';
import { MAX_STEP_SESSIONS } from './lab/steps.js';
import { newRunId } from './lab/runs.js';
import { failure, fails, labPerTest, ok } from './testing/backend.js';

const lab = labPerTest('faultlab-steps-');

async function keep(mode: 'sim' | 'real' = 'sim'): Promise<string> {
  const runId = newRunId(new Date());
  await runScenario(parseScenario(PB_WITHOUT_RETRIES), mode, { dir: join(lab.dataDir, 'runs', runId) });
  return runId;
}

describe('step sessions', () => {
  it('holds the messages in the air at the moment; a choice delivers or drops one; finishing keeps a run its choices reproduce', async () => {
    const parentId = await keep();
    const begun = await ok<StepView>(lab.backend.invoke('stepBegin', { runId: parentId, atMs: 991 }));
    expect(begun.held).toEqual([{ id: 476, copy: 0, from: 'r1', to: 'r2', kind: 'update', sentMs: 991, dueMs: 992, request: { client: 2, req: 50 } }]);
    expect(begun.events[0]?.type).toBe('run-start');
    expect(begun.timeMs).toBe(991);
    expect(begun.ended).toBe(false);

    const delivered = await ok<StepView>(lab.backend.invoke('stepChoose', { sessionId: begun.sessionId, choice: { deliver: 476 } }));
    expect(delivered.events.slice(0, 2)).toEqual([{ t: 992, type: 'choice', index: 0, action: 'deliver', id: 476, held: 1 }, { t: 992, type: 'deliver', id: 476, from: 'r1', to: 'r2', kind: 'update' }]);
    expect(delivered.held).toEqual([expect.objectContaining({ id: 477, kind: 'ack', from: 'r2', to: 'r1' })]);
    expect(delivered.choices).toEqual([{ deliver: 476 }]);
    const keptDelivered = await ok<ForkOutcome>(lab.backend.invoke('stepFinish', { sessionId: begun.sessionId }));

    const again = await ok<StepView>(lab.backend.invoke('stepBegin', { runId: parentId, atMs: 991 }));
    await ok<StepView>(lab.backend.invoke('stepChoose', { sessionId: again.sessionId, choice: { drop: 476 } }));
    const keptDropped = await ok<ForkOutcome>(lab.backend.invoke('stepFinish', { sessionId: again.sessionId }));

    expect(keptDelivered.differing).toBe(0);
    expect(keptDropped.differences).toEqual([{ client: 2, req: 50, issuedAt: 990, a: 'answered-correct', b: 'lost' }]);
    expect(keptDropped.origin).toMatchObject({ atMs: 991, parent: { name: 'PB without retries' }, dropped: [], added: [] });

    const run = await ok<LoadedRunData>(lab.backend.invoke('loadRun', { runId: keptDropped.runId }));
    expect(run.fork).toEqual(keptDropped.origin);
    expect(run.scenario.name).toBe('PB without retries (messages chosen from 991 ms)');
    expect(run.scenario.stepping).toEqual({ fromMs: 991, choices: [{ drop: 476 }] });
    // What the app kept is what `faultlab run` of its scenario gives.
    expect(analyze(simulate(run.scenario).events).summary.eventLogSha256).toBe(run.listing.summary?.eventLogSha256);
    const listed = await ok<RunListing[]>(lab.backend.invoke('listRuns', {}));
    expect(listed).toHaveLength(3);
  });

  it('says why a choice cannot be made, and leaves the session as it was', async () => {
    const parentId = await keep();
    const begun = await ok<StepView>(lab.backend.invoke('stepBegin', { runId: parentId, atMs: 991 }));
    expect(await fails(lab.backend.invoke('stepChoose', { sessionId: begun.sessionId, choice: { deliver: 475 } }))).toBe('That choice cannot be made: message #475 is not held at 991 ms (held then: #476).');
    expect(await fails(lab.backend.invoke('stepChoose', { sessionId: begun.sessionId, choice: { deliver: -3 } }))).toMatch(/^stepChoose: choice/);
    const after = await ok<StepView>(lab.backend.invoke('stepChoose', { sessionId: begun.sessionId, choice: { waitMs: 5 } }));
    expect(after.choices).toEqual([{ waitMs: 5 }]);
    expect(after.timeMs).toBe(996);
    await ok(lab.backend.invoke('stepCancel', { sessionId: begun.sessionId }));
    expect((await failure(lab.backend.invoke('stepChoose', { sessionId: begun.sessionId, choice: { waitMs: 5 } }))).code).toBe('not-found');
    expect((await failure(lab.backend.invoke('stepBegin', { runId: 'no-such-run', atMs: 0 }))).code).toBe('not-found');
  });

  it('keeps at most MAX_STEP_SESSIONS open: one more closes the one left untouched longest', async () => {
    const parentId = await keep();
    const ids: string[] = [];
    for (let i = 0; i <= MAX_STEP_SESSIONS; i++) ids.push((await ok<StepView>(lab.backend.invoke('stepBegin', { runId: parentId, atMs: 100 + i }))).sessionId);
    expect((await failure(lab.backend.invoke('stepChoose', { sessionId: ids[0], choice: { waitMs: 1 } }))).code).toBe('not-found');
    for (const id of ids.slice(1)) await ok(lab.backend.invoke('stepChoose', { sessionId: id, choice: { waitMs: 1 } }));
  });

  it('refuses a run of real processes, and a run whose messages were already chosen', async () => {
    const real = await keep('real');
    expect(await fails(lab.backend.invoke('stepBegin', { runId: real, atMs: 500 }))).toMatch(/^A run of real processes cannot be replayed to a moment/);
    const parentId = await keep();
    const begun = await ok<StepView>(lab.backend.invoke('stepBegin', { runId: parentId, atMs: 991 }));
    const kept = await ok<ForkOutcome>(lab.backend.invoke('stepFinish', { sessionId: begun.sessionId }));
    expect(await fails(lab.backend.invoke('stepBegin', { runId: kept.runId, atMs: 995 }))).toMatch(/already chosen/);
  });

  it('holds its sessions on the lab\'s thread: a call made while a session begins is answered first, and a call still waiting at shutdown is told so', async () => {
    const runId = newRunId(new Date());
    const busy = parseScenario({ ...PB_WITHOUT_RETRIES, workload: { ...PB_WITHOUT_RETRIES.workload, ratePerSecond: 2000, durationMs: 1500 } });
    await runScenario(busy, 'sim', { dir: join(lab.dataDir, 'runs', runId) });
    const beginning = ok<StepView>(lab.backend.invoke('stepBegin', { runId, atMs: 1000 }));
    const list = ok<unknown[]>(lab.backend.invoke('listRuns', {}));
    const first = await Promise.race([beginning.then(() => 'begin'), list.then(() => 'list')]);
    // Begun in this thread, the run would have been simulated to 1000 ms before listRuns was even called.
    expect(first).toBe('list');
    const begun = await beginning;
    expect(begun.timeMs).toBe(1000);
    // The session lives on between calls, on that thread.
    const after = await ok<StepView>(lab.backend.invoke('stepChoose', { sessionId: begun.sessionId, choice: { waitMs: 2 } }));
    expect(after.timeMs).toBe(1002);

    const waiting = lab.backend.invoke('stepBegin', { runId, atMs: 1200 });
    await lab.backend.shutdown();
    const f = await failure(waiting);
    expect(f.code).toBe('unavailable');
    expect(f.error).toBe('The lab is shutting down; no work can start.');
  });
});
