/**
 * The bench's account of where a request's latency goes: for each request, the hop to the
 * sequencer, the hand-off to the replicas, the round trip to the replica whose answer makes
 * the k+1, and the vote; medians over requests, and the round trip measured to the
 * deciding replica, not the fastest one.
 */
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../shared/events.js';
import { latencyParts } from './latency-parts.js';

/** One request's events at the given times (ms). */
function request(client: number, req: number, at: number, firstId: number): unknown[] {
  const ids = [firstId, firstId + 1, firstId + 2];
  return [
    { t: at, type: 'request', client, req },
    { t: at + 0.05, type: 'order', seq: firstId, client, req },
    ...ids.map((id, i) => ({ t: at + 0.06, type: 'send', id, from: 'sequencer', to: `r${i + 1}`, kind: 'ordered' })),
    ...ids.map((id, i) => ({ t: at + 0.07 + i * 0.01, type: 'deliver', id, from: 'sequencer', to: `r${i + 1}`, kind: 'ordered' })),
    { t: at + 0.3, type: 'apply', replica: 1, seq: firstId, client, req },
    { t: at + 0.4, type: 'apply', replica: 2, seq: firstId, client, req },
    { t: at + 0.45, type: 'accept', client, req },
    { t: at + 0.5, type: 'apply', replica: 3, seq: firstId, client, req },
  ];
}

describe('where a request\'s latency goes', () => {
  it('splits each request at the replica whose answer completes the k+1, and takes medians', () => {
    const log = [...request(1, 1, 10, 1), ...request(2, 1, 20, 4), ...request(1, 2, 30, 7)] as RunEvent[];
    const parts = latencyParts(log, 2);
    expect(parts).not.toBeNull();
    expect(parts!.requests).toBe(3);
    expect(parts!.toSequencerUs).toBeCloseTo(50, 6);
    expect(parts!.handOffUs).toBeCloseTo(30, 6);
    expect(parts!.replicaRoundTripUs).toBeCloseTo(320, 6);
    expect(parts!.voteUs).toBeCloseTo(50, 6);
    expect(parts!.totalUs).toBeCloseTo(450, 6);
    // With one matching reply enough, the fastest replica decides.
    expect(latencyParts(log, 1)!.replicaRoundTripUs).toBeCloseTo(230, 6);
    // Requests issued before fromMs are left out.
    expect(latencyParts(log, 2, 15)!.requests).toBe(2);
    expect(latencyParts([], 2)).toBeNull();
  });
});
