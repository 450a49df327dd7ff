/**
 * The comparison's words in each language the lab speaks: the rows and the lecture's
 * claims, every measured cell, every note saying why a cell departs from the lecture or
 * was not exercised, the notes about faults moved or dropped for a smaller cluster, and
 * the terminal's table. English is the comparison as it has always been written (tests
 * hold it byte for byte); Korean has the same type, so a sentence missing there fails the
 * type check. compare.ts decides every verdict and figure once; this file only words them.
 */
import type { RowId, SideKey, Verdict } from './compare.js';
import type { Lang } from './describe.js';
import type { FailureModel, Scheme } from './scenario.js';
import type { Failover } from './analysis/summary.js';
import { failoverText, formatMs } from './views/figures.js';

/** What a column's failovers are called: primary-backup's failovers, Raft's leader changes, PBFT's view changes. */
export type FailoverNoun = 'failover' | 'leader change' | 'view change';

/** A row's label in a note: the trusted pair by its short name, Raft and PBFT by theirs. */
export type NoteLabel = SideKey;

export interface CompareWords {
  /** A scheme's name in a sentence. */
  scheme: Record<Scheme, string>;
  /** A column's title in the terminal's table. */
  column: Record<SideKey, string>;
  /** A note's subject: which column it is about. */
  noteLabel: Record<NoteLabel, string>;
  model: Record<FailureModel, string>;
  // ---- the derived columns' notes ----
  faultAt: (fault: string, atMs: number) => string;
  faultMoved: (fault: string, replica: number, scheme: string, n: number) => string;
  faultDropped: (fault: string, scheme: string, n: number) => string;
  partitionDropped: (fault: string, n: number) => string;
  partitionTrimmed: (fault: string, n: number) => string;
  derivedAs: (c: { scheme: string; model: string; n: number; formula: string; k: number }) => string;
  builtInReplica: (scheme: string, command: string, given: string) => string;
  steppingDropped: (scheme: string, fromMs: number) => string;
  // ---- the table ----
  aspect: Record<RowId, string>;
  /** The lecture's claim per row and column. */
  claim: Record<RowId, Record<SideKey, string>>;
  verdict: Record<Verdict, string>;
  // ---- measured cells ----
  arbitraryCell: (wrong: number, issued: number, byzantine: string | null) => string;
  lossCell: (c: { lost: number; undecided: number | null; twice: number; issued: number }) => string;
  votesCell: (decided: number, undecided: number, wrong: number) => string;
  failovers: (noun: FailoverNoun, shown: readonly Failover[], total: number, splitBrain: boolean) => string;
  copiesCell: (copies: number, messages: number) => string;
  replicasCell: (c: { n: number; k: number; formula: string; bound: number; model: FailureModel; faulty: number; outcome: 'correct' | 'pb-loss' | 'not-correct'; lost: number }) => string;
  costCell: (c: { cpuMs: number | null; n: number; executions: number; messages: number; p50: number | null }) => string;
  // ---- notes ----
  notes: {
    smrBeyondMasking: (byzantine: number, n: number, k: number) => string;
    smrWrongAccepted: string;
    pbNoByzantine: string;
    pbByzantineSilent: (replicas: string) => string;
    smrNoQuorumBeyond: (missed: number, faulty: number, k: number, n: number) => string;
    smrNoQuorum: (missed: number, lost: number, retries: number, undecided: number) => string;
    pbNoFailover: string;
    pbRetried: (retries: number, dedup: boolean) => string;
    pbNothingInFlight: string;
    pbSplitBrain: string;
    pbStoppedNoFailover: string;
    pbNeverStopped: string;
    smrFewCopies: (n: number) => string;
    pbExtraCopies: (copies: number) => string;
    belowBound: (label: string, n: number, formula: string, bound: number) => string;
    byzantineOutsideFailStop: (label: string, formula: string) => string;
    tooManyFaulty: (label: string, faulty: number, k: number) => string;
    boundDeparts: (label: string) => string;
    costNoCpu: string;
    costNotMore: (smr: number, pb: number, unit: 'cpu' | 'messages') => string;
    // Raft and PBFT
    whyBelowBound: (n: number, formula: string, bound: number) => string;
    whyByzantineFailStop: (formula: string) => string;
    whyTooManyFaulty: (faulty: number, k: number) => string;
    helperlessNoByzantine: (label: string, raft: boolean) => string;
    raftByzantineSilent: (label: string, replicas: string) => string;
    pbftBeyond: (label: string, why: string) => string;
    pbftWrongAccepted: (label: string) => string;
    helperlessLossBeyond: (label: string, missed: number, why: string) => string;
    helperlessLoss: (label: string, missed: number, raft: boolean) => string;
    raftSplitBrain: (label: string) => string;
    raftNoElection: (label: string) => string;
    pbftVotes: (label: string, decided: number, wrong: number) => string;
    raftExtraCopies: (label: string, copies: number) => string;
    helperlessFewCopies: (label: string, n: number) => string;
    raftNotMore: (label: string, mine: number, pb: number, unit: 'cpu' | 'messages') => string;
    pbftNotMost: (label: string, mine: number, most: number, unit: 'cpu' | 'messages') => string;
  };
  // ---- the terminal's table ----
  text: {
    header: (sim: boolean, seed: number, k: number, columns: number) => string;
    columnLine: (scheme: string, model: FailureModel, n: number | undefined) => string;
    derived: (change: string) => string;
    fault: (note: string) => string;
    lecture: string;
    measured: string;
    notesTitle: string;
  };
}

