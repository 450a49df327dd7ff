/**
 * The lecture's comparison table, measured. Given one run of a scenario under
 * state-machine replication and one of the same workload, seed and faults under
 * primary-backup, this module fills every cell of the table with a figure from the runs
 * and says, per cell, whether the measurement agrees with the lecture's claim, departs
 * from it (and why), was not exercised, or lies beyond the bound the claim assumes.
 *
 * The counterpart scenario keeps everything but the scheme: the state-machine side runs
 * the arbitrary failure model with 2k+1 replicas, the primary-backup side the fail-stop
 * model with k+1, for the same k. The scenario given is kept exactly as it is (also when
 * it uses fewer or more replicas than its bound); only the derived side is set to the
 * bound. Faults naming replicas the smaller cluster does not have are dropped (or, on
 * request, folded onto an existing replica) and listed.
 *
 * Beside the two schemes with trusted helpers, the table can carry two more columns:
 * Raft (crash-fault consensus, 2k+1, no arbiter) and PBFT (Byzantine agreement, 3k+1, no
 * sequencer), derived from the same scenario the same way, so that a student sees what the
 * helpers were buying. Those columns are optional: a two-column comparison is unchanged.
 *
 * Pure: no clock, no I/O. Runs are made by the caller (electron/report/compare-run.ts).
 */
import { boundFormula, describeFault, OUTCOME_LABEL } from './describe.js';
import type { RunSummary } from './analysis/summary.js';
import type { RunEvent, RunMode } from './events.js';
import { replicaIdOf } from './protocol/types.js';
import type { FailureModel, Fault, Scenario, Scheme } from './scenario.js';
import { parseScenario, replicaBound, ScenarioError, withoutStepping } from './scenario.js';
import { failoverText, formatCount, formatMs, formatReplicas } from './views/figures.js';

/** What happens to a fault that names a replica the counterpart cluster does not have. */
export type FaultMapping = 'drop' | 'fold';

export interface Counterpart {
  scenario: Scenario;
  /** One sentence per fault that was dropped or moved, for the output. */
  faultNotes: string[];
  /** How the counterpart differs from the scenario given, in words. */
  changes: string[];
}

const SCHEME_LABEL: Record<Scheme, string> = { 'state-machine': 'state-machine replication', 'primary-backup': 'primary-backup', raft: 'Raft', pbft: 'PBFT' };

const faultAt = (f: Fault): string => `${describeFault(f)} (at ${f.atMs} ms)`;

/** A column of the table: the two schemes with trusted helpers, and the two without. */
export type SideKey = 'smr' | 'pb' | 'raft' | 'pbft';

/** The columns in the order the table shows them. */
export const SIDE_KEYS: readonly SideKey[] = ['smr', 'pb', 'raft', 'pbft'];

export const SIDE_SCHEME: Record<SideKey, Scheme> = { smr: 'state-machine', pb: 'primary-backup', raft: 'raft', pbft: 'pbft' };

export const SCHEME_SIDE: Record<Scheme, SideKey> = { 'state-machine': 'smr', 'primary-backup': 'pb', raft: 'raft', pbft: 'pbft' };

/** One value per column: the two trusted-helper columns always, Raft and PBFT when compared. */
export type Cells<T> = { smr: T; pb: T; raft?: T; pbft?: T };

/** The failure model each scheme is compared under: the one its lecture bound is stated for. */
export const COMPARED_MODEL: Record<Scheme, FailureModel> = { 'state-machine': 'arbitrary', 'primary-backup': 'fail-stop', raft: 'fail-stop', pbft: 'arbitrary' };

/** The same scenario under the other scheme with a trusted helper, at that scheme's replica bound for the same k. */
export function counterpartScenario(s: Scenario, mapping: FaultMapping = 'drop'): Counterpart {
  if (s.scheme === 'raft' || s.scheme === 'pbft') {
    // The two-column table pairs the schemes with trusted helpers; a Raft or PBFT scenario is
    // compared in the four-column table (schemeScenario for each column), not here.
    throw new ScenarioError([`scheme: the two-column comparison puts state-machine replication beside primary-backup; a ${SCHEME_LABEL[s.scheme]} scenario is compared in the four-column table`]);
  }
  return schemeScenario(s, s.scheme === 'state-machine' ? 'primary-backup' : 'state-machine', mapping);
}

/**
 * The same scenario under any scheme, at that scheme's bound for the same k (under the
 * failure model the bound is stated for): workload, seed, timing and faults kept, faults
 * naming replicas the cluster lacks dropped or folded, and each such change listed.
 */
