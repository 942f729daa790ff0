// The Migration node: state, counts, options, errors, items and what the caller may do with it.
import { nodeRef } from "../ids.ts";
import { builder, viewerOf } from "../../builder.ts";
import { StageEnum, stageOrNull } from "../vocabulary.ts";
import type { ResolvedOptions } from "../../services/migration/types.ts";
import { kindOf } from "../../services/migration/kinds/registry.ts";
import { progressOf } from "../../services/migration/events.ts";
import { optionsOf } from "../../services/migration/stored.ts";
import { retrievalVerificationOf } from "../../services/migration/parity.ts";
import { RetrievalParitySettings, RetrievalVerificationRef } from "../parity.ts";
import { detail, onSide, redactOptions, sidesOf, visibleToCaller } from "../../services/migration/visibility.ts";
import {
  cancelAbility,
  retryAbility,
  rollbackAbility,
  type Ability,
  type AbilityInput,
} from "../../services/migration/abilities.ts";
import type { Viewer } from "../../services/access.ts";
import type { Context } from "../../context.ts";
import {
  ConflictPolicyEnum,
  MigrationItemStatusEnum,
  MigrationModeEnum,
  MigrationStatusEnum,
  MigrationTypeEnum,
} from "./enums.ts";

export const MigrationOptions = builder.objectRef<ResolvedOptions>("MigrationOptions").implement({
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
    targetDatabases: t.globalIDList({
      description: "Databases written to.",
      resolve: (o) => o.targetDatabases.map((id) => nodeRef("Database", id)),
    }),
    conflictPolicy: t.field({
      type: ConflictPolicyEnum,
      description: "Title conflict handling.",
      resolve: (o) => o.conflictPolicy,
    }),
    sourceDatabaseId: t.globalID({
      nullable: true,
      description: "CROSS_DATABASE: the database read from.",
      resolve: (o) => nodeRef("Database", o.sourceDatabaseId),
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
      documentId: t.globalID({
        nullable: true,
        description: "Source document (its Document.id); null when your token cannot read the source realm.",
        resolve: (e) => nodeRef("Document", e.documentId),
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

export const MigrationAbility = builder.objectRef<Ability>("MigrationAbility").implement({
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
    mode: t.field({
      type: MigrationModeEnum,
      nullable: true,
      description: "COPY or MOVE, for DOCUMENT_TO_REALM; null for types that write into databases, not realms.",
      resolve: (m) => (kindOf(m.type).usesMode ? m.mode : null),
    }),
    rollbackEffect: t.string({
      description: "What rollbackMigration would undo, in one sentence for people (it depends on the type and mode).",
      resolve: (m) => kindOf(m.type).rollbackEffect(m.mode),
    }),
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
