/** `faultlab compare`: the lecture's table, measured: one scenario under both schemes (with --all, also Raft and PBFT). */
import { command, modeOption, scenarioFrom } from '../common.js';
import { comparisonToText } from '../../../shared/compare.js';
import { runComparison } from '../../report/compare-run.js';

export const compareCommand = command({
  summary: 'runs the same workload, seed and faults under both schemes (--all: also Raft and PBFT, the schemes without a trusted helper) and prints the lecture\'s table with measured figures',
  usage: 'compare [scenario] [--mode real|sim] [--seed N] [--fold] [--all] [--out DIR] [--json]',
  flags: ['mode', 'seed', 'out', 'json', 'fold', 'all'],
  async run({ values, positionals }, io) {
    const scenario = scenarioFrom(positionals, values);
    const mode = modeOption(values, 'real');
    const comparison = await runComparison(scenario, mode, { ...(values.out !== undefined ? { dir: values.out } : {}), mapping: values.fold === true ? 'fold' : 'drop', ...(values.all === true ? { width: 'all' as const } : {}) });
    io.out(values.json === true ? JSON.stringify(comparison) : comparisonToText(comparison));
    return 0;
  },
});
