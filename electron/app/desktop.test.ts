// The file-open path end to end on the main side, with Electron replaced by fakes: a
// scenario double-clicked (argv, a second instance, macOS open-file), File → Open and Open
// Recent reach the renderer as `scenarioOpened` once its page has loaded; a bad file
// becomes a message box and nothing else; menu commands reach the renderer.
import type { BrowserWindow, MenuItemConstructorOptions } from 'electron';
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultScenario } from '../../shared/presets.js';
import { serializeScenario } from '../../shared/scenario.js';

const electron = await vi.hoisted(async () => {
  const { FakeEmitter: Emitter } = await import('./testing/fake-emitter.js');
  class FakeWindow extends Emitter {
    readonly webContents = Object.assign(new Emitter(), { send: vi.fn() });
    minimized = true;
    readonly restore = vi.fn(() => {
      this.minimized = false;
    });
    readonly show = vi.fn();
    readonly focus = vi.fn();
    isMinimized(): boolean {
      return this.minimized;
    }
    isDestroyed(): boolean {
      return false;
    }
  }
  const app = Object.assign(new Emitter(), {
    ready: true,
    isPackaged: true,
    isReady(): boolean {
      return app.ready;
    },
    getName: () => 'Fault Lab',
    getAppPath: () => '/opt/Fault Lab/resources/app.asar',
    addRecentDocument: vi.fn(),
    clearRecentDocuments: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => true),
  });
  const menus: unknown[] = [];
  return {
    FakeWindow,
    menus,
    app,
    dialog: { showErrorBox: vi.fn(), showOpenDialog: vi.fn() },
    Menu: {
      buildFromTemplate: (template: unknown) => template,
      setApplicationMenu: (menu: unknown) => menus.push(menu),
    },
    BrowserWindow: class {},
  };
});
vi.mock('electron', () => electron);

import { claimSingleInstance, DesktopIntegration, RECENT_FILES_NAME } from './desktop.js';

let dir: string;
let desktop: DesktopIntegration;
let win: InstanceType<typeof electron.FakeWindow>;
const ensureWindow = vi.fn();

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'faultlab-desktop-'));
  electron.app.listeners.clear();
  electron.app.ready = true;
  electron.menus.length = 0;
  electron.dialog.showErrorBox.mockClear();
  electron.dialog.showOpenDialog.mockReset();
  electron.app.addRecentDocument.mockClear();
  ensureWindow.mockClear();
  desktop = new DesktopIntegration({ dataDir: join(dir, 'data'), ensureWindow, platform: 'win32', log: () => undefined });
  win = new electron.FakeWindow();
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const text = serializeScenario({ ...defaultScenario(), name: 'Sent by the teacher' });
function scenarioFile(name: string, content = text): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}
const attach = (): void => desktop.attachWindow(win as unknown as BrowserWindow);
const pageLoaded = (): void => win.webContents.emit('did-finish-load');
const sent = (): unknown[][] => win.webContents.send.mock.calls;
function lastMenu(): MenuItemConstructorOptions[] {
  return electron.menus.at(-1) as MenuItemConstructorOptions[];
}
function menuItem(label: string): MenuItemConstructorOptions {
  const walk = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] => items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? walk(i.submenu) : [])]);
  const found = walk(lastMenu()).find((i) => (i.label ?? '').replace(/&/g, '') === label);
  if (!found) throw new Error(`no menu item ${label}`);
  return found;
}

describe('opening scenarios from the operating system', () => {
  it('opens the file the app was started with once the page has loaded, and remembers it', () => {
    const file = scenarioFile('lab.faultlab.json');
    desktop.start(['C:\\Fault Lab\\Fault Lab.exe', file], dir);
    attach();
    expect(sent()).toEqual([]);
    pageLoaded();
    expect(sent()).toEqual([['lab:scenarioOpened', { path: file, text }]]);
    expect(electron.app.addRecentDocument).toHaveBeenCalledWith(file);
    expect(JSON.parse(readFileSync(join(dir, 'data', RECENT_FILES_NAME), 'utf8')).files).toEqual([file]);
    const recent = menuItem('Open Recent').submenu as MenuItemConstructorOptions[];
    expect(recent[0]?.label).toBe('lab.faultlab.json');
  });

  it('takes the macOS open-file event before the app is ready, instead of letting macOS handle it', () => {
    electron.app.ready = false;
    desktop.start(['/Applications/Fault Lab.app/Contents/MacOS/Fault Lab'], '/');
    const file = scenarioFile('mac.faultlab.json');
    const event = { preventDefault: vi.fn() };
    electron.app.emit('open-file', event, file);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(ensureWindow).not.toHaveBeenCalled();
    attach();
    pageLoaded();
    expect(sent()).toEqual([['lab:scenarioOpened', { path: file, text }]]);
  });

  it('creates the window for a file opened while none is open (macOS keeps running without one)', () => {
    desktop.start([], '/');
    electron.app.emit('open-file', { preventDefault: vi.fn() }, scenarioFile('x.faultlab.json'));
    expect(ensureWindow).toHaveBeenCalledTimes(1);
  });

  it('hands a second instance’s file to the running window and brings that window forward', () => {
    desktop.start(['fault-lab.exe'], dir);
    attach();
    pageLoaded();
    scenarioFile('second.faultlab.json');
    electron.app.emit('second-instance', {}, ['fault-lab.exe', '--allow-file-access-from-files', 'second.faultlab.json'], dir);
    expect(sent()).toEqual([['lab:scenarioOpened', { path: join(dir, 'second.faultlab.json'), text }]]);
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
  });

  it('shows an invalid file as an error box and sends nothing to the renderer', () => {
    const bad = scenarioFile('bad.faultlab.json', '{"faultlab": 1, "scheme": "gossip"}');
    desktop.start(['fault-lab.exe', bad], dir);
    attach();
    pageLoaded();
    expect(sent()).toEqual([]);
    expect(electron.dialog.showErrorBox).toHaveBeenCalledTimes(1);
    const [title, message] = electron.dialog.showErrorBox.mock.calls[0] as [string, string];
    expect(title).toBe('Cannot open bad.faultlab.json');
    expect(message).toMatch(/scheme: expected one of/);
    expect(existsSync(join(dir, 'data', RECENT_FILES_NAME))).toBe(false);
  });

  it('waits again while the page reloads, so no file is sent into a page that cannot take it', () => {
    desktop.start([], dir);
    attach();
    pageLoaded();
    win.webContents.emit('did-start-loading');
    electron.app.emit('second-instance', {}, ['fault-lab.exe', scenarioFile('r.faultlab.json')], dir);
    expect(sent()).toEqual([]);
    pageLoaded();
    expect(sent()).toHaveLength(1);
  });
});

