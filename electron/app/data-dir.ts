/**
 * Where the lab keeps its runs: an explicit folder (--data-dir), else FAULTLAB_DATA_DIR,
 * else the platform's application-data folder. (Inside Electron, main.ts uses
 * app.getPath('userData') instead of the platform default.)
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_DIR_NAME = 'Fault Lab';

/** The platform's application-data folder for the lab. */
export function platformDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'fault-lab');
}

/** The data folder to use: the explicit one, else FAULTLAB_DATA_DIR, else the fallback. */
export function resolveDataDir(explicit: string | undefined, fallback: () => string = platformDataDir, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit !== undefined && explicit !== '') return explicit;
  if (env.FAULTLAB_DATA_DIR) return env.FAULTLAB_DATA_DIR;
  return fallback();
}