export function schemeScenario(s: Scenario, scheme: Scheme, mapping: FaultMapping = 'drop'): Counterpart {
  const failureModel = COMPARED_MODEL[scheme];
  const replicas = replicaBound(scheme, failureModel, s.k);
  const faultNotes: string[] = [];
  const faults: Fault[] = [];
  const fold = (r: number): number => ((r - 1) % replicas) + 1;
  for (const f of s.faults) {
    if ('replica' in f && f.replica > replicas) {
      if (mapping === 'fold') {
        faults.push({ ...f, replica: fold(f.replica) });
        faultNotes.push(`${faultAt(f)}: moved to replica ${fold(f.replica)} (${SCHEME_LABEL[scheme]} has ${replicas})`);
      } else {
        faultNotes.push(`${faultAt(f)}: dropped (${SCHEME_LABEL[scheme]} has only ${replicas} replica${replicas === 1 ? '' : 's'})`);
      }
      continue;
    }
    if (f.type === 'partition') {
      const groups = f.groups
        .map((g) => g.map((m) => (typeof m === 'number' && m > replicas && mapping === 'fold' ? fold(m) : m)).filter((m) => typeof m !== 'number' || m <= replicas))
        .map((g) => [...new Set(g)])
        .filter((g) => g.length > 0);
      const members = groups.flat().map(String);
      const clash = members.length !== new Set(members).size;
      if (groups.length < 2 || clash) {
        faultNotes.push(`${faultAt(f)}: dropped (without replicas above ${replicas} it no longer separates anything)`);
        continue;
      }
      if (groups.flat().length !== f.groups.flat().length) faultNotes.push(`${faultAt(f)}: replicas above ${replicas} left out of its groups`);
      faults.push({ ...f, groups });
      continue;
    }
    faults.push(f);
  }
  const changes = [`${SCHEME_LABEL[scheme]}, ${failureModel}, n = ${replicas} (${boundFormula(scheme, failureModel)} for k = ${s.k})`];
  // A replica program of one's own speaks the scheme it was written for: the other columns run the built-in replica.
  const { replica: own, ...given } = withoutStepping(s);
  if (s.stepping) changes.push(`${SCHEME_LABEL[scheme]} runs as the network would: the messages chosen from ${s.stepping.fromMs} ms name this scheme's own messages`);
  if (own) changes.push(`${SCHEME_LABEL[scheme]} runs the built-in replica (the replica command "${own.command}" runs the ${SCHEME_LABEL[s.scheme]} column only)`);
  const scenario = parseScenario({ ...given, name: `${s.name} (as ${SCHEME_LABEL[scheme]})`, scheme, failureModel, replicas, faults });
  return { scenario, faultNotes, changes };
}

/** Which schemes a comparison runs: the lecture's two with trusted helpers, or all four. */
export type CompareWidth = 'trusted' | 'all';

/** The scenario for every column but the given one's, each derived as schemeScenario does, with the notes of all. */
export function comparisonScenarios(s: Scenario, width: CompareWidth, mapping: FaultMapping = 'drop'): { derived: Partial<Record<SideKey, Scenario>>; faultNotes: string[]; changes: string[] } {
  if (width === 'trusted') {
    const c = counterpartScenario(s, mapping);
    return { derived: { [SCHEME_SIDE[c.scenario.scheme]]: c.scenario }, faultNotes: c.faultNotes, changes: c.changes };
  }
  const derived: Partial<Record<SideKey, Scenario>> = {};
  const faultNotes: string[] = [];
  const changes: string[] = [];
  for (const key of SIDE_KEYS) {
    if (SIDE_SCHEME[key] === s.scheme) continue;
    const c = schemeScenario(s, SIDE_SCHEME[key], mapping);
    derived[key] = c.scenario;
    faultNotes.push(...c.faultNotes);
    changes.push(...c.changes);
  }
  return { derived, faultNotes, changes };
}

