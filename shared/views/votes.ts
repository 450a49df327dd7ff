/**
 * State-machine voting folded from an event log, request by request: each reply the
 * client's voter counted, grouped by value, the threshold and the decision. Whether an
 * accepted value was right is not decided here: that is the oracle's (shared/analysis),
 * passed in as each request's outcome. Folds batches (the app) or a whole log (the report).
 */
import type { Outcome } from '../analysis/summary.js';
import type { RunEvent } from '../events.js';
import type { Json } from '../json.js';
import { jsonEqual } from '../json.js';
import type { VoteDecision } from '../protocol/types.js';
import type { Scenario, Scheme } from '../scenario.js';

/** What the vote views say of a request. */
export type Verdict = 'correct' | 'masked' | 'wrong value accepted' | 'no majority' | 'pending' | 'checking';

export const VERDICTS: readonly Verdict[] = ['correct', 'masked', 'wrong value accepted', 'no majority', 'pending', 'checking'];

export interface VoteRow {
  key: string;
  client: number;
  req: number;
  issuedAt: number;
  /** Replies grouped by value, as the client's voter last counted them (one per replica). */
  tally: { value: Json; replicas: number[] }[];
  threshold: number;
  decision: VoteDecision | 'gave-up';
  accepted: Json | undefined;
  latencyMs: number | null;
  decidedAt: number | null;
}

/** The key of a request, as the analysis keys its records. */
export const voteKey = (client: number, req: number): string => `${client}:${req}`;

export class VoteFold {
  readonly scheme: Scheme;
  readonly rows = new Map<string, VoteRow>();
  /** Vote rows in the order their requests were first voted on. */
  readonly order: VoteRow[] = [];
  private readonly issued = new Map<string, number>();

  constructor(scenario: Pick<Scenario, 'scheme'>) {
    this.scheme = scenario.scheme;
  }

  ingest(events: readonly RunEvent[]): void {
    for (const e of events) this.one(e);
  }

  one(e: RunEvent): void {
    // Clients vote under state-machine replication and PBFT (k+1 matching replies); elsewhere they take one reply.
    if (this.scheme !== 'state-machine' && this.scheme !== 'pbft') return;
    switch (e.type) {
      case 'request':
        this.issued.set(voteKey(e.client, e.req), e.t);
        break;
      case 'vote': {
        const row = this.row(e.client, e.req);
        row.tally = e.tally;
        row.threshold = e.threshold;
        if (row.decision === 'pending' || row.decision === 'no-majority') row.decision = e.decision;
        break;
      }
      case 'accept': {
        const row = this.row(e.client, e.req);
        row.decision = 'accepted';
        row.accepted = e.value;
        row.latencyMs = e.latencyMs;
        row.decidedAt = e.t;
        break;
      }
      case 'give-up': {
        const row = this.row(e.client, e.req);
        row.decision = 'gave-up';
        row.decidedAt = e.t;
        break;
      }
      default:
        break;
    }
  }

  private row(client: number, req: number): VoteRow {
    const key = voteKey(client, req);
    let row = this.rows.get(key);
    if (!row) {
      row = { key, client, req, issuedAt: this.issued.get(key) ?? 0, tally: [], threshold: 0, decision: 'pending', accepted: undefined, latencyMs: null, decidedAt: null };
      this.rows.set(key, row);
      this.order.push(row);
    }
    return row;
  }
}

/** A row's verdict, given the oracle's outcome for its request (undefined while not analysed). */
export function verdictOf(row: VoteRow, outcome: Outcome | undefined): Verdict {
  if (row.decision === 'gave-up' || row.decision === 'no-majority') return 'no majority';
  if (row.decision !== 'accepted') return 'pending';
  if (outcome === 'answered-wrong') return 'wrong value accepted';
  if (outcome !== 'answered-correct') return 'checking';
  // Masked: some replica answered something else and was outvoted.
  return row.tally.length > 1 ? 'masked' : 'correct';
}

export interface VerdictRow {
  row: VoteRow;
  verdict: Verdict;
}

export function verdictRows(rows: readonly VoteRow[], outcomes: ReadonlyMap<string, Outcome>): VerdictRow[] {
  return rows.map((row) => ({ row, verdict: verdictOf(row, outcomes.get(row.key)) }));
}

export function verdictTotals(rows: readonly VerdictRow[]): Record<Verdict, number> {
  const t: Record<Verdict, number> = { correct: 0, masked: 0, 'wrong value accepted': 0, 'no majority': 0, pending: 0, checking: 0 };
  for (const r of rows) t[r.verdict] += 1;
  return t;
}

/** Per replica (index replica - 1): counted replies that matched the accepted value, differed, or belong to a request never decided. */
export interface ReplicaTally {
  agree: number[];
  differ: number[];
  unsettled: number[];
}

export function replicaTally(rows: readonly VoteRow[], n: number): ReplicaTally {
  const t: ReplicaTally = { agree: new Array<number>(n).fill(0), differ: new Array<number>(n).fill(0), unsettled: new Array<number>(n).fill(0) };
  for (const row of rows) {
    for (const group of row.tally) {
      const into = row.decision !== 'accepted' ? t.unsettled : jsonEqual(group.value, row.accepted ?? null) ? t.agree : t.differ;
      for (const r of group.replicas) if (r >= 1 && r <= n) into[r - 1]! += 1;
    }
  }
  return t;
}

/** Folds a whole log (the report, tests). */
export function votesOf(scenario: Pick<Scenario, 'scheme'>, events: readonly RunEvent[]): VoteFold {
  const fold = new VoteFold(scenario);
  fold.ingest(events);
  return fold;
}
