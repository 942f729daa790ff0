// NEO4J connector: (:Document)-[:HAS_CHUNK]->(:Chunk)-[:MENTIONS]->(:Entity), (:Document)-[:MENTIONS]->(:Entity),
// (:Entity)-[:RELATED {type, documentId, realmId}]->(:Entity). Entities are shared per (realmId, key) and go when no
// Document MENTIONS them; a RELATED edge belongs to one document, so removing it never drops another's relation.
import neo4j, { Neo4jError, type Driver, type ManagedTransaction, type Session } from "neo4j-driver";
import { z } from "zod";
import { chunkId } from "../ids.ts";
import { ConnectorError, DomainError, InvalidInputError } from "../errors.ts";
import { defineConnector, SETTING_DOCS, urlSetting } from "./descriptor.ts";
import { checkQuery, settleTopK } from "./search.ts";
import type {
  Connector,
  DocumentRecords,
  DocumentRef,
  RecordChunk,
  RecordCounts,
  SearchHit,
  SearchQuery,
} from "./types.ts";

export interface Neo4jConnectorOptions {
  uri: string;
  databaseName: string;
  username?: string | undefined;
  password?: string | undefined;
  /** Rows per UNWIND statement. */
  batchSize?: number;
  connectionTimeoutMs?: number;
  /** How long the driver keeps retrying a transaction after transient failures (it retries with backoff). */
  maxRetryTimeMs?: number;
}

const DATABASE_NAME = "databaseName must be a valid Neo4j database name.";

export const neo4jKind = defineConnector({
  kind: "NEO4J",
  description: "A Neo4j database.",
  holds: { vectors: true, graph: true },
  input: z.object({
    uri: urlSetting("uri", ["bolt:", "bolt+s:", "bolt+ssc:", "neo4j:", "neo4j+s:", "neo4j+ssc:"]).register(
      SETTING_DOCS,
      {
        description: "bolt:// or neo4j:// uri.",
        shown: "Neo4j connection uri.",
      },
    ),
    databaseName: z
      .string({ error: DATABASE_NAME })
      .optional()
      .transform((name) => name?.trim() || "neo4j")
      .pipe(z.string().regex(/^[A-Za-z][A-Za-z0-9.-]{2,62}$/, DATABASE_NAME))
      .register(SETTING_DOCS, { description: "database name (default neo4j).", shown: "Neo4j database name." }),
    username: z.string().optional().register(SETTING_DOCS, { description: "user name.", shown: "Neo4j user name." }),
    password: z.string().optional().register(SETTING_DOCS, { description: "password.", secret: true }),
  }),
  settings: z.object({ uri: z.string(), databaseName: z.string().optional(), username: z.string().optional() }),
  credentials: z.object({ password: z.string().optional() }),
  endpoint: { setting: "uri", what: "Database URIs" },
  configure: ({ uri, databaseName, username, password }) => ({
    // An empty user name is stored as none (the connector's default user), as an empty password is.
    settings: { uri, databaseName, ...(username ? { username } : {}) },
    credentials: password ? { password } : {},
  }),
  open: ({ settings: { uri, databaseName, username }, credentials: { password } }) =>
    new Neo4jConnector({ uri, databaseName: databaseName ?? "neo4j", username, password }),
});

/**
 * The HNSW index search uses: cosine, no dimension fixed (each database's embedder decides), unquantized so
 * its candidate order is close to the exact one. Results are re-scored exactly anyway (see search).
 */
const VECTOR_INDEX = "realm_chunk_embedding";
const VECTOR_INDEX_SCHEMA = `CREATE VECTOR INDEX ${VECTOR_INDEX} IF NOT EXISTS FOR (c:Chunk) ON c.embedding
  OPTIONS { indexConfig: { \`vector.similarity_function\`: 'cosine', \`vector.quantization.enabled\`: false } }`;