/** Cost figures the summary does not carry, counted from the event log. */
export interface CostFigures {
  /** Copies of a client request that reached the replicas' inboxes (sent to a replica), per request. */
  requestCopiesPerRequest: number;
  /** Messages delivered to replicas, per request: the work every replica has to do. */
  replicaDeliveriesPerRequest: number;
  /** Operations executed by replicas (all of them together), per request. */
  executionsPerRequest: number;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

export function measureCosts(events: readonly RunEvent[]): CostFigures {
  let issued = 0;
  let copies = 0;
  let deliveries = 0;
  let executions = 0;
  for (const e of events) {
    if (e.type === 'request') issued += 1;
    else if (e.type === 'send' && replicaIdOf(e.to) !== null && (e.kind === 'request' || e.kind === 'ordered')) copies += 1;
    else if (e.type === 'deliver' && replicaIdOf(e.to) !== null) deliveries += 1;
    else if (e.type === 'apply') executions += 1;
  }
  const per = (x: number): number => (issued > 0 ? round2(x / issued) : 0);
  return { requestCopiesPerRequest: per(copies), replicaDeliveriesPerRequest: per(deliveries), executionsPerRequest: per(executions) };
}

/** One scheme's run, as the comparison needs it. */
export interface CompareSide {
  scenario: Scenario;
  summary: RunSummary;
  costs: CostFigures;
}

/** How a measured cell relates to the lecture's claim. */
export type Verdict = 'agrees' | 'departs' | 'not-tested' | 'beyond-bound';

export type RowId = 'arbitrary' | 'loss' | 'handling' | 'copies' | 'replicas' | 'cost';

export interface ComparisonRow {
  id: RowId;
  aspect: string;
  lecture: Cells<string>;
  measured: Cells<string>;
  verdict: Cells<Verdict>;
  /** Why a cell departs from the claim, or why it was not exercised. */
  notes: string[];
}

export interface Comparison {
  scenarioName: string;
  mode: RunMode;
  seed: number;
  k: number;
  /** Which scheme the scenario given used; the other sides are derived from it. */
  given: Scheme;
  smr: CompareSide;
  pb: CompareSide;
  /** Raft's column, in a four-column comparison. */
  raft?: CompareSide;
  /** PBFT's column, in a four-column comparison. */
  pbft?: CompareSide;
  faultNotes: string[];
  changes: string[];
  rows: ComparisonRow[];
}

/** Replicas a scenario's faults make faulty: crashed, paused, Byzantine or dropping messages. */
export function faultyReplicas(s: Scenario): number[] {
  const out = new Set<number>();
  for (const f of s.faults) {
    if (f.type === 'crash' || f.type === 'pause' || f.type === 'omission') out.add(f.replica);
    if (f.type === 'byzantine' && f.behavior !== 'none') out.add(f.replica);
  }
  return [...out].sort((a, b) => a - b);
}

/** A row whose two cells phrase each scheme's run the same way. */
function sideBySide(
  head: Pick<ComparisonRow, 'id' | 'aspect' | 'lecture'>,
  cell: (s: CompareSide) => string,
  sides: { smr: CompareSide; pb: CompareSide },
  verdict: ComparisonRow['verdict'],
  notes: string[],
): ComparisonRow {
  return { ...head, measured: { smr: cell(sides.smr), pb: cell(sides.pb) }, verdict, notes };
}

function arbitraryCell(s: CompareSide): string {
  const r = s.summary.requests;
  const byz = s.summary.byzantineReplicas;
  return `${formatCount(r.answeredWrong)} wrong of ${formatCount(r.issued)} accepted${byz.length > 0 ? ` (Byzantine: ${formatReplicas(byz)})` : ' (no Byzantine replica)'}`;
}

function arbitraryRow(smr: CompareSide, pb: CompareSide): ComparisonRow {
  const notes: string[] = [];
  const cell = arbitraryCell;
  const verdictSmr = ((): Verdict => {
    const byz = smr.summary.byzantineReplicas;
    if (byz.length === 0) return 'not-tested';
    if (byz.length > smr.summary.k || smr.summary.n < replicaBound('state-machine', 'arbitrary', smr.summary.k)) {
      notes.push(`State-machine: ${byz.length} Byzantine replica(s) with n = ${smr.summary.n}: beyond what 2k+1 = ${2 * smr.summary.k + 1} for k = ${smr.summary.k} masks.`);
      return 'beyond-bound';
    }
    if (smr.summary.requests.answeredWrong === 0) return 'agrees';
    notes.push('State-machine: a wrong answer was accepted although at most k replicas were Byzantine.');
    return 'departs';
  })();
  const verdictPb = ((): Verdict => {
    const byz = pb.summary.byzantineReplicas;
    if (byz.length === 0) {
      notes.push('Primary-backup: no Byzantine fault reached this side, so its lack of arbitrary-failure support was not exercised (see the dropped faults; `--fold` moves them onto existing replicas).');
      return 'not-tested';
    }
    if (pb.summary.requests.answeredWrong > 0) return 'agrees';
    notes.push(`Primary-backup: the Byzantine replica(s) ${formatReplicas(byz)} never answered a client (only the primary does), so no wrong answer got through; a lying primary would be believed.`);
    return 'departs';
  })();
  const head = { id: 'arbitrary', aspect: 'Arbitrary (Byzantine) failure support: wrong answers accepted', lecture: { smr: 'Yes', pb: 'No' } } as const;
  return sideBySide(head, cell, { smr, pb }, { smr: verdictSmr, pb: verdictPb }, notes);
}

function lossCell(s: CompareSide): string {
  const r = s.summary.requests;
  const parts = [`${formatCount(r.lost)} ${OUTCOME_LABEL.lost}`];
  // Clients vote under state-machine replication and PBFT: a request can end undecided.
  if (s.scenario.scheme === 'state-machine' || s.scenario.scheme === 'pbft') parts.push(`${formatCount(r.undecided)} ${OUTCOME_LABEL.undecided}`);
  if (r.executedTwice > 0) parts.push(`${formatCount(r.executedTwice)} executed twice`);
  return `${parts.join(', ')} of ${formatCount(r.issued)}`;
}

function lossRow(smr: CompareSide, pb: CompareSide): ComparisonRow {
  const notes: string[] = [];
  const cell = lossCell;
  const sr = smr.summary.requests;
  const verdictSmr = ((): Verdict => {
    if (sr.lost + sr.undecided === 0) return 'agrees';
    const faulty = faultyReplicas(smr.scenario).length;
    if (faulty > smr.summary.k || smr.summary.n < replicaBound('state-machine', smr.scenario.failureModel, smr.summary.k)) {
      notes.push(`State-machine: ${sr.lost + sr.undecided} request(s) got no k+1 matching replies: ${faulty} faulty replica(s) for k = ${smr.summary.k} with n = ${smr.summary.n} is beyond the bound.`);
      return 'beyond-bound';
    }
    notes.push(
      `State-machine: ${sr.lost + sr.undecided} request(s) got no k+1 matching replies in time (${sr.lost} lost after ${smr.scenario.timing.clientRetries} retries, ${sr.undecided} undecided); message loss, delays or partitions count here too, not only faulty replicas.`,
    );
    return 'departs';
  })();
  const pr = pb.summary.requests;
  const verdictPb = ((): Verdict => {
    if (pr.lost > 0) return 'agrees';
    const fo = pb.summary.failovers.length;
    if (fo === 0) {
      notes.push('Primary-backup: the primary never failed over in this run, so request loss was not exercised.');
      return 'not-tested';
    }
    const retries = pb.scenario.timing.clientRetries;
    notes.push(
      retries > 0
        ? `Primary-backup lost nothing although the primary failed: clients retried (up to ${retries} times) and the new primary ${pb.scenario.options.dedup ? 'answered them, with the replicated dedup table keeping each request executed once' : 'executed them again (dedup is off)'}. The lecture's loss assumes no retry.`
        : 'Primary-backup lost nothing although the primary failed and clients do not retry: no request was in flight at the failure.',
    );
    return 'departs';
  })();
  return sideBySide({ id: 'loss', aspect: 'Request loss', lecture: { smr: 'No', pb: 'Possible: when the primary fails' } }, cell, { smr, pb }, { smr: verdictSmr, pb: verdictPb }, notes);
}

function votesCell(s: CompareSide): string {
  const v = s.summary.votes;
  return `${formatCount(v.decided)} votes decided, ${formatCount(v.undecided)} undecided, ${formatCount(v.wrongDecided)} decided on a wrong value`;
}

/** The failovers (Raft: leader changes, PBFT: view changes) of a run, at most three spelled out. */
function failoversCell(s: CompareSide, noun: string): string {
  const fos = s.summary.failovers;
  let cell: string;
  if (fos.length === 0) cell = `no ${noun}`;
  else {
    const shown = fos.slice(0, 3).map(failoverText);
    cell = `${fos.length} ${noun}${fos.length === 1 ? '' : 's'}: ${shown.join('; ')}${fos.length > 3 ? `; and ${fos.length - 3} more` : ''}`;
  }
  return s.summary.splitBrain ? `${cell}; SPLIT BRAIN` : cell;
}

function handlingRow(smr: CompareSide, pb: CompareSide): ComparisonRow {
  const notes: string[] = [];
  const v = smr.summary.votes;
  const smrCell = votesCell(smr);
  const fos = pb.summary.failovers;
  const pbCell = failoversCell(pb, 'failover');
  if (pb.summary.splitBrain) {
    notes.push('Primary-backup: two primaries served at once (split brain): failover without fencing lets a deposed primary keep answering.');
  }
  // Failover answers silence: a crashed, paused or mute first primary. A lying primary keeps its heartbeats.
  const primaryStopped = pb.scenario.faults.some((f) => (f.type === 'crash' || f.type === 'pause' || f.type === 'omission') && f.replica === 1);
  const pbVerdict: Verdict = fos.length > 0 ? (pb.summary.splitBrain ? 'departs' : 'agrees') : primaryStopped ? 'departs' : 'not-tested';
  if (fos.length === 0 && primaryStopped) notes.push('Primary-backup: the primary was stopped or cut off but no failover happened (its heartbeats still got through, or the run ended first).');
  if (fos.length === 0 && !primaryStopped) notes.push('Primary-backup: the primary never stopped, so failover was not exercised.');
  return {
    id: 'handling',
    aspect: 'Failure handling',
    lecture: { smr: 'Voting', pb: 'Failover' },
    measured: { smr: smrCell, pb: pbCell },
    verdict: { smr: v.decided > 0 ? 'agrees' : 'departs', pb: pbVerdict },
    notes,
  };
}

const copiesCell = (s: CompareSide): string => `${s.costs.requestCopiesPerRequest} request cop${s.costs.requestCopiesPerRequest === 1 ? 'y' : 'ies'} and ${s.summary.messages.perRequest} messages per request`;

function copiesRow(smr: CompareSide, pb: CompareSide): ComparisonRow {
  const notes: string[] = [];
  const cell = copiesCell;
  const smrAgrees = smr.costs.requestCopiesPerRequest >= 0.9 * smr.summary.n;
  if (!smrAgrees) notes.push(`State-machine: fewer than n = ${smr.summary.n} copies per request on average (replicas that were down or cut off missed some).`);
  const pbAgrees = pb.costs.requestCopiesPerRequest < Math.max(1.5, 0.9 * pb.summary.n);
  if (pb.costs.requestCopiesPerRequest > 1.05) {
    notes.push(`Primary-backup: ${pb.costs.requestCopiesPerRequest} copies per request rather than 1: client retries and requests sent to a replica that was no longer primary add copies.`);
  }
  const head = { id: 'copies', aspect: 'Request copy (and messages)', lecture: { smr: 'to all replicas', pb: 'only to the primary' } } as const;
  return sideBySide(head, cell, { smr, pb }, { smr: smrAgrees ? 'agrees' : 'departs', pb: pbAgrees ? 'agrees' : 'departs' }, notes);
}

function replicasCell(s: CompareSide, label: string, notes: string[]): { cell: string; verdict: Verdict } {
  const bound = replicaBound(s.scenario.scheme, s.scenario.failureModel, s.summary.k);
  const formula = boundFormula(s.scenario.scheme, s.scenario.failureModel);
  const faulty = faultyReplicas(s.scenario);
  const r = s.summary.requests;
  const allCorrect = r.answeredCorrect === r.issued && !s.summary.splitBrain && r.executedTwice === 0;
  // Primary-backup may lose requests at a failover by design (the "Request loss" row); its k+1 promise is a service that goes on, correctly.
  const pbLossOnly = s.scenario.scheme === 'primary-backup' && r.answeredWrong === 0 && r.executedTwice === 0 && r.unresolved === 0 && !s.summary.splitBrain && r.answeredCorrect > 0;
  const outcome = allCorrect ? 'every request answered correctly' : pbLossOnly ? `no wrong answer; ${r.lost} lost (see request loss)` : 'not every request answered correctly';
  const cell = `n = ${s.summary.n} for k = ${s.summary.k} (${formula} = ${bound}, ${s.scenario.failureModel}); ${faulty.length} faulty replica${faulty.length === 1 ? '' : 's'}; ${outcome}`;
  if (s.summary.n < bound) {
    notes.push(`${label}: n = ${s.summary.n} is below the bound ${formula} = ${bound}.`);
    return { cell, verdict: 'beyond-bound' };
  }
  if (s.scenario.failureModel === 'fail-stop' && s.summary.byzantineReplicas.length > 0) {
    notes.push(`${label}: Byzantine replicas are outside the fail-stop model that ${formula} is the bound for.`);
    return { cell, verdict: 'beyond-bound' };
  }
  if (faulty.length > s.summary.k) {
    notes.push(`${label}: ${faulty.length} faulty replicas exceed k = ${s.summary.k}; the bound promises nothing here.`);
    return { cell, verdict: 'beyond-bound' };
  }
  if (allCorrect || pbLossOnly) return { cell, verdict: 'agrees' };
  notes.push(`${label}: at most k replicas were faulty and n met the bound, yet not every request was answered correctly (network faults, timeouts or options such as dedup/fencing also matter).`);
  return { cell, verdict: 'departs' };
}

function replicasRow(smr: CompareSide, pb: CompareSide): ComparisonRow {
  const notes: string[] = [];
  const side = (x: CompareSide, label: string): { cell: string; verdict: Verdict } => replicasCell(x, label, notes);
  const a = side(smr, 'State-machine');
  const b = side(pb, 'Primary-backup');
  return {
    id: 'replicas',
    aspect: 'Replicas for k-resilience',
    lecture: { smr: '2k+1 (arbitrary), k+1 (fail-stop)', pb: 'k+1 (fail-stop)' },
    measured: { smr: a.cell, pb: b.cell },
    verdict: { smr: a.verdict, pb: b.verdict },
    notes,
  };
}

function costCell(s: CompareSide): string {
  const cpu = s.summary.cpuMsPerRequest === null ? 'CPU not measured in simulation' : `${formatMs(s.summary.cpuMsPerRequest)} CPU per request`;
  return `${cpu}; ${s.summary.n} replicas, ${s.costs.executionsPerRequest} executions and ${s.summary.messages.perRequest} messages per request; latency p50 ${formatMs(s.summary.latencyMs.p50)}`;
}

function costRow(smr: CompareSide, pb: CompareSide): ComparisonRow {
  const notes: string[] = [];
  const cell = costCell;
  const cpuBoth = smr.summary.cpuMsPerRequest !== null && pb.summary.cpuMsPerRequest !== null;
  const smrCost = cpuBoth ? (smr.summary.cpuMsPerRequest ?? 0) : smr.summary.messages.perRequest;
  const pbCost = cpuBoth ? (pb.summary.cpuMsPerRequest ?? 0) : pb.summary.messages.perRequest;
  const unit = cpuBoth ? 'ms CPU' : 'messages';
  if (!cpuBoth) notes.push('Cost: simulation measures no CPU time; the schemes are compared by the messages they need per request instead (real mode measures the CPU time of every replica process).');
  const expensive = smrCost > pbCost;
  if (!expensive) notes.push(`Cost: state-machine replication did not cost more here (${smrCost} against ${pbCost} ${unit} per request).`);
  const verdict: Verdict = expensive ? 'agrees' : 'departs';
  return sideBySide({ id: 'cost', aspect: 'Overall cost (CPU time per request)', lecture: { smr: 'expensive', pb: 'cheap' } }, cell, { smr, pb }, { smr: verdict, pb: verdict }, notes);
}

/** Builds the measured table from the two runs (either order). */
export function buildComparison(a: CompareSide, b: CompareSide, extra: { faultNotes?: string[]; changes?: string[] } = {}): Comparison {
  const smr = a.scenario.scheme === 'state-machine' ? a : b;
  const pb = a.scenario.scheme === 'primary-backup' ? a : b;
  return buildTable({ smr, pb }, a.scenario.scheme, extra);
}

/**
 * Builds the table from one run per column: state-machine and primary-backup always, Raft
 * and PBFT when given. `given` names the scheme of the scenario the others were derived from.
 */
export function buildTable(sides: Cells<CompareSide>, given: Scheme, extra: { faultNotes?: string[]; changes?: string[] } = {}): Comparison {
  for (const key of SIDE_KEYS) {
    const side = sides[key];
    if (side && side.scenario.scheme !== SIDE_SCHEME[key]) throw new Error(`a comparison's ${SCHEME_LABEL[SIDE_SCHEME[key]]} column got a ${SCHEME_LABEL[side.scenario.scheme]} run`);
  }
  const { smr, pb } = sides;
  const first = sides[SCHEME_SIDE[given]] ?? smr;
  const rows = [arbitraryRow(smr, pb), lossRow(smr, pb), handlingRow(smr, pb), copiesRow(smr, pb), replicasRow(smr, pb), costRow(smr, pb)];
  for (const key of ['raft', 'pbft'] as const) {
    const side = sides[key];
    if (!side) continue;
    for (const row of rows) {
      const cell = helperlessCell(row.id, key, side, sides);
      row.lecture[key] = cell.lecture;
      row.measured[key] = cell.measured;
      row.verdict[key] = cell.verdict;
      row.notes.push(...cell.notes);
    }
  }
  return {
    scenarioName: first.scenario.name,
    mode: first.summary.mode,
    seed: first.summary.seed,
    k: first.summary.k,
    given,
    smr,
    pb,
    ...(sides.raft ? { raft: sides.raft } : {}),
    ...(sides.pbft ? { pbft: sides.pbft } : {}),
    faultNotes: extra.faultNotes ?? [],
    changes: extra.changes ?? [],
    rows,
  };
}

/** One cell of a column without a trusted helper: the lecture's expectation, the figure, the verdict and why. */
interface ColumnCell {
  lecture: string;
  measured: string;
  verdict: Verdict;
  notes: string[];
}

/** Why a run is outside what its scheme's bound promises, or null when it is within it. */
function beyondBound(s: CompareSide): string | null {
  const bound = replicaBound(s.scenario.scheme, s.scenario.failureModel, s.summary.k);
  const formula = boundFormula(s.scenario.scheme, s.scenario.failureModel);
  const faulty = faultyReplicas(s.scenario).length;
  if (s.summary.n < bound) return `n = ${s.summary.n} is below ${formula} = ${bound}`;
  if (s.scenario.failureModel === 'fail-stop' && s.summary.byzantineReplicas.length > 0) return `Byzantine replicas are outside the fail-stop model ${formula} is the bound for`;
  if (faulty > s.summary.k) return `${faulty} faulty replicas exceed k = ${s.summary.k}`;
  return null;
}

/** What a run cost per request: CPU time when every column measured it (real mode), messages otherwise. */
function costOf(s: CompareSide, cpu: boolean): number {
  return cpu ? (s.summary.cpuMsPerRequest ?? 0) : s.summary.messages.perRequest;
}

function helperlessCell(id: RowId, key: 'raft' | 'pbft', s: CompareSide, sides: Cells<CompareSide>): ColumnCell {
  const label = SCHEME_LABEL[SIDE_SCHEME[key]];
  const notes: string[] = [];
  const r = s.summary.requests;
  const byz = s.summary.byzantineReplicas;
  const beyond = beyondBound(s);
  const raft = key === 'raft';
  switch (id) {
    case 'arbitrary': {
      const lecture = raft ? 'No (crash faults only)' : 'Yes: k of 3k+1 may lie';
      let verdict: Verdict;
      if (byz.length === 0) {
        notes.push(`${label}: no Byzantine fault reached this side, so ${raft ? 'its lack of' : 'its'} arbitrary-failure support was not exercised.`);
        verdict = 'not-tested';
      } else if (raft) {
        if (r.answeredWrong > 0) verdict = 'agrees';
        else {
          notes.push(`${label}: the Byzantine replica(s) ${formatReplicas(byz)} never answered a client as leader, so no wrong answer got through; a lying leader would be believed.`);
          verdict = 'departs';
        }
      } else if (beyond !== null) {
        notes.push(`${label}: ${beyond}; beyond what 3k+1 masks.`);
        verdict = 'beyond-bound';
      } else if (r.answeredWrong === 0) verdict = 'agrees';
      else {
        notes.push(`${label}: a wrong answer was accepted although at most k of 3k+1 replicas were Byzantine.`);
        verdict = 'departs';
      }
      return { lecture, measured: arbitraryCell(s), verdict, notes };
    }
    case 'loss': {
      const lecture = raft ? 'No, while a majority is up (clients retry)' : 'No, while 2k+1 are correct';
      const missed = r.lost + r.undecided;
      let verdict: Verdict;
      if (missed === 0) verdict = 'agrees';
      else if (beyond !== null) {
        notes.push(`${label}: ${missed} request(s) got no answer: ${beyond}, beyond the bound.`);
        verdict = 'beyond-bound';
      } else {
        notes.push(`${label}: ${missed} request(s) got no ${raft ? 'answer' : 'k+1 matching replies'} in time although at most k replicas were faulty: message loss, partitions, or the run ending during ${raft ? 'an election' : 'a view change'} count here too.`);
        verdict = 'departs';
      }
      return { lecture, measured: lossCell(s), verdict, notes };
    }
    case 'handling': {
      if (raft) {
        const fos = s.summary.failovers;
        let verdict: Verdict;
        if (s.summary.splitBrain) {
          notes.push(`${label}: two leaders committed in one term: a safety failure.`);
          verdict = 'departs';
        } else if (fos.length > 0) verdict = 'agrees';
        else {
          notes.push(`${label}: the leader kept its majority throughout, so no election was exercised.`);
          verdict = 'not-tested';
        }
        return { lecture: 'Leader election (a new term)', measured: failoversCell(s, 'leader change'), verdict, notes };
      }
      const v = s.summary.votes;
      const verdict: Verdict = v.decided > 0 && v.wrongDecided === 0 ? 'agrees' : 'departs';
      if (verdict === 'departs') notes.push(`${label}: ${v.decided === 0 ? 'no request reached k+1 matching replies' : `${v.wrongDecided} request(s) were decided on a wrong value`}.`);
      return { lecture: 'Agreement by 2k+1; view change', measured: `${votesCell(s)}; ${failoversCell(s, 'view change')}`, verdict, notes };
    }
    case 'copies': {
      const copies = s.costs.requestCopiesPerRequest;
      let verdict: Verdict;
      if (raft) {
        verdict = copies < Math.max(1.5, 0.9 * s.summary.n) ? 'agrees' : 'departs';
        if (copies > 1.05) notes.push(`${label}: ${copies} copies per request rather than 1: clients retried or asked a replica that was not the leader.`);
      } else {
        verdict = copies >= 0.9 * s.summary.n ? 'agrees' : 'departs';
        if (verdict === 'departs') notes.push(`${label}: fewer than n = ${s.summary.n} copies per request on average (replicas that were down or cut off missed some).`);
      }
      return { lecture: raft ? 'to the leader (it copies its log to all)' : 'to all replicas', measured: copiesCell(s), verdict, notes };
    }
    case 'replicas': {
      const { cell, verdict } = replicasCell(s, label, notes);
      return { lecture: raft ? '2k+1 (fail-stop)' : '3k+1 (arbitrary)', measured: cell, verdict, notes };
    }
    case 'cost': {
      const present = SIDE_KEYS.map((k) => sides[k]).filter((x): x is CompareSide => x !== undefined);
      const cpu = present.every((x) => x.summary.cpuMsPerRequest !== null);
      const unit = cpu ? 'ms CPU' : 'messages';
      const mine = costOf(s, cpu);
      let verdict: Verdict;
      if (raft) {
        const pb = costOf(sides.pb, cpu);
        verdict = mine > pb ? 'agrees' : 'departs';
        if (verdict === 'departs') notes.push(`${label}: did not cost more than primary-backup here (${mine} against ${pb} ${unit} per request).`);
      } else {
        const most = Math.max(...present.filter((x) => x !== s).map((x) => costOf(x, cpu)));
        verdict = mine >= most ? 'agrees' : 'departs';
        if (verdict === 'departs') notes.push(`${label}: was not the most expensive here (${mine} against up to ${most} ${unit} per request).`);
      }
      return { lecture: raft ? 'between: a majority acknowledges each request' : 'the most: all-to-all phases per request', measured: costCell(s), verdict, notes };
    }
  }
}

export const VERDICT_LABEL: Record<Verdict, string> = {
  agrees: 'as the lecture says',
  departs: 'DEPARTS from the lecture',
  'not-tested': 'not exercised by this run',
  'beyond-bound': 'beyond the bound (the claim does not apply)',
};

/** Every visible figure of the table, by a stable key (what a report shows and verify checks). */
export function comparisonFigures(c: Comparison): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of c.rows) {
    for (const key of SIDE_KEYS) {
      const cell = r.measured[key];
      if (cell !== undefined) out[`compare.${r.id}.${key}`] = cell;
    }
  }
  return out;
}

