/**
 * The scenario file, version 1 (`*.faultlab.json`): its schema, its defaults and the
 * error messages a teacher sees when a file is wrong. This module promises that a
 * value it returns is complete (every default filled in) and internally consistent
 * (every fault names a replica that exists, every interval is ordered).
 */
import { z } from 'zod';
import { helperFaultProblem, MAX_REPLICAS, scheduledFaultSchema } from './faults.js';
import { showInvisible, stripBom } from './json.js';

/** Replication schemes the lab can run. */
export const SCHEMES = ['state-machine', 'primary-backup', 'raft', 'pbft'] as const;
export type Scheme = (typeof SCHEMES)[number];

/** Failure models a scheme can be configured for. */
export const FAILURE_MODELS = ['fail-stop', 'arbitrary'] as const;
export type FailureModel = (typeof FAILURE_MODELS)[number];

/** Deterministic services the replicas run. */
export const SERVICES = ['counter', 'kv', 'bank'] as const;
export type ServiceName = (typeof SERVICES)[number];

// The faults a scenario schedules are defined in faults.ts (with their live, timeless form).
export { BEHAVIORS, MAX_REPLICAS } from './faults.js';
export type { Behavior, Fault, PartitionMember } from './faults.js';

export const MAX_K = 7;

const nonNegInt = z.number().int().min(0);
/** A protocol timer's period. */
const timerMs = z.number().int().min(1).max(600_000);

const workloadSchema = z.strictObject({
  clients: z.number().int().min(1).max(16).default(2),
  ratePerSecond: z.number().min(0.1).max(100_000).default(100),
  durationMs: z.number().int().min(1).max(600_000).default(2000),
});

const timingSchema = z.strictObject({
  networkDelayMs: z
    .tuple([nonNegInt.max(10_000), nonNegInt.max(10_000)])
    .refine(([lo, hi]) => lo <= hi, 'the first delay must not exceed the second')
    .default([1, 3]),
  heartbeatMs: z.number().int().min(1).max(60_000).default(50),
  failureTimeoutMs: z.number().int().min(1).max(600_000).default(200),
  clientTimeoutMs: z.number().int().min(1).max(600_000).default(400),
  clientRetries: nonNegInt.max(20).default(3),
  // The knobs below default to failureTimeoutMs (see resolveTiming). They have no zod
  // default on purpose: absent, they stay absent, so a scenario written before they
  // existed parses, serializes and runs exactly as it did.
  leaseMs: timerMs.optional(),
  viewProposalRetryMs: timerMs.optional(),
  smrFetchRetryMs: timerMs.optional(),
  smrRecoverRetryMs: timerMs.optional(),
});

/**
 * Every protocol timer the scenario's timing section drives, with the optional knobs
 * resolved. One knob, one timer: a sweep over failureTimeoutMs moves only the failure
 * detector once the other knobs are set.
 */
export interface ResolvedTiming {
  heartbeatMs: number;
  /** Primary-backup: a member silent this long is suspected (the failure detector). */
  failureTimeoutMs: number;
  /** Primary-backup with fencing: how long an arbiter's lease grant lets the primary serve. */
  leaseMs: number;
  /** Primary-backup with fencing: a view proposal the arbiter has not answered for this long is sent again. */
  viewProposalRetryMs: number;
  /** State-machine replication: a replica missing ordered requests asks the sequencer again after this long. */
  smrFetchRetryMs: number;
  /** State-machine replication: a restarted replica without agreeing snapshots asks its peers again after this long. */
  smrRecoverRetryMs: number;
  clientTimeoutMs: number;
  clientRetries: number;
}

/** The timers a scenario's timing section sets: each optional knob defaults to failureTimeoutMs, as it always did. */
export function resolveTiming(t: Scenario['timing']): ResolvedTiming {
  return {
    heartbeatMs: t.heartbeatMs,
    failureTimeoutMs: t.failureTimeoutMs,
    leaseMs: t.leaseMs ?? t.failureTimeoutMs,
    viewProposalRetryMs: t.viewProposalRetryMs ?? t.failureTimeoutMs,
    smrFetchRetryMs: t.smrFetchRetryMs ?? t.failureTimeoutMs,
    smrRecoverRetryMs: t.smrRecoverRetryMs ?? t.failureTimeoutMs,
    clientTimeoutMs: t.clientTimeoutMs,
    clientRetries: t.clientRetries,
  };
}

const optionsSchema = z.strictObject({
  dedup: z.boolean().default(true),
  fencing: z.boolean().default(true),
});

/**
 * A student's own replica program (real mode only): a command run through the shell, with
 * the scenario file's folder as its working directory, speaking the replica protocol
 * (docs/replica-protocol.md) on stdin/stdout; `replicas` lists which replicas run it
 * (all when absent), so it can run beside the built-in ones.
 */
const replicaCommandSchema = z.strictObject({
  command: z.string().trim().min(1, 'the command must not be empty').max(2000),
  replicas: z.array(z.number().int().min(1).max(MAX_REPLICAS)).min(1).max(MAX_REPLICAS).optional(),
});

