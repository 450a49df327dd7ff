/**
 * How a failure leaves the lab's main side: as a CallFailure (shared/api.ts), a code and
 * one sentence the student can act on. LabErrors keep their code and sentence; the errors
 * of other modules that a student can understand are given theirs here; anything else is
 * a bug: logged in full (stack and all) and answered with INTERNAL_ERROR_MESSAGE, so no
 * stack trace ever crosses the API.
 */
import type { CallFailure } from '../../../shared/api.js';
import { LabError } from '../../../shared/api.js';
import { ScenarioError } from '../../../shared/scenario.js';
import { SteppingError } from '../../../shared/engine/stepping.js';
import { LiveModeUnavailable } from '../../runtime/live.js';
import { ReplicaNeedsRealMode } from '../../runtime/real-external.js';
import { ReplicaStartError } from '../../runtime/real-replicas.js';
import type { RealModeUnavailable } from '../../runtime/run.js';

/** Shown for an unexpected error; the details go to the log, not to the student. */
export const INTERNAL_ERROR_MESSAGE = 'Something went wrong on the lab side; the details are in the app log. Your kept runs are unaffected.';

/** Turns any error into what the renderer receives; unexpected ones are logged in full. */
export function failureOf(err: unknown, log: (message: string) => void): CallFailure {
  const fail = (code: CallFailure['code'], error: string): CallFailure => ({ ok: false, code, error });
  if (err instanceof LabError) return fail(err.code, err.message);
  if (err instanceof ScenarioError) return fail('bad-call', `The scenario is not valid: ${err.problems.join('; ')}`);
  if (err instanceof SteppingError) return fail('bad-call', `The scenario's choices cannot be followed: ${err.message}.`);
  if (err instanceof LiveModeUnavailable) return fail('unavailable', `Real mode is not available here: ${err.message}`);
  if (err instanceof ReplicaNeedsRealMode) return fail('bad-call', `Cannot run this in simulation: ${err.message}.`);
  if (err instanceof ReplicaStartError) return fail('bad-call', `The replica processes did not start: ${err.message.replace(/^the replica processes did not start \((.*)\)$/, '$1')}.`);
  if (err instanceof Error && err.name === 'AbortError') return fail('unavailable', 'The lab is shutting down; the sweep was stopped.');
  log(`fault-lab: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return fail('internal', INTERNAL_ERROR_MESSAGE);
}

/** The sentence the user sees for any error (see failureOf). */
export function userMessage(err: unknown, log: (message: string) => void): string {
  return failureOf(err, log).error;
}

/** A file or folder the lab could not write: the sentence names it and the system's reason. */
export function writeFailed(what: string, err: unknown): LabError {
  return new LabError('io', `${what}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
}

/** Real mode asked for where replica processes cannot run (a comparison or sweep). */
export function realModeFailed(err: RealModeUnavailable): LabError {
  return new LabError('unavailable', `Real mode is not available here: ${err.message.replace(/^--mode real: /, '')}`);
}

/** What every job that cannot start during shutdown says. */
export function shuttingDown(what: string): LabError {
  return new LabError('unavailable', `The lab is shutting down; no ${what} can start.`);
}
