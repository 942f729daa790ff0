// addDatabaseToRealm(backfill: true) is one transaction: the link, the backfill migration, its items and its
// created event commit together or not at all. And a migration's realms are real relations: deleting a
// realm (SQL only; the API has none) still succeeds and takes the migrations from or to it along.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, ok, type TestApp } from "../helpers/app.ts";
import {
  CREATE_MIGRATION,
  createEmbeddedDatabase,
  createRealm,
  processedDocuments,
  rawId,
} from "../helpers/fixtures.ts";
import { dialects } from "../helpers/services.ts";

const ADD = `mutation($r: ID!, $d: ID!) {
  addDatabaseToRealm(input: { realmId: $r, databaseId: $d, backfill: true }) {
    __typename
    ... on MutationAddDatabaseToRealmSuccess { data { realmDatabase { database { id } } migration {
      id type status totalDocuments sourceRealm { id name } targetRealm { id name } } } }
    ... on Error { code message }
  }
}`;

describe.each(dialects())("attach with backfill, and a migration's realms (%s)", (dialect) => {
  let t: TestApp;
  let realm: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { RUNNER: "false" });
    realm = await createRealm(t, "backfill-realm");
    await createEmbeddedDatabase(t, "backfill-first", realm);
    await processedDocuments(t, realm, 2);
  });
  afterAll(() => t?.close());

  const prisma = () => t.app.services.db.prisma;

  it("attaches and creates the backfill migration, its realms resolved through the relation", async () => {
    const database = await createEmbeddedDatabase(t, "backfill-ok");
    const added = ok(await t.gql(ADD, { r: realm, d: database }), "addDatabaseToRealm");
    expect(added.realmDatabase.database.id).toBe(database);
    expect(added.migration).toMatchObject({
      type: "REALM_DATABASE_ADDITION",
      status: "PENDING",
      totalDocuments: 2,
      sourceRealm: { id: realm, name: "backfill-realm" },
      targetRealm: { id: realm, name: "backfill-realm" },
    });
    const events = await prisma().migrationEvent.findMany({ where: { migrationId: rawId(added.migration.id) } });
    expect(events.map((e) => e.type)).toEqual(["migration.created"]);
  });

  it("leaves no attachment when creating the backfill fails", async () => {
    const database = await createEmbeddedDatabase(t, "backfill-broken");
    // A real failure inside the transaction, after the link and the migration rows were written: the
    // migration's created event cannot be stored.
    await prisma().$executeRawUnsafe(
      `CREATE FUNCTION refuse_event() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'event store refused'; END $$`,
    );
    await prisma().$executeRawUnsafe(
      `CREATE TRIGGER refuse_event BEFORE INSERT ON "MigrationEvent" FOR EACH ROW EXECUTE FUNCTION refuse_event()`,
    );
    const before = await t.rowCounts();
    try {
      const result = await t.gql(ADD, { r: realm, d: database });
      expect(result.data?.addDatabaseToRealm ?? null).toBeNull();
      expect(result.errors?.[0]?.message).toBeDefined();
    } finally {
      await prisma().$executeRawUnsafe(`DROP TRIGGER refuse_event ON "MigrationEvent"`);
      await prisma().$executeRawUnsafe(`DROP FUNCTION refuse_event()`);
    }
    expect(await t.rowCounts()).toEqual(before);
    expect(await prisma().realmDatabase.count({ where: { databaseId: rawId(database) } })).toBe(0);
    // Nothing half-done is in the way: attaching again works.
    const added = ok(await t.gql(ADD, { r: realm, d: database }), "addDatabaseToRealm");
    expect(added.migration.totalDocuments).toBe(2);
  });

  it("refuses attaching twice without writing a second backfill", async () => {
    const database = await createEmbeddedDatabase(t, "backfill-twice");
    ok(await t.gql(ADD, { r: realm, d: database }), "addDatabaseToRealm");
    const before = await t.rowCounts();
    const { data } = await t.gql(ADD, { r: realm, d: database });
    expect(data.addDatabaseToRealm).toMatchObject({ __typename: "ConflictError" });
    expect(await t.rowCounts()).toEqual(before);
  });

  it("deletes a realm's migrations (items and events too) with the realm, and keeps the others", async () => {
    const doomed = await createRealm(t, "backfill-doomed");
    await createEmbeddedDatabase(t, "backfill-doomed-db", doomed);
    const kept = await createRealm(t, "backfill-kept");
    await createEmbeddedDatabase(t, "backfill-kept-db", kept);
    const docs = await processedDocuments(t, kept, 1, "kept");
    const create = async (sourceRealmId: string, targetRealmId: string) =>
      rawId(
        ok(
          await t.gql(CREATE_MIGRATION, {
            input: { type: "DOCUMENT_TO_REALM", sourceRealmId, targetRealmId, documentIds: docs },
          }),
          "createMigration",
        ).id,
      );
    const into = await create(kept, doomed);
    await prisma().$executeRawUnsafe(`DELETE FROM "Realm" WHERE id = $1::uuid`, rawId(doomed));
    expect(await prisma().migration.findUnique({ where: { id: into } })).toBeNull();
    expect(await prisma().migrationItem.count({ where: { migrationId: into } })).toBe(0);
    expect(await prisma().migrationEvent.count({ where: { migrationId: into } })).toBe(0);
    // The backfills of the first tests belong to another realm: they stay.
    expect(await prisma().migration.count({ where: { sourceRealmId: rawId(realm) } })).toBe(3);
    expect(await prisma().realm.findUnique({ where: { id: rawId(kept) } })).not.toBeNull();
  });
});
