/**
 * The cost model against measured runs: for a spread of small scenarios (every scheme,
 * replica counts, clients, rates, durations, faults) the estimated events and log bytes
 * are within 2x of what a simulated run records. Counts only: time is never asserted.
 */
import { describe, expect, it } from 'vitest';
import { estimateCost, overBudget, DEFAULT_BUDGET_MB, describeEstimate, requestCount } from './cost.js';
import { simulate } from './engine/sim.js';
import { serializeEvent } from './events.js';
import { defaultScenario } from './presets.js';
import type { ScenarioInput } from './scenario.js';
import { parseScenario } from './scenario.js';

const utf8 = new TextEncoder();

function measured(input: ScenarioInput): { events: number; logBytes: number; requests: number } {
  const { events } = simulate(parseScenario(input));
  let logBytes = 0;
  for (const e of events) logBytes += utf8.encode(serializeEvent(e)).length + 1;
  return { events: events.length, logBytes, requests: events.filter((e) => e.type === 'request').length };
}

const base = (scheme: ScenarioInput['scheme'], more: Partial<ScenarioInput> = {}): ScenarioInput => ({
  faultlab: 1,
  scheme,
  failureModel: scheme === 'state-machine' || scheme === 'pbft' ? 'arbitrary' : 'fail-stop',
  k: 1,
  seed: 3,
  workload: { clients: 2, ratePerSecond: 100, durationMs: 1000 },
  ...more,
});

const SPREAD: [string, ScenarioInput][] = [
  ['state-machine n=3 (default-like)', base('state-machine')],
  ['state-machine n=7 k=3, 8 clients at 300/s', base('state-machine', { k: 3, workload: { clients: 8, ratePerSecond: 300, durationMs: 800 } })],
  ['state-machine fail-stop n=2, 1 client at 20/s for 3 s', base('state-machine', { failureModel: 'fail-stop', workload: { clients: 1, ratePerSecond: 20, durationMs: 3000 } })],
  ['state-machine n=5 with a crash and a colluding liar', base('state-machine', { k: 2, faults: [{ atMs: 0, type: 'byzantine', replica: 2, behavior: 'collude' }, { atMs: 400, type: 'crash', replica: 1 }] })],
  ['primary-backup n=2 primary crash', base('primary-backup', { workload: { clients: 2, ratePerSecond: 100, durationMs: 1500 }, faults: [{ atMs: 500, type: 'crash', replica: 1 }] })],
  ['primary-backup n=4 at 400/s', base('primary-backup', { k: 3, workload: { clients: 4, ratePerSecond: 400, durationMs: 500 } })],
  ['primary-backup n=3 with 30% omission', base('primary-backup', { k: 2, faults: [{ atMs: 0, type: 'omission', replica: 2, probability: 0.3, untilMs: 800 }] })],
  ['primary-backup n=3 partitioned, heartbeat 20 ms', base('primary-backup', { k: 2, timing: { networkDelayMs: [1, 3], heartbeatMs: 20, failureTimeoutMs: 100, clientTimeoutMs: 300, clientRetries: 2 }, faults: [{ atMs: 300, type: 'partition', groups: [[1], [2, 3]] }, { atMs: 700, type: 'heal' }] })],
  ['raft n=3', base('raft')],
  ['raft n=5 k=2, 16 clients, leader crash', base('raft', { k: 2, workload: { clients: 16, ratePerSecond: 200, durationMs: 1000 }, faults: [{ atMs: 500, type: 'crash', replica: 1 }] })],
  ['raft n=3 at 5/s for 4 s', base('raft', { workload: { clients: 1, ratePerSecond: 5, durationMs: 4000 } })],
  ['state-machine n=5, 4 clients at 3,000/s (crowded: replicas fetch)', base('state-machine', { k: 2, workload: { clients: 4, ratePerSecond: 3000, durationMs: 100 } })],
  ['raft n=5, 4 clients at 10,000/s (crowded: appends resent)', base('raft', { k: 2, workload: { clients: 4, ratePerSecond: 10_000, durationMs: 40 } })],
  ['pbft n=4', base('pbft', { workload: { clients: 2, ratePerSecond: 50, durationMs: 1000 } })],
  ['pbft n=7 k=2, a silent replica', base('pbft', { k: 2, workload: { clients: 3, ratePerSecond: 30, durationMs: 600 }, faults: [{ atMs: 0, type: 'byzantine', replica: 3, behavior: 'silent' }] })],
];

