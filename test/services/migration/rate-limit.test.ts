// The per-database rate limit: several takers together stay within the rate (counted over a window, with
// generous bounds), a batch takes its tokens in one call, two limiters sharing one real Redis share one
// budget (two without Redis get one each), and with Redis gone the limiter goes on limiting per process,
// warning once.
import crypto from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RateLimiter, rateLimitRedis } from "../../../server/services/migration/rate-limit.ts";
import { redisUrl } from "../../helpers/services.ts";

const RATE = 40;
const WINDOW_MS = 1_500;
/** What one bucket may hand out in the window: a full bucket, then the refill (plus one late take per taker). */
const ONE_BUDGET = RATE * (1 + WINDOW_MS / 1000);

/** Tokens taken by `takers` loops per limiter over the window, per limiter. */
async function countTakes(limiters: RateLimiter[], key: string, takers = 3): Promise<number[]> {
  const end = Date.now() + WINDOW_MS;
  const counts = limiters.map(() => 0);
  await Promise.all(
    limiters.flatMap((limiter, i) =>
      Array.from({ length: takers }, async () => {
        while (Date.now() < end) {
          await limiter.take(key);
          if (Date.now() <= end) counts[i]!++;
        }
      }),
    ),
  );
  return counts;
}

const ready = (redis: Redis) =>
  new Promise<void>((resolve, reject) => {
    if (redis.status === "ready") return resolve();
    redis.once("ready", () => resolve());
    setTimeout(() => reject(new Error("Redis not ready within 5 s")), 5_000).unref();
  });

describe("rate limiter, per process", () => {
  it("keeps takers of one key within the rate, and keys apart", async () => {
    const limiter = new RateLimiter(RATE);
    const [a] = await countTakes([limiter], "db-a");
    expect(a).toBeGreaterThanOrEqual(RATE);
    expect(a).toBeLessThanOrEqual(ONE_BUDGET + 3);
    // Another database has its own full bucket.
    const started = Date.now();
    await limiter.take("db-b", RATE);
    expect(Date.now() - started).toBeLessThan(200);
  });

  it("takes a batch's tokens at once, even more than the bucket holds, and later takes queue behind it", async () => {
    const limiter = new RateLimiter(100);
    let started = Date.now();
    await limiter.take("db", 150); // 100 in the bucket, 50 more accrue in 500 ms
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    started = Date.now();
    await limiter.take("db", 20); // the bucket is empty: 200 ms
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it("limits nothing at rate 0", async () => {
    const limiter = new RateLimiter(0);
    const started = Date.now();
    for (let i = 0; i < 1000; i++) await limiter.take("db", 10);
    expect(Date.now() - started).toBeLessThan(200);
  });
});

const url = redisUrl();
describe.skipIf(!url)("rate limiter shared through Redis", () => {
  const clients: Redis[] = [];
  const client = () => {
    const redis = rateLimitRedis(url!);
    clients.push(redis);
    return redis;
  };

  beforeAll(async () => {
    await Promise.all([client(), client()].map(ready));
  });
  afterAll(() => {
    for (const redis of clients) redis.disconnect();
  });

  it("two limiters on one Redis stay within one rate together; two without Redis allow twice", async () => {
    const keyPrefix = `test-rate-limit:${crypto.randomBytes(4).toString("hex")}:`;
    const fallbacks: unknown[] = [];
    const shared = clients
      .slice(0, 2)
      .map((redis) => new RateLimiter(RATE, { redis, keyPrefix, onFallback: (e) => fallbacks.push(e) }));
    const [a, b] = await countTakes(shared, "db");
    expect(fallbacks).toEqual([]);
    expect(a! + b!).toBeGreaterThanOrEqual(RATE);
    expect(a! + b!).toBeLessThanOrEqual(ONE_BUDGET + 6);
    // Both got a share: the budget is one, not one each and not one's alone.
    expect(Math.min(a!, b!)).toBeGreaterThan(0);

    const separate = await countTakes([new RateLimiter(RATE), new RateLimiter(RATE)], "db");
    expect(separate[0]! + separate[1]!).toBeGreaterThan(ONE_BUDGET + 6);
  });

  it("a batch reserves its tokens for every process: the other limiter waits for them", async () => {
    const keyPrefix = `test-rate-limit:${crypto.randomBytes(4).toString("hex")}:`;
    const [first, second] = clients.slice(0, 2).map((redis) => new RateLimiter(100, { redis, keyPrefix }));
    const batch = first!.take("db", 130); // 30 in debt: its caller waits 300 ms
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await second!.take("db", 1); // still ~25 in debt
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    await batch;
  });

  it("goes on limiting per process when Redis goes away, warning once, without stalling", async () => {
    const redis = client();
    await ready(redis);
    const keyPrefix = `test-rate-limit:${crypto.randomBytes(4).toString("hex")}:`;
    const fallbacks: Error[] = [];
    const limiter = new RateLimiter(RATE, { redis, keyPrefix, onFallback: (e) => fallbacks.push(e as Error) });
    await limiter.take("db", 5);
    expect(fallbacks).toEqual([]);
    redis.disconnect();

    const started = Date.now();
    await limiter.take("db");
    expect(Date.now() - started).toBeLessThan(200);
    const [count] = await countTakes([limiter], "db");
    expect(count).toBeGreaterThanOrEqual(RATE);
    expect(count).toBeLessThanOrEqual(ONE_BUDGET + 3);
    expect(fallbacks).toHaveLength(1);
    expect(fallbacks[0]!.message).toMatch(/limiting per process/);
  });

  it("takes locally without a warning while its connection is still being opened, then shares", async () => {
    const redis = client();
    const keyPrefix = `test-rate-limit:${crypto.randomBytes(4).toString("hex")}:`;
    const fallbacks: unknown[] = [];
    const limiter = new RateLimiter(RATE, { redis, keyPrefix, onFallback: (e) => fallbacks.push(e) });
    expect(redis.status).toBe("connecting");
    const started = Date.now();
    await limiter.take("db");
    expect(Date.now() - started).toBeLessThan(200);
    await ready(redis);
    await limiter.take("db", 3);
    expect(fallbacks).toEqual([]);
    // The shared bucket has the take made once connected.
    expect(Number(await redis.hget(`${keyPrefix}db`, "tokens"))).toBe((RATE - 3) * 1000);
  });

  it("falls back when Redis never answered (nothing listens)", async () => {
    const redis = new Redis({ port: 1, host: "127.0.0.1", enableOfflineQueue: false, lazyConnect: true });
    redis.on("error", () => {});
    clients.push(redis);
    const fallbacks: unknown[] = [];
    const limiter = new RateLimiter(RATE, { redis, onFallback: (e) => fallbacks.push(e) });
    const started = Date.now();
    await limiter.take("db", RATE);
    expect(Date.now() - started).toBeLessThan(200);
    expect(fallbacks).toHaveLength(1);
  });
});
