// QDRANT connector: one point per chunk, id = chunkId(documentId, index), payload documentId, realmId, chunkIndex,
// title, text, offsets, entity names and the vector's norm. Qdrant holds no graph: exported entities/relations are
// always empty and counted nodes/relationships always 0. Every request filters by payload, never loads the collection.
import { QdrantClient, QdrantClientTimeoutError, type Schemas } from "@qdrant/js-client-rest";
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

export interface QdrantConnectorOptions {
  url: string;
  collection: string;
  vectorSize: number;
  apiKey?: string | undefined;
  /** Points per upsert request and per scroll page. */
  batchSize?: number;
  /** Estimated JSON bytes per upsert request at most (Qdrant refuses requests over 32 MB by default). */
  maxRequestBytes?: number;
  /** Client-side limit for each HTTP request. */
  timeoutMs?: number;
}

const COLLECTION_NAME = "A Qdrant database needs a collection name of letters, digits, _ or -.";
const VECTOR_SIZE = "vectorSize must be an integer between 1 and 65536.";

export const qdrantKind = defineConnector({
  kind: "QDRANT",
  description: "A Qdrant collection.",
  holds: { vectors: true, graph: false },
  input: z.object({
    url: urlSetting("url", ["http:", "https:"]).register(SETTING_DOCS, {
      description: "REST url, e.g. http://localhost:6333.",
      shown: "Qdrant REST url.",
    }),
    collection: z
      .string({ error: COLLECTION_NAME })
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,255}$/, COLLECTION_NAME)
      .register(SETTING_DOCS, { description: "collection name (created when missing).", shown: "Qdrant collection." }),
    vectorSize: z
      .int({ error: VECTOR_SIZE })
      .min(1, VECTOR_SIZE)
      .max(65536, VECTOR_SIZE)
      .optional()
      .register(SETTING_DOCS, {
        description: "vector dimension; defaults to the server's EMBEDDING_DIMENSION.",
        shown: "Vector dimension of the Qdrant collection.",
      }),
    apiKey: z.string().optional().register(SETTING_DOCS, { description: "api key.", secret: true }),
  }),
  settings: z.object({
    url: z.string(),
    collection: z.string(),
    vectorSize: z.int().optional(),
    distance: z.literal("Cosine").optional(),
  }),
  credentials: z.object({ apiKey: z.string().optional() }),
  endpoint: { setting: "url", what: "Database URLs" },
  configure: ({ url, collection, vectorSize, apiKey }, { defaultVectorSize }) => ({
    settings: { url, collection, vectorSize: vectorSize ?? defaultVectorSize, distance: "Cosine" as const },
    credentials: apiKey ? { apiKey } : {},
  }),
  open: ({ settings: { url, collection, vectorSize }, credentials: { apiKey } }, { defaultVectorSize }) =>
    new QdrantConnector({ url, collection, vectorSize: vectorSize ?? defaultVectorSize, apiKey }),
});

/** Payload fields filtered on; they get keyword indexes. */
const INDEXED_FIELDS = ["documentId", "realmId"] as const;

export class QdrantConnector implements Connector {
  readonly kind = "QDRANT" as const;
  private readonly client: QdrantClient;
  private readonly url: string;
  private readonly collection: string;
  private readonly vectorSize: number;
  private readonly apiKey: string | undefined;
  private readonly batchSize: number;
  private readonly maxRequestBytes: number;
  private readonly timeoutMs: number;

  constructor({
    url,
    collection,
    vectorSize,
    apiKey,
    batchSize = 256,
    maxRequestBytes = 16 * 1024 * 1024,
    timeoutMs = 10_000,
  }: QdrantConnectorOptions) {
    this.url = url;
    this.collection = collection;
    this.vectorSize = vectorSize;
    this.apiKey = apiKey;
    this.batchSize = Math.max(1, batchSize);
    this.maxRequestBytes = Math.max(1, maxRequestBytes);
    this.timeoutMs = timeoutMs;
    // The version check is a fire-and-forget request that only warns; health() reports reachability instead.
    this.client = new QdrantClient({ url, apiKey, timeout: timeoutMs, checkCompatibility: false });
  }

