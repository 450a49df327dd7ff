/**
 * The built-in lab guide (Help → Lab Guide): a self-contained HTML page shipped with the
 * app, shown in its own window. Its source is build/resources/guide/guide.html (and
 * guide.ko.html); the renderer's build writes it to out/renderer with the Korean font
 * embedded (renderer/vite.config.ts), and the package carries that as resources/guide. It
 * works offline, runs no script and can navigate nowhere but within itself.
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { BrowserWindow, dialog } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LOCKED_DOWN } from './web-preferences.js';
import type { Lang } from '../../shared/describe.js';

/** Where the guide is: beside app.asar when packaged, in the checkout's renderer build otherwise. */
export function guidePath(where: { isPackaged: boolean; resourcesPath: string; appPath: string }, lang: Lang = 'en'): string {
  const name = lang === 'ko' ? 'guide.ko.html' : 'guide.html';
  return where.isPackaged ? join(where.resourcesPath, 'guide', name) : join(where.appPath, 'out', 'renderer', name);
}

/** The guide window's web preferences: a static page, so no script, no Node, a sandbox. */
export const GUIDE_WEB_PREFERENCES: Readonly<WebPreferences> = {
  ...LOCKED_DOWN,
  javascript: false,
  // Its own in-memory session: the lab window's session refuses everything outside app://lab/,
  // and the guide is a file. Its CSP (default-src 'none') keeps it from loading anything else.
  partition: 'guide',
};

export function guideWindowOptions(): BrowserWindowConstructorOptions {
  return { width: 900, height: 820, minWidth: 480, minHeight: 360, title: 'Fault Lab — lab guide', show: true, webPreferences: { ...GUIDE_WEB_PREFERENCES } };
}

/** Whether the guide window may go to url: only the guide itself (its #anchors). */
export function isGuideUrl(url: string, guideFile: string): boolean {
  // The guide and its Korean translation beside it (guide.ko.html), each linking the other.
  const own = [pathToFileURL(guideFile), pathToFileURL(guideFile.replace(/\.html$/, '.ko.html'))];
  try {
    const target = new URL(url);
    return target.protocol === 'file:' && own.some((u) => u.pathname === target.pathname);
  } catch {
    return false; // not a URL at all: never navigate there
  }
}

let guideWindow: BrowserWindow | null = null;

/** Shows the guide (focusing it if already open); a missing guide file is reported, not thrown. */
export function showGuide(file: string): void {
  if (guideWindow && !guideWindow.isDestroyed()) {
    guideWindow.focus();
    return;
  }
  if (!existsSync(file)) {
    dialog.showErrorBox('Lab guide missing', `The lab guide was not found at ${file}. The installation may be incomplete: reinstalling Fault Lab restores it.`);
    return;
  }
  const win = new BrowserWindow(guideWindowOptions());
  guideWindow = win;
  win.setMenuBarVisibility(false);
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event, url) => {
    if (!isGuideUrl(url, file)) event.preventDefault();
  });
  win.on('closed', () => {
    guideWindow = null;
  });
  win.loadFile(file).catch((err: unknown) => {
    dialog.showErrorBox('Lab guide', `The lab guide could not be shown: ${(err as Error).message}`);
  });
}
