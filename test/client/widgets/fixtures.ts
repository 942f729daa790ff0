// Migration-shaped data for widget tests, as the API would return it. canCancel/canRetry/canRollBack are
// answered by the server's own rules (abilities.ts) for a token that writes both realms, unless overridden.
import type { MigrationEventType, MigrationProgressEvent, Stage } from "../../../client/sdk/index.ts";
import { Viewer } from "../../../server/services/access.ts";
import {
  abilityInputOf,
  cancelAbility,
  retryAbility,
  rollbackAbility,
  type AbilityInput,
} from "../../../server/services/migration/abilities.ts";
import { kindOf } from "../../../server/services/migration/kinds/registry.ts";

const editor = Viewer.system();
const answer = (ability: { allowed: boolean; reason: string | null }) => ({
  __typename: "MigrationAbility" as const,
  allowed: ability.allowed,
  reason: ability.reason,
});
function abilities(m: AbilityInput) {
  return {
    canCancel: answer(cancelAbility(editor, m)),
    canRetry: answer(retryAbility(editor, m)),
    canRollBack: answer(rollbackAbility(editor, m)),
  };
}

export const MIGRATION_ID = "TWlncmF0aW9uOjE=";

export function monitorMigration(overrides: Record<string, unknown> = {}) {
  const migration = {
    __typename: "Migration",
    id: MIGRATION_ID,
    type: "DOCUMENT_TO_REALM",
    status: "IN_PROGRESS",
    mode: "COPY",
    sourceRealm: { __typename: "Realm", id: "r1", name: "research" },
    targetRealm: { __typename: "Realm", id: "r2", name: "archive" },
    totalDocuments: 4,
    processedDocuments: 0,
    failedDocuments: 0,
    skippedDocuments: 0,
    cancelledDocuments: 0,
    rolledBackDocuments: 0,
    progress: 0,
    lastSequence: 2,
    createdAt: "2026-01-05T10:00:00.000Z",
    startedAt: "2026-01-05T10:00:01.000Z",
    completedAt: null,
    rollbackRequestedAt: null,
    rolledBackAt: null,
    scheduledAt: null,
    rollbackForced: false,
    options: {
      __typename: "MigrationOptions",
      migrationMode: "COPY",
      copyStageFiles: true,
      preserveOriginal: true,
      reprocessStages: ["INGESTOR"],
      targetDatabases: [],
      conflictPolicy: "FAIL",
      sourceDatabaseId: null,
      removeFromSource: false,
    },
    errors: [],
    ...overrides,
  };
  // What the server answers for this type and mode (Migration.rollbackEffect; mode is null where it does not apply).
  const kind = kindOf(migration.type as "DOCUMENT_TO_REALM");
  const mode = (migration.mode ?? "COPY") as "COPY" | "MOVE";
  Object.assign(migration, { rollbackEffect: kind.rollbackEffect(mode), mode: kind.usesMode ? migration.mode : null });
  const input = {
    status: migration.status,
    sourceRealmId: "r1",
    targetRealmId: "r2",
    failedDocuments: migration.failedDocuments,
    rollbackRequestedAt: migration.rollbackRequestedAt ? new Date(String(migration.rollbackRequestedAt)) : null,
  } as AbilityInput;
  return { ...abilities(input), ...migration };
}

let clock = 0;

/** A progress event; counts default to nothing done. */
export function progressEvent(
  sequence: number,
  type: MigrationEventType,
  overrides: Partial<MigrationProgressEvent> = {},
): MigrationProgressEvent {
  const event: Omit<MigrationProgressEvent, "canCancel" | "canRetry" | "canRollBack"> = {
    migrationId: MIGRATION_ID,
    sequence,
    type,
    status: "IN_PROGRESS",
    message: null,
    totalDocuments: 4,
    processedDocuments: 0,
    failedDocuments: 0,
    skippedDocuments: 0,
    cancelledDocuments: 0,
    rolledBackDocuments: 0,
    progress: 0,
    createdAt: new Date(Date.UTC(2026, 0, 5, 10, 0, 2) + clock++ * 1000).toISOString(),
    item: null,
    ...overrides,
  };
  return { ...abilities(abilityInputOf({ ...event, sourceRealmId: "r1", targetRealmId: "r2" })), ...event };
}

export function itemEvent(
  sequence: number,
  type: "ITEM_STARTED" | "ITEM_COMPLETED" | "ITEM_FAILED",
  documentId: string,
  counts: Partial<MigrationProgressEvent> = {},
  error?: { message: string; stage: Stage },
): MigrationProgressEvent {
  return progressEvent(sequence, type, {
    ...counts,
    item: {
      id: `item-${documentId}`,
      ordinal: 1,
      sourceDocumentId: documentId,
      targetDocumentId: null,
      status: type === "ITEM_STARTED" ? "IN_PROGRESS" : type === "ITEM_COMPLETED" ? "COMPLETED" : "FAILED",
      attempt: 1,
      error: error?.message ?? null,
      errorStage: error?.stage ?? null,
      rollbackStatus: null,
      rollbackError: null,
    },
  });
}

/** An event of a rollback about one item: undone, or not (with why). */
export function rollbackItemEvent(
  sequence: number,
  type: "ITEM_ROLLED_BACK" | "ITEM_ROLLBACK_FAILED",
  documentId: string,
  counts: Partial<MigrationProgressEvent> = {},
  rollbackError?: string,
): MigrationProgressEvent {
  return progressEvent(sequence, type, {
    status: "ROLLING_BACK",
    processedDocuments: 4,
    ...counts,
    item: {
      id: `item-${documentId}`,
      ordinal: 1,
      sourceDocumentId: documentId,
      targetDocumentId: `target-${documentId}`,
      status: "COMPLETED",
      attempt: 1,
      error: null,
      errorStage: null,
      rollbackStatus: type === "ITEM_ROLLED_BACK" ? "DONE" : "FAILED",
      rollbackError: rollbackError ?? null,
    },
  });
}
