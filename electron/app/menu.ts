/**
 * The application menu: File (new, open, open recent, open assignment, save, export
 * report, verify a report), Lab (run, stop), Edit, View, Window, Help (the built-in lab
 * guide, About). The template is a pure
 * function of the platform, the recent files and the actions to call, so it is tested
 * without Electron; `installMenu` hands it to Electron.
 *
 * Actions that concern the renderer's state (new, save, run, stop, export report, verify a
 * report: the window asks for the report file) reach it as the `menuCommand` event;
 * opening a scenario or an assignment goes through the main side's ScenarioOpener, which
 * validates it first.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { Menu } from 'electron';
import { basename } from 'node:path';
import type { MenuCommand } from '../../shared/api.js';

/** Keyboard shortcuts of the menu commands (CmdOrCtrl is ⌘ on macOS, Ctrl elsewhere). */
export const ACCELERATORS = {
  new: 'CmdOrCtrl+N',
  open: 'CmdOrCtrl+O',
  save: 'CmdOrCtrl+S',
  run: 'CmdOrCtrl+R',
  stop: 'CmdOrCtrl+.',
  exportReport: 'CmdOrCtrl+E',
  guide: 'F1',
} as const;

/** What the menu's items do. */
export interface MenuActions {
  /** Passes a command to the renderer (the menuCommand event). */
  command(command: MenuCommand): void;
  /** Shows the open dialog and opens the chosen scenario. */
  openScenario(): void;
  /** Shows the open dialog for an assignment file; its exercises replace the list. */
  openAssignment(): void;
  /** Opens a file from File → Open Recent. */
  openRecent(path: string): void;
  clearRecent(): void;
  /** Opens the built-in lab guide (offline). */
  showGuide(): void;
}

export interface MenuContext {
  platform: NodeJS.Platform;
  appName: string;
  /** Newest first. */
  recentFiles: readonly string[];
  /** Developer tools and reload are offered only when not packaged. */
  isPackaged: boolean;
  actions: MenuActions;
}

/** A recent file's menu label: its name, with its folder when two names collide. */
function recentLabels(files: readonly string[]): string[] {
  const names = files.map((f) => basename(f));
  return files.map((f, i) => {
    const name = names[i] ?? f;
    const label = names.filter((n) => n === name).length > 1 ? `${name} — ${f}` : name;
    // "&" marks a mnemonic on Windows and Linux; a file name's own "&" must stay visible.
    return label.replace(/&/g, '&&');
  });
}

/** The menu template for the platform. */
export function buildMenuTemplate(ctx: MenuContext): MenuItemConstructorOptions[] {
  const { actions } = ctx;
  const mac = ctx.platform === 'darwin';
  const labels = recentLabels(ctx.recentFiles);

  const recent: MenuItemConstructorOptions[] =
    ctx.recentFiles.length === 0
      ? [{ label: 'No Recent Scenarios', enabled: false }]
      : [
          ...ctx.recentFiles.map((path, i): MenuItemConstructorOptions => ({
            label: labels[i] ?? path,
            toolTip: path,
            click: () => actions.openRecent(path),
          })),
          { type: 'separator' },
          { label: 'Clear Recent', click: () => actions.clearRecent() },
        ];

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: '&New Scenario', accelerator: ACCELERATORS.new, click: () => actions.command('new') },
      { label: '&Open Scenario…', accelerator: ACCELERATORS.open, click: () => actions.openScenario() },
      { label: 'Open &Recent', submenu: recent },
      { label: 'Open &Assignment…', click: () => actions.openAssignment() },
      { type: 'separator' },
      { label: '&Save Scenario…', accelerator: ACCELERATORS.save, click: () => actions.command('save') },
      { label: '&Export Report…', accelerator: ACCELERATORS.exportReport, click: () => actions.command('exportReport') },
      { label: '&Verify a Report…', click: () => actions.command('verifyReport') },
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit', label: 'E&xit' },
    ],
  };

  const lab: MenuItemConstructorOptions = {
    label: '&Lab',
    submenu: [
      { label: '&Run', accelerator: ACCELERATORS.run, click: () => actions.command('run') },
      { label: '&Stop', accelerator: ACCELERATORS.stop, click: () => actions.command('stop') },
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      // No reload item: CmdOrCtrl+R runs the lab, and a reload would drop the renderer's state.
      ...(ctx.isPackaged ? [] : ([{ role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[])),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };

  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: '&Help',
    submenu: [
      { label: 'Lab &Guide', accelerator: ACCELERATORS.guide, click: () => actions.showGuide() },
      ...(mac ? [] : ([{ type: 'separator' }, { role: 'about', label: `&About ${ctx.appName}` }] as MenuItemConstructorOptions[])),
    ],
  };

  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: ctx.appName,
      submenu: [
        { role: 'about', label: `About ${ctx.appName}` },
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push(file, { role: 'editMenu', label: '&Edit' }, lab, view);
  if (mac) template.push({ role: 'windowMenu' });
  template.push(help);
  return template;
}

/** Builds the template and makes it the application menu. */
export function installMenu(ctx: MenuContext): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(ctx)));
}
