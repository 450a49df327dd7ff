/**
 * Entry point of a replica process. Under plain Node it is started with
 * child_process.fork and talks over process.send; inside Electron with
 * utilityProcess.fork and talks over process.parentPort.
 */
import type { ReplicaToParent } from '../../shared/protocol/wire.js';
import type { ParentToReplica } from './ipc.js';
import { runReplicaProcess } from './host.js';

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

const exit = (code: number): never => process.exit(code);

if (parentPort) {
  runReplicaProcess({
    send: (m: ReplicaToParent) => parentPort.postMessage(m),
    onMessage: (l) => parentPort.on('message', (e) => l(e.data as ParentToReplica)),
    exit,
  });
} else if (process.send) {
  const send = process.send.bind(process);
  // The parent is gone (or closed the channel): a replica never outlives its lab.
  process.on('disconnect', () => exit(0));
  runReplicaProcess({
    send: (m: ReplicaToParent) => {
      if (process.connected) send(m);
    },
    onMessage: (l) => process.on('message', (m) => l(m as ParentToReplica)),
    exit,
  });
} else {
  process.stderr.write('fault lab replica: this program is started by Fault Lab, not by hand\n');
  process.exit(2);
}
