/**
 * The run on screen: a live one (events arriving in batches) or a kept one reopened from
 * disk. The event array and the folded LiveModel are not reactive (markRaw); `version`
 * ticks once per batch and the views recompute from it. Correctness of each request and
 * the figures come from one shared reading of the log (shared/views/figures.ts): the
 * analysis folded as batches arrive and finished again at most about once a second while
 * live, and over the run's own summary once it has ended.
 */
import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { ReplicaView } from '@shared/api';
import type { ForkComparison, ForkOrigin } from '@shared/fork';
import { LabError, OPEN_PAGE_EVENTS } from '@shared/api';
import type { Fault, FaultSpec } from '@shared/faults';
import type { LivePace } from '@shared/pace';
import { NORMAL_PACE } from '@shared/pace';
import type { Outcome, RunSummary } from '@shared/analysis/summary';
import { LogAnalyzer } from '@shared/analysis/summary';
import type { FigureView } from '@shared/views/figures';
import { foldedFigures, liveFigures } from '@shared/views/figures';
import type { RunEvent, RunMode } from '@shared/events';
import type { Scenario } from '@shared/scenario';
import { LiveModel, modelAt } from '@shared/views/model';
import { messages } from '../i18n';
import { useScenarioStore } from './scenario';
import { useAppStore } from './app';
import { useRunsStore } from './runs';

const MIN_ANALYSIS_INTERVAL_MS = 700;
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
/** How often the views redraw during a live run, at most (ms). */
const VIEW_REFRESH_MS = 50;

