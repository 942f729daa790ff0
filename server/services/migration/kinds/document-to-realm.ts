// DOCUMENT_TO_REALM: copy (or move) documents into another realm. Each source gets a hidden (MIGRATING)
// target document with a derived id, its stage files copied as new rows over the same blobs, the stages
// that must re-run run into the target realm's databases, and the copy verified; only then does the
// target become READY and — for a MOVE — the source leave its databases and retire. The title conflict
// policy (FAIL, SKIP, RENAME) is applied here, at plan time and again when the target is created.
import type { Document, Migration, MigrationItem } from "../../../generated/prisma/client.ts";
import type { DatabaseKind } from "../../../generated/prisma/enums.ts";
import type { Prisma } from "../../db/open.ts";
import { ConflictError, NotFoundError } from "../../errors.ts";
import { isUniqueViolation } from "../../prisma-errors.ts";
import { expandStages } from "../../stages/registry.ts";
import { STAGE_NAMES, type StageName } from "../../stages/types.ts";
import { capturePriorState, priorStateOf } from "../prior-state.ts";
import { ownRecords, restoreIngestions } from "../rollback.ts";
import { assertVerified, eachItem, eachUndo } from "../steps.ts";
import { targetDocumentIdFor, type KindDeps } from "../stored.ts";
import type { ConflictPolicy, PlannedAction, ResolvedMigration } from "../types.ts";
import { HOLDS_GRAPH } from "../../connectors/kinds.ts";
import { checkIngestions, compareStageFiles, type Verification } from "../verify.ts";
import { invalid, rejectCrossDatabaseOptions } from "./request-rules.ts";
import type { ChangedTarget, ItemResult, MigrationKind } from "./kind.ts";

export const documentToRealm: MigrationKind = {
  type: "DOCUMENT_TO_REALM",

  resolveOptions({ input, options, sourceRealmId, targetRealmId }) {
    if (targetRealmId === sourceRealmId)
      invalid("A DOCUMENT_TO_REALM migration needs a target realm other than the source realm.", "targetRealmId");
    if (options.migrationMode === "MOVE" && input.preserveOriginal === true)
      invalid(
        "MOVE removes the originals; preserveOriginal: true contradicts it. Use COPY, or drop preserveOriginal.",
        "options.preserveOriginal",
      );
    if (options.migrationMode === "COPY" && input.preserveOriginal === false)
      invalid(
        "COPY keeps the originals; preserveOriginal: false contradicts it. Use MOVE to remove them.",
        "options.preserveOriginal",
      );
    rejectCrossDatabaseOptions(input);
    return options;
  },

  requiredIngestion: () => null,

  stagePlan(migration, present) {
    const { reprocessStages, copyStageFiles } = migration.options;
    const rerun = expandStages(reprocessStages, copyStageFiles ? present : new Set<StageName>());
    const copied = copyStageFiles ? STAGE_NAMES.filter((s) => present.has(s) && !rerun.includes(s)) : [];
    return { copied, rerun };
  },

  takenTitles,

  titleAction: (migration, title, taken) => titleAction(migration.options.conflictPolicy, title, taken),

  /** A copy references the source's original and the stage files it copies (no bytes are duplicated). */
  bytesReferenced: (document, copiedBytes, action) =>
    action === "CREATE" || action === "RENAME" ? Number(document.size) + copiedBytes : 0,

  run: (deps, set) => eachItem(set, (item) => copyItem(deps, set.migration, set.resolved, item)),

  /** A target that never became visible is removed with whatever it ingested. */
  async compensate({ prisma, ingestion }, migration, item) {
    const target = await prisma.document.findUnique({
      where: { id: targetDocumentIdFor(migration.id, item.sourceDocumentId) },
    });
    if (!target || target.status !== "MIGRATING") return;
    await ingestion.remove(target);
    await prisma.document.delete({ where: { id: target.id } });
  },

  undo: (deps, set) => eachUndo(set, (item) => undoCopy(deps, set.migration.id, set.resolved, item)),

  changedTargets: (prisma, migration, limit) =>
    prisma.$queryRawUnsafe<ChangedTarget[]>(
      `SELECT i."targetDocumentId"::text AS "documentId", CASE
         WHEN d.id IS NULL THEN 'deleted'
         WHEN d."updatedAt" > i."completedAt" THEN 'updated'
         WHEN EXISTS (SELECT 1 FROM "StageRun" r WHERE r."documentId" = d.id AND r."startedAt" > i."completedAt") THEN 're-processed'
         ELSE 'migrated by another migration' END AS reason
       FROM "MigrationItem" i LEFT JOIN "Document" d ON d.id = i."targetDocumentId"
       WHERE i."migrationId" = $1::uuid AND i.status = 'COMPLETED' AND i."rollbackStatus" IS NULL AND i."targetDocumentId" IS NOT NULL AND (
         d.id IS NULL OR d."updatedAt" > i."completedAt"
         OR EXISTS (SELECT 1 FROM "StageRun" r WHERE r."documentId" = d.id AND r."startedAt" > i."completedAt")
         OR EXISTS (SELECT 1 FROM "MigrationItem" o WHERE o."sourceDocumentId" = d.id AND o."createdAt" > i."completedAt"))
       ORDER BY i.ordinal LIMIT $2`,
      migration.id,
      limit,
    ),

  // A MOVE removed the sources' records: nothing is left to compare with.
  parityPairs: ({ sourceRealmId, targetRealmId, options: { migrationMode, targetDatabases } }) =>
    migrationMode === "MOVE"
      ? []
      : targetDatabases.map((databaseId) => ({
          source: { databaseId: null, realmId: sourceRealmId },
          target: { databaseId, realmId: targetRealmId },
        })),
};

