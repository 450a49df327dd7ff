/** A run's figures for the terminal: the figure catalogue's rows in two columns. */
import { columnsOf } from '../../shared/compare.js';
import { FAILOVER_TEXT } from '../../shared/compare-words.js';
import type { Lang } from '../../shared/describe.js';
import type { FoldInput } from '../../shared/views/folds.js';
import { figuresOf, FIGURES } from '../../shared/views/figures.js';

/** The words around the figures, per language (the figures' labels are the catalogue's). */
const WORDS: Record<Lang, { mode: (sim: boolean) => string; service: string; seed: string; incomplete: string; hashes: string; log: string; events: (n: number) => string; bad: string }> = {
  en: {
    mode: (sim) => (sim ? 'simulated' : 'real processes'),
    service: 'service',
    seed: 'seed',
    incomplete: '  (INCOMPLETE RUN)',
    hashes: 'Final state hashes',
    log: 'Event log',
    events: (n) => `${n} events`,
    bad: '  (! marks a figure that shows something went wrong)',
  },
  ko: {
    mode: (sim) => (sim ? '시뮬레이션' : '실제 프로세스'),
    service: '서비스',
    seed: '시드',
    incomplete: '  (끝나지 않은 실행)',
    hashes: '최종 상태 해시',
    log: '이벤트 로그',
    events: (n) => `이벤트 ${n}개`,
    bad: '  (! 는 무언가 잘못되었음을 보여 주는 수치입니다)',
  },
};

/**
 * The run's figures, one a line: label and value, a figure that breaks another down
 * indented under it, a bad one marked with `!` in the margin. Figures with nothing to say
 * (no CPU time in simulation, no Byzantine replica) are left out. Labels in `lang`.
 */
export function formatSummary(input: FoldInput, lang: Lang = 'en'): string {
  const s = input.summary;
  const w = WORDS[lang];
  const lines = [
    `${s.scenarioName}`,
    `  ${s.scheme}, ${s.failureModel}, k=${s.k}, n=${s.n}, ${w.service} ${s.service}, ${w.mode(s.mode === 'sim')}, ${w.seed} ${s.seed}${s.complete ? '' : w.incomplete}`,
    '',
  ];
  const figures = figuresOf(input, FIGURES, lang).filter((f) => !f.omit);
  const labelOf = (f: { label: string; partOf: string | null }): string => `${f.partOf === null ? '' : '  '}${f.label}`;
  const width = Math.max(...figures.map((f) => columnsOf(labelOf(f))), columnsOf(w.hashes)) + 2;
  const line = (label: string, value: string, bad = false): string => `${bad ? '! ' : '  '}${label}${' '.repeat(Math.max(0, width - columnsOf(label)))}${value}`;
  for (const f of figures) {
    lines.push(line(labelOf(f), f.text, f.bad));
    if (f.key === 'failovers.count') for (const fo of s.failovers) lines.push(`      ${FAILOVER_TEXT[lang](fo)}`);
  }
  const hashes = Object.entries(s.divergence.stateHashes)
    .map(([r, h]) => `r${r}=${h === null ? 'down' : h.slice(0, 8)}`)
    .join(' ');
  lines.push(line(w.hashes, hashes));
  lines.push(line(w.log, `${w.events(s.eventCount)}${s.eventLogSha256 === '' ? '' : `, sha256 ${s.eventLogSha256.slice(0, 16)}…`}`));
  if (figures.some((f) => f.bad)) lines.push('', w.bad);
  return lines.join('\n');
}
