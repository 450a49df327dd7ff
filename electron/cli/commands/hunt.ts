/**
 * `faultlab hunt`: searches for a fault schedule that breaks a check, in simulation on a
 * worker pool, and shrinks it to a minimal scenario that still fails (shared/hunt.ts).
 * Exit 0: no counterexample within the budget; 1: one found; 2: bad input.
 */
import { join } from 'node:path';
import type { CheckName } from '../../../shared/checks.js';
import { CHECK_NAMES, isCheckName } from '../../../shared/checks.js';
import { describeFault } from '../../../shared/describe.js';
import { FAULT_KINDS } from '../../../shared/faults.js';
import type { FaultKind } from '../../../shared/faults.js';
import type { HuntProgress, HuntResult } from '../../../shared/hunt.js';
import { defaultHuntKinds, hunt } from '../../../shared/hunt.js';
import type { Scenario } from '../../../shared/scenario.js';
import { serializeScenario } from '../../../shared/scenario.js';
import { readRun } from '../../../shared/views/folds.js';
import { defaultWorkers, MAX_HUNT_WORKERS, startHuntPool } from '../../hunt-worker/pool.js';
import { writeFileAtomic } from '../../runtime/files.js';
import { runScenario } from '../../runtime/run.js';
import { intOption, UsageError } from '../args.js';
import type { Options } from '../args.js';
import { command, scenarioFrom } from '../common.js';
import type { Io } from '../common.js';
import { formatSummary } from '../format.js';
import { CLI_WORDS } from '../words.js';
import { cliLang, cliWords } from '../lang.js';

const USAGE = 'hunt [scenario] --check NAME [--faults KINDS] [--max-faults N] [--budget RUNS|SECONDSs] [--seed N] [--workers N] [--out DIR]';
const DEFAULT_BUDGET_RUNS = 1000;
const DEFAULT_MAX_FAULTS = 3;

/** The budget: a number of runs ("500") or of seconds ("30s"). */
export function budgetOption(values: Options): { runs: number } | { seconds: number } {
  const raw = values.budget;
  if (raw === undefined) return { runs: DEFAULT_BUDGET_RUNS };
  const m = /^(\d+)(s?)$/.exec(String(raw));
  const n = m ? Number(m[1]) : NaN;
  if (!m || n < 1 || n > 10_000_000) throw new UsageError(cliWords().hunt.budget(String(raw)));
  return m[2] === 's' ? { seconds: n } : { runs: n };
}

function checkOption(values: Options): CheckName {
  const raw = values.check;
  const list = Array.isArray(raw) ? raw : [];
  if (list.length !== 1) throw new UsageError(cliWords().hunt.oneCheck(CHECK_NAMES.join(', ')));
  const name = list[0] ?? '';
  if (!isCheckName(name)) throw new UsageError(cliWords().unknownCheck(name, CHECK_NAMES.join(', ')));
  return name;
}

function kindsOption(values: Options, base: Scenario): FaultKind[] {
  const raw = values.faults;
  if (raw === undefined) return defaultHuntKinds(base);
  const items = String(raw).split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (items.length === 0) throw new UsageError(cliWords().hunt.faultsList);
  for (const k of items) if (!(FAULT_KINDS as readonly string[]).includes(k)) throw new UsageError(cliWords().hunt.unknownKind(k, FAULT_KINDS.join(', ')));
  return [...new Set(items)] as FaultKind[];
}

/** A schedule, one fault a line (in the language in force). */
export function scheduleText(s: Scenario, indent = '  '): string[] {
  const w = cliWords().hunt;
  if (s.faults.length === 0) return [`${indent}${w.noFaults}`];
  return s.faults.map((f) => `${indent}${w.faultAt(f.atMs, describeFault(f, cliLang()))}`);
}

function coverageText(r: HuntResult): string {
  const w = cliWords().hunt;
  const parts = Object.entries(r.coverage.byKind).map(([k, n]) => w.coveragePart(k, n));
  return w.coverage(r.coverage.cells, r.coverage.possible, parts.join(', '));
}

function progressLine(p: HuntProgress, runsPerSecond: number): string {
  const w = cliWords().hunt;
  const best = p.best === null ? w.bestNone : w.best(p.best.faults.length, p.best.replicas, p.best.workload.clients, p.best.workload.durationMs);
  return w.progress(p.phase === 'search', p.runs, runsPerSecond.toFixed(0), p.distinct, best);
}

