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
import type { CompareWords, FailoverNoun } from './compare-words.js';
import { COMPARE_WORDS } from './compare-words.js';
import type { Lang } from './describe.js';
import { boundFormula, describeFault } from './describe.js';
import type { RunSummary } from './analysis/summary.js';
import type { RunEvent, RunMode } from './events.js';
import { replicaIdOf } from './protocol/types.js';
import type { FailureModel, Fault, Scenario, Scheme } from './scenario.js';
import { parseScenario, replicaBound, ScenarioError, withoutStepping } from './scenario.js';
import { formatReplicas } from './views/figures.js';

/** What happens to a fault that names a replica the counterpart cluster does not have. */
export type FaultMapping = 'drop' | 'fold';

export interface Counterpart {
  scenario: Scenario;
  /** One sentence per fault that was dropped or moved, for the output. */
  faultNotes: string[];
  /** How the counterpart differs from the scenario given, in words. */
  changes: string[];
}

/** Scheme names in English: what a derived scenario's name and the errors say, whatever the language. */
const SCHEME_LABEL: Record<Scheme, string> = COMPARE_WORDS.en.scheme;

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
export function counterpartScenario(s: Scenario, mapping: FaultMapping = 'drop', lang: Lang = 'en'): Counterpart {
  if (s.scheme === 'raft' || s.scheme === 'pbft') {
    // The two-column table pairs the schemes with trusted helpers; a Raft or PBFT scenario is
    // compared in the four-column table (schemeScenario for each column), not here.
    throw new ScenarioError([`scheme: the two-column comparison puts state-machine replication beside primary-backup; a ${SCHEME_LABEL[s.scheme]} scenario is compared in the four-column table`]);
  }
  return schemeScenario(s, s.scheme === 'state-machine' ? 'primary-backup' : 'state-machine', mapping, lang);
}

/**
 * The same scenario under any scheme, at that scheme's bound for the same k (under the
 * failure model the bound is stated for): workload, seed, timing and faults kept, faults
 * naming replicas the cluster lacks dropped or folded, and each such change listed (in
 * `lang`; the derived scenario itself, its name included, is the same in every language).
 */
export function schemeScenario(s: Scenario, scheme: Scheme, mapping: FaultMapping = 'drop', lang: Lang = 'en'): Counterpart {
  const w = COMPARE_WORDS[lang];
  const faultAt = (f: Fault): string => w.faultAt(describeFault(f, lang), f.atMs);
  const failureModel = COMPARED_MODEL[scheme];
  const replicas = replicaBound(scheme, failureModel, s.k);
  const faultNotes: string[] = [];
  const faults: Fault[] = [];
  const fold = (r: number): number => ((r - 1) % replicas) + 1;
  for (const f of s.faults) {
    if ('replica' in f && f.replica > replicas) {
      if (mapping === 'fold') {
        faults.push({ ...f, replica: fold(f.replica) });
        faultNotes.push(w.faultMoved(faultAt(f), fold(f.replica), w.scheme[scheme], replicas));
      } else {
        faultNotes.push(w.faultDropped(faultAt(f), w.scheme[scheme], replicas));
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
        faultNotes.push(w.partitionDropped(faultAt(f), replicas));
        continue;
      }
      if (groups.flat().length !== f.groups.flat().length) faultNotes.push(w.partitionTrimmed(faultAt(f), replicas));
      faults.push({ ...f, groups });
      continue;
    }
    faults.push(f);
  }
  const changes = [w.derivedAs({ scheme: w.scheme[scheme], model: w.model[failureModel], n: replicas, formula: boundFormula(scheme, failureModel), k: s.k })];
  // A replica program of one's own speaks the scheme it was written for: the other columns run the built-in replica.
  const { replica: own, ...given } = withoutStepping(s);
  if (s.stepping) changes.push(w.steppingDropped(w.scheme[scheme], s.stepping.fromMs));
  if (own) changes.push(w.builtInReplica(w.scheme[scheme], own.command, w.scheme[s.scheme]));
  const scenario = parseScenario({ ...given, name: `${s.name} (as ${SCHEME_LABEL[scheme]})`, scheme, failureModel, replicas, faults });
  return { scenario, faultNotes, changes };
}

