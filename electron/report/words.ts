/**
 * The report's fixed text in each language the lab speaks: headings, field names,
 * captions and sentences around the figures. English is the report as it has always been
 * written (tests hold it byte for byte); Korean has the same type, so a sentence missing
 * there fails the type check. Figures' values stay as the catalogue writes them (verify
 * reads them); their labels come from the figure catalogue in the same language.
 */
import type { SideKey } from '../../shared/compare.js';
import { SIDE_SCHEME } from '../../shared/compare.js';
import { COMPARE_WORDS } from '../../shared/compare-words.js';
import type { ColumnMeasure } from './data.js';
import type { Lang } from '../../shared/describe.js';

export interface ReportWords {
  title: string;
  docTitle: (name: string) => string;
  student: string;
  studentId: string;
  course: string;
  date: string;
  exercise: string;
  version: (app: string, run: string | null) => string;
  scenario: string;
  modeSeed: string;
  modeName: (sim: boolean) => string;
  seed: string;
  incomplete: string;
  predictionWritten: (at: string, started: string) => string;
  notRecorded: string;
  evidenceWhole: (what: string, events: number, kb: number) => string;
  evidenceOver: (what: string, size: string, limit: string) => string;
  evidenceParts: (over: string, embedded: number, total: number) => string;
  evidenceHashOnly: (over: string) => string;
  noAnswer: string;
  goal: string;
  ofScenario: (label: string) => string;
  notExerciseScenario: (files: string) => string;
  steps: string;
  predictionBefore: string;
  questions: string;
  prediction: string;
  answer: (i: number) => string;
  schemeModel: string;
  kn: string;
  service: string;
  workload: string;
  workloadText: (clients: number, rate: number, durationMs: number) => string;
  timing: string;
  timingText: (t: { min: number; max: number; heartbeat: number; failure: number; client: number; retries: number }) => string;
  options: string;
  optionsText: (dedup: boolean, fencing: boolean) => string;
  faultSchedule: string;
  noFaults: string;
  at: string;
  fault: string;
  failover: (i: number) => string;
  eventsLogged: string;
  eventLogHash: string;
  runSummary: string;
  lecture: string;
  tableTitle: string;
  tableIntro: (c: { seed: number; k: number; smrModel: string; smrN: number; pbModel: string; pbN: number; givenSmr: boolean }) => string;
  /** The intro of a table of more than two columns (Raft, PBFT beside the trusted pair). */
  tableIntroColumns: (c: { seed: number; k: number; columns: { key: SideKey; model: string; n: number }[]; given: SideKey }) => string;
  faultsAdapted: (notes: string) => string;
  smr: string;
  pb: string;
  raft: string;
  pbft: string;
  /** The rows under the lecture's, one figure per column. */
  measures: Record<ColumnMeasure, string>;
  /** A further column's run, in the evidence sentence. */
  theColumnRun: (column: SideKey) => string;
  departsTitle: string;
  charts: string;
  /** The titles drawn inside the report's charts. */
  chartTitles: { outcomes: string; tally: string; decisions: string; latency: string; timeline: string };
  outcomesCaption: string;
  tallyCaption: string;
  voteTally: string;
  noVotes: string;
  timelineCaptionPb: string;
  timelineCaption: string;
  latencyCaption: string;
  lamportTitle: string;
  lamportIntro: (total: number, dropped: number, windows: number) => string;
  lamportWindow: (name: string, messages: number, ms: number, dropped: number) => string;
  dropped: string;
  data: string;
  attached: (links: string, whole: boolean) => string;
  embedded: (evidence: string, sim: boolean) => string;
  partialWarn: string;
  scenarioFile: string;
  theRun: string;
  theOtherRun: string;
  /** The PDF's footer (printed with the reader's fonts, so ASCII only in every language). */
  footer: string;
}

/** A column's scheme in a sentence, as the comparison words it. */
const schemeOf = (lang: Lang, key: SideKey): string => COMPARE_WORDS[lang].scheme[SIDE_SCHEME[key]];
const EN_SCHEME = (key: SideKey): string => schemeOf('en', key);
const KO_SCHEME = (key: SideKey): string => schemeOf('ko', key);

