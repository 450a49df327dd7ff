#!/usr/bin/env node
// A state-machine replica for Fault Lab (scheme "state-machine"), in JavaScript.
//
// The sequencer orders every client request and sends it to every replica as an "ordered"
// message; a replica executes them strictly in sequence order and replies to the client,
// whose voter compares the replies. A replica that sees a gap asks the sequencer to resend
// it ("fetch"). A restarted replica starts empty ("recovering") and takes a snapshot of the
// state from its peers: k+1 agreeing ones under arbitrary failures, any one under fail-stop.
//
// Run it in the lab:  npx faultlab run --replica-cmd "node examples/replicas/javascript/smr-replica.mjs"
/* global structuredClone */
import { Replica, applyOp, initialState, run, stateHash } from './faultlab-replica.mjs';

class SmrReplica extends Replica {
  constructor(id, config, recovering) {
    super(id, config, recovering);
    this.service = config.service;
    this.state = initialState(this.service);
    this.nextSeq = 1;
    this.applied = 0;
    this.pending = new Map(); // seq -> ordered message, waiting for its turn
    this.replies = new Map(); // seq -> [client, req, value], for retries of executed requests
    this.offers = new Map(); // "hash@nextSeq" -> { snapshot, from: Set }
    this.snapshots = 0;
  }

  threshold() {
    return this.config.failureModel === 'arbitrary' ? this.config.k + 1 : 1;
  }

  onStart() {
    this.event({ type: 'role', role: this.recovering ? 'recovering' : 'replica', view: 0 });
    if (this.recovering) this.askForState();
  }

  askForState() {
    for (let r = 1; r <= this.config.n; r++) if (r !== this.id) this.send(`r${r}`, { kind: 'state-request' });
    this.setTimer('recover', this.config.smrRecoverRetryMs);
  }

  onMessage(from, msg) {
    const peer = from.startsWith('r') ? Number(from.slice(1)) : null;
    if (msg.kind === 'ordered' && from === 'sequencer') this.onOrdered(msg);
    else if (msg.kind === 'watermark' && from === 'sequencer') {
      if (!this.recovering && msg.nextSeq > this.nextSeq) this.requestGap(msg.nextSeq - 1);
    } else if (msg.kind === 'state-request' && peer !== null && !this.recovering) this.sendSnapshot(peer);
    else if (msg.kind === 'state-snapshot' && peer !== null && this.recovering) this.onSnapshot(peer, msg.snapshot);
  }

  onTimer(name) {
    if (name === 'recover' && this.recovering) this.askForState();
    else if (name === 'fetch' && !this.recovering && this.pending.size > 0) this.requestGap(this.lowestPending() - 1);
  }

  lowestPending() {
    return Math.min(...this.pending.keys());
  }

  onOrdered(e) {
    if (e.seq < this.nextSeq) {
      const cached = this.replies.get(e.seq);
      if (cached) this.reply(...cached);
      return;
    }
    this.pending.set(e.seq, e);
    if (this.recovering) return;
    this.drain();
    if (this.pending.size > 0) this.requestGap(this.lowestPending() - 1);
  }

  requestGap(toSeq) {
    if (toSeq < this.nextSeq) return;
    this.send('sequencer', { kind: 'fetch', fromSeq: this.nextSeq, toSeq });
    this.setTimer('fetch', this.config.smrFetchRetryMs);
  }

  reply(client, req, value) {
    this.send(`c${client}`, { kind: 'reply', client, req, value, view: 0 });
  }

  drain() {
    for (let e = this.pending.get(this.nextSeq); e; e = this.pending.get(this.nextSeq)) {
      this.pending.delete(e.seq);
      const value = applyOp(this.service, this.state, e.op);
      this.nextSeq += 1;
      this.applied += 1;
      this.event({ type: 'apply', seq: e.seq, client: e.client, req: e.req, stateHash: stateHash(this.state) });
      this.replies.set(e.seq, [e.client, e.req, value]);
      if (this.replies.size > 4096) this.replies.delete(this.replies.keys().next().value);
      this.reply(e.client, e.req, value);
    }
    if (this.pending.size === 0) this.setTimer('fetch', null);
  }

  sendSnapshot(peer) {
    this.snapshots += 1;
    const snapshot = {
      id: `r${this.id}#${this.snapshots}@${this.nextSeq}`,
      state: structuredClone(this.state), // a copy: the state moves on
      stateHash: stateHash(this.state),
      nextSeq: this.nextSeq,
      view: null,
      updateSeq: 0,
      dedup: [],
    };
    this.event({ type: 'snapshot', to: peer, snapshotId: snapshot.id });
    this.send(`r${peer}`, { kind: 'state-snapshot', snapshot });
  }

  onSnapshot(peer, snapshot) {
    const key = `${snapshot.stateHash}@${snapshot.nextSeq}`;
    const offer = this.offers.get(key) ?? { snapshot, from: new Set() };
    offer.from.add(peer);
    this.offers.set(key, offer);
    if (offer.from.size < this.threshold()) return;
    this.state = snapshot.state;
    this.nextSeq = snapshot.nextSeq;
    this.recovering = false;
    this.offers.clear();
    this.setTimer('recover', null);
    this.event({ type: 'state-transfer', from: peer, snapshotId: snapshot.id, stateHash: stateHash(this.state) });
    this.event({ type: 'role', role: 'replica', view: 0 });
    for (const s of [...this.pending.keys()]) if (s < this.nextSeq) this.pending.delete(s);
    this.drain();
    if (this.pending.size > 0) this.requestGap(this.lowestPending() - 1);
  }

  finalState() {
    return { stateHash: stateHash(this.state), applied: this.applied };
  }
}

run((id, config, recovering) => new SmrReplica(id, config, recovering));
