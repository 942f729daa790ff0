// Documents with their stage runs, stage files and ingestions; upload and processing; the realm's live
// document events (realmDocumentEvents).
import { builder, viewerOf } from "../builder.ts";
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  PayloadTooLargeError,
  StageInputMissingError,
  UnsupportedContentTypeError,
} from "../services/errors.ts";
import { nodeRef, parseId } from "./ids.ts";
import { DatabaseKindEnum } from "./database.ts";
import { StageEnum, stageOf, stageOrNull } from "./vocabulary.ts";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { DOCUMENT_EVENT_TYPES, type DocumentEventPayload } from "../services/document-events.ts";

export const DocumentStatusEnum = builder.enumType("DocumentStatus", {
  description: "Lifecycle of a document.",
  values: {
    UPLOADED: { description: "Stored, not processed yet." },
    PROCESSING: { description: "Stages are running." },
    READY: { description: "Every requested stage succeeded." },
    FAILED: { description: "A stage failed; see `error` and the stage runs." },
    RETIRED: { description: "Moved away by a migration; kept hidden and restorable." },
    MIGRATING: { description: "Being created by a migration; hidden until it is verified." },
  } as const,
});

const StageRunStatusEnum = builder.enumType("StageRunStatus", {
  description: "Outcome of one stage attempt.",
  values: ["RUNNING", "SUCCEEDED", "FAILED"] as const,
});

const IngestionStatusEnum = builder.enumType("IngestionStatus", {
  description: "State of a document's records in one database.",
  values: ["PENDING", "SUCCEEDED", "FAILED", "REMOVED"] as const,
});

export const Document = builder.prismaNode("Document", {
  id: { field: "id" },
  description: "A document of a realm: its original file, stage outputs and ingestions.",
  authScopes: (document) => ({ readRealm: document.realmId }),
  fields: (t) => ({
    title: t.exposeString("title", { description: "Unique among the realm's active documents." }),
    status: t.expose("status", { type: DocumentStatusEnum, description: "Lifecycle state." }),
    error: t.exposeString("error", { nullable: true, description: "Why processing failed, when it did." }),
    realm: t.relation("realm", { description: "The realm it belongs to." }),
    fileName: t.exposeString("fileName", { description: "Original file name." }),
    contentType: t.exposeString("contentType", { description: "Original content type." }),
    sha256: t.exposeString("sha256", { description: "SHA-256 of the original file." }),
    size: t.int({ description: "Size of the original file in bytes.", resolve: (d) => Number(d.size) }),
    originDocument: t.prismaField({
      type: "Document",
      nullable: true,
      description: "The document this one was migrated from, if any.",
      resolve: async (query, d, _args, ctx) => ctx.services.documents.originOf(d, query),
    }),
    migrationId: t.globalID({
      nullable: true,
      description: "The migration that created it, if any.",
      resolve: (d) => nodeRef("Migration", d.migrationId),
    }),
    retiredAt: t.expose("retiredAt", { type: "DateTime", nullable: true, description: "When a MOVE retired it." }),
    createdAt: t.expose("createdAt", { type: "DateTime", description: "Upload time." }),
    updatedAt: t.expose("updatedAt", { type: "DateTime", description: "Last change." }),
    stageRuns: t.relation("stageRuns", {
      description: "Every stage attempt, oldest first.",
      query: { orderBy: { startedAt: "asc" } },
    }),
    stageFiles: t.relation("stageFiles", {
      description: "Current output of each stage.",
      query: { orderBy: { createdAt: "asc" } },
    }),
    ingestions: t.relation("ingestions", { description: "One per database the document was ingested into." }),
  }),
});

builder.prismaObject("StageRun", {
  description: "One attempt of one stage on one document.",
  fields: (t) => ({
    id: t.exposeID("id", { description: "Run id." }),
    stage: t.field({ type: StageEnum, description: "Stage, e.g. CHUNKER.", resolve: (r) => stageOf(r.stage) }),
    status: t.expose("status", { type: StageRunStatusEnum, description: "Outcome." }),
    attempt: t.exposeInt("attempt", { description: "1 for the first run of this stage on this document." }),
    error: t.exposeString("error", { nullable: true, description: "Why it failed." }),
    startedAt: t.expose("startedAt", { type: "DateTime", description: "Start." }),
    finishedAt: t.expose("finishedAt", { type: "DateTime", nullable: true, description: "End." }),
    durationMs: t.exposeInt("durationMs", { nullable: true, description: "Duration in milliseconds." }),
  }),
});

