/**
 * The built-in replica speaking the replica protocol (docs/replica-protocol.md) on stdin and
 * stdout instead of the IPC channel: `node out/node/replica-stdio.cjs` is a replica command
 * like any student's, and runs the same protocol cores as the forked replica. It exits when
 * its standard input closes (the lab has gone) or, like the forked one, when its parent does.
 */
import { createInterface } from 'node:readline';
import type { HostToReplica } from '../../shared/protocol/external.js';
import { REPLICA_PROTOCOL } from '../../shared/protocol/external.js';
import type { ReplicaToParent } from '../../shared/protocol/wire.js';
import { runReplicaProcess } from './host.js';
import type { ParentToReplica } from './ipc.js';

/** The IPC message a host line stands for (init gains the parent's pid, for the watchdog). */
function fromLine(line: HostToReplica): ParentToReplica | null {
  switch (line.type) {
    case 'init':
      return { type: 'init', id: line.id, config: line.config, recovering: line.recovering, parentPid: process.ppid };
    case 'deliver':
    case 'final':
    case 'freeze':
    case 'thaw':
      return line;
    default:
      return null;
  }
}

const write = (m: ReplicaToParent): void => {
  const line = m.type === 'ready' ? { type: 'ready', protocol: REPLICA_PROTOCOL } : m;
  process.stdout.write(`${JSON.stringify(line)}\n`);
};

// A closed stdout means the lab is gone.
process.stdout.on('error', () => process.exit(0));

runReplicaProcess({
  send: write,
  onMessage(listener) {
    const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
    lines.on('line', (text) => {
      if (text.trim() === '') return;
      let parsed: HostToReplica;
      try {
        parsed = JSON.parse(text) as HostToReplica;
      } catch {
        process.stderr.write(`replica: ignored a line that is not JSON: ${text.slice(0, 80)}\n`);
        return;
      }
      const msg = fromLine(parsed);
      if (msg) listener(msg);
    });
    lines.on('close', () => process.exit(0));
  },
  exit: (code) => process.exit(code),
});
