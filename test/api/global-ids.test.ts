// One id format: every id a client reads (items, options, plans, errors, the viewer) is the global id its
// object answers to in `node(id)`, so it joins without decoding; arguments still take bare UUIDs.
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

const MIGRATION_IDS = `query($id: ID!) {
  migration(id: $id) {
    id
    options { targetDatabases }
    items(first: 10) { edges { node { sourceDocumentId targetDocumentId } } }
  }
}`;

describe("global ids", () => {
  let t: TestApp;
  let source: string;
  let target: string;
  let targetDb: string;
  let docs: string[];
  let migration: string;

  beforeAll(async () => {
    t = await createTestApp("pglite");
    source = await createRealm(t, "ids-source");
    target = await createRealm(t, "ids-target");
    await createEmbeddedDatabase(t, "ids-source-db", source);
    targetDb = await createEmbeddedDatabase(t, "ids-target-db", target);
    docs = await processedDocuments(t, source, 2);
    migration = ok(
      await t.gql(CREATE_MIGRATION, {
        input: { type: "DOCUMENT_TO_REALM", sourceRealmId: source, targetRealmId: target, documentIds: docs },
      }),
      "createMigration",
    ).id;
    await waitForMigration(t, migration);
  }, 180_000);
  afterAll(() => t?.close());

  it("an item's document ids are Document.id: node(id) and nodes(ids) answer them as they are", async () => {
    const { data, errors } = await t.gql(MIGRATION_IDS, { id: migration });
    expect(errors).toBeUndefined();
    const items = data.migration.items.edges.map((e: any) => e.node);
    expect(items.map((i: any) => i.sourceDocumentId).sort()).toEqual([...docs].sort());
    const targets = items.map((i: any) => i.targetDocumentId);
    const joined = await t.gql(
      `query($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on Document { id realm { id } } } }`,
      { ids: [...items.map((i: any) => i.sourceDocumentId), ...targets] },
    );
    expect(joined.errors).toBeUndefined();
    expect(joined.data.nodes).toEqual([
      ...items.map((i: any) => ({ __typename: "Document", id: i.sourceDocumentId, realm: { id: source } })),
      ...targets.map((id: string) => ({ __typename: "Document", id, realm: { id: target } })),
    ]);
    // The option's databases are Database.id too.
    expect(data.migration.options.targetDatabases).toEqual([targetDb]);
    const database = await t.gql(`query($id: ID!) { node(id: $id) { ... on Database { id name } } }`, {
      id: targetDb,
    });
    expect(database.data.node).toEqual({ id: targetDb, name: "ids-target-db" });
  });

  it("a plan's documents and databases, and the viewer's realms, are global ids", async () => {
    const plan = await t.gql(
      `mutation($input: MigrationInput!) { planMigration(input: $input) { __typename
        ... on MutationPlanMigrationSuccess { data { documents { documentId targetDatabases } options { targetDatabases } } } } }`,
      { input: { type: "DOCUMENT_TO_REALM", sourceRealmId: source, targetRealmId: target, documentIds: [docs[0]] } },
    );
    expect(plan.data.planMigration.data).toMatchObject({
      documents: [{ documentId: docs[0], targetDatabases: [targetDb] }],
      options: { targetDatabases: [targetDb] },
    });
    const created = await t.gql(
      `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { __typename
        ... on MutationCreateApiTokenSuccess { data { token } } } }`,
      { input: { name: "ids-reader", roles: [{ realmId: source, role: "VIEWER" }] } },
    );
    const reader = created.data.createApiToken.data.token;
    const viewer = await t.gql(`{ viewer { realmIds } }`, {}, reader);
    expect(viewer.data.viewer.realmIds).toEqual([source]);
  });

  it("still takes bare UUIDs as arguments, answering with global ids", async () => {
    const bare = await t.gql(MIGRATION_IDS, { id: rawId(migration) });
    expect(bare.errors).toBeUndefined();
    expect(bare.data.migration.id).toBe(migration);
    const document = await t.gql(`query($id: ID!) { document(id: $id) { id } }`, { id: rawId(docs[0]!) });
    expect(document.data.document).toEqual({ id: docs[0] });
    const plan = await t.gql(
      `mutation($input: MigrationInput!) { planMigration(input: $input) { __typename
        ... on MutationPlanMigrationSuccess { data { documents { documentId } options { targetDatabases } } } } }`,
      {
        input: {
          type: "DOCUMENT_TO_REALM",
          sourceRealmId: rawId(source),
          targetRealmId: rawId(target),
          documentIds: [rawId(docs[0]!)],
          options: { targetDatabases: [rawId(targetDb)] },
        },
      },
    );
    expect(plan.data.planMigration).toEqual({
      __typename: "MutationPlanMigrationSuccess",
      data: { documents: [{ documentId: docs[0] }], options: { targetDatabases: [targetDb] } },
    });
  });
});
