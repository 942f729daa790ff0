// Undoing a migration, one item at a time (the runner takes items in reverse order). Every undo is
// idempotent: it compares what is there with what was there before the item (its prior state, see
// prior-state.ts) and changes only what differs, so a rollback killed at any point resumes cleanly.
import type { Prisma } from "../db/open.ts";
import type { DocumentRecords } from "../connectors/types.ts";
import { toRecords } from "../ingestion.ts";
import type { ChunksFile, FactsFile } from "../stages/types.ts";
import type { Document, Migration, MigrationItem } from "../../generated/prisma/client.ts";
import { ConflictError, IntegrityError } from "../errors.ts";
import { isUniqueViolation } from "../prisma-errors.ts";
import { priorStateOf, type PriorIngestion } from "./prior-state.ts";
import { resolvedOf, targetDocumentIdFor, type StepDeps } from "./stored.ts";

export class RollbackSteps {
  constructor(private readonly deps: StepDeps) {}

  async undo(migration: Migration, item: MigrationItem): Promise<void> {
    switch (migration.type) {
      case "DOCUMENT_TO_REALM":
        return this.undoCopy(migration, item);
      case "REALM_DATABASE_ADDITION":
      case "CROSS_DATABASE":
        return this.undoIngestions(migration, item);
    }
  }

  /** The target document goes with its records and stage-file rows (blobs stay); a moved source comes back. */
  private async undoCopy(migration: Migration, item: MigrationItem): Promise<void> {
    const { prisma, ingestion } = this.deps;
    const target = await prisma.document.findUnique({
      where: { id: targetDocumentIdFor(migration.id, item.sourceDocumentId) },
    });
    if (target) {
      await ingestion.remove(target);
      await prisma.document.deleteMany({ where: { id: target.id } });
    }
    const prior = priorStateOf(item);
    if (resolvedOf(migration).options.migrationMode !== "MOVE" || !prior?.documentStatus) return;
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
    await this.restoreIngestions(source, prior.ingestions, () => this.ownRecords(source));
  }

  /** The records written into the target databases go; rows and records that were there before come back. */
  private async undoIngestions(migration: Migration, item: MigrationItem): Promise<void> {
    const { prisma, blobs } = this.deps;
    const prior = priorStateOf(item);
    if (!prior) return; // the item never reached its first change
    const document = await prisma.document.findUnique({ where: { id: item.sourceDocumentId } });
    if (!document) return;
    const options = resolvedOf(migration).options;
    const sourceDatabaseId = migration.type === "CROSS_DATABASE" ? options.sourceDatabaseId : null;
    const targets = Object.fromEntries(
      Object.entries(prior.ingestions).filter(([databaseId]) => databaseId !== sourceDatabaseId),
    );
    await this.restoreIngestions(document, targets, () => this.ownRecords(document));
    if (sourceDatabaseId && prior.ingestions[sourceDatabaseId] !== undefined) {
      // A source cleared by removeFromSource gets the records it held back, from the item's backup.
      await this.restoreIngestions(document, { [sourceDatabaseId]: prior.ingestions[sourceDatabaseId] }, async () => {
        if (!item.backupSha256)
          throw new IntegrityError(`Item ${item.id} has no backup to restore the source database from.`);
        return JSON.parse(await blobs.readText(item.backupSha256)) as DocumentRecords;
      });
    }
    for (const [stage, file] of Object.entries(prior.stageFiles)) {
      if (file === null) {
        await prisma.stageFile.deleteMany({ where: { documentId: document.id, stage } });
        continue;
      }
      const data = { ...file, size: BigInt(file.size) };
      await prisma.stageFile.upsert({
        where: { documentId_stage: { documentId: document.id, stage } },
        create: { documentId: document.id, stage, ...data },
        update: data,
      });
    }
  }

  /**
   * Puts each database back as the prior state says: no row → records removed and row deleted; a row
   * that held records → the records written again; then the row's fields restored exactly. Rows that
   * already match are left alone.
   */
  private async restoreIngestions(
    document: Document,
    prior: Record<string, PriorIngestion | null>,
    records: () => Promise<DocumentRecords>,
  ): Promise<void> {
    const { prisma, connectors } = this.deps;
    let loaded: DocumentRecords | undefined;
    for (const [databaseId, before] of Object.entries(prior)) {
      const current = await prisma.ingestion.findUnique({
        where: { documentId_databaseId: { documentId: document.id, databaseId } },
        include: { database: true },
      });
      if (!current) {
        if (before === null) continue;
        const database = await prisma.database.findUnique({ where: { id: databaseId } });
        if (!database) continue; // the database was deleted since
        await this.rewrite(document, databaseId, before, (loaded ??= await records()), database);
        continue;
      }
      if (before === null) {
        await (await connectors.get(current.database)).remove({ documentId: document.id, realmId: document.realmId });
        await prisma.ingestion.delete({ where: { id: current.id } });
        continue;
      }
      if (sameAs(current, before)) continue;
      await this.rewrite(document, databaseId, before, (loaded ??= await records()), current.database);
    }
  }

