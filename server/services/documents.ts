// Documents of a realm: upload (streamed into the blob store), lookup, processing and deletion.
// Every check runs before anything is written; a rejected upload leaves no rows and no blob.
import type { Prisma } from "./db/open.ts";
import type { Viewer } from "./access.ts";
import { recordBlob, type BlobStore } from "./blobs.ts";
import type { DocumentProcessor } from "./processing.ts";
import type { IngestionService } from "./ingestion.ts";
import type { Document, DocumentStatus, Prisma as P } from "../generated/prisma/client.ts";
import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  StageInputMissingError,
  UnsupportedContentTypeError,
} from "./errors.ts";
import { isSupportedContentType, resolveContentType, SUPPORTED_CONTENT_TYPES } from "./stages/convert.ts";
import { mapUniqueViolation } from "./prisma-errors.ts";
import { STAGE_NAMES, type StageName } from "./stages/types.ts";
import { STAGE_INPUTS } from "./stages/registry.ts";
import { TextFileCheck } from "./text-check.ts";
import { hasSelection } from "./prisma-views.ts";
import type { DocumentEventSink } from "./document-events.ts";

export interface CreateDocumentInput {
  realmId: string;
  /** Defaults to the file name. */
  title?: string | null | undefined;
  fileName: string;
  contentType?: string | null | undefined;
  content: Buffer | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;
}

export interface DocumentFilter {
  realmId: string;
  status?: DocumentStatus | null | undefined;
  titlePrefix?: string | null | undefined;
  includeRetired?: boolean | null | undefined;
}

export class DocumentService {
  constructor(
    private readonly prisma: Prisma,
    private readonly blobs: BlobStore,
    private readonly processor: DocumentProcessor,
    private readonly ingestion: IngestionService,
    private readonly maxUploadBytes: number,
    /** Told of documents created and deleted (the realm's document events); returns at once. */
    private readonly onEvent: DocumentEventSink = () => undefined,
  ) {}

  async get(viewer: Viewer, id: string): Promise<Document> {
    const document = await this.prisma.document.findUnique({ where: { id } });
    if (!document || !viewer.canRead(document.realmId)) throw new NotFoundError("Document", id);
    return document;
  }

  /** A document, loaded with `view`; null when it does not exist or the viewer cannot read it. */
  async find(viewer: Viewer, id: string, view: P.DocumentDefaultArgs = {}): Promise<Document | null> {
    const document = await this.prisma.document.findUnique({ ...view, where: { id } });
    return document && viewer.canRead(document.realmId) ? document : null;
  }

  /** The document `document` was migrated from, if any and still there (its realm's read rule applies to it). */
  async originOf(document: Document, view: P.DocumentDefaultArgs = {}): Promise<Document | null> {
    if (!document.originDocumentId) return null;
    return this.prisma.document.findUnique({ ...view, where: { id: document.originDocumentId } });
  }

