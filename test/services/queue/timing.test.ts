// The queue's arithmetic on its own: the one backoff formula every queue uses (doubling per attempt, jitter
// in [0.5, 1.5), whole milliseconds) and the heartbeat period that renews leases well inside a lease.
import { describe, expect, it } from "vitest";
import { backoffMs, heartbeatMs } from "../../../server/services/queue/timing.ts";

describe("backoffMs", () => {
  it("doubles per attempt from the base, at the middle of the jitter", () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5].map((attempt) => backoffMs(attempt, 100, middle))).toEqual([100, 200, 400, 800, 1600]);
  });

  it("jitters between half and one and a half times the step", () => {
    expect(backoffMs(3, 1000, () => 0)).toBe(2000);
    expect(backoffMs(3, 1000, () => 0.999999)).toBe(6000);
    for (let i = 0; i < 1000; i++) {
      const delay = backoffMs(2, 250);
      expect(delay).toBeGreaterThanOrEqual(250);
      expect(delay).toBeLessThanOrEqual(750);
    }
  });

  it("spreads workers that failed together: random draws give different waits", () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffMs(4, 1000)));
    expect(delays.size).toBeGreaterThan(25);
  });

  it("is whole milliseconds, so a log's retryInMs is the wait", () => {
    expect(backoffMs(1, 20, () => 0.123456)).toBe(12);
    expect(Number.isInteger(backoffMs(7, 33))).toBe(true);
  });

  it("treats attempt 0 as the first attempt instead of halving the base", () => {
    expect(backoffMs(0, 100, () => 0.5)).toBe(100);
  });

  it("keeps each queue's base: the runner's and the dispatcher's configs give their own scale", () => {
    expect(backoffMs(2, 20, () => 0.5)).toBe(40); // tests' MIGRATION_RETRY_BASE_MS
    expect(backoffMs(2, 5000, () => 0.5)).toBe(10_000);
  });
});

describe("heartbeatMs", () => {
  it("renews three times per lease", () => {
    expect(heartbeatMs(30_000)).toBe(10_000);
    expect(heartbeatMs(3000)).toBe(1000);
  });

  it("never renews more often than every 100 ms", () => {
    expect(heartbeatMs(150)).toBe(100);
    expect(heartbeatMs(0)).toBe(100);
  });
});
