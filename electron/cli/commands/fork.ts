/**
 * `faultlab fork`: a simulated run continued from one of its moments with a changed fault
 * schedule (shared/fork.ts). The parent is a scenario file or a kept simulated run's folder;
 * the fork is simulated, checked to repeat its parent exactly before the moment, kept (with
 * --out: the run folder and fork.json naming the parent and the moment), and set beside its
 * parent request by request: which requests were lost in one and answered in the other.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Lang } from '../../../shared/describe.js';
import { describeFault, OUTCOME_LABELS } from '../../../shared/describe.js';
import { simulate } from '../../../shared/engine/sim.js';
import { scheduledFaultSchema } from '../../../shared/faults.js';
import type { OutcomeDifference } from '../../../shared/fork.js';
import { differenceCounts, FORK_FILE, ForkError } from '../../../shared/fork.js';
import type { Fault } from '../../../shared/scenario.js';
import { ScenarioError } from '../../../shared/scenario.js';
import { readRun } from '../../../shared/views/folds.js';
import { intOption, UsageError } from '../args.js';
import { command, loadScenarioFile } from '../common.js';
import { formatSummary } from '../format.js';
import type { ForkParent } from '../../runtime/fork.js';
import { makeFork } from '../../runtime/fork.js';
import { loadRun, RunFolderError } from '../../runtime/run-folder.js';
import type { CliWords } from '../words.js';
import { CLI_WORDS } from '../words.js';
import { cliLang, cliWords } from '../lang.js';

/** The parent: a kept run's folder (its own log), or a scenario file (simulated here). */
function loadParent(path: string | undefined): ForkParent {
  if (path === undefined) throw new UsageError(cliWords().fork.expectParent);
  if (existsSync(path) && statSync(path).isDirectory()) {
    try {
      const run = loadRun(path);
      return { scenario: run.scenario, events: run.events, runDir: resolve(path) };
    } catch (err) {
      if (err instanceof RunFolderError || err instanceof ScenarioError) throw new UsageError(`${path}: ${err.message}`);
      throw err;
    }
  }
  const scenario = loadScenarioFile(path);
  return { scenario, events: simulate(scenario).events, runDir: null };
}

/** A --fault value: a scheduled fault as a scenario writes it; its atMs defaults to the fork's moment. */
function faultOption(text: string, atMs: number): Fault {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(cliWords().fork.faultJson(text));
  }
  const withTime = typeof value === 'object' && value !== null && !Array.isArray(value) && !('atMs' in value) ? { ...value, atMs } : value;
  const parsed = scheduledFaultSchema.safeParse(withTime);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const w = cliWords().fork;
    throw new UsageError(`--fault ${text}: ${issue ? `${issue.path.join('.') || w.theFault}: ${issue.message}` : w.notAFault}`);
  }
  return parsed.data;
}

/**
 * A ForkError's message (shared/fork.ts and electron/runtime/fork.ts word it in English) in
 * the words given; a message it does not recognise is kept as it is.
 */
export function forkErrorIn(message: string, words: CliWords): string {
  const w = words.fork.errors;
  let m: RegExpExecArray | null;
  if ((m = /^the fork's moment (-?[\d.]+) ms is not a whole number of ms within the run's workload \(0 to (-?[\d.]+) ms\)$/.exec(message))) return w.moment(Number(m[1]), Number(m[2]));
  if ((m = /^a (\S+) fault at (-?[\d.]+) ms is before the fork's moment \((-?[\d.]+) ms\): a fork changes only what comes after it$/.exec(message))) return w.before(m[1] ?? '', Number(m[2]), Number(m[3]));
  if (message === CLI_WORDS.en.fork.errors.nothing) return w.nothing;
  if (message === CLI_WORDS.en.fork.errors.real) return w.real;
  if ((m = /^the fork's scenario: (.*)$/s.exec(message))) return w.scenario(m[1] ?? '');
  return message;
}

/** How a request ended in one of the two runs, in words (or that it was not issued there). */
const outcomeWords = (lang: Lang): Record<OutcomeDifference['a'], string> => ({ ...OUTCOME_LABELS[lang], 'not issued': CLI_WORDS[lang].fork.notIssued });

/** The side-by-side lines: each pair of outcomes with its count and the first requests (in `lang`, English by default). */
export function sideBySide(diffs: readonly OutcomeDifference[], lang: Lang = 'en'): string[] {
  const w = CLI_WORDS[lang].fork;
  if (diffs.length === 0) return [w.same];
  const outcome = outcomeWords(lang);
  const lines = [w.differ(diffs.length)];
  for (const c of differenceCounts(diffs)) {
    const examples = diffs.filter((d) => d.a === c.a && d.b === c.b).slice(0, 6).map((d) => `c${d.client}#${d.req} @${Math.round(d.issuedAt)} ms`);
    lines.push(`  ${outcome[c.a]} → ${outcome[c.b]}: ${c.count}  (${examples.join(', ')}${c.count > examples.length ? ', …' : ''})`);
  }
  return lines;
}

export const forkCommand = command({
  summary: CLI_WORDS.en.help.summary.fork,
  usage: "fork SCENARIO|RUN_DIR --at MS [--fault '{\"type\":\"crash\",\"replica\":2}']... [--drop-later] [--out DIR] [--json]",
  flags: ['at', 'fault', 'drop-later', 'out', 'json'],
  async run({ values, positionals }, io) {
    const w = cliWords();
    if (positionals.length > 1) throw new UsageError(w.fork.oneParent(positionals.length));
    const atMs = intOption(values, 'at', 0, 3_600_000);
    if (atMs === undefined) throw new UsageError(w.fork.at);
    const path = positionals[0];
    const parent = loadParent(path);
    const add = (values.fault ?? []).map((text) => faultOption(text, atMs));
    let fork;
    try {
      fork = makeFork(parent, atMs, { add, dropLater: values['drop-later'] === true }, values.out);
    } catch (err) {
      if (err instanceof ForkError) {
        const message = forkErrorIn(err.message, w);
        throw new UsageError(parent.runDir !== null ? `${parent.runDir}: ${message}` : message);
      }
      throw err;
    }
    const { events, analysis, origin } = fork;
    const diffs = fork.differences;
    if (values.json === true) {
      io.out(JSON.stringify({ fork: origin, summary: analysis.summary, differences: diffs }));
      return 0;
    }
    const lang = cliLang();
    io.out(formatSummary(readRun(events, analysis.summary), lang));
    io.out('');
    io.out(w.fork.forkedFrom(origin.parent.name, atMs, events.filter((e) => e.t < atMs).length - 1));
    for (const f of origin.dropped) io.out(`  ${w.fork.dropped(f.type, f.atMs, describeFault(f, lang))}`);
    for (const f of origin.added) io.out(`  ${w.fork.added(JSON.stringify(f))}`);
    for (const line of sideBySide(diffs, lang)) io.out(line);
    if (values.out !== undefined) io.out(w.fork.kept(values.out, FORK_FILE));
    return 0;
  },
});