/** Which schemes a comparison runs: the lecture's two with trusted helpers, or all four. */
export type CompareWidth = 'trusted' | 'all';

/** The scenario for every column but the given one's, each derived as schemeScenario does, with the notes of all. */
export function comparisonScenarios(s: Scenario, width: CompareWidth, mapping: FaultMapping = 'drop', lang: Lang = 'en'): { derived: Partial<Record<SideKey, Scenario>>; faultNotes: string[]; changes: string[] } {
  if (width === 'trusted') {
    const c = counterpartScenario(s, mapping, lang);
    return { derived: { [SCHEME_SIDE[c.scenario.scheme]]: c.scenario }, faultNotes: c.faultNotes, changes: c.changes };
  }
  const derived: Partial<Record<SideKey, Scenario>> = {};
  const faultNotes: string[] = [];
  const changes: string[] = [];
  for (const key of SIDE_KEYS) {
    if (SIDE_SCHEME[key] === s.scheme) continue;
    const c = schemeScenario(s, SIDE_SCHEME[key], mapping, lang);
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
  w: CompareWords,
  id: RowId,
  cell: (s: CompareSide) => string,
  sides: { smr: CompareSide; pb: CompareSide },
  verdict: ComparisonRow['verdict'],
  notes: string[],
): ComparisonRow {
  return { id, aspect: w.aspect[id], lecture: { smr: w.claim[id].smr, pb: w.claim[id].pb }, measured: { smr: cell(sides.smr), pb: cell(sides.pb) }, verdict, notes };
}

function arbitraryCell(s: CompareSide, w: CompareWords): string {
  const r = s.summary.requests;
  const byz = s.summary.byzantineReplicas;
  return w.arbitraryCell(r.answeredWrong, r.issued, byz.length > 0 ? formatReplicas(byz) : null);
}

function arbitraryRow(smr: CompareSide, pb: CompareSide, w: CompareWords): ComparisonRow {
  const notes: string[] = [];
  const verdictSmr = ((): Verdict => {
    const byz = smr.summary.byzantineReplicas;
    if (byz.length === 0) return 'not-tested';
    if (byz.length > smr.summary.k || smr.summary.n < replicaBound('state-machine', 'arbitrary', smr.summary.k)) {
      notes.push(w.notes.smrBeyondMasking(byz.length, smr.summary.n, smr.summary.k));
      return 'beyond-bound';
    }
    if (smr.summary.requests.answeredWrong === 0) return 'agrees';
    notes.push(w.notes.smrWrongAccepted);
    return 'departs';
  })();
  const verdictPb = ((): Verdict => {
    const byz = pb.summary.byzantineReplicas;
    if (byz.length === 0) {
      notes.push(w.notes.pbNoByzantine);
      return 'not-tested';
    }
    if (pb.summary.requests.answeredWrong > 0) return 'agrees';
    notes.push(w.notes.pbByzantineSilent(formatReplicas(byz)));
    return 'departs';
  })();
  return sideBySide(w, 'arbitrary', (s) => arbitraryCell(s, w), { smr, pb }, { smr: verdictSmr, pb: verdictPb }, notes);
}

function lossCell(s: CompareSide, w: CompareWords): string {
  const r = s.summary.requests;
  // Clients vote under state-machine replication and PBFT: a request can end undecided.
  const votes = s.scenario.scheme === 'state-machine' || s.scenario.scheme === 'pbft';
  return w.lossCell({ lost: r.lost, undecided: votes ? r.undecided : null, twice: r.executedTwice, issued: r.issued });
}

function lossRow(smr: CompareSide, pb: CompareSide, w: CompareWords): ComparisonRow {
  const notes: string[] = [];
  const sr = smr.summary.requests;
  const verdictSmr = ((): Verdict => {
    if (sr.lost + sr.undecided === 0) return 'agrees';
    const faulty = faultyReplicas(smr.scenario).length;
    if (faulty > smr.summary.k || smr.summary.n < replicaBound('state-machine', smr.scenario.failureModel, smr.summary.k)) {
      notes.push(w.notes.smrNoQuorumBeyond(sr.lost + sr.undecided, faulty, smr.summary.k, smr.summary.n));
      return 'beyond-bound';
    }
    notes.push(w.notes.smrNoQuorum(sr.lost + sr.undecided, sr.lost, smr.scenario.timing.clientRetries, sr.undecided));
    return 'departs';
  })();
  const pr = pb.summary.requests;
  const verdictPb = ((): Verdict => {
    if (pr.lost > 0) return 'agrees';
    const fo = pb.summary.failovers.length;
    if (fo === 0) {
      notes.push(w.notes.pbNoFailover);
      return 'not-tested';
    }
    const retries = pb.scenario.timing.clientRetries;
    notes.push(retries > 0 ? w.notes.pbRetried(retries, pb.scenario.options.dedup) : w.notes.pbNothingInFlight);
    return 'departs';
  })();
  return sideBySide(w, 'loss', (s) => lossCell(s, w), { smr, pb }, { smr: verdictSmr, pb: verdictPb }, notes);
}

function votesCell(s: CompareSide, w: CompareWords): string {
  const v = s.summary.votes;
  return w.votesCell(v.decided, v.undecided, v.wrongDecided);
}

/** The failovers (Raft: leader changes, PBFT: view changes) of a run, at most three spelled out. */
function failoversCell(s: CompareSide, noun: FailoverNoun, w: CompareWords): string {
  const fos = s.summary.failovers;
  return w.failovers(noun, fos.slice(0, 3), fos.length, s.summary.splitBrain);
}

function handlingRow(smr: CompareSide, pb: CompareSide, w: CompareWords): ComparisonRow {
  const notes: string[] = [];
  const v = smr.summary.votes;
  const fos = pb.summary.failovers;
  if (pb.summary.splitBrain) notes.push(w.notes.pbSplitBrain);
  // Failover answers silence: a crashed, paused or mute first primary. A lying primary keeps its heartbeats.
  const primaryStopped = pb.scenario.faults.some((f) => (f.type === 'crash' || f.type === 'pause' || f.type === 'omission') && f.replica === 1);
  const pbVerdict: Verdict = fos.length > 0 ? (pb.summary.splitBrain ? 'departs' : 'agrees') : primaryStopped ? 'departs' : 'not-tested';
  if (fos.length === 0 && primaryStopped) notes.push(w.notes.pbStoppedNoFailover);
  if (fos.length === 0 && !primaryStopped) notes.push(w.notes.pbNeverStopped);
  return {
    id: 'handling',
    aspect: w.aspect.handling,
    lecture: { smr: w.claim.handling.smr, pb: w.claim.handling.pb },
    measured: { smr: votesCell(smr, w), pb: failoversCell(pb, 'failover', w) },
    verdict: { smr: v.decided > 0 ? 'agrees' : 'departs', pb: pbVerdict },
    notes,
  };
}

const copiesCell = (s: CompareSide, w: CompareWords): string => w.copiesCell(s.costs.requestCopiesPerRequest, s.summary.messages.perRequest);

function copiesRow(smr: CompareSide, pb: CompareSide, w: CompareWords): ComparisonRow {
  const notes: string[] = [];
  const smrAgrees = smr.costs.requestCopiesPerRequest >= 0.9 * smr.summary.n;
  if (!smrAgrees) notes.push(w.notes.smrFewCopies(smr.summary.n));
  const pbAgrees = pb.costs.requestCopiesPerRequest < Math.max(1.5, 0.9 * pb.summary.n);
  if (pb.costs.requestCopiesPerRequest > 1.05) notes.push(w.notes.pbExtraCopies(pb.costs.requestCopiesPerRequest));
  return sideBySide(w, 'copies', (s) => copiesCell(s, w), { smr, pb }, { smr: smrAgrees ? 'agrees' : 'departs', pb: pbAgrees ? 'agrees' : 'departs' }, notes);
}

function replicasCell(s: CompareSide, label: string, notes: string[], w: CompareWords): { cell: string; verdict: Verdict } {
  const bound = replicaBound(s.scenario.scheme, s.scenario.failureModel, s.summary.k);
  const formula = boundFormula(s.scenario.scheme, s.scenario.failureModel);
  const faulty = faultyReplicas(s.scenario);
  const r = s.summary.requests;
  const allCorrect = r.answeredCorrect === r.issued && !s.summary.splitBrain && r.executedTwice === 0;
  // Primary-backup may lose requests at a failover by design (the "Request loss" row); its k+1 promise is a service that goes on, correctly.
  const pbLossOnly = s.scenario.scheme === 'primary-backup' && r.answeredWrong === 0 && r.executedTwice === 0 && r.unresolved === 0 && !s.summary.splitBrain && r.answeredCorrect > 0;
  const outcome = allCorrect ? 'correct' : pbLossOnly ? 'pb-loss' : 'not-correct';
  const cell = w.replicasCell({ n: s.summary.n, k: s.summary.k, formula, bound, model: s.scenario.failureModel, faulty: faulty.length, outcome, lost: r.lost });
  if (s.summary.n < bound) {
    notes.push(w.notes.belowBound(label, s.summary.n, formula, bound));
    return { cell, verdict: 'beyond-bound' };
  }
  if (s.scenario.failureModel === 'fail-stop' && s.summary.byzantineReplicas.length > 0) {
    notes.push(w.notes.byzantineOutsideFailStop(label, formula));
    return { cell, verdict: 'beyond-bound' };
  }
  if (faulty.length > s.summary.k) {
    notes.push(w.notes.tooManyFaulty(label, faulty.length, s.summary.k));
    return { cell, verdict: 'beyond-bound' };
  }
  if (allCorrect || pbLossOnly) return { cell, verdict: 'agrees' };
  notes.push(w.notes.boundDeparts(label));
  return { cell, verdict: 'departs' };
}

function replicasRow(smr: CompareSide, pb: CompareSide, w: CompareWords): ComparisonRow {
  const notes: string[] = [];
  const a = replicasCell(smr, w.noteLabel.smr, notes, w);
  const b = replicasCell(pb, w.noteLabel.pb, notes, w);
  return {
    id: 'replicas',
    aspect: w.aspect.replicas,
    lecture: { smr: w.claim.replicas.smr, pb: w.claim.replicas.pb },
    measured: { smr: a.cell, pb: b.cell },
    verdict: { smr: a.verdict, pb: b.verdict },
    notes,
  };
}

function costCell(s: CompareSide, w: CompareWords): string {
  return w.costCell({ cpuMs: s.summary.cpuMsPerRequest, n: s.summary.n, executions: s.costs.executionsPerRequest, messages: s.summary.messages.perRequest, p50: s.summary.latencyMs.p50 });
}

function costRow(smr: CompareSide, pb: CompareSide, w: CompareWords): ComparisonRow {
  const notes: string[] = [];
  const cpuBoth = smr.summary.cpuMsPerRequest !== null && pb.summary.cpuMsPerRequest !== null;
  const smrCost = cpuBoth ? (smr.summary.cpuMsPerRequest ?? 0) : smr.summary.messages.perRequest;
  const pbCost = cpuBoth ? (pb.summary.cpuMsPerRequest ?? 0) : pb.summary.messages.perRequest;
  if (!cpuBoth) notes.push(w.notes.costNoCpu);
  const expensive = smrCost > pbCost;
  if (!expensive) notes.push(w.notes.costNotMore(smrCost, pbCost, cpuBoth ? 'cpu' : 'messages'));
  const verdict: Verdict = expensive ? 'agrees' : 'departs';
  return sideBySide(w, 'cost', (s) => costCell(s, w), { smr, pb }, { smr: verdict, pb: verdict }, notes);
}

/** What a table is built from beside its columns: the derived columns' notes (in the table's language) and that language. */
export interface TableExtra {
  faultNotes?: string[];
  changes?: string[];
  /** The language of every cell, claim and note (English by default); the verdicts do not depend on it. */
  lang?: Lang;
}

/** Builds the measured table from the two runs (either order). */
export function buildComparison(a: CompareSide, b: CompareSide, extra: TableExtra = {}): Comparison {
  const smr = a.scenario.scheme === 'state-machine' ? a : b;
  const pb = a.scenario.scheme === 'primary-backup' ? a : b;
  return buildTable({ smr, pb }, a.scenario.scheme, extra);
}

/**
 * Builds the table from one run per column: state-machine and primary-backup always, Raft
 * and PBFT when given. `given` names the scheme of the scenario the others were derived from.
 */
export function buildTable(sides: Cells<CompareSide>, given: Scheme, extra: TableExtra = {}): Comparison {
  for (const key of SIDE_KEYS) {
    const side = sides[key];
    if (side && side.scenario.scheme !== SIDE_SCHEME[key]) throw new Error(`a comparison's ${SCHEME_LABEL[SIDE_SCHEME[key]]} column got a ${SCHEME_LABEL[side.scenario.scheme]} run`);
  }
  const w = COMPARE_WORDS[extra.lang ?? 'en'];
  const { smr, pb } = sides;
  const first = sides[SCHEME_SIDE[given]] ?? smr;
  const rows = [arbitraryRow(smr, pb, w), lossRow(smr, pb, w), handlingRow(smr, pb, w), copiesRow(smr, pb, w), replicasRow(smr, pb, w), costRow(smr, pb, w)];
  for (const key of ['raft', 'pbft'] as const) {
    const side = sides[key];
    if (!side) continue;
    for (const row of rows) {
      const cell = helperlessCell(row.id, key, side, sides, w);
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

/**
 * The notes a comparison of `given` with the columns present carries: each derived column's
 * dropped or moved faults and how it differs, in the table's column order (the same as
 * comparisonScenarios gives for a two- or a four-column comparison), in `lang`.
 */
export function columnNotes(given: Scenario, keys: readonly SideKey[], mapping: FaultMapping, lang: Lang = 'en'): { faultNotes: string[]; changes: string[] } {
  const faultNotes: string[] = [];
  const changes: string[] = [];
  for (const key of SIDE_KEYS) {
    if (!keys.includes(key) || SIDE_SCHEME[key] === given.scheme) continue;
    const c = schemeScenario(given, SIDE_SCHEME[key], mapping, lang);
    faultNotes.push(...c.faultNotes);
    changes.push(...c.changes);
  }
  return { faultNotes, changes };
}

/**
 * The same table in another language: the columns' runs kept, every cell, claim and note
 * worded again, the derived columns' notes derived again from the given scenario (the
 * mapping that made the columns decides which faults were moved or dropped).
 */
export function comparisonIn(c: Comparison, lang: Lang, mapping: FaultMapping): Comparison {
  const given = c[SCHEME_SIDE[c.given]] ?? c.smr;
  const sides: Cells<CompareSide> = { smr: c.smr, pb: c.pb, ...(c.raft ? { raft: c.raft } : {}), ...(c.pbft ? { pbft: c.pbft } : {}) };
  return buildTable(sides, c.given, { ...columnNotes(given.scenario, comparisonColumns(c), mapping, lang), lang });
}

/** One cell of a column without a trusted helper: the lecture's expectation, the figure, the verdict and why. */
interface ColumnCell {
  lecture: string;
  measured: string;
  verdict: Verdict;
  notes: string[];
}

/** Why a run is outside what its scheme's bound promises, or null when it is within it. */
function beyondBound(s: CompareSide, w: CompareWords): string | null {
  const bound = replicaBound(s.scenario.scheme, s.scenario.failureModel, s.summary.k);
  const formula = boundFormula(s.scenario.scheme, s.scenario.failureModel);
  const faulty = faultyReplicas(s.scenario).length;
  if (s.summary.n < bound) return w.notes.whyBelowBound(s.summary.n, formula, bound);
  if (s.scenario.failureModel === 'fail-stop' && s.summary.byzantineReplicas.length > 0) return w.notes.whyByzantineFailStop(formula);
  if (faulty > s.summary.k) return w.notes.whyTooManyFaulty(faulty, s.summary.k);
  return null;
}

/** What a run cost per request: CPU time when every column measured it (real mode), messages otherwise. */
function costOf(s: CompareSide, cpu: boolean): number {
  return cpu ? (s.summary.cpuMsPerRequest ?? 0) : s.summary.messages.perRequest;
}

function helperlessCell(id: RowId, key: 'raft' | 'pbft', s: CompareSide, sides: Cells<CompareSide>, w: CompareWords): ColumnCell {
  const label = w.noteLabel[key];
  const lecture = w.claim[id][key];
  const notes: string[] = [];
  const r = s.summary.requests;
  const byz = s.summary.byzantineReplicas;
  const beyond = beyondBound(s, w);
  const raft = key === 'raft';
  switch (id) {
    case 'arbitrary': {
      let verdict: Verdict;
      if (byz.length === 0) {
        notes.push(w.notes.helperlessNoByzantine(label, raft));
        verdict = 'not-tested';
      } else if (raft) {
        if (r.answeredWrong > 0) verdict = 'agrees';
        else {
          notes.push(w.notes.raftByzantineSilent(label, formatReplicas(byz)));
          verdict = 'departs';
        }
      } else if (beyond !== null) {
        notes.push(w.notes.pbftBeyond(label, beyond));
        verdict = 'beyond-bound';
      } else if (r.answeredWrong === 0) verdict = 'agrees';
      else {
        notes.push(w.notes.pbftWrongAccepted(label));
        verdict = 'departs';
      }
      return { lecture, measured: arbitraryCell(s, w), verdict, notes };
    }
    case 'loss': {
      const missed = r.lost + r.undecided;
      let verdict: Verdict;
      if (missed === 0) verdict = 'agrees';
      else if (beyond !== null) {
        notes.push(w.notes.helperlessLossBeyond(label, missed, beyond));
        verdict = 'beyond-bound';
      } else {
        notes.push(w.notes.helperlessLoss(label, missed, raft));
        verdict = 'departs';
      }
      return { lecture, measured: lossCell(s, w), verdict, notes };
    }
    case 'handling': {
      if (raft) {
        const fos = s.summary.failovers;
        let verdict: Verdict;
        if (s.summary.splitBrain) {
          notes.push(w.notes.raftSplitBrain(label));
          verdict = 'departs';
        } else if (fos.length > 0) verdict = 'agrees';
        else {
          notes.push(w.notes.raftNoElection(label));
          verdict = 'not-tested';
        }
        return { lecture, measured: failoversCell(s, 'leader change', w), verdict, notes };
      }
      const v = s.summary.votes;
      const verdict: Verdict = v.decided > 0 && v.wrongDecided === 0 ? 'agrees' : 'departs';
      if (verdict === 'departs') notes.push(w.notes.pbftVotes(label, v.decided, v.wrongDecided));
      return { lecture, measured: `${votesCell(s, w)}; ${failoversCell(s, 'view change', w)}`, verdict, notes };
    }
    case 'copies': {
      const copies = s.costs.requestCopiesPerRequest;
      let verdict: Verdict;
      if (raft) {
        verdict = copies < Math.max(1.5, 0.9 * s.summary.n) ? 'agrees' : 'departs';
        if (copies > 1.05) notes.push(w.notes.raftExtraCopies(label, copies));
      } else {
        verdict = copies >= 0.9 * s.summary.n ? 'agrees' : 'departs';
        if (verdict === 'departs') notes.push(w.notes.helperlessFewCopies(label, s.summary.n));
      }
      return { lecture, measured: copiesCell(s, w), verdict, notes };
    }
    case 'replicas': {
      const { cell, verdict } = replicasCell(s, label, notes, w);
      return { lecture, measured: cell, verdict, notes };
    }
    case 'cost': {
      const present = SIDE_KEYS.map((k) => sides[k]).filter((x): x is CompareSide => x !== undefined);
      const cpu = present.every((x) => x.summary.cpuMsPerRequest !== null);
      const unit = cpu ? 'cpu' : 'messages';
      const mine = costOf(s, cpu);
      let verdict: Verdict;
      if (raft) {
        const pb = costOf(sides.pb, cpu);
        verdict = mine > pb ? 'agrees' : 'departs';
        if (verdict === 'departs') notes.push(w.notes.raftNotMore(label, mine, pb, unit));
      } else {
        const most = Math.max(...present.filter((x) => x !== s).map((x) => costOf(x, cpu)));
        verdict = mine >= most ? 'agrees' : 'departs';
        if (verdict === 'departs') notes.push(w.notes.pbftNotMost(label, mine, most, unit));
      }
      return { lecture, measured: costCell(s, w), verdict, notes };
    }
  }
}

/** A verdict in words, per language. */
export const VERDICT_LABELS: Record<Lang, Record<Verdict, string>> = { en: COMPARE_WORDS.en.verdict, ko: COMPARE_WORDS.ko.verdict };

export const VERDICT_LABEL: Record<Verdict, string> = VERDICT_LABELS.en;

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

/** How many terminal columns a text takes: Hangul and other wide characters take two. */
export function columnsOf(text: string): number {
  let n = 0;
  for (const ch of text) n += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(ch) ? 2 : 1;
  return n;
}

function wrap(text: string, width: number): string[] {
  const words = text.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line.length > 0 && columnsOf(line) + 1 + columnsOf(w) > width) {
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

/**
 * The table for a terminal: one block per row, the schemes side by side, in `lang` (the
 * comparison's cells and notes are in the language it was built in: build it in the same).
 */
export function comparisonToText(c: Comparison, lang: Lang = 'en'): string {
  const w = COMPARE_WORDS[lang];
  const columns = comparisonColumns(c);
  const colW = columns.length > 2 ? 30 : 46;
  const aspectW = columns.length > 2 ? 18 : 24;
  const out: string[] = [];
  out.push(`${c.scenarioName}`);
  out.push(`  ${w.text.header(c.mode === 'sim', c.seed, c.k, columns.length)}`);
  out.push(`  ${columns.map((k) => w.text.columnLine(w.scheme[SIDE_SCHEME[k]], c[k]?.scenario.failureModel ?? 'fail-stop', c[k]?.summary.n)).join('    ')}`);
  for (const ch of c.changes) out.push(`  ${w.text.derived(ch)}`);
  for (const f of c.faultNotes) out.push(`  ${w.text.fault(f)}`);
  out.push('');
  const sep = [aspectW, ...columns.map(() => colW)].map((x) => '-'.repeat(x)).join('-+-');
  const pad = (x: string, width: number): string => x + ' '.repeat(Math.max(0, width - columnsOf(x)));
  const line = (cells: string[]): string => cells.map((x, i) => (i === cells.length - 1 ? x : pad(x, i === 0 ? aspectW : colW))).join(' | ');
  out.push(line(['', ...columns.map((k) => w.column[k])]));
  out.push(sep);
  for (const r of c.rows) {
    const blocks = [
      wrap(r.aspect, aspectW),
      ...columns.map((k) => [...wrap(`${w.text.lecture}: ${r.lecture[k] ?? ''}`, colW), ...wrap(`${w.text.measured}: ${r.measured[k] ?? ''}`, colW), ...wrap(`-> ${w.verdict[r.verdict[k] ?? 'not-tested']}`, colW)]),
    ];
    const h = Math.max(...blocks.map((b) => b.length));
    for (let i = 0; i < h; i++) out.push(line(blocks.map((b) => b[i] ?? '')));
    out.push(sep);
  }
  const notes = c.rows.flatMap((r) => r.notes);
  if (notes.length > 0) {
    out.push('', w.text.notesTitle);
    for (const n of notes) out.push(...wrap(n, 100).map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`)));
  }
  return out.join('\n');
}
