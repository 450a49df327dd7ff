/** One client operation as the linearizability checks see it (linearizability.ts, register.ts). */
import type { Json } from '../json.js';
import type { Op } from '../services.js';

export interface HistoryOp {
  client: number;
  req: number;
  op: Op;
  /** When the client first sent it. */
  callMs: number;
  /** When the client accepted an answer; null if it never did. */
  returnMs: number | null;
  /** The accepted answer (undefined when there was none). */
  output: Json | undefined;
}
