/**
 * The lab report as one self-contained HTML file: no scripts, no network, charts as
 * inline SVG, the scenario and the run's data embedded as JSON (for `faultlab verify`),
 * the raw data attached as data: links. Laid out for the screen and for A4 print.
 */
import { describeFault } from '../../shared/describe.js';
import type { Lang } from '../../shared/describe.js';
import type { RequestRecord } from '../../shared/analysis/summary.js';
import type { CompareSide, Comparison, SideKey, Verdict } from '../../shared/compare.js';
import { comparisonColumns, SCHEME_SIDE, VERDICT_LABELS } from '../../shared/compare.js';
import { COMPARE_WORDS } from '../../shared/compare-words.js';
import type { RunEvent } from '../../shared/events.js';
import type { Exercise } from '../../shared/exercises.js';
import { exerciseText } from '../../shared/exercises.js';
import { figuresOf } from '../../shared/views/figures.js';
import { failoverTimelineChart, latencyChart, outcomesChart, voteTallyChart } from './charts.js';
import type { ReportData } from './data.js';
import { COLUMN_MEASURES, eventsCsvRows, REPORT_DATA_ID, requestsCsvRows } from './data.js';
import { toCsv } from './csv.js';
import { lamportDiagram } from './lamport.js';
import type { LogEvidence } from './evidence.js';
import { logBlockHtml } from './evidence.js';
import type { ReportWords } from './words.js';
import { REPORT_WORDS } from './words.js';
import { fontFaceCss, REPORT_FONT_FAMILY } from './fonts.js';

export interface ReportModel {
  data: ReportData;
  events: readonly RunEvent[];
  requests: readonly RequestRecord[];
  comparison: Comparison | null;
  exercise: Exercise | null;
  /** Which of the exercise's scenarios this run is (its label), or null if none. */
  exerciseScenario: string | null;
  /** The embedded logs' base64 text (gzip), null where nothing is embedded (see evidence.ts); `columns`: each further column's. */
  logs: { run: string | null; counterpart: string | null; columns?: Partial<Record<SideKey, string | null>> };
  /** The language of the report's fixed text ('en' when absent). */
  lang?: Lang;
}

const wordsOf = (m: ReportModel): ReportWords => REPORT_WORDS[m.lang ?? 'en'];
/** The exercise's title in the report's language. */
const exerciseTitle = (m: ReportModel): string | null => (m.exercise ? exerciseText(m.exercise, m.lang).title : null);

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
.compare.wide td, .compare.wide th { font-size: 8pt; padding: 2px 4px; overflow-wrap: anywhere; }
.compare.wide { table-layout: fixed; }
.compare tr { break-inside: avoid; }
.compare tr.measure td { white-space: nowrap; }
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
  const w = wordsOf(m);
  const title = exerciseTitle(m) ?? d.scenario.name;
  const blank = (s: string | undefined): string => (s && s.trim().length > 0 ? esc(s) : '');
  return `
<header>
  <h1>${w.title}</h1>
  <p class="sub">${esc(title)}</p>
  <table class="fields">
    <tr><th>${w.student}</th><td>${blank(d.student.name)}</td><th>${w.studentId}</th><td>${blank(d.student.id)}</td></tr>
    <tr><th>${w.course}</th><td>${blank(d.student.course)}</td><th>${w.date}</th><td>${esc(d.generatedAt.slice(0, 10))}</td></tr>
    <tr><th>${w.exercise}</th><td>${m.exercise ? esc(`${exerciseTitle(m) ?? ''} (${m.exercise.id})`) : '—'}</td><th>Fault Lab</th><td>${w.version(esc(d.appVersion), d.runVersion !== d.appVersion ? esc(d.runVersion) : null)}</td></tr>
    <tr><th>${w.scenario}</th><td>${esc(d.scenario.name)}</td><th>${w.modeSeed}</th><td>${fig(d, 'run.mode')} (${w.modeName(d.mode === 'sim')}), ${w.seed} ${fig(d, 'run.seed')}</td></tr>
  </table>
  ${d.summary.complete ? '' : `<p class="warn">${w.incomplete}</p>`}
</header>`;
}

