// MigrationHistory: migrations newest first, a page at a time over the `migrations` connection, with a
// status filter. Pages are walked with cursors (a stack of `after` values for "Previous"). With a realm, its
// realmMigrationEvents keep the rows current: counts and statuses move with each event, a migration not on the
// page (or, under a status filter, a status change) reads the page again, and no Refresh is needed.
import { useEffect, useId, useRef, useState } from "react";
import { useQuery, useSubscription } from "urql";
import { HistoryMigrationsQuery, HistoryRealmEventsSubscription } from "./operations.ts";
import { StatusBadge } from "../status-badge.tsx";
import { ACTIVE_STATUSES, formatDateTime, formatPercent, statusLabel } from "../format.ts";
import {
  MIGRATION_LEVEL_EVENT_TYPES,
  MIGRATION_STATUSES,
  realmRoute,
  type MigrationStatus,
} from "@realm-migration/sdk";

export interface MigrationHistoryProps {
  /** Only migrations from or to this realm. */
  realmId?: string;
  pageSize?: number;
  /** Called with the id of the migration the user wants to look at. */
  onSelect?: (migrationId: string) => void;
  /** The id of the migration shown elsewhere (highlighted). */
  selectedId?: string | null;
  /** Change it to read the list again (e.g. when a migration ended). */
  refreshKey?: unknown;
}

interface LiveCounts {
  sequence: number;
  status: MigrationStatus;
  totalDocuments: number;
  processedDocuments: number;
  failedDocuments: number;
  rolledBackDocuments: number;
  progress: number;
}

// Without it an empty first page names no Migration type, and creating one would not refresh the list.
const CONTEXT = { additionalTypenames: ["Migration"] };

