/**
 * Scenario files handed to the app by the operating system: a double-click on a
 * `*.faultlab.json` file (Windows and Linux start the app, or a second instance, with the
 * path in argv; macOS sends `open-file`), Open Recent, and File → Open.
 *
 * This module promises that a file reaches the renderer (as the `scenarioOpened` event)
 * only after it was read whole, within a size limit, and validated as a scenario; that
 * anything else becomes one clear message for the user, never a thrown error; that files
 * arriving before the window can take them wait in a bounded queue; and that the recent
 * files list is bounded and written atomically. It has no Electron import: the wiring is
 * in desktop.ts.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, posix, win32 } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LabEvents } from '../../shared/api.js';
import { ASSIGNMENT_EXTENSION } from '../../shared/assignment.js';
import type { Scenario } from '../../shared/scenario.js';
import { parseScenarioText, ScenarioError } from '../../shared/scenario.js';
import { writeFileAtomic } from '../runtime/files.js';

/** The scenario file name ending of the design document. */
export const SCENARIO_SUFFIX = '.faultlab.json';
/** The largest scenario file read (the same bound as the validateScenario call). */
export const MAX_SCENARIO_BYTES = 5_000_000;
/** Files waiting for the window; more than this at once are refused with a message. */
export const MAX_PENDING_OPENS = 16;
/** Entries kept in File → Open Recent. */
export const MAX_RECENT_FILES = 10;
/** Problems listed in an error message before "and N more". */
const MAX_PROBLEMS_SHOWN = 8;

/** A scenario file read and validated: what the renderer receives, plus the parsed value. */
export interface OpenedScenario extends Readonly<LabEvents['scenarioOpened']> {
  scenario: Scenario;
}

/** The outcome of opening one file: the scenario, or a message to show as it is. */
export type OpenOutcome = { ok: true; opened: OpenedScenario } | { ok: false; path: string; title: string; message: string };

/** How the app was started: `defaultApp` is Electron's `process.defaultApp` (`electron .`). */
export interface ArgvContext {
  /** The working directory relative paths are resolved against (the second instance's). */
  cwd: string;
  /** True when argv[1] is the app's folder rather than a user argument. */
  defaultApp: boolean;
  /** Whose path rules apply (default: this process's platform). */
  platform?: NodeJS.Platform;
}

/**
 * The scenario paths in a command line: Windows and Linux pass a double-clicked file as an
 * argument, the Linux desktop entry as a file:// URL (%U). Skips the executable, the app
 * path under `electron .`, and every switch (Chromium adds its own to a second instance's
 * argv). Only `.json` files are taken: other arguments are not the user's files.
 */
export function scenarioPathsFromArgv(argv: readonly string[], ctx: ArgvContext): string[] {
  const pathRules = (ctx.platform ?? process.platform) === 'win32' ? win32 : posix;
  const args = argv.slice(ctx.defaultApp ? 2 : 1);
  const paths: string[] = [];
  for (const arg of args) {
    if (arg === '' || arg.startsWith('-')) continue;
    let path = arg;
    if (/^file:\/\//i.test(arg)) {
      try {
        path = fileURLToPath(arg);
      } catch {
        // A malformed file URL: pass it on as it is, so opening it reports it to the user.
        if (!paths.includes(arg)) paths.push(arg);
        continue;
      }
    } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) {
      continue; // another URL scheme: not a file
    }
    if (!/\.json$/i.test(path)) continue;
    const absolute = pathRules.isAbsolute(path) ? path : pathRules.resolve(ctx.cwd, path);
    if (!paths.includes(absolute)) paths.push(absolute);
  }
  return paths;
}

function describeReadError(path: string, err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT':
      return `The file ${path} does not exist (it may have been moved or deleted).`;
    case 'EACCES':
    case 'EPERM':
      return `Fault Lab is not allowed to read ${path}.`;
    case 'EISDIR':
      return `${path} is a folder, not a scenario file.`;
    default:
      return `${path} could not be read: ${err.message}`;
  }
}

/** Reads and validates a scenario file; never throws. */
export function readScenarioFile(path: string, maxBytes = MAX_SCENARIO_BYTES): OpenOutcome {
  const fail = (message: string): OpenOutcome => ({ ok: false, path, title: `Cannot open ${basename(path)}`, message });
  let text: string;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return fail(`${path} is a folder, not a scenario file.`);
    if (!stat.isFile()) return fail(`${path} is not a regular file.`);
    if (stat.size > maxBytes) {
      return fail(`${path} is ${formatBytes(stat.size)}; a scenario file is at most ${formatBytes(maxBytes)}. It is probably not a scenario.`);
    }
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return fail(describeReadError(path, err as NodeJS.ErrnoException));
  }
  // The file may have grown between stat and read.
  if (Buffer.byteLength(text, 'utf8') > maxBytes) return fail(`${path} is larger than ${formatBytes(maxBytes)}; a scenario file is at most that.`);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte-order mark some editors write
  try {
    const scenario = parseScenarioText(text);
    return { ok: true, opened: { path, text, scenario } };
  } catch (err) {
    if (!(err instanceof ScenarioError)) return fail(`${path} could not be checked: ${(err as Error).message}`);
    const hint = path.toLowerCase().endsWith(SCENARIO_SUFFIX) ? '' : ` (scenario files are named *${SCENARIO_SUFFIX})`;
    const shown = err.problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => `• ${p}`);
    if (err.problems.length > MAX_PROBLEMS_SHOWN) shown.push(`…and ${err.problems.length - MAX_PROBLEMS_SHOWN} more`);
    return fail(`${path} is not a valid Fault Lab scenario${hint}:\n${shown.join('\n')}`);
  }
}

