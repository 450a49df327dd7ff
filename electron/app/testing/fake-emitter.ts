/**
 * Test fake: the `on` / `emit` part of an Electron emitter (the app, a window, its
 * webContents), with its listeners in view. Tests that mock `electron` build their fakes
 * on it inside `vi.hoisted` (by a dynamic import).
 */
type Listener = (...args: unknown[]) => void;

export class FakeEmitter {
  readonly listeners = new Map<string, Listener[]>();

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) l(...args);
  }
}
