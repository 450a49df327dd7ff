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
  return { throughputRps: s.throughputRps, p50: s.latencyMs.p50, p99: s.latencyMs.p99 };
}

/** Throughput at saturation: an offered rate far above what either variant answers, for durationMs. */
async function saturated(command: string | null, durationMs: number, rate: number): Promise<number> {
  return (await measure(scenario(rate, durationMs, command))).throughputRps;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

const f = (x: number | null, d = 0): string => (x === null ? '-' : x.toFixed(d));
const ratio = (a: number | null, b: number | null): string => (a === null || b === null || b === 0 ? '-' : (a / b).toFixed(2));

/** The row's lines: each variant's throughput at saturation and latency at 200 req/s, and their ratios. */
export async function ownReplicaRows(options: { quick: boolean }): Promise<string> {
  const stdio = join(__dirname, 'replica-stdio.cjs');
  if (!existsSync(stdio)) return 'replica protocol: out/node/replica-stdio.cjs is not built (npm run build:node); row skipped\n';
  const command = `"${process.execPath}" "${stdio}"`;
  const durationMs = options.quick ? 500 : 1000;
  const rate = options.quick ? 8000 : 16_000;
  const rounds = options.quick ? 3 : 5;
  // Alternated, median of each: a busy moment of the machine falls on neither variant alone.
  const builtinRuns: number[] = [];
  const protocolRuns: number[] = [];
  for (let round = 0; round < rounds; round++) {
    builtinRuns.push(await saturated(null, durationMs, rate));
    protocolRuns.push(await saturated(command, durationMs, rate));
  }
  const builtinRps = median(builtinRuns);
  const protocolRps = median(protocolRuns);
  const builtin = await measure(scenario(200, 2000, null));
  const protocol = await measure(scenario(200, 2000, command));
  return [
    `own replica (state-machine n=3): the reference replica through the replica protocol (${command.replace(/"/g, '')}) vs the built-in replica`,
    `  throughput at saturation (${rate} req/s offered for ${durationMs} ms, median of ${rounds} runs each, alternated): built-in ${f(builtinRps)} req/s, protocol ${f(protocolRps)} req/s, ratio ${ratio(protocolRps, builtinRps)}`,
    `    runs: built-in ${builtinRuns.map((x) => f(x)).join(', ')}; protocol ${protocolRuns.map((x) => f(x)).join(', ')}`,
    `  latency @200/s for 2 s: built-in p50 ${f(builtin.p50, 2)} ms p99 ${f(builtin.p99, 2)} ms; protocol p50 ${f(protocol.p50, 2)} ms p99 ${f(protocol.p99, 2)} ms; ratio p50 ${ratio(protocol.p50, builtin.p50)}, p99 ${ratio(protocol.p99, builtin.p99)}`,
    '',
  ].join('\n');
}
