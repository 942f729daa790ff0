// MigrationPlan: planMigration's dry run, per document and per database.
import { nodeRef } from "../ids.ts";
import { builder } from "../../builder.ts";
import { StageEnum } from "../vocabulary.ts";
import { Database, DatabaseHealth } from "../database.ts";
import type { MigrationPlan, PlannedDocument, PlanWarning } from "../../services/migration/types.ts";
import { MigrationTypeEnum, PlannedActionEnum, PlanWarningCodeEnum } from "./enums.ts";
import { MigrationOptions } from "./migration.ts";

const PlannedDocumentRef = builder.objectRef<PlannedDocument>("PlannedDocument").implement({
  description: "What the migration would do with one document.",
  fields: (t) => ({
    documentId: t.globalID({ description: "Source document.", resolve: (d) => nodeRef("Document", d.documentId) }),
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
    targetDatabases: t.globalIDList({
      description: "Databases written to.",
      resolve: (d) => d.targetDatabases.map((id) => nodeRef("Database", id)),
    }),
    bytesReferenced: t.float({
      description: "Bytes of original and copied stage files the target will reference.",
      resolve: (d) => d.bytesReferenced,
    }),
  }),
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

export const MigrationPlanRef = builder.objectRef<MigrationPlan>("MigrationPlan").implement({
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
