import { builtinModules } from 'node:module';
// The installer configuration, checked with electron-builder's own code where it has it
// (schema validation, file matching, the Linux MIME file), since installers themselves
// cannot be built without network: targets per OS, per-machine NSIS, the scenario file
// association, no publishing, fuses, what goes into app.asar, icons, no native modules.
import type { Configuration, FileAssociation } from 'electron-builder';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..');
const config = require('./electron-builder.config.cjs') as Configuration;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main?: string; scripts: Record<string, string>; dependencies: Record<string, string>; devDependencies: Record<string, string> };

type Platform = 'linux' | 'win' | 'mac';
const asArray = <T>(x: T | T[] | null | undefined): T[] => (x == null ? [] : Array.isArray(x) ? x : [x]);
/** The associations a platform's packager sees: the global list plus the platform's own (as electron-builder concatenates them). */
function associations(platform: Platform): FileAssociation[] {
  return [...asArray(config.fileAssociations), ...asArray(config[platform]?.fileAssociations)];
}
function targets(platform: Platform): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const t of asArray(config[platform]?.target)) {
    if (typeof t === 'string') out[t] = [];
    else out[t.target] = asArray(t.arch).map(String);
  }
  return out;
}

describe('electron-builder configuration', () => {
  it('passes electron-builder 26’s own schema validation (which rejects unknown or misplaced options)', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as { validateConfiguration(c: Configuration, logger: unknown): Promise<void> };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // The validation is real: a misspelled option fails it.
    await expect(validateConfiguration({ ...config, nsis: { ...config.nsis, perMachin: true } } as Configuration, new DebugLogger(false))).rejects.toThrow(/does not match the API schema/);
  });

  it('names the app and files it under Education on every OS', () => {
    expect(config.appId).toBe('org.faultlab.FaultLab');
    expect(config.productName).toBe('Fault Lab');
    expect(config.linux?.category).toBe('Education');
    expect(config.mac?.category).toBe('public.app-category.education');
    expect(config.deb?.packageCategory).toBe('education');
  });

  it('builds AppImage and deb on Linux, an NSIS installer and a portable exe on Windows, a dmg on macOS', () => {
    expect(targets('linux')).toEqual({ AppImage: ['x64'], deb: ['x64'] });
    expect(targets('win')).toEqual({ nsis: ['x64'], portable: ['x64'] });
    expect(targets('mac')).toEqual({ dmg: ['x64', 'arm64'] });
    // Distinct artifact names: the Windows installer and portable exe must not overwrite each other.
    expect(config.nsis?.artifactName).not.toBe(config.portable?.artifactName);
  });

  it('installs per machine on Windows, so the scenario association is registered for every student', () => {
    expect(config.nsis).toMatchObject({ perMachine: true, oneClick: false, allowElevation: true, createStartMenuShortcut: true });
  });

  it('associates *.faultlab.json with the app on every OS, with a MIME type on Linux', () => {
    for (const platform of ['linux', 'win', 'mac'] as const) {
      const scenario = associations(platform).filter((a) => asArray(a.ext).includes('faultlab.json'));
      expect(scenario, platform).toHaveLength(1);
    }
    expect(associations('linux')[0]).toMatchObject({ ext: 'faultlab.json', mimeType: 'application/x-faultlab+json' });
    // On Windows the name is the registry ProgID: no spaces.
    const progId = associations('win')[0]?.name ?? '';
    expect(progId).toMatch(/^[A-Za-z][A-Za-z0-9]*\.[A-Za-z0-9.]+$/);
  });

  it('associates *.faultlab-assignment.json with the app on every OS, with its own MIME type on Linux and ProgID on Windows', () => {
    for (const platform of ['linux', 'win', 'mac'] as const) {
      const assignment = associations(platform).filter((a) => asArray(a.ext).includes('faultlab-assignment.json'));
      expect(assignment, platform).toHaveLength(1);
    }
    expect(associations('linux').find((a) => asArray(a.ext).includes('faultlab-assignment.json'))).toMatchObject({ mimeType: 'application/x-faultlab-assignment+json' });
    const progId = associations('win').find((a) => asArray(a.ext).includes('faultlab-assignment.json'))?.name ?? '';
    expect(progId).toBe('FaultLab.Assignment');
  });

  it('never makes the app the default program for every JSON file', () => {
    // NSIS would set a listed extension's default program: plain "json" must not be listed on Windows.
    expect(associations('win').flatMap((a) => asArray(a.ext))).not.toContain('json');
    expect(associations('linux').flatMap((a) => asArray(a.ext))).not.toContain('json');
    // On macOS JSON is offered as an alternate only ("Open With"), the scenario type as owner.
    for (const a of associations('mac')) expect(a.rank).toBe(asArray(a.ext).includes('json') ? 'Alternate' : 'Owner');
  });

  it('adds the app to "Open with" for .json on Windows in the installer, and removes exactly that on uninstall', () => {
    const nsh = readFileSync(join(root, 'build', 'installer.nsh'), 'utf8');
    expect(config.nsis?.include).toBe('build/installer.nsh');
    const progId = associations('win')[0]?.name ?? '';
    const install = /!macro customInstall([\s\S]*?)!macroend/.exec(nsh)?.[1] ?? '';
    const uninstall = /!macro customUnInstall([\s\S]*?)!macroend/.exec(nsh)?.[1] ?? '';
    expect(install).toContain(`WriteRegNone SHELL_CONTEXT "Software\\Classes\\.json\\OpenWithProgids" "${progId}"`);
    expect(uninstall).toContain(`DeleteRegValue SHELL_CONTEXT "Software\\Classes\\.json\\OpenWithProgids" "${progId}"`);
    // Only OpenWithProgids is touched: the default program for .json stays whoever it was.
    expect(nsh).not.toMatch(/WriteRegStr SHELL_CONTEXT "Software\\Classes\\\.json" ""/);
  });

  it('registers a Linux MIME glob that matches scenario files and not other JSON (electron-builder’s own generator)', async () => {
    const { LinuxTargetHelper } = require('app-builder-lib/out/targets/LinuxTargetHelper') as {
      LinuxTargetHelper: new (packager: unknown) => { mimeTypeFiles: Promise<string | null> };
    };
    const tmp = mkdtempSync(join(tmpdir(), 'faultlab-mime-'));
    try {
      const helper = new LinuxTargetHelper({ fileAssociations: associations('linux'), getTempFile: async (ext: string) => join(tmp, `mime${ext}`) });
      const file = await helper.mimeTypeFiles;
      expect(file).not.toBeNull();
      const xml = readFileSync(file as string, 'utf8');
      expect(xml).toContain('<mime-type type="application/x-faultlab+json">');
      expect(xml).toContain('<mime-type type="application/x-faultlab-assignment+json">');
      const globs = [...xml.matchAll(/<glob pattern="([^"]+)"/g)].map((m) => m[1] ?? '');
      expect(globs).toEqual(['*.faultlab.json', '*.faultlab-assignment.json']);
      const glob = globs[0] ?? '';
      expect(glob).toBe('*.faultlab.json');
      // The glob matcher electron-builder itself resolves (named export in minimatch ≥ 9, the module itself before).
      type Match = (path: string, pattern: string) => boolean;
      const mm = createRequire(require.resolve('app-builder-lib'))('minimatch') as Match | { minimatch: Match };
      const minimatch = typeof mm === 'function' ? mm : mm.minimatch;
      expect(minimatch('Two liars.faultlab.json', glob)).toBe(true);
      expect(minimatch('package.json', glob)).toBe(false);
      // Each type's glob matches its own files only: an assignment is not taken for a scenario.
      expect(minimatch('lecture.faultlab-assignment.json', glob)).toBe(false);
      expect(minimatch('lecture.faultlab-assignment.json', globs[1] ?? '')).toBe(true);
      expect(minimatch('Two liars.faultlab.json', globs[1] ?? '')).toBe(false);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('publishes nowhere: no upload, no auto-update feed', () => {
    expect(config.publish).toBeNull();
    expect(pkg.scripts.dist).toBe('tsx build/dist.ts');
    expect(readFileSync(join(root, 'build', 'dist.ts'), 'utf8')).toMatch(/'--publish',\s*'never'/);
  });

  it('sets the Electron fuses: no RunAsNode, no NODE_OPTIONS or --inspect, ASAR integrity, app only from ASAR', () => {
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('has no native modules to rebuild', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.nodeGypRebuild).toBe(false);
    expect(config.buildDependenciesFromSource).toBe(false);
  });
});

describe('what goes into the app', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'faultlab-files-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  /** The files electron-builder's own matcher would copy from projectDir into app.asar. */
  function packaged(projectDir: string): string[] {
    const { getFileMatchers } = require('app-builder-lib/out/fileMatcher') as {
      getFileMatchers(
        c: Configuration,
        name: 'files',
        dest: string,
        o: { macroExpander: (s: string) => string; customBuildOptions: object; globalOutDir: string; defaultSrc: string },
      ): { createFilter(): (file: string, stat: ReturnType<typeof statSync>) => boolean }[] | null;
    };
    const matchers = getFileMatchers(config, 'files', '/app', { macroExpander: (s) => s, customBuildOptions: config.linux ?? {}, globalOutDir: join(projectDir, 'dist'), defaultSrc: projectDir });
    const filter = matchers?.[0]?.createFilter();
    if (!filter) throw new Error('no files matcher');
    const out: string[] = [];
    const walk = (d: string): void => {
      for (const name of readdirSync(d)) {
        const p = join(d, name);
        if (name === 'node_modules' || name === '.git') continue; // dependencies are collected separately
        const st = statSync(p);
        if (!filter(p, st)) continue;
        if (st.isDirectory()) walk(p);
        else out.push(relative(projectDir, p).split('\\').join('/'));
      }
    };
    walk(projectDir);
    return out.sort();
  }

  it('takes the built app and package.json, and leaves out sources, tests, source maps and build scripts', () => {
    const files = [
      'package.json',
      'out/node/main.cjs',
      'out/node/main.cjs.map',
      'out/node/preload.cjs',
      'out/node/replica.cjs',
      'out/node/cli.cjs',
      'out/renderer/index.html',
      'out/renderer/assets/index-abc.js',
      'out/renderer/assets/index-abc.js.map',
      'out/renderer/assets/index-abc.css',
      'shared/scenario.ts',
      'shared/scenario.test.ts',
      'electron/app/main.ts',
      'electron/app/open-file.test.ts',
      'renderer/src/App.vue',
      'e2e/specs/default-lab.spec.ts',
      'build/electron-builder.config.cjs',
      'build/icons/icon.png',
      'build/resources/guide/guide.html',
      'examples/split-brain.faultlab.json',
      'README.md',
      'tsconfig.json',
      'vitest.config.ts',
      'eslint.config.js',
      'dist/linux-unpacked/fault-lab',
    ];
    for (const f of files) {
      mkdirSync(dirname(join(tmp, f)), { recursive: true });
      writeFileSync(join(tmp, f), f);
    }
    expect(packaged(tmp)).toEqual([
      'out/node/cli.cjs',
      'out/node/main.cjs',
      'out/node/preload.cjs',
      'out/node/replica.cjs',
      'out/renderer/assets/index-abc.css',
      'out/renderer/assets/index-abc.js',
      'out/renderer/index.html',
      'package.json',
    ]);
  });

  it('from this checkout, packages nothing but out/ and package.json', () => {
    for (const f of packaged(root)) expect(f === 'package.json' || f.startsWith('out/'), f).toBe(true);
  });

  it('starts the bundled main process, which build/build-node.mjs writes from electron/app/main.ts', () => {
    expect(config.extraMetadata?.main).toBe('out/node/main.cjs');
    if (pkg.main !== undefined) expect(pkg.main).toBe(config.extraMetadata?.main);
    const buildNode = readFileSync(join(root, 'build', 'build-node.mjs'), 'utf8');
    expect(buildNode).toMatch(/main: 'electron\/app\/main\.ts'/);
    expect(buildNode).toMatch(/outExtension: \{ '\.js': '\.cjs' \}/);
    // Electron is provided by the packaged runtime, never bundled as a dependency.
    expect(pkg.dependencies).not.toHaveProperty('electron');
    expect(pkg.devDependencies).toHaveProperty('electron');
  });

  it('ships the lab guide beside app.asar, where the app looks for it', () => {
    expect(config.extraResources).toEqual([{ from: 'out/renderer', to: 'guide', filter: ['guide.html', 'guide.ko.html'] }]);
    // The renderer build writes both (renderer/vite.config.ts) from their sources here.
    expect(existsSync(join(root, 'build', 'resources', 'guide', 'guide.html'))).toBe(true);
    expect(existsSync(join(root, 'build', 'resources', 'guide', 'guide.ko.html'))).toBe(true);
    expect(readFileSync(join(root, 'renderer', 'vite.config.ts'), 'utf8')).toMatch(/fileName: f, source: withEmbeddedFont\(/);
  });
});

describe('icons', () => {
  function pngSize(file: string): { width: number; height: number } {
    const b = readFileSync(file);
    expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(b.subarray(12, 16).toString('latin1')).toBe('IHDR');
    return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  }

  it('has a 512×512 app icon and the Linux icon set, each PNG the size its name says', () => {
    expect(pngSize(join(root, 'build', 'icons', 'icon.png'))).toEqual({ width: 512, height: 512 });
    const dir = join(root, config.linux?.icon ?? 'missing');
    const names = readdirSync(dir).sort();
    expect(names).toEqual(expect.arrayContaining(['256x256.png', '512x512.png', '16x16.png', '32x32.png', '48x48.png']));
    for (const n of names) {
      const side = Number(/^(\d+)x\1\.png$/.exec(n)?.[1]);
      expect(pngSize(join(dir, n))).toEqual({ width: side, height: side });
    }
  });

  it('has a Windows .ico with a 256×256 image and the small sizes Explorer uses', () => {
    const ico = readFileSync(join(root, config.win?.icon as string));
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const e = 6 + 16 * i;
      const side = ico.readUInt8(e) || 256;
      const length = ico.readUInt32LE(e + 8);
      const offset = ico.readUInt32LE(e + 12);
      expect(offset + length).toBeLessThanOrEqual(ico.length);
      sizes.push(side);
    }
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));
    expect(config.nsis?.installerIcon).toBe(config.win?.icon);
  });

  it('has a macOS .icns whose entries add up and include 512×512 and its @2x', () => {
    const icns = readFileSync(join(root, config.mac?.icon as string));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let at = 8; at < icns.length; ) {
      types.push(icns.subarray(at, at + 4).toString('latin1'));
      const length = icns.readUInt32BE(at + 4);
      expect(length).toBeGreaterThan(8);
      at += length;
      expect(at).toBeLessThanOrEqual(icns.length);
    }
    expect(types).toEqual(expect.arrayContaining(['ic08', 'ic09', 'ic10']));
  });
});

describe('runtime dependencies', () => {
  it('are none: the packaged app ships its bundles, so there is no native module to compile per OS', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    expect(pkg.dependencies ?? {}).toEqual({});
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; devOptional?: boolean }> };
    const production = Object.entries(lock.packages).filter(([path, p]) => path !== '' && !p.dev && !p.devOptional);
    expect(production.map(([path]) => path)).toEqual([]);
  });

  it('the bundles the app runs need nothing but Electron and Node built-ins', () => {
    const builtins = new Set(builtinModules);
    for (const bundle of ['main.cjs', 'preload.cjs', 'replica.cjs']) {
      const code = readFileSync(join(root, 'out', 'node', bundle), 'utf8');
      const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1] ?? '');
      const foreign = required.filter((r) => r !== 'electron' && !r.startsWith('node:') && !builtins.has(r));
      expect(foreign, bundle).toEqual([]);
    }
  });
});
