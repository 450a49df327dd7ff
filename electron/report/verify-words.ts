/**
 * What `faultlab verify` says, in each language the lab speaks: every difference and note
 * it finds in a report, and how it names a figure, a run and a column. English is verify as
 * it has always been worded (tests hold it byte for byte); Korean has the same type, so a
 * sentence missing there fails the type check. verify.ts, verify-log.ts, evidence.ts and
 * exercise-report.ts decide what differs once; this file only words it. The language is the
 * reader's (the app's, the command line's), not the report's.
 */
import type { SideKey } from '../../shared/compare.js';
import { SIDE_SCHEME } from '../../shared/compare.js';
import { COMPARE_WORDS } from '../../shared/compare-words.js';
import type { Lang } from '../../shared/describe.js';
import type { ReportWords } from './words.js';
import { REPORT_WORDS } from './words.js';

/** Which run of a report an embedded log or a column belongs to. */
export type RunWhat = { kind: 'run' } | { kind: 'counterpart' } | { kind: 'column'; column: SideKey };

/** What a figure is checked against: the simulated run's re-run, or a real run's embedded log. */
export type Source = 'rerun' | 'log';

export interface VerifyWords {
  /** A column's scheme, as a difference names it. */
  column: (key: SideKey) => string;
  /** A run, as the start of a difference ("the run: …"). */
  what: (w: RunWhat) => string;
  /** A run other than the report's own, in a list of what could not be re-derived (null: the trusted pair's other run). */
  runName: (key: SideKey | null) => string;
  /** A run's embedded log, as the subject of a problem reading it. */
  logOf: (what: string) => string;
  source: Record<Source, string>;
  missing: string;
  /** "run N: " before what a further run's check found. */
  runPrefix: (run: number) => string;
  figure: (label: string, key: string) => string;
  // ---- values that differ ----
  says: (path: string, reported: string, source: Source, expected: string) => string;
  figureSays: (named: string, where: 'embedded' | 'shown', reported: string, source: Source, expected: string) => string;
  figureMissing: (named: string, where: 'embedded' | 'text') => string;
  figureNotGiven: (named: string, where: 'embedded' | 'shown', source: Source) => string;
  shownAmongFurther: (key: string) => string;
  // ---- a report with further runs ----
  runsOutOfOrder: string;
  embeddedUnreadable: string;
  embeddedNotReport: (why: string) => string;
  embeddedCannotUnpack: (why: string) => string;
  noFurtherRuns: string;
  furtherRunsNote: (runs: number) => string;
  // ---- the run ----
  scenarioInvalid: (problems: string) => string;
  scenarioNotNormal: string;
  seedDiffers: (reported: number, scenario: number) => string;
  engineVersion: (run: string, engine: string) => string;
  reordered: string;
  rerunHash: (reported: string, rerun: string) => string;
  summaryHash: (reported: string, summary: string) => string;
  rerunNote: (c: { seed: number; also: 'none' | 'counterpart' | 'columns'; columns: string; evidence: 'none' | 'one' | 'all' }) => string;
  formatOne: string;
  noUsableLog: string;
  columnNoUsableLog: (what: string) => string;
  notDerivedOf: (figure: string, what: string) => string;
  realNote: (comparison: boolean, notDerived: readonly string[]) => string;
  cannotAnalyse: (why: string) => string;
  /** A Korean report whose comparison cells are in English (made before the cells were translated): accepted, and said. */
  englishCells: (n: number) => string;
  // ---- the comparison ----
  counterpartMissing: (column: string) => string;
  scenarioEdited: (column: string | null) => string;
  noTrustedCounterpart: (column: string) => string;
  columnTwice: (column: string) => string;
  tableLacksColumn: string;
  /** Figures a log embedded in parts does not give (the traffic figures are named by key). */
  trafficCosts: [string, string];
  // ---- an embedded log ----
  log: {
    noEvidence: (what: string) => string;
    hashNotSummary: (what: string, evidence: string, summary: string) => string;
    hashOnly: (what: string) => string;
    removed: (what: string) => string;
    edited: (what: string, whole: boolean, expected: string, got: string, line: string | null) => string;
    lineDiffers: (line: number, mine: string, theirs: string) => string;
    nothing: string;
    eventCount: (what: string, embedded: number, evidence: number) => string;
    noStart: (what: string) => string;
    otherScenario: (what: string) => string;
    otherMode: (what: string, reported: string, recorded: string) => string;
    notBase64: (log: string) => string;
    cannotDecompress: (log: string, why: string) => string;
    notWholeLine: (log: string) => string;
    notJson: (log: string, line: number) => string;
    notEvent: (log: string, line: number) => string;
  };
  // ---- a file that is no report ----
  notAReport: {
    cutShort: string;
    noData: string;
    notJson: (why: string) => string;
    notFormat: (path: string, why: string) => string;
  };
  /** The report's own words (its figures' row names, the measures under the table). */
  report: ReportWords;
}

