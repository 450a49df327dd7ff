/**
 * Browser mode's host as a browser (and an attacker on the same machine) sees it: the
 * page with its CSP, files outside the renderer folder unreachable, the WebSocket refused
 * without the token or from another origin or host name, calls answered, events pushed,
 * garbage survived, and nothing listening beyond 127.0.0.1.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { WireEvent, WireResponse, WireSession } from '../../shared/api.js';
import { WIRE_PATH, wireUrl } from '../../shared/api.js';
import { DEFAULT_SCENARIO_INPUT } from '../../shared/presets.js';
import { startLiveRun } from '../runtime/live.js';
import type { BrowserHost } from './browser-host.js';
import { startBrowserHost, TICKET_LIFETIME_MS } from './browser-host.js';
import { LabBackend } from './handlers.js';

let root: string;
let backend: LabBackend;
let host: BrowserHost;
const sockets: WebSocket[] = [];

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'faultlab-host-'));
  const rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Fault Lab</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("lab")');
  writeFileSync(join(root, 'secret.txt'), 'the secret');
  symlinkSync(join(root, 'secret.txt'), join(rendererDir, 'assets', 'link.txt'));
  backend = new LabBackend({
    dataDir: join(root, 'data'),
    shell: 'browser',
    realModeAvailable: () => false,
    log: () => undefined,
    startRun: (s, mode, o) => startLiveRun(s, mode, { ...o, batchMs: 10 }),
  });
  host = await startBrowserHost({ backend, rendererDir, log: () => undefined });
});

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await backend.shutdown();
  await host.close();
});

/** A raw HTTP GET (the path is sent exactly as given, not normalised). */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const socketUrl = (token = host.token): string => `ws://127.0.0.1:${host.port}${WIRE_PATH}?token=${encodeURIComponent(token)}`;

/** Opens a socket; resolves with it once open, or with the HTTP status that refused it. */
function open(url: string, headers: Record<string, string> = {}): Promise<{ ws: WebSocket } | { status: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { Origin: host.origin, ...headers } });
    sockets.push(ws);
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.once('error', reject);
  });
}

async function openOk(): Promise<WebSocket> {
  const r = await open(socketUrl());
  if (!('ws' in r)) throw new Error(`refused with ${r.status}`);
  return r.ws;
}

/** Every message the socket receives from now on, parsed. */
function inbox(ws: WebSocket): { next: (pred: (m: WireResponse | WireEvent) => boolean) => Promise<WireResponse | WireEvent> } {
  const seen: (WireResponse | WireEvent)[] = [];
  const waiters: { pred: (m: WireResponse | WireEvent) => boolean; resolve: (m: WireResponse | WireEvent) => void }[] = [];
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as WireResponse | WireEvent;
    seen.push(m);
    for (const w of waiters.splice(0)) {
      if (w.pred(m)) w.resolve(m);
      else waiters.push(w);
    }
  });
  return {
    next: (pred) =>
      new Promise((resolve) => {
        const found = seen.find(pred);
        if (found) resolve(found);
        else waiters.push({ pred, resolve });
      }),
  };
}

const answerTo = (id: number) => (m: WireResponse | WireEvent): boolean => m.kind === 'result' && m.id === id;

describe('the page', () => {
  it('serves index.html with the CSP and security headers, never cached', async () => {
    const r = await get('/', { Host: `127.0.0.1:${host.port}` });
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>Fault Lab</title>');
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    const js = await get('/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('gives the page URL with the token in its fragment, from which the socket URL follows', () => {
    const page = new URL(host.url);
    expect(page.origin).toBe(host.origin);
    expect(page.search).toBe('');
    expect(wireUrl({ host: page.host, hash: page.hash })).toBe(socketUrl());
    expect(wireUrl({ host: page.host, hash: '' })).toBeNull();
  });

  it('refuses paths outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/assets/%2e%2e%5c..%5csecret.txt', '/..%00/secret.txt', '/%E0%A4%A', '/assets/link.txt', '/assets/']) {
      const r = await get(path);
      expect(r.status, path).toBe(404);
      expect(r.body, path).not.toContain('the secret');
    }
  });

  it('answers only at its own host name and only GET', async () => {
    expect((await get('/', { Host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await get('/', { Host: `localhost.evil.example` })).status).toBe(403);
    expect((await get('/', {}, 'POST')).status).toBe(405);
  });

  it('listens on 127.0.0.1 only', async () => {
    expect(host.origin).toBe(`http://127.0.0.1:${host.port}`);
    // Any other address, even another loopback one, finds nothing listening.
    const error = await new Promise<string>((resolve) => {
      const s = tcpConnect({ host: '127.0.0.2', port: host.port });
      s.once('connect', () => {
        s.destroy();
        resolve('connected');
      });
      s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
    });
    expect(error).toBe('ECONNREFUSED');
  });
});

