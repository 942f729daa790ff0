// MigrationProgressMonitor: status, progress bar, failed documents, Retry failed / Cancel / Roll back, and
// times of one migration, kept current by the migrationProgress subscription (never by polling). Once a
// rollback is requested the bar and counts follow it (undone / total) and items it could not undo are listed.
// The bar shows processed, failed, skipped and cancelled documents as segments of one bar; failed documents
// are listed by title with the stage that failed and its message.
import { useEffect, useId, useRef, useState } from "react";
import { StatusBadge } from "../status-badge.tsx";
import { ACTIVE_STATUSES, formatDateTime, formatPercent, shortId, stageLabel, statusLabel } from "../format.ts";
import { useMigrationProgress, type ConnectionState } from "./use-migration-progress.ts";
import { inRollback, rollbackIncomplete } from "./progress-state.ts";
import { RollbackDialog } from "./rollback-dialog.tsx";
import { useDocumentTitles } from "./document-titles.ts";
import { RetrievalParity } from "./retrieval-parity.tsx";
import { realmRoute, type MigrationDetails, type MigrationStatus } from "@realm-migration/sdk";

export interface MigrationProgressMonitorProps {
  migrationId: string;
  /** Called when the status changes, e.g. to refresh a history list when the migration ends. */
  onStatusChange?: (status: MigrationStatus) => void;
  /**
   * The migration as createMigration returned it (DocumentMigrationDialog's onStarted gives it): shown at once,
   * without the snapshot query. Ignored unless its id is `migrationId`.
   */
  initialMigration?: MigrationDetails | null;
  /** Makes each failed document's title a link that calls this with the document's id (e.g. to open it). */
  onOpenDocument?: (documentId: string) => void;
}

const MAX_LISTED_FAILURES = 100;

const CONNECTION_TEXT: Record<ConnectionState, string> = {
  loading: "Loading…",
  live: "Live",
  reconnecting: "Reconnecting…",
  ended: "Finished",
  error: "Disconnected",
};

export function MigrationProgressMonitor({
  migrationId,
  onStatusChange,
  onOpenDocument,
  initialMigration,
}: MigrationProgressMonitorProps) {
  const progress = useMigrationProgress(migrationId, initialMigration);
  const { migration, failures, rollbackFailures, connection } = progress;
  const titles = useDocumentTitles(
    [...failures, ...rollbackFailures].slice(0, MAX_LISTED_FAILURES * 2).map((f) => f.documentId),
  );
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
        {statusLabel(migration.type)} · {migration.mode && <>{migration.mode} · </>}
        <span className={`rms-connection rms-connection--${connection}`}>{CONNECTION_TEXT[connection]}</span>
      </p>

      <label htmlFor={barId} className="rms-monitor__label">
        {rollback ? "Rollback progress" : "Progress"}
      </label>
      {/* The native bar carries the value for assistive technology; the segments show what became of each document. */}
      <progress id={barId} className="rms-visually-hidden" max={1} value={migration.progress} />
      <SegmentedBar migration={migration} rollback={rollback} />
      <p className="rms-monitor__counts" role="status" aria-live="polite" aria-atomic="true">
        {rollback ? (
          <>
            {migration.status === "ROLLING_BACK" && "Rolling back… "}
            {migration.rolledBackDocuments}/{total} documents rolled back · {formatPercent(migration.progress)}
            {incomplete && notUndone > 0 && <> · {notUndone} not undone</>}
          </>
        ) : (
          <>
            {migration.processedDocuments} of {total} documents processed
            {!CANCELLED_STATUSES.includes(migration.status) && <> · {formatPercent(migration.progress)}</>}
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
          <dt>{endLabel(migration.status, rollback)}</dt>
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

      {!rollback && (
        <RetrievalParity migrationId={migrationId} status={migration.status} endedAt={migration.completedAt} />
      )}

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
                    <DocumentRef id={failure.documentId} titles={titles} onOpen={onOpenDocument} />
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
                <DocumentRef id={failure.documentId} titles={titles} onOpen={onOpenDocument} />
                {failure.stage && <span className="rms-stage">{stageLabel(failure.stage)}</span>}
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

const CANCELLED_STATUSES: readonly MigrationStatus[] = ["CANCELLING", "CANCELLED"];

/** What the end time of the run is called: a cancelled or failed run did not complete. */
function endLabel(status: MigrationStatus, rollback: boolean): string {
  if (rollback) return "Completed";
  if (CANCELLED_STATUSES.includes(status)) return "Cancelled";
  if (status === "FAILED") return "Ended";
  return "Completed";
}

/** Processed, failed, skipped and cancelled documents (or, in a rollback, those undone) as segments of one bar. */
function SegmentedBar({
  migration,
  rollback,
}: {
  migration: {
    totalDocuments: number;
    processedDocuments: number;
    failedDocuments: number;
    skippedDocuments: number;
    cancelledDocuments: number;
    rolledBackDocuments: number;
  };
  rollback: boolean;
}) {
  const total = Math.max(1, migration.totalDocuments);
  const segments = rollback
    ? [{ kind: "rolled-back", count: migration.rolledBackDocuments }]
    : [
        { kind: "processed", count: Math.max(0, migration.processedDocuments - migration.skippedDocuments) },
        { kind: "skipped", count: migration.skippedDocuments },
        { kind: "failed", count: migration.failedDocuments },
        { kind: "cancelled", count: migration.cancelledDocuments },
      ];
  return (
    <div className="rms-segments" aria-hidden="true">
      {segments
        .filter((s) => s.count > 0)
        .map((s) => (
          <span
            key={s.kind}
            className={`rms-segments__part rms-segments__part--${s.kind}`}
            data-segment={s.kind}
            data-count={s.count}
            style={{ width: `${(Math.min(s.count, total) / total) * 100}%` }}
          />
        ))}
    </div>
  );
}

/**
 * A document by title once known (a link when the host can open documents), else its shortened id; the
 * server hides ids of a realm the token cannot read.
 */
function DocumentRef({
  id,
  titles,
  onOpen,
}: {
  id: string | null;
  titles: Map<string, string>;
  onOpen: ((documentId: string) => void) | undefined;
}) {
  if (!id) return <code title="in a realm you cannot read">hidden</code>;
  const title = titles.get(id);
  if (!title) return <code title={id}>{shortId(id)}</code>;
  return onOpen ? (
    <button type="button" className="rms-link-button rms-document-ref" title={id} onClick={() => onOpen(id)}>
      {title}
    </button>
  ) : (
    <span className="rms-document-ref" title={id}>
      {title}
    </span>
  );
}
