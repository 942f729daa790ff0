// The monitor's state: a snapshot of the migration at some sequence number, moved forward by progress
// events with higher sequence numbers. Anything at or below the current sequence is already included,
// so replays after a reconnect and stale mutation results change nothing.
import type { ResultOf } from "@graphql-typed-document-node/core";
import type { MigrationProgressEvent } from "../../sdk/index.ts";
import type { MonitorMigrationFragment } from "./operations.ts";

export type MonitorMigration = Omit<ResultOf<typeof MonitorMigrationFragment>, " $fragmentName">;

export interface FailedDocument {
  documentId: string;
  stage: string | null;
  message: string;
  at: string;
}

export interface MonitorState {
  migration: MonitorMigration | null;
  failures: FailedDocument[];
  /** Sequence number of the last change included. */
  sequence: number;
}

export type MonitorAction =
  | { type: "reset" }
  | { type: "snapshot"; migration: MonitorMigration }
  | { type: "event"; event: MigrationProgressEvent };

export const initialMonitorState: MonitorState = { migration: null, failures: [], sequence: 0 };

const FINAL = ["COMPLETED", "FAILED", "CANCELLED", "ROLLED_BACK"];

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
          message: e.message,
          at: e.timestamp,
        })),
        sequence: migration.lastSequence,
      };
    }
    case "event":
      return applyEvent(state, action.event);
  }
}

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
    progress: event.progress,
    lastSequence: event.sequence,
  };
  if (event.type === "migration.started") migration.startedAt ??= event.createdAt;
  if (event.type.startsWith("migration.") && FINAL.includes(event.status)) migration.completedAt = event.createdAt;
  if (event.type === "items.requeued") migration.completedAt = null;

  let failures = state.failures;
  const item = event.item;
  if (item) {
    failures = failures.filter((f) => f.documentId !== item.sourceDocumentId);
    if (event.type === "item.failed")
      failures = [
        ...failures,
        {
          documentId: item.sourceDocumentId,
          stage: item.errorStage ?? null,
          message: item.error ?? "failed",
          at: event.createdAt,
        },
      ];
  } else if (event.type === "items.requeued" && event.failedDocuments === 0) {
    failures = [];
  }
  return { migration, failures, sequence: event.sequence };
}
