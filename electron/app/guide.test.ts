// The built-in lab guide: that it ships, works offline, covers what the lab teaches, and
// is shown in a locked-down window.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BEHAVIORS, SCHEMES } from '../../shared/scenario.js';
import { expectLockedDown } from './testing/locked-down.js';

const electron = await vi.hoisted(async () => {
  const { FakeEmitter: Emitter } = await import('./testing/fake-emitter.js');
  class FakeWindow extends Emitter {
    static created: FakeWindow[] = [];
    readonly webContents = Object.assign(new Emitter(), { setWindowOpenHandler: vi.fn() });
    readonly loadFile = vi.fn(async (_file: string) => undefined);
    readonly focus = vi.fn();
    readonly setMenuBarVisibility = vi.fn();
    destroyed = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      FakeWindow.created.push(this);
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
  }
  return { BrowserWindow: FakeWindow, dialog: { showErrorBox: vi.fn() } };
});
vi.mock('electron', () => electron);

import { GUIDE_WEB_PREFERENCES, guidePath, isGuideUrl, showGuide } from './guide.js';
import { REPORT_FONT_FAMILY, withEmbeddedFont } from '../report/fonts.js';

const root = join(import.meta.dirname, '..', '..');
const guideFile = join(root, 'build', 'resources', 'guide', 'guide.html');
const html = readFileSync(guideFile, 'utf8');
const ko = readFileSync(guideFile.replace(/\.html$/, '.ko.html'), 'utf8');

