// A connector that writes wrong vectors the way real migrations go wrong: dimensions permuted (a reversed
// layout), or each chunk paired with its neighbour's vector (an off-by-one join). Counts, ids and texts stay
// right, so count verification passes; only retrieval can tell.
import type { Connector, DocumentRecords } from "../../server/services/connectors/types.ts";

export type Corruption = "permute-dimensions" | "neighbour-vector";

export function corruptRecords(records: DocumentRecords, how: Corruption): DocumentRecords {
  const { chunks } = records;
  return {
    ...records,
    chunks: chunks.map((c, i) => ({
      ...c,
      vector: how === "permute-dimensions" ? [...c.vector].reverse() : chunks[(i + 1) % chunks.length]!.vector,
    })),
  };
}

/** `inner` with every write corrupted (any method taking records, or a list of records, as its first argument). */
export function corruptingConnector(inner: Connector, how: Corruption): Connector {
  const isRecords = (x: unknown): x is DocumentRecords =>
    typeof x === "object" && x !== null && "chunks" in x && "documentId" in x;
  return new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      const method = value as (...args: unknown[]) => unknown;
      if (!String(property).startsWith("ingest")) return method.bind(target);
      return (first: unknown, ...rest: unknown[]) =>
        method.call(
          target,
          Array.isArray(first)
            ? first.map((r) => (isRecords(r) ? corruptRecords(r, how) : r))
            : isRecords(first)
              ? corruptRecords(first, how)
              : first,
          ...rest,
        );
    },
  });
}
