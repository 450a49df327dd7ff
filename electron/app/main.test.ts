/**
 * The Electron side without the Electron binary: the `electron` module is replaced by a
 * recording fake, and the main process's and the preload's own code runs against it. What
 * is checked is what keeps a student's machine safe: the window's web preferences, the
 * preload exposing the contract and nothing else, IPC refusing foreign senders and bad
 * arguments, navigation, new windows, permissions and off-app requests denied.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { IpcMain, IpcMainInvokeEvent, Session, WebContents } from 'electron';
import { CALLS, channelOf } from '../../shared/api.js';
import type { CallOutcome } from './handlers.js';
import { expectLockedDown } from './testing/locked-down.js';
import { LabBackend } from './handlers.js';

type Listener = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  const ipcRendererListeners = new Map<string, Set<(...args: unknown[]) => unknown>>();
  return {
    exposed: new Map<string, unknown>(),
    ipcRendererListeners,
    invoke: { result: { ok: true, result: null } as unknown, calls: [] as unknown[][] },
    protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
  };
});

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, value: unknown) => fake.exposed.set(key, value),
  },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => {
      fake.invoke.calls.push(args);
      return fake.invoke.result;
    },
    on: (channel: string, listener: Listener) => {
      const set = fake.ipcRendererListeners.get(channel) ?? new Set();
      set.add(listener);
      fake.ipcRendererListeners.set(channel, set);
    },
    removeListener: (channel: string, listener: Listener) => fake.ipcRendererListeners.get(channel)?.delete(listener),
  },
  protocol: {
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) => fake.protocolHandlers.set(scheme, handler),
  },
  app: {},
  dialog: {},
  Menu: {},
  BrowserWindow: class {},
  ipcMain: {},
  session: {},
  utilityProcess: {},
}));

const { APP_URL, isTrustedSender, lockDownContents, lockDownSession, registerIpc, serveRenderer, windowOptions } = await import('./main.js');

describe('the lab window', () => {
  it('keeps every security default on', () => {
    const prefs = windowOptions('/app/out/node/preload.cjs').webPreferences;
    expectLockedDown(prefs);
    expect(prefs).toMatchObject({ preload: '/app/out/node/preload.cjs', navigateOnDragDrop: false });
  });
});

describe('the preload', () => {
  beforeEach(() => {
    fake.invoke.calls = [];
  });

  it('exposes exactly the calls of the contract plus on(), and never ipcRenderer', async () => {
    await import('./preload.js');
    const lab = fake.exposed.get('lab') as Record<string, unknown>;
    expect([...fake.exposed.keys()]).toEqual(['lab']);
    expect(Object.keys(lab).sort()).toEqual([...Object.keys(CALLS), 'on'].sort());
    for (const value of Object.values(lab)) expect(typeof value).toBe('function');
  });

  it('sends a call on its channel and unwraps the answer or the error sentence', async () => {
    const lab = fake.exposed.get('lab') as { listRuns: (a: object) => Promise<unknown>; deleteRun: (a: object) => Promise<unknown> };
    fake.invoke.result = { ok: true, result: [{ runId: 'r1' }] } satisfies CallOutcome;
    await expect(lab.listRuns({})).resolves.toEqual([{ runId: 'r1' }]);
    expect(fake.invoke.calls).toEqual([[channelOf('listRuns'), {}]]);
    fake.invoke.result = { ok: false, code: 'not-found', error: 'There is no kept run x.' } satisfies CallOutcome;
    await expect(lab.deleteRun({ runId: 'x' })).rejects.toEqual({ name: 'LabError', code: 'not-found', message: 'There is no kept run x.' });
  });

  it('passes listeners the payload only and returns an unsubscribe function', () => {
    const lab = fake.exposed.get('lab') as { on: (e: string, l: (p: unknown) => void) => () => void };
    const got: unknown[][] = [];
    const off = lab.on('runEnded', (...args: unknown[]) => got.push(args));
    const listeners = fake.ipcRendererListeners.get(channelOf('runEnded'));
    expect(listeners?.size).toBe(1);
    const ipcEvent = { sender: { the: 'ipcRenderer' } };
    for (const l of listeners ?? []) l(ipcEvent, { runId: 'r1' });
    expect(got).toEqual([[{ runId: 'r1' }]]);
    off();
    expect(fake.ipcRendererListeners.get(channelOf('runEnded'))?.size).toBe(0);
    expect(() => lab.on('ipc-message', () => undefined)).toThrow(/unknown event/);
  });
});

/** A window and its page, as isTrustedSender sees them. */
function fakeWindow(): { window: Parameters<typeof isTrustedSender>[1]; contents: object } {
  const contents = {};
  const window = { isDestroyed: () => false, webContents: contents } as unknown as Parameters<typeof isTrustedSender>[1];
  return { window, contents };
}

function ipcEvent(sender: object, frame: { url: string; parent: object | null } | null): IpcMainInvokeEvent {
  return { sender, senderFrame: frame } as unknown as IpcMainInvokeEvent;
}

