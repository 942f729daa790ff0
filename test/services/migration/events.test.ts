// Counter deltas: how the migration's counters move when an item changes status. Every transition of
// every pair of statuses is checked against the counting rule, and the ones the engine makes by name.
import { describe, expect, it } from "vitest";
import { deltaFor, progressOf } from "../../../server/services/migration/events.ts";
import { MIGRATION_ITEM_STATUSES, type MigrationItemStatus } from "../../../server/services/vocabulary.ts";

const zero = { processed: 0, skipped: 0, failed: 0, cancelled: 0 };

/** The counting rule: processed counts COMPLETED and SKIPPED items; the others count their own status. */
function counted(status: MigrationItemStatus) {
  return {
    processed: status === "COMPLETED" || status === "SKIPPED" ? 1 : 0,
    skipped: status === "SKIPPED" ? 1 : 0,
    failed: status === "FAILED" ? 1 : 0,
    cancelled: status === "CANCELLED" ? 1 : 0,
  };
}

describe("deltaFor", () => {
  it("moves each counter by what the item leaves and what it enters, for every pair of statuses", () => {
    for (const from of MIGRATION_ITEM_STATUSES)
      for (const to of MIGRATION_ITEM_STATUSES) {
        const [a, b] = [counted(from), counted(to)];
        expect(deltaFor(from, to), `${from} → ${to}`).toEqual({
          processed: b.processed - a.processed,
          skipped: b.skipped - a.skipped,
          failed: b.failed - a.failed,
          cancelled: b.cancelled - a.cancelled,
        });
      }
  });

  it("names the transitions the engine makes", () => {
    expect(deltaFor("PENDING", "IN_PROGRESS")).toEqual(zero);
    expect(deltaFor("IN_PROGRESS", "COMPLETED")).toEqual({ ...zero, processed: 1 });
    expect(deltaFor("IN_PROGRESS", "SKIPPED")).toEqual({ ...zero, processed: 1, skipped: 1 });
    expect(deltaFor("IN_PROGRESS", "FAILED")).toEqual({ ...zero, failed: 1 });
    expect(deltaFor("IN_PROGRESS", "PENDING")).toEqual(zero);
    expect(deltaFor("PENDING", "CANCELLED")).toEqual({ ...zero, cancelled: 1 });
    // retryMigration puts failed items back: the failure counts no more.
    expect(deltaFor("FAILED", "PENDING")).toEqual({ ...zero, failed: -1 });
  });

  it("scales by count (one statement moving many items)", () => {
    expect(deltaFor("FAILED", "PENDING", 7)).toEqual({ ...zero, failed: -7 });
    expect(deltaFor("PENDING", "CANCELLED", 3)).toEqual({ ...zero, cancelled: 3 });
    expect(deltaFor("PENDING", "SKIPPED", 0)).toEqual({ processed: 0, skipped: 0, failed: 0, cancelled: 0 });
  });

  it("adds up along a path to the delta of its ends (counters never drift)", () => {
    const path: MigrationItemStatus[] = ["PENDING", "IN_PROGRESS", "FAILED", "PENDING", "IN_PROGRESS", "COMPLETED"];
    const sum = { ...zero };
    for (let i = 1; i < path.length; i++) {
      const d = deltaFor(path[i - 1]!, path[i]!);
      for (const k of Object.keys(sum) as Array<keyof typeof sum>) sum[k] += d[k] ?? 0;
    }
    expect(sum).toEqual(deltaFor("PENDING", "COMPLETED"));
    expect(deltaFor("COMPLETED", "COMPLETED")).toEqual(zero);
  });
});

describe("progressOf", () => {
  const m = {
    status: "IN_PROGRESS" as const,
    totalDocuments: 10,
    processedDocuments: 4,
    failedDocuments: 1,
    cancelledDocuments: 1,
    rolledBackDocuments: 0,
  };

  it("is the share of items done (processed, failed or cancelled) while running", () => {
    expect(progressOf(m)).toBeCloseTo(0.6);
  });

  it("is the share rolled back during and after a rollback", () => {
    expect(progressOf({ ...m, status: "ROLLING_BACK", rolledBackDocuments: 3 })).toBeCloseTo(0.3);
    expect(progressOf({ ...m, status: "ROLLED_BACK", rolledBackDocuments: 10 })).toBe(1);
  });

  it("is 1 for an empty migration and never above 1", () => {
    expect(progressOf({ ...m, totalDocuments: 0 })).toBe(1);
    expect(progressOf({ ...m, processedDocuments: 20 })).toBe(1);
  });
});
