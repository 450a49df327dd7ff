/**
 * What `faultlab` says to a person, in each language the lab speaks: the help, the errors
 * of the command line, verify's and grade's verdicts and summaries, and the lines a run or
 * a report prints. English is the command line as it has always been worded (tests hold
 * it); Korean has the same type, so a message missing there fails the type check. JSON
 * output (--json) is a contract and is not worded here: it stays as it is in every
 * language. The language is chosen once (lang.ts) and handed to commands with their Io.
 */
import type { CheckName } from '../../shared/checks.js';
import { CHECK_CLAIMS_KO, CHECK_NAMES, CHECKS } from '../../shared/checks.js';
import type { Lang } from '../../shared/describe.js';

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
}

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
};

/** The command line's words per language: a Record, so a language without its words fails the type check. */
export const CLI_WORDS: Record<Lang, CliWords> = { en, ko };