  private async rewrite(
    document: Document,
    databaseId: string,
    before: PriorIngestion,
    records: DocumentRecords,
    database: Parameters<StepDeps["connectors"]["get"]>[0],
  ): Promise<void> {
    const connector = await this.deps.connectors.get(database);
    await connector.remove({ documentId: document.id, realmId: document.realmId });
    if (before.status === "SUCCEEDED") await connector.ingest({ ...records, realmId: document.realmId });
    await this.deps.prisma.ingestion.upsert({
      where: { documentId_databaseId: { documentId: document.id, databaseId } },
      create: { documentId: document.id, databaseId, ...before },
      update: before,
    });
  }

  /** The document's records as its own chunker and fact-generator files describe them. */
  private async ownRecords(document: Document): Promise<DocumentRecords> {
    const { prisma, blobs } = this.deps;
    const files = await prisma.stageFile.findMany({
      where: { documentId: document.id, stage: { in: ["chunker", "fact-generator"] } },
    });
    const read = async (stage: string) => {
      const file = files.find((f) => f.stage === stage);
      if (!file) throw new IntegrityError(`Document ${document.id} has no ${stage} file to restore its records from.`);
      return JSON.parse(await blobs.readText(file.sha256)) as unknown;
    };
    return toRecords(document, (await read("chunker")) as ChunksFile, (await read("fact-generator")) as FactsFile);
  }
}

function sameAs(
  current: { status: string; points: number; nodes: number; relationships: number; contentHash: string | null },
  before: PriorIngestion | null,
): boolean {
  return (
    before !== null &&
    current.status === before.status &&
    current.points === before.points &&
    current.nodes === before.nodes &&
    current.relationships === before.relationships &&
    current.contentHash === before.contentHash
  );
}

export interface ChangedTarget {
  documentId: string;
  reason: string;
}

/**
 * Documents this migration wrote that changed after their item finished: a target document updated,
 * re-processed, deleted or migrated on; an ingestion it wrote re-written. Rolling back would discard
 * that later work, so the rollback is refused unless forced. Items an earlier, incomplete rollback
 * already touched are left out: their targets are gone by its own doing.
 */
export async function changedTargets(prisma: Prisma, migration: Migration, limit = 20): Promise<ChangedTarget[]> {
  const sql =
    migration.type === "DOCUMENT_TO_REALM"
      ? `SELECT i."targetDocumentId"::text AS "documentId", CASE
           WHEN d.id IS NULL THEN 'deleted'
           WHEN d."updatedAt" > i."completedAt" THEN 'updated'
           WHEN EXISTS (SELECT 1 FROM "StageRun" r WHERE r."documentId" = d.id AND r."startedAt" > i."completedAt") THEN 're-processed'
           ELSE 'migrated by another migration' END AS reason
         FROM "MigrationItem" i LEFT JOIN "Document" d ON d.id = i."targetDocumentId"
         WHERE i."migrationId" = $1::uuid AND i.status = 'COMPLETED' AND i."rollbackStatus" IS NULL AND i."targetDocumentId" IS NOT NULL AND (
           d.id IS NULL OR d."updatedAt" > i."completedAt"
           OR EXISTS (SELECT 1 FROM "StageRun" r WHERE r."documentId" = d.id AND r."startedAt" > i."completedAt")
           OR EXISTS (SELECT 1 FROM "MigrationItem" o WHERE o."sourceDocumentId" = d.id AND o."createdAt" > i."completedAt"))
         ORDER BY i.ordinal LIMIT $2`
      : `SELECT i."sourceDocumentId"::text AS "documentId", CASE
           WHEN d.id IS NULL THEN 'deleted'
           WHEN d."retiredAt" > i."completedAt" THEN 'retired'
           ELSE 're-ingested' END AS reason
         FROM "MigrationItem" i LEFT JOIN "Document" d ON d.id = i."sourceDocumentId"
         WHERE i."migrationId" = $1::uuid AND i.status = 'COMPLETED' AND i."rollbackStatus" IS NULL AND (
           d.id IS NULL OR d."retiredAt" > i."completedAt"
           OR EXISTS (SELECT 1 FROM "Ingestion" g WHERE g."documentId" = d.id AND g."updatedAt" > i."completedAt"
             AND g."databaseId"::text IN (SELECT jsonb_array_elements_text(m.options->'targetDatabases') FROM "Migration" m WHERE m.id = i."migrationId")))
         ORDER BY i.ordinal LIMIT $2`;
  return prisma.$queryRawUnsafe<ChangedTarget[]>(sql, migration.id, limit);
}