const EN_SCHEME: Record<Scheme, string> = { 'state-machine': 'state-machine replication', 'primary-backup': 'primary-backup', raft: 'Raft', pbft: 'PBFT' };

const en: CompareWords = {
  scheme: EN_SCHEME,
  column: { smr: 'State-machine replication', pb: 'Primary-backup', raft: 'Raft', pbft: 'PBFT' },
  noteLabel: { smr: 'State-machine', pb: 'Primary-backup', raft: 'Raft', pbft: 'PBFT' },
  model: { 'fail-stop': 'fail-stop', arbitrary: 'arbitrary' },
  faultAt: (fault, atMs) => `${fault} (at ${atMs} ms)`,
  faultMoved: (fault, replica, scheme, n) => `${fault}: moved to replica ${replica} (${scheme} has ${n})`,
  faultDropped: (fault, scheme, n) => `${fault}: dropped (${scheme} has only ${n} replica${n === 1 ? '' : 's'})`,
  partitionDropped: (fault, n) => `${fault}: dropped (without replicas above ${n} it no longer separates anything)`,
  partitionTrimmed: (fault, n) => `${fault}: replicas above ${n} left out of its groups`,
  derivedAs: (c) => `${c.scheme}, ${c.model}, n = ${c.n} (${c.formula} for k = ${c.k})`,
  builtInReplica: (scheme, command, given) => `${scheme} runs the built-in replica (the replica command "${command}" runs the ${given} column only)`,
  steppingDropped: (scheme, fromMs) => `${scheme} runs as the network would: the messages chosen from ${fromMs} ms name this scheme's own messages`,
  aspect: {
    arbitrary: 'Arbitrary (Byzantine) failure support: wrong answers accepted',
    loss: 'Request loss',
    handling: 'Failure handling',
    copies: 'Request copy (and messages)',
    replicas: 'Replicas for k-resilience',
    cost: 'Overall cost (CPU time per request)',
  },
  claim: {
    arbitrary: { smr: 'Yes', pb: 'No', raft: 'No (crash faults only)', pbft: 'Yes: k of 3k+1 may lie' },
    loss: { smr: 'No', pb: 'Possible: when the primary fails', raft: 'No, while a majority is up (clients retry)', pbft: 'No, while 2k+1 are correct' },
    handling: { smr: 'Voting', pb: 'Failover', raft: 'Leader election (a new term)', pbft: 'Agreement by 2k+1; view change' },
    copies: { smr: 'to all replicas', pb: 'only to the primary', raft: 'to the leader (it copies its log to all)', pbft: 'to all replicas' },
    replicas: { smr: '2k+1 (arbitrary), k+1 (fail-stop)', pb: 'k+1 (fail-stop)', raft: '2k+1 (fail-stop)', pbft: '3k+1 (arbitrary)' },
    cost: { smr: 'expensive', pb: 'cheap', raft: 'between: a majority acknowledges each request', pbft: 'the most: all-to-all phases per request' },
  },
  verdict: {
    agrees: 'as the lecture says',
    departs: 'DEPARTS from the lecture',
    'not-tested': 'not exercised by this run',
    'beyond-bound': 'beyond the bound (the claim does not apply)',
  },
  arbitraryCell: (wrong, issued, byz) => `${wrong} wrong of ${issued} accepted${byz !== null ? ` (Byzantine: ${byz})` : ' (no Byzantine replica)'}`,
  lossCell: (c) => {
    const parts = [`${c.lost} lost`];
    if (c.undecided !== null) parts.push(`${c.undecided} undecided`);
    if (c.twice > 0) parts.push(`${c.twice} executed twice`);
    return `${parts.join(', ')} of ${c.issued}`;
  },
  votesCell: (decided, undecided, wrong) => `${decided} votes decided, ${undecided} undecided, ${wrong} decided on a wrong value`,
  failovers: (noun, shown, total, splitBrain) => {
    const cell = total === 0 ? `no ${noun}` : `${total} ${noun}${total === 1 ? '' : 's'}: ${shown.map(failoverText).join('; ')}${total > shown.length ? `; and ${total - shown.length} more` : ''}`;
    return splitBrain ? `${cell}; SPLIT BRAIN` : cell;
  },
  copiesCell: (copies, messages) => `${copies} request cop${copies === 1 ? 'y' : 'ies'} and ${messages} messages per request`,
  replicasCell: (c) => {
    const outcome = c.outcome === 'correct' ? 'every request answered correctly' : c.outcome === 'pb-loss' ? `no wrong answer; ${c.lost} lost (see request loss)` : 'not every request answered correctly';
    return `n = ${c.n} for k = ${c.k} (${c.formula} = ${c.bound}, ${c.model}); ${c.faulty} faulty replica${c.faulty === 1 ? '' : 's'}; ${outcome}`;
  },
  costCell: (c) =>
    `${c.cpuMs === null ? 'CPU not measured in simulation' : `${formatMs(c.cpuMs)} CPU per request`}; ${c.n} replicas, ${c.executions} executions and ${c.messages} messages per request; latency p50 ${formatMs(c.p50)}`,
  notes: {
    smrBeyondMasking: (byz, n, k) => `State-machine: ${byz} Byzantine replica(s) with n = ${n}: beyond what 2k+1 = ${2 * k + 1} for k = ${k} masks.`,
    smrWrongAccepted: 'State-machine: a wrong answer was accepted although at most k replicas were Byzantine.',
    pbNoByzantine: 'Primary-backup: no Byzantine fault reached this side, so its lack of arbitrary-failure support was not exercised (see the dropped faults; `--fold` moves them onto existing replicas).',
    pbByzantineSilent: (rs) => `Primary-backup: the Byzantine replica(s) ${rs} never answered a client (only the primary does), so no wrong answer got through; a lying primary would be believed.`,
    smrNoQuorumBeyond: (missed, faulty, k, n) => `State-machine: ${missed} request(s) got no k+1 matching replies: ${faulty} faulty replica(s) for k = ${k} with n = ${n} is beyond the bound.`,
    smrNoQuorum: (missed, lost, retries, undecided) =>
      `State-machine: ${missed} request(s) got no k+1 matching replies in time (${lost} lost after ${retries} retries, ${undecided} undecided); message loss, delays or partitions count here too, not only faulty replicas.`,
    pbNoFailover: 'Primary-backup: the primary never failed over in this run, so request loss was not exercised.',
    pbRetried: (retries, dedup) =>
      `Primary-backup lost nothing although the primary failed: clients retried (up to ${retries} times) and the new primary ${dedup ? 'answered them, with the replicated dedup table keeping each request executed once' : 'executed them again (dedup is off)'}. The lecture's loss assumes no retry.`,
    pbNothingInFlight: 'Primary-backup lost nothing although the primary failed and clients do not retry: no request was in flight at the failure.',
    pbSplitBrain: 'Primary-backup: two primaries served at once (split brain): failover without fencing lets a deposed primary keep answering.',
    pbStoppedNoFailover: 'Primary-backup: the primary was stopped or cut off but no failover happened (its heartbeats still got through, or the run ended first).',
    pbNeverStopped: 'Primary-backup: the primary never stopped, so failover was not exercised.',
    smrFewCopies: (n) => `State-machine: fewer than n = ${n} copies per request on average (replicas that were down or cut off missed some).`,
    pbExtraCopies: (copies) => `Primary-backup: ${copies} copies per request rather than 1: client retries and requests sent to a replica that was no longer primary add copies.`,
    belowBound: (label, n, formula, bound) => `${label}: n = ${n} is below the bound ${formula} = ${bound}.`,
    byzantineOutsideFailStop: (label, formula) => `${label}: Byzantine replicas are outside the fail-stop model that ${formula} is the bound for.`,
    tooManyFaulty: (label, faulty, k) => `${label}: ${faulty} faulty replicas exceed k = ${k}; the bound promises nothing here.`,
    boundDeparts: (label) => `${label}: at most k replicas were faulty and n met the bound, yet not every request was answered correctly (network faults, timeouts or options such as dedup/fencing also matter).`,
    costNoCpu: 'Cost: simulation measures no CPU time; the schemes are compared by the messages they need per request instead (real mode measures the CPU time of every replica process).',
    costNotMore: (smr, pb, unit) => `Cost: state-machine replication did not cost more here (${smr} against ${pb} ${unit === 'cpu' ? 'ms CPU' : 'messages'} per request).`,
    whyBelowBound: (n, formula, bound) => `n = ${n} is below ${formula} = ${bound}`,
    whyByzantineFailStop: (formula) => `Byzantine replicas are outside the fail-stop model ${formula} is the bound for`,
    whyTooManyFaulty: (faulty, k) => `${faulty} faulty replicas exceed k = ${k}`,
    helperlessNoByzantine: (label, raft) => `${label}: no Byzantine fault reached this side, so ${raft ? 'its lack of' : 'its'} arbitrary-failure support was not exercised.`,
    raftByzantineSilent: (label, rs) => `${label}: the Byzantine replica(s) ${rs} never answered a client as leader, so no wrong answer got through; a lying leader would be believed.`,
    pbftBeyond: (label, why) => `${label}: ${why}; beyond what 3k+1 masks.`,
    pbftWrongAccepted: (label) => `${label}: a wrong answer was accepted although at most k of 3k+1 replicas were Byzantine.`,
    helperlessLossBeyond: (label, missed, why) => `${label}: ${missed} request(s) got no answer: ${why}, beyond the bound.`,
    helperlessLoss: (label, missed, raft) =>
      `${label}: ${missed} request(s) got no ${raft ? 'answer' : 'k+1 matching replies'} in time although at most k replicas were faulty: message loss, partitions, or the run ending during ${raft ? 'an election' : 'a view change'} count here too.`,
    raftSplitBrain: (label) => `${label}: two leaders committed in one term: a safety failure.`,
    raftNoElection: (label) => `${label}: the leader kept its majority throughout, so no election was exercised.`,
    pbftVotes: (label, decided, wrong) => `${label}: ${decided === 0 ? 'no request reached k+1 matching replies' : `${wrong} request(s) were decided on a wrong value`}.`,
    raftExtraCopies: (label, copies) => `${label}: ${copies} copies per request rather than 1: clients retried or asked a replica that was not the leader.`,
    helperlessFewCopies: (label, n) => `${label}: fewer than n = ${n} copies per request on average (replicas that were down or cut off missed some).`,
    raftNotMore: (label, mine, pb, unit) => `${label}: did not cost more than primary-backup here (${mine} against ${pb} ${unit === 'cpu' ? 'ms CPU' : 'messages'} per request).`,
    pbftNotMost: (label, mine, most, unit) => `${label}: was not the most expensive here (${mine} against up to ${most} ${unit === 'cpu' ? 'ms CPU' : 'messages'} per request).`,
  },
  text: {
    header: (sim, seed, k, columns) => `${sim ? 'simulated' : 'real processes'}, seed ${seed}, k = ${k}; the same workload and faults under ${columns > 2 ? `all ${columns} schemes` : 'both schemes'}`,
    columnLine: (scheme, model, n) => `${scheme}: ${model}, n = ${n}`,
    derived: (change) => `derived side: ${change}`,
    fault: (note) => `fault ${note}`,
    lecture: 'lecture',
    measured: 'measured',
    notesTitle: 'Where the measurement departs from the lecture, or was not exercised:',
  },
};

