/**
 * A small language for scenario tests that read like the story they tell:
 *
 *   const run = lab('state-machine', 'arbitrary', { k: 1 })
 *     .replica(2).behaves('collude').at(0)
 *     .replica(1).crashes().at(500)
 *     .simulate();
 *
 * It builds an ordinary scenario (the same format a teacher writes) and runs it in the
 * simulator, so a story is also a scenario file one can save and open in the app.
 */
import type { Analysis } from '../analysis/summary.js';
import { analyze } from '../analysis/summary.js';
import type { RunEvent } from '../events.js';
import { simulate } from '../engine/sim.js';
import type { Behavior, FailureModel, Fault, PartitionMember, Scenario, ScenarioInput, Scheme } from '../scenario.js';
import { parseScenario } from '../scenario.js';

type WithoutAt<T> = T extends unknown ? Omit<T, 'atMs' | 'untilMs'> : never;
type Pending = WithoutAt<Fault>;

export class Story {
  private readonly faults: Fault[] = [];
  private readonly input: ScenarioInput;

  constructor(scheme: Scheme, failureModel: FailureModel, overrides: Partial<ScenarioInput> = {}) {
    this.input = { faultlab: 1, scheme, failureModel, k: 1, service: 'counter', seed: 7, ...overrides };
  }

  with(overrides: Partial<ScenarioInput>): this {
    Object.assign(this.input, overrides);
    return this;
  }

  timing(timing: NonNullable<ScenarioInput['timing']>): this {
    this.input.timing = { ...this.input.timing, ...timing };
    return this;
  }

  options(options: NonNullable<ScenarioInput['options']>): this {
    this.input.options = { ...this.input.options, ...options };
    return this;
  }

  replica(id: number): ReplicaFaults {
    return new ReplicaFaults(this, id);
  }

  /** A partition from now on: `partition([1], [2, 3]).at(300)`. */
  partition(...groups: PartitionMember[][]): At {
    return new At(this, { type: 'partition', groups });
  }

  heal(): At {
    return new At(this, { type: 'heal' });
  }

  /** @internal */
  add(fault: Fault): this {
    this.faults.push(fault);
    return this;
  }

  scenario(): Scenario {
    return parseScenario({ ...this.input, faults: [...(this.input.faults ?? []), ...this.faults] });
  }

  simulate(): StoryRun {
    const scenario = this.scenario();
    const { events } = simulate(scenario);
    return new StoryRun(scenario, events, analyze(events, { linearizability: true }));
  }
}

export class At {
  constructor(
    private readonly story: Story,
    private readonly fault: Pending,
  ) {}

  at(atMs: number, untilMs?: number): Story {
    const f = { ...this.fault, atMs, ...(untilMs === undefined ? {} : { untilMs }) } as Fault;
    return this.story.add(f);
  }
}

export class ReplicaFaults {
  constructor(
    private readonly story: Story,
    private readonly id: number,
  ) {}

  private make(f: Pending): At {
    return new At(this.story, f);
  }

  crashes(): At {
    return this.make({ type: 'crash', replica: this.id });
  }
  restarts(): At {
    return this.make({ type: 'restart', replica: this.id });
  }
  pauses(): At {
    return this.make({ type: 'pause', replica: this.id });
  }
  resumes(): At {
    return this.make({ type: 'resume', replica: this.id });
  }
  behaves(behavior: Behavior | 'none'): At {
    return this.make({ type: 'byzantine', replica: this.id, behavior });
  }
  drops(probability: number, direction: 'send' | 'receive' | 'both' = 'both'): At {
    return this.make({ type: 'omission', replica: this.id, probability, direction });
  }
  isDelayedBy(ms: number, jitterMs = 0): At {
    return this.make({ type: 'delay', replica: this.id, ms, jitterMs });
  }
  duplicates(probability: number): At {
    return this.make({ type: 'duplicate', replica: this.id, probability });
  }
  reorders(windowMs: number): At {
    return this.make({ type: 'reorder', replica: this.id, windowMs });
  }
}

export class StoryRun {
  constructor(
    readonly scenario: Scenario,
    readonly events: RunEvent[],
    readonly analysis: Analysis,
  ) {}

  get summary(): Analysis['summary'] {
    return this.analysis.summary;
  }

  get requests(): Analysis['summary']['requests'] {
    return this.analysis.summary.requests;
  }

  /** Raft: every election won, in order (who, when, which term). */
  leaders(): { t: number; replica: number; term: number }[] {
    const out: { t: number; replica: number; term: number }[] = [];
    for (const e of this.events) if (e.type === 'role' && e.role === 'leader') out.push({ t: e.t, replica: e.replica, term: e.view });
    return out;
  }

  count(type: RunEvent['type']): number {
    return this.events.filter((e) => e.type === type).length;
  }

  /** For assertion messages: the scenario as a file, to reproduce a failure. */
  describe(): string {
    return JSON.stringify(this.scenario);
  }
}

export function lab(scheme: Scheme, failureModel: FailureModel, overrides: Partial<ScenarioInput> = {}): Story {
  return new Story(scheme, failureModel, overrides);
}
