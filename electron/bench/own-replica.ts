/**
 * The bench's row for a replica of one's own: state-machine replication, n = 3, with the
 * reference replica speaking the replica protocol (JSON lines on stdin/stdout, run through
 * the shell in a process group: out/node/replica-stdio.cjs as the replica command) against
 * the built-in replica (forked, IPC), in the same process on the same workload. It reports
 * the ratios, what the protocol's pipes and checks cost; never a timing assertion.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioInput } from '../../shared/scenario.js';
import { parseScenario } from '../../shared/scenario.js';
import { startRealRun } from '../runtime/real.js';

interface Measured {
  throughputRps: number;
  p50: number | null;
  p99: number | null;
  held: boolean;
}

function scenario(rate: number, durationMs: number, command: string | null): ScenarioInput {
  return {
    faultlab: 1,
    name: `bench state-machine n=3${command ? ' (replica protocol)' : ''}`,
    scheme: 'state-machine',
    failureModel: 'arbitrary',
    k: 1,
    replicas: 3,
    service: 'counter',
    workload: { clients: 4, ratePerSecond: rate, durationMs },
    timing: { networkDelayMs: [0, 0], heartbeatMs: 50, failureTimeoutMs: 5000, clientTimeoutMs: 30_000, clientRetries: 0 },
    ...(command ? { replica: { command } } : {}),
  };
}

async function measure(input: ScenarioInput): Promise<Measured> {
  const run = await startRealRun(parseScenario(input));
  const { summary: s } = await run.finished;
  const answered = s.requests.answeredCorrect + s.requests.answeredWrong;
  return { throughputRps: s.throughputRps, p50: s.latencyMs.p50, p99: s.latencyMs.p99, held: answered >= 0.99 * s.requests.issued && s.latencyMs.p99 !== null && s.latencyMs.p99 <= 50 };
}

/** The best throughput among offered rates 1000, 2000, 4000, ... that held (two misses in a row end it), as the main rows measure. */
async function capacity(command: string | null, durationMs: number, maxRate: number): Promise<number> {
  let best = 0;
  let misses = 0;
  for (let rate = 1000; rate <= maxRate && misses < 2; rate *= 2) {
    const m = await measure(scenario(rate, durationMs, command));
    if (m.held) best = Math.max(best, m.throughputRps);
    misses = m.held ? 0 : misses + 1;
  }
  return best;
}

const f = (x: number | null, d = 0): string => (x === null ? '-' : x.toFixed(d));
const ratio = (a: number | null, b: number | null): string => (a === null || b === null || b === 0 ? '-' : (a / b).toFixed(2));

/** The row's lines: each variant's sustainable throughput and latency at 200 req/s, and their ratios. */
export async function ownReplicaRows(options: { quick: boolean }): Promise<string> {
  const stdio = join(__dirname, 'replica-stdio.cjs');
  if (!existsSync(stdio)) return 'replica protocol: out/node/replica-stdio.cjs is not built (npm run build:node); row skipped\n';
  const command = `"${process.execPath}" "${stdio}"`;
  const durationMs = options.quick ? 500 : 1000;
  const maxRate = options.quick ? 8000 : 64_000;
  // Each searched twice, alternately, best of the two: a busy moment of the machine falls on neither variant alone.
  let builtinRps = 0;
  let protocolRps = 0;
  for (let round = 0; round < 2; round++) {
    builtinRps = Math.max(builtinRps, await capacity(null, durationMs, maxRate));
    protocolRps = Math.max(protocolRps, await capacity(command, durationMs, maxRate));
  }
  const builtin = await measure(scenario(200, 2000, null));
  const protocol = await measure(scenario(200, 2000, command));
  return [
    `own replica (state-machine n=3): the reference replica through the replica protocol (${command.replace(/"/g, '')}) vs the built-in replica`,
    `  throughput (best held over offered 1000, 2000, 4000, ... req/s, ${durationMs} ms each, two searches each): built-in ${f(builtinRps)} req/s, protocol ${f(protocolRps)} req/s, ratio ${ratio(protocolRps, builtinRps)}`,
    `  latency @200/s for 2 s: built-in p50 ${f(builtin.p50, 2)} ms p99 ${f(builtin.p99, 2)} ms; protocol p50 ${f(protocol.p50, 2)} ms p99 ${f(protocol.p99, 2)} ms; ratio p50 ${ratio(protocol.p50, builtin.p50)}, p99 ${ratio(protocol.p99, builtin.p99)}`,
    '',
  ].join('\n');
}
