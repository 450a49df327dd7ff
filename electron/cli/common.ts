/** What every `faultlab` command shares: I/O, scenario loading, mode and check flags. */
import { readFileSync } from 'node:fs';
import type { RunSummary } from '../../shared/analysis/summary.js';
import { CHECKS, isCheckName } from '../../shared/checks.js';
import { defaultScenario } from '../../shared/presets.js';
import type { Scenario } from '../../shared/scenario.js';
import { parseScenarioText, ScenarioError } from '../../shared/scenario.js';
import { intOption, parse, UsageError } from './args.js';
import type { Flag, Options, Values } from './args.js';
import { cliWords } from './lang.js';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** A subcommand: parses its own argv, returns the exit code. Throw UsageError for bad input. */
export interface Command {
  summary: string;
  usage: string;
  run(argv: string[], io: Io): Promise<number>;
}

/** A subcommand as written: the flags it takes (declared in FLAGS) and what it does with them, parsed. */
export interface CommandSpec<F extends Flag> {
  summary: string;
  usage: string;
  flags: readonly F[];
  run(args: { values: Values<F>; positionals: string[] }, io: Io): Promise<number>;
}

/** A Command that parses its argv against the flags it names before it runs. */
export function command<F extends Flag>(spec: CommandSpec<F>): Command {
  return { summary: spec.summary, usage: spec.usage, run: (argv, io) => spec.run(parse(argv, spec.flags), io) };
}

/** The text of a file named on the command line; a missing file or a folder is bad input, in one line. */
export function readInputFile(path: string, what: 'report' | 'scenario'): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const w = cliWords();
    throw new UsageError(`${path}: ${code === 'ENOENT' ? w.noSuchFile : code === 'EISDIR' ? w.isFolderNot(w.fileKinds[what]) : (err as Error).message}`);
  }
}

export function loadScenarioFile(path: string): Scenario {
  const text = readInputFile(path, 'scenario');
  try {
    return parseScenarioText(text);
  } catch (err) {
    if (err instanceof ScenarioError) throw new UsageError(`${path}: ${err.problems.join('; ')}`);
    throw err;
  }
}

/** The scenario named on the command line (or the built-in default), with --seed applied. */
export function scenarioFrom(positionals: string[], values: Options): Scenario {
  if (positionals.length > 1) throw new UsageError(cliWords().atMostOneScenario(positionals.length));
  const base = positionals[0] === undefined ? defaultScenario() : loadScenarioFile(positionals[0]);
  const seed = intOption(values, 'seed', 0, 2 ** 32 - 1);
  return seed === undefined ? base : { ...base, seed };
}

export function modeOption(values: Options, fallback: 'real' | 'sim'): 'real' | 'sim' {
  const m = values.mode ?? fallback;
  if (m !== 'real' && m !== 'sim') throw new UsageError(cliWords().modeFlag(String(m)));
  return m;
}

export function checksOption(values: Options): string[] {
  const raw = values.check;
  const list = Array.isArray(raw) ? raw : [];
  for (const c of list) if (!isCheckName(c)) throw new UsageError(cliWords().unknownCheck(c, Object.keys(CHECKS).join(', ')));
  return list;
}

/** Reports failed checks on stderr; returns the exit code (1 if any failed). */
export function reportChecks(checks: string[], summary: RunSummary, io: Io): number {
  const failed = checks.filter((c) => isCheckName(c) && CHECKS[c].failed(summary));
  for (const c of failed) io.err(cliWords().checkFailed(c, isCheckName(c) ? cliWords().checks[c] : c));
  return failed.length > 0 ? 1 : 0;
}
