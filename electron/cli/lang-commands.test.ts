/**
 * `faultlab sweep`, `hunt`, `test`, `fork` and `serve` in Korean: their usage errors (exit 2,
 * one line), their progress, results and summaries follow `--lang ko` or the environment's
 * locale; English is worded as it always was; --json is the same in both languages.
 * `faultlab test` runs a replica program of one's own in real processes; here that is replaced
 * by the built-in replica, simulated (fast and the same every time), with one claim made to
 * fail and one replica made to exit, so that every kind of line it prints is seen.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultScenario } from '../../shared/presets.js';
import { diagnoseReplicas } from '../../shared/protocol/external.js';
import type { RunEvent } from '../../shared/events.js';
import type { SweepRow } from '../../shared/sweep.js';
import { aggregateSweep, sweepToText } from '../../shared/sweep.js';
import { PB_WITHOUT_RETRIES } from '../../shared/testing/fork-parent.js';
import { forkErrorIn } from './commands/fork.js';
import { specErrorIn, sweepText } from './commands/sweep.js';
import { claimsFor, claimWords, troubleIn } from './commands/test.js';
import { main } from './main.js';
import { ROOT } from './testing.js';
import { CLI_WORDS, TEST_SUITES } from './words.js';

/** The claim made to fail, and what its run is made to show. */
const FAILING = 'a majority survives a crash';
const EXITED: RunEvent = { t: 700, type: 'process', replica: 2, status: 'exited', pid: null, detail: 'SyntaxError: boom' } as RunEvent;

vi.mock('./commands/run.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./commands/run.js')>();
  const { runScenario } = await import('../runtime/run.js');
  return {
    ...actual,
    runOwnReplica: async (scenario: import('../../shared/scenario.js').Scenario) => {
      const run = await runScenario({ ...scenario, replica: undefined }, 'sim');
      if (!scenario.name.includes(FAILING)) return run;
      return { ...run, summary: { ...run.summary, requests: { ...run.summary.requests, answeredWrong: 2 } }, events: [...run.events, EXITED] };
    },
  };
});

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) }, env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const KO = { LANG: 'ko_KR.UTF-8' };
const COMMANDS = ['sweep', 'hunt', 'test', 'fork', 'serve'] as const;

let dir: string;
let pbFile: string;
/** An example scenario, written with no faults of its own (as hunt.test.ts does). */
function withoutFaults(name: string): string {
  const value = JSON.parse(readFileSync(join(ROOT, 'examples', `${name}.faultlab.json`), 'utf8')) as Record<string, unknown>;
  const path = join(dir, `${name}.faultlab.json`);
  writeFileSync(path, JSON.stringify({ ...value, faults: [] }));
  return path;
}
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'faultlab-lang-commands-'));
  pbFile = join(dir, 'pb.faultlab.json');
  writeFileSync(pbFile, JSON.stringify(PB_WITHOUT_RETRIES));
});

