/**
 * What a run will cost before it starts: how many events it records, how many bytes its
 * event log takes, how much memory it needs at its peak, and how long it takes in
 * simulation and in real mode. A pure function of the scenario (no clock, no I/O), so the
 * CLI, the app's main side and the renderer give the same figures.
 *
 * Events and log bytes come from a model of each scheme's traffic, calibrated on measured
 * simulated runs (schemes, replica counts, clients, rates, durations; shared/cost.test.ts
 * checks it against measured runs, within 2x). Memory is per event held (the run's log is
 * kept in memory while it runs and is analysed) plus the process and, in real mode, one
 * process per replica. Times are estimates: the simulator's speed is a constant measured
 * on the development machine with `npm run bench`; a slower machine takes longer.
 */
import type { Lang } from './describe.js';
import type { Scenario, Scheme } from './scenario.js';

/** One scheme's traffic: events per request, per second of run, and once per run, each a function of n. */
interface TrafficModel {
  /** Events each request causes (its messages sent and delivered, executions, votes, the reply). */
  perRequest(n: number, k: number, arbitrary: boolean): number;
  /**
   * Events each request adds when requests come closer together than the network's delay
   * spread, so replicas see them out of order: state-machine replicas then fetch missing
   * ordered requests from the sequencer again, Raft's followers refuse appends that do
   * not match and are sent them again. Times `crowding` (0 to 1).
   */
  crowded(n: number): number;
  /** Background events per second at a heartbeat of 50 ms (heartbeats, watermarks, leases). */
  perSecond(n: number): number;
  /** Events once per run (processes, roles, an election). */
  once(n: number): number;
  /** Bytes of one event as a line of events.jsonl, on average. */
  bytesPerEvent: number;
}

/**
 * Calibrated on simulated runs with clients 2 and 16, 50 to 400 requests/s, 2 and 4 s,
 * n = 2 to 15 (the fit: per request, per second and once, from runs differing in one of
 * them). The request's own part is what the protocol sends: state-machine replication
 * orders each request and every replica executes it and replies (about 5n events), with
 * k+1 vote events under arbitrary failures; primary-backup sends updates and acks to the
 * backups (5n); Raft appends to every follower (5.7n); PBFT's prepare and commit go from
 * every replica to every other (4n^2).
 */
const TRAFFIC: Record<Scheme, TrafficModel> = {
  'state-machine': {
    perRequest: (n, k, arbitrary) => 5.47 * n + 5 + (arbitrary ? k + 1 : 1),
    crowded: (n) => 7.5 * n,
    perSecond: (n) => 16.4 * n,
    once: (n) => 3 * n + 2,
    bytesPerEvent: 86,
  },
  'primary-backup': {
    perRequest: (n) => 5 * n + 3,
    crowded: () => 0,
    perSecond: (n) => 80 * n,
    once: (n) => 11.5 * n,
    bytesPerEvent: 79,
  },
  raft: {
    perRequest: (n) => 5.68 * n + 2.9,
    crowded: (n) => 2 * n,
    perSecond: (n) => Math.max(15 * n, 45 * n - 70),
    once: (n) => 37.5 * n + 25,
    bytesPerEvent: 83,
  },
  pbft: {
    perRequest: (n) => 4 * n * n + n + 5,
    crowded: () => 0,
    perSecond: () => 0,
    once: (n) => 3 * n,
    bytesPerEvent: 78,
  },
};

/**
 * Memory per event the run holds: the event object in the log kept in memory, and the
 * analysis's share (requests, votes, replies). Measured as resident memory after a
 * simulated and analysed run of 4.2 million events (182 bytes per event), and agreeing
 * with the 4.0 GB measured for the 20.8 million events of the scenario that froze the lab
 * (193); rounded up.
 */
export const MEMORY_BYTES_PER_EVENT = 200;
/** The lab's own process before a run (Node, the code, the scenario). */
export const BASE_MEMORY_MB = 120;
/** One replica process in real mode (a Node process running one protocol core). */
export const REPLICA_MEMORY_MB = 45;
/**
 * The simulator's speed in events per second on the development machine (2 cores):
 * `npm run bench`'s "simulator" line gives 100,000 to 135,000 depending on the machine's
 * load (the scenario that froze the lab: 20.8 million events in 154 s). The simulated
 * time is events / this; a slower or busier machine takes longer.
 */
