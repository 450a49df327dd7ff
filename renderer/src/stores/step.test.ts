/**
 * Step mode's store, against a lab whose step calls run the simulator's own step mode: the
 * session's log is the run on screen (not a kept run), the first held message is selected, a
 * choice adds its events and moves the selection, a refused choice is a sentence and changes
 * nothing, and another run on screen (or Leave) closes the session on the lab's side too.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { nextTick } from 'vue';
import type { LabApi, StepView } from '@shared/api';
import { LabError } from '@shared/api';
import { Simulation } from '@shared/engine/sim';
import type { StepChoice } from '@shared/scenario';
import { parseScenario } from '@shared/scenario';
import { PB_WITHOUT_RETRIES } from '@shared/testing/fork-parent';
import { useAppStore } from './app';
import { useRunStore } from './run';
import { useStepStore } from './step';

const SESSION = '0123456789abcdef';

/** The step calls of a lab, on one simulation in step mode; `calls` records what was asked. */
function fakeLab(calls: string[]): Partial<LabApi> {
  let sim: Simulation | null = null;
  let sent = 0;
  const view = (): StepView => {
    const s = sim as Simulation;
    const events = s.events.slice(sent);
    sent = s.events.length;
    return { sessionId: SESSION, parentRunId: 'parent', fromMs: 991, timeMs: s.timeMs, events, held: s.stepper!.heldMessages(), choices: [...s.stepper!.made], ended: s.done };
  };
  return {
    on: () => () => {},
    stepBegin: async ({ atMs }) => {
      calls.push(`begin ${atMs}`);
      sim = new Simulation(parseScenario({ ...PB_WITHOUT_RETRIES, stepping: { fromMs: atMs, choices: [] } }), undefined, 'grow', true);
      sim.start();
      sim.advanceTo(atMs);
      return view();
    },
    stepChoose: async ({ choice }) => {
      calls.push(`choose ${JSON.stringify(choice)}`);
      try {
        sim!.stepper!.choose(choice as StepChoice);
      } catch (err) {
        throw new LabError('bad-call', `That choice cannot be made: ${(err as Error).message}`);
      }
      return view();
    },
    stepCancel: async ({ sessionId }) => void calls.push(`cancel ${sessionId}`),
    loadRun: async ({ runId }) => {
      calls.push(`load ${runId}`);
      throw new LabError('not-found', `There is no kept run ${runId}.`);
    },
  };
}

let calls: string[];
beforeEach(() => {
  setActivePinia(createPinia());
  calls = [];
  const lab = fakeLab(calls) as LabApi;
  useAppStore().lab = () => lab;
  useRunStore().runId = 'parent';
});

describe('step mode (the store)', () => {
  it('shows the session\'s log as the run on screen, selects the first held message, and follows each choice', async () => {
    const step = useStepStore();
    const run = useRunStore();
    await step.begin(990.6);
    expect(calls).toEqual(['begin 991']);
    expect(step.active).toBe(true);
    expect(run.runId).toBeNull();
    expect(run.events[0]?.type).toBe('run-start');
    expect(step.held.map((m) => m.id)).toEqual([476]);
    expect(step.selected).toBe(476);

    await step.deliver();
    expect(calls.at(-1)).toBe('choose {"deliver":476}');
    expect(run.events.filter((e) => e.type === 'choice')).toHaveLength(1);
    expect(step.held.map((m) => m.id)).toEqual([477]);
    expect(step.selected).toBe(477);
    expect(step.timeMs).toBe(992);
    expect(step.choices).toEqual([{ deliver: 476 }]);

    const before = run.events.length;
    await step.choose({ drop: 476 });
    expect(step.error).toMatch(/^That choice cannot be made: stepping\.choices\[1\]: message #476 is not held at 992 ms/);
    expect(run.events).toHaveLength(before);
    expect(step.choices).toEqual([{ deliver: 476 }]);

    await step.wait();
    expect(step.error).toBeNull();
    expect(step.timeMs).toBe(1002);
  });

  it('closes the session when another run is put on screen, and Leave reopens the parent', async () => {
    const step = useStepStore();
    await step.begin(991);
    useRunStore().runId = 'another';
    await nextTick();
    expect(step.active).toBe(false);
    expect(calls).toContain(`cancel ${SESSION}`);

    useRunStore().runId = 'parent';
    await step.begin(991);
    await step.cancel();
    expect(step.active).toBe(false);
    expect(calls.slice(-2)).toEqual([`cancel ${SESSION}`, 'load parent']);
  });
});
