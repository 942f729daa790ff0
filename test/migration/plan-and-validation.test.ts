// planMigration is the dry run (same validation, nothing written); contradictions in a request are
// typed input errors before anything is written; migrating needs EDITOR on both realms.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, ok, type TestApp } from "../helpers/app.ts";
import { dialects } from "../helpers/services.ts";
import { CREATE_MIGRATION, createEmbeddedDatabase, createRealm, processedDocuments } from "../helpers/fixtures.ts";

const PLAN = `mutation Plan($input: MigrationInput!, $limit: Int) {
  planMigration(input: $input, limit: $limit) {
    __typename
    ... on MutationPlanMigrationSuccess { data { type totalDocuments toCreate toRename toSkip conflicts bytesReferenced
      options { migrationMode copyStageFiles reprocessStages preserveOriginal conflictPolicy targetDatabases }
      documents { documentId title action targetTitle stagesCopied stagesRerun targetDatabases bytesReferenced } } }
    ... on Error { code message path }
  }
}`;

describe.each(dialects())("plan and validation on %s", (dialect) => {
  let t: TestApp;
  let a: string;
  let b: string;
  let dbA: string;
  let dbB: string;
  let docs: string[];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    a = await createRealm(t, "plan-a");
    b = await createRealm(t, "plan-b");
    dbA = await createEmbeddedDatabase(t, "plan-a-db", a);
    dbB = await createEmbeddedDatabase(t, "plan-b-db", b);
    docs = await processedDocuments(t, a, 3);
    // "doc-1.md" already exists in B: a title conflict.
    ok(
      await t.upload({ realmId: b, name: "doc-1.md", type: "text/markdown", content: "# Existing" }),
      "createDocument",
    );
  });
  afterAll(() => t?.close());

  const migrationRows = async () => ({
    migrations: await t.app.services.db.prisma.migration.count(),
    items: await t.app.services.db.prisma.migrationItem.count(),
    events: await t.app.services.db.prisma.migrationEvent.count(),
    ...(await t.rowCounts()),
  });

  it("plans per document without writing anything", async () => {
    const before = await migrationRows();
    const input = {
      type: "DOCUMENT_TO_REALM",
      sourceRealmId: a,
      targetRealmId: b,
      filter: {},
      options: { conflictPolicy: "RENAME" },
    };
    const plan = ok(await t.gql(PLAN, { input }), "planMigration");
    expect(plan).toMatchObject({
      type: "DOCUMENT_TO_REALM",
      totalDocuments: 3,
      toCreate: 2,
      toRename: 1,
      toSkip: 0,
      conflicts: 0,
    });
    expect(plan.options).toMatchObject({
      migrationMode: "COPY",
      copyStageFiles: true,
      reprocessStages: ["INGESTOR"],
      preserveOriginal: true,
      conflictPolicy: "RENAME",
      targetDatabases: [dbB],
    });
    const renamed = plan.documents.find((d: any) => d.title === "doc-1.md");
    expect(renamed).toMatchObject({ action: "RENAME", targetTitle: "doc-1.md (2)" });
    for (const d of plan.documents) {
      expect(d.stagesCopied).toEqual(["MARKDOWN_CONVERSION", "CHUNKER", "FACT_GENERATOR"]);
      expect(d.stagesRerun).toEqual(["INGESTOR"]);
      expect(d.bytesReferenced).toBeGreaterThan(0);
    }
    expect(plan.bytesReferenced).toBe(plan.documents.reduce((n: number, d: any) => n + d.bytesReferenced, 0));
    expect(await migrationRows()).toEqual(before);
  });

  it("shows conflicts, skips and pulled-in upstream stages", async () => {
    const conflicts = ok(
      await t.gql(PLAN, {
        input: { type: "DOCUMENT_TO_REALM", sourceRealmId: a, targetRealmId: b, documentIds: docs },
      }),
      "planMigration",
    );
    expect(conflicts).toMatchObject({ conflicts: 1, toCreate: 2 });
    expect(conflicts.documents.find((d: any) => d.action === "CONFLICT").title).toBe("doc-1.md");
    const skip = ok(
      await t.gql(PLAN, {
        input: {
          type: "DOCUMENT_TO_REALM",
          sourceRealmId: a,
          targetRealmId: b,
          documentIds: docs,
          options: { conflictPolicy: "SKIP" },
        },
      }),
      "planMigration",
    );
    expect(skip).toMatchObject({ toSkip: 1, toCreate: 2 });
    const rerun = ok(
      await t.gql(PLAN, {
        input: {
          type: "DOCUMENT_TO_REALM",
          sourceRealmId: a,
          targetRealmId: b,
          documentIds: [docs[0]],
          options: { copyStageFiles: false, reprocessStages: ["FACT_GENERATOR", "INGESTOR"] },
        },
      }),
      "planMigration",
    );
    expect(rerun.documents[0]).toMatchObject({
      stagesCopied: [],
      stagesRerun: ["MARKDOWN_CONVERSION", "CHUNKER", "FACT_GENERATOR", "INGESTOR"],
    });
    const partial = ok(
      await t.gql(PLAN, {
        input: {
          type: "DOCUMENT_TO_REALM",
          sourceRealmId: a,
          targetRealmId: b,
          documentIds: [docs[0]],
          options: { reprocessStages: ["CHUNKER", "INGESTOR"] },
        },
      }),
      "planMigration",
    );
    expect(partial.documents[0]).toMatchObject({
      stagesCopied: ["MARKDOWN_CONVERSION"],
      stagesRerun: ["CHUNKER", "FACT_GENERATOR", "INGESTOR"],
    });
    const none = ok(
      await t.gql(PLAN, {
        input: {
          type: "DOCUMENT_TO_REALM",
          sourceRealmId: a,
          targetRealmId: b,
          documentIds: [docs[0]],
          options: { reprocessStages: [] },
        },
      }),
      "planMigration",
    );
    expect(none.options.reprocessStages).toEqual([]);
    // Every stage file is copied, the ingestor's report included: nothing re-runs to replace it.
    expect(none.documents[0]).toMatchObject({
      stagesCopied: ["MARKDOWN_CONVERSION", "CHUNKER", "FACT_GENERATOR", "INGESTOR"],
      stagesRerun: [],
    });
    const limited = ok(
      await t.gql(PLAN, {
        input: {
          type: "DOCUMENT_TO_REALM",
          sourceRealmId: a,
          targetRealmId: b,
          filter: {},
          options: { conflictPolicy: "SKIP" },
        },
        limit: 1,
      }),
      "planMigration",
    );
    expect(limited.totalDocuments).toBe(3);
    expect(limited.documents).toHaveLength(1);
  });

  const bad: Array<
    [string, (ids: { a: string; b: string; dbA: string; dbB: string; docs: string[] }) => object, string, RegExp]
  > = [
    [
      "unknown documents",
      (x) => ({
        type: "DOCUMENT_TO_REALM",
        sourceRealmId: x.a,
        targetRealmId: x.b,
        documentIds: ["9b2f5a8e-0000-4000-8000-000000000000"],
      }),
      "INVALID_INPUT",
      /not active documents of the source realm/,
    ],
    [
      "documents of another realm",
      (x) => ({ type: "DOCUMENT_TO_REALM", sourceRealmId: x.b, targetRealmId: x.a, documentIds: [x.docs[0]] }),
      "INVALID_INPUT",
      /not active documents of the source realm/,
    ],
    [
      "source = target for a realm copy",
      (x) => ({ type: "DOCUMENT_TO_REALM", sourceRealmId: x.a, targetRealmId: x.a, documentIds: [x.docs[0]] }),
      "INVALID_INPUT",
      /target realm other than the source/,
    ],
    [
      "MOVE with preserveOriginal",
      (x) => ({
        type: "DOCUMENT_TO_REALM",
        sourceRealmId: x.a,
        targetRealmId: x.b,
        documentIds: [x.docs[0]],
        options: { migrationMode: "MOVE", preserveOriginal: true },
      }),
      "INVALID_INPUT",
      /preserveOriginal: true contradicts/,
    ],
    [
      "a database not attached to the target realm",
      (x) => ({
        type: "DOCUMENT_TO_REALM",
        sourceRealmId: x.a,
        targetRealmId: x.b,
        documentIds: [x.docs[0]],
        options: { targetDatabases: [x.dbA] },
      }),
      "INVALID_INPUT",
      /not attached to the target realm/,
    ],
    [
      "no selection",
      (x) => ({ type: "DOCUMENT_TO_REALM", sourceRealmId: x.a, targetRealmId: x.b }),
      "INVALID_INPUT",
      /Select documents/,
    ],
    [
      "ids and filter together",
      (x) => ({
        type: "DOCUMENT_TO_REALM",
        sourceRealmId: x.a,
        targetRealmId: x.b,
        documentIds: [x.docs[0]],
        filter: {},
      }),
      "INVALID_INPUT",
      /not both/,
    ],
    [
      "an unknown realm",
      (x) => ({
        type: "DOCUMENT_TO_REALM",
        sourceRealmId: x.a,
        targetRealmId: "9b2f5a8e-0000-4000-8000-000000000000",
        filter: {},
      }),
      "NOT_FOUND",
      /Realm/,
    ],
    [
      "a backfill without target database",
      (x) => ({ type: "REALM_DATABASE_ADDITION", sourceRealmId: x.a, filter: {} }),
      "INVALID_INPUT",
      /targetDatabases/,
    ],
    [
      "a cross-database copy onto its source",
      (x) => ({
        type: "CROSS_DATABASE",
        sourceRealmId: x.a,
        filter: {},
        options: { sourceDatabaseId: x.dbA, targetDatabases: [x.dbA] },
      }),
      "INVALID_INPUT",
      /cannot also be a target/,
    ],
    [
      "a cross-database copy without source",
      (x) => ({ type: "CROSS_DATABASE", sourceRealmId: x.a, filter: {}, options: { targetDatabases: [x.dbA] } }),
      "INVALID_INPUT",
      /sourceDatabaseId/,
    ],
    [
      "title conflicts under FAIL",
      (x) => ({ type: "DOCUMENT_TO_REALM", sourceRealmId: x.a, targetRealmId: x.b, documentIds: x.docs }),
      "CONFLICT",
      /"doc-1.md".*conflictPolicy/,
    ],
    [
      "an empty selection",
      (x) => ({
        type: "DOCUMENT_TO_REALM",
        sourceRealmId: x.a,
        targetRealmId: x.b,
        filter: { titlePrefix: "nothing-" },
      }),
      "INVALID_INPUT",
      /matches no documents/,
    ],
  ];

  it("refuses unknown reprocessStages by GraphQL validation, naming the value, and writes nothing", async () => {
    const before = await migrationRows();
    // Stage is an enum: a name outside it (or the hyphenated spelling) never reaches a resolver.
    const result = await t.gql(CREATE_MIGRATION, {
      input: {
        type: "DOCUMENT_TO_REALM",
        sourceRealmId: a,
        targetRealmId: b,
        documentIds: [docs[0]],
        options: { reprocessStages: ["CHUNKER", "ingest"] },
      },
    });
    expect(result.data).toBeUndefined();
    // Variable values the schema refuses are the caller's to fix: INVALID_INPUT (HTTP 400), as for any input.
    expect(result.errors).toMatchObject([
      {
        message: expect.stringMatching(
          /got invalid value "ingest" at "input\.options\.reprocessStages\[1\]"; Value "ingest" does not exist in "Stage" enum/,
        ),
        extensions: { code: "INVALID_INPUT" },
      },
    ]);
    expect(await migrationRows()).toEqual(before);
  });

  it.each(bad)("rejects %s with a typed error and writes nothing", async (_name, build, code, message) => {
    const before = await migrationRows();
    const result = await t.gql(CREATE_MIGRATION, { input: build({ a, b, dbA, dbB, docs }) });
    expect(result.errors).toBeUndefined();
    expect(result.data.createMigration).toMatchObject({ code, message: expect.stringMatching(message) });
    expect(await migrationRows()).toEqual(before);
  });

  it("needs EDITOR on both realms", async () => {
    const token = async (roles: object[]) =>
      ok(
        await t.gql(
          `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { __typename ... on MutationCreateApiTokenSuccess { data { token } } } }`,
          { i: { name: "m", roles } },
        ),
        "createApiToken",
      ).token;
    const input = {
      type: "DOCUMENT_TO_REALM",
      sourceRealmId: a,
      targetRealmId: b,
      documentIds: [docs[0]],
      options: { conflictPolicy: "RENAME" },
    };
    const onlySource = await token([{ realmId: a, role: "EDITOR" }]);
    const viewerTarget = await token([
      { realmId: a, role: "EDITOR" },
      { realmId: b, role: "VIEWER" },
    ]);
    const viewerSource = await token([
      { realmId: a, role: "VIEWER" },
      { realmId: b, role: "EDITOR" },
    ]);
    const before = await migrationRows();
    expect((await t.gql(CREATE_MIGRATION, { input }, onlySource)).data.createMigration.code).toBe("NOT_FOUND");
    expect((await t.gql(CREATE_MIGRATION, { input }, viewerTarget)).data.createMigration.code).toBe("FORBIDDEN");
    expect((await t.gql(CREATE_MIGRATION, { input }, viewerSource)).data.createMigration.code).toBe("FORBIDDEN");
    expect(await migrationRows()).toEqual(before);
    const both = await token([
      { realmId: a, role: "EDITOR" },
      { realmId: b, role: "EDITOR" },
    ]);
    expect((await t.gql(CREATE_MIGRATION, { input }, both)).data.createMigration.__typename).toBe(
      "MutationCreateMigrationSuccess",
    );
    // A token on neither realm sees no such migration.
    const outsider = await token([{ realmId: await createRealm(t, "plan-c"), role: "EDITOR" }]);
    expect(
      (await t.gql(`{ migrations(first: 10) { totalCount } }`, undefined, outsider)).data.migrations.totalCount,
    ).toBe(0);
  });
});
