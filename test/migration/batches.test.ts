// Set-based execution keeps per-item truth: items run in sets of MIGRATION_BATCH_SIZE, and a batch is never
// a unit of failure. A failure in the middle of a set fails (or retries) only its item while the rest commit;
// a cancel during a set cancels what waits and ends the set's items completed or cancelled, never half; one set
// spans every conflict-policy outcome (create, rename, skip) with titles resolved across the set.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, ok, type TestApp } from "../helpers/app.ts";
import { dialects } from "../helpers/services.ts";
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

describe.each(dialects())("set-based execution on %s", (dialect) => {
  let t: TestApp;
  let source: string;
  let docs: string[];
  const faults = new Faults();

  beforeAll(async () => {
    t = await createTestApp(
      dialect,
      {
        MIGRATION_BATCH_SIZE: "8",
        MIGRATION_CONCURRENCY: "8",
        MIGRATION_MAX_ATTEMPTS: "3",
        MIGRATION_RETRY_BASE_MS: "50",
      },
      { wrapConnector: (c, database) => (database.name.startsWith("batch-target") ? faults.wrap(c) : c) },
    );
    source = await createRealm(t, "batch-source");
    await createEmbeddedDatabase(t, "batch-source-store", source);
    docs = await processedDocuments(t, source, 8, "batch");
  }, 120_000);
  afterAll(() => t?.close());

  const prisma = () => t.app.services.db.prisma;
  let realms = 0;
  async function targetRealm(): Promise<string> {
    const realm = await createRealm(t, `batch-target-${++realms}`);
    await createEmbeddedDatabase(t, `batch-target-store-${realms}`, realm);
    return realm;
  }
  async function migrate(target: string, ids: string[], options: object = {}): Promise<string> {
    const created = await t.gql(CREATE_MIGRATION, {
      input: { type: "DOCUMENT_TO_REALM", sourceRealmId: source, targetRealmId: target, documentIds: ids, options },
    });
    return ok(created, "createMigration").id;
  }
  const itemsOf = (id: string) =>
    prisma().migrationItem.findMany({ where: { migrationId: rawId(id) }, orderBy: { ordinal: "asc" } });
  /** Every item of the migration was claimed in one set: all its item.started events in one transaction. */
  async function startedTogether(id: string): Promise<boolean> {
    const started = await prisma().migrationEvent.findMany({
      where: { migrationId: rawId(id), type: "item.started" },
    });
    return new Set(started.map((e) => e.createdAt.getTime())).size === 1;
  }

  it("a permanent failure in the middle of a set fails only its item; the rest of the set commits", async () => {
    const target = await targetRealm();
    faults.failIngest(1, false, "batch-3.md");
    const id = await migrate(target, docs);
    const m = await waitForMigration(t, id);
    expect(m).toMatchObject({ status: "FAILED", totalDocuments: 8, processedDocuments: 7, failedDocuments: 1 });
    expect(await startedTogether(id)).toBe(true);
    const items = await itemsOf(id);
    const failed = items.filter((i) => i.status === "FAILED");
    expect(failed).toHaveLength(1);
    expect(failed[0]!.errorStage).toBe("ingestor");
    expect(failed[0]!.error).toMatch(/vector size rejected \(injected\)/);
    const failedSource = await prisma().document.findUniqueOrThrow({ where: { id: failed[0]!.sourceDocumentId } });
    expect(failedSource.title).toBe("batch-3.md");
    // The others: completed once, their targets READY and verified; the failed one left no target behind.
    const completed = items.filter((i) => i.status === "COMPLETED");
    expect(completed).toHaveLength(7);
    expect(completed.every((i) => i.attempt === 1 && i.targetDocumentId !== null)).toBe(true);
    const targets = await prisma().document.findMany({ where: { realmId: rawId(target) } });
    expect(targets.map((d) => d.id).sort()).toEqual(completed.map((i) => i.targetDocumentId).sort());
    expect(targets.every((d) => d.status === "READY")).toBe(true);
    for (const item of completed) {
      const chunks = await prisma().embeddedChunk.count({ where: { documentId: item.targetDocumentId! } });
      expect(chunks).toBeGreaterThan(0);
    }
    await expectCountsConsistent(t, id);
  });

  it("a transient failure in the middle of a set retries only its item; the rest complete on their first attempt", async () => {
    const target = await targetRealm();
    faults.failIngest(1, true, "batch-5.md");
    const id = await migrate(target, docs);
    const m = await waitForMigration(t, id);
    expect(m).toMatchObject({ status: "COMPLETED", processedDocuments: 8, failedDocuments: 0 });
    expect(await startedTogether(id)).toBe(false); // the retried item was claimed again, alone
    const items = await itemsOf(id);
    const retried = items.filter((i) => i.attempt > 1);
    expect(retried).toHaveLength(1);
    expect((await prisma().document.findUniqueOrThrow({ where: { id: retried[0]!.sourceDocumentId } })).title).toBe(
      "batch-5.md",
    );
    expect(items.filter((i) => i.attempt === 1)).toHaveLength(7);
    const events = await prisma().migrationEvent.findMany({
      where: { migrationId: rawId(id) },
      orderBy: { sequence: "asc" },
    });
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === "item.retrying")).toHaveLength(1);
    const completions = events.filter((e) => e.type === "item.completed").map((e) => (e.payload as any).item.id);
    expect(completions.sort()).toEqual(items.map((i) => i.id).sort());
    expect(await prisma().document.count({ where: { realmId: rawId(target), status: "READY" } })).toBe(8);
    await expectCountsConsistent(t, id);
  });

  it("one set spans create and rename, and create and skip", async () => {
    // The target realm already has two of the titles, and the first one's first rename too.
    const target = await targetRealm();
    await processedDocuments(t, target, 2, "batch");
    ok(
      await t.upload({ realmId: target, name: "batch-0.md (2)", type: "text/markdown", content: "# taken" }),
      "createDocument",
    );
    const renamed = await migrate(target, docs.slice(0, 4), { conflictPolicy: "RENAME" });
    const m = await waitForMigration(t, renamed);
    expect(m).toMatchObject({ status: "COMPLETED", processedDocuments: 4, skippedDocuments: 0 });
    expect(await startedTogether(renamed)).toBe(true);
    const titles = (await itemsOf(renamed)).map((i) => i.targetTitle);
    expect(titles).toEqual(["batch-0.md (3)", "batch-1.md (2)", "batch-2.md", "batch-3.md"]);
    const active = await prisma().document.findMany({ where: { realmId: rawId(target), retiredAt: null } });
    expect(new Set(active.map((d) => d.title)).size).toBe(active.length);
    await expectCountsConsistent(t, renamed);

    const other = await targetRealm();
    await processedDocuments(t, other, 1, "batch");
    const skipped = await migrate(other, docs.slice(0, 3), { conflictPolicy: "SKIP" });
    const s = await waitForMigration(t, skipped);
    expect(s).toMatchObject({ status: "COMPLETED", processedDocuments: 3, skippedDocuments: 1 });
    expect(await startedTogether(skipped)).toBe(true);
    const items = await itemsOf(skipped);
    expect(items.map((i) => i.status)).toEqual(["SKIPPED", "COMPLETED", "COMPLETED"]);
    expect(items.map((i) => i.targetTitle)).toEqual([null, "batch-1.md", "batch-2.md"]);
    expect(await prisma().document.count({ where: { realmId: rawId(other), migrationId: rawId(skipped) } })).toBe(2);
    await expectCountsConsistent(t, skipped);
  });

  it("a cancel during a set cancels what waits at once and ends the set's items whole", async () => {
    const target = await targetRealm();
    // Twelve documents, sets of 8 and 8 in flight: one set runs (slowly) while four items wait.
    const extra = await processedDocuments(t, source, 4, "batch-extra");
    faults.ingestDelayMs = 1500;
    const id = await migrate(target, [...docs, ...extra]);
    const count = (status: "IN_PROGRESS" | "CANCELLED" | "PENDING") =>
      prisma().migrationItem.count({ where: { migrationId: rawId(id), status } });
    for (let i = 0; i < 400 && (await count("IN_PROGRESS")) < 8; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await count("IN_PROGRESS")).toBe(8);
    const cancelled = await t.gql(
      `mutation($id: ID!) { cancelMigration(id: $id) { __typename ... on MutationCancelMigrationSuccess { data { status } } ... on Error { code message } } }`,
      { id },
    );
    expect(ok(cancelled, "cancelMigration").status).toBe("CANCELLING");
    // What waited is cancelled by the cancel itself; the set in flight is still at work.
    expect(await count("CANCELLED")).toBe(4);
    expect(await count("PENDING")).toBe(0);
    expect(await count("IN_PROGRESS")).toBe(8);
    const m = await waitForMigration(t, id);
    faults.ingestDelayMs = 0;
    expect(m.status).toBe("CANCELLED");
    const items = await itemsOf(id);
    // Each item ended once, completed or cancelled; nothing half-done is left.
    expect(items.every((i) => i.status === "COMPLETED" || i.status === "CANCELLED")).toBe(true);
    expect(items.every((i) => i.leaseOwner === null)).toBe(true);
    const completed = items.filter((i) => i.status === "COMPLETED");
    const targets = await prisma().document.findMany({ where: { migrationId: rawId(id) } });
    expect(targets.map((d) => d.id).sort()).toEqual(completed.map((i) => i.targetDocumentId).sort());
    expect(targets.every((d) => d.status === "READY")).toBe(true);
    const events = await prisma().migrationEvent.findMany({
      where: { migrationId: rawId(id) },
      orderBy: { sequence: "asc" },
    });
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
    const ends = events.filter((e) => e.type === "item.completed" || e.type === "item.cancelled");
    expect(ends.map((e) => (e.payload as any).item.id).sort()).toEqual(items.map((i) => i.id).sort());
    await expectCountsConsistent(t, id);
  }, 60_000);
});
