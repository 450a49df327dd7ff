/**
 * Parameter sweeps: a grid over k, the replica count n, the number and kind of faults
 * and the failure-detection timeout, each cell an ordinary scenario derived from a base
 * scenario, and, on request, over the schemes too: the base is then carried to each
 * scheme as the comparison does (shared/compare.ts schemeScenario), so one sweep shows
 * state-machine replication, primary-backup, Raft and PBFT side by side. For every cell
 * this module predicts how many faults the configuration should tolerate (from the
 * lecture's bounds: k+1 matching replies out of n for arbitrary-failure voting, one
 * survivor for fail-stop, a majority for Raft, a 2k+1 quorum for PBFT) or that the fault
 * kind is beyond what the scheme claims to tolerate, and, once the runs are in, reports
 * where the guarantee ("every request answered correctly, none executed twice, no split
 * brain") held and where it broke, and whether it broke exactly where predicted.
 *
 * Pure: the caller runs the cells (electron/report/sweep-run.ts).
 */
import type { RunSummary } from './analysis/summary.js';
import { COMPARED_MODEL, schemeScenario, SIDE_KEYS, SIDE_SCHEME } from './compare.js';
import type { FailureModel, Fault, Scenario, Scheme } from './scenario.js';
import { MAX_K, MAX_REPLICAS, parseScenario, replicaBound, resolveTiming, ScenarioError, SCHEMES, withoutStepping } from './scenario.js';

/** What each injected fault does to its replica. */
export const SWEEP_FAULT_KINDS = ['crash', 'pause', 'silent', 'omission', 'lie', 'collude'] as const;
export type SweepFaultKind = (typeof SWEEP_FAULT_KINDS)[number];

/** A replica count: the scheme's bound, one below it, or a fixed number. */
export type NChoice = 'bound' | 'below' | number;

export interface SweepSpec {
  /** Scheme, failure model, service, workload, timing and options come from here; its faults are replaced. */
  base: Scenario;
  ks: number[];
  ns: NChoice[];
  /** Fault counts to try; 'to-k+1' means 0, 1, ..., k+1 for each k. */
  faultCounts: number[] | 'to-k+1';
  kinds: SweepFaultKind[];
  /**
   * failureTimeoutMs values (the failure detector's timeout only: the lease, view-proposal
   * and SMR retry timers keep the base scenario's values); empty means the base scenario's.
   */
  failureTimeoutsMs: number[];
  /**
   * The schemes to sweep, each from the base carried over as the comparison carries it
   * (the base's own scheme keeps the base's failure model); absent or empty means the
   * base's scheme only.
   */
  schemes?: readonly Scheme[];
}

/** Every scheme, in the order the comparison table shows them (its "all four schemes"). */
export const ALL_SWEEP_SCHEMES: readonly Scheme[] = SIDE_KEYS.map((key) => SIDE_SCHEME[key]);

/** A short name for a scheme in a row's label, the same in every language. */
export const SCHEME_SHORT: Record<Scheme, string> = { 'state-machine': 'SMR', 'primary-backup': 'PB', raft: 'Raft', pbft: 'PBFT' };

export interface SweepCell {
  index: number;
  scheme: Scheme;
  failureModel: FailureModel;
  k: number;
  n: number;
  /** How n relates to the bound: "2k+1", "2k", "k+1", "k", or "n=7". */
  nLabel: string;
  bound: number;
  faults: number;
  kind: SweepFaultKind;
  failureTimeoutMs: number;
  /** Faults the lecture's bound says this configuration tolerates; null when the kind is beyond the scheme's claim. */
  predictedTolerance: number | null;
  scenario: Scenario;
}

export class SweepSpecError extends Error {}

const BYZANTINE_KINDS: readonly SweepFaultKind[] = ['lie', 'collude'];

