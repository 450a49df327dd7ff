/**
 * Where a state-machine request's latency goes, read from a real-mode run's log (every
 * event is stamped by the relay's clock as the relay sees it): the client's request reaching
 * the sequencer (both in the relay's process), the ordered request handed to the replicas,
 * the round trip to the replica whose answer completes the k+1 (its IPC there and back and
 * its handling), and that answer counted into the client's vote. The medians over requests
 * are the bench's account of its p50 next to the paced round-trip baseline.
 */
import type { RunEvent } from '../../shared/events.js';
import { percentile } from '../../shared/analysis/summary.js';

export interface LatencyParts {
  /** Requests read. */
  requests: number;
  /** Medians, µs. */
  toSequencerUs: number;
  handOffUs: number;
  replicaRoundTripUs: number;
  voteUs: number;
  totalUs: number;
}

type Ev<T extends RunEvent['type']> = Extract<RunEvent, { type: T }>;

/** The medians of each part over the answered requests issued from `fromMs` on (null: none), for a log with k+1 = `quorum` matching replies. */
export function latencyParts(events: readonly RunEvent[], quorum: number, fromMs = 0): LatencyParts | null {
  const key = (client: number, req: number): string => `${client}:${req}`;
  const issued = new Map<string, number>();
  const ordered = new Map<string, number>();
  const accepted = new Map<string, number>();
  const handedTo = new Map<string, Map<number, number>>();
  const applied = new Map<string, { replica: number; t: number }[]>();
  const sendOf = new Map<number, { key: string; replica: number }>();
  let lastOrder: string | null = null;
  for (const e of events) {
    switch (e.type) {
      case 'request':
        if (!issued.has(key(e.client, e.req))) issued.set(key(e.client, e.req), e.t);
        break;
      case 'order':
        lastOrder = key(e.client, e.req);
        if (!ordered.has(lastOrder)) ordered.set(lastOrder, e.t);
        break;
      case 'send': {
        const s = e as Ev<'send'>;
        if (s.from === 'sequencer' && s.kind === 'ordered' && lastOrder !== null && s.to.startsWith('r')) sendOf.set(s.id, { key: lastOrder, replica: Number(s.to.slice(1)) });
        break;
      }
      case 'deliver': {
        const s = sendOf.get(e.id);
        if (!s) break;
        const m = handedTo.get(s.key) ?? new Map<number, number>();
        if (!m.has(s.replica)) m.set(s.replica, e.t);
        handedTo.set(s.key, m);
        break;
      }
      case 'apply': {
        const k = key(e.client, e.req);
        applied.set(k, [...(applied.get(k) ?? []), { replica: e.replica, t: e.t }]);
        break;
      }
      case 'accept':
        if (!accepted.has(key(e.client, e.req))) accepted.set(key(e.client, e.req), e.t);
        break;
      default:
        break;
    }
  }
  const parts = { toSequencer: [] as number[], handOff: [] as number[], roundTrip: [] as number[], vote: [] as number[], total: [] as number[] };
  for (const [k, acceptT] of accepted) {
    const issueT = issued.get(k);
    const orderT = ordered.get(k);
    const handed = handedTo.get(k);
    const answers = (applied.get(k) ?? []).slice().sort((a, b) => a.t - b.t);
    const deciding = answers[quorum - 1];
    if (issueT === undefined || issueT < fromMs || orderT === undefined || !handed || !deciding) continue;
    const handT = handed.get(deciding.replica);
    if (handT === undefined) continue;
    parts.toSequencer.push(orderT - issueT);
    parts.handOff.push(handT - orderT);
    parts.roundTrip.push(deciding.t - handT);
    parts.vote.push(acceptT - deciding.t);
    parts.total.push(acceptT - issueT);
  }
  if (parts.total.length === 0) return null;
  const med = (xs: number[]): number => (percentile(xs.sort((a, b) => a - b), 50) ?? 0) * 1000;
  return {
    requests: parts.total.length,
    toSequencerUs: med(parts.toSequencer),
    handOffUs: med(parts.handOff),
    replicaRoundTripUs: med(parts.roundTrip),
    voteUs: med(parts.vote),
    totalUs: med(parts.total),
  };
}
