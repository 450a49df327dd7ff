/**
 * The app's place on the desktop: one instance per user, scenario and assignment files
 * opened from the operating system (argv, `second-instance`, macOS `open-file`), File →
 * Open, File → Open Assignment, Open Recent,
 * the application menu and the lab guide. main.ts creates one DesktopIntegration before
 * the app is ready and attaches the main window once it exists:
 *
 *   if (!claimSingleInstance()) app.quit();           // before app.whenReady()
 *   const desktop = new DesktopIntegration({ dataDir, ensureWindow: createWindow });
 *   desktop.start();                                   // before app.whenReady()
 *   ...
 *   desktop.attachWindow(win);                         // after new BrowserWindow(...)
 *
 * Nothing here throws at the user: a bad file becomes a message box.
 */
import type { BrowserWindow } from 'electron';
import { app, dialog } from 'electron';
import { basename, join } from 'node:path';
import { ASSIGNMENT_EXTENSION } from '../../shared/assignment.js';
import type { EventName, LabEvents } from '../../shared/api.js';
import { channelOf } from '../../shared/api.js';
import { guidePath, showGuide } from './guide.js';
import { installMenu } from './menu.js';
import { isAssignmentPath, RecentFiles, scenarioPathsFromArgv, ScenarioOpener } from './open-file.js';
import type { Lang } from '../../shared/describe.js';

/** The recent files list in the data folder. */
export const RECENT_FILES_NAME = 'recent-files.json';

export interface DesktopOptions {
  /** The lab's data folder (the recent files list is kept there). */
  dataDir: string;
  /** Creates the main window when a file arrives while none is open (macOS). */
  ensureWindow?: () => void;
  /** Sends an event to the renderer; by default on the attached window's channel. */
  send?: <E extends EventName>(event: E, payload: LabEvents[E]) => void;
  /** Opens an assignment file (the lab lists its exercises); the sentence to show when it cannot. */
  openAssignment?: (path: string) => { ok: true } | { ok: false; message: string };
  /** Where problems that are not the user's to fix are logged. */
  log?: (message: string) => void;
  platform?: NodeJS.Platform;
  /** The menu's language at the start (the one remembered in the data folder's settings). */
  lang?: Lang;
}

/** Takes the single-instance lock; false means another instance runs and this one should quit. */
export function claimSingleInstance(): boolean {
  return app.requestSingleInstanceLock();
}

export class DesktopIntegration {
  readonly opener: ScenarioOpener;
  readonly recent: RecentFiles;
  private window: BrowserWindow | null = null;
  private readonly platform: NodeJS.Platform;
  private readonly log: (message: string) => void;
  private lang: Lang;

  constructor(private readonly options: DesktopOptions) {
    this.platform = options.platform ?? process.platform;
    this.lang = options.lang ?? 'en';
    this.log = options.log ?? ((m) => console.error(m));
    this.recent = new RecentFiles(join(options.dataDir, RECENT_FILES_NAME), {
      caseInsensitive: this.platform === 'win32' || this.platform === 'darwin',
      onProblem: this.log,
    });
    this.opener = new ScenarioOpener({
      deliver: (opened) => this.send('scenarioOpened', opened),
      showError: (title, message) => dialog.showErrorBox(title, message),
      opened: (path) => {
        this.recent.add(path);
        if (this.platform === 'win32' || this.platform === 'darwin') app.addRecentDocument(path);
        this.refreshMenu();
      },
      ...(options.openAssignment ? { openAssignment: options.openAssignment } : {}),
      failed: (path) => {
        if (this.recent.list().includes(path)) {
          this.recent.remove(path);
          this.refreshMenu();
        }
      },
    });
  }

