/**
 * A fork of a simulated run, made and kept: the one implementation behind `faultlab fork`
 * and the app's "Fork from here". The parent's own log is the reference: the fork is
 * simulated from its changed scenario, must repeat that log before the moment (else an
 * internal error: the simulator would have rewritten the past), and is set beside it request
 * by request. Kept with `dir`: the run folder and fork.json naming the parent and the moment.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Analysis, RequestRecord } from '../../shared/analysis/summary.js';
import { analyze } from '../../shared/analysis/summary.js';
import { simulate } from '../../shared/engine/sim.js';
import type { RunEvent, RunMode } from '../../shared/events.js';
import type { ForkChange, ForkComparison, ForkOrigin, OutcomeDifference } from '../../shared/fork.js';
import { FORK_FILE, ForkError, forkedPrefixProblem, forkScenario, outcomeDifferences } from '../../shared/fork.js';
import type { Fault, Scenario } from '../../shared/scenario.js';
import { parseScenario, ScenarioError } from '../../shared/scenario.js';
import { LogDamaged, readEventLog, writeFileAtomic } from './files.js';
import { RUN_FILES, saveRun } from './run-folder.js';

export interface ForkParent {
  scenario: Scenario;
  events: readonly RunEvent[];
  /** The parent's kept folder, when it has one (recorded in fork.json). */
  runDir: string | null;
  /** The parent's requests and log hash, when its log was analysed already (else keepFork analyses it). */
  analysis?: Pick<Analysis, 'requests'> & { eventLogSha256: string };
}

export interface MadeFork {
  scenario: Scenario;
  events: RunEvent[];
  analysis: Analysis;
  origin: ForkOrigin;
  differences: OutcomeDifference[];
}

/**
 * Forks a simulated parent at `atMs`. Throws ForkError with a sentence for a change that is
 * not a fork (the past changed, nothing changed, a replica that does not exist, a parent of
 * real processes).
 */
export function makeFork(parent: ForkParent, atMs: number, change: ForkChange, dir?: string): MadeFork {
  const start = parent.events[0];
  const made = forkedScenario(parent.scenario, start?.type === 'run-start' ? start.mode : 'sim', atMs, change);
  return keepFork(parent, atMs, made, simulate(made.scenario).events, dir);
}

/**
 * The fork's scenario (validated) and what it changed, for a parent recorded in `mode`; throws
 * ForkError with a sentence for a change that is not a fork, or a parent of real processes.
 * What both ways of forking begin with: made whole here, played live by the lab (forkLive).
 */
export function forkedScenario(parent: Scenario, mode: RunMode, atMs: number, change: ForkChange): { scenario: Scenario; dropped: Fault[]; added: Fault[] } {
  if (mode !== 'sim') throw new ForkError('a run of real processes cannot be replayed to a moment (its timing was the machine\'s); fork its scenario in simulation instead');
  try {
    const made = forkScenario(parent, atMs, change);
    return { ...made, scenario: parseScenario(made.scenario) };
  } catch (err) {
    if (err instanceof ScenarioError) throw new ForkError(`the fork's scenario: ${err.problems.join('; ')}`);
    throw err;
  }
}

/**
 * A continuation of `parent` from `atMs` (a fork, or a run whose messages were chosen from
 * atMs on), checked to repeat its parent before atMs, analysed, set beside its parent request
 * by request, and kept with `dir`: the run folder and fork.json naming the parent and the moment.
 */
export function keepFork(parent: ForkParent, atMs: number, made: { scenario: Scenario; dropped: Fault[]; added: Fault[] }, events: RunEvent[], dir?: string): MadeFork {
  const problem = forkedPrefixProblem(parent.events, events, atMs);
  if (problem !== null) throw new Error(`internal error: ${problem}`);
  const analysis = analyze(events, { linearizability: true });
  let parentAnalysis = parent.analysis;
  if (parentAnalysis === undefined) {
    const a = analyze(parent.events);
    parentAnalysis = { requests: a.requests, eventLogSha256: a.summary.eventLogSha256 };
  }
  const origin: ForkOrigin = {
    faultlabFork: 1,
    parent: { name: parent.scenario.name, eventLogSha256: parentAnalysis.eventLogSha256, runDir: parent.runDir },
    atMs,
    dropped: made.dropped,
    added: made.added,
  };
  if (dir !== undefined) {
    saveRun(dir, made.scenario, events, analysis.summary);
    writeFileAtomic(join(dir, FORK_FILE), `${JSON.stringify(origin, null, 2)}\n`);
  }
  const differences = outcomeDifferences(parentAnalysis.requests, analysis.requests);
  return { scenario: made.scenario, events, analysis, origin, differences };
}

/** The largest parent log a reopened fork reads to be set beside it again (a 100k-event run is about 10 MB). */
export const MAX_PARENT_LOG_BYTES = 64 * 1024 * 1024;
/** The requests a fork's differences list by name (all are counted). */
export const MAX_FORK_DIFFERENCES = 500;

/** Differences as the app gets them: the first MAX_FORK_DIFFERENCES listed, all counted. */
export function listedDifferences(differences: readonly OutcomeDifference[]): { differences: OutcomeDifference[]; differing: number } {
  return { differences: differences.slice(0, MAX_FORK_DIFFERENCES), differing: differences.length };
}

/**
 * A reopened fork set beside its parent again, request by request, when the parent is still
 * kept in `runsDir` (fork.json is untrusted: only the parent folder's name is used, and only
 * inside runsDir, so a data folder that moved still finds it), is the very log the fork left
 * (same SHA-256) and is at most maxLogBytes; otherwise why not.
 */
export function forkComparisonOf(origin: ForkOrigin, forkRequests: readonly RequestRecord[], runsDir: string, maxLogBytes = MAX_PARENT_LOG_BYTES): ForkComparison {
  const id = origin.parent.runDir === null ? null : basename(origin.parent.runDir.replace(/\\/g, '/'));
  const dir = id !== null && /^[A-Za-z0-9_-]{1,80}$/.test(id) ? join(runsDir, id) : null;
  if (dir === null || !existsSync(join(dir, RUN_FILES.events))) return { unavailable: 'parent-gone' };
  let events;
  try {
    events = readEventLog(join(dir, RUN_FILES.events), { maxBytes: maxLogBytes }).events;
  } catch (err) {
    if (err instanceof LogDamaged) return { unavailable: err.reason === 'too-large' ? 'parent-too-large' : 'parent-unreadable' };
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { unavailable: 'parent-gone' };
    if (typeof code === 'string') return { unavailable: 'parent-unreadable' };
    throw err;
  }
  if (events[0]?.type !== 'run-start') return { unavailable: 'parent-unreadable' };
  const parent = analyze(events);
  if (parent.summary.eventLogSha256 !== origin.parent.eventLogSha256) return { unavailable: 'parent-changed' };
  return listedDifferences(outcomeDifferences(parent.requests, forkRequests));
}
