/**
 * A bundle of out/node that a worker thread runs (the hunt's, a streamed simulation's): beside
 * the bundle this code is in, or (running from source, in tests) in out/node.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function bundledFile(name: string, what: string): string {
  const beside = join(__dirname, name);
  if (existsSync(beside)) return beside;
  const built = join(__dirname, '..', '..', 'out', 'node', name);
  if (existsSync(built)) return built;
  throw new Error(`${what} is not built (expected ${beside}; run npm run build:node)`);
}
