/**
 * The one API contract between the lab's renderer and its main side. Every call and
 * every event is declared here once, with a schema for what the renderer sends. The
 * Electron main process, the preload script, the browser-mode WebSocket host and the
 * renderer's type of `window.lab` all derive from this file; no channel name is written
 * anywhere else.
 *
 * The renderer is untrusted: the main side validates every argument against `args`
 * before it acts (`parseCallArgs`).
 */
import { z } from 'zod';
import type { RunSummary } from './analysis/summary.js';
import type { RunEvent, RunMode } from './events.js';
import type { Preset } from './presets.js';
import type { Scenario } from './scenario.js';
import { BEHAVIORS, MAX_REPLICAS } from './scenario.js';

// ---- result types -----------------------------------------------------------------

export interface AppInfo {
  version: string;
  /** How the UI is hosted: an Electron window, or a browser over the loopback host. */
  shell: 'electron' | 'browser';
  /** Whether real replica processes can run here (else only simulation). */
  realModeAvailable: boolean;
  dataDir: string;
  platform: string;
}

export type { Preset } from './presets.js';

export type ValidationResult = { ok: true; scenario: Scenario } | { ok: false; problems: string[] };

export interface ReplicaView {
  replica: number;
  pid: number | null;
  status: 'up' | 'crashed' | 'paused';
}

export interface RunListing {
  runId: string;
  name: string;
  scheme: Scenario['scheme'];
  mode: RunMode;
  /** ISO time the run started. */
  startedAt: string;
  /** False for a run whose log has no end marker (the app or the machine stopped mid-run). */
  complete: boolean;
  /** True while the run is going on in this session. */
  live: boolean;
  summary: RunSummary | null;
}

export interface LoadedRunData {
  listing: RunListing;
  scenario: Scenario;
  events: RunEvent[];
}

// ---- argument schemas (what the renderer may send) ----------------------------------

const runId = z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, 'not a run id');
const replica = z.number().int().min(1).max(MAX_REPLICAS);
const probability = z.number().min(0).max(1);
const ms = z.number().int().min(0).max(600_000);
const member = z.union([replica, z.literal('clients'), z.string().regex(/^client-[1-9][0-9]*$/)]);

/** A fault injected live: like a scheduled fault, without atMs (it applies now). */
export const liveFaultSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('crash'), replica }),
  z.strictObject({ type: z.literal('restart'), replica }),
  z.strictObject({ type: z.literal('pause'), replica }),
  z.strictObject({ type: z.literal('resume'), replica }),
  z.strictObject({ type: z.literal('partition'), groups: z.array(z.array(member).min(1)).min(1).max(MAX_REPLICAS + 1) }),
  z.strictObject({ type: z.literal('heal') }),
  z.strictObject({ type: z.literal('omission'), replica, probability, direction: z.enum(['send', 'receive', 'both']).default('both'), untilMs: ms.optional() }),
  z.strictObject({ type: z.literal('delay'), replica, ms, jitterMs: ms.default(0), untilMs: ms.optional() }),
  z.strictObject({ type: z.literal('duplicate'), replica, probability, untilMs: ms.optional() }),
  z.strictObject({ type: z.literal('reorder'), replica, windowMs: z.number().int().min(1).max(60_000), untilMs: ms.optional() }),
  z.strictObject({ type: z.literal('byzantine'), replica, behavior: z.enum([...BEHAVIORS, 'none']) }),
]);
export type LiveFaultInput = z.input<typeof liveFaultSchema>;

const none = z.strictObject({});