function nLabel(scheme: Scenario['scheme'], failureModel: Scenario['failureModel'], k: number, n: number): string {
  if (scheme === 'pbft') {
    if (n === 3 * k + 1) return '3k+1';
    if (n === 3 * k && k > 0) return '3k';
    return `n=${n}`;
  }
  // Raft's bound is 2k+1 like voting's: a majority must survive k crashes.
  const arbitrarySmr = (scheme === 'state-machine' && failureModel === 'arbitrary') || scheme === 'raft';
  if (arbitrarySmr && n === 2 * k + 1) return '2k+1';
  if (arbitrarySmr && n === 2 * k && k > 0) return '2k';
  if (!arbitrarySmr && n === k + 1) return 'k+1';
  if (!arbitrarySmr && n === k && k > 0) return 'k';
  return `n=${n}`;
}

/**
 * How many faulty replicas of this kind the configuration tolerates by the lecture's
 * reasoning. Arbitrary-failure voting needs k+1 matching replies: n−f correct replicas
 * must reach k+1, and colluders must stay at k or fewer. Fail-stop needs one live
 * replica; Raft a live majority: floor((n−1)/2) stopped replicas. PBFT's quorums of
 * ceil((n+k+1)/2) (pbftQuorum) must stay reachable: floor((n−1)/3) faulty replicas, lying
 * or not, at its bound 3k+1 and one below it. Lying replicas are outside the fail-stop
 * model (primary-backup, Raft, fail-stop voting): beyond the scheme's claim, null.
 */
export function predictTolerance(scheme: Scheme, failureModel: FailureModel, k: number, n: number, kind: SweepFaultKind): number | null {
  if (scheme === 'pbft') {
    // PBFT: quorums of ceil((n+k+1)/2) must stay reachable with f replicas faulty (silent,
    // crashed or lying alike), and clients' k+1 matching replies outvote at most k colluders.
    const byQuorum = Math.max(0, n - Math.ceil((n + k + 1) / 2));
    return kind === 'collude' ? Math.min(k, byQuorum) : byQuorum;
  }
  if (scheme === 'state-machine' && failureModel === 'arbitrary') {
    const enoughCorrect = n - k - 1;
    return Math.max(0, kind === 'collude' ? Math.min(k, enoughCorrect) : enoughCorrect);
  }
  if (BYZANTINE_KINDS.includes(kind)) return null;
  // Raft needs a majority up to elect and commit: it survives n minus a majority stopped replicas.
  if (scheme === 'raft') return Math.max(0, n - (Math.floor(n / 2) + 1));
  return Math.max(0, n - 1);
}

/** The faults of one cell: f replicas, from replica 1 up (the first primary first). */
export function sweepFaults(kind: SweepFaultKind, count: number, durationMs: number, failureTimeoutMs: number, heartbeatMs: number, leaseMs = failureTimeoutMs): Fault[] {
  const start = Math.round(durationMs * 0.2);
  // Stopping faults are staggered so each failover completes before the next fault: the
  // detector suspects, the arbiter waits out the old primary's lease, a heartbeat passes.
  const gap = Math.max(1, Math.min(failureTimeoutMs + leaseMs + heartbeatMs, Math.floor((durationMs * 0.6) / Math.max(count, 1))));
  const faults: Fault[] = [];
  for (let i = 0; i < count; i++) {
    const replica = i + 1;
    const atMs = start + i * gap;
    switch (kind) {
      case 'crash':
        faults.push({ atMs, type: 'crash', replica });
        break;
      case 'pause':
        faults.push({ atMs, type: 'pause', replica });
        break;
      case 'silent':
        faults.push({ atMs, type: 'byzantine', replica, behavior: 'silent' });
        break;
      case 'omission':
        faults.push({ atMs, type: 'omission', replica, probability: 1, direction: 'both' });
        break;
      case 'lie':
        faults.push({ atMs: start, type: 'byzantine', replica, behavior: 'lie' });
        break;
      case 'collude':
        faults.push({ atMs: start, type: 'byzantine', replica, behavior: 'collude' });
        break;
    }
  }
  return faults;
}

/**
 * The base timing with only the failure detector's timeout changed. The knobs that
 * default to failureTimeoutMs are pinned to the base's values, so a sweep over failure
 * timeouts does not also change the lease or how often SMR replicas re-fetch. At the
 * base's own timeout the timing is the base's, unchanged (and serializes as it did).
 */
