#!/usr/bin/env python3
"""A state-machine replica for Fault Lab (scheme "state-machine"), in Python.

The sequencer orders every client request and sends it to every replica as an
"ordered" message; a replica executes them strictly in sequence order and replies to
the client, whose voter compares the replies. A replica that sees a gap asks the
sequencer to resend it ("fetch"). A restarted replica starts empty ("recovering") and
takes a snapshot of the state from its peers: k+1 agreeing ones under arbitrary
failures, any one under fail-stop.

Run it in the lab:  npx faultlab run --replica-cmd "python3 examples/replicas/python/smr_replica.py"
"""
import json

from faultlab_replica import Replica, apply_op, initial_state, run, state_hash


class SmrReplica(Replica):
    def __init__(self, rid, config, recovering):
        super().__init__(rid, config, recovering)
        self.service = config["service"]
        self.state = initial_state(self.service)
        self.next_seq = 1
        self.applied = 0
        self.pending = {}  # seq -> ordered message, waiting for its turn
        self.replies = {}  # seq -> (client, req, value), for retries of executed requests
        self.offers = {}  # (stateHash, nextSeq) -> (snapshot, set of peers)
        self.snapshots = 0

    def threshold(self):
        return self.config["k"] + 1 if self.config["failureModel"] == "arbitrary" else 1

    def on_start(self):
        if self.recovering:
            self.event({"type": "role", "role": "recovering", "view": 0})
            self.ask_for_state()
        else:
            self.event({"type": "role", "role": "replica", "view": 0})

    def ask_for_state(self):
        for r in range(1, self.config["n"] + 1):
            if r != self.id:
                self.send(f"r{r}", {"kind": "state-request"})
        self.set_timer("recover", self.config["smrRecoverRetryMs"])

    def on_message(self, sender, msg):
        kind = msg["kind"]
        if kind == "ordered" and sender == "sequencer":
            self.on_ordered(msg)
        elif kind == "watermark" and sender == "sequencer":
            if not self.recovering and msg["nextSeq"] > self.next_seq:
                self.request_gap(msg["nextSeq"] - 1)
        elif kind == "state-request" and sender.startswith("r") and not self.recovering:
            self.send_snapshot(int(sender[1:]))
        elif kind == "state-snapshot" and sender.startswith("r") and self.recovering:
            self.on_snapshot(int(sender[1:]), msg["snapshot"])

    def on_timer(self, name):
        if name == "recover" and self.recovering:
            self.ask_for_state()
        elif name == "fetch" and not self.recovering and self.pending:
            self.request_gap(min(self.pending) - 1)

    def on_ordered(self, e):
        if e["seq"] < self.next_seq:
            cached = self.replies.get(e["seq"])
            if cached:
                self.reply(*cached)
            return
        self.pending[e["seq"]] = e
        if self.recovering:
            return
        self.drain()
        if self.pending:
            self.request_gap(min(self.pending) - 1)

    def request_gap(self, to_seq):
        if to_seq < self.next_seq:
            return
        self.send("sequencer", {"kind": "fetch", "fromSeq": self.next_seq, "toSeq": to_seq})
        self.set_timer("fetch", self.config["smrFetchRetryMs"])

    def reply(self, client, req, value):
        self.send(f"c{client}", {"kind": "reply", "client": client, "req": req, "value": value, "view": 0})

    def drain(self):
        while self.next_seq in self.pending:
            e = self.pending.pop(self.next_seq)
            value = apply_op(self.service, self.state, e["op"])
            self.next_seq += 1
            self.applied += 1
            self.event({"type": "apply", "seq": e["seq"], "client": e["client"], "req": e["req"],
                        "stateHash": state_hash(self.state)})
            self.replies[e["seq"]] = (e["client"], e["req"], value)
            if len(self.replies) > 4096:
                del self.replies[min(self.replies)]
            self.reply(e["client"], e["req"], value)
        if not self.pending:
            self.set_timer("fetch", None)

    def send_snapshot(self, peer):
        self.snapshots += 1
        snapshot = {
            "id": f"r{self.id}#{self.snapshots}@{self.next_seq}",
            "state": json.loads(json.dumps(self.state)),  # a copy: the state moves on
            "stateHash": state_hash(self.state),
            "nextSeq": self.next_seq,
            "view": None,
            "updateSeq": 0,
            "dedup": [],
        }
        self.event({"type": "snapshot", "to": peer, "snapshotId": snapshot["id"]})
        self.send(f"r{peer}", {"kind": "state-snapshot", "snapshot": snapshot})

    def on_snapshot(self, peer, snapshot):
        key = (snapshot["stateHash"], snapshot["nextSeq"])
        offer = self.offers.setdefault(key, (snapshot, set()))
        offer[1].add(peer)
        if len(offer[1]) < self.threshold():
            return
        self.state = snapshot["state"]
        self.next_seq = snapshot["nextSeq"]
        self.recovering = False
        self.offers.clear()
        self.set_timer("recover", None)
        self.event({"type": "state-transfer", "from": peer, "snapshotId": snapshot["id"],
                    "stateHash": state_hash(self.state)})
        self.event({"type": "role", "role": "replica", "view": 0})
        for s in [s for s in self.pending if s < self.next_seq]:
            del self.pending[s]
        self.drain()
        if self.pending:
            self.request_gap(min(self.pending) - 1)

    def final_state(self):
        return {"stateHash": state_hash(self.state), "applied": self.applied}


if __name__ == "__main__":
    run(SmrReplica)
