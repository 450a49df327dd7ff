/**
 * verify does not depend on the order of a scenario's keys: a report of a scenario file
 * that left out `replicas` (which older versions put last) verifies, untouched, as one
 * written in the schema's order does; an edited one still fails.
 */
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../shared/scenario.js';
import { parseScenario } from '../../shared/scenario.js';
import { runScenario } from '../runtime/run.js';
import { buildReport } from './index.js';
import { verifyReportHtml } from './verify.js';

const FILE = { workload: { clients: 1, ratePerSecond: 40, durationMs: 500 }, k: 1, faultlab: 1, scheme: 'state-machine', failureModel: 'arbitrary', faults: [{ atMs: 100, type: 'crash', replica: 2 }] };

async function reportOf(scenario: Scenario): Promise<string> {
  const run = await runScenario(scenario, 'sim');
  return buildReport({ run: { scenario, events: run.events } }).html;
}

describe('verify and the key order of the scenario', () => {
  it('passes an untouched report whose scenario is in the schema order', async () => {
    const r = await verifyReportHtml(await reportOf(parseScenario(FILE)));
    expect(r.differences).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('passes an untouched report whose scenario (and log) have replicas last, as older versions wrote them', async () => {
    const { replicas, ...rest } = parseScenario(FILE);
    const older = { ...rest, replicas } as Scenario;
    expect(Object.keys(older).at(-1)).toBe('replicas');
    const r = await verifyReportHtml(await reportOf(older));
    expect(r.differences).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('still fails such a report when a figure was edited', async () => {
    const { replicas, ...rest } = parseScenario(FILE);
    const html = await reportOf({ ...rest, replicas } as Scenario);
    const edited = html.replace(/("answeredCorrect":)(\d+)/, (_m, k: string, n: string) => `${k}${Number(n) + 1}`);
    expect(edited).not.toBe(html);
    const r = await verifyReportHtml(edited);
    expect(r.ok).toBe(false);
  });
});
