// Reading migrations: the Relay connection (newest first, filters, totalCount, paging) and scheduling.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, ok, type TestApp } from "../helpers/app.ts";
import {
  CREATE_MIGRATION,
  createEmbeddedDatabase,
  createRealm,
  processedDocuments,
  rawId,
  waitForMigration,
} from "../helpers/fixtures.ts";

describe("migration queries and scheduling", () => {
  let t: TestApp;
  let source: string;
  let target: string;
  let docs: string[];
  const ids: string[] = [];

  beforeAll(async () => {
    t = await createTestApp("pglite");
    source = await createRealm(t, "q-source");
    target = await createRealm(t, "q-target");
    await createEmbeddedDatabase(t, "q-source-db", source);
    await createEmbeddedDatabase(t, "q-target-db", target);
    docs = await processedDocuments(t, source, 3);
    for (const doc of docs) {
      const id = ok(
        await t.gql(CREATE_MIGRATION, {
          input: { type: "DOCUMENT_TO_REALM", sourceRealmId: source, targetRealmId: target, documentIds: [doc] },
        }),
        "createMigration",
      ).id;
      await waitForMigration(t, id);
      ids.push(id);
    }
  });
  afterAll(() => t?.close());

  it("lists migrations newest first with totalCount, filters and paging", async () => {
    const page = await t.gql(
      `query($r: ID!) { migrations(realmId: $r, first: 2) { totalCount edges { node { id status } } pageInfo { hasNextPage endCursor } } }`,
      { r: source },
    );
    const { totalCount, edges, pageInfo } = page.data.migrations;
    expect(totalCount).toBe(3);
    expect(edges.map((e: any) => e.node.id)).toEqual([ids[2], ids[1]]);
    expect(pageInfo.hasNextPage).toBe(true);
    const rest = await t.gql(
      `query($r: ID!, $a: String) { migrations(realmId: $r, first: 2, after: $a) { edges { node { id } } pageInfo { hasNextPage } } }`,
      { r: source, a: pageInfo.endCursor },
    );
    expect(rest.data.migrations.edges.map((e: any) => e.node.id)).toEqual([ids[0]]);
    expect(rest.data.migrations.pageInfo.hasNextPage).toBe(false);

    const filtered = await t.gql(
      `{ completed: migrations(status: COMPLETED, type: DOCUMENT_TO_REALM) { totalCount } failed: migrations(status: FAILED) { totalCount } }`,
    );
    expect(filtered.data).toEqual({ completed: { totalCount: 3 }, failed: { totalCount: 0 } });
    const items = await t.gql(
      `query($id: ID!) { migration(id: $id) { items(first: 5, status: COMPLETED) { totalCount edges { node { sourceDocumentId } } } sourceRealm { name } targetRealm { name } } }`,
      { id: ids[0] },
    );
    expect(items.data.migration).toMatchObject({
      items: { totalCount: 1, edges: [{ node: { sourceDocumentId: docs[0] } }] },
      sourceRealm: { name: "q-source" },
      targetRealm: { name: "q-target" },
    });
    expect(
      (await t.gql(`query($id: ID!) { node(id: $id) { ... on Migration { status } } }`, { id: ids[0] })).data.node,
    ).toEqual({ status: "COMPLETED" });
  });

  it("starts a scheduled migration when it is due, not before", async () => {
    const scheduledAt = new Date(Date.now() + 1500).toISOString();
    const created = ok(
      await t.gql(CREATE_MIGRATION, {
        input: {
          type: "DOCUMENT_TO_REALM",
          sourceRealmId: source,
          targetRealmId: target,
          documentIds: [docs[0]],
          scheduledAt,
          options: { conflictPolicy: "RENAME" },
        },
      }),
      "createMigration",
    );
    expect(created.status).toBe("SCHEDULED");
    await new Promise((r) => setTimeout(r, 500)); // several runner polls happen meanwhile
    const early = await t.app.services.db.prisma.migration.findUniqueOrThrow({ where: { id: rawId(created.id) } });
    expect(early).toMatchObject({ status: "SCHEDULED", startedAt: null });
    const done = await waitForMigration(t, created.id);
    expect(done.status).toBe("COMPLETED");
    expect(new Date(done.startedAt).getTime()).toBeGreaterThanOrEqual(new Date(scheduledAt).getTime());
  });
});