/** Progress on stderr: one rewritten line on a terminal, else a line at most every second (and at each phase change). */
function progressReporter(io: Io): { report: (p: HuntProgress) => void; end: () => void } {
  const tty = process.stderr.isTTY === true;
  const t0 = Date.now();
  let last = 0;
  let lastPhase = '';
  return {
    report(p) {
      const now = Date.now();
      if (now - last < (tty ? 100 : 1000) && p.phase === lastPhase) return;
      last = now;
      lastPhase = p.phase;
      const line = progressLine(p, (p.runs * 1000) / Math.max(1, now - t0));
      if (tty) process.stderr.write(`\r\x1b[K${line.slice(0, (process.stderr.columns || 120) - 1)}`);
      else io.err(line);
    },
    end() {
      if (tty) process.stderr.write('\r\x1b[K');
    },
  };
}

export const huntCommand = command({
  summary: CLI_WORDS.en.help.summary.hunt,
  usage: USAGE,
  flags: ['check', 'faults', 'max-faults', 'budget', 'seed', 'workers', 'out'],
  async run({ values, positionals }, io) {
    const check = checkOption(values);
    // --seed is the hunt's seed; the scenario keeps its own.
    const base = scenarioFrom(positionals, { ...values, seed: undefined });
    const w = cliWords();
    if (base.replica) throw new UsageError(w.hunt.ownReplica(base.replica.command));
    const kinds = kindsOption(values, base);
    const maxFaults = intOption(values, 'max-faults', 1, 50) ?? DEFAULT_MAX_FAULTS;
    const budget = budgetOption(values);
    const seed = intOption(values, 'seed', 0, 2 ** 32 - 1) ?? 1;
    const workers = intOption(values, 'workers', 1, MAX_HUNT_WORKERS) ?? defaultWorkers();

    io.out(w.hunt.title(check, w.checks[check], base.name));
    io.out(`  ${w.hunt.setup(kinds.join(', '), maxFaults, 'runs' in budget ? w.hunt.budgetRuns(budget.runs) : w.hunt.budgetSeconds(budget.seconds), seed, workers)}`);
    if (base.faults.length > 0) io.out(`  ${w.hunt.ownFaults(base.faults.length)}`);

    const deadline = 'seconds' in budget ? Date.now() + budget.seconds * 1000 : Infinity;
    const progress = progressReporter(io);
    const pool = startHuntPool(workers);
    const t0 = Date.now();
    let result: HuntResult;
    try {
      result = await hunt(base, { check, kinds, maxFaults, budgetRuns: 'runs' in budget ? budget.runs : 10_000_000, seed }, pool.evaluate, {
        onProgress: progress.report,
        // The time budget is the search's; shrinking has its own bound in runs.
        shouldStop: (phase) => phase === 'search' && Date.now() > deadline,
      });
    } finally {
      progress.end();
      await pool.close();
    }
    const seconds = Math.max(0.001, (Date.now() - t0) / 1000);
    const runs = result.searchRuns + result.shrinkRuns;
    io.err(w.hunt.speed(runs, seconds.toFixed(1), (runs / seconds).toFixed(0), workers));

    if (result.minimal === null || result.found === null) {
      io.out(`\n${w.hunt.noneFound(check, result.stopped)}`);
      io.out(`  ${w.hunt.tried(result.distinct, result.searchRuns)}`);
      io.out(`  ${w.hunt.coverageLine(coverageText(result))}`);
      return 0;
    }

    const minimal = result.minimal;
    io.out(`\n${w.hunt.found(result.foundIndex ?? 0, result.found.faults.length, check, result.searchRuns)}`);
    for (const line of scheduleText(result.found, '    ')) io.out(line);
    io.out(w.hunt.shrunk(result.shrinkSteps, result.shrinkRuns));
    for (const line of scheduleText(minimal, '    ')) io.out(line);
    io.out(`    ${w.hunt.cluster(minimal.replicas, minimal.workload.clients, minimal.workload.ratePerSecond, minimal.workload.durationMs, minimal.seed)}\n`);

    const out = values.out;
    const run = await runScenario(minimal, 'sim', out !== undefined ? { dir: join(out, 'run') } : {});
    io.out(formatSummary(readRun(run.events, run.summary), cliLang()));
    io.err(w.checkFailed(check, w.checks[check]));
    if (out !== undefined) {
      const scenarioPath = join(out, 'minimal.faultlab.json');
      writeFileAtomic(scenarioPath, serializeScenario(minimal));
      const { writeReport } = await import('../../report/index.js');
      const written = await writeReport({ run: { runDir: join(out, 'run') } }, { htmlPath: join(out, 'report.html') });
      io.out(`\n${w.wrote(scenarioPath)}`);
      io.out(w.hunt.wroteRun(join(out, 'run')));
      io.out(w.wrote(written.htmlPath));
      io.out(w.hunt.replay(`faultlab run ${scenarioPath} --mode sim --check ${check}`));
    }
    return 1;
  },
});
