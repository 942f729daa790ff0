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

const WRITE_ENTITIES = `
  MATCH (d:Document {id: $documentId})
  UNWIND $rows AS row
  MERGE (e:Entity {realmId: $realmId, key: row.key}) ON CREATE SET e.name = row.name, e.type = row.type
  MERGE (d)-[:MENTIONS]->(e)`;

// Numbers arrive as floats from JavaScript; toInteger keeps index and offsets integral in the graph.
const WRITE_CHUNKS = `
  MATCH (d:Document {id: $documentId})
  UNWIND $rows AS row
  MERGE (c:Chunk {id: row.id})
  SET c.documentId = $documentId, c.realmId = $realmId, c.index = toInteger(row.index), c.text = row.text,
      c.embedding = row.embedding, c.start = toInteger(row.start), c.end = toInteger(row.end),
      c.entityNames = row.entityNames
  MERGE (d)-[:HAS_CHUNK]->(c)
  WITH c, row UNWIND row.mentions AS key
  MATCH (e:Entity {realmId: $realmId, key: key})
  MERGE (c)-[:MENTIONS]->(e)`;

const WRITE_RELATIONS = `
  UNWIND $rows AS row
  MATCH (s:Entity {realmId: $realmId, key: row.source}), (t:Entity {realmId: $realmId, key: row.target})
  MERGE (s)-[r:RELATED {documentId: $documentId, type: row.type}]->(t)
  SET r.realmId = $realmId`;

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
    const { documentId, realmId, title } = records;
    const entities = dedupeBy(records.entities, (e) => e.key);
    const relations = dedupeBy(records.relations, (r) => `${r.source}\u0000${r.type}\u0000${r.target}`);
    const keysByName = new Map<string, string[]>();
    for (const e of entities) keysByName.set(e.name, [...(keysByName.get(e.name) ?? []), e.key]);
    validate(records, new Set(entities.map((e) => e.key)));
    const chunks = records.chunks.map((c) => ({
      id: chunkId(documentId, c.index),
      index: c.index,
      text: c.text,
      embedding: c.vector,
      start: c.start,
      end: c.end,
      entityNames: c.entities,
      mentions: [...new Set(c.entities.flatMap((name) => keysByName.get(name) ?? []))],
    }));
    const params = { documentId, realmId };
    // One transaction per document, so readers never see it half replaced; each statement carries ≤ batchSize rows.
    // Relationship types are data (a property), never spliced into Cypher.
    await this.write(`writing document ${documentId}`, async (tx) => {
      const before = await keys(
        tx,
        "MATCH (:Document {id: $documentId})-[:MENTIONS]->(e:Entity) RETURN e.key AS key",
        params,
      );
      await lockEntities(tx, realmId, [...before, ...entities.map((e) => e.key)]);
      await clearDocument(tx, params);
      await tx.run("MERGE (d:Document {id: $documentId}) SET d.realmId = $realmId, d.title = $title", {
        ...params,
        title,
      });
      for (const [statement, rows] of [
        [WRITE_ENTITIES, entities],
        [WRITE_CHUNKS, chunks],
        [WRITE_RELATIONS, relations],
      ] as const) {
        for (let i = 0; i < rows.length; i += this.batchSize) {
          await tx.run(statement, { ...params, rows: rows.slice(i, i + this.batchSize) });
        }
      }
      const now = new Set(entities.map((e) => e.key));
      const dropped = before.filter((k) => !now.has(k));
      await deleteOrphans(tx, realmId, dropped);
    });
    return this.count(params);
  }

  async remove({ documentId, realmId }: DocumentRef): Promise<void> {
    const params = { documentId, realmId };
    await this.write(`removing document ${documentId}`, async (tx) => {
      const mentioned = await keys(
        tx,
        "MATCH (:Document {id: $documentId, realmId: $realmId})-[:MENTIONS]->(e:Entity) RETURN e.key AS key",
        params,
      );
      await lockEntities(tx, realmId, mentioned);
      await clearDocument(tx, params);
      await tx.run("MATCH (d:Document {id: $documentId, realmId: $realmId}) DETACH DELETE d", params);
      await deleteOrphans(tx, realmId, mentioned);
    });
  }

  async export({ documentId, realmId }: DocumentRef): Promise<DocumentRecords> {
    const params = { documentId, realmId };
    return this.read(`exporting document ${documentId}`, async (tx) => {
      const doc = await tx.run(
        "MATCH (d:Document {id: $documentId, realmId: $realmId}) RETURN d.title AS title",
        params,
      );
      const chunks: RecordChunk[] = [];
      // Iterating the result streams records in fetch-size batches instead of buffering the whole answer.
      const chunkRows = tx.run(
        `MATCH (c:Chunk {documentId: $documentId, realmId: $realmId})
         RETURN c.index AS index, c.text AS text, c.embedding AS vector, c.start AS start, c.end AS end,
                c.entityNames AS entities ORDER BY c.index`,
        params,
      );
      for await (const r of chunkRows) chunks.push(r.toObject() as RecordChunk);
      const entities = await tx.run(
        `MATCH (:Document {id: $documentId, realmId: $realmId})-[:MENTIONS]->(e:Entity)
         RETURN e.key AS key, e.name AS name, e.type AS type ORDER BY key`,
        params,
      );
      const relations = await tx.run(
        `MATCH (s:Entity)-[r:RELATED {documentId: $documentId, realmId: $realmId}]->(t:Entity)
         RETURN s.key AS source, t.key AS target, r.type AS type ORDER BY source, type, target`,
        params,
      );
      return {
        documentId,
        realmId,
        title: (doc.records[0]?.get("title") as string | undefined) ?? "",
        chunks,
        entities: entities.records.map((r) => r.toObject() as DocumentRecords["entities"][number]),
        relations: relations.records.map((r) => r.toObject() as DocumentRecords["relations"][number]),
      };
    });
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

/** Deletes the document's chunks, its relations and its mentions; the Document node and entities stay. */
async function clearDocument(tx: ManagedTransaction, params: { documentId: string; realmId: string }): Promise<void> {
  await tx.run("MATCH (c:Chunk {documentId: $documentId}) DETACH DELETE c", params);
  await tx.run("MATCH ()-[r:RELATED {documentId: $documentId}]->() DELETE r", params);
  await tx.run("MATCH (:Document {id: $documentId})-[m:MENTIONS]->() DELETE m", params);
}

/**
 * Write-locks the existing entities among `candidates`, in key order, until the transaction ends. Two documents
 * sharing an entity and removed at once would otherwise each still see the other's mention (read committed),
 * keep the entity, and leave it orphaned; with the lock the second one sees the first one's removal.
 */
async function lockEntities(tx: ManagedTransaction, realmId: string, candidates: string[]): Promise<void> {
  if (candidates.length === 0) return;
  await tx.run(
    `UNWIND $keys AS key
     MATCH (e:Entity {realmId: $realmId, key: key})
     SET e._lock = true
     REMOVE e._lock`,
    { realmId, keys: [...new Set(candidates)].sort() },
  );
}

/** Deletes those of `candidates` that no document mentions any more (with their remaining edges). */
async function deleteOrphans(tx: ManagedTransaction, realmId: string, candidates: string[]): Promise<void> {
  if (candidates.length === 0) return;
  await tx.run(
    `UNWIND $keys AS key
     MATCH (e:Entity {realmId: $realmId, key: key})
     WHERE NOT EXISTS { (:Document)-[:MENTIONS]->(e) }
     DETACH DELETE e`,
    { realmId, keys: candidates },
  );
}

async function keys(tx: ManagedTransaction, query: string, params: Record<string, unknown>): Promise<string[]> {
  return (await tx.run(query, params)).records.map((r) => r.get("key") as string);
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
