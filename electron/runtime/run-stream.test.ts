/**
 * A simulated run too large to hold in memory is streamed: its log goes to the run folder
 * as it is generated and the analysis folds it as it passes. The folder must be the one a
 * run held in memory writes, byte for byte, and the summary the same.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../shared/scenario.js';
import { PB_WITHOUT_RETRIES } from '../../shared/testing/fork-parent.js';
import { analyze } from '../../shared/analysis/summary.js';
import { loadRun } from './run-folder.js';
import { runScenario, RunTooLarge, simulateToDisk } from './run.js';

describe('runScenario: a streamed simulation', () => {
  it('writes the same event log and summary as a run held in memory, and holds no events itself', async () => {
    const scenario = parseScenario(PB_WITHOUT_RETRIES);
    const root = mkdtempSync(join(tmpdir(), 'faultlab-stream-'));
    const held = await runScenario(scenario, 'sim', { dir: join(root, 'held') });
    const streamed = await runScenario(scenario, 'sim', { dir: join(root, 'streamed'), keepEvents: false });
    expect(streamed.events).toEqual([]);
    expect(streamed.summary).toEqual(held.summary);
    expect(held.summary.requests.lost).toBeGreaterThan(0);
    for (const file of ['events.jsonl', 'summary.json', 'scenario.json']) {
      expect(readFileSync(join(root, 'streamed', file), 'utf8'), file).toBe(readFileSync(join(root, 'held', file), 'utf8'));
    }
    // The streamed folder reopens as any run does.
    expect(loadRun(join(root, 'streamed')).summary).toEqual(held.summary);
  });

  it('without a folder, the summary still carries the log digest', async () => {
    const scenario = parseScenario(PB_WITHOUT_RETRIES);
    const held = await runScenario(scenario, 'sim');
    const streamed = await runScenario(scenario, 'sim', { keepEvents: false });
    expect(streamed.summary.eventLogSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(streamed.summary).toEqual(held.summary);
  });

  it('runs on a worker thread whose heap is capped: a run that needs more ends with an error saying so, and the process goes on', async () => {
    const scenario = parseScenario({ faultlab: 1, scheme: 'state-machine', failureModel: 'arbitrary', k: 3, replicas: 7, workload: { clients: 8, ratePerSecond: 20_000, durationMs: 2000 } });
    const dir = join(mkdtempSync(join(tmpdir(), 'faultlab-stream-')), 'capped');
    await expect(runScenario(scenario, 'sim', { dir, keepEvents: false, heapMb: 8 })).rejects.toThrow(RunTooLarge);
    await expect(runScenario(scenario, 'sim', { dir: dir + '-again', keepEvents: false, heapMb: 8 })).rejects.toThrow(/needed more than the 8 MB of memory it was sized for \(.*capped-again keeps the event log written until then\)/);
    // The same process runs the next simulation as usual.
    const small = parseScenario(PB_WITHOUT_RETRIES);
    expect((await runScenario(small, 'sim', { keepEvents: false })).summary.requests.lost).toBeGreaterThan(0);
  });

  it('in this thread too (what the worker runs), the same summary', () => {
    const scenario = parseScenario(PB_WITHOUT_RETRIES);
    const dir = join(mkdtempSync(join(tmpdir(), 'faultlab-stream-')), 'here');
    const summary = simulateToDisk(scenario, dir);
    expect(loadRun(dir).summary).toEqual(summary);
  });
});

describe('runScenario: a real run whose log is not held', () => {
  it('writes its log as it goes and folds it as it happens: the summary is the one its written log gives, and no event is held', async () => {
    const scenario = parseScenario(PB_WITHOUT_RETRIES);
    const dir = join(mkdtempSync(join(tmpdir(), 'faultlab-stream-')), 'real');
    const run = await runScenario(scenario, 'real', { dir, keepEvents: false });
    expect(run.events).toEqual([]);
    const loaded = loadRun(dir);
    // The primary's crash loses requests in real processes as in the simulator.
    expect(run.summary.requests.lost).toBeGreaterThan(0);
    expect(run.summary).toEqual(analyze(loaded.events, { linearizability: true }).summary);
    expect(loaded.summary.eventLogSha256).toBe(run.summary.eventLogSha256);
  });

  it('without a folder, the summary still carries the digest of the log it would have written', async () => {
    const scenario = parseScenario(PB_WITHOUT_RETRIES);
    const run = await runScenario(scenario, 'real', { keepEvents: false });
    expect(run.events).toEqual([]);
    expect(run.summary.eventLogSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(run.summary.requests.issued).toBeGreaterThan(0);
  });
});
