/**
 * The cluster picture's fold (picture.ts) on simulated runs: the messages it shows in the
 * air are exactly those the log has sent and not yet delivered or lost, lies are the
 * Byzantine replicas' replies, losses are marked where they happen, and the node states
 * and partitions are the log's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../engine/sim.js';
import type { RunEvent } from '../events.js';
import { PRESETS } from '../presets.js';
import type { Scenario } from '../scenario.js';
import { parseScenario } from '../scenario.js';
import { PictureIndex, convexHull, groupAddresses, hullPath, nodeAtPoint, nodesAlong, nodesAlongStroke, partitionOfDrag, pictureLayout, placeInside, spanAround } from './picture.js';

type DropEvent = Extract<RunEvent, { type: 'drop' }>;

function preset(id: string): Scenario {
  const p = PRESETS.find((x) => x.id === id);
  if (!p) throw new Error(`no preset ${id}`);
  return parseScenario(p.scenario);
}

function example(name: string): Scenario {
  return parseScenario(JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', `${name}.faultlab.json`), 'utf8')));
}

/** The flights in the air at t, read off the log the slow way: sent at or before t, not resolved by t. */
function inAirByHand(events: readonly RunEvent[]): (t: number) => string[] {
  const sent = new Map<number, number>();
  const resolved = new Map<number, number[]>();
  for (const e of events) {
    if (e.type === 'send') sent.set(e.id, e.t);
    if (e.type === 'deliver' || e.type === 'drop') resolved.set(e.id, [...(resolved.get(e.id) ?? []), e.t]);
  }
  return (t) => {
  const out: string[] = [];
  for (const [id, at] of sent) {
    if (at > t) continue;
    const ends = resolved.get(id) ?? [];
    if (ends.length === 0) out.push(`${id}/0`);
    ends.forEach((end, copy) => {
      if (end > t) out.push(`${id}/${copy}`);
    });
  }
  return out.sort();
  };
}

const keys = (index: PictureIndex, t: number): string[] =>
  index
    .frame(t)
    .messages.map((m) => `${m.flight.id}/${m.flight.copy}`)
    .sort();

describe('messages in flight', () => {
  const scenario = preset('default');
  const run = simulate(scenario);
  const index = new PictureIndex(scenario, run.events);

  it('shows exactly the messages sent and not yet delivered or lost, at every moment', () => {
    let nonEmpty = 0;
    const byHandAt = inAirByHand(run.events);
    for (let t = 0; t <= run.endMs; t += 7) {
      const byHand = byHandAt(t);
      expect(keys(index, t), `at ${t} ms`).toEqual(byHand);
      if (byHand.length > 0) nonEmpty += 1;
    }
    expect(nonEmpty).toBeGreaterThan(100);
  });

  it('moves a message from its sender (0) to its receiver (1) between its send and delivery times', () => {
    const send = run.events.find((e): e is Extract<RunEvent, { type: 'send' }> => e.type === 'send' && e.kind === 'ordered')!;
    const deliver = run.events.find((e) => e.type === 'deliver' && e.id === send.id)!;
    expect(deliver.t - send.t).toBeGreaterThan(1);
    const at = (t: number): number | undefined => index.frame(t).messages.find((m) => m.flight.id === send.id)?.progress;
    expect(at(send.t)).toBe(0);
    expect(at((send.t + deliver.t) / 2)).toBeCloseTo(0.5, 5);
    expect(at(deliver.t)).toBeUndefined();
  });

  it('keeps a delivered message on screen for minFlightMs when asked, and never shows it before it is sent', () => {
    const send = run.events.find((e): e is Extract<RunEvent, { type: 'send' }> => e.type === 'send' && e.kind === 'reply')!;
    const frame = index.frame(send.t + 50, { minFlightMs: 100 });
    expect(frame.messages.find((m) => m.flight.id === send.id)?.progress).toBeCloseTo(0.5, 5);
    expect(index.frame(send.t - 1, { minFlightMs: 100 }).messages.some((m) => m.flight.id === send.id)).toBe(false);
  });

  it('gives the same frame folded in batches (a live run) as from the whole log, and after going back in time', () => {
    const growing: RunEvent[] = [];
    const live = new PictureIndex(scenario, growing);
    for (let i = 0; i < run.events.length; i += 113) {
      growing.push(...run.events.slice(i, i + 113));
      live.sync();
    }
    for (const t of [1500, 300, 1200, 700]) {
      expect(keys(live, t)).toEqual(keys(index, t));
      expect(live.frame(t).nodes).toEqual(new PictureIndex(scenario, run.events).frame(t).nodes);
    }
  });

  it('steps to the next delivery and the next event exactly', () => {
    const t = index.nextDeliveryAfter(600)!;
    const first = run.events.find((e) => e.type === 'deliver' && e.t > 600)!;
    expect(t).toBe(first.t);
    expect(index.nextEventAfter(600)).toBe(run.events.find((e) => e.t > 600)!.t);
    expect(index.nextDeliveryAfter(run.endMs + 1)).toBeNull();
  });

  it('draws per-edge loads instead of dots above maxDots', () => {
    const t = 800;
    const full = index.frame(t);
    expect(full.inAir).toBeGreaterThan(2);
    const capped = index.frame(t, { maxDots: 2 });
    expect(capped.messages).toEqual([]);
    expect(capped.load.reduce((s, e) => s + e.count, 0)).toBe(full.inAir);
  });
});

