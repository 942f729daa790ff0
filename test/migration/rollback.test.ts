// rollbackMigration puts every migration type back: a snapshot of the realms (documents, stage files,
// ingestion rows, what each database holds) taken before the migration equals one taken after the
// rollback. Also: items are undone newest first with events; refusals (running, changed targets, twice)
// write nothing; an incomplete rollback ends FAILED and a second call finishes it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, ok, type TestApp } from "../helpers/app.ts";
import { Faults } from "../helpers/faults.ts";
import {
  attach,
  CREATE_MIGRATION,
  createEmbeddedDatabase,
  createRealm,
  expectCountsConsistent,
  processedDocuments,
  rawId,
  waitForMigration,
} from "../helpers/fixtures.ts";
import { dialects } from "../helpers/services.ts";
import { realmSnapshot } from "../helpers/snapshot.ts";

export const ROLLBACK = `mutation R($id: ID!, $force: Boolean) {
  rollbackMigration(id: $id, force: $force) {
    __typename
    ... on MutationRollbackMigrationSuccess { data { id status rollbackRequestedAt rollbackForced } }
    ... on Error { code message path }
  }
}`;

describe.each(dialects())("rollbackMigration (%s)", (dialect) => {
  let t: TestApp;
  let source: string;
  let target: string;
  let sourceDb: string;
  let docs: string[];
  const faults = new Faults();

  beforeAll(async () => {
    t = await createTestApp(
      dialect,
      { MIGRATION_MAX_ATTEMPTS: "2", MIGRATION_CONCURRENCY: "2" },
      {
        wrapConnector: (connector, database) =>
          database.name.startsWith("rb-flaky") ? faults.wrap(connector) : connector,
      },
    );
    source = await createRealm(t, "rb-source");
    target = await createRealm(t, "rb-target");
    sourceDb = await createEmbeddedDatabase(t, "rb-source-db", source);
    await createEmbeddedDatabase(t, "rb-flaky-target", target);
    docs = await processedDocuments(t, source, 4, "rb");
  }, 120_000);
  beforeEach(() => {
    faults.ingestFailures = [];
  });
  afterAll(() => t?.close());

  const prisma = () => t.app.services.db.prisma;
  const snapshot = () => realmSnapshot(t.app.services, [rawId(source), rawId(target)]);
  const create = async (input: Record<string, unknown>) =>
    ok(await t.gql(CREATE_MIGRATION, { input }), "createMigration").id as string;
  const rollback = (id: string, force?: boolean) => t.gql(ROLLBACK, { id, force });
  const rolledBack = async (id: string) => {
    ok(await rollback(id), "rollbackMigration");
    return waitForMigration(t, id);
  };
  const eventTypes = async (id: string) =>
    (await prisma().migrationEvent.findMany({ where: { migrationId: rawId(id) }, orderBy: { sequence: "asc" } })).map(
      (e) => e.type,
    );
  const copyAll = (mode: "COPY" | "MOVE") =>
    create({
      type: "DOCUMENT_TO_REALM",
      sourceRealmId: source,
      targetRealmId: target,
      documentIds: docs,
      options: { migrationMode: mode, conflictPolicy: "RENAME" },
    });

  it("COPY: targets, their stage files and records go; items undone newest first, with events", async () => {
    const before = await snapshot();
    const id = await copyAll("COPY");
    expect((await waitForMigration(t, id)).status).toBe("COMPLETED");
    expect(await snapshot()).not.toEqual(before);

    const m = await rolledBack(id);
    expect(m).toMatchObject({ status: "ROLLED_BACK", progress: 1 });
    expect(await snapshot()).toEqual(before);
    const row = await prisma().migration.findUniqueOrThrow({ where: { id: rawId(id) } });
    expect(row).toMatchObject({ rolledBackDocuments: 4, rollbackForced: false });
    expect(row.rolledBackAt).not.toBeNull();
    const types = await eventTypes(id);
    expect(types.slice(types.indexOf("migration.rolling_back"))).toEqual([
      "migration.rolling_back",
      "item.rolled_back",
      "item.rolled_back",
      "item.rolled_back",
      "item.rolled_back",
      "migration.rolled_back",
    ]);
    const items = await prisma().migrationItem.findMany({ where: { migrationId: rawId(id) } });
    expect(items.every((i) => i.rollbackStatus === "DONE" && i.rolledBackAt !== null)).toBe(true);
    // Newest first: with two workers the first two undone are the last two ordinals.
    const undone = [...items].sort((a, b) => a.rolledBackAt!.getTime() - b.rolledBackAt!.getTime());
    expect(
      undone
        .slice(0, 2)
        .map((i) => i.ordinal)
        .sort(),
    ).toEqual([3, 4]);
    await expectCountsConsistent(t, id);
    // The stage files' blobs stay: the sources still point at them.
    for (const file of await prisma().stageFile.findMany({ where: { document: { realmId: rawId(source) } } }))
      expect(await t.app.services.blobs.readText(file.sha256)).toBeTypeOf("string");
  });

  it("MOVE: sources come back to their status and are re-ingested into their databases", async () => {
    const before = await snapshot();
    const id = await copyAll("MOVE");
    expect((await waitForMigration(t, id)).status).toBe("COMPLETED");
    expect(await prisma().document.count({ where: { realmId: rawId(source), status: "RETIRED" } })).toBe(4);
    expect((await rolledBack(id)).status).toBe("ROLLED_BACK");
    expect(await snapshot()).toEqual(before);
  });

  it("REALM_DATABASE_ADDITION: the backfilled records and rows go, the ingestor's files are as before", async () => {
    const added = await createEmbeddedDatabase(t, "rb-added", source);
    const before = await snapshot();
    const id = await create({
      type: "REALM_DATABASE_ADDITION",
      sourceRealmId: source,
      filter: {},
      options: { targetDatabases: [added] },
    });
    expect((await waitForMigration(t, id)).status).toBe("COMPLETED");
    expect(await prisma().ingestion.count({ where: { databaseId: rawId(added), status: "SUCCEEDED" } })).toBe(4);
    expect((await rolledBack(id)).status).toBe("ROLLED_BACK");
    expect(await snapshot()).toEqual(before);
  });

  it("CROSS_DATABASE with removeFromSource: target records go, the source's are restored from the backup", async () => {
    const other = await createEmbeddedDatabase(t, "rb-cross-target", source);
    const before = await snapshot();
    const id = await create({
      type: "CROSS_DATABASE",
      sourceRealmId: source,
      filter: {},
      options: { sourceDatabaseId: sourceDb, targetDatabases: [other], removeFromSource: true },
    });
    expect((await waitForMigration(t, id)).status).toBe("COMPLETED");
    expect(await prisma().ingestion.count({ where: { databaseId: rawId(sourceDb), status: "REMOVED" } })).toBe(4);
    expect((await rolledBack(id)).status).toBe("ROLLED_BACK");
    expect(await snapshot()).toEqual(before);
  });

  it("a FAILED migration rolls back its completed items and what its failed item left", async () => {
    const before = await snapshot();
    const titles = await prisma().document.findMany({
      where: { id: { in: docs.map(rawId) } },
      select: { title: true },
    });
    faults.failIngest(1, false, titles[2]!.title);
    const id = await copyAll("COPY");
    const m = await waitForMigration(t, id);
    expect(m).toMatchObject({ status: "FAILED", failedDocuments: 1 });
    expect((await rolledBack(id)).status).toBe("ROLLED_BACK");
    expect(await snapshot()).toEqual(before);
  });

  it("refuses while a migration has not ended, and a second rollback; nothing is written", async () => {
    const scheduled = await create({
      type: "DOCUMENT_TO_REALM",
      sourceRealmId: source,
      targetRealmId: target,
      documentIds: docs.slice(0, 1),
      options: { conflictPolicy: "RENAME" },
      scheduledAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const refused = await rollback(scheduled);
    expect(refused.data.rollbackMigration).toMatchObject({ __typename: "ConflictError", code: "CONFLICT" });
    expect(refused.data.rollbackMigration.message).toMatch(/SCHEDULED migration cannot be rolled back/);
    expect(await prisma().migration.findUniqueOrThrow({ where: { id: rawId(scheduled) } })).toMatchObject({
      status: "SCHEDULED",
      rollbackRequestedAt: null,
    });

    const id = await copyAll("COPY");
    await waitForMigration(t, id);
    await rolledBack(id);
    const sequence = (await prisma().migration.findUniqueOrThrow({ where: { id: rawId(id) } })).lastSequence;
    const again = await rollback(id);
    expect(again.data.rollbackMigration).toMatchObject({ code: "CONFLICT" });
    expect(again.data.rollbackMigration.message).toMatch(/already ROLLED_BACK/);
    expect((await prisma().migration.findUniqueOrThrow({ where: { id: rawId(id) } })).lastSequence).toBe(sequence);
  });

  it("refuses when a target changed after the migration, unless forced", async () => {
    const id = await copyAll("COPY");
    const m = await waitForMigration(t, id);
    const changed = m.items.edges[0].node.targetDocumentId as string;
    const processed = await t.gql(
      `mutation($id: ID!) { processDocument(input: { id: $id }) { __typename ... on Error { code message } } }`,
      { id: changed },
    );
    ok(processed, "processDocument");
    await t.app.services.processor.idle();
    const after = await snapshot();

    const refused = await rollback(id);
    expect(refused.data.rollbackMigration).toMatchObject({ code: "CONFLICT", path: ["force"] });
    expect(refused.data.rollbackMigration.message).toMatch(
      new RegExp(`${rawId(changed)} \\((updated|re-processed)\\)`),
    );
    expect(await snapshot()).toEqual(after);
    expect((await prisma().migration.findUniqueOrThrow({ where: { id: rawId(id) } })).status).toBe("COMPLETED");

    const forced = ok(await rollback(id, true), "rollbackMigration");
    expect(forced).toMatchObject({ status: "ROLLING_BACK", rollbackForced: true });
    expect((await waitForMigration(t, id)).status).toBe("ROLLED_BACK");
    expect(await prisma().document.count({ where: { realmId: rawId(target) } })).toBe(0);
  });

  it("an item that cannot be undone ends the rollback FAILED; rolling back again finishes it", async () => {
    const before = await snapshot();
    const id = await copyAll("MOVE");
    await waitForMigration(t, id);
    // A new document takes a moved source's title: that source cannot come back under it.
    const moved = await prisma().document.findUniqueOrThrow({ where: { id: rawId(docs[1]!) } });
    const blocker = ok(
      await t.upload({ realmId: source, name: "blocker.md", type: "text/markdown", content: "# Blocker\n" }),
      "createDocument",
    ).id as string;
    await prisma().document.update({ where: { id: rawId(blocker) }, data: { title: moved.title } });

    ok(await rollback(id), "rollbackMigration");
    const failed = await waitForMigration(t, id);
    expect(failed.status).toBe("FAILED");
    const row = await prisma().migration.findUniqueOrThrow({ where: { id: rawId(id) } });
    expect(row.error).toMatch(/Rollback incomplete: 1 item/);
    expect(row.rolledBackDocuments).toBe(3);
    const stuck = await prisma().migrationItem.findFirstOrThrow({
      where: { migrationId: rawId(id), rollbackStatus: "FAILED" },
    });
    expect(stuck.sourceDocumentId).toBe(rawId(docs[1]!));
    expect(stuck.rollbackError).toMatch(/another document with that title/);
    expect(await eventTypes(id)).toContain("migration.rollback_failed");

    ok(
      await t.gql(`mutation($id: ID!) { deleteDocument(id: $id) { __typename ... on Error { message } } }`, {
        id: blocker,
      }),
      "deleteDocument",
    );
    expect((await rolledBack(id)).status).toBe("ROLLED_BACK");
    expect((await prisma().migration.findUniqueOrThrow({ where: { id: rawId(id) } })).rolledBackDocuments).toBe(4);
    expect(await snapshot()).toEqual(before);
  });

  it("a target document attached to another database later still goes: the check looks at its own rows", async () => {
    // Attaching a database to the target realm changes nothing this migration wrote.
    const id = await copyAll("COPY");
    await waitForMigration(t, id);
    const later = await createEmbeddedDatabase(t, "rb-later");
    await attach(t, target, later);
    expect((await rolledBack(id)).status).toBe("ROLLED_BACK");
    expect(await prisma().document.count({ where: { realmId: rawId(target) } })).toBe(0);
  });
});
