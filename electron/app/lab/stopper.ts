/** Ends the job a stopper belongs to (a sweep, a hunt); false when there is none, or it is ending already. */
export function cancelJob(stop: AbortController | null): { cancelled: boolean } {
  if (!stop || stop.signal.aborted) return { cancelled: false };
  stop.abort();
  return { cancelled: true };
}
