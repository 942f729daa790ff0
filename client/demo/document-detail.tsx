// One document in detail: its stage runs (status, duration, error), its stage files (name, size, sha256 and
// a text preview) and what it holds in each database (counts, status, error). Opened from a title in the
// document list or a failed item in the monitor; kept current by the realm's document events (`version`).
import { useEffect, useId, useRef } from "react";
import { useQuery } from "urql";
import { StatusBadge } from "../widgets/index.ts";
import { formatBytes, formatDuration, stageLabel } from "../widgets/format.ts";
import { DemoDocumentDetailQuery } from "./operations.ts";

const PREVIEW_CHARS = 600;

export interface DocumentDetailProps {
  documentId: string;
  /** Changes when the document changed (a document event arrived): the panel reads it again. */
  version: number;
  onClose: () => void;
}

export function DocumentDetail({ documentId, version, onClose }: DocumentDetailProps) {
  const ids = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [result, reexecute] = useQuery({ query: DemoDocumentDetailQuery, variables: { id: documentId } });
  useEffect(() => heading.current?.focus(), [documentId]);
  useEffect(() => {
    if (version > 0) reexecute({ requestPolicy: "network-only" });
  }, [version, reexecute]);
  const document = result.data?.document;

  return (
    <section className="rms-card demo-detail" aria-labelledby={`${ids}-title`}>
      <div className="demo-detail__header">
        <h2 id={`${ids}-title`} ref={heading} tabIndex={-1}>
          {document ? document.title : "Document"}
        </h2>
        <button type="button" className="rms-button rms-button--quiet" onClick={onClose}>
          Close<span className="rms-visually-hidden"> document details</span>
        </button>
      </div>
      {result.error && (
        <p role="alert" className="rms-error">
          {result.error.message}
        </p>
      )}
      {!document && result.fetching && <p className="rms-muted">Loading document…</p>}
      {!document && !result.fetching && !result.error && (
        <p className="rms-muted">This document does not exist or your token cannot read it.</p>
      )}
      {document && (
        <>
          <p className="rms-muted">
            <StatusBadge status={document.status} /> {document.fileName} · {document.contentType} ·{" "}
            {formatBytes(document.size)}
          </p>
          {document.error && (
            <p role="alert" className="rms-error">
              {document.error}
            </p>
          )}

          <h3>Stage runs</h3>
          {document.stageRuns.length === 0 ? (
            <p className="rms-muted">No stage has run yet.</p>
          ) : (
            <div className="demo-scroll">
              <table className="rms-table">
                <caption className="rms-visually-hidden">Stage runs, oldest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Stage</th>
                    <th scope="col">Attempt</th>
                    <th scope="col">Status</th>
                    <th scope="col">Duration</th>
                    <th scope="col">Error</th>
                  </tr>
                </thead>
                <tbody>
                  {document.stageRuns.map((run) => (
                    <tr key={run.id}>
                      <th scope="row">{stageLabel(run.stage)}</th>
                      <td>{run.attempt}</td>
                      <td>
                        <StatusBadge status={run.status} />
                      </td>
                      <td>{formatDuration(run.durationMs)}</td>
                      <td>{run.error ?? "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

          <h3>Stage files</h3>
          {document.stageFiles.length === 0 ? (
            <p className="rms-muted">No stage files yet.</p>
          ) : (
            <ul className="demo-files">
              {document.stageFiles.map((file) => (
                <li key={file.id}>
                  <details>
                    <summary>
                      <strong>{file.name}</strong>{" "}
                      <span className="rms-muted">
                        · {stageLabel(file.stage)} · {formatBytes(file.size)}
                      </span>
                    </summary>
                    <p className="demo-sha">
                      sha256 <code>{file.sha256}</code>
                    </p>
                    {file.text === null ? (
                      <p className="rms-muted">Too large to preview.</p>
                    ) : (
                      <pre className="demo-preview" aria-label={`Preview of ${file.name}`} tabIndex={0}>
                        {file.text.length > PREVIEW_CHARS ? `${file.text.slice(0, PREVIEW_CHARS)}…` : file.text}
                      </pre>
                    )}
                  </details>
                </li>
              ))}
            </ul>
          )}

          <h3>Ingestions</h3>
          {document.ingestions.length === 0 ? (
            <p className="rms-muted">Not ingested into any database yet.</p>
          ) : (
            <div className="demo-scroll">
              <table className="rms-table">
                <caption className="rms-visually-hidden">Records per database</caption>
                <thead>
                  <tr>
                    <th scope="col">Database</th>
                    <th scope="col">Status</th>
                    <th scope="col">Chunks</th>
                    <th scope="col">Entities</th>
                    <th scope="col">Relations</th>
                    <th scope="col">Error</th>
                  </tr>
                </thead>
                <tbody>
                  {document.ingestions.map((ingestion) => (
                    <tr key={ingestion.id}>
                      <th scope="row">
                        {ingestion.database.name}{" "}
                        <span className="rms-muted">({ingestion.database.kind.toLowerCase()})</span>
                      </th>
                      <td>
                        <StatusBadge status={ingestion.status} />
                      </td>
                      <td>{ingestion.points}</td>
                      <td>{ingestion.nodes}</td>
                      <td>{ingestion.relationships}</td>
                      <td>{ingestion.error ?? "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
