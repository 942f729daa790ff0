// MigrationProgressMonitor: status, progress bar, failed documents, Retry failed / Cancel / Roll back, and
// times of one migration, kept current by the migrationProgress subscription (never by polling). Once a
// rollback is requested the bar and counts follow it (undone / total) and items it could not undo are listed.
import { useEffect, useId, useRef, useState } from "react";
import { StatusBadge } from "../status-badge.tsx";
import { ACTIVE_STATUSES, formatDateTime, formatPercent, shortId, statusLabel } from "../format.ts";
import { useMigrationProgress, type ConnectionState } from "./use-migration-progress.ts";
import { inRollback, rollbackIncomplete } from "./progress-state.ts";
import { RollbackDialog } from "./rollback-dialog.tsx";
import { realmRoute, type MigrationStatus } from "@realm-migration/sdk";

export interface MigrationProgressMonitorProps {
  migrationId: string;
  /** Called when the status changes, e.g. to refresh a history list when the migration ends. */
  onStatusChange?: (status: MigrationStatus) => void;
}

const MAX_LISTED_FAILURES = 100;

const CONNECTION_TEXT: Record<ConnectionState, string> = {
  loading: "Loading…",
  live: "Live",
  reconnecting: "Reconnecting…",
  ended: "Finished",
  error: "Disconnected",
};

