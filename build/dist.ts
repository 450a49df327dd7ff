/**
 * `npm run dist`: builds everything, checks that what electron-builder needs from outside
 * the checkout is here or downloadable, then packages the installers of the current OS into
 * dist/ (Linux: AppImage + deb; Windows: NSIS installer + portable exe; macOS: dmg for x64
 * and arm64). Without network and without the caches it stops with a message saying what is
 * missing, before any download is attempted. Extra arguments go to electron-builder
 * (e.g. `npm run dist -- --dir` for an unpacked app only).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { downloadHost, missingMessage, packagingRequirements, reachable, realHost } from './dist-check.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PLATFORM_FLAG: Partial<Record<NodeJS.Platform, string>> = { linux: '--linux', win32: '--win', darwin: '--mac' };

function fail(message: string): never {
  process.stderr.write(`\nnpm run dist: ${message}\n`);
  process.exit(1);
}

function run(what: string, command: string, args: string[]): void {
  process.stdout.write(`\n== ${what}\n`);
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: command === 'npm' && process.platform === 'win32' });
  if (r.error) fail(`${what} could not start: ${r.error.message}`);
  if (r.status !== 0) fail(`${what} failed (exit code ${r.status ?? r.signal}).`);
}

interface PackageJson {
  scripts?: Record<string, string>;
}

async function main(): Promise<void> {
  const flag = PLATFORM_FLAG[process.platform];
  if (!flag) fail(`installers are built for Linux, Windows and macOS; this is ${process.platform}.`);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;

  // 1. Build everything the app runs: main, preload, replica and CLI bundles, the renderer.
  if (pkg.scripts?.build) run('build', 'npm', ['run', 'build']);
  else {
    run('build the Node-side bundles', 'npm', ['run', 'build:node']);
    if (existsSync(join(root, 'renderer', 'vite.config.ts'))) {
      run('build the renderer', process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'renderer/vite.config.ts']);
    }
  }
  const config = createRequire(import.meta.url)('./electron-builder.config.cjs') as { extraMetadata?: { main?: string } };
  const main = config.extraMetadata?.main;
  if (!main) fail('build/electron-builder.config.cjs names no main entry (extraMetadata.main).');
  const mustExist = [main, 'out/renderer/index.html'];
  for (const p of mustExist) if (!existsSync(join(root, p))) fail(`the build did not produce ${p}.`);

  // 2. What electron-builder would otherwise download.
  const electronVersion = (JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
  const missing = packagingRequirements(realHost(), electronVersion).filter((r) => !r.present);
  if (missing.length > 0) {
    const { host, port } = downloadHost(process.env);
    process.stdout.write(`\n== ${missing.length} item(s) not cached; checking that ${host} is reachable\n`);
    if (!(await reachable(host, port))) fail(missingMessage(missing, host));
  }

  // 3. Package for this OS.
  run(`electron-builder ${flag}`, process.execPath, [
    join(root, 'node_modules', 'electron-builder', 'cli.js'),
    '--config',
    'build/electron-builder.config.cjs',
    '--publish',
    'never',
    flag,
    ...process.argv.slice(2),
  ]);

  const dist = join(root, 'dist');
  const made = readdirSync(dist).filter((f) => /\.(AppImage|deb|exe|dmg)$/.test(f));
  process.stdout.write(`\nInstallers in dist/:\n${made.map((f) => `  ${f}  (${(statSync(join(dist, f)).size / 1e6).toFixed(1)} MB)`).join('\n') || '  (none: see electron-builder output above)'}\n`);
}

main().catch((err: unknown) => fail((err as Error).message));
