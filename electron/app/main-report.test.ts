/**
 * The report's Electron-only parts without the Electron binary (the `electron` module is
 * a recording fake): the PDF is printed by a hidden window that runs no script, in a
 * session that loads nothing but the report's own temporary file, and nothing is left
 * behind; the save dialog offers the report's name in the Documents folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import type { WebPreferences } from 'electron';
import { expectLockedDown } from './testing/locked-down.js';

const fake = vi.hoisted(() => ({
  windows: [] as { options: unknown; loaded: string | null; destroyed: boolean; htmlAtPrint: string | null }[],
  requestFilter: null as ((details: { url: string }, callback: (r: { cancel: boolean }) => void) => void) | null,
  partitions: [] as string[],
  permissionDenied: false,
  printFails: false,
}));

vi.mock('electron', () => {
  class FakeWindow {
    private readonly record: { options: unknown; loaded: string | null; destroyed: boolean; htmlAtPrint: string | null };
    readonly webContents: { printToPDF: (o: unknown) => Promise<Buffer> };
    constructor(options: unknown) {
      this.record = { options, loaded: null, destroyed: false, htmlAtPrint: null };
      fake.windows.push(this.record);
      this.webContents = {
        printToPDF: async () => {
          if (fake.printFails) throw new Error('printing failed');
          this.record.htmlAtPrint = readFileSync(this.record.loaded ?? '', 'utf8');
          return Buffer.from('%PDF-1.7 printed');
        },
      };
    }
    async loadFile(file: string): Promise<void> {
      this.record.loaded = file;
    }
    isDestroyed(): boolean {
      return this.record.destroyed;
    }
    destroy(): void {
      this.record.destroyed = true;
    }
  }
  return {
    app: {},
    dialog: {},
    ipcMain: {},
    protocol: {},
    Menu: {},
    utilityProcess: {},
    contextBridge: {},
    ipcRenderer: {},
    BrowserWindow: FakeWindow,
    session: {
      fromPartition: (name: string) => {
        fake.partitions.push(name);
        return {
          setPermissionRequestHandler: (h: (c: unknown, p: string, cb: (ok: boolean) => void) => void) => h(null, 'media', (ok) => (fake.permissionDenied = !ok)),
          setPermissionCheckHandler: () => undefined,
          webRequest: { onBeforeRequest: (f: typeof fake.requestFilter) => (fake.requestFilter = f) },
        };
      },
    },
  };
});

const { printPdfInWindow, printWindowOptions, reportSaveDialogOptions, PRINT_PARTITION } = await import('./main.js');

function allowed(url: string): boolean {
  let cancel = true;
  fake.requestFilter?.({ url }, (r) => (cancel = r.cancel));
  return !cancel;
}

describe('printing a report to PDF in Electron', () => {
  it('prints the HTML from a temporary file in a hidden, script-less, sandboxed window, then removes both', async () => {
    const html = '<!doctype html><html><body><h1>Lab report of Ada</h1></body></html>';
    const pdf = await printPdfInWindow(html);
    expect(pdf.toString()).toBe('%PDF-1.7 printed');
    const win = fake.windows.at(-1)!;
    expect(win.htmlAtPrint).toBe(html);
    expect(win.destroyed).toBe(true);
    expect(existsSync(dirname(win.loaded!))).toBe(false);
    const prefs = win.options as { show: boolean; webPreferences: WebPreferences };
    expect(prefs.show).toBe(false);
    expectLockedDown(prefs.webPreferences);
    expect(prefs.webPreferences).toMatchObject({ javascript: false });
    expect(fake.partitions).toEqual([PRINT_PARTITION]);
    expect(fake.permissionDenied).toBe(true);
    // Once printed, even the report's own file may no longer be loaded; other origins never.
    expect(allowed(pathToFileURL(win.loaded!).href)).toBe(false);
    expect(allowed('https://example.com/track.png')).toBe(false);
    expect(allowed('file:///etc/passwd')).toBe(false);
    expect(allowed('data:text/csv;base64,YQ==')).toBe(true);
  });

  it('cleans up when printing fails, and reuses its one session', async () => {
    fake.printFails = true;
    await expect(printPdfInWindow('<p>x</p>')).rejects.toThrow('printing failed');
    fake.printFails = false;
    const win = fake.windows.at(-1)!;
    expect(win.destroyed).toBe(true);
    expect(existsSync(dirname(win.loaded!))).toBe(false);
    expect(fake.partitions).toEqual([PRINT_PARTITION]);
  });

  it('keeps the window options locked down whatever session it gets', () => {
    const opts = printWindowOptions({} as never);
    expectLockedDown(opts.webPreferences);
    expect(opts.webPreferences).toMatchObject({ javascript: false });
  });
});

describe('the report save dialog', () => {
  it('offers the report under its name in the Documents folder, with the right file type', () => {
    expect(reportSaveDialogOptions('fault-lab-report-x.html', 'html', '/home/ada/Documents')).toMatchObject({
      defaultPath: '/home/ada/Documents/fault-lab-report-x.html',
      filters: [{ name: 'Web page', extensions: ['html'] }],
    });
    expect(reportSaveDialogOptions('fault-lab-report-x.pdf', 'pdf', '/d').filters).toEqual([{ name: 'PDF document', extensions: ['pdf'] }]);
  });
});