/** A message as the event log names it: its `id` on send, deliver and drop events. */
const messageId = z.number().int().min(1, 'a message id is a whole number from 1 (the id on its send event)').max(Number.MAX_SAFE_INTEGER);

/** The most choices one scenario may carry. */
export const MAX_STEP_CHOICES = 10_000;

/** One choice of step mode: deliver or drop a held message (by id), or let time pass with messages held. */
export const stepChoiceSchema = z.union(
  [z.strictObject({ deliver: messageId }), z.strictObject({ drop: messageId }), z.strictObject({ waitMs: z.number().int().min(1).max(600_000) })],
  { error: 'a choice is {"deliver": ID} or {"drop": ID} (ID: a held message\'s id) or {"waitMs": MS} (1 to 600000)' },
);

/**
 * Step mode ("Choose messages from here"): from `fromMs` on, the simulator holds every message
 * in the air instead of delivering it when the network would, and each choice, in order,
 * delivers or drops one held message or lets time pass (stepping.ts says exactly what happens).
 */
const steppingSchema = z.strictObject({
  fromMs: z.number().min(0).max(3_600_000),
  choices: z.array(stepChoiceSchema).max(MAX_STEP_CHOICES, `at most ${MAX_STEP_CHOICES} choices`).default([]),
});

const scenarioInputSchema = z.strictObject({
  faultlab: z.literal(1, 'expected 1 (the only scenario format version this app reads)'),
  name: z.string().max(200).default('Untitled scenario'),
  scheme: z.enum(SCHEMES),
  failureModel: z.enum(FAILURE_MODELS).default('fail-stop'),
  k: nonNegInt.max(MAX_K),
  replicas: z.number().int().min(1).max(MAX_REPLICAS).optional(),
  service: z.enum(SERVICES).default('counter'),
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
  workload: workloadSchema.default({ clients: 2, ratePerSecond: 100, durationMs: 2000 }),
  timing: timingSchema.default({
    networkDelayMs: [1, 3],
    heartbeatMs: 50,
    failureTimeoutMs: 200,
    clientTimeoutMs: 400,
    clientRetries: 3,
  }),
  options: optionsSchema.default({ dedup: true, fencing: true }),
  faults: z.array(scheduledFaultSchema).max(1000).default([]),
  // Optional and without a default: a scenario without it parses and serializes as before.
  replica: replicaCommandSchema.optional(),
  // Optional and without a default, like replica: absent, a scenario runs as it always did.
  stepping: steppingSchema.optional(),
});

export type ScenarioInput = z.input<typeof scenarioInputSchema>;
export type Scenario = Omit<z.output<typeof scenarioInputSchema>, 'replicas'> & { replicas: number };
/** Step mode's section of a scenario, and one choice in it. */
export type Stepping = NonNullable<Scenario['stepping']>;
export type StepChoice = Stepping['choices'][number];

/**
 * The replica count the lecture's bound asks for: 2k+1 for arbitrary SMR, k+1 for the
 * schemes with a trusted helper under fail-stop; Raft, with no helper, needs a majority
 * to survive k crashes: 2k+1. PBFT, with no helper and replicas that may lie, needs
 * quorums of 2k+1 that any two share a correct replica: 3k+1, under either model (its
 * quorums do not depend on which failures it meets, so crashes alone need 3k+1 too).
 */
export function replicaBound(scheme: Scheme, failureModel: FailureModel, k: number): number {
  if (scheme === 'raft') return 2 * k + 1;
  if (scheme === 'pbft') return 3 * k + 1;
  return scheme === 'state-machine' && failureModel === 'arbitrary' ? 2 * k + 1 : k + 1;
}

/** Failure models each scheme is built for (Raft masks crashes, not lies). */
export const SCHEME_FAILURE_MODELS: Record<Scheme, readonly FailureModel[]> = {
  'state-machine': ['fail-stop', 'arbitrary'],
  'primary-backup': ['fail-stop', 'arbitrary'],
  raft: ['fail-stop'],
  pbft: ['arbitrary', 'fail-stop'],
};

/** A scenario that could not be read, with one message per problem, each naming its field. */
export class ScenarioError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    // A problem may quote the file: invisible characters are named, not printed.
    const shown = problems.map(showInvisible);
    super(shown.join('; '));
    this.problems = shown;
    this.name = 'ScenarioError';
  }
}

function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    out += typeof part === 'number' ? `[${part}]` : out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(scenario)' : out;
}

/** The value at a path of a parsed JSON value (own properties only), or undefined. */
function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const part of path) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, part)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[part];
  }
  return v;
}

