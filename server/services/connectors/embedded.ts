// EMBEDDED connector: chunks, float32 vectors, entities and relations in the metadata database.
// Entities are shared per (database, realm, key) and deleted only when no document mentions them.
// The write path is plain SQL with set-based inserts: a document is two statements, whatever its size.
import { z } from "zod";
import { uuidv5 } from "../ids.ts";
import type { Prisma } from "../db/open.ts";
import { defineConnector } from "./descriptor.ts";
import { searchEmbedded, searchEmbeddedMany } from "./embedded-search.ts";
import type {
  Connector,
  DocumentRecords,
  DocumentRef,
  ManyQuery,
  RecordCounts,
  SearchHit,
  SearchQuery,
} from "./types.ts";

export const embeddedKind = defineConnector({
  kind: "EMBEDDED",
  description: "Chunks, vectors and the graph kept in the metadata database.",
  holds: { vectors: true, graph: true },
  // Nothing to configure: its records live in the metadata database, keyed by the database's id.
  input: z.object({}),
  settings: z.object({}),
  credentials: z.object({}),
  configure: () => ({ settings: {}, credentials: {} }),
  open: ({ database }, { prisma }) => new EmbeddedConnector(prisma, database.id),
});

export class EmbeddedConnector implements Connector {
  readonly kind = "EMBEDDED" as const;

  constructor(
    private readonly prisma: Prisma,
    private readonly databaseId: string,
  ) {}

  async ensureReady(): Promise<void> {
    // Tables come with the metadata schema; nothing to create.
  }

  async ingest(records: DocumentRecords): Promise<RecordCounts> {
    const { databaseId } = this;
    const { documentId, realmId } = records;
    const entityKeys = [...new Set(records.entities.map((e) => e.key))];
    const relations = dedupeBy(records.relations, (r) => `${r.source}\u0000${r.type}\u0000${r.target}`);
    // Rows travel as JSON documents (one parameter per table), so the whole write is two statements in one
    // transaction: clear what the document had (locking the entities involved), then insert what it has now.
    const chunks = records.chunks.map((c) => ({
      // The primary key spans every embedded database, so the database is part of the name.
      id: uuidv5(`${databaseId}:${documentId}:${c.index}`),
      i: c.index,
      t: c.text,
      s: c.start,
      e: c.end,
      v: encodeVector(c.vector),
      n: c.entities,
    }));
    // New entities are inserted in key order, as they are locked: concurrent writers cannot deadlock on them.
    const entities = dedupeBy(records.entities, (e) => e.key)
      .map((e) => ({ k: e.key, n: e.name, y: e.type }))
      .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
    await this.prisma.$transaction(async (tx) => {
      const dropped = await clearDocument(tx, databaseId, realmId, documentId, entityKeys);
      await tx.$executeRawUnsafe(
        INSERT_DOCUMENT,
        databaseId,
        realmId,
        documentId,
        records.title,
        JSON.stringify(chunks),
        JSON.stringify(entities),
        entityKeys,
        JSON.stringify(relations.map((r) => ({ s: r.source, t: r.target, y: r.type }))),
        dropped,
      );
    });
    // Exactly what the transaction left: the document's rows were replaced as a whole.
    return { points: chunks.length, nodes: entityKeys.length, relationships: relations.length };
  }

  async remove({ documentId, realmId }: DocumentRef): Promise<void> {
    const { databaseId } = this;
    await this.prisma.$transaction(async (tx) => {
      const dropped = await clearDocument(tx, databaseId, realmId, documentId, []);
      if (dropped.length > 0) await tx.$executeRawUnsafe(DELETE_ORPHANS, databaseId, realmId, dropped);
    });
  }