// Names are prefixed so they cannot clash with other applications' schema in a shared DBMS. Community edition has
// no node key constraints, but it does have composite uniqueness, which is what (realmId, key) needs.
const SCHEMA = [
  "CREATE CONSTRAINT realm_document_id IF NOT EXISTS FOR (d:Document) REQUIRE d.id IS UNIQUE",
  "CREATE CONSTRAINT realm_chunk_id IF NOT EXISTS FOR (c:Chunk) REQUIRE c.id IS UNIQUE",
  "CREATE CONSTRAINT realm_entity_key IF NOT EXISTS FOR (e:Entity) REQUIRE (e.realmId, e.key) IS UNIQUE",
  "CREATE INDEX realm_chunk_document IF NOT EXISTS FOR (c:Chunk) ON (c.documentId)",
  "CREATE INDEX realm_chunk_realm IF NOT EXISTS FOR (c:Chunk) ON (c.realmId)",
  "CREATE INDEX realm_entity_realm IF NOT EXISTS FOR (e:Entity) ON (e.realmId)",
  "CREATE INDEX realm_related_document IF NOT EXISTS FOR ()-[r:RELATED]-() ON (r.documentId)",
  "CREATE INDEX realm_related_realm IF NOT EXISTS FOR ()-[r:RELATED]-() ON (r.realmId)",
  VECTOR_INDEX_SCHEMA,
];

// The write statements take rows of many documents (each row names its document and realm), batchSize rows each.
// The documents were cleared first in the same transaction, and rows are distinct, so relationships are
// created, not merged (no lookup of an existing edge between two nodes).
const WRITE_DOCUMENTS = `
  UNWIND $rows AS row
  MERGE (d:Document {id: row.documentId}) SET d.realmId = row.realmId, d.title = row.title`;

const WRITE_ENTITIES = `
  UNWIND $rows AS row
  MATCH (d:Document {id: row.documentId})
  MERGE (e:Entity {realmId: row.realmId, key: row.key}) ON CREATE SET e.name = row.name, e.type = row.type
  CREATE (d)-[:MENTIONS]->(e)`;

// Numbers arrive as floats from JavaScript; toInteger keeps index and offsets integral in the graph.
const WRITE_CHUNKS = `
  UNWIND $rows AS row
  MATCH (d:Document {id: row.documentId})
  MERGE (c:Chunk {id: row.id})
  SET c.documentId = row.documentId, c.realmId = row.realmId, c.index = toInteger(row.index), c.text = row.text,
      c.embedding = row.embedding, c.start = toInteger(row.start), c.end = toInteger(row.end),
      c.entityNames = row.entityNames
  CREATE (d)-[:HAS_CHUNK]->(c)
  WITH c, row UNWIND row.mentions AS key
  MATCH (e:Entity {realmId: row.realmId, key: key})
  CREATE (c)-[:MENTIONS]->(e)`;

const WRITE_RELATIONS = `
  UNWIND $rows AS row
  MATCH (s:Entity {realmId: row.realmId, key: row.source}), (t:Entity {realmId: row.realmId, key: row.target})
  CREATE (s)-[:RELATED {documentId: row.documentId, type: row.type, realmId: row.realmId}]->(t)`;

/** Per (document, realm) of $refs: its chunks, the entities it mentions, its own relations. */
const COUNT_DOCUMENTS = `
  UNWIND $refs AS ref
  RETURN ref.documentId AS documentId,
         COUNT { (:Chunk {documentId: ref.documentId, realmId: ref.realmId}) } AS points,
         COUNT { (:Document {id: ref.documentId, realmId: ref.realmId})-[:MENTIONS]->(:Entity) } AS nodes,
         COUNT { ()-[:RELATED {documentId: ref.documentId, realmId: ref.realmId}]->() } AS relationships`;

export class Neo4jConnector implements Connector {
  readonly kind = "NEO4J" as const;
  private readonly driver: Driver;
  private readonly uri: string;
  private readonly databaseName: string;
  private readonly username: string;
  private readonly batchSize: number;

  constructor(options: Neo4jConnectorOptions) {
    const { uri, databaseName, username = "neo4j", password, batchSize = 500, connectionTimeoutMs = 5000 } = options;
    this.uri = uri;
    this.databaseName = databaseName;
    this.username = username;
    this.batchSize = Math.max(1, batchSize);
    const auth =
      password === undefined && options.username === undefined ? undefined : neo4j.auth.basic(username, password ?? "");
    this.driver = neo4j.driver(uri, auth, {
      // Plain numbers instead of neo4j Integer objects: counts, indexes and offsets stay far below 2^53.
      disableLosslessIntegers: true,
      connectionTimeout: connectionTimeoutMs,
      connectionAcquisitionTimeout: connectionTimeoutMs * 2,
      maxTransactionRetryTime: options.maxRetryTimeMs ?? 5000,
      userAgent: "realm-migration-service",
    });
  }

