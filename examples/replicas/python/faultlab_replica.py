"""Plumbing for a Fault Lab replica in Python 3.11 (standard library only).

Speaks the replica protocol, version 1 (docs/replica-protocol.md): JSON lines on stdin
(init, deliver, final) and stdout (ready, output, final); anything for people goes to
stderr, which the lab keeps as the replica's log. It keeps the replica's timers itself.
Your replica is a class with on_start / on_message / on_timer that calls send, event and
set_timer; this module runs it. The services and the state hash are the lab's own, so a
replica written on top of them agrees with the built-in replicas byte for byte.
"""
import json
import os
import select
import sys
import time

PROTOCOL = 1


# ---- the services: counter, kv, bank (as shared/services.ts) ------------------------

ACCOUNTS = ["alice", "bob", "carol", "dave"]


def initial_state(service):
    if service == "counter":
        return {"value": 0}
    if service == "kv":
        return {"data": {}}
    return {"accounts": {a: 100 for a in ACCOUNTS}, "total": 100 * len(ACCOUNTS)}


def _num(d, key):
    v = d.get(key)
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else 0


def _record(state, key):
    v = state.get(key)
    if not isinstance(v, dict):
        v = {}
        state[key] = v
    return v


def apply_op(service, state, op):
    """Executes op on state (in place) and returns the reply value."""
    t = op["type"]
    if service == "counter":
        if t == "inc":
            state["value"] = _num(state, "value") + op["by"]
        return _num(state, "value")
    if service == "kv":
        data = _record(state, "data")
        if t == "get":
            return data.get(op["key"])
        if t == "put":
            data[op["key"]] = op["value"]
            return "ok"
        if t == "cas":
            if data.get(op["key"]) != op["expected"]:
                return False
            data[op["key"]] = op["value"]
            return True
        return None
    accounts = _record(state, "accounts")
    if t == "balance":
        return _num(accounts, op["account"])
    if t == "deposit":
        accounts[op["account"]] = _num(accounts, op["account"]) + op["amount"]
        state["total"] = _num(state, "total") + op["amount"]
        return _num(accounts, op["account"])
    if t == "withdraw":
        if _num(accounts, op["account"]) < op["amount"]:
            return "insufficient funds"
        accounts[op["account"]] = _num(accounts, op["account"]) - op["amount"]
        state["total"] = _num(state, "total") - op["amount"]
        return _num(accounts, op["account"])
    if t == "transfer":
        if op["from"] == op["to"]:
            return "same account"
        if _num(accounts, op["from"]) < op["amount"]:
            return "insufficient funds"
        accounts[op["from"]] = _num(accounts, op["from"]) - op["amount"]
        accounts[op["to"]] = _num(accounts, op["to"]) + op["amount"]
        return "ok"
    return None


def canonical_json(value):
    """JSON with sorted keys and no spaces: equal values, equal text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def state_hash(state):
    """The lab's 16-hex-digit state fingerprint (two FNV-1a lanes over the canonical JSON)."""
    text = canonical_json(state)
    units = text.encode("utf-16-le")
    codes = [units[i] | (units[i + 1] << 8) for i in range(0, len(units), 2)]
    m = 0xFFFFFFFF
    a = 0x811C9DC5
    b = 0x01000193 ^ len(codes)
    for c in codes:
        a = ((a ^ c) * 0x01000193) & m
        b = ((b ^ c) * 0x5BD1E995) & m
        b ^= b >> 15
    return f"{a:08x}{b:08x}"


# ---- the host loop -------------------------------------------------------------------


class Replica:
    """Base class: override on_start, on_message, on_timer, final_state."""

    def __init__(self, rid, config, recovering):
        self.id = rid
        self.config = config
        self.recovering = recovering
        self._sends = []
        self._events = []
        self._timers = {}
        self._t0 = time.monotonic()

    # What a replica does, as the lab sees it.
    def send(self, to, msg):
        self._sends.append({"to": to, "msg": msg})

    def event(self, ev):
        """Reports an event (apply, role, commit, ...); its "replica" is this one."""
        self._events.append({**ev, "replica": self.id})

    def set_timer(self, name, after_ms):
        """Sets (or resets) a timer; after_ms None cancels it."""
        if after_ms is None:
            self._timers.pop(name, None)
        else:
            self._timers[name] = time.monotonic() + after_ms / 1000.0

    def log(self, text):
        sys.stderr.write(f"r{self.id}: {text}\n")
        sys.stderr.flush()

    def now_ms(self):
        return (time.monotonic() - self._t0) * 1000.0

    # To override.
    def on_start(self):
        pass

    def on_message(self, sender, msg):
        pass

    def on_timer(self, name):
        pass

    def final_state(self):
        return {"stateHash": "", "applied": 0}


def _write(obj):
    sys.stdout.write(json.dumps(obj, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def run(make_replica):
    """Runs a replica: make_replica(id, config, recovering) -> Replica."""
    _write({"type": "ready", "protocol": PROTOCOL})
    replica = None
    buf = b""
    fd = sys.stdin.fileno()
    while True:
        timeout = None
        if replica is not None and replica._timers:
            timeout = max(0.0, min(replica._timers.values()) - time.monotonic())
        readable, _, _ = select.select([fd], [], [], timeout)
        answer = False
        if readable:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                return  # the lab has gone: a replica never outlives it
            buf += chunk
            *lines, buf = buf.split(b"\n")
            for raw in lines:
                if not raw.strip():
                    continue
                m = json.loads(raw)
                t = m["type"]
                if t == "init":
                    replica = make_replica(m["id"], m["config"], m["recovering"])
                    replica.on_start()
                elif t == "deliver" and replica is not None:
                    replica.on_message(m["from"], m["msg"])
                    answer = True
                elif t == "final":
                    _flush(replica, True)
                    f = replica.final_state() if replica is not None else {"stateHash": "", "applied": 0}
                    times = os.times()
                    _write({"type": "final", "stateHash": f["stateHash"], "applied": f["applied"],
                            "userMs": times.user * 1000.0, "systemMs": times.system * 1000.0})
        if replica is not None:
            now = time.monotonic()
            for name, at in sorted(replica._timers.items(), key=lambda kv: kv[1]):
                if at <= now and replica._timers.get(name) == at:
                    del replica._timers[name]
                    replica.on_timer(name)
        _flush(replica, answer)


def _flush(replica, answer):
    """One output line: what the replica sent and reported (the answer to the deliveries read)."""
    if replica is None:
        return
    if replica._sends or replica._events or answer:
        _write({"type": "output", "sends": replica._sends, "events": replica._events})
        replica._sends = []
        replica._events = []