export const SIM_EVENTS_PER_SECOND = 120_000;
/**
 * Real mode's relay: events per second it records at saturation on the development
 * machine (state-machine replication n = 3 and primary-backup n = 3 in the bench); above
 * this a real run falls behind its own schedule and lasts longer than its workload.
 */
export const REAL_EVENTS_PER_SECOND = 60_000;
/** Starting a replica process in real mode, before the run's clock starts. */
const REAL_START_SECONDS_PER_REPLICA = 0.05;
/**
 * The largest event log the lab can read back whole (a JavaScript string is at most
 * 2^29 - 24 characters): a bigger run is kept but cannot be reopened or reported.
 */
export const LOG_REOPEN_LIMIT_BYTES = 2 ** 29 - 24;

/**
 * Above this many events the command line runs a scenario without keeping its log in
 * memory (about 400 MB held at MEMORY_BYTES_PER_EVENT), in simulation and in real mode: the
 * log goes to disk and the analysis folds it as it is generated.
 */
export const STREAM_ABOVE_EVENTS = 2_000_000;
/**
 * Memory per request that a streamed simulation holds: the analysis's fold (a few numbers,
 * the operation and its answer, one int per replica that executed it; about 200 bytes) and
 * the protocol's own state (the sequencer's order; about 130). Measured as the heap after a
 * full collection, state-machine n = 15 at 100,000 requests/s (18,000 and 72,000 requests
 * in), rounded up. The run's heap is capped at twice this (electron/runtime/run.ts).
 */
export const STREAMED_BYTES_PER_REQUEST = 400;

/**
 * The default budget for one run's peak memory, sized for a lab PC with 8 GB: the
 * operating system and desktop take about 2 GB, a browser with the course's pages 1.5 to
 * 2 GB, the lab's own window 0.5 GB; 2 GB for the run leaves about 1.5 GB of headroom, so
 * the machine does not start swapping.
 */
export const DEFAULT_BUDGET_MB = 2048;

/** What a run will cost; every figure is an estimate. */
export interface CostEstimate {
  mode: 'real' | 'sim';
  /** Requests the workload issues (first attempts; retries are in the events). */
  requests: number;
  events: number;
  /** Bytes of events.jsonl. */
  logBytes: number;
  /** Peak memory of the run (in real mode: the lab and its replica processes together). */
  peakMemoryMb: number;
  /** Wall-clock seconds to simulate it on the development machine. */
  simSeconds: number;
  /** Wall-clock seconds in real mode: the workload's duration, or longer when the relay cannot keep up. */
  realSeconds: number;
  /** Events per request, for saying what makes the run big. */
  eventsPerRequest: number;
  /**
   * The run goes without its log in memory (written to disk and folded as it is
   * generated; the command line does so above STREAM_ABOVE_EVENTS, in either mode), so its
   * memory grows with its requests rather than its events.
   */
  streamed: boolean;
}

/** Requests the open-loop workload issues: each client from its staggered start, every interval, before the end. */
export function requestCount(scenario: Scenario): number {
  const { clients, ratePerSecond, durationMs } = scenario.workload;
  const intervalMs = (1000 * clients) / ratePerSecond;
  let total = 0;
  for (let c = 1; c <= clients; c++) {
    const firstAtMs = ((c - 1) * 1000) / ratePerSecond;
    if (firstAtMs < durationMs) total += Math.ceil((durationMs - firstAtMs) / intervalMs);
  }
  return total;
}

/**
 * Replica-seconds lost to crashes and pauses within the workload (a crash lasts until a
 * restart, a pause until a resume): a replica that is down sends and executes nothing,
 * so the run's traffic is that of fewer replicas meanwhile.
 */
function downFraction(scenario: Scenario): number {
  const { durationMs } = scenario.workload;
  const since = new Map<number, number>();
  let downMs = 0;
  const faults = [...scenario.faults].sort((a, b) => a.atMs - b.atMs);
  for (const f of faults) {
    if ((f.type === 'crash' || f.type === 'pause') && !since.has(f.replica)) since.set(f.replica, Math.min(f.atMs, durationMs));
    else if ((f.type === 'restart' || f.type === 'resume') && since.has(f.replica)) {
      downMs += Math.max(0, Math.min(f.atMs, durationMs) - (since.get(f.replica) ?? 0));
      since.delete(f.replica);
    }
  }
  for (const at of since.values()) downMs += durationMs - at;
  return downMs / durationMs;
}

