/**
 * Test helper: bundles TypeScript entry points into CommonJS files that Node runs, as
 * build/build-node.mjs bundles the app, for the programs a test spawns (a lab host, a
 * rogue replica, the CLI in a copy of the app's layout).
 */
import { build } from 'esbuild';

/** Writes `<outdir>/<name>.cjs` for each entry point; `external` modules stay require()d. */
export async function bundleForNode(entryPoints: Record<string, string>, outdir: string, external: string[] = []): Promise<void> {
  await build({ entryPoints, outdir, outExtension: { '.js': '.cjs' }, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error', external });
}
