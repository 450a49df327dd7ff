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
 * Pure: no clock, no I/O. Runs are made by the caller (electron/report/compare-run.ts).
 */
import { describeFault, OUTCOME_LABEL } from './describe.js';
import type { RunSummary } from './analysis/summary.js';
import type { RunEvent, RunMode } from './events.js';
import { replicaIdOf } from './protocol/types.js';
import type { Fault, Scenario, Scheme } from './scenario.js';
import { parseScenario, replicaBound, ScenarioError } from './scenario.js';
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

/** The same scenario under the other scheme, at that scheme's replica bound for the same k. */
export function counterpartScenario(s: Scenario, mapping: FaultMapping = 'drop'): Counterpart {
  if (s.scheme === 'raft' || s.scheme === 'pbft') {
    // The lecture's table pairs the two schemes with trusted helpers; Raft and PBFT join them in a
    // four-column comparison, not built yet. Refused as bad input, with the reason, not a crash.
    throw new ScenarioError([`scheme: Compare puts state-machine replication beside primary-backup; a ${SCHEME_LABEL[s.scheme]} scenario has no counterpart there yet (open it under one of those schemes to compare, or run it on its own)`]);
  }
  const scheme: Scheme = s.scheme === 'state-machine' ? 'primary-backup' : 'state-machine';
  const failureModel = scheme === 'state-machine' ? 'arbitrary' : 'fail-stop';
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
  const changes = [
    `${SCHEME_LABEL[scheme]}, ${failureModel}, n = ${replicas} (${scheme === 'state-machine' ? '2k+1' : 'k+1'} for k = ${s.k})`,
  ];
  const scenario = parseScenario({ ...s, name: `${s.name} (as ${SCHEME_LABEL[scheme]})`, scheme, failureModel, replicas, faults });
  return { scenario, faultNotes, changes };
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
  lecture: { smr: string; pb: string };
  measured: { smr: string; pb: string };
  verdict: { smr: Verdict; pb: Verdict };
  /** Why a cell departs from the claim, or why it was not exercised. */
  notes: string[];
}

