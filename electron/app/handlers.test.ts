/**
 * The lab's main side as the renderer sees it through any transport: calls validated,
 * runs started, faulted and stopped, kept runs listed, reopened and deleted, and errors
 * that come back as sentences rather than crashes.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunListing } from '../../shared/api.js';
import type { RunSummary } from '../../shared/analysis/summary.js';
import { analyze } from '../../shared/analysis/summary.js';
import { simulate } from '../../shared/engine/sim.js';
import type { RunEvent } from '../../shared/events.js';
import { DEFAULT_SCENARIO_INPUT, defaultScenario, PRESETS } from '../../shared/presets.js';
import { parseScenario } from '../../shared/scenario.js';
import { LiveModeUnavailable, startLiveRun } from '../runtime/live.js';
import { saveRun } from '../runtime/run-folder.js';
import { failure, fails, labPerTest, nextEvent, ok } from './testing/backend.js';
import { INTERNAL_ERROR_MESSAGE, newRunId } from './handlers.js';

const lab = labPerTest('faultlab-handlers-');


/** A scenario long enough that a test can act on it while it runs. */
const longScenario = { ...DEFAULT_SCENARIO_INPUT, name: 'A long lab', workload: { clients: 2, ratePerSecond: 50, durationMs: 120_000 }, faults: [] };

describe('calls are validated before anything acts', () => {
  it('names the field that is wrong', async () => {
    expect(await fails(lab.backend.invoke('injectFault', { runId: 'x', fault: { type: 'crash', replica: 0 } }))).toMatch(/^injectFault: fault\.replica: /);
    expect(await fails(lab.backend.invoke('startRun', { scenario: {}, mode: 'fast' }))).toMatch(/^startRun: mode: /);
    expect(await fails(lab.backend.invoke('loadRun', { runId: '../../etc' }))).toMatch(/^loadRun: runId: not a run id/);
    expect(await fails(lab.backend.invoke('listRuns', { extra: 1 }))).toMatch(/^listRuns: /);
  });

  it('refuses a call that is not in the contract', async () => {
    expect(await failure(lab.backend.invoke('constructor', {}))).toEqual({ code: 'bad-call', error: expect.stringMatching(/unknown call "constructor"/) });
    expect(await fails(lab.backend.invoke(42, {}))).toMatch(/unknown call/);
  });

  it('gives the scenario problems, naming their fields, for a malformed scenario', async () => {
    const error = await fails(lab.backend.invoke('startRun', { scenario: { ...DEFAULT_SCENARIO_INPUT, k: -1, replicas: 'three' }, mode: 'sim' }));
    expect(error).toMatch(/^The scenario is not valid: /);
    expect(error).toContain('k');
    expect(error).toContain('replicas');
    expect(existsSync(join(lab.dataDir, 'runs')) ? readdirSync(join(lab.dataDir, 'runs')) : []).toEqual([]);
  });

  it('refuses a run too big for the memory budget before anything starts, with the estimate, and starts it when asked again with force', async () => {
    const huge = { ...DEFAULT_SCENARIO_INPUT, replicas: 15, k: 7, workload: { clients: 16, ratePerSecond: 100_000, durationMs: 600_000 }, faults: [] };
    const refused = await failure(lab.backend.invoke('startRun', { scenario: huge, mode: 'sim' }));
    expect(refused.code).toBe('too-big');
    expect(refused.error).toMatch(/^This run is too big for the memory budget: it would need about [\d.]+ GB of memory, [\d.]+ times the budget of 2\.0 GB\. .*Lower workload\.ratePerSecond to /);
    expect(existsSync(join(lab.dataDir, 'runs')) ? readdirSync(join(lab.dataDir, 'runs')) : []).toEqual([]);
    const { runId } = await ok<{ runId: string }>(lab.backend.invoke('startRun', { scenario: huge, mode: 'sim', force: true }));
    await ok(lab.backend.invoke('stopRun', { runId }));
    expect(readdirSync(join(lab.dataDir, 'runs'))).toEqual([runId]);
  });

  it('validates scenario text and lists the presets', async () => {
    const good = await ok<{ ok: boolean }>(lab.backend.invoke('validateScenario', { text: JSON.stringify(DEFAULT_SCENARIO_INPUT) }));
    expect(good.ok).toBe(true);
    const bad = await ok<{ ok: false; problems: string[] }>(lab.backend.invoke('validateScenario', { text: '{"faultlab": 1, "scheme": "paxos"}' }));
    expect(bad.ok).toBe(false);
    expect(bad.problems.join('\n')).toContain('scheme');
    const presets = await ok<{ id: string }[]>(lab.backend.invoke('listPresets', {}));
    expect(presets.map((p) => p.id)).toEqual(PRESETS.map((p) => p.id));
  });

  it('reports the shell and the data folder', async () => {
    const info = await ok<{ shell: string; dataDir: string; realModeAvailable: boolean }>(lab.backend.invoke('appInfo', undefined));
    expect(info).toMatchObject({ shell: 'browser', dataDir: lab.dataDir, realModeAvailable: false });
  });
});

