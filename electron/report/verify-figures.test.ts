/**
 * Reading a report's visible figures takes one pass over the HTML: crafted HTML (a couple
 * of hundred thousand unclosed tags) is read, not stuck on, and real reports read as before.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../shared/scenario.js';
import { DEFAULT_SCENARIO_INPUT } from '../../shared/presets.js';
import { runScenario } from '../runtime/run.js';
import { buildReport } from './index.js';
import { visibleFigures } from './verify.js';

describe('visibleFigures', () => {
  it('reads every figure of a real report, with its text stripped of markup', async () => {
    const scenario = parseScenario({ ...DEFAULT_SCENARIO_INPUT, workload: { clients: 1, ratePerSecond: 40, durationMs: 500 } });
    const run = await runScenario(scenario, 'sim');
    const html = buildReport({ run: { scenario, events: run.events } }).html;
    const figures = visibleFigures(html);
    expect(figures.size).toBeGreaterThan(20);
    expect(figures.get('eventLogSha256')?.[0]).toBe(run.summary.eventLogSha256);
    for (const [key, texts] of figures) for (const t of texts) expect(t, key).not.toMatch(/[<>]/);
    // The same as the pattern it replaces, on an ordinary report.
    const reference = new Map<string, string[]>();
    const re = /<([a-z0-9]+)\b[^>]*\bdata-fl="([^"]+)"[^>]*>([\s\S]*?)<\/\1>/g;
    for (let m = re.exec(html); m !== null; m = re.exec(html)) reference.set(m[2] ?? '', [...(reference.get(m[2] ?? '') ?? []), (m[3] ?? '').replace(/<[^>]*>/g, '')]);
    expect([...figures.keys()]).toEqual([...reference.keys()]);
    for (const [key, texts] of reference) expect(figures.get(key)?.length, key).toBe(texts.length);
  });

  it('reads nested markup, entities and repeated keys as the report writes them', () => {
    const html = '<p><span data-fl="a" class="x">1 <b>of</b> 2 &amp; &lt;3&gt;</span> <td class="n" data-fl="b">x</td><div data-fl="a">again</div><span data-fl="c">open <i>tag</span>';
    expect(visibleFigures(html)).toEqual(
      new Map([
        ['a', ['1 of 2 & <3>', 'again']],
        ['b', ['x']],
        ['c', ['open tag']],
      ]),
    );
    expect(visibleFigures('<span data-fl="k">no end')).toEqual(new Map());
    expect(visibleFigures('<span data-fl="k" <b>x</span>')).toEqual(new Map([['k', ['x']]]));
    expect(visibleFigures('<SPAN data-fl="k">x</SPAN><spanx data-fl="j">y</spanx><span xdata-fl="i">z</span>')).toEqual(new Map([['j', ['y']]]));
  });

  it('gets through 200,000 unclosed figure tags and 200,000 stray "<" (crafted HTML)', () => {
    const unclosed = '<span data-fl="x">'.repeat(200_000);
    expect(visibleFigures(unclosed).size).toBe(0);
    const stray = `<span data-fl="y">${'<'.repeat(200_000)}</span>`;
    expect(visibleFigures(stray).get('y')?.[0]).toBe('<'.repeat(200_000));
    const open = '<span data-fl="z"'.repeat(200_000);
    expect(visibleFigures(open).size).toBe(0);
    expect(visibleFigures(`${'<a '.repeat(200_000)}>`).size).toBe(0);
    expect(visibleFigures(`${'<a data-fl="k" '.repeat(100_000)}>x</a>`).get('k')).toEqual(['x']);
    expect(visibleFigures(`${'<a data-fl="k>'.repeat(200_000)}`).size).toBe(0);
    expect(visibleFigures(`${'<p>'.repeat(200_000)}<b data-fl="late">x</b>`).get('late')).toEqual(['x']);
    const mixed = `${'<b data-fl="q">'.repeat(100_000)}${'</b>'.repeat(3)}`;
    expect(visibleFigures(mixed).get('q')).toEqual(['']);
  });
});
