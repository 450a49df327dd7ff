/**
 * Builds the Node bundles (CLI, replica, bench) once before the unit suites that run them,
 * so no suite rebuilds out/node while another is using it.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default function setup(): void {
  execFileSync(process.execPath, [join(__dirname, 'build-node.mjs')], { stdio: 'inherit' });
}
