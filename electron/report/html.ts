/**
 * The lab report as one self-contained HTML file: no scripts, no network, charts as
 * inline SVG, the scenario and the run's data embedded as JSON (for `faultlab verify`),
 * the raw data attached as data: links. Laid out for the screen and for A4 print.
 */
import { describeFault } from '../../shared/describe.js';
import type { RequestRecord } from '../../shared/analysis/summary.js';
import type { Comparison } from '../../shared/compare.js';
import { VERDICT_LABEL } from '../../shared/compare.js';
import type { RunEvent } from '../../shared/events.js';
import type { Exercise } from '../../shared/exercises.js';
import { figuresOf } from '../../shared/views/figures.js';
import { failoverTimelineChart, latencyChart, outcomesChart, voteTallyChart } from './charts.js';
import type { ReportData } from './data.js';
import { eventsCsvRows, REPORT_DATA_ID, requestsCsvRows } from './data.js';
import { toCsv } from './csv.js';
import { lamportDiagram } from './lamport.js';
import type { LogEvidence } from './evidence.js';
import { logBlockHtml } from './evidence.js';

export interface ReportModel {
  data: ReportData;
  events: readonly RunEvent[];
  requests: readonly RequestRecord[];
  comparison: Comparison | null;
  exercise: Exercise | null;
  /** Which of the exercise's scenarios this run is (its label), or null if none. */
  exerciseScenario: string | null;
  /** The embedded logs' base64 text (gzip), null where nothing is embedded (see evidence.ts). */
  logs: { run: string | null; counterpart: string | null };
}

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** A figure the report states: verify finds it by its key and checks its text. */
function fig(data: ReportData, key: string): string {
  const v = data.figures[key];
  if (v === undefined) throw new Error(`report figure ${key} is missing`);
  return `<span data-fl="${esc(key)}">${esc(v)}</span>`;
}