describe('a live run', () => {
  it('starts, takes an injected fault, stops, and is kept', async () => {
    const firstBatch = nextEvent(lab.backend, 'runEvents');
    const { runId } = await ok<{ runId: string }>(lab.backend.invoke('startRun', { scenario: longScenario, mode: 'sim' }));
    const batch = await firstBatch;
    expect(batch.runId).toBe(runId);
    expect(batch.events[0]?.type).toBe('run-start');

    const listedLive = await ok<RunListing[]>(lab.backend.invoke('listRuns', {}));
    expect(listedLive).toEqual([expect.objectContaining({ runId, live: true, complete: false, name: 'A long lab', mode: 'sim' })]);

    const faultSeen = nextEvent(lab.backend, 'runEvents', (p) => p.events.some((e) => e.type === 'fault' && e.source === 'live'));
    await ok(lab.backend.invoke('injectFault', { runId, fault: { type: 'crash', replica: 2 } }));
    const faultBatch = await faultSeen;
    expect(faultBatch.events.find((e) => e.type === 'fault')).toMatchObject({ fault: { type: 'crash', replica: 2 }, source: 'live' });
    const replicas = await ok<{ replica: number; status: string }[]>(lab.backend.invoke('listReplicas', { runId }));
    expect(replicas.map((r) => r.status)).toEqual(['up', 'crashed', 'up']);

    expect(await fails(lab.backend.invoke('injectFault', { runId, fault: { type: 'pause', replica: 9 } }))).toMatch(/replica 9 does not exist \(the run has 3\)/);

    const ended = nextEvent(lab.backend, 'runEnded');
    const summary = await ok<RunSummary>(lab.backend.invoke('stopRun', { runId }));
    expect(summary.scenarioName).toBe('A long lab');
    expect((await ended).runId).toBe(runId);
    expect(lab.backend.liveRunIds()).toEqual([]);

    expect(await fails(lab.backend.invoke('injectFault', { runId, fault: { type: 'heal' } }))).toMatch(/has ended/);

    const listed = await ok<RunListing[]>(lab.backend.invoke('listRuns', {}));
    expect(listed).toEqual([expect.objectContaining({ runId, live: false, complete: true })]);
    expect(listed[0]?.summary?.eventLogSha256).toBe(summary.eventLogSha256);

    const loaded = await ok<{ events: RunEvent[]; listing: RunListing }>(lab.backend.invoke('loadRun', { runId }));
    expect(loaded.events.at(-1)).toMatchObject({ type: 'run-end', reason: 'stopped' });
    expect(loaded.events.some((e) => e.type === 'fault' && e.source === 'live')).toBe(true);
    expect(loaded.listing.summary?.eventLogSha256).toBe(summary.eventLogSha256);

    const files = readdirSync(join(lab.dataDir, 'runs', runId)).sort();
    expect(files).toEqual(['events.jsonl', 'scenario.json', 'summary.json']);
  });

  it('reopens a run that is still going on with what it has recorded so far', async () => {
    const firstBatch = nextEvent(lab.backend, 'runEvents');
    const { runId } = await ok<{ runId: string }>(lab.backend.invoke('startRun', { scenario: longScenario, mode: 'sim' }));
    await firstBatch;
    const loaded = await ok<{ events: RunEvent[]; listing: RunListing }>(lab.backend.invoke('loadRun', { runId }));
    expect(loaded.listing.live).toBe(true);
    expect(loaded.events[0]?.type).toBe('run-start');
    expect(await fails(lab.backend.invoke('deleteRun', { runId }))).toMatch(/still going on/);
  });

  it('ends by itself and says so', async () => {
    const short = { ...DEFAULT_SCENARIO_INPUT, workload: { clients: 1, ratePerSecond: 50, durationMs: 100 }, faults: [] };
    const fast = lab.make({ startRun: (s, mode, o) => startLiveRun(s, mode, { ...o, batchMs: 10, speed: 20 }) });
    const ended = nextEvent(fast, 'runEnded');
    const { runId } = await ok<{ runId: string }>(fast.invoke('startRun', { scenario: short, mode: 'sim' }));
    const end = await ended;
    expect(end).toMatchObject({ runId, complete: true });
    expect(end.summary.requests.issued).toBeGreaterThan(0);
  });

  it('keeps at most the configured number of runs going at once', async () => {
    const one = lab.make({ maxLiveRuns: 1 });
    await ok(one.invoke('startRun', { scenario: longScenario, mode: 'sim' }));
    expect(await failure(one.invoke('startRun', { scenario: longScenario, mode: 'sim' }))).toEqual({ code: 'busy', error: expect.stringMatching(/at most 1/) });
    await one.shutdown();
    expect(one.liveRunIds()).toEqual([]);
    expect(await failure(one.invoke('startRun', { scenario: longScenario, mode: 'sim' }))).toEqual({ code: 'unavailable', error: expect.stringMatching(/shutting down/) });
  });

  it('turns real mode being unavailable into a clear message and leaves no folder', async () => {
    const noReal = lab.make({
      startRun: () => {
        throw new LiveModeUnavailable('real mode needs the replica program');
      },
    });
    expect(await failure(noReal.invoke('startRun', { scenario: DEFAULT_SCENARIO_INPUT, mode: 'real' }))).toEqual({ code: 'unavailable', error: 'Real mode is not available here: real mode needs the replica program' });
    expect(readdirSync(join(lab.dataDir, 'runs'))).toEqual([]);
  });

  it('reports an unexpected error generically and logs it, and keeps answering', async () => {
    const broken = lab.make({
      startRun: () => {
        throw new Error('disk on fire');
      },
    });
    // The code says it is a bug; the sentence carries nothing of the error, least of all its stack.
    expect(await failure(broken.invoke('startRun', { scenario: DEFAULT_SCENARIO_INPUT, mode: 'sim' }))).toEqual({ code: 'internal', error: INTERNAL_ERROR_MESSAGE });
    expect(lab.logged.join('\n')).toContain('disk on fire');
    expect((await broken.invoke('listRuns', {})).ok).toBe(true);
  });
});

