// Migrations: plan, create, cancel, retry, read, and follow progress live.
import { builder, viewerOf } from "../builder.ts";
import { parseId } from "./ids.ts";
import { DocumentStatusEnum } from "./document.ts";
import { MigrationEventTypeEnum, StageEnum, stageOf, stageOrNull } from "./vocabulary.ts";
import type {
  MigrationRequest,
  PlannedDocument,
  MigrationPlan,
  PlanWarning,
  ResolvedOptions,
} from "../services/migration/types.ts";
import { Database, DatabaseHealth } from "./database.ts";
import { progressOf } from "../services/migration/events.ts";
import { optionsOf } from "../services/migration/stored.ts";
import { retrievalVerificationOf } from "../services/migration/parity.ts";
import { RetrievalParityInput, RetrievalParitySettings, RetrievalVerificationRef } from "./parity.ts";
import { verificationOf, type Verification } from "../services/migration/verify.ts";
import { migrationProgress, realmMigrationEvents } from "../services/migration/progress.ts";
import {
  detail,
  onSide,
  redactOptions,
  sidesOf,
  visibleToCaller,
  type RedactedEvent,
  type RedactedItem,
} from "../services/migration/visibility.ts";
import {
  cancelAbility,
  retryAbility,
  rollbackAbility,
  abilityInputOf,
  type Ability,
  type AbilityInput,
} from "../services/migration/abilities.ts";
import type { Viewer } from "../services/access.ts";
import type { MigrationListFilter } from "../services/migration/service.ts";
import type { Context } from "../context.ts";
import { DatabaseKindEnum } from "./database.ts";
import { MIGRATION_ITEM_STATUSES, MIGRATION_STATUSES, ROLLBACK_STATUSES } from "../services/vocabulary.ts";

export const MigrationTypeEnum = builder.enumType("MigrationType", {
  description: "What a migration does.",
  values: {
    DOCUMENT_TO_REALM: { description: "Copy or move documents to another realm and ingest them into its databases." },
    REALM_DATABASE_ADDITION: { description: "Ingest a realm's documents into a database newly attached to it." },
    CROSS_DATABASE: { description: "Move a realm's records from one database to others (e.g. EMBEDDED → Qdrant)." },
  } as const,
});
export const MigrationStatusEnum = builder.enumType("MigrationStatus", {
  description: "Lifecycle of a migration.",
  values: MIGRATION_STATUSES,
});
const MigrationModeEnum = builder.enumType("MigrationMode", {
  description: "COPY keeps the source documents; MOVE retires them after the copies verified.",
  values: ["COPY", "MOVE"] as const,
});
const MigrationItemStatusEnum = builder.enumType("MigrationItemStatus", {
  description: "Lifecycle of one document in a migration.",
  values: MIGRATION_ITEM_STATUSES,
});
const RollbackStatusEnum = builder.enumType("RollbackStatus", {
  description: "Where an item stands in its migration's rollback.",
  values: ROLLBACK_STATUSES,
});
const ConflictPolicyEnum = builder.enumType("ConflictPolicy", {
  description: "What to do when the target realm already has a document with the same title.",
  values: {
    FAIL: { description: "Refuse the migration (default)." },
    SKIP: { description: "Leave that document out." },
    RENAME: { description: 'Give the copy a free title: "Title (2)", "Title (3)", …' },
  } as const,
});
const PlannedActionEnum = builder.enumType("PlannedAction", {
  description: "What a migration will do with one document.",
  values: ["CREATE", "SKIP", "RENAME", "CONFLICT"] as const,
});

const MigrationOptions = builder.objectRef<ResolvedOptions>("MigrationOptions").implement({
  description: "The migration's options after defaults were applied.",
  fields: (t) => ({
    migrationMode: t.field({ type: MigrationModeEnum, description: "COPY or MOVE.", resolve: (o) => o.migrationMode }),
    copyStageFiles: t.exposeBoolean("copyStageFiles", {
      description: "Stage files are copied (as new records on the same blobs).",
    }),
    reprocessStages: t.field({
      type: [StageEnum],
      description: "Stages re-run on the target (upstream stages are pulled in when their inputs are missing).",
      resolve: (o) => o.reprocessStages,
    }),
    preserveOriginal: t.exposeBoolean("preserveOriginal", { description: "The source documents stay." }),
    targetDatabases: t.idList({ description: "Databases written to.", resolve: (o) => o.targetDatabases }),
    conflictPolicy: t.field({
      type: ConflictPolicyEnum,
      description: "Title conflict handling.",
      resolve: (o) => o.conflictPolicy,
    }),
    sourceDatabaseId: t.id({
      nullable: true,
      description: "CROSS_DATABASE: the database read from.",
      resolve: (o) => o.sourceDatabaseId,
    }),
    removeFromSource: t.exposeBoolean("removeFromSource", {
      description: "CROSS_DATABASE: records are removed from the source after verification.",
    }),
    retrievalParity: t.field({
      type: RetrievalParitySettings,
      description: "Retrieval-parity verification settings.",
      resolve: (o) => o.retrievalParity,
    }),
  }),
});

