/**
 * Where the renderer finds the lab: `window.lab` from the Electron preload, or a
 * WebSocket client to the browser-mode host. Both are the same LabApi.
 */
import type { LabApi } from '@shared/api';
import { isLabErrorCode, LabError, wireUrl } from '@shared/api';
import { createWsLab } from './ws-client';

export interface LabConnection {
  api: LabApi;
  onClose(listener: (reason: string) => void): void;
}

/** Thrown when the page has neither a preload API nor a host token. */
export class NoLabError extends Error {}

let connection: LabConnection | null = null;

/**
 * The preload rejects a refused call with a plain `{ code, message }` (the context bridge
 * would strip an Error's code); here it becomes a LabError, as the browser-mode client's is.
 */
export function withLabErrors(api: LabApi): LabApi {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(api) as [string, (a: unknown) => Promise<unknown>][]) {
    if (name === 'on') {
      wrapped[name] = fn;
      continue;
    }
    wrapped[name] = (args: unknown) =>
      fn(args).catch((err: unknown) => {
        if (err instanceof Error) throw err;
        const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
        throw new LabError(isLabErrorCode(code) ? code : 'internal', typeof message === 'string' ? message : 'The lab could not do that.');
      });
  }
  return wrapped as LabApi;
}

export function connectLab(): LabConnection {
  if (connection) return connection;
  if (window.lab) {
    connection = { api: withLabErrors(window.lab), onClose: () => undefined };
    return connection;
  }
  const url = wireUrl(window.location);
  if (!url) {
    throw new NoLabError('This page has no access token. Open the full address that "faultlab serve" printed (it ends with #token=…).');
  }
  connection = createWsLab(url);
  return connection;
}
