/**
 * Scheduling noise: a kept real-mode run in which a backup suspected its primary with no
 * fault injected (the log is a simulated run's, marked real, with that suspicion added: a
 * crafted log, so the test does not depend on the machine being slow). Reopened, the cluster
 * view and the failover timeline flag it, name who suspected whom and when, and hint at
 * simulation; in Korean too.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../shared/analysis/summary.js';
import { simulate } from '../../shared/engine/sim.js';
import type { RunEvent } from '../../shared/events.js';
import { lab as story } from '../../shared/testing/story.js';
import { saveRun } from '../../electron/runtime/run-folder.js';
import { screenshot } from '../fixtures/browser.js';
import { switchToKorean } from '../pages/korean.js';
import { useLabSession } from '../fixtures/session.js';

const SIZES: [number, number][] = [
  [1024, 700],
  [1366, 768],
  [1920, 1080],
];

describe('a suspicion no fault explains', () => {
  const { lab } = useLabSession({
    beforeOpen: async (server) => {
      const scenario = story('primary-backup', 'fail-stop', { name: 'Noisy machine', workload: { clients: 2, ratePerSecond: 50, durationMs: 2000 } }).scenario();
      const { events } = simulate(scenario);
      const real: RunEvent[] = events.map((e) => (e.type === 'run-start' ? { ...e, mode: 'real' as const } : e));
      const at = real.findIndex((e) => e.t >= 700);
      real.splice(at, 0, { t: real[at]!.t, type: 'suspect', replica: 2, suspect: 1, silentForMs: 212 });
      const dir = join(server.dataDir, 'runs', '2026-01-01T10-00-00-000Z');
      mkdirSync(join(server.dataDir, 'runs'), { recursive: true });
      saveRun(dir, scenario, real, analyze(real).summary);
    },
  });

  it('is flagged as scheduling noise in the cluster view and the failover timeline, with a hint to simulate', async () => {
    await lab.showTab('Kept runs');
    const row = lab.runList.locator('.el-table__row').filter({ hasText: 'Noisy machine' });
    await row.getByRole('button', { name: /^Open run/ }).click();
    const inCluster = lab.cluster.getByTestId('noise-note');
    await inCluster.waitFor();
    await expect(inCluster.getAttribute('data-count')).resolves.toBe('1');
    await inCluster.getByText('1 suspicion with no fault behind it: scheduling noise?').waitFor();
    await inCluster.getByText(/Replica 2 suspected replica 1 at \d+ ms, though nothing you injected/).waitFor();
    await inCluster.getByText(/Run the same scenario in Simulation/).waitFor();
    for (const [width, height] of SIZES) {
      await lab.page.setViewportSize({ width, height });
      await inCluster.scrollIntoViewIfNeeded();
      await screenshot(lab.page, `noise-cluster-${width}x${height}`);
    }
    await lab.page.setViewportSize({ width: 1440, height: 1000 });

    await lab.showTab('Failover timeline');
    await lab.timeline.getByTestId('noise-note').getByText(/scheduling noise\?/).waitFor();

    await switchToKorean(lab);
    await lab.cluster.getByTestId('noise-note').getByText('주입한 장애 없이 생긴 의심 1건: 스케줄링 잡음일까요?').waitFor();
    await lab.cluster.getByTestId('noise-note').getByText(/시뮬레이션으로 돌려 보세요/).waitFor();
    await lab.page.getByTestId('language').getByRole('radio', { name: 'English' }).check({ force: true });
  });
});