export const useRunStore = defineStore('run', () => {
  const runId = ref<string | null>(null);
  /** Where the run on screen left its parent, when it is a fork (Fork from here). */
  const forkOrigin = shallowRef<ForkOrigin | null>(null);
  /** A reopened fork's differences from its parent (or why they cannot be shown), as the lab read them on load. */
  const forkComparison = shallowRef<ForkComparison | null>(null);
  const scenario = shallowRef<Scenario | null>(null);
  const mode = ref<RunMode>('sim');
  /** The mode the Run button will use (the mode selector). */
  const chosenMode = ref<RunMode>('sim');
  /** Set when the last run could not be saved completely. */
  const saveProblem = ref<string | null>(null);
  const live = ref(false);
  const complete = ref(true);
  const starting = ref(false);
  const error = ref<string | null>(null);
  const events = shallowRef<RunEvent[]>(markRaw([]));
  const model = shallowRef<LiveModel | null>(null);
  /**
   * The views' signal to recompute: ticks once per batch of a replay, and during a live run
   * at most once per VIEW_REFRESH_MS (a run at 20,000 requests/s sends hundreds of batches a
   * second; redrawing every view for each would leave the page behind its own event stream).
   */
  const version = ref(0);
  const summary = shallowRef<RunSummary | null>(null);
  /** True once `summary` is the run's own final summary (not a live estimate). */
  const summaryFinal = ref(false);
  const outcomes = shallowRef<ReadonlyMap<string, Outcome>>(new Map());
  /** The run's figures from the figure catalogue (what the metrics tiles show). */
  const figures = shallowRef<FigureView[]>([]);
  /** The moment the cluster view shows after a run (null: its end, or now while live). */
  const scrubMs = ref<number | null>(null);
  const replicaViews = shallowRef<ReplicaView[]>([]);
  /** Wall-clock ms the last analysis of the log took (shown in the metrics view). */
  const analysisMs = ref(0);
  /** How the live run goes: paused or not, and at which speed (shared/pace.ts). */
  const pace = ref<LivePace>({ ...NORMAL_PACE });
  /** A kept run being opened: how many of its events have come (null: none is being opened). */
  const loading = ref<{ events: number; of: number } | null>(null);
  /** Counts the runs put on screen: an open that sees another count has been replaced, and stops. */
  let generation = 0;

  const early = new Map<string, RunEvent[]>();
  /**
   * The analysis folded as the log arrives (a live run, or a log the lab gave no reading
   * of), finished again at each look: a look costs the run's requests, not its whole log.
   * Not kept for a kept run opened with the lab's reading (`folding` false).
   */
  let fold: LogAnalyzer | null = null;
  /** A pause waiting for the events logged before it (setPace). */
  let catchUp: { count: number; done: () => void } | null = null;
  let folding = true;
  let analysisTimer: ReturnType<typeof setTimeout> | null = null;
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;
  let attached = false;

  /** Bumps `version` soon (once for every live batch that arrives meanwhile). */
  function scheduleRefresh(): void {
    if (refreshTimer !== null) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      version.value++;
    }, VIEW_REFRESH_MS);
  }

  function reset(): void {
    generation++;
    endCatchUp();
    fold = null;
    folding = true;
    loading.value = null;
    if (analysisTimer) clearTimeout(analysisTimer);
    analysisTimer = null;
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = null;
    events.value = markRaw([]);
    model.value = null;
    summary.value = null;
    summaryFinal.value = false;
    outcomes.value = new Map();
    figures.value = [];
    scrubMs.value = null;
    replicaViews.value = [];
    error.value = null;
    saveProblem.value = null;
    forkOrigin.value = null;
    forkComparison.value = null;
    pace.value = { ...NORMAL_PACE };
    version.value++;
  }

  function runAnalysis(): void {
    analysisTimer = null;
    const log = events.value;
    if (log.length === 0 || log[0]?.type !== 'run-start') return;
    const started = performance.now();
    const final = summaryFinal.value ? summary.value : null;
    const result = fold ? foldedFigures(fold, log, final) : liveFigures(log, final);
    analysisMs.value = performance.now() - started;
    if (!summaryFinal.value) summary.value = result.summary;
    outcomes.value = result.outcomes;
    figures.value = result.figures;
  }

  function scheduleAnalysis(): void {
    if (analysisTimer !== null) return;
    // Back off on long logs so the analysis never takes more than a tenth of the time.
    analysisTimer = setTimeout(runAnalysis, Math.max(MIN_ANALYSIS_INTERVAL_MS, analysisMs.value * 10));
  }

  function ingest(batch: readonly RunEvent[]): void {
    if (batch.length === 0) return;
    const log = events.value;
    for (const e of batch) {
      if (e.type === 'run-start') {
        scenario.value = markRaw(e.scenario);
        mode.value = e.mode;
        model.value = markRaw(new LiveModel(e.scenario));
        fold = folding ? new LogAnalyzer() : null;
      }
      log.push(e);
      fold?.add(e);
    }
    model.value?.ingest(batch);
    if (catchUp && log.length >= catchUp.count) endCatchUp();
    if (live.value) {
      scheduleRefresh();
      scheduleAnalysis();
    } else {
      version.value++;
    }
  }

  /** Subscribes to the lab's run events (once). */
  function attach(): void {
    if (attached) return;
    attached = true;
    const lab = useAppStore().lab();
    lab.on('runEvents', ({ runId: id, events: batch }) => {
      if (id === runId.value) ingest(batch);
      else if (starting.value) early.set(id, [...(early.get(id) ?? []), ...batch]);
    });
    lab.on('runEnded', ({ runId: id, summary: final, complete: done, problem }) => {
      if (id !== runId.value) {
        void useRunsStore().refresh();
        return;
      }
      live.value = false;
      endCatchUp();
      complete.value = done;
      saveProblem.value = problem ?? null;
      model.value?.close(model.value.lastT);
      summary.value = final;
      summaryFinal.value = true;
      if (analysisTimer) clearTimeout(analysisTimer);
      runAnalysis();
      version.value++;
      void useRunsStore().refresh();
      if (forkOrigin.value) void readForkComparison(id);
    });
  }

  /** Set when the lab refused the last start as too big for its memory budget: the reason, to ask "run anyway?". */
  const tooBig = ref<string | null>(null);

  async function start(input: unknown, runMode: RunMode, force = false): Promise<void> {
    tooBig.value = null;
    // A command from a scenario file runs only once the student has read it and said so.
    if (useScenarioStore().commandNeedsTrust) {
      error.value = messages().ownReplica.untrusted;
      return;
    }
    const lab = useAppStore().lab();
    attach();
    reset();
    starting.value = true;
    early.clear();
    try {
      const { runId: id } = await lab.startRun({ scenario: input, mode: runMode, force });
      await showLive(id, runMode);
    } catch (err) {
      if (err instanceof LabError && err.code === 'too-big') tooBig.value = err.message;
      else error.value = (err as Error).message;
    } finally {
      starting.value = false;
    }
  }

  /**
   * Fork from here, played live: the lab starts the fork (forkLive) and it goes on screen as
   * the live run, paused at its moment (its past arrives in batches, as fast as the lab
   * simulates it). The run on screen stays until the lab has said yes; a refusal is thrown,
   * for the fork's form to show. Its scenario becomes the panel's, so Run runs it again.
   */
  async function playFork(args: { runId: string; atMs: number; add: Fault[]; dropLater: boolean }): Promise<void> {
    const lab = useAppStore().lab();
    attach();
    starting.value = true;
    early.clear();
    try {
      const out = await lab.forkLive(args);
      reset();
      useScenarioStore().loadRun(out.scenario, []);
      await showLive(out.runId, 'sim', { pace: out.pace, fork: out.origin });
    } finally {
      starting.value = false;
    }
  }

  /** Shows the live run `id` the lab has just started, with the events that came before its id did. */
  async function showLive(id: string, runMode: RunMode, opened: { pace?: LivePace; fork?: ForkOrigin } = {}): Promise<void> {
    runId.value = id;
    live.value = true;
    complete.value = false;
    mode.value = runMode;
    if (opened.pace) pace.value = { ...opened.pace };
    forkOrigin.value = opened.fork ?? null;
    const buffered = early.get(id) ?? [];
    early.clear();
    ingest(buffered);
    void useRunsStore().refresh();
    replicaViews.value = await useAppStore().lab().listReplicas({ runId: id });
  }

  /** A fork played live has ended: its differences from its parent, as the lab reads them for a kept fork. */
  async function readForkComparison(id: string): Promise<void> {
    const showing = generation;
    try {
      const data = await useAppStore().lab().loadRun({ runId: id, eventsPage: 1 });
      if (showing === generation && runId.value === id) forkComparison.value = data.forkComparison ?? null;
    } catch (err) {
      if (showing === generation) error.value = (err as Error).message;
    }
  }

  async function stop(): Promise<void> {
    if (!runId.value || !live.value) return;
    try {
      await useAppStore().lab().stopRun({ runId: runId.value });
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  async function inject(fault: FaultSpec): Promise<void> {
    if (!runId.value || !live.value) throw new Error('no run is going on');
    await useAppStore().lab().injectFault({ runId: runId.value, fault });
    if (fault.type === 'crash' || fault.type === 'restart') {
      replicaViews.value = await useAppStore().lab().listReplicas({ runId: runId.value });
    }
  }

  /**
   * Pauses, resumes or slows the live run (the relay, in real mode). A pause shows as paused once the page has every
   * event the run logged before it, drawn: the picture then shows the moment of the pause,
   * and stands still (events logged just before it could still be on their way).
   */
  async function setPace(change: Partial<LivePace>): Promise<void> {
    if (!runId.value || !live.value) return;
    const showing = generation;
    try {
      const answer = await useAppStore().lab().paceRun({ runId: runId.value, ...change });
      if (answer.paused) await caughtUp(answer.eventCount);
      if (showing !== generation) return;
      pace.value = { paused: answer.paused, speed: answer.speed };
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  /** Resolves once the page has `count` events of the run on screen, drawn (or once another run is on screen, or it ended). */
  async function caughtUp(count: number): Promise<void> {
    if (events.value.length < count && live.value) {
      await new Promise<void>((resolve) => {
        catchUp?.done();
        catchUp = { count, done: resolve };
      });
    }
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = null;
    version.value++;
  }
  function endCatchUp(): void {
    const c = catchUp;
    catchUp = null;
    c?.done();
  }

  /**
   * Opens a kept run for replay and scrubbing. Its log comes page by page (OPEN_PAGE_EVENTS
   * at a time, shared/api.ts), each page folded and drawn before the next is asked for, so
   * a long run never holds the page up in one piece (250k events in one message took 1.5 s
   * in one task); the
   * requests' outcomes and the figures come with the first page, read by the lab where it
   * read the log. `loading` says how far it has come; another run put on screen ends it.
   * Once open, its scenario is the panel's (with the faults injected live), so Run runs it again.
   */
  async function open(id: string): Promise<void> {
    const lab = useAppStore().lab();
    attach();
    reset();
    const opening = generation;
    try {
      const data = await lab.loadRun({ runId: id, eventsPage: OPEN_PAGE_EVENTS });
      if (opening !== generation) return;
      runId.value = id;
      live.value = data.listing.live;
      complete.value = data.listing.complete;
      forkOrigin.value = data.fork ?? null;
      forkComparison.value = data.forkComparison ?? null;
      scenario.value = markRaw(data.scenario);
      // A kept run's summary is read from its log again (final once the log is complete).
      summary.value = data.listing.summary;
      summaryFinal.value = data.listing.summary !== null && data.listing.complete;
      if (data.reading) {
        outcomes.value = new Map(data.reading.outcomes);
        figures.value = data.reading.figures;
      }
      folding = !data.reading;
      let have = data.events.length;
      loading.value = { events: have, of: data.eventCount };
      ingest(data.events);
      while (have < data.eventCount) {
        const page = await lab.runEvents({ runId: id, from: have, count: OPEN_PAGE_EVENTS });
        if (opening !== generation) return;
        if (page.events.length === 0) throw new Error(messages().runBar.logShrank(have, data.eventCount));
        have += page.events.length;
        loading.value = { events: have, of: data.eventCount };
        ingest(page.events);
      }
      if (have > data.events.length) {
        // The last page's drawing and the closing of the run, each in a task of its own.
        await nextTask();
        if (opening !== generation) return;
      }
      loading.value = null;
      if (!model.value) model.value = markRaw(new LiveModel(data.scenario));
      if (!data.listing.live) model.value.close(model.value.lastT);
      if (!data.reading) runAnalysis();
      version.value++;
      const liveFaults = events.value.flatMap((e) => (e.type === 'fault' && e.source === 'live' ? [e.fault] : []));
      useScenarioStore().loadRun(data.scenario, liveFaults);
      // What the caller does next (show the run's view, whose chart may draw for the first time) in a task of its own.
      if (have > data.events.length) await nextTask();
    } catch (err) {
      if (opening !== generation) return;
      loading.value = null;
      error.value = (err as Error).message;
    }
  }

  /**
   * Shows a step session's log (Choose messages from here): not a kept run (no run id), not
   * live, not complete; it grows by `ingest` with each choice, and the picture shows its end.
   */
  function showStepLog(log: readonly RunEvent[]): void {
    reset();
    runId.value = null;
    live.value = false;
    complete.value = false;
    ingest(log);
  }

  /** The cluster as it was at the scrub time (or now). */
  const shownModel = computed<LiveModel | null>(() => {
    void version.value;
    const m = model.value;
    if (!m || scrubMs.value === null || live.value || !scenario.value) return m;
    return markRaw(modelAt(scenario.value, events.value, scrubMs.value));
  });

  return {
    runId, forkOrigin, forkComparison, scenario, mode, chosenMode, saveProblem, live, complete, starting, error, tooBig, events, model, version, summary, summaryFinal, outcomes, figures, scrubMs, replicaViews, analysisMs, shownModel, pace, loading,
    attach, start, playFork, stop, inject, open, ingest, showStepLog, setPace,
  };
});
