/**
 * `faultlab test --replica-cmd CMD --scheme S`: runs a small suite of the lecture's
 * scenarios (no faults, a crash, a restart, duplicates, omission, a partition; for
 * state-machine replication also k colluding liars beside the student's replicas) against a
 * replica program of one's own, in real mode, and prints which claims hold. Exit 1 if any
 * fails. With --out, each claim's scenario file and run folder are kept (a report is one
 * `faultlab report DIR/NAME` away).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunSummary } from '../../../shared/analysis/summary.js';
import type { CheckName } from '../../../shared/checks.js';
import { diagnoseReplicas } from '../../../shared/protocol/external.js';
import { CHECKS } from '../../../shared/checks.js';
import type { Fault, Scenario, ScenarioInput, Scheme } from '../../../shared/scenario.js';
import { parseScenario, SCHEMES, serializeScenario } from '../../../shared/scenario.js';
import { UsageError } from '../args.js';
import { command } from '../common.js';
import { runOwnReplica } from './run.js';
import type { CliWords, TestSuite } from '../words.js';
import { CLI_WORDS, TEST_SUITES } from '../words.js';
import { cliWords } from '../lang.js';

/** One claim of the lecture, as a scenario and the checks that must hold in it. */
export interface Claim {
  name: string;
  /** The claim in English (the scenario's name and the JSON output say it so). */
  says: string;
  scenario: Scenario;
  checks: CheckName[];
}

const WORKLOAD = { clients: 2, ratePerSecond: 100, durationMs: 1500 };

/** The suite for a scheme, every scenario running `replicaCommand` on every replica. */
export function claimsFor(scheme: Scheme, replicaCommand: string): Claim[] {
  // What each claim says is worded in words.ts (in English here: the scenario's name and the JSON output say it so).
  const claim = (name: string, input: Partial<ScenarioInput>, faults: Fault[], checks: CheckName[]): Claim => {
    const says = claimWords(CLI_WORDS.en, scheme, name) ?? name;
    return {
      name,
      says,
      checks,
      scenario: parseScenario({
        faultlab: 1,
        name: `faultlab test: ${says}`,
        scheme,
        failureModel: 'fail-stop',
        k: 1,
        service: 'kv',
        seed: 1,
        workload: WORKLOAD,
        ...input,
        faults,
        replica: { command: replicaCommand },
      }),
    };
  };
  switch (scheme) {
    case 'state-machine': {
      const smr = { failureModel: 'arbitrary' as const };
      return [
        claim('no-faults', smr, [], ['no-wrong', 'no-lost', 'no-undecided', 'no-divergence']),
        claim('crash', smr, [{ atMs: 500, type: 'crash', replica: 1 }], ['no-wrong', 'no-lost', 'no-undecided']),
        claim('restart', smr, [{ atMs: 300, type: 'crash', replica: 2 }, { atMs: 600, type: 'restart', replica: 2 }], ['no-wrong', 'no-lost', 'no-undecided']),
        claim('liars', smr, [{ atMs: 0, type: 'byzantine', replica: 3, behavior: 'collude' }], ['no-wrong', 'no-lost', 'no-undecided']),
        claim('duplicates', smr, [{ atMs: 0, type: 'duplicate', replica: 1, probability: 0.3 }, { atMs: 0, type: 'duplicate', replica: 2, probability: 0.3 }], ['no-wrong', 'no-lost', 'no-duplicates']),
        claim('omission', smr, [{ atMs: 0, type: 'omission', replica: 2, probability: 0.3, direction: 'receive' }], ['no-wrong', 'no-lost', 'no-undecided']),
        claim('partition', smr, [{ atMs: 300, type: 'partition', groups: [[1], [2, 3]] }, { atMs: 900, type: 'heal' }], ['no-wrong', 'no-lost', 'no-undecided']),
      ];
    }
    case 'primary-backup': {
      // A replica of one's own need not speak to the arbiter: views change among the replicas.
      const pb = { options: { dedup: true, fencing: false } };
      return [
        claim('no-faults', pb, [], ['no-wrong', 'no-lost', 'no-duplicates', 'no-divergence']),
        claim('primary-crash', pb, [{ atMs: 500, type: 'crash', replica: 1 }], ['no-wrong', 'no-lost', 'no-duplicates']),
        claim('backup-crash', pb, [{ atMs: 500, type: 'crash', replica: 2 }], ['no-wrong', 'no-lost', 'no-duplicates']),
        claim('restart', pb, [{ atMs: 300, type: 'crash', replica: 2 }, { atMs: 700, type: 'restart', replica: 2 }], ['no-wrong', 'no-duplicates']),
        claim('duplicates', pb, [{ atMs: 0, type: 'duplicate', replica: 1, probability: 0.3 }, { atMs: 0, type: 'duplicate', replica: 2, probability: 0.3 }], ['no-wrong', 'no-duplicates']),
        claim('omission-failover', pb, [{ atMs: 0, type: 'omission', replica: 1, probability: 0.5, direction: 'send', untilMs: 1000 }, { atMs: 1000, type: 'crash', replica: 1 }], ['no-wrong', 'no-duplicates']),
      ];
    }
    case 'raft':
      return [
        claim('no-faults', {}, [], ['no-wrong', 'no-lost', 'no-divergence']),
        claim('crash', {}, [{ atMs: 500, type: 'crash', replica: 1 }], ['no-wrong', 'no-lost', 'no-split-brain']),
        claim('partition', {}, [{ atMs: 300, type: 'partition', groups: [[1], [2, 3]] }, { atMs: 900, type: 'heal' }], ['no-wrong', 'no-split-brain']),
      ];
    default:
      throw new UsageError(cliWords().test.noSuite(scheme));
  }
}