const MigrationError = builder
  .objectRef<{ documentId: string | null; stage: string | null; message: string | null; timestamp: Date }>(
    "MigrationError",
  )
  .implement({
    description: "Why one document failed.",
    fields: (t) => ({
      documentId: t.exposeID("documentId", {
        nullable: true,
        description: "Source document id; null when your token cannot read the source realm.",
      }),
      stage: t.field({
        type: StageEnum,
        nullable: true,
        description: "Stage that failed, if a stage did.",
        resolve: (e) => stageOrNull(e.stage),
      }),
      message: t.exposeString("message", {
        nullable: true,
        description: "What went wrong; null unless your token reads both realms (it may describe either).",
      }),
      timestamp: t.expose("timestamp", { type: "DateTime", description: "When." }),
    }),
  });

const StageFileCheck = builder.objectRef<Verification["stageFiles"][number]>("StageFileCheck").implement({
  description: "A stage file of the source compared with the target's.",
  fields: (t) => ({
    stage: t.field({ type: StageEnum, description: "Stage.", resolve: (c) => stageOf(c.stage) }),
    sourceSha256: t.exposeString("sourceSha256", { nullable: true, description: "Source file hash." }),
    targetSha256: t.exposeString("targetSha256", { nullable: true, description: "Target file hash." }),
    copied: t.exposeBoolean("copied", { description: "Copied (must be equal) rather than re-run." }),
    equal: t.exposeBoolean("equal", { description: "Hashes are equal." }),
  }),
});

const RecordCounts = builder
  .objectRef<{ points: number; nodes: number; relationships: number }>("RecordCounts")
  .implement({
    description: "Records of one document in one database.",
    fields: (t) => ({
      points: t.exposeInt("points", { description: "Chunk records." }),
      nodes: t.exposeInt("nodes", { description: "Entity records." }),
      relationships: t.exposeInt("relationships", { description: "Relation records." }),
    }),
  });

const IngestionCheck = builder.objectRef<Verification["ingestions"][number]>("IngestionCheck").implement({
  description: "What a target database holds for the document, against what was expected.",
  fields: (t) => ({
    databaseId: t.exposeID("databaseId", { description: "Database." }),
    kind: t.field({ type: DatabaseKindEnum, description: "Its kind.", resolve: (c) => c.kind }),
    expected: t.field({
      type: RecordCounts,
      description: "Expected counts (the source's, where comparable).",
      resolve: (c) => c.expected,
    }),
    actual: t.field({ type: RecordCounts, description: "Counted in the database.", resolve: (c) => c.actual }),
    equal: t.exposeBoolean("equal", { description: "Counts match." }),
    notHeld: t.exposeStringList("notHeld", {
      description: "Records this kind of database cannot hold (e.g. the graph in Qdrant).",
    }),
  }),
});

const VerificationRef = builder.objectRef<Verification>("Verification").implement({
  description: "The check run after a document was migrated.",
  fields: (t) => ({
    ok: t.exposeBoolean("ok", { description: "Everything matched." }),
    stageFiles: t.field({ type: [StageFileCheck], description: "Stage file hashes.", resolve: (v) => v.stageFiles }),
    ingestions: t.field({
      type: [IngestionCheck],
      description: "Database record counts.",
      resolve: (v) => v.ingestions,
    }),
  }),
});

/** The realms of an item's migration, selected with the item (no query per item). */
const withRealms = { migration: { select: { sourceRealmId: true, targetRealmId: true } } } as const;
const itemSides = (i: { migration: { sourceRealmId: string; targetRealmId: string } }, ctx: Context) =>
  sidesOf(viewerOf(ctx), i.migration);

