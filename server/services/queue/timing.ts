// The queue's arithmetic, kept pure so it is tested on its own: how long a failed attempt waits before the
// next (exponential backoff with jitter, one formula for every queue, each with its own base), and how
// often a worker renews the leases it holds (well inside a lease, so a slow heartbeat never loses one).

/**
 * The wait after failed attempt `attempt` (1 = the first): base·2^(attempt−1), scaled by a jitter in
 * [0.5, 1.5) so workers that failed together do not retry together. Whole milliseconds.
 */
export function backoffMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  return Math.round(baseMs * 2 ** (Math.max(1, attempt) - 1) * (0.5 + random()));
}

/** How often leases of `leaseMs` are extended: three times per lease, at most every 100 ms. */
export function heartbeatMs(leaseMs: number): number {
  return Math.max(100, leaseMs / 3);
}
