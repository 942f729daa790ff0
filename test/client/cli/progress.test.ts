// The watch progress line: bar, percentage, failures, rate since watching began, and ETA.
import { describe, expect, it } from "vitest";
import { RateMeter, formatDuration, renderProgress, type Counts } from "../../../client/cli/progress.ts";

const counts = (done: number, failed = 0, total = 10, status = "IN_PROGRESS"): Counts => ({
  status,
  totalDocuments: total,
  processedDocuments: done,
  failedDocuments: failed,
  cancelledDocuments: 0,
});

describe("progress", () => {
  it("draws finished/total, failures, rate and ETA", () => {
    expect(renderProgress(counts(5, 1), { perSecond: 2, etaSeconds: 2 }, 10)).toBe(
      "[██████░░░░]   60%  6/10  failed 1  2.0/s  ETA 0:02  IN_PROGRESS",
    );
    // An ended run shows no "-/s" and no ETA: there is nothing left to estimate.
    expect(renderProgress(counts(0, 0, 0, "COMPLETED"), { perSecond: null, etaSeconds: 0 }, 4)).toBe(
      "[████]  100%  0/0  failed 0  COMPLETED",
    );
    expect(renderProgress(counts(3), { perSecond: null, etaSeconds: null }, 4)).toBe(
      "[█░░░]   30%  3/10  failed 0  -/s  ETA -  IN_PROGRESS",
    );
  });

  it("says reconnecting… instead of a rate while the server is unreachable", () => {
    expect(renderProgress(counts(5), { perSecond: 2, etaSeconds: 2 }, 10, { reconnecting: true })).toBe(
      "[█████░░░░░]   50%  5/10  failed 0  reconnecting…  IN_PROGRESS",
    );
  });

  it("measures a short run that ended within a second instead of showing -/s", () => {
    let now = 0;
    const meter = new RateMeter(() => now);
    meter.observe(counts(0, 0, 5));
    now = 400;
    expect(meter.observe(counts(5, 0, 5, "COMPLETED")).perSecond).toBe(12.5);
  });

  it("measures the rate from the first observation and derives the ETA", () => {
    let now = 0;
    const meter = new RateMeter(() => now);
    expect(meter.observe(counts(4))).toEqual({ perSecond: null, etaSeconds: null });
    now = 2000;
    expect(meter.observe(counts(8))).toEqual({ perSecond: 2, etaSeconds: 1 });
    now = 3000;
    expect(meter.observe(counts(10))).toEqual({ perSecond: 2, etaSeconds: 0 });
  });

  it("formats durations", () => {
    expect(formatDuration(5)).toBe("0:05");
    expect(formatDuration(125)).toBe("2:05");
    expect(formatDuration(3725)).toBe("1:02:05");
  });
});
