/**
 * Pausing a live run: the page shows it paused only once it has every event the run logged
 * before the pause (they may still be on their way when the lab answers), so the picture then
 * shows the moment of the pause and stands still. Another run put on screen meanwhile ends
 * the wait without touching the new run's pace.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { LabApi } from '@shared/api';
import { simulate } from '@shared/engine/sim';
import { parseScenario } from '@shared/scenario';
import { PB_WITHOUT_RETRIES } from '@shared/testing/fork-parent';
import { useAppStore } from './app';
import { useRunStore } from './run';

const log = simulate(parseScenario(PB_WITHOUT_RETRIES)).events;

function fakeLab(logged: number): LabApi {
  return {
    on: () => () => {},
    startRun: async () => ({ runId: 'live' }),
    listReplicas: async () => [],
    paceRun: async ({ paused, speed }: { paused?: boolean; speed?: number }) => ({ paused: paused ?? false, speed: speed ?? 1, eventCount: logged }),
  } as unknown as LabApi;
}

async function liveRun(logged: number): Promise<ReturnType<typeof useRunStore>> {
  const lab = fakeLab(logged);
  useAppStore().lab = () => lab;
  const run = useRunStore();
  await run.start({}, 'sim');
  run.ingest(log.slice(0, 100));
  return run;
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

beforeEach(() => setActivePinia(createPinia()));

describe('pausing a live run', () => {
  it('shows the pause once the events logged before it have come, drawn', async () => {
    const run = await liveRun(130);
    const pausing = run.setPace({ paused: true });
    await settle();
    expect(run.pace.paused).toBe(false);
    run.ingest(log.slice(100, 120));
    await settle();
    expect(run.pace.paused).toBe(false);
    const version = run.version;
    run.ingest(log.slice(120, 130));
    await pausing;
    expect(run.pace.paused).toBe(true);
    // Drawn now, not after the live redraw's delay.
    expect(run.version).toBeGreaterThan(version);
  });

  it('shows a pause at once when the page has every event already', async () => {
    const run = await liveRun(100);
    await run.setPace({ paused: true });
    expect(run.pace.paused).toBe(true);
  });

  it('stops waiting when another run is put on screen, leaving that run\'s pace alone', async () => {
    const run = await liveRun(500);
    const pausing = run.setPace({ paused: true });
    await settle();
    run.showStepLog(log.slice(0, 10));
    await pausing;
    expect(run.pace.paused).toBe(false);
  });
});
