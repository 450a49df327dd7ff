/**
 * Faults and request outcomes in words: the one phrasing for the app, the report, the
 * terminal and the comparison. Every table here is a record over its kinds and every
 * switch ends in `never`, so a fault kind or an outcome added without its words fails the
 * type check. Depends only on the definitions it phrases (faults.ts, the outcome and sweep
 * kind types).
 */
import type { Outcome } from './analysis/summary.js';
import { REPLICA_LOG_LINES } from './events.js';
import type { ArbiterBehavior, Behavior, Fault, FaultKind, FaultSpec, PartitionMember, SequencerBehavior } from './faults.js';
import type { FailureModel, Scheme } from './scenario.js';
import type { SweepFaultKind } from './sweep.js';

/** The languages the lab speaks; English is every function's default. */
export const LANGS = ['en', 'ko'] as const;
export type Lang = (typeof LANGS)[number];

/** Each scheme's name as a choice in the scenario form, per language. */
export const SCHEME_TITLES: Record<Lang, Record<Scheme, string>> = {
  en: {
    'state-machine': 'State-machine replication (voting)',
    'primary-backup': 'Primary-backup (failover)',
    raft: 'Raft (consensus, no trusted helper)',
    pbft: 'PBFT (Byzantine agreement, no trusted helper)',
  },
  ko: {
    'state-machine': '상태 기계 복제 (투표)',
    'primary-backup': '주-백업 (장애 극복)',
    raft: 'Raft (합의, 신뢰하는 조정자 없음)',
    pbft: 'PBFT (비잔틴 합의, 신뢰하는 조정자 없음)',
  },
};

/** Each scheme's name as a choice in the scenario form. */
export const SCHEME_TITLE: Record<Scheme, string> = SCHEME_TITLES.en;

/** The replica bound's formula for a scheme and failure model ("2k+1", "k+1"), as the lecture writes it. */
export function boundFormula(scheme: Scheme, failureModel: FailureModel): string {
  if (scheme === 'raft') return '2k+1';
  if (scheme === 'pbft') return '3k+1';
  return scheme === 'state-machine' && failureModel === 'arbitrary' ? '2k+1' : 'k+1';
}

/** Each fault kind's short name, for menus and legends, per language. */
export const FAULT_KIND_LABELS: Record<Lang, Record<FaultKind, string>> = {
  en: {
    crash: 'crash',
    restart: 'restart',
    pause: 'pause',
    resume: 'resume',
    partition: 'partition',
    heal: 'heal',
    omission: 'omission',
    delay: 'delay',
    duplicate: 'duplicate',
    reorder: 'reorder',
    byzantine: 'Byzantine',
    sequencer: 'sequencer fault',
    arbiter: 'arbiter fault',
  },
  ko: {
    crash: '크래시',
    restart: '재시작',
    pause: '일시 정지',
    resume: '재개',
    partition: '네트워크 분할',
    heal: '분할 복구',
    omission: '메시지 누락',
    delay: '지연',
    duplicate: '중복',
    reorder: '순서 뒤바뀜',
    byzantine: '비잔틴',
    sequencer: '순서 지정자 장애',
    arbiter: '중재자 장애',
  },
};

/** What a faulty trusted helper does, in words, per language (an arbiter partition names its replicas). */
const HELPER_WORDS: Record<Lang, { sequencer: Record<SequencerBehavior, string>; arbiter: Record<Exclude<ArbiterBehavior, 'partition'>, string> & { partition: (replicas: readonly number[]) => string } }> = {
  en: {
    sequencer: { crash: 'the sequencer stops', equivocate: 'the sequencer equivocates (a different request per replica under one sequence number)', none: 'the sequencer works correctly again' },
    arbiter: {
      crash: 'the arbiter stops',
      partition: (rs) => `the arbiter is cut off from replica${rs.length === 1 ? '' : 's'} ${listed(rs, 'and')}`,
      none: 'the arbiter works correctly again',
    },
  },
  ko: {
    sequencer: { crash: '순서 지정자 정지', equivocate: '순서 지정자의 이중 발언 (같은 순번에 복제본마다 다른 요청)', none: '순서 지정자가 다시 정상 동작' },
    arbiter: { crash: '중재자 정지', partition: (rs) => `중재자와 복제본 ${rs.join(', ')} 사이 단절`, none: '중재자가 다시 정상 동작' },
  },
};

/** "1", "1 and 2", "1, 2 and 3". */
function listed(items: readonly (number | string)[], and: string): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
}

