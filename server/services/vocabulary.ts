// The service's vocabulary as data: migration types, statuses, event types and stage names, each written
// once as an `as const` list. TypeScript types, GraphQL enums, metrics labels, webhook names and the SDK's
// generated lists all derive from these; where Prisma has the enum too, a compile-time check below fails
// when the two differ, so neither can gain a value the other lacks.
import type * as PrismaEnums from "../generated/prisma/enums.ts";
import { STAGE_NAMES, type StageName } from "./stages/types.ts";

export { STAGE_NAMES, type StageName };

export const MIGRATION_TYPES = ["DOCUMENT_TO_REALM", "REALM_DATABASE_ADDITION", "CROSS_DATABASE"] as const;
export type MigrationType = (typeof MIGRATION_TYPES)[number];

/** In lifecycle order (the order clients list them in). */
export const MIGRATION_STATUSES = [
  "PENDING",
  "SCHEDULED",
  "IN_PROGRESS",
  "COMPLETED",
  "FAILED",
  "CANCELLING",
  "CANCELLED",
  "ROLLING_BACK",
  "ROLLED_BACK",
] as const;
export type MigrationStatus = (typeof MIGRATION_STATUSES)[number];

/** A migration in one of these has ended (a rollback may still follow COMPLETED, FAILED or CANCELLED). */
export const FINAL_MIGRATION_STATUSES: readonly MigrationStatus[] = ["COMPLETED", "FAILED", "CANCELLED", "ROLLED_BACK"];

/** Not started yet or running: what "active" means in lists and history. */
export const ACTIVE_MIGRATION_STATUSES: readonly MigrationStatus[] = ["PENDING", "SCHEDULED", "IN_PROGRESS"];

export const MIGRATION_ITEM_STATUSES = [
  "PENDING",
  "IN_PROGRESS",
  "COMPLETED",
  "FAILED",
  "CANCELLED",
  "SKIPPED",
] as const;
export type MigrationItemStatus = (typeof MIGRATION_ITEM_STATUSES)[number];

export const FINAL_ITEM_STATUSES: readonly MigrationItemStatus[] = ["COMPLETED", "FAILED", "CANCELLED", "SKIPPED"];

export const ROLLBACK_STATUSES = ["PENDING", "IN_PROGRESS", "DONE", "FAILED"] as const;
export type RollbackStatus = (typeof ROLLBACK_STATUSES)[number];

/** Every event a migration records (MigrationEvent.type), dotted as stored and sent by webhooks. */
export const MIGRATION_EVENT_TYPES = [
  "migration.created",
  "migration.rescheduled",
  "migration.started",
  "migration.completed",
  "migration.failed",
  "migration.cancelling",
  "migration.cancelled",
  "migration.rolling_back",
  "migration.rolled_back",
  "migration.rollback_failed",
  "item.started",
  "item.resumed",
  "item.completed",
  "item.skipped",
  "item.retrying",
  "item.failed",
  "item.cancelled",
  "item.released",
  "item.rolled_back",
  "item.rollback_retrying",
  "item.rollback_failed",
  "items.requeued",
  "retrieval.verified",
] as const;
export type MigrationEventType = (typeof MIGRATION_EVENT_TYPES)[number];

/** Events about the migration as a whole (the others are about one item, or a set of items). */
export const MIGRATION_LEVEL_EVENT_TYPES: readonly MigrationEventType[] = MIGRATION_EVENT_TYPES.filter((type) =>
  type.startsWith("migration."),
);

/** An event that ends the migration: a migration-level event leaving it in a final status. */
export function isFinalEvent(event: { type: MigrationEventType; status: MigrationStatus }): boolean {
  return MIGRATION_LEVEL_EVENT_TYPES.includes(event.type) && FINAL_MIGRATION_STATUSES.includes(event.status);
}

/** The event that records a migration ending in `status` when its last item is done. */
export function endEventFor(status: "COMPLETED" | "FAILED" | "CANCELLED"): MigrationEventType {
  return `migration.${status.toLowerCase() as Lowercase<typeof status>}`;
}

/**
 * A GraphQL enum value name for a vocabulary word: "item.rolled_back" → ITEM_ROLLED_BACK,
 * "markdown-conversion" → MARKDOWN_CONVERSION (GraphQL names allow neither dots nor hyphens).
 */
export function graphqlEnumName(word: string): string {
  return word.toUpperCase().replace(/[.-]/g, "_");
}

// Compile-time: each list equals Prisma's enum of the same name. A mismatch is a type error on this line.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const PRISMA_ENUMS_MATCH: {
  MigrationType: Same<MigrationType, PrismaEnums.MigrationType>;
  MigrationStatus: Same<MigrationStatus, PrismaEnums.MigrationStatus>;
  MigrationItemStatus: Same<MigrationItemStatus, PrismaEnums.MigrationItemStatus>;
  RollbackStatus: Same<RollbackStatus, PrismaEnums.RollbackStatus>;
} = { MigrationType: true, MigrationStatus: true, MigrationItemStatus: true, RollbackStatus: true };