describe('estimateCost against measured runs', () => {
  it.each(SPREAD)('%s: events and log bytes within 2x of the measured run', (_name, input) => {
    const m = measured(input);
    const e = estimateCost(parseScenario(input), 'sim');
    expect(e.requests).toBe(m.requests);
    const ratio = (est: number, real: number): number => est / real;
    expect(ratio(e.events, m.events)).toBeGreaterThanOrEqual(0.5);
    expect(ratio(e.events, m.events)).toBeLessThanOrEqual(2);
    expect(ratio(e.logBytes, m.logBytes)).toBeGreaterThanOrEqual(0.5);
    expect(ratio(e.logBytes, m.logBytes)).toBeLessThanOrEqual(2);
  });

  it('counts the requests of the open-loop workload exactly', () => {
    const s = (clients: number, ratePerSecond: number, durationMs: number) => parseScenario(base('raft', { workload: { clients, ratePerSecond, durationMs } }));
    expect(requestCount(s(2, 100, 1000))).toBe(100);
    expect(requestCount(s(16, 100_000, 1000))).toBe(100_000);
    expect(requestCount(s(3, 0.1, 5000))).toBe(1);
  });

  it('a real run costs more memory than its simulation: one process per replica', () => {
    const s = defaultScenario();
    expect(estimateCost(s, 'real').peakMemoryMb).toBeGreaterThan(estimateCost(s, 'sim').peakMemoryMb);
  });
});

describe('the budget', () => {
  const frozeTheLab = parseScenario({ faultlab: 1, scheme: 'state-machine', failureModel: 'arbitrary', k: 7, replicas: 15, workload: { clients: 16, ratePerSecond: 100_000, durationMs: 1000 } });

  it('the default scenario fits the default budget in both modes', () => {
    const s = defaultScenario();
    expect(overBudget(s, estimateCost(s, 'sim'), DEFAULT_BUDGET_MB)).toBeNull();
    expect(overBudget(s, estimateCost(s, 'real'), DEFAULT_BUDGET_MB)).toBeNull();
  });

  it('refuses the scenario that froze the lab, saying what is too big, by how much and what to lower', () => {
    const e = estimateCost(frozeTheLab, 'sim');
    const why = overBudget(frozeTheLab, e, DEFAULT_BUDGET_MB);
    expect(why).toMatch(/too big for the memory budget/);
    expect(why).toMatch(/times the budget of 2\.0 GB/);
    expect(why).toMatch(/100,000 requests \(100,000 per second for 1 s\) to 15 replicas/);
    expect(why).toMatch(/Lower workload\.ratePerSecond to [\d,.]+ or less, or workload\.durationMs to [\d,]+ or less/);
    // The suggested rate fits the budget.
    const rate = Number(/ratePerSecond to ([\d,.]+)/.exec(why ?? '')?.[1]?.replace(/,/g, ''));
    const lowered = { ...frozeTheLab, workload: { ...frozeTheLab.workload, ratePerSecond: rate } };
    expect(overBudget(lowered, estimateCost(lowered, 'sim'), DEFAULT_BUDGET_MB)).toBeNull();
  });

  it('a larger budget lets it through; the 600 s version is refused even with 16 GB', () => {
    expect(overBudget(frozeTheLab, estimateCost(frozeTheLab, 'sim'), 16_384)).toBeNull();
    const long = { ...frozeTheLab, workload: { ...frozeTheLab.workload, durationMs: 600_000 } };
    expect(overBudget(long, estimateCost(long, 'sim'), 16_384)).toMatch(/too large for the lab to reopen/);
  });

  it('says it is an estimate', () => {
    expect(describeEstimate(estimateCost(defaultScenario(), 'sim'))).toMatch(/^estimate \(not a measurement\): [\d,]+ requests, [\d,]+ events/);
  });
});

describe('the refusal in Korean', () => {
  it('says the same figures in Korean, as a lecturer would', () => {
    const s = parseScenario({ faultlab: 1, scheme: 'state-machine', failureModel: 'arbitrary', k: 7, replicas: 15, workload: { clients: 16, ratePerSecond: 100_000, durationMs: 600_000 } });
    const e = estimateCost(s, 'sim');
    const en = overBudget(s, e, DEFAULT_BUDGET_MB);
    const ko = overBudget(s, e, DEFAULT_BUDGET_MB, 'ko');
    expect(ko).toMatch(/^이 실행은 메모리 예산에 비해 너무 큽니다: 메모리가 약 [\d.]+ GB 필요하며, 예산 2\.0 GB의 [\d.]+배입니다\. /);
    expect(ko).toContain('복제본 15개');
    // The figures a student acts on are the same in both languages.
    const suggested = (t: string | null, field: string): string => new RegExp(`workload\\.${field}\\D*([\\d,.]+)`).exec(t ?? '')?.[1] ?? 'none';
    for (const field of ['ratePerSecond', 'durationMs']) expect(suggested(ko, field), field).toBe(suggested(en, field));
    expect(suggested(en, 'ratePerSecond')).not.toBe('none');
  });
});
