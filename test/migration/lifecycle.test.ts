// Failures, retries and cancellation: transient errors are retried with backoff, permanent ones fail
// the item at once and undo its partial target; retryFailedDocuments re-queues failed items only;
// cancel leaves only fully completed targets.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, ok, type TestApp } from "../helpers/app.ts";
import { Faults } from "../helpers/faults.ts";
import {
  CREATE_MIGRATION,
  createEmbeddedDatabase,
  createRealm,
  expectCountsConsistent,
  processedDocuments,
  rawId,
  waitForMigration,
} from "../helpers/fixtures.ts";

describe("migration lifecycle", () => {
  let t: TestApp;
  let source: string;
  let target: string;
  let docs: string[];
  const faults = new Faults();

  beforeAll(async () => {
    t = await createTestApp(
      "pglite",
      { MIGRATION_MAX_ATTEMPTS: "3", MIGRATION_CONCURRENCY: "1" },
      {
        wrapConnector: (connector, database) => (database.name === "flaky-target" ? faults.wrap(connector) : connector),
      },
    );
    source = await createRealm(t, "life-source");
    target = await createRealm(t, "life-target");
    await createEmbeddedDatabase(t, "life-source-db", source);
    await createEmbeddedDatabase(t, "flaky-target", target);
    docs = await processedDocuments(t, source, 8);
  });
  beforeEach(() => {
    faults.ingestFailures = [];
    faults.ingestDelayMs = 0;
  });
  afterAll(() => t?.close());

  const prisma = () => t.app.services.db.prisma;
  const migrate = async (documentIds: string[]) =>
    ok(
      await t.gql(CREATE_MIGRATION, {
        input: {
          type: "DOCUMENT_TO_REALM",
          sourceRealmId: source,
          targetRealmId: target,
          documentIds,
          options: { conflictPolicy: "RENAME" },
        },
      }),
      "createMigration",
    ).id;
  const events = async (migrationId: string) =>
    (
      await prisma().migrationEvent.findMany({
        where: { migrationId: rawId(migrationId) },
        orderBy: { sequence: "asc" },
      })
    ).map((e) => e.type);
  const hiddenTargets = () => prisma().document.count({ where: { realmId: rawId(target), status: "MIGRATING" } });

  it("retries transient errors with backoff and completes", async () => {
    faults.failIngest(2, true);
    const m = await waitForMigration(t, await migrate([docs[0]!]));
    expect(m.status).toBe("COMPLETED");
    expect(m.items.edges[0].node).toMatchObject({ status: "COMPLETED", attempt: 3 });
    expect((await events(m.id)).filter((e) => e === "item.retrying")).toHaveLength(2);
    await expectCountsConsistent(t, m.id);
  });

  it("fails a permanent error at once, undoes the partial target, and reports the stage", async () => {
    const before = await prisma().document.count({ where: { realmId: rawId(target) } });
    faults.failIngest(1, false);
    const m = await waitForMigration(t, await migrate([docs[1]!]));
    expect(m).toMatchObject({ status: "FAILED", failedDocuments: 1, processedDocuments: 0 });
    expect(m.items.edges[0].node).toMatchObject({ status: "FAILED", attempt: 1, errorStage: "INGESTOR" });
    expect(m.errors).toEqual([
      { documentId: docs[1], stage: "INGESTOR", message: expect.stringMatching(/vector size rejected/) },
    ]);
    expect(await prisma().document.count({ where: { realmId: rawId(target) } })).toBe(before);
    expect(await hiddenTargets()).toBe(0);
    await expectCountsConsistent(t, m.id);
  });

  it("retryFailedDocuments re-queues only failed items and completes them", async () => {
    faults.failIngest(3, true, "doc-2.md"); // exhausts MIGRATION_MAX_ATTEMPTS=3 for that document
    const id = await migrate([docs[2]!, docs[3]!]);
    const failed = await waitForMigration(t, id);
    expect(failed).toMatchObject({ status: "FAILED", failedDocuments: 1, processedDocuments: 1 });
    const completedBefore = failed.items.edges.find((e: any) => e.node.status === "COMPLETED").node;

    const retried = await t.gql(
      `mutation($id: ID!) { retryFailedDocuments(migrationId: $id) { __typename ... on MutationRetryFailedDocumentsSuccess { data { status failedDocuments } } ... on Error { code message } } }`,
      { id },
    );
    expect(ok(retried, "retryFailedDocuments")).toMatchObject({ status: "IN_PROGRESS", failedDocuments: 0 });
    const done = await waitForMigration(t, id);
    expect(done).toMatchObject({ status: "COMPLETED", processedDocuments: 2, failedDocuments: 0 });
    // The item that had completed was not run again.
    expect(
      done.items.edges.find((e: any) => e.node.sourceDocumentId === completedBefore.sourceDocumentId).node.attempt,
    ).toBe(completedBefore.attempt);
    await expectCountsConsistent(t, id);

    const again = await t.gql(
      `mutation($id: ID!) { retryFailedDocuments(migrationId: $id) { __typename ... on Error { code message } } }`,
      { id },
    );
    expect(again.data.retryFailedDocuments).toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringMatching(/No failed items/),
    });
  });

  it("cancels pending items at once and finishes in-flight ones, leaving only complete targets", async () => {
    faults.ingestDelayMs = 150;
    const id = await migrate(docs.slice(4, 8));
    // Wait until the first item completed, then cancel.
    for (
      let i = 0;
      i < 400 && (await prisma().migrationItem.count({ where: { migrationId: rawId(id), status: "COMPLETED" } })) === 0;
      i++
    ) {
      await new Promise((r) => setTimeout(r, 25));
    }
    const cancelled = await t.gql(
      `mutation($id: ID!) { cancelMigration(id: $id) { __typename ... on MutationCancelMigrationSuccess { data { status } } ... on Error { code message } } }`,
      { id },
    );
    expect(ok(cancelled, "cancelMigration").status).toBe("CANCELLING");
    const m = await waitForMigration(t, id);
    expect(m.status).toBe("CANCELLED");
    const completed = m.items.edges
      .filter((e: any) => e.node.status === "COMPLETED")
      .map((e: any) => rawId(e.node.targetDocumentId));
    expect(completed.length).toBeGreaterThanOrEqual(1);
    expect(m.cancelledDocuments).toBe(4 - completed.length);
    // Every cancelled item has its item.cancelled event (written with the cancel, or when an in-flight item
    // ended cancelled); each moves cancelledDocuments by one, in sequence.
    const stored = await prisma().migrationEvent.findMany({
      where: { migrationId: rawId(id) },
      orderBy: { sequence: "asc" },
    });
    expect(stored.map((e) => e.sequence)).toEqual(stored.map((_, i) => i + 1));
    const cancelledItems = await prisma().migrationItem.findMany({
      where: { migrationId: rawId(id), status: "CANCELLED" },
    });
    expect(cancelledItems).toHaveLength(m.cancelledDocuments);
    const cancelEvents = stored.filter((e) => e.type === "item.cancelled").map((e) => e.payload as any);
    expect(cancelEvents.map((e) => e.item.id).sort()).toEqual(cancelledItems.map((i) => i.id).sort());
    expect(cancelEvents.map((e) => e.cancelledDocuments)).toEqual(cancelEvents.map((_, i) => i + 1));
    expect(cancelEvents.every((e) => e.item.status === "CANCELLED")).toBe(true);
    expect(await hiddenTargets()).toBe(0);
    const targets = await prisma().document.findMany({ where: { migrationId: rawId(id) } });
    expect(targets.map((d) => d.id).sort()).toEqual([...completed].sort());
    expect(targets.every((d) => d.status === "READY")).toBe(true);
    await expectCountsConsistent(t, id);

    const twice = await t.gql(
      `mutation($id: ID!) { cancelMigration(id: $id) { __typename ... on Error { code message } } }`,
      { id },
    );
    expect(twice.data.cancelMigration).toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/already CANCELLED/),
    });
  });
});