function issueMessage(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_value' && issue.values.length > 0) {
    const got = valueAt(input, issue.path);
    const gotText = typeof got === 'string' && got.length <= 80 ? `, got ${JSON.stringify(got)}` : '';
    return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}${gotText}`;
  }
  if (issue.code === 'invalid_union' && 'discriminator' in issue) {
    return 'unknown fault type';
  }
  return issue.message;
}

/** Validates a parsed JSON value as a scenario; throws ScenarioError naming each bad field. */
export function parseScenario(value: unknown): Scenario {
  const result = scenarioInputSchema.safeParse(value);
  if (!result.success) {
    throw new ScenarioError(result.error.issues.map((i) => `${fieldPath(i.path)}: ${issueMessage(i, value)}`));
  }
  const s = result.data;
  const replicas = s.replicas ?? replicaBound(s.scheme, s.failureModel, s.k);
  const problems: string[] = [];
  if (!SCHEME_FAILURE_MODELS[s.scheme].includes(s.failureModel)) {
    problems.push(`failureModel: ${s.scheme} tolerates crashes only; use "fail-stop" (a Byzantine-tolerant ordering without a trusted sequencer needs 3k+1 replicas: PBFT)`);
  }
  const replicaExists = (r: number, field: string): void => {
    if (r > replicas) problems.push(`${field}: replica ${r} does not exist (the scenario has ${replicas} replica${replicas === 1 ? '' : 's'})`);
  };
  s.faults.forEach((f, i) => {
    const at = `faults[${i}]`;
    if ('replica' in f) replicaExists(f.replica, `${at}.replica`);
    if (f.type === 'sequencer' && s.scheme !== 'state-machine') problems.push(`${at}.type: only state-machine replication has a sequencer (this scenario is ${s.scheme})`);
    if (f.type === 'arbiter' && s.scheme !== 'primary-backup') problems.push(`${at}.type: only primary-backup has an arbiter (this scenario is ${s.scheme})`);
    const helperProblem = helperFaultProblem(f);
    if (helperProblem !== null) problems.push(`${at}.${helperProblem}`);
    if (f.type === 'arbiter' && f.replicas) f.replicas.forEach((r, ri) => replicaExists(r, `${at}.replicas[${ri}]`));
    if ('untilMs' in f && f.untilMs !== undefined && f.untilMs <= f.atMs) {
      problems.push(`${at}.untilMs: must be later than atMs (${f.atMs})`);
    }
    if (f.type === 'partition') {
      const seen = new Set<string>();
      f.groups.forEach((g, gi) =>
        g.forEach((m, mi) => {
          const field = `${at}.groups[${gi}][${mi}]`;
          if (typeof m === 'number') replicaExists(m, field);
          else if (m !== 'clients' && Number(m.slice(7)) > s.workload.clients) {
            problems.push(`${field}: ${m} does not exist (the workload has ${s.workload.clients} clients)`);
          }
          const key = String(m);
          if (seen.has(key)) problems.push(`${field}: ${key} is listed in two groups`);
          seen.add(key);
        }),
      );
    }
  });
  if (s.replica?.replicas) {
    const listed = new Set<number>();
    s.replica.replicas.forEach((r, i) => {
      replicaExists(r, `replica.replicas[${i}]`);
      if (listed.has(r)) problems.push(`replica.replicas[${i}]: replica ${r} is listed twice`);
      listed.add(r);
    });
  }
  if (s.stepping && s.replica) problems.push('stepping: choosing messages needs the simulator, which runs only the built-in replica (remove replica or stepping)');
  if (s.timing.clientTimeoutMs < 1) problems.push('timing.clientTimeoutMs: must be positive');
  if (problems.length > 0) throw new ScenarioError(problems);
  // replicas in its place in the schema's key order, given or not: a scenario re-read from
  // a run folder or a report serialises as it did first, so its simulated log is the same.
  const { faultlab, name, scheme, failureModel, k, ...rest } = s;
  return { faultlab, name, scheme, failureModel, k, replicas, ...rest };
}

/**
 * The scenario without its step-mode choices. A choice names a message by the id the run gave
 * it, so choices mean nothing in a run that differs (another scheme, another n or k, other
 * faults): comparisons, sweeps and hunts run the scenario as the network would.
 */
export function withoutStepping(s: Scenario): Scenario {
  if (s.stepping === undefined) return s;
  const { stepping, ...rest } = s;
  void stepping;
  return rest;
}

/** Reads scenario text (the content of a `*.faultlab.json` file). */
export function parseScenarioText(text: string): Scenario {
  let value: unknown;
  try {
    value = JSON.parse(stripBom(text));
  } catch (err) {
    const message = (err as Error).message;
    // The parser names a position; an invisible character there is what the reader needs to see.
    const at = /position (\d+)/.exec(message);
    const char = at === null ? '' : stripBom(text).charAt(Number(at[1]));
    const shown = char !== '' && showInvisible(char) !== char ? ` (the character there is ${char}, which does not show on screen)` : '';
    throw new ScenarioError([`not valid JSON: ${message}${shown}`]);
  }
  return parseScenario(value);
}

/** The scenario as a file writes it: every field explicit, stable key order. */
export function serializeScenario(s: Scenario): string {
  return `${JSON.stringify(s, null, 2)}\n`;
}
