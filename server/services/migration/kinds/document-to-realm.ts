// DOCUMENT_TO_REALM: copy (or move) documents into another realm. Each source gets a hidden (MIGRATING)
// target document with a derived id, its stage files copied as new rows over the same blobs, the stages
// that must re-run run into the target realm's databases, and the copy verified; only then does the
// target become READY and — for a MOVE — the source leave its databases and retire. The title conflict
// policy (FAIL, SKIP, RENAME) is applied here, at plan time and again when the target is created.
import type { Document, Migration, MigrationItem, StageFile } from "../../../generated/prisma/client.ts";
import type { DatabaseKind } from "../../../generated/prisma/enums.ts";
import type { Prisma } from "../../db/open.ts";
import { ConflictError, NotFoundError } from "../../errors.ts";
import { isUniqueViolation } from "../../prisma-errors.ts";
import { expandStages } from "../../stages/registry.ts";
import { STAGE_NAMES, type StageName } from "../../stages/types.ts";
import { capturePriorStates, priorStateOf } from "../prior-state.ts";
import { ownRecords, restoreIngestions } from "../rollback.ts";
import { assertVerified, eachUndo, runAsSet } from "../steps.ts";
import { targetDocumentIdFor, type KindDeps } from "../stored.ts";
import type { ConflictPolicy, PlannedAction, ResolvedMigration } from "../types.ts";
import { HOLDS_GRAPH } from "../../connectors/kinds.ts";
import { checkIngestions, compareStageFiles, type IngestionCheck, type Verification } from "../verify.ts";
import { invalid } from "../invalid-input.ts";
import { rejectCrossDatabaseOptions } from "./request-rules.ts";
import type { ChangedTarget, ItemOutcome, MigrationKind } from "./kind.ts";