describe('kept runs', () => {
  /** A finished simulated run saved as if it had started at `at`. */
  function keep(at: Date, name: string): string {
    const scenario = parseScenario({ ...DEFAULT_SCENARIO_INPUT, name });
    const { events } = simulate(scenario);
    const runId = newRunId(at);
    saveRun(join(lab.dataDir, 'runs', runId), scenario, events, analyze(events).summary);
    return runId;
  }

  it('lists newest first and skips folders that are not runs', async () => {
    const older = keep(new Date('2025-03-01T10:00:00Z'), 'older');
    const newer = keep(new Date('2025-03-02T10:00:00Z'), 'newer');
    writeFileSync(join(lab.dataDir, 'runs', 'notes.txt'), 'not a run');
    const listed = await ok<RunListing[]>(lab.backend.invoke('listRuns', {}));
    expect(listed.map((r) => [r.runId, r.name, r.startedAt])).toEqual([
      [newer, 'newer', '2025-03-02T10:00:00.000Z'],
      [older, 'older', '2025-03-01T10:00:00.000Z'],
    ]);
    expect(listed.every((r) => r.complete && !r.live && r.summary !== null)).toBe(true);
  });

  it('lists an interrupted run (no end marker, a torn last line) as incomplete and still opens it', async () => {
    const runId = keep(new Date('2025-03-03T10:00:00Z'), 'interrupted');
    const log = join(lab.dataDir, 'runs', runId, 'events.jsonl');
    const lines = readFileSync(log, 'utf8').trimEnd().split('\n');
    const kept = lines.slice(0, Math.floor(lines.length / 2));
    writeFileSync(log, `${kept.join('\n')}\n${lines[kept.length]?.slice(0, 15) ?? '{"t":'}`);

    const listed = await ok<RunListing[]>(lab.backend.invoke('listRuns', {}));
    expect(listed).toEqual([expect.objectContaining({ runId, complete: false, live: false, summary: null, mode: 'sim' })]);

    const loaded = await ok<{ events: RunEvent[]; listing: RunListing }>(lab.backend.invoke('loadRun', { runId }));
    expect(loaded.events).toHaveLength(kept.length);
    expect(loaded.listing.complete).toBe(false);
    expect(loaded.listing.summary?.complete).toBe(false);
    expect(loaded.events.some((e) => e.type === 'run-end')).toBe(false);
  });

  it('says plainly when a run cannot be opened, and deletes a run', async () => {
    const runId = keep(new Date('2025-03-04T10:00:00Z'), 'damaged');
    const log = join(lab.dataDir, 'runs', runId, 'events.jsonl');
    const lines = readFileSync(log, 'utf8').split('\n');
    lines[3] = 'garbage in the middle';
    writeFileSync(log, lines.join('\n'));
    expect(await failure(lab.backend.invoke('loadRun', { runId }))).toEqual({ code: 'damaged', error: expect.stringMatching(new RegExp(`^Run ${runId} cannot be opened: its event log is damaged \\(line 4 is not a valid event\\)`)) });

    expect(await failure(lab.backend.invoke('loadRun', { runId: 'no-such-run' }))).toEqual({ code: 'not-found', error: 'There is no kept run no-such-run.' });
    await ok(lab.backend.invoke('deleteRun', { runId }));
    expect(existsSync(join(lab.dataDir, 'runs', runId))).toBe(false);
    expect(await fails(lab.backend.invoke('deleteRun', { runId }))).toMatch(/There is no kept run/);
  });

  it('says a run whose log holds no run-start stopped before it began', async () => {
    const runId = keep(new Date('2025-03-04T11:00:00Z'), 'never began');
    writeFileSync(join(lab.dataDir, 'runs', runId, 'events.jsonl'), '');
    expect(await failure(lab.backend.invoke('loadRun', { runId }))).toEqual({ code: 'damaged', error: `Run ${runId} cannot be opened: its event log is empty (the run stopped before it began).` });
  });

  it('re-derives the summary from the log rather than trusting summary.json', async () => {
    const runId = keep(new Date('2025-03-05T10:00:00Z'), 'tampered');
    const summaryPath = join(lab.dataDir, 'runs', runId, 'summary.json');
    const real = JSON.parse(readFileSync(summaryPath, 'utf8')) as RunSummary;
    writeFileSync(summaryPath, JSON.stringify({ ...real, requests: { ...real.requests, answeredWrong: 999 } }));
    const loaded = await ok<{ listing: RunListing }>(lab.backend.invoke('loadRun', { runId }));
    expect(loaded.listing.summary?.requests.answeredWrong).toBe(real.requests.answeredWrong);
    expect(loaded.listing.summary?.eventLogSha256).toBe(real.eventLogSha256);
  });
});

describe('events', () => {
  it('keeps delivering to other subscribers when one throws', () => {
    const got: string[] = [];
    lab.backend.subscribe(() => {
      throw new Error('a broken window');
    });
    lab.backend.subscribe((name) => got.push(name));
    lab.backend.emit('scenarioOpened', { path: '/tmp/x.faultlab.json', text: JSON.stringify(defaultScenario()) });
    expect(got).toEqual(['scenarioOpened']);
    expect(lab.logged.join('\n')).toContain('a broken window');
  });
});
