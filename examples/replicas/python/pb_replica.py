#!/usr/bin/env python3
"""A primary-backup replica for Fault Lab (scheme "primary-backup"), in Python.

Clients send requests to the replica they believe is the primary. The primary executes
a request, sends the update to every backup in its view and answers the client. Backups
apply updates in order and acknowledge them; the primary resends updates that are not
acknowledged with each heartbeat. A backup that hears nothing from the primary for
failureTimeoutMs suspects it and the lowest-numbered surviving member becomes primary of
the next view (it tells the others and the clients). A (client, request) table replicated
with the updates makes a retried request execute once. A restarted replica asks the
primary for a snapshot and rejoins the view.

This replica runs without the lab's arbiter: run it with "fencing": false.

It has one bug. Find it with the lab (see README.md).

Run it:  npx faultlab run examples/replicas/python/pb.faultlab.json
"""
import json

from faultlab_replica import Replica, apply_op, initial_state, run, state_hash


class PbReplica(Replica):
    def __init__(self, rid, config, recovering):
        super().__init__(rid, config, recovering)
        self.service = config["service"]
        self.state = initial_state(self.service)
        n = config["n"]
        self.view = {"number": 1, "primary": 1, "members": list(range(1, n + 1))}
        self.update_seq = 0
        self.applied = 0
        self.dedup = {}  # "client:req" -> reply value
        self.log_of_updates = {}  # seq -> update message (primary: until every backup acked it)
        self.acked = {}  # backup -> highest seq it acknowledged
        self.waiting = {}  # seq -> (client, req, value): answers not yet given
        self.heard = {}  # replica -> when it was last heard from (ms)
        self.snapshots = 0

    # ---- roles and views ----------------------------------------------------------

    def is_primary(self):
        return not self.recovering and self.view["primary"] == self.id

    def on_start(self):
        now = self.now_ms()
        for m in self.view["members"]:
            self.heard[m] = now
        if self.recovering:
            self.event({"type": "role", "role": "recovering", "view": self.view["number"]})
            self.ask_for_state()
        else:
            self.event({"type": "role", "role": "primary" if self.is_primary() else "backup", "view": 1})
        self.set_timer("tick", self.config["heartbeatMs"])

    def ask_for_state(self):
        for r in range(1, self.config["n"] + 1):
            if r != self.id:
                self.send(f"r{r}", {"kind": "state-request"})
        self.set_timer("recover", self.config["failureTimeoutMs"])

    def install(self, view, via):
        """Takes a newer view; tells the clients and the other members when it is this replica's own."""
        was_primary = self.is_primary()
        self.view = view
        if self.id not in view["members"]:
            # Left out of the view (suspected while slow): rejoin through the primary's snapshot.
            self.event({"type": "view", "view": view, "via": via})
            self.recovering = True
            self.event({"type": "role", "role": "recovering", "view": view["number"]})
            self.ask_for_state()
            return
        now = self.now_ms()
        for m in view["members"]:
            self.heard[m] = now
        self.event({"type": "view", "view": view, "via": via})
        if self.is_primary() and not was_primary:
            self.event({"type": "role", "role": "primary", "view": view["number"]})
        elif was_primary or via == "self":
            self.event({"type": "role", "role": "backup", "view": view["number"]})
        if via == "self":
            for r in range(1, self.config["n"] + 1):
                if r != self.id:
                    self.send(f"r{r}", {"kind": "view-change", "view": view})
            for c in range(1, self.config["clients"] + 1):
                self.send(f"c{c}", {"kind": "view-change", "view": view})
            if self.is_primary() and not was_primary:
                # A new primary brings every backup to its own state: some may hold less, or more.
                for m in view["members"]:
                    if m != self.id:
                        self.send_snapshot(m)

    def next_view_without(self, failed):
        members = [m for m in self.view["members"] if m != failed]
        primary = self.view["primary"] if self.view["primary"] != failed else (members[0] if members else self.id)
        return {"number": self.view["number"] + 1, "primary": primary, "members": members}

    # ---- messages --------------------------------------------------------------------

    def on_message(self, sender, msg):
        kind = msg["kind"]
        peer = int(sender[1:]) if sender.startswith("r") else None
        if peer is not None:
            self.heard[peer] = self.now_ms()
        if kind == "request":
            self.on_request(msg)
        elif kind == "update" and peer is not None:
            self.on_update(peer, msg)
        elif kind == "ack" and peer is not None and self.is_primary():
            self.on_ack(peer, msg["seq"])
        elif kind == "heartbeat" and peer is not None and not self.recovering:
            if msg["view"] >= self.view["number"]:
                self.send(sender, {"kind": "heartbeat-ack", "view": self.view["number"]})
        elif kind == "view-change" and msg["view"]["number"] > self.view["number"] and not self.recovering:
            self.install(msg["view"], "peer")
        elif kind == "state-request" and peer is not None and self.is_primary():
            self.send_snapshot(peer)
        elif kind == "state-snapshot" and peer is not None:
            snap_view = msg["snapshot"]["view"]
            if self.recovering or (snap_view and snap_view["primary"] == peer and snap_view["number"] >= self.view["number"]):
                self.on_snapshot(peer, msg["snapshot"])

    def on_request(self, msg):
        client, req = msg["client"], msg["req"]
        if not self.is_primary():
            if not self.recovering:
                self.send(f"c{client}", {"kind": "redirect", "client": client, "req": req, "view": self.view})
            return
        key = f"{client}:{req}"
        if key in self.dedup:
            # Executed already: answer again, unless the answer still waits for the backups.
            if not any((w[0], w[1]) == (client, req) for w in self.waiting.values()):
                self.answer(client, req, self.dedup[key], self.update_seq)
            return
        value = apply_op(self.service, self.state, msg["op"])
        self.update_seq += 1
        seq = self.update_seq
        self.applied += 1
        self.dedup[key] = value
        self.event({"type": "apply", "seq": seq, "client": client, "req": req, "stateHash": state_hash(self.state)})
        update = {"kind": "update", "view": self.view["number"], "seq": seq, "client": client, "req": req,
                  "op": msg["op"], "result": value}
        self.log_of_updates[seq] = update
        for m in self.view["members"]:
            if m != self.id:
                self.send(f"r{m}", update)
        self.answer(client, req, value, seq)

    def answer(self, client, req, value, seq):
        self.event({"type": "commit", "client": client, "req": req, "view": self.view["number"], "seq": seq})
        self.send(f"c{client}", {"kind": "reply", "client": client, "req": req, "value": value,
                                 "view": self.view["number"]})

    def on_ack(self, backup, seq):
        if seq > self.acked.get(backup, 0):
            self.acked[backup] = seq
        self.settle()

    def settle(self):
        """Forgets updates every backup has, and gives the answers that were waiting for them."""
        backups = [m for m in self.view["members"] if m != self.id]
        low = min((self.acked.get(b, 0) for b in backups), default=self.update_seq)
        for seq in [s for s in self.log_of_updates if s <= low]:
            del self.log_of_updates[seq]
        for seq in sorted(s for s in self.waiting if s <= low):
            client, req, value = self.waiting.pop(seq)
            self.answer(client, req, value, seq)

    def on_update(self, peer, u):
        if self.recovering or u["view"] < self.view["number"] or peer != self.view["primary"]:
            return
        if u["seq"] == self.update_seq + 1:
            apply_op(self.service, self.state, u["op"])
            self.update_seq = u["seq"]
            self.applied += 1
            self.dedup[f"{u['client']}:{u['req']}"] = u["result"]
            self.event({"type": "apply", "seq": u["seq"], "client": u["client"], "req": u["req"],
                        "stateHash": state_hash(self.state)})
        # Acks are cumulative: everything up to update_seq is here (a gap waits for the resend).
        self.send(f"r{peer}", {"kind": "ack", "view": self.view["number"], "seq": self.update_seq})

    # ---- timers ----------------------------------------------------------------------

    def on_timer(self, name):
        if name == "recover" and self.recovering:
            self.ask_for_state()
            return
        if name != "tick":
            return
        self.set_timer("tick", self.config["heartbeatMs"])
        if self.recovering:
            return
        now = self.now_ms()
        timeout = self.config["failureTimeoutMs"]
        if self.is_primary():
            for m in self.view["members"]:
                if m == self.id:
                    continue
                if now - self.heard.get(m, now) > timeout:
                    self.event({"type": "suspect", "suspect": m, "silentForMs": round(now - self.heard[m], 3)})
                    self.install(self.next_view_without(m), "self")
                    self.settle()
                    return
                self.send(f"r{m}", {"kind": "heartbeat", "view": self.view["number"]})
                # Resend what this backup has not acknowledged yet.
                for seq in sorted(self.log_of_updates):
                    if seq > self.acked.get(m, 0):
                        self.send(f"r{m}", self.log_of_updates[seq])
        else:
            p = self.view["primary"]
            if now - self.heard.get(p, now) > timeout:
                self.event({"type": "suspect", "suspect": p, "silentForMs": round(now - self.heard[p], 3)})
                view = self.next_view_without(p)
                if view["primary"] == self.id:
                    self.install(view, "self")
                else:
                    # The next primary will announce the view; meanwhile give it time.
                    self.heard[p] = now

    # ---- state transfer --------------------------------------------------------------

    def send_snapshot(self, peer):
        if peer not in self.view["members"]:
            view = {"number": self.view["number"] + 1, "primary": self.id,
                    "members": sorted(self.view["members"] + [peer])}
            self.install(view, "self")
        self.acked[peer] = self.update_seq
        self.snapshots += 1
        snapshot = {
            "id": f"r{self.id}#{self.snapshots}@{self.update_seq}",
            "state": json.loads(json.dumps(self.state)),
            "stateHash": state_hash(self.state),
            "nextSeq": 0,
            "view": self.view,
            "updateSeq": self.update_seq,
            "dedup": [[k, v] for k, v in self.dedup.items()],
        }
        self.event({"type": "snapshot", "to": peer, "snapshotId": snapshot["id"]})
        self.send(f"r{peer}", {"kind": "state-snapshot", "snapshot": snapshot})

    def on_snapshot(self, peer, snapshot):
        was_recovering = self.recovering
        self.state = snapshot["state"]
        self.update_seq = snapshot["updateSeq"]
        self.dedup = {k: v for k, v in snapshot["dedup"]}
        self.recovering = False
        self.set_timer("recover", None)
        self.event({"type": "state-transfer", "from": peer, "snapshotId": snapshot["id"],
                    "stateHash": state_hash(self.state)})
        self.view = snapshot["view"]
        now = self.now_ms()
        for m in self.view["members"]:
            self.heard[m] = now
        self.event({"type": "view", "view": self.view, "via": "peer"})
        if was_recovering:
            self.event({"type": "role", "role": "backup", "view": self.view["number"]})

    def final_state(self):
        return {"stateHash": state_hash(self.state), "applied": self.applied}


if __name__ == "__main__":
    run(PbReplica)
