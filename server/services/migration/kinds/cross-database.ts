// CROSS_DATABASE: copy a realm's records from one of its databases into others, optionally removing them
// from the source afterwards. The records are exported from the source (or, on a resumed item whose source
// was already cleared, read back from the item's backup blob), written into each target, and verified
// against what was exported; only then are they removed from the source. No stage runs.
import type { MigrationItem } from "../../../generated/prisma/client.ts";
import { recordBlob } from "../../blobs.ts";
import type { DocumentRecords } from "../../connectors/types.ts";
import { IntegrityError, NotFoundError } from "../../errors.ts";
import { hashRecords } from "../../ingestion.ts";
import { capturePriorState, priorStateOf } from "../prior-state.ts";
import { changedIngestionTargets, ownRecords, restoreIngestions, restoreStageFiles } from "../rollback.ts";
import { assertVerified, eachItem, eachUndo } from "../steps.ts";
import type { KindDeps } from "../stored.ts";
import type { ResolvedMigration } from "../types.ts";
import { checkIngestions, type Verification } from "../verify.ts";
import type { ItemResult, MigrationKind } from "./kind.ts";
import { invalid, requireTargetDatabases } from "./request-rules.ts";

export const crossDatabase: MigrationKind = {
  type: "CROSS_DATABASE",

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

  run: (deps, set) => eachItem(set, (item) => copyRecords(deps, set.migration.id, set.resolved, item)),

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

async function copyRecords(
  deps: KindDeps,
  migrationId: string,
  resolved: ResolvedMigration,
  item: MigrationItem,
): Promise<ItemResult> {
  const { prisma, blobs, connectors } = deps;
  const { sourceDatabaseId, targetDatabases, removeFromSource } = resolved.options;
  const document = await prisma.document.findUnique({ where: { id: item.sourceDocumentId } });
  if (!document) throw new NotFoundError("Document", item.sourceDocumentId);
  const ref = { documentId: document.id, realmId: document.realmId };
  const sourceDatabase = await prisma.database.findUniqueOrThrow({ where: { id: sourceDatabaseId! } });
  const sourceIngestion = await prisma.ingestion.findUnique({
    where: { documentId_databaseId: { documentId: document.id, databaseId: sourceDatabase.id } },
  });
  await capturePriorState(prisma, item, document.id, { databaseIds: [...targetDatabases, sourceDatabase.id] });

  // A resumed item whose source was already cleared restores the records from its backup.
  let records: DocumentRecords;
  if (sourceIngestion?.status === "REMOVED" && item.backupSha256) {
    records = JSON.parse(await blobs.readText(item.backupSha256)) as DocumentRecords;
  } else {
    records = await (await connectors.get(sourceDatabase)).export(ref);
    if (records.chunks.length === 0 && (sourceIngestion?.points ?? 0) > 0) {
      throw new IntegrityError(
        `Database ${sourceDatabase.name} holds no records for document ${document.id}, but its ingestion says ${sourceIngestion!.points}.`,
      );
    }
    records.title = records.title || document.title;
    const backup = await blobs.put(JSON.stringify(records), { allowEmpty: true });
    await recordBlob(prisma, backup);
    await prisma.migrationItem.update({ where: { id: item.id }, data: { backupSha256: backup.sha256 } });
  }
  const contentHash = hashRecords(records);
  for (const databaseId of targetDatabases) {
    const database = await prisma.database.findUniqueOrThrow({ where: { id: databaseId } });
    const counts = await (await connectors.get(database)).ingest(records);
    await prisma.ingestion.upsert({
      where: { documentId_databaseId: { documentId: document.id, databaseId } },
      create: { documentId: document.id, databaseId, status: "SUCCEEDED", ...counts, contentHash, migrationId },
      update: { status: "SUCCEEDED", ...counts, contentHash, migrationId, error: null },
    });
  }
  const expected = {
    points: records.chunks.length,
    nodes: new Set(records.entities.map((e) => e.key)).size,
    relationships: records.relations.length,
  };
  // What a target cannot hold (the graph, in Qdrant) is listed in the check's notHeld, not dropped silently.
  const ingestions = await checkIngestions(prisma, connectors, document, targetDatabases, () => expected);
  const verification: Verification = { ok: ingestions.every((i) => i.equal), stageFiles: [], ingestions };
  assertVerified(verification);
  if (removeFromSource && sourceIngestion?.status !== "REMOVED") {
    await deps.ingestion.remove(document, [sourceDatabase.id]);
  }
  return {
    status: "COMPLETED",
    targetDocumentId: document.id,
    targetTitle: null,
    verification,
    migratedStages: [],
    message: null,
  };
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
