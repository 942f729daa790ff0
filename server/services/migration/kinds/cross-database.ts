// CROSS_DATABASE: copy a realm's records from one of its databases into others, optionally removing them
// from the source afterwards. The records are exported from the source (or, on a resumed item whose source
// was already cleared, read back from the item's backup blob), written into each target, and verified
// against what was exported; only then are they removed from the source. No stage runs.
import type { MigrationItem } from "../../../generated/prisma/client.ts";
import type { StoredBlob } from "../../blobs.ts";
import type { DocumentRecords } from "../../connectors/types.ts";
import { IntegrityError, NotFoundError } from "../../errors.ts";
import { hashRecords, ingestEach } from "../../ingestion.ts";
import { capturePriorStates, priorStateOf } from "../prior-state.ts";
import { changedIngestionTargets, ownRecords, restoreIngestions, restoreStageFiles } from "../rollback.ts";
import { eachUndo, ingestionOutcome, runAsSet } from "../steps.ts";
import type { KindDeps } from "../stored.ts";
import type { ResolvedMigration } from "../types.ts";
import { checkIngestions } from "../verify.ts";
import type { ItemOutcome, MigrationKind } from "./kind.ts";
import { invalid } from "../invalid-input.ts";
import { requireTargetDatabases } from "./request-rules.ts";

export const crossDatabase: MigrationKind = {
  type: "CROSS_DATABASE",
  usesMode: false,
  rollbackEffect: () =>
    "The records it wrote into the realm's new databases are removed, and those it took out of the old database are restored.",

  resolveOptions({ input, options, sourceRealmId, targetRealmId, attached }) {
    if (targetRealmId !== sourceRealmId)
      invalid("CROSS_DATABASE moves records between databases of one realm: use the same realm.", "targetRealmId");
    const source = options.sourceDatabaseId;
    if (!source) invalid("Name the database to read from in sourceDatabaseId.", "options.sourceDatabaseId");
    if (!attached.has(source)) invalid(`Database ${source} is not attached to this realm.`, "options.sourceDatabaseId");
    const targets = requireTargetDatabases(input, "Name the database(s) to write to in targetDatabases.");
    if (targets.includes(source)) invalid("The source database cannot also be a target.", "targetDatabases");
    if (options.migrationMode === "MOVE")
      invalid("For CROSS_DATABASE use removeFromSource instead of migrationMode MOVE.", "options.migrationMode");
    return { ...options, reprocessStages: [], copyStageFiles: false };
  },

  /** Only documents the source database holds are selected. */
  requiredIngestion: (migration) => migration.options.sourceDatabaseId,

  stagePlan: () => ({ copied: [], rerun: [] }),

  takenTitles: () => Promise.resolve(new Set()),
  titleAction: () => ({ action: "CREATE", targetTitle: null }),
  bytesReferenced: () => 0,

  run: (deps, set) => runAsSet(set, (items) => copyRecords(deps, set.migration.id, set.resolved, items)),

  compensate: () => Promise.resolve(), // the targets are replaced on a retry; the source is untouched until verified

  undo: (deps, set) => eachUndo(set, (item) => undoCopy(deps, set.resolved, item)),

  changedTargets: changedIngestionTargets,

  // removeFromSource leaves nothing in the source to compare with.
  parityPairs: ({ sourceRealmId: realmId, options: { sourceDatabaseId, targetDatabases, removeFromSource } }) =>
    removeFromSource
      ? []
      : targetDatabases.map((databaseId) => ({
          source: { databaseId: sourceDatabaseId, realmId },
          target: { databaseId, realmId },
        })),
};

/**
 * Copies a set of documents' records: exported from the source in one batch (a resumed item whose source was
 * already cleared reads its backup blob), backed up, written into each target in one batch, recorded in one
 * statement per target, verified together, and only then removed from the source together.
 */
