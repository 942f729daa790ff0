// Verification after each item: copied stage files must hash the same as their sources, and each
// target database must hold what its Ingestion row says — and what the source held, where comparable.
import type { Prisma } from "../db/open.ts";
import type { ConnectorRegistry } from "../connectors/registry.ts";
import type { RecordCounts } from "../connectors/types.ts";
import { CONNECTOR_KINDS } from "../connectors/kinds.ts";
import type { Database } from "../../generated/prisma/client.ts";
import type { DatabaseKind } from "../../generated/prisma/enums.ts";

export interface StageFileCheck {
  stage: string;
  sourceSha256: string | null;
  targetSha256: string | null;
  copied: boolean;
  equal: boolean;
}

export interface IngestionCheck {
  databaseId: string;
  kind: DatabaseKind;
  expected: RecordCounts;
  actual: RecordCounts;
  equal: boolean;
  /** Record kinds the target cannot hold (e.g. the entity graph in Qdrant), with the counts not carried over. */
  notHeld: string[];
}

export interface Verification {
  ok: boolean;
  stageFiles: StageFileCheck[];
  ingestions: IngestionCheck[];
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