export function MigrationProgressMonitor({ migrationId, onStatusChange }: MigrationProgressMonitorProps) {
  const progress = useMigrationProgress(migrationId);
  const { migration, failures, rollbackFailures, connection } = progress;
  const headingId = useId();
  const barId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [confirmingRollback, setConfirmingRollback] = useState(false);
  // The Roll back button is gone once the rollback runs: focus goes to the heading instead of the page.
  const focusHeading = useRef(false);
  useEffect(() => {
    if (confirmingRollback || !focusHeading.current) return;
    focusHeading.current = false;
    heading.current?.focus();
  }, [confirmingRollback]);

  const reported = useRef<MigrationStatus | null>(null);
  useEffect(() => {
    if (migration && reported.current !== migration.status) {
      reported.current = migration.status;
      onStatusChange?.(migration.status);
    }
  }, [migration, onStatusChange]);

  if (!migration) {
    return (
      <section className="rms-card rms-monitor" aria-busy={connection === "loading"} aria-labelledby={headingId}>
        <h2 id={headingId} ref={heading} tabIndex={-1}>
          Migration
        </h2>
        {progress.error ? (
          <p role="alert" className="rms-error">
            {progress.error}
          </p>
        ) : (
          <p className="rms-muted">Loading migration…</p>
        )}
      </section>
    );
  }

  const total = migration.totalDocuments;
  const finished = migration.processedDocuments + migration.failedDocuments + migration.cancelledDocuments;
  // Cancel, Retry failed and Roll back follow the server's canCancel/canRetry/canRollBack (token rights included).
  const canCancel = migration.canCancel.allowed;
  const rollback = inRollback(migration);
  const incomplete = rollbackIncomplete(migration);
  const notUndone = total - migration.rolledBackDocuments;
  const canRetry = migration.canRetry.allowed;
  const canRollBack = migration.canRollBack.allowed;
  const listedRollbackFailures = Math.min(rollbackFailures.length, MAX_LISTED_FAILURES);
  // Once an incomplete rollback ended every item not undone failed; while it runs only those seen count.
  const unlisted = (incomplete ? notUndone : rollbackFailures.length) - listedRollbackFailures;

  return (
    <section className="rms-card rms-monitor" aria-labelledby={headingId} data-status={migration.status}>
      <header className="rms-monitor__header">
        <h2 id={headingId} ref={heading} tabIndex={-1}>
          {realmRoute(migration)}
        </h2>
        <StatusBadge status={migration.status} />
      </header>
      <p className="rms-muted rms-monitor__meta">
        {statusLabel(migration.type)} · {migration.type === "DOCUMENT_TO_REALM" && <>{migration.mode} · </>}
        <span className={`rms-connection rms-connection--${connection}`}>{CONNECTION_TEXT[connection]}</span>
      </p>

      <label htmlFor={barId} className="rms-monitor__label">
        {rollback ? "Rollback progress" : "Progress"}
      </label>
      <progress id={barId} className="rms-progress" max={1} value={migration.progress} />
      <p className="rms-monitor__counts" role="status" aria-live="polite" aria-atomic="true">
        {rollback ? (
          <>
            {migration.status === "ROLLING_BACK" && "Rolling back… "}
            {migration.rolledBackDocuments}/{total} documents rolled back · {formatPercent(migration.progress)}
            {incomplete && notUndone > 0 && <> · {notUndone} not undone</>}
          </>
        ) : (
          <>
            {migration.processedDocuments} of {total} documents processed · {formatPercent(migration.progress)}
            {migration.failedDocuments > 0 && <> · {migration.failedDocuments} failed</>}
            {migration.skippedDocuments > 0 && <> · {migration.skippedDocuments} skipped</>}
            {migration.cancelledDocuments > 0 && <> · {migration.cancelledDocuments} cancelled</>}
            {total > 0 && finished < total && ACTIVE_STATUSES.includes(migration.status) && (
              <> · {total - finished} to go</>
            )}
          </>
        )}
      </p>

      <dl className="rms-monitor__times">
        <div>
          <dt>Created</dt>
          <dd>{formatDateTime(migration.createdAt)}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatDateTime(migration.startedAt)}</dd>
        </div>
        <div>
          <dt>Completed</dt>
          <dd>{formatDateTime(migration.completedAt)}</dd>
        </div>
        {rollback && (
          <div>
            <dt>Rolled back</dt>
            <dd>
              {formatDateTime(migration.rolledBackAt)}
              {migration.rollbackForced && " (forced)"}
            </dd>
          </div>
        )}
      </dl>

      {(incomplete || rollbackFailures.length > 0) && (
        <div className="rms-monitor__failures">
          {incomplete && (
            <p role="alert" className="rms-error">
              Rollback incomplete: {notUndone} of {total} document(s) could not be undone. Fix the cause, then retry the
              rollback.
            </p>
          )}
          {rollbackFailures.length > 0 && (
            <>
              <h3>Not rolled back</h3>
              <ul>
                {rollbackFailures.slice(0, MAX_LISTED_FAILURES).map((failure) => (
                  <li key={failure.itemId}>
                    <DocumentId id={failure.documentId} />
                    <span className="rms-failure-message">{failure.message}</span>
                  </li>
                ))}
              </ul>
              {unlisted > 0 && <p className="rms-muted">and {unlisted} more</p>}
            </>
          )}
        </div>
      )}

      {failures.length > 0 && (
        <div className="rms-monitor__failures">
          <h3>Failed documents</h3>
          <ul>
            {failures.slice(0, MAX_LISTED_FAILURES).map((failure, index) => (
              <li key={failure.documentId ?? `hidden-${index}`}>
                <DocumentId id={failure.documentId} />
                {failure.stage && <span className="rms-stage">{failure.stage}</span>}
                <span className="rms-failure-message">{failure.message}</span>
              </li>
            ))}
          </ul>
          {failures.length > MAX_LISTED_FAILURES && (
            <p className="rms-muted">and {failures.length - MAX_LISTED_FAILURES} more</p>
          )}
        </div>
      )}

      {(progress.actionError || progress.error) && (
        <p role="alert" className="rms-error">
          {progress.actionError ?? progress.error}
        </p>
      )}

      <div className="rms-actions">
        <button
          type="button"
          className="rms-button"
          disabled={!canRetry || progress.busy !== null}
          title={migration.canRetry.reason ?? undefined}
          onClick={() => void progress.retryFailed()}
        >
          {progress.busy === "retry" ? "Retrying…" : "Retry failed"}
        </button>
        <button
          type="button"
          className="rms-button rms-button--danger"
          disabled={!canCancel || progress.busy !== null}
          title={migration.canCancel.reason ?? undefined}
          onClick={() => void progress.cancel()}
        >
          {progress.busy === "cancel" ? "Cancelling…" : "Cancel"}
        </button>
        {canRollBack && (
          <button
            type="button"
            className="rms-button rms-button--danger"
            aria-haspopup="dialog"
            disabled={progress.busy !== null}
            onClick={() => setConfirmingRollback(true)}
          >
            {incomplete ? "Retry rollback…" : "Roll back…"}
          </button>
        )}
      </div>

      {confirmingRollback && (
        <RollbackDialog
          migration={migration}
          busy={progress.busy === "rollback"}
          onClose={() => setConfirmingRollback(false)}
          onConfirm={async (force) => {
            const refusal = await progress.rollBack(force);
            if (!refusal) focusHeading.current = true;
            return refusal;
          }}
        />
      )}
    </section>
  );
}

/** A document id, shortened; the server hides ids of a realm the token cannot read. */
function DocumentId({ id }: { id: string | null }) {
  return id ? <code title={id}>{shortId(id)}</code> : <code title="in a realm you cannot read">hidden</code>;
}
