/** Test helpers for the lab's main side: a backend on a temporary data folder, and call outcomes. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { EventName, LabErrorCode, LabEvents } from '../../../shared/api.js';
import { startLiveRun } from '../../runtime/live.js';
import type { BackendOptions, CallOutcome } from '../handlers.js';
import { LabBackend } from '../handlers.js';

/** Options for a backend in tests: browser shell, simulation only, live runs batched every 10 ms. */
export function testBackendOptions(dataDir: string, logged: string[], extra: Partial<BackendOptions> = {}): BackendOptions {
  return {
    dataDir,
    shell: 'browser',
    realModeAvailable: () => false,
    log: (m) => logged.push(m),
    // Live runs batched often, so a test waits milliseconds, not seconds.
    startRun: (s, mode, o) => startLiveRun(s, mode, { ...o, batchMs: 10 }),
    ...extra,
  };
}

/** A test's lab: a data folder of its own, what the backends logged, and the backend to call. */
export interface TestLab {
  dataDir: string;
  logged: string[];
  backend: LabBackend;
  /** Another backend on the same data folder (shut down after the test too). */
  make(extra?: Partial<BackendOptions>): LabBackend;
}

/**
 * Gives every test of the file a fresh TestLab (a new temporary data folder named prefix…,
 * backends with testBackendOptions and `defaults`), and shuts down every backend it made
 * after the test.
 */
export function labPerTest(prefix: string, defaults: Partial<BackendOptions> = {}): TestLab {
  const made: LabBackend[] = [];
  const lab: TestLab = {
    dataDir: '',
    logged: [],
    backend: undefined as unknown as LabBackend,
    make(extra = {}) {
      const b = new LabBackend(testBackendOptions(lab.dataDir, lab.logged, { ...defaults, ...extra }));
      made.push(b);
      return b;
    },
  };
  beforeEach(() => {
    lab.dataDir = mkdtempSync(join(tmpdir(), prefix));
    lab.logged = [];
    lab.backend = lab.make();
  });
  afterEach(async () => {
    await Promise.all(made.splice(0).map((b) => b.shutdown()));
  });
  return lab;
}

/** The result of a call that must succeed. */
export async function ok<T>(p: Promise<CallOutcome>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`expected success, got: ${r.error}`);
  return r.result as T;
}

/** The code and sentence of a call that must fail. */
export async function failure(p: Promise<CallOutcome>): Promise<{ code: LabErrorCode; error: string }> {
  const r = await p;
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.result).slice(0, 200)}`);
  return { code: r.code, error: r.error };
}

/** The sentence of a call that must fail. */
export async function fails(p: Promise<CallOutcome>): Promise<string> {
  return (await failure(p)).error;
}

/** The next event of this name that satisfies pred. */
export function nextEvent<E extends EventName>(b: LabBackend, name: E, pred: (p: LabEvents[E]) => boolean = () => true): Promise<LabEvents[E]> {
  return new Promise((resolve) => {
    const off = b.subscribe((n, payload) => {
      if ((n as EventName) === name && pred(payload as LabEvents[E])) {
        off();
        resolve(payload as LabEvents[E]);
      }
    });
  });
}
