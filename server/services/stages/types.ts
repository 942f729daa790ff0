// Shapes of the stage files the pipeline writes. They are the contract between stages and
// between documents: a migration copies these files and a later stage reads them back.

export const STAGE_NAMES = [
  "markdown-conversion",
  "markdown-optimizer",
  "chunker",
  "fact-generator",
  "ingestor",
] as const;

export type StageName = (typeof STAGE_NAMES)[number];

/** A chunk of the document's Markdown with its offsets into that Markdown and its embedding. */
export interface Chunk {
  index: number;
  text: string;
  /** Character offsets into the Markdown the chunker read: text === markdown.slice(start, end). */
  start: number;
  end: number;
  /** Nearest heading above the chunk, if any. */
  heading: string | null;
  vector: number[];
}

/** `<stem>.chunks.json` */
export interface ChunksFile {
  version: 1;
  embedder: string;
  dimension: number;
  chunkSize: number;
  chunkOverlap: number;
  chunks: Chunk[];
}

export interface Entity {
  /** Stable identity inside a realm: normalised name, e.g. "acme corp". */
  key: string;
  name: string;
  /** e.g. PERSON, ORGANIZATION, LOCATION, CONCEPT, DATE … */
  type: string;
  /** Indexes of the chunks that mention it, ascending. */
  chunks: number[];
}

export interface Relation {
  source: string; // entity key
  target: string; // entity key
  type: string; // e.g. RELATED_TO, WORKS_FOR
  chunkIndex: number;
}

/** `<stem>.facts.json` */
export interface FactsFile {
  version: 1;
  extractor: string;
  entities: Entity[];
  relations: Relation[];
}

export interface Embedder {
  /** Recorded in chunks.json so a reader knows which vectors it holds. */
  readonly name: string;
  readonly dimension: number;
  embed(texts: string[]): Promise<number[][]>;
}
