// The confirmation before a rollback: what undoing this migration does (the server's rollbackEffect, in the
// terms of its type and mode). When the API refuses because documents the migration wrote changed since (CONFLICT on
// ["force"]), its message is shown and the confirm button becomes "Roll back anyway" (force: true).
import { useState } from "react";
import { Dialog } from "../dialog.tsx";
import { rollbackIncomplete, type MonitorMigration } from "./progress-state.ts";
import type { RollbackRefusal } from "./use-migration-progress.ts";

export interface RollbackDialogProps {
  migration: MonitorMigration;
  /** A request is under way. */
  busy: boolean;
  onClose: () => void;
  /** Requests the rollback: null when it was accepted (the dialog then closes), else why not. */
  onConfirm: (force: boolean) => Promise<RollbackRefusal | null>;
}

/** Rendered while open: mount it to ask, unmount it to close (a new question starts without a refusal). */
export function RollbackDialog({ migration, busy, onClose, onConfirm }: RollbackDialogProps) {
  const [refusal, setRefusal] = useState<RollbackRefusal | null>(null);
  const retry = rollbackIncomplete(migration);
  const force = refusal?.forceable ?? false;
  const notUndone = migration.totalDocuments - migration.rolledBackDocuments;

  const confirm = async () => {
    if (busy) return;
    const outcome = await onConfirm(force);
    if (outcome) setRefusal(outcome);
    else onClose();
  };

  return (
    <Dialog
      open
      title={retry ? "Retry the rollback?" : "Roll back this migration?"}
      description={migration.rollbackEffect}
      // A request under way cannot be taken back: its answer is shown here.
      onClose={() => !busy && onClose()}
      footer={
        <>
          <button
            type="button"
            className="rms-button rms-button--quiet"
            data-autofocus
            aria-disabled={busy}
            onClick={() => !busy && onClose()}
          >
            Keep migration
          </button>
          <button
            type="button"
            className="rms-button rms-button--danger"
            aria-disabled={busy}
            onClick={() => void confirm()}
          >
            {busy ? "Requesting…" : force ? "Roll back anyway" : retry ? "Retry rollback" : "Roll back"}
          </button>
        </>
      }
    >
      <p>
        {retry
          ? `The ${notUndone} document(s) that could not be undone last time are tried again.`
          : `Its ${migration.totalDocuments} document(s) are undone newest first; this monitor follows the progress.`}{" "}
        If documents it wrote were changed since, you are asked again before those changes are discarded.
      </p>
      {refusal && (
        <p role="alert" className="rms-error">
          {refusal.message}
        </p>
      )}
      {force && (
        <p className="rms-muted">
          Rolling back anyway discards the changes made to those documents since the migration.
        </p>
      )}
    </Dialog>
  );
}
