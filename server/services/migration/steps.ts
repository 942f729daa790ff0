// What one migration item does, per migration type. Every step is idempotent: the target document id
// is derived from (migration, source), stage-file copies and ingestions are upserts/replacements, so
// re-running an item after a crash at any point converges on the same final state.
import { recordBlob } from "../blobs.ts";
import type { DocumentRecords } from "../connectors/types.ts";
import { hashRecords } from "../ingestion.ts";
import type { Document, Migration, MigrationItem } from "../../generated/prisma/client.ts";
import type { DatabaseKind } from "../../generated/prisma/enums.ts";
import { ConflictError, IntegrityError, NotFoundError } from "../errors.ts";
import { isUniqueViolation } from "../prisma-errors.ts";
import { freeTitle, stagePlan, takenTitles, titleAction } from "./planner.ts";
import { capturePriorState } from "./prior-state.ts";
import { RollbackSteps } from "./rollback.ts";
import { resolvedOf, targetDocumentIdFor, type StepDeps } from "./stored.ts";
import { checkIngestions, compareStageFiles, HOLDS_GRAPH, type Verification } from "./verify.ts";
import type { ResolvedMigration } from "./types.ts";

export interface ItemResult {
  status: "COMPLETED" | "SKIPPED";
  targetDocumentId: string | null;
  targetTitle: string | null;
  verification: Verification | null;
  migratedStages: string[];
  message: string | null;
}

export class ItemSteps {
  private readonly rollbacks: RollbackSteps;

  constructor(private readonly deps: StepDeps) {
    this.rollbacks = new RollbackSteps(deps);
  }

  /** Undoes a finished item during a rollback (see rollback.ts). */
  rollback(migration: Migration, item: MigrationItem): Promise<void> {
    return this.rollbacks.undo(migration, item);
  }

  async run(migration: Migration, item: MigrationItem): Promise<ItemResult> {
    switch (migration.type) {
      case "DOCUMENT_TO_REALM":
        return this.copyToRealm(migration, item);
      case "REALM_DATABASE_ADDITION":
        return this.backfill(migration, item);
      case "CROSS_DATABASE":
        return this.crossDatabase(migration, item);
    }
  }

  /** Undoes a failed or cancelled item's partial work: a target that never became visible is removed. */
  async compensate(migration: Migration, item: MigrationItem): Promise<void> {
    const { prisma, ingestion } = this.deps;
    if (migration.type !== "DOCUMENT_TO_REALM") return; // backfills and cross-database copies are replacements, safe to keep or redo
    const target = await prisma.document.findUnique({
      where: { id: targetDocumentIdFor(migration.id, item.sourceDocumentId) },
    });
    if (!target || target.status !== "MIGRATING") return;
    await ingestion.remove(target);
    await prisma.document.delete({ where: { id: target.id } });
  }

