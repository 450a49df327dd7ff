/**
 * Real mode with real processes: the lecture's stories reach the same verdicts as in
 * simulation; killing the lab host leaves no replica behind and a readable log; a replica
 * that sends garbage is logged and contained.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../shared/analysis/summary.js';
import type { RunEvent } from '../../shared/events.js';
import type { Story } from '../../shared/testing/story.js';
import { lab } from '../../shared/testing/story.js';
import { readEventLog } from './files.js';
import { bundleForNode } from './testing/bundle.js';
import { startRealRun } from './real.js';
import type { ChildHandle, SignalOutcome, Spawner } from './supervisor.js';
import { liveChildCount, nodeSpawner } from './supervisor.js';

const root = join(__dirname, '..', '..');
let fixtures: string;

beforeAll(async () => {
  fixtures = mkdtempSync(join(tmpdir(), 'faultlab-fixtures-'));
  const fixture = (name: string): string => join(__dirname, 'testing', `${name}.ts`);
  await bundleForNode({ 'lab-host': fixture('lab-host'), 'rogue-replica': fixture('rogue-replica'), 'mute-replica': fixture('mute-replica') }, fixtures);
}, 60_000);

async function real(story: Story): Promise<RunSummary> {
  const run = await startRealRun(story.scenario());
  const result = await run.finished;
  return result.summary;
}

const short = { workload: { clients: 2, ratePerSecond: 100, durationMs: 1000 } };

describe('the lecture stories with real processes', () => {
  it('2k+1 replicas mask k colluding liars', async () => {
    const s = await real(lab('state-machine', 'arbitrary', short).replica(3).behaves('collude').at(0));
    expect(s.mode).toBe('real');
    expect(s.requests.answeredWrong).toBe(0);
    expect(s.requests.answeredCorrect).toBe(s.requests.issued);
    expect(s.cpuMsPerRequest).toBeGreaterThan(0);
  });

  it('k+1 colluding liars win the vote', async () => {
    const s = await real(lab('state-machine', 'arbitrary', short).replica(2).behaves('collude').at(0).replica(3).behaves('collude').at(0));
    expect(s.requests.answeredWrong).toBe(s.requests.issued);
  });

  it('two liars that disagree leave requests undecided but never wrong', async () => {
    const s = await real(lab('state-machine', 'arbitrary', short).replica(2).behaves('lie').at(0).replica(3).behaves('equivocate').at(0));
    expect(s.requests.answeredWrong).toBe(0);
    expect(s.requests.undecided).toBeGreaterThan(0);
  });

  it('fail-stop with k+1 replicas survives a crash (SIGKILL) with nothing lost', async () => {
    const s = await real(lab('state-machine', 'fail-stop', short).replica(1).crashes().at(400));
    expect(s.requests.lost).toBe(0);
    expect(s.requests.answeredWrong).toBe(0);
    expect(s.divergence.stateHashes['1']).toBeNull();
  });

  it('an equivocating sequencer makes correct replica processes diverge, and voting accepts wrong answers', async () => {
    const s = await real(lab('state-machine', 'arbitrary', { ...short, service: 'kv' }).add({ atMs: 300, type: 'sequencer', behavior: 'equivocate' }));
    expect(s.byzantineReplicas).toEqual([]);
    expect(s.divergence.diverged).toBe(true);
    expect(s.requests.answeredWrong).toBeGreaterThan(0);
  });

  it('with the arbiter down, the primary\'s crash (SIGKILL) is never failed over', async () => {
    const s = await real(lab('primary-backup', 'fail-stop', short).add({ atMs: 200, type: 'arbiter', behavior: 'crash' }).replica(1).crashes().at(400));
    expect(s.failovers).toEqual([]);
    expect(s.requests.lost).toBeGreaterThan(0);
    expect(s.requests.answeredWrong).toBe(0);
  });

  it('with the arbiter cut off from the primary process, it fences itself and no backup takes over', async () => {
    const s = await real(lab('primary-backup', 'fail-stop', short).add({ atMs: 200, type: 'arbiter', behavior: 'partition', replicas: [1] }));
    expect(s.failovers).toEqual([]);
    expect(s.requests.lost).toBeGreaterThan(0);
    expect(s.requests.answeredWrong).toBe(0);
    expect(s.splitBrain).toBe(false);
  });

  it('primary-backup loses requests when the primary is killed and clients do not retry', async () => {
    const s = await real(lab('primary-backup', 'fail-stop', short).timing({ clientRetries: 0 }).replica(1).crashes().at(400));
    expect(s.requests.lost).toBeGreaterThan(0);
    expect(s.failovers[0]).toMatchObject({ from: 1, to: 2 });
  });

  it('retries and dedup lose nothing and execute nothing twice', async () => {
    const s = await real(lab('primary-backup', 'fail-stop', short).replica(1).crashes().at(400));
    expect(s.requests.lost).toBe(0);
    expect(s.requests.executedTwice).toBe(0);
    expect(s.requests.answeredWrong).toBe(0);
  });

  it('retries without dedup execute a request twice', async () => {
    const busy = { workload: { clients: 4, ratePerSecond: 200, durationMs: 1000 }, timing: { networkDelayMs: [5, 10] as [number, number] } };
    const s = await real(lab('primary-backup', 'fail-stop', busy).options({ dedup: false }).replica(1).crashes().at(400));
    expect(s.requests.executedTwice).toBeGreaterThan(0);
  });

  it('a lying primary goes unnoticed', async () => {
    const s = await real(lab('primary-backup', 'fail-stop', short).replica(1).behaves('lie').at(0));
    expect(s.requests.answeredWrong).toBe(s.requests.issued);
    expect(s.failovers).toHaveLength(0);
  });

  it('a partition without fencing gives split brain, with fencing none', async () => {
    const story = (fencing: boolean): Story =>
      lab('primary-backup', 'fail-stop', { k: 2, ...short }).options({ fencing }).partition([1, 'client-1'], [2, 3, 'client-2']).at(200).heal().at(800);
    const off = await real(story(false));
    expect(off.splitBrain).toBe(true);
    const on = await real(story(true));
    expect(on.splitBrain).toBe(false);
    expect(on.requests.answeredWrong).toBe(0);
  });

  it('a primary stopped with SIGSTOP is replaced, and fenced when it continues', async () => {
    const s = await real(lab('primary-backup', 'fail-stop', short).replica(1).pauses().at(200).replica(1).resumes().at(700));
    expect(s.failovers.length).toBeGreaterThan(0);
    expect(s.splitBrain).toBe(false);
    expect(s.requests.answeredWrong).toBe(0);
  });

  it('where the OS has no SIGSTOP, a pause freezes the replica\'s inbox and timers instead', async () => {
    const noSignals: Spawner = {
      kind: 'child_process',
      spawn: (entry, name) => {
        const child = nodeSpawner.spawn(entry, name);
        return Object.assign(Object.create(child) as ChildHandle, { signal: (): SignalOutcome => 'unsupported' });
      },
    };
    const story = lab('primary-backup', 'fail-stop', short).replica(1).pauses().at(200).replica(1).resumes().at(700);
    const run = await startRealRun(story.scenario(), { spawner: noSignals });
    const { summary } = await run.finished;
    const paused = run.events.find((e) => e.type === 'process' && e.status === 'paused');
    expect(paused).toMatchObject({ replica: 1, detail: expect.stringMatching(/frozen/) });
    expect(run.events.find((e) => e.type === 'process' && e.status === 'resumed')).toMatchObject({ replica: 1, detail: expect.stringMatching(/thawed/) });
    expect(summary.failovers.length).toBeGreaterThan(0);
    expect(summary.splitBrain).toBe(false);
    expect(summary.requests.answeredWrong).toBe(0);
  });

  it('a restarted replica is a new process that recovers its state', async () => {
    // A long run, stopped once the restarted replica has its state: on a loaded machine the new
    // process can take longer to start than a short run lasts.
    const story = lab('state-machine', 'arbitrary', { workload: { clients: 2, ratePerSecond: 100, durationMs: 120_000 }, service: 'kv' }).replica(1).crashes().at(300).replica(1).restarts().at(500);
    const run = await startRealRun(story.scenario());
    await untilEvent(run, (e) => e.type === 'state-transfer' && e.replica === 1);
    const result = await run.stop();
    const started = run.events.filter((e) => e.type === 'process' && e.replica === 1 && e.status === 'started');
    expect(started).toHaveLength(2);
    const pids = started.map((e) => (e.type === 'process' ? e.pid : null));
    expect(pids[0]).not.toBe(pids[1]);
    expect(run.events.some((e) => e.type === 'state-transfer' && e.replica === 1)).toBe(true);
    expect(result.summary.divergence.diverged).toBe(false);
    expect(liveChildCount()).toBe(0);
  });
});

// ---- no orphans ------------------------------------------------------------------------

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Resolves when every pid is gone, or with those still alive after `polls` looks. The
 * replicas are the dead host's children, not ours: the OS gives this process no exit
 * event for them, so this is the one place that polls the process table. The bound is
 * generous (30 s of 50 ms looks) so that a loaded machine cannot fail it; a replica that
 * never exits still fails it.
 */
