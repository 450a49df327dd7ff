/** Test helper: what every window of the lab must keep, checked on the options a window is really given. */
import type { WebPreferences } from 'electron';
import { expect } from 'vitest';

/** Security settings that must be on, and those that must be off, in every window. */
const MUST_BE_ON = ['contextIsolation', 'sandbox', 'webSecurity'] as const;
const MUST_BE_OFF = ['nodeIntegration', 'nodeIntegrationInWorker', 'nodeIntegrationInSubFrames', 'allowRunningInsecureContent', 'webviewTag'] as const;

/** Asserts that prefs keep Electron's security defaults, spelled out (not left to defaults that may change). */
export function expectLockedDown(prefs: WebPreferences | undefined): void {
  for (const key of MUST_BE_ON) expect(prefs?.[key], key).toBe(true);
  for (const key of MUST_BE_OFF) expect(prefs?.[key], key).toBe(false);
}
