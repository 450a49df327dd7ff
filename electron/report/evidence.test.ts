/**
 * Evidence, not figures: a report embeds its runs' event logs, and verify re-derives every
 * figure from them (real processes) or re-runs the scenario and holds the log to the re-run
 * (simulation). Every figure a report states as a number is edited, one at a time, as a
 * careful student would (the text and the embedded data alike), and so is one line of the
 * embedded log: verify fails and names what changed, every time; the untouched report
 * verifies.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../shared/analysis/summary.js';
import { parseScenario } from '../../shared/scenario.js';
import { runScenario } from '../runtime/run.js';
import { runComparison } from './compare-run.js';
import type { ReportData } from './data.js';
import { REPORT_DATA_ID } from './data.js';
import { findLogBlock, logParts, jsonlOf } from './evidence.js';
import { scriptJson } from './html.js';
import { buildReport, writeReport } from './index.js';
import { extractReportData, verifyReportHtml, visibleFigures } from './verify.js';

/** A short primary-backup run whose primary crashes: lost requests, a failover, latencies. */
const pbCrash = parseScenario({
  faultlab: 1, name: 'evidence: primary crash', scheme: 'primary-backup', failureModel: 'fail-stop', k: 1, replicas: 2, service: 'counter', seed: 11,
  // The crash comes late enough that a loaded machine's replicas have answered before it.
  workload: { clients: 2, ratePerSecond: 100, durationMs: 2500 },
  timing: { clientRetries: 0 },
  faults: [{ atMs: 1500, type: 'crash', replica: 1 }],
});
/** State-machine replication with a liar among 2k replicas: undecided requests, votes. */
const smrLiar = parseScenario({
  faultlab: 1, name: 'evidence: liar', scheme: 'state-machine', failureModel: 'arbitrary', k: 1, replicas: 2, service: 'kv', seed: 5,
  workload: { clients: 2, ratePerSecond: 100, durationMs: 1000 },
  faults: [{ atMs: 300, type: 'byzantine', replica: 2, behavior: 'lie' }],
});

const reports = new Map<string, string>();
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'faultlab-evidence-'));
  // Real processes: each run in its folder, reported as the app and `faultlab report` do.
  for (const [name, scenario] of [['real-pb', pbCrash], ['real-smr', smrLiar]] as const) {
    await runScenario(scenario, 'real', { dir: join(dir, name) });
    const w = await writeReport({ run: { runDir: join(dir, name) }, student: { name: 'Ada', id: 's1', course: 'DS' }, prediction: 'p' }, { htmlPath: join(dir, `${name}.html`) });
    reports.set(name, w.html);
  }
  // A simulated comparison (both logs embedded).
  await runComparison(pbCrash, 'sim', { dir: join(dir, 'sim-pb') });
  reports.set('sim-pb', (await writeReport({ run: { runDir: join(dir, 'sim-pb') } }, { htmlPath: join(dir, 'sim-pb.html') })).html);
}, 120_000);

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

/** A figure's text with its first number changed (so it still reads as a figure). */
const changed = (text: string): string => text.replace(/\d+/, (d) => String(Number(d) + 7));

/** A careful edit: the figure as shown and as embedded, both changed the same way. */
function editFigure(html: string, key: string): { html: string; from: string; to: string } {
  const from = visibleFigures(html).get(key)?.[0];
  if (from === undefined) throw new Error(`no figure ${key}`);
  const to = changed(from);
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  const shown = html.split(`<span data-fl="${key}">${esc(from)}</span>`).join(`<span data-fl="${key}">${esc(to)}</span>`);
  return { html: withData(shown, (d) => void (d.figures[key] = to)), from, to };
}

/** Keys of every figure the report states as a number. */
const numericFigures = (html: string): string[] => [...visibleFigures(html).entries()].filter(([k, [t]]) => k !== 'eventLogSha256' && /\d/.test(t ?? '')).map(([k]) => k);

