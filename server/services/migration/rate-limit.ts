// Per-database rate limit for migration items: a token bucket per key, refilled continuously.
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** `perSecond` 0 disables limiting. */
  constructor(private readonly perSecond: number) {}

  /** Waits until `count` tokens of `key` are free and takes them (one at a time, so a large count never starves). */
  async take(key: string, count = 1): Promise<void> {
    for (let i = 0; i < count; i++) await this.takeOne(key);
  }

  private async takeOne(key: string): Promise<void> {
    if (this.perSecond <= 0) return;
    for (;;) {
      const now = Date.now();
      const bucket = this.buckets.get(key) ?? { tokens: this.perSecond, at: now };
      bucket.tokens = Math.min(this.perSecond, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
      bucket.at = now;
      this.buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, ((1 - bucket.tokens) / this.perSecond) * 1000));
    }
  }
}
