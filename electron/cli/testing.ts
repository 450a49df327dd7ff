/** Test helper: runs the installed `faultlab` bin as a script would, from the project root. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'electron', 'bin', 'faultlab.cjs');

export function faultlab(...args: string[]): { code: number; stdout: string; stderr: string } {
  return faultlabWithEnv({}, ...args);
}

/** The same, with extra environment variables. */
export function faultlabWithEnv(env: NodeJS.ProcessEnv, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
