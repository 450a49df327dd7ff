/** `faultlab run`: one scenario, in real processes (default) or simulation. */
import { parse } from '../args.js';
import type { Command } from '../common.js';
import { checksOption, modeOption, reportChecks, scenarioFrom } from '../common.js';
import { formatSummary } from '../format.js';
import { runScenario } from '../../runtime/run.js';

export const runCommand: Command = {
  summary: 'runs a scenario (default: the built-in default scenario)',
  usage: 'run [scenario] [--mode real|sim] [--seed N] [--out DIR] [--json] [--check NAME]...',
  async run(argv, io) {
    const { values, positionals } = parse(argv, {
      mode: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
      check: { type: 'string', multiple: true },
    });
    const checks = checksOption(values);
    const scenario = scenarioFrom(positionals, values);
    const mode = modeOption(values, 'real');
    const run = await runScenario(scenario, mode, typeof values.out === 'string' ? { dir: values.out } : {});
    io.out(values.json === true ? JSON.stringify(run.summary) : formatSummary(run.summary));
    return reportChecks(checks, run.summary, io);
  },
};