builder.prismaObject("MigrationItem", {
  description: "One document of a migration. Fields of a realm your token cannot read are null.",
  fields: (t) => ({
    id: t.exposeID("id", { description: "Item id." }),
    ordinal: t.exposeInt("ordinal", { description: "Position in the migration (1-based)." }),
    sourceDocumentId: t.id({
      nullable: true,
      select: withRealms,
      description: "Source document; null when your token cannot read the source realm.",
      resolve: (i, _a, ctx) => onSide(itemSides(i, ctx).source, i.sourceDocumentId),
    }),
    targetDocumentId: t.id({
      nullable: true,
      select: withRealms,
      description: "Document created (or written) by the item; null when your token cannot read the target realm.",
      resolve: (i, _a, ctx) => onSide(itemSides(i, ctx).target, i.targetDocumentId),
    }),
    targetTitle: t.string({
      nullable: true,
      select: withRealms,
      description: "Title in the target realm; null when your token cannot read it.",
      resolve: (i, _a, ctx) => onSide(itemSides(i, ctx).target, i.targetTitle),
    }),
    status: t.expose("status", { type: MigrationItemStatusEnum, description: "State." }),
    attempt: t.exposeInt("attempt", { description: "Attempts so far." }),
    error: t.string({
      nullable: true,
      select: withRealms,
      description: "Last error; null unless your token reads both realms.",
      resolve: (i, _a, ctx) => detail(itemSides(i, ctx), i.error),
    }),
    errorStage: t.field({
      type: StageEnum,
      nullable: true,
      description: "Stage of the last error.",
      resolve: (i) => stageOrNull(i.errorStage),
    }),
    migratedStages: t.field({
      type: [StageEnum],
      description: "Stages copied or re-run.",
      resolve: (i) => i.migratedStages.map(stageOf),
    }),
    verification: t.field({
      type: VerificationRef,
      nullable: true,
      select: withRealms,
      description: "Verification result; null unless your token reads both realms.",
      resolve: (i, _a, ctx) => detail(itemSides(i, ctx), verificationOf(i)),
    }),
    startedAt: t.expose("startedAt", { type: "DateTime", nullable: true, description: "First attempt." }),
    completedAt: t.expose("completedAt", { type: "DateTime", nullable: true, description: "End." }),
    rollbackStatus: t.expose("rollbackStatus", {
      type: RollbackStatusEnum,
      nullable: true,
      description: "State in the migration's rollback; null when none was requested.",
    }),
    rollbackError: t.string({
      nullable: true,
      select: withRealms,
      description: "Why undoing it failed; null unless your token reads both realms.",
      resolve: (i, _a, ctx) => detail(itemSides(i, ctx), i.rollbackError),
    }),
    rolledBackAt: t.expose("rolledBackAt", { type: "DateTime", nullable: true, description: "When it was undone." }),
  }),
});

const MigrationAbility = builder.objectRef<Ability>("MigrationAbility").implement({
  description: "Whether your token may do something with a migration now, and why not when it may not.",
  fields: (t) => ({
    allowed: t.exposeBoolean("allowed", { description: "The mutation would be accepted now." }),
    reason: t.string({
      nullable: true,
      description: "Why not (the message the mutation would refuse with); null when allowed.",
      resolve: (a) => a.reason,
    }),
  }),
});

/** The realm on one side of a migration; null (no error) when the caller cannot read it. */
const realmSide = (side: "sourceRealm" | "targetRealm", description: string) => ({
  nullable: true as const,
  description,
  authScopes: (m: { sourceRealmId: string; targetRealmId: string }) => ({
    readRealm: side === "sourceRealm" ? m.sourceRealmId : m.targetRealmId,
  }),
  unauthorizedResolver: () => null,
});

const ability =
  (rule: (viewer: Viewer, m: AbilityInput) => Ability) =>
  (m: AbilityInput, _args: object, ctx: Context): Ability =>
    rule(viewerOf(ctx), m);

