/**
 * `faultlab`: the command line for scripting, grading and sweeps. Exit codes: 0 ok; 1 a
 * check the user asked for failed; 2 bad input (one line on stderr, never a stack trace);
 * 3 an internal error (a bug: one line, and the stack only with FAULTLAB_DEBUG=1).
 */
import { readFileSync } from 'node:fs';
import type { RunSummary } from '../../shared/analysis/summary.js';
import { analyze } from '../../shared/analysis/summary.js';
import { simulate } from '../../shared/engine/sim.js';
import { defaultScenario } from '../../shared/presets.js';
import type { Scenario } from '../../shared/scenario.js';
import { parseScenarioText, ScenarioError } from '../../shared/scenario.js';
import { intOption, parse, UsageError } from './args.js';
import type { Options } from './args.js';
import { formatSummary } from './format.js';
import { saveRun } from '../runtime/run-folder.js';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const USAGE = `usage: faultlab <command> [options]

commands:
  run [scenario] [--mode real|sim] [--seed N] [--out DIR] [--json] [--check NAME]...
      runs a scenario (default: the built-in default scenario)
      checks: no-wrong, no-lost, no-undecided, no-duplicates, no-split-brain, no-divergence

exit codes: 0 ok, 1 a requested check failed, 2 bad input, 3 internal error`;

export function loadScenarioFile(path: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a scenario file' : (err as Error).message}`);
  }
  try {
    return parseScenarioText(text);
  } catch (err) {
    if (err instanceof ScenarioError) throw new UsageError(`${path}: ${err.problems.join('; ')}`);
    throw err;
  }
}

function scenarioFrom(positionals: string[], values: Options): Scenario {
  if (positionals.length > 1) throw new UsageError(`expected at most one scenario file, got ${positionals.length}`);
  const base = positionals[0] === undefined ? defaultScenario() : loadScenarioFile(positionals[0]);
  const seed = intOption(values, 'seed', 0, 2 ** 32 - 1);
  return seed === undefined ? base : { ...base, seed };
}

const CHECKS: Record<string, { describe: string; failed: (s: RunSummary) => boolean }> = {
  'no-wrong': { describe: 'no wrong answer accepted', failed: (s) => s.requests.answeredWrong > 0 },
  'no-lost': { describe: 'no request lost', failed: (s) => s.requests.lost > 0 },
  'no-undecided': { describe: 'no request undecided', failed: (s) => s.requests.undecided > 0 },
  'no-duplicates': { describe: 'no request executed twice', failed: (s) => s.requests.executedTwice > 0 },
  'no-split-brain': { describe: 'never two serving primaries', failed: (s) => s.splitBrain },
  'no-divergence': { describe: 'live correct replicas agree', failed: (s) => s.divergence.diverged },
};

function parseChecks(values: Options): string[] {
  const raw = values.check;
  const list = Array.isArray(raw) ? raw : [];
  for (const c of list) if (!(c in CHECKS)) throw new UsageError(`--check: unknown check "${c}" (known: ${Object.keys(CHECKS).join(', ')})`);
  return list;
}

function mode(values: Options): 'real' | 'sim' {
  const m = values.mode ?? 'real';
  if (m !== 'real' && m !== 'sim') throw new UsageError(`--mode: expected real or sim, got "${String(m)}"`);
  return m;
}

async function cmdRun(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, {
    mode: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
    check: { type: 'string', multiple: true },
  });
  const checks = parseChecks(values);
  const scenario = scenarioFrom(positionals, values);
  const m = mode(values);
  if (m === 'real') throw new UsageError('--mode real: the real-process runtime is not available in this build; use --mode sim');
  const { events } = simulate(scenario);
  const { summary } = analyze(events);
  if (typeof values.out === 'string') saveRun(values.out, scenario, events, summary);
  if (values.json === true) io.out(JSON.stringify(summary));
  else io.out(formatSummary(summary));
  const failed = checks.filter((c) => CHECKS[c]?.failed(summary));
  for (const c of failed) io.err(`check failed: ${c} (${CHECKS[c]?.describe ?? c})`);
  return failed.length > 0 ? 1 : 0;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await cmdRun(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}" (try: faultlab help)`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`faultlab: ${err.message}`);
      return 2;
    }
    io.err(`faultlab: internal error: ${(err as Error).message}`);
    if (process.env.FAULTLAB_DEBUG === '1') io.err(String((err as Error).stack));
    return 3;
  }
}
