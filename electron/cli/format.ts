/** A run's figures for the terminal: the figure catalogue's rows in two columns. */
import type { FoldInput } from '../../shared/views/folds.js';
import { failoverText, figuresOf } from '../../shared/views/figures.js';

/**
 * The run's figures, one a line: label and value, a figure that breaks another down
 * indented under it, a bad one marked with `!` in the margin. Figures with nothing to say
 * (no CPU time in simulation, no Byzantine replica) are left out.
 */
export function formatSummary(input: FoldInput): string {
  const s = input.summary;
  const lines = [
    `${s.scenarioName}`,
    `  ${s.scheme}, ${s.failureModel}, k=${s.k}, n=${s.n}, service ${s.service}, ${s.mode === 'sim' ? 'simulated' : 'real processes'}, seed ${s.seed}${s.complete ? '' : '  (INCOMPLETE RUN)'}`,
    '',
  ];
  const figures = figuresOf(input).filter((f) => !f.omit);
  const labelOf = (f: { label: string; partOf: string | null }): string => `${f.partOf === null ? '' : '  '}${f.label}`;
  const width = Math.max(...figures.map((f) => labelOf(f).length), 'Final state hashes'.length) + 2;
  const line = (label: string, value: string, bad = false): string => `${bad ? '! ' : '  '}${label.padEnd(width)}${value}`;
  for (const f of figures) {
    lines.push(line(labelOf(f), f.text, f.bad));
    if (f.key === 'failovers.count') for (const fo of s.failovers) lines.push(`      ${failoverText(fo)}`);
  }
  const hashes = Object.entries(s.divergence.stateHashes)
    .map(([r, h]) => `r${r}=${h === null ? 'down' : h.slice(0, 8)}`)
    .join(' ');
  lines.push(line('Final state hashes', hashes));
  lines.push(line('Event log', `${s.eventCount} events${s.eventLogSha256 === '' ? '' : `, sha256 ${s.eventLogSha256.slice(0, 16)}…`}`));
  if (figures.some((f) => f.bad)) lines.push('', '  (! marks a figure that shows something went wrong)');
  return lines.join('\n');
}
