/** The measured comparison table: the counterpart scenario, every cell, and the notes where a run departs from the lecture. */
import { describe, expect, it } from 'vitest';
import { analyze } from './analysis/summary.js';
import type { CompareSide, SideKey } from './compare.js';
import { buildComparison, buildTable, comparisonColumns, comparisonFigures, comparisonScenarios, comparisonToText, counterpartScenario, measureCosts, SCHEME_SIDE } from './compare.js';
import { simulate } from './engine/sim.js';
import { findExercise } from './exercises.js';
import { defaultScenario } from './presets.js';
import type { Scenario } from './scenario.js';
import { parseScenario } from './scenario.js';

function side(s: Scenario): CompareSide {
  const { events } = simulate(s);
  return { scenario: s, summary: analyze(events).summary, costs: measureCosts(events) };
}

function compare(s: Scenario, mapping: 'drop' | 'fold' = 'drop') {
  const c = counterpartScenario(s, mapping);
  return buildComparison(side(s), side(c.scenario), { faultNotes: c.faultNotes, changes: c.changes });
}

const exerciseScenario = (ex: string, id: string): Scenario => parseScenario(findExercise(ex)?.scenarios.find((x) => x.id === id)?.scenario);

describe('counterpartScenario', () => {
  it('turns arbitrary SMR with 2k+1 into fail-stop primary-backup with k+1, same workload, seed and timing', () => {
    const s = defaultScenario();
    const c = counterpartScenario(s);
    expect(c.scenario).toMatchObject({ scheme: 'primary-backup', failureModel: 'fail-stop', replicas: 2, k: 1, seed: s.seed, workload: s.workload, timing: s.timing, service: s.service });
  });

  it('drops a fault naming a replica the smaller cluster lacks, and says so', () => {
    const c = counterpartScenario(defaultScenario());
    expect(c.scenario.faults).toEqual([defaultScenario().faults[1]]);
    expect(c.faultNotes).toEqual(['replica 3 Byzantine: lie (at 2000 ms): dropped (primary-backup has only 2 replicas)']);
  });

  it('folds it onto an existing replica when asked', () => {
    const c = counterpartScenario(defaultScenario(), 'fold');
    expect(c.scenario.faults[0]).toMatchObject({ type: 'byzantine', replica: 1, behavior: 'lie' });
    expect(c.faultNotes[0]).toMatch(/moved to replica 1/);
  });

  it('trims partition groups and drops a partition that no longer separates anything', () => {
    const s = parseScenario({ faultlab: 1, scheme: 'state-machine', failureModel: 'arbitrary', k: 1, faults: [{ atMs: 100, type: 'partition', groups: [[1, 'clients'], [2, 3]] }, { atMs: 200, type: 'partition', groups: [[1, 2], [3]] }] });
    const c = counterpartScenario(s);
    expect(c.scenario.faults).toEqual([{ atMs: 100, type: 'partition', groups: [[1, 'clients'], [2]] }]);
    expect(c.faultNotes.some((n) => /200 ms\): dropped/.test(n))).toBe(true);
  });

  it('goes from primary-backup to arbitrary SMR with 2k+1', () => {
    const c = counterpartScenario(exerciseScenario('pb-request-loss', 'retry'));
    expect(c.scenario).toMatchObject({ scheme: 'state-machine', failureModel: 'arbitrary', replicas: 3 });
    expect(c.faultNotes).toEqual([]);
  });
});

