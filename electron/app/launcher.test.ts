/**
 * `npm start` and `faultlab serve` as a student or a script runs them: the launcher picks
 * Electron where its binary runs and browser mode otherwise, saying which and why; serve
 * prints its URL line, serves the lab, refuses a port in use, and on SIGTERM ends the
 * runs in progress with their end marker.
 *
 * They run in a copy of the app's layout (electron/bin/start.cjs, out/node/cli.cjs bundled
 * here, out/renderer with a fixture page, node_modules/electron faked) so that the test
 * neither races other suites rebuilding out/ nor depends on the renderer being built.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { WireEvent, WireResponse } from '../../shared/api.js';
import { wireUrl } from '../../shared/api.js';
import { DEFAULT_SCENARIO_INPUT } from '../../shared/presets.js';
import { bundleForNode } from '../runtime/testing/bundle.js';

const repo = join(__dirname, '..', '..');
let app: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  app = mkdtempSync(join(tmpdir(), 'faultlab-layout-'));
  mkdirSync(join(app, 'electron', 'bin'), { recursive: true });
  copyFileSync(join(repo, 'electron', 'bin', 'start.cjs'), join(app, 'electron', 'bin', 'start.cjs'));
  await bundleForNode({ cli: join(repo, 'electron', 'cli', 'entry.ts') }, join(app, 'out', 'node'), ['electron']);
  writeFileSync(join(app, 'out', 'node', 'main.cjs'), '// the Electron main bundle (not run by these tests)\n');
  mkdirSync(join(app, 'out', 'renderer'), { recursive: true });
  writeFileSync(join(app, 'out', 'renderer', 'index.html'), '<!doctype html><title>Fault Lab fixture</title>');
}, 120_000);

afterEach(() => {
  // A failed test may leave a launcher and the serve it started: end the whole group.
  for (const c of children.splice(0)) {
    if (c.pid === undefined) continue;
    try {
      process.kill(-c.pid, 'SIGKILL');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  }
});

interface Proc {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first stdout match of re. */
  waitFor: (re: RegExp) => Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
}

function start(script: string[], env: NodeJS.ProcessEnv): Proc {
  // Its own process group, so that afterEach can end it with everything it started.
  const child = spawn(process.execPath, script, { cwd: app, env: { PATH: process.env.PATH, HOME: app, ...env }, detached: true });
  children.push(child);
  let out = '';
  let err = '';
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  const check = (): void => {
    for (const w of waiters.splice(0)) {
      const m = out.match(w.re);
      if (m) w.resolve(m);
      else waiters.push(w);
    }
  };
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    check();
  });
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitFor: (re) =>
      new Promise((resolve, reject) => {
        waiters.push({ re, resolve });
        check();
        void exited.then((code) => reject(new Error(`exited with ${code} before printing ${re}\nstdout: ${out}\nstderr: ${err}`)));
      }),
    exited,
  };
}

const READY = /^Fault Lab is ready at (http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)$/m;
const serve = (args: string[], env: NodeJS.ProcessEnv = {}): Proc => start([join(app, 'out', 'node', 'cli.cjs'), 'serve', ...args], env);
const launcher = (args: string[], env: NodeJS.ProcessEnv): Proc => start([join(app, 'electron', 'bin', 'start.cjs'), ...args], env);

/** A fake node_modules/electron whose binary is a script (or none at all), optionally with an installer. */
function fakeElectron(binary: string | null, installer?: string): void {
  const dir = join(app, 'node_modules', 'electron');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.5.0', main: 'index.js' }));
  // As on a machine where the download failed: requiring the package would retry it.
  writeFileSync(join(dir, 'index.js'), 'throw new Error("require(electron) must not be called by the launcher");\n');
  if (installer !== undefined) writeFileSync(join(dir, 'install.js'), installer);
  if (binary === null) return;
  writeFileSync(join(dir, 'path.txt'), 'electron');
  writeFileSync(join(dir, 'dist', 'electron'), binary);
  chmodSync(join(dir, 'dist', 'electron'), 0o755);
}

async function get(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.text() };
}

