/**
 * `faultlab fork`: a simulated run continued from one of its moments with a changed fault
 * schedule (shared/fork.ts). The parent is a scenario file or a kept simulated run's folder;
 * the fork is simulated, checked to repeat its parent exactly before the moment, kept (with
 * --out: the run folder and fork.json naming the parent and the moment), and set beside its
 * parent request by request: which requests were lost in one and answered in the other.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { OUTCOME_LABEL } from '../../../shared/describe.js';
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
import { CLI_WORDS } from '../words.js';

/** The parent: a kept run's folder (its own log), or a scenario file (simulated here). */
function loadParent(path: string | undefined): ForkParent {
  if (path === undefined) throw new UsageError("expected the run to fork: a scenario file or a kept run's folder");
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
    throw new UsageError(`--fault: expected a fault as JSON, like '{"type": "crash", "replica": 2}', got ${text}`);
  }
  const withTime = typeof value === 'object' && value !== null && !Array.isArray(value) && !('atMs' in value) ? { ...value, atMs } : value;
  const parsed = scheduledFaultSchema.safeParse(withTime);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`--fault ${text}: ${issue ? `${issue.path.join('.') || 'the fault'}: ${issue.message}` : 'not a fault'}`);
  }
  return parsed.data;
}

const OUTCOME_WORDS: Record<OutcomeDifference['a'], string> = { ...OUTCOME_LABEL, 'not issued': 'not issued' };

/** The side-by-side lines: each pair of outcomes with its count and the first requests. */
export function sideBySide(diffs: readonly OutcomeDifference[]): string[] {
  if (diffs.length === 0) return ['Every request has the same outcome in the parent and the fork.'];
  const lines = [`${diffs.length} request${diffs.length === 1 ? '' : 's'} with another outcome (parent → fork):`];
  for (const c of differenceCounts(diffs)) {
    const examples = diffs.filter((d) => d.a === c.a && d.b === c.b).slice(0, 6).map((d) => `c${d.client}#${d.req} @${Math.round(d.issuedAt)} ms`);
    lines.push(`  ${OUTCOME_WORDS[c.a]} → ${OUTCOME_WORDS[c.b]}: ${c.count}  (${examples.join(', ')}${c.count > examples.length ? ', …' : ''})`);
  }
  return lines;
}

export const forkCommand = command({
  summary: CLI_WORDS.en.help.summary.fork,
  usage: "fork SCENARIO|RUN_DIR --at MS [--fault '{\"type\":\"crash\",\"replica\":2}']... [--drop-later] [--out DIR] [--json]",
  flags: ['at', 'fault', 'drop-later', 'out', 'json'],
  async run({ values, positionals }, io) {
    if (positionals.length > 1) throw new UsageError(`expected one scenario file or run folder, got ${positionals.length}`);
    const atMs = intOption(values, 'at', 0, 3_600_000);
    if (atMs === undefined) throw new UsageError('--at: give the moment to fork at, in ms of run time');
    const path = positionals[0];
    const parent = loadParent(path);
    const add = (values.fault ?? []).map((text) => faultOption(text, atMs));
    let fork;
    try {
      fork = makeFork(parent, atMs, { add, dropLater: values['drop-later'] === true }, values.out);
    } catch (err) {
      if (err instanceof ForkError) throw new UsageError(parent.runDir !== null ? `${parent.runDir}: ${err.message}` : err.message);
      throw err;
    }
    const { events, analysis, origin } = fork;
    const diffs = fork.differences;
    if (values.json === true) {
      io.out(JSON.stringify({ fork: origin, summary: analysis.summary, differences: diffs }));
      return 0;
    }
    io.out(formatSummary(readRun(events, analysis.summary)));
    io.out('');
    io.out(`Forked from "${origin.parent.name}" at ${atMs} ms (the same ${events.filter((e) => e.t < atMs).length - 1} events before it as the parent's log):`);
    for (const f of origin.dropped) io.out(`  dropped: ${f.type} at ${f.atMs} ms`);
    for (const f of origin.added) io.out(`  added:   ${JSON.stringify(f)}`);
    for (const line of sideBySide(diffs)) io.out(line);
    if (values.out !== undefined) io.out(`Kept in ${values.out} (${FORK_FILE} names the parent and the moment).`);
    return 0;
  },
});
