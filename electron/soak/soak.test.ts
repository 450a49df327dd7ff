/** The soak's schedule and its reading of memory: pure parts, checked without running processes. */
import { describe, expect, it } from 'vitest';
import { growth, SOAK_K, SOAK_REPLICAS, soakScenario, soakSchedule, sparkline } from './soak.js';

/** Which replicas each fault affects from when to when, as the schedule's own bookkeeping should. */
function affectedAt(faults: ReturnType<typeof soakSchedule>, t: number): Set<number> {
  const on = new Set<number>();
  const sorted = [...faults].sort((a, b) => a.atMs - b.atMs);
  const down = new Map<number, string>();
  let cut: number[] = [];
  const lasting = new Map<number, number>();
  for (const f of sorted) {
    if (f.atMs > t) break;
    if (f.type === 'crash' || f.type === 'pause') down.set(f.replica, f.type);
    if (f.type === 'restart' || f.type === 'resume') down.delete(f.replica);
    if (f.type === 'byzantine') {
      if (f.behavior === 'none') down.delete(f.replica);
      else down.set(f.replica, 'byzantine');
    }
    if ((f.type === 'omission' || f.type === 'delay' || f.type === 'duplicate' || f.type === 'reorder') && f.untilMs !== undefined) lasting.set(f.replica, Math.max(lasting.get(f.replica) ?? 0, f.untilMs));
    if (f.type === 'partition') cut = (f.groups[0] ?? []).filter((m): m is number => typeof m === 'number');
    if (f.type === 'heal') cut = [];
  }
  for (const r of down.keys()) on.add(r);
  for (const [r, until] of lasting) if (until > t) on.add(r);
  for (const r of cut) on.add(r);
  return on;
}

describe('the soak schedule', () => {
  const durationMs = 120_000;
  const faults = soakSchedule(SOAK_REPLICAS, SOAK_K, durationMs, 1);

  it('starts a fault every 500 ms from 1 s to 4 s before the end', () => {
    const starts = new Set(faults.filter((f) => f.type !== 'restart' && f.type !== 'resume' && f.type !== 'heal' && !(f.type === 'byzantine' && f.behavior === 'none')).map((f) => f.atMs));
    for (let t = 1000; t <= durationMs - 4000; t += 500) expect(starts.has(t), `${t} ms`).toBe(true);
  });

  it('never has more than k replicas affected at once, and ends every fault it starts', () => {
    for (let t = 0; t <= durationMs; t += 100) expect(affectedAt(faults, t).size, `${t} ms`).toBeLessThanOrEqual(SOAK_K);
    expect(affectedAt(faults, durationMs).size).toBe(0);
  });

  it('uses every kind of fault and is the same for the same seed', () => {
    const kinds = new Set(faults.map((f) => f.type));
    for (const k of ['crash', 'restart', 'pause', 'resume', 'partition', 'heal', 'omission', 'delay', 'duplicate', 'reorder', 'byzantine']) expect(kinds.has(k as never), k).toBe(true);
    expect(soakSchedule(SOAK_REPLICAS, SOAK_K, durationMs, 1)).toEqual(faults);
    expect(soakSchedule(SOAK_REPLICAS, SOAK_K, durationMs, 2)).not.toEqual(faults);
  });

  it('runs a valid scenario of 15 replicas with k = 7, its faults (more than a scenario file holds) within the run', () => {
    const s = soakScenario(600, 3);
    expect(s).toMatchObject({ replicas: 15, k: 7, scheme: 'state-machine', failureModel: 'arbitrary' });
    const schedule = soakSchedule(SOAK_REPLICAS, SOAK_K, s.workload.durationMs, 3);
    expect(schedule.length).toBeGreaterThan(1000);
    expect(schedule.every((f) => f.atMs < 600_000 && (!('replica' in f) || f.replica <= 15))).toBe(true);
  });
});

describe('reading memory samples', () => {
  it('calls a series flat when it levels off after warm-up, and not when it keeps growing', () => {
    const levels = [20, 40, 55, 60, 61, 60, 62, 61, 60, 61, 62, 61];
    expect(growth(levels)).toMatchObject({ flat: true });
    const leak = Array.from({ length: 12 }, (_, i) => 50 + 10 * i);
    expect(growth(leak)).toMatchObject({ flat: false });
    expect(growth(leak).grewMb).toBeGreaterThan(50);
  });

  it('draws a series as bars with its range', () => {
    expect(sparkline('host', [10, 20, 30])).toBe('host         ▁▅█  10–30 MB');
  });
});