/** A helper fault in words. */
function helperWords(f: Extract<Fault | FaultSpec, { type: 'sequencer' | 'arbiter' }>, lang: Lang): string {
  if (f.type === 'sequencer') return HELPER_WORDS[lang].sequencer[f.behavior];
  const w = HELPER_WORDS[lang].arbiter;
  return f.behavior === 'partition' ? w.partition(f.replicas ?? []) : w[f.behavior];
}

/** Each fault kind's short name, for menus and legends. */
export const FAULT_KIND_LABEL: Record<FaultKind, string> = FAULT_KIND_LABELS.en;

/** What a Byzantine fault switches a replica to, in words ('none' makes it correct again), per language. */
export const BEHAVIOR_LABELS: Record<Lang, Record<Behavior | 'none', string>> = {
  en: {
    lie: 'lie',
    collude: 'collude',
    equivocate: 'equivocate',
    stale: 'stale',
    silent: 'silent',
    none: 'correct again',
  },
  ko: {
    lie: '거짓 응답',
    collude: '공모',
    equivocate: '이중 발언',
    stale: '오래된 응답',
    silent: '침묵',
    none: '정상으로 복귀',
  },
};

/** What a Byzantine fault switches a replica to, in words ('none' makes it correct again). */
export const BEHAVIOR_LABEL: Record<Behavior | 'none', string> = BEHAVIOR_LABELS.en;

/** What each kind of fault a sweep injects does to its replica (shared/sweep.ts sweepFaults), per language. */
export const SWEEP_FAULT_KIND_LABELS: Record<Lang, Record<SweepFaultKind, string>> = {
  en: {
    crash: 'crash',
    pause: 'pause',
    silent: 'Byzantine: silent',
    omission: 'drops all its messages',
    lie: 'Byzantine: lies',
    collude: 'Byzantine: colluding liars',
  },
  ko: {
    crash: '크래시',
    pause: '일시 정지',
    silent: '비잔틴: 침묵',
    omission: '모든 메시지 누락',
    lie: '비잔틴: 거짓 응답',
    collude: '비잔틴: 공모하는 거짓말쟁이',
  },
};

/** What each kind of fault a sweep injects does to its replica (shared/sweep.ts sweepFaults). */
export const SWEEP_FAULT_KIND_LABEL: Record<SweepFaultKind, string> = SWEEP_FAULT_KIND_LABELS.en;

/** How a request ended, in words (charts' legends, tables), per language. */
export const OUTCOME_LABELS: Record<Lang, Record<Outcome, string>> = {
  en: {
    'answered-correct': 'answered correctly',
    'answered-wrong': 'answered wrong',
    lost: 'lost',
    undecided: 'undecided',
    unresolved: 'unresolved',
  },
  ko: {
    'answered-correct': '올바른 응답',
    'answered-wrong': '잘못된 응답',
    lost: '유실',
    undecided: '결정 불가',
    unresolved: '미해결',
  },
};

/** How a request ended, in words (charts' legends, tables). */
export const OUTCOME_LABEL: Record<Outcome, string> = OUTCOME_LABELS.en;

/** The sentence pieces the fault phrases are built from, per language. */
interface FaultWords {
  until(untilMs: number): string;
  replica(n: number): string;
  action(kind: 'crash' | 'restart' | 'pause' | 'resume', n: number): string;
  byzantine(n: number, behavior: string): string;
  becameCorrect(n: number): string;
  drops(n: number, percent: string, direction: string): string;
  delayed(n: number, ms: number, jitter: string): string;
  duplicates(n: number, percent: string): string;
  reorders(n: number, windowMs: number): string;
  partition(groups: string): string;
  healAll: string;
  within(windowMs: number): string;
  direction: Record<'send' | 'receive' | 'both', string>;
  clients: string;
  noiseSuspicion(replica: number, suspect: number, t: number): string;
}