/** JSON safe inside a <script> element: no "</script>", no HTML comment openers. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function dataLink(name: string, mime: string, content: string, label: string): string {
  return `<a download="${esc(name)}" href="data:${mime};base64,${Buffer.from(content, 'utf8').toString('base64')}">${esc(label)}</a>`;
}

const CSS = `
@page { size: A4; margin: 14mm 12mm 16mm 12mm; }
* { box-sizing: border-box; }
body { font-family: Helvetica, Arial, sans-serif; font-size: 10.5pt; color: #111; max-width: 1040px; margin: 0 auto; padding: 16px; line-height: 1.35; }
h1 { font-size: 19pt; margin: 0 0 2px 0; }
h2 { font-size: 13.5pt; border-bottom: 2px solid #1565c0; padding-bottom: 2px; margin: 22px 0 8px 0; break-after: avoid; }
h3 { font-size: 11pt; margin: 14px 0 6px 0; break-after: avoid; }
.sub { color: #555; margin: 0 0 10px 0; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px 0; }
th, td { border: 1px solid #bbb; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eef3fa; }
table.kv th { width: 34%; font-weight: normal; color: #333; background: #f6f8fb; }
table.fields td { height: 24px; }
table.fields th { width: 18%; }
.compare td, .compare th { font-size: 9pt; }
.compare .lecture { color: #444; font-style: italic; }
.v-agrees { color: #1b5e20; font-weight: bold; }
.v-departs { color: #b71c1c; font-weight: bold; }
.v-not-tested { color: #6d6d6d; font-weight: bold; }
.v-beyond-bound { color: #e65100; font-weight: bold; }
.figure { break-inside: avoid; margin: 8px 0 12px 0; }
.figure svg { max-width: 100%; height: auto; display: block; }
.caption { font-size: 9pt; color: #444; margin-top: 2px; }
.answer { border: 1px solid #999; min-height: 44px; padding: 6px; white-space: pre-wrap; background: #fcfcfc; margin-bottom: 8px; }
.answer.empty { color: #888; font-style: italic; }
pre { font-size: 8pt; background: #f6f6f6; padding: 6px; white-space: pre-wrap; word-break: break-all; }
.notes li { margin-bottom: 3px; }
.legend span { display: inline-block; margin-right: 10px; font-size: 9pt; }
.legend i { display: inline-block; width: 14px; height: 3px; vertical-align: middle; margin-right: 3px; }
.pagebreak { break-before: page; }
.hash { font-family: monospace; font-size: 8.5pt; word-break: break-all; }
table.figures th.sub-figure { padding-left: 18px; }
table.figures .explain { font-size: 8.5pt; color: #666; margin-top: 1px; }
table.figures tr.bad td { color: #b71c1c; font-weight: bold; background: #fff5f4; }
.warn { border-left: 4px solid #ef6c00; padding: 4px 8px; background: #fff8e1; }
@media print { body { padding: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
`;

function headerSection(m: ReportModel): string {
  const d = m.data;
  const title = m.exercise ? m.exercise.title : d.scenario.name;
  const blank = (s: string | undefined): string => (s && s.trim().length > 0 ? esc(s) : '');
  return `
<header>
  <h1>Fault Lab — lab report</h1>
  <p class="sub">${esc(title)}</p>
  <table class="fields">
    <tr><th>Student</th><td>${blank(d.student.name)}</td><th>Student ID</th><td>${blank(d.student.id)}</td></tr>
    <tr><th>Course</th><td>${blank(d.student.course)}</td><th>Date</th><td>${esc(d.generatedAt.slice(0, 10))}</td></tr>
    <tr><th>Exercise</th><td>${m.exercise ? esc(`${m.exercise.title} (${m.exercise.id})`) : '—'}</td><th>Fault Lab</th><td>version ${esc(d.appVersion)}${d.runVersion !== d.appVersion ? ` (run recorded by ${esc(d.runVersion)})` : ''}</td></tr>
    <tr><th>Scenario</th><td>${esc(d.scenario.name)}</td><th>Mode, seed</th><td>${fig(d, 'run.mode')} (${d.mode === 'sim' ? 'simulation' : 'real processes'}), seed ${fig(d, 'run.seed')}</td></tr>
  </table>
  ${d.summary.complete ? '' : '<p class="warn">This run is incomplete: its log has no end marker (the run was cut short). Figures cover what was recorded.</p>'}
</header>`;
}

/** When the prediction was written, against when the run started (each as recorded, or unknown). */
function predictionTime(d: ReportData): string {
  const at = (iso: string | null): string => (iso ? esc(iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')) : 'not recorded');
  return `<p class="caption">Prediction written: ${at(d.predictionWrittenAt)}; run started: ${at(d.runStartedAt)}.</p>`;
}

const mb = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/** What the report embeds of a log, in a sentence. */
function evidenceText(what: string, ev: LogEvidence): string {
  if (ev.content === 'whole') return `${what}'s whole event log (${ev.eventCount} events, ${Math.max(1, Math.round(ev.compressedBytes / 1024))} KB compressed)`;
  const over = `${what}'s event log is ${mb(ev.wholeCompressedBytes)} compressed, more than the ${mb(ev.limitBytes)} a report embeds`;
  return ev.content === 'parts'
    ? `${over}: embedded are its hash and the ${ev.embeddedEvents} of its ${ev.eventCount} events that the outcome figures are read from (requests, answers, faults, roles, executions; not the message traffic)`
    : `${over}, and so are the events its outcome figures need: only its hash is embedded`;
}

function exerciseSection(m: ReportModel): string {
  const e = m.exercise;
  const d = m.data;
  if (!e && d.prediction.trim() === '' && d.answers.every((a) => a.trim() === '')) return '';
  const answerBox = (text: string | undefined): string =>
    text && text.trim() !== '' ? `<div class="answer">${esc(text)}</div>` : '<div class="answer empty">(no answer given)</div>';
  const parts: string[] = ['<section><h2>Exercise</h2>'];
  if (e) {
    parts.push(`<p><b>Goal.</b> ${esc(e.goal)}</p>`);
    parts.push(
      m.exerciseScenario
        ? `<p>This report is of the exercise's scenario <b>${esc(m.exerciseScenario)}</b>.</p>`
        : `<p class="warn">This run's scenario is not one of the exercise's scenarios (${e.scenarios.map((x) => esc(x.file)).join(', ')}): it was changed or chosen freely.</p>`,
    );
    parts.push(`<h3>Steps</h3><ol>${e.steps.map((s) => `<li>${esc(s)}</li>`).join('')}</ol>`);
    parts.push(`<h3>Prediction (written before running)</h3><p><i>${esc(e.prediction)}</i></p>${answerBox(d.prediction)}${predictionTime(d)}`);
    parts.push('<h3>Questions and answers</h3>');
    e.questions.forEach((q, i) => parts.push(`<p><b>Q${i + 1}.</b> ${esc(q)}</p>${answerBox(d.answers[i])}`));
  } else {
    parts.push(`<h3>Prediction</h3>${answerBox(d.prediction)}${predictionTime(d)}`);
    d.answers.forEach((a, i) => parts.push(`<p><b>Answer ${i + 1}</b></p>${answerBox(a)}`));
  }
  parts.push('</section>');
  return parts.join('\n');
}

function scenarioSection(m: ReportModel): string {
  const s = m.data.scenario;
  const t = s.timing;
  const faults = [...s.faults].sort((a, b) => a.atMs - b.atMs);
  return `
<section><h2>Scenario</h2>
<table class="kv">
  <tr><th>Scheme, failure model</th><td>${fig(m.data, 'run.scheme')}, ${fig(m.data, 'run.failureModel')}</td></tr>
  <tr><th>k, replicas n</th><td>k = ${fig(m.data, 'run.k')}, n = ${fig(m.data, 'run.n')}</td></tr>
  <tr><th>Service</th><td>${fig(m.data, 'run.service')}</td></tr>
  <tr><th>Workload</th><td>${s.workload.clients} clients, ${s.workload.ratePerSecond} requests/s in total, for ${s.workload.durationMs} ms (open loop)</td></tr>
  <tr><th>Timing</th><td>network delay ${t.networkDelayMs[0]}–${t.networkDelayMs[1]} ms; heartbeat ${t.heartbeatMs} ms; failure timeout ${t.failureTimeoutMs} ms; client timeout ${t.clientTimeoutMs} ms, ${t.clientRetries} retries</td></tr>
  <tr><th>Options</th><td>dedup ${s.options.dedup ? 'on' : 'off'}, fencing ${s.options.fencing ? 'on' : 'off'}</td></tr>
</table>
<h3>Fault schedule</h3>
${faults.length === 0 ? '<p>No faults.</p>' : `<table><tr><th style="width:14%">at</th><th>fault</th></tr>${faults.map((f) => `<tr><td>${f.atMs} ms</td><td>${esc(describeFault(f))}</td></tr>`).join('')}</table>`}
</section>`;
}

/** The catalogue's figures (the app's and the terminal's too), each with what it means. */
function summarySection(m: ReportModel): string {
  const d = m.data;
  const th = (label: string, explain: string | null, sub = false): string =>
    `<th${sub ? ' class="sub-figure"' : ''}>${esc(label)}${explain ? `<div class="explain">${esc(explain)}</div>` : ''}</th>`;
  const rows: string[] = [];
  for (const f of figuresOf({ summary: d.summary, requests: m.requests, events: m.events })) {
    rows.push(`<tr${f.bad ? ' class="bad"' : ''}>${th(f.label, f.explain, f.partOf !== null)}<td>${fig(d, f.key)}</td></tr>`);
    if (f.key === 'failovers.count') d.summary.failovers.forEach((_f, i) => rows.push(`<tr>${th(`Failover ${i + 1}`, null, true)}<td>${fig(d, `failovers.${i}`)}</td></tr>`));
  }
  rows.push(`<tr>${th('Events logged', null)}<td>${fig(d, 'eventCount')}</td></tr>`);
  rows.push(`<tr>${th('Event log SHA-256', null)}<td><span class="hash">${fig(d, 'eventLogSha256')}</span></td></tr>`);
  return `<section><h2>Run summary</h2><table class="kv figures">${rows.join('')}</table></section>`;
}

function comparisonSection(m: ReportModel): string {
  const c = m.comparison;
  if (!c) return '';
  const d = m.data;
  const verdict = (v: keyof typeof VERDICT_LABEL): string => `<div class="v-${v}">${esc(VERDICT_LABEL[v])}</div>`;
  const rows = c.rows
    .map(
      (r) => `<tr><th>${esc(r.aspect)}</th>
<td><div class="lecture">lecture: ${esc(r.lecture.smr)}</div>${fig(d, `compare.${r.id}.smr`)}${verdict(r.verdict.smr)}</td>
<td><div class="lecture">lecture: ${esc(r.lecture.pb)}</div>${fig(d, `compare.${r.id}.pb`)}${verdict(r.verdict.pb)}</td></tr>`,
    )
    .join('');
  const notes = c.rows.flatMap((r) => r.notes);
  return `<section class="pagebreak"><h2>The lecture's table, measured</h2>
<p>The same workload, seed (${c.seed}) and faults under both schemes, k = ${c.k}: state-machine replication (${esc(c.smr.scenario.failureModel)}, n = ${c.smr.summary.n}) and primary-backup (${esc(c.pb.scenario.failureModel)}, n = ${c.pb.summary.n}). The scenario above is the ${c.given === 'state-machine' ? 'state-machine' : 'primary-backup'} side; the other side is derived from it at its scheme's replica bound.</p>
${c.faultNotes.length > 0 ? `<p class="warn">Faults adapted for the smaller cluster: ${c.faultNotes.map(esc).join('; ')}.</p>` : ''}
<table class="compare"><tr><th style="width:20%"></th><th>State-machine replication</th><th>Primary-backup</th></tr>${rows}</table>
${notes.length > 0 ? `<h3>Where the measurement departs from the lecture, or was not exercised</h3><ul class="notes">${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
</section>`;
}

function chartsSection(m: ReportModel): string {
  const d = m.data;
  const s = d.summary;
  const parts: string[] = ['<section class="pagebreak"><h2>Charts</h2>'];
  const figure = (svg: string, caption: string): string => `<div class="figure">${svg}<div class="caption">${esc(caption)}</div></div>`;
  parts.push(figure(outcomesChart(m.requests, s.durationMs), 'Each request by the time it was issued, coloured by how it ended.'));
  const tally = voteTallyChart(m.events, s.n);
  parts.push(
    tally
      ? figure(tally, 'Every reply the clients\' voters counted, by replica: green when it matched the value accepted for that request, red when it differed.')
      : '<h3>Vote tally</h3><p>No votes: under primary-backup the client takes the primary\'s reply, nobody votes.</p>',
  );
  parts.push(
    figure(
      failoverTimelineChart(m.events, s.failovers),
      s.scheme === 'primary-backup'
        ? 'The failover timeline: each replica\'s role over time (primary, backup, recovering, paused, down), the faults injected and the suspicions raised.'
        : 'Each replica\'s state over time (up, paused, down), with the faults injected.',
    ),
  );
  parts.push(figure(latencyChart(m.requests, s), 'Latency of each accepted answer against its issue time; dashed lines at p50 and p99.'));
  parts.push('</section>');
  return parts.join('\n');
}

function lamportSection(m: ReportModel): string {
  const diagram = lamportDiagram(m.events, m.data.scenario);
  const legend = diagram.legend.map((l) => `<span><i style="background:${l.color}"></i>${esc(l.kind)}</span>`).join('');
  return `<section class="pagebreak"><h2>Message sequence diagram</h2>
<p>A Lamport space-time diagram: one line per process, time from left to right, one arrow per message from its sending to its delivery. The run sent ${diagram.totalMessages} messages (${diagram.totalDropped} dropped), too many to draw one by one, so the overview shows the whole run as message density per process with drops (red ticks) and faults (▼), crash/pause/Byzantine periods as bars under a process (dark grey down, mid grey paused, reddish purple Byzantine) and partitions shaded; ${diagram.windows.length === 1 ? 'the box A marks the window' : `the boxes A–${String.fromCharCode(64 + diagram.windows.length)} mark the windows`} drawn message by message below, each around a fault (or the run's start when there is none).</p>
<div class="figure">${diagram.overviewSvg}</div>
${diagram.windows.map((w) => `<div class="figure">${w.svg}<div class="caption">${esc(`${w.name}: ${w.messages} messages in ${Math.round(w.to - w.from)} ms, ${w.dropped} dropped (dashed red, ending in ×).`)}</div></div>`).join('\n')}
<p class="legend">${legend}<span><i style="background:#d32f2f"></i>dropped</span></p>
</section>`;
}

function dataSection(m: ReportModel): string {
  const d = m.data;
  const whole = d.evidence.run.content === 'whole';
  const links = [
    dataLink('summary.json', 'application/json', `${JSON.stringify(d.summary, null, 2)}\n`, 'summary.json'),
    dataLink('scenario.faultlab.json', 'application/json', `${JSON.stringify(d.scenario, null, 2)}\n`, 'scenario.faultlab.json'),
    dataLink('requests.csv', 'text/csv', toCsv(requestsCsvRows(m.requests)), 'requests.csv'),
  ];
  // An over-large log is not attached a second time, uncompressed: it is beside the report.
  if (whole) {
    links.push(dataLink('events.csv', 'text/csv', toCsv(eventsCsvRows(m.events)), 'events.csv'));
    links.push(dataLink('events.jsonl', 'application/x-ndjson', m.events.map((e) => JSON.stringify(e)).join('\n') + '\n', 'events.jsonl'));
  }
  const evidence = [evidenceText('The run', d.evidence.run), ...(d.evidence.counterpart ? [evidenceText('The comparison\'s other run', d.evidence.counterpart)] : [])];
  const partial = [d.evidence.run, d.evidence.counterpart].some((e) => e !== null && e.content !== 'whole');
  return `<section><h2>Data</h2>
<p>Attached to this file (open it in a browser and click to save): ${links.join(', ')}. The same files${whole ? '' : ' and the whole event log (events.csv, events.jsonl)'} are written beside the report.</p>
<p>Embedded as evidence, with its SHA-256: ${evidence.map(esc).join('; ')}. <code>faultlab verify</code> re-derives every figure above from the embedded log${d.mode === 'sim' ? ' and re-runs the simulation' : ''}, so an edited figure or an edited log is found.</p>
${partial ? '<p class="warn">This report does not embed a whole event log (it is too large): <code>faultlab verify</code> re-derives the figures the embedded events give and says which it could not (the message counts).</p>' : ''}
<h3>Scenario file</h3><pre>${esc(JSON.stringify(d.scenario, null, 2))}</pre>
</section>`;
}

export function renderReportHtml(m: ReportModel): string {
  const title = `Fault Lab report — ${m.exercise ? m.exercise.title : m.data.scenario.name}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="Fault Lab ${esc(m.data.appVersion)}">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
${headerSection(m)}
${exerciseSection(m)}
${scenarioSection(m)}
${summarySection(m)}
${comparisonSection(m)}
${chartsSection(m)}
${lamportSection(m)}
${dataSection(m)}
<script type="application/json" id="${REPORT_DATA_ID}">${scriptJson(m.data)}</script>
${m.logs.run !== null ? logBlockHtml('run', m.logs.run) : ''}
${m.logs.counterpart !== null ? logBlockHtml('counterpart', m.logs.counterpart) : ''}
</body>
</html>
`;
}
