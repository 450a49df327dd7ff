/** Faults in words: one phrasing for the app, the report and the comparison. */
import type { LiveFaultInput } from './api.js';
import type { Fault } from './scenario.js';

function untilText(untilMs: number | undefined): string {
  return untilMs === undefined ? '' : ` until ${untilMs} ms`;
}

/** A scheduled or live fault as a short phrase (without its time). */
export function describeFault(f: Fault | LiveFaultInput): string {
  switch (f.type) {
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
      return `${f.type} replica ${f.replica}`;
    case 'byzantine':
      return f.behavior === 'none' ? `replica ${f.replica} correct again` : `replica ${f.replica} Byzantine: ${f.behavior}`;
    case 'omission':
      return `replica ${f.replica} drops ${Math.round(f.probability * 100)}% (${f.direction ?? 'both'})${untilText(f.untilMs)}`;
    case 'delay':
      return `replica ${f.replica} delayed ${f.ms} ms${f.jitterMs ? ` ± ${f.jitterMs}` : ''}${untilText(f.untilMs)}`;
    case 'duplicate':
      return `replica ${f.replica} duplicates ${Math.round(f.probability * 100)}%${untilText(f.untilMs)}`;
    case 'reorder':
      return `replica ${f.replica} reorders within ${f.windowMs} ms${untilText(f.untilMs)}`;
    case 'partition':
      return `partition ${f.groups.map((g) => `{${g.join(', ')}}`).join(' | ')}`;
    case 'heal':
      return 'heal all partitions';
  }
}