  async ensureReady(): Promise<void> {
    await this.call("preparing constraints and indexes", async () => {
      // Fails fast with the real cause (unreachable, bad credentials, unknown database) instead of retrying.
      await this.driver.verifyConnectivity({ database: this.databaseName });
      await this.withSession((s) =>
        s.executeWrite(async (tx) => {
          for (const statement of SCHEMA) await tx.run(statement);
        }),
      );
      await this.withSession((s) => s.run(`CALL db.awaitIndex("${VECTOR_INDEX}", 60)`));
    });
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
   * One transaction for the whole batch, so readers never see a document half replaced; each step is one UNWIND
   * statement over all the batch's documents (≤ batchSize rows each): read their mentions, lock the entities
   * involved, clear, write documents, entities, chunks and relations, delete orphans, read the counts back.
   * Relationship types are data (a property), never spliced into Cypher.
   */
  async ingestMany(batch: DocumentRecords[]): Promise<RecordCounts[]> {
    if (batch.length === 0) return [];
    const rows = batchRows(batch);
    const documentIds = rows.documents.map((d) => d.documentId);
    const action = batch.length === 1 ? `writing document ${documentIds[0]}` : `writing ${batch.length} documents`;
    const counts = await this.write(action, async (tx) => {
      // Writing the Document nodes first write-locks them (in id order): a concurrent write of the same
      // document waits here, before reading what it mentions, so the two never interleave.
      for (let i = 0; i < rows.documents.length; i += this.batchSize) {
        await tx.run(WRITE_DOCUMENTS, { rows: rows.documents.slice(i, i + this.batchSize) });
      }
      const before = await entityRefs(
        tx,
        "UNWIND $ids AS id MATCH (:Document {id: id})-[:MENTIONS]->(e:Entity) RETURN DISTINCT e.realmId AS realmId, e.key AS key",
        { ids: documentIds },
      );
      await lockEntities(tx, [...before, ...rows.entities]);
      await clearDocuments(tx, documentIds);
      for (const [statement, list] of [
        [WRITE_ENTITIES, rows.entities],
        [WRITE_CHUNKS, rows.chunks],
        [WRITE_RELATIONS, rows.relations],
      ] as const) {
        for (let i = 0; i < list.length; i += this.batchSize) {
          await tx.run(statement, { rows: list.slice(i, i + this.batchSize) });
        }
      }
      const now = new Set(rows.entities.map(entityId));
      await deleteOrphans(
        tx,
        before.filter((e) => !now.has(entityId(e))),
      );
      return countDocuments(tx, batch);
    });
    return batch.map((r) => counts.get(r.documentId)!);
  }

  async countMany({
    realmId,
    documentIds,
  }: {
    realmId: string;
    documentIds: string[];
  }): Promise<Map<string, RecordCounts>> {
    const refs = [...new Set(documentIds)].map((documentId) => ({ documentId, realmId }));
    if (refs.length === 0) return new Map();
    return this.read("counting records", (tx) => countDocuments(tx, refs));
  }

  async removeMany(refs: DocumentRef[]): Promise<void> {
    if (refs.length === 0) return;
    const unique = distinctRefs(refs);
    const action = refs.length === 1 ? `removing document ${refs[0]!.documentId}` : `removing ${refs.length} documents`;
    await this.write(action, async (tx) => {
      await tx.run(
        `UNWIND $refs AS ref MATCH (d:Document {id: ref.documentId, realmId: ref.realmId})
         SET d._lock = true REMOVE d._lock`,
        { refs: unique },
      );
      const mentioned = await entityRefs(
        tx,
        `UNWIND $refs AS ref MATCH (:Document {id: ref.documentId, realmId: ref.realmId})-[:MENTIONS]->(e:Entity)
         RETURN DISTINCT e.realmId AS realmId, e.key AS key`,
        { refs: unique },
      );
      await lockEntities(tx, mentioned);
      await clearDocuments(
        tx,
        unique.map((r) => r.documentId),
      );
      await tx.run(
        "UNWIND $refs AS ref MATCH (d:Document {id: ref.documentId, realmId: ref.realmId}) DETACH DELETE d",
        { refs: unique },
      );
      await deleteOrphans(tx, mentioned);
    });
  }

  /** Four statements for the whole batch (titles, chunks, mentioned entities, relations) in one read transaction. */
  async exportMany(refs: DocumentRef[]): Promise<DocumentRecords[]> {
    if (refs.length === 0) return [];
    const unique = distinctRefs(refs);
    const action =
      refs.length === 1 ? `exporting document ${refs[0]!.documentId}` : `exporting ${refs.length} documents`;
    const found = await this.read(action, async (tx) => {
      const byRef = new Map<string, DocumentRecords>(
        unique.map(({ documentId, realmId }) => [
          refKey(documentId, realmId),
          { documentId, realmId, title: "", chunks: [], entities: [], relations: [] },
        ]),
      );
      const of = (r: { get(key: string): unknown }) =>
        byRef.get(refKey(r.get("documentId") as string, r.get("realmId") as string))!;
      const params = { refs: unique };
      const docs = await tx.run(
        `UNWIND $refs AS ref MATCH (d:Document {id: ref.documentId, realmId: ref.realmId})
         RETURN ref.documentId AS documentId, ref.realmId AS realmId, d.title AS title`,
        params,
      );
      for (const r of docs.records) of(r).title = (r.get("title") as string | null) ?? "";
      // Iterating the result streams records in fetch-size batches instead of buffering the whole answer.
      const chunkRows = tx.run(
        `UNWIND $refs AS ref MATCH (c:Chunk {documentId: ref.documentId, realmId: ref.realmId})
         RETURN ref.documentId AS documentId, ref.realmId AS realmId, c.index AS index, c.text AS text,
                c.embedding AS vector, c.start AS start, c.end AS end, c.entityNames AS entities
         ORDER BY documentId, index`,
        params,
      );
      for await (const r of chunkRows) {
        const { documentId: _d, realmId: _r, ...chunk } = r.toObject() as RecordChunk & DocumentRef;
        of(r).chunks.push(chunk);
      }
      const entities = await tx.run(
        `UNWIND $refs AS ref MATCH (:Document {id: ref.documentId, realmId: ref.realmId})-[:MENTIONS]->(e:Entity)
         RETURN ref.documentId AS documentId, ref.realmId AS realmId, e.key AS key, e.name AS name, e.type AS type
         ORDER BY key`,
        params,
      );
      for (const r of entities.records) {
        of(r).entities.push({
          key: r.get("key") as string,
          name: r.get("name") as string,
          type: r.get("type") as string,
        });
      }
      const relations = await tx.run(
        `UNWIND $refs AS ref
         MATCH (s:Entity)-[r:RELATED {documentId: ref.documentId, realmId: ref.realmId}]->(t:Entity)
         RETURN ref.documentId AS documentId, ref.realmId AS realmId, s.key AS source, t.key AS target, r.type AS type
         ORDER BY source, type, target`,
        params,
      );
      for (const r of relations.records) {
        of(r).relations.push({
          source: r.get("source") as string,
          target: r.get("target") as string,
          type: r.get("type") as string,
        });
      }
      return byRef;
    });
    // Each input position gets its own object, even when a document is asked for twice.
    return refs.map(({ documentId, realmId }) => structuredClone(found.get(refKey(documentId, realmId))!));
  }

  async count({ realmId, documentId }: { realmId: string; documentId?: string }): Promise<RecordCounts> {
    // Per document: its chunks, the entities it mentions, its own relations. Per realm: everything of the realm.
    const query =
      documentId === undefined
        ? `RETURN COUNT { (:Chunk {realmId: $realmId}) } AS points, COUNT { (:Entity {realmId: $realmId}) } AS nodes,
                  COUNT { ()-[:RELATED {realmId: $realmId}]->() } AS relationships`
        : `RETURN COUNT { (:Chunk {documentId: $documentId, realmId: $realmId}) } AS points,
                  COUNT { (:Document {id: $documentId, realmId: $realmId})-[:MENTIONS]->(:Entity) } AS nodes,
                  COUNT { ()-[:RELATED {documentId: $documentId, realmId: $realmId}]->() } AS relationships`;
    return this.read("counting records", async (tx) => {
      const result = await tx.run(query, { realmId, documentId: documentId ?? null });
      return result.records[0]!.toObject() as RecordCounts;
    });
  }

  /**
   * Realm-wide: the chunk vector index (HNSW, approximate), asked for more candidates than k, filtered by realm
   * and re-scored with the exact cosine, widening until the k-th place is settled; when the realm is too small a
   * part of the database for that (or `exact`, or a document filter), an exact scan of the realm's chunks.
   */
  async search(query: SearchQuery): Promise<SearchHit[]> {
    checkQuery(query);
    const { k, documentIds } = query;
    if (documentIds && documentIds.length === 0) return [];
    if (query.exact || documentIds) return this.scanSearch(query);
    let short = false;
    const hits = await settleTopK(k, Math.max(4 * k, 64), INDEX_CANDIDATE_CAP, async (limit) => {
      const rows = await this.read(
        "searching",
        async (tx) =>
          (
            await tx.run(INDEX_SEARCH, {
              index: VECTOR_INDEX,
              limit: neo4j.int(limit),
              vector: query.vector,
              realmId: query.realmId,
            })
          ).records,
      );
      const mine = rows.filter((r) => r.get("mine") === true).map((r) => toHit(r.toObject()));
      short = rows.length === limit && mine.length < k;
      return {
        hits: mine,
        exhausted: rows.length < limit,
        floor: rows.reduce((low, r) => Math.min(low, fromNeo4jScore(r.get("s") as number | null)), Infinity),
      };
    });
    return short ? this.scanSearch(query) : hits;
  }

  private scanSearch({ vector, k, realmId, documentIds }: SearchQuery): Promise<SearchHit[]> {
    return this.read("searching", async (tx) => {
      const result = await tx.run(documentIds ? SCAN_DOCUMENTS : SCAN_REALM, {
        vector,
        k: neo4j.int(k),
        realmId,
        documentIds: documentIds ?? null,
      });
      return result.records.map((r) => toHit(r.toObject()));
    });
  }

  async health(): Promise<{ ok: boolean; message: string }> {
    try {
      const info = await this.call("checking health", () =>
        this.driver.verifyConnectivity({ database: this.databaseName }),
      );
      return { ok: true, message: `Neo4j at ${this.uri} (${info.agent ?? "unknown version"}) is reachable.` };
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  private withSession<T>(work: (session: Session) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.databaseName });
    return work(session).finally(() => session.close());
  }

  private write<T>(action: string, work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    return this.call(action, () => this.withSession((s) => s.executeWrite(work)));
  }

  private read<T>(action: string, work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    return this.call(action, () => this.withSession((s) => s.executeRead(work)));
  }

  /** Runs a driver call and turns whatever it throws into a ConnectorError saying what to do. */
  private async call<T>(action: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof DomainError) throw error;
      const where = `Neo4j at ${this.uri} (database "${this.databaseName}")`;
      if (!(error instanceof Neo4jError)) {
        throw new ConnectorError(`${where} failed while ${action}: ${String(error)}`, false, { cause: error });
      }
      const { code } = error;
      const transient =
        error.retriable ||
        code === neo4j.error.SERVICE_UNAVAILABLE ||
        code === neo4j.error.SESSION_EXPIRED ||
        code.startsWith("Neo.TransientError.") ||
        code === "Neo.ClientError.Security.AuthenticationRateLimit";
      const message =
        code === "Neo.ClientError.Security.Unauthorized"
          ? `${where} rejected the credentials of user "${this.username}" while ${action}. Check username and password.`
          : code === "Neo.ClientError.Database.DatabaseNotFound"
            ? `${where}: the database does not exist. Check databaseName.`
            : code === neo4j.error.SERVICE_UNAVAILABLE
              ? `${where} is unreachable while ${action}: ${error.message} Check the uri and that Neo4j runs.`
              : `${where} failed while ${action}: ${error.message} (${code})`;
      throw new ConnectorError(message, transient, { cause: error });
    }
  }
}

