// A receiver's Retry-After header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Honoured on 429 and 503
// answers only, where it asks the sender to come back later; the dispatcher bounds what it accepts.

/** Statuses whose Retry-After the dispatcher honours. */
export const RETRY_AFTER_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/** Milliseconds from `now` that `header` asks to wait, or undefined when it is absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
