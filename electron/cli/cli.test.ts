/**
 * The `faultlab` command as a teacher's script sees it: the installed bin, real files,
 * exit codes, stdout and stderr.
 */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { faultlab } from './testing.js';
import { DEFAULT_SCENARIO_INPUT } from '../../shared/presets.js';


let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'faultlab-cli-'));
});

const write = (name: string, content: unknown): string => {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};

describe('faultlab run --mode sim', () => {
  it('runs the built-in default scenario and prints a readable summary', () => {
    const r = faultlab('run', '--mode', 'sim');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Voting masks one liar');
    expect(r.stdout).toMatch(/Answered correctly\s+1000/);
    expect(r.stderr).toBe('');
  });

  it('prints one JSON summary with every field of the contract', () => {
    const r = faultlab('run', '--mode', 'sim', '--json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as Record<string, unknown>;
    for (const f of ['scheme', 'mode', 'seed', 'n', 'k', 'failureModel', 'requests', 'latencyMs', 'throughputRps', 'votes', 'failovers', 'splitBrain', 'messages', 'cpuMsPerRequest', 'divergence', 'eventLogSha256']) {
      expect(s).toHaveProperty(f);
    }
    expect(Object.keys(s.requests as object)).toEqual(expect.arrayContaining(['issued', 'answeredCorrect', 'answeredWrong', 'lost', 'undecided', 'executedTwice']));
    expect(s.mode).toBe('sim');
  });

  it('gives the same event log for the same scenario and seed, another for another seed', () => {
    const a = JSON.parse(faultlab('run', '--mode', 'sim', '--json').stdout) as { eventLogSha256: string };
    const b = JSON.parse(faultlab('run', '--mode', 'sim', '--json').stdout) as { eventLogSha256: string };
    const c = JSON.parse(faultlab('run', '--mode', 'sim', '--json', '--seed', '43').stdout) as { eventLogSha256: string; seed: number };
    expect(a.eventLogSha256).toBe(b.eventLogSha256);
    expect(c.seed).toBe(43);
    expect(c.eventLogSha256).not.toBe(a.eventLogSha256);
  });

  it('saves a run folder with --out whose log hashes to the summary', async () => {
    const out = join(dir, 'run1');
    const r = faultlab('run', '--mode', 'sim', '--out', out, '--json');
    expect(r.code).toBe(0);
    for (const f of ['scenario.json', 'events.jsonl', 'summary.json']) expect(existsSync(join(out, f))).toBe(true);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { eventLogSha256: string };
    const { createHash } = await import('node:crypto');
    const sha = createHash('sha256').update(readFileSync(join(out, 'events.jsonl'))).digest('hex');
    expect(sha).toBe(summary.eventLogSha256);
    expect(readFileSync(join(out, 'events.jsonl'), 'utf8').trim().split('\n').at(-1)).toContain('"run-end"');
  });

  it('exits 1 when a requested check fails, 0 when it holds', () => {
    const liars = write('liars.faultlab.json', { ...DEFAULT_SCENARIO_INPUT, faults: [
      { atMs: 0, type: 'byzantine', replica: 2, behavior: 'collude' },
      { atMs: 0, type: 'byzantine', replica: 3, behavior: 'collude' },
    ] });
    const bad = faultlab('run', liars, '--mode', 'sim', '--check', 'no-wrong');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('check failed: no-wrong');
    expect(faultlab('run', '--mode', 'sim', '--check', 'no-wrong', '--check', 'no-lost').code).toBe(0);
  });

  it('runs both schemes, every service and every fault type', () => {
    const faults = [
      { atMs: 100, type: 'omission', replica: 2, probability: 0.2, direction: 'send', untilMs: 400 },
      { atMs: 100, type: 'delay', replica: 2, ms: 5, jitterMs: 2, untilMs: 400 },
      { atMs: 100, type: 'duplicate', replica: 2, probability: 0.3, untilMs: 400 },
      { atMs: 100, type: 'reorder', replica: 2, windowMs: 5, untilMs: 400 },
      { atMs: 200, type: 'partition', groups: [[1, 'clients'], [2, 3]] },
      { atMs: 300, type: 'heal' },
      { atMs: 350, type: 'pause', replica: 3 },
      { atMs: 420, type: 'resume', replica: 3 },
      { atMs: 500, type: 'crash', replica: 2 },
      { atMs: 650, type: 'restart', replica: 2 },
      { atMs: 700, type: 'byzantine', replica: 3, behavior: 'stale' },
    ];
    for (const scheme of ['state-machine', 'primary-backup']) {
      for (const service of ['counter', 'kv', 'bank']) {
        const p = write(`all-${scheme}-${service}.faultlab.json`, { faultlab: 1, scheme, failureModel: scheme === 'state-machine' ? 'arbitrary' : 'fail-stop', k: 1, replicas: 3, service, workload: { clients: 2, ratePerSecond: 100, durationMs: 1000 }, faults });
        const r = faultlab('run', p, '--mode', 'sim', '--json');
        expect(r.code, r.stderr).toBe(0);
        const s = JSON.parse(r.stdout) as { scheme: string; requests: { issued: number } };
        expect(s.scheme).toBe(scheme);
        expect(s.requests.issued).toBe(100);
      }
    }
  });
});

describe('bad input: exit 2, one line on stderr, nothing on stdout', () => {
  const cases: [string, () => string[], RegExp][] = [
    ['malformed JSON', () => ['run', write('broken.faultlab.json', '{ "faultlab": 1, '), '--mode', 'sim'], /broken\.faultlab\.json: not valid JSON/],
    ['an unknown scheme', () => ['run', write('paxos.faultlab.json', { ...DEFAULT_SCENARIO_INPUT, scheme: 'paxos' }), '--mode', 'sim'], /scheme: expected one of/],
    ['a negative k', () => ['run', write('negk.faultlab.json', { ...DEFAULT_SCENARIO_INPUT, k: -1 }), '--mode', 'sim'], /k: /],
    ['a fault naming replica 9 of 3', () => ['run', write('r9.faultlab.json', { ...DEFAULT_SCENARIO_INPUT, faults: [{ atMs: 0, type: 'crash', replica: 9 }] }), '--mode', 'sim'], /faults\[0\]\.replica: replica 9 does not exist/],
    ['a missing file', () => ['run', join(dir, 'nope.faultlab.json'), '--mode', 'sim'], /nope\.faultlab\.json: no such file/],
    ['an unknown flag', () => ['run', '--colour'], /colour/],
    ['a bad seed', () => ['run', '--mode', 'sim', '--seed', 'abc'], /--seed: expected a whole number/],
    ['an unknown mode', () => ['run', '--mode', 'quantum'], /--mode: expected real or sim/],
    ['an unknown command', () => ['frobnicate'], /unknown command "frobnicate"/],
    ['an unknown check', () => ['run', '--mode', 'sim', '--check', 'no-bugs'], /unknown check "no-bugs"/],
    ['an output folder inside a file', () => ['run', '--mode', 'sim', '--out', join(write('plain.txt', 'x'), 'run')], /cannot write .*plain\.txt\/run: a part of the path is not a folder/],
    [
      'an output folder that already holds a run',
      () => {
        const out = join(dir, 'taken');
        faultlab('run', '--mode', 'sim', '--out', out);
        return ['run', '--mode', 'sim', '--out', out];
      },
      /already holds a run; choose an empty folder/,
    ],
  ];
  for (const [name, args, pattern] of cases) {
    it(name, () => {
      const r = faultlab(...args());
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^faultlab: /);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr).not.toMatch(/\bat .*\.(c?js|ts):\d+/);
    });
  }
});
