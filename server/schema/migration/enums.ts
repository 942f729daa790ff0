// Migration enums: kind, lifecycle, mode, conflict handling, planned actions, plan warnings.
import { builder } from "../../builder.ts";
import { MIGRATION_ITEM_STATUSES, MIGRATION_STATUSES, ROLLBACK_STATUSES } from "../../services/vocabulary.ts";

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
export const MigrationModeEnum = builder.enumType("MigrationMode", {
  description: "COPY keeps the source documents; MOVE retires them after the copies verified.",
  values: ["COPY", "MOVE"] as const,
});
export const MigrationItemStatusEnum = builder.enumType("MigrationItemStatus", {
  description: "Lifecycle of one document in a migration.",
  values: MIGRATION_ITEM_STATUSES,
});
export const RollbackStatusEnum = builder.enumType("RollbackStatus", {
  description: "Where an item stands in its migration's rollback.",
  values: ROLLBACK_STATUSES,
});
export const ConflictPolicyEnum = builder.enumType("ConflictPolicy", {
  description: "What to do when the target realm already has a document with the same title.",
  values: {
    FAIL: { description: "Refuse the migration (default)." },
    SKIP: { description: "Leave that document out." },
    RENAME: { description: 'Give the copy a free title: "Title (2)", "Title (3)", …' },
  } as const,
});
export const PlannedActionEnum = builder.enumType("PlannedAction", {
  description: "What a migration will do with one document.",
  values: ["CREATE", "SKIP", "RENAME", "CONFLICT"] as const,
});

export const PlanWarningCodeEnum = builder.enumType("PlanWarningCode", {
  description: "What a plan warns about.",
  values: {
    DATABASE_UNREACHABLE: { description: "A target (or the source) database does not answer its health check." },
    NO_TARGET_DATABASE: { description: "The target realm has no database: documents would be ingested nowhere." },
  } as const,
});
