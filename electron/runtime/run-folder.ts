/**
 * A run folder: `scenario.json`, `events.jsonl` and `summary.json`. The log is appended
 * as the run goes; the other two are written atomically.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestRecord, RunSummary } from '../../shared/analysis/summary.js';
import { analyze, linearizabilityOf } from '../../shared/analysis/summary.js';
import type { RunEvent } from '../../shared/events.js';
import type { Scenario } from '../../shared/scenario.js';
import { parseScenario, serializeScenario } from '../../shared/scenario.js';
import { EventLogWriter, LogDamaged, readEventLog, readRunFileText, RunFolderError, writeFileAtomic } from './files.js';

/** A run folder that cannot be used as asked (it holds a run already, say): bad input. */
export { RunFolderError };

/** The largest scenario.json and summary.json read from a run folder. */
export const MAX_SCENARIO_FILE_BYTES = 8 * 1024 * 1024;
export const MAX_SUMMARY_FILE_BYTES = 64 * 1024 * 1024;

export const RUN_FILES = { scenario: 'scenario.json', events: 'events.jsonl', summary: 'summary.json' } as const;

/** Opens a run folder for a new run: writes the scenario, returns the log writer. */
export function createRunFolder(dir: string, scenario: Scenario): EventLogWriter {
  mkdirSync(dir, { recursive: true });
  const logPath = join(dir, RUN_FILES.events);
  if (existsSync(logPath) && statSync(logPath).size > 0) throw new RunFolderError(`${dir} already holds a run; choose an empty folder`);
  writeFileAtomic(join(dir, RUN_FILES.scenario), serializeScenario(scenario));
  return new EventLogWriter(logPath);
}

export function writeSummary(dir: string, summary: RunSummary): void {
  writeFileAtomic(join(dir, RUN_FILES.summary), `${JSON.stringify(summary, null, 2)}\n`);
}

/** Saves a finished (simulated) run in one go. */
export function saveRun(dir: string, scenario: Scenario, events: readonly RunEvent[], summary: RunSummary): void {
  const log = createRunFolder(dir, scenario);
  for (const e of events) log.append(e);
  log.close();
  if (log.error) throw log.error;
  writeSummary(dir, summary);
}

export interface LoadedRun {
  dir: string;
  scenario: Scenario;
  events: RunEvent[];
  summary: RunSummary;
  complete: boolean;
  tornTail: boolean;
  /** Every request of the run with its outcome (the analysis the summary came from). */
  requests: RequestRecord[];
}

/** The linearizability verdict saved with the run, if the saved summary belongs to this very log. */
function savedLinearizability(dir: string, sha: string): RunSummary['linearizability'] | null {
  const path = join(dir, RUN_FILES.summary);
  if (!existsSync(path)) return null;
  try {
    const saved = JSON.parse(readRunFileText(path, MAX_SUMMARY_FILE_BYTES)) as Partial<RunSummary>;
    return saved.eventLogSha256 === sha && saved.linearizability?.checked ? saved.linearizability : null;
  } catch (err) {
    if (err instanceof SyntaxError) return null;
    throw err;
  }
}

/**
 * Loads a run folder and re-derives its summary from the log (the log is the truth). The
 * linearizability search, the one costly part, is reused from the saved summary when that
 * summary was made from the same log (same SHA-256), and run otherwise. A log that cannot
 * be read as a run throws LogDamaged: a bad line, or no run-start at its head (a run that
 * stopped before it began).
 */
export function loadRun(dir: string, options: { maxLogBytes?: number } = {}): LoadedRun {
  const scenario = parseScenario(JSON.parse(readRunFileText(join(dir, RUN_FILES.scenario), MAX_SCENARIO_FILE_BYTES)));
  const logPath = join(dir, RUN_FILES.events);
  const log = readEventLog(logPath, options.maxLogBytes === undefined ? {} : { maxBytes: options.maxLogBytes });
  if (log.events[0]?.type !== 'run-start') throw new LogDamaged(logPath, 'no-run-start', null, 'the event log does not begin with run-start');
  const analysis = analyze(log.events);
  const linearizability = savedLinearizability(dir, analysis.summary.eventLogSha256) ?? linearizabilityOf(scenario.service, analysis.requests);
  const summary = { ...analysis.summary, linearizability };
  return { dir, scenario, events: log.events, summary, complete: log.complete, tornTail: log.tornTail, requests: analysis.requests };
}
