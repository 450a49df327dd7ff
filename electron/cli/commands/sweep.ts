/**
 * `faultlab sweep`: a grid over k, n, the number and kind of faults and the failure timeout,
 * under the scenario's scheme or, with --schemes, under several, each against its own bound.
 */
import { dirname, extname, resolve } from 'node:path';
import type { Scheme } from '../../../shared/scenario.js';
import { SCHEMES } from '../../../shared/scenario.js';
import type { NChoice, SweepFaultKind, SweepSpec } from '../../../shared/sweep.js';
import { ALL_SWEEP_SCHEMES, SWEEP_FAULT_KINDS, sweepSchemes, SweepSpecError, sweepCsvRows, sweepToText } from '../../../shared/sweep.js';
import { COMPARED_MODEL } from '../../../shared/compare.js';
import { UsageError } from '../args.js';
import type { Options } from '../args.js';
import { command, modeOption, scenarioFrom } from '../common.js';
import { writeFileAtomic } from '../../runtime/files.js';
import { toCsv } from '../../report/csv.js';
import type { SweepProgress } from '../../report/sweep-run.js';
import { runSweep } from '../../report/sweep-run.js';
import { withReplicaCommand } from './run.js';
import { CLI_WORDS } from '../words.js';

function listOption(values: Options, name: string): string[] | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const items = String(raw).split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (items.length === 0) throw new UsageError(`--${name}: expected a comma-separated list`);
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
      if (a > b) throw new UsageError(`--${name}: range ${item} runs backwards`);
      for (let i = a; i <= b; i++) out.push(i);
    } else if (/^\d+$/.test(item)) out.push(Number(item));
    else throw new UsageError(`--${name}: expected whole numbers or ranges like 0-3, got "${item}"`);
  }
  for (const v of out) if (v < min || v > max) throw new UsageError(`--${name}: ${v} is not between ${min} and ${max}`);
  return [...new Set(out)];
}

/** The schemes to sweep: "all" (the four, in the comparison's order) or a list of scheme names. */
function schemesOption(values: Options): Scheme[] | undefined {
  const items = listOption(values, 'schemes');
  if (!items) return undefined;
  if (items.length === 1 && items[0] === 'all') return [...ALL_SWEEP_SCHEMES];
  return items.map((item) => {
    if (item === 'all') throw new UsageError('--schemes: "all" stands alone (it means every scheme); or list the schemes');
    if (!(SCHEMES as readonly string[]).includes(item)) throw new UsageError(`--schemes: unknown scheme "${item}" (known: ${SCHEMES.join(', ')}, or all)`);
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
    if (mode === 'sim' && base.replica) throw new UsageError(`--mode sim: the scenario's replica command ("${base.replica.command}") runs only in real mode; sweep it with --mode real`);
    const ns: NChoice[] = (listOption(values, 'n') ?? ['bound', 'below']).map((c) => {
      if (c === 'bound' || c === 'below') return c;
      if (/^\d+$/.test(c) && Number(c) >= 1) return Number(c);
      throw new UsageError(`--n: expected bound, below or a replica count, got "${c}"`);
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
      if (!(SWEEP_FAULT_KINDS as readonly string[]).includes(k)) throw new UsageError(`--kind: unknown fault kind "${k}" (known: ${SWEEP_FAULT_KINDS.join(', ')})`);
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
      if (p !== undefined && extname(String(p)).toLowerCase() !== ext) throw new UsageError(`--${flag}: expected a file name ending in ${ext}, got "${String(p)}"`);
    }
    const tty = process.stderr.isTTY === true && values.json !== true;
    let result;
    try {
      result = await runSweep(spec, mode, {
        ...(tty ? { onProgress: (p: SweepProgress) => void process.stderr.write(progressBar(p)) } : {}),
        ...(base.replica ? { replicaCwd: positionals[0] === undefined ? process.cwd() : dirname(resolve(positionals[0])) } : {}),
      });
    } catch (err) {
      if (err instanceof SweepSpecError) throw new UsageError(err.message);
      throw err;
    } finally {
      if (tty) process.stderr.write('\r\x1b[K');
    }
    if (values.csv !== undefined) writeFileAtomic(values.csv, toCsv(sweepCsvRows(result)));
    if (values.chart !== undefined) {
      const { sweepChart } = await import('../../report/charts.js');
      writeFileAtomic(values.chart, sweepChart(result));
    }
    io.out(values.json === true ? JSON.stringify({ mode, ...result }) : sweepToText(result));
    return 0;
  },
});
