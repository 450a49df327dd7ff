/**
 * The replica process's side, driven in-process through a fake channel: what it sends its
 * parent must always pass the parent's checks, however large the batch it was given.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { ProtocolConfig } from '../../shared/protocol/types.js';
import type { ReplicaToParent } from '../../shared/protocol/wire.js';
import { checkReplicaMessage } from '../../shared/protocol/wire.js';
import { OUTPUT_CHUNK, runReplicaProcess } from './host.js';
import type { ParentToReplica } from './ipc.js';

const config: ProtocolConfig = {
  scheme: 'state-machine',
  failureModel: 'arbitrary',
  service: 'counter',
  n: 3,
  k: 1,
  clients: 4,
  heartbeatMs: 50,
  failureTimeoutMs: 5000,
  leaseMs: 5000,
  viewProposalRetryMs: 5000,
  smrFetchRetryMs: 5000,
  smrRecoverRetryMs: 5000,
  clientTimeoutMs: 30_000,
  clientRetries: 0,
  dedup: true,
  fencing: true,
};

const title = process.title;
afterAll(() => {
  process.title = title;
});

function replica(): { sent: ReplicaToParent[]; deliver: (m: ParentToReplica) => void } {
  const sent: ReplicaToParent[] = [];
  let listener: (m: ParentToReplica) => void = () => undefined;
  runReplicaProcess({
    send: (m) => sent.push(JSON.parse(JSON.stringify(m)) as ReplicaToParent),
    onMessage: (l) => (listener = l),
    exit: () => {
      throw new Error('the replica tried to exit');
    },
  });
  listener({ type: 'init', id: 2, config, recovering: false, parentPid: process.ppid });
  return { sent, deliver: (m) => listener(m) };
}

const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('a replica process', () => {
  it('answers a batch of 3,500 deliveries in pieces the parent accepts, replying to every one', async () => {
    const r = replica();
    await turn();
    r.sent.length = 0;
    const items = Array.from({ length: 3500 }, (_, i) => ({ from: 'sequencer' as const, msg: { kind: 'ordered' as const, seq: i + 1, client: 1 + (i % 4), req: i + 1, op: { type: 'inc' as const, by: 1 } } }));
    r.deliver({ type: 'deliveries', items });
    await turn();
    const outputs = r.sent.filter((m) => m.type === 'output');
    expect(outputs.length).toBe(Math.ceil(3500 / OUTPUT_CHUNK));
    for (const m of outputs) expect(checkReplicaMessage(2, m)).toMatchObject({ ok: true });
    const replies = outputs.flatMap((m) => (m.type === 'output' ? m.sends : [])).filter((s) => s.msg.kind === 'reply');
    expect(replies.length).toBe(3500);
  });

  it('answers a delivery that asks for nothing with an empty output, so the relay sends the next batch', async () => {
    const r = replica();
    await turn();
    r.sent.length = 0;
    r.deliver({ type: 'deliver', from: 'sequencer', msg: { kind: 'watermark', nextSeq: 1 } });
    await turn();
    expect(r.sent).toEqual([{ type: 'output', sends: [], events: [] }]);
  });
});
