import { describe, expect, it } from 'vitest';
import { Simulation } from '../engine/sim.js';
import { PRESETS } from '../presets.js';
import type { Scenario } from '../scenario.js';
import { parseScenario } from '../scenario.js';
import { lab } from '../testing/story.js';
import { checkReplicaMessage } from './wire.js';

/** Every output the replica cores produce in a run, as it would cross the IPC channel (JSON). */
function outputsOf(scenario: Scenario): { id: number; raw: unknown }[] {
  const sim = new Simulation(scenario);
  const seen: { id: number; raw: unknown }[] = [];
  const original = sim.engine.onReplicaOutput.bind(sim.engine);
  sim.engine.onReplicaOutput = (id, out) => {
    seen.push({ id, raw: JSON.parse(JSON.stringify({ type: 'output', sends: out.sends, events: out.events })) });
    original(id, out);
  };
  sim.start();
  sim.advanceTo();
  sim.finish();
  return seen;
}

describe('checking what a replica process sends', () => {
  const scenarios: [string, Scenario][] = [
    ...PRESETS.map((p): [string, Scenario] => [p.id, parseScenario(p.scenario)]),
    ['state-machine kv restart', lab('state-machine', 'arbitrary', { service: 'kv' }).replica(1).crashes().at(500).replica(1).restarts().at(900).scenario()],
    ['raft kv leader crash and restart', lab('raft', 'fail-stop', { service: 'kv' }).replica(2).crashes().at(500).replica(2).restarts().at(900).scenario()],
    ['pbft kv silent primary (a view change)', lab('pbft', 'arbitrary', { service: 'kv' }).replica(1).behaves('silent').at(500).scenario()],
    ['primary-backup bank restart', lab('primary-backup', 'fail-stop', { k: 2, service: 'bank' }).replica(1).crashes().at(500).replica(1).restarts().at(1000).scenario()],
  ];

  it('accepts everything the protocol cores send, in every preset and exercise scenario', () => {
    let checked = 0;
    const kinds = new Set<string>();
    for (const [name, scenario] of scenarios) {
      for (const { id, raw } of outputsOf(scenario)) {
        const r = checkReplicaMessage(id, raw);
        if (!r.ok) throw new Error(`${name}: replica ${id}: ${r.reason}`);
        if (r.value.type === 'output') for (const s of r.value.sends) kinds.add(s.msg.kind);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(1000);
    // Every scheme's messages were exercised, state transfer and Raft's elections included.
    for (const k of ['reply', 'update', 'ack', 'heartbeat', 'state-request', 'state-snapshot', 'fetch', 'request-vote', 'vote-reply', 'append-entries', 'append-reply', 'redirect', 'pre-prepare', 'prepare', 'commit', 'pbft-view-change', 'new-view']) expect(kinds).toContain(k);
  });

  it('hands back the message itself, not a copy', () => {
    const raw = { type: 'output', sends: [{ to: 'c1', msg: { kind: 'reply', client: 1, req: 3, value: 7, view: 0 } }], events: [] };
    const r = checkReplicaMessage(2, raw);
    expect(r.ok && r.value).toBe(raw);
  });

  const reply = (patch: Record<string, unknown>): unknown => ({ type: 'output', sends: [{ to: 'c1', msg: { kind: 'reply', client: 1, req: 3, value: 7, view: 0, ...patch } }], events: [] });
  const deep = (levels: number): unknown => (levels === 0 ? 1 : [deep(levels - 1)]);
  const garbage: [string, unknown, RegExp][] = [
    ['a bare string', 'not an object', /^message: expected an object, got a string/],
    ['an unknown message type', { type: 'teleport', to: 'r1' }, /^type: unknown type "teleport"/],
    ['sends that are not a list', { type: 'output', sends: 'everything', events: [] }, /^sends: expected an array, got a string/],
    ['an unknown message kind', { type: 'output', sends: [{ to: 'r1', msg: { kind: 'self-destruct' } }], events: [] }, /^sends\.0\.msg\.kind: unknown kind "self-destruct"/],
    ['a client number out of range', reply({ client: 0 }), /^sends\.0\.msg\.client: expected an integer from 1 to 1000, got 0/],
    ['a fractional request number', reply({ req: 1.5 }), /^sends\.0\.msg\.req: expected an integer/],
    ['a missing field', { type: 'output', sends: [{ to: 'c1', msg: { kind: 'reply', client: 1, req: 3, value: 7 } }], events: [] }, /^sends\.0\.msg\.view: missing/],
    ['an extra field', reply({ admin: true }), /^sends\.0\.msg: unexpected key "admin"/],
    ['a value that is not finite JSON', { type: 'output', sends: [{ to: 'c1', msg: { kind: 'reply', client: 1, req: 3, value: { x: null }, view: 0 } }], events: [{ type: 'apply', replica: 2, seq: 1, client: 1, req: 1, stateHash: 7 }] }, /^events\.0\.stateHash: expected a string, got a number/],
    ['JSON nested too deep', reply({ value: deep(9) }), /^sends\.0\.msg\.value: not a bounded JSON value/],
    ['a 50 MB payload', reply({ value: 'x'.repeat(50 * 1024 * 1024) }), /^sends\.0\.msg\.value: not a bounded JSON value/],
    ['an address that is not one', { type: 'output', sends: [{ to: '../../etc', msg: { kind: 'state-request' } }], events: [] }, /^sends\.0\.to: not an address: "..\/..\/etc"/],
    ['an unknown role', { type: 'output', sends: [], events: [{ type: 'role', replica: 2, role: 'king', view: 0 }] }, /^events\.0\.role: expected one of primary, backup, recovering, replica, leader, follower, candidate, got "king"/],
    ['a Raft vote that is not a boolean', { type: 'output', sends: [{ to: 'r1', msg: { kind: 'vote-reply', term: 2, granted: 'yes' } }], events: [] }, /^sends\.0\.msg\.granted: expected true or false/],
    ['a Raft entry with a forged op', { type: 'output', sends: [{ to: 'r1', msg: { kind: 'append-entries', term: 2, prevLogIndex: 0, prevLogTerm: 0, entries: [{ term: 2, client: 1, req: 1, op: { type: 'rm-rf' } }], leaderCommit: 0 } }], events: [] }, /^sends\.0\.msg\.entries\.0\.op\.type: unknown type/],
    ['a Raft reply with a negative term', { type: 'output', sends: [{ to: 'r1', msg: { kind: 'append-reply', term: -1, success: true, index: 0 } }], events: [] }, /^sends\.0\.msg\.term: expected an integer from 0/],
    ['a negative CPU time', { type: 'cpu', userMs: -1, systemMs: 0 }, /^userMs: expected a number of at least 0/],
    ['an object with a foreign prototype', Object.assign(Object.create({ polluted: true }) as object, { type: 'ready' }), /^message: expected an object/],
    ['a forged event from another replica', { type: 'output', sends: [], events: [{ type: 'apply', replica: 1, seq: 1, client: 1, req: 1, stateHash: 'h' }] }, /^event apply claims to come from replica 1$/],
  ];
  for (const [name, raw, reason] of garbage) {
    it(`rejects ${name}, saying where and why`, () => {
      const r = checkReplicaMessage(2, raw);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(reason);
    });
  }

  it('rejects too many items in one message', () => {
    const sends = Array.from({ length: 10_001 }, () => ({ to: 'sequencer', msg: { kind: 'fetch', fromSeq: 1, toSeq: 2 } }));
    const r = checkReplicaMessage(2, { type: 'output', sends, events: [] });
    expect(r.ok ? '' : r.reason).toMatch(/^sends: more than 10000 items \(10001\)/);
  });
});
