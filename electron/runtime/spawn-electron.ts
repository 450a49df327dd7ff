/**
 * Replica processes inside Electron: utilityProcess.fork, which needs no RunAsNode fuse.
 * Only the Electron main process imports this module (the CLI never loads `electron`).
 */
import { utilityProcess } from 'electron';
import type { Spawner } from './supervisor.js';
import { hasSignals, signalPid, STDERR_TAIL } from './supervisor.js';

export const electronSpawner: Spawner = {
  kind: 'utilityProcess',
  spawn(entry, name) {
    const child = utilityProcess.fork(entry, [], { serviceName: `Fault Lab ${name}`, stdio: ['ignore', 'ignore', 'pipe'] });
    let tail = '';
    let done = false;
    child.stderr?.on('data', (d: Buffer) => {
      tail = (tail + d.toString('utf8')).slice(-STDERR_TAIL);
    });
    const exited = new Promise<void>((r) =>
      child.once('exit', () => {
        done = true;
        r();
      }),
    );
    return {
      get pid() {
        return child.pid ?? null;
      },
      exited,
      send(msg) {
        if (!done) child.postMessage(msg);
      },
      onMessage: (l) => void child.on('message', (m: unknown) => l(m)),
      onExit: (l) => void child.on('exit', (code) => l(code, null)),
      kill() {
        if (!done) child.kill();
      },
      signal(sig) {
        const pid = child.pid;
        if (!hasSignals) return 'unsupported';
        if (pid === undefined || done) return 'gone';
        return signalPid(pid, sig);
      },
      stderrTail: () => tail,
    };
  },
};