describe('lies', () => {
  it('marks replica 3’s replies as lies once it turns Byzantine at 500 ms, and no one else’s', () => {
    const scenario = preset('default');
    const run = simulate(scenario);
    const index = new PictureIndex(scenario, run.events);
    const seen = { before: 0, lies: 0, honestAfter: 0 };
    for (let t = 0; t <= run.endMs; t += 1) {
      for (const m of index.frame(t).messages) {
        if (m.flight.kind !== 'reply') continue;
        if (m.look === 'lie') {
          expect(m.flight.from).toBe('r3');
          expect(m.flight.sendT).toBeGreaterThanOrEqual(500);
          seen.lies += 1;
        } else if (m.flight.sendT < 500) seen.before += 1;
        else seen.honestAfter += 1;
      }
    }
    expect(seen.lies).toBeGreaterThan(0);
    expect(seen.before).toBeGreaterThan(0);
    expect(seen.honestAfter).toBeGreaterThan(0);
  });

  it('shows the honest replica’s replies as outvoted when two colluding liars win the vote', () => {
    const scenario = example('why-2k-plus-1-two-liars');
    const run = simulate(scenario);
    const index = new PictureIndex(scenario, run.events);
    const looks = new Map<string, Set<string>>();
    for (let t = 0; t <= run.endMs; t += 1) {
      for (const m of index.frame(t).messages) {
        if (m.flight.kind !== 'reply') continue;
        looks.set(m.flight.from, (looks.get(m.flight.from) ?? new Set()).add(m.look));
      }
    }
    expect([...(looks.get('r2') ?? [])]).toEqual(['lie']);
    expect([...(looks.get('r3') ?? [])]).toEqual(['lie']);
    expect(looks.get('r1')?.has('outvoted')).toBe(true);
    expect(looks.get('r1')?.has('lie')).toBe(false);
  });
});