describe('buildComparison', () => {
  it('fills every cell of the lecture\'s table for the default scenario', () => {
    const c = compare(defaultScenario());
    expect(c.rows.map((r) => r.id)).toEqual(['arbitrary', 'loss', 'handling', 'copies', 'replicas', 'cost']);
    for (const r of c.rows) {
      expect(r.measured.smr.length, r.id).toBeGreaterThan(5);
      expect(r.measured.pb.length, r.id).toBeGreaterThan(5);
    }
    expect(Object.keys(comparisonFigures(c))).toHaveLength(12);
    // Voting masked the liar; SMR sent every request to all 3 replicas, PB to one.
    expect(c.rows[0]?.measured.smr).toBe('0 wrong of 1000 accepted (Byzantine: r3)');
    expect(c.rows[0]?.verdict).toEqual({ smr: 'agrees', pb: 'not-tested' });
    expect(c.smr.costs.requestCopiesPerRequest).toBeGreaterThanOrEqual(3);
    expect(c.pb.costs.requestCopiesPerRequest).toBeLessThan(1.1);
    expect(c.rows.find((r) => r.id === 'cost')?.verdict.smr).toBe('agrees');
  });

  it('with the liar folded onto the primary, primary-backup accepts wrong answers, as the lecture says', () => {
    const c = compare(defaultScenario(), 'fold');
    const row = c.rows.find((r) => r.id === 'arbitrary');
    expect(c.pb.summary.requests.answeredWrong).toBeGreaterThan(0);
    expect(row?.verdict.pb).toBe('agrees');
    expect(c.rows.find((r) => r.id === 'replicas')?.verdict.pb).toBe('beyond-bound');
  });

  it('says why primary-backup lost nothing when clients retried with dedup', () => {
    const c = compare(exerciseScenario('pb-request-loss', 'retry'));
    const loss = c.rows.find((r) => r.id === 'loss');
    expect(c.pb.summary.requests.lost).toBe(0);
    expect(loss?.verdict.pb).toBe('departs');
    expect(loss?.notes.join(' ')).toMatch(/clients retried \(up to 3 times\).*dedup/);
    const handling = c.rows.find((r) => r.id === 'handling');
    expect(handling?.measured.pb).toMatch(/^1 failover: replica 1 → 2 at \d+ ms: failure detected after \d+ ms, unavailable for \d+ ms$/);
  });

  it('agrees with the lecture when requests are lost at a primary crash without retries', () => {
    const c = compare(exerciseScenario('pb-request-loss', 'no-retry'));
    const loss = c.rows.find((r) => r.id === 'loss');
    expect(loss?.verdict.pb).toBe('agrees');
    expect(loss?.measured.pb).toMatch(/^[1-9]\d* lost of 200$/);
  });

  it('marks split brain in the failure-handling cell', () => {
    const c = compare(exerciseScenario('split-brain', 'no-fencing'));
    expect(c.rows.find((r) => r.id === 'handling')?.measured.pb).toMatch(/SPLIT BRAIN/);
  });

  it('prints a terminal table with both columns, every aspect and the notes', () => {
    const text = comparisonToText(compare(defaultScenario()));
    for (const s of ['State-machine replication', 'Primary-backup', 'Request loss', 'Failure handling', 'Replicas for', 'Overall cost', 'dropped (primary-backup has only 2 replicas)', 'not exercised']) expect(text).toContain(s);
  });
});

