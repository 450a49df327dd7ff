/**
 * The Electron main process of the lab (bundled to out/node/main.cjs, package.json
 * "main"). It promises Electron's security defaults, kept on:
 * - the window runs with context isolation, the sandbox, no Node integration and web
 *   security on; its only bridge is the preload's `window.lab`;
 * - the page is served from the app's own `app://lab/` origin (the built renderer,
 *   out/renderer) with a strict CSP; every request to any other origin is cancelled
 *   (the lab is offline);
 * - navigation, new windows, webviews and permission requests are denied;
 * - one instance only: a second launch (a scenario file double-clicked, say) hands its
 *   file to the running window (desktop.ts: files from the OS, the menu, recent files);
 * - every IPC call is checked for its sender (the lab window's main frame at app://lab)
 *   and validated against its schema (LabBackend.invoke) before anything acts on it;
 * - a lab report's PDF is printed by a hidden, sandboxed window with JavaScript off, in
 *   a session of its own that can load nothing but the report's temporary file.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, protocol, session } from 'electron';
import type { BrowserWindowConstructorOptions, IpcMain, IpcMainInvokeEvent, SaveDialogOptions, Session, WebContents } from 'electron';
import type { CallName } from '../../shared/api.js';
import { CALLS, channelOf } from '../../shared/api.js';
import { useNodeSha256 } from '../runtime/node-sha256.js';
import { electronSpawner } from '../runtime/spawn-electron.js';
import { startLiveRun } from '../runtime/live.js';
import { resolveDataDir } from './data-dir.js';
import { claimSingleInstance, DesktopIntegration } from './desktop.js';
import type { CallOutcome } from './handlers.js';
import { LabBackend } from './handlers.js';
import { LOCKED_DOWN } from './web-preferences.js';
import { cacheControlOf, contentSecurityPolicy, contentTypeOf, defaultRendererDir, resolveStaticFile, securityHeaders } from './static-files.js';
import { readSettings } from './settings.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'lab';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/`;

/** The lab window's options: the security settings of LOCKED_DOWN, none left to defaults, and its preload. */
export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1400,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Fault Lab',
    backgroundColor: '#ffffff',
    webPreferences: { ...LOCKED_DOWN, preload: preloadPath, navigateOnDragDrop: false },
  };
}

/** Whether an IPC call comes from the lab window's own page (its main frame, at app://lab). */
export function isTrustedSender(event: IpcMainInvokeEvent, window: BrowserWindow | null): boolean {
  if (!window || window.isDestroyed()) return false;
  if (event.sender !== window.webContents) return false;
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  try {
    const url = new URL(frame.url);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch (err) {
    if (err instanceof TypeError) return false;
    throw err;
  }
}

/** One ipcMain handler per call in the contract. Returns a function removing them. */
export function registerIpc(ipc: IpcMain, backend: LabBackend, trusted: (event: IpcMainInvokeEvent) => boolean, log: (message: string) => void): () => void {
  const names = Object.keys(CALLS) as CallName[];
  for (const name of names) {
    ipc.handle(channelOf(name), async (event: IpcMainInvokeEvent, raw: unknown): Promise<CallOutcome> => {
      if (!trusted(event)) {
        log(`fault-lab: refused ${name} from ${event.senderFrame?.url ?? 'a frame that is gone'}`);
        return { ok: false, code: 'bad-call', error: 'Refused: this call did not come from the lab window.' };
      }
      return backend.invoke(name, raw);
    });
  }
  return () => {
    for (const name of names) ipc.removeHandler(channelOf(name));
  };
}

/** Denies navigation, new windows and webviews in every web contents the app creates. */
export function lockDownContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Denies every permission, adds the CSP, and cancels every request outside the app. */
export function lockDownSession(ses: Session, csp: string): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = details.url.startsWith(APP_URL) || details.url.startsWith('devtools:') || details.url.startsWith('data:') || details.url.startsWith('blob:');
    callback({ cancel: !allowed });
  });
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
}

/** Serves the built renderer at app://lab/ with the security headers. */
export function serveRenderer(rendererDir: string, csp: string): void {
  const headers = securityHeaders(csp);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST ? resolveStaticFile(rendererDir, url.pathname) : null;
    if (!file) return new Response('Not Found', { status: 404, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
    const body = await readFile(file);
    return new Response(body, { headers: { ...headers, 'Content-Type': contentTypeOf(file), 'Cache-Control': cacheControlOf(file) } });
  });
}

/** The session the PDF printer's windows use: in memory, no permissions, nothing loaded but the files allowed. */
export const PRINT_PARTITION = 'faultlab-print';
const printable = new Set<string>();
let printSession: Session | null = null;