function withFailureTimeout(timing: Scenario['timing'], failureTimeoutMs: number): Scenario['timing'] {
  if (failureTimeoutMs === timing.failureTimeoutMs) return timing;
  const { leaseMs, viewProposalRetryMs, smrFetchRetryMs, smrRecoverRetryMs } = resolveTiming(timing);
  return { ...timing, failureTimeoutMs, leaseMs, viewProposalRetryMs, smrFetchRetryMs, smrRecoverRetryMs };
}

/**
 * A replica command of one's own in a cell of n replicas: on every replica, or on those of
 * the listed ones the cell has (a cell with none of them is refused: it would test nothing of it).
 */
function replicaIn(base: Scenario, n: number): Pick<Scenario, 'replica'> {
  const r = base.replica;
  if (!r?.replicas) return {};
  const kept = r.replicas.filter((id) => id <= n);
  if (kept.length === 0) throw new SweepSpecError(`n = ${n}: the replica command runs on replica${r.replicas.length === 1 ? '' : 's'} ${r.replicas.join(', ')}, which a cluster of ${n} does not have; sweep larger n, or list lower replicas`);
  return { replica: { command: r.command, replicas: kept } };
}

/** The schemes a sweep runs, in the order given, each once: the base's own when none is given. */
export function sweepSchemes(spec: Pick<SweepSpec, 'base' | 'schemes'>): Scheme[] {
  const given = spec.schemes ?? [];
  for (const s of given) if (!(SCHEMES as readonly string[]).includes(s)) throw new SweepSpecError(`scheme "${String(s)}": not a scheme (known: ${SCHEMES.join(', ')})`);
  return given.length > 0 ? [...new Set(given)] : [spec.base.scheme];
}

/**
 * The base scenario of one scheme's cells: the base itself for its own scheme, otherwise
 * the base carried to that scheme by the comparison's rule (its failure model, the
 * built-in replica). The base's faults are left behind: each cell brings its own.
 */
function schemeBase(base: Scenario, scheme: Scheme): Scenario {
  if (scheme === base.scheme) return base;
  try {
    return schemeScenario({ ...base, faults: [] }, scheme).scenario;
  } catch (err) {
    if (err instanceof ScenarioError) throw new SweepSpecError(`${SCHEME_SHORT[scheme]}: the scenario cannot be carried over (${err.message})`);
    throw err;
  }
}

/** Every cell of the grid, in a stable order (scheme, k, n, kind, timeout, faults). */
export function expandSweep(spec: SweepSpec): SweepCell[] {
  if (spec.ks.length === 0 || spec.ns.length === 0 || spec.kinds.length === 0) throw new SweepSpecError('the grid is empty: give at least one k, one n and one fault kind');
  const schemes = sweepSchemes(spec);
  const cells: SweepCell[] = [];
  // Every cell differs from the base (its n, k or faults): the base's chosen messages do not carry over.
  for (const scheme of schemes) expandScheme(spec, schemeBase(withoutStepping(spec.base), scheme), schemes.length > 1, cells);
  if (cells.length === 0) throw new SweepSpecError('the grid is empty: no fault count fits the replica counts given');
  return cells;
}