function wrap(text: string, width: number): string[] {
  const words = text.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line.length > 0 && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line.length > 0 ? `${line} ${w}` : w;
  }
  if (line.length > 0) lines.push(line);
  return lines.length > 0 ? lines : [''];
}

/** The columns a comparison has, in the table's order. */
export function comparisonColumns(c: Comparison): SideKey[] {
  return SIDE_KEYS.filter((k) => c[k] !== undefined);
}

const COLUMN_TITLE: Record<SideKey, string> = { smr: 'State-machine replication', pb: 'Primary-backup', raft: 'Raft', pbft: 'PBFT' };

/** The table for a terminal: one block per row, the schemes side by side. */
export function comparisonToText(c: Comparison): string {
  const columns = comparisonColumns(c);
  const colW = columns.length > 2 ? 30 : 46;
  const aspectW = columns.length > 2 ? 18 : 24;
  const out: string[] = [];
  out.push(`${c.scenarioName}`);
  out.push(`  ${c.mode === 'sim' ? 'simulated' : 'real processes'}, seed ${c.seed}, k = ${c.k}; the same workload and faults under ${columns.length > 2 ? `all ${columns.length} schemes` : 'both schemes'}`);
  out.push(`  ${columns.map((k) => `${SCHEME_LABEL[SIDE_SCHEME[k]]}: ${c[k]?.scenario.failureModel}, n = ${c[k]?.summary.n}`).join('    ')}`);
  for (const ch of c.changes) out.push(`  derived side: ${ch}`);
  for (const f of c.faultNotes) out.push(`  fault ${f}`);
  out.push('');
  const sep = [aspectW, ...columns.map(() => colW)].map((w) => '-'.repeat(w)).join('-+-');
  const line = (cells: string[]): string => cells.map((x, i) => (i === cells.length - 1 ? x : x.padEnd(i === 0 ? aspectW : colW))).join(' | ');
  out.push(line(['', ...columns.map((k) => COLUMN_TITLE[k])]));
  out.push(sep);
  for (const r of c.rows) {
    const blocks = [
      wrap(r.aspect, aspectW),
      ...columns.map((k) => [...wrap(`lecture: ${r.lecture[k] ?? ''}`, colW), ...wrap(`measured: ${r.measured[k] ?? ''}`, colW), ...wrap(`-> ${VERDICT_LABEL[r.verdict[k] ?? 'not-tested']}`, colW)]),
    ];
    const h = Math.max(...blocks.map((b) => b.length));
    for (let i = 0; i < h; i++) out.push(line(blocks.map((b) => b[i] ?? '')));
    out.push(sep);
  }
  const notes = c.rows.flatMap((r) => r.notes);
  if (notes.length > 0) {
    out.push('', 'Where the measurement departs from the lecture, or was not exercised:');
    for (const n of notes) out.push(...wrap(n, 100).map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`)));
  }
  return out.join('\n');
}
