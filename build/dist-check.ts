/**
 * What packaging installers needs besides this checkout, and whether this machine has it:
 * Electron's prebuilt binary for the target (a zip from GitHub, kept in @electron/get's
 * cache, with its checksum list) and electron-builder's tools for the OS's targets
 * (AppImage and fpm on Linux, NSIS and the Windows signing kit on Windows, dmg-builder on
 * macOS), kept in electron-builder's cache. Where something is missing, electron-builder
 * would download it; build/dist.ts asks `reachable()` first and, without network, stops
 * with `missingMessage()` instead of a long download error.
 *
 * Pure apart from `reachable` and `realHost`: every path and listing comes in through Host.
 */
import { connect } from 'node:net';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** What the checks may look at. */
export interface Host {
  platform: NodeJS.Platform;
  arch: string;
  env: NodeJS.ProcessEnv;
  home: string;
  exists(path: string): boolean;
  /** Entry names of a folder; [] if it does not exist. */
  list(path: string): string[];
}

export interface Requirement {
  /** What it is, in words. */
  what: string;
  /** Where it was looked for. */
  where: string;
  present: boolean;
}

/** @electron/get's cache (where Electron's zips are kept), as it computes it. */
export function electronCacheDir(h: Pick<Host, 'platform' | 'env' | 'home'>): string {
  const override = h.env.electron_config_cache ?? h.env.ELECTRON_CACHE;
  if (override) return override;
  if (h.platform === 'darwin') return join(h.home, 'Library', 'Caches', 'electron');
  if (h.platform === 'win32') return join(h.env.LOCALAPPDATA ?? join(h.home, 'AppData', 'Local'), 'electron', 'Cache');
  return join(h.env.XDG_CACHE_HOME ?? join(h.home, '.cache'), 'electron');
}

/** electron-builder's cache (its tools), as it computes it. */
export function builderCacheDir(h: Pick<Host, 'platform' | 'env' | 'home'>): string {
  const override = h.env.ELECTRON_BUILDER_CACHE?.trim();
  if (override) return override;
  if (h.platform === 'darwin') return join(h.home, 'Library', 'Caches', 'electron-builder');
  if (h.platform === 'win32') return join(h.env.LOCALAPPDATA ?? join(h.home, 'AppData', 'Local'), 'electron-builder', 'Cache');
  return join(h.env.XDG_CACHE_HOME ?? join(h.home, '.cache'), 'electron-builder');
}

/** The electron-builder tools each OS's targets download, by the prefix of their cache entry. */
export const BUILDER_TOOLS: Readonly<Record<string, readonly { what: string; prefixes: readonly string[] }[]>> = {
  linux: [
    { what: 'AppImage tools (AppImage target)', prefixes: ['appimage'] },
    { what: 'fpm (deb target)', prefixes: ['fpm'] },
  ],
  win32: [
    { what: 'NSIS (installer and portable targets)', prefixes: ['nsis'] },
    { what: 'Windows resource and signing kit (winCodeSign)', prefixes: ['wincodesign', 'win-codesign'] },
  ],
  darwin: [{ what: 'dmg-builder (dmg target)', prefixes: ['dmg-builder'] }],
};

/** Electron's zip name for a platform and architecture. */
export function electronZipName(version: string, platform: NodeJS.Platform, arch: string): string {
  return `electron-v${version}-${platform}-${arch}.zip`;
}

/** Everything packaging for this OS needs from outside the checkout, and whether it is here. */
export function packagingRequirements(h: Host, electronVersion: string): Requirement[] {
  const electronCache = electronCacheDir(h);
  const zip = electronZipName(electronVersion, h.platform, h.arch);
  // @electron/get keeps each zip in a subfolder named by a hash of its URL.
  const zipPresent = h.exists(join(electronCache, zip)) || h.list(electronCache).some((d) => h.exists(join(electronCache, d, zip)));
  const sums = [`SHASUMS256.txt-${electronVersion}`, 'SHASUMS256.txt'];
  const sumsPresent = sums.some((s) => h.exists(join(electronCache, s)));
  const reqs: Requirement[] = [
    { what: `Electron ${electronVersion} for ${h.platform}-${h.arch} (${zip})`, where: electronCache, present: zipPresent },
    { what: `Electron's checksum list (SHASUMS256.txt-${electronVersion}), without which the builder fetches it online`, where: electronCache, present: sumsPresent },
  ];
  const builderCache = builderCacheDir(h);
  const entries = [...h.list(builderCache), ...h.list(join(builderCache, 'downloads'))].map((e) => e.toLowerCase());
  for (const tool of BUILDER_TOOLS[h.platform] ?? []) {
    reqs.push({ what: `electron-builder's ${tool.what}`, where: builderCache, present: entries.some((e) => tool.prefixes.some((p) => e.startsWith(p))) });
  }
  return reqs;
}

/** The host electron-builder downloads from (a mirror if one is configured). */
export function downloadHost(env: NodeJS.ProcessEnv): { host: string; port: number } {
  const mirror = env.ELECTRON_BUILDER_BINARIES_MIRROR ?? env.ELECTRON_MIRROR;
  // An unparsable mirror would fail inside electron-builder too; probe the default host then.
  if (mirror && URL.canParse(mirror)) {
    const url = new URL(mirror);
    return { host: url.hostname, port: Number(url.port) || (url.protocol === 'http:' ? 80 : 443) };
  }
  return { host: 'github.com', port: 443 };
}

/** The message `npm run dist` ends with when something is missing and there is no network. */
export function missingMessage(missing: readonly Requirement[], host: string): string {
  const lines = [
    'Cannot build installers here: electron-builder needs files this machine does not have, and it cannot download them',
    `(${host} is not reachable). Missing:`,
    ...missing.map((r) => `  - ${r.what}\n      looked in ${r.where}`),
    '',
    'Build the installers on a machine with network access (npm ci && npm run dist there), or copy the',
    'caches above from such a machine (see "Building installers" in README.md). Nothing was packaged.',
  ];
  return lines.join('\n');
}

/** Whether a TCP connection to host:port opens within timeoutMs. */
export function reachable(host: string, port: number, timeoutMs = 5000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** This machine, as the checks see it. */
export function realHost(): Host {
  return {
    platform: process.platform,
    arch: process.arch,
    env: process.env,
    home: homedir(),
    exists: existsSync,
    list: (path) => (existsSync(path) ? readdirSync(path) : []),
  };
}