/** Every call the renderer can make: its argument schema and (as a type) its result. */
export const CALLS = {
  /** About this installation: version, shell, whether real mode is possible. */
  appInfo: { args: none, result: {} as AppInfo },
  /** The built-in lab presets (the first is the default scenario). */
  listPresets: { args: none, result: [] as Preset[] },
  /** Validates scenario file text; problems name their field. */
  validateScenario: { args: z.strictObject({ text: z.string().max(5_000_000) }), result: {} as ValidationResult },
  /** Starts a run of a scenario (validated again here) in real or simulated mode. */
  startRun: { args: z.strictObject({ scenario: z.unknown(), mode: z.enum(['real', 'sim']) }), result: {} as { runId: string } },
  /** Injects a fault into a running run, now. */
  injectFault: { args: z.strictObject({ runId, fault: liveFaultSchema }), result: undefined as void },
  /** Stops a running run early; resolves with its summary. */
  stopRun: { args: z.strictObject({ runId }), result: {} as RunSummary },
  /** The replica processes of a running run, with their pids. */
  listReplicas: { args: z.strictObject({ runId }), result: [] as ReplicaView[] },
  /** Every kept run, newest first. */
  listRuns: { args: none, result: [] as RunListing[] },
  /** One kept run with its whole event log, for replay and scrubbing. */
  loadRun: { args: z.strictObject({ runId }), result: {} as LoadedRunData },
  /** Deletes a kept run (not a live one). */
  deleteRun: { args: z.strictObject({ runId }), result: undefined as void },
} as const;

/** Everything the main side pushes to the renderer. */
export interface LabEvents {
  /** A batch of new events of a live run. */
  runEvents: { runId: string; events: RunEvent[] };
  /** A live run ended (completed or stopped). */
  runEnded: { runId: string; summary: RunSummary; complete: boolean; /** Set when the run could not be saved completely (a full disk, say). */ problem?: string };
  /** A scenario file was opened from the operating system (double-click, argv). */
  scenarioOpened: { path: string; text: string };
  /** A command chosen in the application menu (or by its keyboard shortcut). */
  menuCommand: { command: MenuCommand };
}

/** Menu commands the renderer carries out: they act on the scenario or run it shows. */
export const MENU_COMMANDS = ['new', 'save', 'run', 'stop', 'exportReport'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

export type CallName = keyof typeof CALLS;
export type EventName = keyof LabEvents;
export type CallArgs<K extends CallName> = z.input<(typeof CALLS)[K]['args']>;
export type CallResult<K extends CallName> = (typeof CALLS)[K]['result'];

export const EVENT_NAMES: readonly EventName[] = ['runEvents', 'runEnded', 'scenarioOpened', 'menuCommand'];

/** The API as the renderer sees it on `window.lab`. */
export type LabApi = {
  [K in CallName]: (args: CallArgs<K>) => Promise<CallResult<K>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: LabEvents[E]) => void): () => void;
};

/** The channel an Electron IPC call or event travels on. */
export const channelOf = (name: CallName | EventName): string => `lab:${name}`;

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(CALLS, name);
}

/** An argument the renderer sent that does not match its schema. */
export class BadCallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadCallError';
  }
}

/** Validates a call's argument; throws BadCallError with a message naming the field. */
export function parseCallArgs<K extends CallName>(name: K, raw: unknown): z.output<(typeof CALLS)[K]['args']> {
  const schema = CALLS[name].args as z.ZodType;
  const r = schema.safeParse(raw ?? {});
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue?.path.length ? issue.path.join('.') : 'argument';
    throw new BadCallError(`${name}: ${path}: ${issue?.message ?? 'invalid'}`);
  }
  return r.data as z.output<(typeof CALLS)[K]['args']>;
}

// ---- the browser-mode wire format (one JSON object per WebSocket message) -----------

export type WireRequest = { kind: 'call'; id: number; name: CallName; args: unknown };
export type WireResponse = { kind: 'result'; id: number; ok: true; result: unknown } | { kind: 'result'; id: number; ok: false; error: string };
export type WireEvent = { kind: 'event'; name: EventName; payload: unknown };

/**
 * Where the browser-mode host listens for the WebSocket, and the query parameter carrying
 * its per-launch token. The page is opened as `http://127.0.0.1:PORT/#token=TOKEN`: the
 * token sits in the fragment, which browsers never send to a server or in a Referer.
 */
export const WIRE_PATH = '/lab-api';
export const WIRE_TOKEN_PARAM = 'token';

/** The WebSocket URL for a page the browser-mode host served, or null when its URL carries no token. */
export function wireUrl(page: { host: string; hash: string }): string | null {
  const token = new URLSearchParams(page.hash.replace(/^#/, '')).get(WIRE_TOKEN_PARAM);
  if (!token) return null;
  return `ws://${page.host}${WIRE_PATH}?${WIRE_TOKEN_PARAM}=${encodeURIComponent(token)}`;
}