describe('losses, crashes and partitions', () => {
  it('after the primary crashes: messages to it are lost at it, it is greyed, and the backup is crowned', () => {
    const scenario = preset('primary-crash');
    const run = simulate(scenario);
    const index = new PictureIndex(scenario, run.events);
    expect(index.frame(900).nodes.find((n) => n.replica === 1)?.standing).toBe('primary');
    const crashedDrop = run.events.find((e): e is DropEvent => e.type === 'drop' && e.reason === 'crashed' && e.to === 'r1')!;
    const marks = index.frame(crashedDrop.t).lost.filter((l) => l.flight.id === crashedDrop.id);
    expect(marks.map((m) => m.at)).toEqual([0.92]);
    expect(index.frame(crashedDrop.t + 1000).lost.some((l) => l.flight.id === crashedDrop.id)).toBe(false);
    const after = index.frame(run.endMs);
    expect(after.nodes.find((n) => n.replica === 1)?.status).toBe('crashed');
    expect(after.nodes.find((n) => n.replica === 2)?.standing).toBe('primary');
  });

  it('draws the partition in force, marks messages it cuts at their sender, and shows a cut-off primary serving on as a second primary without fencing', () => {
    const scenario = example('split-brain');
    const run = simulate(scenario);
    const index = new PictureIndex(scenario, run.events);
    expect(index.frame(400).partition).toBeNull();
    expect(index.frame(1000).partition).toEqual([[1, 'client-1'], [2, 3, 'client-2']]);
    expect(index.frame(1600).partition).toBeNull();
    const cut = run.events.find((e): e is DropEvent => e.type === 'drop' && e.reason === 'partition')!;
    expect(index.frame(cut.t).lost.find((l) => l.flight.id === cut.id)?.at).toBe(0.12);
    const standings = index.frame(1400).nodes.map((n) => n.standing);
    expect(standings.filter((s) => s === 'primary')).toHaveLength(1);
    expect(standings).toContain('rival');
  });

  it('calls an old-view primary deposed (not a rival) when fencing stops it from serving', () => {
    const scenario = example('split-brain-fencing');
    const run = simulate(scenario);
    const index = new PictureIndex(scenario, run.events);
    for (let t = 0; t <= run.endMs; t += 10) expect(index.frame(t).nodes.some((n) => n.standing === 'rival'), `at ${t}`).toBe(false);
  });
});

describe('layout', () => {
  it('puts clients left, the front end in the middle and replicas right, all inside the picture', () => {
    const l = pictureLayout(preset('default'));
    const x = (a: string): number => l.at.get(a as never)!.x;
    expect(x('c1')).toBeLessThan(x('sequencer'));
    expect(x('sequencer')).toBeLessThan(Math.min(x('r1'), x('r2'), x('r3')));
    for (const p of l.at.values()) {
      expect(p.x).toBeGreaterThan(20);
      expect(p.x).toBeLessThan(l.width - 20);
      expect(p.y).toBeGreaterThan(20);
      expect(p.y).toBeLessThan(l.height - 20);
    }
    expect(pictureLayout(preset('primary-crash')).middle).toBe('arbiter');
    // Seven replicas still fit, with room above the top one for its crown.
    const wide = pictureLayout({ scheme: 'primary-backup', replicas: 7, workload: { clients: 5 } });
    for (const p of wide.at.values()) {
      expect(p.y).toBeGreaterThanOrEqual(40 - 1e-9);
      expect(p.y).toBeLessThanOrEqual(wide.height - 40 + 1e-9);
    }
  });

  it('names a partition group’s nodes and draws a hull around them, pad away from each', () => {
    expect(groupAddresses([1, 'client-2'], 2)).toEqual(['r1', 'c2']);
    expect(groupAddresses([2, 'clients'], 2)).toEqual(['r2', 'c1', 'c2', 'sequencer']);
    const square = [{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 10 }, { x: 0, y: 10 }, { x: 5, y: 5 }];
    expect(convexHull(square)).toHaveLength(4);
    const coords = hullPath(square, 3).match(/-?\d+(\.\d+)?/g)!.map(Number);
    // Every point the path passes through lies outside the square.
    const pts: [number, number][] = [];
    const path = hullPath(square, 3);
    for (const m of path.matchAll(/[ML] (-?[\d.]+) (-?[\d.]+)/g)) pts.push([Number(m[1]), Number(m[2])]);
    expect(pts.length).toBeGreaterThan(3);
    for (const [px, py] of pts) expect(px < 0 || px > 10 || py < 0 || py > 10).toBe(true);
    expect(coords.length).toBeGreaterThan(8);
  });
});

