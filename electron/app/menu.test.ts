// The application menu as a student meets it: shortcuts, what each item does, the recent
// files, and the differences between macOS and Windows/Linux.
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  Menu: {
    buildFromTemplate: vi.fn((template: unknown) => ({ builtFrom: template })),
    setApplicationMenu: vi.fn(),
  },
}));
vi.mock('electron', () => electron);

import type { MenuActions, MenuContext } from './menu.js';
import { buildMenuTemplate, installMenu } from './menu.js';

type Calls = string[];
function context(over: Partial<MenuContext> = {}): { ctx: MenuContext; calls: Calls } {
  const calls: Calls = [];
  const actions: MenuActions = {
    command: (c) => calls.push(`command:${c}`),
    openScenario: () => calls.push('openScenario'),
    openAssignment: () => calls.push('openAssignment'),
    openRecent: (p) => calls.push(`openRecent:${p}`),
    clearRecent: () => calls.push('clearRecent'),
    showGuide: () => calls.push('showGuide'),
  };
  return { ctx: { platform: 'linux', appName: 'Fault Lab', recentFiles: [], isPackaged: true, actions, ...over }, calls };
}

function items(template: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  const out: MenuItemConstructorOptions[] = [];
  for (const item of template) {
    out.push(item);
    if (Array.isArray(item.submenu)) out.push(...items(item.submenu));
  }
  return out;
}
const plain = (label: string | undefined): string => (label ?? '').replace(/&(?!&)/g, '').replace(/&&/g, '&');
function byLabel(template: readonly MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const found = items(template).find((i) => plain(i.label) === label);
  if (!found) throw new Error(`no menu item "${label}" in ${items(template).map((i) => plain(i.label) || i.role).join(', ')}`);
  return found;
}
function click(item: MenuItemConstructorOptions): void {
  // The menu's handlers take no arguments; Electron passes (item, window, event).
  (item.click as () => void)();
}