export const Migration = builder.prismaNode("Migration", {
  id: { field: "id" },
  description:
    "A migration and its progress. Visible to readers of either realm; what belongs to a realm your token cannot read is null.",
  authScopes: (m, ctx) => (ctx.viewer ? visibleToCaller(sidesOf(ctx.viewer, m)) : false),
  fields: (t) => ({
    type: t.expose("type", { type: MigrationTypeEnum, description: "Kind." }),
    status: t.expose("status", { type: MigrationStatusEnum, description: "State." }),
    mode: t.expose("mode", { type: MigrationModeEnum, description: "COPY or MOVE." }),
    sourceRealm: t.relation(
      "sourceRealm",
      realmSide("sourceRealm", "Where documents come from; null when your token cannot read it."),
    ),
    targetRealm: t.relation(
      "targetRealm",
      realmSide("targetRealm", "Where they go; null when your token cannot read it."),
    ),
    options: t.field({
      type: MigrationOptions,
      description: "Options with defaults applied; databases of a realm your token cannot read are left out.",
      resolve: (m, _a, ctx) => redactOptions(optionsOf(m), sidesOf(viewerOf(ctx), m)),
    }),
    verification: t.field({
      type: RetrievalVerificationRef,
      nullable: true,
      description:
        "Retrieval parity, checked once every item was done (null before, when turned off, or when your token cannot read both realms).",
      resolve: (m, _a, ctx) => detail(sidesOf(viewerOf(ctx), m), retrievalVerificationOf(m)),
    }),
    totalDocuments: t.exposeInt("totalDocuments", { description: "Items." }),
    processedDocuments: t.exposeInt("processedDocuments", { description: "Items completed or skipped." }),
    failedDocuments: t.exposeInt("failedDocuments", { description: "Items failed." }),
    skippedDocuments: t.exposeInt("skippedDocuments", { description: "Items skipped (conflictPolicy SKIP)." }),
    cancelledDocuments: t.exposeInt("cancelledDocuments", { description: "Items cancelled." }),
    rolledBackDocuments: t.exposeInt("rolledBackDocuments", { description: "Items undone by a rollback." }),
    progress: t.float({
      description: "Finished items / total, 0–1; during and after a rollback, undone items / total.",
      resolve: (m) => progressOf(m),
    }),
    lastSequence: t.exposeInt("lastSequence", { description: "Sequence number of the latest event." }),
    errors: t.field({
      type: [MigrationError],
      description: "Failed documents with their errors (first 100).",
      resolve: async (m, _a, ctx) => {
        const sides = sidesOf(viewerOf(ctx), m);
        return (await ctx.services.migrations.failedItems(m.id, 100)).map((i) => ({
          documentId: onSide(sides.source, i.sourceDocumentId),
          stage: i.errorStage,
          message: detail(sides, i.error ?? "failed"),
          timestamp: i.errorAt ?? i.updatedAt,
        }));
      },
    }),
    items: t.relatedConnection("items", {
      cursor: "id",
      description: "Items in order, optionally by status.",
      args: { status: t.arg({ type: MigrationItemStatusEnum, description: "Only items in this state." }) },
      query: (args) => ({ where: args.status ? { status: args.status } : {}, orderBy: { ordinal: "asc" } }),
      totalCount: true,
    }),
    createdAt: t.expose("createdAt", { type: "DateTime", description: "Creation." }),
    scheduledAt: t.expose("scheduledAt", { type: "DateTime", nullable: true, description: "When it is due to start." }),
    startedAt: t.expose("startedAt", { type: "DateTime", nullable: true, description: "Start." }),
    completedAt: t.expose("completedAt", { type: "DateTime", nullable: true, description: "End." }),
    rollbackRequestedAt: t.expose("rollbackRequestedAt", {
      type: "DateTime",
      nullable: true,
      description: "When the (latest) rollback was requested.",
    }),
    rolledBackAt: t.expose("rolledBackAt", { type: "DateTime", nullable: true, description: "Rollback end." }),
    rollbackForced: t.exposeBoolean("rollbackForced", {
      description: "The rollback was forced past documents changed after the migration.",
    }),
    canCancel: t.field({
      type: MigrationAbility,
      description: "Whether cancelMigration would be accepted now (EDITOR on both realms, not ended or cancelling).",
      resolve: ability(cancelAbility),
    }),
    canRetry: t.field({
      type: MigrationAbility,
      description:
        "Whether retryFailedDocuments (without documentIds) would be accepted now: EDITOR on both realms, " +
        "IN_PROGRESS, COMPLETED or FAILED, never rolled back, and at least one failed item.",
      resolve: ability(retryAbility),
    }),
    canRollBack: t.field({
      type: MigrationAbility,
      description:
        "Whether rollbackMigration would be accepted now: EDITOR on both realms, and COMPLETED, FAILED or CANCELLED. " +
        "It does not look for documents the migration wrote that changed since (that walks every item; the " +
        "mutation does it): when allowed, rollbackMigration with force: true is accepted, without force it may " +
        'still be refused with CONFLICT on ["force"] naming those documents.',
      resolve: ability(rollbackAbility),
    }),
  }),
});