describe('a message’s details and its place in the log', () => {
  it('points each flight at its send and its deliver or drop event, and ties requests, orders and replies to the client request they carry', () => {
    const scenario = example('why-2k-plus-1-two-liars');
    const run = simulate(scenario);
    const index = new PictureIndex(scenario, run.events);
    const ev = run.events;
    let checked = 0;
    for (let i = 0; i < ev.length; i++) {
      const e = ev[i]!;
      if (e.type !== 'send') continue;
      const f = index.flightOf(e.id)!;
      expect(f.sendIndex).toBe(i);
      if (f.endIndex !== null) {
        const end = ev[f.endIndex]!;
        expect(end.type === 'deliver' || end.type === 'drop').toBe(true);
        expect((end as DropEvent).id).toBe(e.id);
      }
      checked += 1;
    }
    expect(checked).toBeGreaterThan(100);
    // The first request of client 1: its request, the three ordered copies and the three replies all name c1#1.
    const first = [1, 2, 3, 4, 5, 6, 7].map((id) => index.flightOf(id)!);
    expect(first.map((f) => f.kind)).toEqual(['request', 'ordered', 'ordered', 'ordered', 'reply', 'reply', 'reply']);
    for (const f of first) expect(f.request, `#${f.id}`).toEqual({ client: 1, req: 1 });
    // Heartbeats carry no request.
    const heartbeats = ev.filter((e) => e.type === 'send' && e.kind === 'heartbeat');
    for (const h of heartbeats) expect(index.flightOf((h as DropEvent).id)!.request).toBeNull();
  });

  it('gives a primary-backup reply the value its client accepted', () => {
    const scenario = example('pb-request-loss-retry');
    const run = simulate(scenario);
    const index = new PictureIndex(scenario, run.events);
    const accept = run.events.find((e) => e.type === 'accept')!;
    if (accept.type !== 'accept') throw new Error('no accept');
    const reply = run.events.find((e) => e.type === 'deliver' && e.kind === 'reply' && e.t === accept.t && e.to === `c${accept.client}`) as DropEvent;
    const f = index.flightOf(reply.id)!;
    expect(f.accepted).toEqual({ value: accept.value });
    expect(f.request).toEqual({ client: accept.client, req: accept.req });
  });
});

describe('steering: the partition a drag draws', () => {
  const l = pictureLayout(preset('default'));
  const p = (a: string) => l.at.get(a as never)!;

  it('finds the node under the pointer and the nodes a stroke crosses, in order', () => {
    expect(nodeAtPoint(l, p('r1'))).toBe('r1');
    expect(nodeAtPoint(l, { x: p('r1').x + 10, y: p('r1').y - 10 })).toBe('r1');
    expect(nodeAtPoint(l, { x: 2, y: 2 })).toBeNull();
    expect(nodesAlong(l, p('r1'), p('r2'))).toEqual(['r1', 'r2']);
    // The chord from r1 to r3 passes inside the arc, clear of r2.
    expect(nodesAlong(l, p('r1'), p('r3'))).toEqual(['r1', 'r3']);
    expect(nodesAlong(l, p('r3'), p('r2'))).toEqual(['r3', 'r2']);
  });

  it('cuts the crossed replicas off from the rest, as the editor does with them in group A', () => {
    expect(partitionOfDrag(['r1'], 3)).toEqual([[1], [2, 3, 'clients']]);
    expect(partitionOfDrag(['r3', 'r1', 'r3'], 3)).toEqual([[1, 3], [2, 'clients']]);
    // Crossing a client or the sequencer takes the clients' side along.
    expect(partitionOfDrag(['c1', 'r2'], 3)).toEqual([[2, 'clients'], [1, 3]]);
    expect(partitionOfDrag(['sequencer'], 3)).toEqual([['clients'], [1, 2, 3]]);
    // Nothing to cut: every replica and the clients on one side, or nothing crossed.
    expect(partitionOfDrag(['r1', 'r2', 'r3', 'c2'], 3)).toBeNull();
    expect(partitionOfDrag([], 3)).toBeNull();
    // Every replica crossed, the clients not: the clients are cut off from all of them.
    expect(partitionOfDrag(['r1', 'r2', 'r3'], 3)).toEqual([[1, 2, 3], ['clients']]);
  });

  it('follows a bent stroke: every node it passes over, once each, in the order met', () => {
    const mid = { x: (p('r1').x + p('r3').x) / 2 - 60, y: (p('r1').y + p('r3').y) / 2 };
    // r1 down to a point left of r2, then on to r3: r2 is not crossed.
    expect(nodesAlongStroke(l, [p('r1'), mid, p('r3')])).toEqual(['r1', 'r3']);
    // Through r2 on the way, and back over r1 again: r1 counts once.
    expect(nodesAlongStroke(l, [p('r1'), p('r2'), p('r3'), p('r1')])).toEqual(['r1', 'r2', 'r3']);
    expect(nodesAlongStroke(l, [p('r2')])).toEqual(['r2']);
    expect(nodesAlongStroke(l, [])).toEqual([]);
    expect(partitionOfDrag(nodesAlongStroke(l, [{ x: p('r1').x + 40, y: p('r1').y }, p('r1'), { x: p('r1').x - 40, y: p('r1').y }]), 3)).toEqual([[1], [2, 3, 'clients']]);
  });
});

