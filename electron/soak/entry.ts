/**
 * `npm run soak [-- --seconds N] [--seed N]`: the soak of electron/soak/soak.ts on the
 * terminal: a memory sample every few seconds as it goes, then the plot and the checks.
 * Exit 0 when every check holds, 1 when one fails, 2 on bad arguments.
 */
import { parseArgs } from 'node:util';
import { runSoak, soakReport } from './soak.js';

async function main(): Promise<number> {
  let values: { seconds?: string; seed?: string };
  try {
    ({ values } = parseArgs({ options: { seconds: { type: 'string' }, seed: { type: 'string' } }, strict: true }));
  } catch (err) {
    process.stderr.write(`soak: ${(err as Error).message}\n`);
    return 2;
  }
  const seconds = Number(values.seconds ?? 600);
  const seed = Number(values.seed ?? 1);
  if (!Number.isInteger(seconds) || seconds < 20 || seconds > 600 || !Number.isInteger(seed) || seed < 0) {
    process.stderr.write('soak: --seconds must be a whole number from 20 to 600, --seed a whole number\n');
    return 2;
  }
  process.stdout.write(`soak: n = 15 real replicas, a random fault every 500 ms, ${seconds} s (seed ${seed})\n`);
  const result = await runSoak({
    seconds,
    seed,
    onSample: (s) => {
      const reps = [...s.replicaRssMb.values()];
      process.stdout.write(`  ${(s.atMs / 1000).toFixed(0).padStart(4)} s  host ${s.hostRssMb.toFixed(0)} MB  replicas ${reps.length} up, ${reps.length > 0 ? Math.max(...reps).toFixed(0) : '-'} MB at most  ${s.events} events\n`);
    },
  });
  const { text, ok } = soakReport(result);
  process.stdout.write(`\n${text}\n`);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`soak failed: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