const ItemEvent = builder.objectRef<RedactedItem>("MigrationItemEvent").implement({
  description: "The item an event is about, as it was then. Fields of a realm your token cannot read are null.",
  fields: (t) => ({
    id: t.exposeID("id", { description: "Item id." }),
    ordinal: t.exposeInt("ordinal", { description: "Position." }),
    sourceDocumentId: t.exposeID("sourceDocumentId", {
      nullable: true,
      description: "Source document; null when your token cannot read the source realm.",
    }),
    targetDocumentId: t.exposeID("targetDocumentId", {
      nullable: true,
      description: "Target document; null when your token cannot read the target realm.",
    }),
    status: t.field({ type: MigrationItemStatusEnum, description: "State.", resolve: (i) => i.status }),
    attempt: t.exposeInt("attempt", { description: "Attempt." }),
    error: t.exposeString("error", { nullable: true, description: "Error; null unless your token reads both realms." }),
    errorStage: t.field({
      type: StageEnum,
      nullable: true,
      description: "Stage of the error.",
      resolve: (i) => stageOrNull(i.errorStage),
    }),
    rollbackStatus: t.field({
      type: RollbackStatusEnum,
      nullable: true,
      description: "Rollback state.",
      resolve: (i) => i.rollbackStatus ?? null,
    }),
    rollbackError: t.string({
      nullable: true,
      description: "Why undoing it failed.",
      resolve: (i) => i.rollbackError ?? null,
    }),
  }),
});

const MigrationEvent = builder.objectRef<RedactedEvent>("MigrationEvent").implement({
  description: "One state change of a migration, with the counts right after it.",
  fields: (t) => ({
    migrationId: t.exposeID("migrationId", { description: "Migration." }),
    sequence: t.exposeInt("sequence", {
      description: "Strictly increasing per migration; resume after it with afterSequence.",
    }),
    type: t.expose("type", {
      type: MigrationEventTypeEnum,
      description: "What happened, e.g. MIGRATION_STARTED, ITEM_COMPLETED, ITEM_FAILED, MIGRATION_COMPLETED.",
    }),
    status: t.field({ type: MigrationStatusEnum, description: "Migration status.", resolve: (e) => e.status }),
    totalDocuments: t.exposeInt("totalDocuments", { description: "Items." }),
    processedDocuments: t.exposeInt("processedDocuments", { description: "Completed or skipped." }),
    failedDocuments: t.exposeInt("failedDocuments", { description: "Failed." }),
    skippedDocuments: t.exposeInt("skippedDocuments", { description: "Skipped." }),
    cancelledDocuments: t.exposeInt("cancelledDocuments", { description: "Cancelled." }),
    rolledBackDocuments: t.int({
      description: "Undone by a rollback.",
      resolve: (e) => e.rolledBackDocuments ?? 0,
    }),
    progress: t.exposeFloat("progress", { description: "0–1." }),
    item: t.field({
      type: ItemEvent,
      nullable: true,
      description: "The item, for item events.",
      resolve: (e) => e.item,
    }),
    message: t.exposeString("message", {
      nullable: true,
      description: "Details; null for item events unless your token reads both realms.",
    }),
    createdAt: t.field({ type: "DateTime", description: "When.", resolve: (e) => new Date(e.createdAt) }),
    canCancel: t.field({
      type: MigrationAbility,
      description: "Migration.canCancel as of this event.",
      resolve: (e, _a, ctx) => cancelAbility(viewerOf(ctx), abilityInputOf(e)),
    }),
    canRetry: t.field({
      type: MigrationAbility,
      description: "Migration.canRetry as of this event.",
      resolve: (e, _a, ctx) => retryAbility(viewerOf(ctx), abilityInputOf(e)),
    }),
    canRollBack: t.field({
      type: MigrationAbility,
      description: "Migration.canRollBack as of this event (without the check for documents changed since).",
      resolve: (e, _a, ctx) => rollbackAbility(viewerOf(ctx), abilityInputOf(e)),
    }),
  }),
});

