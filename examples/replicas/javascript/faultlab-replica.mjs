// Plumbing for a Fault Lab replica in JavaScript (Node 20, no dependencies).
//
// Speaks the replica protocol, version 1 (docs/replica-protocol.md): JSON lines on stdin
// (init, deliver, final) and stdout (ready, output, final); anything for people goes to
// stderr, which the lab keeps as the replica's log. It keeps the replica's timers itself.
// Your replica is a class extending Replica with onStart / onMessage / onTimer that calls
// send, event and setTimer; run() runs it. The services and the state hash are the lab's
// own, so a replica written on top of them agrees with the built-in replicas byte for byte.
/* global process, setImmediate, setTimeout, clearTimeout, performance */
import { createInterface } from 'node:readline';

export const PROTOCOL = 1;

// ---- the services: counter, kv, bank (as shared/services.ts) --------------------------

const ACCOUNTS = ['alice', 'bob', 'carol', 'dave'];

export function initialState(service) {
  if (service === 'counter') return { value: 0 };
  if (service === 'kv') return { data: {} };
  return { accounts: Object.fromEntries(ACCOUNTS.map((a) => [a, 100])), total: 100 * ACCOUNTS.length };
}

const num = (o, k) => (typeof o[k] === 'number' ? o[k] : 0);
function record(state, key) {
  const v = state[key];
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return (state[key] = {});
  return v;
}

/** Executes op on state (in place) and returns the reply value. */
export function applyOp(service, state, op) {
  if (service === 'counter') {
    if (op.type === 'inc') state.value = num(state, 'value') + op.by;
    return num(state, 'value');
  }
  if (service === 'kv') {
    const data = record(state, 'data');
    switch (op.type) {
      case 'get':
        return data[op.key] ?? null;
      case 'put':
        data[op.key] = op.value;
        return 'ok';
      case 'cas':
        if ((data[op.key] ?? null) !== op.expected) return false;
        data[op.key] = op.value;
        return true;
      default:
        return null;
    }
  }
  const accounts = record(state, 'accounts');
  switch (op.type) {
    case 'balance':
      return num(accounts, op.account);
    case 'deposit':
      accounts[op.account] = num(accounts, op.account) + op.amount;
      state.total = num(state, 'total') + op.amount;
      return num(accounts, op.account);
    case 'withdraw':
      if (num(accounts, op.account) < op.amount) return 'insufficient funds';
      accounts[op.account] = num(accounts, op.account) - op.amount;
      state.total = num(state, 'total') - op.amount;
      return num(accounts, op.account);
    case 'transfer':
      if (op.from === op.to) return 'same account';
      if (num(accounts, op.from) < op.amount) return 'insufficient funds';
      accounts[op.from] = num(accounts, op.from) - op.amount;
      accounts[op.to] = num(accounts, op.to) + op.amount;
      return 'ok';
    default:
      return null;
  }
}

/** JSON with sorted keys and no spaces: equal values, equal text. */
export function canonicalJson(v) {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(',')}}`;
}

/** The lab's 16-hex-digit state fingerprint (two FNV-1a lanes over the canonical JSON). */
export function stateHash(state) {
  const text = canonicalJson(state);
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

// ---- the host loop --------------------------------------------------------------------

/** Base class: override onStart, onMessage, onTimer, finalState. */
export class Replica {
  constructor(id, config, recovering) {
    this.id = id;
    this.config = config;
    this.recovering = recovering;
    this._timers = new Map();
    this._t0 = performance.now();
  }

  send(to, msg) {
    out.sends.push({ to, msg });
    flushSoon();
  }

  /** Reports an event (apply, role, commit, ...); its "replica" is this one. */
  event(ev) {
    out.events.push({ ...ev, replica: this.id });
    flushSoon();
  }

  /** Sets (or resets) a timer; afterMs null cancels it. */
  setTimer(name, afterMs) {
    const old = this._timers.get(name);
    if (old) clearTimeout(old.handle);
    this._timers.delete(name);
    if (afterMs === null) return;
    const timer = { handle: null };
    // A timer that is due first lets the lines already waiting on stdin be read (Node runs due
    // timers before it reads input): after a pause, what the lab delivered while the process was
    // stopped, a new view say, comes before the failure detector's verdict on the silence.
    timer.handle = setTimeout(
      () =>
        setImmediate(() => {
          if (this._timers.get(name) !== timer) return; // reset or cancelled by what was read
          this._timers.delete(name);
          this.onTimer(name);
        }),
      afterMs,
    );
    this._timers.set(name, timer);
  }

  log(text) {
    process.stderr.write(`r${this.id}: ${text}\n`);
  }

  nowMs() {
    return performance.now() - this._t0;
  }

  onStart() {}
  /** A message delivered from an address (r2, c1, sequencer, arbiter). */
  onMessage() {}
  /** A timer set with setTimer fired. */
  onTimer() {}
  finalState() {
    return { stateHash: '', applied: 0 };
  }
}

const out = { sends: [], events: [], answer: false };
let scheduled = false;
const write = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);

function flushSoon() {
  if (scheduled) return;
  scheduled = true;
  setImmediate(flush);
}

/** One output line: what the replica sent and reported this turn (the answer to the deliveries read). */
function flush() {
  scheduled = false;
  if (out.sends.length === 0 && out.events.length === 0 && !out.answer) return;
  write({ type: 'output', sends: out.sends, events: out.events });
  out.sends = [];
  out.events = [];
  out.answer = false;
}

/** Runs a replica: makeReplica(id, config, recovering) returns a Replica. */
export function run(makeReplica) {
  let replica = null;
  write({ type: 'ready', protocol: PROTOCOL });
  process.stdout.on('error', () => process.exit(0));
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on('line', (text) => {
    if (text.trim() === '') return;
    const m = JSON.parse(text);
    if (m.type === 'init') {
      replica = makeReplica(m.id, m.config, m.recovering);
      replica.onStart();
    } else if (m.type === 'deliver' && replica) {
      replica.onMessage(m.from, m.msg);
      out.answer = true;
      flushSoon();
    } else if (m.type === 'final') {
      flush();
      const f = replica ? replica.finalState() : { stateHash: '', applied: 0 };
      const cpu = process.cpuUsage();
      write({ type: 'final', stateHash: f.stateHash, applied: f.applied, userMs: cpu.user / 1000, systemMs: cpu.system / 1000 });
    }
  });
  // The lab has gone: a replica never outlives it.
  lines.on('close', () => process.exit(0));
}