/** The report with one line of its embedded log replaced. */
function editLogLine(html: string, pick: (line: string) => boolean, edit: (line: string) => string): { html: string; line: number } {
  const b64 = findLogBlock(html, 'run');
  if (b64 === null) throw new Error('no embedded log');
  const lines = gunzipSync(Buffer.from(b64, 'base64')).toString('utf8').split('\n');
  const i = lines.findIndex(pick);
  expect(i).toBeGreaterThan(0);
  lines[i] = edit(lines[i] ?? '');
  return { html: html.replace(b64, gzipSync(lines.join('\n')).toString('base64')), line: i + 1 };
}

describe.each(['real-pb', 'real-smr', 'sim-pb'])('a %s report', (name) => {
  const source = name.startsWith('real') ? 'the log' : 'the re-run';

  it('embeds its event log, compressed, with the summary\'s hash, and verifies untouched', async () => {
    const html = report(name);
    const data = extractReportData(html);
    expect(data.faultlabReport).toBe(3);
    expect(data.evidence.run).toMatchObject({ content: 'whole', sha256: data.summary.eventLogSha256, eventCount: data.summary.eventCount });
    expect(findLogBlock(html, 'run')?.length).toBeGreaterThan(100);
    expect(data.runStartedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const r = await verifyReportHtml(html);
    expect(r.differences).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.notes.join(' ')).toMatch(name.startsWith('real') ? /every figure was re-derived from the event log embedded in it/ : /checked the embedded event log against the re-run's/);
  });

  it('names every numeric figure edited in the text and the embedded data alike', async () => {
    const html = report(name);
    const keys = numericFigures(html);
    // The outcome counts, latencies, throughput, messages, the run's length, ... (and CPU time in real mode).
    expect(keys).toEqual(expect.arrayContaining(['requests.issued', 'requests.answeredCorrect', 'requests.lost', 'latency.p50', 'throughput', 'messages.total', 'durationMs', 'run.n']));
    if (name.startsWith('real')) expect(keys).toContain('cpuMsPerRequest');
    if (name === 'sim-pb') expect(keys).toContain('compare.loss.pb');
    for (const key of keys) {
      const e = editFigure(html, key);
      const r = await verifyReportHtml(e.html);
      expect(r.ok, key).toBe(false);
      expect(r.differences, key).toContainEqual(expect.stringMatching(new RegExp(`^figure ".+" \\(${key.replace(/\./g, '\\.')}, shown\\): the report says "${escapeRe(e.to)}", ${source} gives "${escapeRe(e.from)}"$`)));
    }
  }, 120_000);

  it('names the consistent forgery of the issue: lost and correct edited in the text, the figures and the summary', async () => {
    const html = report(name);
    const summary = extractReportData(html).summary;
    let forged = editFigure(html, 'requests.lost').html;
    forged = editFigure(forged, 'requests.answeredCorrect').html;
    forged = withData(forged, (d) => {
      const s = d.summary as RunSummary;
      s.requests.lost += 7;
      s.requests.answeredCorrect += 7;
    });
    const r = await verifyReportHtml(forged);
    expect(r.ok).toBe(false);
    expect(r.differences).toContain(`figure "Lost" (requests.lost, shown): the report says "${summary.requests.lost + 7}", ${source} gives "${summary.requests.lost}"`);
    expect(r.differences).toContain(`summary.requests.lost: the report says ${summary.requests.lost + 7}, ${source} gives ${summary.requests.lost}`);
  });

  it('names an edited line of the embedded log', async () => {
    const html = report(name);
    // An answer the client accepted turned into one it gave up on.
    const e = editLogLine(html, (l) => l.includes('"type":"accept"'), (l) => {
      const ev = JSON.parse(l) as { t: number; client: number; req: number };
      return JSON.stringify({ t: ev.t, type: 'give-up', client: ev.client, req: ev.req, replies: 0 });
    });
    const r = await verifyReportHtml(e.html);
    expect(r.ok).toBe(false);
    expect(r.differences[0]).toMatch(/^the run: the embedded log's hash does not match its summary: edited/);
    if (name === 'sim-pb') expect(r.differences[0]).toContain(`line ${e.line} differs from the re-run's`);
    // In real mode the figures are re-derived from the edited log, and so differ from the report's.
    else expect(r.differences.some((d) => d.startsWith('figure "Lost" (requests.lost, shown)'))).toBe(true);
  });

  it('names a log that is cut short or not a log', async () => {
    const html = report(name);
    const b64 = findLogBlock(html, 'run')!;
    const cut = await verifyReportHtml(html.replace(b64, b64.slice(0, Math.floor(b64.length / 2) & ~3)));
    expect(cut.differences.join('\n')).toMatch(/embedded event log cannot be decompressed.*edited or cut short/);
    const gone = await verifyReportHtml(html.replace(b64, ''));
    expect(gone.ok).toBe(false);
    const junk = await verifyReportHtml(html.replace(b64, gzipSync('{"t":0,"type":"run-start"\n').toString('base64')));
    expect(junk.differences.join('\n')).toMatch(/line 1 is not valid JSON/);
  });
});

describe('a report whose log is too large to embed whole', () => {
  it('embeds the hash and the events the outcome figures need, says so, and verify names what it could not re-derive', async () => {
    const run = await runScenario(pbCrash, 'sim');
    const partsBytes = gzipSync(jsonlOf(logParts(run.events))).length;
    const built = buildReport({ run: { scenario: run.scenario, events: run.events }, embedLimitBytes: partsBytes });
    expect(built.data.evidence.run).toMatchObject({ content: 'parts', sha256: run.summary.eventLogSha256, eventCount: run.events.length, limitBytes: partsBytes });
    expect(built.data.evidence.run.embeddedEvents).toBeLessThan(run.events.length / 2);
    expect(built.html).toContain('more than the');
    expect(built.html).toContain('does not embed a whole event log');
    const ok = await verifyReportHtml(built.html);
    expect(ok.differences).toEqual([]);
    // As a real-mode report (nothing can be re-run): what the parts give is re-derived, the message counts are named.
    const realEvents = run.events.map((e) => (e.type === 'run-start' ? { ...e, mode: 'real' as const } : e));
    const realPartsBytes = gzipSync(jsonlOf(logParts(realEvents))).length;
    const realReport = buildReport({ run: { scenario: run.scenario, events: realEvents }, embedLimitBytes: realPartsBytes });
    expect(realReport.data.evidence.run.content).toBe('parts');
    expect(realReport.data.mode).toBe('real');
    const r = await verifyReportHtml(realReport.html);
    expect(r.differences).toEqual([]);
    expect(r.notes.join(' ')).toMatch(/Not re-derived, because only part of the log is embedded: messages\.total, messages\.perRequest, messages\.dropped, eventCount/);
    const lost = editFigure(realReport.html, 'requests.lost');
    expect((await verifyReportHtml(lost.html)).differences).toContain(`figure "Lost" (requests.lost, shown): the report says "${lost.to}", the log gives "${lost.from}"`);
  });

  it('embeds only the hash when even the parts are too large, and says what could not be checked', async () => {
    const run = await runScenario(pbCrash, 'sim');
    const built = buildReport({ run: { scenario: run.scenario, events: run.events.map((e) => (e.type === 'run-start' ? { ...e, mode: 'real' as const } : e)) }, embedLimitBytes: 10 });
    expect(built.data.evidence.run.content).toBe('none');
    expect(findLogBlock(built.html, 'run')).toBeNull();
    expect(built.html).toContain('only its hash is embedded');
    const r = await verifyReportHtml(built.html);
    expect(r.ok).toBe(false);
    expect(r.notes.join(' ')).toMatch(/embeds only the hash of its event log/);
  });
});

describe('the prediction\'s time', () => {
  it('is recorded when given, shown next to the run\'s start, and unknown otherwise', () => {
    const html = readFileSync(join(dir, 'real-pb.html'), 'utf8');
    expect(extractReportData(html).predictionWrittenAt).toBeNull();
    expect(html).toContain('Prediction written: not recorded; run started: 20');
    const at = new Date('2026-03-02T09:15:00.000Z');
    const built = buildReport({ run: { runDir: join(dir, 'real-pb') }, prediction: 'p', predictionWrittenAt: at });
    expect(built.data.predictionWrittenAt).toBe('2026-03-02T09:15:00.000Z');
    expect(built.html).toContain('Prediction written: 2026-03-02 09:15:00 UTC');
  });
});

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