/** At most this many index candidates per search before falling back to the exact scan. */
const INDEX_CANDIDATE_CAP = 10_000;

// vector.similarity.cosine is null for a zero vector (which scores 0, i.e. 0.5 on Neo4j's [0, 1] scale).
const HIT_FIELDS = `c.documentId AS documentId, c.index AS chunkIndex, c.text AS text, c.start AS start, c.end AS end`;
const EXACT_SCORE = `coalesce(vector.similarity.cosine(c.embedding, $vector), 0.5)`;

const INDEX_SEARCH = `
  CALL db.index.vector.queryNodes($index, $limit, $vector) YIELD node AS c
  WITH c, ${EXACT_SCORE} AS s, c.realmId = $realmId AS mine
  RETURN mine, s, CASE WHEN mine THEN c.documentId END AS documentId, c.index AS chunkIndex,
         CASE WHEN mine THEN c.text END AS text, c.start AS start, c.end AS end`;

const SCAN_REALM = `
  MATCH (c:Chunk {realmId: $realmId})
  WITH c, ${EXACT_SCORE} AS s ORDER BY s DESC, c.documentId, c.index LIMIT $k
  RETURN ${HIT_FIELDS}, s`;

const SCAN_DOCUMENTS = `
  MATCH (c:Chunk) WHERE c.documentId IN $documentIds AND c.realmId = $realmId
  WITH c, ${EXACT_SCORE} AS s ORDER BY s DESC, c.documentId, c.index LIMIT $k
  RETURN ${HIT_FIELDS}, s`;

