// What an item is about to change that existed before it: captured once, before the item's first
// destructive step, and stored on the item. A rollback puts these rows back as they were; it reads the
// column through priorStateSchema, so a malformed value stops the rollback of that item with a clear error.
import type { Prisma } from "../db/open.ts";
import { z } from "zod";
import type { MigrationItem } from "../../generated/prisma/client.ts";
import { DocumentStatus, IngestionStatus } from "../../generated/prisma/enums.ts";
import { parseJsonColumn } from "../json-column.ts";

export const priorIngestionSchema = z.object({
  status: z.enum(IngestionStatus),
  points: z.number(),
  nodes: z.number(),
  relationships: z.number(),
  contentHash: z.string().nullable(),
  migrationId: z.string().nullable(),
  error: z.string().nullable(),
});
export type PriorIngestion = z.infer<typeof priorIngestionSchema>;

export const priorStageFileSchema = z.object({
  name: z.string(),
  contentType: z.string(),
  sha256: z.string(),
  /** BigInt as a decimal string (JSON has no bigint). */
  size: z.string().regex(/^\d+$/),
  copiedFromId: z.string().nullable(),
});
export type PriorStageFile = z.infer<typeof priorStageFileSchema>;

/** Stored in MigrationItem.priorState. */
export const priorStateSchema = z.object({
  /** The source document's status before a MOVE retired it. */
  documentStatus: z.enum(DocumentStatus).nullable(),
  /** Per database id: the document's Ingestion row, or null when there was none. */
  ingestions: z.record(z.string(), priorIngestionSchema.nullable()),
  /** Per stage: the document's stage file, or null when there was none. */
  stageFiles: z.record(z.string(), priorStageFileSchema.nullable()),
});
export type PriorState = z.infer<typeof priorStateSchema>;

/**
 * Records, for each item, its document's rows that the item may change, unless an earlier attempt already
 * did: on a resumed item the rows may be half-changed, and only the first capture describes the state
 * before. Three reads and one write for the whole set.
 */
export async function capturePriorStates(
  prisma: Prisma,
  entries: ReadonlyArray<{ item: MigrationItem; documentId: string }>,
  /** `databaseIds` "all": every database the document has an Ingestion row for. */
  what: { databaseIds: string[] | "all"; stages?: string[]; documentStatus?: boolean },
): Promise<void> {
  const due = entries.filter(({ item }) => item.priorState === null);
  if (due.length === 0) return;
  const documentIds = [...new Set(due.map((e) => e.documentId))];
  const [documents, ingestions, stageFiles] = await Promise.all([
    what.documentStatus
      ? prisma.document.findMany({ where: { id: { in: documentIds } }, select: { id: true, status: true } })
      : [],
    prisma.ingestion.findMany({
      where: {
        documentId: { in: documentIds },
        ...(what.databaseIds === "all" ? {} : { databaseId: { in: what.databaseIds } }),
      },
    }),
    what.stages?.length
      ? prisma.stageFile.findMany({ where: { documentId: { in: documentIds }, stage: { in: what.stages } } })
      : [],
  ]);
  const states = due.map(({ item, documentId }) => {
    const own = ingestions.filter((i) => i.documentId === documentId);
    const databaseIds = what.databaseIds === "all" ? own.map((i) => i.databaseId) : what.databaseIds;
    const state: PriorState = {
      documentStatus: documents.find((d) => d.id === documentId)?.status ?? null,
      ingestions: Object.fromEntries(
        databaseIds.map((databaseId) => {
          const row = own.find((i) => i.databaseId === databaseId);
          const prior: PriorIngestion | null = row
            ? {
                status: row.status,
                points: row.points,
                nodes: row.nodes,
                relationships: row.relationships,
                contentHash: row.contentHash,
                migrationId: row.migrationId,
                error: row.error,
              }
            : null;
          return [databaseId, prior];
        }),
      ),
      stageFiles: Object.fromEntries(
        (what.stages ?? []).map((stage) => {
          const file = stageFiles.find((f) => f.documentId === documentId && f.stage === stage);
          const prior: PriorStageFile | null = file
            ? {
                name: file.name,
                contentType: file.contentType,
                sha256: file.sha256,
                size: file.size.toString(),
                copiedFromId: file.copiedFromId,
              }
            : null;
          return [stage, prior];
        }),
      ),
    };
    return { id: item.id, state };
  });
  await prisma.$executeRawUnsafe(
    `UPDATE "MigrationItem" i SET "priorState" = v.state
     FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, state jsonb)
     WHERE i.id = v.id AND i."priorState" IS NULL`,
    JSON.stringify(states),
  );
}

/** MigrationItem.priorState, parsed (null until captured); a malformed value is an IntegrityError. */
export function priorStateOf(item: Pick<MigrationItem, "id" | "priorState">): PriorState | null {
  if (item.priorState === null) return null;
  return parseJsonColumn(priorStateSchema, item.priorState, "MigrationItem.priorState", item.id);
}