/** A claim of a suite in the words given (undefined for a claim the words do not name). */
export function claimWords(words: CliWords, scheme: Scheme, name: string): string | undefined {
  if (!(TEST_SUITES as readonly string[]).includes(scheme)) return undefined;
  const suite: Partial<Record<string, string>> = words.test.claims[scheme as TestSuite];
  return suite[name];
}

/** The checks a run failed, each with the figure that broke it (in English unless other words are given: the JSON output says them so). */
export function failedChecks(claim: Claim, s: RunSummary, words: CliWords = CLI_WORDS.en): string[] {
  const w = words.test.figure;
  const figure: Partial<Record<CheckName, string>> = {
    'no-wrong': w.wrong(s.requests.answeredWrong),
    'no-lost': w.lost(s.requests.lost),
    'no-undecided': w.undecided(s.requests.undecided),
    'no-duplicates': w.twice(s.requests.executedTwice),
    'no-divergence': w.diverged,
    'no-split-brain': w.splitBrain,
  };
  return claim.checks.filter((c) => CHECKS[c].failed(s)).map((c) => words.test.failedCheck(words.checks[c], figure[c] ?? w.failed));
}

/**
 * A line of diagnoseReplicas (shared/protocol/external.ts, which words it in English) in the
 * words given; a line it does not recognise is kept as it is.
 */
export function troubleIn(line: string, words: CliWords): string {
  const w = words.test.trouble;
  let m: RegExpExecArray | null;
  if ((m = /^replica (\d+) exited by itself at (\d+) ms: (.*)$/s.exec(line))) return w.exited(Number(m[1]), Number(m[2]), m[3] ?? '');
  if ((m = /^replica (\d+) wrote (\d+) lines? that (?:is|are) not the replica protocol \(dropped\); the first: (.*)$/s.exec(line))) return w.garbage(Number(m[1]), Number(m[2]), m[3] ?? '');
  if ((m = /^replica (\d+) wrote far more than it was asked to: flood control dropped (\d+) messages$/.exec(line))) return w.flood(Number(m[1]), Number(m[2]));
  if ((m = /^replica (\d+) sent no message in the whole run: /.exec(line))) return w.silent(Number(m[1]));
  if ((m = /^replica (\d+) did not answer the final line within 2 s: /.exec(line))) return w.noFinal(Number(m[1]));
  return line;
}

export const testCommand = command({
  summary: CLI_WORDS.en.help.summary.test,
  usage: 'test --replica-cmd CMD --scheme state-machine|primary-backup|raft [--out DIR] [--json]',
  flags: ['replica-cmd', 'scheme', 'out', 'json'],
  async run({ values, positionals }, io) {
    const w = cliWords();
    if (positionals.length > 0) throw new UsageError(w.test.noScenario(positionals[0] ?? ''));
    const cmd = values['replica-cmd'];
    if (cmd === undefined || cmd.trim() === '') throw new UsageError(w.test.replicaCmd);
    const scheme = values.scheme;
    if (scheme === undefined || !(SCHEMES as readonly string[]).includes(scheme)) throw new UsageError(w.test.scheme(SCHEMES.join(', ')));
    const claims = claimsFor(scheme as Scheme, cmd);
    const results: { name: string; says: string; holds: boolean; failed: string[]; trouble: string[]; requests: RunSummary['requests'] }[] = [];
    for (const claim of claims) {
      const dir = values.out !== undefined ? join(values.out, claim.name) : undefined;
      if (values.out !== undefined) {
        mkdirSync(values.out, { recursive: true });
        writeFileSync(join(values.out, `${claim.name}.faultlab.json`), serializeScenario(claim.scenario));
      }
      const run = await runOwnReplica(claim.scenario, 'real', undefined, dir !== undefined ? { dir } : {});
      const failed = failedChecks(claim, run.summary);
      // Why, where the program itself misbehaved: exited, wrote garbage, flooded, never answered.
      const trouble = diagnoseReplicas(run.events, Array.from({ length: claim.scenario.replicas }, (_, i) => i + 1));
      results.push({ name: claim.name, says: claim.says, holds: failed.length === 0, failed, trouble, requests: run.summary.requests });
      if (values.json !== true) {
        const r = run.summary.requests;
        io.out(w.test.claimLine(failed.length === 0, claim.name, claimWords(w, claim.scenario.scheme, claim.name) ?? claim.says, r.issued, r.answeredCorrect));
        for (const f of failedChecks(claim, run.summary, w)) io.out(`         ${f}`);
        for (const t of trouble) io.out(`         ${troubleIn(t, w)}`);
      }
    }
    const failing = results.filter((r) => !r.holds).length;
    if (values.json === true) io.out(JSON.stringify({ scheme, command: cmd, claims: results }));
    else io.out(w.test.summary(results.length - failing, results.length, values.out ?? null, values.out !== undefined ? join(values.out, 'NAME') : ''));
    return failing > 0 ? 1 : 0;
  },
});
