// `npm run dist`'s check of what packaging needs from outside the checkout: found where
// electron-builder would look, reported by name where missing, and the network probe.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Host } from './dist-check.js';
import { builderCacheDir, downloadHost, electronCacheDir, electronZipName, missingMessage, packagingRequirements, reachable } from './dist-check.js';

/** A host whose file system is the given set of paths (folders implied by their files). */
function host(platform: NodeJS.Platform, files: string[], env: NodeJS.ProcessEnv = {}, home = '/home/ana'): Host {
  const set = new Set(files);
  return {
    platform,
    arch: 'x64',
    env,
    home,
    exists: (p) => set.has(p) || files.some((f) => f.startsWith(`${p}/`)),
    list: (dir) => [...new Set(files.filter((f) => f.startsWith(`${dir}/`)).map((f) => f.slice(dir.length + 1).split('/')[0] as string))],
  };
}
const missing = (h: Host): string[] => packagingRequirements(h, '45.5.0').filter((r) => !r.present).map((r) => r.what);

describe('packaging requirements', () => {
  it('on an empty Linux machine: Electron, its checksums, AppImage tools and fpm are all missing', () => {
    expect(missing(host('linux', []))).toEqual([
      'Electron 45.5.0 for linux-x64 (electron-v45.5.0-linux-x64.zip)',
      "Electron's checksum list (SHASUMS256.txt-45.5.0), without which the builder fetches it online",
      "electron-builder's AppImage tools (AppImage target)",
      "electron-builder's fpm (deb target)",
    ]);
  });

  it('finds a seeded Linux machine complete (zip in @electron/get’s hashed folder, tools in the builder cache)', () => {
    const e = '/home/ana/.cache/electron';
    const b = '/home/ana/.cache/electron-builder';
    const files = [`${e}/0a1b2c/${electronZipName('45.5.0', 'linux', 'x64')}`, `${e}/SHASUMS256.txt-45.5.0`, `${b}/appimage@1.0.3/x/appimagetool`, `${b}/fpm@2.1.4/fpm/bin/fpm`];
    expect(missing(host('linux', files))).toEqual([]);
    // The zip of another version or architecture does not count.
    const wrong = [`${e}/0a1b2c/electron-v44.0.0-linux-x64.zip`, `${e}/x/electron-v45.5.0-linux-arm64.zip`, `${e}/SHASUMS256.txt-45.5.0`, `${b}/appimage@1.0.3/t`, `${b}/fpm@2.1.4/t`];
    expect(missing(host('linux', wrong))).toEqual(['Electron 45.5.0 for linux-x64 (electron-v45.5.0-linux-x64.zip)']);
  });

  it('asks Windows for NSIS and the signing kit, macOS for dmg-builder', () => {
    expect(missing(host('win32', [], { LOCALAPPDATA: 'C:/Users/ana/AppData/Local' })).slice(2)).toEqual([
      "electron-builder's NSIS (installer and portable targets)",
      "electron-builder's Windows resource and signing kit (winCodeSign)",
    ]);
    expect(missing(host('darwin', [])).slice(2)).toEqual(["electron-builder's dmg-builder (dmg target)"]);
  });

  it('looks where electron-builder and @electron/get look, honouring their environment variables', () => {
    expect(electronCacheDir({ platform: 'linux', env: {}, home: '/h' })).toBe('/h/.cache/electron');
    expect(electronCacheDir({ platform: 'linux', env: { XDG_CACHE_HOME: '/x' }, home: '/h' })).toBe('/x/electron');
    expect(electronCacheDir({ platform: 'linux', env: { ELECTRON_CACHE: '/seeded' }, home: '/h' })).toBe('/seeded');
    expect(electronCacheDir({ platform: 'darwin', env: {}, home: '/Users/a' })).toBe('/Users/a/Library/Caches/electron');
    expect(electronCacheDir({ platform: 'win32', env: { LOCALAPPDATA: 'L' }, home: 'H' })).toBe(join('L', 'electron', 'Cache'));
    expect(builderCacheDir({ platform: 'linux', env: {}, home: '/h' })).toBe('/h/.cache/electron-builder');
    expect(builderCacheDir({ platform: 'linux', env: { ELECTRON_BUILDER_CACHE: ' /b ' }, home: '/h' })).toBe('/b');
    expect(builderCacheDir({ platform: 'win32', env: { LOCALAPPDATA: 'L' }, home: 'H' })).toBe(join('L', 'electron-builder', 'Cache'));
    const seeded = host('linux', ['/seeded/x/electron-v45.5.0-linux-x64.zip', '/seeded/SHASUMS256.txt'], { ELECTRON_CACHE: '/seeded' });
    expect(missing(seeded)).toHaveLength(2); // only the builder tools
  });

  it('says what is missing, where it looked, and that installers must be built with network', () => {
    const text = missingMessage(packagingRequirements(host('linux', []), '45.5.0'), 'github.com');
    expect(text).toMatch(/^Cannot build installers here/);
    expect(text).toContain('(github.com is not reachable)');
    expect(text).toContain('- Electron 45.5.0 for linux-x64 (electron-v45.5.0-linux-x64.zip)\n      looked in /home/ana/.cache/electron');
    expect(text).toContain('on a machine with network access');
    expect(text).toContain('Nothing was packaged.');
  });

  it('probes the mirror when one is configured, else GitHub', () => {
    expect(downloadHost({})).toEqual({ host: 'github.com', port: 443 });
    expect(downloadHost({ ELECTRON_MIRROR: 'http://mirror.lab.local:8080/electron/' })).toEqual({ host: 'mirror.lab.local', port: 8080 });
    expect(downloadHost({ ELECTRON_BUILDER_BINARIES_MIRROR: 'https://m.example/' })).toEqual({ host: 'm.example', port: 443 });
    expect(downloadHost({ ELECTRON_MIRROR: 'not a url' })).toEqual({ host: 'github.com', port: 443 });
  });
});

describe('reachable', () => {
  it('is true for a listening port and false once it is closed', async () => {
    const server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    expect(await reachable('127.0.0.1', port, 2000)).toBe(true);
    await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    expect(await reachable('127.0.0.1', port, 2000)).toBe(false);
  });
});
