/**
 * A lab report is built on a worker thread: reading a long run and drawing its charts and
 * diagram took seconds on the thread that answers the window and relays live runs. Here
 * the report module of this thread is watched: exporting writes the report and its data
 * files, and this thread never builds one. A report that cannot be written (its folder
 * read-only) is a sentence naming the folder, not an internal error.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { ReportExport } from '../../shared/api.js';
import { parseScenario } from '../../shared/scenario.js';
import { PB_WITHOUT_RETRIES } from '../../shared/testing/fork-parent.js';
import { runScenario } from '../runtime/run.js';
import { newRunId } from './lab/runs.js';
import { failure, labPerTest, ok } from './testing/backend.js';

const here = vi.hoisted(() => ({ built: 0 }));
vi.mock('../report/index.js', async (original) => {
  const real = await original<typeof import('../report/index.js')>();
  return {
    ...real,
    writeReport: (...args: Parameters<typeof real.writeReport>) => {
      here.built++;
      return real.writeReport(...args);
    },
  };
});

const lab = labPerTest('faultlab-report-thread-', { printPdf: null });

async function keep(): Promise<string> {
  const runId = newRunId(new Date());
  await runScenario(parseScenario(PB_WITHOUT_RETRIES), 'sim', { dir: join(lab.dataDir, 'runs', runId) });
  return runId;
}

describe('exporting a lab report', () => {
  it('writes the report and its data on a worker thread, not on the thread that answers the window', async () => {
    const runId = await keep();
    const out = await ok<ReportExport>(lab.backend.invoke('exportReport', { runId, student: { name: 'Ada', id: '1', course: 'DS' } }));
    expect(readFileSync(out.htmlPath, 'utf8')).toContain('Ada');
    expect(out.html).toBe(readFileSync(out.htmlPath, 'utf8'));
    expect(out.dataFiles.length).toBe(4);
    for (const f of out.dataFiles) expect(existsSync(f)).toBe(true);
    expect(out.fileStem).toBe('fault-lab-report-pb-without-retries-ada');
    expect(here.built).toBe(0);
  });

  it('says which folder could not be written when the reports folder is read-only', async () => {
    if (process.getuid?.() === 0) {
      // root writes anywhere: a read-only folder is made by a file standing where the report goes.
      const runId = await keep();
      mkdirSync(join(lab.dataDir, 'reports', `report-${runId}.html`), { recursive: true });
      const f = await failure(lab.backend.invoke('exportReport', { runId }));
      expect(f.code).toBe('io');
      expect(f.error).toMatch(/^Cannot write the report into .*reports: E[A-Z]+\.$/);
      return;
    }
    const runId = await keep();
    mkdirSync(join(lab.dataDir, 'reports'), { recursive: true });
    chmodSync(join(lab.dataDir, 'reports'), 0o500);
    const f = await failure(lab.backend.invoke('exportReport', { runId }));
    chmodSync(join(lab.dataDir, 'reports'), 0o700);
    expect(f.code).toBe('io');
    expect(f.error).toMatch(/^Cannot write the report into .*reports: EACCES\.$/);
  });
});