const en: ReportWords = {
  title: 'Fault Lab — lab report',
  docTitle: (name) => `Fault Lab report — ${name}`,
  student: 'Student',
  studentId: 'Student ID',
  course: 'Course',
  date: 'Date',
  exercise: 'Exercise',
  version: (app, run) => `version ${app}${run !== null ? ` (run recorded by ${run})` : ''}`,
  scenario: 'Scenario',
  modeSeed: 'Mode, seed',
  modeName: (sim) => (sim ? 'simulation' : 'real processes'),
  seed: 'seed',
  incomplete: 'This run is incomplete: its log has no end marker (the run was cut short). Figures cover what was recorded.',
  predictionWritten: (at, started) => `Prediction written: ${at}; run started: ${started}.`,
  notRecorded: 'not recorded',
  evidenceWhole: (what, events, kb) => `${what}'s whole event log (${events} events, ${kb} KB compressed)`,
  evidenceOver: (what, size, limit) => `${what}'s event log is ${size} compressed, more than the ${limit} a report embeds`,
  evidenceParts: (over, embedded, total) =>
    `${over}: embedded are its hash and the ${embedded} of its ${total} events that the outcome figures are read from (requests, answers, faults, roles, executions; not the message traffic)`,
  evidenceHashOnly: (over) => `${over}, and so are the events its outcome figures need: only its hash is embedded`,
  noAnswer: '(no answer given)',
  goal: 'Goal.',
  ofScenario: (label) => `This report is of the exercise's scenario <b>${label}</b>.`,
  notExerciseScenario: (files) => `This run's scenario is not one of the exercise's scenarios (${files}): it was changed or chosen freely.`,
  steps: 'Steps',
  predictionBefore: 'Prediction (written before running)',
  questions: 'Questions and answers',
  prediction: 'Prediction',
  answer: (i) => `Answer ${i}`,
  schemeModel: 'Scheme, failure model',
  kn: 'k, replicas n',
  service: 'Service',
  workload: 'Workload',
  workloadText: (c, r, d) => `${c} clients, ${r} requests/s in total, for ${d} ms (open loop)`,
  timing: 'Timing',
  timingText: (t) =>
    `network delay ${t.min}–${t.max} ms; heartbeat ${t.heartbeat} ms; failure timeout ${t.failure} ms; client timeout ${t.client} ms, ${t.retries} retries`,
  options: 'Options',
  optionsText: (dedup, fencing) => `dedup ${dedup ? 'on' : 'off'}, fencing ${fencing ? 'on' : 'off'}`,
  faultSchedule: 'Fault schedule',
  noFaults: 'No faults.',
  at: 'at',
  fault: 'fault',
  failover: (i) => `Failover ${i}`,
  eventsLogged: 'Events logged',
  eventLogHash: 'Event log SHA-256',
  runSummary: 'Run summary',
  lecture: 'lecture',
  tableTitle: "The lecture's table, measured",
  tableIntro: (c) =>
    `The same workload, seed (${c.seed}) and faults under both schemes, k = ${c.k}: state-machine replication (${c.smrModel}, n = ${c.smrN}) and primary-backup (${c.pbModel}, n = ${c.pbN}). The scenario above is the ${c.givenSmr ? 'state-machine' : 'primary-backup'} side; the other side is derived from it at its scheme's replica bound.`,
  tableIntroColumns: (c) =>
    `The same workload, seed (${c.seed}) and faults under ${c.columns.length} schemes, k = ${c.k}: ${c.columns.map((x) => `${EN_SCHEME(x.key)} (${x.model}, n = ${x.n})`).join(', ')}. The scenario above is the ${EN_SCHEME(c.given)} column; each other column is derived from it at its scheme's replica bound. State-machine replication trusts a sequencer and primary-backup an arbiter; Raft and PBFT trust no helper.`,
  faultsAdapted: (notes) => `Faults adapted for the smaller cluster: ${notes}.`,
  smr: 'State-machine replication',
  pb: 'Primary-backup',
  raft: 'Raft',
  pbft: 'PBFT',
  measures: { messages: 'Messages per request', latency: 'Latency p50 / p99', cpu: 'CPU time per request' },
  theColumnRun: (column) => `The comparison's ${EN_SCHEME(column)} run`,
  departsTitle: 'Where the measurement departs from the lecture, or was not exercised',
  charts: 'Charts',
  chartTitles: {
    outcomes: 'Requests by issue time and outcome',
    tally: "Vote tally: each replica's replies against the accepted value",
    decisions: 'Vote decisions over time',
    latency: 'Latency of accepted answers',
    timeline: 'Failover timeline: roles, faults (▼), suspicions (◆) and outages',
  },
  outcomesCaption: 'Each request by the time it was issued, coloured by how it ended.',
  tallyCaption: "Every reply the clients' voters counted, by replica: green when it matched the value accepted for that request, red when it differed.",
  voteTally: 'Vote tally',
  noVotes: "No votes: under primary-backup the client takes the primary's reply, nobody votes.",
  timelineCaptionPb: "The failover timeline: each replica's role over time (primary, backup, recovering, paused, down), the faults injected and the suspicions raised.",
  timelineCaption: "Each replica's state over time (up, paused, down), with the faults injected.",
  latencyCaption: 'Latency of each accepted answer against its issue time; dashed lines at p50 and p99.',
  lamportTitle: 'Message sequence diagram',
  lamportIntro: (total, dropped, windows) =>
    `A Lamport space-time diagram: one line per process, time from left to right, one arrow per message from its sending to its delivery. The run sent ${total} messages (${dropped} dropped), too many to draw one by one, so the overview shows the whole run as message density per process with drops (red ticks) and faults (▼), crash/pause/Byzantine periods as bars under a process (dark grey down, mid grey paused, reddish purple Byzantine) and partitions shaded; ${windows === 1 ? 'the box A marks the window' : `the boxes A–${String.fromCharCode(64 + windows)} mark the windows`} drawn message by message below, each around a fault (or the run's start when there is none).`,
  lamportWindow: (name, messages, ms, dropped) => `${name}: ${messages} messages in ${ms} ms, ${dropped} dropped (dashed red, ending in ×).`,
  dropped: 'dropped',
  data: 'Data',
  attached: (links, whole) =>
    `Attached to this file (open it in a browser and click to save): ${links}. The same files${whole ? '' : ' and the whole event log (events.csv, events.jsonl)'} are written beside the report.`,
  embedded: (evidence, sim) =>
    `Embedded as evidence, with its SHA-256: ${evidence}. <code>faultlab verify</code> re-derives every figure above from the embedded log${sim ? ' and re-runs the simulation' : ''}, so an edited figure or an edited log is found.`,
  partialWarn:
    'This report does not embed a whole event log (it is too large): <code>faultlab verify</code> re-derives the figures the embedded events give and says which it could not (the message counts).',
  scenarioFile: 'Scenario file',
  theRun: 'The run',
  theOtherRun: "The comparison's other run",
  footer: 'Fault Lab report — page <span class="pageNumber"></span> of <span class="totalPages"></span>',
};

