// Webhook signatures: X-Signature is `sha256=` + hex HMAC-SHA256 keyed with the webhook's secret (the
// `whsec_…` string as shown on creation) over `${X-Timestamp}.${raw body}`. Signing the timestamp lets a
// receiver refuse replays older than its tolerance. README ("Verifying a webhook") shows the same check.
import crypto from "node:crypto";

export const SIGNATURE_PREFIX = "sha256=";
/** How far X-Timestamp may be from the receiver's clock, by default. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** The X-Signature header value for `body` sent at `timestamp` (unix seconds). */
export function signPayload(secret: string, timestamp: number | string, body: string): string {
  return SIGNATURE_PREFIX + crypto.createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

export interface VerifyInput {
  secret: string;
  /** The request body exactly as received (before any JSON parsing). */
  body: string;
  /** X-Timestamp header. */
  timestamp: string | null | undefined;
  /** X-Signature header. */
  signature: string | null | undefined;
  toleranceSeconds?: number;
  /** The receiver's clock, in milliseconds (tests). */
  now?: number;
}

/** True when `signature` signs `timestamp` and `body` with `secret` and the timestamp is fresh. */
export function verifySignature(input: VerifyInput): boolean {
  const { secret, body, timestamp, signature } = input;
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs((input.now ?? Date.now()) / 1000 - Number(timestamp)) > tolerance) return false;
  const expected = Buffer.from(signPayload(secret, timestamp, body));
  const given = Buffer.from(signature);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}
