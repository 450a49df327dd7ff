/**
 * The app's main side and a scenario with a replica program of one's own: simulation
 * refuses it in one sentence, a command that does not start is refused with its reason
 * (a bad call, not an internal error), and neither leaves a run folder or a process behind.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO_INPUT } from '../../shared/presets.js';
import { liveChildCount } from '../runtime/supervisor.js';
import { failure, labPerTest } from './testing/backend.js';

const lab = labPerTest('faultlab-own-replica-app-');
const short = { ...DEFAULT_SCENARIO_INPUT, workload: { clients: 1, ratePerSecond: 50, durationMs: 400 }, faults: [] };

function runFolders(dataDir: string): string[] {
  const runs = join(dataDir, 'runs');
  return existsSync(runs) ? readdirSync(runs) : [];
}

describe('a replica program of your own in the app', () => {
  it('simulation refuses it, saying why', async () => {
    const f = await failure(lab.backend.invoke('startRun', { scenario: { ...short, replica: { command: 'python3 my_replica.py' } }, mode: 'sim' }));
    expect(f.code).toBe('bad-call');
    expect(f.error).toBe(
      'Cannot run this in simulation: the scenario runs a replica program of your own ("python3 my_replica.py"), which only real mode can host: the simulator runs the built-in replica in one thread; choose real mode, or remove the scenario\'s replica command.',
    );
    expect(runFolders(lab.dataDir)).toEqual([]);
  });

  it('a command that does not start: a bad call naming the replica and the reason, no run folder, no process', async () => {
    const real = lab.make({ realModeAvailable: () => true });
    const f = await failure(real.invoke('startRun', { scenario: { ...short, replica: { command: 'faultlab-no-such-replica-program', replicas: [2] } }, mode: 'real' }));
    expect(f.code).toBe('bad-call');
    expect(f.error).toMatch(/^The replica processes did not start: replica 2: process \d+ exited \(code 127\): .*faultlab-no-such-replica-program.*not found\.$/);
    expect(runFolders(lab.dataDir)).toEqual([]);
    expect(liveChildCount()).toBe(0);
  }, 30_000);
});