const ko: ReportWords = {
  title: 'Fault Lab — 실습 보고서',
  docTitle: (name) => `Fault Lab 보고서 — ${name}`,
  student: '학생',
  studentId: '학번',
  course: '과목',
  date: '날짜',
  exercise: '실습 과제',
  version: (app, run) => `버전 ${app}${run !== null ? ` (실행 기록 버전 ${run})` : ''}`,
  scenario: '시나리오',
  modeSeed: '모드, 시드',
  modeName: (sim) => (sim ? '시뮬레이션' : '실제 프로세스'),
  seed: '시드',
  incomplete: '이 실행은 불완전합니다: 로그에 종료 표시가 없습니다 (실행이 중간에 끊김). 수치는 기록된 부분만 다룹니다.',
  predictionWritten: (at, started) => `예측 작성 시각: ${at}; 실행 시작 시각: ${started}.`,
  notRecorded: '기록 없음',
  evidenceWhole: (what, events, kb) => `${what}의 전체 이벤트 로그 (이벤트 ${events}개, 압축 ${kb} KB)`,
  evidenceOver: (what, size, limit) => `${what}의 이벤트 로그는 압축해도 ${size}로, 보고서에 넣을 수 있는 ${limit}보다 큽니다`,
  evidenceParts: (over, embedded, total) =>
    `${over}: 해시와 함께, 결과 수치를 계산하는 데 쓰는 이벤트 ${embedded}개(전체 ${total}개 중; 요청, 응답, 장애, 역할, 실행 — 메시지 트래픽 제외)를 넣었습니다`,
  evidenceHashOnly: (over) => `${over}. 결과 수치에 필요한 이벤트도 너무 커서 해시만 넣었습니다`,
  noAnswer: '(답 없음)',
  goal: '목표.',
  ofScenario: (label) => `이 보고서는 실습 과제의 시나리오 <b>${label}</b>에 대한 것입니다.`,
  notExerciseScenario: (files) => `이 실행의 시나리오는 실습 과제의 시나리오(${files})가 아닙니다: 바꾸었거나 자유롭게 고른 것입니다.`,
  steps: '단계',
  predictionBefore: '예측 (실행 전에 작성)',
  questions: '질문과 답',
  prediction: '예측',
  answer: (i) => `답 ${i}`,
  schemeModel: '복제 방식, 장애 모델',
  kn: 'k, 복제본 수 n',
  service: '서비스',
  workload: '작업 부하',
  workloadText: (c, r, d) => `클라이언트 ${c}개, 모두 합쳐 초당 요청 ${r}개, ${d} ms 동안 (개방 루프)`,
  timing: '타이밍',
  timingText: (t) =>
    `네트워크 지연 ${t.min}–${t.max} ms; 하트비트 ${t.heartbeat} ms; 장애 시간 제한 ${t.failure} ms; 클라이언트 시간 제한 ${t.client} ms, 재시도 ${t.retries}회`,
  options: '옵션',
  optionsText: (dedup, fencing) => `중복 요청 제거 ${dedup ? '켬' : '끔'}, 펜싱 ${fencing ? '켬' : '끔'}`,
  faultSchedule: '장애 일정',
  noFaults: '장애 없음.',
  at: '시각',
  fault: '장애',
  failover: (i) => `장애 극복 ${i}`,
  eventsLogged: '기록된 이벤트',
  eventLogHash: '이벤트 로그 SHA-256',
  runSummary: '실행 요약',
  lecture: '강의',
  tableTitle: '측정으로 채운 강의의 표',
  tableIntro: (c) =>
    `두 방식에 같은 작업 부하, 시드(${c.seed}), 장애를 적용했습니다 (k = ${c.k}): 상태 기계 복제 (${c.smrModel}, n = ${c.smrN})와 주-백업 (${c.pbModel}, n = ${c.pbN}). 위의 시나리오는 ${c.givenSmr ? '상태 기계 복제' : '주-백업'} 쪽이며, 다른 쪽은 그 방식의 복제본 한계에 맞추어 이 시나리오에서 만들었습니다.`,
  tableIntroColumns: (c) =>
    `${c.columns.length}가지 방식에 같은 작업 부하, 시드(${c.seed}), 장애를 적용했습니다 (k = ${c.k}): ${c.columns.map((x) => `${KO_SCHEME(x.key)} (${x.model}, n = ${x.n})`).join(', ')}. 위의 시나리오는 ${KO_SCHEME(c.given)} 열이며, 다른 열은 각 방식의 복제본 한계에 맞추어 이 시나리오에서 만들었습니다. 상태 기계 복제는 순서 지정자를, 주-백업은 중재자를 신뢰하고, Raft와 PBFT는 어떤 도우미도 신뢰하지 않습니다.`,
  faultsAdapted: (notes) => `더 작은 클러스터에 맞게 바꾼 장애: ${notes}.`,
  smr: '상태 기계 복제',
  pb: '주-백업',
  raft: 'Raft',
  pbft: 'PBFT',
  measures: { messages: '요청당 메시지', latency: '지연 시간 p50 / p99', cpu: '요청당 CPU 시간' },
  theColumnRun: (column) => `비교 대상의 ${KO_SCHEME(column)} 실행`,
  departsTitle: '측정이 강의와 어긋나거나 시험되지 않은 곳',
  charts: '차트',
  chartTitles: {
    outcomes: '보낸 시각과 결과별 요청',
    tally: '투표 집계: 받아들인 값에 대한 각 복제본의 응답',
    decisions: '시간에 따른 투표 결정',
    latency: '받아들인 응답의 지연 시간',
    timeline: '장애 극복 타임라인: 역할, 장애(▼), 의심(◆), 서비스 불가 구간',
  },
  outcomesCaption: '각 요청을 보낸 시각에 따라 놓고, 어떻게 끝났는지에 따라 색을 칠했습니다.',
  tallyCaption: '클라이언트의 투표기가 센 모든 응답을 복제본별로 보여 줍니다: 그 요청에 대해 받아들인 값과 같으면 초록, 다르면 빨강입니다.',
  voteTally: '투표 집계',
  noVotes: '투표 없음: 주-백업에서는 클라이언트가 주 복제본의 응답을 받으므로 아무도 투표하지 않습니다.',
  timelineCaptionPb: '장애 극복 타임라인: 시간에 따른 각 복제본의 역할(주, 백업, 복구 중, 일시 정지, 다운), 주입한 장애와 제기된 의심.',
  timelineCaption: '시간에 따른 각 복제본의 상태(정상, 일시 정지, 다운)와 주입한 장애.',
  latencyCaption: '받아들인 각 응답의 지연 시간을 요청 시각에 따라 그렸습니다. 점선은 p50과 p99입니다.',
  lamportTitle: '메시지 순서 다이어그램',
  lamportIntro: (total, dropped, windows) =>
    `램포트 시공간 다이어그램: 프로세스마다 한 줄, 시간은 왼쪽에서 오른쪽으로, 메시지마다 보낸 곳에서 전달된 곳까지 화살표 하나입니다. 이 실행은 메시지 ${total}개(누락 ${dropped}개)를 보내 하나하나 그리기에는 너무 많으므로, 개요는 실행 전체를 프로세스별 메시지 밀도로 보여 줍니다. 누락은 빨간 눈금, 장애는 ▼, 크래시/일시 정지/비잔틴 기간은 프로세스 아래 막대(진회색 다운, 중간 회색 일시 정지, 붉은 보라 비잔틴), 네트워크 분할은 음영입니다. ${windows === 1 ? '상자 A는' : `상자 A–${String.fromCharCode(64 + windows)}는`} 아래에 메시지 하나하나 그린 구간을 표시하며, 각 구간은 장애 하나(장애가 없으면 실행 시작) 주변입니다.`,
  lamportWindow: (name, messages, ms, dropped) => `${name}: ${ms} ms 동안 메시지 ${messages}개, 누락 ${dropped}개 (빨간 점선, × 로 끝남).`,
  dropped: '누락',
  data: '데이터',
  attached: (links, whole) =>
    `이 파일에 첨부됨 (브라우저로 열고 눌러서 저장): ${links}. 같은 파일${whole ? '' : '과 전체 이벤트 로그(events.csv, events.jsonl)'}이 보고서 옆에도 저장됩니다.`,
  embedded: (evidence, sim) =>
    `증거로 SHA-256과 함께 넣은 것: ${evidence}. <code>faultlab verify</code>는 넣어 둔 로그에서 위의 모든 수치를 다시 계산하고${sim ? ' 시뮬레이션을 다시 실행하므로' : '므로'}, 수치나 로그를 고치면 드러납니다.`,
  partialWarn:
    '이 보고서에는 전체 이벤트 로그가 들어 있지 않습니다 (너무 큼): <code>faultlab verify</code>는 넣어 둔 이벤트로 계산할 수 있는 수치를 다시 계산하고, 계산할 수 없는 것(메시지 수)을 알려 줍니다.',
  scenarioFile: '시나리오 파일',
  theRun: '이 실행',
  theOtherRun: '비교 대상의 다른 실행',
  footer: 'Fault Lab — <span class="pageNumber"></span> / <span class="totalPages"></span>',
};

/** The report's words per language: a Record, so a language without its words fails the type check. */
export const REPORT_WORDS: Record<Lang, ReportWords> = { en, ko };
