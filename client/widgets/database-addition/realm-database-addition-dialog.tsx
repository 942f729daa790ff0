// RealmDatabaseAdditionDialog: ingest a realm's existing documents into a database newly added to it.
// Every document is selected by default (select-all covers documents not loaded yet, sent as the
// filter {}); unticking some sends the chosen ids. The database is attached first when it is not yet.
import { useEffect, useRef, useState } from "react";
import { useMutation, useQuery } from "urql";
import { Dialog } from "../dialog.tsx";
import { StatusBadge } from "../status-badge.tsx";
import { AdditionAttachMutation, AdditionDocumentsQuery } from "./operations.ts";
import { readMigrationDetails, readTypedError, type MigrationDetails, type MigrationInput } from "@realm-migration/sdk";
import { CreateMigrationMutation } from "@realm-migration/sdk/operations";

export interface RealmDatabaseAdditionDialogProps {
  open: boolean;
  realm: { id: string; name: string };
  database: { id: string; name: string; kind?: string };
  onClose: () => void;
  /** Called with the new migration as createMigration returned it (a monitor's `initialMigration`). */
  onStarted: (migration: MigrationDetails) => void;
  /** Documents loaded per page (default 100). */
  pageSize?: number;
}

/** All documents, except those unticked; or only those ticked. */
type Selection = { all: true; except: Set<string> } | { all: false; only: Set<string> };

export function RealmDatabaseAdditionDialog(props: RealmDatabaseAdditionDialogProps) {
  const { open, realm, database, onClose, onStarted, pageSize = 100 } = props;
  const [after, setAfter] = useState<string | null>(null);
  const [documents, setDocuments] = useState<Array<{ id: string; title: string; status: string }>>([]);
  const [selection, setSelection] = useState<Selection>({ all: true, except: new Set() });
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [page] = useQuery({
    query: AdditionDocumentsQuery,
    variables: { realmId: realm.id, first: pageSize, after },
    pause: !open,
    requestPolicy: "network-only",
  });
  const [, attach] = useMutation(AdditionAttachMutation);
  const [, create] = useMutation(CreateMigrationMutation);
  const selectAll = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!open) return;
    setAfter(null);
    setDocuments([]);
    setSelection({ all: true, except: new Set() });
    setError(null);
  }, [open, realm.id, database.id]);

  const connection = page.data?.documents;
  useEffect(() => {
    if (!connection) return;
    const loaded = connection.edges.map((e) => e.node);
    setDocuments((previous) => {
      const known = new Set(previous.map((d) => d.id));
      return [...previous, ...loaded.filter((d) => !known.has(d.id))];
    });
  }, [connection]);

  const total = connection?.totalCount ?? 0;
  const isSelected = (id: string) => (selection.all ? !selection.except.has(id) : selection.only.has(id));
  // With some unticked, explicit ids are sent, and ids can only name loaded documents.
  const selectedCount = !selection.all
    ? selection.only.size
    : selection.except.size === 0
      ? total
      : documents.filter((d) => !selection.except.has(d.id)).length;
  const attached = page.data?.realm?.databases.some((d) => d.database.id === database.id) ?? false;

  useEffect(() => {
    if (selectAll.current) selectAll.current.indeterminate = selectedCount > 0 && selectedCount < total;
  }, [selectedCount, total]);

  const toggle = (id: string, on: boolean) =>
    setSelection((s) => {
      const set = new Set(s.all ? s.except : s.only);
      if (s.all === on) set.delete(id);
      else set.add(id);
      return s.all ? { all: true, except: set } : { all: false, only: set };
    });

  const start = async () => {
    setStarting(true);
    setError(null);
    try {
      if (!attached) {
        const linked = (await attach({ realmId: realm.id, databaseId: database.id })).data?.addDatabaseToRealm;
        if (!linked || !("data" in linked)) {
          setError(readTypedError(linked)?.message ?? "Could not attach the database.");
          return;
        }
      }
      const input: MigrationInput = {
        type: "REALM_DATABASE_ADDITION",
        sourceRealmId: realm.id,
        targetRealmId: realm.id,
        options: { targetDatabases: [database.id] },
        ...(selection.all && selection.except.size === 0
          ? { filter: {} }
          : { documentIds: documents.filter((d) => isSelected(d.id)).map((d) => d.id) }),
      };
      const result = await create({ input });
      const outcome = result.data?.createMigration;
      if (outcome && "data" in outcome) {
        onStarted(readMigrationDetails(outcome.data));
        onClose();
      } else {
        setError(readTypedError(outcome)?.message ?? result.error?.message ?? "Could not start.");
      }
    } finally {
      setStarting(false);
    }
  };

  const unloadedDropped = selection.all && selection.except.size > 0 && documents.length < total;

  return (
    <Dialog
      open={open}
      title={`Add ${database.name} to ${realm.name}`}
      description="Ingest the realm's existing documents into the new database. Existing ingestions stay untouched."
      onClose={onClose}
      footer={
        <>
          <button type="button" className="rms-button rms-button--quiet" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="rms-button rms-button--primary"
            disabled={starting || page.fetching || selectedCount === 0}
            onClick={() => void start()}
          >
            {starting ? "Starting…" : `Ingest ${selectedCount} document${selectedCount === 1 ? "" : "s"}`}
          </button>
        </>
      }
    >
      {page.error && (
        <p role="alert" className="rms-error">
          {page.error.message}
        </p>
      )}
      <label className="rms-choice rms-select-all">
        <input
          ref={selectAll}
          type="checkbox"
          data-autofocus
          checked={selectedCount === total && total > 0}
          onChange={(event) =>
            setSelection(event.target.checked ? { all: true, except: new Set() } : { all: false, only: new Set() })
          }
        />
        Select all {total} documents
      </label>
      <ul className="rms-document-list" aria-label={`Documents of ${realm.name}`} aria-busy={page.fetching}>
        {documents.map((d) => (
          <li key={d.id}>
            <label className="rms-choice">
              <input
                type="checkbox"
                checked={isSelected(d.id)}
                onChange={(event) => toggle(d.id, event.target.checked)}
              />
              <span className="rms-document-title">{d.title}</span>
              <StatusBadge status={d.status} />
            </label>
          </li>
        ))}
      </ul>
      {page.fetching && <p className="rms-muted">Loading documents…</p>}
      {!page.fetching && total === 0 && !page.error && <p className="rms-muted">This realm has no documents yet.</p>}
      {connection?.pageInfo.hasNextPage && (
        <button
          type="button"
          className="rms-button rms-button--quiet"
          disabled={page.fetching}
          onClick={() => setAfter(connection.pageInfo.endCursor ?? null)}
        >
          Load more ({total - documents.length} not shown)
        </button>
      )}
      {unloadedDropped && (
        <p className="rms-warning">Only loaded documents can be picked one by one: load the rest to include them.</p>
      )}
      {!attached && page.data && <p className="rms-muted">{database.name} will be attached to the realm first.</p>}
      {error && (
        <p role="alert" className="rms-error">
          {error}
        </p>
      )}
    </Dialog>
  );
}