describe('faultlab serve', () => {
  it('prints its URL line, serves the lab, and on SIGTERM ends a run in progress cleanly', async () => {
    const dataDir = join(app, 'data-serve');
    const p = serve(['--no-open', '--port', '0', '--data-dir', dataDir]);
    const [, url = ''] = await p.waitFor(READY);
    const page = new URL(url);
    const index = await get(page.origin + '/');
    expect(index).toEqual({ status: 200, body: '<!doctype html><title>Fault Lab fixture</title>' });

    const socket = wireUrl({ host: page.host, hash: page.hash });
    if (!socket) throw new Error('no socket URL');
    const ws = new WebSocket(socket, { origin: page.origin });
    const messages: (WireResponse | WireEvent)[] = [];
    const gotBatch = new Promise<void>((resolve) =>
      ws.on('message', (d) => {
        const m = JSON.parse(String(d)) as WireResponse | WireEvent;
        messages.push(m);
        if (m.kind === 'event' && m.name === 'runEvents') resolve();
      }),
    );
    await new Promise((r) => ws.once('open', r));
    const scenario = { ...DEFAULT_SCENARIO_INPUT, workload: { clients: 1, ratePerSecond: 20, durationMs: 600_000 } };
    ws.send(JSON.stringify({ kind: 'call', id: 1, name: 'startRun', args: { scenario, mode: 'sim' } }));
    await gotBatch;
    const started = messages.find((m) => m.kind === 'result' && m.id === 1);
    expect(started).toMatchObject({ ok: true });

    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.stdout()).toMatch(/Stopping \(received SIGTERM\): ending 1 run in progress\./);
    const [runId] = readdirSync(join(dataDir, 'runs'));
    const log = readFileSync(join(dataDir, 'runs', runId ?? '', 'events.jsonl'), 'utf8').trimEnd().split('\n');
    expect(JSON.parse(log.at(-1) ?? '{}')).toMatchObject({ type: 'run-end', reason: 'stopped' });
    expect(existsSync(join(dataDir, 'runs', runId ?? '', 'summary.json'))).toBe(true);
    ws.terminate();
  });

  it('refuses a port in use and bad flags with exit code 2 and one line', async () => {
    const first = serve(['--no-open', '--data-dir', join(app, 'data-a')]);
    const [, url = ''] = await first.waitFor(READY);
    const port = new URL(url).port;
    const second = serve(['--no-open', '--port', port, '--data-dir', join(app, 'data-b')]);
    expect(await second.exited).toBe(2);
    expect(second.stderr()).toBe(`faultlab: --port ${port}: the port is already in use; choose another or use --port 0\n`);
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);

    const bad = serve(['--port', 'eighty']);
    expect(await bad.exited).toBe(2);
    expect(bad.stderr()).toMatch(/^faultlab: --port: expected a whole number/);
  });
});

describe('faultlab serve opening a window', () => {
  /** A stand-in browser: records its arguments, then exits with the given code. */
  function fakeBrowser(name: string, code: number): { path: string; args: () => string[] } {
    const path = join(app, `${name}.sh`);
    const argsFile = join(app, `${name}.args`);
    writeFileSync(path, `#!/bin/sh\nfor a in "$@"; do echo "$a"; done > '${argsFile}'\nexit ${code}\n`);
    chmodSync(path, 0o755);
    return { path, args: () => readFileSync(argsFile, 'utf8').trimEnd().split('\n') };
  }

  it('opens the lab as a Chromium app window with a profile of its own, and stops when that window closes', async () => {
    const browser = fakeBrowser('closes', 0);
    const p = serve(['--data-dir', join(app, 'data-window')], { DISPLAY: ':99', FAULTLAB_BROWSER: browser.path });
    const [, url = ''] = await p.waitFor(READY);
    expect(await p.exited).toBe(0);
    expect(p.stdout()).toContain(`Opened a window in ${browser.path}.`);
    expect(p.stdout()).toContain('Stopping (the lab window was closed).');
    const args = browser.args();
    // The window gets a single-use launch ticket; the session token stays off the command line.
    const token = new URL(url).hash.slice('#token='.length);
    expect(args[0]).toMatch(new RegExp(`^--app=${new URL(url).origin}/#ticket=[A-Za-z0-9_-]{43}$`));
    expect(args.join(' ')).not.toContain(token);
    expect(args).toEqual(expect.arrayContaining(['--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']));
    expect(args.includes('--no-sandbox')).toBe(process.getuid?.() === 0);
    const profile = args.find((a) => a.startsWith('--user-data-dir='))?.slice('--user-data-dir='.length) ?? '';
    expect(profile).not.toBe('');
    expect(existsSync(profile)).toBe(false);
  });

  it('keeps serving, and says so, when the browser fails to start', async () => {
    const browser = fakeBrowser('fails', 1);
    const p = serve(['--data-dir', join(app, 'data-window-fails')], { DISPLAY: ':99', FAULTLAB_BROWSER: browser.path });
    const [, url = ''] = await p.waitFor(READY);
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (p.stderr().includes('exited with code 1')) resolve();
      };
      p.child.stderr?.on('data', () => setImmediate(check));
      check();
    });
    expect(p.stderr()).toBe(`${browser.path} exited with code 1; open the URL above in a browser\n`);
    expect((await get(new URL(url).origin + '/')).status).toBe(200);
    // The ticket on the browser's command line opens one socket, which is handed the token; then it is spent.
    const launch = new URL(browser.args()[0]?.slice('--app='.length) ?? '');
    expect(browser.args().join(' ')).not.toContain(new URL(url).hash.slice('#token='.length));
    const socket = wireUrl({ host: launch.host, hash: launch.hash }) ?? '';
    const first = await new Promise<unknown>((resolve, reject) => {
      const ws = new WebSocket(socket, { origin: launch.origin });
      ws.once('message', (d) => {
        resolve(JSON.parse(String(d)));
        ws.close();
      });
      ws.once('error', reject);
    });
    expect(first).toEqual({ kind: 'session', token: new URL(url).hash.slice('#token='.length) });
    const again = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(socket, { origin: launch.origin });
      ws.once('open', () => resolve(101));
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('error', reject);
    });
    expect(again).toBe(401);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it('prints the URL and opens nothing where there is no display', async () => {
    const browser = fakeBrowser('unused', 0);
    const p = serve(['--data-dir', join(app, 'data-nodisplay-serve')], { FAULTLAB_BROWSER: browser.path });
    await p.waitFor(/No window was opened \(there is no display/);
    expect(existsSync(join(app, 'unused.args'))).toBe(false);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });
});