/**
 * Requests sent again after a loss: in the schemes whose clients send to one replica
 * (primary-backup, Raft), a request or its reply lost to omission is retried after the
 * client's timeout, up to clientRetries times. Weighted by how long the omission lasts,
 * and fully only for primary-backup's first primary (Raft's leader is elected, so any
 * replica is weighed 1/n). The quorum schemes (state-machine, PBFT) reach every replica
 * and do not retry for one lossy replica.
 */
function retriedRequests(scenario: Scenario, requests: number): number {
  if (scenario.scheme !== 'primary-backup' && scenario.scheme !== 'raft') return 0;
  const { durationMs } = scenario.workload;
  let extra = 0;
  for (const f of scenario.faults) {
    if (f.type !== 'omission') continue;
    const share = Math.max(0, Math.min(f.untilMs ?? durationMs, durationMs) - f.atMs) / durationMs;
    const weight = scenario.scheme === 'primary-backup' && f.replica === 1 ? 1 : 1 / scenario.replicas;
    const lossPerAttempt = 1 - (1 - f.probability) ** 2;
    let attempts = 0;
    for (let i = 1; i <= scenario.timing.clientRetries; i++) attempts += lossPerAttempt ** i;
    extra += requests * share * weight * attempts;
  }
  return Math.round(extra);
}

/**
 * How crowded the network is, 0 to 1: how many requests are issued within the network's
 * delay spread (the largest delay minus the smallest). Below one per spread messages keep
 * their order; from five per spread on, out-of-order arrival is the rule (measured: the
 * extra traffic levels off there).
 */
function crowding(scenario: Scenario): number {
  const [lo, hi] = scenario.timing.networkDelayMs;
  const perSpread = ((hi - lo) * scenario.workload.ratePerSecond) / 1000;
  return Math.min(1, Math.max(0, (perSpread - 1) / 4));
}

/** The estimated cost of running the scenario in the given mode. */
export function estimateCost(scenario: Scenario, mode: 'real' | 'sim', options: { streamLarge?: boolean } = {}): CostEstimate {
  const model = TRAFFIC[scenario.scheme];
  const n = scenario.replicas;
  // Replicas up on average: a crashed or paused replica causes no traffic meanwhile.
  const up = Math.max(1, n - downFraction(scenario));
  const requests = requestCount(scenario);
  const perRequest = model.perRequest(up, scenario.k, scenario.failureModel === 'arbitrary') + crowding(scenario) * model.crowded(up);
  const seconds = scenario.workload.durationMs / 1000;
  const background = model.perSecond(up) * (50 / scenario.timing.heartbeatMs) * seconds;
  const events = Math.round(model.once(n) + (requests + retriedRequests(scenario, requests)) * perRequest + background + scenario.faults.length * 2);
  const logBytes = Math.round(events * model.bytesPerEvent);
  const streamed = options.streamLarge === true && events > STREAM_ABOVE_EVENTS;
  // A streamed simulation's heap is capped at twice what it holds (electron/runtime/run.ts): the
  // cap is its peak. A streamed real run's fold holds the same per request, with V8's slack.
  const heldMb = streamed ? (2 * requests * STREAMED_BYTES_PER_REQUEST) / 2 ** 20 : (events * MEMORY_BYTES_PER_EVENT) / 2 ** 20;
  const peakMemoryMb = Math.round(BASE_MEMORY_MB + heldMb + (mode === 'real' ? n * REPLICA_MEMORY_MB : 0));
  const simSeconds = events / SIM_EVENTS_PER_SECOND;
  const realSeconds = Math.max(seconds, events / REAL_EVENTS_PER_SECOND) + n * REAL_START_SECONDS_PER_REPLICA;
  return { mode, requests, events, logBytes, peakMemoryMb, simSeconds, realSeconds, eventsPerRequest: requests > 0 ? events / requests : events, streamed };
}

// ---- words ------------------------------------------------------------------------

function count(x: number): string {
  if (x >= 1e9) return `${(x / 1e9).toFixed(1)} billion`;
  if (x >= 1e6) return `${(x / 1e6).toFixed(1)} million`;
  return Math.round(x).toLocaleString('en-US');
}

/** Megabytes as a person reads them: MB up to 1 GB, then GB. */
export function formatMb(mb: number): string {
  return mb >= 1024 ? `${(mb / 1024).toFixed(1)} GB` : `${Math.round(mb)} MB`;
}

