// Bundles the Node-side entry points (CLI, replica process, benchmark) into out/node/.
// Runs on `npm install` (prepare) so `npx faultlab` works right after installing.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entries = {
  cli: 'electron/cli/entry.ts',
  replica: 'electron/replica/entry.ts',
  // The same replica speaking the replica protocol on stdin/stdout (a replica command like a student's).
  'replica-stdio': 'electron/replica/stdio.ts',
  bench: 'electron/bench/entry.ts',
  'bench-echo': 'electron/bench/echo.ts',
  // `npm run soak`: n = 15 real replicas under a fault every 500 ms, memory sampled.
  soak: 'electron/soak/entry.ts',
  // One candidate of `faultlab hunt` per task, on a tinypool worker thread.
  'hunt-worker': 'electron/hunt-worker/entry.ts',
  // A simulation too large to hold in memory, streamed on a worker thread with a capped heap.
  'sim-worker': 'electron/runtime/sim-worker.ts',
  // The lab's forks and chosen-message runs, made off the main thread (electron/app/lab/lab-work.ts).
  'lab-worker': 'electron/app/lab/lab-worker.ts',
  // The lab's thread: kept runs opened, their diagrams, step sessions (electron/app/lab/lab-thread.ts).
  'lab-thread': 'electron/app/lab/lab-thread-worker.ts',
  // Electron main and the window's preload (CommonJS: a sandboxed window needs a CJS preload).
  main: 'electron/app/main.ts',
  preload: 'electron/app/preload.ts',
};
const entryPoints = Object.fromEntries(Object.entries(entries).filter(([, p]) => existsSync(join(root, p))).map(([k, p]) => [k, join(root, p)]));

/** tinypool's import.meta.url, in the bundle: its folder out/node/tinypool (see below). */
const tinypoolUrl = {
  name: 'tinypool-url',
  setup(b) {
    b.onLoad({ filter: /[\\/]tinypool[\\/]dist[\\/]index\.js$/ }, (args) => ({
      contents:
        'const __tinypoolUrl = require("node:url").pathToFileURL(require("node:path").join(__dirname, "tinypool", "index.js")).href;\n' +
        readFileSync(args.path, 'utf8').replaceAll('import.meta.url', '__tinypoolUrl'),
      loader: 'js',
    }));
  },
};

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
  plugins: [tinypoolUrl],
});

// tinypool starts its threads from its own entry/worker.js, found from import.meta.url,
// which a CommonJS bundle does not have: bundle that entry to out/node/tinypool/entry/, and
// point tinypool's import.meta.url at out/node/tinypool/index.js.
await build({
  entryPoints: { 'entry/worker': join(root, 'node_modules', 'tinypool', 'dist', 'entry', 'worker.js') },
  outdir: join(root, 'out', 'node', 'tinypool'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
});
mkdirSync(join(root, 'out', 'node', 'tinypool'), { recursive: true });
writeFileSync(join(root, 'out', 'node', 'tinypool', 'package.json'), '{ "type": "commonjs" }\n');

// Korean reports embed subsets of Noto Sans KR (electron/report/fonts.ts): ship its
// regular-weight files beside the bundles, so the packaged app needs no node_modules.
const fontFrom = join(root, 'node_modules', '@fontsource', 'noto-sans-kr');
const fontTo = join(root, 'out', 'node', 'fonts', 'noto-sans-kr');
mkdirSync(join(fontTo, 'files'), { recursive: true });
copyFileSync(join(fontFrom, '400.css'), join(fontTo, '400.css'));
copyFileSync(join(fontFrom, 'LICENSE'), join(fontTo, 'LICENSE'));
for (const f of readdirSync(join(fontFrom, 'files'))) {
  if (f.endsWith('-400-normal.woff2')) copyFileSync(join(fontFrom, 'files', f), join(fontTo, 'files', f));
}
