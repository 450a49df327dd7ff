/**
 * The lecture's table, claim by claim, as stories over the simulator. Each story is a
 * scenario a student could open in the app; each assertion is what they would see.
 */
import { describe, expect, it } from 'vitest';
import { lab } from './testing/story.js';

describe('state-machine replication: voting', () => {
  it('2k+1 replicas mask k colluding liars (k = 1)', () => {
    const run = lab('state-machine', 'arbitrary', { k: 1 }).replica(3).behaves('collude').at(0).simulate();
    expect(run.summary.linearizability.linearizable).toBe(true);
    expect(run.summary.n).toBe(3);
    expect(run.requests.answeredWrong).toBe(0);
    expect(run.requests.answeredCorrect).toBe(run.requests.issued);
    expect(run.summary.votes.wrongDecided).toBe(0);
  });

  it('2k+1 replicas mask k colluding liars (k = 2)', () => {
    const run = lab('state-machine', 'arbitrary', { k: 2, service: 'bank' }).replica(4).behaves('collude').at(0).replica(5).behaves('collude').at(0).simulate();
    expect(run.summary.n).toBe(5);
    expect(run.requests.answeredWrong).toBe(0);
    expect(run.requests.answeredCorrect).toBe(run.requests.issued);
  });

  it('k+1 colluding liars win the vote: wrong values are accepted', () => {
    const run = lab('state-machine', 'arbitrary', { k: 1 }).replica(2).behaves('collude').at(0).replica(3).behaves('collude').at(0).simulate();
    expect(run.requests.answeredWrong).toBe(run.requests.issued);
    expect(run.summary.votes.wrongDecided).toBe(run.requests.issued);
  });

  it('two liars that disagree leave requests undecided but never wrong', () => {
    const run = lab('state-machine', 'arbitrary', { k: 1 }).replica(2).behaves('lie').at(0).replica(3).behaves('lie').at(0).simulate();
    expect(run.requests.answeredWrong).toBe(0);
    expect(run.requests.undecided).toBeGreaterThan(0);
    expect(run.requests.undecided + run.requests.answeredCorrect).toBe(run.requests.issued);
  });

  it('fewer replicas than 2k+1 let one liar block every vote (n = 2k)', () => {
    const run = lab('state-machine', 'arbitrary', { k: 1, replicas: 2 }).replica(2).behaves('lie').at(0).simulate();
    expect(run.requests.answeredWrong).toBe(0);
    expect(run.requests.answeredCorrect).toBe(0);
    expect(run.requests.undecided).toBe(run.requests.issued);
  });

  it('fail-stop with k+1 replicas survives a crash with nothing lost', () => {
    const run = lab('state-machine', 'fail-stop', { k: 1 }).replica(1).crashes().at(500).simulate();
    expect(run.summary.n).toBe(2);
    expect(run.requests.lost).toBe(0);
    expect(run.requests.answeredWrong).toBe(0);
    expect(run.requests.answeredCorrect).toBe(run.requests.issued);
  });

  it('a restarted replica recovers its state from live ones and ends in step', () => {
    const run = lab('state-machine', 'arbitrary', { k: 1, service: 'kv' }).replica(1).crashes().at(500).replica(1).restarts().at(900).simulate();
    expect(run.count('state-transfer')).toBeGreaterThan(0);
    expect(run.summary.divergence.diverged).toBe(false);
    expect(new Set(Object.values(run.summary.divergence.stateHashes)).size).toBe(1);
  });

  it('records every vote: who replied what, the threshold, the decision', () => {
    const run = lab('state-machine', 'arbitrary', { k: 1 }).replica(3).behaves('lie').at(0).simulate();
    const votes = run.events.filter((e) => e.type === 'vote');
    expect(votes.length).toBeGreaterThanOrEqual(2 * run.requests.issued);
    const v = votes.find((e) => e.type === 'vote' && e.decision === 'accepted');
    expect(v).toMatchObject({ threshold: 2 });
  });
});

