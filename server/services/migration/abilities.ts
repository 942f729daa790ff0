// What a caller may do with a migration next (cancel, retry its failed items, roll it back) and, when not,
// why. cancelMigration, retryFailedDocuments and rollbackMigration refuse through these same functions, and
// the Migration.canCancel/canRetry/canRollBack fields report them, so the two cannot disagree. Pure: they
// read the migration row and the viewer only (no query), so listing many migrations costs nothing more.
import type { Viewer } from "../access.ts";
import type { Migration } from "../../generated/prisma/client.ts";
import { ConflictError, ForbiddenError, InvalidInputError } from "../errors.ts";
import { FINAL_MIGRATION_STATUSES } from "./events.ts";

/** The fields of a migration the rules read. */
export type AbilityInput = Pick<
  Migration,
  "status" | "sourceRealmId" | "targetRealmId" | "failedDocuments" | "rollbackRequestedAt"
>;

/** Allowed, or refused with the reason and the error the mutation answers with. */
export type Ability =
  | { allowed: true; reason: null }
  | { allowed: false; reason: string; code: "FORBIDDEN" | "CONFLICT" | "INVALID_INPUT"; path?: string[] };

const ALLOWED: Ability = { allowed: true, reason: null };
const refused = (code: "FORBIDDEN" | "CONFLICT" | "INVALID_INPUT", reason: string, path?: string[]): Ability => ({
  allowed: false,
  reason,
  code,
  ...(path ? { path } : {}),
});

/** Changing a migration needs EDITOR on both of its realms. */
export function writeAbility(viewer: Viewer, m: AbilityInput): Ability {
  return viewer.canWrite(m.sourceRealmId) && viewer.canWrite(m.targetRealmId)
    ? ALLOWED
    : refused("FORBIDDEN", "Changing a migration needs an EDITOR role on both its source and its target realm.");
}

export function cancelAbility(viewer: Viewer, m: AbilityInput): Ability {
  const write = writeAbility(viewer, m);
  if (!write.allowed) return write;
  if (FINAL_MIGRATION_STATUSES.includes(m.status) || m.status === "CANCELLING")
    return refused("CONFLICT", `The migration is already ${m.status}; there is nothing to cancel.`);
  if (m.status === "ROLLING_BACK")
    return refused(
      "CONFLICT",
      "A rollback cannot be cancelled; it ends ROLLED_BACK, or FAILED with the items it could not undo.",
    );
  return ALLOWED;
}

/** Re-queueing every failed item (retryFailedDocuments without documentIds). */
export function retryAbility(viewer: Viewer, m: AbilityInput): Ability {
  const write = writeAbility(viewer, m);
  if (!write.allowed) return write;
  if (!["IN_PROGRESS", "COMPLETED", "FAILED"].includes(m.status))
    return refused("CONFLICT", `A ${m.status} migration cannot retry items.`);
  if (m.rollbackRequestedAt)
    return refused(
      "CONFLICT",
      "The migration was rolled back (or partly); create a new migration instead of retrying.",
    );
  // The counter moves in the transaction that moves an item, so it is exact.
  if (m.failedDocuments === 0)
    return refused("INVALID_INPUT", "No failed items match: nothing to retry.", ["documentIds"]);
  return ALLOWED;
}

/**
 * Everything rollbackMigration checks except whether documents the migration wrote changed since: that
 * walks its items, so it runs in the mutation only (where `force` skips it).
 */
export function rollbackAbility(viewer: Viewer, m: AbilityInput): Ability {
  const write = writeAbility(viewer, m);
  if (!write.allowed) return write;
  if (m.status === "ROLLED_BACK" || m.status === "ROLLING_BACK")
    return refused("CONFLICT", `The migration is already ${m.status}.`);
  if (!["COMPLETED", "FAILED", "CANCELLED"].includes(m.status))
    return refused(
      "CONFLICT",
      `A ${m.status} migration cannot be rolled back: cancel it, or wait until it ends, then roll back.`,
    );
  return ALLOWED;
}

/**
 * The rules' input as of an event (live and replayed events carry no rollbackRequestedAt): once a rollback
 * is requested every later event of the migration is one of the rollback's, and none before it is.
 */
export function abilityInputOf(event: {
  type: string;
  status: Migration["status"];
  sourceRealmId: string;
  targetRealmId: string;
  failedDocuments: number;
}): AbilityInput {
  const rollback = event.type.startsWith("migration.roll") || event.type.startsWith("item.roll");
  return {
    status: event.status,
    sourceRealmId: event.sourceRealmId,
    targetRealmId: event.targetRealmId,
    failedDocuments: event.failedDocuments,
    // Only whether it is set matters to the rules.
    rollbackRequestedAt: rollback ? new Date(0) : null,
  };
}

/** Throws the refusal as the domain error the mutations return. */
export function assertAllowed(ability: Ability): void {
  if (ability.allowed) return;
  switch (ability.code) {
    case "FORBIDDEN":
      throw new ForbiddenError(ability.reason, ability.path);
    case "CONFLICT":
      throw new ConflictError(ability.reason, ability.path);
    case "INVALID_INPUT":
      throw new InvalidInputError(ability.reason, ability.path);
  }
}
