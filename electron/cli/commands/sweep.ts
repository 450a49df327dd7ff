/**
 * `faultlab sweep`: a grid over k, n, the number and kind of faults and the failure timeout,
 * under the scenario's scheme or, with --schemes, under several, each against its own bound.
 */
import { dirname, extname, resolve } from 'node:path';
import type { Scheme } from '../../../shared/scenario.js';
import { SCHEMES } from '../../../shared/scenario.js';
import type { NChoice, SweepFaultKind, SweepResult, SweepSpec } from '../../../shared/sweep.js';
import { ALL_SWEEP_SCHEMES, SCHEME_SHORT, SWEEP_FAULT_KINDS, sweepSchemes, SweepSpecError, sweepCsvRows } from '../../../shared/sweep.js';
import { columnsOf, COMPARED_MODEL } from '../../../shared/compare.js';
import { UsageError } from '../args.js';
import type { Options } from '../args.js';
import { command, modeOption, scenarioFrom } from '../common.js';
import { writeFileAtomic } from '../../runtime/files.js';
import { toCsv } from '../../report/csv.js';
import type { SweepProgress } from '../../report/sweep-run.js';
import { runSweep } from '../../report/sweep-run.js';
import { withReplicaCommand } from './run.js';
import type { CliWords } from '../words.js';
import { CLI_WORDS } from '../words.js';
import { cliWords } from '../lang.js';

function listOption(values: Options, name: string): string[] | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const items = String(raw).split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (items.length === 0) throw new UsageError(cliWords().sweep.listExpected(name));
  return items;
}

/** Whole numbers from a list like "0,1,2" or a range like "0-3". */
function intList(values: Options, name: string, min: number, max: number): number[] | undefined {
  const items = listOption(values, name);
  if (!items) return undefined;
  const out: number[] = [];
  for (const item of items) {
    const range = /^(\d+)-(\d+)$/.exec(item);
    if (range) {
      const [a, b] = [Number(range[1]), Number(range[2])];
      if (a > b) throw new UsageError(cliWords().sweep.rangeBackwards(name, item));
      for (let i = a; i <= b; i++) out.push(i);
    } else if (/^\d+$/.test(item)) out.push(Number(item));
    else throw new UsageError(cliWords().sweep.wholeOrRange(name, item));
  }
  for (const v of out) if (v < min || v > max) throw new UsageError(cliWords().sweep.notBetween(name, v, min, max));
  return [...new Set(out)];
}

/** The schemes to sweep: "all" (the four, in the comparison's order) or a list of scheme names. */
function schemesOption(values: Options): Scheme[] | undefined {
  const items = listOption(values, 'schemes');
  if (!items) return undefined;
  if (items.length === 1 && items[0] === 'all') return [...ALL_SWEEP_SCHEMES];
  return items.map((item) => {
    if (item === 'all') throw new UsageError(cliWords().sweep.allAlone);
    if (!(SCHEMES as readonly string[]).includes(item)) throw new UsageError(cliWords().sweep.unknownScheme(item, SCHEMES.join(', ')));
    return item as Scheme;
  });
}

