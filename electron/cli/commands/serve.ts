/**
 * `faultlab serve [--port N] [--no-open] [--data-dir DIR]`: browser mode. Serves the lab's
 * window (the built renderer, out/renderer) and its API on 127.0.0.1 only, opens a window
 * unless --no-open, and runs until SIGINT or SIGTERM (or until the Chromium window it
 * opened is closed), then stops live runs cleanly (their logs get the end marker).
 *
 * Interface kept stable for scripts and the end-to-end tests:
 * - stdout carries, on a line of its own and before anything is served to a window,
 *     `Fault Lab is ready at http://127.0.0.1:PORT/#token=TOKEN`
 *   (match with /^Fault Lab is ready at (http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)$/m).
 *   The page at that URL is the lab; its script connects to the WebSocket with the token.
 * - --port 0 (the default) picks a free port. --data-dir DIR keeps runs in DIR/runs/
 *   (default: FAULTLAB_DATA_DIR, else the platform's app-data folder).
 * - Exit codes: 0 after a clean stop; 2 bad input (a port in use, a data folder that
 *   cannot be created, the window not built), one line on stderr.
 */
import { mkdirSync } from 'node:fs';
import { intOption, UsageError } from '../args.js';
import { command } from '../common.js';
import { startBrowserHost } from '../../app/browser-host.js';
import type { BrowserHost } from '../../app/browser-host.js';
import { resolveDataDir } from '../../app/data-dir.js';
import { LabBackend } from '../../app/handlers.js';
import { openBrowserWindow } from '../../app/open-browser.js';
import { defaultRendererDir, rendererBuilt } from '../../app/static-files.js';
import { CLI_WORDS } from '../words.js';
import { cliWords } from '../lang.js';

/** The ready line's start: a contract with scripts and the end-to-end tests, the same in every language. */
export const READY_PREFIX = 'Fault Lab is ready at ';

export const serveCommand = command({
  summary: CLI_WORDS.en.help.summary.serve,
  usage: 'serve [--port N] [--no-open] [--data-dir DIR]',
  flags: ['port', 'no-open', 'data-dir'],
  async run({ values, positionals }, io) {
    const w = cliWords().serve;
    if (positionals.length > 0) throw new UsageError(w.noFile(positionals[0] ?? ''));
    const port = intOption(values, 'port', 0, 65535) ?? 0;
    const dataDir = resolveDataDir(values['data-dir']);
    try {
      mkdirSync(dataDir, { recursive: true });
    } catch (err) {
      throw new UsageError(w.dataDir(dataDir, (err as NodeJS.ErrnoException).code ?? (err as Error).message));
    }
    const rendererDir = defaultRendererDir();
    if (!rendererBuilt(rendererDir)) throw new UsageError(w.notBuilt(rendererDir));

    const backend = new LabBackend({ dataDir, shell: 'browser', log: io.err });
    let host: BrowserHost;
    try {
      host = await startBrowserHost({ backend, rendererDir, port, log: io.err });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new UsageError(w.portInUse(port));
      if (code === 'EACCES') throw new UsageError(w.portDenied(port));
      throw err;
    }

    // Listening for the signals before the URL is printed: whoever reads the URL line may
    // send SIGTERM at once, and must get a clean stop.
    let stopRequested: (why: string) => void = () => {};
    const stopped = new Promise<string>((r) => (stopRequested = r));
    const onSignal = (signal: NodeJS.Signals): void => stopRequested(w.received(signal));
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);

    io.out(`${READY_PREFIX}${host.url}`);
    io.out(w.kept(dataDir));

    let closeWindow = (): void => {};
    if (values['no-open'] !== true) {
      const opened = openBrowserWindow(host.launchUrl(), { onProblem: (m) => io.err(w.openYourself(m)) });
      if (opened.how === 'chromium') {
        io.out(w.opened(opened.browser));
        closeWindow = opened.close;
        opened.child.once('error', (err) => io.err(w.couldNotStart(opened.browser, err.message)));
        opened.child.once('exit', (code, signal) => {
          // Closing the lab's own window ends the session; a browser that failed to start does not.
          if (code === 0) stopRequested(w.windowClosed);
          else if (signal === null) io.err(w.exited(opened.browser, code));
        });
      } else if (opened.how === 'system') {
        io.out(w.asked(opened.opener));
      } else {
        io.out(w.noWindow(opened.reason));
      }
    }

    const why = await stopped;
    const live = backend.liveRunIds().length;
    io.out(w.stopping(why, live));
    await backend.shutdown();
    await host.close();
    closeWindow();
    // The signal listeners stay: a second Ctrl+C (or a launcher passing the signal on)
    // arriving while the process winds down must not turn a clean stop into a kill. They
    // do not keep the process alive.
    return 0;
  },
});