  async export({ documentId, realmId }: DocumentRef): Promise<DocumentRecords> {
    const { databaseId } = this;
    const [chunks, mentions, relations] = await Promise.all([
      this.prisma.embeddedChunk.findMany({ where: { databaseId, documentId }, orderBy: { chunkIndex: "asc" } }),
      this.prisma.embeddedMention.findMany({ where: { databaseId, documentId }, select: { entityKey: true } }),
      this.prisma.embeddedRelation.findMany({ where: { databaseId, documentId } }),
    ]);
    const entities = await this.prisma.embeddedEntity.findMany({
      where: { databaseId, realmId, key: { in: mentions.map((m) => m.entityKey) } },
      orderBy: { key: "asc" },
    });
    return {
      documentId,
      realmId,
      title: chunks[0]?.title ?? "",
      chunks: chunks.map((c) => ({
        index: c.chunkIndex,
        text: c.text,
        vector: decodeVector(c.vector),
        start: c.startOffset,
        end: c.endOffset,
        entities: c.entities,
      })),
      entities: entities.map((e) => ({ key: e.key, name: e.name, type: e.type })),
      relations: relations.map((r) => ({ source: r.sourceKey, target: r.targetKey, type: r.type })),
    };
  }

  async count({ realmId, documentId }: { realmId: string; documentId?: string }): Promise<RecordCounts> {
    const [row] =
      documentId === undefined
        ? await this.prisma.$queryRawUnsafe<RecordCounts[]>(COUNT_REALM, this.databaseId, realmId)
        : await this.prisma.$queryRawUnsafe<RecordCounts[]>(COUNT_DOCUMENT, this.databaseId, realmId, documentId);
    return { points: row!.points, nodes: row!.nodes, relationships: row!.relationships };
  }

  search(query: SearchQuery): Promise<SearchHit[]> {
    return searchEmbedded(this.prisma, this.databaseId, query);
  }

  searchMany(query: ManyQuery): Promise<SearchHit[][]> {
    return searchEmbeddedMany(this.prisma, this.databaseId, query);
  }

  async health(): Promise<{ ok: boolean; message: string }> {
    await this.prisma.embeddedChunk.count({ where: { databaseId: this.databaseId }, take: 1 });
    return { ok: true, message: "embedded store is available" };
  }

  async close(): Promise<void> {}
}

type Tx = Parameters<Parameters<Prisma["$transaction"]>[0]>[0];

/**
 * Deletes a document's chunks, mentions and relations, and locks (in key order) the realm's entities it
 * mentioned or is about to mention (`keep`). Returns the keys it no longer mentions: orphans unless another
 * document mentions them. The lock makes that check sound when two transactions clear documents sharing an
 * entity (each would otherwise see the other's mentions, not yet deleted, and keep it), or when one adds a
 * mention while another drops the last one; the check runs in a later statement, after the lock is granted.
 */
async function clearDocument(
  tx: Tx,
  databaseId: string,
  realmId: string,
  documentId: string,
  keep: string[],
): Promise<string[]> {
  const rows = await tx.$queryRawUnsafe<Array<{ key: string; kept: boolean }>>(
    `WITH c AS (DELETE FROM "EmbeddedChunk" WHERE "databaseId" = $1::uuid AND "documentId" = $3::uuid),
          r AS (DELETE FROM "EmbeddedRelation" WHERE "databaseId" = $1::uuid AND "documentId" = $3::uuid),
          m AS (DELETE FROM "EmbeddedMention" WHERE "databaseId" = $1::uuid AND "documentId" = $3::uuid RETURNING "entityKey")
     SELECT e.key, e.key = ANY($4::text[]) AS kept FROM "EmbeddedEntity" e
     WHERE e."databaseId" = $1::uuid AND e."realmId" = $2::uuid
       AND (e.key IN (SELECT "entityKey" FROM m) OR e.key = ANY($4::text[]))
     ORDER BY e.key FOR UPDATE OF e`,
    databaseId,
    realmId,
    documentId,
    keep,
  );
  return rows.filter((r) => !r.kept).map((r) => r.key);
}

/**
 * The keys of `keys` (an array parameter) that some document of the realm ($1 database, $2 realm) still
 * mentions: one index probe per key. Written so, not as NOT EXISTS: with statistics that do not know the realm
 * yet (a realm just loaded), the planner turned that anti-join into a scan of all the realm's mentions per key.
 */
const stillMentioned = (keys: string) => `
  SELECT k FROM unnest(${keys}::text[]) AS k CROSS JOIN LATERAL (
    SELECT 1 FROM "EmbeddedMention" o WHERE o."databaseId" = $1::uuid AND o."realmId" = $2::uuid AND o."entityKey" = k LIMIT 1
  ) AS mention`;

