#!/usr/bin/env node
// A primary-backup replica for Fault Lab (scheme "primary-backup"), in JavaScript.
//
// Clients send requests to the replica they believe is the primary. The primary executes a
// request, sends the update to every backup in its view and answers the client. Backups
// apply updates in order and acknowledge them; the primary resends updates that are not
// acknowledged with each heartbeat. A backup that hears nothing from the primary for
// failureTimeoutMs suspects it and the lowest-numbered surviving member becomes primary of
// the next view (it tells the others and the clients). A (client, request) table replicated
// with the updates makes a retried request execute once. A restarted replica asks the
// primary for a snapshot and rejoins the view.
//
// This replica runs without the lab's arbiter: run it with "fencing": false.
//
// It has one bug. Find it with the lab (see README.md).
//
// Run it:  npx faultlab run examples/replicas/javascript/pb.faultlab.json
/* global structuredClone */
import { Replica, applyOp, initialState, run, stateHash } from './faultlab-replica.mjs';

class PbReplica extends Replica {
  constructor(id, config, recovering) {
    super(id, config, recovering);
    this.service = config.service;
    this.state = initialState(this.service);
    this.view = { number: 1, primary: 1, members: Array.from({ length: config.n }, (_, i) => i + 1) };
    this.updateSeq = 0;
    this.applied = 0;
    this.dedup = new Map(); // "client:req" -> reply value
    this.updates = new Map(); // seq -> update message (primary: until every backup acked it)
    this.acked = new Map(); // backup -> highest seq it acknowledged
    this.waiting = new Map(); // seq -> [client, req, value]: answers not yet given
    this.heard = new Map(); // replica -> when it was last heard from (ms)
    this.snapshots = 0;
  }

  // ---- roles and views ------------------------------------------------------------------

  isPrimary() {
    return !this.recovering && this.view.primary === this.id;
  }

  onStart() {
    const now = this.nowMs();
    for (const m of this.view.members) this.heard.set(m, now);
    if (this.recovering) {
      this.event({ type: 'role', role: 'recovering', view: this.view.number });
      this.askForState();
    } else {
      this.event({ type: 'role', role: this.isPrimary() ? 'primary' : 'backup', view: 1 });
    }
    this.setTimer('tick', this.config.heartbeatMs);
  }

  askForState() {
    for (let r = 1; r <= this.config.n; r++) if (r !== this.id) this.send(`r${r}`, { kind: 'state-request' });
    this.setTimer('recover', this.config.failureTimeoutMs);
  }

  /** Takes a newer view; tells the clients and the other members when it is this replica's own. */
  install(view, via) {
    const wasPrimary = this.isPrimary();
    this.view = view;
    if (!view.members.includes(this.id)) {
      // Left out of the view (suspected while slow): rejoin through the primary's snapshot.
      this.event({ type: 'view', view, via });
      this.recovering = true;
      this.event({ type: 'role', role: 'recovering', view: view.number });
      this.askForState();
      return;
    }
    const now = this.nowMs();
    for (const m of view.members) this.heard.set(m, now);
    this.event({ type: 'view', view, via });
    if (this.isPrimary() && !wasPrimary) this.event({ type: 'role', role: 'primary', view: view.number });
    else if (!this.isPrimary() && (wasPrimary || via === 'self')) this.event({ type: 'role', role: 'backup', view: view.number });
    if (via === 'self') {
      for (let r = 1; r <= this.config.n; r++) if (r !== this.id) this.send(`r${r}`, { kind: 'view-change', view });
      for (let c = 1; c <= this.config.clients; c++) this.send(`c${c}`, { kind: 'view-change', view });
      // A new primary brings every backup to its own state: some may hold less, or more.
      if (this.isPrimary() && !wasPrimary) for (const m of view.members) if (m !== this.id) this.sendSnapshot(m);
    }
  }

  nextViewWithout(failed) {
    const members = this.view.members.filter((m) => m !== failed);
    const primary = this.view.primary !== failed ? this.view.primary : (members[0] ?? this.id);
    return { number: this.view.number + 1, primary, members };
  }

  // ---- messages -------------------------------------------------------------------------

  onMessage(from, msg) {
    const peer = from.startsWith('r') ? Number(from.slice(1)) : null;
    if (peer !== null) this.heard.set(peer, this.nowMs());
    switch (msg.kind) {
      case 'request':
        this.onRequest(msg);
        break;
      case 'update':
        if (peer !== null) this.onUpdate(peer, msg);
        break;
      case 'ack':
        if (peer !== null && this.isPrimary()) this.onAck(peer, msg.seq);
        break;
      case 'heartbeat':
        if (peer !== null && !this.recovering && msg.view >= this.view.number) this.send(from, { kind: 'heartbeat-ack', view: this.view.number });
        break;
      case 'view-change':
        if (msg.view.number > this.view.number && !this.recovering) this.install(msg.view, 'peer');
        break;
      case 'state-request':
        if (peer !== null && this.isPrimary()) this.sendSnapshot(peer);
        break;
      case 'state-snapshot': {
        const v = msg.snapshot.view;
        if (peer !== null && (this.recovering || (v && v.primary === peer && v.number >= this.view.number))) this.onSnapshot(peer, msg.snapshot);
        break;
      }
      default:
        break;
    }
  }

