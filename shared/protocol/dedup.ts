/**
 * The dedup table of primary-backup (and the sequencer's request table): a Map from
 * requestKey(client, req) to the reply sent, in insertion order (a snapshot carries it as
 * [key, reply] pairs). A run adds one entry per request on every replica, so the usual keys
 * (small non-negative integers) are kept in one array per client indexed by request number:
 * no key string and no hashing per request, and requests that arrive in order fill an array
 * in order. Any other key goes in a Map by its text. It answers exactly as the Map would.
 */
import type { Json } from '../json.js';

export const requestKey = (client: number, req: number): string => `${client}:${req}`;

/** Ids the dedup table indexes directly (larger, negative or fractional ones go by key string). */
const MAX_DIRECT_CLIENT = 4096;
const MAX_DIRECT_REQ = 2 ** 30;
/** The digits requestKey writes for ids the table indexes directly. */
const DIRECT_KEY = /^(0|[1-9][0-9]{0,9}):(0|[1-9][0-9]{0,9})$/;
/** Stands for a stored undefined, so a hole still means "absent". */
const UNDEFINED: unique symbol = Symbol('undefined');

export class DedupTable {
  private readonly byClient: (Json | typeof UNDEFINED)[][] = [];
  private readonly other = new Map<string, Json>();
  /** First insertions in order: [client, req] of a direct entry, or [-1, i] for otherKeys[i]. */
  private readonly orderClient: number[] = [];
  private readonly orderReq: number[] = [];
  private readonly otherKeys: string[] = [];

  private static direct(client: number, req: number): boolean {
    return Number.isInteger(client) && Number.isInteger(req) && client >= 0 && req >= 0 && client < MAX_DIRECT_CLIENT && req < MAX_DIRECT_REQ;
  }

  has(client: number, req: number): boolean {
    if (!DedupTable.direct(client, req)) return this.other.has(requestKey(client, req));
    return this.byClient[client]?.[req] !== undefined;
  }

  get(client: number, req: number): Json | undefined {
    if (!DedupTable.direct(client, req)) return this.other.get(requestKey(client, req));
    const v = this.byClient[client]?.[req];
    return v === UNDEFINED ? undefined : v;
  }

  set(client: number, req: number, value: Json): void {
    if (!DedupTable.direct(client, req)) {
      this.setOther(requestKey(client, req), value);
      return;
    }
    let values = this.byClient[client];
    if (!values) {
      values = [];
      this.byClient[client] = values;
    }
    if (values[req] === undefined) {
      this.orderClient.push(client);
      this.orderReq.push(req);
    }
    values[req] = value === undefined ? UNDEFINED : value;
  }

  /** Adds an entry by its key text, as a snapshot carries it. */
  setKey(key: string, value: Json): void {
    const m = DIRECT_KEY.exec(key);
    if (m) {
      const client = Number(m[1]);
      const req = Number(m[2]);
      if (DedupTable.direct(client, req)) {
        this.set(client, req, value);
        return;
      }
    }
    this.setOther(key, value);
  }

  private setOther(key: string, value: Json): void {
    if (!this.other.has(key)) {
      this.orderClient.push(-1);
      this.orderReq.push(this.otherKeys.length);
      this.otherKeys.push(key);
    }
    this.other.set(key, value);
  }

  clear(): void {
    this.byClient.length = 0;
    this.other.clear();
    this.orderClient.length = 0;
    this.orderReq.length = 0;
    this.otherKeys.length = 0;
  }

  /** [key, reply] pairs in insertion order, as [...map] gives them. */
  entries(): [string, Json][] {
    const out: [string, Json][] = [];
    for (let i = 0; i < this.orderClient.length; i++) {
      const client = this.orderClient[i] as number;
      const req = this.orderReq[i] as number;
      if (client < 0) {
        const key = this.otherKeys[req] as string;
        out.push([key, this.other.get(key) as Json]);
      } else {
        const v = this.byClient[client]?.[req];
        out.push([requestKey(client, req), (v === UNDEFINED ? undefined : v) as Json]);
      }
    }
    return out;
  }
}
