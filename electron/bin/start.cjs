#!/usr/bin/env node
// `npm start`: opens the lab. It builds nothing itself (the npm script builds first) and
// picks how to show the window, saying which and why:
// - the Electron window, when Electron's binary is installed and runs here;
// - otherwise browser mode (`faultlab serve`): the same main-side code serves the same
//   window on 127.0.0.1, opened in a local Chromium or browser, its URL printed.
// Arguments after `npm start --` go to `faultlab serve` in browser mode (e.g. --port 8080,
// --no-open, --data-dir DIR). FAULTLAB_SHELL=browser asks for browser mode even where
// Electron runs.
//
// Electron is found without `require('electron')`: on a machine whose binary could not be
// downloaded at install time, that require starts the download again (and fails slowly
// offline). The package's path.txt and dist/ folder are read instead, as its index.js does.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');
const out = path.join(root, 'out');

function say(line) {
  process.stdout.write(`Fault Lab: ${line}\n`);
}

/** Electron's binary and version, or why it cannot be used. */
function findElectron(env) {
  if (env.FAULTLAB_SHELL === 'browser') return { ok: false, reason: 'FAULTLAB_SHELL=browser asks for browser mode' };
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { ok: false, reason: 'there is no display for a desktop window (DISPLAY and WAYLAND_DISPLAY are unset)' };
  }
  let pkgDir;
  try {
    pkgDir = path.dirname(require.resolve('electron/package.json', { paths: [root] }));
  } catch (err) {
    if (err.code !== 'MODULE_NOT_FOUND') throw err;
    return { ok: false, reason: 'the electron package is not installed' };
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  const readRelative = () => (fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : '');
  let relative = readRelative();
  if (!relative && !env.ELECTRON_OVERRIDE_DIST_PATH) {
    // Electron's package fetches its binary on first use, not at install. Fetch it once here,
    // bounded in time; offline the attempt fails within a second and browser mode follows.
    const installer = path.join(pkgDir, 'install.js');
    if (env.FAULTLAB_ELECTRON_DOWNLOAD === '0') {
      return { ok: false, reason: "Electron's binary is not installed (FAULTLAB_ELECTRON_DOWNLOAD=0 skips fetching it)" };
    }
    if (fs.existsSync(installer)) {
      say("fetching Electron's binary (first start only; about 100 MB)...");
      const got = spawnSync(process.execPath, [installer], { cwd: pkgDir, encoding: 'utf8', timeout: 600_000, env, stdio: ['ignore', 'ignore', 'pipe'] });
      relative = readRelative();
      if (!relative) {
        const detail = got.error ? got.error.message : (got.stderr || '').trim().split('\n').find((l) => /error/i.test(l)) || `exit code ${got.status}`;
        return { ok: false, reason: `Electron's binary is not installed and could not be downloaded (${detail.slice(0, 160)})` };
      }
    }
  }
  let binary;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) binary = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
  else if (relative) binary = path.join(pkgDir, 'dist', relative);
  else return { ok: false, reason: "Electron's binary is not installed (npm install downloads it, and could not here: no network?)" };
  if (!fs.existsSync(binary)) return { ok: false, reason: `Electron's binary is missing (${binary})` };
  // It must run here, not merely exist: a binary for another platform, or missing system
  // libraries, fail this probe instead of failing with the window.
  const probe = spawnSync(binary, ['-e', 'process.stdout.write(String(process.versions.electron))'], {
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...env, ELECTRON_RUN_AS_NODE: '1' },
  });
  const version = (probe.stdout || '').trim();
  if (probe.error || probe.status !== 0 || !/^\d+\.\d+/.test(version)) {
    const detail = probe.error ? probe.error.message : (probe.stderr || '').trim().split('\n')[0] || `exit code ${probe.status}`;
    return { ok: false, reason: `Electron's binary does not run here (${detail})` };
  }
  return { ok: true, binary, version };
}

/** Runs a child with this terminal, passes signals on, and exits with its code. */
function runChild(command, args, env) {
  const child = spawn(command, args, { stdio: 'inherit', env });
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('error', (err) => {
    process.stderr.write(`Fault Lab: could not start ${command}: ${err.message}\n`);
    process.exitCode = 2;
  });
  child.on('exit', (code, signal) => {
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}

function main() {
  const args = process.argv.slice(2);
  const cli = path.join(out, 'node', 'cli.cjs');
  if (!fs.existsSync(cli) || !fs.existsSync(path.join(out, 'renderer', 'index.html'))) {
    process.stderr.write('Fault Lab: the app is not built yet; run "npm run build" (npm start does this first), then try again\n');
    process.exitCode = 2;
    return;
  }
  const env = { ...process.env };
  const electron = findElectron(env);
  if (electron.ok && fs.existsSync(path.join(out, 'node', 'main.cjs'))) {
    say(`opening the desktop window (Electron ${electron.version}).`);
    delete env.ELECTRON_RUN_AS_NODE;
    runChild(electron.binary, [root], env);
    return;
  }
  const reason = electron.ok ? 'the Electron main process is not built (out/node/main.cjs)' : electron.reason;
  say(`browser mode, because ${reason}.`);
  say('The lab is served to this computer only (127.0.0.1), with a per-launch access token; nothing goes over the network.');
  runChild(process.execPath, [cli, 'serve', ...args], env);
}

main();
