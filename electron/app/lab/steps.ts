/**
 * Step sessions ("Choose messages from here"): a kept simulated run continued from a moment
 * with the student choosing, one call at a time, which held message is delivered or dropped
 * next (shared/engine/stepping.ts says what a choice does). Each session keeps one live
 * Simulation, so a choice costs what the run does until that message arrives, not a re-run
 * from the start. At most MAX_STEP_SESSIONS are open: beginning one more closes the one left
 * untouched longest. Finishing keeps the run as a run of its own, a fork of its parent
 * (fork.json) whose scenario carries the choices: that scenario is simulated to its end (the
 * network taking over after the last choice), and the result is checked to repeat, event for
 * event, what the session showed (its hash, kept as the session hands its events out).
 *
 * None of it runs on the thread that answers the window: the sessions live on the lab's
 * thread (StepSessions here, StepSessionsInThread there; lab-thread.ts), and keeping a
 * finished session is a lab-work task (lab-work.ts).
 */
import { randomBytes } from 'node:crypto';
import type { ForkOutcome, StepView } from '../../../shared/api.js';
import { LabError } from '../../../shared/api.js';
import { Simulation, simulate } from '../../../shared/engine/sim.js';
import type { RunEvent } from '../../../shared/events.js';
import { serializeEvent } from '../../../shared/events.js';
import type { Sha256 } from '../../../shared/json.js';
import { createSha256 } from '../../../shared/json.js';
import type { Stepper } from '../../../shared/engine/stepping.js';
import { SteppingError } from '../../../shared/engine/stepping.js';
import type { Scenario, StepChoice } from '../../../shared/scenario.js';
import { parseScenario } from '../../../shared/scenario.js';
import { keepFork, listedDifferences } from '../../runtime/fork.js';
import type { LabWorkTask, SeenLog } from './lab-work.js';
import { labWorkOffThread } from './lab-work.js';
import type { LabThread } from './lab-thread.js';
import type { KeptRuns } from './runs.js';

/** Open step sessions at most: each holds a simulation and its log in memory. */
export const MAX_STEP_SESSIONS = 4;

interface Session {
  id: string;
  parentRunId: string;
  sim: Simulation;
  stepper: Stepper;
  fromMs: number;
  /** How much of the log the renderer has been given. */
  sent: number;
  /** The hash of what it has been given after run-start (SeenLog). */
  seen: Sha256;
  usedAt: number;
}

/** What finishing a session leaves to keep: its scenario with the choices, and what it showed. */
export interface FinishedSession {
  parentRunId: string;
  scenario: Scenario;
  fromMs: number;
  seen: SeenLog;
}

/** The sessions themselves, on the thread that holds them (the lab's thread). */
export class StepSessionsInThread {
  private readonly sessions = new Map<string, Session>();
  private clock = 0;

  constructor(
    private readonly runs: KeptRuns,
    private readonly max = MAX_STEP_SESSIONS,
  ) {}

  /** Opens a session on kept run `runId` at `atMs`: the run as it was then, with the messages in the air held. */
  begin(runId: string, atMs: number): StepView {
    // Only the parent's scenario now: its log is read when the session finishes (the check
    // that the continuation repeats it, and the request-by-request differences).
    const parent = this.runs.head(runId);
    if (parent.mode === 'real') {
      throw new LabError('bad-call', 'A run of real processes cannot be replayed to a moment (its timing was the machine\'s); run its scenario in simulation and choose messages in that run.');
    }
    if (parent.scenario.stepping) {
      throw new LabError('bad-call', 'This run\'s messages were already chosen from a moment on; choose messages in the run it was made from.');
    }
    const scenario = parseScenario({ ...parent.scenario, name: stepName(parent.scenario.name, atMs), stepping: { fromMs: atMs, choices: [] } });
    const sim = new Simulation(scenario, undefined, 'grow', true);
    sim.start();
    sim.advanceTo(atMs);
    const stepper = sim.stepper;
    if (stepper === null) throw new Error('internal error: a step session without its stepper');
    while (this.sessions.size >= this.max) this.closeOldest();
    const session: Session = { id: randomBytes(8).toString('hex'), parentRunId: runId, sim, stepper, fromMs: atMs, sent: 0, seen: createSha256(), usedAt: ++this.clock };
    this.sessions.set(session.id, session);
    return this.view(session);
  }

  /** Applies the session's next choice; the view carries the events it logged. */
  choose(sessionId: string, choice: StepChoice): StepView {
    const session = this.get(sessionId);
    if (session.sim.done) throw new LabError('bad-call', 'The run has ended (its workload is done and the network has settled): finish it to keep it.');
    try {
      session.stepper.choose(choice);
    } catch (err) {
      if (err instanceof SteppingError) throw new LabError('bad-call', `That choice cannot be made: ${err.message.replace(/^stepping\.choices\[\d+\]: /, '')}.`);
      throw err;
    }
    return this.view(session);
  }