/** One scheme's cells, appended to `cells` (numbered on from there). */
function expandScheme(spec: SweepSpec, base: Scenario, named: boolean, cells: SweepCell[]): void {
  const timeouts = spec.failureTimeoutsMs.length > 0 ? spec.failureTimeoutsMs : [base.timing.failureTimeoutMs];
  const prefix = named ? `${SCHEME_SHORT[base.scheme]}, ` : '';
  for (const k of spec.ks) {
    if (!Number.isInteger(k) || k < 0 || k > MAX_K) throw new SweepSpecError(`k = ${k}: must be a whole number from 0 to ${MAX_K}`);
    const bound = replicaBound(base.scheme, base.failureModel, k);
    const ns = [...new Set(spec.ns.map((c) => (c === 'bound' ? bound : c === 'below' ? bound - 1 : c)))];
    for (const n of ns) {
      if (n < 1) continue; // one below a bound of 1 is no cluster
      if (n > MAX_REPLICAS) throw new SweepSpecError(`n = ${n}: at most ${MAX_REPLICAS} replicas`);
      const counts = spec.faultCounts === 'to-k+1' ? Array.from({ length: k + 2 }, (_, i) => i) : spec.faultCounts;
      for (const kind of spec.kinds) {
        for (const failureTimeoutMs of timeouts) {
          for (const f of counts) {
            if (f > n) continue;
            const timing = withFailureTimeout(base.timing, failureTimeoutMs);
            const faults = sweepFaults(kind, f, base.workload.durationMs, failureTimeoutMs, timing.heartbeatMs, resolveTiming(timing).leaseMs);
            const label = nLabel(base.scheme, base.failureModel, k, n);
            const scenario = parseScenario({
              ...base,
              ...replicaIn(base, n),
              name: `sweep: ${prefix}k=${k}, n=${n} (${label}), ${f} × ${kind}, failure timeout ${failureTimeoutMs} ms`,
              k,
              replicas: n,
              timing,
              faults,
            });
            cells.push({
              index: cells.length,
              scheme: base.scheme,
              failureModel: base.failureModel,
              k,
              n,
              nLabel: label,
              bound,
              faults: f,
              kind,
              failureTimeoutMs,
              predictedTolerance: predictTolerance(base.scheme, base.failureModel, k, n, kind),
              scenario,
            });
          }
        }
      }
    }
  }
}

/** What broke in a run, in words; empty when the guarantee held. */
export function brokenGuarantees(s: RunSummary): string[] {
  const r = s.requests;
  const out: string[] = [];
  if (r.answeredWrong > 0) out.push(`${r.answeredWrong} wrong`);
  if (r.lost > 0) out.push(`${r.lost} lost`);
  if (r.undecided > 0) out.push(`${r.undecided} undecided`);
  if (r.unresolved > 0) out.push(`${r.unresolved} unresolved`);
  if (r.executedTwice > 0) out.push(`${r.executedTwice} executed twice`);
  if (s.splitBrain) out.push('split brain');
  return out;
}

/** The request outcomes a sweep row carries (the run summary's, as counts). */
type SweepOutcomes = Pick<RunSummary['requests'], 'issued' | 'answeredCorrect' | 'answeredWrong' | 'lost' | 'undecided' | 'executedTwice'>;

export interface SweepRow extends SweepOutcomes {
  index: number;
  scheme: Scheme;
  failureModel: FailureModel;
  k: number;
  n: number;
  nLabel: string;
  bound: number;
  kind: SweepFaultKind;
  faults: number;
  failureTimeoutMs: number;
  splitBrain: boolean;
  failovers: number;
  held: boolean;
  broken: string[];
  predictedTolerance: number | null;
  /** Whether held/broken is what the prediction says for this fault count (null: beyond the scheme's claim). */
  asPredicted: boolean | null;
  eventLogSha256: string;
}

export function sweepRow(cell: SweepCell, s: RunSummary): SweepRow {
  const broken = brokenGuarantees(s);
  const held = broken.length === 0;
  const predictedHeld = cell.predictedTolerance === null ? null : cell.faults <= cell.predictedTolerance;
  return {
    index: cell.index,
    scheme: cell.scheme,
    failureModel: cell.failureModel,
    k: cell.k,
    n: cell.n,
    nLabel: cell.nLabel,
    bound: cell.bound,
    kind: cell.kind,
    faults: cell.faults,
    failureTimeoutMs: cell.failureTimeoutMs,
    issued: s.requests.issued,
    answeredCorrect: s.requests.answeredCorrect,
    answeredWrong: s.requests.answeredWrong,
    lost: s.requests.lost,
    undecided: s.requests.undecided,
    executedTwice: s.requests.executedTwice,
    splitBrain: s.splitBrain,
    failovers: s.failovers.length,
    held,
    broken,
    predictedTolerance: cell.predictedTolerance,
    asPredicted: predictedHeld === null ? null : predictedHeld === held,
    eventLogSha256: s.eventLogSha256,
  };
}

