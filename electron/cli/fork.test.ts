/**
 * `faultlab fork` as a student's script sees it: a primary-backup run without retries that
 * lost requests when its primary crashed, forked at the crash without it; then the kept fork
 * forked again; bad forks refused in one line (exit 2); a real-process run refused.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { faultlab } from './testing.js';
import { PB_WITHOUT_RETRIES } from '../../shared/testing/fork-parent.js';

let dir: string;
let scenarioPath: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'faultlab-fork-'));
  scenarioPath = join(dir, 'pb.faultlab.json');
  writeFileSync(scenarioPath, JSON.stringify(PB_WITHOUT_RETRIES));
});

describe('faultlab fork', () => {
  it('forks at the crash without it: the lost requests are answered, the fork is kept with its parent named', () => {
    const out = join(dir, 'fork1');
    const r = faultlab('fork', scenarioPath, '--at', '1000', '--drop-later', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Forked from "PB without retries" at 1000 ms');
    expect(r.stdout).toContain('dropped: crash at 1000 ms');
    expect(r.stdout).toMatch(/lost → answered correctly: \d+/);
    const origin = JSON.parse(readFileSync(join(out, 'fork.json'), 'utf8')) as { parent: { name: string; eventLogSha256: string }; atMs: number };
    expect(origin.parent.name).toBe('PB without retries');
    expect(origin.parent.eventLogSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(origin.atMs).toBe(1000);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { requests: { lost: number }; scenarioName: string };
    expect(summary.requests.lost).toBe(0);
    expect(summary.scenarioName).toBe('PB without retries (fork at 1000 ms)');

    // The kept fork forked again at 1500 ms: its own log is the parent now; crashing both replicas loses requests.
    const again = faultlab('fork', out, '--at', '1500', '--fault', '{"type":"crash","replica":1}', '--fault', '{"type":"crash","replica":2}', '--json');
    expect(again.code).toBe(0);
    const j = JSON.parse(again.stdout) as { fork: { parent: { runDir: string } }; summary: { requests: { lost: number } }; differences: { a: string; b: string }[] };
    expect(j.fork.parent.runDir).toBe(out);
    expect(j.summary.requests.lost).toBeGreaterThan(0);
    expect(j.differences.every((d) => d.a === 'answered-correct' && d.b === 'lost')).toBe(true);
  });

  it('refuses a fork that changes its past, names a replica that does not exist, or changes nothing: exit 2, one line', () => {
    for (const [args, message] of [
      [['--at', '1000', '--fault', '{"type":"crash","replica":2,"atMs":10}'], /before the fork's moment/],
      [['--at', '1000', '--fault', '{"type":"crash","replica":9}'], /replica 9 does not exist/],
      [['--at', '1000', '--fault', 'crash 2'], /--fault: expected a fault as JSON/],
      [['--at', '1000'], /changes nothing/],
      [['--fault', '{"type":"heal"}'], /--at: give the moment/],
    ] as const) {
      const r = faultlab('fork', scenarioPath, ...args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });

  it('refuses a kept run of real processes: its timing cannot be replayed', () => {
    const out = join(dir, 'real');
    expect(faultlab('run', scenarioPath, '--out', out).code).toBe(0);
    const r = faultlab('fork', out, '--at', '500', '--drop-later');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/a run of real processes cannot be replayed to a moment/);
  });
});
