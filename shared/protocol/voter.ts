/**
 * The client's voter: a pure function from the replies received so far to a decision.
 * Under arbitrary failures a value is accepted once k+1 replicas sent it, since at most
 * k can lie; under fail-stop the first reply is accepted, since replicas never lie.
 */
import type { Json } from '../json.js';
import { canonicalJson } from '../json.js';
import type { VoteDecision } from './types.js';

export interface Vote {
  replica: number;
  value: Json;
}

export interface VoteResult {
  decision: VoteDecision;
  /** The accepted value (only when decision is 'accepted'). */
  value: Json | undefined;
  /** Replies grouped by value, largest group first (ties: the value seen first). */
  tally: { value: Json; replicas: number[] }[];
}

/**
 * Tallies votes: each replica's first reply counts once. `accepted` when some value has
 * `threshold` matching replies; `no-majority` when no value can reach the threshold even
 * if every replica that has not replied yet sends it; `pending` otherwise.
 */
export function tallyVotes(votes: readonly Vote[], threshold: number, n: number): VoteResult {
  if (votes.length === 1) {
    // The first reply (every reply under fail-stop): one group, and no value to compare.
    const only = votes[0] as Vote;
    const tally = [{ value: only.value, replicas: [only.replica] }];
    if (threshold <= 1) return { decision: 'accepted', value: only.value, tally };
    return { decision: 1 + Math.max(0, n - 1) < threshold ? 'no-majority' : 'pending', value: undefined, tally };
  }
  const groups = new Map<string, { value: Json; replicas: number[] }>();
  const voted = new Set<number>();
  for (const v of votes) {
    if (voted.has(v.replica)) continue;
    voted.add(v.replica);
    const key = canonicalJson(v.value);
    const group = groups.get(key);
    if (group) group.replicas.push(v.replica);
    else groups.set(key, { value: v.value, replicas: [v.replica] });
  }
  const tally = [...groups.values()].sort((a, b) => b.replicas.length - a.replicas.length);
  const top = tally[0];
  if (top && top.replicas.length >= threshold) return { decision: 'accepted', value: top.value, tally };
  const outstanding = Math.max(0, n - voted.size);
  const best = top ? top.replicas.length : 0;
  const decision: VoteDecision = best + outstanding < threshold ? 'no-majority' : 'pending';
  return { decision, value: undefined, tally };
}
