// A broken database no longer breaks its realm: removeDatabaseFromRealm detaches it (refused while a migration
// uses it; removeRecords deletes the realm's records, or changes nothing when the database does not answer),
// deleteDatabase drops its configuration once detached, and planMigration / addDatabaseToRealm check each
// database's health before anything is written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, ok, type TestApp } from "../helpers/app.ts";
import {
  attach,
  createEmbeddedDatabase,
  createRealm,
  processedDocuments,
  rawId,
  waitForMigration,
} from "../helpers/fixtures.ts";
import { dialects, qdrantUrl } from "../helpers/services.ts";
import { TcpProxy } from "../helpers/tcp-proxy.ts";

const REMOVE = `mutation Remove($input: RemoveDatabaseFromRealmInput!) {
  removeDatabaseFromRealm(input: $input) {
    __typename
    ... on MutationRemoveDatabaseFromRealmSuccess { data { realm { name databases { database { name } } } databaseId databaseName documentsRemoved } }
    ... on Error { code message path }
  }
}`;
const DELETE = `mutation Delete($id: ID!) {
  deleteDatabase(id: $id) { __typename ... on MutationDeleteDatabaseSuccess { data { id name } } ... on Error { code message path } }
}`;
const ADD = `mutation Add($input: AddDatabaseToRealmInput!) {
  addDatabaseToRealm(input: $input) {
    __typename
    ... on MutationAddDatabaseToRealmSuccess { data { health { ok message database { name } } migration { id } } }
    ... on Error { code message path }
  }
}`;
const PLAN = `mutation Plan($input: MigrationInput!) {
  planMigration(input: $input) {
    __typename
    ... on MutationPlanMigrationSuccess { data {
      totalDocuments
      targetDatabaseHealth { ok message database { name kind } }
      sourceDatabaseHealth { ok database { name } }
      warnings { code message database { name } }
    } }
    ... on Error { code message }
  }
}`;
const CREATE_QDRANT = `mutation($i: CreateDatabaseInput!) { createDatabase(input: $i) { __typename ... on MutationCreateDatabaseSuccess { data { id } } ... on Error { code message } } }`;
const PROCESS = `mutation($id: ID!) { processDocument(input: { id: $id }) { __typename ... on Error { code message } } }`;