export const documentToRealm: MigrationKind = {
  type: "DOCUMENT_TO_REALM",
  usesMode: true,
  rollbackEffect: (mode) =>
    mode === "MOVE"
      ? "The documents it moved to the target realm are deleted there with their records, and come back to the source realm as they were."
      : "The documents it copied to the target realm are deleted with their records; the documents in the source realm stay as they are.",

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

  run: (deps, set) => runAsSet(set, (items) => copyItems(deps, set.migration, set.resolved, items)),

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

type SourceWithFiles = Document & { stageFiles: StageFile[] };

/**
 * Copies a set of documents, set-based: the sources, their targets and their prior state read once; the
 * missing targets created by one statement (conflict policy applied to the whole set); stage files copied by
 * one statement; the stages re-run together; the copies verified together; the verified targets made READY
 * (and a MOVE's sources removed and retired) in one statement each. One outcome per item.
 */
async function copyItems(
  deps: KindDeps,
  migration: Migration,
  resolved: ResolvedMigration,
  items: MigrationItem[],
): Promise<ItemOutcome[]> {
  const { prisma, processor, ingestion } = deps;
  const move = resolved.options.migrationMode === "MOVE";
  const outcomes = new Map<string, ItemOutcome>();
  const fail = (item: MigrationItem, error: unknown) => outcomes.set(item.id, { item, error });
  const open = () => items.filter((item) => !outcomes.has(item.id));

  const sources = new Map(
    (
      await prisma.document.findMany({
        where: { id: { in: items.map((i) => i.sourceDocumentId) } },
        include: { stageFiles: true },
      })
    ).map((d) => [d.id, d]),
  );
  for (const item of items)
    if (!sources.has(item.sourceDocumentId)) fail(item, new NotFoundError("Document", item.sourceDocumentId));
  const sourceOf = (item: MigrationItem) => sources.get(item.sourceDocumentId)!;
  const plans = new Map(
    open().map((item) => {
      const present = new Set(sourceOf(item).stageFiles.map((f) => f.stage as StageName));
      return [item.id, documentToRealm.stagePlan(resolved, present)];
    }),
  );
  if (move)
    await capturePriorStates(
      prisma,
      open().map((item) => ({ item, documentId: item.sourceDocumentId })),
      { databaseIds: "all", documentStatus: true },
    );

  const targets = await createTargets(deps, migration, resolved, open(), sourceOf, outcomes);
  const working = open().filter((item) => targets.has(item.id));
  const migrating = working.filter((item) => targets.get(item.id)!.status === "MIGRATING");
  await copyStageFiles(
    deps,
    migrating.map((item) => ({
      source: sourceOf(item),
      target: targets.get(item.id)!,
      stages: plans.get(item.id)!.copied,
    })),
  );
  // The stages to re-run depend on the stage files each source has: one run per distinct list.
  const byRerun = new Map<string, MigrationItem[]>();
  for (const item of migrating) {
    const key = plans.get(item.id)!.rerun.join(",");
    byRerun.set(key, [...(byRerun.get(key) ?? []), item]);
  }
  for (const group of byRerun.values()) {
    const failures = await processor.runStagesMany(
      group.map((item) => targets.get(item.id)!),
      {
        stages: plans.get(group[0]!.id)!.rerun,
        databaseIds: resolved.options.targetDatabases,
        migrationId: migration.id,
      },
    );
    for (const item of group) {
      const failure = failures.get(targets.get(item.id)!.id);
      if (failure) fail(item, failure);
    }
  }

  const verifying = open();
  const verifications = await verifyCopies(
    deps,
    verifying.map((item) => {
      const { copied, rerun } = plans.get(item.id)!;
      // Only the ingestor writes to the target databases: with it not re-run there is nothing there to verify.
      const ingestedInto = rerun.includes("ingestor") ? resolved.options.targetDatabases : [];
      return { source: sourceOf(item), target: targets.get(item.id)!, copied, databaseIds: ingestedInto };
    }),
  );
  verifying.forEach((item, i) => {
    try {
      assertVerified(verifications[i]!);
    } catch (error) {
      fail(item, error);
    }
  });

  const verified = open();
  const toReady = verified.map((item) => targets.get(item.id)!).filter((t) => t.status === "MIGRATING");
  if (toReady.length > 0)
    await prisma.document.updateMany({ where: { id: { in: toReady.map((t) => t.id) } }, data: { status: "READY" } });
  if (move) {
    // Only after the targets verified: the sources' records leave their databases, the documents are kept hidden.
    const retiring = verified.map(sourceOf).filter((s) => !s.retiredAt);
    await ingestion.removeMany(retiring);
    if (retiring.length > 0)
      await prisma.document.updateMany({
        where: { id: { in: retiring.map((s) => s.id) } },
        data: { retiredAt: new Date(), status: "RETIRED" },
      });
  }
  verified.forEach((item) => {
    const target = targets.get(item.id)!;
    const { copied, rerun } = plans.get(item.id)!;
    outcomes.set(item.id, {
      item,
      result: {
        status: "COMPLETED",
        targetDocumentId: target.id,
        targetTitle: target.title,
        verification: verifications[verifying.indexOf(item)]!,
        migratedStages: [...copied, ...rerun],
        message: null,
      },
    });
  });
  return items.map((item) => outcomes.get(item.id)!);
}

/**
 * Each item's target: found (an earlier attempt made it), or created hidden (MIGRATING) with the conflict
 * policy applied across the set — titles in use and those given earlier in the set are taken — by one
 * insert. A title someone took between the check and the insert is looked at again. Items the policy skips
 * or refuses get their outcome in `outcomes` and no target.
 */
async function createTargets(
  { prisma }: KindDeps,
  migration: Migration,
  resolved: ResolvedMigration,
  items: MigrationItem[],
  sourceOf: (item: MigrationItem) => SourceWithFiles,
  outcomes: Map<string, ItemOutcome>,
): Promise<Map<string, Document>> {
  const idOf = (item: MigrationItem) => targetDocumentIdFor(migration.id, item.sourceDocumentId);
  const targets = new Map<string, Document>();
  const found = async (pending: MigrationItem[]) => {
    const rows = await prisma.document.findMany({ where: { id: { in: pending.map(idOf) } } });
    const byId = new Map(rows.map((d) => [d.id, d]));
    for (const item of pending) if (byId.has(idOf(item))) targets.set(item.id, byId.get(idOf(item))!);
    return pending.filter((item) => !targets.has(item.id));
  };
  let pending = await found(items);
  for (const item of pending) {
    const source = sourceOf(item);
    if (source.retiredAt)
      outcomes.set(item.id, {
        item,
        error: new ConflictError(`Document ${source.id} was retired before it could be migrated.`),
      });
  }
  pending = pending.filter((item) => !outcomes.has(item.id));
  for (let round = 0; round < 20 && pending.length > 0; round++) {
    const taken = await takenTitles(prisma, resolved, [...new Set(pending.map((i) => sourceOf(i).title))]);
    const creating: Array<{ item: MigrationItem; title: string }> = [];
    for (const item of pending) {
      const { title } = sourceOf(item);
      const { action, targetTitle } = titleAction(resolved.options.conflictPolicy, title, taken);
      if (action === "SKIP")
        outcomes.set(item.id, {
          item,
          result: {
            status: "SKIPPED",
            targetDocumentId: null,
            targetTitle: null,
            verification: null,
            migratedStages: [],
            message: `"${title}" exists in the target realm (conflictPolicy SKIP)`,
          },
        });
      else if (action === "CONFLICT")
        outcomes.set(item.id, {
          item,
          error: new ConflictError(`The target realm already has a document titled "${title}" (conflictPolicy FAIL).`),
        });
      else {
        const chosen = targetTitle ?? freeTitle(title, taken);
        taken.add(chosen);
        creating.push({ item, title: chosen });
      }
    }
    const created = await insertTargets(prisma, migration, resolved, creating, sourceOf);
    for (const { item } of creating) {
      const document = created.get(idOf(item));
      if (document) targets.set(item.id, document);
    }
    // Not inserted: made meanwhile by another attempt (found now), or its title was taken meanwhile (again).
    pending = await found(creating.map((c) => c.item).filter((item) => !targets.has(item.id)));
  }
  for (const item of pending)
    outcomes.set(item.id, {
      item,
      error: new ConflictError(`Could not find a free title for "${sourceOf(item).title}" in the target realm.`),
    });
  return targets;
}

/** Inserts the hidden targets in one statement; a row whose id or title is taken is left out. */
async function insertTargets(
  prisma: Prisma,
  migration: Migration,
  resolved: ResolvedMigration,
  creating: Array<{ item: MigrationItem; title: string }>,
  sourceOf: (item: MigrationItem) => SourceWithFiles,
): Promise<Map<string, Document>> {
  if (creating.length === 0) return new Map();
  const now = new Date().toISOString();
  const rows = await prisma.$queryRawUnsafe<Document[]>(
    `INSERT INTO "Document" (id, "realmId", title, status, "fileName", "contentType", sha256, size, "originDocumentId", "migrationId", "createdAt", "updatedAt")
     SELECT v.id, $1::uuid, v.title, 'MIGRATING', v."fileName", v."contentType", v.sha256, v.size, v.origin, $2::uuid, $3::timestamp(3), $3::timestamp(3)
     FROM jsonb_to_recordset($4::jsonb) AS v(id uuid, title text, "fileName" text, "contentType" text, sha256 text, size bigint, origin uuid)
     ON CONFLICT DO NOTHING
     RETURNING *`,
    resolved.targetRealmId,
    migration.id,
    now,
    JSON.stringify(
      creating.map(({ item, title }) => {
        const source = sourceOf(item);
        return {
          id: targetDocumentIdFor(migration.id, source.id),
          title,
          fileName: source.fileName,
          contentType: source.contentType,
          sha256: source.sha256,
          size: String(source.size),
          origin: source.id,
        };
      }),
    ),
  );
  return new Map(rows.map((d) => [d.id, d]));
}

/**
 * New file records pointing at the same blobs: no bytes are copied. One upserting statement for every
 * (source, target) pair (atomic on its own; a resumed item overwrites what an earlier attempt copied).
 */
async function copyStageFiles(
  { prisma }: KindDeps,
  copies: Array<{ source: SourceWithFiles; target: Document; stages: readonly string[] }>,
): Promise<void> {
  const pairs = copies.flatMap(({ source, target, stages }) =>
    source.stageFiles.filter((f) => stages.includes(f.stage)).map((f) => ({ file: f.id, target: target.id })),
  );
  if (pairs.length === 0) return;
  await prisma.$executeRawUnsafe(
    `INSERT INTO "StageFile" (id, "documentId", stage, name, "contentType", sha256, size, "copiedFromId", "createdAt")
     SELECT gen_random_uuid(), v.target, f.stage, f.name, f."contentType", f.sha256, f.size, f.id, $2::timestamp(3)
     FROM jsonb_to_recordset($1::jsonb) AS v(file uuid, target uuid) JOIN "StageFile" f ON f.id = v.file
     ON CONFLICT ("documentId", stage) DO UPDATE SET name = excluded.name, "contentType" = excluded."contentType",
       sha256 = excluded.sha256, size = excluded.size, "copiedFromId" = excluded."copiedFromId"`,
    JSON.stringify(pairs),
    new Date().toISOString(),
  );
}

/** Each copy's verification: its copied stage files and what its target databases hold, against the source. */
async function verifyCopies(
  { prisma, connectors }: KindDeps,
  copies: Array<{ source: Document; target: Document; copied: string[]; databaseIds: string[] }>,
): Promise<Verification[]> {
  if (copies.length === 0) return [];
  const stageFiles = await compareStageFiles(
    prisma,
    copies.map((c) => ({ sourceId: c.source.id, targetId: c.target.id, copied: c.copied })),
  );
  const sourceIngestions = await prisma.$queryRawUnsafe<
    Array<{ documentId: string; points: number; nodes: number; relationships: number; kind: DatabaseKind }>
  >(
    `SELECT g."documentId", g.points, g.nodes, g.relationships, d.kind FROM "Ingestion" g JOIN "Database" d ON d.id = g."databaseId"
     WHERE g."documentId" = ANY($1::uuid[]) AND g.status = 'SUCCEEDED'`,
    copies.map((c) => c.source.id),
  );
  const sourceOf = new Map(copies.map((c) => [c.target.id, c.source.id]));
  // Compare with the source's records in a database of the same kind, else in one that holds the graph,
  // so a target that cannot hold the graph reports what it leaves out.
  const reference = (targetId: string, kind: string) => {
    const own = sourceIngestions.filter((i) => i.documentId === sourceOf.get(targetId));
    return own.find((i) => i.kind === kind) ?? own.find((i) => HOLDS_GRAPH[i.kind]);
  };
  // Copies of one set share their target databases (or have none, when the ingestor did not run).
  const checks = new Map<string, IngestionCheck[]>();
  const byDatabases = new Map<string, typeof copies>();
  for (const c of copies)
    byDatabases.set(c.databaseIds.join(","), [...(byDatabases.get(c.databaseIds.join(",")) ?? []), c]);
  for (const group of byDatabases.values()) {
    const found = await checkIngestions(
      prisma,
      connectors,
      group.map((c) => c.target),
      group[0]!.databaseIds,
      (targetId, kind, recorded) => {
        const source = reference(targetId, kind);
        return source ? { points: source.points, nodes: source.nodes, relationships: source.relationships } : recorded;
      },
    );
    for (const [id, list] of found) checks.set(id, list);
  }
  return copies.map((c, i) => {
    const ingestions = checks.get(c.target.id) ?? [];
    const files = stageFiles[i]!;
    return {
      ok: files.every((f) => f.equal || !f.copied) && ingestions.every((g) => g.equal),
      stageFiles: files,
      ingestions,
    };
  });
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