async function gone(pids: number[], polls = 600): Promise<number[]> {
  for (let i = 0; ; i++) {
    const left = pids.filter(alive);
    if (left.length === 0 || i >= polls) return left;
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Host {
  child: ChildProcess;
  lines: AsyncGenerator<Record<string, unknown>>;
}

function startHost(dir: string, how: 'wait' | 'throw'): Host {
  const child = spawn(process.execPath, [join(fixtures, 'lab-host.cjs'), dir, how], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  async function* lines(): AsyncGenerator<Record<string, unknown>> {
    let buf = '';
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      buf += chunk.toString('utf8');
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        yield JSON.parse(line) as Record<string, unknown>;
      }
    }
  }
  return { child, lines: lines() };
}

const hosts: ChildProcess[] = [];
afterAll(() => {
  for (const h of hosts) if (h.exitCode === null) h.kill('SIGKILL');
});

describe('no orphaned replicas when the lab host dies', () => {
  for (const how of ['SIGTERM', 'uncaught exception', 'SIGKILL'] as const) {
    it(`after ${how}, every replica process exits on its own`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'faultlab-kill-'));
      const host = startHost(join(dir, 'run'), how === 'uncaught exception' ? 'throw' : 'wait');
      hosts.push(host.child);
      const first = (await host.lines.next()).value as { pids: number[] };
      expect(first.pids).toHaveLength(3);
      expect(first.pids.every(alive)).toBe(true);
      await host.lines.next(); // the live fault is in the log
      if (how !== 'uncaught exception') host.child.kill(how);
      await new Promise((r) => host.child.once('exit', r));
      expect(await gone(first.pids)).toEqual([]);
    });
  }

  it('a host killed mid-run leaves a log that loads: every event up to the kill, marked incomplete, nothing torn', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultlab-kill-'));
    const host = startHost(join(dir, 'run'), 'wait');
    hosts.push(host.child);
    const first = (await host.lines.next()).value as { pids: number[] };
    const second = (await host.lines.next()).value as { faultIndex: number };
    host.child.kill('SIGKILL');
    await new Promise((r) => host.child.once('exit', r));
    const log = readEventLog(join(dir, 'run', 'events.jsonl'));
    expect(log.tornTail).toBe(false);
    expect(log.complete).toBe(false);
    expect(log.events[0]?.type).toBe('run-start');
    // The live fault was logged (and synced) before it was applied, so it and every event
    // before it survived the kill, in order.
    expect(log.events[second.faultIndex]).toMatchObject({ type: 'fault', source: 'live', fault: { type: 'byzantine', replica: 3 } });
    expect(log.events.slice(0, second.faultIndex).every((e, i) => i === 0 || e.t >= (log.events[i - 1]?.t ?? 0))).toBe(true);
    expect(await gone(first.pids)).toEqual([]);
  });
});

