/** `faultlab run`: one scenario, in real processes (default) or simulation. */
import { checksOption, command, modeOption, reportChecks, scenarioFrom } from '../common.js';
import { formatSummary } from '../format.js';
import { readRun } from '../../../shared/views/folds.js';
import { runScenario } from '../../runtime/run.js';

export const runCommand = command({
  summary: 'runs a scenario (default: the built-in default scenario)',
  usage: 'run [scenario] [--mode real|sim] [--seed N] [--out DIR] [--json] [--check NAME]...',
  flags: ['mode', 'seed', 'out', 'json', 'check'],
  async run({ values, positionals }, io) {
    const checks = checksOption(values);
    const scenario = scenarioFrom(positionals, values);
    const mode = modeOption(values, 'real');
    const run = await runScenario(scenario, mode, values.out !== undefined ? { dir: values.out } : {});
    io.out(values.json === true ? JSON.stringify(run.summary) : formatSummary(readRun(run.events, run.summary)));
    return reportChecks(checks, run.summary, io);
  },
});
