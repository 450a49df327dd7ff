/**
 * The replica factory: the one place a scheme picks its replica core. Both drivers use
 * it: the simulator (shared/engine/sim.ts) and the replica process (electron/replica).
 */
import { PbReplica } from './pb.js';
import { PbftReplica } from './pbft.js';
import { RaftReplica } from './raft.js';
import { SmrReplica } from './smr.js';
import type { ProtocolConfig, ReplicaNode } from './types.js';

/** Creates the replica core for the configured scheme (recovering: it must fetch its state first). */
export function createReplica(id: number, config: ProtocolConfig, recovering: boolean): ReplicaNode {
  switch (config.scheme) {
    case 'state-machine':
      return new SmrReplica(id, config, { recovering });
    case 'primary-backup':
      return new PbReplica(id, config, { recovering });
    case 'raft':
      return new RaftReplica(id, config, { recovering });
    case 'pbft':
      return new PbftReplica(id, config, { recovering });
  }

}