/** What the conflict policy does with a title: CREATE when it is free, else CONFLICT (FAIL), SKIP or RENAME. */
export function titleAction(
  policy: ConflictPolicy,
  title: string,
  taken: ReadonlySet<string>,
): { action: PlannedAction; targetTitle: string | null } {
  if (!taken.has(title)) return { action: "CREATE", targetTitle: title };
  switch (policy) {
    case "FAIL":
      return { action: "CONFLICT", targetTitle: null };
    case "SKIP":
      return { action: "SKIP", targetTitle: null };
    case "RENAME":
      return { action: "RENAME", targetTitle: freeTitle(title, taken) };
  }
}

/** `title (2)`, `title (3)`, … — the first one not taken. */
export function freeTitle(title: string, taken: ReadonlySet<string>): string {
  for (let n = 2; ; n++) {
    const candidate = `${title} (${n})`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Titles among `titles` (and their RENAME variants) already used by active documents of the target realm. */
async function takenTitles(prisma: Prisma, migration: ResolvedMigration, titles: string[]): Promise<Set<string>> {
  if (titles.length === 0) return new Set();
  const rows = await prisma.document.findMany({
    where: {
      realmId: migration.targetRealmId,
      retiredAt: null,
      OR: [{ title: { in: titles } }, ...titles.map((t) => ({ title: { startsWith: `${t} (` } }))].slice(
        0,
        1 + titles.length,
      ),
    },
    select: { title: true },
  });
  return new Set(rows.map((r) => r.title));
}

async function copyItem(
  deps: KindDeps,
  migration: Migration,
  resolved: ResolvedMigration,
  item: MigrationItem,
): Promise<ItemResult> {
  const { prisma, processor, ingestion } = deps;
  const source = await prisma.document.findUnique({
    where: { id: item.sourceDocumentId },
    include: { stageFiles: true },
  });
  if (!source) throw new NotFoundError("Document", item.sourceDocumentId);
  const move = resolved.options.migrationMode === "MOVE";
  const present = new Set(source.stageFiles.map((f) => f.stage as StageName));
  const { copied, rerun } = documentToRealm.stagePlan(resolved, present);
  if (move) await capturePriorState(prisma, item, source.id, { databaseIds: "all", documentStatus: true });

  let target = await prisma.document.findUnique({ where: { id: targetDocumentIdFor(migration.id, source.id) } });
  if (!target) {
    if (source.retiredAt) throw new ConflictError(`Document ${source.id} was retired before it could be migrated.`);
    const created = await createTarget(deps, migration, resolved, source);
    if (!created)
      return {
        status: "SKIPPED",
        targetDocumentId: null,
        targetTitle: null,
        verification: null,
        migratedStages: [],
        message: `"${source.title}" exists in the target realm (conflictPolicy SKIP)`,
      };
    target = created;
  }

  if (target.status === "MIGRATING") {
    await copyStageFiles(deps, source, target, copied);
    await processor.runStages(target, {
      stages: rerun,
      databaseIds: resolved.options.targetDatabases,
      migrationId: migration.id,
    });
  }
  // Only the ingestor writes to the target databases: with it not re-run there is nothing there to verify.
  const ingestedInto = rerun.includes("ingestor") ? resolved.options.targetDatabases : [];
  const verification = await verifyCopy(deps, source, target, copied, ingestedInto);
  assertVerified(verification);
  if (target.status === "MIGRATING") {
    target = await prisma.document.update({ where: { id: target.id }, data: { status: "READY" } });
  }
  if (move && !source.retiredAt) {
    // Only after the target verified: the source's records leave its databases, the document is kept hidden.
    await ingestion.remove(source);
    await prisma.document.update({ where: { id: source.id }, data: { retiredAt: new Date(), status: "RETIRED" } });
  }
  return {
    status: "COMPLETED",
    targetDocumentId: target.id,
    targetTitle: target.title,
    verification,
    migratedStages: [...copied, ...rerun],
    message: null,
  };
}

/** Creates the hidden (MIGRATING) target, applying the conflict policy; null when the policy skips it. */
async function createTarget(
  { prisma }: KindDeps,
  migration: Migration,
  resolved: ResolvedMigration,
  source: Document,
): Promise<Document | null> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const taken = await takenTitles(prisma, resolved, [source.title]);
    const { action, targetTitle } = titleAction(resolved.options.conflictPolicy, source.title, taken);
    if (action === "SKIP") return null;
    if (action === "CONFLICT")
      throw new ConflictError(
        `The target realm already has a document titled "${source.title}" (conflictPolicy FAIL).`,
      );
    try {
      return await prisma.document.create({
        data: {
          id: targetDocumentIdFor(migration.id, source.id),
          realmId: resolved.targetRealmId,
          title: targetTitle ?? freeTitle(source.title, taken),
          status: "MIGRATING",
          fileName: source.fileName,
          contentType: source.contentType,
          sha256: source.sha256,
          size: source.size,
          originDocumentId: source.id,
          migrationId: migration.id,
        },
      });
    } catch (error) {
      // Someone took the title between the check and the insert: look again.
      if (!isUniqueViolation(error)) throw error;
      const existing = await prisma.document.findUnique({
        where: { id: targetDocumentIdFor(migration.id, source.id) },
      });
      if (existing) return existing;
    }
  }
  throw new ConflictError(`Could not find a free title for "${source.title}" in the target realm.`);
}