describe('npm start (the launcher)', () => {
  it('tries to fetch a missing Electron binary once, and says why browser mode follows when it cannot', async () => {
    fakeElectron(null, 'process.stderr.write("RequestError: getaddrinfo ENOTFOUND github.com\\n"); process.exit(1);\n');
    const p = launcher(['--no-open', '--data-dir', join(app, 'data-launch-fetch')], { DISPLAY: ':99' });
    await p.waitFor(READY);
    expect(p.stdout()).toContain("fetching Electron's binary");
    expect(p.stdout()).toContain("browser mode, because Electron's binary is not installed and could not be downloaded (RequestError: getaddrinfo ENOTFOUND github.com)");
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it('opens the Electron window once the fetched binary runs', async () => {
    const script = '#!/bin/sh\nif [ -n "$ELECTRON_RUN_AS_NODE" ]; then printf 45.5.0; exit 0; fi\necho "ELECTRON STARTED $1"\n';
    // The installer stands in for the download: it writes path.txt and the binary, as electron's does.
    const installer = `const fs = require('fs'); const path = require('path'); fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), ${JSON.stringify(script)}, { mode: 0o755 }); fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');\n`;
    fakeElectron(null, installer);
    const p = launcher([], { DISPLAY: ':99' });
    expect(await p.exited).toBe(0);
    expect(p.stdout()).toContain("fetching Electron's binary");
    expect(p.stdout()).toContain('opening the desktop window (Electron 45.5.0)');
    expect(p.stdout()).toContain('ELECTRON STARTED');
  });

  /** Where the launcher must choose browser mode, and the reason it must give. */
  const browserModeCases: { when: string; electron: string | null; env: NodeJS.ProcessEnv; because: string; stop: NodeJS.Signals }[] = [
    { when: 'Electron has no binary', electron: null, env: { DISPLAY: ':99' }, because: "Electron's binary is not installed", stop: 'SIGTERM' },
    { when: 'there is no display', electron: '#!/bin/sh\necho 45.5.0\n', env: {}, because: 'there is no display for a desktop window', stop: 'SIGTERM' },
    {
      when: 'the binary is there but does not run',
      electron: '#!/bin/sh\necho "error while loading shared libraries: libgtk-3.so.0" >&2\nexit 127\n',
      env: { DISPLAY: ':99' },
      because: "Electron's binary does not run here (error while loading shared libraries: libgtk-3.so.0)",
      stop: 'SIGTERM',
    },
    { when: 'FAULTLAB_SHELL=browser, even where Electron runs', electron: '#!/bin/sh\nprintf 45.5.0\n', env: { DISPLAY: ':99', FAULTLAB_SHELL: 'browser' }, because: 'FAULTLAB_SHELL=browser asks for browser mode', stop: 'SIGINT' },
  ];

  for (const [i, { when, electron, env, because, stop }] of browserModeCases.entries()) {
    it(`chooses browser mode when ${when}, says why, serves, and stops on ${stop}`, async () => {
      fakeElectron(electron);
      const p = launcher(['--no-open', '--data-dir', join(app, `data-browser-${i}`)], env);
      const [, url = ''] = await p.waitFor(READY);
      expect(p.stdout()).toContain(`Fault Lab: browser mode, because ${because}`);
      expect((await get(new URL(url).origin + '/')).status).toBe(200);
      p.child.kill(stop);
      expect(await p.exited).toBe(0);
    });
  }

  it('opens the Electron window when its binary runs, on the app folder', async () => {
    // Answers the probe like Electron run as Node; otherwise reports how it was started.
    fakeElectron('#!/bin/sh\nif [ "$ELECTRON_RUN_AS_NODE" = 1 ]; then printf 45.5.0; exit 0; fi\necho "window for $1"\nexit 0\n');
    const p = launcher([], { DISPLAY: ':99' });
    expect(await p.exited).toBe(0);
    expect(p.stdout()).toBe(`Fault Lab: opening the desktop window (Electron 45.5.0).\nwindow for ${app}\n`);
  });
});
