/**
 * What the app remembers per user beside the kept runs: the language the window was last
 * switched to (the Electron menu is built in it at the next start). One small JSON file in
 * the data folder, validated when read (a damaged or hand-edited file gives the defaults
 * and is reported, never a crash) and written atomically.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Lang } from '../../shared/describe.js';
import { LANGS } from '../../shared/describe.js';
import { writeFileAtomic } from '../runtime/files.js';

export const SETTINGS_FILE_NAME = 'settings.json';

const settingsShape = z.object({ lang: z.enum(LANGS).optional() });

export type AppSettings = z.infer<typeof settingsShape>;

/** The settings in a data folder; the defaults ({}) when there are none or they cannot be read (said through `onProblem`). */
export function readSettings(dataDir: string, onProblem: (message: string) => void = () => {}): AppSettings {
  const path = join(dataDir, SETTINGS_FILE_NAME);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') onProblem(`${path}: ${(err as Error).message}; using the default settings`);
    return {};
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    onProblem(`${path}: not valid JSON; using the default settings`);
    return {};
  }
  const r = settingsShape.safeParse(raw);
  if (!r.success) {
    onProblem(`${path}: ${r.error.issues[0]?.path.join('.') || '(file)'}: ${r.error.issues[0]?.message ?? 'invalid'}; using the default settings`);
    return {};
  }
  return r.data;
}

/** Remembers the language, keeping the other settings (and any field a later version added). */
export function saveLanguage(dataDir: string, lang: Lang): void {
  const path = join(dataDir, SETTINGS_FILE_NAME);
  let current: Record<string, unknown> = {};
  try {
    const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) current = raw as Record<string, unknown>;
  } catch {
    // No settings yet, or unreadable ones: this write replaces them.
  }
  writeFileAtomic(path, `${JSON.stringify({ ...current, lang }, null, 2)}\n`);
}