const enColumn = (key: SideKey): string => COMPARE_WORDS.en.scheme[SIDE_SCHEME[key]];
const koColumn = (key: SideKey): string => COMPARE_WORDS.ko.scheme[SIDE_SCHEME[key]];

const en: VerifyWords = {
  column: enColumn,
  what: (w) => (w.kind === 'run' ? 'the run' : w.kind === 'counterpart' ? "the comparison's other run" : `the comparison's ${enColumn(w.column)} run`),
  runName: (key) => (key === null ? 'the other run' : `the ${enColumn(key)} run`),
  logOf: (what) => `${what}'s embedded event log`,
  source: { rerun: 'the re-run', log: 'the log' },
  missing: 'missing',
  runPrefix: (run) => `run ${run}: `,
  figure: (label, key) => `figure "${label}" (${key}`,
  says: (path, reported, source, expected) => `${path}: the report says ${reported}, ${en.source[source]} gives ${expected}`,
  figureSays: (named, where, reported, source, expected) => `${named}, ${where}): the report says "${reported}", ${en.source[source]} gives "${expected}"`,
  figureMissing: (named, where) => `${named}) is missing from ${where === 'embedded' ? 'the embedded data' : "the report's text"}`,
  figureNotGiven: (named, where, source) => (where === 'embedded' ? `${named}, embedded) is not one ${en.source[source]} gives` : `${named}) is shown but is not one ${en.source[source]} gives`),
  shownAmongFurther: (key) => `figure (${key}) is shown among the further runs but is not one their evidence gives`,
  runsOutOfOrder: 'the further runs are not numbered 2, 3, … in order (it was edited)',
  embeddedUnreadable: 'its embedded report cannot be read',
  embeddedNotReport: (why) => `its embedded report is not one: ${why}`,
  embeddedCannotUnpack: (why) => `its embedded report cannot be unpacked (${why}): it was edited or cut`,
  noFurtherRuns: 'the report marks further runs but carries none (it was edited)',
  furtherRunsNote: (runs) => `This report carries ${runs} runs of the exercise; each was verified, and the figures shown for runs 2 to ${runs} were checked against their own evidence.`,
  scenarioInvalid: (problems) => `the embedded scenario is not valid: ${problems}`,
  scenarioNotNormal: 'the embedded scenario is not in its complete, normalised form (it was edited)',
  seedDiffers: (reported, scenario) => `seed: the report says ${reported}, its scenario has ${scenario}`,
  engineVersion: (run, engine) => `The run was recorded by Fault Lab ${run}; this is ${engine}. A different engine may give a different event log.`,
  reordered: "The report's scenario lists its fields in an older order; it was re-run in that order, as its log recorded it.",
  rerunHash: (reported, rerun) => `eventLogSha256: the report says ${reported}, the re-run's event log hashes to ${rerun}`,
  summaryHash: (reported, summary) => `eventLogSha256: the report says ${reported}, its summary says ${summary}`,
  rerunNote: (c) =>
    `Re-ran the scenario in simulation (seed ${c.seed})${c.also === 'none' ? '' : c.also === 'counterpart' ? ' and its counterpart under the other scheme' : ` and its comparison's other columns (${c.columns})`}${c.evidence === 'none' ? '' : c.evidence === 'all' ? ", and checked every embedded event log against its re-run's" : ", and checked the embedded event log against the re-run's"}.`,
  formatOne:
    'this report of a real-process run was made by an older Fault Lab (report format 1) that did not embed the event log: its outcome figures cannot be checked; export the report again',
  noUsableLog: "the run's figures could not be re-derived: the report embeds no usable event log",
  columnNoUsableLog: (what) => `${what} could not be re-derived: the report embeds no usable event log for it`,
  notDerivedOf: (figure, what) => `${figure} (${what})`,
  realNote: (comparison, notDerived) =>
    `This report is of a run with real processes, which cannot be re-run: every figure was re-derived from the event log embedded in it${comparison ? " (and the other runs', for the comparison)" : ''}.` +
    (notDerived.length > 0 ? ` Not re-derived, because only part of the log is embedded: ${notDerived.join(', ')} (taken from the report as it states them).` : ''),
  cannotAnalyse: (why) => `the embedded event log cannot be analysed (${why}): it was edited`,
  englishCells: (n) => `${n} of the comparison's cells are in English, as Fault Lab wrote them in Korean reports before 2 December 2026; each says in English what the re-derived cell says in Korean, and was accepted.`,
  counterpartMissing: (column) => `comparison: the ${column} run (the counterpart) is missing from the embedded data`,
  scenarioEdited: (column) => `comparison: the embedded ${column === null ? 'counterpart' : column} scenario is not the one derived from the scenario (it was edited)`,
  noTrustedCounterpart: (column) => `comparison: a ${column} run has no trusted counterpart, yet the report records one (it was edited)`,
  columnTwice: (column) => `comparison: the ${column} column is recorded twice (it was edited)`,
  tableLacksColumn: 'comparison: the table needs a state-machine and a primary-backup column, and the report lacks one',
  trafficCosts: ['request copies per request', 'replica deliveries per request'],
  log: {
    noEvidence: (what) => `${what}: the report embeds no event log (its data has no evidence for it)`,
    hashNotSummary: (what, evidence, summary) => `${what}: the embedded log's hash does not match its summary: edited (the evidence says ${evidence}, the summary ${summary})`,
    hashOnly: (what) => `${what}: the report embeds only the hash of its event log (too large to embed), so its figures could not be re-derived from it.`,
    removed: (what) => `${what}: the embedded event log is missing from the report (it was removed)`,
    edited: (what, whole, expected, got, line) =>
      `${what}: the embedded log's hash does not match its summary: edited (the ${whole ? 'summary' : 'evidence'} says ${expected}, the embedded log hashes to ${got})${line ? `; ${line}` : ''}`,
    lineDiffers: (line, mine, theirs) => `line ${line} differs from the re-run's: the report has ${mine}, the re-run gives ${theirs}`,
    nothing: 'nothing',
    eventCount: (what, embedded, evidence) => `${what}: the embedded log holds ${embedded} events, its evidence says ${evidence}`,
    noStart: (what) => `${what}: the embedded log does not begin with the run's start`,
    otherScenario: (what) => `${what}: the embedded log is of a different scenario than the report states`,
    otherMode: (what, reported, recorded) => `${what}: the report says mode ${reported}, its embedded log was recorded in mode ${recorded}`,
    notBase64: (log) => `${log} is not base64 text (it was edited)`,
    cannotDecompress: (log, why) => `${log} cannot be decompressed (${why}): it was edited or cut short`,
    notWholeLine: (log) => `${log} does not end with a whole line: it was cut short`,
    notJson: (log, line) => `${log}: line ${line} is not valid JSON (it was edited)`,
    notEvent: (log, line) => `${log}: line ${line} is not an event (it was edited)`,
  },
  notAReport: {
    cutShort: 'the report is cut short: its embedded data stops before its end (the file is truncated or damaged)',
    noData: 'not a Fault Lab report (it has no embedded report data)',
    notJson: (why) => `the report's embedded data is not valid JSON (${why})`,
    notFormat: (path, why) => `the report's embedded data is not in Fault Lab's report format (${path}: ${why})`,
  },
  report: REPORT_WORDS.en,
};

