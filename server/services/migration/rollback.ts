// What the kinds' rollbacks share. Every undo is idempotent: it compares what is there with what was
// there before the item (its prior state, see prior-state.ts) and changes only what differs, so a rollback
// killed at any point resumes cleanly. The runner takes a rollback's items in reverse order.
import type { Prisma } from "../db/open.ts";
import type { DocumentRecords } from "../connectors/types.ts";
import { toRecords } from "../ingestion.ts";
import type { ChunksFile, FactsFile } from "../stages/types.ts";
import type { Database, Document, Migration } from "../../generated/prisma/client.ts";
import { IntegrityError } from "../errors.ts";
import type { PriorIngestion, PriorState } from "./prior-state.ts";
import type { KindDeps } from "./stored.ts";
import type { ChangedTarget } from "./kinds/kind.ts";

/**
 * Puts each database back as the prior state says: no row → records removed and row deleted; a row
 * that held records → the records written again; then the row's fields restored exactly. Rows that
 * already match are left alone.
 */
export async function restoreIngestions(
  deps: KindDeps,
  document: Document,
  prior: Record<string, PriorIngestion | null>,
  records: () => Promise<DocumentRecords>,
): Promise<void> {
  const { prisma, connectors } = deps;
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
      await rewrite(deps, document, before, (loaded ??= await records()), database);
      continue;
    }
    if (before === null) {
      await (await connectors.get(current.database)).remove({ documentId: document.id, realmId: document.realmId });
      await prisma.ingestion.delete({ where: { id: current.id } });
      continue;
    }
    if (sameAs(current, before)) continue;
    await rewrite(deps, document, before, (loaded ??= await records()), current.database);
  }
}

/** The document's stage files back as they were: files the item created go, files it replaced come back. */
export async function restoreStageFiles(
  { prisma }: KindDeps,
  document: Document,
  prior: PriorState["stageFiles"],
): Promise<void> {
  for (const [stage, file] of Object.entries(prior)) {
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

async function rewrite(
  { prisma, connectors }: KindDeps,
  document: Document,
  before: PriorIngestion,
  records: DocumentRecords,
  database: Database,
): Promise<void> {
  const connector = await connectors.get(database);
  await connector.remove({ documentId: document.id, realmId: document.realmId });
  if (before.status === "SUCCEEDED") await connector.ingest({ ...records, realmId: document.realmId });
  await prisma.ingestion.upsert({
    where: { documentId_databaseId: { documentId: document.id, databaseId: database.id } },
    create: { documentId: document.id, databaseId: database.id, ...before },
    update: before,
  });
}

/** The document's records as its own chunker and fact-generator files describe them. */
export async function ownRecords({ prisma, blobs }: KindDeps, document: Document): Promise<DocumentRecords> {
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

/**
 * For the kinds that write ingestions of the realm's own documents: documents retired, deleted or re-ingested
 * into one of the migration's target databases after their item finished. Items an earlier, incomplete
 * rollback already touched are left out: their targets are gone by its own doing.
 */
export function changedIngestionTargets(prisma: Prisma, migration: Migration, limit: number): Promise<ChangedTarget[]> {
  return prisma.$queryRawUnsafe<ChangedTarget[]>(
    `SELECT i."sourceDocumentId"::text AS "documentId", CASE
       WHEN d.id IS NULL THEN 'deleted'
       WHEN d."retiredAt" > i."completedAt" THEN 'retired'
       ELSE 're-ingested' END AS reason
     FROM "MigrationItem" i LEFT JOIN "Document" d ON d.id = i."sourceDocumentId"
     WHERE i."migrationId" = $1::uuid AND i.status = 'COMPLETED' AND i."rollbackStatus" IS NULL AND (
       d.id IS NULL OR d."retiredAt" > i."completedAt"
       OR EXISTS (SELECT 1 FROM "Ingestion" g WHERE g."documentId" = d.id AND g."updatedAt" > i."completedAt"
         AND g."databaseId"::text IN (SELECT jsonb_array_elements_text(m.options->'targetDatabases') FROM "Migration" m WHERE m.id = i."migrationId")))
     ORDER BY i.ordinal LIMIT $2`,
    migration.id,
    limit,
  );
}
