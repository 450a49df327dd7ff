/**
 * Test fixture: a replica process that runs the real protocol core but also sends its
 * parent garbage: wrong types, unknown message kinds, forged events, a 50 MB payload and
 * a flood. The parent must log and contain all of it and keep the run's verdicts right.
 */
import { runReplicaProcess } from '../../replica/host.js';
import type { ParentToReplica } from '../../replica/ipc.js';

const send = (m: unknown): void => {
  if (process.connected) process.send?.(m, (err: Error | null) => void err);
};

process.on('disconnect', () => process.exit(0));
let id = 0;
let sentGarbage = false;
runReplicaProcess({
  send,
  onMessage: (l) =>
    process.on('message', (m) => {
      const msg = m as ParentToReplica;
      if (msg.type === 'init') id = msg.id;
      l(msg);
      // On its first delivery, mid-run: no timer, so a slow machine changes nothing.
      if ((msg.type === 'deliver' || msg.type === 'deliveries') && !sentGarbage) {
        sentGarbage = true;
        setImmediate(() => {
          send('not an object');
          send({ type: 'output', sends: 'everything', events: [] });
          send({ type: 'teleport', to: 'r1' });
          send({ type: 'output', sends: [{ to: 'r1', msg: { kind: 'self-destruct' } }], events: [] });
          send({ type: 'output', sends: [], events: [{ type: 'apply', replica: id === 1 ? 2 : 1, seq: 1, client: 1, req: 1, stateHash: 'forged' }] });
          send({ type: 'output', sends: [{ to: 'c1', msg: { kind: 'reply', client: 1, req: 1, value: 'x'.repeat(50 * 1024 * 1024), view: 0 } }], events: [] });
          for (let i = 0; i < 20_000; i++) send({ type: 'cpu', userMs: 0, systemMs: 0 });
        });
      }
    }),
  exit: (code) => process.exit(code),
});
