/**
 * Faults and request outcomes in words: the one phrasing for the app, the report, the
 * terminal and the comparison. Every table here is a record over its kinds and every
 * switch ends in `never`, so a fault kind or an outcome added without its words fails the
 * type check. Depends only on the definitions it phrases (faults.ts, the outcome and sweep
 * kind types).
 */
import type { Outcome } from './analysis/summary.js';
import type { Behavior, Fault, FaultKind, FaultSpec, PartitionMember } from './faults.js';
import type { FailureModel, Scheme } from './scenario.js';
import type { SweepFaultKind } from './sweep.js';

/** Each scheme's name as a choice in the scenario form. */
export const SCHEME_TITLE: Record<Scheme, string> = {
  'state-machine': 'State-machine replication (voting)',
  'primary-backup': 'Primary-backup (failover)',
  raft: 'Raft (consensus, no trusted helper)',
};

/** The replica bound's formula for a scheme and failure model ("2k+1", "k+1"), as the lecture writes it. */
export function boundFormula(scheme: Scheme, failureModel: FailureModel): string {
  if (scheme === 'raft') return '2k+1';
  return scheme === 'state-machine' && failureModel === 'arbitrary' ? '2k+1' : 'k+1';
}

/** Each fault kind's short name, for menus and legends. */
export const FAULT_KIND_LABEL: Record<FaultKind, string> = {
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
};

/** What a Byzantine fault switches a replica to, in words ('none' makes it correct again). */
export const BEHAVIOR_LABEL: Record<Behavior | 'none', string> = {
  lie: 'lie',
  collude: 'collude',
  equivocate: 'equivocate',
  stale: 'stale',
  silent: 'silent',
  none: 'correct again',
};

/** What each kind of fault a sweep injects does to its replica (shared/sweep.ts sweepFaults). */
export const SWEEP_FAULT_KIND_LABEL: Record<SweepFaultKind, string> = {
  crash: 'crash',
  pause: 'pause',
  silent: 'Byzantine: silent',
  omission: 'drops all its messages',
  lie: 'Byzantine: lies',
  collude: 'Byzantine: colluding liars',
};

/** How a request ended, in words (charts' legends, tables). */
export const OUTCOME_LABEL: Record<Outcome, string> = {
  'answered-correct': 'answered correctly',
  'answered-wrong': 'answered wrong',
  lost: 'lost',
  undecided: 'undecided',
  unresolved: 'unresolved',
};

function untilText(untilMs: number | undefined): string {
  return untilMs === undefined ? '' : ` until ${untilMs} ms`;
}

const percent = (p: number): string => `${Math.round(p * 100)}%`;

/** A partition's groups: `{1, 2} | {3, clients}`. */
export function describeGroups(groups: readonly (readonly PartitionMember[])[]): string {
  return groups.map((g) => `{${g.join(', ')}}`).join(' | ');
}

/** A scheduled or live fault as a short sentence naming its replica (without its time). */
export function describeFault(f: Fault | FaultSpec): string {
  switch (f.type) {
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
      return `${f.type} replica ${f.replica}`;
    case 'byzantine':
      return f.behavior === 'none' ? `replica ${f.replica} ${BEHAVIOR_LABEL.none}` : `replica ${f.replica} Byzantine: ${BEHAVIOR_LABEL[f.behavior]}`;
    case 'omission':
      return `replica ${f.replica} drops ${percent(f.probability)} (${f.direction})${untilText(f.untilMs)}`;
    case 'delay':
      return `replica ${f.replica} delayed ${f.ms} ms${f.jitterMs ? ` ± ${f.jitterMs}` : ''}${untilText(f.untilMs)}`;
    case 'duplicate':
      return `replica ${f.replica} duplicates ${percent(f.probability)}${untilText(f.untilMs)}`;
    case 'reorder':
      return `replica ${f.replica} reorders within ${f.windowMs} ms${untilText(f.untilMs)}`;
    case 'partition':
      return `partition ${describeGroups(f.groups)}`;
    case 'heal':
      return 'heal all partitions';
    default:
      return unphrased(f);
  }
}

/**
 * A fault as a marker's label on its replica's lane (charts, diagrams): what it does, without
 * the replica (the lane says which) and without its end time.
 */
export function faultLabel(f: Fault | FaultSpec): string {
  switch (f.type) {
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
    case 'heal':
      return FAULT_KIND_LABEL[f.type];
    case 'byzantine':
      return f.behavior === 'none' ? BEHAVIOR_LABEL.none : `${FAULT_KIND_LABEL.byzantine}: ${BEHAVIOR_LABEL[f.behavior]}`;
    case 'omission':
      return `${FAULT_KIND_LABEL.omission} ${percent(f.probability)}${f.direction === 'both' ? '' : ` (${f.direction})`}`;
    case 'delay':
      return `${FAULT_KIND_LABEL.delay} ${f.ms} ms${f.jitterMs ? ` ± ${f.jitterMs}` : ''}`;
    case 'duplicate':
      return `${FAULT_KIND_LABEL.duplicate} ${percent(f.probability)}`;
    case 'reorder':
      return `${FAULT_KIND_LABEL.reorder} within ${f.windowMs} ms`;
    case 'partition':
      return `${FAULT_KIND_LABEL.partition} ${describeGroups(f.groups)}`;
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
    default:
      return unphrased(f);
  }
}

/** Reached only if a fault kind has no words above; its argument's type then fails to be `never`. */
function unphrased(f: never): never {
  throw new Error(`no words for fault ${JSON.stringify(f)}`);
}

/** A suspicion no injected fault caused, in words, with what to do about it (the failover timeline). */
export function describeNoiseSuspicion(s: { t: number; replica: number; suspect: number }): string {
  return `replica ${s.replica} suspected replica ${s.suspect} at ${Math.round(s.t)} ms with no fault injected before it: the machine was busy (scheduling noise); use simulation on a slow machine`;
}