/** Neo4j scores cosine as (1 + cos) / 2; search reports cos itself, as the other kinds do. */
function fromNeo4jScore(s: number | null): number {
  return s === null ? 0 : 2 * s - 1;
}

function toHit(row: Record<string, unknown>): SearchHit {
  return {
    documentId: String(row.documentId),
    chunkIndex: Number(row.chunkIndex),
    text: String(row.text ?? ""),
    start: Number(row.start ?? 0),
    end: Number(row.end ?? 0),
    score: fromNeo4jScore(row.s as number | null),
  };
}

/** Deletes the documents' chunks, their relations and their mentions; the Document nodes and entities stay. */
async function clearDocuments(tx: ManagedTransaction, ids: string[]): Promise<void> {
  await tx.run("UNWIND $ids AS id MATCH (c:Chunk {documentId: id}) DETACH DELETE c", { ids });
  await tx.run("UNWIND $ids AS id MATCH ()-[r:RELATED {documentId: id}]->() DELETE r", { ids });
  await tx.run("UNWIND $ids AS id MATCH (:Document {id: id})-[m:MENTIONS]->() DELETE m", { ids });
}

interface EntityRef {
  realmId: string;
  key: string;
}

const entityId = (e: EntityRef) => `${e.realmId}\u0000${e.key}`;
const refKey = (documentId: string, realmId: string) => `${documentId}\u0000${realmId}`;