const PlannedDocumentRef = builder.objectRef<PlannedDocument>("PlannedDocument").implement({
  description: "What the migration would do with one document.",
  fields: (t) => ({
    documentId: t.exposeID("documentId", { description: "Source document." }),
    title: t.exposeString("title", { description: "Its title." }),
    action: t.field({
      type: PlannedActionEnum,
      description: "CREATE, SKIP, RENAME or CONFLICT.",
      resolve: (d) => d.action,
    }),
    targetTitle: t.exposeString("targetTitle", { nullable: true, description: "Title in the target realm." }),
    stagesCopied: t.expose("stagesCopied", { type: [StageEnum], description: "Stage files copied." }),
    stagesRerun: t.expose("stagesRerun", {
      type: [StageEnum],
      description: "Stages re-run (incl. pulled-in upstream stages).",
    }),
    targetDatabases: t.idList({ description: "Databases written to.", resolve: (d) => d.targetDatabases }),
    bytesReferenced: t.float({
      description: "Bytes of original and copied stage files the target will reference.",
      resolve: (d) => d.bytesReferenced,
    }),
  }),
});

const PlanWarningCodeEnum = builder.enumType("PlanWarningCode", {
  description: "What a plan warns about.",
  values: {
    DATABASE_UNREACHABLE: { description: "A target (or the source) database does not answer its health check." },
    NO_TARGET_DATABASE: { description: "The target realm has no database: documents would be ingested nowhere." },
  } as const,
});

const PlanWarningRef = builder.objectRef<PlanWarning>("PlanWarning").implement({
  description: "Something to know before starting the migration; createMigration is not refused for it.",
  fields: (t) => ({
    code: t.field({ type: PlanWarningCodeEnum, description: "Stable code to branch on.", resolve: (w) => w.code }),
    message: t.exposeString("message", { description: "What is wrong (naming the database and its error)." }),
    database: t.field({
      type: Database,
      nullable: true,
      description: "The database it is about, if any.",
      resolve: (w) => w.database,
    }),
  }),
});

const MigrationPlanRef = builder.objectRef<MigrationPlan>("MigrationPlan").implement({
  description: "A dry run: what createMigration would do, with nothing written.",
  fields: (t) => ({
    type: t.field({ type: MigrationTypeEnum, description: "Kind.", resolve: (p) => p.migration.type }),
    options: t.field({
      type: MigrationOptions,
      description: "Options with defaults applied.",
      resolve: (p) => p.migration.options,
    }),
    totalDocuments: t.exposeInt("totalDocuments", { description: "Documents selected." }),
    toCreate: t.exposeInt("toCreate", { description: "Documents copied as they are." }),
    toRename: t.exposeInt("toRename", { description: "Documents copied under a new title." }),
    toSkip: t.exposeInt("toSkip", { description: "Documents left out." }),
    conflicts: t.exposeInt("conflicts", {
      description: "Title conflicts that make createMigration refuse (conflictPolicy FAIL).",
    }),
    bytesReferenced: t.float({ description: "Total bytes referenced.", resolve: (p) => p.bytesReferenced }),
    documents: t.field({
      type: [PlannedDocumentRef],
      description: "The first documents (see `limit`).",
      resolve: (p) => p.documents,
    }),
    targetDatabaseHealth: t.field({
      type: [DatabaseHealth],
      description: "Each target database by name with its health, in targetDatabases order.",
      resolve: (p) => p.targetDatabaseHealth,
    }),
    sourceDatabaseHealth: t.field({
      type: DatabaseHealth,
      nullable: true,
      description: "CROSS_DATABASE: the source database's health.",
      resolve: (p) => p.sourceDatabaseHealth,
    }),
    warnings: t.field({
      type: [PlanWarningRef],
      description: "Databases that do not answer, a target realm without any database; empty when all is well.",
      resolve: (p) => p.warnings,
    }),
  }),
});

const SelectionFilterInput = builder.inputType("DocumentSelectionFilter", {
  description: "Selects documents of the source realm; {} selects all.",
  fields: (t) => ({
    status: t.field({ type: DocumentStatusEnum, description: "Only documents in this state." }),
    titlePrefix: t.string({ description: "Only titles starting with this." }),
  }),
});

