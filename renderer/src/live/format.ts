/** Human-readable one-liners for faults, values and log events. */
import type { RunEvent } from '@shared/events';
import type { Json } from '@shared/json';

export { describeFault } from '@shared/describe';
import { describeFault, describeReplicaLog } from '@shared/describe';

/** A value as the vote table shows it: short JSON. */
export function valueText(v: Json | undefined): string {
  if (v === undefined) return '—';
  const s = JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

/** The details of a log event (everything but its time and type). */
export function eventDetails(e: RunEvent): string {
  switch (e.type) {
    case 'run-start':
      return `${e.mode} run of "${e.scenario.name}", seed ${e.seed}`;
    case 'send':
    case 'deliver':
    case 'duplicate':
      return `#${e.id} ${e.kind} ${e.from} → ${e.to}`;
    case 'drop':
      return `#${e.id} ${e.kind} ${e.from} → ${e.to} (${e.reason})`;
    case 'choice':
      return `choice ${e.index + 1}: ${e.action === 'wait' ? `wait ${e.waitMs ?? 0} ms` : `${e.action} #${e.id ?? '?'}`} (${e.held} held)`;
    case 'fault':
      return `${describeFault(e.fault)} [${e.source}] ${e.effect}`;
    case 'process':
      return `replica ${e.replica} ${e.status}${e.pid !== null ? ` pid ${e.pid}` : ''} ${e.detail}`;
    case 'behavior':
      return `replica ${e.replica} behaviour ${e.behavior ?? 'correct'}`;
    case 'garbage':
      return `replica ${e.replica}: ${e.detail}`;
    case 'replica-log':
      return describeReplicaLog(e);
    case 'final':
      return `replica ${e.replica} ${e.status}, applied ${e.applied}, state ${e.stateHash ?? '—'}`;
    case 'cpu':
      return `replica ${e.replica} user ${e.userMs} ms, system ${e.systemMs} ms`;
    case 'run-end':
      return e.reason;
    case 'apply':
      return `replica ${e.replica} seq ${e.seq} c${e.client}#${e.req} → ${e.stateHash}`;
    case 'role':
      return `replica ${e.replica} ${e.role} (view ${e.view})`;
    case 'suspect':
      return `replica ${e.replica} suspects ${e.suspect} (silent ${e.silentForMs} ms)`;
    case 'view':
      return `replica ${e.replica} view ${e.view.number}: primary ${e.view.primary}, members ${e.view.members.join(',')} via ${e.via}`;
    case 'commit':
      return `replica ${e.replica} c${e.client}#${e.req} seq ${e.seq} view ${e.view}`;
    case 'fenced':
      return `replica ${e.replica} view ${e.view}: ${e.reason}`;
    case 'snapshot':
      return `replica ${e.replica} → ${e.to} ${e.snapshotId}`;
    case 'state-transfer':
      return `replica ${e.replica} from ${e.from} ${e.snapshotId} → ${e.stateHash}`;
    case 'invariant':
      return `replica ${e.replica}: ${e.message}`;
    case 'order':
      return `seq ${e.seq} c${e.client}#${e.req}`;
    case 'arbiter':
      return `${e.decision} view ${e.view.number} (primary ${e.view.primary}) from ${e.proposer}: ${e.reason}`;
    case 'request':
      return `c${e.client}#${e.req} ${JSON.stringify(e.op)} → ${e.to}`;
    case 'retry':
      return `c${e.client}#${e.req} attempt ${e.attempt} → ${e.to}`;
    case 'timeout':
      return `c${e.client}#${e.req} attempt ${e.attempt}`;
    case 'vote':
      return `c${e.client}#${e.req} from r${e.from} ${valueText(e.value)} · ${e.tally.map((g) => `${valueText(g.value)}×${g.replicas.length}`).join(' ')} / ${e.threshold} → ${e.decision}`;
    case 'accept':
      return `c${e.client}#${e.req} ${valueText(e.value)} from ${e.from.join(',')} in ${Math.round(e.latencyMs * 1000) / 1000} ms`;
    case 'give-up':
      return `c${e.client}#${e.req} after ${e.replies} replies`;
    case 'pace':
      return e.paused ? 'the lab is paused: the relay holds every message, the run’s clock stands still' : `the lab runs at ${e.speed}× (every network delay ${e.speed === 1 ? 'as set' : `lasts ${Math.round(10 / e.speed) / 10}× as long`})`;
  }
}

/** Which replica (or client, as a negative number) an event is about, for the log's filter. */
export function eventActors(e: RunEvent): string[] {
  const out: string[] = [];
  if ('replica' in e && typeof e.replica === 'number') out.push(`r${e.replica}`);
  if ('client' in e && typeof e.client === 'number') out.push(`c${e.client}`);
  if ('from' in e && typeof e.from === 'string') out.push(e.from);
  if ('to' in e && typeof e.to === 'string') out.push(e.to);
  if (e.type === 'suspect') out.push(`r${e.suspect}`);
  return out;
}
