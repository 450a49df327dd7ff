/** The replica protocol's line checks: what a replica program may write, and what becomes garbage. */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario.js';
import type { EventBody } from '../events.js';
import { REPLICA_LOG_LINE_CHARS, REPLICA_LOG_LINES } from '../events.js';
import { describeReplicaLog } from '../describe.js';
import type { RunEvent } from '../events.js';
import { checkReplicaLine, diagnoseReplicas, MAX_LINE_CHARS, ReplicaLogBudget } from './external.js';

const reason = (line: string): string => {
  const r = checkReplicaLine(2, line);
  return r.ok ? 'ok' : r.reason;
};

describe('checkReplicaLine', () => {
  it('accepts ready with protocol 1, as the IPC ready', () => {
    expect(checkReplicaLine(2, '{"type":"ready","protocol":1}')).toEqual({ ok: true, value: { type: 'ready' } });
  });

  it('refuses another protocol version, naming the one spoken here', () => {
    expect(reason('{"type":"ready","protocol":2}')).toBe('ready: protocol "2" is not spoken here (this lab speaks protocol 1)');
    expect(reason('{"type":"ready"}')).toBe('protocol: missing');
  });

  it('accepts an output with sends and events of its own replica', () => {
    const line = JSON.stringify({
      type: 'output',
      sends: [{ to: 'c1', msg: { kind: 'reply', client: 1, req: 3, value: 'ok', view: 0 } }],
      events: [{ type: 'apply', replica: 2, seq: 1, client: 1, req: 3, stateHash: '0123456789abcdef' }],
    });
    expect(checkReplicaLine(2, line).ok).toBe(true);
  });

  it('final: CPU time optional (0 when left out), checked when given', () => {
    expect(checkReplicaLine(2, '{"type":"final","stateHash":"ab","applied":3}')).toEqual({ ok: true, value: { type: 'final', stateHash: 'ab', applied: 3, userMs: 0, systemMs: 0 } });
    expect(checkReplicaLine(2, '{"type":"final","stateHash":"ab","applied":3,"userMs":5}')).toEqual({ ok: true, value: { type: 'final', stateHash: 'ab', applied: 3, userMs: 5, systemMs: 0 } });
    expect(reason('{"type":"final","stateHash":"ab","applied":3,"userMs":-1}')).toMatch(/at least 0/);
    expect(reason('{"type":"final","stateHash":"ab"}')).toBe('applied: missing');
  });

  it('garbage: not JSON, not an object, unknown types and keys, forged events, overlong lines', () => {
    expect(reason('hello')).toBe('not a JSON line: "hello"');
    expect(reason('[1,2]')).toBe('not a JSON object: "[1,2]"');
    expect(reason('{"type":"shout"}')).toBe('type: unknown type "shout"');
    expect(reason('{"type":"output","sends":[],"events":[],"extra":1}')).toBe('message: unexpected key "extra"');
    expect(reason('{"type":"output","sends":[{"to":"c1","msg":{"kind":"ordered","seq":1,"client":1,"req":1,"op":{"type":"read"}}}],"events":[]}')).toBe('sends.0.msg.kind: unknown kind "ordered"');
    expect(reason('{"type":"output","sends":[],"events":[{"type":"invariant","replica":3,"message":"x"}]}')).toBe('event invariant claims to come from replica 3');
    expect(reason(`"${'x'.repeat(MAX_LINE_CHARS)}"`)).toMatch(/^line longer than/);
  });
});

describe('the scenario field replica', () => {
  const base = { faultlab: 1, scheme: 'state-machine', failureModel: 'fail-stop', k: 1 };

  it('is optional, and absent stays absent', () => {
    expect('replica' in parseScenario(base)).toBe(false);
    expect(parseScenario({ ...base, replica: { command: 'python3 r.py', replicas: [2] } }).replica).toEqual({ command: 'python3 r.py', replicas: [2] });
  });

  it('names the field when a command is empty, a replica does not exist or is listed twice', () => {
    expect(() => parseScenario({ ...base, replica: { command: ' ' } })).toThrow('replica.command: the command must not be empty');
    expect(() => parseScenario({ ...base, replica: { command: 'x', replicas: [3] } })).toThrow('replica.replicas[0]: replica 3 does not exist (the scenario has 2 replicas)');
    expect(() => parseScenario({ ...base, replica: { command: 'x', replicas: [1, 1] } })).toThrow('replica.replicas[1]: replica 1 is listed twice');
    expect(() => parseScenario({ ...base, replica: { command: 'x', cwd: '/' } })).toThrow('replica: unknown field "cwd"');
  });
});

