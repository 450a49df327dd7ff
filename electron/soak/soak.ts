/**
 * The soak: state-machine replication with n = 15 real replica processes (k = 7) under a
 * random fault every 500 ms, for as long as asked (10 minutes by `npm run soak`, one
 * minute in the test suite). It samples the memory of the lab's own process and of every
 * replica process while it runs, and at the end checks what a lab left open for an
 * afternoon must keep:
 *
 * - memory of every replica flat after warm-up (a replica's state is the service's, which
 *   does not grow with time), and of the host: the run's log goes to disk and into the
 *   analysis's fold as it happens, not into memory (its growth is also put per event);
 * - every replica process gone once the run ends (crashed, restarted and paused ones too);
 * - the summary complete (the run ended, its log closed) and no wrong answer, since no
 *   more than k replicas are ever faulty at once.
 *
 * The fault schedule is a pure function of the seed, so a failing soak can be run again.
 * Its faults are injected live, as clicks in the lab are (a scenario file holds at most
 * 1,000 faults; ten minutes of this take some 1,700).
 */
import { readFileSync } from 'node:fs';
import type { RunSummary } from '../../shared/analysis/summary.js';
import type { FaultSpec } from '../../shared/faults.js';
import type { Fault, Scenario } from '../../shared/scenario.js';
import { parseScenario } from '../../shared/scenario.js';
import { Rng } from '../../shared/rng.js';
import { processAlive } from '../runtime/process-alive.js';
import { startRealRun } from '../runtime/real.js';

export interface SoakOptions {
  seconds: number;
  seed?: number;
  /** How often memory is sampled (default: 60 samples over the run, at least every 500 ms). */
  sampleMs?: number;
  /** Called with each sample as it is taken (for progress output). */
  onSample?: (s: MemorySample) => void;
}

export interface MemorySample {
  atMs: number;
  hostRssMb: number;
  /** Resident memory of each running replica process, by replica number. */
  replicaRssMb: Map<number, number>;
  events: number;
}

/** A series' growth after warm-up: the median of its last quarter against the median of its second. */
export interface Growth {
  earlyMb: number;
  lateMb: number;
  grewMb: number;
  flat: boolean;
}

export interface SoakResult {
  scenario: Scenario;
  summary: RunSummary;
  complete: boolean;
  samples: MemorySample[];
  host: Growth;
  /** Host memory growth per event of the log after warm-up, in bytes (the log is not held: near 0). */
  hostBytesPerEvent: number | null;
  replicas: Map<number, Growth>;
  /** Replica pids still alive after the run ended (must be none). */
  leftover: number[];
  /** Faults injected while the run went on. */
  faults: number;
}

export const SOAK_REPLICAS = 15;
export const SOAK_K = 7;

/** Growth within this much (or this fraction of the early level) counts as flat. */
const FLAT_SLACK_MB = 12;
const FLAT_SLACK_FRACTION = 0.25;

interface Busy {
  until: number;
  crashed: boolean;
}

/**
 * A fault every 500 ms from 1 s on, each lasting 1–3 s: crash and restart, pause and
 * resume, a Byzantine lie and back, omission, delay, duplication, reordering, and a
 * minority cut off by a partition and healed. At no moment are more than k replicas
 * affected; when k are, the next fault delays the messages of one of them.
 */
