/**
 * The replicated services: deterministic state machines over plain JSON state. Every
 * replica and the reference model (oracle) run these same functions, so a difference
 * in replies or state can only come from ordering, faults or Byzantine rewriting.
 */
import type { Json } from './json.js';
import { cloneJson, shortHash } from './json.js';
import type { Rng } from './rng.js';
import type { ServiceName } from './scenario.js';

/** An operation a client asks the service to execute. */
export type Op =
  | { type: 'inc'; by: number }
  | { type: 'read' }
  | { type: 'get'; key: string }
  | { type: 'put'; key: string; value: string }
  | { type: 'cas'; key: string; expected: string | null; value: string }
  | { type: 'deposit'; account: string; amount: number }
  | { type: 'withdraw'; account: string; amount: number }
  | { type: 'transfer'; from: string; to: string; amount: number }
  | { type: 'balance'; account: string };

export type ServiceState = { [key: string]: Json };

export interface Service {
  readonly name: ServiceName;
  initial(): ServiceState;
  /** Executes op on state (mutating it) and returns the reply value. */
  apply(state: ServiceState, op: Op): Json;
  /** A random operation of this service's workload. */
  randomOp(rng: Rng, client: number, req: number): Op;
  /** The operation a faulty replica substitutes for op (salt makes each forgery distinct). */
  corrupt(op: Op, salt: number): Op;
  /** Checks the service's own invariant; returns a message when it is violated. */
  checkInvariant(state: ServiceState): string | null;
}

const KEYS = ['a', 'b', 'c', 'd', 'e'];
const ACCOUNTS = ['alice', 'bob', 'carol', 'dave'];
const OPENING_BALANCE = 100;

function num(state: ServiceState, key: string): number {
  const v = state[key];
  return typeof v === 'number' ? v : 0;
}

function record(state: ServiceState, key: string): { [key: string]: Json } {
  const v = state[key];
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    const fresh: { [key: string]: Json } = {};
    state[key] = fresh;
    return fresh;
  }
  return v;
}

const counter: Service = {
  name: 'counter',
  initial: () => ({ value: 0 }),
  apply(state, op) {
    if (op.type === 'inc') state.value = num(state, 'value') + op.by;
    return num(state, 'value');
  },
  randomOp: (rng) => (rng.chance(0.2) ? { type: 'read' } : { type: 'inc', by: 1 }),
  corrupt: (op, salt) => (op.type === 'inc' ? { type: 'inc', by: op.by + salt } : { type: 'inc', by: salt }),
  checkInvariant: (state) => (Number.isInteger(state.value) ? null : 'counter value is not an integer'),
};

const kv: Service = {
  name: 'kv',
  initial: () => ({ data: {} }),
  apply(state, op) {
    const data = record(state, 'data');
    switch (op.type) {
      case 'get':
        return data[op.key] ?? null;
      case 'put': {
        data[op.key] = op.value;
        return 'ok';
      }
      case 'cas': {
        const current = data[op.key] ?? null;
        if (current !== op.expected) return false;
        data[op.key] = op.value;
        return true;
      }
      default:
        return null;
    }
  },
  randomOp(rng, client, req) {
    const key = rng.pick(KEYS);
    const value = `c${client}r${req}`;
    const roll = rng.int(0, 9);
    if (roll < 4) return { type: 'get', key };
    if (roll < 8) return { type: 'put', key, value };
    return { type: 'cas', key, expected: null, value };
  },
  corrupt: (op, salt) => ({ type: 'put', key: 'key' in op ? op.key : 'a', value: `forged-${salt}` }),
  checkInvariant: (state) => (typeof state.data === 'object' ? null : 'kv data is missing'),
};

const bank: Service = {
  name: 'bank',
  initial: () => ({ accounts: Object.fromEntries(ACCOUNTS.map((a) => [a, OPENING_BALANCE])), total: ACCOUNTS.length * OPENING_BALANCE }),
  apply(state, op) {
    const accounts = record(state, 'accounts');
    const bal = (a: string): number => {
      const v = accounts[a];
      return typeof v === 'number' ? v : 0;
    };
    switch (op.type) {
      case 'balance':
        return bal(op.account);
      case 'deposit':
        accounts[op.account] = bal(op.account) + op.amount;
        state.total = num(state, 'total') + op.amount;
        return bal(op.account);
      case 'withdraw':
        if (bal(op.account) < op.amount) return 'insufficient funds';
        accounts[op.account] = bal(op.account) - op.amount;
        state.total = num(state, 'total') - op.amount;
        return bal(op.account);
      case 'transfer':
        if (op.from === op.to) return 'same account';
        if (bal(op.from) < op.amount) return 'insufficient funds';
        accounts[op.from] = bal(op.from) - op.amount;
        accounts[op.to] = bal(op.to) + op.amount;
        return 'ok';
      default:
        return null;
    }
  },
  randomOp(rng) {
    const account = rng.pick(ACCOUNTS);
    const amount = rng.int(1, 30);
    const roll = rng.int(0, 9);
    if (roll < 2) return { type: 'balance', account };
    if (roll < 4) return { type: 'deposit', account, amount };
    if (roll < 6) return { type: 'withdraw', account, amount };
    return { type: 'transfer', from: account, to: rng.pick(ACCOUNTS.filter((a) => a !== account)), amount };
  },
  corrupt: (op, salt) => ({ type: 'deposit', account: 'account' in op ? op.account : ACCOUNTS[0] ?? 'alice', amount: salt * 1000 }),
  checkInvariant(state) {
    const accounts = record(state, 'accounts');
    let sum = 0;
    for (const v of Object.values(accounts)) {
      if (typeof v !== 'number' || v < 0) return 'an account balance is negative';
      sum += v;
    }
    return sum === num(state, 'total') ? null : `total money ${sum} differs from the ledger total ${num(state, 'total')}`;
  },
};

// A Map, so a name from outside (a replica's start message) cannot reach the object prototype.
const SERVICE_TABLE: ReadonlyMap<string, Service> = new Map<ServiceName, Service>([['counter', counter], ['kv', kv], ['bank', bank]]);

export function getService(name: ServiceName): Service {
  const service = SERVICE_TABLE.get(name);
  if (service === undefined) throw new Error(`unknown service ${JSON.stringify(name)} (known: ${[...SERVICE_TABLE.keys()].join(', ')})`);
  return service;
}

export function cloneState(state: ServiceState): ServiceState {
  return cloneJson(state);
}

export function stateHash(state: ServiceState): string {
  return shortHash(state);
}
