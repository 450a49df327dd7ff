/**
 * The failover row reads each outage from the event log alone: from the crash fault to the
 * first request answered by another replica. A reply the dead primary sent before it died
 * does not end the outage; the next crash ends the search for the one before.
 */
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../shared/events.js';
import { outagesOf } from './failover.js';

const crash = (t: number, replica: number): RunEvent => ({ t, type: 'fault', fault: { atMs: Math.round(t), type: 'crash', replica }, source: 'live', effect: '' });
const accept = (t: number, from: number, req = 1): RunEvent => ({ t, type: 'accept', client: 1, req, value: 1, from: [from], latencyMs: 1 });
const suspect = (t: number, replica: number, of: number): RunEvent => ({ t, type: 'suspect', replica, suspect: of, silentForMs: 200 });
const view = (t: number, primary: number, members: number[]): RunEvent => ({ t, type: 'arbiter', decision: 'accepted', view: { number: 2, primary, members }, proposer: primary, reason: '' });

describe('outagesOf', () => {
  it('measures from the crash to the first answer by another replica, ignoring the dead primary\'s last replies', () => {
    const events = [accept(90, 1), crash(100, 1), accept(100.5, 1, 2), suspect(300, 2, 1), view(301, 2, [2, 3]), accept(312.25, 2, 3), accept(320, 2, 4)];
    expect(outagesOf(events)).toEqual([{ crashed: 1, crashAtMs: 100, answeredAtMs: 312.25, unavailableMs: 212.25, suspectAtMs: 300, viewAtMs: 301 }]);
  });

  it('reports a crash the service never recovered from as unanswered, and each crash on its own', () => {
    const events = [crash(100, 1), suspect(300, 2, 1), accept(310, 2), crash(1000, 2), suspect(1200, 3, 2)];
    const outages = outagesOf(events);
    expect(outages.map((o) => o.unavailableMs)).toEqual([210, null]);
    expect(outages[1]).toMatchObject({ crashed: 2, suspectAtMs: 1200, viewAtMs: null, answeredAtMs: null });
  });
});