/** One line of the grid: a configuration, over increasing fault counts. */
export interface SweepSeries {
  /** The configuration in words, led by the scheme's short name when the sweep has several. */
  label: string;
  /** The configuration in words without the scheme (a row inside its scheme's group). */
  rowLabel: string;
  scheme: Scheme;
  failureModel: FailureModel;
  k: number;
  n: number;
  nLabel: string;
  kind: SweepFaultKind;
  failureTimeoutMs: number;
  predictedTolerance: number | null;
  /** The largest fault count up to which every run held (−1 if even 0 faults broke it). */
  toleratedUpTo: number;
  /** The smallest fault count that broke it, or null if none did. */
  firstBroken: number | null;
  /** True when every run of the series held or broke exactly as predicted. */
  asPredicted: boolean | null;
  rows: SweepRow[];
}

export interface SweepResult {
  /** The base scenario's scheme and failure model. */
  scheme: Scenario['scheme'];
  failureModel: Scenario['failureModel'];
  /** The schemes swept, in order, each with the failure model its cells ran under (one group of series each). */
  schemes: { scheme: Scheme; failureModel: FailureModel }[];
  rows: SweepRow[];
  series: SweepSeries[];
  /** Series whose outcome differs from the prediction, in words. */
  surprises: string[];
}

/**
 * The runs' rows as series and surprises. `schemes` lists the schemes swept (sweepSchemes);
 * without it, those of the rows (a sweep cancelled early still names every scheme it had).
 */
