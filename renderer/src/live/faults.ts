/** Faults the replica cards and the cluster picture both offer, built in one place. */
import type { FaultSpec } from '@shared/faults';

/** Cuts one replica off from every other replica (the clients still reach all of them). */
export function isolationOf(replica: number, replicas: number): FaultSpec {
  const others = Array.from({ length: replicas }, (_, i) => i + 1).filter((r) => r !== replica);
  return { type: 'partition', groups: others.length > 0 ? [[replica], others] : [[replica]] };
}
