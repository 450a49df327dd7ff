/**
 * The preload of the lab window (bundled to CommonJS: the window is sandboxed). It gives
 * the page `window.lab`, the API contract of shared/api.ts and nothing else: one function
 * per call (from the contract's names, so no channel is written here) and `on(event,
 * listener)` returning an unsubscribe function. ipcRenderer itself, and the IPC event
 * objects that would lead back to it, never reach the page. It takes its values from
 * api-channels.ts only (names, no validator): the main side validates every argument.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import type { EventName } from '../../shared/api-channels.js';
import { CALL_NAMES, channelOf, EVENT_NAMES } from '../../shared/api-channels.js';
import type { LabApi, LabEvents } from '../../shared/api.js';
import type { CallOutcome } from './handlers.js';

/** The part of ipcRenderer the API needs (a test passes a fake). */
export interface PreloadIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): unknown;
}

/** A refused call as it crosses the context bridge: what the page's connectLab turns into a LabError. */
export interface BridgedRefusal {
  name: 'LabError';
  code: string;
  message: string;
}

const refusal = (code: string, message: string): BridgedRefusal => ({ name: 'LabError', code, message });

/** Builds `window.lab` over an IPC: a call resolves with its result or rejects with the main side's sentence. */
export function buildLabApi(ipc: PreloadIpc): LabApi {
  const api: Record<string, unknown> = {};
  for (const name of CALL_NAMES) {
    api[name] = async (args: unknown): Promise<unknown> => {
      const outcome = (await ipc.invoke(channelOf(name), args)) as CallOutcome;
      // Rejected with a plain object: the context bridge copies an Error's message only,
      // a plain object whole, so the code reaches the page (connectLab makes it a LabError).
      if (!outcome.ok) return Promise.reject(refusal(outcome.code, outcome.error));
      return outcome.result;
    };
  }
  api.on = <E extends EventName>(event: E, listener: (payload: LabEvents[E]) => void): (() => void) => {
    if (!EVENT_NAMES.includes(event)) throw new Error(`unknown event "${String(event)}"`);
    if (typeof listener !== 'function') throw new TypeError('on: the listener must be a function');
    const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload as LabEvents[E]);
    ipc.on(channelOf(event), forward);
    return () => {
      ipc.removeListener(channelOf(event), forward);
    };
  };
  return api as LabApi;
}

contextBridge.exposeInMainWorld('lab', buildLabApi(ipcRenderer));
