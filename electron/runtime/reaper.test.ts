/**
 * No replica outlives a SIGKILLed lab host, not even one paused with SIGSTOP (which cannot
 * run its own watchdog): the host's reaper kills it from outside.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForNode } from './testing/bundle.js';
import { REAPER_SCRIPT, startTimeOf } from './reaper.js';

const root = join(__dirname, '..', '..');
let fixtures: string;
const started: ChildProcess[] = [];

beforeAll(async () => {
  fixtures = mkdtempSync(join(tmpdir(), 'faultlab-reaper-'));
  await bundleForNode({ 'lab-host': join(__dirname, 'testing', 'lab-host.ts') }, fixtures);
}, 60_000);

afterAll(() => {
  for (const c of started) {
    if (c.pid === undefined) continue;
    try {
      process.kill(c.pid, 'SIGCONT');
      process.kill(c.pid, 'SIGKILL');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  }
});

/** Whether pid is a running (or stopped) process; an exited one not yet reaped (a zombie) is not. */
function alive(pid: number): boolean {
  try {
    return !/^\S+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/**
 * Resolves with the pids still alive once all are gone or after 15 s of looks. They are
 * another process's children, so no exit event reaches this one: this polls, with a bound
 * generous enough for a loaded machine (the reaper acts within milliseconds).
 */
async function gone(pids: number[]): Promise<number[]> {
  for (let waitedMs = 0; ; waitedMs += 25) {
    const left = pids.filter(alive);
    if (left.length === 0 || waitedMs >= 15_000) return left;
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function firstLine(child: ChildProcess): Promise<string> {
  let buf = '';
  for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
    buf += chunk.toString('utf8');
    const i = buf.indexOf('\n');
    if (i >= 0) return buf.slice(0, i);
  }
  throw new Error(`the host exited before it printed its replicas`);
}

describe.skipIf(process.platform === 'win32')('the reaper', () => {
  it('kills a paused replica of a SIGKILLed host, and every other replica', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultlab-reaper-run-'));
    const host = spawn(process.execPath, [join(fixtures, 'lab-host.cjs'), join(dir, 'run'), 'wait'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    started.push(host);
    const { pids } = JSON.parse(await firstLine(host)) as { pids: number[] };
    expect(pids).toHaveLength(3);
    const paused = pids[1] ?? 0;
    process.kill(paused, 'SIGSTOP');
    // The signal is delivered asynchronously: wait until the process is stopped.
    for (let waitedMs = 0; !/\) T /.test(readFileSync(`/proc/${paused}/stat`, 'utf8')); waitedMs += 10) {
      if (waitedMs > 15_000) throw new Error('the replica did not stop');
      await new Promise((r) => setTimeout(r, 10));
    }
    const exited = new Promise((r) => host.once('exit', r));
    const killedAt = performance.now();
    host.kill('SIGKILL');
    await exited;
    const left = await gone(pids);
    const tookMs = Math.round(performance.now() - killedAt);
    for (const pid of left) process.kill(pid, 'SIGKILL');
    expect(left, `replicas alive ${tookMs} ms after the host was killed`).toEqual([]);
  }, 60_000);

  it('kills only the process it was told about: a pid now used by another process is spared', async () => {
    const sleeper = spawn('sleep', ['600'], { stdio: 'ignore' });
    const other = spawn('sleep', ['600'], { stdio: 'ignore' });
    started.push(sleeper, other);
    const pid = sleeper.pid ?? 0;
    const otherPid = other.pid ?? 0;
    const reaper = spawn('/bin/sh', ['-c', REAPER_SCRIPT], { stdio: ['pipe', 'ignore', 'ignore'] });
    // The sleeper as registered; the other under a start time that is not its own (a reused pid).
    reaper.stdin.write(`+${pid}:${startTimeOf(pid)}\n+${otherPid}:1\n`);
    const sleeperDied = new Promise((r) => sleeper.once('exit', (_code, signal) => r(signal)));
    const reaperDone = new Promise((r) => reaper.once('exit', r));
    reaper.stdin.end();
    expect(await sleeperDied).toBe('SIGKILL');
    await reaperDone;
    expect(alive(otherPid)).toBe(true);
  });

  it('forgets a replica that exited: its pid is not killed later', async () => {
    const sleeper = spawn('sleep', ['600'], { stdio: 'ignore' });
    started.push(sleeper);
    const pid = sleeper.pid ?? 0;
    const token = `${pid}:${startTimeOf(pid)}`;
    const reaper = spawn('/bin/sh', ['-c', REAPER_SCRIPT], { stdio: ['pipe', 'ignore', 'ignore'] });
    reaper.stdin.write(`+${token}\n-${token}\n`);
    const reaperDone = new Promise((r) => reaper.once('exit', r));
    reaper.stdin.end();
    await reaperDone;
    expect(alive(pid)).toBe(true);
  });
});