async function copyRecords(
  deps: KindDeps,
  migrationId: string,
  resolved: ResolvedMigration,
  items: MigrationItem[],
): Promise<ItemOutcome[]> {
  const { prisma, blobs, connectors } = deps;
  const { sourceDatabaseId, targetDatabases, removeFromSource } = resolved.options;
  const outcomes = new Map<string, ItemOutcome>();
  const fail = (item: MigrationItem, error: unknown) => outcomes.set(item.id, { item, error });
  const open = () => items.filter((item) => !outcomes.has(item.id));
  const documents = new Map(
    (await prisma.document.findMany({ where: { id: { in: items.map((i) => i.sourceDocumentId) } } })).map((d) => [
      d.id,
      d,
    ]),
  );
  for (const item of items)
    if (!documents.has(item.sourceDocumentId)) fail(item, new NotFoundError("Document", item.sourceDocumentId));
  const documentOf = (item: MigrationItem) => documents.get(item.sourceDocumentId)!;
  const sourceDatabase = await prisma.database.findUniqueOrThrow({ where: { id: sourceDatabaseId! } });
  const sourceIngestions = new Map(
    (
      await prisma.ingestion.findMany({
        where: { databaseId: sourceDatabase.id, documentId: { in: open().map((i) => i.sourceDocumentId) } },
      })
    ).map((g) => [g.documentId, g]),
  );
  await capturePriorStates(
    prisma,
    open().map((item) => ({ item, documentId: item.sourceDocumentId })),
    { databaseIds: [...targetDatabases, sourceDatabase.id] },
  );

  // A resumed item whose source was already cleared restores the records from its backup.
  const records = new Map<string, DocumentRecords>();
  const restored = open().filter(
    (item) => sourceIngestions.get(item.sourceDocumentId)?.status === "REMOVED" && item.backupSha256,
  );
  for (const item of restored)
    records.set(item.id, JSON.parse(await blobs.readText(item.backupSha256!)) as DocumentRecords);
  const exporting = open().filter((item) => !records.has(item.id));
  const exported = await (
    await connectors.get(sourceDatabase)
  ).exportMany(exporting.map((item) => ({ documentId: item.sourceDocumentId, realmId: documentOf(item).realmId })));
  const backups: Array<{ item: MigrationItem; backup: StoredBlob }> = [];
  for (const [i, item] of exporting.entries()) {
    const found = exported[i]!;
    const recorded = sourceIngestions.get(item.sourceDocumentId)?.points ?? 0;
    if (found.chunks.length === 0 && recorded > 0) {
      fail(
        item,
        new IntegrityError(
          `Database ${sourceDatabase.name} holds no records for document ${item.sourceDocumentId}, but its ingestion says ${recorded}.`,
        ),
      );
      continue;
    }
    found.title = found.title || documentOf(item).title;
    records.set(item.id, found);
    backups.push({ item, backup: await blobs.put(JSON.stringify(found), { allowEmpty: true }) });
  }
  if (backups.length > 0) {
    await prisma.$executeRawUnsafe(
      `WITH v AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS v(item uuid, sha256 text, size bigint)),
       b AS (INSERT INTO "Blob" (sha256, size, "createdAt") SELECT DISTINCT sha256, size, $2::timestamp(3) FROM v ON CONFLICT DO NOTHING)
       UPDATE "MigrationItem" i SET "backupSha256" = v.sha256 FROM v WHERE i.id = v.item`,
      JSON.stringify(
        backups.map(({ item, backup }) => ({ item: item.id, sha256: backup.sha256, size: String(backup.size) })),
      ),
      new Date().toISOString(),
    );
  }

  for (const databaseId of targetDatabases) {
    const writing = open();
    if (writing.length === 0) break;
    const database = await prisma.database.findUniqueOrThrow({ where: { id: databaseId } });
    const connector = await connectors.get(database);
    const batch = writing.map((item) => records.get(item.id)!);
    const counts = await ingestEach(connector, batch);
    const written = writing.flatMap((item, i) => {
      const c = counts[i]!;
      if ("error" in c) {
        fail(item, c.error);
        return [];
      }
      return [{ item, counts: c.counts }];
    });
    await prisma.$executeRawUnsafe(
      `INSERT INTO "Ingestion" (id, "documentId", "databaseId", status, points, nodes, relationships, "contentHash", "migrationId", "createdAt", "updatedAt")
       SELECT gen_random_uuid(), v.document, $1::uuid, 'SUCCEEDED', v.points, v.nodes, v.relationships, v.hash, $2::uuid, $3::timestamp(3), $3::timestamp(3)
       FROM jsonb_to_recordset($4::jsonb) AS v(document uuid, points int, nodes int, relationships int, hash text)
       ON CONFLICT ("documentId", "databaseId") DO UPDATE SET status = 'SUCCEEDED', points = excluded.points,
         nodes = excluded.nodes, relationships = excluded.relationships, "contentHash" = excluded."contentHash",
         "migrationId" = excluded."migrationId", error = NULL, "updatedAt" = excluded."updatedAt"`,
      databaseId,
      migrationId,
      new Date().toISOString(),
      JSON.stringify(
        written.map(({ item, counts: c }) => ({
          document: item.sourceDocumentId,
          ...c,
          hash: hashRecords(records.get(item.id)!),
        })),
      ),
    );
  }

  const checking = open();
  const expected = new Map(
    checking.map((item) => {
      const r = records.get(item.id)!;
      return [
        item.sourceDocumentId,
        {
          points: r.chunks.length,
          nodes: new Set(r.entities.map((e) => e.key)).size,
          relationships: r.relations.length,
        },
      ];
    }),
  );
  // What a target cannot hold (the graph, in Qdrant) is listed in the check's notHeld, not dropped silently.
  const checks = await checkIngestions(prisma, connectors, checking.map(documentOf), targetDatabases, (documentId) =>
    expected.get(documentId)!,
  );
  for (const item of checking) {
    outcomes.set(item.id, ingestionOutcome(item, checks.get(item.sourceDocumentId)!, []));
  }
  if (removeFromSource) {
    const verified = items.filter((item) => {
      const outcome = outcomes.get(item.id);
      return outcome && "result" in outcome && sourceIngestions.get(item.sourceDocumentId)?.status !== "REMOVED";
    });
    await deps.ingestion.removeMany(verified.map(documentOf), [sourceDatabase.id]);
  }
  return items.map((item) => outcomes.get(item.id)!);
}

/** The targets' records go (or come back as they were); a source cleared by removeFromSource gets its records back. */
async function undoCopy(deps: KindDeps, resolved: ResolvedMigration, item: MigrationItem): Promise<void> {
  const prior = priorStateOf(item);
  if (!prior) return; // the item never reached its first change
  const document = await deps.prisma.document.findUnique({ where: { id: item.sourceDocumentId } });
  if (!document) return;
  const { sourceDatabaseId } = resolved.options;
  const { [sourceDatabaseId ?? ""]: sourceBefore, ...targets } = prior.ingestions;
  await restoreIngestions(deps, document, targets, () => ownRecords(deps, document));
  if (sourceDatabaseId && sourceBefore !== undefined) {
    await restoreIngestions(deps, document, { [sourceDatabaseId]: sourceBefore }, async () => {
      if (!item.backupSha256)
        throw new IntegrityError(`Item ${item.id} has no backup to restore the source database from.`);
      return JSON.parse(await deps.blobs.readText(item.backupSha256)) as DocumentRecords;
    });
  }
  await restoreStageFiles(deps, document, prior.stageFiles);
}
