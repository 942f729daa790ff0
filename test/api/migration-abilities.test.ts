// Migration.canCancel / canRetry / canRollBack: for every status (set on the row; the runner is off so
// nothing moves it), each field says what the mutation then does — accepted when allowed, refused with the
// reason as its message otherwise — and a token without EDITOR on both realms is told why it may not.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, ok, type TestApp } from "../helpers/app.ts";
import {
  CREATE_MIGRATION,
  createEmbeddedDatabase,
  createRealm,
  processedDocuments,
  rawId,
} from "../helpers/fixtures.ts";
import type { MigrationStatus } from "../../server/generated/prisma/enums.ts";

const ABILITIES = `query($id: ID!) { migration(id: $id) {
  status canCancel { allowed reason } canRetry { allowed reason } canRollBack { allowed reason } } }`;
const RESULT = `__typename ... on Error { code message path }`;
const MUTATIONS = {
  canCancel: `mutation($id: ID!) { r: cancelMigration(id: $id) { ${RESULT} } }`,
  canRetry: `mutation($id: ID!) { r: retryFailedDocuments(migrationId: $id) { ${RESULT} } }`,
  canRollBack: `mutation($id: ID!) { r: rollbackMigration(id: $id, force: true) { ${RESULT} } }`,
} as const;
type Field = keyof typeof MUTATIONS;

const STATUSES: MigrationStatus[] = [
  "PENDING",
  "SCHEDULED",
  "IN_PROGRESS",
  "COMPLETED",
  "FAILED",
  "CANCELLING",
  "CANCELLED",
  "ROLLING_BACK",
  "ROLLED_BACK",
];

/** What each field answers per status, for a migration with one failed item and no rollback so far. */
const EXPECTED: Record<MigrationStatus, Record<Field, boolean>> = {
  PENDING: { canCancel: true, canRetry: false, canRollBack: false },
  SCHEDULED: { canCancel: true, canRetry: false, canRollBack: false },
  IN_PROGRESS: { canCancel: true, canRetry: true, canRollBack: false },
  COMPLETED: { canCancel: false, canRetry: true, canRollBack: true },
  FAILED: { canCancel: false, canRetry: true, canRollBack: true },
  CANCELLING: { canCancel: false, canRetry: false, canRollBack: false },
  CANCELLED: { canCancel: false, canRetry: false, canRollBack: true },
  ROLLING_BACK: { canCancel: false, canRetry: false, canRollBack: false },
  ROLLED_BACK: { canCancel: false, canRetry: false, canRollBack: false },
};

