/**
 * The PBFT core on its own, message by message: authentication (a message whose MAC was
 * made by another replica than the one it comes from is discarded, and so is one changed
 * after it was authenticated), the prepared certificate's quorum and the water marks.
 */
import { describe, expect, it } from 'vitest';
import { protocolConfigOf } from '../engine/engine.js';
import { parseScenario } from '../scenario.js';
import type { PbftMessage } from './pbft.js';
import { digestOf, PairwiseKeys, PbftReplica, pbftQuorum } from './pbft.js';
import type { Address, Message, Output } from './types.js';

const SEED = 11;
const config = protocolConfigOf(parseScenario({ faultlab: 1, scheme: 'pbft', failureModel: 'arbitrary', k: 1, seed: SEED }));
const request = { client: 1, req: 1, op: { type: 'inc' as const, by: 1 } };
const digest = digestOf(request);

/** A message from replica `from` to replica `to`, authenticated with the key of the pair (signer, to). */
function signed<M extends PbftMessage>(msg: M, signer: number, to: number): M {
  return { ...msg, mac: new PairwiseKeys(signer, SEED).mac(msg, to) };
}

const sentKinds = (out: Output): string[] => out.sends.map((s) => s.msg.kind);

/** Replica 2, a backup of view 0, holding the primary's pre-prepare of seq 1. */
function backupWithPrePrepare(): PbftReplica {
  const r2 = new PbftReplica(2, config, { recovering: false });
  r2.start(0);
  const pp = signed({ kind: 'pre-prepare', view: 0, seq: 1, ...request, mac: '' }, 1, 2);
  const out = r2.onMessage('r1', pp, 1);
  expect(sentKinds(out)).toEqual(['prepare', 'prepare', 'prepare']);
  return r2;
}

const prepareFrom = (signer: number, d = digest): Message => signed({ kind: 'prepare', view: 0, seq: 1, digest: d, mac: '' }, signer, 2);

describe('PBFT core', () => {
  it('quorums are 2k+1 of 3k+1, and any two share k+1 replicas', () => {
    for (let k = 1; k <= 4; k++) {
      const n = 3 * k + 1;
      const q = pbftQuorum(n, k);
      expect(q).toBe(2 * k + 1);
      expect(2 * q - n).toBeGreaterThanOrEqual(k + 1);
    }
    // Below the bound a quorum needs more than n - k replicas: k silent ones stop it.
    expect(pbftQuorum(3, 1)).toBe(3);
  });

  it('a prepare authenticated by its sender counts: with the backup\'s own, 2k prepares make it prepared, and it commits', () => {
    const r2 = backupWithPrePrepare();
    const out = r2.onMessage('r3', prepareFrom(3), 2);
    expect(sentKinds(out)).toEqual(['commit', 'commit', 'commit']);
    expect(r2.status.rejected).toBe(0);
  });

  it('a prepare that claims to come from replica 3 but was authenticated by replica 4 is discarded', () => {
    const r2 = backupWithPrePrepare();
    // Replica 4 sends as if it were replica 3 (a spoofed source): it holds no key of the pair (2, 3).
    const out = r2.onMessage('r3', prepareFrom(4), 2);
    expect(out.sends).toHaveLength(0);
    expect(r2.status.rejected).toBe(1);
    // The genuine prepare of replica 3 still counts afterwards.
    expect(sentKinds(r2.onMessage('r3', prepareFrom(3), 3))).toEqual(['commit', 'commit', 'commit']);
  });

  it('a message changed after it was authenticated is discarded', () => {
    const r2 = backupWithPrePrepare();
    const genuine = prepareFrom(3);
    const tampered = { ...genuine, seq: 2 } as Message;
    expect(r2.onMessage('r3', tampered, 2).sends).toHaveLength(0);
    const unsigned: Message = { kind: 'prepare', view: 0, seq: 1, digest, mac: '' };
    expect(r2.onMessage('r3', unsigned, 2).sends).toHaveLength(0);
    expect(r2.status.rejected).toBe(2);
  });

  it('a pre-prepare from a replica that is not the primary, or outside the water marks, is not accepted', () => {
    const r2 = new PbftReplica(2, config, { recovering: false });
    r2.start(0);
    const fromBackup = signed({ kind: 'pre-prepare', view: 0, seq: 1, ...request, mac: '' }, 3, 2);
    expect(r2.onMessage('r3' as Address, fromBackup, 1).sends).toHaveLength(0);
    const tooFar = signed({ kind: 'pre-prepare', view: 0, seq: 5000, ...request, mac: '' }, 1, 2);
    expect(r2.onMessage('r1', tooFar, 1).sends).toHaveLength(0);
    // Neither was a forgery: they are refused for what they say.
    expect(r2.status.rejected).toBe(0);
  });

  it('a second pre-prepare for the same view and seq (equivocation) is ignored: the backup prepares only the first', () => {
    const r2 = backupWithPrePrepare();
    const other = { client: 2, req: 1, op: { type: 'inc' as const, by: 5 } };
    const second = signed({ kind: 'pre-prepare', view: 0, seq: 1, ...other, mac: '' }, 1, 2);
    expect(r2.onMessage('r1', second, 2).sends).toHaveLength(0);
    // Prepares for the other digest do not make it prepared either.
    expect(r2.onMessage('r3', prepareFrom(3, digestOf(other)), 3).sends).toHaveLength(0);
  });
});
