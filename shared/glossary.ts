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
import type { Lang } from './describe.js';

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

/** The outcome definitions per language (English is OUTCOME_DEFINITION above). */
export const OUTCOME_DEFINITIONS: Record<Lang, Record<OutcomeTerm, string>> = {
  en: OUTCOME_DEFINITION,
  ko: {
    correct: '클라이언트가 응답을 받아들였고, 그 응답은 올바른 단일 서버가 주었을 응답과 같습니다.',
    masked:
      '올바른 결과입니다. 적어도 한 복제본이 다른 값을 응답했지만, 올바른 복제본들의 일치하는 응답이 투표에서 이겼으므로 장애가 아무 해도 끼치지 못했습니다.',
    'wrong value accepted': '클라이언트가 올바른 서버라면 주지 않았을 응답을 받아들였습니다: 결함 있는 응답이 투표에서 이겼거나, 유일한 응답이 틀렸습니다.',
    lost: '클라이언트가 포기했습니다: 모든 시도가 응답 없이 시간 초과되었습니다 (예: 요청을 처리하던 중에 주 복제본이 크래시).',
    undecided: '응답은 돌아왔지만 일치하는 응답이 k+1개에 이르지 못했습니다: 클라이언트는 어느 응답이 옳은지 알 수 없어 포기했습니다.',
    unresolved: '실행이 끝나거나 중지되었을 때 아직 응답을 기다리는 중이었습니다.',
    'executed twice':
      '재시도된 요청이 상태를 두 번 바꾸었습니다 (예: 돈이 두 번 이체됨). 복제본이 재시도를 중복 요청으로 알아보지 못했기 때문입니다.',
  },
};

/** The glossary's words for outcomes, per language. */
export const OUTCOME_TERM_LABELS: Record<Lang, Record<OutcomeTerm, string>> = {
  en: { correct: 'correct', masked: 'masked', 'wrong value accepted': 'wrong value accepted', lost: 'lost', undecided: 'undecided', unresolved: 'unresolved', 'executed twice': 'executed twice' },
  ko: { correct: '올바름', masked: '차폐됨', 'wrong value accepted': '잘못된 값 수락', lost: '유실', undecided: '결정 불가', unresolved: '미해결', 'executed twice': '두 번 실행' },
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

/** The vote verdict definitions per language (English is VOTE_VERDICT_DEFINITION above). */
export const VOTE_VERDICT_DEFINITIONS: Record<Lang, Record<VoteVerdict, string>> = {
  en: VOTE_VERDICT_DEFINITION,
  ko: {
    correct: OUTCOME_DEFINITIONS.ko.correct,
    masked: OUTCOME_DEFINITIONS.ko.masked,
    'wrong value accepted': OUTCOME_DEFINITIONS.ko['wrong value accepted'],
    'no majority': OUTCOME_DEFINITIONS.ko.undecided,
    pending: '아직 일치하는 응답이 충분하지 않습니다: 클라이언트가 일치하는 k+1개의 응답을 기다리는 중입니다.',
    checking: '결정되었습니다. 실험실이 받아들인 값을 올바른 서버의 값과 아직 대조하는 중입니다.',
  },
};

/** The vote verdicts' words, per language. */
export const VOTE_VERDICT_LABELS: Record<Lang, Record<VoteVerdict, string>> = {
  en: { correct: 'correct', masked: 'masked', 'wrong value accepted': 'wrong value accepted', 'no majority': 'no majority', pending: 'pending', checking: 'checking' },
  ko: { correct: '올바름', masked: '차폐됨', 'wrong value accepted': '잘못된 값 수락', 'no majority': '다수 없음', pending: '대기 중', checking: '확인 중' },
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

/** The comparison badges' definitions per language (English is VERDICT_DEFINITION above). */
export const VERDICT_DEFINITIONS: Record<Lang, Record<CompareVerdict, string>> = {
  en: VERDICT_DEFINITION,
  ko: {
    agrees: '측정 결과가 강의 표에서 이 방식에 대해 주장하는 내용과 일치합니다.',
    departs: '측정 결과가 강의의 주장과 어긋납니다. 표 아래의 설명이 그 이유를 말해 줍니다 (흔히 펜싱 끄기처럼 실행이 가정을 깨뜨린 경우입니다).',
    'not-tested': '이 실행은 그 주장을 시험하지 않았습니다 (예: 주 복제본이 한 번도 실패하지 않아 장애 극복을 측정할 수 없었음). 그 주장을 시험하는 장애를 추가하세요.',
    'beyond-bound': '방식이 견디도록 설계된 것보다 많은 복제본이 실패했으므로(k개 초과) 주장이 적용되지 않습니다: 여기서 깨지는 것은 예상된 결과입니다.',
  },
};

/** The short word each badge shows, per language. */
export const VERDICT_BADGES: Record<Lang, Record<CompareVerdict, string>> = {
  en: VERDICT_BADGE,
  ko: { agrees: '일치', departs: '불일치', 'not-tested': '시험 안 됨', 'beyond-bound': '한계 초과' },
};

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

/** Why each view is there, per language (English is VIEW_WHY above). */
export const VIEW_WHYS: Record<Lang, Record<ViewName, string>> = {
  en: VIEW_WHY,
  ko: {
    timeline:
      '이유: 주-백업에서는 한 복제본(주 복제본)만 응답합니다. 주 복제본이 멈추면 다른 복제본들은 장애 시간 제한이 지나서야 알아차리고, 그 사이에 보낸 요청은 유실되거나 기다립니다. 각 줄은 시간에 따른 한 복제본입니다: 서비스가 얼마나 오래 사용할 수 없었는지 보세요.',
    votes:
      '이유: 2k+1개의 복제본 중 거짓말쟁이가 k개라면, 적어도 k+1개의 복제본은 올바르고 같은 값을 응답하며 거짓말쟁이는 많아야 k개입니다. 따라서 일치하는 k+1개의 응답이 모두 거짓일 수는 없고, 올바른 값이 언제나 투표에서 이깁니다.',
    metrics: '이유: 복제는 공짜가 아닙니다. 이 수치들은 비용(지연 시간, 메시지 수, 요청당 CPU)과 복제 덕분에 막은 것(잘못된 응답, 유실, 결정 불가)을 측정합니다.',
    log: '이유: 실험실의 모든 수치는 일어난 일을 한 줄에 한 이벤트씩 기록한 이 로그에서 계산됩니다. 검색해서 어떤 주장이든 직접 확인해 보세요.',
    runs: '이유: 모든 실행이 보관되므로 다시 열고, 시간을 되돌려 보고, 다른 실행과 비교하거나 보고서에 넣을 수 있습니다. 실행을 열면 그 시나리오도 패널에 다시 불러옵니다.',
    messages: '이유: 램포트 다이어그램은 누가 누구에게 언제 무엇을 보냈는지 보여 줍니다. 클라이언트에서 복제본들을 거쳐 응답까지 한 요청을 따라가고, 메시지가 어디서 누락되었는지 보세요.',
    compare:
      '이유: 강의의 표는 두 방식을 이론으로 비교합니다. 여기서는 같은 작업 부하와 장애를 두 방식으로 실행해 각 칸을 측정값으로 채우고, 일치 여부를 배지로 표시합니다.',
    sweep:
      '이유: 보장은 한계까지만 성립합니다 (2k+1개 또는 k+1개의 복제본으로 k개의 실패). 스윕은 여러 조합을 실행하므로 정확히 어디서 깨지는지 보고, 그것이 예측한 한계와 맞는지 확인할 수 있습니다.',
  },
};