describe('primary-backup: failover', () => {
  it('loses requests when the primary crashes and clients do not retry', () => {
    const run = lab('primary-backup', 'fail-stop', { k: 1 }).timing({ clientRetries: 0 }).replica(1).crashes().at(1000).simulate();
    expect(run.requests.lost).toBeGreaterThan(0);
    expect(run.requests.answeredWrong).toBe(0);
    expect(run.summary.failovers).toHaveLength(1);
    expect(run.summary.failovers[0]).toMatchObject({ from: 1, to: 2 });
  });

  it('with retries and dedup loses nothing and executes nothing twice', () => {
    const run = lab('primary-backup', 'fail-stop', { k: 1 }).replica(1).crashes().at(1004).simulate();
    expect(run.requests.lost).toBe(0);
    expect(run.requests.executedTwice).toBe(0);
    expect(run.requests.answeredWrong).toBe(0);
    expect(run.requests.answeredCorrect).toBe(run.requests.issued);
  });

  it('with retries but without dedup can execute a request twice', () => {
    const run = lab('primary-backup', 'fail-stop', { k: 1 }).options({ dedup: false }).replica(1).crashes().at(1004).simulate();
    expect(run.requests.executedTwice).toBeGreaterThan(0);
    // Every later counter value is off by the extra execution.
    expect(run.requests.answeredWrong).toBeGreaterThan(0);
  });

  it('measures detection and unavailability of a failover', () => {
    const run = lab('primary-backup', 'fail-stop', { k: 1 }).timing({ heartbeatMs: 50, failureTimeoutMs: 200 }).replica(1).crashes().at(1000).simulate();
    const f = run.summary.failovers[0];
    expect(f).toBeDefined();
    // Suspicion needs failureTimeoutMs of silence, checked every heartbeat.
    expect(f!.detectMs).toBeGreaterThanOrEqual(200);
    expect(f!.detectMs).toBeLessThanOrEqual(200 + 50 + 3);
    expect(f!.unavailableMs).toBeGreaterThanOrEqual(f!.detectMs);
  });

  it('a lying primary goes unnoticed: wrong answers, no failover', () => {
    const run = lab('primary-backup', 'fail-stop', { k: 1 }).replica(1).behaves('lie').at(0).simulate();
    expect(run.requests.answeredWrong).toBe(run.requests.issued);
    expect(run.summary.failovers).toHaveLength(0);
    expect(run.count('suspect')).toBe(0);
  });

  it('a partition without fencing gives split brain, and a history that is not linearizable', () => {
    const run = lab('primary-backup', 'fail-stop', { k: 2 }).options({ fencing: false }).partition([1, 'client-1'], [2, 3, 'client-2']).at(500).heal().at(1500).simulate();
    expect(run.summary.splitBrain).toBe(true);
    expect(run.summary.linearizability).toMatchObject({ checked: true, linearizable: false });
    expect(run.requests.answeredWrong).toBeGreaterThan(0);
    expect(run.summary.divergence.diverged).toBe(true);
  });

  it('the same partition with fencing gives no split brain, and a linearizable history', () => {
    const run = lab('primary-backup', 'fail-stop', { k: 2 }).partition([1, 'client-1'], [2, 3, 'client-2']).at(500).heal().at(1500).simulate();
    expect(run.summary.splitBrain).toBe(false);
    expect(run.summary.linearizability.linearizable).toBe(true);
    expect(run.requests.answeredWrong).toBe(0);
    expect(run.summary.divergence.diverged).toBe(false);
  });

  it('a long pause of the primary without fencing gives split brain; with fencing it does not', () => {
    const story = (fencing: boolean) => lab('primary-backup', 'fail-stop', { k: 1 }).options({ fencing }).replica(1).pauses().at(500).replica(1).resumes().at(1000).simulate();
    expect(story(false).summary.splitBrain).toBe(true);
    const fenced = story(true);
    expect(fenced.summary.splitBrain).toBe(false);
    expect(fenced.requests.answeredWrong).toBe(0);
    expect(fenced.count('fenced')).toBeGreaterThan(0);
  });

  it('a primary paused with updates in flight answers no one once its lease has run out', () => {
    const busy = { workload: { clients: 4, ratePerSecond: 200, durationMs: 2000 }, timing: { networkDelayMs: [5, 10] as [number, number] } };
    const run = lab('primary-backup', 'fail-stop', busy).replica(1).pauses().at(1003).replica(1).resumes().at(1600).simulate();
    const lateCommits = run.events.filter((e) => e.type === 'commit' && e.replica === 1 && e.t >= 1003);
    expect(lateCommits).toEqual([]);
    expect(run.summary.splitBrain).toBe(false);
    expect(run.requests.answeredWrong).toBe(0);
    expect(run.requests.lost).toBe(0);
  });

  it('a restarted primary rejoins as a backup from the new primary\'s state', () => {
    const run = lab('primary-backup', 'fail-stop', { k: 2, service: 'bank' }).replica(1).crashes().at(500).replica(1).restarts().at(1000).simulate();
    expect(run.requests.lost).toBe(0);
    expect(run.requests.answeredWrong).toBe(0);
    expect(run.summary.divergence.diverged).toBe(false);
    expect(run.summary.divergence.stateHashes['1']).not.toBeNull();
  });

  it('a timeout shorter than the network delay causes false suspicion and needless failover', () => {
    const run = lab('primary-backup', 'fail-stop', { k: 1 }).timing({ heartbeatMs: 20, failureTimeoutMs: 30 }).replica(1).isDelayedBy(40).at(800, 1200).simulate();
    expect(run.summary.failovers.length).toBeGreaterThan(0);
    expect(run.count('process')).toBe(2); // no replica ever crashed: the suspicion was false
  });

  it('a replica that joins while updates are in flight must have them before they commit (found by the property test, seed -449360090)', () => {
    // Replica 1 rejoins under primary 2; an update committed during the join must reach it,
    // since it becomes a member and, once primary 2 crashes, is elected primary.
    const run = lab('primary-backup', 'fail-stop', { k: 2, service: 'kv', seed: 356065033, workload: { clients: 2, ratePerSecond: 145, durationMs: 407 } })
      .timing({ networkDelayMs: [1, 3], heartbeatMs: 50, failureTimeoutMs: 200, clientTimeoutMs: 400, clientRetries: 3 })
      .replica(1).crashes().at(0)
      .replica(1).restarts().at(76)
      .replica(1).isDelayedBy(23, 7).at(2, 93)
      .replica(2).isDelayedBy(10, 6).at(158, 207)
      .replica(2).crashes().at(227)
      .replica(2).restarts().at(277)
      .simulate();
    expect(run.summary.failovers.length).toBe(2);
    expect(run.requests.answeredWrong, run.describe()).toBe(0);
    expect(run.summary.linearizability.linearizable, run.describe()).toBe(true);
  });

  it("a backup's lost acks are made good by its next ones: updates are not sent again for them", () => {
    const run = lab('primary-backup', 'fail-stop', { k: 1, workload: { clients: 2, ratePerSecond: 400, durationMs: 2000 } }).replica(2).drops(0.3, 'send').at(0).simulate();
    const updates = run.events.filter((e) => e.type === 'send' && e.kind === 'update').length;
    const acksLost = run.events.filter((e) => e.type === 'drop' && e.kind === 'ack').length;
    expect(acksLost).toBeGreaterThan(100);
    expect(run.requests.answeredCorrect).toBe(run.requests.issued);
    // One update per request, and a resend only where the very last acks were lost.
    expect(updates).toBeLessThan(run.requests.issued * 1.02);
  });

  it('an update lost on its way to a backup is sent again, and the backup catches up', () => {
    const run = lab('primary-backup', 'fail-stop', { k: 1, workload: { clients: 2, ratePerSecond: 400, durationMs: 2000 } }).replica(2).drops(0.1, 'receive').at(0).simulate();
    expect(run.requests.answeredCorrect).toBe(run.requests.issued);
    expect(run.summary.divergence.diverged).toBe(false);
  });

  it('an equivocating primary makes its backups diverge', () => {
    const run = lab('primary-backup', 'fail-stop', { k: 2, service: 'bank' }).replica(1).behaves('equivocate').at(300).simulate();
    expect(run.summary.divergence.diverged).toBe(true);
  });
});

