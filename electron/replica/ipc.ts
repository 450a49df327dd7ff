/**
 * What the parent sends a replica process over its IPC channel. A replica answers each
 * `deliver` / `deliveries` message with one `output` message (empty if it has nothing to
 * say): the relay keeps one batch in flight per replica and sends the next on that answer
 * (or after a few milliseconds without one).
 */
import type { Behavior } from '../../shared/scenario.js';
import type { Address, Message, ProtocolConfig } from '../../shared/protocol/types.js';

export type ParentToReplica =
  /** First message: who the replica is and whether it starts fresh or must recover state. */
  | { type: 'init'; id: number; config: ProtocolConfig; recovering: boolean; parentPid: number }
  /** A message the relay delivers now. */
  | { type: 'deliver'; from: Address; msg: Message }
  /** Several deliveries that fell due in the same turn of the parent's event loop, in order. */
  | { type: 'deliveries'; items: { from: Address; msg: Message }[] }
  /** Switches Byzantine behaviour on (or off, with null). */
  | { type: 'behavior'; behavior: Behavior | null }
  /** Emulated pause where the OS has no SIGSTOP: hold the inbox and the timers. */
  | { type: 'freeze' }
  | { type: 'thaw' }
  /** Report the final state and CPU time. */
  | { type: 'final' };