describe('a replica program\'s stderr in the event log', () => {
  it('lines written while the replicas load wait for the run, then each line is logged as it comes', () => {
    const budget = new ReplicaLogBudget();
    const log: EventBody[] = [];
    budget.line(2, 'loading');
    expect(log).toEqual([]);
    budget.start((e) => log.push(e));
    budget.line(1, 'primary in view 1');
    expect(log).toEqual([
      { type: 'replica-log', replica: 2, text: 'loading' },
      { type: 'replica-log', replica: 1, text: 'primary in view 1' },
    ]);
  });

  it('a flood is bounded: a long line cut, at most REPLICA_LOG_LINES per replica, the rest counted once at the end', () => {
    const budget = new ReplicaLogBudget();
    const log: EventBody[] = [];
    budget.start((e) => log.push(e));
    budget.line(3, 'x'.repeat(10_000));
    for (let i = 0; i < REPLICA_LOG_LINES + 250; i++) budget.line(3, `line ${i}`);
    budget.line(1, 'still heard');
    budget.close();
    budget.line(1, 'after the end');
    const of3 = log.filter((e) => e.type === 'replica-log' && e.replica === 3);
    expect(of3).toHaveLength(REPLICA_LOG_LINES + 1);
    const first = of3[0] as { text: string };
    expect(first.text).toHaveLength(REPLICA_LOG_LINE_CHARS);
    expect(first.text.endsWith('…')).toBe(true);
    expect(of3.at(-1)).toEqual({ type: 'replica-log', replica: 3, text: '', omitted: 251 });
    expect(log.filter((e) => e.type === 'replica-log' && e.replica === 1).map((e) => (e as { text: string }).text)).toEqual(['still heard']);
  });

  it('is described in English and Korean', () => {
    expect(describeReplicaLog({ replica: 2, text: 'view 3' })).toBe('replica 2 logs: view 3');
    expect(describeReplicaLog({ replica: 2, text: 'view 3' }, 'ko')).toBe('복제본 2의 로그: view 3');
    expect(describeReplicaLog({ replica: 3, text: '', omitted: 5 })).toBe(
      `replica 3 wrote 5 more lines on stderr than the event log keeps (${REPLICA_LOG_LINES} per replica): see replica-3.stderr.log in the run folder`,
    );
    expect(describeReplicaLog({ replica: 3, text: '', omitted: 5 }, 'ko')).toContain('5줄');
  });
});

describe('what a replica program did wrong, in words', () => {
  const ev = (t: number, body: Record<string, unknown>): RunEvent => ({ t, ...body }) as RunEvent;

  it('names each replica that exited, wrote garbage, flooded, never sent or did not report its final state', () => {
    const events: RunEvent[] = [
      ev(0, { type: 'send', id: 1, from: 'r2', to: 'c1', kind: 'reply' }),
      ev(3, { type: 'garbage', replica: 1, detail: 'not a JSON line: "hello"' }),
      ev(4, { type: 'garbage', replica: 1, detail: 'kind: unknown' }),
      ev(5, { type: 'garbage', replica: 2, detail: 'flood: 120 messages dropped (more than the relay allows)' }),
      ev(312.4, { type: 'process', replica: 3, status: 'exited', pid: null, detail: 'process 77 exited (code 1): Traceback: boom' }),
      ev(900, { type: 'final', replica: 1, status: 'up', stateHash: null, applied: 0, behavior: null }),
      ev(900, { type: 'final', replica: 2, status: 'up', stateHash: 'abcd', applied: 3, behavior: null }),
    ];
    expect(diagnoseReplicas(events, [1, 2, 3])).toEqual([
      'replica 1 wrote 2 lines that are not the replica protocol (dropped); the first: not a JSON line: "hello"',
      'replica 1 sent no message in the whole run: does it answer each deliver line with an output line?',
      'replica 1 did not answer the final line within 2 s: its final state is unknown',
      'replica 2 wrote far more than it was asked to: flood control dropped 120 messages',
      'replica 3 exited by itself at 312 ms: process 77 exited (code 1): Traceback: boom',
    ]);
    // Only the replicas that run the program are read.
    expect(diagnoseReplicas(events, [2])).toEqual(['replica 2 wrote far more than it was asked to: flood control dropped 120 messages']);
  });

  it('says nothing of a replica that did its work, or that the lab silenced or crashed', () => {
    const events: RunEvent[] = [
      ev(0, { type: 'send', id: 1, from: 'r1', to: 'c1', kind: 'reply' }),
      ev(1, { type: 'behavior', replica: 2, behavior: 'silent' }),
      ev(2, { type: 'process', replica: 3, status: 'crashed', pid: 9, detail: 'SIGKILL' }),
      ev(9, { type: 'final', replica: 1, status: 'up', stateHash: 'abcd', applied: 1, behavior: null }),
    ];
    expect(diagnoseReplicas(events, [1, 2, 3])).toEqual([]);
  });
});
