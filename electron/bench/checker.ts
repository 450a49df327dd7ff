/**
 * The bench's rows for the linearizability checker: the CPU time it takes to decide a
 * history of 10,000 operations from 16 clients (the size of a long real-mode run), for the
 * counter and for the key-value store, each linearizable by construction and once with
 * one forged answer. Median of three, CPU time of this process (not wall time, which a
 * busy machine stretches); never a timing assertion.
 */
import { concurrentHistory } from '../../shared/analysis/histories.js';
import { checkLinearizability } from '../../shared/analysis/linearizability.js';

function cpuMs(f: () => void): number {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

export function checkerRows(): string {
  const out = ['linearizability checker, 10,000 operations of 16 clients (CPU time, median of 3):'];
  for (const service of ['counter', 'kv'] as const) {
    const history = concurrentHistory(service, 10_000, 16, 7);
    const forged = history.map((o) => ({ ...o }));
    const victim = forged.findLast((o) => o.op.type === 'read' || o.op.type === 'get');
    if (victim) victim.output = service === 'counter' ? -1 : 'forged';
    for (const [label, h] of [['linearizable', history], ['one forged answer', forged]] as const) {
      let verdict: boolean | null = null;
      const times = [0, 1, 2].map(() => cpuMs(() => (verdict = checkLinearizability(service, h).linearizable))).sort((a, b) => a - b);
      out.push(`  ${service.padEnd(8)} ${label.padEnd(18)} ${String(Math.round(times[1] ?? 0)).padStart(6)} ms, verdict ${verdict === null ? 'unknown' : verdict ? 'linearizable' : 'not linearizable'}`);
    }
  }
  return `${out.join('\n')}\n`;
}
