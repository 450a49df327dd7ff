/**
 * The names of the API contract, and nothing else: every call, every event, the menu
 * commands and the channel each travels on. No schema library here, so the preload
 * (bundled into a sandboxed window) carries these names and not the validator.
 * shared/api.ts declares each call's schema and each event's payload against these names;
 * a call or event named here and not declared there, or declared there and not named
 * here, fails the type check.
 */

/** Every call the renderer can make (declared with its schema in api.ts CALLS). */
export const CALL_NAMES = [
  'appInfo',
  'listPresets',
  'validateScenario',
  'startRun',
  'injectFault',
  'stopRun',
  'listReplicas',
  'listRuns',
  'loadRun',
  'runEvents',
  'deleteRun',
  'listExercises',
  'compareScenario',
  'runSweep',
  'cancelSweep',
  'huntScenario',
  'cancelHunt',
  'exportReport',
  'messageDiagram',
  'verifyReport',
  'verifyReportPart',
  'openAssignment',
  'currentAssignment',
  'closeAssignment',
  'forkRun',
  'forkLive',
  // Step mode ("Choose messages from here"): one session per student choosing (electron/app/lab/steps.ts).
  'stepBegin',
  'stepChoose',
  'stepFinish',
  'stepCancel',
  'paceRun',
  'setLanguage',
] as const;
export type CallName = (typeof CALL_NAMES)[number];

/** Everything the main side pushes to the renderer (declared with its payload in api.ts LabEvents). */
export const EVENT_NAMES = ['runEvents', 'runEnded', 'scenarioOpened', 'menuCommand', 'sweepProgress', 'huntProgress', 'assignmentOpened'] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** Menu commands the renderer carries out: they act on the scenario or run it shows. */
export const MENU_COMMANDS = ['new', 'save', 'run', 'stop', 'exportReport', 'verifyReport'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** The channel an Electron IPC call or event travels on. */
export const channelOf = (name: CallName | EventName): string => `lab:${name}`;

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && (CALL_NAMES as readonly string[]).includes(name);
}
