/**
 * The scenario being edited: a draft in the file's own shape, checked by the shared
 * schema on every edit, so each problem shows at its field as the user types. Opening a
 * file asks the lab to validate it; a rejected file leaves the draft as it was.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Preset } from '@shared/api';
import { DEFAULT_SCENARIO_INPUT } from '@shared/presets';
import type { FailureModel, Scenario, Scheme, ScenarioInput } from '@shared/scenario';
import type { Fault } from '@shared/faults';
import { parseScenario, replicaBound, ScenarioError, serializeScenario } from '@shared/scenario';
import { useAppStore } from './app';

/** The editable form: every section present, replicas always explicit. */
export interface ScenarioDraft {
  faultlab: 1;
  name: string;
  scheme: Scheme;
  failureModel: FailureModel;
  k: number;
  replicas: number;
  service: Scenario['service'];
  seed: number;
  workload: Scenario['workload'];
  timing: Scenario['timing'];
  options: Scenario['options'];
  faults: Scenario['faults'];
  /** A replica program of one's own (real mode only); absent: every replica is built in. */
  replica?: Scenario['replica'];
}

/** A problem of the draft: the field it names ("timing.heartbeatMs", "faults[2].replica") and what is wrong. */
export interface FieldProblem {
  field: string;
  message: string;
}

export function splitProblem(problem: string): FieldProblem {
  const i = problem.indexOf(': ');
  return i < 0 ? { field: '(scenario)', message: problem } : { field: problem.slice(0, i), message: problem.slice(i + 2) };
}

/** A deep copy of JSON data; unlike structuredClone it also copies Vue's reactive proxies. */
export function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function toDraft(input: ScenarioInput): ScenarioDraft {
  const s = parseScenario(jsonCopy(input));
  return jsonCopy({ ...s, faultlab: 1 as const });
}

/** A file name for a scenario: its name, lower-case, words joined by dashes. */
export function scenarioFileName(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return `${slug || 'scenario'}.faultlab.json`;
}

export const useScenarioStore = defineStore('scenario', () => {
  const draft = ref<ScenarioDraft>(toDraft(DEFAULT_SCENARIO_INPUT));
  const presetId = ref<string | null>('default');
  /** Problems of the last file the user tried to open (the draft was kept). */
  const fileProblems = ref<string[]>([]);
  const openedFileName = ref<string | null>(null);

  const problems = computed<FieldProblem[]>(() => {
    try {
      parseScenario(jsonCopy(draft.value));
      return [];
    } catch (err) {
      if (err instanceof ScenarioError) return err.problems.map(splitProblem);
      return [{ field: '(scenario)', message: (err as Error).message }];
    }
  });

  const valid = computed(() => problems.value.length === 0);
  const bound = computed(() => replicaBound(draft.value.scheme, draft.value.failureModel, draft.value.k));
  const belowBound = computed(() => draft.value.replicas < bound.value);

  /** The first problem at this field or inside it. */
  function errorAt(field: string): string {
    const p = problems.value.find((x) => x.field === field || x.field.startsWith(`${field}.`) || x.field.startsWith(`${field}[`));
    return p ? p.message : '';
  }

  function loadPreset(preset: Preset): void {
    draft.value = toDraft(preset.scenario);
    presetId.value = preset.id;
    fileProblems.value = [];
    openedFileName.value = null;
  }

  /** Sets replicas to the bound (used when the scheme, model or k change). */
  function matchBound(): void {
    draft.value.replicas = bound.value;
  }

  /**
   * A replica command that arrived in a scenario file, until the student says they trust it:
   * it would run on this computer with their rights (a classmate's file could carry anything).
   * A command typed in the panel is the student's own and needs no such step.
   */
  const untrustedCommand = ref<string | null>(null);
  const commandNeedsTrust = computed(() => untrustedCommand.value !== null && draft.value.replica?.command === untrustedCommand.value);
  function trustCommand(): void {
    untrustedCommand.value = null;
  }

  async function openText(fileName: string, text: string): Promise<boolean> {
    const result = await useAppStore().lab().validateScenario({ text });
    if (!result.ok) {
      fileProblems.value = result.problems;
      openedFileName.value = fileName;
      return false;
    }
    draft.value = jsonCopy({ ...result.scenario, faultlab: 1 as const });
    untrustedCommand.value = result.scenario.replica?.command ?? null;
    presetId.value = null;
    fileProblems.value = [];
    openedFileName.value = fileName;
    return true;
  }

  /**
   * Puts a reopened run's scenario in the panel, so that Run runs that run again and not
   * whatever the panel held: its schedule with the faults injected live during it added at
   * the moments they were injected. A replica command in it waits for the student's trust,
   * as one from a file does: a kept run may come from someone else's data folder.
   */
  function loadRun(scenario: Scenario, liveFaults: readonly Fault[]): void {
    const faults = [...scenario.faults, ...liveFaults].sort((a, b) => a.atMs - b.atMs);
    draft.value = jsonCopy({ ...scenario, faults, faultlab: 1 as const });
    untrustedCommand.value = scenario.replica?.command ?? null;
    presetId.value = null;
    fileProblems.value = [];
    openedFileName.value = null;
  }

  /** The draft as file text; throws ScenarioError when it is not valid. */
  function fileText(): string {
    return serializeScenario(parseScenario(jsonCopy(draft.value)));
  }

  /** Saves the draft as `<name>.faultlab.json` through the browser's download (Electron saves it the same way). */
  function download(): void {
    const text = fileText();
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = scenarioFileName(draft.value.name);
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }

  function removeFault(index: number): void {
    draft.value.faults.splice(index, 1);
  }

  return { draft, presetId, fileProblems, openedFileName, problems, valid, bound, belowBound, errorAt, loadPreset, loadRun, matchBound, openText, fileText, download, removeFault, commandNeedsTrust, trustCommand };
});
