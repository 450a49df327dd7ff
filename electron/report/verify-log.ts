/**
 * Verify's reading of a report's embedded event logs (evidence.ts): each log is decoded,
 * its hash checked against the summary, its first event against the report's scenario,
 * and, for a real-mode run (which cannot be re-run), every figure re-derived from it with
 * the same analysis the app ran (`analyze`, then the figure catalogue). What cannot be
 * re-derived from a log embedded in parts (the message counts) is named, never assumed.
 */
import type { RequestRecord, RunSummary } from '../../shared/analysis/summary.js';
import { analyze } from '../../shared/analysis/summary.js';
import type { CostFigures } from '../../shared/compare.js';
import { measureCosts } from '../../shared/compare.js';
import type { RunEvent, RunMode } from '../../shared/events.js';
import { serializeEvent } from '../../shared/events.js';
import type { Json } from '../../shared/json.js';
import { canonicalJson } from '../../shared/json.js';
import type { Scenario } from '../../shared/scenario.js';
import type { LogEvidence, LogRole } from './evidence.js';
import { findLogBlock, readLogBlock } from './evidence.js';
import type { Lang } from '../../shared/describe.js';
import { VERIFY_WORDS } from './verify-words.js';

/** What an embedded log gave: its events (null when none could be used), and what is wrong with it. */
export interface EmbeddedLogCheck {
  events: RunEvent[] | null;
  /** The whole log, or its parts (message traffic left out). */
  whole: boolean;
  differences: string[];
  notes: string[];
  checked: number;
}

const short = (sha: string): string => (sha.length > 16 ? `${sha.slice(0, 12)}…` : sha || '(none)');

/**
 * Reads and checks one embedded log. `what` names the run in messages ("the run", "the
 * comparison's other run"); `summarySha` is the log hash its summary states; `reference`,
 * for a simulated run, is the re-run's log, so an edited line is named by its number.
 */
export function checkEmbeddedLog(
  html: string,
  role: LogRole,
  evidence: LogEvidence | null | undefined,
  expect: { what: string; summarySha: string; scenario: Scenario; mode: RunMode; reference?: readonly RunEvent[] },
  lang: Lang = 'en',
): EmbeddedLogCheck {
  const out: EmbeddedLogCheck = { events: null, whole: false, differences: [], notes: [], checked: 0 };
  const { what } = expect;
  const words = VERIFY_WORDS[lang];
  const w = words.log;
  out.checked += 1;
  if (!evidence) {
    out.differences.push(w.noEvidence(what));
    return out;
  }
  if (evidence.sha256 !== expect.summarySha) {
    out.differences.push(w.hashNotSummary(what, short(evidence.sha256), short(expect.summarySha)));
  }
  if (evidence.content === 'none') {
    out.notes.push(w.hashOnly(what));
    return out;
  }
  const block = findLogBlock(html, role);
  if (block === null) {
    out.differences.push(w.removed(what));
    return out;
  }
  const read = readLogBlock(block, words.logOf(what), lang);
  out.checked += 1;
  if (!read.ok) {
    out.differences.push(read.problem);
    return out;
  }
  const whole = evidence.content === 'whole';
  const expectedSha = whole ? expect.summarySha : evidence.embeddedSha256;
  if (read.sha256 !== expectedSha) {
    const line = expect.reference && whole ? firstDifferentLine(read.lines, expect.reference, lang) : null;
    out.differences.push(w.edited(what, whole, short(expectedSha), short(read.sha256), line));
  }
  if (!whole && read.events.length !== evidence.embeddedEvents) out.differences.push(w.eventCount(what, read.events.length, evidence.embeddedEvents));
  const start = read.events[0];
  out.checked += 1;
  if (start?.type !== 'run-start') {
    out.differences.push(w.noStart(what));
    return out;
  }
  if (canonicalJson(start.scenario as unknown as Json) !== canonicalJson(expect.scenario as unknown as Json)) out.differences.push(w.otherScenario(what));
  if (start.mode !== expect.mode) out.differences.push(w.otherMode(what, expect.mode, start.mode));
  out.events = read.events;
  out.whole = whole;
  return out;
}

/** The first line where an embedded log departs from the re-run's, in words. */
function firstDifferentLine(lines: readonly string[], reference: readonly RunEvent[], lang: Lang): string | null {
  const w = VERIFY_WORDS[lang].log;
  const n = Math.max(lines.length, reference.length);
  for (let i = 0; i < n; i++) {
    const mine = lines[i];
    const theirs = reference[i] === undefined ? undefined : serializeEvent(reference[i] as RunEvent);
    if (mine === theirs) continue;
    const cut = (s: string | undefined): string => (s === undefined ? w.nothing : s.length > 160 ? `${s.slice(0, 160)}…` : s);
    return w.lineDiffers(i + 1, cut(mine), cut(theirs));
  }
  return null;
}

/** A run re-derived from its embedded log: what the figures are read from. */
export interface DerivedRun {
  summary: RunSummary;
  requests: RequestRecord[];
  events: RunEvent[];
  costs: CostFigures;
  /** Summary fields and figures the embedded events could not give (taken from the report, and named). */
  notDerived: string[];
}

/** Summary fields read from the message traffic, which a log embedded in parts leaves out. */
export const TRAFFIC_FIGURES = ['messages.total', 'messages.perRequest', 'messages.dropped', 'eventCount'] as const;

/**
 * The summary and records of a run from its embedded log, as the report writer made them
 * (the analysis with its linearizability check). From a log embedded in parts, the fields
 * read from the message traffic are the report's own, and listed as not re-derived.
 */
export function deriveRun(events: RunEvent[], whole: boolean, reported: { summary: RunSummary; costs: CostFigures | null }, lang: Lang = 'en'): DerivedRun {
  const { summary, requests } = analyze(events, whole ? { linearizability: true } : { linearizability: true, logSha256: reported.summary.eventLogSha256 });
  const measured = measureCosts(events);
  if (whole) return { summary, requests, events, costs: measured, notDerived: [] };
  const r = reported.summary;
  return {
    summary: { ...summary, messages: r.messages, eventCount: r.eventCount },
    requests,
    events,
    // Executions are in the parts; copies and deliveries are message traffic.
    costs: reported.costs ? { ...reported.costs, executionsPerRequest: measured.executionsPerRequest } : measured,
    notDerived: [...TRAFFIC_FIGURES, ...(reported.costs ? VERIFY_WORDS[lang].trafficCosts : [])],
  };
}