  /** Ends a session: what keeping it needs (the parent must still be kept). */
  finish(sessionId: string): FinishedSession {
    const session = this.get(sessionId);
    const { sim, stepper } = session;
    const scenario = parseScenario({ ...sim.scenario, stepping: { fromMs: session.fromMs, choices: [...stepper.made] } });
    this.runs.folder(session.parentRunId);
    this.sessions.delete(sessionId);
    this.view(session); // anything logged since the last view is counted in what was seen
    return { parentRunId: session.parentRunId, scenario, fromMs: session.fromMs, seen: { count: session.sent, sha256: session.seen.hex() } };
  }

  /** Closes a session without keeping anything. */
  cancel(sessionId: string): void {
    this.sessions.delete(sessionId);
  }

  private get(sessionId: string): Session {
    const session = this.sessions.get(sessionId);
    if (!session) throw new LabError('not-found', 'This step session is no longer open (a newer one replaced it, or it was finished); choose messages from the run again.');
    session.usedAt = ++this.clock;
    return session;
  }

  private closeOldest(): void {
    let oldest: Session | null = null;
    for (const s of this.sessions.values()) if (oldest === null || s.usedAt < oldest.usedAt) oldest = s;
    if (oldest) this.sessions.delete(oldest.id);
  }

  private view(session: Session): StepView {
    const log = session.sim.events;
    const events = log.slice(session.sent);
    hashSeen(session.seen, events, session.sent);
    session.sent = log.length;
    return {
      sessionId: session.id,
      parentRunId: session.parentRunId,
      fromMs: session.fromMs,
      timeMs: session.sim.timeMs,
      events,
      held: session.stepper.heldMessages(),
      choices: [...session.stepper.made],
      ended: session.sim.done,
    };
  }
}

/**
 * The lab's step sessions, held on the lab's thread (lab-thread.ts): simulating a long run to
 * the moment a session begins takes hundreds of milliseconds, which the thread that answers
 * the window must not spend.
 */
export class StepSessions {
  constructor(
    private readonly runs: KeptRuns,
    private readonly thread: LabThread,
  ) {}

  /** Opens a session on kept run `runId` at `atMs`: the run as it was then, with the messages in the air held. */
  begin(runId: string, atMs: number): Promise<StepView> {
    return this.thread.ask({ call: 'begin', runId, atMs });
  }

  /** Applies the session's next choice; the view carries the events it logged. */
  choose(sessionId: string, choice: StepChoice): Promise<StepView> {
    return this.thread.ask({ call: 'choose', sessionId, choice });
  }

  /** Lets the rest of the run go on as the network would and keeps it as a run of its own (a fork of its parent). */
  async finish(sessionId: string): Promise<ForkOutcome> {
    const done = await this.thread.ask({ call: 'finish', sessionId });
    return labWorkOffThread({ kind: 'keep-chosen', dataDir: this.runs.dataDir, ...done, target: this.runs.create() });
  }

  /** Closes a session without keeping anything. */
  async cancel(sessionId: string): Promise<void> {
    await this.thread.ask({ call: 'cancel', sessionId });
  }
}

/** The name of a run whose messages were chosen from atMs on. */
function stepName(parent: string, atMs: number): string {
  const suffix = ` (messages chosen from ${atMs} ms)`;
  return `${parent.slice(0, 200 - suffix.length)}${suffix}`;
}

/** Adds a slice of a log that starts at index `from` to the hash of what was seen (run-start left out). */
function hashSeen(hash: Sha256, events: readonly RunEvent[], from: number): void {
  for (let i = from === 0 ? 1 : 0; i < events.length; i++) hash.update(`${serializeEvent(events[i] as RunEvent)}\n`);
}

/**
 * Keeps a run whose messages were chosen (what the worker thread runs): its scenario, with
 * the choices, simulated to its end, checked to repeat what the session showed, and kept
 * beside its parent as a fork.
 */
export function keepChosenRun(runs: KeptRuns, task: Extract<LabWorkTask, { kind: 'keep-chosen' }>): ForkOutcome {
  const parent = runs.loadParent(task.parentRunId);
  // The kept run is its scenario's, replayed: it must repeat what the student saw, event for
  // event (the run-start aside, which named the scenario before the choices were made).
  const events = simulate(task.scenario).events;
  const replayed = createSha256();
  hashSeen(replayed, events.slice(0, task.seen.count), 0);
  if (events.length < task.seen.count || replayed.hex() !== task.seen.sha256) {
    throw new Error(`internal error: the step session's ${task.seen.count} events are not what its choices replay to`);
  }
  const made = keepFork(parent, task.fromMs, { scenario: task.scenario, dropped: [], added: [] }, events, task.target.dir);
  return { runId: task.target.runId, origin: made.origin, ...listedDifferences(made.differences) };
}
