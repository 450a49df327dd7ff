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
import { CLI_WORDS } from '../words.js';

/** One claim of the lecture, as a scenario and the checks that must hold in it. */
export interface Claim {
  name: string;
  says: string;
  scenario: Scenario;
  checks: CheckName[];
}

const WORKLOAD = { clients: 2, ratePerSecond: 100, durationMs: 1500 };

/** The suite for a scheme, every scenario running `replicaCommand` on every replica. */
export function claimsFor(scheme: Scheme, replicaCommand: string): Claim[] {
  const claim = (name: string, says: string, input: Partial<ScenarioInput>, faults: Fault[], checks: CheckName[]): Claim => ({
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
  });
  switch (scheme) {
    case 'state-machine': {
      const smr = { failureModel: 'arbitrary' as const };
      return [
        claim('no-faults', 'with no faults every request is answered correctly and the replicas agree', smr, [], ['no-wrong', 'no-lost', 'no-undecided', 'no-divergence']),
        claim('crash', '2k+1 replicas survive k crashes: a replica SIGKILLed, nothing lost or wrong', smr, [{ atMs: 500, type: 'crash', replica: 1 }], ['no-wrong', 'no-lost', 'no-undecided']),
        claim('restart', 'a restarted replica recovers its state from its peers, nothing lost or wrong', smr, [{ atMs: 300, type: 'crash', replica: 2 }, { atMs: 600, type: 'restart', replica: 2 }], ['no-wrong', 'no-lost', 'no-undecided']),
        claim('liars', 'voting masks k colluding liars beside your replicas', smr, [{ atMs: 0, type: 'byzantine', replica: 3, behavior: 'collude' }], ['no-wrong', 'no-lost', 'no-undecided']),
        claim('duplicates', 'duplicated messages execute nothing twice', smr, [{ atMs: 0, type: 'duplicate', replica: 1, probability: 0.3 }, { atMs: 0, type: 'duplicate', replica: 2, probability: 0.3 }], ['no-wrong', 'no-lost', 'no-duplicates']),
        claim('omission', 'a replica that loses 30% of what it receives stays correct', smr, [{ atMs: 0, type: 'omission', replica: 2, probability: 0.3, direction: 'receive' }], ['no-wrong', 'no-lost', 'no-undecided']),
        claim('partition', 'a replica cut off from its peers changes no answer', smr, [{ atMs: 300, type: 'partition', groups: [[1], [2, 3]] }, { atMs: 900, type: 'heal' }], ['no-wrong', 'no-lost', 'no-undecided']),
      ];
    }
    case 'primary-backup': {
      // A replica of one's own need not speak to the arbiter: views change among the replicas.
      const pb = { options: { dedup: true, fencing: false } };
      return [
        claim('no-faults', 'with no faults every request is answered correctly and the replicas agree', pb, [], ['no-wrong', 'no-lost', 'no-duplicates', 'no-divergence']),
        claim('primary-crash', 'failover: the primary SIGKILLed, clients retry, nothing lost, wrong or executed twice', pb, [{ atMs: 500, type: 'crash', replica: 1 }], ['no-wrong', 'no-lost', 'no-duplicates']),
        claim('backup-crash', 'a backup SIGKILLed: the primary goes on alone, nothing lost or wrong', pb, [{ atMs: 500, type: 'crash', replica: 2 }], ['no-wrong', 'no-lost', 'no-duplicates']),
        claim('restart', 'a restarted backup rejoins with the primary\'s state, nothing wrong', pb, [{ atMs: 300, type: 'crash', replica: 2 }, { atMs: 700, type: 'restart', replica: 2 }], ['no-wrong', 'no-duplicates']),
        claim('duplicates', 'duplicated messages execute nothing twice', pb, [{ atMs: 0, type: 'duplicate', replica: 1, probability: 0.3 }, { atMs: 0, type: 'duplicate', replica: 2, probability: 0.3 }], ['no-wrong', 'no-duplicates']),
        claim('omission-failover', 'an answer given survives a failover: the primary loses half of what it sends, then crashes', pb, [{ atMs: 0, type: 'omission', replica: 1, probability: 0.5, direction: 'send', untilMs: 1000 }, { atMs: 1000, type: 'crash', replica: 1 }], ['no-wrong', 'no-duplicates']),
      ];
    }
    case 'raft':
      return [
        claim('no-faults', 'with no faults every request is answered correctly and the replicas agree', {}, [], ['no-wrong', 'no-lost', 'no-divergence']),
        claim('crash', 'a majority survives a crash: replica 1 SIGKILLed, nothing lost or wrong', {}, [{ atMs: 500, type: 'crash', replica: 1 }], ['no-wrong', 'no-lost', 'no-split-brain']),
        claim('partition', 'a replica cut off in a minority: no split brain, nothing wrong', {}, [{ atMs: 300, type: 'partition', groups: [[1], [2, 3]] }, { atMs: 900, type: 'heal' }], ['no-wrong', 'no-split-brain']),
      ];
    default:
      throw new UsageError(`--scheme: faultlab test has no suite for ${scheme} yet (it has: state-machine, primary-backup, raft)`);
  }
}

/** The checks a run failed, each with the figure that broke it. */
export function failedChecks(claim: Claim, s: RunSummary): string[] {
  const figure: Partial<Record<CheckName, string>> = {
    'no-wrong': `${s.requests.answeredWrong} answered wrong`,
    'no-lost': `${s.requests.lost} lost`,
    'no-undecided': `${s.requests.undecided} undecided`,
    'no-duplicates': `${s.requests.executedTwice} executed twice`,
    'no-divergence': 'replicas diverged',
    'no-split-brain': 'two primaries served',
  };
  return claim.checks.filter((c) => CHECKS[c].failed(s)).map((c) => `${CHECKS[c].describe}: ${figure[c] ?? 'failed'}`);
}

export const testCommand = command({
  summary: CLI_WORDS.en.help.summary.test,
  usage: 'test --replica-cmd CMD --scheme state-machine|primary-backup|raft [--out DIR] [--json]',
  flags: ['replica-cmd', 'scheme', 'out', 'json'],
  async run({ values, positionals }, io) {
    if (positionals.length > 0) throw new UsageError(`test takes no scenario file (got ${positionals[0] ?? ''}): it runs its own suite`);
    const cmd = values['replica-cmd'];
    if (cmd === undefined || cmd.trim() === '') throw new UsageError('--replica-cmd: the replica program to test is required');
    const scheme = values.scheme;
    if (scheme === undefined || !(SCHEMES as readonly string[]).includes(scheme)) throw new UsageError(`--scheme: expected one of ${SCHEMES.join(', ')}`);
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
        io.out(`${failed.length === 0 ? 'holds ' : 'FAILS '} ${claim.name}: ${claim.says} (${r.issued} requests, ${r.answeredCorrect} answered correctly)`);
        for (const f of failed) io.out(`         ${f}`);
        for (const t of trouble) io.out(`         ${t}`);
      }
    }
    const failing = results.filter((r) => !r.holds).length;
    if (values.json === true) io.out(JSON.stringify({ scheme, command: cmd, claims: results }));
    else io.out(`${results.length - failing} of ${results.length} claims hold${values.out !== undefined ? `; scenarios and run folders in ${values.out} (faultlab report ${join(values.out, 'NAME')} --out report.html)` : ''}`);
    return failing > 0 ? 1 : 0;
  },
});