export interface Comparison {
  scenarioName: string;
  mode: RunMode;
  seed: number;
  k: number;
  /** Which scheme the scenario given used; the other side is the derived counterpart. */
  given: Scheme;
  smr: CompareSide;
  pb: CompareSide;
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

function arbitraryRow(smr: CompareSide, pb: CompareSide): ComparisonRow {
  const notes: string[] = [];
  const cell = (s: CompareSide): string => {
    const r = s.summary.requests;
    const byz = s.summary.byzantineReplicas;
    return `${formatCount(r.answeredWrong)} wrong of ${formatCount(r.issued)} accepted${byz.length > 0 ? ` (Byzantine: ${formatReplicas(byz)})` : ' (no Byzantine replica)'}`;
  };
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

function lossRow(smr: CompareSide, pb: CompareSide): ComparisonRow {
  const notes: string[] = [];
  const cell = (s: CompareSide): string => {
    const r = s.summary.requests;
    const parts = [`${formatCount(r.lost)} ${OUTCOME_LABEL.lost}`];
    if (s.scenario.scheme === 'state-machine') parts.push(`${formatCount(r.undecided)} ${OUTCOME_LABEL.undecided}`);
    if (r.executedTwice > 0) parts.push(`${formatCount(r.executedTwice)} executed twice`);
    return `${parts.join(', ')} of ${formatCount(r.issued)}`;
  };
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

function handlingRow(smr: CompareSide, pb: CompareSide): ComparisonRow {
  const notes: string[] = [];
  const v = smr.summary.votes;
  const smrCell = `${formatCount(v.decided)} votes decided, ${formatCount(v.undecided)} undecided, ${formatCount(v.wrongDecided)} decided on a wrong value`;
  const fos = pb.summary.failovers;
  let pbCell: string;
  if (fos.length === 0) pbCell = 'no failover';
  else {
    const shown = fos.slice(0, 3).map(failoverText);
    pbCell = `${fos.length} failover${fos.length === 1 ? '' : 's'}: ${shown.join('; ')}${fos.length > 3 ? `; and ${fos.length - 3} more` : ''}`;
  }
  if (pb.summary.splitBrain) {
    pbCell += '; SPLIT BRAIN';
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

function copiesRow(smr: CompareSide, pb: CompareSide): ComparisonRow {
  const notes: string[] = [];
  const cell = (s: CompareSide): string => `${s.costs.requestCopiesPerRequest} request cop${s.costs.requestCopiesPerRequest === 1 ? 'y' : 'ies'} and ${s.summary.messages.perRequest} messages per request`;
  const smrAgrees = smr.costs.requestCopiesPerRequest >= 0.9 * smr.summary.n;
  if (!smrAgrees) notes.push(`State-machine: fewer than n = ${smr.summary.n} copies per request on average (replicas that were down or cut off missed some).`);
  const pbAgrees = pb.costs.requestCopiesPerRequest < Math.max(1.5, 0.9 * pb.summary.n);
  if (pb.costs.requestCopiesPerRequest > 1.05) {
    notes.push(`Primary-backup: ${pb.costs.requestCopiesPerRequest} copies per request rather than 1: client retries and requests sent to a replica that was no longer primary add copies.`);
  }
  const head = { id: 'copies', aspect: 'Request copy (and messages)', lecture: { smr: 'to all replicas', pb: 'only to the primary' } } as const;
  return sideBySide(head, cell, { smr, pb }, { smr: smrAgrees ? 'agrees' : 'departs', pb: pbAgrees ? 'agrees' : 'departs' }, notes);
}

function replicasRow(smr: CompareSide, pb: CompareSide): ComparisonRow {
  const notes: string[] = [];
  const side = (s: CompareSide, label: string): { cell: string; verdict: Verdict } => {
    const bound = replicaBound(s.scenario.scheme, s.scenario.failureModel, s.summary.k);
    const formula = s.scenario.scheme === 'state-machine' && s.scenario.failureModel === 'arbitrary' ? '2k+1' : 'k+1';
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
  };
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

function costRow(smr: CompareSide, pb: CompareSide): ComparisonRow {
  const notes: string[] = [];
  const cell = (s: CompareSide): string => {
    const cpu = s.summary.cpuMsPerRequest === null ? 'CPU not measured in simulation' : `${formatMs(s.summary.cpuMsPerRequest)} CPU per request`;
    return `${cpu}; ${s.summary.n} replicas, ${s.costs.executionsPerRequest} executions and ${s.summary.messages.perRequest} messages per request; latency p50 ${formatMs(s.summary.latencyMs.p50)}`;
  };
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
  if (smr.scenario.scheme !== 'state-machine' || pb.scenario.scheme !== 'primary-backup') throw new Error('a comparison needs one state-machine run and one primary-backup run');
  return {
    scenarioName: a.scenario.name,
    mode: a.summary.mode,
    seed: a.summary.seed,
    k: a.summary.k,
    given: a.scenario.scheme,
    smr,
    pb,
    faultNotes: extra.faultNotes ?? [],
    changes: extra.changes ?? [],
    rows: [arbitraryRow(smr, pb), lossRow(smr, pb), handlingRow(smr, pb), copiesRow(smr, pb), replicasRow(smr, pb), costRow(smr, pb)],
  };
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
    out[`compare.${r.id}.smr`] = r.measured.smr;
    out[`compare.${r.id}.pb`] = r.measured.pb;
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

/** The table for a terminal: one block per row, the two schemes side by side. */
export function comparisonToText(c: Comparison): string {
  const colW = 46;
  const aspectW = 24;
  const out: string[] = [];
  out.push(`${c.scenarioName}`);
  out.push(`  ${c.mode === 'sim' ? 'simulated' : 'real processes'}, seed ${c.seed}, k = ${c.k}; the same workload and faults under both schemes`);
  out.push(`  state-machine: ${c.smr.scenario.failureModel}, n = ${c.smr.summary.n}    primary-backup: ${c.pb.scenario.failureModel}, n = ${c.pb.summary.n}`);
  for (const ch of c.changes) out.push(`  derived side: ${ch}`);
  for (const f of c.faultNotes) out.push(`  fault ${f}`);
  out.push('');
  const sep = `${'-'.repeat(aspectW)}-+-${'-'.repeat(colW)}-+-${'-'.repeat(colW)}`;
  const line = (a: string, b: string, d: string): string => `${a.padEnd(aspectW)} | ${b.padEnd(colW)} | ${d}`;
  out.push(line('', 'State-machine replication', 'Primary-backup'));
  out.push(sep);
  for (const r of c.rows) {
    const cells = [wrap(r.aspect, aspectW), wrap(`lecture: ${r.lecture.smr}`, colW), wrap(`lecture: ${r.lecture.pb}`, colW)];
    const measured = [[] as string[], wrap(`measured: ${r.measured.smr}`, colW), wrap(`measured: ${r.measured.pb}`, colW)];
    const verdicts = [[] as string[], [`-> ${VERDICT_LABEL[r.verdict.smr]}`], [`-> ${VERDICT_LABEL[r.verdict.pb]}`]];
    const blocks = [0, 1, 2].map((i) => [...(cells[i] ?? []), ...(measured[i] ?? []), ...(verdicts[i] ?? [])]);
    const h = Math.max(...blocks.map((b) => b.length));
    for (let i = 0; i < h; i++) out.push(line(blocks[0]?.[i] ?? '', blocks[1]?.[i] ?? '', blocks[2]?.[i] ?? ''));
    out.push(sep);
  }
  const notes = c.rows.flatMap((r) => r.notes);
  if (notes.length > 0) {
    out.push('', 'Where the measurement departs from the lecture, or was not exercised:');
    for (const n of notes) out.push(...wrap(n, 100).map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`)));
  }
  return out.join('\n');
}
