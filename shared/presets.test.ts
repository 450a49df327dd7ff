import { describe, expect, it } from 'vitest';
import { EXERCISES } from './exercises.js';
import { PRESETS } from './presets.js';
import { parseScenario } from './scenario.js';

describe('built-in labs', () => {
  it('start with the default scenario and offer every exercise scenario', () => {
    expect(PRESETS[0]?.id).toBe('default');
    const fromExercises = EXERCISES.reduce((n, ex) => n + ex.scenarios.length, 0);
    expect(PRESETS).toHaveLength(2 + fromExercises);
  });

  it('are all valid scenarios with unique ids and titles', () => {
    for (const p of PRESETS) expect(() => parseScenario(p.scenario), p.id).not.toThrow();
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
    expect(new Set(PRESETS.map((p) => p.title)).size).toBe(PRESETS.length);
  });
});
