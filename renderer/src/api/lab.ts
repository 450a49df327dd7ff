/**
 * Where the renderer finds the lab: `window.lab` from the Electron preload, or a
 * WebSocket client to the browser-mode host. Both are the same LabApi.
 */
import type { LabApi } from '@shared/api';
import { wireUrl } from '@shared/api';
import { createWsLab } from './ws-client';

export interface LabConnection {
  api: LabApi;
  onClose(listener: (reason: string) => void): void;
}

/** Thrown when the page has neither a preload API nor a host token. */
export class NoLabError extends Error {}

let connection: LabConnection | null = null;

export function connectLab(): LabConnection {
  if (connection) return connection;
  if (window.lab) {
    connection = { api: window.lab, onClose: () => undefined };
    return connection;
  }
  const url = wireUrl(window.location);
  if (!url) {
    throw new NoLabError('This page has no access token. Open the full address that "faultlab serve" printed (it ends with #token=…).');
  }
  connection = createWsLab(url);
  return connection;
}