/**
 * Write-locks the existing entities among `candidates`, in (realm, key) order, until the transaction ends. Two
 * documents sharing an entity and removed at once would otherwise each still see the other's mention (read
 * committed), keep the entity, and leave it orphaned; with the lock the second one sees the first one's removal.
 */
async function lockEntities(tx: ManagedTransaction, candidates: EntityRef[]): Promise<void> {
  if (candidates.length === 0) return;
  const unique = [...new Map(candidates.map((e) => [entityId(e), { realmId: e.realmId, key: e.key }])).values()];
  unique.sort((a, b) => compare(a.realmId, b.realmId) || compare(a.key, b.key));
  await tx.run(
    `UNWIND $rows AS row
     MATCH (e:Entity {realmId: row.realmId, key: row.key})
     SET e._lock = true
     REMOVE e._lock`,
    { rows: unique },
  );
}

/** Deletes those of `candidates` that no document mentions any more (with their remaining edges). */
async function deleteOrphans(tx: ManagedTransaction, candidates: EntityRef[]): Promise<void> {
  if (candidates.length === 0) return;
  await tx.run(
    `UNWIND $rows AS row
     MATCH (e:Entity {realmId: row.realmId, key: row.key})
     WHERE NOT EXISTS { (:Document)-[:MENTIONS]->(e) }
     DETACH DELETE e`,
    { rows: candidates.map(({ realmId, key }) => ({ realmId, key })) },
  );
}

