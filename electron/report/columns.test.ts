/**
 * A four-column report: `faultlab compare --all` saves Raft and PBFT beside the trusted
 * pair, and the report of any of those run folders carries the whole table (the one the
 * app and the CLI build), every column's figures and every column's event log. Verify
 * re-runs (simulation) or re-derives (real processes) every column, and names an edited
 * Raft or PBFT figure, an edited figure of a further column's summary, and an edited line
 * of the PBFT column's embedded log. An untouched four-column report verifies, and so do
 * reports written before the format had columns (format 2, kept as fixtures).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Comparison, SideKey } from '../../shared/compare.js';
import { comparisonColumns } from '../../shared/compare.js';
import { parseScenario } from '../../shared/scenario.js';
import { loadRun } from '../runtime/run-folder.js';
import { columnDir, loadComparisonWithLog, runComparison } from './compare-run.js';
import type { ReportData } from './data.js';
import { REPORT_DATA_ID } from './data.js';
import type { LogRole } from './evidence.js';
import { findLogBlock } from './evidence.js';
import { scriptJson } from './html.js';
import { buildReport, writeReport } from './index.js';
import { extractReportData, verifyReportHtml, visibleFigures } from './verify.js';

/** State-machine replication, k = 1, a liar and a crash: every column has something to show. */
const smrLiar = parseScenario({
  faultlab: 1, name: 'columns: a liar, then a crash', scheme: 'state-machine', failureModel: 'arbitrary', k: 1, service: 'kv', seed: 21,
  workload: { clients: 2, ratePerSecond: 40, durationMs: 600 },
  faults: [{ atMs: 100, type: 'byzantine', replica: 2, behavior: 'lie' }, { atMs: 300, type: 'crash', replica: 1 }],
});
/** Raft, k = 1, its first leader crashes: an election. */
const raftCrash = parseScenario({
  faultlab: 1, name: 'columns: Raft leader crash', scheme: 'raft', failureModel: 'fail-stop', k: 1, service: 'counter', seed: 4,
  workload: { clients: 2, ratePerSecond: 40, durationMs: 600 },
  faults: [{ atMs: 250, type: 'crash', replica: 1 }],
});
/** PBFT, k = 1, one liar among four, with real processes. */
const pbftLiar = parseScenario({
  faultlab: 1, name: 'columns: PBFT liar', scheme: 'pbft', failureModel: 'arbitrary', k: 1, service: 'kv', seed: 8,
  workload: { clients: 2, ratePerSecond: 40, durationMs: 500 },
  faults: [{ atMs: 100, type: 'byzantine', replica: 3, behavior: 'lie' }],
});

let dir: string;
const reports = new Map<string, string>();
const tables = new Map<string, Comparison>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'faultlab-columns-'));
  const cases = [
    ['sim-smr', smrLiar, 'sim'],
    ['sim-raft', raftCrash, 'sim'],
    ['real-pbft', pbftLiar, 'real'],
  ] as const;
  for (const [name, scenario, mode] of cases) {
    tables.set(name, await runComparison(scenario, mode, { dir: join(dir, name), width: 'all' }));
    const w = await writeReport({ run: { runDir: join(dir, name) }, student: { name: 'Ada', id: 's1', course: 'DS' }, prediction: 'p' }, { htmlPath: join(dir, `${name}.html`) });
    reports.set(name, w.html);
  }
}, 300_000);

const report = (name: string): string => {
  const html = reports.get(name);
  if (!html) throw new Error(`no report ${name}`);
  return html;
};

/** The report with its embedded data replaced by `edit` of it. */
function withData(html: string, edit: (d: ReportData) => void): string {
  const data = extractReportData(html);
  edit(data);
  const open = `<script type="application/json" id="${REPORT_DATA_ID}">`;
  const start = html.indexOf(open) + open.length;
  const end = html.indexOf('</script>', start);
  return html.slice(0, start) + scriptJson(data) + html.slice(end);
}

const escHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** A careful edit of a figure: its first number changed where it is shown and where it is embedded. */
function editFigure(html: string, key: string): { html: string; from: string; to: string } {
  const from = visibleFigures(html).get(key)?.[0];
  if (from === undefined) throw new Error(`no figure ${key}`);
  const to = from.replace(/\d+/, (d) => String(Number(d) + 7));
  const shown = html.split(`<span data-fl="${key}">${escHtml(from)}</span>`).join(`<span data-fl="${key}">${escHtml(to)}</span>`);
  expect(shown).not.toBe(html);
  return { html: withData(shown, (d) => void (d.figures[key] = to)), from, to };
}