describe('application menu', () => {
  it('opens an assignment through the main side, and asks the window for a report to verify', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const { ctx, calls } = context({ platform });
      const template = buildMenuTemplate(ctx);
      click(byLabel(template, 'Open Assignment…'));
      click(byLabel(template, 'Verify a Report…'));
      expect(calls).toEqual(['openAssignment', 'command:verifyReport']);
    }
  });

  it.each([
    ['New Scenario', 'CmdOrCtrl+N', 'command:new'],
    ['Open Scenario…', 'CmdOrCtrl+O', 'openScenario'],
    ['Save Scenario…', 'CmdOrCtrl+S', 'command:save'],
    ['Run', 'CmdOrCtrl+R', 'command:run'],
    ['Stop', 'CmdOrCtrl+.', 'command:stop'],
    ['Export Report…', 'CmdOrCtrl+E', 'command:exportReport'],
    ['Lab Guide', 'F1', 'showGuide'],
  ])('%s has shortcut %s and does %s', (label, accelerator, action) => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const { ctx, calls } = context({ platform });
      const item = byLabel(buildMenuTemplate(ctx), label);
      expect(item.accelerator).toBe(accelerator);
      click(item);
      expect(calls).toEqual([action]);
    }
  });

  it('gives no two items the same shortcut, and has no reload on Ctrl+R (it runs the lab)', () => {
    for (const isPackaged of [true, false]) {
      for (const platform of ['darwin', 'win32', 'linux'] as const) {
        const all = items(buildMenuTemplate(context({ platform, isPackaged }).ctx));
        const accelerators = all.map((i) => i.accelerator).filter((a): a is string => typeof a === 'string');
        expect(new Set(accelerators).size).toBe(accelerators.length);
        expect(all.some((i) => i.role === 'reload')).toBe(false);
      }
    }
  });

  it('on macOS starts with the app menu (About, Quit) and has a Window menu', () => {
    const t = buildMenuTemplate(context({ platform: 'darwin' }).ctx);
    expect(t[0]?.label).toBe('Fault Lab');
    const appMenu = t[0]?.submenu as MenuItemConstructorOptions[];
    expect(appMenu.map((i) => i.role).filter(Boolean)).toEqual(['about', 'services', 'hide', 'hideOthers', 'unhide', 'quit']);
    expect(t.some((i) => i.role === 'windowMenu')).toBe(true);
    expect(items(t).filter((i) => i.role === 'about')).toHaveLength(1);
  });

  it('on Windows and Linux puts About in Help and Exit in File', () => {
    for (const platform of ['win32', 'linux'] as const) {
      const t = buildMenuTemplate(context({ platform }).ctx);
      expect(plain(t[0]?.label)).toBe('File');
      const help = t.at(-1);
      expect(help?.role).toBe('help');
      expect((help?.submenu as MenuItemConstructorOptions[]).some((i) => i.role === 'about' && plain(i.label) === 'About Fault Lab')).toBe(true);
      expect(plain(byLabel(t, 'Exit').label)).toBe('Exit');
      expect(byLabel(t, 'Exit').role).toBe('quit');
    }
  });

  it('offers developer tools only in a development build', () => {
    const roles = (isPackaged: boolean): unknown[] => items(buildMenuTemplate(context({ isPackaged }).ctx)).map((i) => i.role);
    expect(roles(true)).not.toContain('toggleDevTools');
    expect(roles(false)).toContain('toggleDevTools');
    expect(roles(true)).toContain('editMenu'); // copy and paste work in text fields
  });

  it('lists recent files newest first by name, opens them, and can clear the list', () => {
    const recentFiles = ['/home/ana/labs/split-brain.faultlab.json', '/home/ana/old/two-liars.faultlab.json'];
    const { ctx, calls } = context({ recentFiles });
    const recent = byLabel(buildMenuTemplate(ctx), 'Open Recent').submenu as MenuItemConstructorOptions[];
    expect(recent.map((i) => plain(i.label) || i.type)).toEqual(['split-brain.faultlab.json', 'two-liars.faultlab.json', 'separator', 'Clear Recent']);
    expect(recent[1]?.toolTip).toBe('/home/ana/old/two-liars.faultlab.json');
    click(recent[1] as MenuItemConstructorOptions);
    click(recent[3] as MenuItemConstructorOptions);
    expect(calls).toEqual(['openRecent:/home/ana/old/two-liars.faultlab.json', 'clearRecent']);
  });

  it('shows a disabled placeholder when there are no recent files', () => {
    const recent = byLabel(buildMenuTemplate(context().ctx), 'Open Recent').submenu as MenuItemConstructorOptions[];
    expect(recent).toEqual([{ label: 'No Recent Scenarios', enabled: false }]);
  });

  it('tells apart recent files with the same name by their folder, and shows "&" in names literally', () => {
    const recentFiles = ['/a/lab.faultlab.json', '/b/lab.faultlab.json', '/c/R&D.faultlab.json'];
    const recent = byLabel(buildMenuTemplate(context({ recentFiles }).ctx), 'Open Recent').submenu as MenuItemConstructorOptions[];
    expect(recent.slice(0, 3).map((i) => i.label)).toEqual(['lab.faultlab.json — /a/lab.faultlab.json', 'lab.faultlab.json — /b/lab.faultlab.json', 'R&&D.faultlab.json']);
  });

  it('is in Korean when the window is: every label, the same shortcuts and actions, a mnemonic after each top-level word', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      for (const isPackaged of [true, false]) {
        const en = context({ platform, isPackaged });
        const ko = context({ platform, isPackaged, lang: 'ko' });
        const enItems = items(buildMenuTemplate(en.ctx));
        const koItems = items(buildMenuTemplate(ko.ctx));
        // One Korean item for each English one, with the same role, shortcut and action.
        expect(koItems.map((i) => [i.role, i.accelerator, i.type])).toEqual(enItems.map((i) => [i.role, i.accelerator, i.type]));
        koItems.forEach((item, n) => {
          if (item.type === 'separator') return;
          const label = plain(item.label);
          // The app's name on macOS's first menu is the app's own; every other label is Korean.
          if (label !== 'Fault Lab') expect(label, `${platform} ${item.role ?? ''} ${label}`).toMatch(/[가-힣]/);
          expect(label.replace(/Fault Lab/g, '').replace(/\([A-Z]\)/g, ''), label).not.toMatch(/[A-Za-z]{2,}/);
          if (typeof item.click === 'function') {
            click(item);
            const enItem = enItems[n] as MenuItemConstructorOptions;
            click(enItem);
          }
        });
        expect(ko.calls).toEqual(en.calls);
      }
    }
    const t = buildMenuTemplate(context({ platform: 'win32', lang: 'ko' }).ctx);
    expect(t.map((i) => i.label)).toEqual(['파일(&F)', '편집(&E)', '실습(&L)', '보기(&V)', '도움말(&H)']);
    for (const [label, accelerator] of [['새 시나리오(N)', 'CmdOrCtrl+N'], ['실행(R)', 'CmdOrCtrl+R'], ['보고서 내보내기(E)…', 'CmdOrCtrl+E'], ['실습 안내서(G)', 'F1']] as const) {
      expect(byLabel(t, label).accelerator).toBe(accelerator);
    }
    expect(byLabel(t, '끝내기(X)').role).toBe('quit');
    expect(byLabel(t, 'Fault Lab 정보(A)').role).toBe('about');
    const recent = byLabel(t, '최근 파일(R)').submenu as MenuItemConstructorOptions[];
    expect(recent).toEqual([{ label: '최근 시나리오 없음', enabled: false }]);
    // macOS shows no mnemonics: no bracketed letters there.
    const mac = buildMenuTemplate(context({ platform: 'darwin', lang: 'ko' }).ctx);
    expect(mac.map((i) => i.label)).toEqual(['Fault Lab', '파일', '편집', '실습', '보기', '윈도우', '도움말']);
    expect(items(mac).every((i) => !/\(&?[A-Z]\)/.test(i.label ?? ''))).toBe(true);
  });

  it('keeps Electron\'s own labels for the roles in English (unchanged)', () => {
    const view = items(buildMenuTemplate(context({ isPackaged: false }).ctx)).filter((i) => ['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen', 'forceReload', 'toggleDevTools'].includes(String(i.role)));
    expect(view).toHaveLength(6);
    for (const item of view) expect(item.label).toBeUndefined();
  });

  it('installs the template as the application menu', () => {
    const { ctx } = context();
    installMenu(ctx);
    expect(electron.Menu.buildFromTemplate).toHaveBeenCalledTimes(1);
    const template = electron.Menu.buildFromTemplate.mock.calls[0]?.[0] as MenuItemConstructorOptions[];
    expect(template.map((i) => plain(i.label) || i.role)).toEqual(['File', 'Edit', 'Lab', 'View', 'Help']);
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledWith({ builtFrom: template });
  });
});