function formatSeconds(s: number): string {
  if (s < 1) return 'under a second';
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/** The estimate in one line (for stderr before a run, and the Run button's tooltip). */
export function describeEstimate(e: CostEstimate): string {
  const time = e.mode === 'sim' ? `about ${formatSeconds(e.simSeconds)} to simulate` : `about ${formatSeconds(e.realSeconds)} in real mode`;
  return `estimate (not a measurement): ${count(e.requests)} requests, ${count(e.events)} events, ${formatMb(e.logBytes / 2 ** 20)} of event log, ${formatMb(e.peakMemoryMb)} of memory at the peak, ${time}`;
}

/** The refusal's sentences, per language (figures already formatted). */
const REFUSAL: Record<Lang, {
  tooBig(memory: string, factor: string, budget: string): string;
  issues(requests: string, rate: string, seconds: number, replicas: number, perRequest: number, events: string): string;
  lower(rate: string, duration: string): string;
  reopen(log: string, limit: string): string;
  count(x: number): string;
}> = {
  en: {
    tooBig: (memory, factor, budget) => `this run is too big for the memory budget: it would need about ${memory} of memory, ${factor} times the budget of ${budget}.`,
    issues: (requests, rate, seconds, replicas, perRequest, events) => `It issues ${requests} requests (${rate} per second for ${seconds} s) to ${replicas} replicas, about ${perRequest} events each: ${events} events in all.`,
    lower: (rate, duration) => `Lower workload.ratePerSecond to ${rate} or less, or workload.durationMs to ${duration} or less, or use fewer replicas.`,
    reopen: (log, limit) => `Its event log (${log}) would also be too large for the lab to reopen (at most ${limit}).`,
    count,
  },
  ko: {
    tooBig: (memory, factor, budget) => `이 실행은 메모리 예산에 비해 너무 큽니다: 메모리가 약 ${memory} 필요하며, 예산 ${budget}의 ${factor}배입니다.`,
    issues: (requests, rate, seconds, replicas, perRequest, events) => `요청 ${requests}개(초당 ${rate}개, ${seconds}초 동안)를 복제본 ${replicas}개에 보내고, 요청마다 이벤트가 약 ${perRequest}개씩 생겨 모두 ${events}개입니다.`,
    lower: (rate, duration) => `workload.ratePerSecond를 ${rate} 이하로, 또는 workload.durationMs를 ${duration} 이하로 낮추거나, 복제본 수를 줄이세요.`,
    reopen: (log, limit) => `이벤트 로그(${log})도 랩이 다시 열기에는 너무 큽니다 (최대 ${limit}).`,
    count: (x) => Math.round(x).toLocaleString('ko-KR'),
  },
};

/**
 * Why the run is refused, in sentences a student can act on (what is too big, by how
 * much, what to lower), or null when it fits the budget.
 */
export function overBudget(scenario: Scenario, e: CostEstimate, budgetMb: number, lang: Lang = 'en'): string | null {
  if (e.peakMemoryMb <= budgetMb) return null;
  const w = REFUSAL[lang];
  const factor = e.peakMemoryMb / budgetMb;
  // What fits: the memory left for events after the process (and its replicas), as requests.
  const fixedMb = BASE_MEMORY_MB + (e.mode === 'real' ? scenario.replicas * REPLICA_MEMORY_MB : 0);
  // A streamed run holds its requests, any other its events.
  const freeBytes = Math.max(0, (budgetMb - fixedMb) * 2 ** 20);
  const [fits, needs] = e.streamed ? [freeBytes / (2 * STREAMED_BYTES_PER_REQUEST), e.requests] : [freeBytes / MEMORY_BYTES_PER_EVENT, e.events];
  const scale = needs > 0 ? Math.min(1, fits / needs) : 1;
  const { ratePerSecond, durationMs } = scenario.workload;
  const rate = Math.max(0.1, Math.floor(ratePerSecond * scale * 10) / 10);
  const duration = Math.max(1, Math.floor(durationMs * scale));
  const lines = [
    w.tooBig(formatMb(e.peakMemoryMb), factor.toFixed(1), formatMb(budgetMb)),
    w.issues(w.count(e.requests), w.count(ratePerSecond), durationMs / 1000, scenario.replicas, Math.round(e.eventsPerRequest), w.count(e.events)),
    w.lower(w.count(rate), w.count(duration)),
  ];
  if (e.logBytes > LOG_REOPEN_LIMIT_BYTES) lines.push(w.reopen(formatMb(e.logBytes / 2 ** 20), formatMb(LOG_REOPEN_LIMIT_BYTES / 2 ** 20)));
  return lines.join(' ');
}