/** When the prediction was written, against when the run started (each as recorded, or unknown). */
function predictionTime(d: ReportData, w: ReportWords): string {
  const at = (iso: string | null): string => (iso ? esc(iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')) : esc(w.notRecorded));
  return `<p class="caption">${w.predictionWritten(at(d.predictionWrittenAt), at(d.runStartedAt))}</p>`;
}

const mb = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/** What the report embeds of a log, in a sentence. */
function evidenceText(what: string, ev: LogEvidence, w: ReportWords): string {
  if (ev.content === 'whole') return w.evidenceWhole(what, ev.eventCount, Math.max(1, Math.round(ev.compressedBytes / 1024)));
  const over = w.evidenceOver(what, mb(ev.wholeCompressedBytes), mb(ev.limitBytes));
  return ev.content === 'parts' ? w.evidenceParts(over, ev.embeddedEvents, ev.eventCount) : w.evidenceHashOnly(over);
}

function exerciseSection(m: ReportModel): string {
  const e = m.exercise;
  const d = m.data;
  const w = wordsOf(m);
  if (!e && d.prediction.trim() === '' && d.answers.every((a) => a.trim() === '')) return '';
  const answerBox = (text: string | undefined): string =>
    text && text.trim() !== '' ? `<div class="answer">${esc(text)}</div>` : `<div class="answer empty">${w.noAnswer}</div>`;
  const parts: string[] = [`<section><h2>${w.exercise}</h2>`];
  if (e) {
    const text = exerciseText(e, m.lang);
    const scenarioLabel = e.scenarios.find((x) => x.label === m.exerciseScenario)?.id;
    parts.push(`<p><b>${w.goal}</b> ${esc(text.goal)}</p>`);
    parts.push(
      m.exerciseScenario
        ? `<p>${w.ofScenario(esc((scenarioLabel === undefined ? undefined : text.scenarios[scenarioLabel]) ?? m.exerciseScenario))}</p>`
        : `<p class="warn">${w.notExerciseScenario(e.scenarios.map((x) => esc(x.file)).join(', '))}</p>`,
    );
    parts.push(`<h3>${w.steps}</h3><ol>${text.steps.map((s) => `<li>${esc(s)}</li>`).join('')}</ol>`);
    parts.push(`<h3>${w.predictionBefore}</h3><p><i>${esc(text.prediction)}</i></p>${answerBox(d.prediction)}${predictionTime(d, w)}`);
    parts.push(`<h3>${w.questions}</h3>`);
    text.questions.forEach((q, i) => parts.push(`<p><b>Q${i + 1}.</b> ${esc(q)}</p>${answerBox(d.answers[i])}`));
  } else {
    parts.push(`<h3>${w.prediction}</h3>${answerBox(d.prediction)}${predictionTime(d, w)}`);
    d.answers.forEach((a, i) => parts.push(`<p><b>${w.answer(i + 1)}</b></p>${answerBox(a)}`));
  }
  parts.push('</section>');
  return parts.join('\n');
}

function scenarioSection(m: ReportModel): string {
  const s = m.data.scenario;
  const t = s.timing;
  const faults = [...s.faults].sort((a, b) => a.atMs - b.atMs);
  const w = wordsOf(m);
  const timing = { min: t.networkDelayMs[0], max: t.networkDelayMs[1], heartbeat: t.heartbeatMs, failure: t.failureTimeoutMs, client: t.clientTimeoutMs, retries: t.clientRetries };
  return `
<section><h2>${w.scenario}</h2>
<table class="kv">
  <tr><th>${w.schemeModel}</th><td>${fig(m.data, 'run.scheme')}, ${fig(m.data, 'run.failureModel')}</td></tr>
  <tr><th>${w.kn}</th><td>k = ${fig(m.data, 'run.k')}, n = ${fig(m.data, 'run.n')}</td></tr>
  <tr><th>${w.service}</th><td>${fig(m.data, 'run.service')}</td></tr>
  <tr><th>${w.workload}</th><td>${w.workloadText(s.workload.clients, s.workload.ratePerSecond, s.workload.durationMs)}</td></tr>
  <tr><th>${w.timing}</th><td>${w.timingText(timing)}</td></tr>
  <tr><th>${w.options}</th><td>${w.optionsText(s.options.dedup, s.options.fencing)}</td></tr>
</table>
<h3>${w.faultSchedule}</h3>
${faults.length === 0 ? `<p>${w.noFaults}</p>` : `<table><tr><th style="width:14%">${w.at}</th><th>${w.fault}</th></tr>${faults.map((f) => `<tr><td>${f.atMs} ms</td><td>${esc(describeFault(f, m.lang))}</td></tr>`).join('')}</table>`}
</section>`;
}

/** The catalogue's figures (the app's and the terminal's too), each with what it means. */
function summarySection(m: ReportModel): string {
  const d = m.data;
  const w = wordsOf(m);
  const th = (label: string, explain: string | null, sub = false): string =>
    `<th${sub ? ' class="sub-figure"' : ''}>${esc(label)}${explain ? `<div class="explain">${esc(explain)}</div>` : ''}</th>`;
  const rows: string[] = [];
  for (const f of figuresOf({ summary: d.summary, requests: m.requests, events: m.events }, undefined, m.lang)) {
    rows.push(`<tr${f.bad ? ' class="bad"' : ''}>${th(f.label, f.explain, f.partOf !== null)}<td>${fig(d, f.key)}</td></tr>`);
    if (f.key === 'failovers.count') d.summary.failovers.forEach((_f, i) => rows.push(`<tr>${th(w.failover(i + 1), null, true)}<td>${fig(d, `failovers.${i}`)}</td></tr>`));
  }
  rows.push(`<tr>${th(w.eventsLogged, null)}<td>${fig(d, 'eventCount')}</td></tr>`);
  rows.push(`<tr>${th(w.eventLogHash, null)}<td><span class="hash">${fig(d, 'eventLogSha256')}</span></td></tr>`);
  return `<section><h2>${w.runSummary}</h2><table class="kv figures">${rows.join('')}</table></section>`;
}

function comparisonSection(m: ReportModel): string {
  const c = m.comparison;
  if (!c) return '';
  const d = m.data;
  const w = wordsOf(m);
  const columns = comparisonColumns(c);
  const wide = columns.length > 2;
  const verdict = (v: Verdict): string => `<div class="v-${v}">${esc(VERDICT_LABELS[m.lang ?? 'en'][v])}</div>`;
  const rows = c.rows
    .map(
      (r) => `<tr><th>${esc(r.aspect)}</th>
${columns.map((k) => `<td><div class="lecture">${w.lecture}: ${esc(r.lecture[k] ?? '')}</div>${fig(d, `compare.${r.id}.${k}`)}${verdict(r.verdict[k] ?? 'not-tested')}</td>`).join('\n')}</tr>`,
    )
    .join('');
  // Format 3 on: each column's messages, latency and CPU per request, one figure each.
  const measures = d.faultlabReport >= 3 ? COLUMN_MEASURES.map((x) => `<tr class="measure"><th>${esc(w.measures[x.id])}</th>${columns.map((k) => `<td>${fig(d, `compare.${x.id}.${k}`)}</td>`).join('')}</tr>`).join('') : '';
  const notes = c.rows.flatMap((r) => r.notes);
  const model = (side: CompareSide | undefined): string => (side ? esc(COMPARE_WORDS[m.lang ?? 'en'].model[side.scenario.failureModel]) : '');
  const intro = wide
    ? w.tableIntroColumns({ seed: c.seed, k: c.k, columns: columns.map((k) => ({ key: k, model: model(c[k]), n: c[k]?.summary.n ?? 0 })), given: SCHEME_SIDE[c.given] })
    : w.tableIntro({ seed: c.seed, k: c.k, smrModel: model(c.smr), smrN: c.smr.summary.n, pbModel: model(c.pb), pbN: c.pb.summary.n, givenSmr: c.given === 'state-machine' });
  const head = wide ? `<th style="width:13%"></th>${columns.map((k) => `<th style="width:${Math.floor(87 / columns.length)}%">${w[k]}</th>`).join('')}` : `<th style="width:20%"></th><th>${w.smr}</th><th>${w.pb}</th>`;
  return `<section class="pagebreak"><h2>${w.tableTitle}</h2>
<p>${intro}</p>
${c.faultNotes.length > 0 ? `<p class="warn">${w.faultsAdapted(c.faultNotes.map(esc).join('; '))}</p>` : ''}
<table class="compare${wide ? ' wide' : ''}"><tr>${head}</tr>${rows}${measures}</table>
${notes.length > 0 ? `<h3>${w.departsTitle}</h3><ul class="notes">${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
</section>`;
}

function chartsSection(m: ReportModel): string {
  const d = m.data;
  const s = d.summary;
  const w = wordsOf(m);
  const parts: string[] = [`<section class="pagebreak"><h2>${w.charts}</h2>`];
  const figure = (svg: string, caption: string): string => `<div class="figure">${svg}<div class="caption">${esc(caption)}</div></div>`;
  const lang = m.lang ?? 'en';
  parts.push(figure(outcomesChart(m.requests, s.durationMs, lang), w.outcomesCaption));
  const tally = voteTallyChart(m.events, s.n, lang);
  parts.push(
    tally
      ? figure(tally, w.tallyCaption)
      : `<h3>${w.voteTally}</h3><p>${w.noVotes}</p>`,
  );
  parts.push(
    figure(
      failoverTimelineChart(m.events, s.failovers, lang),
      s.scheme === 'primary-backup'
        ? w.timelineCaptionPb
        : w.timelineCaption,
    ),
  );
  parts.push(figure(latencyChart(m.requests, s, lang), w.latencyCaption));
  parts.push('</section>');
  return parts.join('\n');
}

function lamportSection(m: ReportModel): string {
  const diagram = lamportDiagram(m.events, m.data.scenario);
  const w = wordsOf(m);
  const legend = diagram.legend.map((l) => `<span><i style="background:${l.color}"></i>${esc(l.kind)}</span>`).join('');
  return `<section class="pagebreak"><h2>${w.lamportTitle}</h2>
<p>${w.lamportIntro(diagram.totalMessages, diagram.totalDropped, diagram.windows.length)}</p>
<div class="figure">${diagram.overviewSvg}</div>
${diagram.windows.map((win) => `<div class="figure">${win.svg}<div class="caption">${esc(w.lamportWindow(win.name, win.messages, Math.round(win.to - win.from), win.dropped))}</div></div>`).join('\n')}
<p class="legend">${legend}<span><i style="background:#d32f2f"></i>${w.dropped}</span></p>
</section>`;
}

function dataSection(m: ReportModel): string {
  const d = m.data;
  const w = wordsOf(m);
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
  const columnEvidence = Object.entries(d.evidence.columns ?? {}) as [SideKey, LogEvidence][];
  const evidence = [
    evidenceText(w.theRun, d.evidence.run, w),
    ...(d.evidence.counterpart ? [evidenceText(w.theOtherRun, d.evidence.counterpart, w)] : []),
    ...columnEvidence.map(([k, ev]) => evidenceText(w.theColumnRun(k), ev, w)),
  ];
  const partial = [d.evidence.run, d.evidence.counterpart, ...columnEvidence.map(([, ev]) => ev)].some((e) => e !== null && e.content !== 'whole');
  return `<section><h2>${w.data}</h2>
<p>${w.attached(links.join(', '), whole)}</p>
<p>${w.embedded(evidence.map(esc).join('; '), d.mode === 'sim')}</p>
${partial ? `<p class="warn">${w.partialWarn}</p>` : ''}
<h3>${w.scenarioFile}</h3><pre>${esc(JSON.stringify(d.scenario, null, 2))}</pre>
</section>`;
}

export function renderReportHtml(m: ReportModel): string {
  const title = wordsOf(m).docTitle(exerciseTitle(m) ?? m.data.scenario.name);
  const body = `${headerSection(m)}
${exerciseSection(m)}
${scenarioSection(m)}
${summarySection(m)}
${comparisonSection(m)}
${chartsSection(m)}
${lamportSection(m)}
${dataSection(m)}`;
  // Korean (or other CJK) text prints with an embedded font, so a machine without one shows it;
  // only the font's subsets covering the characters used are embedded, and none for English.
  const fonts = fontFaceCss(`${title}\n${body}`);
  const fontCss = fonts === '' ? '' : `${fonts}\nbody { font-family: '${REPORT_FONT_FAMILY}', Helvetica, Arial, sans-serif; }\n`;
  return `<!DOCTYPE html>
<html lang="${m.lang ?? 'en'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:${fonts === '' ? '' : '; font-src data:'}">
<meta name="generator" content="Fault Lab ${esc(m.data.appVersion)}">
<title>${esc(title)}</title>
<style>${CSS}${fontCss}</style>
</head>
<body>
${body}
<script type="application/json" id="${REPORT_DATA_ID}">${scriptJson(m.data)}</script>
${m.logs.run !== null ? logBlockHtml('run', m.logs.run) : ''}
${m.logs.counterpart !== null ? logBlockHtml('counterpart', m.logs.counterpart) : ''}
${Object.entries(m.logs.columns ?? {}).map(([k, b64]) => (b64 ? logBlockHtml(`column-${k as SideKey}`, b64) : '')).join('\n')}
</body>
</html>
`;
}
