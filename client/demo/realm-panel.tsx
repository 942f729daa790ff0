// One realm: its databases, its documents (select some to migrate, open one in detail), uploading files (each
// file on its own, one result line per file), and adding a database — the buttons that open the widgets'
// dialogs. The list follows the realm's document events: a status changes in place, a document it does not
// show yet reads the list again; Refresh is only for after a lost connection.
import { useEffect, useId, useRef, useState } from "react";
import { useQuery, useSubscription } from "urql";
import { StatusBadge } from "../widgets/index.ts";
import { formatBytes } from "../widgets/format.ts";
import type { MigrationClient } from "../sdk/index.ts";
import { DemoDocumentEventsSubscription, DemoDocumentsQuery } from "./operations.ts";
import { AddDatabaseForm, type DatabaseRef } from "./add-database-form.tsx";

export interface RealmPanelProps {
  sdk: MigrationClient;
  realm: { id: string; name: string; databases: Array<{ database: DatabaseRef }> };
  databases: DatabaseRef[];
  admin: boolean;
  onMigrate: (documentIds: string[] | undefined) => void;
  onAddDatabase: (database: DatabaseRef) => void;
  /** Changes when documents may have changed elsewhere (e.g. a migration ended). */
  refreshKey: number;
  onChanged: () => void;
  /** Opens a document in the detail panel. */
  onOpenDocument: (documentId: string) => void;
  /** Told of every document event of the realm (the detail panel reads its document again). */
  onDocumentEvent: (documentId: string) => void;
}

interface UploadResult {
  fileName: string;
  /** Null when it was uploaded and queued for processing. */
  error: string | null;
}

type LiveStatus = { status: string; error: string | null };

const CONTEXT = { additionalTypenames: ["Document"] };

