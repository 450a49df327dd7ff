/**
 * Generated client histories for the linearizability checker's tests and bench: the shape
 * of a real-process run's history (many clients, overlapping operations), with a known verdict.
 */
import type { Json } from '../json.js';
import type { Op } from '../services.js';
import type { HistoryOp } from './linearizability.js';

/**
 * A history as a real-process run makes it: `clients` clients, each with one operation
 * outstanding at a time, every operation taking effect at a point inside its call-return
 * window, so the history is linearizable by construction. Deterministic for a seed.
 */
export function concurrentHistory(service: 'counter' | 'kv', n: number, clients: number, seed: number): HistoryOp[] {
  let s = seed >>> 0;
  const rnd = (): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const free = new Array<number>(clients).fill(0);
  const ops = Array.from({ length: n }, (_, i) => {
    const c = i % clients;
    const callMs = (free[c] ?? 0) + rnd() * 2;
    const returnMs = callMs + 1 + rnd() * 20;
    free[c] = returnMs;
    const key = `k${Math.floor(rnd() * 5)}`;
    const o: Op = service === 'counter' ? (rnd() < 0.2 ? { type: 'read' } : { type: 'inc', by: 1 }) : rnd() < 0.5 ? { type: 'get', key } : { type: 'put', key, value: `v${i}` };
    return { client: c + 1, req: i + 1, op: o, callMs, returnMs, at: callMs + rnd() * (returnMs - callMs) };
  });
  let value = 0;
  const data = new Map<string, string>();
  const output = new Map<number, Json>();
  for (const o of [...ops].sort((a, b) => a.at - b.at)) {
    if (o.op.type === 'inc') output.set(o.req, (value += 1));
    else if (o.op.type === 'read') output.set(o.req, value);
    else if (o.op.type === 'put') {
      data.set(o.op.key, o.op.value);
      output.set(o.req, 'ok');
    } else if (o.op.type === 'get') output.set(o.req, data.get(o.op.key) ?? null);
  }
  return ops.map(({ client, req, op: o, callMs, returnMs }) => ({ client, req, op: o, callMs, returnMs, output: output.get(req) }));
}
