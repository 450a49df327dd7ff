/**
 * `faultlab test`: the starter kits' correct state-machine replica passes every claim of
 * its suite; the primary-backup kit's deliberate bug fails the claim made to show it; bad
 * input is refused (exit 2) before anything runs.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../args.js';
import { claimsFor, testCommand } from './test.js';

const kits = join(__dirname, '..', '..', '..', 'examples', 'replicas', 'javascript');

async function faultlabTest(...argv: string[]): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const code = await testCommand.run(argv, { out: (t) => out.push(t), err: (t) => out.push(t) });
  return { code, out };
}

describe('faultlab test', () => {
  it('the JavaScript state-machine kit: every claim holds, exit 0', async () => {
    const { code, out } = await faultlabTest('--replica-cmd', `"${process.execPath}" "${join(kits, 'smr-replica.mjs')}"`, '--scheme', 'state-machine');
    expect(out.at(-1)).toBe(`${claimsFor('state-machine', 'x').length} of ${claimsFor('state-machine', 'x').length} claims hold`);
    expect(out.filter((l) => l.startsWith('FAILS'))).toEqual([]);
    expect(code).toBe(0);
  }, 180_000);

  it('the JavaScript primary-backup kit: its bug fails the failover claim, exit 1', async () => {
    const { code, out } = await faultlabTest('--replica-cmd', `"${process.execPath}" "${join(kits, 'pb-replica.mjs')}"`, '--scheme', 'primary-backup', '--json');
    const report = JSON.parse(out.at(-1) ?? '{}') as { claims: { name: string; holds: boolean; failed: string[] }[] };
    const failover = report.claims.find((c) => c.name === 'omission-failover');
    expect(failover?.holds).toBe(false);
    expect(failover?.failed.some((f) => f.startsWith('no wrong answer accepted'))).toBe(true);
    expect(code).toBe(1);
  }, 180_000);

  it('refuses a missing command, an unknown scheme or a scenario file, before running anything', async () => {
    await expect(faultlabTest('--scheme', 'state-machine')).rejects.toThrow(UsageError);
    await expect(faultlabTest('--replica-cmd', 'x', '--scheme', 'paxos')).rejects.toThrow('--scheme: expected one of');
    await expect(faultlabTest('lab.faultlab.json', '--replica-cmd', 'x', '--scheme', 'raft')).rejects.toThrow('test takes no scenario file');
  });

  it('every claim of every suite runs the command on every replica, in real mode only', () => {
    for (const scheme of ['state-machine', 'primary-backup', 'raft'] as const) {
      for (const c of claimsFor(scheme, 'my-replica')) {
        expect(c.scenario.replica).toEqual({ command: 'my-replica' });
        expect(c.checks.length).toBeGreaterThan(0);
      }
    }
  });
});