describe('the usage errors of sweep, hunt, test, fork and serve in Korean', () => {
  it.each([
    [['sweep', '--faults', '3-1'], 'faultlab: --faults: 범위 3-1이(가) 거꾸로입니다 (작은 수를 앞에 쓰세요)'],
    [['sweep', '--schemes', 'all,raft'], 'faultlab: --schemes: "all"은 혼자 써야 합니다 (모든 방식이라는 뜻). 아니면 방식을 하나씩 나열하세요'],
    [['sweep', '--kind', 'meteor'], 'faultlab: --kind: 알 수 없는 장애 종류 "meteor" (가능한 종류: crash, pause, silent, omission, lie, collude)'],
    [['sweep', '--csv', 'grid.txt'], 'faultlab: --csv: 파일 이름이 .csv로 끝나야 하는데 "grid.txt"입니다'],
    [['hunt'], 'faultlab: --check: hunt는 검사를 정확히 하나 받습니다 (no-wrong, no-lost, no-undecided, no-duplicates, no-split-brain, no-divergence, linearizable 중 하나)'],
    [['hunt', '--check', 'no-lost', '--budget', '10m'], 'faultlab: --budget: 실행 횟수(500)나 초(30s)로 1 이상이어야 하는데 "10m"입니다'],
    [['hunt', '--check', 'no-lost', '--faults', 'crash,meteor'], 'faultlab: --faults: 알 수 없는 장애 종류 "meteor" (가능한 종류: crash, restart, pause, resume, partition, heal, omission, delay, duplicate, reorder, byzantine, sequencer, arbiter)'],
    [['test'], 'faultlab: --replica-cmd: 시험할 복제본 프로그램을 지정해야 합니다'],
    [['test', '--replica-cmd', 'x', '--scheme', 'paxos'], 'faultlab: --scheme: state-machine, primary-backup, raft, pbft 중 하나여야 합니다'],
    [['test', '--replica-cmd', 'x', '--scheme', 'pbft'], 'faultlab: --scheme: faultlab test에는 아직 pbft용 시나리오 묶음이 없습니다 (있는 것: state-machine, primary-backup, raft)'],
    [['test', 'lab.faultlab.json'], 'faultlab: test는 시나리오 파일을 받지 않습니다 (받은 것: lab.faultlab.json). 자체 시나리오 묶음을 실행합니다'],
    [['fork'], 'faultlab: --at: 갈라질 시점을 실행 시간(ms)으로 지정하세요'],
    [['fork', '--at', '500'], 'faultlab: 갈라 실행할 실행이 필요합니다: 시나리오 파일이나 보관된 실행 폴더'],
    [['fork', 'a.json', 'b.json', '--at', '500'], 'faultlab: 시나리오 파일이나 실행 폴더는 하나여야 하는데 2개를 받았습니다'],
    [['serve', 'lab.faultlab.json'], 'faultlab: serve는 파일을 받지 않습니다 (받은 것: "lab.faultlab.json")'],
  ])('%j: exit 2 and one line in Korean', async (argv, line) => {
    for (const r of [await cli(['--lang', 'ko', ...argv]), await cli(argv, KO)]) {
      expect(r).toEqual({ code: 2, out: '', err: line });
    }
  });

  it('a fork with a fault that is not JSON, and a data folder that cannot be made, in Korean', async () => {
    expect(await cli(['fork', pbFile, '--at', '500', '--fault', 'crash 2'], KO)).toEqual({
      code: 2,
      out: '',
      err: `faultlab: --fault: 장애는 '{"type": "crash", "replica": 2}'처럼 JSON이어야 하는데 crash 2입니다`,
    });
    // A folder inside a file cannot be made, wherever the tests run.
    const inFile = join(pbFile, 'data');
    expect(await cli(['serve', '--no-open', '--data-dir', inFile], KO)).toEqual({ code: 2, out: '', err: `faultlab: --data-dir: ${inFile}을(를) 만들 수 없습니다: ENOTDIR` });
    expect(await cli(['serve', '--no-open', '--data-dir', inFile])).toEqual({ code: 2, out: '', err: `faultlab: --data-dir: cannot create ${inFile}: ENOTDIR` });
  });

  it("word in Korean what shared/sweep.ts and the fork find wrong (their English, recognised), English kept as it is", async () => {
    expect(await cli(['sweep', '--n', '99'], KO)).toEqual({ code: 2, out: '', err: 'faultlab: n = 99: 복제본은 15개까지입니다' });
    expect(await cli(['sweep', '--k', '1', '--n', '2', '--faults', '9'], KO)).toEqual({ code: 2, out: '', err: 'faultlab: 격자가 비었습니다: 주어진 복제본 수에 맞는 장애 수가 없습니다' });
    expect(await cli(['fork', pbFile, '--at', '1000'], KO)).toEqual({ code: 2, out: '', err: 'faultlab: 갈라 실행이 바꾸는 것이 없습니다: 장애를 추가하거나 이후의 장애를 빼세요' });
    expect(await cli(['fork', pbFile, '--at', '99999'], KO)).toEqual({ code: 2, out: '', err: 'faultlab: 갈라질 시점 99999 ms가 실행의 작업 부하 구간(0 ~ 2000 ms) 안의 정수 ms가 아닙니다' });
    expect(await cli(['fork', pbFile, '--at', '1000', '--fault', '{"type":"crash","replica":2,"atMs":10}'], KO)).toEqual({
      code: 2,
      out: '',
      err: 'faultlab: 10 ms의 크래시 장애는 갈라질 시점(1000 ms)보다 앞섭니다: 갈라 실행은 그 시점 이후만 바꿉니다',
    });
    expect((await cli(['fork', pbFile, '--at', '1000'])).err).toBe('faultlab: the fork changes nothing: add a fault or drop the later ones');
    expect((await cli(['sweep', '--n', '99'])).err).toBe('faultlab: n = 99: at most 15 replicas');
    const en = CLI_WORDS.en;
    const specs = [en.sweep.spec.ownReplicaMissing(2, '3'), en.sweep.spec.ownReplicaMissing(2, '3, 4'), en.sweep.spec.notScheme('paxos', 'raft'), en.sweep.spec.notCarried('PB', 'k: too big'), en.sweep.spec.emptyGrid, en.sweep.spec.noFaultCount, en.sweep.spec.kRange(9, 7), en.sweep.spec.tooMany(99, 15)];
    for (const m of specs) {
      expect(specErrorIn(m, en)).toBe(m);
      expect(specErrorIn(m, CLI_WORDS.ko)).toMatch(/[가-힣]/);
    }
    const forks = [en.fork.errors.moment(5, 2000), en.fork.errors.before('partition', 10, 1000), en.fork.errors.nothing, en.fork.errors.real, en.fork.errors.scenario('faults[0].replica: replica 9 does not exist')];
    for (const m of forks) {
      expect(forkErrorIn(m, en)).toBe(m);
      expect(forkErrorIn(m, CLI_WORDS.ko)).toMatch(/[가-힣]/);
    }
    expect(forkErrorIn('something new', CLI_WORDS.ko)).toBe('something new');
  });

  it('are worded in English as they always were', async () => {
    expect(await cli(['fork', pbFile])).toMatchObject({ code: 2, err: 'faultlab: --at: give the moment to fork at, in ms of run time' });
    expect((await cli(['hunt'])).err).toMatch(/^faultlab: --check: a hunt takes exactly one check \(one of no-wrong, /);
    expect(await cli(['test'], { LANG: 'en_US.UTF-8' })).toMatchObject({ code: 2, err: 'faultlab: --replica-cmd: the replica program to test is required' });
    expect(await cli(['sweep', '--faults', '3-1'])).toMatchObject({ code: 2, err: 'faultlab: --faults: range 3-1 runs backwards' });
    expect(await cli(['serve', 'x'])).toMatchObject({ code: 2, err: 'faultlab: serve takes no file (got "x")' });
  });
});

describe('faultlab sweep in Korean', () => {
  it('prints the grid with Korean headings and legend, and the same JSON as in English', async () => {
    const args = ['sweep', '--k', '1', '--kind', 'collude', '--faults', '0-2'];
    const ko = await cli(args, KO);
    expect(ko.code, ko.err).toBe(0);
    expect(ko.out).toContain('스윕: 상태 기계 복제, 임의 장애: 모든 요청에 올바르게 응답했는가?');
    expect(ko.out).toMatch(/구성\s+결함 0개\s+결함 1개\s+결함 2개\s+예측\s+측정\n/);
    expect(ko.out).toMatch(/k=1, n=3 \(2k\+1\), collude\s+성립\s+성립\s+\d+%\s+≤ 1\s+≤ 1\n/);
    expect(ko.out).toContain(CLI_WORDS.ko.sweep.table.legend);
    for (const english of ['Sweep:', 'every request answered', 'configuration', 'predicted', 'measured', ' ok ', 'the guarantee held']) expect(ko.out).not.toContain(english);
    const en = await cli(args);
    expect(en.out).toContain('Sweep: state-machine, arbitrary: every request answered correctly?');
    const json = await cli([...args, '--json'], KO);
    expect(json.out).toBe((await cli([...args, '--json'])).out);
    // English is shared/sweep.ts's table, character for character.
    expect(en.out).toBe(sweepToText(JSON.parse(json.out) as Parameters<typeof sweepToText>[0]));
  });

  it('words the surprises, a series beyond the claim and several timeouts; in English exactly as sweepToText', () => {
    const base = defaultScenario();
    const row = (over: Partial<SweepRow>): SweepRow => ({
      index: 0, scheme: 'state-machine', failureModel: 'arbitrary', k: 1, n: 3, nLabel: '2k+1', bound: 3, kind: 'crash', faults: 0, failureTimeoutMs: 100,
      issued: 100, answeredCorrect: 100, answeredWrong: 0, lost: 0, undecided: 0, executedTwice: 0, splitBrain: false, failovers: 0,
      held: true, broken: [], predictedTolerance: 1, asPredicted: true, eventLogSha256: '', ...over,
    });
    const rows = [
      row({ faults: 0 }),
      row({ faults: 1, held: false, answeredCorrect: 40, answeredWrong: 3, lost: 2, broken: ['3 wrong', '2 lost', '1 unresolved', '1 executed twice', 'split brain'], asPredicted: false }),
      row({ faults: 2, asPredicted: false }),
      row({ faults: 0, failureTimeoutMs: 300 }),
      row({ scheme: 'raft', failureModel: 'fail-stop', kind: 'lie', faults: 1, held: false, answeredCorrect: 50, broken: ['5 undecided'], predictedTolerance: null, asPredicted: null }),
    ];
    const result = aggregateSweep(base, rows, ['state-machine', 'raft']);
    expect(result.surprises).toHaveLength(1);
    expect(sweepText(result, CLI_WORDS.en)).toBe(sweepToText(result));
    const ko = sweepText(result, CLI_WORDS.ko);
    for (const s of [
      'SMR (상태 기계 복제, 임의 장애); Raft (Raft, 정지 장애)',
      'SMR: k=1, n=3 (2k+1), crash, 시간 제한 100 ms',
      '주장 범위 밖',
      '(예측과 다름)',
      CLI_WORDS.ko.sweep.table.legendBeyond,
      '실행 결과가 예측과 다른 곳:',
      '  - SMR: k=1, n=3 (2k+1), crash, 시간 제한 100 ms: 결함 1개까지 견딘다고 예측했지만 결함 1개에서 깨졌습니다 (틀린 응답 3개, 유실 2개, 미해결 1개, 두 번 실행 1개, 스플릿 브레인); 결함 2개에서 성립했습니다',
    ]) expect(ko).toContain(s);
    for (const english of ['timeout', 'beyond claim', 'differs', 'predicted to tolerate', 'held', 'broke', 'wrong', 'lost', 'split brain']) expect(ko).not.toContain(english);
  });
});

describe('faultlab hunt in Korean', () => {
  it('says what it hunts, what it found and how it shrank it, in Korean', async () => {
    const r = await cli(['hunt', withoutFaults('pb-request-loss-no-retry'), '--check', 'no-lost', '--faults', 'crash,restart,pause,resume', '--budget', '200', '--workers', '2'], KO);
    expect(r.code).toBe(1);
    expect(r.out).toContain('"Request loss: the primary crashes, no retries"에서 no-lost 검사(요청을 잃지 않는다)를 깨뜨리는 장애 일정을 찾습니다');
    expect(r.out).toContain('  장애 종류 crash, restart, pause, resume; 추가 장애 최대 3개; 예산 실행 200회; 시드 1; 워커 2개');
    expect(r.out).toMatch(/찾았습니다: 실행 \d+회 만에 no-lost 검사를 깨뜨리는 일정 #\d+ \(장애 \d+개\):\n {4}\d+ ms: 복제본 \d /);
    expect(r.out).toMatch(/\d+단계\(실행 \d+회\)를 거쳐, 여전히 깨지는 가장 작은 시나리오로 줄였습니다:\n {4}0 ms: 복제본 1 크래시\n/);
    expect(r.out).toMatch(/복제본 2개; 클라이언트 1개가 초당 \d+개씩 \d+ ms 동안 요청; 시드 \d+/);
    expect(r.out).toMatch(/!\s+유실\s+[1-9]/);
    expect(r.err).toMatch(/\d+(\.\d)?초 동안 실행 \d+회 \(초당 \d+회, 워커 2개\)/);
    expect(r.err).toContain('검사 실패: no-lost (요청을 잃지 않는다)');
    // (The minimal scenario's name, "... - smallest schedule breaking no-lost", is data: shared/hunt.ts names it so in every language.)
    for (const english of ['Hunting', 'fault kinds', 'budget', 'Found', 'Shrunk', 'schedule #', 'smallest failing', 'replicas;', 'runs/s', 'check failed', 'crash replica', 'Lost']) {
      expect(`${r.out}\n${r.err}`).not.toContain(english);
    }
  }, 30_000);

  it('says in Korean that nothing broke the check, and what it covered', async () => {
    const r = await cli(['--lang', 'ko', 'hunt', withoutFaults('why-2k-plus-1-masked'), '--check', 'no-wrong', '--faults', 'byzantine', '--max-faults', '1', '--budget', '100', '--workers', '2']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('예산 안에서 no-wrong 검사를 깨뜨리는 일정을 찾지 못했습니다.');
    expect(r.out).toContain('  서로 다른 장애 일정 100개를 시도했습니다 (실행 100회)');
    expect(r.out).toContain('  다룬 범위: 조합 12개 중 12개 (장애 종류 × 복제본 × 실행 구간 4등분): 비잔틴 12');
    expect(r.err).toMatch(/^(찾는 중|줄이는 중): 실행 \d+회/m);
    for (const english of ['No schedule', 'distinct schedules', 'coverage', 'searching', 'none yet']) expect(`${r.out}\n${r.err}`).not.toContain(english);
  }, 30_000);
});

describe('faultlab fork in Korean', () => {
  it('sets the fork beside its parent in Korean, and writes the same JSON as in English', async () => {
    const out = join(dir, 'fork-ko');
    const r = await cli(['--lang', 'ko', 'fork', pbFile, '--at', '1000', '--drop-later', '--out', out]);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/"PB without retries"을\(를\) 1000 ms에서 갈라 실행했습니다 \(그 시점 전의 이벤트 \d+개는 원래 실행의 로그와 같습니다\):/);
    expect(r.out).toContain('  뺀 장애:     복제본 1 크래시 (1000 ms)');
    expect(r.out).toMatch(/요청 \d+개의 결과가 다릅니다 \(원래 실행 → 갈라진 실행\):\n {2}유실 → 올바른 응답: \d+ {2}\(c1#/);
    expect(r.out).toContain(`${out}에 보관했습니다 (fork.json에 원래 실행과 갈라진 시점이 적혀 있습니다).`);
    expect(r.out).toContain('시뮬레이션, 시드');
    for (const english of ['Forked from', 'dropped:', 'with another outcome', 'answered correctly', 'Kept in', 'simulated', 'Final state hashes']) expect(r.out).not.toContain(english);

    const added = await cli(['fork', pbFile, '--at', '1500', '--fault', '{"type":"crash","replica":1}'], KO);
    expect(added.out).toContain('  추가한 장애: {"atMs":1500,"type":"crash","replica":1}');
    expect(added.out).toContain('모든 요청의 결과가 원래 실행과 갈라진 실행에서 같습니다.');
    expect(added.out).not.toMatch(/added:|Every request/);

    const json = ['fork', pbFile, '--at', '1000', '--drop-later', '--json'];
    expect((await cli(json, KO)).out).toBe((await cli(json)).out);
  });
});

describe('faultlab test in Korean', () => {
  const args = ['test', '--replica-cmd', 'my-replica', '--scheme', 'raft'];

  it("says which of the lecture's claims hold, what broke and what the replica program did wrong, in Korean", async () => {
    const r = await cli(args, KO);
    expect(r.code).toBe(1);
    const raft = CLI_WORDS.ko.test.claims.raft;
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^성립 {3}no-faults: ${raft['no-faults']} \\(요청 \\d+개 중 올바른 응답 \\d+개\\)$`));
    expect(lines[1]).toMatch(new RegExp(`^실패 {3}crash: ${raft.crash} \\(요청 \\d+개 중 올바른 응답 \\d+개\\)$`));
    expect(lines[2]).toBe('         틀린 응답을 받아들이지 않는다: 지켜지지 않음 (틀린 응답 2개)');
    expect(lines[3]).toBe('         복제본 2이(가) 700 ms에 스스로 종료했습니다: SyntaxError: boom');
    expect(lines[4]).toMatch(/^성립 {3}partition: /);
    expect(lines[5]).toBe('주장 3개 중 2개가 성립합니다');
    for (const english of ['holds', 'FAILS', 'requests', 'answered', 'claims hold', 'no wrong answer accepted', 'exited by itself', CLI_WORDS.en.test.claims.raft.crash]) expect(r.out).not.toContain(english);
  });

  it('is worded in English as it always was, and writes the same JSON in both languages (its claims in English)', async () => {
    const en = await cli(args);
    const lines = en.out.split('\n');
    expect(lines[1]).toMatch(/^FAILS {2}crash: a majority survives a crash: replica 1 SIGKILLed, nothing lost or wrong \(\d+ requests, \d+ answered correctly\)$/);
    expect(lines[2]).toBe('         no wrong answer accepted: 2 answered wrong');
    expect(lines[3]).toBe(`         ${diagnoseReplicas([EXITED], [2])[0]}`);
    expect(lines[5]).toBe('2 of 3 claims hold');
    const json = (await cli([...args, '--json'], KO)).out;
    expect(json).toBe((await cli([...args, '--json'])).out);
    expect(json).toContain('"failed":["no wrong answer accepted: 2 answered wrong"]');
    expect(json).toContain(`"says":"${CLI_WORDS.en.test.claims.raft.crash}"`);
  });

  it("words every claim of every suite in both languages, and every line diagnoseReplicas writes", () => {
    for (const scheme of TEST_SUITES) {
      for (const claim of claimsFor(scheme, 'x')) {
        expect(claimWords(CLI_WORDS.en, scheme, claim.name)).toBe(claim.says);
        expect(claimWords(CLI_WORDS.ko, scheme, claim.name)).toMatch(/[가-힣]/);
      }
      expect(Object.keys(CLI_WORDS.en.test.claims[scheme]).sort()).toEqual(claimsFor(scheme, 'x').map((c) => c.name).sort());
    }
    const events = [
      EXITED,
      { t: 10, type: 'garbage', replica: 1, detail: 'not JSON: hello' },
      { t: 11, type: 'garbage', replica: 1, detail: 'not JSON: again' },
      { t: 12, type: 'garbage', replica: 3, detail: 'flood: 40 messages dropped' },
      { t: 13, type: 'final', replica: 3, status: 'up', stateHash: null, applied: 0, behavior: null },
    ] as RunEvent[];
    const english = diagnoseReplicas(events, [1, 2, 3]);
    expect(english).toHaveLength(6);
    expect(english.map((l) => troubleIn(l, CLI_WORDS.en))).toEqual(english);
    expect(english.map((l) => troubleIn(l, CLI_WORDS.ko))).toEqual([
      '복제본 1이(가) 복제본 프로토콜이 아닌 줄을 2개 썼습니다 (버림). 첫 줄: not JSON: hello',
      '복제본 1은(는) 실행 내내 메시지를 하나도 보내지 않았습니다: deliver 줄마다 출력 줄로 답하고 있나요?',
      '복제본 2이(가) 700 ms에 스스로 종료했습니다: SyntaxError: boom',
      '복제본 3이(가) 요청받은 것보다 훨씬 많이 썼습니다: 폭주 제어가 메시지 40개를 버렸습니다',
      '복제본 3은(는) 실행 내내 메시지를 하나도 보내지 않았습니다: deliver 줄마다 출력 줄로 답하고 있나요?',
      '복제본 3이(가) 2초 안에 final 줄에 답하지 않았습니다: 최종 상태를 알 수 없습니다',
    ]);
  });
});

describe("the Korean words of sweep, hunt, test, fork and serve", () => {
  it('leave nothing untranslated: every sentence differs from its English', () => {
    const probe = 'crash';
    const same: string[] = [];
    let compared = 0;
    const walk = (en: unknown, ko: unknown, path: string): void => {
      if (typeof en === 'string') {
        compared++;
        if (en === ko) same.push(path);
      } else if (typeof en === 'function' && typeof ko === 'function') {
        const args = Array.from({ length: Math.max(en.length, ko.length) }, () => probe);
        compared++;
        if ((en as (...a: string[]) => string)(...args) === (ko as (...a: string[]) => string)(...args)) same.push(`${path}()`);
      } else if (typeof en === 'object' && en !== null) {
        expect(typeof ko, path).toBe('object');
        for (const key of Object.keys(en)) walk((en as Record<string, unknown>)[key], (ko as Record<string, unknown>)[key], `${path}.${key}`);
      }
    };
    for (const command of COMMANDS) walk(CLI_WORDS.en[command], CLI_WORDS.ko[command], command);
    expect(same).toEqual([]);
    expect(compared).toBeGreaterThan(100);
  });
});

describe('a flag the command does not take, in either language', () => {
  it('is named in Korean when asked, and worded as Node words it in English', async () => {
    expect(await cli(['run', '--bogus'], KO)).toMatchObject({ code: 2, err: "faultlab: 알 수 없는 옵션 '--bogus' (이 명령이 받는 옵션: faultlab help)" });
    expect(await cli(['sweep', '--seed', '--lang', 'ko'])).toMatchObject({ code: 2, err: "faultlab: 옵션 '--seed' 뒤에 값이 필요합니다" });
    expect(await cli(['run', '--json=yes'], KO)).toMatchObject({ code: 2, err: "faultlab: 옵션 '--json'는 값을 받지 않습니다" });
    expect(await cli(['run', '--bogus'])).toMatchObject({ code: 2, err: "faultlab: Unknown option '--bogus'" });
    expect(await cli(['sweep', '--seed'])).toMatchObject({ code: 2, err: "faultlab: Option '--seed <value>' argument missing" });
    expect(await cli(['run', '--json=yes'])).toMatchObject({ code: 2, err: "faultlab: Option '--json' does not take an argument" });
  });
});