function progressBar(p: SweepProgress): string {
  const width = 30;
  const filled = Math.round((width * p.done) / p.total);
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total} ${p.cell.scenario.name.slice(7, 70).padEnd(63)}`;
}

export const sweepCommand = command({
  summary: CLI_WORDS.en.help.summary.sweep,
  usage:
    'sweep [scenario] [--schemes all|state-machine,primary-backup,raft,pbft] [--k 1,2] [--n bound,below] [--faults 0-3] [--kind crash,collude] [--timeout 200] [--mode sim|real] [--csv FILE] [--chart FILE.svg] [--json] [--replica-cmd CMD]',
  flags: ['schemes', 'k', 'n', 'faults', 'kind', 'timeout', 'mode', 'seed', 'csv', 'chart', 'json', 'replica-cmd'],
  async run({ values, positionals }, io) {
    const base = withReplicaCommand(scenarioFrom(positionals, values), values['replica-cmd']);
    // A replica of one's own runs only in real processes: that is where its sweep runs by default.
    const mode = modeOption(values, base.replica ? 'real' : 'sim');
    if (mode === 'sim' && base.replica) throw new UsageError(cliWords().sweep.ownReplicaSim(base.replica.command));
    const ns: NChoice[] = (listOption(values, 'n') ?? ['bound', 'below']).map((c) => {
      if (c === 'bound' || c === 'below') return c;
      if (/^\d+$/.test(c) && Number(c) >= 1) return Number(c);
      throw new UsageError(cliWords().sweep.nChoice(c));
    });
    // By default, crashes, and colluding liars where a scheme swept claims to mask them. Over
    // several schemes, both: liars are within the claim of voting and PBFT and beyond that of
    // the others, which is the contrast such a sweep is for.
    const schemes = schemesOption(values);
    const swept = sweepSchemes({ base, ...(schemes ? { schemes } : {}) });
    const only = swept.length === 1 ? swept[0] : undefined;
    const onlyModel = only === undefined ? undefined : only === base.scheme ? base.failureModel : COMPARED_MODEL[only];
    const defaultKinds = onlyModel === 'fail-stop' ? ['crash'] : ['crash', 'collude'];
    const kinds = (listOption(values, 'kind') ?? defaultKinds).map((k) => {
      if (!(SWEEP_FAULT_KINDS as readonly string[]).includes(k)) throw new UsageError(cliWords().sweep.unknownKind(k, SWEEP_FAULT_KINDS.join(', ')));
      return k as SweepFaultKind;
    });
    const spec: SweepSpec = {
      base,
      ks: intList(values, 'k', 0, 7) ?? [1, 2],
      ns,
      faultCounts: intList(values, 'faults', 0, 15) ?? 'to-k+1',
      kinds,
      failureTimeoutsMs: intList(values, 'timeout', 1, 600_000) ?? [],
      ...(schemes ? { schemes } : {}),
    };
    for (const [flag, ext] of [['csv', '.csv'], ['chart', '.svg']] as const) {
      const p = values[flag];
      if (p !== undefined && extname(String(p)).toLowerCase() !== ext) throw new UsageError(cliWords().sweep.fileExt(flag, ext, String(p)));
    }
    const tty = process.stderr.isTTY === true && values.json !== true;
    let result;
    try {
      result = await runSweep(spec, mode, {
        ...(tty ? { onProgress: (p: SweepProgress) => void process.stderr.write(progressBar(p)) } : {}),
        ...(base.replica ? { replicaCwd: positionals[0] === undefined ? process.cwd() : dirname(resolve(positionals[0])) } : {}),
      });
    } catch (err) {
      if (err instanceof SweepSpecError) throw new UsageError(specErrorIn(err.message, cliWords()));
      throw err;
    } finally {
      if (tty) process.stderr.write('\r\x1b[K');
    }
    if (values.csv !== undefined) writeFileAtomic(values.csv, toCsv(sweepCsvRows(result)));
    if (values.chart !== undefined) {
      const { sweepChart } = await import('../../report/charts.js');
      writeFileAtomic(values.chart, sweepChart(result));
    }
    io.out(values.json === true ? JSON.stringify({ mode, ...result }) : sweepText(result, cliWords()));
    return 0;
  },
});

/**
 * A SweepSpecError's message (shared/sweep.ts, which words it in English) in the words given;
 * a message it does not recognise is kept as it is.
 */
export function specErrorIn(message: string, words: CliWords): string {
  const w = words.sweep.spec;
  let m: RegExpExecArray | null;
  if ((m = /^n = (\d+): the replica command runs on replicas? (.*), which a cluster of \d+ does not have; sweep larger n, or list lower replicas$/.exec(message))) return w.ownReplicaMissing(Number(m[1]), m[2] ?? '');
  if ((m = /^scheme "(.*)": not a scheme \(known: (.*)\)$/.exec(message))) return w.notScheme(m[1] ?? '', m[2] ?? '');
  if ((m = /^([A-Za-z]+): the scenario cannot be carried over \((.*)\)$/s.exec(message))) return w.notCarried(m[1] ?? '', m[2] ?? '');
  if (message === CLI_WORDS.en.sweep.spec.emptyGrid) return w.emptyGrid;
  if (message === CLI_WORDS.en.sweep.spec.noFaultCount) return w.noFaultCount;
  if ((m = /^k = (-?[\d.]+): must be a whole number from 0 to (\d+)$/.exec(message))) return w.kRange(Number(m[1]), Number(m[2]));
  if ((m = /^n = (\d+): at most (\d+) replicas$/.exec(message))) return w.tooMany(Number(m[1]), Number(m[2]));
  return message;
}

/** A `brokenGuarantees` item (shared/sweep.ts) in the words given: "3 wrong", "split brain". */
function brokenItem(item: string, w: CliWords['sweep']['table']['broken']): string {
  if (item === 'split brain') return w.splitBrain;
  const m = /^(\d+) (wrong|lost|undecided|unresolved|executed twice)$/.exec(item);
  if (!m) return item;
  const n = Number(m[1]);
  const say = { wrong: w.wrong, lost: w.lost, undecided: w.undecided, unresolved: w.unresolved, 'executed twice': w.twice }[m[2] as 'wrong'];
  return say(n);
}

/** Pads text to a width in terminal columns (a Hangul syllable takes two). */
const padEnd = (text: string, width: number): string => text + ' '.repeat(Math.max(0, width - columnsOf(text)));
const padStart = (text: string, width: number): string => ' '.repeat(Math.max(0, width - columnsOf(text))) + text;

/**
 * The sweep for a terminal, in the words given: one line per configuration, one column per
 * fault count. In English it is shared/sweep.ts sweepToText's table, character for character.
 */
export function sweepText(result: SweepResult, words: CliWords = CLI_WORDS.en): string {
  const w = words.sweep.table;
  const named = result.schemes.length > 1;
  const multipleTimeouts = new Set(result.rows.map((r) => r.failureTimeoutMs)).size > 1;
  const labelOf = (s: SweepResult['series'][number]): string => {
    const row = w.label(s.k, s.n, s.nLabel, s.kind, multipleTimeouts ? s.failureTimeoutMs : null);
    return named ? `${SCHEME_SHORT[s.scheme]}: ${row}` : row;
  };
  const labels = result.series.map(labelOf);
  const counts = [...new Set(result.rows.map((r) => r.faults))].sort((a, b) => a - b);
  const labelW = Math.max(12, ...labels.map(columnsOf));
  const cellW = 9;
  const lines: string[] = [];
  const swept = named ? result.schemes.map((s) => w.schemeOf(SCHEME_SHORT[s.scheme], s.scheme, s.failureModel)).join('; ') : w.oneScheme(result.scheme, result.failureModel);
  lines.push(w.title(swept));
  lines.push('');
  lines.push(`${padEnd(w.configuration, labelW)}  ${counts.map((c) => padStart(w.faults(c), cellW)).join('')}   ${padEnd(w.predicted, 12)}  ${w.measured}`);
  const surprises: string[] = [];
  result.series.forEach((s, i) => {
    const label = labels[i] ?? s.label;
    const cells = counts.map((c) => {
      const r = s.rows.find((x) => x.faults === c);
      if (!r) return ''.padStart(cellW);
      const text = r.held ? w.ok : `${Math.floor((100 * r.answeredCorrect) / Math.max(1, r.issued))}%`;
      const mark = r.asPredicted === false ? '!' : ' ';
      return padStart(`${text}${mark}`, cellW);
    });
    const predicted = s.predictedTolerance === null ? w.beyondClaim : `≤ ${s.predictedTolerance}`;
    const measured = s.toleratedUpTo < 0 ? w.none : `≤ ${s.toleratedUpTo}`;
    lines.push(`${padEnd(label, labelW)}  ${cells.join('')}   ${padEnd(predicted, 12)}  ${measured}${s.asPredicted === false ? `  ${w.differs}` : ''}`);
    if (s.asPredicted === false) {
      const odd = s.rows.filter((r) => r.asPredicted === false).map((r) => (r.held ? w.oddHeld(r.faults) : w.oddBroke(r.faults, r.broken.map((b) => brokenItem(b, w.broken)).join(', '))));
      surprises.push(w.surprise(label, s.predictedTolerance, odd.join('; ')));
    }
  });
  lines.push('', w.legend);
  if (result.series.some((s) => s.predictedTolerance === null)) lines.push(w.legendBeyond);
  if (surprises.length > 0) {
    lines.push('', w.surprisesTitle);
    for (const s of surprises) lines.push(`  - ${s}`);
  }
  return lines.join('\n');
}
