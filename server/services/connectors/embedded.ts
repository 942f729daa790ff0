// EMBEDDED connector: chunks, float32 vectors, entities and relations in the metadata database.
// Entities are shared per (database, realm, key) and deleted only when no document mentions them.
// The write path is plain SQL with set-based statements: a batch of documents is one transaction of two
// statements, whatever its size; counting, exporting and removing many documents take one statement each.
import { z } from "zod";
import { uuidv5 } from "../ids.ts";
import type { Prisma } from "../db/open.ts";
import { defineConnector } from "./descriptor.ts";
import { InvalidInputError } from "../errors.ts";
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
    return (await this.ingestMany([records]))[0]!;
  }

  async remove(ref: DocumentRef): Promise<void> {
    await this.removeMany([ref]);
  }

  async export(ref: DocumentRef): Promise<DocumentRecords> {
    return (await this.exportMany([ref]))[0]!;
  }

  /**
   * The whole batch is one transaction of two statements, whatever its size: clear what the documents had
   * (locking the entities involved, in key order), then insert what they have now. Rows travel as JSON
   * documents, one parameter per table.
   */
  async ingestMany(batch: DocumentRecords[]): Promise<RecordCounts[]> {
    if (batch.length === 0) return [];
    const { databaseId } = this;
    const documentIds = distinctDocuments(batch);
    const rows = batchRows(databaseId, batch);
    await this.prisma.$transaction(
      async (tx) => {
        const dropped = await lockAndClear(tx, databaseId, documentIds, rows.mentioned);
        await tx.$executeRawUnsafe(
          INSERT_BATCH,
          databaseId,
          dropped.map((e) => e.realm),
          dropped.map((e) => e.key),
          JSON.stringify(rows.chunks),
          JSON.stringify(rows.entities),
          JSON.stringify(rows.mentions),
          JSON.stringify(rows.relations),
        );
      },
      { timeout: BATCH_TRANSACTION_TIMEOUT_MS },
    );
    // Exactly what the transaction left: each document's rows were replaced as a whole.
    return rows.counts;
  }

  async countMany({
    realmId,
    documentIds,
  }: {
    realmId: string;
    documentIds: string[];
  }): Promise<Map<string, RecordCounts>> {
    const ids = [...new Set(documentIds)];
    const counts = new Map<string, RecordCounts>();
    if (ids.length === 0) return counts;
    const rows = await this.prisma.$queryRawUnsafe<Array<RecordCounts & { documentId: string }>>(
      COUNT_DOCUMENTS,
      this.databaseId,
      realmId,
      ids,
    );
    for (const { documentId, points, nodes, relationships } of rows)
      counts.set(documentId, { points, nodes, relationships });
    return counts;
  }

  async removeMany(refs: DocumentRef[]): Promise<void> {
    if (refs.length === 0) return;
    const { databaseId } = this;
    const documentIds = [...new Set(refs.map((r) => r.documentId))];
    await this.prisma.$transaction(
      async (tx) => {
        const dropped = await lockAndClear(tx, databaseId, documentIds, []);
        if (dropped.length === 0) return;
        await tx.$executeRawUnsafe(
          DELETE_ORPHANS,
          databaseId,
          dropped.map((e) => e.realm),
          dropped.map((e) => e.key),
        );
      },
      { timeout: BATCH_TRANSACTION_TIMEOUT_MS },
    );
  }

  /** Three statements for the whole batch (chunks, mentioned entities, relations), run side by side. */
  async exportMany(refs: DocumentRef[]): Promise<DocumentRecords[]> {
    if (refs.length === 0) return [];
    const { databaseId } = this;
    const documentIds = refs.map((r) => r.documentId);
    const realmIds = refs.map((r) => r.realmId);
    const [chunks, entities, relations] = await Promise.all([
      this.prisma.$queryRawUnsafe<ExportedChunk[]>(EXPORT_CHUNKS, databaseId, documentIds, realmIds),
      this.prisma.$queryRawUnsafe<ExportedEntity[]>(EXPORT_ENTITIES, databaseId, documentIds, realmIds),
      this.prisma.$queryRawUnsafe<ExportedRelation[]>(EXPORT_RELATIONS, databaseId, documentIds, realmIds),
    ]);
    const byRef = new Map<string, DocumentRecords>();
    const keyOf = (documentId: string, realmId: string) => `${documentId}\u0000${realmId}`;
    const of = ({ documentId, realmId }: { documentId: string; realmId: string }) =>
      byRef.get(keyOf(documentId, realmId));
    for (const { documentId, realmId } of refs) {
      byRef.set(keyOf(documentId, realmId), {
        documentId,
        realmId,
        title: "",
        chunks: [],
        entities: [],
        relations: [],
      });
    }
    for (const c of chunks) {
      const records = of(c)!;
      if (records.chunks.length === 0) records.title = c.title;
      records.chunks.push({
        index: c.chunkIndex,
        text: c.text,
        vector: decodeVector(c.vector),
        start: c.startOffset,
        end: c.endOffset,
        entities: c.entities,
      });
    }
    for (const e of entities) of(e)!.entities.push({ key: e.key, name: e.name, type: e.type });
    for (const r of relations) of(r)!.relations.push({ source: r.sourceKey, target: r.targetKey, type: r.type });
    // Each input position gets its own object, even when a document is asked for twice.
    return refs.map((ref) => structuredClone(of(ref)!));
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

/** A batch's transaction may take longer than Prisma's 5 s default for one interactive transaction. */
const BATCH_TRANSACTION_TIMEOUT_MS = 60_000;

interface EntityRef {
  realm: string;
  key: string;
}

interface ExportedChunk {
  documentId: string;
  realmId: string;
  chunkIndex: number;
  title: string;
  text: string;
  startOffset: number;
  endOffset: number;
  vector: string;
  entities: string[];
}

interface ExportedEntity {
  documentId: string;
  realmId: string;
  key: string;
  name: string;
  type: string;
}

interface ExportedRelation {
  documentId: string;
  realmId: string;
  sourceKey: string;
  targetKey: string;
  type: string;
}

/** The batch's document ids; a document may appear only once, since each one replaces what it had. */
function distinctDocuments(batch: DocumentRecords[]): string[] {
  const ids = new Set<string>();
  for (const { documentId } of batch) {
    if (ids.has(documentId)) {
      throw new InvalidInputError(
        `Document ${documentId} appears twice in one batch. Send each document once per ingestMany call.`,
      );
    }
    ids.add(documentId);
  }
  return [...ids];
}

/** The rows a batch writes, one list per table, and each document's counts (in input order). */
function batchRows(databaseId: string, batch: DocumentRecords[]) {
  const chunks: object[] = [];
  const mentions: Array<{ d: string; r: string; k: string }> = [];
  const relations: object[] = [];
  const entities = new Map<string, { r: string; k: string; n: string; y: string }>();
  const counts: RecordCounts[] = [];
  for (const records of batch) {
    const { documentId: d, realmId: r, title } = records;
    for (const c of records.chunks) {
      chunks.push({
        // The primary key spans every embedded database, so the database is part of the name.
        id: uuidv5(`${databaseId}:${d}:${c.index}`),
        d,
        r,
        i: c.index,
        ti: title,
        t: c.text,
        s: c.start,
        e: c.end,
        v: encodeVector(c.vector),
        n: c.entities,
      });
    }
    const keys = new Set<string>();
    for (const e of records.entities) {
      if (keys.has(e.key)) continue;
      keys.add(e.key);
      mentions.push({ d, r, k: e.key });
      // An entity new to the realm takes the name and type of the batch's first document that has it,
      // as it would when the documents were ingested one by one.
      const id = `${r}\u0000${e.key}`;
      if (!entities.has(id)) entities.set(id, { r, k: e.key, n: e.name, y: e.type });
    }
    const unique = dedupeBy(records.relations, (x) => `${x.source}\u0000${x.type}\u0000${x.target}`);
    for (const x of unique) relations.push({ d, r, s: x.source, t: x.target, y: x.type });
    counts.push({ points: records.chunks.length, nodes: keys.size, relationships: unique.length });
  }
  const mentioned = dedupeBy(
    mentions.map((m) => ({ realm: m.r, key: m.k })),
    (m) => `${m.realm}\u0000${m.key}`,
  );
  return { chunks, entities: [...entities.values()], mentions, relations, mentioned, counts };
}

/**
 * Deletes the documents' chunks, mentions and relations, and locks (in realm and key order) the entities they
 * mentioned or are about to mention (`keep`). Returns the entities no longer mentioned by any of them: orphans
 * unless another document mentions them. The lock makes that check sound when two transactions clear documents
 * sharing an entity (each would otherwise see the other's mentions, not yet deleted, and keep it), or when one
 * adds a mention while another drops the last one; the check runs in a later statement, after the lock is granted.
 */
async function lockAndClear(
  tx: Tx,
  databaseId: string,
  documentIds: string[],
  keep: EntityRef[],
): Promise<EntityRef[]> {
  const rows = await tx.$queryRawUnsafe<Array<EntityRef & { kept: boolean }>>(
    `WITH c AS (DELETE FROM "EmbeddedChunk" WHERE "databaseId" = $1::uuid AND "documentId" = ANY($2::uuid[])),
          r AS (DELETE FROM "EmbeddedRelation" WHERE "databaseId" = $1::uuid AND "documentId" = ANY($2::uuid[])),
          m AS (DELETE FROM "EmbeddedMention" WHERE "databaseId" = $1::uuid AND "documentId" = ANY($2::uuid[])
                RETURNING "realmId", "entityKey"),
          keep AS (SELECT * FROM unnest($3::uuid[], $4::text[]) AS k(realm, key)),
          candidates AS (SELECT "realmId" AS realm, "entityKey" AS key FROM m UNION SELECT realm, key FROM keep)
     SELECT e."realmId"::text AS realm, e.key, (e."realmId", e.key) IN (SELECT realm, key FROM keep) AS kept
     FROM candidates JOIN "EmbeddedEntity" e
       ON e."databaseId" = $1::uuid AND e."realmId" = candidates.realm AND e.key = candidates.key
     ORDER BY e."realmId", e.key FOR UPDATE OF e`,
    databaseId,
    documentIds,
    keep.map((k) => k.realm),
    keep.map((k) => k.key),
  );
  return rows.filter((r) => !r.kept).map(({ realm, key }) => ({ realm, key }));
}

/**
 * The entities among ($2 realms, $3 keys) that no document mentions any more, deleted. "Still mentioned" is one
 * index probe per candidate (LIMIT 1 in a lateral join), not an anti-join: with statistics that do not know the
 * realm yet (a realm just loaded), the planner turned NOT EXISTS into a scan of all the realm's mentions per key.
 */
const orphansOf = (realms: string, keys: string) => `
  DELETE FROM "EmbeddedEntity" e USING unnest(${realms}::uuid[], ${keys}::text[]) AS o(realm, key)
  WHERE e."databaseId" = $1::uuid AND e."realmId" = o.realm AND e.key = o.key
    AND (o.realm, o.key) NOT IN (
      SELECT c.realm, c.key FROM unnest(${realms}::uuid[], ${keys}::text[]) AS c(realm, key) CROSS JOIN LATERAL (
        SELECT 1 FROM "EmbeddedMention" m
        WHERE m."databaseId" = $1::uuid AND m."realmId" = c.realm AND m."entityKey" = c.key LIMIT 1
      ) AS mention)`;

/** $1 database, $2/$3 realms and keys of the candidate orphans. */
const DELETE_ORPHANS = orphansOf("$2", "$3");

/**
 * $1 database, $2/$3 the entities no longer mentioned (locked by lockAndClear; none of them is mentioned by the
 * batch, so the sibling insert of mentions, invisible to the orphan check, cannot concern them), then the rows
 * as JSON: $4 chunks, $5 entities (inserted in lock order), $6 mentions, $7 relations.
 */
const INSERT_BATCH = `
  WITH orphans AS (${orphansOf("$2", "$3")}
  ), chunks AS (
    INSERT INTO "EmbeddedChunk" ("id", "databaseId", "realmId", "documentId", "chunkIndex", "title", "text", "startOffset", "endOffset", "vector", "entities")
    SELECT x.id, $1::uuid, x.r, x.d, x.i, x.ti, x.t, x.s, x.e, x.v, x.n
    FROM jsonb_to_recordset($4::jsonb) AS x(id uuid, d uuid, r uuid, i int, ti text, t text, s int, e int, v text, n text[])
  ), entities AS (
    INSERT INTO "EmbeddedEntity" ("databaseId", "realmId", "key", "name", "type")
    SELECT $1::uuid, x.r, x.k, x.n, x.y FROM jsonb_to_recordset($5::jsonb) AS x(r uuid, k text, n text, y text)
    ORDER BY x.r, x.k -- in lock order: concurrent writers cannot deadlock on new entities
    ON CONFLICT DO NOTHING
  ), mentions AS (
    INSERT INTO "EmbeddedMention" ("databaseId", "realmId", "documentId", "entityKey")
    SELECT $1::uuid, x.r, x.d, x.k FROM jsonb_to_recordset($6::jsonb) AS x(d uuid, r uuid, k text)
  )
  INSERT INTO "EmbeddedRelation" ("databaseId", "realmId", "documentId", "sourceKey", "targetKey", "type")
  SELECT $1::uuid, x.r, x.d, x.s, x.t, x.y FROM jsonb_to_recordset($7::jsonb) AS x(d uuid, r uuid, s text, t text, y text)`;

/**
 * $1 database, $2 realm, $3 document ids: one row per document, each table counted once over the documents' key.
 * The realm is compared as text on purpose: as a plain column it let the planner (with a generic plan for the
 * prepared statement) pick the (database, realm) index and read the whole realm for every document, which
 * grew with the realm (80 → 500 ms per call for 50 documents while 1,000 were copied).
 */
const COUNT_DOCUMENTS = `SELECT d.id::text AS "documentId",
  coalesce(c.n, 0)::int AS points, coalesce(m.n, 0)::int AS nodes, coalesce(r.n, 0)::int AS relationships
  FROM unnest($3::uuid[]) AS d(id)
  LEFT JOIN (SELECT "documentId", count(*) AS n FROM "EmbeddedChunk"
             WHERE "databaseId" = $1::uuid AND "documentId" = ANY($3::uuid[]) AND "realmId"::text = $2 GROUP BY 1) c ON c."documentId" = d.id
  LEFT JOIN (SELECT "documentId", count(*) AS n FROM "EmbeddedMention"
             WHERE "databaseId" = $1::uuid AND "documentId" = ANY($3::uuid[]) AND "realmId"::text = $2 GROUP BY 1) m ON m."documentId" = d.id
  LEFT JOIN (SELECT "documentId", count(*) AS n FROM "EmbeddedRelation"
             WHERE "databaseId" = $1::uuid AND "documentId" = ANY($3::uuid[]) AND "realmId"::text = $2 GROUP BY 1) r ON r."documentId" = d.id`;

/** $1 database, $2/$3 the (document, realm) pairs asked for. */
const REFS = `unnest($2::uuid[], $3::uuid[]) AS ref(d, r)`;

const EXPORT_CHUNKS = `
  SELECT c."documentId"::text AS "documentId", c."realmId"::text AS "realmId", c."chunkIndex", c.title, c.text,
         c."startOffset", c."endOffset", c.vector, c.entities
  FROM (SELECT DISTINCT d, r FROM ${REFS}) AS ref
  JOIN "EmbeddedChunk" c ON c."databaseId" = $1::uuid AND c."documentId" = ref.d AND c."realmId" = ref.r
  ORDER BY c."documentId", c."chunkIndex"`;

/**
 * A document's mentions, then their entities, looked up per document (a lateral subquery kept apart by OFFSET 0):
 * joined as a whole, a planner whose statistics do not know the tables yet (just loaded) matched every ref with
 * all the realm's entities first and ran ~100× slower.
 */
const EXPORT_ENTITIES = `
  SELECT ref.d::text AS "documentId", ref.r::text AS "realmId", e.key, e.name, e.type
  FROM (SELECT DISTINCT d, r FROM ${REFS}) AS ref
  CROSS JOIN LATERAL (
    SELECT x.key, x.name, x.type FROM "EmbeddedMention" m
    JOIN "EmbeddedEntity" x ON x."databaseId" = m."databaseId" AND x."realmId" = m."realmId" AND x.key = m."entityKey"
    WHERE m."databaseId" = $1::uuid AND m."documentId" = ref.d AND m."realmId" = ref.r
    OFFSET 0
  ) AS e
  ORDER BY ref.d, e.key`;

const EXPORT_RELATIONS = `
  SELECT x."documentId"::text AS "documentId", x."realmId"::text AS "realmId", x."sourceKey", x."targetKey", x.type
  FROM (SELECT DISTINCT d, r FROM ${REFS}) AS ref
  JOIN "EmbeddedRelation" x ON x."databaseId" = $1::uuid AND x."documentId" = ref.d AND x."realmId" = ref.r
  ORDER BY x."documentId", x."sourceKey", x.type, x."targetKey"`;

/** One document (the realm compared as text, as in COUNT_DOCUMENTS). */
const COUNT_DOCUMENT = `SELECT
  (SELECT count(*) FROM "EmbeddedChunk" WHERE "databaseId" = $1::uuid AND "documentId" = $3::uuid AND "realmId"::text = $2)::int AS points,
  (SELECT count(*) FROM "EmbeddedMention" WHERE "databaseId" = $1::uuid AND "documentId" = $3::uuid AND "realmId"::text = $2)::int AS nodes,
  (SELECT count(*) FROM "EmbeddedRelation" WHERE "databaseId" = $1::uuid AND "documentId" = $3::uuid AND "realmId"::text = $2)::int AS relationships`;

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
