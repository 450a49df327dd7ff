/**
 * Step mode's cost on a run of about 100,000 events (the target: a choice answers in
 * under 100 ms): a kept simulated primary-backup run at 2,000 requests/s for 4 s, opened at the
 * middle of its workload by the lab's own step sessions (electron/app/lab/steps.ts: the kept
 * run's scenario read back from disk), then `choices` choices (the message the network would
 * deliver first, every fifth one dropped, every tenth a 5 ms wait), then finished (the parent's
 * log read, the scenario with its choices simulated to its end and checked against the
 * session, analysed and kept). Wall-clock ms, on this machine, now.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { OPEN_PAGE_EVENTS } from '../../shared/api.js';
import { percentile } from '../../shared/analysis/summary.js';
import { parseScenario } from '../../shared/scenario.js';
import type { StepChoice } from '../../shared/scenario.js';
import { KeptRuns } from '../app/lab/runs.js';
import { LabThread } from '../app/lab/lab-thread.js';
import { exportReport } from '../app/lab/reports.js';
import { MAX_STEP_SESSIONS, StepSessions } from '../app/lab/steps.js';
import { FORK_FILE } from '../../shared/fork.js';
import { LiveRuns } from '../app/lab/live.js';
import type { LiveRun } from '../runtime/live.js';
import { CATCH_UP_SLICE_MS, startLiveRun } from '../runtime/live.js';
import { runScenario } from '../runtime/run.js';

export async function stepModeRows(options: { quick: boolean }): Promise<string> {
  const choices = options.quick ? 50 : 200;
  const dataDir = mkdtempSync(join(tmpdir(), 'faultlab-bench-steps-'));
  const thread = new LabThread({ dataDir, maxStepSessions: MAX_STEP_SESSIONS }, () => {});
  try {
    const runs = new KeptRuns(dataDir, () => {});
    const { runId, dir } = runs.create();
    const scenario = parseScenario({
      faultlab: 1,
      name: 'bench step mode',
      scheme: 'primary-backup',
      failureModel: 'fail-stop',
      k: 1,
      service: 'kv',
      workload: { clients: 4, ratePerSecond: 2000, durationMs: 4000 },
    });
    const kept = await runScenario(scenario, 'sim', { dir });
    const sessions = new StepSessions(runs, thread);
    // CPU time too (this process's user + system): on a machine other work keeps busy, it says
    // what a step costs better than the wall clock does.
    const cpuMs = (since: NodeJS.CpuUsage): number => {
      const c = process.cpuUsage(since);
      return (c.user + c.system) / 1000;
    };
    // How long this thread (Electron's main, in the app) stands still while a call is worked
    // on: the sessions are on the lab's thread.
    const stallsDuring = async <T>(work: () => Promise<T>): Promise<{ value: T; maxStallMs: number }> => {
      const stalls = monitorEventLoopDelay({ resolution: 5 });
      stalls.enable();
      const value = await work();
      // One more turn, so a stall at the very end (taking in the answer) is counted too.
      await new Promise((resolve) => setTimeout(resolve, 20));
      stalls.disable();
      return { value, maxStallMs: stalls.max / 1e6 };
    };
    let c0 = process.cpuUsage();
    const b0 = performance.now();
    const { value: begun, maxStallMs: beginStallMs } = await stallsDuring(() => sessions.begin(runId, 2000));
    const beginMs = performance.now() - b0;
    const beginCpuMs = cpuMs(c0);
    c0 = process.cpuUsage();
    const perChoice: number[] = [];
    let view = begun;
    let sentEvents = begun.events.length;
    for (let i = 0; i < choices && !view.ended; i++) {
      const first = view.held[0];
      const choice: StepChoice = first === undefined || i % 10 === 9 ? { waitMs: 5 } : i % 5 === 4 ? { drop: first.id } : { deliver: first.id };
      const t0 = performance.now();
      view = await sessions.choose(begun.sessionId, choice);
      perChoice.push(performance.now() - t0);
      sentEvents += view.events.length;
    }
    const choicesCpuMs = cpuMs(c0);
    c0 = process.cpuUsage();
    const f0 = performance.now();
    const { value: finished, maxStallMs: finishStallMs } = await stallsDuring(() => sessions.finish(begun.sessionId));
    const finishMs = performance.now() - f0;
    const finishCpuMs = cpuMs(c0);
    // Fork from here at the same moment, the primary crashed there: made on a worker thread too.
    c0 = process.cpuUsage();
    const k0 = performance.now();
    const { value: forked, maxStallMs: forkStallMs } = await stallsDuring(() => runs.fork(runId, 2000, { add: [{ atMs: 2000, type: 'crash', replica: 1 }], dropLater: false }));
    const forkMs = performance.now() - k0;
    const forkCpuMs = cpuMs(c0);
    // The same fork played live: on screen at once as a live run that opens paused at its moment
    // (what the lab's forkLive does: the fork's scenario, then a live run that catches up in slices).
    let played: LiveRun | null = null;
    const liveRuns = new LiveRuns(runs, {
      start: async (s, m, o) => (played = await startLiveRun(s, m, o)),
      maxLive: 1,
      emit: () => {},
      log: () => {},
    });
    const l0 = performance.now();
    const { value: answered, maxStallMs: catchUpStallMs } = await stallsDuring(async () => {
      const { scenario: forkedScenario, origin } = runs.forkToPlay(runId, 2000, { add: [{ atMs: 2000, type: 'crash', replica: 1 }], dropLater: false });
      const started = await liveRuns.start(forkedScenario, 'sim', true, { fromMs: 2000, paused: true, files: { [FORK_FILE]: JSON.stringify(origin) } });
      const answerMs = performance.now() - l0;
      while ((played?.elapsedMs() ?? 0) < 2000) await new Promise((resolve) => setTimeout(resolve, 1));
      return { runId: started.runId, answerMs, momentMs: performance.now() - l0, events: played?.events.length ?? 0 };
    });
    await liveRuns.stop(answered.runId);
    // Opening the kept run and drawing its message diagram (the lab's thread reads the log).
    const o0 = performance.now();
    const { value: opened, maxStallMs: openStallMs } = await stallsDuring(() => thread.ask({ call: 'load', runId }));
    const openMs = performance.now() - o0;
    // The same run opened as the window opens it, read again: the first page, then the rest page by page.
    await thread.ask({ call: 'forget', runId });
    const p0 = performance.now();
    const { maxStallMs: pagedStallMs } = await stallsDuring(async () => {
      const first = await thread.ask({ call: 'load', runId, eventsPage: OPEN_PAGE_EVENTS });
      for (let have = first.events.length; have < first.eventCount; ) have += (await thread.ask({ call: 'events', runId, from: have, count: OPEN_PAGE_EVENTS })).length;
    });
    const pagedMs = performance.now() - p0;
    const d0 = performance.now();
    const { maxStallMs: drawStallMs } = await stallsDuring(() => thread.ask({ call: 'diagram', runId, fromMs: 1000, toMs: 1050, markMessage: undefined, title: undefined }));
    const drawMs = performance.now() - d0;
    // Its lab report (HTML with charts and the diagram, and the data files): written on a worker thread.
    const r0 = performance.now();
    const { maxStallMs: reportStallMs } = await stallsDuring(() => exportReport(dir, { runId, student: { name: '', id: '', course: '' }, prediction: '', answers: [], pdf: false, moreRunIds: [] }, { dataDir, printPdf: null, chooseSavePath: undefined, log: () => {} }));
    const reportMs = performance.now() - r0;
    const sorted = [...perChoice].sort((a, b) => a - b);
    const ms = (v: number | null): string => (v === null ? '-' : v.toFixed(2));
    return [
      `step mode on a kept run of ${kept.events.length.toLocaleString('en-US')} events (primary-backup, 2,000 req/s for 4 s), opened at 2000 ms:`,
      `  begin (read the kept run's scenario, simulate to the moment, ${begun.events.length.toLocaleString('en-US')} events and ${begun.held.length} held messages handed out, on the lab's thread): ${ms(beginMs)} ms (CPU ${ms(beginCpuMs)} ms); the calling thread's longest stall meanwhile ${ms(beginStallMs)} ms`,
      `  per choice (a round trip to that thread), ${perChoice.length} choices: p50 ${ms(percentile(sorted, 50))} ms, p99 ${ms(percentile(sorted, 99))} ms, max ${ms(sorted.at(-1) ?? null)} ms (${(sentEvents - begun.events.length).toLocaleString('en-US')} events handed out in all); CPU ${ms(choicesCpuMs / Math.max(1, perChoice.length))} ms a choice on average`,
      `  finish (the parent's log read, the scenario with its choices simulated to its end and checked against the session, analysed, kept, on a worker thread): ${ms(finishMs)} ms (CPU ${ms(finishCpuMs)} ms); ${finished.differing} requests ended otherwise than in the parent; the calling thread's longest stall meanwhile ${ms(finishStallMs)} ms`,
      `  fork from here at 2000 ms with the primary crashed there (the parent's log read, the fork simulated, checked to repeat the parent before the moment, analysed, set beside it and kept, on a worker thread): ${ms(forkMs)} ms (CPU ${ms(forkCpuMs)} ms); ${forked.differing} requests ended otherwise; the calling thread's longest stall meanwhile ${ms(forkStallMs)} ms`,
      `  fork from here played live, the same fork (forkLive: the fork's scenario, then a live simulated run that opens paused at its moment, getting there in slices of at most ${CATCH_UP_SLICE_MS} ms): answered, the fork on screen, in ${ms(answered.answerMs)} ms; at its moment, ${answered.events.toLocaleString('en-US')} events handed out, in ${ms(answered.momentMs)} ms; the calling thread's longest stall meanwhile ${ms(catchUpStallMs)} ms`,
      `  open the kept run (its ${opened.events.length.toLocaleString('en-US')} events read, checked and analysed on the lab's thread, then handed over whole): ${ms(openMs)} ms, the calling thread's longest stall meanwhile ${ms(openStallMs)} ms; its message diagram with 50 ms in detail (log held): ${ms(drawMs)} ms, longest stall ${ms(drawStallMs)} ms`,
      `  its lab report written (read, charts and diagram drawn, HTML and data files, on a worker thread): ${ms(reportMs)} ms, the calling thread's longest stall ${ms(reportStallMs)} ms`,
      `  open it as the window does (a first page of ${OPEN_PAGE_EVENTS.toLocaleString('en-US')} events with the reading, then the rest page by page from the log held): ${ms(pagedMs)} ms, the calling thread's longest stall ${ms(pagedStallMs)} ms`,
      '',
    ].join('\n');
  } finally {
    thread.shutdown();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
