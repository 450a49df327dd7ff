/**
 * Golden runs: every example scenario and built-in preset, simulated, must give the same
 * event log (its SHA-256) and the same summary, byte for byte, as when the golden files
 * were written. A change that alters what a run does or how it is summarised fails here
 * and says which run moved. `FAULTLAB_WRITE_GOLDEN=1` rewrites the files (only for a
 * change that is meant to alter runs; say so in its commit).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, LogAnalyzer } from './analysis/summary.js';
import { serializeEvent } from './events.js';
import { simulate, simulateStream } from './engine/sim.js';
import { createSha256 } from './json.js';
import { PRESETS } from './presets.js';
import type { Scenario } from './scenario.js';
import { parseScenario, parseScenarioText } from './scenario.js';

const root = join(import.meta.dirname, '..');
const goldenDir = join(import.meta.dirname, 'testing', 'golden');
const write = process.env['FAULTLAB_WRITE_GOLDEN'] === '1';

const cases: { name: string; scenario: Scenario }[] = [
  ...readdirSync(join(root, 'examples'))
    .filter((f) => f.endsWith('.faultlab.json'))
    .sort()
    .map((f) => ({ name: `example-${f.replace('.faultlab.json', '')}`, scenario: parseScenarioText(readFileSync(join(root, 'examples', f), 'utf8')) })),
  ...PRESETS.map((p) => ({ name: `preset-${p.id.replace('/', '--')}`, scenario: parseScenario(p.scenario) })),
];

describe('golden runs (simulation)', () => {
  it.each(cases)('$name: same event log and summary as the golden file', ({ name, scenario }) => {
    const { events } = simulate(scenario);
    const { summary } = analyze(events, { linearizability: true });
    const text = `${JSON.stringify(summary, null, 2)}\n`;
    const file = join(goldenDir, `${name}.summary.json`);
    if (write) writeFileSync(file, text);
    expect(text).toBe(readFileSync(file, 'utf8'));
  });
});

describe('golden runs, streamed (the log never held in memory)', () => {
  // What `faultlab run` does with a run too large to hold: each event folded by the analysis
  // and hashed as the simulator makes it. The summary must be the golden one, byte for byte.
  it.each(cases)('$name: the same summary as the golden file', ({ name, scenario }) => {
    const analyzer = new LogAnalyzer();
    const hash = createSha256();
    const { eventCount } = simulateStream(scenario, (e) => {
      analyzer.add(e);
      hash.update(`${serializeEvent(e)}\n`);
    });
    const { summary, requests } = analyzer.finish({ linearizability: true, records: false, logSha256: hash.hex() });
    expect(requests).toEqual([]);
    expect(summary.eventCount).toBe(eventCount);
    expect(`${JSON.stringify(summary, null, 2)}\n`).toBe(readFileSync(join(goldenDir, `${name}.summary.json`), 'utf8'));
  });
});
