/**
 * The failover timeline on hand-written logs: a deposed primary is told apart from a real
 * second primary, a lost request is drawn where it was issued, labels carry rounded times;
 * and the decisions chart's bars fill their buckets.
 */
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../events.js';
import { parseScenario } from '../scenario.js';
import { voteDecisionsOption } from './charts.js';
import { BUCKET_MS } from './model.js';
import { LANE_STYLE } from './palette.js';
import { timelineOf } from './timeline.js';
import type { VerdictRow } from './votes.js';

const scenario = parseScenario({ faultlab: 1, name: 'tl', scheme: 'primary-backup', failureModel: 'fail-stop', k: 1, replicas: 2, service: 'counter' });
const start: RunEvent = { t: 0, type: 'run-start', mode: 'sim', seed: 1, scenario, version: 'test' };
const role = (t: number, replica: number, r: 'primary' | 'backup', view: number): RunEvent => ({ t, type: 'role', replica, role: r, view });
const commit = (t: number, replica: number, view: number): RunEvent => ({ t, type: 'commit', replica, client: 1, req: t, view, seq: t });
const paused = (t: number, replica: number): RunEvent => ({ t, type: 'process', replica, status: 'paused', pid: null, detail: '' });

const lanesOf = (events: RunEvent[], replica: number): string[] =>
  timelineOf(scenario, events)
    .segments.filter((s) => s.lane === replica && !LANE_STYLE[s.kind].overlay)
    .map((s) => s.kind);

describe('a primary replaced while paused', () => {
  const base = [start, role(1, 1, 'primary', 1), role(1, 2, 'backup', 1), paused(500, 1), role(800, 2, 'primary', 2)];

  it('is drawn deposed (it still believes it leads), not as a second primary', () => {
    expect(lanesOf(base, 1)).toEqual(['primary', 'deposed']);
    expect(lanesOf(base, 2)).toEqual(['backup', 'primary']);
    const seg = timelineOf(scenario, base).segments.find((s) => s.kind === 'deposed');
    expect(seg?.label).toBe('deposed (still believes it leads): primary of view 1, replaced by replica 2 in view 2');
    expect(LANE_STYLE.deposed.color).not.toBe(LANE_STYLE.primary.color);
  });

  it('becomes a primary again on its lane once it serves a client (a real split brain)', () => {
    const lanes = lanesOf([...base, { t: 900, type: 'process', replica: 1, status: 'resumed', pid: null, detail: '' }, commit(910, 1, 1)], 1);
    expect(lanes).toEqual(['primary', 'deposed', 'primary']);
  });

  it('stops being deposed when it hears of the new view', () => {
    expect(lanesOf([...base, role(950, 1, 'backup', 2)], 1)).toEqual(['primary', 'deposed', 'backup']);
  });
});

describe('a lost request', () => {
  it('is drawn when it was issued, not when the client gave up; times are rounded', () => {
    const events: RunEvent[] = [
      start,
      { t: 1231.2941234, type: 'request', client: 1, req: 7, op: { type: 'inc', by: 1 }, to: 'r1' },
      { t: 1400, type: 'retry', client: 1, req: 7, attempt: 2, to: 'r2' },
      { t: 2031.5, type: 'give-up', client: 1, req: 7, replies: 0 },
      { t: 2100, type: 'suspect', replica: 2, suspect: 1, silentForMs: 202.07967299999996 },
    ];
    const fold = timelineOf(scenario, events);
    const lost = fold.markers.find((m) => m.kind === 'lost');
    expect(lost?.t).toBe(1231.2941234);
    expect(lost?.label).toBe("client 1's request 7, issued at 1231 ms, lost (the client gave up at 2032 ms)");
    expect(fold.markers.find((m) => m.kind === 'suspicion')?.label).toBe('replica 2 suspects replica 1 (silent 202 ms)');
  });
});

describe('the decisions chart', () => {
  it('has one bar per bucket, empty buckets included, each as wide as its bucket', () => {
    const row = (decidedAt: number): VerdictRow => ({
      row: { key: `1:${decidedAt}`, client: 1, req: decidedAt, issuedAt: decidedAt, tally: [], threshold: 2, decision: 'accepted', accepted: 1, latencyMs: 1, decidedAt },
      verdict: 'correct',
    });
    const option = voteDecisionsOption([row(10), row(20), row(3 * BUCKET_MS + 5)]);
    const series = option.series as { name: string; data: [number, number][]; barWidth: string }[];
    const correct = series.find((s) => s.name === 'correct (no dissent)')!;
    expect(correct.data.map(([x]) => x)).toEqual([0, 1, 2, 3].map((i) => i * BUCKET_MS + BUCKET_MS / 2));
    expect(correct.data.map(([, n]) => n)).toEqual([2, 0, 0, 1]);
    expect(correct.barWidth).toBe('96%');
  });
});