function printerSession(): Session {
  if (printSession) return printSession;
  const ses = session.fromPartition(PRINT_PARTITION, { cache: false });
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  // The report is self-contained: its own file, and data: URLs inside it (the CSV links).
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !(printable.has(details.url) || details.url.startsWith('data:')) }));
  printSession = ses;
  return ses;
}

/** The hidden window that prints a report: sandboxed, JavaScript off, its own session. */
export function printWindowOptions(ses: Session): BrowserWindowConstructorOptions {
  return {
    show: false,
    width: 1000,
    height: 1400,
    webPreferences: { ...LOCKED_DOWN, session: ses, javascript: false },
  };
}

const PDF_FOOTER = '<div style="font-size:8px;width:100%;text-align:center;color:#666;font-family:Helvetica,Arial,sans-serif">Fault Lab report — page <span class="pageNumber"></span> of <span class="totalPages"></span></div>';

/**
 * Report HTML to PDF with Electron's own printToPDF: the HTML goes to a temporary file
 * (a report can be several megabytes, too long for a data: URL), a hidden window loads it
 * and prints it, and both are gone afterwards.
 */
export async function printPdfInWindow(html: string): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'faultlab-print-'));
  const file = join(dir, 'report.html');
  const url = pathToFileURL(file).href;
  let win: BrowserWindow | null = null;
  try {
    await writeFile(file, html);
    printable.add(url);
    win = new BrowserWindow(printWindowOptions(printerSession()));
    await win.loadFile(file);
    return await win.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true, displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: PDF_FOOTER });
  } finally {
    printable.delete(url);
    if (win && !win.isDestroyed()) win.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The save dialog offered for a report file: in the Documents folder, under the report's name. */
export function reportSaveDialogOptions(defaultName: string, kind: 'html' | 'pdf', documentsDir: string): SaveDialogOptions {
  return {
    title: kind === 'html' ? 'Save a copy of the lab report (HTML)' : 'Save a copy of the lab report (PDF)',
    defaultPath: join(documentsDir, defaultName),
    filters: [kind === 'html' ? { name: 'Web page', extensions: ['html'] } : { name: 'PDF document', extensions: ['pdf'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
}

/** Starts the lab in Electron. */
export function launch(): void {
  const log = (m: string): void => void process.stderr.write(`${m}\n`);
  useNodeSha256();
  app.setName('Fault Lab');
  if (!claimSingleInstance()) {
    app.quit();
    return;
  }
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);

  const dataDir = resolveDataDir(undefined, () => app.getPath('userData'));
  const settings = readSettings(dataDir, log);
  const backend = new LabBackend({
    dataDir,
    shell: 'electron',
    version: app.getVersion(),
    log,
    // Inside Electron, replicas are utility processes (no RunAsNode fuse needed).
    startRun: (scenario, mode, options) => startLiveRun(scenario, mode, { ...options, spawner: electronSpawner }),
    printPdf: printPdfInWindow,
    chooseSavePath: async ({ defaultName, kind }) => {
      const options = reportSaveDialogOptions(defaultName, kind, app.getPath('documents'));
      const parent = window && !window.isDestroyed() ? window : null;
      const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    // The window switched its language: the menu is rebuilt in it.
    onLanguage: (lang) => desktop.setLanguage(lang),
  });
  let window: BrowserWindow | null = null;

  const createWindow = (): void => {
    if (window && !window.isDestroyed()) return;
    const win = new BrowserWindow(windowOptions(join(__dirname, 'preload.cjs')));
    window = win;
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => {
      if (window === win) window = null;
    });
    desktop.attachWindow(win);
    void win.loadURL(APP_URL);
  };

  // Every event for the page (run batches, opened files, menu commands) goes one way.
  const desktop = new DesktopIntegration({ dataDir, ensureWindow: createWindow, send: (event, payload) => backend.emit(event, payload), openAssignment: (path) => backend.openAssignmentFile(path), log, ...(settings.lang ? { lang: settings.lang } : {}) });
  desktop.start();
  backend.subscribe((name, payload) => {
    if (window && !window.isDestroyed()) window.webContents.send(channelOf(name), payload);
  });

  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
  app.on('window-all-closed', () => app.quit());
  app.on('activate', () => {
    if (app.isReady()) createWindow();
  });

  let shutDown = false;
  app.on('before-quit', (event) => {
    if (shutDown) return;
    // Live runs end cleanly (end marker, summary) before the process goes.
    event.preventDefault();
    void backend.shutdown().finally(() => {
      shutDown = true;
      app.quit();
    });
  });

  void app.whenReady().then(() => {
    const csp = contentSecurityPolicy();
    lockDownSession(session.defaultSession, csp);
    serveRenderer(defaultRendererDir(), csp);
    registerIpc(ipcMain, backend, (event) => isTrustedSender(event, window), log);
    createWindow();
  });
}

// Only inside Electron: importing this module elsewhere (tests) starts nothing.
if (process.versions.electron !== undefined && process.type === 'browser') launch();
