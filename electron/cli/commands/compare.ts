/** `faultlab compare`: the lecture's table, measured: one scenario under both schemes (with --all, also Raft and PBFT). */
import { dirname, resolve } from 'node:path';
import { UsageError } from '../args.js';
import { command, modeOption, scenarioFrom } from '../common.js';
import { comparisonToText } from '../../../shared/compare.js';
import { runComparison } from '../../report/compare-run.js';
import { withReplicaCommand } from './run.js';
import { CLI_WORDS } from '../words.js';
import { cliLang } from '../lang.js';

export const compareCommand = command({
  summary: CLI_WORDS.en.help.summary.compare,
  usage: 'compare [scenario] [--mode real|sim] [--seed N] [--fold] [--all] [--out DIR] [--json] [--replica-cmd CMD]',
  flags: ['mode', 'seed', 'out', 'json', 'fold', 'all', 'replica-cmd'],
  async run({ values, positionals }, io) {
    const scenario = withReplicaCommand(scenarioFrom(positionals, values), values['replica-cmd']);
    const mode = modeOption(values, 'real');
    if (mode === 'sim' && scenario.replica) throw new UsageError(`--mode sim: the scenario's replica command ("${scenario.replica.command}") runs only in real mode; compare it with --mode real`);
    // A replica of one's own runs from its scenario file's folder, in the given scheme's column (the others are built in).
    const replicaCwd = scenario.replica ? { replicaCwd: positionals[0] === undefined ? process.cwd() : dirname(resolve(positionals[0])) } : {};
    // The table in the command line's language; JSON, a contract, in English whatever the language.
    const lang = values.json === true ? 'en' : cliLang();
    const comparison = await runComparison(scenario, mode, { ...(values.out !== undefined ? { dir: values.out } : {}), mapping: values.fold === true ? 'fold' : 'drop', ...(values.all === true ? { width: 'all' as const } : {}), ...replicaCwd, lang });
    io.out(values.json === true ? JSON.stringify(comparison) : comparisonToText(comparison, lang));
    return 0;
  },
});
