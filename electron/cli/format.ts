/** Human-readable renderings of a run summary for the terminal. */
import type { RunSummary } from '../../shared/analysis/summary.js';

const ms = (x: number | null): string => (x === null ? '—' : `${x.toFixed(1)} ms`);

export function formatSummary(s: RunSummary): string {
  const r = s.requests;
  const lines = [
    `${s.scenarioName}`,
    `  ${s.scheme}, ${s.failureModel}, k=${s.k}, n=${s.n}, service ${s.service}, ${s.mode === 'sim' ? 'simulated' : 'real processes'}, seed ${s.seed}${s.complete ? '' : '  (INCOMPLETE RUN)'}`,
    '',
    `  requests issued       ${r.issued}`,
    `    answered correctly  ${r.answeredCorrect}`,
    `    answered WRONG      ${r.answeredWrong}`,
    `    lost                ${r.lost}`,
    `    undecided           ${r.undecided}`,
    `    executed twice      ${r.executedTwice}`,
  ];
  if (r.unresolved > 0) lines.push(`    unresolved          ${r.unresolved}`);
  lines.push(
    `  latency p50 / p99     ${ms(s.latencyMs.p50)} / ${ms(s.latencyMs.p99)}`,
    `  throughput            ${s.throughputRps} req/s`,
    `  messages              ${s.messages.total} (${s.messages.perRequest} per request, ${s.messages.dropped} dropped)`,
  );
  if (s.cpuMsPerRequest !== null) lines.push(`  CPU per request       ${s.cpuMsPerRequest.toFixed(3)} ms`);
  if (s.scheme === 'state-machine') {
    lines.push(`  votes                 ${s.votes.decided} decided, ${s.votes.undecided} undecided, ${s.votes.wrongDecided} decided on a wrong value`);
  } else {
    lines.push(`  failovers             ${s.failovers.length === 0 ? 'none' : s.failovers.length}`);
    for (const f of s.failovers) {
      lines.push(`    at ${f.atMs.toFixed(0)} ms: replica ${f.from} -> ${f.to}, detected after ${f.detectMs.toFixed(0)} ms, unavailable ${f.unavailableMs.toFixed(0)} ms`);
    }
    lines.push(`  split brain           ${s.splitBrain ? 'YES: two primaries served at once' : 'no'}`);
  }
  const hashes = Object.entries(s.divergence.stateHashes)
    .map(([r, h]) => `r${r}=${h === null ? 'down' : h.slice(0, 8)}`)
    .join(' ');
  lines.push(`  final states          ${s.divergence.diverged ? 'DIVERGED' : 'agree'} (${hashes})`);
  const lin = s.linearizability;
  if (lin.checked) {
    lines.push(`  linearizable          ${lin.linearizable === true ? 'yes' : lin.linearizable === false ? `NO: ${lin.violation ?? ''}` : 'unknown (too many concurrent operations to search)'}`);
  }
  if (s.byzantineReplicas.length > 0) lines.push(`  Byzantine replicas    ${s.byzantineReplicas.join(', ')}`);
  if (s.invariantViolations > 0) lines.push(`  invariant violations  ${s.invariantViolations}`);
  lines.push(`  event log             ${s.eventCount} events, sha256 ${s.eventLogSha256.slice(0, 16)}…`);
  return lines.join('\n');
}
