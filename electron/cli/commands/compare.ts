/** `faultlab compare`: the lecture's table, measured: one scenario under both schemes. */
import { parse } from '../args.js';
import type { Command } from '../common.js';
import { modeOption, scenarioFrom } from '../common.js';
import { comparisonToText } from '../../../shared/compare.js';
import { runComparison } from '../../report/compare-run.js';

export const compareCommand: Command = {
  summary: 'runs the same workload, seed and faults under both schemes and prints the lecture\'s table with measured figures',
  usage: 'compare [scenario] [--mode real|sim] [--seed N] [--fold] [--out DIR] [--json]',
  async run(argv, io) {
    const { values, positionals } = parse(argv, {
      mode: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
      fold: { type: 'boolean' },
    });
    const scenario = scenarioFrom(positionals, values);
    const mode = modeOption(values, 'real');
    const comparison = await runComparison(scenario, mode, { ...(typeof values.out === 'string' ? { dir: values.out } : {}), mapping: values.fold === true ? 'fold' : 'drop' });
    io.out(values.json === true ? JSON.stringify(comparison) : comparisonToText(comparison));
    return 0;
  },
};
