/**
 * The LabApi over the browser-mode host's WebSocket: the same calls and events as the
 * Electron preload, in the wire format of shared/api.ts. One socket per page; calls made
 * before it opens wait for it; a failed call rejects with a LabError (the main side's
 * sentence, which the UI shows, and its code); a closed socket fails every pending and
 * later call with a message the UI shows.
 */
import type { CallName, EventName, LabApi, LabEvents, WireEvent, WireRequest, WireResponse, WireSession } from '@shared/api';
import { CALLS, EVENT_NAMES, labErrorOf, WIRE_TOKEN_PARAM } from '@shared/api';

type Pending = { resolve: (value: unknown) => void; reject: (err: Error) => void };

function isWireMessage(value: unknown): value is WireResponse | WireEvent {
  return typeof value === 'object' && value !== null && 'kind' in value && (value.kind === 'result' || value.kind === 'event');
}

function isWireSession(value: unknown): value is WireSession {
  return typeof value === 'object' && value !== null && 'kind' in value && value.kind === 'session' && 'token' in value && typeof value.token === 'string';
}

/**
 * A socket opened with a launch ticket is handed the session's token first: the page's
 * address takes it in place of the ticket (spent now), so that reloading the page connects.
 */
function keepSessionToken(token: string): void {
  window.history.replaceState(window.history.state, '', `#${WIRE_TOKEN_PARAM}=${encodeURIComponent(token)}`);
}

export interface WsLab {
  api: LabApi;
  /** Called once when the connection is lost (the host stopped, or the token was refused). */
  onClose(listener: (reason: string) => void): void;
}

export function createWsLab(url: string): WsLab {
  const socket = new WebSocket(url);
  const pending = new Map<number, Pending>();
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const closeListeners: ((reason: string) => void)[] = [];
  let nextId = 1;
  let closedReason: string | null = null;
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('close', () => reject(new Error(closedReason ?? 'could not connect to the Fault Lab host')), { once: true });
  });
  // A rejected `opened` is reported by each call; this keeps it from being unhandled.
  opened.catch((err: unknown) => err);

  socket.addEventListener('message', (ev: MessageEvent) => {
    if (typeof ev.data !== 'string') return;
    let msg: unknown;
    try {
      msg = JSON.parse(ev.data);
    } catch (err) {
      console.warn('Fault Lab: ignored a malformed message from the host', err);
      return;
    }
    if (isWireSession(msg)) return keepSessionToken(msg.token);
    if (!isWireMessage(msg)) return;
    if (msg.kind === 'result') {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(labErrorOf(msg));
      return;
    }
    const set = listeners.get(msg.name);
    if (set) for (const l of set) l(msg.payload as never);
  });

  socket.addEventListener('close', (ev: CloseEvent) => {
    closedReason = ev.reason || (ev.code === 1008 ? 'the host refused the access token' : 'the connection to the Fault Lab host was closed');
    for (const p of pending.values()) p.reject(new Error(closedReason));
    pending.clear();
    for (const l of closeListeners) l(closedReason);
  });

  async function call(name: CallName, args: unknown): Promise<unknown> {
    await opened;
    if (closedReason !== null) throw new Error(closedReason);
    const id = nextId++;
    const request: WireRequest = { kind: 'call', id, name, args };
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify(request));
    });
  }

  const api = {
    on<E extends EventName>(event: E, listener: (payload: LabEvents[E]) => void): () => void {
      if (!EVENT_NAMES.includes(event)) throw new Error(`unknown event ${event}`);
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const l = listener as (payload: never) => void;
      set.add(l);
      return () => set.delete(l);
    },
  } as Record<string, unknown>;
  for (const name of Object.keys(CALLS) as CallName[]) api[name] = (args: unknown) => call(name, args);

  return {
    api: api as unknown as LabApi,
    onClose: (l) => {
      if (closedReason !== null) l(closedReason);
      else closeListeners.push(l);
    },
  };
}