/** The report with one line of one embedded log replaced. */
function editLogLine(html: string, role: LogRole, pick: (line: string) => boolean, edit: (line: string) => string): { html: string; line: number } {
  const b64 = findLogBlock(html, role);
  if (b64 === null) throw new Error(`no embedded log ${role}`);
  const lines = gunzipSync(Buffer.from(b64, 'base64')).toString('utf8').split('\n');
  const i = lines.findIndex(pick);
  expect(i).toBeGreaterThan(0);
  lines[i] = edit(lines[i] ?? '');
  return { html: html.replace(b64, gzipSync(lines.join('\n')).toString('base64')), line: i + 1 };
}

describe('a report of a four-column comparison', () => {
  it('carries the table the app and the CLI build, with every column, from any of its run folders', () => {
    for (const name of ['sim-smr', 'sim-raft', 'real-pbft']) {
      const run = loadRun(join(dir, name));
      const loaded = loadComparisonWithLog(run);
      expect(loaded, name).not.toBeNull();
      // The same table runComparison returned when it made the folder.
      expect(loaded?.comparison, name).toEqual(tables.get(name));
      expect(comparisonColumns(loaded?.comparison as Comparison), name).toEqual(['smr', 'pb', 'raft', 'pbft']);
      const data = extractReportData(report(name));
      expect(data.faultlabReport).toBe(3);
      const figures = visibleFigures(report(name));
      for (const key of ['smr', 'pb', 'raft', 'pbft'] as SideKey[]) {
        for (const row of ['arbitrary', 'loss', 'handling', 'copies', 'replicas', 'cost', 'messages', 'latency', 'cpu']) {
          expect(figures.get(`compare.${row}.${key}`), `${name}: compare.${row}.${key}`).toHaveLength(1);
        }
      }
    }
  });

  it('records the trusted pair where it has one, and every other column with its log and hash', () => {
    const smr = extractReportData(report('sim-smr'));
    expect(smr.comparison?.counterpart?.scheme).toBe('primary-backup');
    expect(Object.keys(smr.comparison?.columns ?? {})).toEqual(['raft', 'pbft']);
    expect(Object.keys(smr.evidence.columns ?? {})).toEqual(['raft', 'pbft']);
    expect(smr.evidence.columns?.pbft).toMatchObject({ content: 'whole', sha256: smr.comparison?.columns?.pbft?.summary.eventLogSha256 });
    for (const role of ['run', 'counterpart', 'column-raft', 'column-pbft'] as const) expect(findLogBlock(report('sim-smr'), role)?.length, role).toBeGreaterThan(100);

    // A Raft run has no trusted counterpart: the three other columns are all columns.
    const raft = extractReportData(report('sim-raft'));
    expect(raft.comparison?.counterpart).toBeNull();
    expect(raft.evidence.counterpart).toBeNull();
    expect(Object.keys(raft.comparison?.columns ?? {})).toEqual(['smr', 'pb', 'pbft']);
    expect(findLogBlock(report('sim-raft'), 'counterpart')).toBeNull();
    const html = report('sim-raft');
    for (const head of ['<th style="width:21%">State-machine replication</th>', '<th style="width:21%">Raft</th>', '<th style="width:21%">PBFT</th>']) expect(html).toContain(head);
    expect(html).toContain('Messages per request');
    expect(html).toContain('The comparison&#39;s PBFT run&#39;s whole event log');
  });

  it('verifies untouched, simulated (every column re-run) and with real processes (every column re-derived)', async () => {
    for (const name of ['sim-smr', 'sim-raft', 'real-pbft']) {
      const r = await verifyReportHtml(report(name));
      expect(r.differences, name).toEqual([]);
      expect(r.ok).toBe(true);
      expect(r.checked).toBeGreaterThan(150);
    }
  }, 120_000);

  it.each([
    ['sim-smr', 'compare.loss.raft', 'Raft', 'the re-run'],
    ['sim-smr', 'compare.messages.pbft', 'PBFT', 'the re-run'],
    ['sim-raft', 'compare.replicas.raft', 'Raft', 'the re-run'],
    ['real-pbft', 'compare.loss.raft', 'Raft', 'the log'],
    ['real-pbft', 'compare.arbitrary.pbft', 'PBFT', 'the log'],
    ['real-pbft', 'compare.latency.pbft', 'PBFT', 'the log'],
  ])('%s: an edited figure %s fails and is named', async (name, key, column, source) => {
    const e = editFigure(report(name), key);
    const r = await verifyReportHtml(e.html);
    expect(r.ok).toBe(false);
    const shown = r.differences.find((d) => d.includes(`(${key}, shown)`));
    expect(shown, r.differences.join('\n')).toMatch(new RegExp(`^figure ".*, ${column}" \\(${key.replace(/\./g, '\\.')}, shown\\): the report says "${e.to.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}", ${source} gives "`));
    expect(r.differences.some((d) => d.includes(`(${key}, embedded)`))).toBe(true);
  }, 60_000);

  it.each(['sim-smr', 'real-pbft'])('%s: an edited figure of the PBFT column\'s embedded summary fails and is named', async (name) => {
    const key: SideKey = name === 'real-pbft' ? 'raft' : 'pbft';
    const edited = withData(report(name), (d) => {
      const col = d.comparison?.columns?.[key];
      if (!col) throw new Error('no column');
      col.summary.requests.issued += 1;
    });
    const r = await verifyReportHtml(edited);
    expect(r.ok).toBe(false);
    expect(r.differences).toContainEqual(expect.stringMatching(new RegExp(`^comparison\\.columns\\.${key}\\.summary\\.requests\\.issued: the report says \\d+, the (re-run|log) gives \\d+$`)));
  }, 60_000);

  it.each(['sim-smr', 'sim-raft', 'real-pbft'])('%s: one edited line of the PBFT column\'s embedded log fails and is named', async (name) => {
    const role: LogRole = name === 'real-pbft' ? 'run' : 'column-pbft';
    const what = name === 'real-pbft' ? 'the run' : "the comparison's PBFT run";
    const e = editLogLine(report(name), role, (l) => l.includes('"type":"deliver"'), (l) => l.replace(/"t":(\d+)/, (_m, t: string) => `"t":${Number(t) + 1}`));
    const r = await verifyReportHtml(e.html);
    expect(r.ok).toBe(false);
    const named = r.differences.find((d) => d.startsWith(`${what}: the embedded log's hash does not match its summary: edited`));
    expect(named, r.differences.join('\n')).toBeDefined();
    if (name.startsWith('sim')) expect(named).toContain(`line ${e.line} differs from the re-run's`);
  }, 60_000);

  it('real-pbft: one edited line of a further column\'s log (Raft) fails and is named', async () => {
    const e = editLogLine(report('real-pbft'), 'column-raft', (l) => l.includes('"type":"deliver"'), (l) => l.replace(/"t":(\d+)/, (_m, t: string) => `"t":${Number(t) + 1}`));
    const r = await verifyReportHtml(e.html);
    expect(r.ok).toBe(false);
    expect(r.differences[0]).toMatch(/^the comparison's Raft run: the embedded log's hash does not match its summary: edited/);
  }, 60_000);

  it('fails a report whose PBFT column, log and all, was removed from the data but whose table still shows it', async () => {
    const edited = withData(report('sim-smr'), (d) => {
      delete d.comparison?.columns?.pbft;
      delete d.evidence.columns?.pbft;
    });
    const r = await verifyReportHtml(edited);
    expect(r.ok).toBe(false);
    expect(r.differences).toContainEqual('figure "Request loss, PBFT" (compare.loss.pbft) is shown but is not one the re-run gives');
  }, 60_000);

  it('builds from a comparison held in memory when every column\'s log is given, and refuses one without', async () => {
    const c = tables.get('sim-smr') as Comparison;
    const run = loadRun(join(dir, 'sim-smr'));
    const logs = Object.fromEntries((['pb', 'raft', 'pbft'] as const).map((k) => [k, loadRun(join(dir, 'sim-smr', columnDir(smrLiar, k))).events]));
    const built = buildReport({ run: { scenario: run.scenario, events: run.events }, comparison: c, columnEvents: logs, generatedAt: new Date('2026-01-01T00:00:00Z') });
    expect(Object.keys(built.data.comparison?.columns ?? {})).toEqual(['raft', 'pbft']);
    expect((await verifyReportHtml(built.html)).differences).toEqual([]);
    expect(() => buildReport({ run: { scenario: run.scenario, events: run.events }, comparison: c, columnEvents: { pb: logs.pb ?? [], raft: logs.raft ?? [] } })).toThrow("the comparison's PBFT run has no event log to embed");
  }, 60_000);
});

describe('a report written before the format had columns (format 2, two columns)', () => {
  it.each(['sim', 'real'])('still verifies (%s)', async (mode) => {
    const html = gunzipSync(readFileSync(join(import.meta.dirname, 'fixtures', `two-column-format2-${mode}.html.gz`))).toString('utf8');
    const data = extractReportData(html);
    expect(data.faultlabReport).toBe(2);
    expect(data.comparison?.counterpart?.scheme).toBe('primary-backup');
    expect(data.comparison?.columns).toBeUndefined();
    const r = await verifyReportHtml(html);
    expect(r.differences).toEqual([]);
    expect(r.ok).toBe(true);
    // And is still held to what it states.
    const e = editFigure(html, 'compare.loss.pb');
    const bad = await verifyReportHtml(e.html);
    expect(bad.differences).toContainEqual(expect.stringMatching(/^figure ".*, primary-backup" \(compare\.loss\.pb, shown\): the report says/));
  }, 60_000);
});
