/**
 * Step mode in the simulator: a scenario's choices decide which held message arrives next;
 * the run stays a pure function of its scenario, a step session's log (choices made one by one)
 * is the replay's, and a choice the run cannot follow is an error naming its index.
 *
 * The story: primary-backup without client retries, whose primary crashes at 1 s. At 991 ms
 * the primary has just sent request c2#50's update to its backup (message #476). Delivered,
 * the backup acks, the primary replies before its crash: answered. Dropped, the primary never
 * hears the ack before it crashes: c2#50 is lost too.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../analysis/summary.js';
import type { RunEvent } from '../events.js';
import type { ScenarioInput, StepChoice } from '../scenario.js';
import { parseScenario, ScenarioError, withoutStepping } from '../scenario.js';
import { comparisonScenarios } from '../compare.js';
import { expandSweep } from '../sweep.js';
import { PB_WITHOUT_RETRIES } from '../testing/fork-parent.js';
import { simulate, Simulation } from './sim.js';
import { SteppingError } from './stepping.js';

const UPDATE = 476;
const FROM_MS = 991;

function stepped(choices: StepChoice[], fromMs = FROM_MS): ScenarioInput {
  return { ...PB_WITHOUT_RETRIES, stepping: { fromMs, choices } };
}

function run(input: ScenarioInput): RunEvent[] {
  return simulate(parseScenario(input)).events;
}

/** The log as text, without its run-start (which carries the scenario). */
function body(events: readonly RunEvent[]): string[] {
  return events.filter((e) => e.type !== 'run-start').map((e) => JSON.stringify(e));
}

function outcomeOf(events: readonly RunEvent[], client: number, req: number): string | undefined {
  return analyze(events).requests.find((r) => r.client === client && r.req === req)?.outcome;
}

describe('step mode: the scenario format', () => {
  it('reads stepping with its choices, and leaves a scenario without it as it was', () => {
    const s = parseScenario(stepped([{ deliver: 5 }, { drop: 7 }]));
    expect(s.stepping).toEqual({ fromMs: FROM_MS, choices: [{ deliver: 5 }, { drop: 7 }] });
    expect('stepping' in parseScenario(PB_WITHOUT_RETRIES)).toBe(false);
    expect(parseScenario({ ...PB_WITHOUT_RETRIES, stepping: { fromMs: 10 } }).stepping).toEqual({ fromMs: 10, choices: [] });
  });

  it('names the field of a bad stepping section', () => {
    const problems = (input: unknown): string[] => {
      try {
        parseScenario(input);
        return [];
      } catch (err) {
        return (err as ScenarioError).problems;
      }
    };
    expect(problems({ ...PB_WITHOUT_RETRIES, stepping: { fromMs: -1 } })).toEqual([expect.stringMatching(/^stepping\.fromMs: /)]);
    expect(problems(stepped([{ deliver: 5 }, { deliver: 0 }]))).toEqual(['stepping.choices[1].deliver: a message id is a whole number from 1 (the id on its send event)']);
    expect(problems(stepped([{ send: 5 } as unknown as StepChoice]))).toEqual(['stepping.choices[0]: a choice is {"deliver": ID} or {"drop": ID} (ID: a held message\'s id) or {"waitMs": MS} (1 to 600000)']);
    expect(problems({ ...PB_WITHOUT_RETRIES, stepping: { fromMs: 1, choices: [], speed: 2 } })).toEqual(['stepping: unknown field "speed"']);
  });
});

describe('step mode elsewhere', () => {
  it('a comparison, a sweep or a hunt runs its other scenarios as the network would: choices name one run\'s messages', () => {
    const s = parseScenario(stepped([{ drop: UPDATE }]));
    const { derived, changes } = comparisonScenarios(s, 'trusted');
    expect(derived.smr?.stepping).toBeUndefined();
    expect(changes).toContain('state-machine replication runs as the network would: the messages chosen from 991 ms name this scheme\'s own messages');
    const cells = expandSweep({ base: s, ks: [1], ns: ['bound'], faultCounts: [0], kinds: ['crash'], failureTimeoutsMs: [] });
    expect(cells.every((c) => c.scenario.stepping === undefined)).toBe(true);
    expect(withoutStepping(s)).toEqual(parseScenario(PB_WITHOUT_RETRIES));
  });
});

