/**
 * Process faults in real mode, applied to real processes: start (fresh or recovering) is
 * a new role for a process, crash is SIGKILL, pause and resume are SIGSTOP / SIGCONT
 * (where the OS has no such signals, an inbox-and-timer freeze the replica carries out),
 * and a Byzantine switch is a message to the replica (or, for a student's replica program,
 * a rewriting of its outputs in the host). Each records what really happened
 * as a `process` event: a pause or resume that finds its process gone records that the
 * process has exited, never a pause that did not take place.
 */
import type { Engine, Host } from '../../shared/engine/engine.js';
import type { ReplicaPool } from './real-replicas.js';

/** The part of the engine that process faults report to. */
export type FaultEngine = Pick<Engine, 'config' | 'emit' | 'onReplicaExit'>;

/** The Host's process faults, over a run's replica pool; `engine()` is null until the run's engine exists. */
export function processFaults(pool: ReplicaPool, engine: () => FaultEngine | null): Pick<Host, 'startReplica' | 'killReplica' | 'pauseReplica' | 'resumeReplica' | 'setBehavior'> {
  return {
    startReplica(id, recovering) {
      const eng = engine();
      if (!eng) return;
      const p = pool.take(id);
      p.child.send({ type: 'init', id, config: eng.config, recovering, parentPid: process.pid });
      eng.emit({ type: 'process', replica: id, status: 'started', pid: p.child.pid, detail: recovering ? 'recovering' : 'fresh' });
    },
    killReplica(id) {
      const eng = engine();
      if (!eng) return;
      const p = pool.kill(id);
      if (p) eng.emit({ type: 'process', replica: id, status: 'crashed', pid: p.child.pid, detail: 'SIGKILL' });
    },
    pauseReplica(id) {
      const p = pool.get(id);
      const eng = engine();
      if (!p || !eng) return;
      const outcome = p.child.signal('SIGSTOP');
      if (outcome === 'gone') {
        eng.onReplicaExit(id, `process ${p.child.pid ?? '?'} had exited before it could be paused`);
        return;
      }
      const emulated = outcome === 'unsupported';
      if (emulated) {
        p.emulatedPause = true;
        p.child.send({ type: 'freeze' });
      }
      eng.emit({ type: 'process', replica: id, status: 'paused', pid: p.child.pid, detail: emulated ? 'frozen (inbox and timers held; no SIGSTOP on this OS)' : 'SIGSTOP' });
    },
    resumeReplica(id) {
      const p = pool.get(id);
      const eng = engine();
      if (!p || !eng) return;
      if (p.emulatedPause) {
        p.emulatedPause = false;
        p.child.send({ type: 'thaw' });
        eng.emit({ type: 'process', replica: id, status: 'resumed', pid: p.child.pid, detail: 'thawed (inbox and timers released)' });
        return;
      }
      if (p.child.signal('SIGCONT') === 'gone') {
        eng.onReplicaExit(id, `process ${p.child.pid ?? '?'} had exited before it could be continued`);
        return;
      }
      eng.emit({ type: 'process', replica: id, status: 'resumed', pid: p.child.pid, detail: 'SIGCONT' });
    },
    setBehavior(id, behavior) {
      pool.get(id)?.setBehavior(behavior);
    },
  };
}