  /** A realm's documents, newest first; `page` is GraphQL's paging and selection. */
  async list(
    viewer: Viewer,
    filter: DocumentFilter,
    page: Pick<P.DocumentFindManyArgs, "take" | "skip" | "cursor"> & P.DocumentDefaultArgs = {},
  ): Promise<Document[]> {
    return this.prisma.document.findMany({
      ...page,
      where: await this.where(viewer, filter),
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
  }

  async count(viewer: Viewer, filter: DocumentFilter): Promise<number> {
    return this.prisma.document.count({ where: await this.where(viewer, filter) });
  }

  /** The Prisma `where` for a realm's documents. */
  async where(viewer: Viewer, filter: DocumentFilter) {
    viewer.assertRead(filter.realmId);
    const realm = await this.prisma.realm.findUnique({ where: { id: filter.realmId }, select: { id: true } });
    if (!realm) throw new NotFoundError("Realm", filter.realmId);
    return {
      realmId: filter.realmId,
      ...(filter.includeRetired ? {} : { retiredAt: null }),
      // Documents a migration is still creating stay hidden unless asked for by status.
      status: filter.status ?? { not: "MIGRATING" as const },
      ...(filter.titlePrefix ? { title: { startsWith: filter.titlePrefix } } : {}),
    };
  }

  async create(viewer: Viewer, input: CreateDocumentInput): Promise<Document> {
    viewer.assertWrite(input.realmId);
    if (!(await this.prisma.realm.findUnique({ where: { id: input.realmId }, select: { id: true } }))) {
      throw new NotFoundError("Realm", input.realmId, ["input", "realmId"]);
    }
    const fileName = input.fileName.trim();
    if (!fileName || fileName.length > 255)
      throw new InvalidInputError("The file needs a name of 1–255 characters.", ["input", "file"]);
    const title = (input.title ?? fileName).trim();
    if (!title || title.length > 300) throw new InvalidInputError("A title is 1–300 characters.", ["input", "title"]);
    const contentType = resolveContentType(input.contentType ?? undefined, fileName);
    if (!isSupportedContentType(contentType)) {
      throw new UnsupportedContentTypeError(
        `Files of type "${contentType}" cannot be processed. Upload one of: ${SUPPORTED_CONTENT_TYPES.join(", ")}.`,
        ["input", "file"],
      );
    }
    const conflict = () =>
      new ConflictError(`Realm already has a document titled "${title}". Choose another title.`, ["input", "title"]);
    if (await this.titleTaken(input.realmId, title)) throw conflict();

    // The bytes decide, not the declared type: they must be UTF-8 text, checked as they stream in.
    const blob = await this.blobs.put(input.content, { maxBytes: this.maxUploadBytes, check: new TextFileCheck() });
    const created = await mapUniqueViolation(
      () =>
        this.prisma.$transaction(async (tx) => {
          await recordBlob(tx, blob);
          return tx.document.create({
            data: { realmId: input.realmId, title, fileName, contentType, sha256: blob.sha256, size: blob.size },
          });
        }),
      conflict,
    );
    this.event("document.created", created);
    return created;
  }

  /** Queues the pipeline (or the given stages) for a document; returns it marked PROCESSING. */
  async process(viewer: Viewer, id: string, stages?: string[] | null): Promise<Document> {
    const document = await this.get(viewer, id);
    viewer.assertWrite(document.realmId, "Document", id);
    if (document.retiredAt)
      throw new ConflictError("This document was retired by a migration and cannot be processed.");
    if (document.status === "PROCESSING")
      throw new ConflictError("This document is already being processed; wait for it to finish.");
    const selected = stages ? validateStages(stages, ["input", "stages"]) : undefined;
    if (selected) await this.assertInputsExist(id, selected);
    const queued = await this.prisma.document.update({ where: { id }, data: { status: "PROCESSING", error: null } });
    this.processor.enqueue(id, { stages: selected });
    return queued;
  }

  /**
   * Removes the document's records from every database, then the document and its rows. Returns the
   * document as it was, loaded with `view` (the relations a caller wants back) before anything is deleted.
   */
  async delete(viewer: Viewer, id: string, view: P.DocumentDefaultArgs = {}): Promise<Document> {
    const document = await this.get(viewer, id);
    viewer.assertWrite(document.realmId, "Document", id);
    if (document.status === "PROCESSING")
      throw new ConflictError("This document is being processed; delete it when processing ends.");
    const deleted = hasSelection(view)
      ? ({ ...document, ...(await this.prisma.document.findUnique({ ...view, where: { id } })) } as Document)
      : document;
    await this.ingestion.remove(document);
    await this.prisma.document.delete({ where: { id } });
    this.event("document.deleted", document);
    return deleted;
  }

  private event(type: "document.created" | "document.deleted", document: Document): void {
    this.onEvent({
      type,
      realmId: document.realmId,
      documentId: document.id,
      title: document.title,
      status: document.status,
      error: document.error,
      stage: null,
      stageRunId: null,
    });
  }

  /** Each selected stage's inputs must exist as stage files or be written by an earlier selected stage. */
  private async assertInputsExist(documentId: string, stages: StageName[]): Promise<void> {
    const files = await this.prisma.stageFile.findMany({ where: { documentId }, select: { stage: true } });
    const available = new Set<string>(files.map((f) => f.stage));
    for (const stage of stages) {
      const missing = STAGE_INPUTS[stage].filter((input) => !available.has(input));
      if (missing.length > 0) {
        throw new StageInputMissingError(
          `Stage ${stage} reads the output of ${missing.join(" and ")}, which this document does not have yet. ` +
            `Add ${missing.join(", ")} to the stages to run, or omit stages to run the whole pipeline.`,
          ["input", "stages"],
        );
      }
      available.add(stage);
    }
  }

  private async titleTaken(realmId: string, title: string): Promise<boolean> {
    return (await this.prisma.document.count({ where: { realmId, title, retiredAt: null } })) > 0;
  }
}

/**
 * Validates stage names and returns them in pipeline order; `path` names the input they came from in the
 * error. An empty list is refused unless `allowEmpty` (a migration may re-run no stage at all).
 */
export function validateStages(
  stages: readonly string[],
  path: readonly string[],
  { allowEmpty = false }: { allowEmpty?: boolean } = {},
): StageName[] {
  const unknown = stages.filter((s) => !(STAGE_NAMES as readonly string[]).includes(s));
  if (unknown.length > 0) {
    throw new InvalidInputError(
      `Unknown stage ${unknown.map((s) => `"${s}"`).join(", ")}. Stages are: ${STAGE_NAMES.join(", ")}.`,
      [...path],
    );
  }
  if (stages.length === 0 && !allowEmpty) throw new InvalidInputError("Name at least one stage to run.", [...path]);
  return STAGE_NAMES.filter((s) => stages.includes(s));
}