describe('step mode: the simulator', () => {
  it('changes nothing but the run-start when there is nothing to choose', () => {
    expect(body(run(stepped([])))).toEqual(body(run(PB_WITHOUT_RETRIES)));
  });

  it('repeats the run before the moment, logs each choice, and gives the same log every time', () => {
    const plain = run(PB_WITHOUT_RETRIES);
    const events = run(stepped([{ drop: UPDATE }]));
    const before = (log: readonly RunEvent[]): string[] => body(log.filter((e) => e.t <= FROM_MS && e.type !== 'choice' && !(e.type === 'drop' && e.reason === 'chosen')));
    expect(before(events)).toEqual(before(plain));
    const i = events.findIndex((e) => e.type === 'choice');
    expect(events.slice(i, i + 2)).toEqual([
      { t: FROM_MS, type: 'choice', index: 0, action: 'drop', id: UPDATE, held: 1 },
      { t: FROM_MS, type: 'drop', id: UPDATE, from: 'r1', to: 'r2', kind: 'update', reason: 'chosen' },
    ]);
    expect(body(run(stepped([{ drop: UPDATE }])))).toEqual(body(events));
  });

  it('a choice changes the outcome: the update delivered, c2#50 is answered; dropped, it is lost with the primary', () => {
    const delivered = run(stepped([{ deliver: UPDATE }]));
    const dropped = run(stepped([{ drop: UPDATE }]));
    expect(outcomeOf(delivered, 2, 50)).toBe('answered-correct');
    expect(outcomeOf(dropped, 2, 50)).toBe('lost');
    expect(analyze(dropped).summary.requests.lost).toBe(analyze(delivered).summary.requests.lost + 1);
    // Delivering at its own time is what the network did anyway: the same run as without stepping, choice aside.
    expect(body(delivered).filter((l) => !l.includes('"type":"choice"'))).toEqual(body(run(PB_WITHOUT_RETRIES)));
  });

  it('holds what is sent meanwhile when time is let run, and a late delivery comes after the timers and faults due first', () => {
    // Hold the update past the primary's crash at 1000 ms: wait 10 ms, then deliver it.
    const events = run(stepped([{ waitMs: 10 }, { deliver: UPDATE }]));
    const crash = events.findIndex((e) => e.type === 'fault');
    const choices = events.filter((e): e is Extract<RunEvent, { type: 'choice' }> => e.type === 'choice');
    expect(choices).toEqual([
      { t: 1001, type: 'choice', index: 0, action: 'wait', id: null, held: 2, waitMs: 10 },
      { t: 1001, type: 'choice', index: 1, action: 'deliver', id: UPDATE, held: 2 },
    ]);
    expect(events.findIndex((e) => e.type === 'choice')).toBeGreaterThan(crash);
    // The client's next request, sent at 1000 ms, was held during the wait (held: 2 when it ended).
    expect(events.find((e) => e.type === 'deliver' && e.id === UPDATE)?.t).toBe(1001);
    // The backup's ack then finds its primary crashed: c2#50 is never answered.
    expect(outcomeOf(events, 2, 50)).toBe('lost');
  });

  it('refuses a choice of a message that is not held, naming the choice', () => {
    expect(() => run(stepped([{ deliver: UPDATE }, { deliver: UPDATE }]))).toThrow(SteppingError);
    expect(() => run(stepped([{ deliver: UPDATE }, { deliver: UPDATE }]))).toThrow(/^stepping\.choices\[1\]: message #476 is not held at 992 ms \(held then: #477\)$/);
    expect(() => run(stepped([{ drop: 475 }]))).toThrow(/^stepping\.choices\[0\]: message #475 is not held at 991 ms/);
    expect(() => run(stepped([{ drop: 999_999 }]))).toThrow(/^stepping\.choices\[0\]: message #999999 is not held/);
    expect(() => run(stepped([{ drop: 1 }], 100_000))).toThrow(/^stepping\.choices\[0\]: the run ended at .* before stepping began at 100000 ms$/);
  });

  it('a step session (choices made one by one, then finished) logs what the replay of its choices logs', () => {
    const made: StepChoice[] = [];
    const scenario = parseScenario(stepped([]));
    const session = new Simulation(scenario, undefined, 'grow', true);
    session.start();
    session.advanceTo(FROM_MS);
    const stepper = session.stepper!;
    expect(stepper.heldMessages()).toEqual([{ id: UPDATE, copy: 0, from: 'r1', to: 'r2', kind: 'update', sentMs: 991, dueMs: 992, request: { client: 2, req: 50 } }]);
    for (let i = 0; i < 8; i++) {
      const next = stepper.heldMessages().at(-1);
      const choice: StepChoice = next === undefined || i === 4 ? { waitMs: 3 } : i % 3 === 2 ? { drop: next.id } : { deliver: next.id };
      stepper.choose(choice);
      made.push(choice);
    }
    expect(() => stepper.choose({ deliver: 1 })).toThrow(/^stepping\.choices\[8\]: message #1 is not held/);
    expect(stepper.made).toEqual(made);
    stepper.release();
    session.advanceTo();
    session.finish();
    const replay = run(stepped(made));
    expect(body(session.events)).toEqual(body(replay));
    expect(replay.filter((e) => e.type === 'choice')).toHaveLength(8);
  });

  it('paced in slices (a live run), a stepped scenario gives the log it gives at once', () => {
    const scenario = parseScenario(stepped([{ waitMs: 10 }, { deliver: UPDATE }, { waitMs: 25 }, { drop: 479 }]));
    const sim = new Simulation(scenario);
    sim.start();
    for (let t = 0; !sim.done; t += 7) sim.advanceTo(t);
    sim.finish();
    expect(body(sim.events)).toEqual(body(simulate(scenario).events));
  });
});