/**
 * New file records pointing at the same blobs: no bytes are copied. One upserting statement for all of
 * them (atomic on its own; a resumed item overwrites what an earlier attempt copied).
 */
async function copyStageFiles(
  { prisma }: KindDeps,
  source: Document & { stageFiles: Array<{ id: string; stage: string }> },
  target: Document,
  stages: string[],
): Promise<void> {
  const files = source.stageFiles.filter((f) => stages.includes(f.stage));
  if (files.length === 0) return;
  await prisma.$executeRawUnsafe(
    `INSERT INTO "StageFile" (id, "documentId", stage, name, "contentType", sha256, size, "copiedFromId", "createdAt")
     SELECT gen_random_uuid(), $1::uuid, f.stage, f.name, f."contentType", f.sha256, f.size, f.id, $3::timestamp(3)
     FROM "StageFile" f WHERE f.id = ANY($2::uuid[])
     ON CONFLICT ("documentId", stage) DO UPDATE SET name = excluded.name, "contentType" = excluded."contentType",
       sha256 = excluded.sha256, size = excluded.size, "copiedFromId" = excluded."copiedFromId"`,
    target.id,
    files.map((f) => f.id),
    new Date().toISOString(),
  );
}

async function verifyCopy(
  { prisma, connectors }: KindDeps,
  source: Document,
  target: Document,
  copied: string[],
  databaseIds: string[],
): Promise<Verification> {
  const stageFiles = await compareStageFiles(prisma, source.id, target.id, copied);
  const sourceIngestions = await prisma.$queryRawUnsafe<
    Array<{ points: number; nodes: number; relationships: number; kind: DatabaseKind }>
  >(
    `SELECT g.points, g.nodes, g.relationships, d.kind FROM "Ingestion" g JOIN "Database" d ON d.id = g."databaseId"
     WHERE g."documentId" = $1::uuid AND g.status = 'SUCCEEDED'`,
    source.id,
  );
  // Compare with the source's records in a database of the same kind, else in one that holds the graph,
  // so a target that cannot hold the graph reports what it leaves out.
  const reference = (kind: string) =>
    sourceIngestions.find((i) => i.kind === kind) ?? sourceIngestions.find((i) => HOLDS_GRAPH[i.kind]);
  const ingestions = await checkIngestions(prisma, connectors, target, databaseIds, (kind, recorded) => {
    const source = reference(kind);
    return source ? { points: source.points, nodes: source.nodes, relationships: source.relationships } : recorded;
  });
  return {
    ok: stageFiles.every((f) => f.equal || !f.copied) && ingestions.every((i) => i.equal),
    stageFiles,
    ingestions,
  };
}

/** The target document goes with its records and stage-file rows (blobs stay); a moved source comes back. */
async function undoCopy(
  deps: KindDeps,
  migrationId: string,
  resolved: ResolvedMigration,
  item: MigrationItem,
): Promise<void> {
  const { prisma, ingestion } = deps;
  const target = await prisma.document.findUnique({
    where: { id: targetDocumentIdFor(migrationId, item.sourceDocumentId) },
  });
  if (target) {
    await ingestion.remove(target);
    await prisma.document.deleteMany({ where: { id: target.id } });
  }
  const prior = priorStateOf(item);
  if (resolved.options.migrationMode !== "MOVE" || !prior?.documentStatus) return;
  const source = await prisma.document.findUnique({ where: { id: item.sourceDocumentId } });
  if (!source) return; // deleted since: nothing to restore
  if (source.status !== prior.documentStatus || source.retiredAt) {
    try {
      await prisma.document.update({
        where: { id: source.id },
        data: { status: prior.documentStatus, retiredAt: null },
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new ConflictError(
        `Cannot restore "${source.title}": the source realm has another document with that title now. Rename one and roll back again.`,
      );
    }
  }
  await restoreIngestions(deps, source, prior.ingestions, () => ownRecords(deps, source));
}
