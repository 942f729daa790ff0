// REALM_DATABASE_ADDITION (backfill a newly attached database, existing ingestions untouched) and
// CROSS_DATABASE (export → backup → ingest → verify → optionally remove from the source) on the embedded store.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, ok, type TestApp } from "../helpers/app.ts";
import { dialects } from "../helpers/services.ts";
import {
  CREATE_MIGRATION,
  createEmbeddedDatabase,
  createRealm,
  expectCountsConsistent,
  processedDocuments,
  rawId,
  waitForMigration,
} from "../helpers/fixtures.ts";

describe.each(dialects())("database migrations on %s", (dialect) => {
  let t: TestApp;
  let realm: string;
  let first: string;
  let docs: string[];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    realm = await createRealm(t, "library");
    first = await createEmbeddedDatabase(t, "first", realm);
    docs = await processedDocuments(t, realm, 3);
  });
  afterAll(() => t?.close());

  const prisma = () => t.app.services.db.prisma;

  it("backfills a newly attached database and leaves existing ingestions untouched", async () => {
    const before = await prisma().ingestion.findMany({
      where: { databaseId: rawId(first) },
      orderBy: { documentId: "asc" },
    });
    const second = await createEmbeddedDatabase(t, "second");
    const attached = await t.gql(
      `mutation($r: ID!, $d: ID!) { addDatabaseToRealm(input: { realmId: $r, databaseId: $d, backfill: true }) {
        __typename ... on MutationAddDatabaseToRealmSuccess { data { realmDatabase { database { name } } migration { id type totalDocuments } } } } }`,
      { r: realm, d: second },
    );
    const { migration } = ok(attached, "addDatabaseToRealm");
    expect(migration).toMatchObject({ type: "REALM_DATABASE_ADDITION", totalDocuments: 3 });
    const m = await waitForMigration(t, migration.id);
    expect(m).toMatchObject({ status: "COMPLETED", processedDocuments: 3 });
    await expectCountsConsistent(t, m.id);

    for (const id of docs.map(rawId)) {
      const rows = await prisma().ingestion.findMany({ where: { documentId: id } });
      const firstRow = rows.find((r) => r.databaseId === rawId(first))!;
      const secondRow = rows.find((r) => r.databaseId === rawId(second))!;
      expect(secondRow).toMatchObject({
        status: "SUCCEEDED",
        points: firstRow.points,
        nodes: firstRow.nodes,
        relationships: firstRow.relationships,
        contentHash: firstRow.contentHash,
      });
      expect(await prisma().embeddedChunk.count({ where: { databaseId: rawId(second), documentId: id } })).toBe(
        firstRow.points,
      );
    }
    // The first database's rows were not rewritten.
    expect(
      await prisma().ingestion.findMany({ where: { databaseId: rawId(first) }, orderBy: { documentId: "asc" } }),
    ).toEqual(before);
    for (const { node } of m.items.edges) expect(node.verification.ok).toBe(true);
  });

  it("moves records between databases with removeFromSource, keeping a backup", async () => {
    const third = await createEmbeddedDatabase(t, "third", realm);
    const sourceCounts = await prisma().ingestion.findMany({ where: { databaseId: rawId(first) } });
    const created = await t.gql(CREATE_MIGRATION, {
      input: {
        type: "CROSS_DATABASE",
        sourceRealmId: realm,
        filter: {},
        options: { sourceDatabaseId: first, targetDatabases: [third], removeFromSource: true },
      },
    });
    const m = await waitForMigration(t, ok(created, "createMigration").id);
    expect(m).toMatchObject({ status: "COMPLETED", totalDocuments: 3, processedDocuments: 3 });
    await expectCountsConsistent(t, m.id);

    for (const source of sourceCounts) {
      const moved = await prisma().ingestion.findUniqueOrThrow({
        where: { documentId_databaseId: { documentId: source.documentId, databaseId: rawId(third) } },
      });
      expect(moved).toMatchObject({
        status: "SUCCEEDED",
        points: source.points,
        nodes: source.nodes,
        relationships: source.relationships,
        contentHash: source.contentHash,
      });
      const after = await prisma().ingestion.findUniqueOrThrow({ where: { id: source.id } });
      expect(after).toMatchObject({ status: "REMOVED", points: 0 });
    }
    expect(await prisma().embeddedChunk.count({ where: { databaseId: rawId(first) } })).toBe(0);
    expect(await prisma().embeddedMention.count({ where: { databaseId: rawId(first) } })).toBe(0);

    const items = await prisma().migrationItem.findMany({ where: { migrationId: rawId(m.id) } });
    for (const item of items) {
      expect(item.backupSha256).toMatch(/^[0-9a-f]{64}$/);
      const backup = JSON.parse(await t.app.services.blobs.readText(item.backupSha256!));
      const source = sourceCounts.find((s) => s.documentId === item.sourceDocumentId)!;
      expect(backup.chunks).toHaveLength(source.points);
      expect(backup.documentId).toBe(item.sourceDocumentId);
    }
  });
});
