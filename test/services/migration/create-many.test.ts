// createMigration over thousands of documents, checked and written in SQL: one item per selected document
// with ordinals in selection order, the totals the dry run reports, title conflicts refused under FAIL (with
// nothing written) and accepted under SKIP and RENAME, whose planned actions the dry run states.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "../../../server/services/db/open.ts";
import { Viewer } from "../../../server/services/access.ts";
import { ConflictError, InvalidInputError } from "../../../server/services/errors.ts";
import { MigrationEvents } from "../../../server/services/migration/events.ts";
import { MigrationService } from "../../../server/services/migration/service.ts";
import type { MigrationRequest } from "../../../server/services/migration/types.ts";
import { dialects } from "../../helpers/services.ts";
import { openTestDb, type TestDb } from "../metadata-db.ts";

const DOCUMENTS = 5_000;
const SHA = "a".repeat(64);
/** Every 100th title (doc-100, doc-200, …) also exists in the target realm: 49 conflicts (doc-5000 is retired). */
const CONFLICTING = Array.from({ length: 50 }, (_, i) => `doc-${(i + 1) * 100}`);

describe.each(dialects())("createMigration of many items (%s)", (dialect) => {
  let testDb: TestDb;
  let prisma: Prisma;
  let service: MigrationService;
  let source: string;
  let target: string;
  /** Ids of the selectable documents of the source realm, in creation order. */
  let selectable: string[];
  const viewer = Viewer.system();

  beforeAll(async () => {
    testDb = await openTestDb(dialect);
    prisma = testDb.db.prisma;
    service = new MigrationService(
      prisma,
      new MigrationEvents(prisma, { enqueue: () => {} }),
      () => {},
      async () => [],
    );
    source = (await prisma.realm.create({ data: { name: "many-source" } })).id;
    target = (await prisma.realm.create({ data: { name: "many-target" } })).id;
    const database = await prisma.database.create({ data: { name: "many-db", kind: "EMBEDDED" } });
    await prisma.realmDatabase.create({ data: { realmId: target, databaseId: database.id } });
    await prisma.blob.create({ data: { sha256: SHA, size: 1n } });
    // doc-1 … doc-5000 in creation order; every 7th FAILED; doc-4999 in another migration, doc-5000 retired.
    await prisma.$executeRawUnsafe(
      `INSERT INTO "Document" (id, "realmId", title, status, "fileName", "contentType", sha256, size, "retiredAt", "createdAt", "updatedAt")
       SELECT gen_random_uuid(), $1::uuid, 'doc-' || g,
         (CASE WHEN g = $3 - 1 THEN 'MIGRATING' WHEN g % 7 = 0 THEN 'FAILED' ELSE 'READY' END)::"DocumentStatus",
         'doc.md', 'text/markdown', $2, 1, CASE WHEN g = $3 THEN now() END,
         timestamp '2026-01-01' + g * interval '1 second', now()
       FROM generate_series(1, $3::int) g`,
      source,
      SHA,
      DOCUMENTS,
    );
    for (const title of [...CONFLICTING, "doc-100 (2)"])
      await prisma.document.create({
        data: { realmId: target, title, fileName: "x.md", contentType: "text/markdown", sha256: SHA, size: 1n },
      });
    selectable = (
      await prisma.document.findMany({
        where: { realmId: source, retiredAt: null, status: { not: "MIGRATING" } },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { id: true },
      })
    ).map((d) => d.id);
  }, 120_000);
  afterAll(() => testDb?.close());

  const request = (conflictPolicy: "FAIL" | "SKIP" | "RENAME", filter = {}): MigrationRequest => ({
    type: "DOCUMENT_TO_REALM",
    sourceRealmId: source,
    targetRealmId: target,
    filter,
    options: { conflictPolicy },
  });
  const written = async () => ({
    migrations: await prisma.migration.count(),
    items: await prisma.migrationItem.count(),
    events: await prisma.migrationEvent.count(),
  });
  const itemsOf = (migrationId: string) =>
    prisma.migrationItem.findMany({ where: { migrationId }, orderBy: { ordinal: "asc" } });

  it("refuses title conflicts under FAIL, naming the first ones in selection order, and writes nothing", async () => {
    const before = await written();
    const refusal = await service.create(viewer, request("FAIL")).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ConflictError);
    expect((refusal as Error).message).toMatch(
      /^49 document title\(s\) already exist in the target realm \("doc-100", "doc-200", "doc-300", "doc-400", "doc-500", …\)/,
    );
    expect(await written()).toEqual(before);
    // The dry run agrees.
    const plan = await service.plan(viewer, request("FAIL"), 0);
    expect({ total: plan.totalDocuments, conflicts: plan.conflicts }).toEqual({
      total: selectable.length,
      conflicts: 49,
    });
  }, 60_000);

  it.each(["RENAME", "SKIP"] as const)(
    "under %s: one item per selected document, ordinals in selection order, the totals of the dry run",
    async (policy) => {
      const plan = await service.plan(viewer, request(policy), 1000);
      expect(plan.totalDocuments).toBe(selectable.length);
      if (policy === "RENAME")
        expect({ toRename: plan.toRename, toSkip: plan.toSkip }).toEqual({ toRename: 49, toSkip: 0 });
      else expect({ toRename: plan.toRename, toSkip: plan.toSkip }).toEqual({ toRename: 0, toSkip: 49 });
      expect(plan.toCreate).toBe(selectable.length - 49);
      // Planned actions per document: doc-100 renamed past the taken "doc-100 (2)", or skipped; doc-101 created.
      const planned = (title: string) => plan.documents.find((d) => d.title === title);
      expect(planned("doc-100")).toMatchObject(
        policy === "RENAME" ? { action: "RENAME", targetTitle: "doc-100 (3)" } : { action: "SKIP", targetTitle: null },
      );
      expect(planned("doc-101")).toMatchObject({ action: "CREATE", targetTitle: "doc-101" });

      const migration = await service.create(viewer, request(policy));
      expect(migration.totalDocuments).toBe(selectable.length);
      const items = await itemsOf(migration.id);
      expect(items.map((i) => i.sourceDocumentId)).toEqual(selectable);
      expect(items.map((i) => i.ordinal)).toEqual(selectable.map((_, i) => i + 1));
      expect(new Set(items.map((i) => `${i.status}/${i.attempt}/${i.migratedStages.length}`))).toEqual(
        new Set(["PENDING/0/0"]),
      );
      await prisma.migration.delete({ where: { id: migration.id } });
    },
    60_000,
  );

  it("selects by filter in SQL as the dry run does, and refuses an empty selection writing nothing", async () => {
    const filter = { status: "FAILED" as const, titlePrefix: "doc-1" };
    const plan = await service.plan(viewer, request("FAIL", filter), 0);
    const expected = await prisma.document.findMany({
      where: { realmId: source, retiredAt: null, status: "FAILED", title: { startsWith: "doc-1" } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true },
    });
    // Of the titles taken in the target (multiples of 100), FAILED ones are multiples of 700: doc-1400 alone starts "doc-1".
    expect(plan.conflicts).toBe(1);
    const migration = await service.create(viewer, request("SKIP", filter));
    expect((await itemsOf(migration.id)).map((i) => i.sourceDocumentId)).toEqual(expected.map((d) => d.id));
    expect(plan.totalDocuments).toBe(expected.length);
    await prisma.migration.delete({ where: { id: migration.id } });

    const before = await written();
    // LIKE's wildcards are literal in a prefix: "doc_" matches no "doc-…" title.
    for (const titlePrefix of ["nothing-", "doc_", "doc%"]) {
      const refusal = await service.create(viewer, request("SKIP", { titlePrefix })).catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(InvalidInputError);
      expect((refusal as Error).message).toBe("The selection matches no documents.");
    }
    expect(await written()).toEqual(before);
  }, 60_000);
});