describe('faults at the network', () => {
  for (const [name, story] of [
    ['one-way omission (send side)', lab('state-machine', 'arbitrary').replica(2).drops(0.5, 'send').at(0, 1500)],
    ['one-way omission (receive side)', lab('state-machine', 'arbitrary').replica(2).drops(0.5, 'receive').at(0, 1500)],
    ['duplicated messages', lab('primary-backup', 'fail-stop').replica(2).duplicates(0.5).at(0, 1500)],
    ['reordered messages', lab('primary-backup', 'fail-stop', { k: 2 }).replica(2).reorders(20).at(0, 1500)],
    ['delay with jitter', lab('state-machine', 'fail-stop').replica(1).isDelayedBy(10, 10).at(0, 1500)],
  ] as const) {
    it(`survives ${name} within k with nothing wrong or lost`, () => {
      const run = story.simulate();
      expect(run.requests.answeredWrong).toBe(0);
      expect(run.requests.lost).toBe(0);
      expect(run.summary.divergence.diverged).toBe(false);
    });
  }

  it('records omission drops on the side they happen', () => {
    const send = lab('state-machine', 'arbitrary').replica(2).drops(1, 'send').at(0, 500).simulate();
    const drops = send.events.filter((e) => e.type === 'drop');
    expect(drops.length).toBeGreaterThan(0);
    expect(drops.every((e) => e.type === 'drop' && e.reason === 'omission-send' && e.from === 'r2')).toBe(true);
  });
});