describe('a picked message: its details box and the diagram span around it', () => {
  const bounds = { width: 800, height: 400 };
  const size = { width: 200, height: 100 };

  it('puts the details below right of the pointer, flipped or pushed in so that they stay inside', () => {
    expect(placeInside({ x: 100, y: 100 }, size, bounds)).toEqual({ x: 112, y: 112 });
    // Near the right edge: to the left of the pointer; near the bottom: above it.
    expect(placeInside({ x: 700, y: 100 }, size, bounds)).toEqual({ x: 488, y: 112 });
    expect(placeInside({ x: 100, y: 350 }, size, bounds)).toEqual({ x: 112, y: 238 });
    // Fits on neither side: pushed against the edge it would cross.
    expect(placeInside({ x: 150, y: 60 }, { width: 200, height: 380 }, bounds)).toEqual({ x: 162, y: 0 });
    expect(placeInside({ x: 5, y: 5 }, { width: 900, height: 500 }, bounds)).toEqual({ x: 0, y: 0 });
    for (const a of [{ x: 0, y: 0 }, { x: 800, y: 400 }, { x: 400, y: 390 }, { x: 795, y: 3 }]) {
      const at = placeInside(a, size, bounds);
      expect(at.x).toBeGreaterThanOrEqual(0);
      expect(at.y).toBeGreaterThanOrEqual(0);
      expect(at.x + size.width).toBeLessThanOrEqual(bounds.width);
      expect(at.y + size.height).toBeLessThanOrEqual(bounds.height);
    }
  });

  it('draws the message with its own length again on either side, at least 10 ms, within the run', () => {
    expect(spanAround({ sendT: 100, endT: 102 }, 2000)).toEqual({ from: 90, to: 112 });
    expect(spanAround({ sendT: 100, endT: 150 }, 2000)).toEqual({ from: 50, to: 200 });
    expect(spanAround({ sendT: 3, endT: 5 }, 2000)).toEqual({ from: 0, to: 15 });
    expect(spanAround({ sendT: 1995, endT: 1998 }, 2000)).toEqual({ from: 1985, to: 2000 });
    // Still in the air when the log ends: drawn to the end.
    expect(spanAround({ sendT: 1990, endT: null }, 2000)).toEqual({ from: 1980, to: 2000 });
    const real = spanAround({ sendT: 100.123, endT: 101.456 }, 2000);
    expect(real.from).toBeLessThanOrEqual(90.123);
    expect(real.to).toBeGreaterThanOrEqual(111.456);
  });
});