export function RealmPanel({
  sdk,
  realm,
  databases,
  admin,
  onMigrate,
  onAddDatabase,
  refreshKey,
  onChanged,
  onOpenDocument,
  onDocumentEvent,
}: RealmPanelProps) {
  const id = useId();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [uploading, setUploading] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [uploads, setUploads] = useState<UploadResult[]>([]);
  const [docs, reexecute] = useQuery({ query: DemoDocumentsQuery, variables: { realmId: realm.id }, context: CONTEXT });
  // Statuses pushed by document events since the list was read, by document id.
  const [live, setLive] = useState<Map<string, LiveStatus>>(() => new Map());

  useEffect(() => {
    // Messages and results belong to the realm they were about.
    setSelected(new Set());
    setMessage(null);
    setUploads([]);
    setLive(new Map());
  }, [realm.id]);
  useEffect(() => reexecute({ requestPolicy: "network-only" }), [refreshKey, reexecute]);
  useEffect(() => setLive(new Map()), [docs.data]);

  const documents = docs.data?.documents.edges.map((e) => e.node) ?? [];
  const shown = useRef(new Set<string>());
  shown.current = new Set(documents.map((d) => d.id));
  const reload = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => clearTimeout(reload.current ?? undefined), []);
  const fetching = useRef(false);
  fetching.current = docs.fetching;
  const eventHandlers = useRef({ onDocumentEvent });
  eventHandlers.current = { onDocumentEvent };

  useSubscription({ query: DemoDocumentEventsSubscription, variables: { realmId: realm.id } }, (_, data) => {
    const event = data.realmDocumentEvents;
    eventHandlers.current.onDocumentEvent(event.documentId);
    const known = shown.current.has(event.documentId);
    if (known && event.type !== "document.deleted") {
      setLive((current) => new Map(current).set(event.documentId, { status: event.status, error: event.error }));
    } else if (!fetching.current && (known || (event.status !== "MIGRATING" && event.status !== "RETIRED"))) {
      // A document the list does not show (yet), or one gone: read the list again, once per burst (a read in
      // flight already includes it).
      clearTimeout(reload.current ?? undefined);
      reload.current = setTimeout(() => reexecute({ requestPolicy: "network-only" }), 100);
    }
    return data;
  });

  const allSelected = documents.length > 0 && documents.every((d) => selected.has(d.id));

  /** Each file on its own: a bad one is reported and the others are still uploaded. */
  const upload = async (files: File[]) => {
    setUploading(true);
    setMessage(null);
    setUploads([]);
    const results: UploadResult[] = [];
    for (const file of files) {
      try {
        const document = await sdk.uploadDocument({ realmId: realm.id, file });
        await sdk.processDocument(document.id);
        results.push({ fileName: file.name, error: null });
      } catch (error) {
        results.push({ fileName: file.name, error: (error as Error).message });
      }
      setUploads([...results]);
    }
    const failed = results.filter((r) => r.error !== null).length;
    setMessage({
      error: failed > 0,
      text:
        failed === 0
          ? `Uploaded ${files.length} file(s); processing runs in the background.`
          : `Uploaded ${files.length - failed} of ${files.length} file(s); ${failed} failed.`,
    });
    setUploading(false);
    reexecute({ requestPolicy: "network-only" });
    onChanged();
  };

  return (
    <section className="rms-card demo-realm" aria-labelledby={`${id}-title`}>
      <header className="demo-realm__header">
        <h2 id={`${id}-title`}>{realm.name}</h2>
        <ul className="demo-databases" aria-label="Attached databases">
          {realm.databases.map(({ database }) => (
            <li key={database.id} className="demo-chip" title={database.kind}>
              {database.name} · {database.kind.toLowerCase()}
            </li>
          ))}
          {realm.databases.length === 0 && <li className="demo-chip demo-chip--warning">No database attached</li>}
        </ul>
      </header>

      <div className="demo-toolbar">
        <button
          type="button"
          className="rms-button rms-button--primary"
          disabled={documents.length === 0}
          onClick={() => onMigrate(selected.size > 0 ? [...selected] : undefined)}
        >
          {selected.size > 0 ? `Migrate ${selected.size} selected…` : "Migrate all documents…"}
        </button>
        <label className="rms-button demo-upload">
          {uploading ? "Uploading…" : "Upload files…"}
          <input
            type="file"
            multiple
            accept=".md,.markdown,.txt,.html,.htm,text/markdown,text/plain,text/html"
            disabled={uploading}
            onChange={(event) => {
              // Copy the list first: clearing the input (to allow the same file again) empties it.
              const files = Array.from(event.target.files ?? []);
              event.target.value = "";
              if (files.length > 0) void upload(files);
            }}
          />
        </label>
        <button
          type="button"
          className="rms-button rms-button--quiet"
          onClick={() => reexecute({ requestPolicy: "network-only" })}
        >
          Refresh<span className="rms-visually-hidden"> documents</span>
        </button>
      </div>

      <AddDatabaseForm
        attachable={databases.filter((d) => !realm.databases.some((r) => r.database.id === d.id))}
        admin={admin}
        onAdd={onAddDatabase}
        onCreated={onChanged}
        onError={(text) => setMessage({ error: true, text })}
      />

      {message && (
        <p role={message.error ? "alert" : "status"} className={message.error ? "rms-error" : "rms-muted"}>
          {message.text}
        </p>
      )}
      {uploads.length > 0 && (
        <ul className="demo-uploads" aria-label="Upload results">
          {uploads.map((u, i) => (
            <li key={`${i}-${u.fileName}`} data-ok={u.error === null}>
              <strong>{u.fileName}</strong>: {u.error === null ? "uploaded, processing" : u.error}
            </li>
          ))}
        </ul>
      )}
      {docs.error && (
        <p role="alert" className="rms-error">
          {docs.error.message}
        </p>
      )}
      {docs.fetching && !docs.data && <p className="rms-muted">Loading documents…</p>}
      {docs.data && documents.length === 0 && (
        <p className="rms-muted">No documents yet: upload Markdown, text or HTML files.</p>
      )}
      {documents.length > 0 && (
        <div className="demo-scroll">
          <table className="rms-table">
            <caption className="rms-visually-hidden">Documents of {realm.name}</caption>
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    aria-label="Select all documents"
                    checked={allSelected}
                    onChange={(event) =>
                      setSelected(event.target.checked ? new Set(documents.map((d) => d.id)) : new Set())
                    }
                  />
                </th>
                <th scope="col">Title</th>
                <th scope="col">Status</th>
                <th scope="col">Size</th>
              </tr>
            </thead>
            <tbody>
              {documents.map((row) => {
                const d = { ...row, ...live.get(row.id) };
                return (
                  <tr key={d.id}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Select ${d.title}`}
                        checked={selected.has(d.id)}
                        onChange={(event) =>
                          setSelected((s) => {
                            const next = new Set(s);
                            if (event.target.checked) next.add(d.id);
                            else next.delete(d.id);
                            return next;
                          })
                        }
                      />
                    </td>
                    <td>
                      <button type="button" className="rms-link-button" onClick={() => onOpenDocument(d.id)}>
                        {d.title}
                      </button>
                      {d.originDocument && <span className="rms-muted"> · migrated</span>}
                    </td>
                    <td>
                      <StatusBadge status={d.status} />
                    </td>
                    <td>{formatBytes(d.size)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {docs.data && docs.data.documents.totalCount > documents.length && (
        <p className="rms-muted">
          Showing the newest {documents.length} of {docs.data.documents.totalCount} documents.
        </p>
      )}
    </section>
  );
}
