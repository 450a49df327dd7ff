/** The guided exercises: each shows, in simulation, the effect it is about. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from './analysis/summary.js';
import type { RunSummary } from './analysis/summary.js';
import { simulate } from './engine/sim.js';
import { unmetExpectations } from './assignment.js';
import { EXERCISES, findExercise } from './exercises.js';
import { parseScenario } from './scenario.js';

function run(exercise: string, scenario: string): RunSummary {
  const s = findExercise(exercise)?.scenarios.find((x) => x.id === scenario);
  if (!s) throw new Error(`no scenario ${exercise}/${scenario}`);
  return analyze(simulate(parseScenario(s.scenario)).events).summary;
}

describe('guided exercises', () => {
  it('has at least six, each complete, with unique ids and valid scenarios', () => {
    expect(EXERCISES.length).toBeGreaterThanOrEqual(6);
    expect(new Set(EXERCISES.map((e) => e.id)).size).toBe(EXERCISES.length);
    for (const e of EXERCISES) {
      expect(e.title.length).toBeGreaterThan(5);
      expect(e.goal.length).toBeGreaterThan(20);
      expect(e.steps.length).toBeGreaterThanOrEqual(2);
      expect(e.prediction).toMatch(/\?$/);
      expect(e.questions.length).toBeGreaterThanOrEqual(2);
      expect(e.scenarios.length).toBeGreaterThanOrEqual(1);
      for (const s of e.scenarios) expect(() => parseScenario(s.scenario)).not.toThrow();
    }
  });

  it('ships every exercise scenario as an identical file under examples/', () => {
    for (const e of EXERCISES) {
      for (const s of e.scenarios) {
        const file = JSON.parse(readFileSync(join(__dirname, '..', 'examples', s.file), 'utf8')) as unknown;
        expect(parseScenario(file), s.file).toEqual(parseScenario(s.scenario));
      }
    }
  });

  it('why 2k+1: one liar is masked by 3 replicas, not by 2; two colluders win', () => {
    const masked = run('why-2k-plus-1', 'masked');
    expect(masked.requests.answeredCorrect).toBe(masked.requests.issued);
    const two = run('why-2k-plus-1', 'two-replicas');
    expect(two.requests.answeredCorrect).toBeLessThan(two.requests.issued);
    expect(two.requests.undecided).toBeGreaterThan(0);
    expect(run('why-2k-plus-1', 'two-liars').requests.answeredWrong).toBeGreaterThan(0);
  });

  it('request loss: lost without retries, none with them', () => {
    const noRetry = run('pb-request-loss', 'no-retry');
    expect(noRetry.failovers.length).toBe(1);
    expect(noRetry.requests.lost).toBeGreaterThan(0);
    expect(run('pb-request-loss', 'retry').requests.lost).toBe(0);
  });

  it('duplicates: executed twice without dedup, never with it', () => {
    expect(run('duplicates-without-dedup', 'no-dedup').requests.executedTwice).toBeGreaterThan(0);
    const dedup = run('duplicates-without-dedup', 'dedup');
    expect(dedup.requests.executedTwice).toBe(0);
    expect(dedup.requests.answeredWrong).toBe(0);
  });

  it('split brain: two primaries without fencing, one with it', () => {
    expect(run('split-brain', 'no-fencing').splitBrain).toBe(true);
    expect(run('split-brain', 'fencing').splitBrain).toBe(false);
  });

  it('false suspicion: a slow primary is replaced with a short timeout, kept with a long one', () => {
    const short = run('false-suspicion', 'short-timeout');
    expect(short.failovers.length).toBeGreaterThan(0);
    expect(Object.values(short.divergence.stateHashes).every((h) => h !== null)).toBe(true);
    expect(run('false-suspicion', 'long-timeout').failovers).toEqual([]);
  });

  it('lying primary: primary-backup believes the lying primary', () => {
    expect(run('lying-primary', 'lying-primary').requests.answeredWrong).toBeGreaterThan(0);
  });

  it('comes from the assignment file: each scenario\'s expected outcomes hold in simulation', () => {
    const withExpectations = EXERCISES.flatMap((e) => e.scenarios.filter((s) => s.expect).map((s) => [e.id, s] as const));
    expect(withExpectations.length).toBeGreaterThanOrEqual(4);
    for (const [id, s] of withExpectations) expect(unmetExpectations(s.expect ?? {}, run(id, s.id)), `${id}/${s.id}`).toEqual([]);
  });
});