builder.prismaObject("StageFile", {
  description: "The output file of one stage, stored content-addressed.",
  fields: (t) => ({
    id: t.exposeID("id", { description: "File record id." }),
    stage: t.field({ type: StageEnum, description: "Stage that wrote it.", resolve: (f) => stageOf(f.stage) }),
    name: t.exposeString("name", { description: "File name, e.g. report.chunks.json." }),
    contentType: t.exposeString("contentType", { description: "Media type." }),
    sha256: t.exposeString("sha256", { description: "SHA-256 of the content (the blob it points at)." }),
    size: t.int({ description: "Size in bytes.", resolve: (f) => Number(f.size) }),
    copiedFromId: t.exposeID("copiedFromId", {
      nullable: true,
      description: "Stage file it was copied from by a migration.",
    }),
    createdAt: t.expose("createdAt", { type: "DateTime", description: "When it was written." }),
    text: t.string({
      nullable: true,
      description: "The content as text, for files up to 1 MiB (null for larger ones).",
      resolve: async (f, _args, ctx) => (f.size <= 1024n * 1024n ? ctx.services.blobs.readText(f.sha256) : null),
    }),
  }),
});

builder.prismaObject("Ingestion", {
  description: "What one document holds in one database.",
  fields: (t) => ({
    id: t.exposeID("id", { description: "Ingestion id." }),
    database: t.relation("database", { description: "Target database." }),
    databaseKind: t.field({
      type: DatabaseKindEnum,
      select: { database: { select: { kind: true } } },
      description: "Kind of the target database.",
      resolve: (i) => i.database.kind,
    }),
    status: t.expose("status", { type: IngestionStatusEnum, description: "State." }),
    points: t.exposeInt("points", { description: "Chunk records written." }),
    nodes: t.exposeInt("nodes", { description: "Entity records the document mentions." }),
    relationships: t.exposeInt("relationships", { description: "Relation records written." }),
    contentHash: t.exposeString("contentHash", {
      nullable: true,
      description: "Hash of the records written (equal for a faithful copy).",
    }),
    error: t.exposeString("error", { nullable: true, description: "Why it failed." }),
    updatedAt: t.expose("updatedAt", { type: "DateTime", description: "Last change." }),
  }),
});

builder.queryFields((t) => ({
  documents: t.prismaConnection({
    type: "Document",
    cursor: "id",
    description: "A realm's documents, newest first.",
    args: {
      realmId: t.arg.id({ required: true, description: "Realm id." }),
      status: t.arg({ type: DocumentStatusEnum, description: "Only documents in this state." }),
      titlePrefix: t.arg.string({ description: "Only titles starting with this." }),
      includeRetired: t.arg.boolean({ description: "Include documents retired by MOVE migrations." }),
    },
    totalCount: async (_parent, args, ctx) =>
      ctx.services.documents.count(viewerOf(ctx), { ...args, realmId: parseId(args.realmId, "Realm", ["realmId"]) }),
    resolve: async (query, _root, args, ctx) =>
      ctx.services.documents.list(
        viewerOf(ctx),
        { ...args, realmId: parseId(args.realmId, "Realm", ["realmId"]) },
        query,
      ),
  }),
  document: t.prismaField({
    type: "Document",
    nullable: true,
    description: "One document, or null when it does not exist or your token cannot read it.",
    args: { id: t.arg.id({ required: true, description: "Document id." }) },
    resolve: async (query, _root, args, ctx) =>
      ctx.services.documents.find(viewerOf(ctx), parseId(args.id, "Document", ["id"]), query),
  }),
}));

const CreateDocumentInput = builder.inputType("CreateDocumentInput", {
  fields: (t) => ({
    realmId: t.id({ required: true, description: "Realm to add the document to." }),
    file: t.field({ type: "File", required: true, description: "The file: text/plain, text/markdown or text/html." }),
    title: t.string({ description: "Title, unique in the realm; defaults to the file name." }),
  }),
});

