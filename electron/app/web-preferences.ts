/**
 * The web preferences every window of the lab starts from: Electron's security defaults,
 * spelled out once and kept on (context isolation, the sandbox, no Node in any frame or
 * worker, web security, no insecure content, no webview, no spellchecker dictionaries to
 * fetch). A window adds what it needs (a preload, a session) or turns off more
 * (JavaScript), and never turns one of these back.
 */
import type { WebPreferences } from 'electron';

export const LOCKED_DOWN: Readonly<WebPreferences> = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
};
