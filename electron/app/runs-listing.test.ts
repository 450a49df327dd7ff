/**
 * The list of kept runs shows what opens, and says why a run cannot be opened: a folder
 * named so that no run id can name it is left out; a run whose files are damaged, or are
 * not regular files (a named pipe, a symbolic link out of the data folder), is listed as
 * unreadable with the reason, and such a file is never opened (a pipe would hang the list).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunListing } from '../../shared/api.js';
import { analyze } from '../../shared/analysis/summary.js';
import { simulate } from '../../shared/engine/sim.js';
import { DEFAULT_SCENARIO_INPUT } from '../../shared/presets.js';
import { parseScenario } from '../../shared/scenario.js';
import { saveRun } from '../runtime/run-folder.js';
import { failure, labPerTest, ok } from './testing/backend.js';
import { newRunId } from './handlers.js';

const lab = labPerTest('faultlab-listing-');

function keep(at: Date, name: string): string {
  const scenario = parseScenario({ ...DEFAULT_SCENARIO_INPUT, name, workload: { clients: 1, ratePerSecond: 20, durationMs: 300 } });
  const { events } = simulate(scenario);
  const runId = newRunId(at);
  saveRun(join(lab.dataDir, 'runs', runId), scenario, events, analyze(events).summary);
  return runId;
}

const listRuns = (): Promise<RunListing[]> => ok<RunListing[]>(lab.backend.invoke('listRuns', {}));

describe('listing kept runs', () => {
  it('leaves out a folder no run id can name, and lists a damaged run as unreadable, saying why', async () => {
    const good = keep(new Date('2025-04-01T10:00:00Z'), 'good');
    const runs = join(lab.dataDir, 'runs');
    cpSync(join(runs, good), join(runs, 'copy of a run'), { recursive: true });
    cpSync(join(runs, good), join(runs, 'run.bak'), { recursive: true });
    const bad = keep(new Date('2025-04-02T10:00:00Z'), 'bad');
    writeFileSync(join(runs, bad, 'scenario.json'), '{"faultlab": 1, "scheme": "paxos"}');

    const listed = await listRuns();
    expect(listed.map((r) => r.runId)).toEqual([bad, good]);
    expect(listed[1]).not.toHaveProperty('unreadable');
    expect(listed[0]).toMatchObject({ runId: bad, name: bad, complete: false, summary: null, unreadable: expect.stringMatching(/^its scenario\.json is not valid \(scheme: expected one of/) });
    for (const r of listed) expect((await lab.backend.invoke('loadRun', { runId: r.runId })).ok).toBe(r.unreadable === undefined);
  });

  it('lists a run whose event log is a named pipe as unreadable, without opening it', async () => {
    const runId = keep(new Date('2025-04-03T10:00:00Z'), 'piped');
    const log = join(lab.dataDir, 'runs', runId, 'events.jsonl');
    rmSync(log);
    execFileSync('mkfifo', [log]);
    const listed = await listRuns();
    expect(listed).toEqual([expect.objectContaining({ runId, scheme: 'state-machine', unreadable: `${log} is a named pipe (FIFO), not a regular file; it was not opened` })]);
    expect(await failure(lab.backend.invoke('loadRun', { runId }))).toEqual({ code: 'damaged', error: `Run ${runId} cannot be opened: ${log} is a named pipe (FIFO), not a regular file; it was not opened.` });
  });

  it('does not follow a symbolic link out of the data folder: a linked file or run folder is unreadable', async () => {
    const linkedFile = keep(new Date('2025-04-04T10:00:00Z'), 'linked file');
    const outside = join(lab.dataDir, '..', `outside-${linkedFile}.json`);
    writeFileSync(outside, readFileSync(join(lab.dataDir, 'runs', linkedFile, 'scenario.json')));
    const scenarioPath = join(lab.dataDir, 'runs', linkedFile, 'scenario.json');
    rmSync(scenarioPath);
    symlinkSync(outside, scenarioPath);

    const elsewhere = join(lab.dataDir, '..', `elsewhere-${linkedFile}`);
    mkdirSync(elsewhere, { recursive: true });
    const linkedFolder = newRunId(new Date('2025-04-05T10:00:00Z'));
    symlinkSync(elsewhere, join(lab.dataDir, 'runs', linkedFolder));

    const listed = await listRuns();
    expect(listed.map((r) => [r.runId, r.unreadable])).toEqual([
      [linkedFolder, 'its folder is a symbolic link, which the lab does not follow'],
      [linkedFile, `${scenarioPath} is a symbolic link, not a regular file; it was not opened`],
    ]);
    expect((await lab.backend.invoke('loadRun', { runId: linkedFile })).ok).toBe(false);
  });
});
