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

export const READY_PREFIX = 'Fault Lab is ready at ';

export const serveCommand = command({
  summary: CLI_WORDS.en.help.summary.serve,
  usage: 'serve [--port N] [--no-open] [--data-dir DIR]',
  flags: ['port', 'no-open', 'data-dir'],
  async run({ values, positionals }, io) {
    if (positionals.length > 0) throw new UsageError(`serve takes no file (got "${positionals[0]}")`);
    const port = intOption(values, 'port', 0, 65535) ?? 0;
    const dataDir = resolveDataDir(values['data-dir']);
    try {
      mkdirSync(dataDir, { recursive: true });
    } catch (err) {
      throw new UsageError(`--data-dir: cannot create ${dataDir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const rendererDir = defaultRendererDir();
    if (!rendererBuilt(rendererDir)) throw new UsageError(`the lab window is not built (${rendererDir}/index.html is missing); run "npm run build"`);

    const backend = new LabBackend({ dataDir, shell: 'browser', log: io.err });
    let host: BrowserHost;
    try {
      host = await startBrowserHost({ backend, rendererDir, port, log: io.err });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new UsageError(`--port ${port}: the port is already in use; choose another or use --port 0`);
      if (code === 'EACCES') throw new UsageError(`--port ${port}: not allowed to listen on this port; choose one above 1023`);
      throw err;
    }

    // Listening for the signals before the URL is printed: whoever reads the URL line may
    // send SIGTERM at once, and must get a clean stop.
    let stopRequested: (why: string) => void = () => {};
    const stopped = new Promise<string>((r) => (stopRequested = r));
    const onSignal = (signal: NodeJS.Signals): void => stopRequested(`received ${signal}`);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);

    io.out(`${READY_PREFIX}${host.url}`);
    io.out(`Runs are kept in ${dataDir}. Press Ctrl+C to stop.`);

    let closeWindow = (): void => {};
    if (values['no-open'] !== true) {
      const opened = openBrowserWindow(host.launchUrl(), { onProblem: (m) => io.err(`${m}; open the URL above in a browser`) });
      if (opened.how === 'chromium') {
        io.out(`Opened a window in ${opened.browser}.`);
        closeWindow = opened.close;
        opened.child.once('error', (err) => io.err(`could not start ${opened.browser}: ${err.message}; open the URL above in a browser`));
        opened.child.once('exit', (code, signal) => {
          // Closing the lab's own window ends the session; a browser that failed to start does not.
          if (code === 0) stopRequested('the lab window was closed');
          else if (signal === null) io.err(`${opened.browser} exited with code ${code}; open the URL above in a browser`);
        });
      } else if (opened.how === 'system') {
        io.out(`Asked ${opened.opener} to open the URL above.`);
      } else {
        io.out(`No window was opened (${opened.reason}); open the URL above in a browser.`);
      }
    }

    const why = await stopped;
    const live = backend.liveRunIds().length;
    io.out(`Stopping (${why})${live > 0 ? `: ending ${live} run${live === 1 ? '' : 's'} in progress` : ''}.`);
    await backend.shutdown();
    await host.close();
    closeWindow();
    // The signal listeners stay: a second Ctrl+C (or a launcher passing the signal on)
    // arriving while the process winds down must not turn a clean stop into a kill. They
    // do not keep the process alive.
    return 0;
  },
});