const MigrationOptionsInput = builder.inputType("MigrationOptionsInput", {
  fields: (t) => ({
    migrationMode: t.field({ type: MigrationModeEnum, description: "COPY (default) or MOVE." }),
    copyStageFiles: t.boolean({ description: "Copy stage files (default true)." }),
    reprocessStages: t.field({
      type: [StageEnum],
      description: "Stages to re-run on the target (default [INGESTOR]).",
    }),
    preserveOriginal: t.boolean({
      description: "Keep the source documents (default: true for COPY; must not be true for MOVE).",
    }),
    targetDatabases: t.idList({ description: "Databases to write to (default: all of the target realm's)." }),
    conflictPolicy: t.field({ type: ConflictPolicyEnum, description: "Title conflicts (default FAIL)." }),
    sourceDatabaseId: t.id({ description: "CROSS_DATABASE: database to read from." }),
    removeFromSource: t.boolean({ description: "CROSS_DATABASE: remove records from the source after verification." }),
    retrievalParity: t.field({ type: RetrievalParityInput, description: "Retrieval-parity verification settings." }),
  }),
});

export const MigrationInput = builder.inputType("MigrationInput", {
  fields: (t) => ({
    type: t.field({ type: MigrationTypeEnum, required: true, description: "Kind." }),
    sourceRealmId: t.id({ required: true, description: "Realm the documents are in." }),
    targetRealmId: t.id({ description: "Target realm (defaults to the source realm)." }),
    documentIds: t.idList({ description: "Explicit documents (up to 10,000); or use filter." }),
    filter: t.field({ type: SelectionFilterInput, description: "Documents by filter ({} = all)." }),
    options: t.field({ type: MigrationOptionsInput, description: "Options." }),
    scheduledAt: t.field({ type: "DateTime", description: "Start at this time instead of now." }),
  }),
});

export function toRequest(input: typeof MigrationInput.$inferInput): MigrationRequest {
  const o = input.options;
  return {
    type: input.type,
    sourceRealmId: parseId(input.sourceRealmId, "Realm", ["input", "sourceRealmId"]),
    targetRealmId:
      input.targetRealmId != null ? parseId(input.targetRealmId, "Realm", ["input", "targetRealmId"]) : null,
    documentIds:
      input.documentIds?.map((id, i) => parseId(id, "Document", ["input", "documentIds", String(i)])) ?? null,
    filter: input.filter ?? null,
    scheduledAt: input.scheduledAt ?? null,
    options: o
      ? {
          ...o,
          targetDatabases:
            o.targetDatabases?.map((id, i) =>
              parseId(id, "Database", ["input", "options", "targetDatabases", String(i)]),
            ) ?? null,
          sourceDatabaseId:
            o.sourceDatabaseId != null
              ? parseId(o.sourceDatabaseId, "Database", ["input", "options", "sourceDatabaseId"])
              : null,
        }
      : null,
  };
}

const listFilter = (args: Omit<MigrationListFilter, "realmId"> & { realmId?: string | null }): MigrationListFilter => ({
  ...args,
  realmId: args.realmId != null ? parseId(args.realmId, "Realm", ["realmId"]) : null,
});

builder.queryFields((t) => ({
  migrations: t.prismaConnection({
    type: "Migration",
    cursor: "id",
    description: "Migrations you can see, newest first.",
    args: {
      realmId: t.arg.id({ description: "Only migrations from or to this realm." }),
      status: t.arg({ type: MigrationStatusEnum, description: "Only in this state." }),
      type: t.arg({ type: MigrationTypeEnum, description: "Only of this kind." }),
    },
    totalCount: (_p, args, ctx) => ctx.services.migrations.count(viewerOf(ctx), listFilter(args)),
    resolve: (query, _root, args, ctx) => ctx.services.migrations.list(viewerOf(ctx), listFilter(args), query),
  }),
  migration: t.prismaField({
    type: "Migration",
    nullable: true,
    description: "One migration, or null when it does not exist or your token cannot see it.",
    args: { id: t.arg.id({ required: true, description: "Migration id." }) },
    resolve: async (_query, _root, args, ctx) =>
      ctx.services.migrations.get(viewerOf(ctx), parseId(args.id, "Migration", ["id"])).catch((error: unknown) => {
        if ((error as { code?: string }).code === "NOT_FOUND") return null;
        throw error;
      }),
  }),
}));

