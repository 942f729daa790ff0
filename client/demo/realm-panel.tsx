// One realm: its databases, its documents (select some to migrate), uploading files, and adding a
// database — the buttons that open the widgets' dialogs.
import { useEffect, useId, useState } from "react";
import { useQuery } from "urql";
import { StatusBadge } from "../widgets/index.ts";
import { formatBytes } from "../widgets/format.ts";
import type { MigrationClient } from "../sdk/index.ts";
import { DemoDocumentsQuery } from "./operations.ts";
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
}

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
}: RealmPanelProps) {
  const id = useId();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [uploading, setUploading] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [docs, reexecute] = useQuery({ query: DemoDocumentsQuery, variables: { realmId: realm.id }, context: CONTEXT });

  useEffect(() => setSelected(new Set()), [realm.id]);
  useEffect(() => reexecute({ requestPolicy: "network-only" }), [refreshKey, reexecute]);

  const documents = docs.data?.documents.edges.map((e) => e.node) ?? [];
  const allSelected = documents.length > 0 && documents.every((d) => selected.has(d.id));

  const upload = async (files: File[]) => {
    setUploading(true);
    setMessage(null);
    try {
      for (const file of files) {
        const document = await sdk.uploadDocument({ realmId: realm.id, file });
        await sdk.processDocument(document.id);
      }
      setMessage({ error: false, text: `Uploaded ${files.length} file(s); processing runs in the background.` });
    } catch (error) {
      setMessage({ error: true, text: (error as Error).message });
    } finally {
      setUploading(false);
      reexecute({ requestPolicy: "network-only" });
      onChanged();
    }
  };

  return (
    <section className="rms-card demo-realm" aria-labelledby={`${id}-title`}>
      <header className="demo-realm__header">
        <h2 id={`${id}-title`}>{realm.name}</h2>
        <div className="demo-databases" aria-label="Attached databases">
          {realm.databases.map(({ database }) => (
            <span key={database.id} className="demo-chip" title={database.kind}>
              {database.name} · {database.kind.toLowerCase()}
            </span>
          ))}
        </div>
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
          Refresh
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
            {documents.map((d) => (
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
                  {d.title}
                  {d.originDocument && <span className="rms-muted"> · migrated</span>}
                </td>
                <td>
                  <StatusBadge status={d.status} />
                </td>
                <td>{formatBytes(d.size)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {docs.data && docs.data.documents.totalCount > documents.length && (
        <p className="rms-muted">
          Showing the newest {documents.length} of {docs.data.documents.totalCount} documents.
        </p>
      )}
    </section>
  );
}
