/**
 * The bench's failover row: primary-backup, n = 3, real mode. One run under a steady open-loop
 * workload; the current primary is crashed (a SIGKILL), the run waits for the first request
 * answered after it, restarts the crashed replica, waits until it is a member again and the
 * service answers, and crashes the next primary: `crashes` times. Each outage is read from the
 * event log's own timestamps (crash fault -> first accept of a reply from another replica) and
 * set against the bound failureTimeoutMs + heartbeatMs. The waiting is driven by the run's
 * events, never by sleeps; a stage that never comes ends the row with a clear message.
 */
import type { RunEvent } from '../../shared/events.js';
import type { ScenarioInput } from '../../shared/scenario.js';
import { parseScenario } from '../../shared/scenario.js';
import type { LiveRun } from '../runtime/live-run.js';
import { startRealRun } from '../runtime/real.js';

export const FAILOVER_TIMING = { heartbeatMs: 50, failureTimeoutMs: 200 } as const;

export function failoverScenario(durationMs: number): ScenarioInput {
  return {
    faultlab: 1,
    name: 'bench primary-backup failover n=3',
    scheme: 'primary-backup',
    failureModel: 'fail-stop',
    k: 2,
    replicas: 3,
    service: 'counter',
    workload: { clients: 4, ratePerSecond: 200, durationMs },
    timing: { networkDelayMs: [0, 0], ...FAILOVER_TIMING, clientTimeoutMs: 100, clientRetries: 20 },
  };
}

/** One primary crash as the event log tells it. */
export interface Outage {
  crashed: number;
  crashAtMs: number;
  /** The first request answered after the crash by a replica other than the crashed one. */
  answeredAtMs: number | null;
  unavailableMs: number | null;
  /** When the first backup suspected the crashed primary, and when the arbiter installed the next view. */
  suspectAtMs: number | null;
  viewAtMs: number | null;
}

/**
 * Every crash fault in the log and the first request answered after it (by a reply from a
 * replica other than the crashed one: a reply the dead primary sent before it died proves
 * nothing about the failover). Pure: a function of the log alone.
 */
export function outagesOf(events: readonly RunEvent[]): Outage[] {
  const out: Outage[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e?.type !== 'fault' || e.fault.type !== 'crash') continue;
    const crashed = e.fault.replica;
    const outage: Outage = { crashed, crashAtMs: e.t, answeredAtMs: null, unavailableMs: null, suspectAtMs: null, viewAtMs: null };
    for (let j = i + 1; j < events.length; j++) {
      const a = events[j];
      if (!a) continue;
      if (a.type === 'suspect' && a.suspect === crashed && outage.suspectAtMs === null) outage.suspectAtMs = a.t;
      if (a.type === 'arbiter' && a.decision === 'accepted' && !a.view.members.includes(crashed) && outage.viewAtMs === null) outage.viewAtMs = a.t;
      if (a.type === 'accept' && !a.from.includes(crashed)) {
        outage.answeredAtMs = a.t;
        outage.unavailableMs = Math.round((a.t - e.t) * 1000) / 1000;
        break;
      }
      if (a.type === 'fault' && a.fault.type === 'crash') break;
    }
    out.push(outage);
  }
  return out;
}

/** Waits for the first event (from now on) that satisfies `test`; rejects after `limitMs` of run time without one. */
function until(run: LiveRun, what: string, limitMs: number, test: (e: RunEvent) => boolean): Promise<RunEvent> {
  const startMs = run.elapsedMs();
  return new Promise((resolve, reject) => {
    const off = run.onEvents((batch) => {
      const hit = batch.find(test);
      if (hit) {
        off();
        resolve(hit);
      } else if (run.elapsedMs() - startMs > limitMs) {
        off();
        reject(new Error(`failover bench: no ${what} within ${limitMs} ms`));
      }
    });
  });
}

