// Scheduling: rescheduleMigration moves a migration that has not started (a past time starts it now),
// refuses one that has; a scheduled migration can be cancelled before it starts. (A scheduled migration
// surviving a restart is in multiprocess.test.ts, which runs real server processes.)
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

const RESCHEDULE = `mutation($id: ID!, $at: DateTime!) {
  rescheduleMigration(id: $id, scheduledAt: $at) {
    __typename
    ... on MutationRescheduleMigrationSuccess { data { id status scheduledAt startedAt } }
    ... on Error { code message }
  }
}`;

describe("scheduling", () => {
  let t: TestApp;
  let source: string;
  let target: string;
  let docs: string[];

  beforeAll(async () => {
    t = await createTestApp("pglite");
    source = await createRealm(t, "s-source");
    target = await createRealm(t, "s-target");
    await createEmbeddedDatabase(t, "s-source-db", source);
    await createEmbeddedDatabase(t, "s-target-db", target);
    docs = await processedDocuments(t, source, 2);
  });
  afterAll(() => t?.close());

  const prisma = () => t.app.services.db.prisma;
  const schedule = async (at: Date) =>
    ok(
      await t.gql(CREATE_MIGRATION, {
        input: {
          type: "DOCUMENT_TO_REALM",
          sourceRealmId: source,
          targetRealmId: target,
          documentIds: docs,
          scheduledAt: at.toISOString(),
          options: { conflictPolicy: "RENAME" },
        },
      }),
      "createMigration",
    ).id as string;
  const hourFromNow = () => new Date(Date.now() + 3_600_000);

  it("moves a scheduled migration earlier; it starts at the new time, not before", async () => {
    const id = await schedule(hourFromNow());
    const soon = new Date(Date.now() + 1_000);
    const moved = ok(await t.gql(RESCHEDULE, { id, at: soon.toISOString() }), "rescheduleMigration");
    expect(moved).toMatchObject({ status: "SCHEDULED", scheduledAt: soon.toISOString(), startedAt: null });
    const done = await waitForMigration(t, id);
    expect(done.status).toBe("COMPLETED");
    expect(new Date(done.startedAt).getTime()).toBeGreaterThanOrEqual(soon.getTime());
    const events = await prisma().migrationEvent.findMany({
      where: { migrationId: rawId(id) },
      orderBy: { sequence: "asc" },
    });
    expect(events.map((e) => e.type).slice(0, 3)).toEqual([
      "migration.created",
      "migration.rescheduled",
      "migration.started",
    ]);
  });

  it("a time in the past starts it now", async () => {
    const id = await schedule(hourFromNow());
    const moved = ok(
      await t.gql(RESCHEDULE, { id, at: new Date(Date.now() - 60_000).toISOString() }),
      "rescheduleMigration",
    );
    expect(moved.status).toBe("PENDING");
    expect((await waitForMigration(t, id)).status).toBe("COMPLETED");
  });

  it("refuses a migration that already started or ended; nothing changes", async () => {
    const id = await schedule(new Date(Date.now() - 1));
    await waitForMigration(t, id);
    const before = await prisma().migration.findUniqueOrThrow({ where: { id: rawId(id) } });
    const refused = (await t.gql(RESCHEDULE, { id, at: hourFromNow().toISOString() })).data.rescheduleMigration;
    expect(refused).toMatchObject({ __typename: "ConflictError", code: "CONFLICT" });
    expect(refused.message).toMatch(/already COMPLETED/);
    expect(await prisma().migration.findUniqueOrThrow({ where: { id: rawId(id) } })).toEqual(before);
  });

  it("a scheduled migration cancelled before its time never starts", async () => {
    const id = await schedule(new Date(Date.now() + 1_000));
    const cancelled = ok(
      await t.gql(
        `mutation($id: ID!) { cancelMigration(id: $id) { __typename ... on MutationCancelMigrationSuccess { data { status } } ... on Error { message } } }`,
        { id },
      ),
      "cancelMigration",
    );
    expect(cancelled.status).toBe("CANCELLED");
    const refused = (await t.gql(RESCHEDULE, { id, at: new Date().toISOString() })).data.rescheduleMigration;
    expect(refused.code).toBe("CONFLICT");
    // Past its time and several runner polls later, it has still not started.
    const due = new Date(Date.now() + 1_500);
    while (Date.now() < due.getTime()) await new Promise((r) => setTimeout(r, 100));
    const row = await prisma().migration.findUniqueOrThrow({ where: { id: rawId(id) } });
    expect(row).toMatchObject({ status: "CANCELLED", startedAt: null, processedDocuments: 0, cancelledDocuments: 2 });
    expect(await prisma().migrationItem.count({ where: { migrationId: rawId(id), attempt: { gt: 0 } } })).toBe(0);
  });
});
