/**
 * What `faultlab` says to a person, in each language the lab speaks: the help, the errors
 * of the command line, verify's and grade's verdicts and summaries, the lines a run or a
 * report prints, sweep's table, hunt's progress and findings, test's verdicts on the
 * lecture's claims, a fork set beside its parent, and what serve says while it serves. English is the command line as it has always been worded (tests hold
 * it); Korean has the same type, so a message missing there fails the type check. JSON
 * output (--json) is a contract and is not worded here: it stays as it is in every
 * language. The language is chosen once (lang.ts) and handed to commands with their Io.
 */
import type { CheckName } from '../../shared/checks.js';
import { CHECK_CLAIMS_KO, CHECK_NAMES, CHECKS } from '../../shared/checks.js';
import type { Lang } from '../../shared/describe.js';
import { FAULT_KIND_LABELS } from '../../shared/describe.js';
import { COMPARE_WORDS } from '../../shared/compare-words.js';
import type { FailureModel, Scheme } from '../../shared/scenario.js';

/** The commands, by name (commands/index.ts has one module per name). */
export const COMMAND_NAMES = ['run', 'serve', 'compare', 'sweep', 'report', 'verify', 'hunt', 'test', 'grade', 'fork'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export interface CliWords {
  help: { usage: string; commands: string; exitCodes: string; summary: Record<CommandName, string> };
  unknownCommand: (name: string) => string;
  internalError: (message: string) => string;
  /** A file-system error: what was being done and why it failed. */
  fileSystem: { write: (path: string) => string; use: (path: string) => string; codes: Record<string, string> };
  langFlag: (got: string) => string;
  noSuchFile: string;
  isFolderNot: (what: string) => string;
  fileKinds: { report: string; scenario: string };
  atMostOneScenario: (n: number) => string;
  modeFlag: (got: string) => string;
  unknownCheck: (name: string, known: string) => string;
  checkFailed: (name: string, claim: string) => string;
  checks: Record<CheckName, string>;
  wholeNumber: (flag: string, got: string) => string;
  /** The command line's flags as Node's parseArgs finds them wrong (its own sentence kept in English). */
  unknownOption: (flag: string) => string;
  missingValue: (flag: string) => string;
  noValue: (flag: string) => string;
  between: (flag: string, min: number, max: number) => string;
  wrote: (path: string) => string;
  verify: {
    expectReports: string;
    verified: (path: string, sim: boolean, checked: number) => string;
    differs: (path: string, sim: boolean, n: number) => string;
    failed: (n: number) => string;
    lineOk: (path: string, checked: number) => string;
    lineFailed: (path: string, first: string, more: number) => string;
    manyFailed: (failed: number, total: number) => string;
  };
  grade: {
    title: (assignment: string, reports: number, dir: string) => string;
    header: { file: string; student: string; scenario: string; verdict: string; failed: string };
    more: (n: number) => string;
    totals: (ok: number, failing: number, counts: string) => string;
    failedSummary: (failing: number, total: number) => string;
  };
  /** `faultlab sweep`: its usage errors and its table. */
  sweep: {
    listExpected: (flag: string) => string;
    rangeBackwards: (flag: string, item: string) => string;
    wholeOrRange: (flag: string, item: string) => string;
    notBetween: (flag: string, value: number, min: number, max: number) => string;
    allAlone: string;
    unknownScheme: (item: string, known: string) => string;
    ownReplicaSim: (command: string) => string;
    nChoice: (got: string) => string;
    unknownKind: (kind: string, known: string) => string;
    fileExt: (flag: string, ext: string, got: string) => string;
    /** What is wrong with a grid (shared/sweep.ts SweepSpecError, whose English this is). */
    spec: {
      ownReplicaMissing: (n: number, replicas: string) => string;
      notScheme: (scheme: string, known: string) => string;
      notCarried: (short: string, why: string) => string;
      emptyGrid: string;
      noFaultCount: string;
      kRange: (k: number, max: number) => string;
      tooMany: (n: number, max: number) => string;
    };
    table: {
      title: (swept: string) => string;
      /** One scheme of several swept, led by its short name. */
      schemeOf: (short: string, scheme: Scheme, model: FailureModel) => string;
      /** The only scheme swept. */
      oneScheme: (scheme: Scheme, model: FailureModel) => string;
      /** A configuration: k, n and how n stands to the bound, the fault kind, the timeout when several were swept. */
      label: (k: number, n: number, nLabel: string, kind: string, timeoutMs: number | null) => string;
      configuration: string;
      faults: (count: number) => string;
      predicted: string;
      measured: string;
      ok: string;
      beyondClaim: string;
      none: string;
      differs: string;
      legend: string;
      legendBeyond: string;
      surprisesTitle: string;
      surprise: (label: string, predicted: number | null, odd: string) => string;
      oddHeld: (faults: number) => string;
      oddBroke: (faults: number, broken: string) => string;
      /** What broke in a run (shared/sweep.ts brokenGuarantees), item by item. */
      broken: { wrong: (n: number) => string; lost: (n: number) => string; undecided: (n: number) => string; unresolved: (n: number) => string; twice: (n: number) => string; splitBrain: string };
    };
  };
  /** `faultlab hunt`: its usage errors, its progress and its findings. */
  hunt: {
    budget: (got: string) => string;
    oneCheck: (known: string) => string;
    faultsList: string;
    unknownKind: (kind: string, known: string) => string;
    ownReplica: (command: string) => string;
    noFaults: string;
    faultAt: (atMs: number, fault: string) => string;
    coverage: (cells: number, possible: number, parts: string) => string;
    coveragePart: (kind: string, n: number) => string;
    progress: (searching: boolean, runs: number, rate: string, distinct: number, best: string) => string;
    bestNone: string;
    best: (faults: number, replicas: number, clients: number, durationMs: number) => string;
    title: (check: string, claim: string, name: string) => string;
    setup: (kinds: string, maxFaults: number, budget: string, seed: number, workers: number) => string;
    budgetRuns: (n: number) => string;
    budgetSeconds: (n: number) => string;
    ownFaults: (n: number) => string;
    speed: (runs: number, seconds: string, rate: string, workers: number) => string;
    noneFound: (check: string, stopped: boolean) => string;
    tried: (distinct: number, runs: number) => string;
    coverageLine: (text: string) => string;
    found: (index: number, faults: number, check: string, runs: number) => string;
    shrunk: (steps: number, runs: number) => string;
    cluster: (replicas: number, clients: number, rate: number, durationMs: number, seed: number) => string;
    wroteRun: (path: string) => string;
    replay: (command: string) => string;
  };
  /** `faultlab test`: its usage errors, the lecture's claims it tests, and its verdicts. */
  test: {
    noScenario: (got: string) => string;
    replicaCmd: string;
    scheme: (known: string) => string;
    noSuite: (scheme: string) => string;
    /** Each claim of each suite, by suite and name (commands/test.ts claimsFor). */
    claims: { [S in TestSuite]: Record<TestClaimName<S>, string> };
    figure: { wrong: (n: number) => string; lost: (n: number) => string; undecided: (n: number) => string; twice: (n: number) => string; diverged: string; splitBrain: string; failed: string };
    failedCheck: (claim: string, figure: string) => string;
    /** What a replica program did wrong (shared/protocol/external.ts diagnoseReplicas, whose English this is). */
    trouble: {
      exited: (replica: number, atMs: number, detail: string) => string;
      garbage: (replica: number, count: number, first: string) => string;
      flood: (replica: number, dropped: number) => string;
      silent: (replica: number) => string;
      noFinal: (replica: number) => string;
    };
    claimLine: (holds: boolean, name: string, says: string, issued: number, correct: number) => string;
    summary: (holding: number, total: number, dir: string | null, example: string) => string;
  };
  /** `faultlab fork`: its usage errors and the fork set beside its parent. */
  fork: {
    expectParent: string;
    oneParent: (n: number) => string;
    at: string;
    faultJson: (text: string) => string;
    theFault: string;
    notAFault: string;
    same: string;
    differ: (n: number) => string;
    notIssued: string;
    forkedFrom: (name: string, atMs: number, events: number) => string;
    dropped: (type: string, atMs: number, described: string) => string;
    added: (json: string) => string;
    kept: (out: string, file: string) => string;
    /** Why a fork cannot be made (shared/fork.ts and electron/runtime/fork.ts ForkError, whose English this is). */
    errors: {
      moment: (atMs: number, max: number) => string;
      before: (kind: string, faultAtMs: number, atMs: number) => string;
      nothing: string;
      real: string;
      scenario: (problems: string) => string;
    };
  };
  /** `faultlab serve`: its usage errors and what it says while it serves (the ready line is a contract and stays English). */
  serve: {
    noFile: (got: string) => string;
    dataDir: (dir: string, why: string) => string;
    notBuilt: (dir: string) => string;
    portInUse: (port: number) => string;
    portDenied: (port: number) => string;
    kept: (dir: string) => string;
    opened: (browser: string) => string;
    asked: (opener: string) => string;
    noWindow: (reason: string) => string;
    openYourself: (problem: string) => string;
    couldNotStart: (browser: string, message: string) => string;
    exited: (browser: string, code: number | null) => string;
    received: (signal: string) => string;
    windowClosed: string;
    stopping: (why: string, live: number) => string;
  };
}

/** The schemes `faultlab test` has a suite for, and the names of each suite's claims. */
export const TEST_SUITES = ['state-machine', 'primary-backup', 'raft'] as const;
export type TestSuite = (typeof TEST_SUITES)[number];
interface TestClaimNames {
  'state-machine': 'no-faults' | 'crash' | 'restart' | 'liars' | 'duplicates' | 'omission' | 'partition';
  'primary-backup': 'no-faults' | 'primary-crash' | 'backup-crash' | 'restart' | 'duplicates' | 'omission-failover';
  raft: 'no-faults' | 'crash' | 'partition';
}
export type TestClaimName<S extends TestSuite> = TestClaimNames[S];

const plural = (n: number, one: string, many: string): string => (n === 1 ? one : many);

const en: CliWords = {
  help: {
    usage: 'usage: faultlab <command> [options]',
    commands: 'commands:',
    exitCodes: 'exit codes: 0 ok, 1 a requested check failed, 2 bad input, 3 internal error',
    summary: {
      run: 'runs a scenario (default: the built-in default scenario)',
      serve: 'browser mode: serves the lab on 127.0.0.1 and prints its URL (with its access token)',
      compare: "runs the same workload, seed and faults under both schemes (--all: also Raft and PBFT, the schemes without a trusted helper) and prints the lecture's table with measured figures",
      sweep: 'runs a grid over k, n, fault count and kind, and failure timeout (under several schemes with --schemes); prints a table, writes CSV and a chart',
      report: 'writes the lab report of a run folder: self-contained HTML, data files beside it, optionally a PDF',
      verify: 'checks reports against their evidence (re-runs simulated runs, re-derives real ones from their embedded logs); exit 0 if every figure matches, 1 naming what differs; with several reports, one line each',
      hunt: 'searches simulated fault schedules for one that breaks a check, and shrinks it to a minimal failing scenario',
      test: "runs the lecture's scenarios against a replica program of your own and says which claims hold",
      grade: 'verifies every report (*.html) in a folder and checks it against an assignment: its scenarios, predictions before runs, expected outcomes, copies; a table, and one CSV row per report',
      fork: 'continues a simulated run from a moment with other faults; keeps the fork and sets it beside its parent',
    },
  },
  unknownCommand: (name) => `unknown command "${name}" (try: faultlab help)`,
  internalError: (message) => `internal error: ${message}`,
  fileSystem: {
    write: (path) => `cannot write ${path}`,
    use: (path) => `cannot use ${path}`,
    codes: {
      EACCES: 'permission denied',
      EPERM: 'not permitted',
      ENOSPC: 'the disk is full',
      EROFS: 'the file system is read-only',
      ENOTDIR: 'a part of the path is not a folder',
      EISDIR: 'is a folder',
      ENOENT: 'no such file or folder',
      EEXIST: 'already exists',
    },
  },
  langFlag: (got) => `--lang: expected en or ko, got "${got}"`,
  noSuchFile: 'no such file',
  isFolderNot: (what) => `is a folder, not ${what}`,
  fileKinds: { report: 'a report', scenario: 'a scenario file' },
  atMostOneScenario: (n) => `expected at most one scenario file, got ${n}`,
  modeFlag: (got) => `--mode: expected real or sim, got "${got}"`,
  unknownCheck: (name, known) => `--check: unknown check "${name}" (known: ${known})`,
  checkFailed: (name, claim) => `check failed: ${name} (${claim})`,
  checks: Object.fromEntries(CHECK_NAMES.map((name) => [name, CHECKS[name].describe])) as Record<CheckName, string>,
  wholeNumber: (flag, got) => `--${flag}: expected a whole number, got "${got}"`,
  unknownOption: (flag) => `Unknown option '${flag}'`,
  missingValue: (flag) => `Option '${flag} <value>' argument missing`,
  noValue: (flag) => `Option '${flag}' does not take an argument`,
  between: (flag, min, max) => `--${flag}: must be between ${min} and ${max}`,
  wrote: (path) => `wrote ${path}`,
  verify: {
    expectReports: 'expected at least one report file (usage: faultlab verify REPORT.html [REPORT.html ...])',
    verified: (path, sim, checked) => `verified: ${path} matches ${sim ? 'its re-run' : 'its embedded event logs'} (${checked} figures and fields checked)`,
    differs: (path, sim, n) => `${path} does not match ${sim ? 'its re-run' : 'its embedded event logs'}; ${n} ${plural(n, 'difference', 'differences')}:`,
    failed: (n) => `verify failed: ${n} ${plural(n, 'difference', 'differences')}`,
    lineOk: (path, checked) => `verified: ${path} (${checked} figures and fields checked)`,
    lineFailed: (path, first, more) => `failed: ${path}: ${first}${more > 0 ? ` (and ${more} more ${plural(more, 'difference', 'differences')})` : ''}`,
    manyFailed: (failed, total) => `verify failed: ${failed} of ${total} reports`,
  },
  grade: {
    title: (assignment, reports, dir) => `${assignment}: ${reports} ${plural(reports, 'report', 'reports')} in ${dir}`,
    header: { file: 'file', student: 'student', scenario: 'scenario', verdict: 'verdict', failed: 'what failed' },
    more: (n) => `(+${n} more)`,
    totals: (ok, failing, counts) => `${ok} ok, ${failing} failing${counts ? ` (${counts})` : ''}`,
    failedSummary: (failing, total) => `grade: ${failing} of ${total} reports failed`,
  },
  sweep: {
    listExpected: (flag) => `--${flag}: expected a comma-separated list`,
    rangeBackwards: (flag, item) => `--${flag}: range ${item} runs backwards`,
    wholeOrRange: (flag, item) => `--${flag}: expected whole numbers or ranges like 0-3, got "${item}"`,
    notBetween: (flag, value, min, max) => `--${flag}: ${value} is not between ${min} and ${max}`,
    allAlone: '--schemes: "all" stands alone (it means every scheme); or list the schemes',
    unknownScheme: (item, known) => `--schemes: unknown scheme "${item}" (known: ${known}, or all)`,
    ownReplicaSim: (command) => `--mode sim: the scenario's replica command ("${command}") runs only in real mode; sweep it with --mode real`,
    nChoice: (got) => `--n: expected bound, below or a replica count, got "${got}"`,
    unknownKind: (kind, known) => `--kind: unknown fault kind "${kind}" (known: ${known})`,
    fileExt: (flag, ext, got) => `--${flag}: expected a file name ending in ${ext}, got "${got}"`,
    spec: {
      ownReplicaMissing: (n, replicas) => `n = ${n}: the replica command runs on replica${replicas.includes(',') ? 's' : ''} ${replicas}, which a cluster of ${n} does not have; sweep larger n, or list lower replicas`,
      notScheme: (scheme, known) => `scheme "${scheme}": not a scheme (known: ${known})`,
      notCarried: (short, why) => `${short}: the scenario cannot be carried over (${why})`,
      emptyGrid: 'the grid is empty: give at least one k, one n and one fault kind',
      noFaultCount: 'the grid is empty: no fault count fits the replica counts given',
      kRange: (k, max) => `k = ${k}: must be a whole number from 0 to ${max}`,
      tooMany: (n, max) => `n = ${n}: at most ${max} replicas`,
    },
    table: {
      title: (swept) => `Sweep: ${swept}: every request answered correctly? (ok / the share answered correctly when not)`,
      schemeOf: (short, scheme, model) => `${short} (${scheme}, ${model})`,
      oneScheme: (scheme, model) => `${scheme}, ${model}`,
      label: (k, n, nLabel, kind, timeoutMs) => `k=${k}, n=${n} (${nLabel}), ${kind}${timeoutMs !== null ? `, timeout ${timeoutMs} ms` : ''}`,
      configuration: 'configuration',
      faults: (count) => `${count} fault${count === 1 ? '' : 's'}`,
      predicted: 'predicted',
      measured: 'measured',
      ok: 'ok',
      beyondClaim: 'beyond claim',
      none: 'none',
      differs: '(differs)',
      legend: '"ok": the guarantee held; "NN%": it broke, NN% answered correctly; "!": differs from the prediction.',
      legendBeyond: '"beyond claim": the fault kind is outside the failure model the scheme claims to tolerate (lies against a fail-stop scheme): a break there is no failure of the scheme.',
      surprisesTitle: 'Where the runs differ from the prediction:',
      surprise: (label, predicted, odd) => `${label}: predicted to tolerate ${predicted}, but ${odd}`,
      oddHeld: (faults) => `${faults} fault${faults === 1 ? '' : 's'} held`,
      oddBroke: (faults, broken) => `${faults} fault${faults === 1 ? '' : 's'} broke (${broken})`,
      broken: {
        wrong: (n) => `${n} wrong`,
        lost: (n) => `${n} lost`,
        undecided: (n) => `${n} undecided`,
        unresolved: (n) => `${n} unresolved`,
        twice: (n) => `${n} executed twice`,
        splitBrain: 'split brain',
      },
    },
  },
  hunt: {
    budget: (got) => `--budget: expected a number of runs (500) or of seconds (30s), at least 1, got "${got}"`,
    oneCheck: (known) => `--check: a hunt takes exactly one check (one of ${known})`,
    faultsList: '--faults: expected a comma-separated list of fault kinds',
    unknownKind: (kind, known) => `--faults: unknown fault kind "${kind}" (known: ${known})`,
    ownReplica: (command) =>
      `the scenario runs a replica program of your own ("${command}"), and hunt searches in simulation only (thousands of runs of the built-in replica on a worker pool): hunt without the scenario's "replica" field, then replay the schedule it finds against your replica with faultlab run FILE --replica-cmd CMD (or try faultlab test --replica-cmd CMD)`,
    noFaults: '(no faults: the scenario fails as it is)',
    faultAt: (atMs, fault) => `at ${atMs} ms: ${fault}`,
    coverage: (cells, possible, parts) => `${cells} of ${possible} (fault kind x replica x quarter of the workload)${parts ? `: ${parts}` : ''}`,
    coveragePart: (kind, n) => `${kind} ${n}`,
    progress: (searching, runs, rate, distinct, best) => `${searching ? 'searching' : 'shrinking'}: ${runs} runs, ${rate} runs/s, ${distinct} distinct schedules; smallest failing so far: ${best}`,
    bestNone: 'none yet',
    best: (faults, replicas, clients, durationMs) => `${faults} fault${faults === 1 ? '' : 's'}, ${replicas} replicas, ${clients} client${clients === 1 ? '' : 's'}, ${durationMs} ms`,
    title: (check, claim, name) => `Hunting for a schedule that breaks ${check} (${claim}) in "${name}"`,
    setup: (kinds, maxFaults, budget, seed, workers) =>
      `fault kinds ${kinds}; at most ${maxFaults} added fault${maxFaults === 1 ? '' : 's'}; budget ${budget}; seed ${seed}; ${workers} worker${workers === 1 ? '' : 's'}`,
    budgetRuns: (n) => `${n} runs`,
    budgetSeconds: (n) => `${n} s`,
    ownFaults: (n) => `the scenario's own ${n} fault${n === 1 ? ' is' : 's are'} kept in every schedule`,
    speed: (runs, seconds, rate, workers) => `${runs} runs in ${seconds} s (${rate} runs/s, ${workers} worker${workers === 1 ? '' : 's'})`,
    noneFound: (check, stopped) => `No schedule broke ${check}${stopped ? ' before the time budget ran out' : ' within the budget'}.`,
    tried: (distinct, runs) => `${distinct} distinct schedules tried (${runs} runs)`,
    coverageLine: (text) => `coverage: ${text}`,
    found: (index, faults, check, runs) => `Found: schedule #${index} (${faults} fault${faults === 1 ? '' : 's'}) breaks ${check}, after ${runs} runs:`,
    shrunk: (steps, runs) => `Shrunk in ${steps} steps (${runs} runs) to the smallest failing scenario:`,
    cluster: (replicas, clients, rate, durationMs, seed) => `${replicas} replicas; ${clients} client${clients === 1 ? '' : 's'} at ${rate}/s for ${durationMs} ms; seed ${seed}`,
    wroteRun: (path) => `wrote ${path} (the failing run: scenario, event log, summary)`,
    replay: (command) => `replay: ${command}`,
  },
  test: {
    noScenario: (got) => `test takes no scenario file (got ${got}): it runs its own suite`,
    replicaCmd: '--replica-cmd: the replica program to test is required',
    scheme: (known) => `--scheme: expected one of ${known}`,
    noSuite: (scheme) => `--scheme: faultlab test has no suite for ${scheme} yet (it has: ${TEST_SUITES.join(', ')})`,
    claims: {
      'state-machine': {
        'no-faults': 'with no faults every request is answered correctly and the replicas agree',
        crash: '2k+1 replicas survive k crashes: a replica SIGKILLed, nothing lost or wrong',
        restart: 'a restarted replica recovers its state from its peers, nothing lost or wrong',
        liars: 'voting masks k colluding liars beside your replicas',
        duplicates: 'duplicated messages execute nothing twice',
        omission: 'a replica that loses 30% of what it receives stays correct',
        partition: 'a replica cut off from its peers changes no answer',
      },
      'primary-backup': {
        'no-faults': 'with no faults every request is answered correctly and the replicas agree',
        'primary-crash': 'failover: the primary SIGKILLed, clients retry, nothing lost, wrong or executed twice',
        'backup-crash': 'a backup SIGKILLed: the primary goes on alone, nothing lost or wrong',
        restart: "a restarted backup rejoins with the primary's state, nothing wrong",
        duplicates: 'duplicated messages execute nothing twice',
        'omission-failover': 'an answer given survives a failover: the primary loses half of what it sends, then crashes',
      },
      raft: {
        'no-faults': 'with no faults every request is answered correctly and the replicas agree',
        crash: 'a majority survives a crash: replica 1 SIGKILLed, nothing lost or wrong',
        partition: 'a replica cut off in a minority: no split brain, nothing wrong',
      },
    },
    figure: {
      wrong: (n) => `${n} answered wrong`,
      lost: (n) => `${n} lost`,
      undecided: (n) => `${n} undecided`,
      twice: (n) => `${n} executed twice`,
      diverged: 'replicas diverged',
      splitBrain: 'two primaries served',
      failed: 'failed',
    },
    failedCheck: (claim, figure) => `${claim}: ${figure}`,
    trouble: {
      exited: (replica, atMs, detail) => `replica ${replica} exited by itself at ${atMs} ms: ${detail}`,
      garbage: (replica, count, first) => `replica ${replica} wrote ${count} line${count === 1 ? '' : 's'} that ${count === 1 ? 'is' : 'are'} not the replica protocol (dropped); the first: ${first}`,
      flood: (replica, dropped) => `replica ${replica} wrote far more than it was asked to: flood control dropped ${dropped} messages`,
      silent: (replica) => `replica ${replica} sent no message in the whole run: does it answer each deliver line with an output line?`,
      noFinal: (replica) => `replica ${replica} did not answer the final line within 2 s: its final state is unknown`,
    },
    claimLine: (holds, name, says, issued, correct) => `${holds ? 'holds ' : 'FAILS '} ${name}: ${says} (${issued} requests, ${correct} answered correctly)`,
    summary: (holding, total, dir, example) =>
      `${holding} of ${total} claims hold${dir !== null ? `; scenarios and run folders in ${dir} (faultlab report ${example} --out report.html)` : ''}`,
  },
  fork: {
    expectParent: "expected the run to fork: a scenario file or a kept run's folder",
    oneParent: (n) => `expected one scenario file or run folder, got ${n}`,
    at: '--at: give the moment to fork at, in ms of run time',
    faultJson: (text) => `--fault: expected a fault as JSON, like '{"type": "crash", "replica": 2}', got ${text}`,
    theFault: 'the fault',
    notAFault: 'not a fault',
    same: 'Every request has the same outcome in the parent and the fork.',
    differ: (n) => `${n} request${n === 1 ? '' : 's'} with another outcome (parent → fork):`,
    notIssued: 'not issued',
    forkedFrom: (name, atMs, events) => `Forked from "${name}" at ${atMs} ms (the same ${events} events before it as the parent's log):`,
    dropped: (type, atMs) => `dropped: ${type} at ${atMs} ms`,
    added: (json) => `added:   ${json}`,
    kept: (out, file) => `Kept in ${out} (${file} names the parent and the moment).`,
    errors: {
      moment: (atMs, max) => `the fork's moment ${atMs} ms is not a whole number of ms within the run's workload (0 to ${max} ms)`,
      before: (kind, faultAtMs, atMs) => `a ${kind} fault at ${faultAtMs} ms is before the fork's moment (${atMs} ms): a fork changes only what comes after it`,
      nothing: 'the fork changes nothing: add a fault or drop the later ones',
      real: "a run of real processes cannot be replayed to a moment (its timing was the machine's); fork its scenario in simulation instead",
      scenario: (problems) => `the fork's scenario: ${problems}`,
    },
  },
  serve: {
    noFile: (got) => `serve takes no file (got "${got}")`,
    dataDir: (dir, why) => `--data-dir: cannot create ${dir}: ${why}`,
    notBuilt: (dir) => `the lab window is not built (${dir}/index.html is missing); run "npm run build"`,
    portInUse: (port) => `--port ${port}: the port is already in use; choose another or use --port 0`,
    portDenied: (port) => `--port ${port}: not allowed to listen on this port; choose one above 1023`,
    kept: (dir) => `Runs are kept in ${dir}. Press Ctrl+C to stop.`,
    opened: (browser) => `Opened a window in ${browser}.`,
    asked: (opener) => `Asked ${opener} to open the URL above.`,
    noWindow: (reason) => `No window was opened (${reason}); open the URL above in a browser.`,
    openYourself: (problem) => `${problem}; open the URL above in a browser`,
    couldNotStart: (browser, message) => `could not start ${browser}: ${message}; open the URL above in a browser`,
    exited: (browser, code) => `${browser} exited with code ${code}; open the URL above in a browser`,
    received: (signal) => `received ${signal}`,
    windowClosed: 'the lab window was closed',
    stopping: (why, live) => `Stopping (${why})${live > 0 ? `: ending ${live} run${live === 1 ? '' : 's'} in progress` : ''}.`,
  },
};

const ko: CliWords = {
  help: {
    usage: '사용법: faultlab <명령> [옵션]',
    commands: '명령:',
    exitCodes: '종료 코드: 0 정상, 1 요청한 검사 실패, 2 잘못된 입력, 3 내부 오류',
    summary: {
      run: '시나리오 하나를 실행합니다 (지정하지 않으면 내장 기본 시나리오)',
      serve: '브라우저 모드: 127.0.0.1에서 실습 환경을 열고 주소(접속 토큰 포함)를 출력합니다',
      compare: '같은 작업 부하·시드·장애로 두 방식을 실행하고 (--all: 신뢰하는 조정자가 없는 Raft와 PBFT도), 강의의 비교표를 측정값으로 채워 출력합니다',
      sweep: 'k, n, 장애 수와 종류, 장애 시간 제한의 격자를 실행합니다 (--schemes로 여러 방식). 표를 출력하고 CSV와 차트를 씁니다',
      report: '실행 폴더의 실습 보고서를 씁니다: 독립된 HTML 한 파일, 옆에 데이터 파일, 원하면 PDF',
      verify: '보고서를 그 증거와 대조합니다 (시뮬레이션 실행은 다시 실행하고, 실제 프로세스 실행은 넣어 둔 로그에서 다시 계산). 모든 수치가 맞으면 종료 코드 0, 다르면 무엇이 다른지 밝히고 1. 보고서가 여럿이면 한 줄씩',
      hunt: '시뮬레이션으로 장애 일정을 찾아 검사를 깨뜨리는 것을 찾고, 여전히 깨지는 가장 작은 시나리오로 줄입니다',
      test: '직접 만든 복제본 프로그램으로 강의의 시나리오를 실행하고 어떤 주장이 지켜지는지 알려 줍니다',
      grade: '폴더의 모든 보고서(*.html)를 검증하고 과제와 대조합니다: 시나리오, 실행 전 예측, 기대 결과, 복사본. 표를 출력하고 보고서마다 CSV 한 줄을 씁니다',
      fork: '시뮬레이션 실행을 어느 시점부터 다른 장애로 이어 갑니다. 갈라진 실행을 보관하고 원래 실행과 나란히 비교합니다',
    },
  },
  unknownCommand: (name) => `알 수 없는 명령 "${name}" (도움말: faultlab help)`,
  internalError: (message) => `내부 오류: ${message}`,
  fileSystem: {
    write: (path) => `${path}에 쓸 수 없습니다`,
    use: (path) => `${path}을(를) 쓸 수 없습니다`,
    codes: {
      EACCES: '권한이 없습니다',
      EPERM: '허용되지 않습니다',
      ENOSPC: '디스크가 가득 찼습니다',
      EROFS: '읽기 전용 파일 시스템입니다',
      ENOTDIR: '경로의 일부가 폴더가 아닙니다',
      EISDIR: '폴더입니다',
      ENOENT: '그런 파일이나 폴더가 없습니다',
      EEXIST: '이미 있습니다',
    },
  },
  langFlag: (got) => `--lang: en 또는 ko여야 하는데 "${got}"입니다`,
  noSuchFile: '그런 파일이 없습니다',
  isFolderNot: (what) => `폴더입니다 (${what}이 아님)`,
  fileKinds: { report: '보고서', scenario: '시나리오 파일' },
  atMostOneScenario: (n) => `시나리오 파일은 하나까지인데 ${n}개를 받았습니다`,
  modeFlag: (got) => `--mode: real 또는 sim이어야 하는데 "${got}"입니다`,
  unknownCheck: (name, known) => `--check: 알 수 없는 검사 "${name}" (가능한 검사: ${known})`,
  checkFailed: (name, claim) => `검사 실패: ${name} (${claim})`,
  checks: CHECK_CLAIMS_KO,
  wholeNumber: (flag, got) => `--${flag}: 정수여야 하는데 "${got}"입니다`,
  unknownOption: (flag) => `알 수 없는 옵션 '${flag}' (이 명령이 받는 옵션: faultlab help)`,
  missingValue: (flag) => `옵션 '${flag}' 뒤에 값이 필요합니다`,
  noValue: (flag) => `옵션 '${flag}'는 값을 받지 않습니다`,
  between: (flag, min, max) => `--${flag}: ${min}에서 ${max} 사이여야 합니다`,
  wrote: (path) => `저장함: ${path}`,
  verify: {
    expectReports: '보고서 파일이 하나 이상 필요합니다 (사용법: faultlab verify REPORT.html [REPORT.html ...])',
    verified: (path, sim, checked) => `검증됨: ${path}는 ${sim ? '다시 실행한 결과' : '넣어 둔 이벤트 로그'}와 일치합니다 (수치와 필드 ${checked}개 확인)`,
    differs: (path, sim, n) => `${path}는 ${sim ? '다시 실행한 결과' : '넣어 둔 이벤트 로그'}와 다릅니다. 차이 ${n}개:`,
    failed: (n) => `검증 실패: 차이 ${n}개`,
    lineOk: (path, checked) => `검증됨: ${path} (수치와 필드 ${checked}개 확인)`,
    lineFailed: (path, first, more) => `실패: ${path}: ${first}${more > 0 ? ` (그 밖의 차이 ${more}개)` : ''}`,
    manyFailed: (failed, total) => `검증 실패: 보고서 ${total}개 중 ${failed}개`,
  },
  grade: {
    title: (assignment, reports, dir) => `${assignment}: ${dir}의 보고서 ${reports}개`,
    header: { file: '파일', student: '학생', scenario: '시나리오', verdict: '판정', failed: '실패한 점' },
    more: (n) => `(외 ${n}개)`,
    totals: (ok, failing, counts) => `정상 ${ok}개, 실패 ${failing}개${counts ? ` (${counts})` : ''}`,
    failedSummary: (failing, total) => `grade: 보고서 ${total}개 중 ${failing}개 실패`,
  },
  sweep: {
    listExpected: (flag) => `--${flag}: 쉼표로 구분한 목록이어야 합니다`,
    rangeBackwards: (flag, item) => `--${flag}: 범위 ${item}이(가) 거꾸로입니다 (작은 수를 앞에 쓰세요)`,
    wholeOrRange: (flag, item) => `--${flag}: 정수나 0-3 같은 범위여야 하는데 "${item}"입니다`,
    notBetween: (flag, value, min, max) => `--${flag}: ${value}은(는) ${min}에서 ${max} 사이가 아닙니다`,
    allAlone: '--schemes: "all"은 혼자 써야 합니다 (모든 방식이라는 뜻). 아니면 방식을 하나씩 나열하세요',
    unknownScheme: (item, known) => `--schemes: 알 수 없는 방식 "${item}" (가능한 방식: ${known}, 또는 all)`,
    ownReplicaSim: (command) => `--mode sim: 시나리오의 복제본 명령("${command}")은 실제 모드에서만 실행됩니다. --mode real로 스윕하세요`,
    nChoice: (got) => `--n: bound, below 또는 복제본 수여야 하는데 "${got}"입니다`,
    unknownKind: (kind, known) => `--kind: 알 수 없는 장애 종류 "${kind}" (가능한 종류: ${known})`,
    fileExt: (flag, ext, got) => `--${flag}: 파일 이름이 ${ext}로 끝나야 하는데 "${got}"입니다`,
    spec: {
      ownReplicaMissing: (n, replicas) => `n = ${n}: 복제본 명령은 복제본 ${replicas}에서 실행되는데, 복제본 ${n}개짜리 클러스터에는 그 복제본이 없습니다. 더 큰 n으로 스윕하거나 더 낮은 번호의 복제본을 지정하세요`,
      notScheme: (scheme, known) => `방식 "${scheme}": 그런 방식은 없습니다 (가능한 방식: ${known})`,
      notCarried: (short, why) => `${short}: 시나리오를 이 방식으로 옮길 수 없습니다 (${why})`,
      emptyGrid: '격자가 비었습니다: k, n, 장애 종류를 적어도 하나씩 주세요',
      noFaultCount: '격자가 비었습니다: 주어진 복제본 수에 맞는 장애 수가 없습니다',
      kRange: (k, max) => `k = ${k}: 0에서 ${max} 사이의 정수여야 합니다`,
      tooMany: (n, max) => `n = ${n}: 복제본은 ${max}개까지입니다`,
    },
    table: {
      title: (swept) => `스윕: ${swept}: 모든 요청에 올바르게 응답했는가? (성립 / 아니면 올바르게 응답한 비율)`,
      schemeOf: (short, scheme, model) => `${short} (${COMPARE_WORDS.ko.scheme[scheme]}, ${COMPARE_WORDS.ko.model[model]})`,
      oneScheme: (scheme, model) => `${COMPARE_WORDS.ko.scheme[scheme]}, ${COMPARE_WORDS.ko.model[model]}`,
      label: (k, n, nLabel, kind, timeoutMs) => `k=${k}, n=${n} (${nLabel}), ${kind}${timeoutMs !== null ? `, 시간 제한 ${timeoutMs} ms` : ''}`,
      configuration: '구성',
      faults: (count) => `결함 ${count}개`,
      predicted: '예측',
      measured: '측정',
      ok: '성립',
      beyondClaim: '주장 범위 밖',
      none: '없음',
      differs: '(예측과 다름)',
      legend: '"성립": 보장이 지켜졌습니다. "NN%": 보장이 깨졌고 NN%만 올바르게 응답했습니다. "!": 예측과 다릅니다.',
      legendBeyond: '"주장 범위 밖": 그 장애 종류는 방식이 견딘다고 주장하는 장애 모델 밖입니다 (정지 장애 방식에 대한 거짓말). 거기서 깨진 것은 방식의 실패가 아닙니다.',
      surprisesTitle: '실행 결과가 예측과 다른 곳:',
      surprise: (label, predicted, odd) => `${label}: 결함 ${predicted}개까지 견딘다고 예측했지만 ${odd}`,
      oddHeld: (faults) => `결함 ${faults}개에서 성립했습니다`,
      oddBroke: (faults, broken) => `결함 ${faults}개에서 깨졌습니다 (${broken})`,
      broken: {
        wrong: (n) => `틀린 응답 ${n}개`,
        lost: (n) => `유실 ${n}개`,
        undecided: (n) => `결정 불가 ${n}개`,
        unresolved: (n) => `미해결 ${n}개`,
        twice: (n) => `두 번 실행 ${n}개`,
        splitBrain: '스플릿 브레인',
      },
    },
  },
  hunt: {
    budget: (got) => `--budget: 실행 횟수(500)나 초(30s)로 1 이상이어야 하는데 "${got}"입니다`,
    oneCheck: (known) => `--check: hunt는 검사를 정확히 하나 받습니다 (${known} 중 하나)`,
    faultsList: '--faults: 쉼표로 구분한 장애 종류 목록이어야 합니다',
    unknownKind: (kind, known) => `--faults: 알 수 없는 장애 종류 "${kind}" (가능한 종류: ${known})`,
    ownReplica: (command) =>
      `시나리오가 직접 만든 복제본 프로그램("${command}")을 실행하는데, hunt는 시뮬레이션에서만 찾습니다 (워커 풀에서 내장 복제본으로 수천 번 실행). 시나리오의 "replica" 필드를 빼고 hunt를 실행한 다음, 찾은 장애 일정을 faultlab run FILE --replica-cmd CMD로 내 복제본에 다시 실행해 보세요 (또는 faultlab test --replica-cmd CMD)`,
    noFaults: '(장애 없음: 시나리오 그대로 깨집니다)',
    faultAt: (atMs, fault) => `${atMs} ms: ${fault}`,
    coverage: (cells, possible, parts) => `조합 ${possible}개 중 ${cells}개 (장애 종류 × 복제본 × 실행 구간 4등분)${parts ? `: ${parts}` : ''}`,
    coveragePart: (kind, n) => `${(FAULT_KIND_LABELS.ko as Record<string, string>)[kind] ?? kind} ${n}`,
    progress: (searching, runs, rate, distinct, best) =>
      `${searching ? '찾는 중' : '줄이는 중'}: 실행 ${runs}회, 초당 ${rate}회, 서로 다른 장애 일정 ${distinct}개. 지금까지 가장 작은 실패 일정: ${best}`,
    bestNone: '아직 없음',
    best: (faults, replicas, clients, durationMs) => `장애 ${faults}개, 복제본 ${replicas}개, 클라이언트 ${clients}개, ${durationMs} ms`,
    title: (check, claim, name) => `"${name}"에서 ${check} 검사(${claim})를 깨뜨리는 장애 일정을 찾습니다`,
    setup: (kinds, maxFaults, budget, seed, workers) => `장애 종류 ${kinds}; 추가 장애 최대 ${maxFaults}개; 예산 ${budget}; 시드 ${seed}; 워커 ${workers}개`,
    budgetRuns: (n) => `실행 ${n}회`,
    budgetSeconds: (n) => `${n}초`,
    ownFaults: (n) => `시나리오에 원래 있던 장애 ${n}개는 모든 일정에 그대로 둡니다`,
    speed: (runs, seconds, rate, workers) => `${seconds}초 동안 실행 ${runs}회 (초당 ${rate}회, 워커 ${workers}개)`,
    noneFound: (check, stopped) => `${stopped ? '시간 예산이 다 될 때까지' : '예산 안에서'} ${check} 검사를 깨뜨리는 일정을 찾지 못했습니다.`,
    tried: (distinct, runs) => `서로 다른 장애 일정 ${distinct}개를 시도했습니다 (실행 ${runs}회)`,
    coverageLine: (text) => `다룬 범위: ${text}`,
    found: (index, faults, check, runs) => `찾았습니다: 실행 ${runs}회 만에 ${check} 검사를 깨뜨리는 일정 #${index} (장애 ${faults}개):`,
    shrunk: (steps, runs) => `${steps}단계(실행 ${runs}회)를 거쳐, 여전히 깨지는 가장 작은 시나리오로 줄였습니다:`,
    cluster: (replicas, clients, rate, durationMs, seed) => `복제본 ${replicas}개; 클라이언트 ${clients}개가 초당 ${rate}개씩 ${durationMs} ms 동안 요청; 시드 ${seed}`,
    wroteRun: (path) => `저장함: ${path} (실패한 실행: 시나리오, 이벤트 로그, 요약)`,
    replay: (command) => `다시 실행하려면: ${command}`,
  },
  test: {
    noScenario: (got) => `test는 시나리오 파일을 받지 않습니다 (받은 것: ${got}). 자체 시나리오 묶음을 실행합니다`,
    replicaCmd: '--replica-cmd: 시험할 복제본 프로그램을 지정해야 합니다',
    scheme: (known) => `--scheme: ${known} 중 하나여야 합니다`,
    noSuite: (scheme) => `--scheme: faultlab test에는 아직 ${scheme}용 시나리오 묶음이 없습니다 (있는 것: ${TEST_SUITES.join(', ')})`,
    claims: {
      'state-machine': {
        'no-faults': '장애가 없으면 모든 요청에 올바르게 응답하고 복제본들의 상태가 일치한다',
        crash: '복제본 2k+1개는 크래시 k개를 견딘다: 복제본 하나를 SIGKILL해도 잃거나 틀린 응답이 없다',
        restart: '재시작한 복제본은 다른 복제본들에게서 상태를 되찾는다: 잃거나 틀린 응답이 없다',
        liars: '투표는 내 복제본들 곁에서 공모하는 거짓말쟁이 k개를 가린다',
        duplicates: '메시지가 중복되어도 두 번 실행되는 요청이 없다',
        omission: '받는 메시지의 30%를 잃는 복제본이 있어도 올바르게 동작한다',
        partition: '다른 복제본들과 단절된 복제본이 있어도 바뀌는 응답이 없다',
      },
      'primary-backup': {
        'no-faults': '장애가 없으면 모든 요청에 올바르게 응답하고 복제본들의 상태가 일치한다',
        'primary-crash': '장애 극복: 주 복제본을 SIGKILL하면 클라이언트가 재시도하고, 잃거나 틀리거나 두 번 실행되는 요청이 없다',
        'backup-crash': '백업 복제본을 SIGKILL해도 주 복제본이 혼자 계속한다: 잃거나 틀린 응답이 없다',
        restart: '재시작한 백업 복제본은 주 복제본의 상태를 받아 다시 합류한다: 틀린 응답이 없다',
        duplicates: '메시지가 중복되어도 두 번 실행되는 요청이 없다',
        'omission-failover': '이미 준 응답은 장애 극복 뒤에도 남는다: 주 복제본이 보내는 메시지의 절반을 잃다가 크래시한다',
      },
      raft: {
        'no-faults': '장애가 없으면 모든 요청에 올바르게 응답하고 복제본들의 상태가 일치한다',
        crash: '과반수는 크래시를 견딘다: 복제본 1을 SIGKILL해도 잃거나 틀린 응답이 없다',
        partition: '소수 쪽으로 단절된 복제본이 있어도 스플릿 브레인도 틀린 응답도 없다',
      },
    },
    figure: {
      wrong: (n) => `틀린 응답 ${n}개`,
      lost: (n) => `유실 ${n}개`,
      undecided: (n) => `결정 불가 ${n}개`,
      twice: (n) => `두 번 실행 ${n}개`,
      diverged: '복제본들의 상태가 갈라짐',
      splitBrain: '주 복제본 둘이 동시에 응답함',
      failed: '실패',
    },
    failedCheck: (claim, figure) => `${claim}: 지켜지지 않음 (${figure})`,
    trouble: {
      exited: (replica, atMs, detail) => `복제본 ${replica}이(가) ${atMs} ms에 스스로 종료했습니다: ${detail}`,
      garbage: (replica, count, first) => `복제본 ${replica}이(가) 복제본 프로토콜이 아닌 줄을 ${count}개 썼습니다 (버림). 첫 줄: ${first}`,
      flood: (replica, dropped) => `복제본 ${replica}이(가) 요청받은 것보다 훨씬 많이 썼습니다: 폭주 제어가 메시지 ${dropped}개를 버렸습니다`,
      silent: (replica) => `복제본 ${replica}은(는) 실행 내내 메시지를 하나도 보내지 않았습니다: deliver 줄마다 출력 줄로 답하고 있나요?`,
      noFinal: (replica) => `복제본 ${replica}이(가) 2초 안에 final 줄에 답하지 않았습니다: 최종 상태를 알 수 없습니다`,
    },
    claimLine: (holds, name, says, issued, correct) => `${holds ? '성립  ' : '실패  '} ${name}: ${says} (요청 ${issued}개 중 올바른 응답 ${correct}개)`,
    summary: (holding, total, dir, example) =>
      `주장 ${total}개 중 ${holding}개가 성립합니다${dir !== null ? `. 시나리오와 실행 폴더는 ${dir}에 있습니다 (보고서: faultlab report ${example} --out report.html)` : ''}`,
  },
  fork: {
    expectParent: '갈라 실행할 실행이 필요합니다: 시나리오 파일이나 보관된 실행 폴더',
    oneParent: (n) => `시나리오 파일이나 실행 폴더는 하나여야 하는데 ${n}개를 받았습니다`,
    at: '--at: 갈라질 시점을 실행 시간(ms)으로 지정하세요',
    faultJson: (text) => `--fault: 장애는 '{"type": "crash", "replica": 2}'처럼 JSON이어야 하는데 ${text}입니다`,
    theFault: '장애',
    notAFault: '장애가 아닙니다',
    same: '모든 요청의 결과가 원래 실행과 갈라진 실행에서 같습니다.',
    differ: (n) => `요청 ${n}개의 결과가 다릅니다 (원래 실행 → 갈라진 실행):`,
    notIssued: '보내지 않음',
    forkedFrom: (name, atMs, events) => `"${name}"을(를) ${atMs} ms에서 갈라 실행했습니다 (그 시점 전의 이벤트 ${events}개는 원래 실행의 로그와 같습니다):`,
    dropped: (_type, atMs, described) => `뺀 장애:     ${described} (${atMs} ms)`,
    added: (json) => `추가한 장애: ${json}`,
    kept: (out, file) => `${out}에 보관했습니다 (${file}에 원래 실행과 갈라진 시점이 적혀 있습니다).`,
    errors: {
      moment: (atMs, max) => `갈라질 시점 ${atMs} ms가 실행의 작업 부하 구간(0 ~ ${max} ms) 안의 정수 ms가 아닙니다`,
      before: (kind, faultAtMs, atMs) => `${faultAtMs} ms의 ${(FAULT_KIND_LABELS.ko as Record<string, string>)[kind] ?? kind} 장애는 갈라질 시점(${atMs} ms)보다 앞섭니다: 갈라 실행은 그 시점 이후만 바꿉니다`,
      nothing: '갈라 실행이 바꾸는 것이 없습니다: 장애를 추가하거나 이후의 장애를 빼세요',
      real: '실제 프로세스 실행은 어느 시점으로 되돌려 재현할 수 없습니다 (타이밍이 그 기계에 달려 있었음). 대신 그 시나리오를 시뮬레이션에서 갈라 실행하세요',
      scenario: (problems) => `갈라진 실행의 시나리오: ${problems}`,
    },
  },
  serve: {
    noFile: (got) => `serve는 파일을 받지 않습니다 (받은 것: "${got}")`,
    dataDir: (dir, why) => `--data-dir: ${dir}을(를) 만들 수 없습니다: ${why}`,
    notBuilt: (dir) => `실습 창이 빌드되지 않았습니다 (${dir}/index.html이 없음). "npm run build"를 실행하세요`,
    portInUse: (port) => `--port ${port}: 이미 사용 중인 포트입니다. 다른 포트를 고르거나 --port 0을 쓰세요`,
    portDenied: (port) => `--port ${port}: 이 포트에서 연결을 받을 권한이 없습니다. 1023보다 큰 포트를 고르세요`,
    kept: (dir) => `실행 기록은 ${dir}에 보관됩니다. 멈추려면 Ctrl+C를 누르세요.`,
    opened: (browser) => `${browser}에서 창을 열었습니다.`,
    asked: (opener) => `${opener}에게 위 주소를 열도록 요청했습니다.`,
    noWindow: (reason) => `창을 열지 않았습니다 (${reason}). 브라우저에서 위 주소를 여세요.`,
    openYourself: (problem) => `${problem}. 브라우저에서 위 주소를 여세요`,
    couldNotStart: (browser, message) => `${browser}을(를) 시작할 수 없습니다: ${message}. 브라우저에서 위 주소를 여세요`,
    exited: (browser, code) => `${browser}이(가) 종료 코드 ${code}로 끝났습니다. 브라우저에서 위 주소를 여세요`,
    received: (signal) => `${signal} 신호를 받음`,
    windowClosed: '실습 창이 닫힘',
    stopping: (why, live) => `멈추는 중 (${why})${live > 0 ? `: 진행 중인 실행 ${live}개를 끝냅니다` : ''}.`,
  },
};

/** The command line's words per language: a Record, so a language without its words fails the type check. */
export const CLI_WORDS: Record<Lang, CliWords> = { en, ko };