/** Runs `crashes` primary crashes in one real-mode run; returns the outages read from its log. */
export async function measureFailovers(crashes: number): Promise<{ outages: Outage[]; events: readonly RunEvent[] }> {
  const run = await startRealRun(parseScenario(failoverScenario(600_000)));
  const limitMs = 20 * (FAILOVER_TIMING.failureTimeoutMs + FAILOVER_TIMING.heartbeatMs);
  try {
    let primary = 1;
    // The service answers: the run has begun.
    await until(run, 'first answer', limitMs, (e) => e.type === 'accept');
    for (let c = 0; c < crashes; c++) {
      const crashed = primary;
      run.inject({ type: 'crash', replica: crashed });
      const crashAt = run.elapsedMs();
      const view = await until(run, `new view after crashing replica ${crashed}`, limitMs, (e) => e.type === 'arbiter' && e.decision === 'accepted' && e.t >= crashAt && e.view.primary !== crashed);
      if (view.type === 'arbiter') primary = view.view.primary;
      await until(run, `answer after crashing replica ${crashed}`, limitMs, (e) => e.type === 'accept' && e.t >= crashAt && !e.from.includes(crashed));
      run.inject({ type: 'restart', replica: crashed });
      const restartAt = run.elapsedMs();
      // Back in the view (the arbiter installs it as a member), and the service answering after that.
      const joined = await until(run, `replica ${crashed} rejoining`, limitMs, (e) => e.type === 'arbiter' && e.decision === 'accepted' && e.t >= restartAt && e.view.members.length === 3);
      if (joined.type === 'arbiter') primary = joined.view.primary;
      await until(run, 'answer after the rejoin', limitMs, (e) => e.type === 'accept' && e.t > joined.t);
    }
  } finally {
    await run.stop();
  }
  return { outages: outagesOf(run.events), events: run.events };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const f = (x: number | null | undefined, d = 0): string => (x === null || x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(d));

/** The row's lines. */
export async function failoverRows(options: { quick: boolean }): Promise<string> {
  const crashes = options.quick ? 5 : 20;
  const { outages } = await measureFailovers(crashes);
  const bound = FAILOVER_TIMING.failureTimeoutMs + FAILOVER_TIMING.heartbeatMs;
  const un = outages.map((o) => o.unavailableMs).filter((x): x is number => x !== null);
  const detect = outages.map((o) => (o.suspectAtMs === null ? null : o.suspectAtMs - o.crashAtMs)).filter((x): x is number => x !== null);
  const view = outages.map((o) => (o.viewAtMs === null ? null : o.viewAtMs - o.crashAtMs)).filter((x): x is number => x !== null);
  const within = un.filter((x) => x <= bound).length;
  const mmm = (xs: number[]): string => `min ${f(Math.min(...xs), 1)}, median ${f(median(xs), 1)}, max ${f(Math.max(...xs), 1)} ms`;
  return [
    `failover (primary-backup n=3, real mode, 200 req/s, heartbeat ${FAILOVER_TIMING.heartbeatMs} ms, failureTimeout ${FAILOVER_TIMING.failureTimeoutMs} ms): ${outages.length} primary crashes`,
    `  unavailable (crash -> first answer from another replica): ${mmm(un)}; bound failureTimeoutMs + heartbeatMs = ${bound} ms; ${within} of ${outages.length} within`,
    `  beyond the failure timeout (unavailable - failureTimeoutMs): median ${f(median(un) - FAILOVER_TIMING.failureTimeoutMs, 1)} ms, worst ${f(Math.max(...un) - FAILOVER_TIMING.failureTimeoutMs, 1)} ms of ${un.length} (the bound allows one heartbeat, ${FAILOVER_TIMING.heartbeatMs} ms)`,
    `  of which: crash -> first suspicion ${mmm(detect)}; crash -> the arbiter's new view ${mmm(view)}`,
    `  each: ${un.map((x) => f(x, 0)).join(', ')}`,
    '',
  ].join('\n');
}
