/**
 * What the fork tests share (handlers-fork, handlers-fork-live): their parent kept in the
 * lab's data folder as the lab keeps its own runs, and the changes that are not forks with
 * the sentence that refuses each (forkRun and forkLive refuse them alike).
 */
import { join } from 'node:path';
import type { Fault } from '../../../shared/faults.js';
import type { ScenarioInput } from '../../../shared/scenario.js';
import { parseScenario } from '../../../shared/scenario.js';
import { PB_WITHOUT_RETRIES } from '../../../shared/testing/fork-parent.js';
import { runScenario } from '../../runtime/run.js';
import { newRunId } from '../lab/runs.js';

/** Runs `input` (the fork tests' parent by default) in `mode` into a new run folder of dataDir; its run id. */
export async function keepParent(dataDir: string, mode: 'sim' | 'real', input: ScenarioInput = PB_WITHOUT_RETRIES): Promise<string> {
  const runId = newRunId(new Date());
  await runScenario(parseScenario(input), mode, { dir: join(dataDir, 'runs', runId) });
  return runId;
}

/** Changes of PB_WITHOUT_RETRIES that are not forks, and what the refusal says. */
export const NOT_FORKS: { atMs: number; add?: Fault[]; says: RegExp }[] = [
  { atMs: 1000, add: [{ atMs: 10, type: 'crash', replica: 2 }], says: /^This run cannot be forked so: a crash fault at 10 ms is before the fork's moment \(1000 ms\)/ },
  { atMs: 1000, add: [{ atMs: 1000, type: 'crash', replica: 7 }], says: /replica 7 does not exist/ },
  { atMs: 1500, says: /changes nothing/ },
];