  /**
   * Listens for files from the operating system and queues those of this instance's own
   * command line. Call before the app is ready: macOS sends `open-file` for the file that
   * launched the app before `ready`.
   */
  start(argv: readonly string[] = process.argv, cwd: string = process.cwd()): void {
    app.on('open-file', (event, path) => {
      event.preventDefault();
      this.openFromOs([path]);
    });
    app.on('second-instance', (_event, secondArgv, workingDirectory) => {
      this.openFromOs(scenarioPathsFromArgv(secondArgv, { cwd: workingDirectory, defaultApp: Boolean(process.defaultApp) }));
      this.focusWindow();
    });
    for (const path of scenarioPathsFromArgv(argv, { cwd, defaultApp: Boolean(process.defaultApp) })) this.opener.request(path);
  }

  /** The main window: its menu, and when its renderer can take opened scenarios. */
  attachWindow(win: BrowserWindow): void {
    this.window = win;
    this.opener.setNotReady();
    const contents = win.webContents;
    contents.on('did-start-loading', () => this.opener.setNotReady());
    contents.on('did-finish-load', () => this.opener.setReady());
    win.on('closed', () => {
      if (this.window === win) this.window = null;
      this.opener.setNotReady();
    });
    this.refreshMenu();
  }

  /** File → Open: the open dialog, then the same path as a double-clicked file. */
  async openWithDialog(): Promise<void> {
    const parent = this.window;
    const options: Electron.OpenDialogOptions = {
      title: 'Open Scenario',
      properties: ['openFile'],
      filters: [
        { name: 'Fault Lab scenarios', extensions: ['json'] },
        { name: 'All files', extensions: ['*'] },
      ],
    };
    const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    if (result.canceled) return;
    for (const path of result.filePaths) this.opener.request(path);
  }

  /** File → Open Assignment: the open dialog, then the same path as a double-clicked assignment file. */
  async openAssignmentWithDialog(): Promise<void> {
    const parent = this.window;
    const options: Electron.OpenDialogOptions = {
      title: 'Open Assignment',
      properties: ['openFile'],
      // Dialog filters match the last extension only: an assignment file is a .json file to them.
      filters: [
        { name: 'Fault Lab assignments (*.faultlab-assignment.json)', extensions: ['json'] },
        { name: 'All files', extensions: ['*'] },
      ],
    };
    const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    if (result.canceled) return;
    for (const path of result.filePaths) {
      if (isAssignmentPath(path)) this.opener.request(path);
      else dialog.showErrorBox(`Cannot open ${basename(path)}`, `${path} is not an assignment file: an assignment file's name ends in ${ASSIGNMENT_EXTENSION}.`);
    }
  }

  /** The window switched its language: the menu (and the guide it opens) follow. */
  setLanguage(lang: Lang): void {
    if (lang === this.lang) return;
    this.lang = lang;
    this.refreshMenu();
  }

  /** Rebuilds the application menu (after the recent files or the language changed). */
  refreshMenu(): void {
    installMenu({
      lang: this.lang,
      platform: this.platform,
      appName: app.getName(),
      recentFiles: this.recent.list(),
      isPackaged: app.isPackaged,
      actions: {
        command: (command) => this.send('menuCommand', { command }),
        openScenario: () => {
          this.openWithDialog().catch((err: unknown) => this.log(`open dialog failed: ${(err as Error).message}`));
        },
        openAssignment: () => {
          this.openAssignmentWithDialog().catch((err: unknown) => this.log(`open dialog failed: ${(err as Error).message}`));
        },
        openRecent: (path) => this.opener.request(path),
        clearRecent: () => {
          this.recent.clear();
          if (this.platform === 'win32' || this.platform === 'darwin') app.clearRecentDocuments();
          this.refreshMenu();
        },
        showGuide: () => showGuide(guidePath({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, appPath: app.getAppPath() }, this.lang)),
      },
    });
  }

  private openFromOs(paths: readonly string[]): void {
    if (paths.length === 0) return;
    if (!this.window && app.isReady()) this.options.ensureWindow?.();
    for (const path of paths) this.opener.request(path);
  }

  private focusWindow(): void {
    const win = this.window;
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  }

  private send<E extends EventName>(event: E, payload: LabEvents[E]): void {
    if (this.options.send) {
      this.options.send(event, payload);
      return;
    }
    const win = this.window;
    if (win && !win.isDestroyed()) win.webContents.send(channelOf(event), payload);
  }
}
