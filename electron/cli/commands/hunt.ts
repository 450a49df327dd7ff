/**
 * `faultlab hunt`: searches for a fault schedule that breaks a check, in simulation on a
 * worker pool, and shrinks it to a minimal scenario that still fails (shared/hunt.ts).
 * Exit 0: no counterexample within the budget; 1: one found; 2: bad input.
 */
import { join } from 'node:path';
import type { CheckName } from '../../../shared/checks.js';
import { CHECK_NAMES, CHECKS, isCheckName } from '../../../shared/checks.js';
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

const USAGE = 'hunt [scenario] --check NAME [--faults KINDS] [--max-faults N] [--budget RUNS|SECONDSs] [--seed N] [--workers N] [--out DIR]';
const DEFAULT_BUDGET_RUNS = 1000;
const DEFAULT_MAX_FAULTS = 3;

/** The budget: a number of runs ("500") or of seconds ("30s"). */
export function budgetOption(values: Options): { runs: number } | { seconds: number } {
  const raw = values.budget;
  if (raw === undefined) return { runs: DEFAULT_BUDGET_RUNS };
  const m = /^(\d+)(s?)$/.exec(String(raw));
  const n = m ? Number(m[1]) : NaN;
  if (!m || n < 1 || n > 10_000_000) throw new UsageError(`--budget: expected a number of runs (500) or of seconds (30s), at least 1, got "${String(raw)}"`);
  return m[2] === 's' ? { seconds: n } : { runs: n };
}

function checkOption(values: Options): CheckName {
  const raw = values.check;
  const list = Array.isArray(raw) ? raw : [];
  if (list.length !== 1) throw new UsageError(`--check: a hunt takes exactly one check (one of ${CHECK_NAMES.join(', ')})`);
  const name = list[0] ?? '';
  if (!isCheckName(name)) throw new UsageError(`--check: unknown check "${name}" (known: ${CHECK_NAMES.join(', ')})`);
  return name;
}

function kindsOption(values: Options, base: Scenario): FaultKind[] {
  const raw = values.faults;
  if (raw === undefined) return defaultHuntKinds(base);
  const items = String(raw).split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (items.length === 0) throw new UsageError('--faults: expected a comma-separated list of fault kinds');
  for (const k of items) if (!(FAULT_KINDS as readonly string[]).includes(k)) throw new UsageError(`--faults: unknown fault kind "${k}" (known: ${FAULT_KINDS.join(', ')})`);
  return [...new Set(items)] as FaultKind[];
}

/** A schedule, one fault a line. */
export function scheduleText(s: Scenario, indent = '  '): string[] {
  if (s.faults.length === 0) return [`${indent}(no faults: the scenario fails as it is)`];
  return s.faults.map((f) => `${indent}at ${f.atMs} ms: ${describeFault(f)}`);
}

function coverageText(r: HuntResult): string {
  const parts = Object.entries(r.coverage.byKind).map(([k, n]) => `${k} ${n}`);
  return `${r.coverage.cells} of ${r.coverage.possible} (fault kind x replica x quarter of the workload)${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
}

function progressLine(p: HuntProgress, runsPerSecond: number): string {
  const best = p.best === null ? 'none yet' : `${p.best.faults.length} fault${p.best.faults.length === 1 ? '' : 's'}, ${p.best.replicas} replicas, ${p.best.workload.clients} client${p.best.workload.clients === 1 ? '' : 's'}, ${p.best.workload.durationMs} ms`;
  return `${p.phase === 'search' ? 'searching' : 'shrinking'}: ${p.runs} runs, ${runsPerSecond.toFixed(0)} runs/s, ${p.distinct} distinct schedules; smallest failing so far: ${best}`;
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
    if (base.replica) {
      throw new UsageError(
        `the scenario runs a replica program of your own ("${base.replica.command}"), and hunt searches in simulation only (thousands of runs of the built-in replica on a worker pool): hunt without the scenario's "replica" field, then replay the schedule it finds against your replica with faultlab run FILE --replica-cmd CMD (or try faultlab test --replica-cmd CMD)`,
      );
    }
    const kinds = kindsOption(values, base);
    const maxFaults = intOption(values, 'max-faults', 1, 50) ?? DEFAULT_MAX_FAULTS;
    const budget = budgetOption(values);
    const seed = intOption(values, 'seed', 0, 2 ** 32 - 1) ?? 1;
    const workers = intOption(values, 'workers', 1, MAX_HUNT_WORKERS) ?? defaultWorkers();

    io.out(`Hunting for a schedule that breaks ${check} (${CHECKS[check].describe}) in "${base.name}"`);
    io.out(`  fault kinds ${kinds.join(', ')}; at most ${maxFaults} added fault${maxFaults === 1 ? '' : 's'}; budget ${'runs' in budget ? `${budget.runs} runs` : `${budget.seconds} s`}; seed ${seed}; ${workers} worker${workers === 1 ? '' : 's'}`);
    if (base.faults.length > 0) io.out(`  the scenario's own ${base.faults.length} fault${base.faults.length === 1 ? ' is' : 's are'} kept in every schedule`);

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
    io.err(`${runs} runs in ${seconds.toFixed(1)} s (${(runs / seconds).toFixed(0)} runs/s, ${workers} worker${workers === 1 ? '' : 's'})`);

    if (result.minimal === null || result.found === null) {
      io.out(`\nNo schedule broke ${check}${result.stopped ? ' before the time budget ran out' : ' within the budget'}.`);
      io.out(`  ${result.distinct} distinct schedules tried (${result.searchRuns} runs)`);
      io.out(`  coverage: ${coverageText(result)}`);
      return 0;
    }

    const minimal = result.minimal;
    io.out(`\nFound: schedule #${result.foundIndex ?? 0} (${result.found.faults.length} fault${result.found.faults.length === 1 ? '' : 's'}) breaks ${check}, after ${result.searchRuns} runs:`);
    for (const line of scheduleText(result.found, '    ')) io.out(line);
    io.out(`Shrunk in ${result.shrinkSteps} steps (${result.shrinkRuns} runs) to the smallest failing scenario:`);
    for (const line of scheduleText(minimal, '    ')) io.out(line);
    io.out(`    ${minimal.replicas} replicas; ${minimal.workload.clients} client${minimal.workload.clients === 1 ? '' : 's'} at ${minimal.workload.ratePerSecond}/s for ${minimal.workload.durationMs} ms; seed ${minimal.seed}\n`);

    const out = values.out;
    const run = await runScenario(minimal, 'sim', out !== undefined ? { dir: join(out, 'run') } : {});
    io.out(formatSummary(readRun(run.events, run.summary)));
    io.err(`check failed: ${check} (${CHECKS[check].describe})`);
    if (out !== undefined) {
      const scenarioPath = join(out, 'minimal.faultlab.json');
      writeFileAtomic(scenarioPath, serializeScenario(minimal));
      const { writeReport } = await import('../../report/index.js');
      const written = await writeReport({ run: { runDir: join(out, 'run') } }, { htmlPath: join(out, 'report.html') });
      io.out(`\nwrote ${scenarioPath}`);
      io.out(`wrote ${join(out, 'run')} (the failing run: scenario, event log, summary)`);
      io.out(`wrote ${written.htmlPath}`);
      io.out(`replay: faultlab run ${scenarioPath} --mode sim --check ${check}`);
    }
    return 1;
  },
});
