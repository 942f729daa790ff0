// Titles for the document ids a migration's failures carry (Document.id, global ids): read once per new set
// of ids through `nodes`, at most 100 at a time.
import { useEffect, useMemo, useState } from "react";
import { createRequest, useClient } from "urql";
import { pipe, take, toPromise } from "wonka";
import { MonitorDocumentTitlesQuery } from "./operations.ts";

const MAX_IDS = 100;

/** Document id → title, filled in as titles arrive; ids not (yet) known are absent. */
export function useDocumentTitles(ids: Array<string | null>): Map<string, string> {
  const client = useClient();
  const [titles, setTitles] = useState<Map<string, string>>(() => new Map());
  const wanted = useMemo(() => [...new Set(ids.filter((id): id is string => id !== null))].slice(0, MAX_IDS), [ids]);
  const missing = wanted.filter((id) => !titles.has(id));
  const key = missing.join(",");
  useEffect(() => {
    if (!key) return;
    const asked = key.split(",");
    let stale = false;
    const request = createRequest(MonitorDocumentTitlesQuery, { ids: asked });
    void pipe(client.executeQuery(request, { requestPolicy: "network-only" }), take(1), toPromise).then((result) => {
      const nodes = result.data?.nodes;
      if (stale || !nodes) return;
      setTitles((current) => {
        const next = new Map(current);
        nodes.forEach((node, i) => {
          if (node && "title" in node && node.title) next.set(asked[i]!, node.title);
        });
        return next;
      });
    });
    return () => {
      stale = true;
    };
  }, [client, key]);
  return titles;
}