const KO_SCHEME: Record<Scheme, string> = { 'state-machine': '상태 기계 복제', 'primary-backup': '주-백업', raft: 'Raft', pbft: 'PBFT' };
const KO_NOUN: Record<FailoverNoun, string> = { failover: '장애 극복', 'leader change': '리더 교체', 'view change': '뷰 변경' };
const koUnit = (x: number, unit: 'cpu' | 'messages'): string => (unit === 'cpu' ? `CPU ${x} ms` : `메시지 ${x}개`);
const koFailover = (f: Failover): string =>
  `복제본 ${f.from} → ${f.to}, ${formatMs(f.atMs)}: ${formatMs(f.detectMs)} 만에 장애 감지, ${formatMs(f.unavailableMs)} 동안 서비스 불가`;

/** A failover in words, per language (English: the catalogue's own phrasing, which the report's figures use). */
export const FAILOVER_TEXT: Record<Lang, (f: Failover) => string> = { en: failoverText, ko: koFailover };

const ko: CompareWords = {
  scheme: KO_SCHEME,
  column: { smr: '상태 기계 복제', pb: '주-백업', raft: 'Raft', pbft: 'PBFT' },
  noteLabel: { smr: '상태 기계 복제', pb: '주-백업', raft: 'Raft', pbft: 'PBFT' },
  model: { 'fail-stop': '정지 장애', arbitrary: '임의 장애' },
  faultAt: (fault, atMs) => `${fault} (${atMs} ms)`,
  faultMoved: (fault, replica, scheme, n) => `${fault}: 복제본 ${replica}번으로 옮김 (${scheme}의 복제본은 ${n}개)`,
  faultDropped: (fault, scheme, n) => `${fault}: 뺌 (${scheme}의 복제본은 ${n}개뿐)`,
  partitionDropped: (fault, n) => `${fault}: 뺌 (${n}번보다 큰 복제본을 빼면 더 이상 아무것도 나누지 않음)`,
  partitionTrimmed: (fault, n) => `${fault}: ${n}번보다 큰 복제본은 그룹에서 뺌`,
  derivedAs: (c) => `${c.scheme}, ${c.model}, n = ${c.n} (k = ${c.k}일 때 ${c.formula})`,
  builtInReplica: (scheme, command, given) => `${scheme}는 내장 복제본으로 실행합니다 (복제본 명령 "${command}"는 ${given} 열에서만 실행)`,
  steppingDropped: (scheme, fromMs) => `${scheme}는 네트워크에 맡겨 실행합니다: ${fromMs} ms부터 고른 메시지는 원래 방식의 메시지를 가리키기 때문입니다`,
  aspect: {
    arbitrary: '임의(비잔틴) 장애 지원: 받아들인 틀린 응답',
    loss: '요청 손실',
    handling: '장애 처리',
    copies: '요청 복사 (와 메시지)',
    replicas: 'k-장애 허용에 필요한 복제본 수',
    cost: '전체 비용 (요청당 CPU 시간)',
  },
  claim: {
    arbitrary: { smr: '지원함', pb: '지원 안 함', raft: '지원 안 함 (크래시 장애만)', pbft: '지원함: 3k+1개 중 k개가 거짓말해도 됨' },
    loss: { smr: '없음', pb: '있을 수 있음: 주 복제본이 고장 날 때', raft: '없음, 과반수가 살아 있는 동안 (클라이언트가 재시도)', pbft: '없음, 2k+1개가 정상인 동안' },
    handling: { smr: '투표', pb: '장애 극복 (failover)', raft: '리더 선출 (새 임기)', pbft: '2k+1의 합의; 뷰 변경' },
    copies: { smr: '모든 복제본에', pb: '주 복제본에만', raft: '리더에 (리더가 로그를 모두에게 복사)', pbft: '모든 복제본에' },
    replicas: { smr: '2k+1 (임의 장애), k+1 (정지 장애)', pb: 'k+1 (정지 장애)', raft: '2k+1 (정지 장애)', pbft: '3k+1 (임의 장애)' },
    cost: { smr: '비쌈', pb: '저렴함', raft: '중간: 요청마다 과반수가 확인', pbft: '가장 비쌈: 요청마다 모두-대-모두 단계' },
  },
  verdict: {
    agrees: '강의 내용과 일치',
    departs: '강의 내용과 불일치',
    'not-tested': '이 실행에서 시험되지 않음',
    'beyond-bound': '한계 초과 (주장이 적용되지 않음)',
  },
  arbitraryCell: (wrong, issued, byz) => `요청 ${issued}개 중 틀린 응답 수용 ${wrong}개${byz !== null ? ` (비잔틴: ${byz})` : ' (비잔틴 복제본 없음)'}`,
  lossCell: (c) => {
    const parts = [`유실 ${c.lost}개`];
    if (c.undecided !== null) parts.push(`결정 불가 ${c.undecided}개`);
    if (c.twice > 0) parts.push(`두 번 실행 ${c.twice}개`);
    return `요청 ${c.issued}개 중 ${parts.join(', ')}`;
  },
  votesCell: (decided, undecided, wrong) => `투표 결정 ${decided}건, 결정 불가 ${undecided}건, 틀린 값으로 결정 ${wrong}건`,
  failovers: (noun, shown, total, splitBrain) => {
    const cell = total === 0 ? `${KO_NOUN[noun]} 없음` : `${KO_NOUN[noun]} ${total}회: ${shown.map(koFailover).join('; ')}${total > shown.length ? `; 외 ${total - shown.length}회` : ''}`;
    return splitBrain ? `${cell}; 스플릿 브레인 발생` : cell;
  },
  copiesCell: (copies, messages) => `요청당 사본 ${copies}개, 메시지 ${messages}개`,
  replicasCell: (c) => {
    const outcome = c.outcome === 'correct' ? '모든 요청에 올바르게 응답' : c.outcome === 'pb-loss' ? `틀린 응답 없음; 유실 ${c.lost}개 (요청 손실 참고)` : '모든 요청에 올바르게 응답하지는 못함';
    return `k = ${c.k}일 때 n = ${c.n} (${c.formula} = ${c.bound}, ${ko.model[c.model]}); 결함 복제본 ${c.faulty}개; ${outcome}`;
  },
  costCell: (c) =>
    `${c.cpuMs === null ? 'CPU는 시뮬레이션에서 측정하지 않음' : `요청당 CPU ${formatMs(c.cpuMs)}`}; 복제본 ${c.n}개, 요청당 실행 ${c.executions}회, 메시지 ${c.messages}개; 지연 시간 p50 ${formatMs(c.p50)}`,
  notes: {
    smrBeyondMasking: (byz, n, k) => `상태 기계 복제: n = ${n}에서 비잔틴 복제본이 ${byz}개입니다. k = ${k}일 때 2k+1 = ${2 * k + 1}개로 가릴 수 있는 범위를 넘습니다.`,
    smrWrongAccepted: '상태 기계 복제: 비잔틴 복제본이 k개 이하였는데도 틀린 응답을 받아들였습니다.',
    pbNoByzantine: '주-백업: 이쪽에는 비잔틴 장애가 하나도 적용되지 않아, 임의 장애를 견디지 못한다는 점이 시험되지 않았습니다 (뺀 장애를 보세요. `--fold`를 쓰면 있는 복제본으로 옮깁니다).',
    pbByzantineSilent: (rs) => `주-백업: 비잔틴 복제본(${rs})은 클라이언트에 한 번도 응답하지 않았습니다 (응답은 주 복제본만 합니다). 그래서 틀린 응답이 통과하지 못했지만, 주 복제본이 거짓말하면 클라이언트는 그대로 믿습니다.`,
    smrNoQuorumBeyond: (missed, faulty, k, n) => `상태 기계 복제: 요청 ${missed}개가 일치하는 응답 k+1개를 모으지 못했습니다. k = ${k}, n = ${n}에서 결함 복제본 ${faulty}개는 한계를 넘습니다.`,
    smrNoQuorum: (missed, lost, retries, undecided) =>
      `상태 기계 복제: 요청 ${missed}개가 제때 일치하는 응답 k+1개(정족수)를 모으지 못했습니다 (재시도 ${retries}회 뒤 유실 ${lost}개, 결정 불가 ${undecided}개). 결함 복제본만이 아니라 메시지 유실, 지연, 네트워크 분할도 원인이 됩니다.`,
    pbNoFailover: '주-백업: 이 실행에서는 장애 극복이 일어나지 않아 요청 손실이 시험되지 않았습니다.',
    pbRetried: (retries, dedup) =>
      `주-백업: 주 복제본이 고장 났는데도 잃은 요청이 없습니다. 클라이언트가 (최대 ${retries}회) 재시도했고, 새 주 복제본이 ${dedup ? '응답했으며, 복제된 중복 제거 표 덕분에 요청마다 한 번만 실행되었습니다' : '그 요청을 다시 실행했습니다 (중복 제거 꺼짐)'}. 강의의 요청 손실은 재시도가 없다고 가정합니다.`,
    pbNothingInFlight: '주-백업: 주 복제본이 고장 났고 클라이언트가 재시도하지 않는데도 잃은 요청이 없습니다. 고장 순간에 처리 중인 요청이 없었습니다.',
    pbSplitBrain: '주-백업: 주 복제본 둘이 동시에 응답했습니다 (스플릿 브레인). 펜싱 없는 장애 극복에서는 밀려난 주 복제본이 계속 응답할 수 있습니다.',
    pbStoppedNoFailover: '주-백업: 주 복제본이 멈추거나 끊겼지만 장애 극복이 일어나지 않았습니다 (하트비트가 여전히 전달되었거나, 그 전에 실행이 끝났습니다).',
    pbNeverStopped: '주-백업: 주 복제본이 멈춘 적이 없어 장애 극복이 시험되지 않았습니다.',
    smrFewCopies: (n) => `상태 기계 복제: 요청당 사본이 평균 n = ${n}개보다 적습니다 (다운되었거나 끊긴 복제본이 일부를 받지 못했습니다).`,
    pbExtraCopies: (copies) => `주-백업: 요청당 사본이 1개가 아니라 ${copies}개입니다. 클라이언트의 재시도와, 더 이상 주 복제본이 아닌 복제본에 보낸 요청이 사본을 늘립니다.`,
    belowBound: (label, n, formula, bound) => `${label}: 복제본이 한계 ${formula} = ${bound}개보다 적은 ${n}개입니다.`,
    byzantineOutsideFailStop: (label, formula) => `${label}: 비잔틴 복제본은 정지 장애 모델(한계 ${formula})의 범위 밖입니다.`,
    tooManyFaulty: (label, faulty, k) => `${label}: 결함 복제본이 ${faulty}개로 k = ${k}보다 많습니다. 이 경우 한계는 아무것도 보장하지 않습니다.`,
    boundDeparts: (label) => `${label}: 결함 복제본이 k개 이하이고 n도 한계를 채웠는데, 모든 요청에 올바르게 응답하지는 못했습니다 (네트워크 장애, 시간 제한, 중복 제거나 펜싱 같은 옵션도 영향을 줍니다).`,
    costNoCpu: '비용: 시뮬레이션은 CPU 시간을 재지 않으므로, 요청당 필요한 메시지 수로 방식을 비교합니다 (실제 프로세스 모드는 복제본 프로세스마다 CPU 시간을 잽니다).',
    costNotMore: (smr, pb, unit) => `비용: 여기서는 상태 기계 복제가 더 비싸지 않았습니다 (요청당 ${koUnit(smr, unit)} 대 ${koUnit(pb, unit)}).`,
    whyBelowBound: (n, formula, bound) => `복제본이 ${formula} = ${bound}개보다 적은 ${n}개입니다`,
    whyByzantineFailStop: (formula) => `비잔틴 복제본은 정지 장애 모델(한계 ${formula})의 범위 밖입니다`,
    whyTooManyFaulty: (faulty, k) => `결함 복제본이 ${faulty}개로 k = ${k}보다 많습니다`,
    helperlessNoByzantine: (label, raft) => `${label}: 이쪽에는 비잔틴 장애가 하나도 적용되지 않아, 임의 장애${raft ? '를 견디지 못한다는 점' : ' 허용'}이 시험되지 않았습니다.`,
    raftByzantineSilent: (label, rs) => `${label}: 비잔틴 복제본(${rs})이 리더로서 클라이언트에 응답한 적이 없어 틀린 응답이 통과하지 못했습니다. 리더가 거짓말하면 클라이언트는 그대로 믿습니다.`,
    pbftBeyond: (label, why) => `${label}: ${why}. 3k+1로 가릴 수 있는 범위를 넘습니다.`,
    pbftWrongAccepted: (label) => `${label}: 3k+1개 중 비잔틴 복제본이 k개 이하였는데도 틀린 응답을 받아들였습니다.`,
    helperlessLossBeyond: (label, missed, why) => `${label}: 요청 ${missed}개가 응답을 받지 못했습니다. ${why}. 한계를 넘은 경우입니다.`,
    helperlessLoss: (label, missed, raft) =>
      `${label}: 결함 복제본이 k개 이하였는데도 요청 ${missed}개가 제때 ${raft ? '응답' : '일치하는 응답 k+1개(정족수)'}를 받지 못했습니다. 메시지 유실, 네트워크 분할, ${raft ? '리더 선출' : '뷰 변경'} 중에 실행이 끝난 경우도 여기에 듭니다.`,
    raftSplitBrain: (label) => `${label}: 한 임기에 리더 둘이 커밋했습니다. 안전성 위반입니다.`,
    raftNoElection: (label) => `${label}: 리더가 처음부터 끝까지 과반수를 유지해 리더 선출이 시험되지 않았습니다.`,
    pbftVotes: (label, decided, wrong) => `${label}: ${decided === 0 ? '일치하는 응답 k+1개를 모은 요청이 하나도 없습니다' : `요청 ${wrong}개가 틀린 값으로 결정되었습니다`}.`,
    raftExtraCopies: (label, copies) => `${label}: 요청당 사본이 1개가 아니라 ${copies}개입니다. 클라이언트가 재시도했거나 리더가 아닌 복제본에 물었습니다.`,
    helperlessFewCopies: (label, n) => `${label}: 요청당 사본이 평균 n = ${n}개보다 적습니다 (다운되었거나 끊긴 복제본이 일부를 받지 못했습니다).`,
    raftNotMore: (label, mine, pb, unit) => `${label}: 여기서는 주-백업보다 비싸지 않았습니다 (요청당 ${koUnit(mine, unit)} 대 ${koUnit(pb, unit)}).`,
    pbftNotMost: (label, mine, most, unit) => `${label}: 여기서는 가장 비싸지 않았습니다 (요청당 ${koUnit(mine, unit)}, 다른 방식은 최대 ${koUnit(most, unit)}).`,
  },
  text: {
    header: (sim, seed, k, columns) => `${sim ? '시뮬레이션' : '실제 프로세스'}, 시드 ${seed}, k = ${k}; ${columns > 2 ? `${columns}가지 방식 모두에` : '두 방식에'} 같은 작업 부하와 장애`,
    columnLine: (scheme, model, n) => `${scheme}: ${ko.model[model]}, n = ${n}`,
    derived: (change) => `바꾼 쪽: ${change}`,
    fault: (note) => `장애 ${note}`,
    lecture: '강의',
    measured: '측정',
    notesTitle: '측정이 강의와 어긋나거나 시험되지 않은 곳:',
  },
};

/** The comparison's words per language: a Record, so a language without its words fails the type check. */
export const COMPARE_WORDS: Record<Lang, CompareWords> = { en, ko };
