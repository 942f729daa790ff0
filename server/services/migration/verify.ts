// Verification after each item: copied stage files must hash the same as their sources, and each
// target database must hold what its Ingestion row says — and what the source held, where comparable.
// The result is stored in MigrationItem.verification and read back through its schema.
import type { Prisma } from "../db/open.ts";
import type { ConnectorRegistry } from "../connectors/registry.ts";
import type { RecordCounts } from "../connectors/types.ts";
import { z } from "zod";
import type { Database, MigrationItem } from "../../generated/prisma/client.ts";
import { DatabaseKind } from "../../generated/prisma/enums.ts";
import { parseJsonColumn } from "../json-column.ts";
import { CONNECTOR_KINDS } from "../connectors/kinds.ts";

const recordCountsSchema = z.object({ points: z.number(), nodes: z.number(), relationships: z.number() });

export const stageFileCheckSchema = z.object({
  stage: z.string(),
  sourceSha256: z.string().nullable(),
  targetSha256: z.string().nullable(),
  copied: z.boolean(),
  equal: z.boolean(),
});
export type StageFileCheck = z.infer<typeof stageFileCheckSchema>;

export const ingestionCheckSchema = z.object({
  databaseId: z.string(),
  kind: z.enum(DatabaseKind),
  expected: recordCountsSchema,
  actual: recordCountsSchema,
  equal: z.boolean(),
  /** Record kinds the target cannot hold (e.g. the entity graph in Qdrant), with the counts not carried over. */
  notHeld: z.array(z.string()),
});
export type IngestionCheck = z.infer<typeof ingestionCheckSchema>;

/** Stored in MigrationItem.verification. */
export const verificationSchema = z.object({
  ok: z.boolean(),
  stageFiles: z.array(stageFileCheckSchema),
  ingestions: z.array(ingestionCheckSchema),
});
export type Verification = z.infer<typeof verificationSchema>;

/** MigrationItem.verification, parsed (null until the item verified). */
export function verificationOf(item: Pick<MigrationItem, "id" | "verification">): Verification | null {
  if (item.verification === null) return null;
  return parseJsonColumn(verificationSchema, item.verification, "MigrationItem.verification", item.id);
}

/** For each (source, target) pair: the stage files of both, compared; copied ones must be identical. One query. */
export async function compareStageFiles(
  prisma: Prisma,
  pairs: ReadonlyArray<{ sourceId: string; targetId: string; copied: readonly string[] }>,
): Promise<StageFileCheck[][]> {
  if (pairs.length === 0) return [];
  const files = await prisma.$queryRawUnsafe<Array<{ documentId: string; stage: string; sha256: string }>>(
    `SELECT "documentId", stage, sha256 FROM "StageFile" WHERE "documentId" = ANY($1::uuid[])`,
    [...new Set(pairs.flatMap((p) => [p.sourceId, p.targetId]))],
  );
  const byDocument = new Map<string, Map<string, string>>();
  for (const f of files) {
    if (!byDocument.has(f.documentId)) byDocument.set(f.documentId, new Map());
    byDocument.get(f.documentId)!.set(f.stage, f.sha256);
  }
  return pairs.map(({ sourceId, targetId, copied }) => {
    const source = byDocument.get(sourceId) ?? new Map<string, string>();
    const target = byDocument.get(targetId) ?? new Map<string, string>();
    const stages = [...new Set([...source.keys(), ...target.keys()])].sort();
    return stages.map((stage) => {
      const s = source.get(stage) ?? null;
      const t = target.get(stage) ?? null;
      const isCopied = copied.includes(stage);
      // Copied files must be identical; re-run stages are reported (a different config may change them).
      return {
        stage,
        sourceSha256: s,
        targetSha256: t,
        copied: isCopied,
        equal: isCopied ? s !== null && s === t : s === t,
      };
    });
  });
}

/**
 * For each document and each database: what the connector holds for the document now, against `expected`
 * (the source's counts when comparable, else the Ingestion row's). Per database one query for the Ingestion
 * rows and one connector count for all the documents (grouped by realm).
 */
export async function checkIngestions(
  prisma: Prisma,
  connectors: ConnectorRegistry,
  documents: ReadonlyArray<{ id: string; realmId: string }>,
  databaseIds: string[],
  expectedFor: (documentId: string, kind: DatabaseKind, recorded: RecordCounts) => RecordCounts,
): Promise<Map<string, IngestionCheck[]>> {
  const checks = new Map(documents.map((d) => [d.id, [] as IngestionCheck[]]));
  if (documents.length === 0) return checks;
  const realms = [...new Set(documents.map((d) => d.realmId))];
  for (const databaseId of databaseIds) {
    const { database, ingestions } = await databaseWithIngestions(
      prisma,
      databaseId,
      documents.map((d) => d.id),
    );
    const connector = await connectors.get(database);
    const actual = new Map<string, RecordCounts>();
    for (const realmId of realms) {
      const ids = documents.filter((d) => d.realmId === realmId).map((d) => d.id);
      for (const [id, counts] of await connector.countMany({ realmId, documentIds: ids })) actual.set(id, counts);
    }
    const { holds } = CONNECTOR_KINDS[database.kind];
    for (const document of documents) {
      const ingestion = ingestions.get(document.id);
      const recorded = {
        points: ingestion?.points ?? 0,
        nodes: ingestion?.nodes ?? 0,
        relationships: ingestion?.relationships ?? 0,
      };
      const held = actual.get(document.id) ?? { points: 0, nodes: 0, relationships: 0 };
      const wanted = expectedFor(document.id, database.kind, recorded);
      const notHeld: string[] = [];
      if (!holds.vectors && wanted.points > 0) notHeld.push(`${wanted.points} chunks`);
      if (!holds.graph) {
        if (wanted.nodes > 0) notHeld.push(`${wanted.nodes} entities`);
        if (wanted.relationships > 0) notHeld.push(`${wanted.relationships} relations`);
      }
      const vectorsEqual = !holds.vectors || held.points === wanted.points;
      const graphEqual = !holds.graph || (held.nodes === wanted.nodes && held.relationships === wanted.relationships);
      checks.get(document.id)!.push({
        databaseId,
        kind: database.kind,
        expected: wanted,
        actual: held,
        equal: ingestion?.status === "SUCCEEDED" && vectorsEqual && graphEqual,
        notHeld,
      });
    }
  }
  return checks;
}

interface IngestionRow {
  documentId: string;
  status: string;
  points: number;
  nodes: number;
  relationships: number;
}

/** A database (a missing one fails as findUniqueOrThrow does) and the documents' Ingestion rows in it. */
async function databaseWithIngestions(prisma: Prisma, databaseId: string, documentIds: string[]) {
  const [[database], rows] = await Promise.all([
    prisma.$queryRawUnsafe<Database[]>(`SELECT * FROM "Database" WHERE id = $1::uuid`, databaseId),
    prisma.$queryRawUnsafe<IngestionRow[]>(
      `SELECT "documentId", status, points, nodes, relationships FROM "Ingestion"
       WHERE "databaseId" = $1::uuid AND "documentId" = ANY($2::uuid[])`,
      databaseId,
      documentIds,
    ),
  ]);
  return {
    database: database ?? (await prisma.database.findUniqueOrThrow({ where: { id: databaseId } })),
    ingestions: new Map(rows.map((r) => [r.documentId, r])),
  };
}
