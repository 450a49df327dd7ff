/**
 * One report for an exercise with all of its runs. The first run's report is the
 * document (its exercise, prediction, answers, charts and evidence, as for one run); each
 * further run follows it as a section with its figures (each `data-fl="runs.<i>.<key>"`)
 * and its own whole report, gzipped and base64-encoded in a block of its own
 * (`faultlab-run-<i>`), with its embedded data and event logs. `faultlab verify`
 * (verify.ts) verifies the first run as ever, then every further run's own report, and
 * checks every figure shown for it against what that run's evidence gives.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Lang } from '../../shared/describe.js';
import { figureLabel } from './data.js';
import { VERIFY_WORDS } from './verify-words.js';
import { esc } from './html.js';
import type { BuiltReport, ReportRequest } from './index.js';
import { buildReport, ReportInputError } from './index.js';

/** Where a report's further runs begin: everything before it is the first run's report. */
export const MORE_RUNS_MARKER = '<!-- faultlab: the exercise\'s further runs -->';
/** The most runs one report carries. */
export const MAX_RUNS_PER_REPORT = 10;
/** The prefix of a further run's figures in the report's text. */
export const runFigurePrefix = (run: number): string => `runs.${run}.`;
const BLOCK_ID = (run: number): string => `faultlab-run-${run}`;

/** A further run's section: its name, its figures (each checked by verify), and its whole report as evidence. */
function runSection(run: number, built: BuiltReport, lang: Lang): string {
  const d = built.data;
  const name = (d.scenario as { name?: string }).name ?? '';
  const rows = Object.entries(d.figures).map(([key, value]) => `<tr><th>${esc(figureLabel(key, lang))}</th><td><span data-fl="${esc(runFigurePrefix(run) + key)}">${esc(value)}</span></td></tr>`);
  const heading = lang === 'ko' ? `실행 ${run}: ${esc(name)}` : `Run ${run}: ${esc(name)}`;
  const note =
    lang === 'ko'
      ? '이 실행의 전체 보고서(데이터와 이벤트 로그 포함)가 아래에 증거로 들어 있고, <code>faultlab verify</code>는 이를 검증한 뒤 위의 수치와 대조합니다.'
      : 'This run\'s whole report (with its data and event logs) is embedded below as evidence; <code>faultlab verify</code> verifies it and checks the figures above against it.';
  return `<section class="more-run" id="run-${run}"><h2>${heading}</h2><p class="explain">${note}</p><table class="kv figures">${rows.join('')}</table></section>
<script type="application/octet-stream" id="${BLOCK_ID(run)}">${gzipSync(built.html).toString('base64')}</script>`;
}

/**
 * The report of an exercise's runs, in order: the first is the document; the others
 * follow it. The exercise, student, prediction and answers are the first request's.
 */
export function buildExerciseReport(requests: readonly ReportRequest[]): BuiltReport & { runs: BuiltReport[] } {
  if (requests.length === 0) throw new ReportInputError('an exercise report needs at least one run');
  if (requests.length > MAX_RUNS_PER_REPORT) throw new ReportInputError(`an exercise report carries at most ${MAX_RUNS_PER_REPORT} runs`);
  const runs = requests.map((r) => buildReport(r));
  const first = runs[0] as BuiltReport;
  if (runs.length === 1) return { ...first, runs };
  const lang = first.model.lang ?? 'en';
  const sections = runs.slice(1).map((b, j) => runSection(j + 2, b, lang));
  const end = first.html.lastIndexOf('</body>');
  const html = `${first.html.slice(0, end)}${MORE_RUNS_MARKER}\n${sections.join('\n')}\n${first.html.slice(end)}`;
  return { ...first, html, runs };
}

/** A report's further runs, as its text carries them: each run's number and its embedded report (null when it cannot be read, with why). */
export function furtherRuns(html: string, lang: Lang = 'en'): { main: string; rest: string; runs: { run: number; html: string | null; problem: string | null }[] } | null {
  const at = html.indexOf(MORE_RUNS_MARKER);
  if (at < 0) return null;
  const end = html.lastIndexOf('</body>');
  const main = html.slice(0, at) + (end > at ? html.slice(end) : '');
  const rest = html.slice(at, end > at ? end : html.length);
  const runs: { run: number; html: string | null; problem: string | null }[] = [];
  const re = /<script type="application\/octet-stream" id="faultlab-run-(\d+)">([^<]*)<\/script>/g;
  for (let m = re.exec(rest); m !== null; m = re.exec(rest)) {
    const run = Number(m[1]);
    try {
      runs.push({ run, html: gunzipSync(Buffer.from(m[2] ?? '', 'base64')).toString('utf8'), problem: null });
    } catch (err) {
      runs.push({ run, html: null, problem: VERIFY_WORDS[lang].embeddedCannotUnpack((err as Error).message) });
    }
  }
  return { main, rest, runs };
}