const FAULT_WORDS: Record<Lang, FaultWords> = {
  en: {
    until: (u) => ` until ${u} ms`,
    replica: (n) => `replica ${n}`,
    action: (kind, n) => `${kind} replica ${n}`,
    byzantine: (n, b) => `replica ${n} Byzantine: ${b}`,
    becameCorrect: (n) => `replica ${n} ${BEHAVIOR_LABELS.en.none}`,
    drops: (n, p, d) => `replica ${n} drops ${p} (${d})`,
    delayed: (n, ms, j) => `replica ${n} delayed ${ms} ms${j}`,
    duplicates: (n, p) => `replica ${n} duplicates ${p}`,
    reorders: (n, w) => `replica ${n} reorders within ${w} ms`,
    partition: (g) => `partition ${g}`,
    healAll: 'heal all partitions',
    within: (w) => `within ${w} ms`,
    direction: { send: 'send', receive: 'receive', both: 'both' },
    clients: 'clients',
    noiseSuspicion: (r, s, t) =>
      `replica ${r} suspected replica ${s} at ${t} ms with no fault injected before it: the machine was busy (scheduling noise); use simulation on a slow machine`,
  },
  ko: {
    until: (u) => ` (${u} ms까지)`,
    replica: (n) => `복제본 ${n}`,
    action: (kind, n) => `복제본 ${n} ${FAULT_KIND_LABELS.ko[kind]}`,
    byzantine: (n, b) => `복제본 ${n} 비잔틴: ${b}`,
    becameCorrect: (n) => `복제본 ${n} ${BEHAVIOR_LABELS.ko.none}`,
    drops: (n, p, d) => `복제본 ${n}의 메시지 ${p} 누락 (${d})`,
    delayed: (n, ms, j) => `복제본 ${n} 메시지 ${ms} ms${j} 지연`,
    duplicates: (n, p) => `복제본 ${n}의 메시지 ${p} 중복`,
    reorders: (n, w) => `복제본 ${n}의 메시지 순서를 ${w} ms 안에서 뒤바꿈`,
    partition: (g) => `네트워크 분할 ${g}`,
    healAll: '모든 분할 복구',
    within: (w) => `${w} ms 안에서`,
    direction: { send: '송신', receive: '수신', both: '송수신' },
    clients: '클라이언트',
    noiseSuspicion: (r, s, t) =>
      `복제본 ${r}이(가) ${t} ms에 복제본 ${s}을(를) 의심했지만 그 전에 주입된 장애가 없습니다: 컴퓨터가 바빴습니다(스케줄링 잡음). 느린 컴퓨터에서는 시뮬레이션을 쓰세요`,
  },
};

function untilText(untilMs: number | undefined, lang: Lang = 'en'): string {
  return untilMs === undefined ? '' : FAULT_WORDS[lang].until(untilMs);
}

const percent = (p: number): string => `${Math.round(p * 100)}%`;

/** A partition's groups: `{1, 2} | {3, clients}`. */
export function describeGroups(groups: readonly (readonly PartitionMember[])[], lang: Lang = 'en'): string {
  const member = (m: PartitionMember): string => (lang !== 'en' && m === 'clients' ? FAULT_WORDS[lang].clients : String(m));
  return groups.map((g) => `{${g.map(member).join(', ')}}`).join(' | ');
}

/** A scheduled or live fault as a short sentence naming its replica (without its time). */
export function describeFault(f: Fault | FaultSpec, lang: Lang = 'en'): string {
  const w = FAULT_WORDS[lang];
  switch (f.type) {
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
      return w.action(f.type, f.replica);
    case 'byzantine':
      return f.behavior === 'none' ? w.becameCorrect(f.replica) : w.byzantine(f.replica, BEHAVIOR_LABELS[lang][f.behavior]);
    case 'omission':
      return `${w.drops(f.replica, percent(f.probability), w.direction[f.direction])}${untilText(f.untilMs, lang)}`;
    case 'delay':
      return `${w.delayed(f.replica, f.ms, f.jitterMs ? ` ± ${f.jitterMs}` : '')}${untilText(f.untilMs, lang)}`;
    case 'duplicate':
      return `${w.duplicates(f.replica, percent(f.probability))}${untilText(f.untilMs, lang)}`;
    case 'reorder':
      return `${w.reorders(f.replica, f.windowMs)}${untilText(f.untilMs, lang)}`;
    case 'partition':
      return w.partition(describeGroups(f.groups, lang));
    case 'heal':
      return w.healAll;
    case 'sequencer':
    case 'arbiter':
      return helperWords(f, lang);
    default:
      return unphrased(f);
  }
}

/**
 * A fault as a marker's label on its replica's lane (charts, diagrams): what it does, without
 * the replica (the lane says which) and without its end time.
 */
