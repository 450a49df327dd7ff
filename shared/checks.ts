/**
 * The claims a run can be checked against, defined once: `faultlab run --check`, `faultlab
 * hunt --check` and the lab's "Try to break this" all read them from here.
 */
import type { RunSummary } from './analysis/summary.js';

/** Every check, in the order help texts list them. */
export const CHECK_NAMES = ['no-wrong', 'no-lost', 'no-undecided', 'no-duplicates', 'no-split-brain', 'no-divergence', 'linearizable'] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

export interface Check {
  /** The claim in words, as a failed check names it. */
  describe: string;
  /** Whether the run's summary violates the claim. */
  failed: (s: RunSummary) => boolean;
  /** The claim needs the (bounded) linearizability search in the analysis. */
  needsLinearizability?: boolean;
}

export const CHECKS: Record<CheckName, Check> = {
  'no-wrong': { describe: 'no wrong answer accepted', failed: (s) => s.requests.answeredWrong > 0 },
  'no-lost': { describe: 'no request lost', failed: (s) => s.requests.lost > 0 },
  'no-undecided': { describe: 'no request undecided', failed: (s) => s.requests.undecided > 0 },
  'no-duplicates': { describe: 'no request executed twice', failed: (s) => s.requests.executedTwice > 0 },
  'no-split-brain': { describe: 'never two serving primaries', failed: (s) => s.splitBrain },
  'no-divergence': { describe: 'live correct replicas agree', failed: (s) => s.divergence.diverged },
  linearizable: { describe: "the clients' history is linearizable", failed: (s) => s.linearizability.linearizable === false, needsLinearizability: true },
};

export function isCheckName(name: string): name is CheckName {
  return (CHECK_NAMES as readonly string[]).includes(name);
}

/** Each claim in Korean, as the lab's "Try to break it" and `faultlab --lang ko` name it (English: each check's `describe`). */
export const CHECK_CLAIMS_KO: Record<CheckName, string> = {
  'no-wrong': '틀린 응답을 받아들이지 않는다',
  'no-lost': '요청을 잃지 않는다',
  'no-undecided': '결정되지 않은 채 남는 요청이 없다',
  'no-duplicates': '요청을 두 번 실행하지 않는다',
  'no-split-brain': '주 복제본이 동시에 둘이 되지 않는다',
  'no-divergence': '살아 있는 정상 복제본들의 상태가 일치한다',
  linearizable: '클라이언트 이력이 선형화 가능하다',
};
