/**
 * Opening the lab's page in a window, for browser mode. A Chromium-family browser found
 * on the machine is started as an app window with a fresh profile of its own (so it
 * neither touches the student's browser profile nor reaches the network); otherwise the
 * system's opener (xdg-open, open, start) is asked. When neither can work, the caller
 * prints the URL and the student opens it by hand.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Chromium-family browsers tried in order (FAULTLAB_BROWSER first, when set). */
export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export type OpenedWindow =
  /** A browser we started and own: it exits when its window is closed. */
  | { how: 'chromium'; browser: string; child: ChildProcess; close: () => void }
  /** Handed to the system's opener: nothing to own. */
  | { how: 'system'; opener: string }
  | { how: 'none'; reason: string };

export interface OpenOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Where to look for a Chromium-family browser. */
  candidates?: string[];
  /** Told when the system opener fails after the window was handed to it. */
  onProblem?: (message: string) => void;
}

function hasDisplay(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): boolean {
  return platform === 'win32' || platform === 'darwin' || Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** The arguments a Chromium-family browser is started with. */
export function chromiumArgs(url: string, profileDir: string, asRoot: boolean): string[] {
  return [
    `--app=${url}`,
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-gpu',
    // Chromium refuses to start as root with its sandbox; only then is it turned off.
    ...(asRoot ? ['--no-sandbox'] : []),
  ];
}

/** Opens url in a window; never throws (a failure is reported as `how: 'none'`). */
export function openBrowserWindow(url: string, options: OpenOptions = {}): OpenedWindow {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  if (!hasDisplay(platform, env)) return { how: 'none', reason: 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)' };

  const candidates = [...(env.FAULTLAB_BROWSER ? [env.FAULTLAB_BROWSER] : []), ...(options.candidates ?? CHROMIUM_CANDIDATES)];
  const browser = candidates.find((p) => existsSync(p));
  if (browser) {
    const profileDir = mkdtempSync(join(tmpdir(), 'fault-lab-window-'));
    const removeProfile = (): void => rmSync(profileDir, { recursive: true, force: true });
    const child = spawn(browser, chromiumArgs(url, profileDir, process.getuid?.() === 0), { stdio: 'ignore' });
    child.once('exit', removeProfile);
    child.once('error', removeProfile);
    return {
      how: 'chromium',
      browser,
      child,
      close: () => {
        if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) child.kill('SIGTERM');
      },
    };
  }

  const opener = platform === 'darwin' ? ['open', url] : platform === 'win32' ? ['cmd', '/c', 'start', '""', url] : ['xdg-open', url];
  const [command, ...args] = opener as [string, ...string[]];
  if (platform !== 'darwin' && platform !== 'win32' && !['/usr/bin/xdg-open', '/usr/local/bin/xdg-open', '/bin/xdg-open'].some((p) => existsSync(p))) {
    return { how: 'none', reason: 'no Chromium-family browser and no xdg-open were found' };
  }
  const child = spawn(command, args, { stdio: 'ignore', detached: true, windowsHide: true });
  child.once('error', (err) => options.onProblem?.(`could not run ${command}: ${err.message}`));
  child.unref();
  return { how: 'system', opener: command };
}
