/**
 * A scenario with step-mode choices at the command line: `faultlab run --mode sim` follows
 * them and gives the same log every time (and the log the simulator gives in-process, as the
 * app's step session does); the kept run folder reads back and replays; a choice the run
 * cannot follow, or real mode, is refused in one line (exit 2).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../shared/analysis/summary.js';
import { simulate } from '../../shared/engine/sim.js';
import { parseScenario } from '../../shared/scenario.js';
import type { ScenarioInput } from '../../shared/scenario.js';
import { PB_WITHOUT_RETRIES } from '../../shared/testing/fork-parent.js';
import { faultlab } from './testing.js';

let dir: string;
const write = (name: string, s: ScenarioInput): string => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(s));
  return path;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'faultlab-stepping-'));
});

describe('faultlab run with stepping', () => {
  it('follows the choices: the same log every time, the simulator\'s own, and the choice decides the outcome', () => {
    const deliver: ScenarioInput = { ...PB_WITHOUT_RETRIES, stepping: { fromMs: 991, choices: [{ deliver: 476 }] } };
    const drop: ScenarioInput = { ...PB_WITHOUT_RETRIES, stepping: { fromMs: 991, choices: [{ drop: 476 }] } };
    const runs = [deliver, drop, drop].map((s, i) => {
      const out = join(dir, `run${i}`);
      const r = faultlab('run', write(`s${i}.faultlab.json`, s), '--mode', 'sim', '--json', '--out', out);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return { summary: JSON.parse(r.stdout) as { eventLogSha256: string; requests: { lost: number } }, log: readFileSync(join(out, 'events.jsonl'), 'utf8') };
    });
    const [delivered, dropped, again] = runs as [(typeof runs)[0], (typeof runs)[0], (typeof runs)[0]];
    expect(again.summary.eventLogSha256).toBe(dropped.summary.eventLogSha256);
    expect(again.log).toBe(dropped.log);
    expect(dropped.summary.requests.lost).toBe(delivered.summary.requests.lost + 1);
    expect(dropped.log).toContain('"type":"choice","index":0,"action":"drop","id":476');
    expect(analyze(simulate(parseScenario(drop)).events).summary.eventLogSha256).toBe(dropped.summary.eventLogSha256);

    // The kept folder's scenario carries the choices: run again from it, the same log.
    const rerun = faultlab('run', join(dir, 'run1', 'scenario.json'), '--mode', 'sim', '--json');
    expect(rerun.code).toBe(0);
    expect((JSON.parse(rerun.stdout) as { eventLogSha256: string }).eventLogSha256).toBe(dropped.summary.eventLogSha256);
  });

  it('refuses a choice the run cannot follow, a bad choice and real mode: exit 2, one line naming the choice', () => {
    for (const [s, mode, message] of [
      [{ ...PB_WITHOUT_RETRIES, stepping: { fromMs: 991, choices: [{ deliver: 476 }, { drop: 476 }] } }, 'sim', /stepping\.choices\[1\]: message #476 is not held at 992 ms/],
      [{ ...PB_WITHOUT_RETRIES, stepping: { fromMs: 991, choices: [{ deliver: 'x' }] } }, 'sim', /stepping\.choices\[0\]/],
      [{ ...PB_WITHOUT_RETRIES, stepping: { fromMs: 991, choices: [] } }, 'real', /--mode real: the scenario chooses which message arrives next \(stepping\), which only the simulator can do/],
    ] as const) {
      const r = faultlab('run', write('bad.faultlab.json', s as unknown as ScenarioInput), '--mode', mode);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(r.code).toBe(2);
    }
  });
});