describe('the menu on the main side', () => {
  it('File → Open shows the open dialog and opens the chosen scenario like a double-clicked one', async () => {
    const file = scenarioFile('chosen.faultlab.json');
    electron.dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [file] });
    desktop.start([], dir);
    attach();
    pageLoaded();
    await desktop.openWithDialog();
    expect(electron.dialog.showOpenDialog).toHaveBeenCalledWith(win, expect.objectContaining({ properties: ['openFile'] }));
    expect(sent()).toEqual([['lab:scenarioOpened', { path: file, text }]]);
    electron.dialog.showOpenDialog.mockResolvedValue({ canceled: true, filePaths: [] });
    await desktop.openWithDialog();
    expect(sent()).toHaveLength(1);
  });

  it('Open Recent of a file deleted since shows why and takes it off the list', () => {
    const file = scenarioFile('gone.faultlab.json');
    desktop.start(['fault-lab.exe', file], dir);
    attach();
    pageLoaded();
    unlinkSync(file);
    const entry = (menuItem('Open Recent').submenu as MenuItemConstructorOptions[])[0] as MenuItemConstructorOptions;
    (entry.click as () => void)();
    expect(electron.dialog.showErrorBox).toHaveBeenCalledWith('Cannot open gone.faultlab.json', expect.stringMatching(/does not exist/));
    expect(desktop.recent.list()).toEqual([]);
    expect(menuItem('Open Recent').submenu).toEqual([{ label: 'No Recent Scenarios', enabled: false }]);
  });

  it('passes Run, Stop, New, Save and Export Report to the renderer as menu commands', () => {
    desktop.start([], dir);
    attach();
    for (const label of ['Run', 'Stop', 'New Scenario', 'Save Scenario…', 'Export Report…']) (menuItem(label).click as () => void)();
    expect(sent()).toEqual([
      ['lab:menuCommand', { command: 'run' }],
      ['lab:menuCommand', { command: 'stop' }],
      ['lab:menuCommand', { command: 'new' }],
      ['lab:menuCommand', { command: 'save' }],
      ['lab:menuCommand', { command: 'exportReport' }],
    ]);
  });

  it('claims the single-instance lock through Electron', () => {
    electron.app.requestSingleInstanceLock.mockReturnValueOnce(false);
    expect(claimSingleInstance()).toBe(false);
    expect(claimSingleInstance()).toBe(true);
  });
});

describe('the menu in the window\'s language', () => {
  it('starts in the remembered language and is rebuilt when the window switches, keeping the recent files', () => {
    const file = scenarioFile('lab.faultlab.json');
    const ko = new DesktopIntegration({ dataDir: join(dir, 'data'), ensureWindow, platform: 'win32', log: () => undefined, lang: 'ko' });
    ko.recent.add(file);
    ko.attachWindow(win as unknown as BrowserWindow);
    expect(lastMenu().map((i) => i.label)).toEqual(['파일(&F)', '편집(&E)', '실습(&L)', '보기(&V)', '도움말(&H)']);
    const built = electron.menus.length;
    ko.setLanguage('ko');
    expect(electron.menus.length).toBe(built);
    ko.setLanguage('en');
    expect(electron.menus.length).toBe(built + 1);
    expect(lastMenu().map((i) => i.label)).toEqual(['&File', '&Edit', '&Lab', '&View', '&Help']);
    expect((menuItem('Open Recent').submenu as MenuItemConstructorOptions[])[0]?.label).toBe('lab.faultlab.json');
  });
});