describe('Raft: consensus with no trusted helper (2k+1 under fail-stop)', () => {
  // With seed 7, replica 2 wins the first election (the stories check it rather than assume it).
  const FIRST_LEADER = 2;

  it('n = 3 with the leader crashed answers every request after one election, none wrong, linearizable', () => {
    const run = lab('raft', 'fail-stop', { k: 1 }).replica(FIRST_LEADER).crashes().at(800).simulate();
    expect(run.summary.n).toBe(3);
    const leaders = run.leaders();
    expect(leaders[0]?.replica, run.describe()).toBe(FIRST_LEADER);
    const after = leaders.filter((l) => l.t > 800);
    expect(after, run.describe()).toHaveLength(1);
    expect(after[0]?.replica).not.toBe(FIRST_LEADER);
    expect(after[0]?.term).toBeGreaterThan(leaders[0]?.term ?? 0);
    expect(run.requests.answeredWrong).toBe(0);
    expect(run.requests.answeredCorrect, run.describe()).toBe(run.requests.issued);
    expect(run.summary.linearizability.linearizable).toBe(true);
    expect(run.summary.failovers).toHaveLength(1);
    expect(run.summary.failovers[0]).toMatchObject({ from: FIRST_LEADER, to: after[0]?.replica });
    // No trusted helper took part: no sequencer, no arbiter.
    expect(run.events.some((e) => e.type === 'send' && (e.to === 'sequencer' || e.to === 'arbiter' || e.from === 'sequencer' || e.from === 'arbiter'))).toBe(false);
  });

  it('n = 3 with two replicas down answers nothing, and nothing wrong', () => {
    const run = lab('raft', 'fail-stop', { k: 1 }).replica(1).crashes().at(0).replica(2).crashes().at(0).simulate();
    expect(run.leaders()).toHaveLength(0);
    expect(run.requests.answeredCorrect).toBe(0);
    expect(run.requests.answeredWrong).toBe(0);
    expect(run.requests.lost + run.requests.unresolved).toBe(run.requests.issued);
    expect(run.count('commit')).toBe(0);
  });

  it('two replicas lost mid-run: what was answered stays right, nothing after it is answered', () => {
    const run = lab('raft', 'fail-stop', { k: 1 }).replica(FIRST_LEADER).crashes().at(800).replica(1).crashes().at(800).simulate();
    expect(run.requests.answeredWrong).toBe(0);
    expect(run.requests.answeredCorrect).toBeGreaterThan(0);
    expect(run.requests.lost).toBeGreaterThan(0);
    expect(run.analysis.requests.every((r) => r.outcome !== 'answered-correct' || (r.acceptedAt ?? 0) <= 800 + 10)).toBe(true);
    expect(run.summary.linearizability.linearizable).toBe(true);
  });

  it('the leader cut off in a minority: a new leader in the majority, no split brain, no wrong answer', () => {
    const run = lab('raft', 'fail-stop', { k: 1 }).partition([FIRST_LEADER], [1, 3, 'clients']).at(700).heal().at(1400).simulate();
    const after = run.leaders().filter((l) => l.t > 700);
    expect(after.length, run.describe()).toBeGreaterThanOrEqual(1);
    expect(after[0]?.replica).not.toBe(FIRST_LEADER);
    expect(run.summary.splitBrain).toBe(false);
    expect(run.requests.answeredWrong).toBe(0);
    expect(run.requests.answeredCorrect, run.describe()).toBe(run.requests.issued);
    expect(run.summary.linearizability.linearizable).toBe(true);
    // Healed, the old leader catches up: every replica ends in the same state.
    expect(new Set(Object.values(run.summary.divergence.stateHashes)).size).toBe(1);
  });

  it('a client cut off with the old leader gets no answer, never a wrong one (where primary-backup without fencing splits its brain)', () => {
    const run = lab('raft', 'fail-stop', { k: 1 }).partition([FIRST_LEADER, 'client-1'], [1, 3, 'client-2']).at(700).simulate();
    expect(run.summary.splitBrain).toBe(false);
    expect(run.requests.answeredWrong).toBe(0);
    expect(run.requests.lost).toBeGreaterThan(0);
    // Many requests never return here, which can exhaust the bounded search (null); it must never find a violation.
    expect(run.summary.linearizability.linearizable).not.toBe(false);
    // The old leader stepped down once it stopped hearing from a majority (it commits nothing alone).
    const stepDown = run.events.find((e) => e.type === 'role' && e.replica === FIRST_LEADER && e.role === 'follower' && e.t > 700);
    expect(stepDown, run.describe()).toBeDefined();
  });

  it('a restarted replica, its log lost, is brought up to date by the leader and ends in step', () => {
    const run = lab('raft', 'fail-stop', { k: 1, service: 'kv' }).replica(1).crashes().at(500).replica(1).restarts().at(900).simulate();
    expect(run.requests.answeredCorrect).toBe(run.requests.issued);
    expect(run.summary.divergence.diverged).toBe(false);
    expect(new Set(Object.values(run.summary.divergence.stateHashes)).size).toBe(1);
  });

  it('without dedup, a retry can be executed twice; with it, never', () => {
    const slow = (dedup: boolean) => lab('raft', 'fail-stop', { k: 1 }).options({ dedup }).timing({ clientTimeoutMs: 20 }).replica(3).isDelayedBy(30).at(0).simulate();
    expect(slow(true).requests.executedTwice).toBe(0);
    expect(slow(false).requests.executedTwice).toBeGreaterThan(0);
  });

  it('refuses the arbitrary failure model, naming the field', () => {
    expect(() => lab('raft', 'arbitrary', { k: 1 }).scenario()).toThrow(/failureModel: raft tolerates crashes only/);
  });
});

