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
import type { Lang } from '../../shared/describe.js';

/**
 * The menu's words per language. A mnemonic is marked with "&" (Windows, Linux): in English
 * on a letter of the word, in Korean after it in brackets, as Korean Windows programs do.
 * Roles whose label is given here would otherwise show Electron's English default.
 */
interface MenuWords {
  file: string;
  newScenario: string;
  openScenario: string;
  openRecent: string;
  noRecent: string;
  clearRecent: string;
  openAssignment: string;
  saveScenario: string;
  exportReport: string;
  verifyReport: string;
  exit: string;
  lab: string;
  run: string;
  stop: string;
  edit: string;
  view: string;
  help: string;
  guide: string;
  about: (app: string) => string;
  aboutMac: (app: string) => string;
  /** Labels of the roles Electron words in English; absent: Electron's own (English) labels. */
  roles?: { close: string; resetZoom: string; zoomIn: string; zoomOut: string; togglefullscreen: string; forceReload: string; toggleDevTools: string; services: string; hide: (app: string) => string; hideOthers: string; unhide: string; quit: (app: string) => string; window: string };
}

const MENU_WORDS: Record<Lang, MenuWords> = {
  en: {
    file: '&File',
    newScenario: '&New Scenario',
    openScenario: '&Open Scenario…',
    openRecent: 'Open &Recent',
    noRecent: 'No Recent Scenarios',
    clearRecent: 'Clear Recent',
    openAssignment: 'Open &Assignment…',
    saveScenario: '&Save Scenario…',
    exportReport: '&Export Report…',
    verifyReport: '&Verify a Report…',
    exit: 'E&xit',
    lab: '&Lab',
    run: '&Run',
    stop: '&Stop',
    edit: '&Edit',
    view: '&View',
    help: '&Help',
    guide: 'Lab &Guide',
    about: (app) => `&About ${app}`,
    aboutMac: (app) => `About ${app}`,
  },
  ko: {
    file: '파일(&F)',
    newScenario: '새 시나리오(&N)',
    openScenario: '시나리오 열기(&O)…',
    openRecent: '최근 파일(&R)',
    noRecent: '최근 시나리오 없음',
    clearRecent: '최근 목록 지우기',
    openAssignment: '과제 열기(&A)…',
    saveScenario: '시나리오 저장(&S)…',
    exportReport: '보고서 내보내기(&E)…',
    verifyReport: '보고서 검증(&V)…',
    exit: '끝내기(&X)',
    lab: '실습(&L)',
    run: '실행(&R)',
    stop: '멈춤(&S)',
    edit: '편집(&E)',
    view: '보기(&V)',
    help: '도움말(&H)',
    guide: '실습 안내서(&G)',
    about: (app) => `${app} 정보(&A)`,
    aboutMac: (app) => `${app} 정보`,
    roles: { close: '창 닫기', resetZoom: '실제 크기', zoomIn: '확대', zoomOut: '축소', togglefullscreen: '전체 화면 전환', forceReload: '강제 새로 고침', toggleDevTools: '개발자 도구 전환', services: '서비스', hide: (app) => `${app} 가리기`, hideOthers: '기타 가리기', unhide: '모두 보기', quit: (app) => `${app} 종료`, window: '윈도우' },
  },
};

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
  /** The language the window shows (the renderer's switch tells the main side; English by default). */
  lang?: Lang;
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
  const w = MENU_WORDS[ctx.lang ?? 'en'];
  /** A role's label in the menu's language, where Electron would show its English one. */
  const role = (name: keyof NonNullable<MenuWords['roles']>): { label?: string } => {
    const label = w.roles?.[name];
    return label === undefined ? {} : { label: typeof label === 'function' ? label(ctx.appName) : label };
  };
  const mac = ctx.platform === 'darwin';
  const labels = recentLabels(ctx.recentFiles);

  const recent: MenuItemConstructorOptions[] =
    ctx.recentFiles.length === 0
      ? [{ label: w.noRecent, enabled: false }]
      : [
          ...ctx.recentFiles.map((path, i): MenuItemConstructorOptions => ({
            label: labels[i] ?? path,
            toolTip: path,
            click: () => actions.openRecent(path),
          })),
          { type: 'separator' },
          { label: w.clearRecent, click: () => actions.clearRecent() },
        ];

  const file: MenuItemConstructorOptions = {
    label: w.file,
    submenu: [
      { label: w.newScenario, accelerator: ACCELERATORS.new, click: () => actions.command('new') },
      { label: w.openScenario, accelerator: ACCELERATORS.open, click: () => actions.openScenario() },
      { label: w.openRecent, submenu: recent },
      { label: w.openAssignment, click: () => actions.openAssignment() },
      { type: 'separator' },
      { label: w.saveScenario, accelerator: ACCELERATORS.save, click: () => actions.command('save') },
      { label: w.exportReport, accelerator: ACCELERATORS.exportReport, click: () => actions.command('exportReport') },
      { label: w.verifyReport, click: () => actions.command('verifyReport') },
      { type: 'separator' },
      mac ? { role: 'close', ...role('close') } : { role: 'quit', label: w.exit },
    ],
  };

  const lab: MenuItemConstructorOptions = {
    label: w.lab,
    submenu: [
      { label: w.run, accelerator: ACCELERATORS.run, click: () => actions.command('run') },
      { label: w.stop, accelerator: ACCELERATORS.stop, click: () => actions.command('stop') },
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: w.view,
    submenu: [
      // No reload item: CmdOrCtrl+R runs the lab, and a reload would drop the renderer's state.
      ...(ctx.isPackaged ? [] : ([{ role: 'forceReload', ...role('forceReload') }, { role: 'toggleDevTools', ...role('toggleDevTools') }, { type: 'separator' }] as MenuItemConstructorOptions[])),
      { role: 'resetZoom', ...role('resetZoom') },
      { role: 'zoomIn', ...role('zoomIn') },
      { role: 'zoomOut', ...role('zoomOut') },
      { type: 'separator' },
      { role: 'togglefullscreen', ...role('togglefullscreen') },
    ],
  };

  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: w.help,
    submenu: [
      { label: w.guide, accelerator: ACCELERATORS.guide, click: () => actions.showGuide() },
      ...(mac ? [] : ([{ type: 'separator' }, { role: 'about', label: w.about(ctx.appName) }] as MenuItemConstructorOptions[])),
    ],
  };

  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: ctx.appName,
      submenu: [
        { role: 'about', label: w.aboutMac(ctx.appName) },
        { type: 'separator' },
        { role: 'services', ...role('services') },
        { type: 'separator' },
        { role: 'hide', ...role('hide') },
        { role: 'hideOthers', ...role('hideOthers') },
        { role: 'unhide', ...role('unhide') },
        { type: 'separator' },
        { role: 'quit', ...role('quit') },
      ],
    });
  }
  template.push(file, { role: 'editMenu', label: w.edit }, lab, view);
  if (mac) template.push({ role: 'windowMenu', ...role('window') });
  template.push(help);
  // macOS has no mnemonics: a Korean label's bracketed letter, "(&F)", would show as "(F)".
  return mac && ctx.lang === 'ko' ? withoutBracketedMnemonics(template) : template;
}

/** The template with each "(&X)" taken out of its labels, at every depth. */
function withoutBracketedMnemonics(template: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.map((item) => ({
    ...item,
    ...(item.label !== undefined ? { label: item.label.replace(/\(&[A-Z]\)/g, '') } : {}),
    ...(Array.isArray(item.submenu) ? { submenu: withoutBracketedMnemonics(item.submenu) } : {}),
  }));
}

/** Builds the template and makes it the application menu. */
export function installMenu(ctx: MenuContext): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(ctx)));
}
