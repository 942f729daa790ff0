// Every connector call that reaches a database becomes a span (`connector.<method>`), a child of whatever
// item or request made it, with the database's id and kind and the document it is about. Wrapped once, where
// the registry creates a connector, so no implementation carries tracing code.
import { SpanKind, type Attributes } from "@opentelemetry/api";
import type { Database } from "../../generated/prisma/client.ts";
import { withSpan } from "../tracing.ts";
import type { Connector } from "./types.ts";

/** The methods that talk to the database (close and the rest pass through untraced). */
const TRACED = new Set<string | symbol>([
  "ensureReady",
  "ingest",
  "remove",
  "export",
  "count",
  "health",
  "ingestMany",
  "countMany",
  "removeMany",
  "exportMany",
  "search",
  "searchMany",
]);

export function tracedConnector(connector: Connector, database: Database): Connector {
  const base: Attributes = {
    "db.system.name": database.kind.toLowerCase(),
    "database.id": database.id,
    "database.kind": database.kind,
  };
  return new Proxy(connector, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      if (!TRACED.has(property)) return value.bind(target) as unknown;
      const method = value as (...args: unknown[]) => Promise<unknown>;
      return (...args: unknown[]) =>
        withSpan(
          `connector.${String(property)}`,
          { kind: SpanKind.CLIENT, attributes: { ...base, ...aboutDocument(args[0]) } },
          () => method.apply(target, args),
        );
    },
  });
}

/**
 * The document (and realm) a call is about, when its first argument names one; for a batch (a list of
 * documents, or countMany's documentIds) the documents it holds, and their realm when they share one.
 */
function aboutDocument(arg: unknown): Attributes {
  if (Array.isArray(arg)) {
    const ids = arg.flatMap((a) =>
      typeof (a as { documentId?: unknown })?.documentId === "string" ? [(a as { documentId: string }).documentId] : [],
    );
    return {
      "document.ids": ids,
      ...aboutBatch(
        arg.map((item) => (item as { realmId?: unknown }).realmId),
        arg.length,
      ),
    };
  }
  if (typeof arg !== "object" || arg === null) return {};
  if ("documentIds" in arg && Array.isArray(arg.documentIds))
    return {
      "document.ids": arg.documentIds.map(String),
      ...aboutBatch([(arg as { realmId?: unknown }).realmId], arg.documentIds.length),
    };
  const { documentId, realmId } = arg as { documentId?: unknown; realmId?: unknown };
  return {
    ...(typeof documentId === "string" ? { "document.id": documentId } : {}),
    ...(typeof realmId === "string" ? { "realm.id": realmId } : {}),
  };
}

function aboutBatch(realmIds: unknown[], size: number): Attributes {
  const realms = new Set(realmIds);
  const [realmId] = realms;
  return {
    "documents.count": size,
    ...(realms.size === 1 && typeof realmId === "string" ? { "realm.id": realmId } : {}),
  };
}