describe('PBFT: Byzantine agreement with no trusted helper (3k+1)', () => {
  const noHelper = (run: { events: readonly { type: string }[] }): boolean =>
    !run.events.some((e) => e.type === 'send' && 'to' in e && 'from' in e && [e.to, e.from].some((a) => a === 'sequencer' || a === 'arbiter'));
  const viewsInstalled = (run: ReturnType<ReturnType<typeof lab>['simulate']>): number[] => [
    ...new Set(run.events.flatMap((e) => (e.type === 'view' ? [e.view.number] : []))),
  ];

  it('n = 4 with no fault answers every request correctly, linearizable, ordered by the replicas themselves', () => {
    const run = lab('pbft', 'arbitrary', { k: 1 }).simulate();
    expect(run.summary.n).toBe(4);
    expect(run.requests.answeredCorrect).toBe(run.requests.issued);
    expect(run.summary.linearizability.linearizable).toBe(true);
    expect(run.summary.divergence.diverged).toBe(false);
    expect(new Set(Object.values(run.summary.divergence.stateHashes)).size).toBe(1);
    expect(noHelper(run)).toBe(true);
    // The three phases ran, and no view change was needed.
    const kinds = new Set(run.events.flatMap((e) => (e.type === 'send' ? [e.kind] : [])));
    for (const k of ['pre-prepare', 'prepare', 'commit', 'reply']) expect(kinds).toContain(k);
    expect(kinds).not.toContain('pbft-view-change');
    // Every accepted answer was vouched for by k+1 = 2 replicas.
    expect(run.events.filter((e) => e.type === 'accept').every((e) => e.type === 'accept' && e.from.length >= 2)).toBe(true);
  });

  for (const behavior of ['lie', 'collude', 'equivocate', 'stale', 'silent'] as const) {
    for (const [who, replica] of [
      ['the primary', 1],
      ['a backup', 3],
    ] as const) {
      it(`n = 4 with ${who} Byzantine (${behavior}) answers every request correctly`, () => {
        const run = lab('pbft', 'arbitrary', { k: 1, service: 'kv' }).replica(replica).behaves(behavior).at(500).simulate();
        expect(run.requests.answeredWrong, run.describe()).toBe(0);
        expect(run.requests.answeredCorrect, run.describe()).toBe(run.requests.issued);
        expect(run.summary.linearizability.linearizable).toBe(true);
        // The correct replicas agree on every request they executed.
        expect(run.summary.divergence.diverged).toBe(false);
      });
    }
  }

  it('a replica that lies in its replies is outvoted: its replies lose every vote, none is accepted', () => {
    const run = lab('pbft', 'arbitrary', { k: 1 }).replica(3).behaves('lie').at(0).simulate();
    expect(run.requests.answeredWrong).toBe(0);
    expect(run.requests.answeredCorrect).toBe(run.requests.issued);
    const accepts = run.events.filter((e) => e.type === 'accept');
    expect(accepts.every((e) => e.type === 'accept' && !e.from.includes(3))).toBe(true);
    expect(run.summary.votes.wrongDecided).toBe(0);
  });

  it('a silent primary: the backups change view (replica 2 leads view 1) and every request is answered', () => {
    const run = lab('pbft', 'arbitrary', { k: 1 }).replica(1).behaves('silent').at(500).simulate();
    expect(run.requests.answeredCorrect, run.describe()).toBe(run.requests.issued);
    expect(viewsInstalled(run)).toEqual([1]);
    expect(run.count('suspect')).toBeGreaterThan(0);
    expect(run.summary.failovers).toHaveLength(1);
    expect(run.summary.failovers[0]).toMatchObject({ from: 1, to: 2 });
    expect(run.summary.splitBrain).toBe(false);
  });

  it('a crashed primary is replaced the same way, with nothing lost', () => {
    const run = lab('pbft', 'arbitrary', { k: 1 }).replica(1).crashes().at(500).simulate();
    expect(run.requests.answeredCorrect).toBe(run.requests.issued);
    expect(viewsInstalled(run)).toEqual([1]);
  });

  it('an equivocating primary (a different request per backup for one sequence number): nothing prepares, the view changes, nothing wrong', () => {
    const run = lab('pbft', 'arbitrary', { k: 1, service: 'bank' }).replica(1).behaves('equivocate').at(500).simulate();
    expect(run.requests.answeredWrong).toBe(0);
    expect(viewsInstalled(run)).toContain(1);
    expect(run.requests.answeredCorrect, run.describe()).toBe(run.requests.issued);
    // No correct replica executed any of the forged requests: the correct replicas agree.
    expect(run.summary.divergence.diverged).toBe(false);
    expect(run.summary.invariantViolations).toBe(0);
  });

  it('a primary that reuses a taken sequence number (stale) is replaced; nothing wrong', () => {
    const run = lab('pbft', 'arbitrary', { k: 1 }).replica(1).behaves('stale').at(500).simulate();
    expect(run.requests.answeredWrong).toBe(0);
    expect(viewsInstalled(run)).toContain(1);
    expect(run.requests.answeredCorrect).toBe(run.requests.issued);
  });

  it('two silent replicas of n = 7 (k = 2), both primaries in turn: two view changes, every request answered', () => {
    const run = lab('pbft', 'arbitrary', { k: 2 }).replica(1).behaves('silent').at(300).replica(2).behaves('silent').at(300).simulate();
    expect(run.summary.n).toBe(7);
    expect(run.requests.answeredCorrect, run.describe()).toBe(run.requests.issued);
    expect(Math.max(...viewsInstalled(run))).toBe(2);
  });

  it('beyond the bound, k+1 = 2 colluding liars of n = 4 make clients accept wrong answers (safety breaks at the clients; the order holds)', () => {
    const run = lab('pbft', 'arbitrary', { k: 1 }).replica(3).behaves('collude').at(0).replica(4).behaves('collude').at(0).simulate();
    expect(run.requests.answeredWrong).toBeGreaterThan(0);
    expect(run.summary.votes.wrongDecided).toBe(run.requests.answeredWrong);
    expect(run.summary.linearizability.linearizable).toBe(false);
    // The two correct replicas still executed the same requests in the same order.
    expect(run.summary.divergence.diverged).toBe(false);
  });

  it('n = 3 with one silent replica (below 3k+1) answers nothing, and nothing wrong: a quorum of 3 needs every replica (liveness, not safety, is lost)', () => {
    const run = lab('pbft', 'arbitrary', { k: 1, replicas: 3 }).replica(3).behaves('silent').at(0).simulate();
    expect(run.summary.n).toBe(3);
    expect(run.requests.answeredCorrect).toBe(0);
    expect(run.requests.answeredWrong).toBe(0);
    expect(run.count('apply')).toBe(0);
  });

  it('takes 3k+1 replicas by default under either failure model', () => {
    expect(lab('pbft', 'arbitrary', { k: 2 }).scenario().replicas).toBe(7);
    expect(lab('pbft', 'fail-stop', { k: 1 }).scenario().replicas).toBe(4);
  });
});

