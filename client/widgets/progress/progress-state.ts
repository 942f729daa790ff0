// The monitor's state: a snapshot of the migration at some sequence number, moved forward by progress
// events with higher sequence numbers. Anything at or below the current sequence is already included,
// so replays after a reconnect and stale mutation results change nothing. A rollback moves the same
// state on with its own events (MIGRATION_ROLLING_BACK, ITEM_ROLLED_BACK, ITEM_ROLLBACK_FAILED, …): they
// count rolledBackDocuments and list the items that could not be undone, and leave the run's end time
// and failed documents as they were.
import {
  isFinalEvent,
  type MigrationDetails,
  type MigrationEventType,
  type MigrationProgressEvent,
  type Stage,
} from "@realm-migration/sdk";

/** The migration as the monitor shows it: the SDK's MigrationDetails (summary, options, errors). */
export type MonitorMigration = MigrationDetails;

/** Shown instead of an error text the server hides (it may describe a realm the token cannot read). */
export const HIDDEN_DETAILS = "details hidden (the migration's other realm is not readable with your token)";

export interface FailedDocument {
  /** Null when the token cannot read the source realm. */
  documentId: string | null;
  stage: Stage | null;
  message: string;
  at: string;
}

/** An item the latest rollback could not undo. */
export interface RollbackFailure {
  itemId: string;
  documentId: string | null;
  message: string;
}

export interface MonitorState {
  migration: MonitorMigration | null;
  failures: FailedDocument[];
  rollbackFailures: RollbackFailure[];
  /** Sequence number of the last change included. */
  sequence: number;
}

export type MonitorAction =
  | { type: "reset" }
  | { type: "snapshot"; migration: MonitorMigration }
  | { type: "event"; event: MigrationProgressEvent }
  /** Items read for the snapshot at `sequence` (ignored once events moved past it). */
  | { type: "rollbackFailures"; sequence: number; failures: RollbackFailure[] };

export const initialMonitorState: MonitorState = { migration: null, failures: [], rollbackFailures: [], sequence: 0 };

export function reduceMonitor(state: MonitorState, action: MonitorAction): MonitorState {
  switch (action.type) {
    case "reset":
      return initialMonitorState;
    case "snapshot": {
      const { migration } = action;
      if (state.migration && migration.lastSequence < state.sequence) return state;
      return {
        migration,
        failures: migration.errors.map((e) => ({
          documentId: e.documentId,
          stage: e.stage ?? null,
          message: e.message ?? HIDDEN_DETAILS,
          at: e.timestamp,
        })),
        // A snapshot does not list them; a failed rollback's are read separately ("rollbackFailures").
        rollbackFailures: [],
        sequence: migration.lastSequence,
      };
    }
    case "event":
      return applyEvent(state, action.event);
    case "rollbackFailures":
      return action.sequence === state.sequence ? { ...state, rollbackFailures: action.failures } : state;
  }
}

/** The migration's latest rollback was requested (it is under way, done, or ended incomplete). */
export function inRollback(migration: Pick<MonitorMigration, "rollbackRequestedAt">): boolean {
  return migration.rollbackRequestedAt != null;
}

/** A rollback ended FAILED: some items could not be undone (calling rollbackMigration again retries them). */
export function rollbackIncomplete(migration: Pick<MonitorMigration, "status" | "rollbackRequestedAt">): boolean {
  return migration.status === "FAILED" && inRollback(migration);
}

const isRollbackEvent = (type: MigrationEventType) => type.startsWith("MIGRATION_ROLL") || type.startsWith("ITEM_ROLL");

function applyEvent(state: MonitorState, event: MigrationProgressEvent): MonitorState {
  const current = state.migration;
  if (!current || event.sequence <= state.sequence) return state;
  const migration: MonitorMigration = {
    ...current,
    status: event.status,
    totalDocuments: event.totalDocuments,
    processedDocuments: event.processedDocuments,
    failedDocuments: event.failedDocuments,
    skippedDocuments: event.skippedDocuments,
    cancelledDocuments: event.cancelledDocuments,
    rolledBackDocuments: event.rolledBackDocuments,
    progress: event.progress,
    lastSequence: event.sequence,
    // What the buttons offer, as the server decided it for this token at this event.
    canCancel: event.canCancel,
    canRetry: event.canRetry,
    canRollBack: event.canRollBack,
  };
  if (isRollbackEvent(event.type)) return applyRollbackEvent(state, event, migration);
  if (event.type === "MIGRATION_STARTED") migration.startedAt ??= event.createdAt;
  if (isFinalEvent(event)) migration.completedAt = event.createdAt;
  if (event.type === "ITEMS_REQUEUED") migration.completedAt = null;

  let failures = state.failures;
  const item = event.item;
  if (item) {
    failures = failures.filter((f) => f.documentId === null || f.documentId !== item.sourceDocumentId);
    if (event.type === "ITEM_FAILED")
      failures = [
        ...failures,
        {
          documentId: item.sourceDocumentId,
          stage: item.errorStage ?? null,
          message: item.error ?? (item.sourceDocumentId === null ? HIDDEN_DETAILS : "failed"),
          at: event.createdAt,
        },
      ];
  } else if (event.type === "ITEMS_REQUEUED" && event.failedDocuments === 0) {
    failures = [];
  }
  return { ...state, migration, failures, sequence: event.sequence };
}

function applyRollbackEvent(
  state: MonitorState,
  event: MigrationProgressEvent,
  migration: MonitorMigration,
): MonitorState {
  let rollbackFailures = state.rollbackFailures;
  if (event.type === "MIGRATION_ROLLING_BACK") {
    // Requested again after an incomplete rollback: the failed items are queued again.
    migration.rollbackRequestedAt = event.createdAt;
    migration.rolledBackAt = null;
    rollbackFailures = [];
  }
  if (event.type === "MIGRATION_ROLLED_BACK") migration.rolledBackAt = event.createdAt;
  const item = event.item;
  if (item && (event.type === "ITEM_ROLLED_BACK" || event.type === "ITEM_ROLLBACK_FAILED")) {
    rollbackFailures = rollbackFailures.filter((f) => f.itemId !== item.id);
    if (event.type === "ITEM_ROLLBACK_FAILED")
      rollbackFailures = [
        ...rollbackFailures,
        {
          itemId: item.id,
          documentId: item.sourceDocumentId,
          message: item.rollbackError ?? event.message ?? "could not be undone",
        },
      ];
  }
  return { ...state, migration, rollbackFailures, sequence: event.sequence };
}
