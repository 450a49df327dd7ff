/**
 * A kept run of 250k+ events stays usable: it reopens (page by page, "Opening… n%", its
 * scenario then in the panel), the event log scrolls and filters
 * without freezing the page, and the timeline draws and zooms. The figures measured here
 * (printed as "measure: ...") are the ones quoted in the renderer's report.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshot } from '../fixtures/browser.js';
import { faultlab } from '../fixtures/serve.js';
import type { PageGlobals } from '../fixtures/long-tasks.js';
import { reportLongTasks, takeLongTasks as takeLongTasksOf, watchLongTasks } from '../fixtures/long-tasks.js';
import { useLabSession } from '../fixtures/session.js';

const LARGE_SCENARIO = {
  faultlab: 1,
  name: 'Large run: primary crash under load',
  scheme: 'primary-backup',
  failureModel: 'fail-stop',
  k: 2,
  replicas: 3,
  service: 'counter',
  seed: 3,
  workload: { clients: 4, ratePerSecond: 1000, durationMs: 15000 },
  faults: [
    { atMs: 5000, type: 'crash', replica: 1 },
    { atMs: 9000, type: 'restart', replica: 1 },
  ],
};

describe('a large kept run', () => {
  let eventCount = 0;

  const { lab } = useLabSession({
    ready: (s) => watchLongTasks(s.browser.page),
    // The kept run is made before the lab opens, so the runs list shows it.
    beforeOpen: async (server) => {
      mkdirSync(join(server.dataDir, 'runs'), { recursive: true });
      const file = join(server.dataDir, 'large.faultlab.json');
      writeFileSync(file, JSON.stringify(LARGE_SCENARIO));
      const made = await faultlab(['run', file, '--mode', 'sim', '--json', '--out', join(server.dataDir, 'runs', 'large-run')]);
      expect(made.code, made.stderr).toBe(0);
      eventCount = (JSON.parse(made.stdout) as { eventCount: number }).eventCount;
      expect(eventCount).toBeGreaterThan(100_000);
    },
  });

  const takeLongTasks = (): Promise<number[]> => takeLongTasksOf(lab.page);
  const report = reportLongTasks;

  it('reopens from the kept runs', async () => {
    await lab.showTab('Kept runs');
    const row = lab.runList.locator('.el-table__row').filter({ hasText: 'Large run' });
    await row.getByText('complete').waitFor();
    await takeLongTasks();
    const started = Date.now();
    await row.getByRole('button', { name: /^Open run/ }).click();
    await lab.runStatus.filter({ hasText: 'Finished' }).waitFor({ timeout: 60_000 });
    report(`open a kept run of ${eventCount} events`, await takeLongTasks(), `${Date.now() - started} ms to load and fold, `);
    // The panel now holds the run's scenario: Run would run this run again.
    await expect.poll(() => lab.page.locator('[data-testid="scenario-name"] input, input[data-testid="scenario-name"]').first().inputValue()).toBe(LARGE_SCENARIO.name);
  });

  it('scrolls the event log without freezing', async () => {
    await lab.showTab('Event log');
    const count = lab.page.getByTestId('log-count');
    await count.filter({ hasText: `${eventCount.toLocaleString('en')} of ${eventCount.toLocaleString('en')} events` }).waitFor();
    await takeLongTasks();
    // 60 jumps across the whole log, each waiting for the rows at the new place to render.
    const frames = await lab.page.getByTestId('log-scroller').evaluate(async (el: { scrollTop: number; scrollHeight: number; clientHeight: number }) => {
      const w = globalThis as unknown as PageGlobals;
      const times: number[] = [];
      for (let i = 0; i <= 60; i++) {
        const t0 = performance.now();
        el.scrollTop = ((el.scrollHeight - el.clientHeight) * i) / 60;
        await new Promise<void>((r) => w.requestAnimationFrame(() => w.requestAnimationFrame(() => r())));
        times.push(performance.now() - t0);
      }
      return times;
    });
    frames.sort((a, b) => a - b);
    const p95 = frames[Math.floor(frames.length * 0.95)] ?? 0;
    const longTasks = await takeLongTasks();
    report('scroll the event log (61 jumps)', longTasks, `frame p50 ${frames[30]?.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, `);
    await lab.eventLog.getByText(/run-end|final/).first().waitFor();
    expect(p95).toBeLessThan(200);
    expect(Math.max(0, ...longTasks)).toBeLessThan(300);
    await screenshot(lab.page, 'event-log-large-run');
  });

  it('filters the whole log by text and by type', async () => {
    const count = lab.page.getByTestId('log-count');
    let started = Date.now();
    await lab.eventLog.getByRole('textbox', { name: 'Search the log' }).fill('crash');
    await count.filter({ hasText: new RegExp(`^[1-9]\\d* of ${eventCount.toLocaleString('en')} events$`) }).waitFor();
    const textMs = Date.now() - started;
    report('filter by text "crash"', await takeLongTasks(), `${textMs} ms until the count showed, `);
    await lab.eventLog.getByText(/crash replica 1/).first().waitFor();
    await lab.eventLog.getByRole('textbox', { name: 'Search the log' }).fill('');
    await count.filter({ hasText: `${eventCount.toLocaleString('en')} of` }).waitFor();
    await takeLongTasks();
    started = Date.now();
    await lab.eventLog.getByRole('textbox', { name: 'Replica or client' }).fill('r2');
    await count.filter({ hasText: new RegExp(`^[1-9][\\d,]* of ${eventCount.toLocaleString('en')} events$`) }).waitFor();
    const actorMs = Date.now() - started;
    report('filter by replica "r2"', await takeLongTasks(), `${actorMs} ms until the count showed, `);
    expect(textMs).toBeLessThan(5000);
    expect(actorMs).toBeLessThan(5000);
  });

  it('draws the failover timeline and zooms it', async () => {
    await takeLongTasks();
    const started = Date.now();
    await lab.showTab('Failover timeline');
    await lab.page.getByTestId('failover-list').getByText(/replica 1 → replica 2/).waitFor();
    await lab.timeline.locator('canvas').first().waitFor();
    report('draw the timeline', await takeLongTasks(), `${Date.now() - started} ms until drawn, `);
    const box = await lab.timeline.locator('canvas').first().boundingBox();
    expect(box).not.toBeNull();
    await lab.page.mouse.move(box!.x + box!.width * 0.35, box!.y + box!.height / 2);
    const zoomStarted = Date.now();
    for (let i = 0; i < 10; i++) await lab.page.mouse.wheel(0, -300);
    await lab.page.evaluate(() => {
      const w = globalThis as unknown as PageGlobals;
      return new Promise<void>((r) => w.requestAnimationFrame(() => w.requestAnimationFrame(() => r())));
    });
    const zoomTasks = await takeLongTasks();
    report('zoom the timeline (10 wheel steps)', zoomTasks, `${Date.now() - zoomStarted} ms, `);
    expect(Math.max(0, ...zoomTasks)).toBeLessThan(1000);
    await screenshot(lab.page, 'timeline-large-run-zoomed');
  });
});