/** Entities of `$3` keys that no document mentions any more. */
const DELETE_ORPHANS = `
  DELETE FROM "EmbeddedEntity" e WHERE e."databaseId" = $1::uuid AND e."realmId" = $2::uuid AND e.key = ANY($3::text[])
    AND e.key NOT IN (${stillMentioned("$3")})`;

/**
 * $1 database, $2 realm, $3 document, $4 title, $5 chunks, $6 entities, $7 mentioned keys, $8 relations,
 * $9 keys no longer mentioned (locked by clearDocument; none of them is in $7, so the sibling insert of
 * mentions, invisible to the orphan check, cannot concern them).
 */
const INSERT_DOCUMENT = `
  WITH orphans AS (
    DELETE FROM "EmbeddedEntity" e WHERE e."databaseId" = $1::uuid AND e."realmId" = $2::uuid AND e.key = ANY($9::text[])
      AND e.key NOT IN (${stillMentioned("$9")})
  ), chunks AS (
    INSERT INTO "EmbeddedChunk" ("id", "databaseId", "realmId", "documentId", "chunkIndex", "title", "text", "startOffset", "endOffset", "vector", "entities")
    SELECT x.id, $1::uuid, $2::uuid, $3::uuid, x.i, $4::text, x.t, x.s, x.e, x.v, x.n
    FROM jsonb_to_recordset($5::jsonb) AS x(id uuid, i int, t text, s int, e int, v text, n text[])
  ), entities AS (
    INSERT INTO "EmbeddedEntity" ("databaseId", "realmId", "key", "name", "type")
    SELECT $1::uuid, $2::uuid, x.k, x.n, x.y FROM jsonb_to_recordset($6::jsonb) AS x(k text, n text, y text)
    ON CONFLICT DO NOTHING
  ), mentions AS (
    INSERT INTO "EmbeddedMention" ("databaseId", "realmId", "documentId", "entityKey")
    SELECT $1::uuid, $2::uuid, $3::uuid, k FROM unnest($7::text[]) AS k
  )
  INSERT INTO "EmbeddedRelation" ("databaseId", "realmId", "documentId", "sourceKey", "targetKey", "type")
  SELECT $1::uuid, $2::uuid, $3::uuid, x.s, x.t, x.y FROM jsonb_to_recordset($8::jsonb) AS x(s text, t text, y text)`;

const COUNT_DOCUMENT = `SELECT
  (SELECT count(*) FROM "EmbeddedChunk" WHERE "databaseId" = $1::uuid AND "realmId" = $2::uuid AND "documentId" = $3::uuid)::int AS points,
  (SELECT count(*) FROM "EmbeddedMention" WHERE "databaseId" = $1::uuid AND "realmId" = $2::uuid AND "documentId" = $3::uuid)::int AS nodes,
  (SELECT count(*) FROM "EmbeddedRelation" WHERE "databaseId" = $1::uuid AND "realmId" = $2::uuid AND "documentId" = $3::uuid)::int AS relationships`;

const COUNT_REALM = `SELECT
  (SELECT count(*) FROM "EmbeddedChunk" WHERE "databaseId" = $1::uuid AND "realmId" = $2::uuid)::int AS points,
  (SELECT count(*) FROM "EmbeddedEntity" WHERE "databaseId" = $1::uuid AND "realmId" = $2::uuid)::int AS nodes,
  (SELECT count(*) FROM "EmbeddedRelation" WHERE "databaseId" = $1::uuid AND "realmId" = $2::uuid)::int AS relationships`;

export function encodeVector(vector: number[]): string {
  return Buffer.from(Float32Array.from(vector).buffer).toString("base64");
}

export function decodeVector(encoded: string): number[] {
  const bytes = Buffer.from(encoded, "base64");
  const aligned = new Uint8Array(bytes); // Buffer.from may share a pool at an unaligned offset
  return Array.from(new Float32Array(aligned.buffer, 0, aligned.byteLength / 4));
}

function dedupeBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}
