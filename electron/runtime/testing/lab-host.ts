/**
 * Test fixture: a lab host process. It starts a long real-mode run recording into
 * argv[2], prints one JSON line with its replicas' pids once they run, injects a live
 * fault (logged and fsynced before it applies) and prints a second line; then, by
 * argv[3]: 'wait' (until a signal), or 'throw' (an uncaught exception).
 */
import { startRealRun } from '../real.js';
import { parseScenario } from '../../../shared/scenario.js';

const [dir, how, entry] = process.argv.slice(2);
const scenario = parseScenario({
  faultlab: 1,
  name: 'long run for kill tests',
  scheme: 'state-machine',
  failureModel: 'arbitrary',
  k: 1,
  workload: { clients: 2, ratePerSecond: 100, durationMs: 60_000 },
});

void (async () => {
  const run = await startRealRun(scenario, { ...(dir ? { dir } : {}), ...(entry ? { entry } : {}) });
  process.stdout.write(`${JSON.stringify({ pids: run.replicas().map((r) => r.pid) })}\n`);
  setTimeout(() => {
    const faultIndex = run.events.length;
    run.inject({ type: 'byzantine', replica: 3, behavior: 'lie' });
    process.stdout.write(`${JSON.stringify({ injected: true, faultIndex })}\n`);
    if (how === 'throw') {
      setTimeout(() => {
        throw new Error('deliberate failure of the lab host');
      }, 100);
    }
  }, 400);
})();
