/**
 * `faultlab run` sizes a scenario before it runs it: a run above the memory budget is
 * refused at once (exit 2, the estimate in words, nothing written) unless --force.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../../shared/scenario.js';
import { UsageError } from './args.js';
import { checkBudget, checkDisk } from './commands/run.js';
import { faultlab } from './testing.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'faultlab-budget-'));
});

const write = (name: string, content: unknown): string => {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(content));
  return p;
};

/** The scenario that froze a lab PC: 15 replicas, 100,000 requests a second for ten minutes. */
const HUGE = { faultlab: 1, scheme: 'state-machine', failureModel: 'arbitrary', k: 7, replicas: 15, workload: { clients: 16, ratePerSecond: 100_000, durationMs: 600_000 } };
const SMALL = { faultlab: 1, scheme: 'state-machine', failureModel: 'arbitrary', k: 1, replicas: 3, workload: { clients: 1, ratePerSecond: 50, durationMs: 400 } };

describe('faultlab run: the memory budget', () => {
  it('refuses the n=15, 100,000 req/s, 600 s scenario at once, saying why and what it would cost', () => {
    const out = join(dir, 'huge-out');
    const r = faultlab('run', write('huge.faultlab.json', HUGE), '--mode', 'sim', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^faultlab: .*too big for the memory budget/);
    expect(r.stderr).toMatch(/times the budget of 2\.0 GB/);
    expect(r.stderr).toMatch(/estimate \(not a measurement\): [\d.,]+ (million|billion) requests/);
    expect(r.stderr).toMatch(/--force/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses in real mode too, before any replica starts', () => {
    const r = faultlab('run', write('huge-real.faultlab.json', HUGE), '--out', join(dir, 'huge-real-out'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/too big for the memory budget/);
    expect(existsSync(join(dir, 'huge-real-out'))).toBe(false);
  });

  it('--budget-mb sets the budget: a small scenario over a tiny budget is refused, and runs with --force', () => {
    const file = write('small.faultlab.json', SMALL);
    const refused = faultlab('run', file, '--mode', 'sim', '--budget-mb', '1');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/times the budget of 1 MB/);

    const forced = faultlab('run', file, '--mode', 'sim', '--budget-mb', '1', '--force', '--json');
    expect(forced.code).toBe(0);
    expect((JSON.parse(forced.stdout) as { requests: { issued: number } }).requests.issued).toBe(20);
    expect(forced.stderr).toMatch(/over the memory budget.*--force/);

    const fits = faultlab('run', file, '--mode', 'sim', '--json');
    expect(fits.code).toBe(0);
    expect(fits.stderr).toBe('');
  });

  it('--budget-mb takes a whole number of megabytes', () => {
    const r = faultlab('run', '--mode', 'sim', '--budget-mb', 'lots');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--budget-mb: expected a whole number/);
  });
});

describe('faultlab run: a run too large to hold in memory', () => {
  const lines = (): { io: { out: (t: string) => void; err: (t: string) => void }; err: string[] } => {
    const err: string[] = [];
    return { io: { out: () => {}, err: (t) => void err.push(t) }, err };
  };

  it('is streamed (its log to disk, folded as it goes), so the 10 s version of the huge scenario fits an 8 GB PC, and is announced as long', () => {
    const { io, err } = lines();
    const tenSeconds = parseScenario({ ...HUGE, workload: { ...HUGE.workload, durationMs: 10_000 } });
    const estimate = checkBudget(tenSeconds, 'sim', 2048, false, io);
    expect(estimate.streamed).toBe(true);
    expect(estimate.peakMemoryMb).toBeLessThan(1024);
    expect(err.join('\n')).toMatch(/^faultlab: a long run: estimate \(not a measurement\): 1\.0 million requests, [\d.]+ million events/);
    // Real mode streams too: the same workload fits the budget there, and is announced as long (the relay cannot keep 100,000 requests a second).
    const real = lines();
    const realEstimate = checkBudget(tenSeconds, 'real', 2048, false, real.io);
    expect(realEstimate.streamed).toBe(true);
    expect(realEstimate.peakMemoryMb).toBeLessThan(2048);
    expect(real.err.join('\n')).toMatch(/^faultlab: a long run: .* in real mode$/);
    // A small simulation is held in memory as before, and says nothing.
    const small = lines();
    expect(checkBudget(parseScenario(SMALL), 'sim', 2048, false, small.io).streamed).toBe(false);
    expect(small.err).toEqual([]);
  });

  it('is refused when its event log would not fit on the disk of --out, unless forced', () => {
    const tenSeconds = parseScenario({ ...HUGE, workload: { ...HUGE.workload, durationMs: 10_000 } });
    const estimate = checkBudget(tenSeconds, 'sim', 2048, false, lines().io);
    const tenGb = 10 * 2 ** 30;
    expect(() => checkDisk(estimate, '/lab/out', false, lines().io, tenGb)).toThrow(UsageError);
    expect(() => checkDisk(estimate, '/lab/out', false, lines().io, tenGb)).toThrow(/--out \/lab\/out: the event log would take about [\d.]+ GB and the disk there has 10\.0 GB free/);
    const forced = lines();
    checkDisk(estimate, '/lab/out', true, forced.io, tenGb);
    expect(forced.err.join('')).toMatch(/--force/);
    const roomy = lines();
    checkDisk(estimate, '/lab/out', false, roomy.io, 100 * tenGb);
    expect(roomy.err).toEqual([]);
  });
});
