// Bundles the Node-side entry points (CLI, replica process, benchmark) into out/node/.
// Runs on `npm install` (prepare) so `npx faultlab` works right after installing.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entries = {
  cli: 'electron/cli/entry.ts',
  replica: 'electron/replica/entry.ts',
  bench: 'electron/bench/entry.ts',
  'bench-echo': 'electron/bench/echo.ts',
  // Electron main and the window's preload (CommonJS: a sandboxed window needs a CJS preload).
  main: 'electron/app/main.ts',
  preload: 'electron/app/preload.ts',
};
const entryPoints = Object.fromEntries(Object.entries(entries).filter(([, p]) => existsSync(join(root, p))).map(([k, p]) => [k, join(root, p)]));

await build({
  entryPoints,
  outdir: join(root, 'out', 'node'),
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  external: ['electron', 'playwright-core'],
});
