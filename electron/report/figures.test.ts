/**
 * One figure catalogue, three outputs: every catalogue row for a run's scheme appears, in
 * the same words, in `faultlab run`'s text, in the report (as a figure `verify` checks) and
 * in the list the app's metrics tiles show. A row added to the catalogue is covered here
 * with no edit to this test.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../shared/scenario.js';
import { FIGURES, liveFigures } from '../../shared/views/figures.js';
import { readRun } from '../../shared/views/folds.js';
import { formatSummary } from '../cli/format.js';
import type { FinishedRun } from '../runtime/run.js';
import { runScenario } from '../runtime/run.js';
import { buildReport } from './index.js';
import { verifyReportHtml, visibleFigures } from './verify.js';

const EXAMPLES = ['pb-request-loss-no-retry', 'why-2k-plus-1-two-liars'] as const;
const runs = new Map<string, FinishedRun>();

beforeAll(async () => {
  for (const name of EXAMPLES) {
    const scenario = parseScenarioText(readFileSync(new URL(`../../examples/${name}.faultlab.json`, import.meta.url), 'utf8'));
    runs.set(name, await runScenario(scenario, 'sim'));
  }
});

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.each(EXAMPLES)('the catalogue in all three outputs: %s', (name) => {
  it('every row for the scheme is in the CLI text, the report and the tiles\' list, in the same words', () => {
    const run = runs.get(name)!;
    const cli = formatSummary(readRun(run.events, run.summary));
    const report = visibleFigures(buildReport({ run: { scenario: run.scenario, events: run.events } }).html);
    const tiles = liveFigures(run.events, run.summary).figures.filter((f) => !f.omit);
    const rows = FIGURES.filter((f) => f.schemes.includes(run.scenario.scheme));
    expect(rows.length).toBeGreaterThan(15);
    for (const row of rows) {
      const text = row.read(readRun(run.events, run.summary))!;
      expect(report.get(row.key), row.key).toEqual([text.text]);
      if (text.omit) continue;
      expect(cli, row.key).toMatch(new RegExp(`^[! ] +${escapeRe(row.label)} +${escapeRe(text.text)}$`, 'm'));
      expect(tiles.find((t) => t.id === row.id), row.key).toMatchObject({ label: row.label, text: text.text });
    }
    for (const row of FIGURES.filter((f) => !f.schemes.includes(run.scenario.scheme))) {
      expect(report.has(row.key), row.key).toBe(false);
      expect(tiles.some((t) => t.id === row.id), row.key).toBe(false);
    }
  });
});

describe('the new figure: first fault to first wrong or lost request', () => {
  it('reads the same in the terminal, the report and the tiles', () => {
    const run = runs.get('pb-request-loss-no-retry')!;
    expect(formatSummary(readRun(run.events, run.summary))).toMatch(/^! Fault to first wrong or lost request +400 ms \(lost\)$/m);
    expect(buildReport({ run: { scenario: run.scenario, events: run.events } }).html).toContain('<span data-fl="firstWrongOrLost">400 ms (lost)</span>');
    expect(liveFigures(run.events, run.summary).figures.find((f) => f.id === 'first-wrong-or-lost')).toMatchObject({ text: '400 ms (lost)', bad: true });
  });

  it('is checked by verify: re-derived for a simulated run; a report claiming real mode is held to its embedded log', async () => {
    const run = runs.get('why-2k-plus-1-two-liars')!;
    const html = buildReport({ run: { scenario: run.scenario, events: run.events } }).html;
    const shown = '<span data-fl="firstWrongOrLost">4 ms (answered wrong)</span>';
    expect(html).toContain(shown);
    const edited = html.replace(shown, '<span data-fl="firstWrongOrLost">900 ms (answered wrong)</span>');
    expect((await verifyReportHtml(edited)).differences).toEqual(['figure "Fault to first wrong or lost request" (firstWrongOrLost, shown): the report says "900 ms (answered wrong)", the re-run gives "4 ms (answered wrong)"']);

    // Relabelled as a real-mode run: the embedded log (recorded in simulation) says otherwise.
    const asReal = html.replace(/("faultlabReport":3,"appVersion":"[^"]*","runVersion":"[^"]*","generatedAt":"[^"]*","mode":)"sim"/, '$1"real"');
    expect(asReal).not.toBe(html);
    const real = await verifyReportHtml(asReal);
    expect(real.mode).toBe('real');
    expect(real.differences).toContain('the run: the report says mode real, its embedded log was recorded in mode sim');
  });
});