builder.mutationFields((t) => ({
  planMigration: t.field({
    type: MigrationPlanRef,
    description: "Dry run: validates and plans like createMigration, writes nothing.",
    errors: {},
    args: {
      input: t.arg({ type: MigrationInput, required: true }),
      limit: t.arg.int({
        description: "How many per-document entries to return (default 100, max 1000); totals cover all.",
      }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.migrations.plan(viewerOf(ctx), toRequest(args.input), args.limit ?? 100),
  }),
  createMigration: t.prismaField({
    type: "Migration",
    description:
      "Creates a migration with one item per selected document and starts it (or schedules it). Needs EDITOR on both realms.",
    errors: {},
    args: { input: t.arg({ type: MigrationInput, required: true }) },
    resolve: (_query, _root, args, ctx) => ctx.services.migrations.create(viewerOf(ctx), toRequest(args.input)),
  }),
  cancelMigration: t.prismaField({
    type: "Migration",
    description:
      "Cancels pending items at once; in-flight items finish or are undone, then the migration is CANCELLED.",
    errors: {},
    args: { id: t.arg.id({ required: true, description: "Migration id." }) },
    resolve: (_query, _root, args, ctx) =>
      ctx.services.migrations.cancel(viewerOf(ctx), parseId(args.id, "Migration", ["id"])),
  }),
  rollbackMigration: t.prismaField({
    type: "Migration",
    description:
      "Undoes a COMPLETED, FAILED or CANCELLED migration, newest item first: target documents and their records go, " +
      "moved sources come back, records removed from a source database are restored from the backup, backfilled " +
      "records are removed. ROLLING_BACK → ROLLED_BACK, with events like a run. Refused while the migration runs, or " +
      "when documents it wrote changed since, unless `force`.",
    errors: {},
    args: {
      id: t.arg.id({ required: true, description: "Migration id." }),
      force: t.arg.boolean({ defaultValue: false, description: "Roll back even documents changed since." }),
    },
    resolve: (_query, _root, args, ctx) =>
      ctx.services.migrations.rollback(viewerOf(ctx), parseId(args.id, "Migration", ["id"]), args.force ?? false),
  }),
  rescheduleMigration: t.prismaField({
    type: "Migration",
    description: "Moves a SCHEDULED (or not yet started) migration to a new start time; a past time starts it now.",
    errors: {},
    args: {
      id: t.arg.id({ required: true, description: "Migration id." }),
      scheduledAt: t.arg({ type: "DateTime", required: true, description: "New start time." }),
    },
    resolve: (_query, _root, args, ctx) =>
      ctx.services.migrations.reschedule(viewerOf(ctx), parseId(args.id, "Migration", ["id"]), args.scheduledAt),
  }),
  retryFailedDocuments: t.prismaField({
    type: "Migration",
    description: "Re-queues failed items: all of them, or those of the given source documents.",
    errors: {},
    args: {
      migrationId: t.arg.id({ required: true, description: "Migration id." }),
      documentIds: t.arg.idList({ description: "Source documents whose failed items to retry." }),
    },
    resolve: (_query, _root, args, ctx) =>
      ctx.services.migrations.retryFailed(
        viewerOf(ctx),
        parseId(args.migrationId, "Migration", ["migrationId"]),
        args.documentIds?.map((id, i) => parseId(id, "Document", ["documentIds", String(i)])),
      ),
  }),
}));

builder.subscriptionFields((t) => ({
  migrationProgress: t.field({
    type: MigrationEvent,
    description: "Events of one migration: stored ones after `afterSequence` first, then live ones, until it ends.",
    args: {
      migrationId: t.arg.id({ required: true, description: "Migration id." }),
      afterSequence: t.arg.int({ description: "Last sequence already seen (default 0: everything)." }),
    },
    subscribe: (_root, args, ctx) =>
      migrationProgress(
        ctx.services,
        viewerOf(ctx),
        parseId(args.migrationId, "Migration", ["migrationId"]),
        args.afterSequence ?? 0,
      ),
    resolve: (event) => event,
  }),
  realmMigrationEvents: t.field({
    type: MigrationEvent,
    description: "Live events of every migration from or to a realm (dashboards).",
    args: { realmId: t.arg.id({ required: true, description: "Realm id." }) },
    subscribe: (_root, args, ctx) =>
      realmMigrationEvents(ctx.services, viewerOf(ctx), parseId(args.realmId, "Realm", ["realmId"])),
    resolve: (event) => event,
  }),
}));
