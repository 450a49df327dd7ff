/**
 * Opening a kept run: its log comes page by page after the first (the lab's `runEvents`),
 * each page folded before the next is asked for; the outcomes and figures are the lab's
 * reading, not analysed again; the status says how far it has come; once open, the panel
 * holds its scenario with the faults injected live. Another run put on
 * screen meanwhile ends the opening (no more pages asked, nothing of it shown), and a log
 * that ends short of its count is a sentence, not a half-shown run.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { LabApi, LoadedRunData } from '@shared/api';
import { OPEN_PAGE_EVENTS } from '@shared/api';
import { analyze } from '@shared/analysis/summary';
import { simulate } from '@shared/engine/sim';
import type { RunEvent } from '@shared/events';
import { parseScenario } from '@shared/scenario';
import { PB_WITHOUT_RETRIES } from '@shared/testing/fork-parent';
import { liveFigures } from '@shared/views/figures';
import { useAppStore } from './app';
import { useRunStore } from './run';
import { useScenarioStore } from './scenario';

const scenario = parseScenario({ ...PB_WITHOUT_RETRIES, workload: { clients: 4, ratePerSecond: 800, durationMs: 6000 }, faults: [{ atMs: 3000, type: 'crash', replica: 1 }] });
const simulated = simulate(scenario).events;
/** A pause injected live at 2500 ms, as the lab logs it (the fault with the moment it was applied). */
const livePause: RunEvent = { t: 2500.4, type: 'fault', fault: { atMs: 2500, type: 'pause', replica: 2 }, source: 'live', effect: 'replica 2 paused' } as RunEvent;
const at = simulated.findIndex((e) => e.t > 2500.4);
const log = [...simulated.slice(0, at), livePause, ...simulated.slice(at)];
const summary = analyze(log).summary;
const reading = liveFigures(log, summary);

/** A lab holding one kept run ('big', or 'short' whose log ends early); `calls` records what was asked, `during` runs at each page. */
function fakeLab(calls: string[], during: () => void = () => {}): Partial<LabApi> {
  const data = (runId: string, events: RunEvent[]): LoadedRunData => ({
    listing: { runId, name: scenario.name, scheme: scenario.scheme, mode: 'sim', startedAt: '2026-12-03T00:00:00.000Z', complete: true, live: false, summary },
    scenario,
    events,
    eventCount: log.length,
    reading: { outcomes: [...reading.outcomes], figures: reading.figures },
  });
  return {
    on: () => () => {},
    loadRun: async ({ runId, eventsPage }) => {
      calls.push(`load ${runId} ${eventsPage}`);
      return data(runId, log.slice(0, eventsPage));
    },
    runEvents: async ({ runId, from, count }) => {
      calls.push(`page ${runId} ${from}`);
      during();
      return { events: runId === 'short' && from >= OPEN_PAGE_EVENTS ? [] : log.slice(from, from + count) };
    },
  };
}

let calls: string[];
beforeEach(() => {
  setActivePinia(createPinia());
  calls = [];
});

describe('opening a kept run', () => {
  it('asks for the log page by page and shows all of it, with the lab\'s reading', async () => {
    expect(log.length).toBeGreaterThan(2 * OPEN_PAGE_EVENTS);
    const seen: (string | null)[] = [];
    const store = useRunStore();
    const lab = fakeLab(calls, () => seen.push(store.loading ? `${store.loading.events}/${store.loading.of}` : null)) as LabApi;
    useAppStore().lab = () => lab;
    await store.open('big');
    const pages = Math.ceil(log.length / OPEN_PAGE_EVENTS) - 1;
    expect(calls).toEqual([`load big ${OPEN_PAGE_EVENTS}`, ...Array.from({ length: pages }, (_, i) => `page big ${(i + 1) * OPEN_PAGE_EVENTS}`)]);
    expect(seen[0]).toBe(`${OPEN_PAGE_EVENTS}/${log.length}`);
    expect(store.loading).toBeNull();
    expect(store.events).toEqual(log);
    expect(store.model?.lastT).toBe(log.at(-1)?.t);
    expect(store.summaryFinal).toBe(true);
    expect(store.summary).toEqual(summary);
    expect([...store.outcomes]).toEqual([...reading.outcomes]);
    expect([...store.outcomes.values()]).toContain('lost');
    expect(store.figures).toEqual(reading.figures);
    expect(store.error).toBeNull();
    // The panel holds the run's scenario, the fault injected live in its schedule at its moment.
    const panel = useScenarioStore();
    expect(panel.draft.name).toBe(scenario.name);
    expect(panel.draft.faults).toEqual([{ atMs: 2500, type: 'pause', replica: 2 }, { atMs: 3000, type: 'crash', replica: 1 }]);
    expect(panel.presetId).toBeNull();
  });

  it('stops asking for pages once another run is put on screen', async () => {
    const store = useRunStore();
    let second: Promise<void> | null = null;
    const lab = fakeLab(calls, () => {
      if (second === null) second = store.open('other');
    }) as LabApi;
    useAppStore().lab = () => lab;
    await store.open('big');
    await second;
    expect(calls.filter((c) => c.includes('big'))).toEqual([`load big ${OPEN_PAGE_EVENTS}`, `page big ${OPEN_PAGE_EVENTS}`]);
    expect(store.runId).toBe('other');
    expect(store.events).toEqual(log);
    expect(store.loading).toBeNull();
  });

  it('says so when the log ends short of its count', async () => {
    const store = useRunStore();
    const lab = fakeLab(calls) as LabApi;
    useAppStore().lab = () => lab;
    await store.open('short');
    expect(store.error).toMatch(/^The run's log ended after [\d]+ of its [\d]+ events; it may have been deleted or replaced while it was being opened\.$/);
    expect(store.loading).toBeNull();
  });
});
