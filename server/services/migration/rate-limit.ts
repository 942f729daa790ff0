// Per-database rate limit for migration items: a token bucket per key (capacity one second of tokens,
// refilled continuously), global across processes when Redis is configured, per process otherwise.
// A take reserves its tokens at once and waits until they have accrued (the bucket may go into debt), so
// a batch of n items takes n tokens in one call, even more than the bucket holds, and later callers queue
// behind it: over any window of T seconds at most perSecond·(T + 1) tokens are handed out in all.
// On Redis the bucket is one hash per key, updated by one Lua script on Redis's clock (atomic across
// processes). A Redis outage never stalls the runner: while Redis does not answer, takes fall back to this
// process's bucket (N processes may then allow N× the rate) with one warning per outage.
import { Redis } from "ioredis";

export interface RateLimiterOptions {
  /** Shared buckets; without it the limit is per process. */
  redis?: Redis;
  /** Told once each time Redis stops answering takes (they fall back to this process's bucket meanwhile). */
  onFallback?: (error: unknown) => void;
  /** Prefix of the Redis keys; a key is `<prefix><databaseId>`. */
  keyPrefix?: string;
}

/**
 * KEYS[1] the bucket; ARGV: tokens per second, tokens wanted. Refills by Redis's clock, reserves the tokens
 * (into debt if need be) and returns the milliseconds until they have accrued. Tokens are kept in
 * thousandths so the hash holds integers.
 */
const TAKE_SCRIPT = `
local rate = tonumber(ARGV[1])
local want = tonumber(ARGV[2]) * 1000
local capacity = rate * 1000
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
if now > at then tokens = math.min(capacity, tokens + (now - at) * rate) end
tokens = tokens - want
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(math.max(now, at)))
redis.call('PEXPIRE', KEYS[1], math.ceil(-math.min(tokens, 0) / rate) + 2000)
if tokens >= 0 then return 0 end
return math.ceil(-tokens / rate)
`;

/** A take not answered by Redis within this falls back to the local bucket. */
export const REDIS_TAKE_TIMEOUT_MS = 500;

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly keyPrefix: string;
  private failing = false;
  /** Redis answered a take once: until then a connection still being opened is start-up, not an outage. */
  private answered = false;

  /** `perSecond` 0 disables limiting. */
  constructor(
    private readonly perSecond: number,
    private readonly options: RateLimiterOptions = {},
  ) {
    this.keyPrefix = options.keyPrefix ?? "rate-limit:database:";
  }

  /** Waits until `count` tokens of `key` (a database id) are this caller's. */
  async take(key: string, count = 1): Promise<void> {
    if (this.perSecond <= 0 || count <= 0) return;
    const waitMs = (await this.takeShared(key, count)) ?? this.takeLocal(key, count);
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
  }

  /** The wait from the shared bucket, or null when there is none or Redis does not answer in time. */
  private async takeShared(key: string, count: number): Promise<number | null> {
    const { redis } = this.options;
    if (!redis) return null;
    try {
      // A client that is not connected fails at once (no offline queue), so an outage costs no wait here.
      if (redis.status !== "ready") throw new Error(`the Redis connection is ${redis.status}`);
      let timer: NodeJS.Timeout | undefined;
      const waitMs = await Promise.race([
        redis.eval(TAKE_SCRIPT, 1, this.keyPrefix + key, this.perSecond, count),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${REDIS_TAKE_TIMEOUT_MS} ms`)),
            REDIS_TAKE_TIMEOUT_MS,
          );
        }),
      ]).finally(() => clearTimeout(timer));
      this.failing = false;
      this.answered = true;
      return Number(waitMs);
    } catch (error) {
      const startingUp = !this.answered && redis.status === "connecting";
      if (!this.failing && !startingUp) {
        this.failing = true;
        this.options.onFallback?.(
          new Error(
            `The shared rate limit in Redis is unavailable (${(error as Error).message}); limiting per process until it answers again.`,
            { cause: error },
          ),
        );
      }
      return null;
    }
  }

  /** This process's bucket, by the same arithmetic as the script. */
  private takeLocal(key: string, count: number): number {
    const now = Date.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.perSecond, at: now };
    if (now > bucket.at) {
      bucket.tokens = Math.min(this.perSecond, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
      bucket.at = now;
    }
    bucket.tokens -= count;
    this.buckets.set(key, bucket);
    return bucket.tokens >= 0 ? 0 : Math.ceil((-bucket.tokens / this.perSecond) * 1000);
  }
}

/**
 * The limiter's own Redis connection: no offline queue, so a take while Redis is away fails at once (and
 * falls back) instead of waiting for a reconnect; reconnects in the background. Its connection errors are
 * told through the limiter's fallback warning, not here.
 */
export function rateLimitRedis(url: string): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    connectionName: `rate-limit:${process.pid}`,
  });
  redis.on("error", () => {});
  return redis;
}