export function faultLabel(f: Fault | FaultSpec, lang: Lang = 'en'): string {
  const kind = FAULT_KIND_LABELS[lang];
  const behavior = BEHAVIOR_LABELS[lang];
  const w = FAULT_WORDS[lang];
  switch (f.type) {
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
    case 'heal':
      return kind[f.type];
    case 'byzantine':
      return f.behavior === 'none' ? behavior.none : `${kind.byzantine}: ${behavior[f.behavior]}`;
    case 'omission':
      return `${kind.omission} ${percent(f.probability)}${f.direction === 'both' ? '' : ` (${w.direction[f.direction]})`}`;
    case 'delay':
      return `${kind.delay} ${f.ms} ms${f.jitterMs ? ` ± ${f.jitterMs}` : ''}`;
    case 'duplicate':
      return `${kind.duplicate} ${percent(f.probability)}`;
    case 'reorder':
      return `${kind.reorder} ${w.within(f.windowMs)}`;
    case 'partition':
      return `${kind.partition} ${describeGroups(f.groups, lang)}`;
    case 'sequencer':
    case 'arbiter':
      return helperWords(f, lang);
    default:
      return unphrased(f);
  }
}

/**
 * What applying a fault did, as the event log records it (the `effect` of a fault event),
 * given the replica's state just before (null for a network fault) and whether a partition
 * was in force. The wording is part of every event log: change it and golden logs change.
 */
export function describeFaultEffect(f: Fault | FaultSpec, replicaBefore: 'up' | 'crashed' | 'paused' | null, partitioned: boolean): string {
  switch (f.type) {
    case 'heal':
      return partitioned ? 'partition healed' : 'no partition to heal';
    case 'partition':
    case 'omission':
    case 'delay':
    case 'duplicate':
    case 'reorder':
      return 'applied at the relay';
    case 'crash':
      return replicaBefore === 'crashed' ? `replica ${f.replica} is already down` : `replica ${f.replica} killed`;
    case 'restart':
      return replicaBefore === 'crashed' ? `replica ${f.replica} started afresh` : `replica ${f.replica} killed and started afresh`;
    case 'pause':
      return replicaBefore === 'up' ? `replica ${f.replica} stopped` : `ignored: replica ${f.replica} is ${replicaBefore}`;
    case 'resume':
      return replicaBefore === 'paused' ? `replica ${f.replica} continued` : `ignored: replica ${f.replica} is ${replicaBefore}`;
    case 'byzantine':
      return replicaBefore === 'crashed' ? `ignored: replica ${f.replica} is down` : `replica ${f.replica} now ${f.behavior === 'none' ? 'behaves correctly' : f.behavior}`;
    case 'sequencer':
    case 'arbiter':
      return helperWords(f, 'en');
    default:
      return unphrased(f);
  }
}

/** Reached only if a fault kind has no words above; its argument's type then fails to be `never`. */
function unphrased(f: never): never {
  throw new Error(`no words for fault ${JSON.stringify(f)}`);
}

/** A suspicion no injected fault caused, in words, with what to do about it (the failover timeline). */
export function describeNoiseSuspicion(s: { t: number; replica: number; suspect: number }, lang: Lang = 'en'): string {
  return FAULT_WORDS[lang].noiseSuspicion(s.replica, s.suspect, Math.round(s.t));
}

/** The words for a replica program's stderr line in the event log, per language. */
const REPLICA_LOG_WORDS: Record<Lang, { says(n: number, text: string): string; omitted(n: number, lines: number, max: number): string }> = {
  en: {
    says: (n, text) => `replica ${n} logs: ${text}`,
    omitted: (n, lines, max) =>
      `replica ${n} wrote ${lines} more line${lines === 1 ? '' : 's'} on stderr than the event log keeps (${max} per replica): see replica-${n}.stderr.log in the run folder`,
  },
  ko: {
    says: (n, text) => `복제본 ${n}의 로그: ${text}`,
    omitted: (n, lines, max) =>
      `복제본 ${n}이(가) stderr에 쓴 줄 중 ${lines}줄은 이벤트 로그에 담지 않았습니다(복제본마다 ${max}줄까지). 실행 폴더의 replica-${n}.stderr.log를 보세요`,
  },
};

/** A replica program's own log line (its stderr), or the count of its lines left out, in words. */
export function describeReplicaLog(e: { replica: number; text: string; omitted?: number }, lang: Lang = 'en'): string {
  const w = REPLICA_LOG_WORDS[lang];
  return e.omitted !== undefined ? w.omitted(e.replica, e.omitted, REPLICA_LOG_LINES) : w.says(e.replica, e.text);
}