export function MigrationHistory({ realmId, pageSize = 10, onSelect, selectedId, refreshKey }: MigrationHistoryProps) {
  const ids = useId();
  const [status, setStatus] = useState<MigrationStatus | "">("");
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const [result, reexecute] = useQuery({
    query: HistoryMigrationsQuery,
    variables: { realmId, status: status || null, first: pageSize, after },
    context: CONTEXT,
  });

  useEffect(() => setCursors([null]), [realmId, status, pageSize]);
  useEffect(() => {
    if (refreshKey !== undefined) reexecute({ requestPolicy: "network-only" });
  }, [refreshKey, reexecute]);

  // The latest event of each migration seen live; applied over the page's rows when newer than them.
  const [live, setLive] = useState<Map<string, LiveCounts>>(() => new Map());
  useEffect(() => setLive(new Map()), [realmId]);
  const onPage = useRef(new Set<string>());
  const fetching = useRef(false);
  const filtered = useRef(false);
  const reload = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => clearTimeout(reload.current ?? undefined), []);
  useSubscription(
    { query: HistoryRealmEventsSubscription, variables: { realmId: realmId ?? "" }, pause: !realmId },
    (_, data) => {
      const event = data.realmMigrationEvents;
      setLive((current) => {
        const seen = current.get(event.migrationId);
        if (seen && seen.sequence >= event.sequence) return current;
        // Only the counts: the event's own `type` (e.g. item.completed) is not the migration's type.
        const { sequence, status, totalDocuments, processedDocuments, failedDocuments, rolledBackDocuments, progress } =
          event;
        return new Map(current).set(event.migrationId, {
          sequence,
          status,
          totalDocuments,
          processedDocuments,
          failedDocuments,
          rolledBackDocuments,
          progress,
        });
      });
      // A migration not on the page (a new one) reads the page again, as does a status change under a status
      // filter (the row may leave or join it); counts and statuses of rows shown are patched in place.
      const unknown = !onPage.current.has(event.migrationId);
      if ((unknown && !fetching.current) || (filtered.current && MIGRATION_LEVEL_EVENT_TYPES.includes(event.type))) {
        clearTimeout(reload.current ?? undefined);
        reload.current = setTimeout(() => reexecute({ requestPolicy: "network-only" }), unknown ? 0 : 250);
      }
      return data;
    },
  );

  const connection = result.data?.migrations;
  onPage.current = new Set(connection?.edges.map((e) => e.node.id) ?? []);
  fetching.current = result.fetching;
  filtered.current = status !== "";
  const pageNumber = cursors.length;
  const pages = connection ? Math.max(1, Math.ceil(connection.totalCount / pageSize)) : 1;

  return (
    <section className="rms-card rms-history" aria-labelledby={`${ids}-title`} aria-busy={result.fetching}>
      <header className="rms-history__header">
        <h2 id={`${ids}-title`}>Migration history</h2>
        <div className="rms-history__tools">
          <label htmlFor={`${ids}-status`}>Status</label>
          <select
            id={`${ids}-status`}
            value={status}
            onChange={(e) => setStatus(e.target.value as MigrationStatus | "")}
          >
            <option value="">All</option>
            {MIGRATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="rms-button rms-button--quiet"
            onClick={() => reexecute({ requestPolicy: "network-only" })}
          >
            Refresh<span className="rms-visually-hidden"> migration history</span>
          </button>
        </div>
      </header>

      {result.error && (
        <p role="alert" className="rms-error">
          {result.error.message}
        </p>
      )}
      {!connection && result.fetching && <p className="rms-muted">Loading migrations…</p>}
      {connection && connection.edges.length === 0 && (
        <p className="rms-muted">
          {status ? `No ${statusLabel(status).toLowerCase()} migrations.` : "No migrations yet."}
        </p>
      )}
      {connection && connection.edges.length > 0 && (
        <table className="rms-table">
          <caption className="rms-visually-hidden">Migrations, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Created</th>
              <th scope="col">Type</th>
              <th scope="col">From → to</th>
              <th scope="col">Status</th>
              <th scope="col">Documents</th>
              <th scope="col">
                <span className="rms-visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {connection.edges.map(({ node }) => {
              const event = live.get(node.id);
              const m =
                event && event.sequence > node.lastSequence
                  ? { ...node, ...event, lastSequence: event.sequence }
                  : node;
              return (
                <tr key={m.id} aria-current={m.id === selectedId ? "true" : undefined}>
                  <td>{formatDateTime(m.createdAt)}</td>
                  <td>{statusLabel(m.type)}</td>
                  <td>{realmRoute(m)}</td>
                  <td>
                    <StatusBadge status={m.status} />
                  </td>
                  <td>
                    {m.processedDocuments}/{m.totalDocuments}
                    {ACTIVE_STATUSES.includes(m.status) && <> ({formatPercent(m.progress)})</>}
                    {m.failedDocuments > 0 && <span className="rms-error-text"> · {m.failedDocuments} failed</span>}
                    {m.rolledBackDocuments > 0 && <> · {m.rolledBackDocuments} rolled back</>}
                  </td>
                  <td>
                    {onSelect && (
                      <button type="button" className="rms-link-button" onClick={() => onSelect(m.id)}>
                        Show<span className="rms-visually-hidden"> migration of {formatDateTime(m.createdAt)}</span>
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}

      <nav className="rms-pager" aria-label="Migration pages">
        <button
          type="button"
          className="rms-button rms-button--quiet"
          disabled={cursors.length === 1 || result.fetching}
          onClick={() => setCursors((c) => c.slice(0, -1))}
        >
          Previous
        </button>
        <span aria-live="polite">
          Page {pageNumber} of {pages}
          {connection && <> · {connection.totalCount} migrations</>}
        </span>
        <button
          type="button"
          className="rms-button rms-button--quiet"
          disabled={!connection?.pageInfo.hasNextPage || result.fetching}
          onClick={() => setCursors((c) => [...c, connection?.pageInfo.endCursor ?? null])}
        >
          Next
        </button>
      </nav>
    </section>
  );
}