describe('IPC', () => {
  it('trusts only the lab window main frame at app://lab', () => {
    const { window, contents } = fakeWindow();
    expect(isTrustedSender(ipcEvent(contents, { url: `${APP_URL}index.html`, parent: null }), window)).toBe(true);
    expect(isTrustedSender(ipcEvent({}, { url: `${APP_URL}index.html`, parent: null }), window)).toBe(false);
    expect(isTrustedSender(ipcEvent(contents, { url: `${APP_URL}index.html`, parent: {} }), window)).toBe(false);
    expect(isTrustedSender(ipcEvent(contents, { url: 'https://example.com/', parent: null }), window)).toBe(false);
    expect(isTrustedSender(ipcEvent(contents, { url: 'file:///tmp/evil.html', parent: null }), window)).toBe(false);
    expect(isTrustedSender(ipcEvent(contents, null), window)).toBe(false);
    expect(isTrustedSender(ipcEvent(contents, { url: `${APP_URL}index.html`, parent: null }), null)).toBe(false);
  });

  it('handles every call, refuses a foreign sender and validates arguments', async () => {
    const handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<CallOutcome>>();
    const ipc = {
      handle: (channel: string, h: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<CallOutcome>) => handlers.set(channel, h),
      removeHandler: (channel: string) => handlers.delete(channel),
    } as unknown as IpcMain;
    const backend = new LabBackend({ dataDir: mkdtempSync(join(tmpdir(), 'faultlab-main-')), shell: 'electron', realModeAvailable: () => false, log: () => undefined });
    const invoked: unknown[] = [];
    const realInvoke = backend.invoke.bind(backend);
    backend.invoke = (name, raw) => {
      invoked.push(name);
      return realInvoke(name, raw);
    };
    const refusals: string[] = [];
    const trusted = { sender: 'lab' };
    const remove = registerIpc(ipc, backend, (event) => event.sender === (trusted.sender as unknown), (m) => refusals.push(m));

    expect([...handlers.keys()].sort()).toEqual(Object.keys(CALLS).map((n) => channelOf(n as keyof typeof CALLS)).sort());

    const deleteRun = handlers.get(channelOf('deleteRun'));
    const foreign = await deleteRun?.(ipcEvent({ sender: 'elsewhere' } as object, { url: 'https://example.com/', parent: null }), { runId: 'r1' });
    expect(foreign).toEqual({ ok: false, code: 'bad-call', error: 'Refused: this call did not come from the lab window.' });
    expect(invoked).toEqual([]);
    expect(refusals.join('\n')).toContain('deleteRun from https://example.com/');

    const own = { sender: trusted.sender, senderFrame: { url: APP_URL, parent: null } } as unknown as IpcMainInvokeEvent;
    const bad = await handlers.get(channelOf('loadRun'))?.(own, { runId: '../../../etc/passwd' });
    expect(bad).toEqual({ ok: false, code: 'bad-call', error: expect.stringMatching(/^loadRun: runId: not a run id/) });
    const good = await handlers.get(channelOf('appInfo'))?.(own, {});
    expect(good).toMatchObject({ ok: true, result: { shell: 'electron' } });

    remove();
    expect(handlers.size).toBe(0);
  });
});

describe('navigation, windows, permissions and requests', () => {
  it('denies navigation, redirects, webviews and new windows', () => {
    const on = new Map<string, Listener>();
    let openHandler: Listener = () => undefined;
    const contents = {
      on: (name: string, l: Listener) => on.set(name, l),
      setWindowOpenHandler: (h: Listener) => (openHandler = h),
    } as unknown as WebContents;
    lockDownContents(contents);
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = { prevented: false, preventDefault() { this.prevented = true; } };
      on.get(name)?.(event, 'https://example.com/');
      expect(event.prevented, name).toBe(true);
    }
    expect(openHandler({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('denies every permission, adds the CSP and cancels requests off the app', () => {
    let request: Listener = () => undefined;
    let check: Listener = () => true;
    let beforeRequest: Listener = () => undefined;
    let headers: Listener = () => undefined;
    const ses = {
      setPermissionRequestHandler: (h: Listener) => (request = h),
      setPermissionCheckHandler: (h: Listener) => (check = h),
      setDevicePermissionHandler: () => undefined,
      webRequest: { onBeforeRequest: (h: Listener) => (beforeRequest = h), onHeadersReceived: (h: Listener) => (headers = h) },
    } as unknown as Session;
    lockDownSession(ses, "default-src 'self'");

    const granted: boolean[] = [];
    request({}, 'media', (ok: boolean) => granted.push(ok));
    request({}, 'notifications', (ok: boolean) => granted.push(ok));
    expect(granted).toEqual([false, false]);
    expect(check({}, 'clipboard-read')).toBe(false);

    const verdict = (url: string): unknown => {
      let cancel: unknown;
      beforeRequest({ url }, (r: { cancel: boolean }) => (cancel = r.cancel));
      return cancel;
    };
    expect(verdict(`${APP_URL}assets/index.js`)).toBe(false);
    expect(verdict('https://example.com/track.js')).toBe(true);
    expect(verdict('http://127.0.0.1:8080/')).toBe(true);

    let out: { responseHeaders: Record<string, string[]> } | undefined;
    headers({ responseHeaders: { 'X-Other': ['1'] } }, (r: typeof out) => (out = r));
    expect(out?.responseHeaders).toEqual({ 'X-Other': ['1'], 'Content-Security-Policy': ["default-src 'self'"] });
  });

  it('serves the renderer at app://lab with the CSP, and nothing outside its folder', async () => {
    const root = mkdtempSync(join(tmpdir(), 'faultlab-app-'));
    const dir = join(root, 'renderer');
    mkdirSync(join(dir, 'assets'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Fault Lab</title>');
    writeFileSync(join(root, 'secret.txt'), 'secret');
    serveRenderer(dir, "default-src 'self'");
    const handler = fake.protocolHandlers.get('app');
    if (!handler) throw new Error('no app: protocol handler');

    const index = await handler(new Request(APP_URL));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(index.headers.get('cache-control')).toBe('no-store');
    expect(await index.text()).toContain('Fault Lab');

    for (const url of [`${APP_URL}%2e%2e/secret.txt`, `${APP_URL}..%2fsecret.txt`, 'app://other/index.html', `${APP_URL}missing.js`]) {
      const res = await handler(new Request(url));
      expect(res.status, url).toBe(404);
    }
  });
});