async function entityRefs(
  tx: ManagedTransaction,
  query: string,
  params: Record<string, unknown>,
): Promise<EntityRef[]> {
  return (await tx.run(query, params)).records.map((r) => ({
    realmId: r.get("realmId") as string,
    key: r.get("key") as string,
  }));
}

async function countDocuments(tx: ManagedTransaction, refs: DocumentRef[]): Promise<Map<string, RecordCounts>> {
  const result = await tx.run(COUNT_DOCUMENTS, {
    refs: refs.map(({ documentId, realmId }) => ({ documentId, realmId })),
  });
  return new Map(
    result.records.map((r) => {
      const { documentId, ...counts } = r.toObject() as RecordCounts & { documentId: string };
      return [documentId, counts];
    }),
  );
}

/** The distinct refs in document id order (the order documents are locked in). */
function distinctRefs(refs: DocumentRef[]): DocumentRef[] {
  const unique = new Map<string, DocumentRef>();
  for (const { documentId, realmId } of refs) unique.set(refKey(documentId, realmId), { documentId, realmId });
  return [...unique.values()].sort((a, b) => compare(a.documentId, b.documentId));
}

/** Each document's rows for the write statements, validated (before anything is written) and de-duplicated. */
function batchRows(batch: DocumentRecords[]) {
  const seen = new Set<string>();
  const documents: Array<{ documentId: string; realmId: string; title: string }> = [];
  const entities: Array<EntityRef & { documentId: string; name: string; type: string }> = [];
  const chunks: object[] = [];
  const relations: object[] = [];
  for (const records of batch) {
    const { documentId, realmId, title } = records;
    if (seen.has(documentId)) {
      throw new InvalidInputError(
        `Document ${documentId} appears twice in one batch. Send each document once per ingestMany call.`,
      );
    }
    seen.add(documentId);
    const unique = dedupeBy(records.entities, (e) => e.key);
    validate(records, new Set(unique.map((e) => e.key)));
    const keysByName = new Map<string, string[]>();
    for (const e of unique) keysByName.set(e.name, [...(keysByName.get(e.name) ?? []), e.key]);
    documents.push({ documentId, realmId, title });
    for (const e of unique) entities.push({ documentId, realmId, key: e.key, name: e.name, type: e.type });
    for (const c of records.chunks) {
      chunks.push({
        id: chunkId(documentId, c.index),
        documentId,
        realmId,
        index: c.index,
        text: c.text,
        embedding: c.vector,
        start: c.start,
        end: c.end,
        entityNames: c.entities,
        mentions: [...new Set(c.entities.flatMap((name) => keysByName.get(name) ?? []))],
      });
    }
    for (const r of dedupeBy(records.relations, (x) => `${x.source}\u0000${x.type}\u0000${x.target}`)) {
      relations.push({ documentId, realmId, source: r.source, target: r.target, type: r.type });
    }
  }
  // Documents are locked in id order and entities merged in (realm, key) order, as they are locked: concurrent
  // writers cannot deadlock on them.
  documents.sort((a, b) => compare(a.documentId, b.documentId));
  entities.sort((a, b) => compare(a.realmId, b.realmId) || compare(a.key, b.key));
  return { documents, entities, chunks, relations };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A graph edge needs both ends: reject (before writing anything) relations whose entities are not in the records. */
function validate({ chunks, relations }: DocumentRecords, entityKeys: Set<string>): void {
  const seen = new Set<number>();
  for (const c of chunks) {
    if (seen.has(c.index)) throw new InvalidInputError(`Chunk index ${c.index} appears twice in one document.`);
    seen.add(c.index);
  }
  for (const r of relations) {
    const missing = [r.source, r.target].find((k) => !entityKeys.has(k));
    if (missing !== undefined) {
      throw new InvalidInputError(
        `Relation ${r.source} ${r.type} ${r.target} refers to "${missing}", not one of the document's entities.`,
      );
    }
  }
}

function dedupeBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}
