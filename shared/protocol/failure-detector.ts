/**
 * A heartbeat failure detector: a peer not heard from for timeoutMs is suspected. It is
 * pure bookkeeping; the core that owns it decides when to check (on its own timer).
 * Suspicion can be false: a slow or cut-off peer looks exactly like a crashed one.
 */
export class FailureDetector {
  private readonly lastHeard = new Map<number, number>();
  private readonly suspected = new Set<number>();

  constructor(private readonly timeoutMs: number) {}

  /** Starts watching peer as if just heard from at now. */
  watch(peer: number, now: number): void {
    this.lastHeard.set(peer, now);
    this.suspected.delete(peer);
  }

  unwatch(peer: number): void {
    this.lastHeard.delete(peer);
    this.suspected.delete(peer);
  }

  /** Records a sign of life; returns true if the peer was suspected until now. */
  heard(peer: number, now: number): boolean {
    if (!this.lastHeard.has(peer)) return false;
    this.lastHeard.set(peer, now);
    return this.suspected.delete(peer);
  }

  /** Newly suspected peers at now, each with how long it has been silent. */
  check(now: number): { peer: number; silentForMs: number }[] {
    const out: { peer: number; silentForMs: number }[] = [];
    for (const [peer, at] of this.lastHeard) {
      if (!this.suspected.has(peer) && now - at >= this.timeoutMs) {
        this.suspected.add(peer);
        out.push({ peer, silentForMs: now - at });
      }
    }
    return out;
  }

  isSuspected(peer: number): boolean {
    return this.suspected.has(peer);
  }

  watched(): number[] {
    return [...this.lastHeard.keys()];
  }
}