  async ensureReady(): Promise<void> {
    const { collection } = this;
    await this.call("preparing the collection", async () => {
      if (!(await this.client.collectionExists(collection)).exists) {
        try {
          await this.client.createCollection(collection, { vectors: { size: this.vectorSize, distance: "Cosine" } });
        } catch (error) {
          // Another process created it in between: verify it like any existing collection.
          if (statusOf(error) !== 409) throw error;
        }
      }
      const info = await this.client.getCollection(collection);
      const vectors = info.config.params.vectors;
      const single = vectors && typeof vectors.size === "number" ? (vectors as Schemas["VectorParams"]) : undefined;
      if (!single || single.size !== this.vectorSize || single.distance !== "Cosine") {
        const actual = single ? `${single.size}-dimensional ${single.distance} vectors` : "named vectors";
        throw new ConnectorError(
          `Qdrant collection "${collection}" holds ${actual}, but this database is configured for ` +
            `${this.vectorSize}-dimensional Cosine vectors. Use another collection or match vectorSize to it.`,
          false,
        );
      }
      for (const field of INDEXED_FIELDS) {
        if (info.payload_schema[field]) continue;
        await this.client.createPayloadIndex(collection, { field_name: field, field_schema: "keyword", wait: true });
      }
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
   * The document's chunks one scroll page (batchSize points) at a time, in point-id order, not chunk order.
   * Memory per page is bounded whatever the size of the collection; export gathers pages into one DocumentRecords.
   */
  async *pages(ref: DocumentRef): AsyncGenerator<{ chunk: RecordChunk; title: string }[]> {
    for await (const page of this.scrollPages(refsFilter([ref]), `exporting document ${ref.documentId}`)) {
      yield page.map((p) => fromPoint(p));
    }
  }

  /**
   * Every document's points go out in upserts of at most batchSize points and maxRequestBytes (estimated)
   * each, whatever document they belong to; then one delete per group of documents drops the points their
   * new sets do not contain. Upserting first means readers never see a document vanish, and an interrupted
   * batch leaves supersets that the next ingest trims. Counts are read back in one facet request per realm.
   */
  async ingestMany(batch: DocumentRecords[]): Promise<RecordCounts[]> {
    if (batch.length === 0) return [];
    distinctDocuments(batch);
    for (const records of batch) this.validate(records);
    const byDocument = batch.map((records) => toPoints(records));
    const action =
      batch.length === 1 ? `writing document ${batch[0]!.documentId}` : `writing ${batch.length} documents`;
    await this.call(action, async () => {
      for (const points of this.upsertRequests(byDocument.flat())) {
        await this.client.upsert(this.collection, { wait: true, points });
      }
      for (const group of staleDeletes(batch, byDocument)) {
        await this.client.delete(this.collection, { wait: true, filter: group });
      }
    });
    const counts = new Map<string, RecordCounts>();
    for (const [realmId, documentIds] of groupByRealm(batch)) {
      for (const [id, c] of await this.countMany({ realmId, documentIds })) counts.set(id, c);
    }
    return batch.map((r) => counts.get(r.documentId)!);
  }

  /** One facet request on the indexed documentId (exact counts), per FACET_LIMIT documents. */
  async countMany({
    realmId,
    documentIds,
  }: {
    realmId: string;
    documentIds: string[];
  }): Promise<Map<string, RecordCounts>> {
    const ids = [...new Set(documentIds)];
    const counts = new Map<string, RecordCounts>(ids.map((id) => [id, { points: 0, nodes: 0, relationships: 0 }]));
    for (let i = 0; i < ids.length; i += FACET_LIMIT) {
      const group = ids.slice(i, i + FACET_LIMIT);
      const { hits } = await this.call("counting points", () =>
        this.client.facet(this.collection, {
          key: "documentId",
          filter: { must: [match("realmId", realmId), { key: "documentId", match: { any: group } }] },
          limit: group.length,
          exact: true,
        }),
      );
      for (const { value, count } of hits) counts.set(String(value), { points: count, nodes: 0, relationships: 0 });
    }
    return counts;
  }

  /** One delete request by filter for the whole batch. */
  async removeMany(refs: DocumentRef[]): Promise<void> {
    if (refs.length === 0) return;
    const action = refs.length === 1 ? `removing document ${refs[0]!.documentId}` : `removing ${refs.length} documents`;
    await this.call(action, () => this.client.delete(this.collection, { wait: true, filter: refsFilter(refs) }));
  }

  /** One scroll over the whole batch's points (pages of batchSize), sorted into documents afterwards. */
  async exportMany(refs: DocumentRef[]): Promise<DocumentRecords[]> {
    if (refs.length === 0) return [];
    const found = new Map<string, { title: string; chunks: RecordChunk[] }>();
    const action =
      refs.length === 1 ? `exporting document ${refs[0]!.documentId}` : `exporting ${refs.length} documents`;
    for await (const page of this.scrollPages(refsFilter(refs), action)) {
      for (const point of page) {
        const { chunk, title } = fromPoint(point);
        const key = refKey(String(point.payload?.documentId), String(point.payload?.realmId));
        const entry = found.get(key) ?? { title: "", chunks: [] };
        entry.chunks.push(chunk);
        entry.title ||= title;
        found.set(key, entry);
      }
    }
    // Qdrant holds chunks only; the graph part of a document lives in graph/embedded databases.
    return refs.map(({ documentId, realmId }) => {
      const entry = found.get(refKey(documentId, realmId));
      const chunks = entry ? [...entry.chunks].sort((a, b) => a.index - b.index) : [];
      return { documentId, realmId, title: entry?.title ?? "", chunks, entities: [], relations: [] };
    });
  }

  async count({ realmId, documentId }: { realmId: string; documentId?: string }): Promise<RecordCounts> {
    const { count } = await this.call("counting points", () =>
      this.client.count(this.collection, { filter: refFilter(realmId, documentId), exact: true }),
    );
    return { points: count, nodes: 0, relationships: 0 };
  }

  /**
   * Qdrant's query API with the realm (and documents) as a payload filter; Cosine scores as Qdrant gives them.
   * `exact` asks Qdrant to skip its HNSW index. Over-fetches until ties at the k-th place are settled.
   */
  async search(query: SearchQuery): Promise<SearchHit[]> {
    checkQuery(query);
    const { vector, k, realmId, documentIds, exact } = query;
    if (vector.length !== this.vectorSize) {
      throw new InvalidInputError(
        `The query vector has ${vector.length} dimensions, but Qdrant collection "${this.collection}" holds ` +
          `${this.vectorSize}-dimensional vectors. Embed the query with the realm's embedder.`,
        ["vector"],
      );
    }
    if (documentIds && documentIds.length === 0) return [];
    const filter = searchFilter(realmId, documentIds);
    return settleTopK(k, k + 16, Math.max(k * 64, 4096), async (limit) => {
      const { points } = await this.call("searching", () =>
        this.client.query(this.collection, {
          query: vector,
          filter,
          limit,
          with_payload: [...HIT_FIELDS],
          ...(exact ? { params: { exact: true } } : {}),
        }),
      );
      return {
        hits: points.map(toHit),
        exhausted: points.length < limit,
        floor: points.length > 0 ? points[points.length - 1]!.score : -Infinity,
      };
    });
  }

  async health(): Promise<{ ok: boolean; message: string }> {
    try {
      const { exists } = await this.call("checking health", () => this.client.collectionExists(this.collection));
      return exists
        ? { ok: true, message: `Qdrant is reachable and collection "${this.collection}" exists.` }
        : // Not a fault: ensureReady creates it on first use.
          {
            ok: true,
            message: `Qdrant is reachable; collection "${this.collection}" does not exist yet and is created on first use.`,
          };
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  }

  async close(): Promise<void> {
    // The REST client owns no connection we can end: its undici agent drops idle keep-alive sockets by itself.
  }

  /** The points split into upsert requests of at most batchSize points and maxRequestBytes (estimated) each. */
  private *upsertRequests(points: QdrantPoint[]): Generator<QdrantPoint[]> {
    let request: QdrantPoint[] = [];
    let bytes = 0;
    for (const point of points) {
      const size = estimatedBytes(point);
      if (request.length > 0 && (request.length >= this.batchSize || bytes + size > this.maxRequestBytes)) {
        yield request;
        request = [];
        bytes = 0;
      }
      request.push(point);
      bytes += size;
    }
    if (request.length > 0) yield request;
  }

  /** Scroll pages (batchSize points, payload and vector) of the points matching `filter`. */
  private async *scrollPages(filter: Schemas["Filter"], action: string): AsyncGenerator<Schemas["Record"][]> {
    let offset: Schemas["ScrollResult"]["next_page_offset"];
    do {
      const result = await this.call(action, () =>
        this.client.scroll(this.collection, {
          filter,
          limit: this.batchSize,
          with_payload: true,
          with_vector: true,
          ...(offset == null ? {} : { offset: offset as Schemas["ExtendedPointId"] }),
        }),
      );
      yield result.points;
      offset = result.next_page_offset ?? undefined;
    } while (offset != null);
  }

  private validate({ chunks }: DocumentRecords): void {
    const seen = new Set<number>();
    for (const c of chunks) {
      if (c.vector.length !== this.vectorSize) {
        throw new InvalidInputError(
          `Chunk ${c.index} has a ${c.vector.length}-dimensional vector, but Qdrant collection "${this.collection}" ` +
            `expects ${this.vectorSize}. Re-embed with dimension ${this.vectorSize} or configure another database.`,
        );
      }
      if (seen.has(c.index)) throw new InvalidInputError(`Chunk index ${c.index} appears twice in one document.`);
      seen.add(c.index);
    }
  }

  /** Runs a client call and turns whatever it throws into a ConnectorError saying what to do. */
  private async call<T>(action: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof DomainError) throw error;
      const where = `Qdrant at ${this.url} (collection "${this.collection}")`;
      const redact = (text: string) => (this.apiKey ? text.replaceAll(this.apiKey, "***") : text);
      const status = statusOf(error);
      if (status === undefined) {
        const reason =
          error instanceof QdrantClientTimeoutError
            ? `did not answer within ${this.timeoutMs} ms`
            : `is unreachable (${networkCode(error)})`;
        const message = `${where} ${reason} while ${action}. Check the url and that Qdrant runs.`;
        throw new ConnectorError(redact(message), true, { cause: error });
      }
      const detail = serverMessage(error) ?? `HTTP ${status}`;
      const hint = status === 401 || status === 403 ? " Check the api key." : "";
      throw new ConnectorError(
        redact(`${where} refused ${action}: ${detail}.${hint}`),
        status >= 500 || status === 408 || status === 429,
        { cause: error },
      );
    }
  }
}

function match(key: string, value: string): Schemas["FieldCondition"] {
  return { key, match: { value } };
}

function refFilter(realmId: string, documentId: string | undefined): Schemas["Filter"] {
  return {
    must:
      documentId === undefined
        ? [match("realmId", realmId)]
        : [match("realmId", realmId), match("documentId", documentId)],
  };
}

/** Documents per facet request (its limit): a bounded request and answer however many documents are counted. */
const FACET_LIMIT = 1000;
/** Point ids per stale-point delete request (its must_not has_id list). */
const DELETE_IDS_LIMIT = 10_000;

interface QdrantPoint {
  id: string;
  vector: number[];
  payload: Record<string, unknown> & { text: string; title: string; entities: string[] };
}

function toPoints({ documentId, realmId, title, chunks }: DocumentRecords): QdrantPoint[] {
  return chunks.map((c) => ({
    id: chunkId(documentId, c.index),
    vector: c.vector,
    payload: {
      documentId,
      realmId,
      chunkIndex: c.index,
      title,
      text: c.text,
      start: c.start,
      end: c.end,
      entities: c.entities,
      // Cosine collections store vectors normalised; the norm lets export give back the vector as ingested.
      norm: Math.sqrt(c.vector.reduce((sum, x) => sum + x * x, 0)),
    },
  }));
}

/** An upper bound of a point's JSON size: ≤ 24 characters per number, strings at most doubled by escaping. */
function estimatedBytes({ vector, payload }: QdrantPoint): number {
  const strings = payload.text.length + payload.title.length + payload.entities.reduce((n, e) => n + e.length + 3, 0);
  return 256 + 25 * vector.length + 6 * strings;
}

/**
 * Filters deleting, per group of documents, their points outside the new sets: point ids are per document
 * (chunkId of document and index), so one id list serves the whole group. A group holds at most
 * DELETE_IDS_LIMIT ids (a document with more gets a group of its own).
 */
function staleDeletes(batch: DocumentRecords[], byDocument: QdrantPoint[][]): Schemas["Filter"][] {
  const filters: Schemas["Filter"][] = [];
  let documentIds: string[] = [];
  let ids: string[] = [];
  const flush = () => {
    if (documentIds.length === 0) return;
    filters.push({
      must: [{ key: "documentId", match: { any: documentIds } }],
      must_not: ids.length > 0 ? [{ has_id: ids }] : [],
    });
    documentIds = [];
    ids = [];
  };
  batch.forEach((records, i) => {
    const points = byDocument[i]!;
    if (documentIds.length > 0 && ids.length + points.length > DELETE_IDS_LIMIT) flush();
    documentIds.push(records.documentId);
    for (const p of points) ids.push(p.id);
  });
  flush();
  return filters;
}

/** Points of any of the refs: one condition per realm (its documents matched with `any`). */
function refsFilter(refs: DocumentRef[]): Schemas["Filter"] {
  const perRealm = [...groupByRealm(refs)].map(([realmId, documentIds]): Schemas["Filter"] => ({
    must: [match("realmId", realmId), { key: "documentId", match: { any: documentIds } }],
  }));
  return perRealm.length === 1 ? perRealm[0]! : { should: perRealm };
}

/** Distinct document ids per realm, in input order. */
function groupByRealm(refs: DocumentRef[]): Map<string, string[]> {
  const groups = new Map<string, Set<string>>();
  for (const { realmId, documentId } of refs) {
    const ids = groups.get(realmId) ?? new Set<string>();
    ids.add(documentId);
    groups.set(realmId, ids);
  }
  return new Map([...groups].map(([realmId, ids]) => [realmId, [...ids]]));
}

/** The batch's document ids; a document may appear only once, since each one replaces what it had. */
function distinctDocuments(batch: DocumentRecords[]): void {
  const ids = new Set<string>();
  for (const { documentId } of batch) {
    if (ids.has(documentId)) {
      throw new InvalidInputError(
        `Document ${documentId} appears twice in one batch. Send each document once per ingestMany call.`,
      );
    }
    ids.add(documentId);
  }
}

const refKey = (documentId: string, realmId: string) => `${documentId}\u0000${realmId}`;

/** The payload fields a search hit needs (not the entities, title or norm). */
const HIT_FIELDS = ["documentId", "chunkIndex", "text", "start", "end"] as const;

function searchFilter(realmId: string, documentIds: string[] | undefined): Schemas["Filter"] {
  return {
    must: documentIds
      ? [match("realmId", realmId), { key: "documentId", match: { any: documentIds } }]
      : [match("realmId", realmId)],
  };
}

function toHit(point: Schemas["ScoredPoint"]): SearchHit {
  const p = point.payload ?? {};
  return {
    documentId: String(p.documentId),
    chunkIndex: Number(p.chunkIndex),
    text: String(p.text ?? ""),
    start: Number(p.start ?? 0),
    end: Number(p.end ?? 0),
    score: point.score,
  };
}

function fromPoint(point: Schemas["Record"]): { chunk: RecordChunk; title: string } {
  const p = point.payload ?? {};
  const stored = Array.isArray(point.vector) && point.vector.every((x) => typeof x === "number") ? point.vector : [];
  const norm = typeof p.norm === "number" ? p.norm : 1;
  return {
    title: typeof p.title === "string" ? p.title : "",
    chunk: {
      index: Number(p.chunkIndex),
      text: String(p.text ?? ""),
      vector: (stored as number[]).map((x) => x * norm),
      start: Number(p.start ?? 0),
      end: Number(p.end ?? 0),
      entities: Array.isArray(p.entities) ? p.entities.map(String) : [],
    },
  };
}

/** HTTP status of a failed request (openapi-typescript-fetch ApiError or the client's unexpected-response error). */
function statusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  if ("status" in error && typeof error.status === "number") return error.status;
  const m = error instanceof Error ? /^Unexpected Response: (\d{3})/.exec(error.message) : null;
  return m ? Number(m[1]) : undefined;
}

function serverMessage(error: unknown): string | undefined {
  const data = (error as { data?: { status?: { error?: unknown } } }).data;
  return typeof data?.status?.error === "string" ? data.status.error : undefined;
}

function networkCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === "string") return cause.code;
  if (typeof cause?.message === "string") return cause.message;
  return error instanceof Error ? error.message : String(error);
}
