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
  private readonly timeoutMs: number;

  constructor({ url, collection, vectorSize, apiKey, batchSize = 256, timeoutMs = 10_000 }: QdrantConnectorOptions) {
    this.url = url;
    this.collection = collection;
    this.vectorSize = vectorSize;
    this.apiKey = apiKey;
    this.batchSize = Math.max(1, batchSize);
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
    const { documentId, realmId, title } = records;
    this.validate(records);
    const points = records.chunks.map((c) => ({
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
    await this.call(`writing document ${documentId}`, async () => {
      // Upsert first, then drop the points the new set does not contain: readers never see the document
      // vanish, and an interrupted run leaves a superset that the next run trims.
      for (let i = 0; i < points.length; i += this.batchSize) {
        await this.client.upsert(this.collection, { wait: true, points: points.slice(i, i + this.batchSize) });
      }
      await this.client.delete(this.collection, {
        wait: true,
        filter: {
          must: [match("documentId", documentId)],
          must_not: points.length > 0 ? [{ has_id: points.map((p) => p.id) }] : [],
        },
      });
    });
    return this.count({ realmId, documentId });
  }

  async remove({ documentId, realmId }: DocumentRef): Promise<void> {
    await this.call(`removing document ${documentId}`, () =>
      this.client.delete(this.collection, { wait: true, filter: refFilter(realmId, documentId) }),
    );
  }

  async export(ref: DocumentRef): Promise<DocumentRecords> {
    const chunks: RecordChunk[] = [];
    let title = "";
    for await (const page of this.pages(ref)) {
      for (const { chunk, title: pointTitle } of page) {
        chunks.push(chunk);
        title ||= pointTitle;
      }
    }
    chunks.sort((a, b) => a.index - b.index);
    // Qdrant holds chunks only; the graph part of a document lives in graph/embedded databases.
    return { documentId: ref.documentId, realmId: ref.realmId, title, chunks, entities: [], relations: [] };
  }

  /**
   * The document's chunks one scroll page (batchSize points) at a time, in point-id order, not chunk order.
   * Memory per page is bounded whatever the size of the collection; export gathers pages into one DocumentRecords.
   */
  async *pages({ documentId, realmId }: DocumentRef): AsyncGenerator<{ chunk: RecordChunk; title: string }[]> {
    let offset: Schemas["ScrollResult"]["next_page_offset"];
    do {
      const result = await this.call(`exporting document ${documentId}`, () =>
        this.client.scroll(this.collection, {
          filter: refFilter(realmId, documentId),
          limit: this.batchSize,
          with_payload: true,
          with_vector: true,
          ...(offset == null ? {} : { offset: offset as Schemas["ExtendedPointId"] }),
        }),
      );
      yield result.points.map((p) => fromPoint(p));
      offset = result.next_page_offset ?? undefined;
    } while (offset != null);
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