describe('the lab guide page', () => {
  it('is where the app looks for it, in a checkout and when packaged', () => {
    // From a checkout, the renderer build's copy (the one with the Korean font embedded).
    expect(guidePath({ isPackaged: false, resourcesPath: '/x', appPath: root })).toBe(join(root, 'out', 'renderer', 'guide.html'));
    expect(guidePath({ isPackaged: false, resourcesPath: '/x', appPath: root }, 'ko')).toBe(join(root, 'out', 'renderer', 'guide.ko.html'));
    expect(guidePath({ isPackaged: true, resourcesPath: '/opt/Fault Lab/resources', appPath: '/opt/Fault Lab/resources/app.asar' })).toBe(
      join('/opt/Fault Lab/resources', 'guide', 'guide.html'),
    );
  });

  it('is self-contained: no script, nothing loaded from anywhere, a CSP that forbids it (in English and in Korean)', () => {
    for (const page of [html, ko]) selfContained(page);
  });

  it('is built with the Korean font embedded for its Korean text, its CSP letting only that font in, still without script', () => {
    const built = withEmbeddedFont(ko);
    selfContained(built);
    expect(built).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:">/);
    const faces = [...built.matchAll(/@font-face \{ font-family: '([^']+)'; [^}]*src: url\(data:font\/woff2;base64,[A-Za-z0-9+/=]{1000,}\)/g)];
    expect(faces.length).toBeGreaterThan(10);
    expect(faces.every((f) => f[1] === REPORT_FONT_FAMILY)).toBe(true);
    expect(built).toContain(`body { font-family: '${REPORT_FONT_FAMILY}', system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif; }`);
    // The English guide needs the font only for its link to the Korean one (한국어로 읽기): a subset or two.
    const en = withEmbeddedFont(html);
    const enFaces = (en.match(/@font-face/g) ?? []).length;
    expect(enFaces).toBeGreaterThan(0);
    expect(enFaces).toBeLessThan(faces.length);
    // A page without Korean is left as it was.
    const plain = html.replace(/한국어로 읽기/g, 'Korean');
    expect(withEmbeddedFont(plain)).toBe(plain);
  });

  it('has its Korean translation beside it, each linking the other, with the same sections, faults, behaviours and shortcuts', () => {
    expect(html).toContain('<a href="guide.ko.html" lang="ko">');
    expect(ko).toContain('<a href="guide.html" lang="en">');
    expect(ko).toMatch(/<html lang="ko">/);
    const ids = (page: string): string[] => [...page.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(ids(ko)).toEqual(ids(html));
    for (const f of ['crash', 'partition', 'byzantine', ...BEHAVIORS]) expect(ko).toContain(`<code>${f}</code>`);
    expect(ko).toContain('<kbd>Ctrl</kbd>+<kbd>R</kbd>');
    expect(ko).toContain('주-백업');
    expect(ko).toContain('상태 기계 복제');
  });

  function selfContained(page: string): void {
    const html = page;
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*"(https?:)?\/\//i);
    expect(html).not.toMatch(/<link[^>]+stylesheet/i);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    // Every in-page link points at a section that exists.
    const anchors = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
    expect(anchors.length).toBeGreaterThan(5);
    for (const id of anchors) expect(html).toContain(`id="${id}"`);
  }

  it('covers Raft and PBFT in both languages: their bounds, what each tolerates, and the two exercises that show them', () => {
    const lecture = JSON.parse(readFileSync(join(root, 'examples', 'assignments', 'lecture.faultlab-assignment.json'), 'utf8')) as {
      exercises: { id: string; title: string; translations?: { ko?: { title: string } } }[];
    };
    const titles = (id: string): { en: string; ko: string } => {
      const e = lecture.exercises.find((x) => x.id === id);
      return { en: e?.title ?? id, ko: e?.translations?.ko?.title ?? id };
    };
    const section = (page: string): string => /<section id="helperless">([\s\S]*?)<\/section>/.exec(page)?.[1] ?? '';
    for (const [page, lang, words] of [
      [html, 'en', ['Fail-stop (crash) only', 'Arbitrary (Byzantine)', 'view change', 'new term', 'split brain']],
      [ko, 'ko', ['정지(크래시) 장애만', '임의(비잔틴) 장애', '정족수', '뷰 변경', '새 임기', '스플릿 브레인']],
    ] as const) {
      const s = section(page);
      for (const w of ['Raft', 'PBFT', '2k+1', '3k+1', ...words]) expect(s, `${lang}: ${w}`).toContain(w);
      for (const id of ['raft-majority', 'pbft-three-k-plus-one']) expect(s, `${lang}: ${id}`).toContain(titles(id)[lang]);
      expect(page).toContain('<li><a href="#helperless">');
    }
  });

  it('explains both schemes, every fault type and Byzantine behaviour, the scenario format and the shortcuts', () => {
    for (const s of SCHEMES) expect(html.toLowerCase()).toContain(s === 'state-machine' ? 'state-machine replication' : 'primary-backup');
    for (const f of ['crash', 'restart', 'pause', 'resume', 'partition', 'heal', 'omission', 'delay', 'duplicate', 'reorder', 'byzantine']) {
      expect(html).toContain(`<code>${f}</code>`);
    }
    for (const b of BEHAVIORS) expect(html).toContain(`<code>${b}</code>`);
    expect(html).toContain('2k+1');
    expect(html).toContain('.faultlab.json');
    expect(html).toContain('"faultlab": 1');
    for (const key of ['N', 'O', 'S', 'R', '.', 'E']) expect(html).toContain(`<kbd>Ctrl</kbd>+<kbd>${key}</kbd>`);
  });
});

describe('the guide window', () => {
  beforeEach(() => {
    for (const w of electron.BrowserWindow.created) w.emit('closed');
    electron.BrowserWindow.created.length = 0;
    electron.dialog.showErrorBox.mockClear();
  });

  it('runs the page sandboxed, isolated, without Node or JavaScript, in its own session', () => {
    expectLockedDown(GUIDE_WEB_PREFERENCES);
    expect(GUIDE_WEB_PREFERENCES).toMatchObject({ javascript: false, partition: 'guide' });
    expect(GUIDE_WEB_PREFERENCES).not.toHaveProperty('preload');
  });

  it('opens the guide file in one window, and focuses it when asked again', () => {
    showGuide(guideFile);
    showGuide(guideFile);
    expect(electron.BrowserWindow.created).toHaveLength(1);
    const win = electron.BrowserWindow.created[0];
    expect(win?.options.webPreferences).toEqual(GUIDE_WEB_PREFERENCES);
    expect(win?.loadFile).toHaveBeenCalledWith(guideFile);
    expect(win?.focus).toHaveBeenCalledTimes(1);
    win?.emit('closed');
    showGuide(guideFile);
    expect(electron.BrowserWindow.created).toHaveLength(2);
  });

  it('stays on the guide: other navigation and new windows are refused', () => {
    showGuide(guideFile);
    const win = electron.BrowserWindow.created[0];
    const handler = win?.webContents.setWindowOpenHandler.mock.calls[0]?.[0] as () => { action: string };
    expect(handler()).toEqual({ action: 'deny' });
    const navigate = (url: string): boolean => {
      const event = { preventDefault: vi.fn() };
      win?.webContents.emit('will-navigate', event, url);
      return event.preventDefault.mock.calls.length === 0;
    };
    expect(navigate(`${pathToFileURL(guideFile).href}#faults`)).toBe(true);
    expect(navigate(pathToFileURL(guideFile.replace(/\.html$/, '.ko.html')).href)).toBe(true);
    expect(navigate(pathToFileURL(guideFile.replace(/\.html$/, '.en.html')).href)).toBe(false);
    expect(navigate('https://example.org/')).toBe(false);
    expect(navigate(pathToFileURL('/etc/passwd').href)).toBe(false);
    expect(isGuideUrl('not a url', guideFile)).toBe(false);
  });

  it('reports a missing guide instead of opening an empty window', () => {
    showGuide(join(root, 'no-such-guide.html'));
    expect(electron.BrowserWindow.created).toHaveLength(0);
    expect(electron.dialog.showErrorBox).toHaveBeenCalledWith('Lab guide missing', expect.stringMatching(/reinstalling Fault Lab restores it/));
  });
});
