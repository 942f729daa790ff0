// Retries a piece of database work while the database is unavailable (see isDatabaseUnavailable), with
// capped exponential backoff and jitter, until a deadline. Other errors, and the last one at the deadline,
// are thrown as they are. The work must be safe to run again (a transaction that rolled back, or a guarded
// write that is a no-op once it committed).
import { isDatabaseUnavailable } from "../prisma-errors.ts";

export interface RetryOptions {
  /** Give up once this long has passed since the first try. */
  deadlineMs: number;
  /** First wait; doubled per try up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Called before each wait. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

export async function retryWhileUnavailable<T>(work: () => Promise<T>, options: RetryOptions): Promise<T> {
  const { deadlineMs, baseDelayMs = 100, maxDelayMs = 1000, onRetry } = options;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)) * (0.75 + Math.random() / 2);
      if (!isDatabaseUnavailable(error) || Date.now() - started + delay > deadlineMs) throw error;
      onRetry?.(error, attempt, delay);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
