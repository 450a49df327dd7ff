/**
 * Browser mode: the same main side (LabBackend) and the same renderer, served to a local
 * browser window when there is no Electron runtime.
 *
 * What it promises:
 * - It listens on 127.0.0.1 only, and answers only requests whose Host is that address
 *   and port (a DNS-rebinding page reaching it under another name gets 403).
 * - It serves the built renderer folder read-only with a strict CSP and security headers
 *   (resolveStaticFile: no path leaves the folder).
 * - The API is a WebSocket at WIRE_PATH implementing the contract in shared/api.ts. A
 *   socket is accepted only with this launch's random token (`?token=`), an Origin equal
 *   to the served origin and the right Host; anything else is refused before the
 *   upgrade (401 / 403). Other local users and other web pages cannot drive the lab.
 * - Every frame is validated: a frame that is not a call gets an error response (code
 *   'bad-call'), never a crash; every call's arguments are validated by the backend, and
 *   a failed call is answered with its code and sentence (shared/api.ts CallFailure).
 *
 * The token reaches the page in the URL's fragment (`/#token=...`): browsers do not send
 * the fragment to the server nor in a Referer, so it does not end up in requests or logs;
 * the page's script reads it from `location.hash` (see `wireUrl` in shared/api.ts).
 * A window the lab opens itself is given a launch ticket instead (`/#ticket=...`, from
 * launchUrl()), because a browser's command line is readable by every local user: the
 * ticket opens one socket, whose first message hands the page the token, and is dead from
 * then on (and after TICKET_LIFETIME_MS unused). The token never appears in an argv.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { z } from 'zod';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import type { LabErrorCode, WireEvent, WireResponse, WireSession } from '../../shared/api.js';
import { WIRE_PATH, WIRE_TICKET_PARAM, WIRE_TOKEN_PARAM } from '../../shared/api.js';
import { EventPacer } from './event-pacer.js';
import type { LabBackend } from './handlers.js';
import { cacheControlOf, contentSecurityPolicy, contentTypeOf, resolveStaticFile, securityHeaders } from './static-files.js';

/** The loopback address the host binds; never a wildcard address. */
export const LOOPBACK = '127.0.0.1';
/** A frame larger than this is refused (a scenario file may be up to 5 MB of text). */
export const MAX_FRAME_BYTES = 8 * 1024 * 1024;
/** Calls one socket may have unanswered at once. */
export const MAX_CALLS_IN_FLIGHT = 32;
/** A socket that has this much unsent data (a stalled tab) is dropped rather than buffered without end. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;
/** How often a socket's waiting events are offered to it again (event-pacer.ts). */
const DRAIN_EVERY_MS = 10;
/** An unused launch ticket expires after this long (a browser that never came up). */
export const TICKET_LIFETIME_MS = 5 * 60_000;
/** Launch tickets outstanding at once; the oldest is dropped beyond this. */
const MAX_TICKETS = 16;

export interface BrowserHostOptions {
  backend: LabBackend;
  /** The built renderer (index.html and its assets). */
  rendererDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  log?: (message: string) => void;
  /** The clock tickets expire by (tests pass their own). */
  now?: () => number;
}

export interface BrowserHost {
  /** The page to open, with the token in its fragment. */
  readonly url: string;
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  /**
   * The page to open in a window started on the user's behalf: a single-use launch ticket
   * in its fragment, never the token (each call issues a new ticket).
   */
  launchUrl(): string;
  /** Closes every socket and the server. */
  close(): Promise<void>;
}

const wireRequestSchema = z.strictObject({
  kind: z.literal('call'),
  id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  name: z.string().max(100),
  args: z.unknown(),
});

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

function refuseUpgrade(socket: Socket, status: number, reason: string): void {
  const text = `${reason}\n`;
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
}