describe.each(dialects())("databases detached and deleted (%s)", { timeout: 180_000 }, (dialect) => {
  let t: TestApp;
  let proxy: TcpProxy;
  const suffix = Math.random().toString(36).slice(2, 8);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const qdrant = new URL(qdrantUrl() ?? "http://127.0.0.1:6333");
    proxy = new TcpProxy(qdrant.hostname, Number(qdrant.port || 6333));
    await proxy.start();
  });
  afterAll(async () => {
    await proxy?.stop();
    await t?.close();
  });

  /** A Qdrant database reached through the proxy: it breaks when the proxy stops. */
  async function qdrantDatabase(name: string): Promise<string> {
    return ok(
      await t.gql(CREATE_QDRANT, {
        i: {
          name,
          kind: "QDRANT",
          url: `http://127.0.0.1:${proxy.port}`,
          collection: `detach_${name.replace(/\W/g, "_")}`,
        },
      }),
      "createDatabase",
    ).id;
  }

  it("refuses to detach a database a migration that has not ended uses, and writes nothing", async () => {
    const realm = await createRealm(t, `busy-${suffix}`);
    await createEmbeddedDatabase(t, `busy-main-${suffix}`, realm);
    await processedDocuments(t, realm, 1, "busy");
    const added = await createEmbeddedDatabase(t, `busy-added-${suffix}`, realm);
    const scheduled = ok(
      await t.gql(
        `mutation($input: MigrationInput!) { createMigration(input: $input) { __typename ... on MutationCreateMigrationSuccess { data { id status } } ... on Error { code message } } }`,
        {
          input: {
            type: "REALM_DATABASE_ADDITION",
            sourceRealmId: realm,
            filter: {},
            options: { targetDatabases: [added] },
            scheduledAt: new Date(Date.now() + 3_600_000).toISOString(),
          },
        },
      ),
      "createMigration",
    );
    expect(scheduled.status).toBe("SCHEDULED");
    const before = await t.rowCounts();
    const refused = await t.gql(REMOVE, { input: { realmId: realm, databaseId: added, removeRecords: true } });
    expect(refused.data.removeDatabaseFromRealm).toMatchObject({ code: "CONFLICT", path: ["input", "databaseId"] });
    expect(refused.data.removeDatabaseFromRealm.message).toMatch(/busy-added|migration/);
    expect(refused.data.removeDatabaseFromRealm.message).toContain(rawId(scheduled.id));
    expect(await t.rowCounts()).toEqual(before);

    // Once the migration ended (cancelled), detaching works.
    ok(
      await t.gql(`mutation($id: ID!) { cancelMigration(id: $id) { __typename ... on Error { code message } } }`, {
        id: scheduled.id,
      }),
      "cancelMigration",
    );
    const removed = ok(
      await t.gql(REMOVE, { input: { realmId: realm, databaseId: added } }),
      "removeDatabaseFromRealm",
    );
    expect(removed).toEqual({
      realm: { name: `busy-${suffix}`, databases: [{ database: { name: `busy-main-${suffix}` } }] },
      databaseId: added,
      databaseName: `busy-added-${suffix}`,
      documentsRemoved: 0,
    });
  });

  it("after detaching a broken Qdrant database, uploads and processing into the realm succeed; undo re-attaches with backfill", async () => {
    const realm = await createRealm(t, `broken-${suffix}`);
    const embedded = await createEmbeddedDatabase(t, `broken-embedded-${suffix}`, realm);
    const qdrant = await qdrantDatabase(`broken-q-${suffix}`);
    await attach(t, realm, qdrant);
    const [first] = await processedDocuments(t, realm, 1, "before");
    await proxy.stop(); // the Qdrant database is now unreachable

    const doc = ok(
      await t.upload({ realmId: realm, name: "during.md", type: "text/markdown", content: "# During\n\nBroken." }),
      "createDocument",
    );
    ok(await t.gql(PROCESS, { id: doc.id }), "processDocument");
    await t.app.services.processor.idle();
    const stuck = await t.app.services.db.prisma.document.findUniqueOrThrow({ where: { id: rawId(doc.id) } });
    expect(stuck.status).toBe("FAILED");

    // removeRecords needs the database to answer: refused, nothing written.
    const before = await t.rowCounts();
    const refused = await t.gql(REMOVE, { input: { realmId: realm, databaseId: qdrant, removeRecords: true } });
    expect(refused.data.removeDatabaseFromRealm).toMatchObject({
      code: "DATABASE_UNREACHABLE",
      path: ["input", "removeRecords"],
    });
    expect(refused.data.removeDatabaseFromRealm.message).toMatch(
      new RegExp(`broken-q-${suffix}.*unreachable.*Nothing was changed`),
    );
    expect(await t.rowCounts()).toEqual(before);

    const removed = ok(
      await t.gql(REMOVE, { input: { realmId: realm, databaseId: qdrant } }),
      "removeDatabaseFromRealm",
    );
    expect(removed.realm.databases).toEqual([{ database: { name: `broken-embedded-${suffix}` } }]);
    const ingestions = await t.app.services.db.prisma.ingestion.count({ where: { databaseId: rawId(qdrant) } });
    expect(ingestions).toBe(0);

    // The realm works again: a new upload and the failed document process into the remaining database.
    const [after] = await processedDocuments(t, realm, 1, "after");
    ok(await t.gql(PROCESS, { id: doc.id }), "processDocument");
    await t.app.services.processor.idle();
    for (const id of [doc.id, after!]) {
      const d = await t.app.services.db.prisma.document.findUniqueOrThrow({
        where: { id: rawId(id) },
        include: { ingestions: true },
      });
      expect(d.status).toBe("READY");
      expect(d.ingestions.map((i) => [i.databaseId, i.status])).toEqual([[rawId(embedded), "SUCCEEDED"]]);
    }

    // Undo, once Qdrant answers again: re-attach with backfill ingests the realm's documents into it.
    await proxy.start();
    const readded = ok(
      await t.gql(ADD, { input: { realmId: realm, databaseId: qdrant, backfill: true } }),
      "addDatabaseToRealm",
    );
    expect(readded.health).toMatchObject({ ok: true, database: { name: `broken-q-${suffix}` } });
    const done = await waitForMigration(t, readded.migration.id);
    expect(done).toMatchObject({ status: "COMPLETED", totalDocuments: 3, processedDocuments: 3 });
    const back = await t.app.services.db.prisma.ingestion.findMany({
      where: { databaseId: rawId(qdrant), status: "SUCCEEDED" },
    });
    expect(back.map((i) => i.documentId).sort()).toEqual([first!, doc.id, after!].map(rawId).sort());
  });

  it("removeRecords deletes the realm's records from a database that answers", async () => {
    const realm = await createRealm(t, `records-${suffix}`);
    const main = await createEmbeddedDatabase(t, `records-main-${suffix}`, realm);
    const extra = await createEmbeddedDatabase(t, `records-extra-${suffix}`, realm);
    await processedDocuments(t, realm, 2, "rec");
    const prisma = t.app.services.db.prisma;
    const chunks = (databaseId: string) => prisma.embeddedChunk.count({ where: { databaseId: rawId(databaseId) } });
    expect(await chunks(extra)).toBeGreaterThan(0);
    const kept = await chunks(main);

    const removed = ok(
      await t.gql(REMOVE, { input: { realmId: realm, databaseId: extra, removeRecords: true } }),
      "removeDatabaseFromRealm",
    );
    expect(removed.documentsRemoved).toBe(2);
    expect(await chunks(extra)).toBe(0);
    expect(await chunks(main)).toBe(kept);
  });

  it("deleteDatabase is refused while the database is attached, admin only, and works once detached", async () => {
    const realm = await createRealm(t, `del-${suffix}`);
    const database = await createEmbeddedDatabase(t, `del-db-${suffix}`, realm);
    const editor = ok(
      await t.gql(
        `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { __typename ... on MutationCreateApiTokenSuccess { data { token } } } }`,
        { input: { name: "del editor", roles: [{ realmId: realm, role: "EDITOR" }] } },
      ),
      "createApiToken",
    ).token;

    const before = await t.rowCounts();
    const attached = await t.gql(DELETE, { id: database });
    expect(attached.data.deleteDatabase).toMatchObject({ code: "CONFLICT", path: ["id"] });
    expect(attached.data.deleteDatabase.message).toMatch(new RegExp(`"del-${suffix}".*removeDatabaseFromRealm`));
    expect((await t.gql(DELETE, { id: database }, editor)).data.deleteDatabase.code).toBe("FORBIDDEN");
    expect(await t.rowCounts()).toEqual(before);

    ok(await t.gql(REMOVE, { input: { realmId: realm, databaseId: database } }, editor), "removeDatabaseFromRealm");
    expect(ok(await t.gql(DELETE, { id: database }), "deleteDatabase")).toMatchObject({ name: `del-db-${suffix}` });
    expect(await t.app.services.db.prisma.database.findUnique({ where: { id: rawId(database) } })).toBeNull();
    expect((await t.gql(DELETE, { id: database })).data.deleteDatabase.code).toBe("NOT_FOUND");
  });

  it("plans name each target database with its health, and warn about an unreachable one and a realm with none", async () => {
    const source = await createRealm(t, `plan-src-${suffix}`);
    await createEmbeddedDatabase(t, `plan-src-db-${suffix}`, source);
    const docs = await processedDocuments(t, source, 1, "plan");

    const bare = await createRealm(t, `plan-bare-${suffix}`);
    const toBare = ok(
      await t.gql(PLAN, {
        input: { type: "DOCUMENT_TO_REALM", sourceRealmId: source, targetRealmId: bare, documentIds: docs },
      }),
      "planMigration",
    );
    expect(toBare.targetDatabaseHealth).toEqual([]);
    expect(toBare.warnings).toEqual([
      {
        code: "NO_TARGET_DATABASE",
        database: null,
        message: expect.stringContaining(`"plan-bare-${suffix}" has no database`),
      },
    ]);

    const target = await createRealm(t, `plan-dst-${suffix}`);
    await createEmbeddedDatabase(t, `plan-dst-db-${suffix}`, target);
    const qdrant = await qdrantDatabase(`plan-q-${suffix}`);
    await attach(t, target, qdrant);
    const input = { type: "DOCUMENT_TO_REALM", sourceRealmId: source, targetRealmId: target, documentIds: docs };
    const healthy = ok(await t.gql(PLAN, { input }), "planMigration");
    expect(healthy.warnings).toEqual([]);
    expect(healthy.targetDatabaseHealth.map((h: any) => [h.database.name, h.ok])).toEqual([
      [`plan-dst-db-${suffix}`, true],
      [`plan-q-${suffix}`, true],
    ]);

    await proxy.stop();
    try {
      const started = Date.now();
      const broken = ok(await t.gql(PLAN, { input }), "planMigration");
      console.log(`planMigration with an unreachable Qdrant answered in ${Date.now() - started} ms`);
      expect(broken.totalDocuments).toBe(1);
      expect(broken.targetDatabaseHealth.map((h: any) => [h.database.name, h.ok])).toEqual([
        [`plan-dst-db-${suffix}`, true],
        [`plan-q-${suffix}`, false],
      ]);
      expect(broken.warnings).toHaveLength(1);
      expect(broken.warnings[0]).toMatchObject({
        code: "DATABASE_UNREACHABLE",
        database: { name: `plan-q-${suffix}` },
      });
      expect(broken.warnings[0].message).toMatch(new RegExp(`"plan-q-${suffix}".*unreachable \\(`));

      // addDatabaseToRealm: with backfill it is refused before anything is written; without, attached with its health.
      const other = await createRealm(t, `plan-other-${suffix}`);
      await processedDocuments(t, other, 1, "other");
      const before = await t.rowCounts();
      const refused = await t.gql(ADD, { input: { realmId: other, databaseId: qdrant, backfill: true } });
      expect(refused.data.addDatabaseToRealm).toMatchObject({
        code: "DATABASE_UNREACHABLE",
        path: ["input", "databaseId"],
      });
      expect(refused.data.addDatabaseToRealm.message).toMatch(new RegExp(`"plan-q-${suffix}".*Nothing was attached`));
      expect(await t.rowCounts()).toEqual(before);
      expect(await t.app.services.db.prisma.migration.count({ where: { sourceRealmId: rawId(other) } })).toBe(0);
      const attachedAnyway = ok(
        await t.gql(ADD, { input: { realmId: other, databaseId: qdrant } }),
        "addDatabaseToRealm",
      );
      expect(attachedAnyway.health).toMatchObject({ ok: false, database: { name: `plan-q-${suffix}` } });
      expect(attachedAnyway.health.message).toMatch(/unreachable/);
      expect(attachedAnyway.migration).toBeNull();
    } finally {
      await proxy.start();
    }
  });
});
