// The one interface every ingestion target implements (embedded store, Qdrant, Neo4j).
// Records are neutral: a cross-database migration exports from one connector and ingests into another.
import type { DatabaseKind } from "../../generated/prisma/enums.ts";

export interface RecordChunk {
  index: number;
  text: string;
  vector: number[];
  start: number;
  end: number;
  /** Names of the entities the chunk mentions. */
  entities: string[];
}

export interface RecordEntity {
  key: string;
  name: string;
  type: string;
}

export interface RecordRelation {
  source: string;
  target: string;
  type: string;
}

/** Everything one document contributes to one database. */
export interface DocumentRecords {
  documentId: string;
  realmId: string;
  title: string;
  chunks: RecordChunk[];
  entities: RecordEntity[];
  relations: RecordRelation[];
}

export interface RecordCounts {
  /** Chunk records (vector points / chunk rows / :Chunk nodes). */
  points: number;
  /** Entity records the document mentions. */
  nodes: number;
  relationships: number;
}

export interface DocumentRef {
  documentId: string;
  realmId: string;
}

/** A nearest-chunks query: cosine similarity to `vector`, within one realm (and, optionally, some documents). */
export interface SearchQuery {
  vector: number[];
  /** How many hits, at most (1 to MAX_SEARCH_K). */
  k: number;
  realmId: string;
  /** Only chunks of these documents. */
  documentIds?: string[] | undefined;
  /**
   * An exact answer even where the kind has an approximate index (Qdrant: `exact` search params; Neo4j: a scan
   * of the realm's chunks instead of the HNSW index). EMBEDDED is always exact.
   */
  exact?: boolean | undefined;
}

/** Several query vectors with one filter (retrieval parity asks many at once). */
export type ManyQuery = Omit<SearchQuery, "vector"> & { vectors: number[][] };

/** One chunk found by search; `score` is the cosine similarity (-1 to 1) to the query. */
export interface SearchHit {
  documentId: string;
  chunkIndex: number;
  text: string;
  start: number;
  end: number;
  score: number;
}

export interface Connector {
  readonly kind: DatabaseKind;
  /** Creates collections, constraints and indexes. Safe to call any number of times. */
  ensureReady(): Promise<void>;
  /** Writes the document's records, replacing whatever that document had there before. */
  ingest(records: DocumentRecords): Promise<RecordCounts>;
  /** Deletes the document's records; shared entities go only when nothing references them any more. */
  remove(ref: DocumentRef): Promise<void>;
  /** Reads the document's records back; chunks ordered by index. Empty lists when nothing is stored. */
  export(ref: DocumentRef): Promise<DocumentRecords>;
  /** Counts what is stored for a document, or for a whole realm when documentId is omitted. */
  count(filter: { realmId: string; documentId?: string }): Promise<RecordCounts>;
  /** Writes many documents' records in as few round trips as the database allows, each replacing what that document had; counts in input order. Throws if the batch could not be written (the caller then retries per document to find the culprit); a write that fails may leave some documents written, which is fine since ingest is a replacement. */
  ingestMany(records: DocumentRecords[]): Promise<RecordCounts[]>;
  /** Counts per document for many documents of one realm in one round trip (documents with nothing stored get zeros). */
  countMany(filter: { realmId: string; documentIds: string[] }): Promise<Map<string, RecordCounts>>;
  /** Removes many documents' records (shared entities as in remove). */
  removeMany(refs: DocumentRef[]): Promise<void>;
  /** Reads many documents' records back (as export, chunks by index), in input order. */
  exportMany(refs: DocumentRef[]): Promise<DocumentRecords[]>;
  /**
   * The k chunks most similar (cosine) to the query vector, most similar first; equal scores ordered by
   * documentId, then chunk index. Never sees another realm's chunks.
   */
  search(query: SearchQuery): Promise<SearchHit[]>;
  /** Optional: one answer per vector, as search would give, in one pass where the kind can (EMBEDDED scans once). */
  searchMany?(query: ManyQuery): Promise<SearchHit[][]>;
  /** Whether the database answers (a collection or index not created yet is no fault: ensureReady makes it). */
  health(): Promise<{ ok: boolean; message: string }>;
  close(): Promise<void>;
}