export function aggregateSweep(base: Scenario, rows: SweepRow[], schemes?: readonly Scheme[]): SweepResult {
  const groups = new Map<string, SweepRow[]>();
  for (const r of rows) {
    const key = `${r.scheme}|${r.k}|${r.n}|${r.kind}|${r.failureTimeoutMs}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const swept = schemes && schemes.length > 0 ? [...new Set(schemes)] : rows.length > 0 ? [...new Set(rows.map((r) => r.scheme))] : [base.scheme];
  const modelOf = (scheme: Scheme): FailureModel => rows.find((r) => r.scheme === scheme)?.failureModel ?? (scheme === base.scheme ? base.failureModel : COMPARED_MODEL[scheme]);
  const named = swept.length > 1;
  const multipleTimeouts = new Set(rows.map((r) => r.failureTimeoutMs)).size > 1;
  const series: SweepSeries[] = [];
  const surprises: string[] = [];
  for (const g of groups.values()) {
    const sorted = [...g].sort((a, b) => a.faults - b.faults);
    const first = sorted[0];
    if (!first) continue;
    let toleratedUpTo = -1;
    for (const r of sorted) {
      if (!r.held) break;
      toleratedUpTo = r.faults;
    }
    const firstBroken = sorted.find((r) => !r.held)?.faults ?? null;
    const verdicts = sorted.map((r) => r.asPredicted);
    const asPredicted = verdicts.includes(null) ? null : verdicts.every((v) => v === true);
    const rowLabel = `k=${first.k}, n=${first.n} (${first.nLabel}), ${first.kind}${multipleTimeouts ? `, timeout ${first.failureTimeoutMs} ms` : ''}`;
    const label = named ? `${SCHEME_SHORT[first.scheme]}: ${rowLabel}` : rowLabel;
    series.push({ label, rowLabel, scheme: first.scheme, failureModel: first.failureModel, k: first.k, n: first.n, nLabel: first.nLabel, kind: first.kind, failureTimeoutMs: first.failureTimeoutMs, predictedTolerance: first.predictedTolerance, toleratedUpTo, firstBroken, asPredicted, rows: sorted });
    if (asPredicted === false) {
      const odd = sorted.filter((r) => r.asPredicted === false).map((r) => `${r.faults} fault${r.faults === 1 ? '' : 's'} ${r.held ? 'held' : `broke (${r.broken.join(', ')})`}`);
      surprises.push(`${label}: predicted to tolerate ${first.predictedTolerance}, but ${odd.join('; ')}`);
    }
  }
  return { scheme: base.scheme, failureModel: base.failureModel, schemes: swept.map((scheme) => ({ scheme, failureModel: modelOf(scheme) })), rows, series, surprises };
}

export const SWEEP_CSV_HEADER = [
  'k', 'n', 'n_vs_bound', 'bound', 'fault_kind', 'faults', 'failure_timeout_ms', 'issued', 'answered_correct', 'answered_wrong', 'lost', 'undecided',
  'executed_twice', 'split_brain', 'failovers', 'guarantee_held', 'broken', 'predicted_tolerance', 'as_predicted', 'event_log_sha256',
] as const;

/**
 * The CSV's rows, header first. A sweep over several schemes leads each row with its scheme
 * (and its failure model); a one-scheme sweep keeps the columns it always had.
 */
export function sweepCsvRows(result: SweepResult): (string | number | boolean | null)[][] {
  const named = result.schemes.length > 1;
  return [
    [...(named ? ['scheme', 'failure_model'] : []), ...SWEEP_CSV_HEADER],
    ...result.rows.map((r) => [
      ...(named ? [r.scheme, r.failureModel] : []),
      r.k, r.n, r.nLabel, r.bound, r.kind, r.faults, r.failureTimeoutMs, r.issued, r.answeredCorrect, r.answeredWrong, r.lost, r.undecided,
      r.executedTwice, r.splitBrain, r.failovers, r.held, r.broken.join('; '), r.predictedTolerance, r.asPredicted, r.eventLogSha256,
    ]),
  ];
}

/** The sweep for a terminal: one line per configuration, one column per fault count. */
export function sweepToText(result: SweepResult): string {
  const counts = [...new Set(result.rows.map((r) => r.faults))].sort((a, b) => a - b);
  const labelW = Math.max(12, ...result.series.map((s) => s.label.length));
  const cellW = 9;
  const lines: string[] = [];
  const swept = result.schemes.length > 1 ? result.schemes.map((s) => `${SCHEME_SHORT[s.scheme]} (${s.scheme}, ${s.failureModel})`).join('; ') : `${result.scheme}, ${result.failureModel}`;
  lines.push(`Sweep: ${swept}: every request answered correctly? (ok / the share answered correctly when not)`);
  lines.push('');
  lines.push(`${'configuration'.padEnd(labelW)}  ${counts.map((c) => `${c} fault${c === 1 ? '' : 's'}`.padStart(cellW)).join('')}   predicted     measured`);
  for (const s of result.series) {
    const cells = counts.map((c) => {
      const r = s.rows.find((x) => x.faults === c);
      if (!r) return ''.padStart(cellW);
      const text = r.held ? 'ok' : `${Math.floor((100 * r.answeredCorrect) / Math.max(1, r.issued))}%`;
      const mark = r.asPredicted === false ? '!' : ' ';
      return `${text}${mark}`.padStart(cellW);
    });
    const predicted = s.predictedTolerance === null ? 'beyond claim' : `≤ ${s.predictedTolerance}`;
    const measured = s.toleratedUpTo < 0 ? 'none' : `≤ ${s.toleratedUpTo}`;
    lines.push(`${s.label.padEnd(labelW)}  ${cells.join('')}   ${predicted.padEnd(12)}  ${measured}${s.asPredicted === false ? '  (differs)' : ''}`);
  }
  lines.push('', '"ok": the guarantee held; "NN%": it broke, NN% answered correctly; "!": differs from the prediction.');
  if (result.series.some((s) => s.predictedTolerance === null)) {
    lines.push('"beyond claim": the fault kind is outside the failure model the scheme claims to tolerate (lies against a fail-stop scheme): a break there is no failure of the scheme.');
  }
  if (result.surprises.length > 0) {
    lines.push('', 'Where the runs differ from the prediction:');
    for (const s of result.surprises) lines.push(`  - ${s}`);
  }
  return lines.join('\n');
}
