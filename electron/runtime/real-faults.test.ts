/**
 * Process faults over fake processes: what a pause or resume records depends on what the
 * signal really did (sent, emulated where the OS has none, or found the process gone).
 */
import { describe, expect, it } from 'vitest';
import type { EventBody } from '../../shared/events.js';
import type { ProtocolConfig } from '../../shared/protocol/types.js';
import type { ParentToReplica } from '../replica/ipc.js';
import type { FaultEngine } from './real-faults.js';
import { processFaults } from './real-faults.js';
import { ReplicaPool } from './real-replicas.js';
import type { SignalOutcome, Spawner } from './supervisor.js';

function setup(outcome: SignalOutcome) {
  const sent: ParentToReplica['type'][] = [];
  const signals: string[] = [];
  const spawner: Spawner = {
    kind: 'child_process',
    spawn: () => ({
      pid: 4242,
      exited: Promise.resolve(),
      send: (m) => void sent.push(m.type),
      onMessage: () => undefined,
      onExit: () => undefined,
      kill: () => undefined,
      signal: (sig) => {
        signals.push(sig);
        return outcome;
      },
      stderrTail: () => '',
    }),
  };
  const events: EventBody[] = [];
  const exits: { id: number; detail: string }[] = [];
  const engine: FaultEngine = { config: {} as ProtocolConfig, emit: (e) => void events.push(e), onReplicaExit: (id, detail) => void exits.push({ id, detail }) };
  const pool = new ReplicaPool(spawner, () => 'replica.cjs', { output: () => undefined, garbage: () => undefined, exited: () => undefined });
  const faults = processFaults(pool, () => engine);
  faults.startReplica(1, false);
  return { faults, sent, signals, events: () => events.filter((e) => e.type === 'process' && e.status !== 'started'), exits };
}

describe('pause and resume of a replica process', () => {
  it('with signals: SIGSTOP and SIGCONT, recorded as such', () => {
    const t = setup('sent');
    t.faults.pauseReplica(1);
    t.faults.resumeReplica(1);
    expect(t.signals).toEqual(['SIGSTOP', 'SIGCONT']);
    expect(t.events()).toMatchObject([{ status: 'paused', detail: 'SIGSTOP' }, { status: 'resumed', detail: 'SIGCONT' }]);
    expect(t.sent).not.toContain('freeze');
  });

  it('where the OS has no signals: a freeze and a thaw the replica carries out', () => {
    const t = setup('unsupported');
    t.faults.pauseReplica(1);
    t.faults.resumeReplica(1);
    expect(t.sent).toEqual(['init', 'freeze', 'thaw']);
    expect(t.events()).toMatchObject([{ status: 'paused', detail: expect.stringMatching(/frozen/) }, { status: 'resumed', detail: expect.stringMatching(/thawed/) }]);
  });

  it('of a process that is gone: no pause is emulated or recorded; the exit is', () => {
    const t = setup('gone');
    t.faults.pauseReplica(1);
    expect(t.sent).toEqual(['init']);
    expect(t.events()).toEqual([]);
    expect(t.exits).toEqual([{ id: 1, detail: 'process 4242 had exited before it could be paused' }]);
  });

  it('a resume that finds its process gone records the exit, not a resume', () => {
    const gone = setup('gone');
    gone.faults.resumeReplica(1);
    expect(gone.events()).toEqual([]);
    expect(gone.exits).toEqual([{ id: 1, detail: 'process 4242 had exited before it could be continued' }]);
  });
});
