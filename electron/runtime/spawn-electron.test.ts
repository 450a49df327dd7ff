/**
 * The Electron spawner, without the Electron binary: utilityProcess is replaced by a
 * stand-in with the same surface, and we check the spawner drives it as documented.
 */
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { beforeEach, describe, expect, it, vi } from 'vitest';

class FakeUtilityProcess extends EventEmitter {
  pid: number | undefined = undefined;
  stderr = new PassThrough();
  stdout = null;
  posted: unknown[] = [];
  killed = false;
  postMessage(m: unknown): void {
    this.posted.push(m);
  }
  kill(): boolean {
    this.killed = true;
    this.emit('exit', 0);
    return true;
  }
}

const forks: { entry: string; options: Record<string, unknown>; proc: FakeUtilityProcess }[] = [];
vi.mock('electron', () => ({
  utilityProcess: {
    fork: (entry: string, _args: string[], options: Record<string, unknown>) => {
      const proc = new FakeUtilityProcess();
      forks.push({ entry, options, proc });
      return proc;
    },
  },
}));

const { electronSpawner } = await import('./spawn-electron.js');

beforeEach(() => {
  forks.length = 0;
});

describe('replica processes under Electron (utilityProcess)', () => {
  it('forks the replica entry as a named utility process with piped stderr', () => {
    electronSpawner.spawn('/app/out/node/replica.cjs', 'replica-2');
    expect(forks[0]?.entry).toBe('/app/out/node/replica.cjs');
    expect(forks[0]?.options).toMatchObject({ serviceName: 'Fault Lab replica-2', stdio: ['ignore', 'ignore', 'pipe'] });
  });

  it('posts messages, relays messages back, and reports the pid once spawned', () => {
    const child = electronSpawner.spawn('/x.cjs', 'replica-1');
    const proc = forks[0]!.proc;
    expect(child.pid).toBeNull();
    proc.pid = 4242;
    expect(child.pid).toBe(4242);
    const got: unknown[] = [];
    child.onMessage((m) => got.push(m));
    child.send({ type: 'final' });
    proc.emit('message', { type: 'ready' });
    expect(proc.posted).toEqual([{ type: 'final' }]);
    expect(got).toEqual([{ type: 'ready' }]);
  });

  it('kills, reports the exit once, and stops posting to a dead process', async () => {
    const child = electronSpawner.spawn('/x.cjs', 'replica-1');
    const proc = forks[0]!.proc;
    const exits: (number | null)[] = [];
    child.onExit((code) => exits.push(code));
    child.kill();
    await child.exited;
    child.send({ type: 'final' });
    child.kill();
    expect(proc.killed).toBe(true);
    expect(exits).toEqual([0]);
    expect(proc.posted).toEqual([]);
  });

  it('keeps the tail of what the replica wrote on stderr', () => {
    const child = electronSpawner.spawn('/x.cjs', 'replica-1');
    forks[0]!.proc.stderr.write('boom: something broke\n');
    expect(child.stderrTail()).toContain('something broke');
  });
});
