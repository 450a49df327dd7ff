/**
 * The lab's glossary: what each outcome, vote verdict and comparison badge means, written
 * for a student who meets the word for the first time, and why each view is there. The one
 * place these definitions live: the app's hover definitions and "why" lines read them.
 * Every table is a `Record` over its kinds, so a kind added without a definition fails the
 * type check.
 *
 * Pure data: no DOM, no clock.
 */
import type { Outcome } from './analysis/summary.js';
import type { Verdict as CompareVerdict } from './compare.js';
import type { Verdict as VoteVerdict } from './views/votes.js';

/** Every word the lab uses for how a request ended (the run summary's outcomes, the vote verdicts, and executed twice). */
export type OutcomeTerm = 'correct' | 'masked' | 'wrong value accepted' | 'lost' | 'undecided' | 'unresolved' | 'executed twice';

export const OUTCOME_DEFINITION: Record<OutcomeTerm, string> = {
  correct: 'The client accepted an answer, and it is the answer a single correct server would have given.',
  masked:
    'Correct, although at least one replica replied something else: the matching replies of the correct replicas outvoted it, so the fault did no harm.',
  'wrong value accepted': 'The client accepted an answer that a correct server would not have given: the faulty replies won the vote, or the only reply was wrong.',
  lost: 'The client gave up: every try timed out without an answer (for example the primary crashed with the request in flight).',
  undecided: 'Replies came back, but never k+1 that match: the client could not tell which answer was right and gave up.',
  unresolved: 'Still waiting for an answer when the run ended or was stopped.',
  'executed twice': 'A retried request changed the state twice (for example money moved twice), because the replica did not recognise the retry as a duplicate.',
};

/** The run summary's outcome kinds in the glossary's words. */
export const OUTCOME_TERM: Record<Outcome, OutcomeTerm> = {
  'answered-correct': 'correct',
  'answered-wrong': 'wrong value accepted',
  lost: 'lost',
  undecided: 'undecided',
  unresolved: 'unresolved',
};

/** A vote row's verdict (the vote tallies' tags). */
export const VOTE_VERDICT_DEFINITION: Record<VoteVerdict, string> = {
  correct: OUTCOME_DEFINITION.correct,
  masked: OUTCOME_DEFINITION.masked,
  'wrong value accepted': OUTCOME_DEFINITION['wrong value accepted'],
  'no majority': OUTCOME_DEFINITION.undecided,
  pending: 'Not enough matching replies yet: the client is still waiting for k+1 that agree.',
  checking: 'Decided; the lab is still checking the accepted value against a correct server.',
};

/** A comparison cell's badge. */
export const VERDICT_DEFINITION: Record<CompareVerdict, string> = {
  agrees: "The measurement shows what the lecture's table claims for this scheme.",
  departs: "The measurement contradicts the lecture's claim; the note under the table says why (often the run broke an assumption, such as fencing off).",
  'not-tested': "This run did not test the claim (for example the primary never failed, so failover could not be measured): add a fault that exercises it.",
  'beyond-bound': 'More replicas failed than the scheme is built to tolerate (more than k), so the claim does not apply: breaking here is expected.',
};

/** The short word each badge shows. */
export const VERDICT_BADGE: Record<CompareVerdict, string> = { agrees: 'agrees', departs: 'departs', 'not-tested': 'not exercised', 'beyond-bound': 'beyond the bound' };

/** The views of a run. */
export type ViewName = 'timeline' | 'votes' | 'metrics' | 'log' | 'runs' | 'messages' | 'compare' | 'sweep';

/** Why each view is there, in one line for a student. */
export const VIEW_WHY: Record<ViewName, string> = {
  timeline:
    'Why: with primary-backup one replica (the primary) answers; when it stops, the others only notice after the failure timeout, and requests sent meanwhile are lost or wait. Each lane is a replica over time: see how long the service was unavailable.',
  votes:
    'Why: with k liars among 2k+1 replicas, at least k+1 replicas are correct and reply the same value, while the liars are at most k: so k+1 matching replies can never all be lies, and the correct value always wins the vote.',
  metrics: 'Why: replication is not free. These figures measure what it costs (latency, messages, CPU per request) and what it saved (wrong, lost or undecided answers).',
  log: 'Why: every figure in the lab is computed from this log of what happened, one line per event. Search it to check any claim yourself.',
  runs: 'Why: every run is kept, so you can reopen it, scrub through it, compare it with another or put it in your report. Opening one also puts its scenario back in the panel.',
  messages: 'Why: a Lamport diagram shows who sent what to whom and when; follow one request from the client through the replicas to the reply, and see where messages were dropped.',
  compare:
    "Why: the lecture's table compares the two schemes on paper. This runs the same workload and faults under both and fills each cell with what was measured, with a badge saying whether it agrees.",
  sweep:
    'Why: a guarantee holds only up to a bound (k failures with 2k+1 or k+1 replicas). The sweep runs many combinations so you can see exactly where it breaks, and check that it matches the predicted bound.',
};