  private async copyToRealm(migration: Migration, item: MigrationItem): Promise<ItemResult> {
    const { prisma, processor, ingestion } = this.deps;
    const resolved = resolvedOf(migration);
    const source = await prisma.document.findUnique({
      where: { id: item.sourceDocumentId },
      include: { stageFiles: true },
    });
    if (!source) throw new NotFoundError("Document", item.sourceDocumentId);
    const move = resolved.options.migrationMode === "MOVE";
    const { copied, rerun } = stagePlan(resolved, source.stageFiles);
    if (move) await capturePriorState(prisma, item, source.id, { databaseIds: "all", documentStatus: true });

    let target = await prisma.document.findUnique({ where: { id: targetDocumentIdFor(migration.id, source.id) } });
    if (!target) {
      if (source.retiredAt) throw new ConflictError(`Document ${source.id} was retired before it could be migrated.`);
      const created = await this.createTarget(migration, resolved, source);
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
      await this.copyStageFiles(source, target, copied);
      await processor.runStages(target, {
        stages: rerun,
        databaseIds: resolved.options.targetDatabases,
        migrationId: migration.id,
      });
    }
    // Only the ingestor writes to the target databases: with it not re-run there is nothing there to verify.
    const ingestedInto = rerun.includes("ingestor") ? resolved.options.targetDatabases : [];
    const verification = await this.verifyCopy(source, target, copied, ingestedInto);
    if (!verification.ok) throw new IntegrityError(`Verification failed: ${describeFailures(verification)}`);
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
  private async createTarget(
    migration: Migration,
    resolved: ResolvedMigration,
    source: Document,
  ): Promise<Document | null> {
    const { prisma } = this.deps;
    for (let attempt = 0; attempt < 20; attempt++) {
      const taken = await takenTitles(prisma, resolved, [source.title]);
      const { action, targetTitle } = titleAction(resolved, source.title, taken);
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
  private async copyStageFiles(
    source: Document & {
      stageFiles: Array<{ id: string; stage: string; name: string; contentType: string; sha256: string; size: bigint }>;
    },
    target: Document,
    stages: string[],
  ): Promise<void> {
    const files = source.stageFiles.filter((f) => stages.includes(f.stage));
    if (files.length === 0) return;
    await this.deps.prisma.$executeRawUnsafe(
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

  private async verifyCopy(
    source: Document,
    target: Document,
    copied: string[],
    databaseIds: string[],
  ): Promise<Verification> {
    const { prisma, connectors } = this.deps;
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

  private async backfill(migration: Migration, item: MigrationItem): Promise<ItemResult> {
    const { prisma, processor, connectors } = this.deps;
    const resolved = resolvedOf(migration);
    const document = await prisma.document.findUnique({
      where: { id: item.sourceDocumentId },
      include: { stageFiles: true },
    });
    if (!document || document.retiredAt) throw new NotFoundError("Document", item.sourceDocumentId);
    const { rerun } = stagePlan(resolved, document.stageFiles);
    await capturePriorState(prisma, item, document.id, {
      databaseIds: resolved.options.targetDatabases,
      stages: rerun,
    });
    await processor.runStages(document, {
      stages: rerun,
      databaseIds: resolved.options.targetDatabases,
      migrationId: migration.id,
    });
    const ingestions = await checkIngestions(
      prisma,
      connectors,
      document,
      resolved.options.targetDatabases,
      (_kind, recorded) => recorded,
    );
    const verification: Verification = { ok: ingestions.every((i) => i.equal), stageFiles: [], ingestions };
    if (!verification.ok) throw new IntegrityError(`Verification failed: ${describeFailures(verification)}`);
    return {
      status: "COMPLETED",
      targetDocumentId: document.id,
      targetTitle: null,
      verification,
      migratedStages: rerun,
      message: null,
    };
  }

  private async crossDatabase(migration: Migration, item: MigrationItem): Promise<ItemResult> {
    const { prisma, blobs, connectors } = this.deps;
    const resolved = resolvedOf(migration);
    const document = await prisma.document.findUnique({ where: { id: item.sourceDocumentId } });
    if (!document) throw new NotFoundError("Document", item.sourceDocumentId);
    const ref = { documentId: document.id, realmId: document.realmId };
    const sourceDatabase = await prisma.database.findUniqueOrThrow({
      where: { id: resolved.options.sourceDatabaseId! },
    });
    const sourceIngestion = await prisma.ingestion.findUnique({
      where: { documentId_databaseId: { documentId: document.id, databaseId: sourceDatabase.id } },
    });
    await capturePriorState(prisma, item, document.id, {
      databaseIds: [...resolved.options.targetDatabases, sourceDatabase.id],
    });

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
    for (const databaseId of resolved.options.targetDatabases) {
      const database = await prisma.database.findUniqueOrThrow({ where: { id: databaseId } });
      const counts = await (await connectors.get(database)).ingest(records);
      await prisma.ingestion.upsert({
        where: { documentId_databaseId: { documentId: document.id, databaseId } },
        create: {
          documentId: document.id,
          databaseId,
          status: "SUCCEEDED",
          ...counts,
          contentHash,
          migrationId: migration.id,
        },
        update: { status: "SUCCEEDED", ...counts, contentHash, migrationId: migration.id, error: null },
      });
    }
    const expected = {
      points: records.chunks.length,
      nodes: new Set(records.entities.map((e) => e.key)).size,
      relationships: records.relations.length,
    };
    // What a target cannot hold (the graph, in Qdrant) is listed in the check's notHeld, not dropped silently.
    const ingestions = await checkIngestions(
      prisma,
      connectors,
      document,
      resolved.options.targetDatabases,
      () => expected,
    );
    const verification: Verification = { ok: ingestions.every((i) => i.equal), stageFiles: [], ingestions };
    if (!verification.ok) throw new IntegrityError(`Verification failed: ${describeFailures(verification)}`);
    if (resolved.options.removeFromSource && sourceIngestion?.status !== "REMOVED") {
      await this.deps.ingestion.remove(document, [sourceDatabase.id]);
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
}

function describeFailures(v: Verification): string {
  const files = v.stageFiles.filter((f) => f.copied && !f.equal).map((f) => `stage file ${f.stage} differs`);
  const dbs = v.ingestions
    .filter((i) => !i.equal)
    .map(
      (i) =>
        `${i.kind} database ${i.databaseId}: expected ${JSON.stringify(i.expected)}, found ${JSON.stringify(i.actual)}`,
    );
  return [...files, ...dbs].join("; ") || "unknown";
}