export function soakSchedule(n: number, k: number, durationMs: number, seed: number): Fault[] {
  const rng = Rng.fromSeed(seed);
  const faults: Fault[] = [];
  const busy = new Map<number, Busy>();
  let partitionUntil = 0;
  const lastStart = durationMs - 4000;
  for (let t = 1000; t <= lastStart; t += 500) {
    for (const [r, b] of busy) if (b.until <= t) busy.delete(r);
    const free = Array.from({ length: n }, (_, i) => i + 1).filter((r) => !busy.has(r));
    const room = k - busy.size;
    const d = rng.int(1000, 3000);
    if (room <= 0 || free.length === 0) {
      const running = [...busy.entries()].filter(([, b]) => !b.crashed).map(([r]) => r);
      if (running.length > 0) faults.push({ atMs: t, type: 'delay', replica: rng.pick(running), ms: rng.int(5, 50), jitterMs: 5, untilMs: t + d });
      continue;
    }
    const kinds = ['crash', 'pause', 'byzantine', 'omission', 'delay', 'duplicate', 'reorder', ...(partitionUntil <= t && room >= 1 ? ['partition'] : [])] as const;
    const kind = rng.pick(kinds);
    const r = rng.pick(free);
    const hold = (replica: number, until: number, crashed = false): void => void busy.set(replica, { until, crashed });
    switch (kind) {
      case 'crash':
        faults.push({ atMs: t, type: 'crash', replica: r }, { atMs: t + d, type: 'restart', replica: r });
        // A restarted replica catches up by state transfer: still counted until it has.
        hold(r, t + d + 2000, true);
        break;
      case 'pause':
        faults.push({ atMs: t, type: 'pause', replica: r }, { atMs: t + d, type: 'resume', replica: r });
        hold(r, t + d + 1000);
        break;
      case 'byzantine':
        faults.push({ atMs: t, type: 'byzantine', replica: r, behavior: 'lie' }, { atMs: t + d, type: 'byzantine', replica: r, behavior: 'none' });
        hold(r, t + d);
        break;
      case 'omission':
        faults.push({ atMs: t, type: 'omission', replica: r, probability: 0.5, direction: 'both', untilMs: t + d });
        hold(r, t + d + 1000);
        break;
      case 'delay':
        faults.push({ atMs: t, type: 'delay', replica: r, ms: rng.int(20, 200), jitterMs: 10, untilMs: t + d });
        hold(r, t + d + 500);
        break;
      case 'duplicate':
        faults.push({ atMs: t, type: 'duplicate', replica: r, probability: 0.3, untilMs: t + d });
        hold(r, t + d);
        break;
      case 'reorder':
        faults.push({ atMs: t, type: 'reorder', replica: r, windowMs: 50, untilMs: t + d });
        hold(r, t + d);
        break;
      case 'partition': {
        const size = Math.min(rng.int(1, 3), room, free.length);
        const minority = free.slice(0, size);
        const rest = Array.from({ length: n }, (_, i) => i + 1).filter((x) => !minority.includes(x));
        faults.push({ atMs: t, type: 'partition', groups: [minority, [...rest, 'clients']] }, { atMs: t + d, type: 'heal' });
        for (const m of minority) hold(m, t + d + 1000);
        partitionUntil = t + d + 1;
        break;
      }
    }
  }
  return faults.sort((a, b) => a.atMs - b.atMs);
}

export function soakScenario(seconds: number, seed: number): Scenario {
  const durationMs = Math.round(seconds * 1000);
  return parseScenario({
    faultlab: 1,
    name: `Soak: n = ${SOAK_REPLICAS}, a random fault every 500 ms for ${seconds} s`,
    scheme: 'state-machine',
    failureModel: 'arbitrary',
    k: SOAK_K,
    replicas: SOAK_REPLICAS,
    service: 'counter',
    seed,
    workload: { clients: 4, ratePerSecond: 40, durationMs },
    timing: { networkDelayMs: [1, 3], heartbeatMs: 50, failureTimeoutMs: 300, clientTimeoutMs: 1000, clientRetries: 5 },
  });
}

/** A scheduled fault as a live one: the same fields, applied now. */
function withoutTime(f: Fault): FaultSpec {
  const spec: Record<string, unknown> = { ...f };
  delete spec.atMs;
  return spec as FaultSpec;
}

/** A process's resident memory in MB, from /proc (null when it is gone or /proc cannot say). */
function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}


function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : (s[Math.floor((s.length - 1) / 2)] ?? 0);
}

/** How much a series grew after warm-up (its first quarter left out). */
export function growth(series: number[]): Growth {
  const q = Math.max(1, Math.floor(series.length / 4));
  const earlyMb = median(series.slice(q, 2 * q));
  const lateMb = median(series.slice(series.length - q));
  const grewMb = lateMb - earlyMb;
  return { earlyMb, lateMb, grewMb, flat: grewMb <= Math.max(FLAT_SLACK_MB, FLAT_SLACK_FRACTION * earlyMb) };
}