  onRequest({ client, req, op }) {
    if (!this.isPrimary()) {
      if (!this.recovering) this.send(`c${client}`, { kind: 'redirect', client, req, view: this.view });
      return;
    }
    const key = `${client}:${req}`;
    if (this.dedup.has(key)) {
      // Executed already: answer again, unless the answer still waits for the backups.
      if (![...this.waiting.values()].some(([c, r]) => c === client && r === req)) this.answer(client, req, this.dedup.get(key), this.updateSeq);
      return;
    }
    const value = applyOp(this.service, this.state, op);
    this.updateSeq += 1;
    const seq = this.updateSeq;
    this.applied += 1;
    this.dedup.set(key, value);
    this.event({ type: 'apply', seq, client, req, stateHash: stateHash(this.state) });
    const update = { kind: 'update', view: this.view.number, seq, client, req, op, result: value };
    this.updates.set(seq, update);
    for (const m of this.view.members) if (m !== this.id) this.send(`r${m}`, update);
    this.answer(client, req, value, seq);
  }

  answer(client, req, value, seq) {
    this.event({ type: 'commit', client, req, view: this.view.number, seq });
    this.send(`c${client}`, { kind: 'reply', client, req, value, view: this.view.number });
  }

  onAck(backup, seq) {
    if (seq > (this.acked.get(backup) ?? 0)) this.acked.set(backup, seq);
    this.settle();
  }

  /** Forgets updates every backup has, and gives the answers that were waiting for them. */
  settle() {
    const backups = this.view.members.filter((m) => m !== this.id);
    const low = backups.length === 0 ? this.updateSeq : Math.min(...backups.map((b) => this.acked.get(b) ?? 0));
    for (const seq of [...this.updates.keys()]) if (seq <= low) this.updates.delete(seq);
    for (const seq of [...this.waiting.keys()].sort((a, b) => a - b)) {
      if (seq > low) break;
      const [client, req, value] = this.waiting.get(seq);
      this.waiting.delete(seq);
      this.answer(client, req, value, seq);
    }
  }

  onUpdate(peer, u) {
    if (this.recovering || u.view < this.view.number || peer !== this.view.primary) return;
    if (u.seq === this.updateSeq + 1) {
      applyOp(this.service, this.state, u.op);
      this.updateSeq = u.seq;
      this.applied += 1;
      this.dedup.set(`${u.client}:${u.req}`, u.result);
      this.event({ type: 'apply', seq: u.seq, client: u.client, req: u.req, stateHash: stateHash(this.state) });
    }
    // Acks are cumulative: everything up to updateSeq is here (a gap waits for the resend).
    this.send(`r${peer}`, { kind: 'ack', view: this.view.number, seq: this.updateSeq });
  }

  // ---- timers ---------------------------------------------------------------------------

  onTimer(name) {
    if (name === 'recover' && this.recovering) return this.askForState();
    if (name !== 'tick') return;
    this.setTimer('tick', this.config.heartbeatMs);
    if (this.recovering) return;
    const now = this.nowMs();
    const timeout = this.config.failureTimeoutMs;
    if (this.isPrimary()) {
      for (const m of this.view.members) {
        if (m === this.id) continue;
        const silent = now - (this.heard.get(m) ?? now);
        if (silent > timeout) {
          this.event({ type: 'suspect', suspect: m, silentForMs: Math.round(silent * 1000) / 1000 });
          this.install(this.nextViewWithout(m), 'self');
          this.settle();
          return;
        }
        this.send(`r${m}`, { kind: 'heartbeat', view: this.view.number });
        // Resend what this backup has not acknowledged yet.
        for (const [seq, u] of [...this.updates.entries()].sort((a, b) => a[0] - b[0])) if (seq > (this.acked.get(m) ?? 0)) this.send(`r${m}`, u);
      }
    } else {
      const p = this.view.primary;
      const silent = now - (this.heard.get(p) ?? now);
      if (silent > timeout) {
        this.event({ type: 'suspect', suspect: p, silentForMs: Math.round(silent * 1000) / 1000 });
        const view = this.nextViewWithout(p);
        if (view.primary === this.id) this.install(view, 'self');
        else this.heard.set(p, now); // the next primary will announce the view; give it time
      }
    }
  }

  // ---- state transfer -------------------------------------------------------------------

  sendSnapshot(peer) {
    if (!this.view.members.includes(peer)) {
      this.install({ number: this.view.number + 1, primary: this.id, members: [...this.view.members, peer].sort((a, b) => a - b) }, 'self');
    }
    this.acked.set(peer, this.updateSeq);
    this.snapshots += 1;
    const snapshot = {
      id: `r${this.id}#${this.snapshots}@${this.updateSeq}`,
      state: structuredClone(this.state),
      stateHash: stateHash(this.state),
      nextSeq: 0,
      view: this.view,
      updateSeq: this.updateSeq,
      dedup: [...this.dedup.entries()],
    };
    this.event({ type: 'snapshot', to: peer, snapshotId: snapshot.id });
    this.send(`r${peer}`, { kind: 'state-snapshot', snapshot });
  }

  onSnapshot(peer, snapshot) {
    const wasRecovering = this.recovering;
    this.state = snapshot.state;
    this.updateSeq = snapshot.updateSeq;
    this.dedup = new Map(snapshot.dedup);
    this.recovering = false;
    this.setTimer('recover', null);
    this.event({ type: 'state-transfer', from: peer, snapshotId: snapshot.id, stateHash: stateHash(this.state) });
    this.view = snapshot.view;
    const now = this.nowMs();
    for (const m of this.view.members) this.heard.set(m, now);
    this.event({ type: 'view', view: this.view, via: 'peer' });
    if (wasRecovering) this.event({ type: 'role', role: 'backup', view: this.view.number });
  }

  finalState() {
    return { stateHash: stateHash(this.state), applied: this.applied };
  }
}

run((id, config, recovering) => new PbReplica(id, config, recovering));