describe('the WebSocket', () => {
  it('is refused without the token, with a wrong token, from another origin or host name', async () => {
    expect(await open(`ws://127.0.0.1:${host.port}${WIRE_PATH}`)).toEqual({ status: 401 });
    expect(await open(socketUrl(`${host.token.slice(0, -1)}x`))).toEqual({ status: 401 });
    expect(await open(socketUrl('short'))).toEqual({ status: 401 });
    expect(await open(socketUrl(), { Origin: 'http://evil.example' })).toEqual({ status: 403 });
    expect(await open(socketUrl(), { Origin: `http://localhost:${host.port}` })).toEqual({ status: 403 });
    expect(await open(socketUrl(), { Host: `evil.example:${host.port}` })).toEqual({ status: 403 });
    expect(await open(`ws://127.0.0.1:${host.port}/elsewhere?token=${host.token}`)).toEqual({ status: 404 });
    expect('ws' in (await open(socketUrl()))).toBe(true);
  });

  it('answers a call, with the backend validating its arguments', async () => {
    const ws = await openOk();
    const box = inbox(ws);
    ws.send(JSON.stringify({ kind: 'call', id: 1, name: 'appInfo', args: {} }));
    expect(await box.next(answerTo(1))).toMatchObject({ kind: 'result', id: 1, ok: true, result: { shell: 'browser' } });
    ws.send(JSON.stringify({ kind: 'call', id: 2, name: 'loadRun', args: { runId: '../x' } }));
    expect(await box.next(answerTo(2))).toEqual({ kind: 'result', id: 2, ok: false, code: 'bad-call', error: expect.stringMatching(/^loadRun: runId: /) });
  });

  it('answers garbage frames with an error and stays up', async () => {
    const ws = await openOk();
    const box = inbox(ws);
    ws.send('not json at all');
    expect(await box.next(answerTo(-1))).toMatchObject({ ok: false, code: 'bad-call', error: 'not a call: the frame is not JSON' });
    ws.send(Buffer.from([0, 1, 2, 3]), { binary: true });
    ws.send(JSON.stringify({ kind: 'call', id: 7, name: 'appInfo' }));
    expect(await box.next(answerTo(7))).toMatchObject({ ok: false, error: expect.stringMatching(/^not a call: args/) });
    ws.send(JSON.stringify({ kind: 'call', id: 8, name: 'rm -rf', args: {} }));
    expect(await box.next(answerTo(8))).toMatchObject({ ok: false, code: 'bad-call', error: expect.stringMatching(/unknown call/) });
    ws.send('null');
    ws.send('[1,2]');
    ws.send(JSON.stringify({ kind: 'call', id: 9, name: 'listRuns', args: {} }));
    expect(await box.next(answerTo(9))).toMatchObject({ ok: true, result: [] });
    expect((await get('/')).status).toBe(200);
  });

  it('pushes events: a live run batches and a scenario opened elsewhere', async () => {
    const ws = await openOk();
    const box = inbox(ws);
    backend.emit('scenarioOpened', { path: '/labs/x.faultlab.json', text: '{}' });
    expect(await box.next((m) => m.kind === 'event' && m.name === 'scenarioOpened')).toEqual({ kind: 'event', name: 'scenarioOpened', payload: { path: '/labs/x.faultlab.json', text: '{}' } });

    const scenario = { ...DEFAULT_SCENARIO_INPUT, workload: { clients: 1, ratePerSecond: 50, durationMs: 60_000 } };
    ws.send(JSON.stringify({ kind: 'call', id: 3, name: 'startRun', args: { scenario, mode: 'sim' } }));
    const started = await box.next(answerTo(3));
    if (started.kind !== 'result' || !started.ok) throw new Error(JSON.stringify(started));
    const { runId } = started.result as { runId: string };
    const batch = await box.next((m) => m.kind === 'event' && m.name === 'runEvents');
    expect(batch).toMatchObject({ kind: 'event', name: 'runEvents', payload: { runId } });
    ws.send(JSON.stringify({ kind: 'call', id: 4, name: 'stopRun', args: { runId } }));
    expect(await box.next(answerTo(4))).toMatchObject({ ok: true, result: { scenarioName: scenario.name } });
    expect(await box.next((m) => m.kind === 'event' && m.name === 'runEnded')).toMatchObject({ payload: { runId, complete: true } });
  });

  /** Opens a socket, recording every message from the first (the session message comes at once). */
  function openRecording(url: string): Promise<{ ws: WebSocket; messages: unknown[]; first: Promise<unknown> } | { status: number }> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers: { Origin: host.origin } });
      sockets.push(ws);
      const messages: unknown[] = [];
      const first = new Promise<unknown>((r) => ws.once('message', (d) => r(JSON.parse(String(d)))));
      ws.on('message', (d) => messages.push(JSON.parse(String(d))));
      ws.once('open', () => resolve({ ws, messages, first }));
      ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
      ws.once('error', reject);
    });
  }

  it('takes a launch ticket once: the socket it opens is handed the token first; a second use is refused', async () => {
    const launch = new URL(host.launchUrl());
    expect(launch.origin).toBe(host.origin);
    expect(launch.hash).toMatch(/^#ticket=[A-Za-z0-9_-]{43}$/);
    expect(launch.href).not.toContain(host.token);
    const socket = wireUrl({ host: launch.host, hash: launch.hash });
    if (socket === null) throw new Error('no socket URL for the launch page');
    expect(socket).not.toContain(host.token);

    const opened = await openRecording(socket);
    if (!('ws' in opened)) throw new Error(`refused with ${opened.status}`);
    const session: WireSession = { kind: 'session', token: host.token };
    expect(await opened.first).toEqual(session);
    const box = inbox(opened.ws);
    opened.ws.send(JSON.stringify({ kind: 'call', id: 1, name: 'appInfo', args: {} }));
    expect(await box.next(answerTo(1))).toMatchObject({ ok: true, result: { shell: 'browser' } });

    expect(await open(socket)).toEqual({ status: 401 });
    // The token the page was handed connects (a reload of the page).
    expect('ws' in (await open(socketUrl()))).toBe(true);
    // Each launch gets its own ticket; a made-up one, or a ticket from another origin, is refused.
    const second = new URL(host.launchUrl()).hash.slice('#ticket='.length);
    expect(await open(`ws://127.0.0.1:${host.port}${WIRE_PATH}?ticket=${'A'.repeat(43)}`)).toEqual({ status: 401 });
    expect(await open(`ws://127.0.0.1:${host.port}${WIRE_PATH}?ticket=${second}`, { Origin: 'http://evil.example' })).toEqual({ status: 403 });
    // A refused attempt does not spend it.
    expect('ws' in (await open(`ws://127.0.0.1:${host.port}${WIRE_PATH}?ticket=${second}`))).toBe(true);
  });

  it('refuses a launch ticket left unused past its lifetime', async () => {
    let nowMs = 1_000_000;
    const clocked = await startBrowserHost({ backend, rendererDir: join(root, 'renderer'), log: () => undefined, now: () => nowMs });
    try {
      const url = (hash: string): string => `ws://127.0.0.1:${clocked.port}${WIRE_PATH}?ticket=${hash.slice('#ticket='.length)}`;
      const late = url(new URL(clocked.launchUrl()).hash);
      const inTime = url(new URL(clocked.launchUrl()).hash);
      nowMs += TICKET_LIFETIME_MS - 1;
      const ok = new WebSocket(inTime, { headers: { Origin: clocked.origin } });
      sockets.push(ok);
      await new Promise((r, j) => ok.once('open', r).once('error', j));
      nowMs += 1;
      const status = await new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(late, { headers: { Origin: clocked.origin } });
        sockets.push(ws);
        ws.once('open', () => resolve(101));
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.once('error', reject);
      });
      expect(status).toBe(401);
    } finally {
      await clocked.close();
    }
  });

  it('closes its sockets and stops listening when closed', async () => {
    const ws = await openOk();
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    await host.close();
    expect(await closed).toBe(1001);
    await expect(get('/')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    host = await startBrowserHost({ backend, rendererDir: join(root, 'renderer'), log: () => undefined });
  });
});
