// JSON columns are parsed at the boundary: a well-formed stored value reads back typed, a malformed one
// fails at the read as an IntegrityError that names the column and the row.
import { describe, expect, it } from "vitest";
import { IntegrityError } from "../../server/services/errors.ts";
import { optionsOf, resolvedOf } from "../../server/services/migration/stored.ts";
import { priorStateOf } from "../../server/services/migration/prior-state.ts";
import { verificationOf } from "../../server/services/migration/verify.ts";
import { storedDeliveryOf } from "../../server/services/webhooks/outbox.ts";
import type { Migration, MigrationItem } from "../../server/generated/prisma/client.ts";

const options = {
  migrationMode: "COPY",
  copyStageFiles: true,
  reprocessStages: ["ingestor"],
  preserveOriginal: true,
  targetDatabases: ["d1"],
  conflictPolicy: "FAIL",
  sourceDatabaseId: null,
  removeFromSource: false,
};
const migration = (patch: Partial<Migration>) =>
  ({
    id: "m-1",
    type: "DOCUMENT_TO_REALM",
    sourceRealmId: "r-1",
    targetRealmId: "r-2",
    options,
    selection: { documentIds: ["doc-1"], filter: null },
    scheduledAt: null,
    ...patch,
  }) as Migration;
const item = (patch: Partial<MigrationItem>) =>
  ({ id: "i-1", priorState: null, verification: null, ...patch }) as MigrationItem;

function thrown(read: () => unknown): Error {
  try {
    read();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the read to throw");
}

describe("JSON columns", () => {
  it("read back a well-formed migration request", () => {
    expect(resolvedOf(migration({}))).toEqual({
      type: "DOCUMENT_TO_REALM",
      sourceRealmId: "r-1",
      targetRealmId: "r-2",
      // A request stored before retrieval parity existed reads with its defaults.
      options: { ...options, retrievalParity: { enabled: true, sample: 50, k: 10, threshold: 1, onBelow: "WARN" } },
      selection: { documentIds: ["doc-1"], filter: null },
      scheduledAt: null,
    });
  });

  it("refuse a malformed Migration.options with an IntegrityError naming column, row and field", () => {
    const error = thrown(() => optionsOf(migration({ options: { ...options, reprocessStages: ["ingest"] } })));
    expect(error).toBeInstanceOf(IntegrityError);
    expect(error.message).toMatch(/^Migration\.options of m-1 holds a malformed value \(reprocessStages\.0: /);
    expect(thrown(() => optionsOf(migration({ options: "COPY" })))).toBeInstanceOf(IntegrityError);
  });

  it("refuse a malformed Migration.selection", () => {
    const error = thrown(() => resolvedOf(migration({ selection: { documentIds: "doc-1", filter: null } })));
    expect(error).toBeInstanceOf(IntegrityError);
    expect(error.message).toMatch(/^Migration\.selection of m-1 .*documentIds/);
  });

  it("read MigrationItem.priorState: null stays null, a capture reads back, a malformed one is refused", () => {
    expect(priorStateOf(item({}))).toBeNull();
    const prior = {
      documentStatus: "READY",
      ingestions: {
        d1: {
          status: "SUCCEEDED",
          points: 3,
          nodes: 2,
          relationships: 1,
          contentHash: null,
          migrationId: null,
          error: null,
        },
        d2: null,
      },
      stageFiles: {},
    };
    expect(priorStateOf(item({ priorState: prior }))).toEqual(prior);
    const error = thrown(() => priorStateOf(item({ priorState: { ...prior, ingestions: { d1: { points: 3 } } } })));
    expect(error).toBeInstanceOf(IntegrityError);
    expect(error.message).toMatch(/^MigrationItem\.priorState of i-1 .*ingestions\.d1\.status/);
  });

  it("read MigrationItem.verification and refuse a malformed one", () => {
    expect(verificationOf(item({}))).toBeNull();
    const verification = { ok: true, stageFiles: [], ingestions: [] };
    expect(verificationOf(item({ verification }))).toEqual(verification);
    const error = thrown(() => verificationOf(item({ verification: { ok: "yes", stageFiles: [], ingestions: [] } })));
    expect(error).toBeInstanceOf(IntegrityError);
    expect(error.message).toMatch(/^MigrationItem\.verification of i-1 .*ok/);
  });

  it("read WebhookDelivery.payload as jsonb or as text, and refuse a malformed one", () => {
    const payload = {
      event: "migration.completed",
      sequence: 7,
      timestamp: "2026-01-01T00:00:00.000Z",
      migration: {
        id: "m-1",
        type: "DOCUMENT_TO_REALM",
        status: "COMPLETED",
        mode: "COPY",
        sourceRealmId: "r-1",
        targetRealmId: "r-2",
        totalDocuments: 1,
        processedDocuments: 1,
        failedDocuments: 0,
        skippedDocuments: 0,
        cancelledDocuments: 0,
        rolledBackDocuments: 0,
        progress: 1,
        error: null,
        createdAt: "2026-01-01T00:00:00.000Z",
        scheduledAt: null,
        startedAt: null,
        completedAt: null,
        rolledBackAt: null,
      },
      item: null,
      message: null,
    };
    expect(storedDeliveryOf(payload, "d-1")).toEqual(payload);
    expect(storedDeliveryOf(JSON.stringify(payload), "d-1")).toEqual(payload);
    const error = thrown(() => storedDeliveryOf({ ...payload, event: "item.completed" }, "d-1"));
    expect(error).toBeInstanceOf(IntegrityError);
    expect(error.message).toMatch(/^WebhookDelivery\.payload of d-1 .*event/);
  });
});