function formatBytes(n: number): string {
  return n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1)} MB` : `${Math.ceil(n / 1000)} kB`;
}

/** What the opener does with an outcome. */
export interface OpenerSinks {
  /** Sends a validated scenario to the renderer (the `scenarioOpened` event). */
  deliver(opened: LabEvents['scenarioOpened']): void;
  /** Shows a problem to the user (dialog.showErrorBox in the app). */
  showError(title: string, message: string): void;
  /** A file opened successfully (recent files). */
  opened?(path: string): void;
  /** A file could not be opened (drop it from recent files). */
  failed?(path: string): void;
  /**
   * Opens an assignment file (`*.faultlab-assignment.json`) rather than reading it as a
   * scenario: the lab lists its exercises; resolves with the sentence to show when it cannot.
   */
  openAssignment?(path: string): { ok: true } | { ok: false; message: string };
}

/** Whether a path names an assignment file rather than a scenario. */
export function isAssignmentPath(path: string): boolean {
  return path.toLowerCase().endsWith(ASSIGNMENT_EXTENSION);
}

/**
 * Takes open requests at any time and handles them once the window can receive them:
 * macOS sends `open-file` before the app is ready, and a double-click may arrive while the
 * window is reloading. The queue is bounded: requests beyond MAX_PENDING_OPENS are refused
 * with one message when the window is ready, not silently dropped.
 */
export class ScenarioOpener {
  private readonly pending: string[] = [];
  private refused = 0;
  private ready = false;

  constructor(
    private readonly sinks: OpenerSinks,
    private readonly read: (path: string) => OpenOutcome = (p) => readScenarioFile(p),
  ) {}

  /** Opens the file now if the window is ready, else when it becomes ready. */
  request(path: string): void {
    if (this.ready) {
      this.handle(path);
      return;
    }
    if (this.pending.includes(path)) return;
    if (this.pending.length >= MAX_PENDING_OPENS) {
      this.refused++;
      return;
    }
    this.pending.push(path);
  }

  /** The renderer can take scenarios now: opens everything that waited, in order. */
  setReady(): void {
    this.ready = true;
    const waiting = this.pending.splice(0);
    for (const path of waiting) this.handle(path);
    if (this.refused > 0) {
      const n = this.refused;
      this.refused = 0;
      this.sinks.showError('Too many files', `${n} more file${n === 1 ? ' was' : 's were'} not opened: Fault Lab opens at most ${MAX_PENDING_OPENS} scenarios at once.`);
    }
  }

  /** The window went away (closed or reloading): queue requests until it is back. */
  setNotReady(): void {
    this.ready = false;
  }

  /** Requests waiting for the window. */
  get waiting(): readonly string[] {
    return this.pending;
  }

  private handle(path: string): void {
    const openAssignment = this.sinks.openAssignment;
    if (openAssignment && isAssignmentPath(path)) {
      const done = openAssignment(path);
      if (done.ok) this.sinks.opened?.(path);
      else {
        this.sinks.showError(`Cannot open ${basename(path)}`, done.message);
        this.sinks.failed?.(path);
      }
      return;
    }
    const outcome = this.read(path);
    if (outcome.ok) {
      this.sinks.deliver({ path: outcome.opened.path, text: outcome.opened.text });
      this.sinks.opened?.(outcome.opened.path);
    } else {
      this.sinks.showError(outcome.title, outcome.message);
      this.sinks.failed?.(outcome.path);
    }
  }
}

/**
 * File → Open Recent: the last scenarios opened, newest first, bounded, kept in the data
 * folder (written atomically, so a crash never leaves half a list). A missing or damaged
 * list file starts an empty list; a failed write is reported, never thrown.
 */
export class RecentFiles {
  private files: string[];

  constructor(
    private readonly file: string,
    private readonly options: { limit?: number; caseInsensitive?: boolean; onProblem?: (message: string) => void } = {},
  ) {
    this.files = this.load();
  }

  /** The list, newest first. */
  list(): readonly string[] {
    return this.files;
  }

  /** Puts path first (moving it up if listed), trims the list, saves it. */
  add(path: string): readonly string[] {
    const next = [path, ...this.files.filter((f) => !this.same(f, path))].slice(0, this.limit);
    return this.replace(next);
  }

  /** Takes path off the list (a file that could not be opened). */
  remove(path: string): readonly string[] {
    if (!this.files.some((f) => this.same(f, path))) return this.files;
    return this.replace(this.files.filter((f) => !this.same(f, path)));
  }

  clear(): readonly string[] {
    return this.replace([]);
  }

  private get limit(): number {
    return this.options.limit ?? MAX_RECENT_FILES;
  }

  private same(a: string, b: string): boolean {
    return this.options.caseInsensitive ? a.toLowerCase() === b.toLowerCase() : a === b;
  }

  private replace(next: string[]): readonly string[] {
    this.files = next;
    try {
      writeFileAtomic(this.file, `${JSON.stringify({ version: 1, files: next }, null, 2)}\n`);
    } catch (err) {
      this.options.onProblem?.(`The recent files list could not be saved to ${this.file}: ${(err as Error).message}`);
    }
    return this.files;
  }

  private load(): string[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.options.onProblem?.(`The recent files list ${this.file} could not be read: ${(err as Error).message}`);
      }
      return [];
    }
    try {
      const value: unknown = JSON.parse(text);
      const files = (value as { files?: unknown }).files;
      if (!Array.isArray(files)) throw new Error('no "files" list');
      return files.filter((f): f is string => typeof f === 'string' && isAbsolute(f)).slice(0, this.limit);
    } catch (err) {
      this.options.onProblem?.(`The recent files list ${this.file} is damaged and starts empty: ${(err as Error).message}`);
      return [];
    }
  }
}
