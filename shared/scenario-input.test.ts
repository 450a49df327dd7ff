/** Scenario files as editors write them: a byte-order mark, invisible characters, prototype names. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO_INPUT } from './presets.js';
import { parseScenario, parseScenarioText, ScenarioError } from './scenario.js';
import { getService } from './services.js';
import type { ServiceName } from './scenario.js';
import { showInvisible } from './json.js';

const problemsOf = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    return (err as ScenarioError).problems.join('; ');
  }
  throw new Error('expected the scenario to be refused');
};

describe('scenario text', () => {
  it('accepts a file that starts with a UTF-8 byte-order mark (as Notepad saves it)', () => {
    const text = `\uFEFF${JSON.stringify(DEFAULT_SCENARIO_INPUT, null, 2)}`;
    expect(parseScenarioText(text)).toEqual(parseScenarioText(text.slice(1)));
  });

  it('names an invisible character in a parse error instead of printing it', () => {
    const why = problemsOf(() => parseScenarioText(`{"faultlab": 1,\u200B "scheme": "state-machine"}`));
    expect(why).toMatch(/not valid JSON/);
    expect(why).toContain('U+200B');
    expect(why).not.toMatch(/\u200B/);
    // A second mark after the first is not a BOM: it is shown, not skipped.
    const twice = problemsOf(() => parseScenarioText(`\uFEFF\uFEFF{}`));
    expect(twice).toContain('U+FEFF');
    expect(twice).not.toMatch(/\uFEFF/);
  });

  it('shows invisible characters in a value the schema refuses', () => {
    const why = problemsOf(() => parseScenarioText(JSON.stringify({ ...DEFAULT_SCENARIO_INPUT, scheme: 'state-machine\u00A0' })));
    expect(why).toMatch(/scheme: /);
    expect(why).toContain('U+00A0');
  });

  it('showInvisible leaves ordinary text alone and names control, zero-width and bidi characters', () => {
    expect(showInvisible('état 1, 김철수')).toBe('état 1, 김철수');
    expect(showInvisible('a\u0000b\u202Ec\uFEFF')).toBe('a<U+0000>b<U+202E>c<U+FEFF>');
  });
});

describe('service names', () => {
  it('refuses names of the object prototype in a scenario', () => {
    for (const service of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(problemsOf(() => parseScenario({ ...DEFAULT_SCENARIO_INPUT, service }))).toMatch(/service: /);
    }
  });

  it('getService resolves only the services the lab has', () => {
    expect(getService('kv').initial()).toBeDefined();
    for (const name of ['constructor', '__proto__', 'toString', 'valueOf']) {
      expect(() => getService(name as ServiceName)).toThrow(/unknown service/);
    }
  });
});