describe("migration abilities", () => {
  let t: TestApp;
  let source: string;
  let target: string;
  let docs: string[];
  let reader: string;

  beforeAll(async () => {
    t = await createTestApp("pglite", { RUNNER: "false" });
    source = await createRealm(t, "abilities-source");
    target = await createRealm(t, "abilities-target");
    await createEmbeddedDatabase(t, "abilities-source-db", source);
    await createEmbeddedDatabase(t, "abilities-target-db", target);
    docs = await processedDocuments(t, source, 1);
    // EDITOR on the source, VIEWER on the target: sees everything, may change nothing.
    reader = (
      await t.app.services.tokens.issue("abilities-reader", false, [
        { realmId: rawId(source), role: "EDITOR" },
        { realmId: rawId(target), role: "VIEWER" },
      ])
    ).token;
  });
  afterAll(() => t?.close());

  const prisma = () => t.app.services.db.prisma;

  /** A fresh migration put into `status`, with one failed item (and a rollback requested when asked). */
  async function migrationIn(
    status: MigrationStatus,
    state: { failed?: boolean; rollbackRequested?: boolean } = {},
  ): Promise<string> {
    const { failed = true, rollbackRequested = false } = state;
    const id = ok(
      await t.gql(CREATE_MIGRATION, {
        input: {
          type: "DOCUMENT_TO_REALM",
          sourceRealmId: source,
          targetRealmId: target,
          documentIds: docs,
          options: { conflictPolicy: "RENAME" },
        },
      }),
      "createMigration",
    ).id;
    const migrationId = rawId(id);
    if (failed) await prisma().migrationItem.updateMany({ where: { migrationId }, data: { status: "FAILED" } });
    await prisma().migration.update({
      where: { id: migrationId },
      data: {
        status,
        failedDocuments: failed ? 1 : 0,
        rollbackRequestedAt: rollbackRequested ? new Date() : null,
      },
    });
    return id;
  }

  async function abilities(id: string, token?: string) {
    const result = await t.gql(ABILITIES, { id }, token);
    expect(result.errors).toBeUndefined();
    return result.data.migration as Record<Field, { allowed: boolean; reason: string | null }>;
  }

  /** The field's answer, then what its mutation does: the same decision, the same words. */
  async function expectAgreement(id: string, field: Field, token?: string) {
    const ability = (await abilities(id, token))[field];
    const { data, errors } = await t.gql(MUTATIONS[field], { id }, token);
    expect(errors).toBeUndefined();
    if (ability.allowed) {
      expect(ability.reason).toBeNull();
      expect(data.r.__typename).toMatch(/Success$/);
    } else {
      expect(ability.reason).toEqual(expect.any(String));
      expect(data.r.message).toBe(ability.reason);
    }
    return { ability, result: data.r };
  }

  describe.each(STATUSES)("a %s migration", (status) => {
    it.each(["canCancel", "canRetry", "canRollBack"] as const)("answers %s as its mutation does", async (field) => {
      const id = await migrationIn(status);
      const { ability } = await expectAgreement(id, field);
      expect(ability.allowed).toBe(EXPECTED[status][field]);
    });
  });

  it("names the reason a cancel, retry or rollback is refused", async () => {
    const completed = await abilities(await migrationIn("COMPLETED"));
    expect(completed.canCancel.reason).toBe("The migration is already COMPLETED; there is nothing to cancel.");
    const rollingBack = await abilities(await migrationIn("ROLLING_BACK"));
    expect(rollingBack.canCancel.reason).toMatch(/^A rollback cannot be cancelled/);
    expect(rollingBack.canRollBack.reason).toBe("The migration is already ROLLING_BACK.");
    const pending = await abilities(await migrationIn("PENDING"));
    expect(pending.canRetry.reason).toBe("A PENDING migration cannot retry items.");
    expect(pending.canRollBack.reason).toMatch(/^A PENDING migration cannot be rolled back: cancel it/);
  });

  it("refuses a retry when no item failed, as the mutation does (INVALID_INPUT)", async () => {
    const id = await migrationIn("COMPLETED", { failed: false });
    const { ability, result } = await expectAgreement(id, "canRetry");
    expect(ability).toEqual({ allowed: false, reason: "No failed items match: nothing to retry." });
    expect(result).toMatchObject({ code: "INVALID_INPUT", path: ["documentIds"] });
  });

  it("refuses a retry after a rollback, and allows retrying a rollback that ended FAILED", async () => {
    const id = await migrationIn("FAILED", { rollbackRequested: true });
    const { ability } = await expectAgreement(id, "canRetry");
    expect(ability.reason).toMatch(/^The migration was rolled back \(or partly\)/);
    const again = await migrationIn("FAILED", { rollbackRequested: true });
    expect((await expectAgreement(again, "canRollBack")).ability.allowed).toBe(true);
  });

  it("tells a viewer without EDITOR on both realms that it may do none of them (FORBIDDEN)", async () => {
    const reason = "Changing a migration needs an EDITOR role on both its source and its target realm.";
    for (const status of ["IN_PROGRESS", "COMPLETED"] as const) {
      const id = await migrationIn(status);
      for (const field of ["canCancel", "canRetry", "canRollBack"] as const) {
        const { ability, result } = await expectAgreement(id, field, reader);
        expect(ability).toEqual({ allowed: false, reason });
        expect(result.code).toBe("FORBIDDEN");
      }
      // The admin may, on the same migration, what the status allows.
      const admin = await abilities(id);
      expect(admin.canRetry.allowed).toBe(true);
    }
  });

  it("answers the same fields on every progress event, for the token that subscribes", async () => {
    const id = await migrationIn("PENDING", { failed: false });
    ok(await t.gql(MUTATIONS.canCancel, { id }), "r");
    const events = async (token: string) => {
      const response = await t.app.yoga.fetch("http://test/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/event-stream", authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: `subscription($m: ID!) { migrationProgress(migrationId: $m) { type status
            canCancel { allowed reason } canRetry { allowed reason } canRollBack { allowed reason } } }`,
          variables: { m: id },
        }),
      });
      // The migration has ended (CANCELLED): the stream replays its events and ends.
      return (await response.text())
        .split("\n")
        .filter((l) => l.startsWith("data: ") && l.includes('"migrationProgress"'))
        .map((l) => JSON.parse(l.slice(6)).data.migrationProgress);
    };
    const seen = await events(t.adminToken);
    expect(seen.map((e) => [e.type, e.status, e.canCancel.allowed, e.canRollBack.allowed])).toEqual([
      ["MIGRATION_CREATED", "PENDING", true, false],
      ["ITEM_CANCELLED", "CANCELLED", false, true],
      ["MIGRATION_CANCELLED", "CANCELLED", false, true],
    ]);
    // The latest event agrees with the migration's own fields.
    const { canCancel, canRetry, canRollBack } = await abilities(id);
    expect(seen.at(-1)).toMatchObject({ canCancel, canRetry, canRollBack });
    const forbidden = {
      allowed: false,
      reason: "Changing a migration needs an EDITOR role on both its source and its target realm.",
    };
    for (const e of await events(reader))
      expect(e).toMatchObject({ canCancel: forbidden, canRetry: forbidden, canRollBack: forbidden });
  });

  it("answers the fields for every migration of a list", async () => {
    await migrationIn("FAILED");
    const { data, errors } = await t.gql(
      `{ migrations(first: 50) { edges { node { status canCancel { allowed } canRetry { allowed } canRollBack { allowed } } } } }`,
    );
    expect(errors).toBeUndefined();
    for (const { node } of data.migrations.edges) {
      const status = node.status as MigrationStatus;
      // Rows of other tests may have changed since; the answer follows the row's status alone here.
      expect(node.canCancel.allowed).toBe(EXPECTED[status].canCancel);
      expect(node.canRollBack.allowed).toBe(EXPECTED[status].canRollBack);
    }
  });
});
