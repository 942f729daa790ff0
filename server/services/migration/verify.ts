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

export async function compareStageFiles(
  prisma: Prisma,
  sourceId: string,
  targetId: string,
  copied: string[],
): Promise<StageFileCheck[]> {
  const files = await prisma.$queryRawUnsafe<Array<{ documentId: string; stage: string; sha256: string }>>(
    `SELECT "documentId", stage, sha256 FROM "StageFile" WHERE "documentId" = ANY($1::uuid[])`,
    [sourceId, targetId],
  );
  const source = files.filter((f) => f.documentId === sourceId);
  const target = files.filter((f) => f.documentId === targetId);
  const stages = [...new Set([...source.map((f) => f.stage), ...target.map((f) => f.stage)])].sort();
  return stages.map((stage) => {
    const s = source.find((f) => f.stage === stage)?.sha256 ?? null;
    const t = target.find((f) => f.stage === stage)?.sha256 ?? null;
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
}

/**
 * For each database: what the connector holds for the document now, against `expected`
 * (the source's counts when comparable, else the Ingestion row's).
 */
export async function checkIngestions(
  prisma: Prisma,
  connectors: ConnectorRegistry,
  document: { id: string; realmId: string },
  databaseIds: string[],
  expectedFor: (kind: DatabaseKind, recorded: RecordCounts) => RecordCounts,
): Promise<IngestionCheck[]> {
  const checks: IngestionCheck[] = [];
  for (const databaseId of databaseIds) {
    const { database, ingestion } = await databaseWithIngestion(prisma, databaseId, document.id);
    const recorded = {
      points: ingestion?.points ?? 0,
      nodes: ingestion?.nodes ?? 0,
      relationships: ingestion?.relationships ?? 0,
    };
    const connector = await connectors.get(database);
    const actual = await connector.count({ realmId: document.realmId, documentId: document.id });
    const wanted = expectedFor(database.kind, recorded);
    const { holds } = CONNECTOR_KINDS[database.kind];
    const notHeld: string[] = [];
    if (!holds.vectors && wanted.points > 0) notHeld.push(`${wanted.points} chunks`);
    if (!holds.graph) {
      if (wanted.nodes > 0) notHeld.push(`${wanted.nodes} entities`);
      if (wanted.relationships > 0) notHeld.push(`${wanted.relationships} relations`);
    }
    const vectorsEqual = !holds.vectors || actual.points === wanted.points;
    const graphEqual = !holds.graph || (actual.nodes === wanted.nodes && actual.relationships === wanted.relationships);
    checks.push({
      databaseId,
      kind: database.kind,
      expected: wanted,
      actual,
      equal: ingestion?.status === "SUCCEEDED" && vectorsEqual && graphEqual,
      notHeld,
    });
  }
  return checks;
}

type DatabaseRow = Database & { i_status: string | null; i_points: number; i_nodes: number; i_rels: number };

/**
 * A database and a document's Ingestion row in it, in one query (raw rows deserialise like model rows);
 * a missing database fails as findUniqueOrThrow always did.
 */
async function databaseWithIngestion(prisma: Prisma, databaseId: string, documentId: string) {
  const [row] = await prisma.$queryRawUnsafe<DatabaseRow[]>(
    `SELECT d.*, g.status AS i_status, g.points AS i_points, g.nodes AS i_nodes, g.relationships AS i_rels
     FROM "Database" d LEFT JOIN "Ingestion" g ON g."databaseId" = d.id AND g."documentId" = $2::uuid
     WHERE d.id = $1::uuid`,
    databaseId,
    documentId,
  );
  if (!row)
    return { database: await prisma.database.findUniqueOrThrow({ where: { id: databaseId } }), ingestion: null };
  const { i_status, i_points, i_nodes, i_rels, ...database } = row;
  const ingestion =
    i_status === null ? null : { status: i_status, points: i_points, nodes: i_nodes, relationships: i_rels };
  return { database: database as Database, ingestion };
}
