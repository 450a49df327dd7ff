/**
 * The faults the lab injects, defined once. Each kind's fields are written in one table
 * (`FIELDS`); both schemas are built from it: a fault scheduled in a scenario (the fields
 * plus `atMs`) and a fault injected live (the same fields, no time: it applies now).
 * A kind added to `FAULT_KINDS` without its fields here, or the other way round, fails the
 * type check, and so does every `Record<FaultKind, ...>` and exhaustive switch elsewhere
 * (shared/describe.ts puts each kind into words).
 */
import { z } from 'zod';

/** Replicas are numbered from 1 to at most this. */
export const MAX_REPLICAS = 15;

/** Byzantine behaviours a replica can be switched to. */
export const BEHAVIORS = ['lie', 'collude', 'equivocate', 'stale', 'silent'] as const;
export type Behavior = (typeof BEHAVIORS)[number];

/**
 * What a faulty trusted helper does: the sequencer of state-machine replication stops
 * ("crash") or gives each replica a different request under the same sequence number
 * ("equivocate"); the arbiter of primary-backup stops, or is cut off from the replicas it
 * lists ("partition": its leases, proposals and answers to and from them are lost, while
 * the replicas still reach each other and the clients). "none" makes it correct again.
 */
export const SEQUENCER_BEHAVIORS = ['crash', 'equivocate', 'none'] as const;
export type SequencerBehavior = (typeof SEQUENCER_BEHAVIORS)[number];
export const ARBITER_BEHAVIORS = ['crash', 'partition', 'none'] as const;
export type ArbiterBehavior = (typeof ARBITER_BEHAVIORS)[number];

/** Every kind of fault, in the order menus list them. */
export const FAULT_KINDS = ['crash', 'restart', 'pause', 'resume', 'partition', 'heal', 'omission', 'delay', 'duplicate', 'reorder', 'byzantine', 'sequencer', 'arbiter'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

const nonNegInt = z.number().int().min(0);
const replica = z.number().int().min(1).max(MAX_REPLICAS);
/** A moment of a run, in ms since its start (at most an hour). */
const runMs = nonNegInt.max(3_600_000);
const probability = z.number().min(0).max(1);
/** When a lasting network fault ends; absent, it lasts until the run ends. */
const untilMs = runMs.optional();

/** A partition group member: a replica number, "clients" (every client), or "client-N". */
const groupMember = z.union([
  replica,
  z.literal('clients'),
  z.string().regex(/^client-[1-9][0-9]*$/, 'expected a replica number, "clients" or "client-N"'),
]);
export type PartitionMember = z.output<typeof groupMember>;

/** Each kind's fields besides `type` (and `atMs` when scheduled), in the order a file writes them. */
const FIELDS = {
  crash: { replica },
  restart: { replica },
  pause: { replica },
  resume: { replica },
  partition: { groups: z.array(z.array(groupMember).min(1)).min(1).max(MAX_REPLICAS + 1) },
  heal: {},
  omission: { replica, probability, direction: z.enum(['send', 'receive', 'both']).default('both'), untilMs },
  delay: { replica, ms: nonNegInt.max(60_000), jitterMs: nonNegInt.max(60_000).default(0), untilMs },
  duplicate: { replica, probability, untilMs },
  reorder: { replica, windowMs: z.number().int().min(1).max(60_000), untilMs },
  byzantine: { replica, behavior: z.enum([...BEHAVIORS, 'none']) },
  sequencer: { behavior: z.enum(SEQUENCER_BEHAVIORS) },
  arbiter: { behavior: z.enum(ARBITER_BEHAVIORS), replicas: z.array(replica).min(1).max(MAX_REPLICAS).optional() },
} satisfies Record<FaultKind, z.ZodRawShape>;

type Fields = typeof FIELDS;
/** One kind's schema: `extra` (atMs or nothing), its `type`, its fields. */
type KindSchema<K extends FaultKind, Extra extends z.ZodRawShape> = z.ZodObject<Extra & { type: z.ZodLiteral<K> } & Fields[K], z.core.$strict>;
/** The kinds' schemas as a tuple, in FAULT_KINDS order (what z.discriminatedUnion takes). */
type KindSchemas<Kinds extends readonly FaultKind[], Extra extends z.ZodRawShape> = { -readonly [I in keyof Kinds]: KindSchema<Kinds[I], Extra> };

/** The union over every kind, each kind's object being `extra` + `type` + its fields, strict. */
function faultUnion<Extra extends z.ZodRawShape>(extra: Extra) {
  const options = FAULT_KINDS.map((kind) => z.strictObject({ ...extra, type: z.literal(kind), ...FIELDS[kind] }));
  // map() forgets which kind sits at which index; the tuple type puts that back (same order, same shapes).
  return z.discriminatedUnion('type', options as unknown as KindSchemas<typeof FAULT_KINDS, Extra>);
}

/** A fault without its time: what a click in a running lab injects, and what a scheduled fault does when its time comes. */
export const faultSpecSchema = faultUnion({});
/** A fault in a scenario's schedule: applied `atMs` after the run starts. */
export const scheduledFaultSchema = faultUnion({ atMs: runMs });

/** A fault without its time (live injection; a scheduled fault is one of these plus `atMs`). */
export type FaultSpec = z.output<typeof faultSpecSchema>;
/** A scheduled fault, as a validated scenario holds it. */
export type Fault = z.output<typeof scheduledFaultSchema>;

/**
 * What is wrong with a helper fault's fields beyond their types, as "field: problem", or
 * null: an arbiter partition names the replicas it cuts off; no other behaviour names any.
 */
export function helperFaultProblem(f: Fault | FaultSpec): string | null {
  if (f.type !== 'arbiter') return null;
  if (f.behavior === 'partition') {
    if (f.replicas === undefined) return 'replicas: list the replicas the arbiter is cut off from, for example [1]';
    if (new Set(f.replicas).size !== f.replicas.length) return 'replicas: a replica is listed twice';
    return null;
  }
  return f.replicas === undefined ? null : `replicas: only a partition of the arbiter names replicas (this fault is "${f.behavior}")`;
}
