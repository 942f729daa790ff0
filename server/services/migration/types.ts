// The shapes a migration is described by: the request, its resolved (validated) form stored on the
// Migration row, and the plan a dry run returns.
import { z } from "zod";
import { DocumentStatus, MigrationMode, type MigrationType } from "../../generated/prisma/enums.ts";
import { STAGE_NAMES, type StageName } from "../stages/types.ts";
import type { Database } from "../../generated/prisma/client.ts";
import type { DatabaseHealth } from "../database-health.ts";
import { DEFAULT_PARITY, paritySettingsSchema, type ParitySettingsInput } from "./parity-settings.ts";

export const CONFLICT_POLICIES = ["FAIL", "SKIP", "RENAME"] as const;
export type ConflictPolicy = (typeof CONFLICT_POLICIES)[number];

export interface MigrationOptionsInput {
  migrationMode?: MigrationMode | null | undefined;
  copyStageFiles?: boolean | null | undefined;
  reprocessStages?: string[] | null | undefined;
  preserveOriginal?: boolean | null | undefined;
  /** Database ids; default: every database of the target realm. */
  targetDatabases?: string[] | null | undefined;
  conflictPolicy?: ConflictPolicy | null | undefined;
  /** CROSS_DATABASE: the database to read from. */
  sourceDatabaseId?: string | null | undefined;
  /** CROSS_DATABASE: delete the records from the source database after the target verified. */
  removeFromSource?: boolean | null | undefined;
  /** Retrieval-parity verification when the items are done (defaults in parity-settings.ts). */
  retrievalParity?: ParitySettingsInput | null | undefined;
}

export interface DocumentFilterInput {
  status?: DocumentStatus | null | undefined;
  titlePrefix?: string | null | undefined;
}

export interface MigrationRequest {
  type: MigrationType;
  sourceRealmId: string;
  /** Defaults to the source realm (REALM_DATABASE_ADDITION, CROSS_DATABASE). */
  targetRealmId?: string | null | undefined;
  /** Either explicit ids or a filter over the source realm's documents (an empty filter = all). */
  documentIds?: string[] | null | undefined;
  filter?: DocumentFilterInput | null | undefined;
  options?: MigrationOptionsInput | null | undefined;
  scheduledAt?: Date | null | undefined;
}

/** Validated options as stored in Migration.options. */
export const resolvedOptionsSchema = z.object({
  migrationMode: z.enum(MigrationMode),
  copyStageFiles: z.boolean(),
  reprocessStages: z.array(z.enum(STAGE_NAMES)),
  preserveOriginal: z.boolean(),
  targetDatabases: z.array(z.string()),
  conflictPolicy: z.enum(CONFLICT_POLICIES),
  sourceDatabaseId: z.string().nullable(),
  removeFromSource: z.boolean(),
  // Migrations stored before parity existed read as the defaults.
  retrievalParity: paritySettingsSchema.default(DEFAULT_PARITY),
});
export type ResolvedOptions = z.infer<typeof resolvedOptionsSchema>;

/** Stored in Migration.selection: how the items were chosen. */
export const selectionSchema = z.object({
  documentIds: z.array(z.string()).nullable(),
  filter: z.object({ status: z.enum(DocumentStatus).nullable(), titlePrefix: z.string().nullable() }).nullable(),
});
export type Selection = z.infer<typeof selectionSchema>;

export interface ResolvedMigration {
  type: MigrationType;
  sourceRealmId: string;
  targetRealmId: string;
  options: ResolvedOptions;
  selection: Selection;
  scheduledAt: Date | null;
}

/** A selected document as the plan reads it. */
export interface SourceDocument {
  id: string;
  title: string;
  size: bigint;
  stageFiles: Array<{ stage: string; size: bigint }>;
}

export type PlannedAction = "CREATE" | "SKIP" | "RENAME" | "CONFLICT";

export interface PlannedDocument {
  documentId: string;
  title: string;
  action: PlannedAction;
  targetTitle: string | null;
  stagesCopied: StageName[];
  stagesRerun: StageName[];
  targetDatabases: string[];
  bytesReferenced: number;
}

export interface MigrationPlan {
  migration: ResolvedMigration;
  totalDocuments: number;
  toCreate: number;
  toRename: number;
  toSkip: number;
  conflicts: number;
  bytesReferenced: number;
  /** The first `limit` documents in order; totals cover all. */
  documents: PlannedDocument[];
  /** Health of each target database, in targetDatabases order (filled by the dry run, not by createMigration). */
  targetDatabaseHealth: DatabaseHealth[];
  /** CROSS_DATABASE: health of the source database. */
  sourceDatabaseHealth: DatabaseHealth | null;
  warnings: PlanWarning[];
}

export const PLAN_WARNING_CODES = ["DATABASE_UNREACHABLE", "NO_TARGET_DATABASE"] as const;

/** Something a user should know before starting the migration; it does not stop createMigration. */
export interface PlanWarning {
  code: (typeof PLAN_WARNING_CODES)[number];
  message: string;
  /** The database it is about, if any. */
  database: Database | null;
}
