/**
 * `faultlab hunt` as a teacher's script sees it: the installed bin, a scenario file with
 * its faults removed, the minimal scenario and failing run it writes, and the exit code.
 * Budgets are in runs (never seconds), so the result does not depend on machine speed.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../shared/scenario.js';
import { faultlab, ROOT } from './testing.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'faultlab-hunt-'));
});

/** An example scenario, written with no faults of its own. */
function withoutFaults(name: string): string {
  const value = JSON.parse(readFileSync(join(ROOT, 'examples', `${name}.faultlab.json`), 'utf8')) as Record<string, unknown>;
  const path = join(dir, `${name}.faultlab.json`);
  writeFileSync(path, JSON.stringify({ ...value, faults: [] }));
  return path;
}

const minimalIn = (out: string) => parseScenarioText(readFileSync(join(out, 'minimal.faultlab.json'), 'utf8'));

describe('faultlab hunt', () => {
  it('shrinks a request loss in primary-backup without retries to one crash of the primary, and writes it with its run and report', () => {
    const out = join(dir, 'pb');
    const r = faultlab('hunt', withoutFaults('pb-request-loss-no-retry'), '--check', 'no-lost', '--faults', 'crash,restart,pause,resume', '--budget', '200', '--workers', '2', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('at 0 ms: crash replica 1');
    expect(r.stdout).toMatch(/!\s+Lost\s+[1-9]/);
    expect(r.stderr).toContain('check failed: no-lost');
    expect(r.stderr).toMatch(/runs\/s/);
    expect(minimalIn(out).faults).toEqual([{ atMs: 0, type: 'crash', replica: 1 }]);
    for (const f of ['run/events.jsonl', 'run/summary.json', 'run/scenario.json', 'report.html']) expect(existsSync(join(out, f))).toBe(true);
    // The minimal scenario replays: the same check fails on it.
    const replay = faultlab('run', join(out, 'minimal.faultlab.json'), '--mode', 'sim', '--check', 'no-lost');
    expect(replay.code).toBe(1);
  });

  it('shrinks split brain without fencing to one partition', () => {
    const out = join(dir, 'sb');
    const r = faultlab('hunt', withoutFaults('split-brain-no-fencing'), '--check', 'no-split-brain', '--faults', 'partition,heal', '--budget', '200', '--out', out);
    expect(r.code).toBe(1);
    const faults = minimalIn(out).faults;
    expect(faults).toHaveLength(1);
    expect(faults[0]?.type).toBe('partition');
  });

  it('finds no wrong answer from state-machine replication with at most k liars, and says what it covered', () => {
    const r = faultlab('hunt', withoutFaults('why-2k-plus-1-masked'), '--check', 'no-wrong', '--faults', 'byzantine', '--max-faults', '1', '--budget', '100', '--workers', '2');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No schedule broke no-wrong within the budget');
    expect(r.stdout).toContain('100 distinct schedules tried');
    expect(r.stdout).toContain('coverage: 12 of 12');
  });

  it('gives the same minimal scenario with 1 and with 2 workers for the same seed', () => {
    const file = withoutFaults('split-brain-no-fencing');
    const outs = ['1', '2'].map((w) => {
      const out = join(dir, `w${w}`);
      const r = faultlab('hunt', file, '--check', 'no-split-brain', '--faults', 'partition,heal,crash,delay', '--seed', '77', '--budget', '200', '--workers', w, '--out', out);
      expect(r.code).toBe(1);
      return readFileSync(join(out, 'minimal.faultlab.json'), 'utf8');
    });
    expect(outs[1]).toBe(outs[0]);
  });

  it.each([
    [['--faults', 'crash'], '--check: a hunt takes exactly one check'],
    [['--check', 'no-lost', '--check', 'no-wrong'], '--check: a hunt takes exactly one check'],
    [['--check', 'no-lots'], '--check: unknown check "no-lots"'],
    [['--check', 'no-lost', '--faults', 'crash,meteor'], '--faults: unknown fault kind "meteor"'],
    [['--check', 'no-lost', '--budget', '10m'], '--budget: expected a number of runs (500) or of seconds (30s)'],
    [['--check', 'no-lost', '--workers', '0'], '--workers: must be between 1 and'],
  ])('refuses bad input %j with exit 2 and one line', (args, message) => {
    const r = faultlab('hunt', withoutFaults('pb-request-loss-no-retry'), ...args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(message);
  });
});