describe('the trusted helpers can fail', () => {
  it('an equivocating sequencer: 2k+1 correct replicas diverge, and voting accepts wrong answers with no replica at fault', () => {
    const run = lab('state-machine', 'arbitrary', { k: 1, service: 'kv' }).add({ atMs: 1000, type: 'sequencer', behavior: 'equivocate' }).simulate();
    expect(run.summary.byzantineReplicas).toEqual([]);
    expect(run.summary.divergence.diverged).toBe(true);
    expect(run.requests.answeredWrong).toBeGreaterThan(0);
    // Every replica is correct: the lie is the sequencer's, and the fault log says so.
    expect(run.events.filter((e) => e.type === 'behavior')).toEqual([]);
    expect(run.events.find((e) => e.type === 'fault')).toMatchObject({ effect: 'the sequencer equivocates (a different request per replica under one sequence number)' });
  });

  it('a sequencer that stops and comes back: clients retry, nothing is lost or wrong', () => {
    const run = lab('state-machine', 'arbitrary', { k: 1 }).add({ atMs: 1000, type: 'sequencer', behavior: 'crash' }).add({ atMs: 1300, type: 'sequencer', behavior: 'none' }).simulate();
    expect(run.events.some((e) => e.type === 'drop' && e.to === 'sequencer' && e.reason === 'crashed')).toBe(true);
    expect(run.requests.lost + run.requests.undecided + run.requests.answeredWrong).toBe(0);
    expect(run.requests.answeredCorrect).toBe(run.requests.issued);
  });

  it('with the arbiter down, primary-backup cannot fail over: the primary crashes and the rest is lost', () => {
    const down = lab('primary-backup', 'fail-stop', { k: 1 }).add({ atMs: 1000, type: 'arbiter', behavior: 'crash' }).replica(1).crashes().at(1200).simulate();
    expect(down.summary.failovers).toEqual([]);
    expect(down.requests.lost).toBeGreaterThan(0);
    expect(down.requests.answeredWrong).toBe(0);
    const up = lab('primary-backup', 'fail-stop', { k: 1 }).replica(1).crashes().at(1200).simulate();
    expect(up.summary.failovers).toHaveLength(1);
    expect(up.requests.lost).toBe(0);
  });

  it('the arbiter cut off from the primary: every replica is up, yet the fenced primary may not serve and no backup takes over', () => {
    const cut = lab('primary-backup', 'fail-stop', { k: 1 }).add({ atMs: 1000, type: 'arbiter', behavior: 'partition', replicas: [1] }).simulate();
    expect(cut.events.some((e) => e.type === 'drop' && e.from === 'r1' && e.to === 'arbiter' && e.reason === 'partition')).toBe(true);
    expect(cut.events.some((e) => e.type === 'fenced' && e.replica === 1 && e.t > 1000)).toBe(true);
    expect(cut.summary.failovers).toEqual([]);
    expect(cut.requests.lost).toBeGreaterThan(0);
    expect(cut.requests.answeredWrong).toBe(0);
    expect(cut.summary.splitBrain).toBe(false);
    expect(cut.summary.divergence.stateHashes['1']).not.toBeNull();
    // Reconnected before the clients give up, the same cut costs latency only.
    const healed = lab('primary-backup', 'fail-stop', { k: 1 }).add({ atMs: 1000, type: 'arbiter', behavior: 'partition', replicas: [1] }).add({ atMs: 1300, type: 'arbiter', behavior: 'none' }).simulate();
    expect(healed.requests.lost + healed.requests.answeredWrong).toBe(0);
  });

  it('the arbiter cut off from the backups: the primary serves on, but when it crashes no backup can be named', () => {
    const run = lab('primary-backup', 'fail-stop', { k: 1 }).add({ atMs: 800, type: 'arbiter', behavior: 'partition', replicas: [2] }).replica(1).crashes().at(1200).simulate();
    const before = run.events.filter((e) => e.type === 'accept' && e.t > 800 && e.t < 1200).length;
    expect(before).toBeGreaterThan(0);
    expect(run.summary.failovers).toEqual([]);
    expect(run.requests.lost).toBeGreaterThan(0);
    expect(run.requests.answeredWrong).toBe(0);
  });

  it('an arbiter partition names its replicas, and only a partition does', () => {
    expect(() => lab('primary-backup', 'fail-stop').add({ atMs: 0, type: 'arbiter', behavior: 'partition' }).scenario()).toThrow(/faults\[0\]\.replicas: list the replicas the arbiter is cut off from/);
    expect(() => lab('primary-backup', 'fail-stop').add({ atMs: 0, type: 'arbiter', behavior: 'crash', replicas: [1] }).scenario()).toThrow(/faults\[0\]\.replicas: only a partition of the arbiter names replicas/);
    expect(() => lab('primary-backup', 'fail-stop', { k: 1 }).add({ atMs: 0, type: 'arbiter', behavior: 'partition', replicas: [3] }).scenario()).toThrow(/faults\[0\]\.replicas\[0\]: replica 3 does not exist/);
    expect(() => lab('primary-backup', 'fail-stop', { k: 1 }).add({ atMs: 0, type: 'arbiter', behavior: 'partition', replicas: [1, 1] }).scenario()).toThrow(/listed twice/);
  });

  it('a helper the scheme does not have is refused, naming the field', () => {
    expect(() => lab('primary-backup', 'fail-stop').add({ atMs: 0, type: 'sequencer', behavior: 'crash' }).scenario()).toThrow(/faults\[0\]\.type: only state-machine replication has a sequencer/);
    expect(() => lab('raft', 'fail-stop').add({ atMs: 0, type: 'arbiter', behavior: 'crash' }).scenario()).toThrow(/only primary-backup has an arbiter/);
  });
});