const KO_SOURCE: Record<Source, string> = { rerun: '다시 실행한 결과', log: '로그' };

const ko: VerifyWords = {
  column: koColumn,
  what: (w) => (w.kind === 'run' ? '이 실행' : w.kind === 'counterpart' ? '비교 대상의 다른 실행' : `비교 대상의 ${koColumn(w.column)} 실행`),
  runName: (key) => (key === null ? '다른 실행' : `${koColumn(key)} 실행`),
  logOf: (what) => `${what}에 넣어 둔 이벤트 로그`,
  source: KO_SOURCE,
  missing: '없음',
  runPrefix: (run) => `실행 ${run}: `,
  figure: (label, key) => `수치 "${label}" (${key}`,
  says: (path, reported, source, expected) => `${path}: 보고서에는 ${reported}, ${KO_SOURCE[source]}는 ${expected}`,
  figureSays: (named, where, reported, source, expected) => `${named}, ${where === 'embedded' ? '넣어 둔 데이터' : '본문'}): 보고서에는 "${reported}", ${KO_SOURCE[source]}는 "${expected}"`,
  figureMissing: (named, where) => `${named})가 ${where === 'embedded' ? '넣어 둔 데이터' : '보고서 본문'}에 없습니다`,
  figureNotGiven: (named, where, source) => `${named}${where === 'embedded' ? ', 넣어 둔 데이터' : ''})는 ${where === 'embedded' ? '데이터에 있지만' : '보고서에 보이지만'} ${KO_SOURCE[source]}에는 없는 수치입니다`,
  shownAmongFurther: (key) => `수치 (${key})가 추가 실행 부분에 보이지만, 그 실행들의 증거에는 없는 수치입니다`,
  runsOutOfOrder: '추가 실행의 번호가 2, 3, … 순서가 아닙니다 (수정되었습니다)',
  embeddedUnreadable: '넣어 둔 보고서를 읽을 수 없습니다',
  embeddedNotReport: (why) => `넣어 둔 보고서가 보고서가 아닙니다: ${why}`,
  embeddedCannotUnpack: (why) => `넣어 둔 보고서의 압축을 풀 수 없습니다 (${why}): 수정되었거나 잘렸습니다`,
  noFurtherRuns: '보고서에 추가 실행이 있다고 표시되어 있지만 하나도 들어 있지 않습니다 (수정되었습니다)',
  furtherRunsNote: (runs) => `이 보고서에는 실습 과제의 실행 ${runs}개가 들어 있습니다. 모두 검증했고, 실행 2부터 ${runs}까지 보이는 수치는 각 실행의 증거와 대조했습니다.`,
  scenarioInvalid: (problems) => `넣어 둔 시나리오가 올바르지 않습니다: ${problems}`,
  scenarioNotNormal: '넣어 둔 시나리오가 완전하고 정규화된 형태가 아닙니다 (수정되었습니다)',
  seedDiffers: (reported, scenario) => `시드: 보고서에는 ${reported}, 시나리오에는 ${scenario}`,
  engineVersion: (run, engine) => `이 실행은 Fault Lab ${run}로 기록되었고, 지금은 ${engine}입니다. 엔진이 다르면 이벤트 로그가 달라질 수 있습니다.`,
  reordered: '보고서의 시나리오가 예전 순서로 필드를 나열하고 있어, 로그에 기록된 그 순서대로 다시 실행했습니다.',
  rerunHash: (reported, rerun) => `eventLogSha256: 보고서에는 ${reported}, 다시 실행한 이벤트 로그의 해시는 ${rerun}`,
  summaryHash: (reported, summary) => `eventLogSha256: 보고서에는 ${reported}, 요약에는 ${summary}`,
  rerunNote: (c) =>
    `시나리오를 시뮬레이션으로 다시 실행했습니다 (시드 ${c.seed})${c.also === 'none' ? '' : c.also === 'counterpart' ? '. 다른 방식으로 실행한 비교 대상도 다시 실행했습니다' : `. 비교의 다른 열(${c.columns})도 다시 실행했습니다`}${c.evidence === 'none' ? '' : c.evidence === 'all' ? '. 넣어 둔 이벤트 로그를 모두 다시 실행한 로그와 대조했습니다' : '. 넣어 둔 이벤트 로그를 다시 실행한 로그와 대조했습니다'}.`,
  formatOne: '이 실제 프로세스 실행 보고서는 이벤트 로그를 넣지 않던 예전 Fault Lab(보고서 형식 1)으로 만들어져, 결과 수치를 확인할 수 없습니다. 보고서를 다시 내보내세요',
  noUsableLog: '실행의 수치를 다시 계산할 수 없습니다: 보고서에 쓸 수 있는 이벤트 로그가 없습니다',
  columnNoUsableLog: (what) => `${what}의 수치를 다시 계산할 수 없습니다: 보고서에 그 실행의 쓸 수 있는 이벤트 로그가 없습니다`,
  notDerivedOf: (figure, what) => `${figure} (${what})`,
  realNote: (comparison, notDerived) =>
    `이 보고서는 실제 프로세스로 한 실행이라 다시 실행할 수 없습니다. 모든 수치를 보고서에 넣어 둔 이벤트 로그${comparison ? '(비교를 위해서는 다른 실행들의 로그도)' : ''}에서 다시 계산했습니다.` +
    (notDerived.length > 0 ? ` 로그의 일부만 들어 있어 다시 계산하지 못한 것: ${notDerived.join(', ')} (보고서에 적힌 값을 그대로 썼습니다).` : ''),
  cannotAnalyse: (why) => `넣어 둔 이벤트 로그를 분석할 수 없습니다 (${why}): 수정되었습니다`,
  englishCells: (n) => `비교표의 칸 ${n}개가 영어로 되어 있습니다. 2026년 12월 2일 이전의 Fault Lab은 한국어 보고서에도 비교표를 영어로 썼습니다. 각 칸은 다시 계산한 한국어 칸과 같은 내용을 영어로 말하므로 받아들였습니다.`,
  counterpartMissing: (column) => `비교: ${column} 실행(비교 대상)이 넣어 둔 데이터에 없습니다`,
  scenarioEdited: (column) => `비교: 넣어 둔 ${column === null ? '비교 대상' : column} 시나리오가 원래 시나리오에서 만든 것과 다릅니다 (수정되었습니다)`,
  noTrustedCounterpart: (column) => `비교: ${column} 실행에는 신뢰하는 짝이 없는데 보고서에 기록되어 있습니다 (수정되었습니다)`,
  columnTwice: (column) => `비교: ${column} 열이 두 번 기록되어 있습니다 (수정되었습니다)`,
  tableLacksColumn: '비교: 표에는 상태 기계 복제 열과 주-백업 열이 필요한데, 보고서에 하나가 없습니다',
  trafficCosts: ['요청당 요청 사본', '요청당 복제본 전달 수'],
  log: {
    noEvidence: (what) => `${what}: 보고서에 이벤트 로그가 들어 있지 않습니다 (데이터에 증거가 없습니다)`,
    hashNotSummary: (what, evidence, summary) => `${what}: 넣어 둔 로그의 해시가 요약과 맞지 않습니다: 수정되었습니다 (증거에는 ${evidence}, 요약에는 ${summary})`,
    hashOnly: (what) => `${what}: 이벤트 로그가 너무 커서 보고서에는 해시만 들어 있으므로, 로그에서 수치를 다시 계산하지 못했습니다.`,
    removed: (what) => `${what}: 넣어 둔 이벤트 로그가 보고서에서 없어졌습니다 (지워졌습니다)`,
    edited: (what, whole, expected, got, line) =>
      `${what}: 넣어 둔 로그의 해시가 요약과 맞지 않습니다: 수정되었습니다 (${whole ? '요약' : '증거'}에는 ${expected}, 넣어 둔 로그의 해시는 ${got})${line ? `; ${line}` : ''}`,
    lineDiffers: (line, mine, theirs) => `${line}번째 줄이 다시 실행한 로그와 다릅니다: 보고서에는 ${mine}, 다시 실행하면 ${theirs}`,
    nothing: '(없음)',
    eventCount: (what, embedded, evidence) => `${what}: 넣어 둔 로그에는 이벤트가 ${embedded}개인데, 증거에는 ${evidence}개라고 되어 있습니다`,
    noStart: (what) => `${what}: 넣어 둔 로그가 실행 시작으로 시작하지 않습니다`,
    otherScenario: (what) => `${what}: 넣어 둔 로그가 보고서에 적힌 것과 다른 시나리오의 로그입니다`,
    otherMode: (what, reported, recorded) => `${what}: 보고서에는 모드가 ${reported}인데, 넣어 둔 로그는 모드 ${recorded}에서 기록되었습니다`,
    notBase64: (log) => `${log}가 base64 텍스트가 아닙니다 (수정되었습니다)`,
    cannotDecompress: (log, why) => `${log}의 압축을 풀 수 없습니다 (${why}): 수정되었거나 잘렸습니다`,
    notWholeLine: (log) => `${log}가 온전한 줄로 끝나지 않습니다: 잘렸습니다`,
    notJson: (log, line) => `${log}: ${line}번째 줄이 올바른 JSON이 아닙니다 (수정되었습니다)`,
    notEvent: (log, line) => `${log}: ${line}번째 줄이 이벤트가 아닙니다 (수정되었습니다)`,
  },
  notAReport: {
    cutShort: '보고서가 잘렸습니다: 넣어 둔 데이터가 끝나기 전에 파일이 끝납니다 (파일이 잘렸거나 손상되었습니다)',
    noData: 'Fault Lab 보고서가 아닙니다 (넣어 둔 보고서 데이터가 없습니다)',
    notJson: (why) => `보고서에 넣어 둔 데이터가 올바른 JSON이 아닙니다 (${why})`,
    notFormat: (path, why) => `보고서에 넣어 둔 데이터가 Fault Lab 보고서 형식이 아닙니다 (${path}: ${why})`,
  },
  report: REPORT_WORDS.ko,
};

/** verify's words per language: a Record, so a language without its words fails the type check. */
export const VERIFY_WORDS: Record<Lang, VerifyWords> = { en, ko };
