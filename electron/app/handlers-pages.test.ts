/**
 * A kept run opens page by page: `loadRun` with `eventsPage` answers the first page, the
 * log's length and the lab's reading of it (each request's outcome and the figures, the
 * ones the window would compute), and `runEvents` the pages after it, which put together
 * are the whole log. A page past the end is empty; a run going on is answered whole; bad
 * page arguments are refused with a sentence.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LoadedRunData } from '../../shared/api.js';
import { MAX_EVENTS_PAGE } from '../../shared/api.js';
import type { RunEvent } from '../../shared/events.js';
import { parseScenario } from '../../shared/scenario.js';
import { PB_WITHOUT_RETRIES } from '../../shared/testing/fork-parent.js';
import { liveFigures } from '../../shared/views/figures.js';
import { runScenario } from '../runtime/run.js';
import { newRunId } from './lab/runs.js';
import { fails, labPerTest, nextEvent, ok } from './testing/backend.js';

const lab = labPerTest('faultlab-pages-');

async function keep(): Promise<string> {
  const runId = newRunId(new Date());
  await runScenario(parseScenario({ ...PB_WITHOUT_RETRIES, faults: [{ atMs: 400, type: 'crash', replica: 1 }] }), 'sim', { dir: join(lab.dataDir, 'runs', runId) });
  return runId;
}

const page = (runId: string, from: number, count: number): Promise<{ events: RunEvent[] }> => ok(lab.backend.invoke('runEvents', { runId, from, count }));

describe('opening a kept run page by page', () => {
  it('gives the first page, the count and the reading, and the rest in pages that make up the whole log', async () => {
    const runId = await keep();
    const whole = await ok<LoadedRunData>(lab.backend.invoke('loadRun', { runId }));
    expect(whole.eventCount).toBe(whole.events.length);
    expect(whole.events.length).toBeGreaterThan(1000);

    const first = await ok<LoadedRunData>(lab.backend.invoke('loadRun', { runId, eventsPage: 300 }));
    expect(first.events).toEqual(whole.events.slice(0, 300));
    expect(first.eventCount).toBe(whole.events.length);
    const pages: RunEvent[] = [...first.events];
    while (pages.length < first.eventCount) pages.push(...(await page(runId, pages.length, 300)).events);
    expect(pages).toEqual(whole.events);
    expect((await page(runId, first.eventCount, 300)).events).toEqual([]);

    // The reading is the one the window would make of the whole log, with the run's own summary.
    const own = liveFigures(whole.events, whole.listing.summary);
    expect(first.reading?.outcomes).toEqual([...own.outcomes]);
    expect(first.reading?.figures).toEqual(own.figures);
    expect(first.reading?.outcomes.some(([, outcome]) => outcome === 'lost')).toBe(true);
  });

  it('reads the run again for a page when the lab no longer holds it', async () => {
    const a = await keep();
    const b = await keep();
    const aWhole = await ok<LoadedRunData>(lab.backend.invoke('loadRun', { runId: a }));
    await ok(lab.backend.invoke('loadRun', { runId: b, eventsPage: 10 }));
    expect((await page(a, 100, 50)).events).toEqual(aWhole.events.slice(100, 150));
  });

  it('answers a run going on whole, whatever page was asked for', async () => {
    const started = nextEvent(lab.backend, 'runEvents');
    const { runId } = await ok<{ runId: string }>(lab.backend.invoke('startRun', { scenario: { ...PB_WITHOUT_RETRIES, workload: { clients: 2, ratePerSecond: 50, durationMs: 120_000 } }, mode: 'sim' }));
    await started;
    await nextEvent(lab.backend, 'runEvents');
    const loaded = await ok<LoadedRunData>(lab.backend.invoke('loadRun', { runId, eventsPage: 1 }));
    expect(loaded.listing.live).toBe(true);
    expect(loaded.events.length).toBeGreaterThan(1);
    expect(loaded.eventCount).toBe(loaded.events.length);
    expect(loaded.reading).toBeUndefined();
    expect((await page(runId, 0, 1)).events).toEqual(loaded.events.slice(0, 1));
    await ok(lab.backend.invoke('stopRun', { runId }));
  });

  it('refuses a page of a run that is not kept, and bad page arguments, with a sentence', async () => {
    const runId = await keep();
    expect(await fails(lab.backend.invoke('runEvents', { runId: 'no-such-run', from: 0, count: 10 }))).toMatch(/no-such-run/);
    expect(await fails(lab.backend.invoke('runEvents', { runId, from: -1, count: 10 }))).toMatch(/^runEvents: from: /);
    expect(await fails(lab.backend.invoke('runEvents', { runId, from: 0, count: 0 }))).toMatch(/^runEvents: count: /);
    expect(await fails(lab.backend.invoke('runEvents', { runId, from: 0, count: MAX_EVENTS_PAGE + 1 }))).toMatch(/^runEvents: count: /);
    expect(await fails(lab.backend.invoke('loadRun', { runId, eventsPage: 0 }))).toMatch(/^loadRun: eventsPage: /);
  });
});