/** Waits until none of the pids is alive, checking every 100 ms for at most `boundMs`; returns those still alive. */
async function awaitGone(pids: Iterable<number>, boundMs: number): Promise<number[]> {
  const all = [...pids];
  for (let waited = 0; ; waited += 100) {
    const left = all.filter(processAlive);
    if (left.length === 0 || waited >= boundMs) return left;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const seed = options.seed ?? 1;
  const scenario = soakScenario(options.seconds, seed);
  const schedule = soakSchedule(SOAK_REPLICAS, SOAK_K, scenario.workload.durationMs, seed);
  const sampleMs = options.sampleMs ?? Math.max(500, Math.round((options.seconds * 1000) / 60));
  // The log is not held: what a lab left open for an afternoon keeps is its fold (real.ts).
  const run = await startRealRun(scenario, { keepEvents: false });
  const pids = new Set<number>();
  let events = 0;
  run.onEvents((batch) => {
    events += batch.length;
    for (const e of batch) if (e.type === 'process' && e.pid !== null) pids.add(e.pid);
  });
  const samples: MemorySample[] = [];
  const take = (): void => {
    const replicaRssMb = new Map<number, number>();
    for (const r of run.replicas()) {
      if (r.pid === null) continue;
      pids.add(r.pid);
      if (r.status !== 'up') continue;
      const mb = rssMb(r.pid);
      if (mb !== null) replicaRssMb.set(r.replica, mb);
    }
    const sample = { atMs: Math.round(run.elapsedMs()), hostRssMb: process.memoryUsage().rss / 2 ** 20, replicaRssMb, events };
    samples.push(sample);
    options.onSample?.(sample);
  };
  const timer = setInterval(take, sampleMs);
  let next = 0;
  let injected = 0;
  const injector = setInterval(() => {
    const now = run.elapsedMs();
    for (; next < schedule.length && (schedule[next]?.atMs ?? Infinity) <= now; next++) {
      const fault = schedule[next] as Fault;
      try {
        run.inject(withoutTime(fault));
        injected++;
      } catch {
        // The run has ended: the rest of the schedule is moot.
      }
    }
  }, 20);
  const result = await run.finished.finally(() => {
    clearInterval(timer);
    clearInterval(injector);
  });
  // The supervisor reaps every replica as the run ends; allow it a generous bound to finish.
  const leftover = await awaitGone(pids, 15_000);

  const host = growth(samples.map((s) => s.hostRssMb));
  const q = Math.max(1, Math.floor(samples.length / 4));
  const eventsGrown = median(samples.slice(samples.length - q).map((s) => s.events)) - median(samples.slice(q, 2 * q).map((s) => s.events));
  const replicas = new Map<number, Growth>();
  for (let r = 1; r <= SOAK_REPLICAS; r++) {
    const series = samples.map((s) => s.replicaRssMb.get(r)).filter((x): x is number => x !== undefined);
    if (series.length >= 4) replicas.set(r, growth(series));
  }
  return {
    scenario,
    summary: result.summary,
    complete: result.complete,
    samples,
    host,
    hostBytesPerEvent: eventsGrown > 0 ? Math.round((host.grewMb * 2 ** 20) / eventsGrown) : null,
    replicas,
    leftover,
    faults: injected,
  };
}

const BARS = '▁▂▃▄▅▆▇█';

/** A series as one line of bars between its minimum and maximum, with both in MB. */
export function sparkline(label: string, series: number[]): string {
  if (series.length === 0) return `${label}: no samples`;
  const lo = Math.min(...series);
  const hi = Math.max(...series);
  const bar = (x: number): string => BARS[hi - lo < 0.5 ? 0 : Math.round(((x - lo) / (hi - lo)) * (BARS.length - 1))] ?? '▁';
  return `${label.padEnd(12)} ${series.map(bar).join('')}  ${lo.toFixed(0)}–${hi.toFixed(0)} MB`;
}

/** What the soak found, in words: the plot, each check and the figures. */
export function soakReport(r: SoakResult): { text: string; ok: boolean } {
  const lines: string[] = [];
  const s = r.summary;
  lines.push(r.scenario.name, `  ${r.faults} faults injected live (seed ${r.scenario.seed}), ${r.samples.length} memory samples`, '');
  lines.push(sparkline('host', r.samples.map((x) => x.hostRssMb)));
  for (let rep = 1; rep <= SOAK_REPLICAS; rep++) {
    const series = r.samples.map((x) => x.replicaRssMb.get(rep)).filter((x): x is number => x !== undefined);
    lines.push(sparkline(`replica ${rep}`, series));
  }
  lines.push('');
  const checks: [string, boolean][] = [];
  const flatReplicas = [...r.replicas.entries()].filter(([, g]) => !g.flat);
  const worst = [...r.replicas.values()].reduce((m, g) => Math.max(m, g.grewMb), 0);
  checks.push([`replica memory flat after warm-up (largest growth ${worst.toFixed(1)} MB)${flatReplicas.length > 0 ? `: grew: ${flatReplicas.map(([id, g]) => `replica ${id} ${g.earlyMb.toFixed(0)}→${g.lateMb.toFixed(0)} MB`).join(', ')}` : ''}`, flatReplicas.length === 0 && r.replicas.size > 0]);
  checks.push([`host memory flat after warm-up (${r.host.earlyMb.toFixed(0)} → ${r.host.lateMb.toFixed(0)} MB)`, r.host.flat]);
  checks.push([`every replica process gone after the run${r.leftover.length > 0 ? `: still alive: ${r.leftover.join(', ')}` : ''}`, r.leftover.length === 0]);
  checks.push([`summary complete (${s.requests.issued} requests, ${s.eventCount} events)`, r.complete]);
  checks.push([`no wrong answer with at most k = ${SOAK_K} replicas faulty at once (${s.requests.answeredWrong} wrong, ${s.requests.answeredCorrect} correct, ${s.requests.lost} lost, ${s.requests.undecided} undecided)`, s.requests.answeredWrong === 0]);
  for (const [text, ok] of checks) lines.push(`${ok ? 'ok  ' : 'FAIL'} ${text}`);
  lines.push(
    `host memory ${r.host.earlyMb.toFixed(0)} → ${r.host.lateMb.toFixed(0)} MB after warm-up${r.hostBytesPerEvent !== null ? ` (${r.hostBytesPerEvent} bytes per event; the log is written to disk and folded, not held)` : ''}`,
  );
  return { text: lines.join('\n'), ok: checks.every(([, ok]) => ok) };
}
