// The ingestor's side effects: turns a document's chunks and facts into neutral records, writes them
// to each target database through its connector, and keeps one Ingestion row per (document, database).
import crypto from "node:crypto";
import type { Prisma } from "./db/open.ts";
import type { Database, Document } from "../generated/prisma/client.ts";
import type { ConnectorRegistry } from "./connectors/registry.ts";
import type { Connector, DocumentRecords, RecordCounts } from "./connectors/types.ts";
import type { ChunksFile, FactsFile } from "./stages/types.ts";
import type { IngestJob, Ingestor } from "./stages/registry.ts";
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

  /**
   * Writes many documents' records, grouped by realm and target databases: per database, the Ingestion rows
   * go PENDING in one statement, the connector writes the whole group in one batch, and the rows go SUCCEEDED
   * (or FAILED) in one statement each. A batch the connector refuses is written again document by document,
   * so one bad document fails alone. One report or error per job, in order.
   */
  async ingestMany(jobs: IngestJob[]): Promise<Array<{ report: IngestionReport } | { error: unknown }>> {
    const results = new Map<IngestJob, { report: IngestionReport } | { error: unknown }>();
    const groups = new Map<string, IngestJob[]>();
    for (const job of jobs) {
      const key = `${job.ctx.document.realmId}\u0000${job.ctx.databaseIds?.join(",") ?? "*"}\u0000${job.ctx.migrationId ?? ""}`;
      groups.set(key, [...(groups.get(key) ?? []), job]);
    }
    for (const group of groups.values()) {
      const { realmId } = group[0]!.ctx.document;
      let databases: Database[];
      try {
        databases = await this.targetDatabases(realmId, group[0]!.ctx.databaseIds);
      } catch (error) {
        for (const job of group) results.set(job, { error });
        continue;
      }
      const records = group.map((job) => toRecords(job.ctx.document, job.chunks, job.facts));
      const reports = records.map((r): IngestionReport => ({ version: 1, contentHash: hashRecords(r), databases: [] }));
      const transient = reports.map(() => false);
      for (const database of databases) {
        const outcomes = await this.writeTo(database, group, records, reports);
        outcomes.forEach((outcome, i) => {
          if ("counts" in outcome)
            reports[i]!.databases.push({
              databaseId: database.id,
              name: database.name,
              kind: database.kind,
              status: "SUCCEEDED",
              ...outcome.counts,
            });
          else {
            transient[i] ||=
              outcome.error instanceof ConnectorError
                ? outcome.error.transient
                : !(outcome.error instanceof DomainError);
            reports[i]!.databases.push({
              databaseId: database.id,
              name: database.name,
              kind: database.kind,
              status: "FAILED",
              points: 0,
              nodes: 0,
              relationships: 0,
              error: describe(outcome.error),
            });
          }
        });
      }
      group.forEach((job, i) => {
        const failed = reports[i]!.databases.filter((d) => d.status === "FAILED");
        results.set(
          job,
          failed.length > 0
            ? {
                error: new ConnectorError(
                  `Ingestion failed for ${failed.map((d) => `${d.name}: ${d.error}`).join("; ")}`,
                  transient[i]!,
                ),
              }
            : { report: reports[i]! },
        );
      });
    }
    return jobs.map((job) => results.get(job)!);
  }

  /** One database's part of ingestMany: counts or the error, per document. */
  private async writeTo(
    database: Database,
    jobs: IngestJob[],
    records: DocumentRecords[],
    reports: IngestionReport[],
  ): Promise<Array<{ counts: RecordCounts } | { error: unknown }>> {
    const documentIds = jobs.map((job) => job.ctx.document.id);
    const now = () => new Date().toISOString();
    // The Ingestion rows go PENDING before the connector writes and SUCCEEDED after.
    await this.prisma.$executeRawUnsafe(
      `INSERT INTO "Ingestion" (id, "documentId", "databaseId", status, "migrationId", "contentHash", "createdAt", "updatedAt")
       SELECT gen_random_uuid(), v.document, $1::uuid, 'PENDING', v.migration, v.hash, $3::timestamp(3), $3::timestamp(3)
       FROM jsonb_to_recordset($2::jsonb) AS v(document uuid, migration uuid, hash text)
       ON CONFLICT ("documentId", "databaseId") DO UPDATE SET status = 'PENDING', error = NULL,
         "migrationId" = excluded."migrationId", "contentHash" = excluded."contentHash", "updatedAt" = excluded."updatedAt"`,
      database.id,
      JSON.stringify(
        jobs.map((job, i) => ({
          document: documentIds[i],
          migration: job.ctx.migrationId ?? null,
          hash: reports[i]!.contentHash,
        })),
      ),
      now(),
    );
    let outcomes: Array<{ counts: RecordCounts } | { error: unknown }>;
    try {
      outcomes = await ingestEach(await this.connectors.get(database), records);
    } catch (error) {
      outcomes = records.map(() => ({ error }));
    }
    const rows = outcomes.map((outcome, i) =>
      "counts" in outcome
        ? { document: documentIds[i], status: "SUCCEEDED", error: null, ...outcome.counts }
        : {
            document: documentIds[i],
            status: "FAILED",
            error: describe(outcome.error),
            points: 0,
            nodes: 0,
            relationships: 0,
          },
    );
    await this.prisma.$executeRawUnsafe(
      `UPDATE "Ingestion" g SET status = v.status::"IngestionStatus", error = v.error,
         points = CASE WHEN v.status = 'SUCCEEDED' THEN v.points ELSE g.points END,
         nodes = CASE WHEN v.status = 'SUCCEEDED' THEN v.nodes ELSE g.nodes END,
         relationships = CASE WHEN v.status = 'SUCCEEDED' THEN v.relationships ELSE g.relationships END,
         "updatedAt" = $3::timestamp(3)
       FROM jsonb_to_recordset($2::jsonb) AS v(document uuid, status text, error text, points int, nodes int, relationships int)
       WHERE g."documentId" = v.document AND g."databaseId" = $1::uuid`,
      database.id,
      JSON.stringify(rows),
      now(),
    );
    return outcomes;
  }

  /** Removes the document's records from every database it was ingested into (or the given ones). */
  remove(document: Pick<Document, "id" | "realmId">, databaseIds?: string[]): Promise<void> {
    return this.removeMany([document], databaseIds);
  }

  /**
   * Removes the documents' records from every database they were ingested into (or the given ones): per
   * database one connector call for all of them, then one statement marks their rows REMOVED.
   */
  async removeMany(documents: ReadonlyArray<Pick<Document, "id" | "realmId">>, databaseIds?: string[]): Promise<void> {
    if (documents.length === 0) return;
    const realmOf = new Map(documents.map((d) => [d.id, d.realmId]));
    const ingestions = await this.prisma.ingestion.findMany({
      where: { documentId: { in: [...realmOf.keys()] }, ...(databaseIds ? { databaseId: { in: databaseIds } } : {}) },
      include: { database: true },
    });
    const byDatabase = new Map<string, typeof ingestions>();
    for (const ingestion of ingestions)
      byDatabase.set(ingestion.databaseId, [...(byDatabase.get(ingestion.databaseId) ?? []), ingestion]);
    for (const rows of byDatabase.values()) {
      const connector = await this.connectors.get(rows[0]!.database);
      await connector.removeMany(rows.map((r) => ({ documentId: r.documentId, realmId: realmOf.get(r.documentId)! })));
      await this.prisma.ingestion.updateMany({
        where: { id: { in: rows.map((r) => r.id) } },
        data: { status: "REMOVED", points: 0, nodes: 0, relationships: 0, error: null },
      });
    }
  }
}

/**
 * Writes documents' records through one connector: one batch (a single document by the plain call); a batch
 * the connector refuses is written again document by document, so one bad document fails alone. Counts or
 * the error, per document in order.
 */
export async function ingestEach(
  connector: Connector,
  records: DocumentRecords[],
): Promise<Array<{ counts: RecordCounts } | { error: unknown }>> {
  const alone = (r: DocumentRecords) =>
    connector.ingest(r).then(
      (counts) => ({ counts }),
      (error: unknown) => ({ error }),
    );
  if (records.length === 1) return [await alone(records[0]!)];
  try {
    return (await connector.ingestMany(records)).map((counts) => ({ counts }));
  } catch {
    return Promise.all(records.map(alone));
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
