/**
 * A scenario's replica command of one's own through the commands that run many scenarios:
 * sweep runs it in real processes from the scenario file's folder (on the listed replicas a
 * cell has), compare in the given scheme's column; simulation, and hunt (which searches in simulation only), refuse it in one line
 * before anything starts.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../../shared/scenario.js';
import { expandSweep, SweepSpecError } from '../../shared/sweep.js';
import { ReplicaNeedsRealMode } from '../runtime/real-external.js';
import { runScenario } from '../runtime/run.js';
import { liveChildCount } from '../runtime/supervisor.js';
import { main } from './main.js';
import { ROOT } from './testing.js';

const stdioReplica = join(ROOT, 'out', 'node', 'replica-stdio.cjs');
let dir: string;
let scenarioFile: string;

const scenario = (replica: { command: string; replicas?: number[] }, failureModel: 'fail-stop' | 'arbitrary' = 'fail-stop') =>
  parseScenario({ faultlab: 1, name: 'own replica', scheme: 'state-machine', failureModel, k: 1, service: 'kv', workload: { clients: 1, ratePerSecond: 50, durationMs: 400 }, replica });

beforeAll(() => {
  if (!existsSync(stdioReplica)) throw new Error('out/node/replica-stdio.cjs is not built: run npm run build:node');
  dir = mkdtempSync(join(tmpdir(), 'faultlab-own-cli-'));
  // A replica program in the scenario's folder, named relative to it: it leaves a mark, then is the reference replica.
  writeFileSync(join(dir, 'mine.cjs'), `require('fs').writeFileSync('ran-' + process.env.FAULTLAB_REPLICA, '');\nrequire(${JSON.stringify(stdioReplica)});\n`);
  // One that says ready and then never answers.
  writeFileSync(join(dir, 'mute.cjs'), `process.stdout.write('{"type":"ready","protocol":1}\\n');\nprocess.stdin.resume();\nprocess.stdin.on('end', () => process.exit(0));\n`);
  scenarioFile = join(dir, 'mine.faultlab.json');
  writeFileSync(scenarioFile, JSON.stringify({ ...scenario({ command: `"${process.execPath}" mine.cjs`, replicas: [2] }), faults: [] }));
});

async function faultlab(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('sweep', () => {
  it("runs the scenario's replica command in real processes, from the scenario file's folder, by default", async () => {
    const { code, out, err } = await faultlab('sweep', scenarioFile, '--k', '1', '--n', 'bound', '--faults', '0', '--kind', 'crash', '--json');
    expect(err).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(out) as { mode: string; rows: { issued: number; answeredCorrect: number }[] };
    expect(result.mode).toBe('real');
    expect(result.rows).toHaveLength(1);
    expect(result.rows[0]?.answeredCorrect).toBe(result.rows[0]?.issued);
    // Replica 2 ran the program (relative to the scenario's folder); replica 1 stayed built in.
    expect(readdirSync(dir).filter((f) => f.startsWith('ran-'))).toEqual(['ran-replica-2']);
    expect(liveChildCount()).toBe(0);
  }, 60_000);

  it('refuses --mode sim with a replica command, before anything runs', async () => {
    const { code, err } = await faultlab('sweep', scenarioFile, '--mode', 'sim');
    expect(code).toBe(2);
    expect(err).toContain('runs only in real mode; sweep it with --mode real');
  });

  it('keeps the listed replicas a cell has, and refuses a cell with none of them', () => {
    const base = scenario({ command: 'mine', replicas: [2, 3] }, 'arbitrary');
    const cells = expandSweep({ base, ks: [1], ns: [3, 2], faultCounts: [0], kinds: ['crash'], failureTimeoutsMs: [] });
    expect(cells.map((c) => c.scenario.replica)).toEqual([{ command: 'mine', replicas: [2, 3] }, { command: 'mine', replicas: [2] }]);
    expect(() => expandSweep({ base, ks: [1], ns: [1], faultCounts: [0], kinds: ['crash'], failureTimeoutsMs: [] })).toThrow(SweepSpecError);
    expect(() => expandSweep({ base, ks: [1], ns: [1], faultCounts: [0], kinds: ['crash'], failureTimeoutsMs: [] })).toThrow('n = 1: the replica command runs on replicas 2, 3');
  });
});

describe('run', () => {
  it('says in words what the replica program did wrong: here, it never answers', async () => {
    const mute = `"${process.execPath}" mute.cjs`;
    const { code, out } = await faultlab('run', scenarioFile, '--replica-cmd', mute);
    expect(code).toBe(0);
    const lines = out.split('\n');
    const at = lines.indexOf(`Your replica program ("${mute}"):`);
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1)).toEqual([
      '  replica 2 sent no message in the whole run: does it answer each deliver line with an output line?',
      '  replica 2 did not answer the final line within 2 s: its final state is unknown',
    ]);
    expect(liveChildCount()).toBe(0);
  }, 60_000);
});

describe('run: a program that does not start', () => {
  it('exit 2 before the run begins, with each replica\'s reason in one line', async () => {
    writeFileSync(join(dir, 'dies.cjs'), "process.stderr.write('my replica: no config file\\n');\nprocess.exit(3);\n");
    const { code, out, err } = await faultlab('run', scenarioFile, '--replica-cmd', `"${process.execPath}" dies.cjs`);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.split('\n')).toHaveLength(1);
    expect(err).toMatch(/^faultlab: replica command ".*dies\.cjs": the replica processes did not start \(replica 2: process \d+ exited \(code 3\): my replica: no config file\)$/);
    expect(liveChildCount()).toBe(0);
  }, 60_000);
});

describe('compare', () => {
  it("runs the replica command in the given scheme's column only, and says the other column is built in", async () => {
    for (const f of readdirSync(dir).filter((x) => x.startsWith('ran-'))) rmSync(join(dir, f));
    const { code, out, err } = await faultlab('compare', scenarioFile, '--json');
    expect(err).toBe('');
    expect(code).toBe(0);
    const c = JSON.parse(out) as { changes: string[] };
    expect(c.changes.some((ch) => ch.includes('runs the built-in replica (the replica command') && ch.includes('column only'))).toBe(true);
    // One run of the command's replica 2 (the state-machine column); the primary-backup column started none.
    expect(readdirSync(dir).filter((f) => f.startsWith('ran-'))).toEqual(['ran-replica-2']);
    expect(liveChildCount()).toBe(0);
  }, 60_000);

  it('refuses --mode sim with a replica command', async () => {
    const { code, err } = await faultlab('compare', scenarioFile, '--mode', 'sim');
    expect(code).toBe(2);
    expect(err).toContain('runs only in real mode; compare it with --mode real');
  });
});

describe('simulation and hunt', () => {
  it('a simulated run of a scenario with a replica command is refused, naming the command and what to do', async () => {
    const err = await runScenario(scenario({ command: 'python3 mine.py' }), 'sim').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReplicaNeedsRealMode);
    expect((err as Error).message).toContain('("python3 mine.py"), which only real mode can host');
  });

  it('hunt refuses a scenario with a replica command: it searches in simulation only', async () => {
    const { code, err } = await faultlab('hunt', scenarioFile, '--check', 'no-wrong', '--budget', '5');
    expect(code).toBe(2);
    expect(err).toContain('hunt searches in simulation only');
    expect(err).toContain('--replica-cmd');
  });
});
