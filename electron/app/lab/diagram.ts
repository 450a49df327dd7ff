/**
 * The message sequence diagram (a Lamport space-time diagram) of a run, drawn main-side
 * as SVG: the whole run as an overview, and detail windows drawn arrow by arrow, either
 * around its faults or the span asked for (at most MAX_DIAGRAM_DETAIL_MESSAGES). A kept
 * run's is drawn on the lab's thread (lab-thread.ts), which holds the log of the last run
 * opened, so zooming does not read it again; a live run's, from what it has recorded.
 */
import type { MessageDiagramView } from '../../../shared/api.js';
import { LabError } from '../../../shared/api.js';
import type { RunEvent } from '../../../shared/events.js';
import type { Scenario } from '../../../shared/scenario.js';

/** A detail window of the message diagram draws at most this many messages, arrow by arrow. */
export const MAX_DIAGRAM_DETAIL_MESSAGES = 1500;

/** A run's log as the diagram needs it. */
export interface DiagramRun {
  runId: string;
  scenario: Scenario;
  events: readonly RunEvent[];
}

/** The diagram of one run's log (a live run's is drawn from what it has recorded so far). */
export async function drawMessageDiagram(run: DiagramRun, fromMs: number | undefined, toMs: number | undefined, markMessage?: number, title?: string): Promise<MessageDiagramView> {
  const { runId } = run;
  if (run.events[0]?.type !== 'run-start') throw new LabError('unavailable', `Run ${runId} has recorded nothing yet.`);
  let windows: { from: number; to: number; title?: string }[] | undefined;
  if (fromMs !== undefined && toMs !== undefined) {
    let sent = 0;
    for (const e of run.events) if (e.type === 'send' && e.t >= fromMs && e.t <= toMs) sent++;
    if (sent > MAX_DIAGRAM_DETAIL_MESSAGES) {
      throw new LabError(
        'bad-call',
        `${sent.toLocaleString('en')} messages were sent between ${Math.round(fromMs)} and ${Math.round(toMs)} ms; zoom in to a span with at most ${MAX_DIAGRAM_DETAIL_MESSAGES.toLocaleString('en')} to see them one by one (the overview shows the whole run).`,
      );
    }
    windows = [{ from: fromMs, to: toMs, ...(title !== undefined ? { title } : {}) }];
  }
  const { lamportDiagram } = await import('../../report/lamport.js');
  const d = lamportDiagram(run.events, run.scenario, { width: 1100, ...(windows ? { windows } : {}), ...(markMessage !== undefined ? { mark: markMessage } : {}) });
  return { runId, endMs: d.endMs, totalMessages: d.totalMessages, totalDropped: d.totalDropped, overviewSvg: d.overviewSvg, windows: d.windows, legend: d.legend };
}
