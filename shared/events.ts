/**
 * The run's event log: one typed, append-only record of everything that happened, time-
 * stamped in ms since the run's start. The summary, the UI and the report are derived
 * from it alone, so a saved run can be replayed and re-analysed.
 */
import type { Behavior, Fault, Scenario } from './scenario.js';
import type { Address, CoreEvent, MessageKind } from './protocol/types.js';

export type RunMode = 'real' | 'sim';

/** Where a fault came from: the scenario's schedule, or a click in a running lab. */
export type FaultSource = 'schedule' | 'live';

export type ProcessStatus = 'started' | 'crashed' | 'paused' | 'resumed' | 'exited';

/** Why the network model dropped a message: a partition cut it, or an omission fault on either side. */
export type DropReason = 'partition' | 'omission-send' | 'omission-receive';

/** Events the engine itself records (the rest come from the protocol cores). */
export type EngineEvent =
  /** The run begins: the full scenario, so the log stands on its own. */
  | { type: 'run-start'; mode: RunMode; seed: number; scenario: Scenario; version: string }
  /** A message left its sender. */
  | { type: 'send'; id: number; from: Address; to: Address; kind: MessageKind }
  /** A message reached its receiver. */
  | { type: 'deliver'; id: number; from: Address; to: Address; kind: MessageKind }
  /** A message was lost: cut by a partition, dropped by an omission, its receiver was down, or a student dropped it in step mode ('chosen'). */
  | { type: 'drop'; id: number; from: Address; to: Address; kind: MessageKind; reason: DropReason | 'crashed' | 'garbage' | 'chosen' }
  /**
   * Step mode: choice `index` (from 0) of the scenario's stepping delivers or drops held message
   * `id` now (its deliver or drop event follows), or time has run on `waitMs` with messages held
   * (`id` null); `held`: how many messages were held when it took effect.
   */
  | { type: 'choice'; index: number; action: 'deliver' | 'drop' | 'wait'; id: number | null; held: number; waitMs?: number }
  /** The network will deliver this message twice. */
  | { type: 'duplicate'; id: number; from: Address; to: Address; kind: MessageKind }
  /** A fault is about to be applied (logged first, so a crash mid-apply still shows it). */
  | { type: 'fault'; fault: Fault; source: FaultSource; effect: string }
  /** A replica process changed state. */
  | { type: 'process'; replica: number; status: ProcessStatus; pid: number | null; detail: string }
  /** A replica's Byzantine switch changed. */
  | { type: 'behavior'; replica: number; behavior: Behavior | null }
  /** A replica sent something that is not a valid message; it was discarded. */
  | { type: 'garbage'; replica: number; detail: string }
  /**
   * A line a replica program of one's own wrote on its stderr (its log), cut to
   * REPLICA_LOG_LINE_CHARS; after REPLICA_LOG_LINES of a replica's lines the rest are counted,
   * not kept: one closing event with `omitted` (how many lines were left out) and no text.
   */
  | { type: 'replica-log'; replica: number; text: string; omitted?: number }
  /** A replica's state at the end of the run (stateHash null when it was not running). */
  | { type: 'final'; replica: number; status: 'up' | 'crashed' | 'paused'; stateHash: string | null; applied: number; behavior: Behavior | null }
  /** CPU time a replica process used (real mode). */
  | { type: 'cpu'; replica: number; userMs: number; systemMs: number }
  /** The run ended normally. A log without it is an incomplete run. */
  | { type: 'run-end'; reason: 'completed' | 'stopped' }
  /**
   * The student paused, resumed or slowed a live real-mode run (shared/pace.ts): its pace from
   * now on. The run's clock stops while paused, so the next event's time counts no paused time.
   */
  | { type: 'pace'; paused: boolean; speed: number };

/** At most this many stderr lines of one replica (over all its incarnations) reach the event log. */
export const REPLICA_LOG_LINES = 1000;
/** A stderr line longer than this is cut (with an ellipsis) before it reaches the event log. */
export const REPLICA_LOG_LINE_CHARS = 500;

export type EventBody = EngineEvent | CoreEvent;
export type RunEvent = EventBody & { t: number };
export type EventType = RunEvent['type'];

/** One line of the JSONL log. */
export function serializeEvent(e: RunEvent): string {
  return JSON.stringify(e);
}
