/**
 * Test fixture: a replica process that runs the real protocol core but never answers its
 * parent (its outputs go nowhere), as a wedged or hostile process might. The relay must
 * keep delivering to it all the same.
 */
import { runReplicaProcess } from '../../replica/host.js';
import type { ParentToReplica } from '../../replica/ipc.js';
import type { ReplicaToParent } from '../../../shared/protocol/wire.js';

process.on('disconnect', () => process.exit(0));
runReplicaProcess({
  send: (m: ReplicaToParent) => {
    if (m.type !== 'output' && process.connected) process.send?.(m);
  },
  onMessage: (l) => process.on('message', (m) => l(m as ParentToReplica)),
  exit: (code) => process.exit(code),
});
