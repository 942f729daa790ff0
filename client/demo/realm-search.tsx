// Search the realm: a text is embedded by the server with the realm's embedder, and each of the realm's
// databases answers its own top k (cosine similarity), shown side by side so a migrated copy can be compared
// with its source at a glance.
import { useId, useState } from "react";
import type { MigrationClient, SearchHit } from "../sdk/index.ts";
import type { DatabaseRef } from "./add-database-form.tsx";

export interface RealmSearchProps {
  sdk: MigrationClient;
  realm: { id: string; name: string; databases: Array<{ database: DatabaseRef }> };
  onOpenDocument: (documentId: string) => void;
}

const K_CHOICES = [3, 5, 10, 20];

export function RealmSearch({ sdk, realm, onOpenDocument }: RealmSearchProps) {
  const id = useId();
  const [text, setText] = useState("");
  const [k, setK] = useState(5);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [answer, setAnswer] = useState<{ query: string; hits: SearchHit[] } | null>(null);

  async function search(event: React.FormEvent) {
    event.preventDefault();
    const query = text.trim();
    if (!query) return;
    setBusy(true);
    setError(null);
    try {
      setAnswer({ query, hits: await sdk.search({ realmId: realm.id, text: query, k }) });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const databases = realm.databases.map((d) => d.database);
  return (
    <section className="rms-card demo-search" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Search {realm.name}</h2>
      <form className="demo-search__form" onSubmit={(event) => void search(event)} role="search">
        <label htmlFor={`${id}-text`}>Query</label>
        <input
          id={`${id}-text`}
          type="search"
          value={text}
          placeholder="e.g. who worked with Babbage?"
          onChange={(event) => setText(event.target.value)}
        />
        <label htmlFor={`${id}-k`}>Hits per database</label>
        <select id={`${id}-k`} value={k} onChange={(event) => setK(Number(event.target.value))}>
          {K_CHOICES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        <button type="submit" className="rms-button" disabled={busy || text.trim() === ""}>
          {busy ? "Searching…" : "Search"}
        </button>
      </form>
      {error && (
        <p role="alert" className="rms-error">
          {error}
        </p>
      )}
      {databases.length === 0 && <p className="rms-muted">This realm has no database to search yet.</p>}
      {answer && (
        <div className="demo-search__results" aria-label={`Results for “${answer.query}”`} role="region">
          {databases.map((database) => {
            const hits = answer.hits.filter((h) => h.database.id === database.id);
            return (
              <div key={database.id} className="demo-search__column">
                <h3>
                  {database.name} <span className="rms-muted">({database.kind})</span>
                </h3>
                {hits.length === 0 ? (
                  <p className="rms-muted">No hits.</p>
                ) : (
                  <ol aria-label={`Hits from ${database.name}`}>
                    {hits.map((hit) => (
                      <li key={`${hit.document.id}:${hit.chunkIndex}`}>
                        <div className="demo-search__hit">
                          <button
                            type="button"
                            className="rms-link-button"
                            onClick={() => onOpenDocument(hit.document.id)}
                          >
                            {hit.document.title}
                          </button>
                          <span className="rms-muted">
                            {" "}
                            · chunk {hit.chunkIndex} · score <data value={hit.score}>{hit.score.toFixed(3)}</data>
                          </span>
                        </div>
                        <p className="demo-search__text">{hit.text}</p>
                      </li>
                    ))}
                  </ol>
                )}
              </div>
            );
          })}
        </div>
      )}
    </section>
  );
}
