// The ingestor's side effects: turns a document's chunks and facts into neutral records, writes them
// to each target database through its connector, and keeps one Ingestion row per (document, database).
import crypto from "node:crypto";
import type { Prisma } from "./db/open.ts";
import type { Database, Document } from "../generated/prisma/client.ts";
import type { ConnectorRegistry } from "./connectors/registry.ts";
import type { DocumentRecords } from "./connectors/types.ts";
import type { ChunksFile, FactsFile } from "./stages/types.ts";
import type { Ingestor, StageContext } from "./stages/registry.ts";
import { ConnectorError, DomainError, InvalidInputError } from "./errors.ts";

export interface IngestionReport {
  version: 1;
  contentHash: string;
  databases: Array<{
    databaseId: string;
    name: string;
    kind: string;
    status: "SUCCEEDED" | "FAILED";
    points: number;
    nodes: number;
    relationships: number;
    error?: string;
  }>;
}

export class IngestionService implements Ingestor {
  constructor(
    private readonly prisma: Prisma,
    private readonly connectors: ConnectorRegistry,
  ) {}

  /** The realm's databases, or the given subset of them (each must be attached to the realm). */
  async targetDatabases(realmId: string, databaseIds?: string[]): Promise<Database[]> {
    // One join (the include would be two queries); raw rows deserialise like model rows.
    const attached = await this.prisma.$queryRawUnsafe<Database[]>(
      `SELECT d.* FROM "RealmDatabase" l JOIN "Database" d ON d.id = l."databaseId"
       WHERE l."realmId" = $1::uuid ORDER BY l."addedAt", d.id`,
      realmId,
    );
    if (!databaseIds) return attached;
    return databaseIds.map((id) => {
      const database = attached.find((d) => d.id === id);
      if (!database)
        throw new InvalidInputError(`Database ${id} is not attached to realm ${realmId}. Attach it first.`, [
          "targetDatabases",
        ]);
      return database;
    });
  }

  async ingest(ctx: StageContext, chunks: ChunksFile, facts: FactsFile): Promise<IngestionReport> {
    const { document } = ctx;
    const databases = await this.targetDatabases(document.realmId, ctx.databaseIds);
    const records = toRecords(document, chunks, facts);
    const contentHash = hashRecords(records);
    const report: IngestionReport = { version: 1, contentHash, databases: [] };
    let transient = false;
    for (const database of databases) {
      const key = { documentId_databaseId: { documentId: document.id, databaseId: database.id } };
      // The Ingestion row goes PENDING before the connector writes and SUCCEEDED after (plain SQL: these two
      // statements run for every document an ingestor or a migration touches).
      await this.prisma.$executeRawUnsafe(
        `INSERT INTO "Ingestion" (id, "documentId", "databaseId", status, "migrationId", "contentHash", "createdAt", "updatedAt")
         VALUES (gen_random_uuid(), $1::uuid, $2::uuid, 'PENDING', $3::uuid, $4, $5::timestamp(3), $5::timestamp(3))
         ON CONFLICT ("documentId", "databaseId") DO UPDATE SET status = 'PENDING', error = NULL,
           "migrationId" = excluded."migrationId", "contentHash" = excluded."contentHash", "updatedAt" = excluded."updatedAt"`,
        document.id,
        database.id,
        ctx.migrationId ?? null,
        contentHash,
        new Date().toISOString(),
      );
      try {
        const connector = await this.connectors.get(database);
        const counts = await connector.ingest(records);
        await this.prisma.$executeRawUnsafe(
          `UPDATE "Ingestion" SET status = 'SUCCEEDED', points = $3, nodes = $4, relationships = $5, "updatedAt" = $6::timestamp(3)
           WHERE "documentId" = $1::uuid AND "databaseId" = $2::uuid`,
          document.id,
          database.id,
          counts.points,
          counts.nodes,
          counts.relationships,
          new Date().toISOString(),
        );
        report.databases.push({
          databaseId: database.id,
          name: database.name,
          kind: database.kind,
          status: "SUCCEEDED",
          ...counts,
        });
      } catch (error) {
        const message = describe(error);
        transient ||= error instanceof ConnectorError ? error.transient : !(error instanceof DomainError);
        await this.prisma.ingestion.update({ where: key, data: { status: "FAILED", error: message } });
        report.databases.push({
          databaseId: database.id,
          name: database.name,
          kind: database.kind,
          status: "FAILED",
          points: 0,
          nodes: 0,
          relationships: 0,
          error: message,
        });
      }
    }
    const failed = report.databases.filter((d) => d.status === "FAILED");
    if (failed.length > 0) {
      throw new ConnectorError(
        `Ingestion failed for ${failed.map((d) => `${d.name}: ${d.error}`).join("; ")}`,
        transient,
      );
    }
    return report;
  }

  /** Removes the document's records from every database it was ingested into (or the given ones). */
  async remove(document: Pick<Document, "id" | "realmId">, databaseIds?: string[]): Promise<void> {
    const ingestions = await this.prisma.ingestion.findMany({
      where: { documentId: document.id, ...(databaseIds ? { databaseId: { in: databaseIds } } : {}) },
      include: { database: true },
    });
    for (const ingestion of ingestions) {
      const connector = await this.connectors.get(ingestion.database);
      await connector.remove({ documentId: document.id, realmId: document.realmId });
      await this.prisma.ingestion.update({
        where: { id: ingestion.id },
        data: { status: "REMOVED", points: 0, nodes: 0, relationships: 0, error: null },
      });
    }
  }
}

export function toRecords(
  document: Pick<Document, "id" | "realmId" | "title">,
  chunks: ChunksFile,
  facts: FactsFile,
): DocumentRecords {
  const namesByChunk = new Map<number, string[]>();
  for (const entity of facts.entities) {
    for (const index of entity.chunks) namesByChunk.set(index, [...(namesByChunk.get(index) ?? []), entity.name]);
  }
  const relations = new Map<string, { source: string; target: string; type: string }>();
  for (const r of facts.relations)
    relations.set(`${r.source}\u0000${r.type}\u0000${r.target}`, { source: r.source, target: r.target, type: r.type });
  return {
    documentId: document.id,
    realmId: document.realmId,
    title: document.title,
    chunks: chunks.chunks.map((c) => ({
      index: c.index,
      text: c.text,
      vector: c.vector,
      start: c.start,
      end: c.end,
      entities: namesByChunk.get(c.index) ?? [],
    })),
    entities: facts.entities.map((e) => ({ key: e.key, name: e.name, type: e.type })),
    relations: [...relations.values()],
  };
}

/**
 * Hash of what a document contributes, independent of its id, realm and record order: a faithful copy
 * hashes the same. Vectors are hashed as float32, the precision every connector stores.
 */
export function hashRecords(records: DocumentRecords): string {
  const hash = crypto.createHash("sha256");
  for (const c of [...records.chunks].sort((a, b) => a.index - b.index)) {
    hash.update(JSON.stringify([c.index, c.text, [...c.entities].sort()]));
    hash.update(Buffer.from(Float32Array.from(c.vector).buffer));
  }
  const key = (...parts: string[]) => parts.join("\u0000");
  hash.update(
    JSON.stringify(
      [...records.entities].map((e) => [e.key, e.name, e.type]).sort((a, b) => (key(...a) < key(...b) ? -1 : 1)),
    ),
  );
  hash.update(
    JSON.stringify(
      [...records.relations].map((r) => [r.source, r.type, r.target]).sort((a, b) => (key(...a) < key(...b) ? -1 : 1)),
    ),
  );
  return hash.digest("hex");
}

function describe(error: unknown): string {
  if (error instanceof DomainError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
