// MigrationEvent: one state change of a migration (subscriptions), with the item as it was then.
import { nodeRef } from "../ids.ts";
import { builder, viewerOf } from "../../builder.ts";
import { MigrationEventTypeEnum, StageEnum, stageOrNull } from "../vocabulary.ts";
import type { RedactedEvent, RedactedItem } from "../../services/migration/visibility.ts";
import { cancelAbility, retryAbility, rollbackAbility, abilityInputOf } from "../../services/migration/abilities.ts";
import { MigrationItemStatusEnum, MigrationStatusEnum, RollbackStatusEnum } from "./enums.ts";
import { MigrationAbility } from "./migration.ts";

const ItemEvent = builder.objectRef<RedactedItem>("MigrationItemEvent").implement({
  description: "The item an event is about, as it was then. Fields of a realm your token cannot read are null.",
  fields: (t) => ({
    id: t.exposeID("id", { description: "Item id." }),
    ordinal: t.exposeInt("ordinal", { description: "Position." }),
    sourceDocumentId: t.globalID({
      nullable: true,
      description: "Source document (its Document.id); null when your token cannot read the source realm.",
      resolve: (i) => nodeRef("Document", i.sourceDocumentId),
    }),
    targetDocumentId: t.globalID({
      nullable: true,
      description: "Target document (its Document.id); null when your token cannot read the target realm.",
      resolve: (i) => nodeRef("Document", i.targetDocumentId),
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

export const MigrationEvent = builder.objectRef<RedactedEvent>("MigrationEvent").implement({
  description: "One state change of a migration, with the counts right after it.",
  fields: (t) => ({
    migrationId: t.globalID({
      description: "Migration (its Migration.id).",
      resolve: (e) => nodeRef("Migration", e.migrationId),
    }),
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
