/** The figure catalogue: its formatters, its rows, and the one reading of a log the app uses. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, LogAnalyzer } from '../analysis/summary.js';
import { simulate } from '../engine/sim.js';
import { defaultScenario } from '../presets.js';
import { parseScenarioText } from '../scenario.js';
import { FIGURES, figuresOf, foldedFigures, formatMs, formatRate, formatReplicas, liveFigures, logFigureKeys } from './figures.js';
import { readRun } from './folds.js';

const example = (name: string): ReturnType<typeof simulate> =>
  simulate(parseScenarioText(readFileSync(new URL(`../../examples/${name}.faultlab.json`, import.meta.url), 'utf8')));

describe('formatters', () => {
  it('writes milliseconds to two or three significant figures, never more than two decimals from 0.01 ms up', () => {
    const cases: [number | null, string][] = [
      [null, '—'],
      [0, '0 ms'],
      [0.0004, '< 0.001 ms'],
      [0.0123, '0.012 ms'],
      [0.456, '0.46 ms'],
      [4, '4 ms'],
      [4.256, '4.26 ms'],
      [12.34, '12.3 ms'],
      [99.96, '100 ms'],
      [250.4, '250 ms'],
      [2003.457, '2003 ms'],
    ];
    for (const [x, text] of cases) expect(formatMs(x), String(x)).toBe(text);
    expect(formatMs(null, 'not measured')).toBe('not measured');
  });

  it('writes rates with one decimal below 100, whole above; replicas by name', () => {
    expect(formatRate(89.84)).toBe('89.8 req/s');
    expect(formatRate(100)).toBe('100 req/s');
    expect(formatRate(20013.4)).toBe('20013 req/s');
    expect(formatReplicas([])).toBe('none');
    expect(formatReplicas([2, 3])).toBe('r2, r3');
  });
});

describe('the catalogue', () => {
  it('has one row per key and per id, each for at least one scheme, with a label', () => {
    expect(new Set(FIGURES.map((f) => f.key)).size).toBe(FIGURES.length);
    expect(new Set(FIGURES.map((f) => f.id)).size).toBe(FIGURES.length);
    for (const f of FIGURES) {
      expect(f.schemes.length, f.key).toBeGreaterThan(0);
      expect(f.label, f.key).toMatch(/^[A-Z]/);
      if (f.partOf !== null) expect(FIGURES.some((g) => g.key === f.partOf), f.key).toBe(true);
    }
  });

  it('lists a run\'s figures for its scheme only, and marks bad ones', () => {
    const smr = figuresOf(readRun(example('why-2k-plus-1-two-liars').events));
    const keys = smr.map((f) => f.key);
    expect(keys).toContain('votes.decided');
    expect(keys).toContain('requests.undecided');
    expect(keys).not.toContain('splitBrain');
    expect(smr.find((f) => f.key === 'requests.answeredWrong')).toMatchObject({ text: '200', bad: true });
    expect(smr.find((f) => f.key === 'firstWrongOrLost')).toMatchObject({ text: '4 ms (answered wrong)', bad: true });

    const pb = figuresOf(readRun(example('pb-request-loss-no-retry').events));
    expect(pb.map((f) => f.key)).toEqual(expect.arrayContaining(['failovers.count', 'splitBrain']));
    expect(pb.map((f) => f.key)).not.toContain('votes.decided');
    expect(pb.find((f) => f.key === 'requests.lost')).toMatchObject({ text: '21', bad: true });
    expect(pb.find((f) => f.key === 'firstWrongOrLost')).toMatchObject({ text: '400 ms (lost)', bad: true });
    expect(pb.find((f) => f.key === 'requests.answeredWrong')).toMatchObject({ text: '0', bad: false });
  });

  it('says "none" when nothing went wrong after the fault, and leaves out figures with nothing to say', () => {
    const figures = figuresOf(readRun(simulate(defaultScenario()).events));
    expect(figures.find((f) => f.key === 'firstWrongOrLost')).toMatchObject({ text: 'none', bad: false });
    expect(figures.find((f) => f.key === 'cpuMsPerRequest')).toMatchObject({ text: 'not measured (simulation)', omit: true });
    expect(figures.find((f) => f.key === 'requests.unresolved')).toMatchObject({ text: '0', omit: true });
  });

  it('leaves out the figures read from the log when only a summary is at hand', () => {
    const { summary } = analyze(simulate(defaultScenario()).events);
    expect(figuresOf({ summary }).map((f) => f.key)).not.toContain('firstWrongOrLost');
    expect(logFigureKeys(summary)).toEqual(['firstWrongOrLost']);
  });
});

describe('liveFigures: the one reading of a log the app shows', () => {
  it('gives each request\'s outcome and the figures, over the run\'s own summary once there is one', () => {
    const { events } = example('pb-request-loss-no-retry');
    const { summary, requests } = analyze(events);
    const live = liveFigures(events);
    expect(live.outcomes.size).toBe(requests.length);
    for (const r of requests) expect(live.outcomes.get(`${r.client}:${r.req}`)).toBe(r.outcome);
    expect(live.summary.eventLogSha256).toBe('');
    const final = liveFigures(events, summary);
    expect(final.summary).toBe(summary);
    expect(final.figures).toEqual(figuresOf({ summary, requests, events }));
  });

  it('reads a log cut short, as a live run\'s is: before the fault, just after it, and once a request is lost', () => {
    const { events } = example('pb-request-loss-no-retry');
    const crash = events.findIndex((e) => e.type === 'fault');
    const firstLoss = events.findIndex((e) => e.type === 'give-up');
    const at = (n: number): string | undefined => liveFigures(events.slice(0, n)).figures.find((f) => f.key === 'firstWrongOrLost')?.text;
    expect(at(crash)).toBe('no fault');
    expect(at(crash + 1)).toBe('none');
    expect(at(firstLoss + 1)).toBe('400 ms (lost)');
    expect(liveFigures(events.slice(0, firstLoss)).figures.find((f) => f.key === 'requests.unresolved')?.omit).toBe(false);
  });
});

describe('the reading of a live run, folded as it grows', () => {
  // A live run's log is folded batch by batch and finished again at each look: each look must
  // read exactly as the whole analysis of the log so far would, for every scheme.
  const runs = ['why-2k-plus-1-two-liars', 'pb-request-loss-retry', 'split-brain-no-fencing', 'raft-leader-cut-off', 'pbft-primary-equivocates'];
  for (const name of runs) {
    it(`reads ${name} the same at every look as the analysis of its log so far`, () => {
      const { events } = example(name);
      const fold = new LogAnalyzer();
      const looks = [0.1, 0.3, 0.5, 0.77, 1].map((f) => Math.max(1, Math.floor(events.length * f)));
      let at = 0;
      for (const upTo of looks) {
        for (; at < upTo; at++) fold.add(events[at]!);
        const sofar = events.slice(0, upTo);
        const folded = foldedFigures(fold, sofar);
        const whole = liveFigures(sofar);
        expect(folded.summary, `${name} at ${upTo} of ${events.length} events`).toEqual(whole.summary);
        expect([...folded.outcomes], `${name} at ${upTo}`).toEqual([...whole.outcomes]);
        expect(folded.figures, `${name} at ${upTo}`).toEqual(whole.figures);
      }
    });
  }
});