describe('the four-column table: Raft and PBFT beside the schemes with trusted helpers', () => {
  function table(s: Scenario, mapping: 'drop' | 'fold' = 'drop') {
    const plan = comparisonScenarios(s, 'all', mapping);
    const sides: Partial<Record<SideKey, CompareSide>> = { [SCHEME_SIDE[s.scheme]]: side(s) };
    for (const [key, derived] of Object.entries(plan.derived) as [SideKey, Scenario][]) sides[key] = side(derived);
    const { smr, pb } = sides;
    if (!smr || !pb) throw new Error('missing column');
    return buildTable({ ...sides, smr, pb }, s.scheme, { faultNotes: plan.faultNotes, changes: plan.changes });
  }
  let defaultTable: ReturnType<typeof table> | null = null;
  const ofDefault = () => (defaultTable ??= table(defaultScenario()));

  it('derives every other scheme at its own bound for the same k, under the model the bound is stated for', () => {
    const raft = parseScenario({ faultlab: 1, scheme: 'raft', k: 2, faults: [{ atMs: 500, type: 'crash', replica: 5 }] });
    const plan = comparisonScenarios(raft, 'all');
    expect(Object.keys(plan.derived).sort()).toEqual(['pb', 'pbft', 'smr']);
    expect(plan.derived.smr).toMatchObject({ scheme: 'state-machine', failureModel: 'arbitrary', replicas: 5 });
    expect(plan.derived.pb).toMatchObject({ scheme: 'primary-backup', failureModel: 'fail-stop', replicas: 3 });
    expect(plan.derived.pbft).toMatchObject({ scheme: 'pbft', failureModel: 'arbitrary', replicas: 7, seed: raft.seed, workload: raft.workload });
    // Replica 5 does not exist under primary-backup with 3 replicas: dropped there, and said so.
    expect(plan.derived.pb?.faults).toEqual([]);
    expect(plan.faultNotes).toEqual(['crash replica 5 (at 500 ms): dropped (primary-backup has only 3 replicas)']);
    expect(plan.changes).toHaveLength(3);
    // The two-column table stays the lecture's pair of schemes with trusted helpers.
    expect(() => counterpartScenario(raft)).toThrow(/four-column table/);
  });

  it('fills a Raft and a PBFT cell in every row and gives each a figure key of its own', () => {
    const c = ofDefault();
    expect(comparisonColumns(c)).toEqual(['smr', 'pb', 'raft', 'pbft']);
    for (const r of c.rows) {
      for (const key of ['raft', 'pbft'] as const) {
        expect(r.lecture[key], `${r.id} ${key}`).toBeTruthy();
        expect(r.measured[key]?.length, `${r.id} ${key}`).toBeGreaterThan(5);
        expect(r.verdict[key], `${r.id} ${key}`).toBeDefined();
      }
    }
    const figures = comparisonFigures(c);
    expect(Object.keys(figures)).toHaveLength(24);
    expect(figures['compare.arbitrary.pbft']).toBe('0 wrong of 1000 accepted (Byzantine: r3)');
    // PBFT masks the one liar with 3k+1 = 4 replicas, and pays for it in messages: the most of all four.
    const row = (id: string) => c.rows.find((r) => r.id === id);
    expect(row('arbitrary')?.verdict.pbft).toBe('agrees');
    expect(row('cost')?.verdict.pbft).toBe('agrees');
    expect(c.pbft?.summary.messages.perRequest).toBeGreaterThan(Math.max(c.smr.summary.messages.perRequest, c.pb.summary.messages.perRequest, c.raft?.summary.messages.perRequest ?? 0));
    // A client sends each request to the Raft leader only, and to every PBFT replica.
    expect(c.raft?.costs.requestCopiesPerRequest).toBeLessThan(1.5);
    expect(c.pbft?.costs.requestCopiesPerRequest).toBeGreaterThanOrEqual(4);
    // The liar is outside Raft's fail-stop model: its bound promises nothing there.
    expect(row('replicas')?.verdict.raft).toBe('beyond-bound');
  });

  it('shows Raft electing a new leader when the leader crashes, within its 2k+1 bound, with nothing lost', () => {
    // Which replica leads Raft first is decided by its randomized election: find it, then crash it.
    const base = parseScenario({ faultlab: 1, scheme: 'raft', k: 1, seed: 5, workload: { clients: 2, ratePerSecond: 100, durationMs: 3000 } });
    const leader = simulate(base).events.find((e) => e.type === 'role' && e.role === 'leader');
    if (!leader || leader.type !== 'role') throw new Error('no leader elected');
    const s = parseScenario({ ...base, faults: [{ atMs: 1000, type: 'crash', replica: Number(leader.replica) }] });
    const c = table(s);
    const row = (id: string) => c.rows.find((r) => r.id === id);
    expect(c.given).toBe('raft');
    expect(c.scenarioName).toBe(s.name);
    expect(row('handling')?.measured.raft).toMatch(/^1 leader change: /);
    expect(row('handling')?.verdict.raft).toBe('agrees');
    expect(row('loss')?.verdict.raft).toBe('agrees');
    expect(row('replicas')?.verdict.raft).toBe('agrees');
  });

  it('prints all four columns in the terminal table', () => {
    const text = comparisonToText(ofDefault());
    for (const s of ['State-machine replication', 'Primary-backup', '| Raft', '| PBFT', 'under all 4 schemes', 'lecture: 3k+1 (arbitrary)']) expect(text).toContain(s);
    // No line runs past the table's width: every cell wraps inside its column.
    const width = Math.max(...text.split('\n').filter((l) => l.startsWith('---')).map((l) => l.length));
    for (const l of text.split('\n').filter((x) => x.includes(' | '))) expect(l.trimEnd().length, l).toBeLessThanOrEqual(width);
  });

  it('refuses a run in the wrong column', () => {
    const s = defaultScenario();
    expect(() => buildTable({ smr: side(s), pb: side(s) }, 'state-machine')).toThrow(/primary-backup column got a state-machine replication run/);
  });
});