/** Starts the host; resolves once it listens. */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const { backend, rendererDir } = options;
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const token = randomBytes(32).toString('base64url');
  const now = options.now ?? Date.now;
  /** Launch tickets not yet used, with the time each expires. */
  const tickets = new Map<string, number>();
  const takeTicket = (given: string): boolean => {
    for (const [ticket, expiresAt] of tickets) {
      if (expiresAt <= now()) tickets.delete(ticket);
      else if (sameSecret(given, ticket)) {
        tickets.delete(ticket);
        return true;
      }
    }
    return false;
  };
  const server = createServer();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const clients = new Set<WebSocket>();
  /** Each socket's events waiting for it to read (a page busy drawing a fast run falls behind for a while). */
  const pacers = new Map<WebSocket, { pacer: EventPacer; timer: ReturnType<typeof setTimeout> | null }>();

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, LOOPBACK, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${LOOPBACK}:${port}`;
  const expectedHost = `${LOOPBACK}:${port}`;
  const headers = securityHeaders(contentSecurityPolicy([`ws://${expectedHost}`]));

  server.on('error', (err) => log(`fault-lab: browser host: ${err.message}`));
  server.on('clientError', (_err, socket: Socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });

  const send = (res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void => {
    res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
    res.end(`${text}\n`);
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      if (req.headers.host !== expectedHost) return send(res, 403, 'Forbidden: this server answers only at its loopback address');
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
      const pathname = (req.url ?? '/').split('?', 1)[0] ?? '/';
      if (pathname === WIRE_PATH) return send(res, 426, 'Upgrade Required: this is the lab WebSocket', { Upgrade: 'websocket' });
      const file = resolveStaticFile(rendererDir, pathname);
      if (!file) return send(res, 404, 'Not Found');
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'Content-Type': contentTypeOf(file), 'Content-Length': String(body.length), 'Cache-Control': cacheControlOf(file) });
      res.end(req.method === 'HEAD' ? undefined : body);
    })().catch((err: unknown) => {
      log(`fault-lab: browser host: ${(err as Error).message}`);
      if (!res.headersSent) send(res, 500, 'Internal Server Error');
      else res.destroy();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', (err) => log(`fault-lab: browser host socket: ${err.message}`));
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname !== WIRE_PATH) return refuseUpgrade(socket, 404, 'Not Found');
    if (req.headers.host !== expectedHost) return refuseUpgrade(socket, 403, 'Forbidden');
    if (req.headers.origin !== origin) return refuseUpgrade(socket, 403, 'Forbidden');
    const given = url.searchParams.get(WIRE_TOKEN_PARAM);
    const ticket = url.searchParams.get(WIRE_TICKET_PARAM);
    if (given !== null && sameSecret(given, token)) return wss.handleUpgrade(req, socket, head, (ws) => accept(ws));
    // A ticket is spent here, before the upgrade: a second socket with it is refused.
    if (given === null && ticket !== null && takeTicket(ticket)) {
      return wss.handleUpgrade(req, socket, head, (ws) => {
        const session: WireSession = { kind: 'session', token };
        ws.send(JSON.stringify(session));
        accept(ws);
      });
    }
    return refuseUpgrade(socket, 401, 'Unauthorized');
  });

  const deliver = (ws: WebSocket, message: WireResponse | WireEvent): void => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return dropSlow(ws);
    ws.send(JSON.stringify(message));
  };

  const dropSlow = (ws: WebSocket): void => {
    log('fault-lab: browser host: a page stopped reading its events; closing its connection');
    ws.terminate();
  };

  /** Sends an event to a page now, or when it has read what it was sent (in order). */
  const publish = (ws: WebSocket, event: WireEvent): void => {
    const paced = pacers.get(ws);
    if (!paced || ws.readyState !== ws.OPEN) return;
    if (!paced.pacer.offer(event)) return dropSlow(ws);
    if (paced.pacer.waiting && paced.timer === null) {
      const drain = (): void => {
        paced.timer = null;
        if (ws.readyState !== ws.OPEN) return;
        paced.pacer.drain();
        if (paced.pacer.waiting) paced.timer = setTimeout(drain, DRAIN_EVERY_MS);
      };
      paced.timer = setTimeout(drain, DRAIN_EVERY_MS);
    }
  };

  const accept = (ws: WebSocket): void => {
    clients.add(ws);
    pacers.set(ws, { pacer: new EventPacer(ws), timer: null });
    let inFlight = 0;
    ws.on('error', (err) => log(`fault-lab: browser host socket: ${err.message}`));
    ws.on('close', () => {
      clients.delete(ws);
      const paced = pacers.get(ws);
      if (paced?.timer) clearTimeout(paced.timer);
      pacers.delete(ws);
    });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const fail = (id: number, error: string, code: LabErrorCode = 'bad-call'): void => deliver(ws, { kind: 'result', id, ok: false, error, code });
      if (isBinary) return fail(-1, 'not a call: expected a JSON text frame');
      let frame: unknown;
      try {
        frame = JSON.parse(data.toString());
      } catch (err) {
        if (err instanceof SyntaxError) return fail(-1, 'not a call: the frame is not JSON');
        throw err;
      }
      const parsed = wireRequestSchema.safeParse(frame);
      if (!parsed.success) {
        const rawId = (frame as { id?: unknown } | null)?.id;
        const issue = parsed.error.issues[0];
        return fail(Number.isSafeInteger(rawId) ? (rawId as number) : -1, `not a call: ${issue?.path.join('.') || 'frame'}: ${issue?.message ?? 'invalid'}`);
      }
      const { id, name, args } = parsed.data;
      if (inFlight >= MAX_CALLS_IN_FLIGHT) return fail(id, `too many calls at once (at most ${MAX_CALLS_IN_FLIGHT}); wait for answers`, 'busy');
      inFlight++;
      void backend.invoke(name, args).then((outcome) => {
        inFlight--;
        deliver(ws, outcome.ok ? { kind: 'result', id, ok: true, result: outcome.result } : { kind: 'result', id, ok: false, error: outcome.error, code: outcome.code });
      });
    });
  };

  const unsubscribe = backend.subscribe((name, payload) => {
    for (const ws of clients) publish(ws, { kind: 'event', name, payload });
  });

  return {
    url: `${origin}/#${WIRE_TOKEN_PARAM}=${token}`,
    origin,
    port,
    token,
    launchUrl() {
      const ticket = randomBytes(32).toString('base64url');
      tickets.set(ticket, now() + TICKET_LIFETIME_MS);
      while (tickets.size > MAX_TICKETS) tickets.delete(tickets.keys().next().value as string);
      return `${origin}/#${WIRE_TICKET_PARAM}=${ticket}`;
    },
    async close() {
      tickets.clear();
      unsubscribe();
      for (const { timer } of pacers.values()) if (timer) clearTimeout(timer);
      for (const ws of clients) ws.close(1001, 'the lab is closing');
      await new Promise<void>((r) => wss.close(() => r()));
      for (const ws of clients) ws.terminate();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
