// MigrationItem: one document of a migration, with fields of a realm the caller cannot read nulled.
import { globalIdOf } from "../ids.ts";
import { builder, viewerOf } from "../../builder.ts";
import { StageEnum, stageOf, stageOrNull } from "../vocabulary.ts";
import { verificationOf } from "../../services/migration/verify.ts";
import { detail, onSide, sidesOf } from "../../services/migration/visibility.ts";
import type { Context } from "../../context.ts";
import { MigrationItemStatusEnum, RollbackStatusEnum } from "./enums.ts";
import { VerificationRef } from "./verification.ts";

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
      description: "Source document (its Document.id); null when your token cannot read the source realm.",
      resolve: (i, _a, ctx) => globalIdOf("Document", onSide(itemSides(i, ctx).source, i.sourceDocumentId)),
    }),
    targetDocumentId: t.id({
      nullable: true,
      select: withRealms,
      description:
        "Document created (or written) by the item (its Document.id); null when your token cannot read the target realm.",
      resolve: (i, _a, ctx) => globalIdOf("Document", onSide(itemSides(i, ctx).target, i.targetDocumentId)),
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
