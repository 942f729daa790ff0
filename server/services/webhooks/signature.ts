// Webhook signatures after Standard Webhooks (https://www.standardwebhooks.com): `webhook-signature` is
// `v1,` + base64 HMAC-SHA256 over `${webhook-id}.${webhook-timestamp}.${raw body}`, keyed with the bytes the
// secret's base64 part decodes to. Any Standard Webhooks library (npm `standardwebhooks`, Svix) verifies it;
// README ("Verifying a webhook") shows how.
import crypto from "node:crypto";

export const SECRET_PREFIX = "whsec_";

/** A new signing secret: `whsec_` + standard base64 of 32 random bytes, as Standard Webhooks expects. */
export function generateSecret(): string {
  return SECRET_PREFIX + crypto.randomBytes(32).toString("base64");
}

/**
 * The HMAC key of a secret. Secrets issued before Standard Webhooks were `whsec_` + base64url; Node's base64
 * decoder reads both alphabets, so an old secret keeps its key bytes and signs verifiably once its receiver
 * rewrites it with `standardSecret()`.
 */
function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, "base64");
}

/** The same key in the standard form: turns an old `whsec_<base64url>` secret into `whsec_<base64>`. */
export function standardSecret(secret: string): string {
  return SECRET_PREFIX + keyOf(secret).toString("base64");
}

/** The `webhook-signature` header for message `id` with `body`, sent at `timestamp` (unix seconds). */
export function signPayload(secret: string, id: string, timestamp: number | string, body: string): string {
  return "v1," + crypto.createHmac("sha256", keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest("base64");
}