const ProcessDocumentInput = builder.inputType("ProcessDocumentInput", {
  fields: (t) => ({
    id: t.id({ required: true, description: "Document id." }),
    stages: t.field({
      type: [StageEnum],
      description: "Stages to run (default: the whole pipeline). Each needs its inputs to exist.",
    }),
  }),
});

builder.mutationFields((t) => ({
  createDocument: t.prismaField({
    type: "Document",
    description: "Uploads a document (multipart request). It is stored, not processed: call processDocument next.",
    errors: {
      types: [
        NotFoundError,
        ForbiddenError,
        InvalidInputError,
        ConflictError,
        UnsupportedContentTypeError,
        PayloadTooLargeError,
      ],
    },
    args: { input: t.arg({ type: CreateDocumentInput, required: true }) },
    resolve: async (_query, _root, { input }, ctx) =>
      ctx.services.documents.create(viewerOf(ctx), {
        realmId: parseId(input.realmId, "Realm", ["input", "realmId"]),
        title: input.title,
        fileName: input.file.name,
        contentType: input.file.type,
        content: input.file.stream() as ReadableStream<Uint8Array>,
      }),
  }),
  processDocument: t.prismaField({
    type: "Document",
    description:
      "Runs the pipeline (or the given stages) in the background; the document is PROCESSING until READY or FAILED.",
    errors: { types: [NotFoundError, ForbiddenError, InvalidInputError, ConflictError, StageInputMissingError] },
    args: { input: t.arg({ type: ProcessDocumentInput, required: true }) },
    resolve: async (_query, _root, { input }, ctx) =>
      ctx.services.documents.process(viewerOf(ctx), parseId(input.id, "Document", ["input", "id"]), input.stages),
  }),
  deleteDocument: t.prismaField({
    type: "Document",
    description: "Removes a document's records from every database and deletes it with its stage files.",
    errors: { types: [NotFoundError, ForbiddenError, InvalidInputError, ConflictError] },
    args: { id: t.arg.id({ required: true, description: "Document id." }) },
    // The selected fields are loaded before the delete: the result is the document as it was.
    resolve: async (query, _root, args, ctx) =>
      ctx.services.documents.delete(viewerOf(ctx), parseId(args.id, "Document", ["id"]), query),
  }),
}));

const DocumentEventRef = builder.objectRef<DocumentEventPayload>("DocumentEvent").implement({
  description:
    "A change of one document of a realm: created, status changed, a stage run started or finished, deleted.",
  fields: (t) => ({
    type: t.exposeString("type", {
      description: `One of ${DOCUMENT_EVENT_TYPES.join(", ")}.`,
    }),
    documentId: t.id({
      description: "The document's global id (equal to Document.id).",
      resolve: (e) => encodeGlobalID("Document", e.documentId),
    }),
    title: t.exposeString("title", { description: "The document's title." }),
    status: t.field({
      type: DocumentStatusEnum,
      description: "The document's status once the change happened.",
      resolve: (e) => e.status,
    }),
    error: t.exposeString("error", {
      nullable: true,
      description: "Why processing (or, for stage_run.failed, the stage run) failed.",
    }),
    stage: t.field({
      type: StageEnum,
      nullable: true,
      description: "Stage run events: the stage.",
      resolve: (e) => stageOrNull(e.stage),
    }),
    stageRunId: t.exposeID("stageRunId", { nullable: true, description: "Stage run events: the run's id." }),
    createdAt: t.field({ type: "DateTime", description: "When it happened.", resolve: (e) => new Date(e.createdAt) }),
  }),
});

builder.subscriptionFields((t) => ({
  realmDocumentEvents: t.field({
    type: DocumentEventRef,
    description:
      "Live changes of a realm's documents and their stage runs, from the moment of subscribing (at-most-once: " +
      "read `documents` again after a reconnect).",
    args: { realmId: t.arg.id({ required: true, description: "Realm id." }) },
    subscribe: (_root, args, ctx) =>
      ctx.services.documentEvents.subscribe(viewerOf(ctx), parseId(args.realmId, "Realm", ["realmId"])),
    resolve: (event) => event,
  }),
}));
