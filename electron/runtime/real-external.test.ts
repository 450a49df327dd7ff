/**
 * A replica program of one's own in real mode: the built-in replica speaking the replica
 * protocol on stdin/stdout reaches the verdicts the forked one does; the Python starter kit
 * answers everything under a crash and a restart; a replica that prints garbage, floods,
 * never answers or exits at start is reported as such, and no process of the run (nor one
 * a replica started) outlives it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../shared/events.js';
import { REPLICA_LOG_LINE_CHARS, REPLICA_LOG_LINES } from '../../shared/events.js';
import type { Scenario } from '../../shared/scenario.js';
import { parseScenarioText } from '../../shared/scenario.js';
import { lab } from '../../shared/testing/story.js';
import type { RealOptions } from './real.js';
import { runRealToEnd } from './real.js';
import { diagnoseReplicas } from '../../shared/protocol/external.js';
import { LineSplitter, LogLineSplitter } from './real-external.js';
import { ReplicaStartError } from './real-replicas.js';
import { liveChildCount } from './supervisor.js';

const root = join(__dirname, '..', '..');
const stdioReplica = join(root, 'out', 'node', 'replica-stdio.cjs');
const reference = `"${process.execPath}" "${stdioReplica}"`;
const short = { workload: { clients: 2, ratePerSecond: 100, durationMs: 1000 } };
const hasPython = spawnSync('python3', ['--version']).status === 0;

let scripts: string;

beforeAll(() => {
  if (!existsSync(stdioReplica)) throw new Error('out/node/replica-stdio.cjs is not built: run npm run build:node');
  scripts = mkdtempSync(join(tmpdir(), 'faultlab-own-replica-'));
  // Replicas that misbehave at the level of the protocol, as small Node programs.
  const ready = `process.stdout.write(JSON.stringify({ type: 'ready', protocol: 1 }) + '\\n');`;
  writeFileSync(join(scripts, 'garbage.js'), `${ready}\nrequire('readline').createInterface({ input: process.stdin }).on('line', () => process.stdout.write('this is not JSON\\n{"type":"output","sends":[{"to":"c1","msg":{"kind":"reply","client":1,"req":1,"value":1,"view":0}}],"events":[{"type":"apply","replica":9,"seq":1,"client":1,"req":1,"stateHash":"x"}]}\\n')).on('close', () => process.exit(0));\n`);
  writeFileSync(join(scripts, 'mute.js'), `${ready}\nprocess.stdin.resume();\nprocess.stdin.on('end', () => process.exit(0));\n`);
  writeFileSync(join(scripts, 'flood.js'), `${ready}\nconst line = JSON.stringify({ type: 'cpu', userMs: 0, systemMs: 0 }) + '\\n';\nlet sent = false;\nprocess.stdin.on('data', () => { if (!sent) { sent = true; process.stdout.write(line.repeat(20000)); } });\nprocess.stdin.on('end', () => process.exit(0));\n`);
  // Says ready, then writes a flood on stderr: lines of 2,000 characters, more than the event log keeps.
  writeFileSync(join(scripts, 'chatty.js'), `${ready}\nconst big = 'x'.repeat(2000) + '\\n';\nprocess.stderr.write(big.repeat(${REPLICA_LOG_LINES + 300}));\nprocess.stdin.resume();\nprocess.stdin.on('end', () => process.exit(0));\n`);
  // Says ready, then dies at its first delivery with a traceback on stderr.
  writeFileSync(join(scripts, 'dies-later.js'), `${ready}\nprocess.stdin.once('data', () => { process.stderr.write('Traceback: my replica fell over\\n'); process.exit(1); });\n`);
  writeFileSync(join(scripts, 'dies.js'), `process.stderr.write('my replica: cannot open its config\\n');\nprocess.exit(3);\n`);
});

async function run(scenario: Scenario, options: RealOptions = {}): Promise<{ summary: Awaited<ReturnType<typeof runRealToEnd>>['summary']; events: RunEvent[] }> {
  const r = await runRealToEnd(scenario, options);
  expect(liveChildCount()).toBe(0);
  // Every process group the run started is empty: a replica's shell, its program and what that started.
  const groups = r.events.flatMap((e) => (e.type === 'process' && e.status === 'started' && e.pid !== null ? [e.pid] : []));
  expect(await groupsEmptied(groups)).toEqual([]);
  return { summary: r.summary, events: r.events };
}

const own = (scenario: Scenario, command: string, replicas?: number[]): Scenario => ({ ...scenario, replica: replicas ? { command, replicas } : { command } });

describe('the built-in replica through the replica protocol', () => {
  it('state-machine replication with a colluding liar: the same verdicts as the forked replica', async () => {
    const scenario = lab('state-machine', 'arbitrary', short).replica(3).behaves('collude').at(0).scenario();
    const builtin = await run(scenario);
    const external = await run(own(scenario, reference));
    for (const s of [builtin.summary, external.summary]) {
      expect(s.requests.answeredWrong).toBe(0);
      expect(s.requests.answeredCorrect).toBe(s.requests.issued);
      expect(s.divergence.diverged).toBe(false);
    }
    // The liar's lies were made by the host, on what the program sent.
    expect(external.summary.requests.issued).toBe(builtin.summary.requests.issued);
    expect(external.events.filter((e) => e.type === 'process' && e.status === 'started')).toHaveLength(3);
  }, 60_000);

  it('primary-backup: the primary SIGKILLed, replica 2 takes over, nothing lost, wrong or executed twice, as with the forked replica', async () => {
    const scenario = lab('primary-backup', 'fail-stop', short).replica(1).crashes().at(400).scenario();
    for (const { summary: s, events } of [await run(scenario), await run(own(scenario, reference))]) {
      expect(s.requests.lost).toBe(0);
      expect(s.requests.executedTwice).toBe(0);
      expect(s.requests.answeredWrong).toBe(0);
      expect(events.some((e) => e.type === 'role' && e.replica === 2 && e.role === 'primary')).toBe(true);
    }
  }, 60_000);

  it("what each replica writes on stderr is in the event log as that replica's own log", async () => {
    const command = `echo "hello from $FAULTLAB_REPLICA" >&2; exec ${reference}`;
    const { events } = await run(own(lab('state-machine', 'fail-stop', short).scenario(), command));
    const logs = events.flatMap((e) => (e.type === 'replica-log' ? [`${e.replica}: ${e.text}`] : []));
    expect(logs.sort()).toEqual(['1: hello from replica-1', '2: hello from replica-2']);
    // Written while the replicas loaded, logged once the run began.
    expect(events[0]?.type).toBe('run-start');
  }, 60_000);

  it('beside built-in replicas: only the listed replicas run the command', async () => {
    const scenario = own(lab('state-machine', 'fail-stop', short).scenario(), reference, [2]);
    const { summary, events } = await run(scenario);
    expect(summary.requests.answeredCorrect).toBe(summary.requests.issued);
    expect(new Set(Object.values(summary.divergence.stateHashes)).size).toBe(1);
    expect(events.filter((e) => e.type === 'garbage')).toEqual([]);
  }, 60_000);
});

describe('the Python starter kit', () => {
  it.skipIf(!hasPython)('the state-machine replica answers every request through a crash and a restart (needs python3)', async () => {
    const file = join(root, 'examples', 'replicas', 'python', 'smr.faultlab.json');
    const scenario = parseScenarioText(readFileSync(file, 'utf8'));
    const dir = mkdtempSync(join(tmpdir(), 'faultlab-own-run-'));
    const { summary, events } = await run(scenario, { replicaCwd: join(root, 'examples', 'replicas', 'python'), dir: join(dir, 'run') });
    expect(summary.requests.answeredWrong).toBe(0);
    expect(summary.requests.answeredCorrect).toBe(summary.requests.issued);
    expect(events.filter((e) => e.type === 'garbage')).toEqual([]);
    // The crash was a real SIGKILL and the restart a new process.
    const r2 = events.filter((e) => e.type === 'process' && e.replica === 2).map((e) => (e.type === 'process' ? e.status : ''));
    expect(r2).toEqual(['started', 'crashed', 'started']);
    expect(existsSync(join(dir, 'run', 'replica-2.stderr.log'))).toBe(true);
  }, 60_000);
  if (!hasPython) it.skip('python3 is not installed here: the Python starter kit is not tested', () => undefined);

  it.skipIf(!hasPython)('the primary-backup replica has a bug the lab finds: answers its final state does not hold (needs python3)', async () => {
    const { summary } = await run(kitScenario('python', 'pb'), { replicaCwd: kit('python') });
    expect(summary.requests.answeredWrong).toBeGreaterThan(0);
    expect(summary.failovers.length).toBeGreaterThan(0);
  }, 60_000);
});

describe('the JavaScript starter kit', () => {
  it('the state-machine replica answers every request through a crash and a restart', async () => {
    const { summary, events } = await run(kitScenario('javascript', 'smr'), { replicaCwd: kit('javascript') });
    expect(summary.requests.answeredWrong).toBe(0);
    expect(summary.requests.answeredCorrect).toBe(summary.requests.issued);
    expect(events.filter((e) => e.type === 'garbage')).toEqual([]);
  }, 60_000);

  it('the primary-backup replica has a bug the lab finds: answers its final state does not hold', async () => {
    const { summary } = await run(kitScenario('javascript', 'pb'), { replicaCwd: kit('javascript') });
    expect(summary.requests.answeredWrong).toBeGreaterThan(0);
  }, 60_000);
});

describe('the JavaScript kit\'s plumbing', () => {
  it('a due timer waits for the lines already on stdin (after a pause, a new view comes before the silence\'s verdict)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultlab-kit-order-'));
    const go = join(dir, 'go');
    // A replica whose start sets a 5 ms timer, then holds the event loop until the test has
    // written a delivery (the file "go" appears after the write completes) and its timer is due.
    writeFileSync(
      join(dir, 'order.mjs'),
      [
        `import { existsSync } from 'node:fs';`,
        `import { Replica, run } from ${JSON.stringify(pathToFileURL(join(kit('javascript'), 'faultlab-replica.mjs')).href)};`,
        `class Order extends Replica {`,
        `  onStart() {`,
        `    this.setTimer('t', 5);`,
        `    const t0 = performance.now();`,
        `    process.stderr.write('holding\\n');`,
        `    while (!existsSync(${JSON.stringify(go)}) || performance.now() - t0 < 20);`,
        `  }`,
        `  onMessage() { process.stderr.write('message\\n'); }`,
        `  onTimer() { process.stderr.write('timer\\n'); }`,
        `}`,
        `run((id, config, recovering) => new Order(id, config, recovering));`,
      ].join('\n'),
    );
    const child = spawn(process.execPath, [join(dir, 'order.mjs')], { stdio: ['pipe', 'ignore', 'pipe'] });
    const seen: string[] = [];
    const both = new Promise<void>((resolve) => {
      createInterface({ input: child.stderr }).on('line', (line) => {
        seen.push(line);
        if (line === 'holding') child.stdin.write(`${JSON.stringify({ type: 'deliver', from: 'r2', msg: { kind: 'heartbeat', view: 1 } })}\n`, () => writeFileSync(go, ''));
        if (seen.includes('message') && seen.includes('timer')) resolve();
      });
    });
    child.stdin.write(`${JSON.stringify({ type: 'init', protocol: 1, id: 1, config: {}, recovering: false })}\n`);
    await both;
    child.stdin.end();
    await new Promise((r) => child.once('exit', r));
    expect(seen).toEqual(['holding', 'message', 'timer']);
  }, 30_000);
});

describe('the JavaScript primary-backup kit with its bug fixed', () => {
  it('a primary paused past the failure timeout learns the new view as it resumes: nothing wrong, no divergence', async () => {
    // The kit copied with the one-line fix its README hints at: answer once every backup has acknowledged.
    const dir = mkdtempSync(join(tmpdir(), 'faultlab-fixed-kit-'));
    for (const f of ['faultlab-replica.mjs', 'pb-replica.mjs']) writeFileSync(join(dir, f), readFileSync(join(kit('javascript'), f), 'utf8'));
    const buggy = '    this.answer(client, req, value, seq);\n  }\n\n  answer(';
    const source = readFileSync(join(dir, 'pb-replica.mjs'), 'utf8');
    expect(source).toContain(buggy);
    writeFileSync(join(dir, 'pb-replica.mjs'), source.replace(buggy, '    this.waiting.set(seq, [client, req, value]);\n    this.settle();\n  }\n\n  answer('));
    const scenario = parseScenarioText(
      JSON.stringify({
        faultlab: 1, name: 'a paused primary', scheme: 'primary-backup', failureModel: 'fail-stop', k: 1, service: 'kv', seed: 1,
        // Paused twice the failure timeout, and the timeout long enough that a loaded machine's
        // scheduling does not make a backup suspect a primary that is running.
        workload: { clients: 2, ratePerSecond: 100, durationMs: 2500 }, options: { dedup: true, fencing: false },
        timing: { failureTimeoutMs: 500 },
        faults: [{ atMs: 500, type: 'pause', replica: 1 }, { atMs: 1500, type: 'resume', replica: 1 }],
        replica: { command: `"${process.execPath}" pb-replica.mjs` },
      }),
    );
    const { summary, events } = await run(scenario, { replicaCwd: dir });
    expect(events.some((e) => e.type === 'role' && e.replica === 2 && e.role === 'primary')).toBe(true);
    expect(summary.requests.answeredWrong).toBe(0);
    expect(summary.divergence.diverged).toBe(false);
  }, 60_000);
});

function kit(language: string): string {
  return join(root, 'examples', 'replicas', language);
}

function kitScenario(language: string, name: string): Scenario {
  return parseScenarioText(readFileSync(join(kit(language), `${name}.faultlab.json`), 'utf8'));
}

describe('a replica that misbehaves is reported, and contained', () => {
  const base = lab('state-machine', 'fail-stop', { workload: { clients: 1, ratePerSecond: 50, durationMs: 400 } }).scenario();

  it('garbage lines and a forged event become garbage events; the run completes', async () => {
    const { summary, events } = await run(own(base, `"${process.execPath}" garbage.js`, [1]), { replicaCwd: scripts });
    const garbage = events.flatMap((e) => (e.type === 'garbage' ? [e.detail] : []));
    expect(garbage.some((d) => d.startsWith('not a JSON line'))).toBe(true);
    expect(garbage.some((d) => d.includes('claims to come from replica 9'))).toBe(true);
    // Replica 2 (built in) still answers every request.
    expect(summary.requests.answeredCorrect).toBe(summary.requests.issued);
    const said = diagnoseReplicas(events, [1]);
    expect(said[0]).toMatch(/^replica 1 wrote \d+ lines that are not the replica protocol \(dropped\); the first: /);
  }, 60_000);

  it('a flood is cut by flood control and logged', async () => {
    const { events } = await run(own(base, `"${process.execPath}" flood.js`, [1]), { replicaCwd: scripts });
    expect(events.some((e) => e.type === 'garbage' && e.detail.startsWith('flood:'))).toBe(true);
    expect(diagnoseReplicas(events, [1])).toContainEqual(expect.stringMatching(/^replica 1 wrote far more than it was asked to: flood control dropped \d+ messages$/));
  }, 60_000);

  it('a replica that never answers: its requests are lost or answered by others, never wrong', async () => {
    const { summary, events } = await run(own(base, `"${process.execPath}" mute.js`), { replicaCwd: scripts });
    expect(summary.requests.answeredCorrect).toBe(0);
    expect(summary.requests.answeredWrong).toBe(0);
    expect(diagnoseReplicas(events, [1, 2])).toEqual([
      'replica 1 sent no message in the whole run: does it answer each deliver line with an output line?',
      'replica 1 did not answer the final line within 2 s: its final state is unknown',
      'replica 2 sent no message in the whole run: does it answer each deliver line with an output line?',
      'replica 2 did not answer the final line within 2 s: its final state is unknown',
    ]);
  }, 60_000);

  it('a replica that exits at start: the run does not begin, and says why', async () => {
    const err = await runRealToEnd(own(base, `"${process.execPath}" dies.js`), { replicaCwd: scripts }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReplicaStartError);
    expect((err as Error).message).toContain('my replica: cannot open its config');
    expect(liveChildCount()).toBe(0);
    const pids = [...(err as Error).message.matchAll(/process (\d+) exited/g)].map((m) => Number(m[1]));
    expect(pids.length).toBeGreaterThan(0);
    expect(await groupsEmptied(pids)).toEqual([]);
  }, 60_000);

  it('a replica that dies mid-run: said with its last words; the others answer; its group is gone', async () => {
    const { summary, events } = await run(own(base, `"${process.execPath}" dies-later.js`, [1]), { replicaCwd: scripts });
    expect(diagnoseReplicas(events, [1])).toEqual([expect.stringMatching(/^replica 1 exited by itself at \d+ ms: process \d+ exited \(code 1\): Traceback: my replica fell over$/)]);
    // Its last words are in the event log as its own log line too.
    expect(events.some((e) => e.type === 'replica-log' && e.replica === 1 && e.text === 'Traceback: my replica fell over')).toBe(true);
    expect(summary.requests.answeredCorrect).toBe(summary.requests.issued);
  }, 60_000);

  it('a replica that floods its stderr: the event log keeps its first lines, cut short, and counts the rest', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'faultlab-chatty-')), 'run');
    const { summary, events } = await run(own(base, `"${process.execPath}" chatty.js`, [1]), { replicaCwd: scripts, dir });
    const logs = events.flatMap((e) => (e.type === 'replica-log' && e.replica === 1 ? [e] : []));
    expect(logs).toHaveLength(REPLICA_LOG_LINES + 1);
    expect(logs.slice(0, -1).every((e) => e.text.length === REPLICA_LOG_LINE_CHARS && e.text.endsWith('…'))).toBe(true);
    expect(logs.at(-1)).toMatchObject({ text: '', omitted: 300 });
    // The log lines change no outcome: replica 2 (built in) answers everything.
    expect(summary.requests.answeredCorrect).toBe(summary.requests.issued);
    // The run folder keeps the log itself, cut at its own bound.
    expect(readFileSync(join(dir, 'replica-1.stderr.log'), 'utf8')).toContain("replica-1's log cut at");
  }, 60_000);

  it('processes a replica started die with it: at a crash and at the end of the run', async () => {
    const pids = mkdtempSync(join(tmpdir(), 'faultlab-pids-'));
    // Each incarnation leaves a grandchild behind (a sleep), then becomes the reference replica.
    const command = `sleep 600 & echo $! > "${pids}/$FAULTLAB_REPLICA.$$"; exec ${reference}`;
    const scenario = own(lab('state-machine', 'fail-stop', short).replica(1).crashes().at(300).scenario(), command);
    await run(scenario);
    const sleeps = readdirSync(pids).map((f) => Number(readFileSync(join(pids, f), 'utf8').trim()));
    expect(sleeps.length).toBeGreaterThanOrEqual(2);
    // Exit is not an event we can await for a process that is not our child: poll, generously.
    for (let i = 0; i < 200 && sleeps.some(alive); i++) await new Promise((r) => setTimeout(r, 50));
    expect(sleeps.filter(alive)).toEqual([]);
  }, 60_000);
});

describe('reading lines', () => {
  it("splits a replica's stderr into log lines, keeping only the start of a long one", () => {
    const lines: string[] = [];
    const s = new LogLineSplitter(8, (l) => lines.push(l));
    s.push('short\r\n\nabcdefghij');
    s.push('klmnop\nnext');
    s.push(' one');
    s.flush();
    expect(lines).toEqual(['short', 'abcdefg…', 'next one']);
  });

  it('splits chunks into lines, drops blank ones, and reports an overlong line once by its length', () => {
    const lines: string[] = [];
    const overlong: number[] = [];
    const s = new LineSplitter(10, (l) => lines.push(l), (n) => overlong.push(n));
    s.push('{"a":1}\n\n{"b"');
    s.push(':2}\r\n0123456789abc');
    s.push('def\nok\n');
    expect(lines).toEqual(['{"a":1}', '{"b":2}', 'ok']);
    expect(overlong).toEqual([13]);
  });
});

/** Alive and not a zombie (a reparented zombie waits for init, which may never reap it here). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** Members of process group pgid that are alive (not zombies), from /proc; [] where there is no /proc. */
function groupMembers(pgid: number): number[] {
  if (!existsSync('/proc/self/stat')) return [];
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so read after its last ')'.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') out.push(Number(name));
  }
  return out;
}

/**
 * The groups among `pgids` that still have a live member. A SIGKILLed process leaves when the
 * kernel next runs it, an event we cannot await from here: look again, generously, before failing.
 */
async function groupsEmptied(pgids: number[]): Promise<number[]> {
  let left = pgids.filter((g) => groupMembers(g).length > 0);
  for (let i = 0; i < 200 && left.length > 0; i++) {
    await new Promise((r) => setTimeout(r, 50));
    left = left.filter((g) => groupMembers(g).length > 0);
  }
  return left;
}