describe('a replica that sends garbage', () => {
  it('is logged and contained; the run completes and its verdicts account for it', async () => {
    // A long run, stopped once the flood has been reported: how fast a loaded machine reads
    // the rogue's 50 MB message and its flood then changes nothing (a short run could end first).
    const story = lab('state-machine', 'arbitrary', { workload: { clients: 2, ratePerSecond: 50, durationMs: 120_000 } });
    const run = await startRealRun(story.scenario(), { entry: (id) => (id === 3 ? join(fixtures, 'rogue-replica.cjs') : join(root, 'out', 'node', 'replica.cjs')) });
    await untilEvent(run, (e) => e.type === 'garbage' && /flood/.test(e.detail));
    const result = await run.stop();
    const garbage = run.events.filter((e) => e.type === 'garbage');
    const details = garbage.map((e) => (e.type === 'garbage' ? e.detail : ''));
    expect(garbage.every((e) => e.type === 'garbage' && e.replica === 3)).toBe(true);
    expect(details.some((d) => /flood: \d+ messages dropped/.test(d))).toBe(true);
    expect(details.some((d) => /claims to come from replica/.test(d))).toBe(true);
    expect(details.length).toBeGreaterThanOrEqual(6);
    expect(result.summary.garbageMessages).toBe(garbage.length);
    expect(result.summary.complete).toBe(true);
    // Voting masks whatever replica 3 did: nothing wrong, nothing lost (requests still in flight at the stop are unresolved).
    expect(result.summary.requests.answeredWrong).toBe(0);
    expect(result.summary.requests.lost).toBe(0);
    expect(result.summary.requests.answeredCorrect).toBeGreaterThan(0);
    expect(result.summary.requests.answeredCorrect + result.summary.requests.unresolved).toBe(result.summary.requests.issued);
  }, 180_000);
});

describe('a replica that never answers', () => {
  it('still receives every delivery, while the others answer at full speed', async () => {
    const story = lab('state-machine', 'arbitrary', { workload: { clients: 4, ratePerSecond: 2000, durationMs: 1000 } });
    const run = await startRealRun(story.scenario(), { entry: (id) => (id === 3 ? join(fixtures, 'mute-replica.cjs') : join(root, 'out', 'node', 'replica.cjs')) });
    const result = await run.finished;
    const applied = new Map(run.events.flatMap((e) => (e.type === 'final' ? [[e.replica, e.applied] as const] : [])));
    expect(result.summary.requests.answeredCorrect).toBe(result.summary.requests.issued);
    // The mute replica executed the whole order too: nothing waited for an answer that never came.
    expect(applied.get(3)).toBe(result.summary.requests.issued);
    expect(applied.get(1)).toBe(result.summary.requests.issued);
  }, 60_000);
});

/** Resolves once the run has logged an event that matches (awaited on the run's events, never on the clock). */
function untilEvent(run: { events: readonly RunEvent[]; onEvents(fn: (batch: readonly RunEvent[]) => void): () => void }, matches: (e: RunEvent) => boolean): Promise<void> {
  return new Promise<void>((resolve) => {
    if (run.events.some(matches)) return resolve();
    const off = run.onEvents((batch) => {
      if (batch.some(matches)) {
        off();
        resolve();
      }
    });
  });
}
