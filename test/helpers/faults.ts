// Fault injection around a real connector: the records still go to the real store, but chosen calls
// fail first (transient or permanent) or are slowed down — the way a flaky network would.
import { ConnectorError } from "../../server/services/errors.ts";
import type { Connector, DocumentRecords, DocumentRef, RecordCounts } from "../../server/services/connectors/types.ts";

export class Faults {
  ingestFailures: Array<{ transient: boolean; title?: string }> = [];
  ingestDelayMs = 0;
  ingestCalls = 0;

  /** The next `times` ingests (of the document titled `title`, when given) fail. */
  failIngest(times: number, transient: boolean, title?: string): void {
    for (let i = 0; i < times; i++) this.ingestFailures.push({ transient, title });
  }

  wrap(inner: Connector): Connector {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const faults = this;
    return {
      kind: inner.kind,
      ensureReady: () => inner.ensureReady(),
      async ingest(records: DocumentRecords): Promise<RecordCounts> {
        faults.ingestCalls++;
        if (faults.ingestDelayMs > 0) await new Promise((r) => setTimeout(r, faults.ingestDelayMs));
        const index = faults.ingestFailures.findIndex((f) => f.title === undefined || f.title === records.title);
        const failure = index >= 0 ? faults.ingestFailures.splice(index, 1)[0] : undefined;
        if (failure) {
          throw new ConnectorError(
            failure.transient ? "connection reset by peer (injected)" : "vector size rejected (injected)",
            failure.transient,
          );
        }
        return inner.ingest(records);
      },
      /**
       * A batch holding a document with a pending failure is refused whole (as a database refuses a batched
       * write), without using the failure up: the writer's per-document retry then meets it.
       */
      async ingestMany(records: DocumentRecords[]): Promise<RecordCounts[]> {
        faults.ingestCalls++;
        if (faults.ingestDelayMs > 0) await new Promise((r) => setTimeout(r, faults.ingestDelayMs));
        const failing = records.some((r) =>
          faults.ingestFailures.some((f) => f.title === undefined || f.title === r.title),
        );
        if (failing) throw new ConnectorError("the batch was refused (injected)", true);
        return inner.ingestMany(records);
      },
      remove: (ref: DocumentRef) => inner.remove(ref),
      removeMany: (refs: DocumentRef[]) => inner.removeMany(refs),
      export: (ref: DocumentRef) => inner.export(ref),
      exportMany: (refs: DocumentRef[]) => inner.exportMany(refs),
      count: (filter) => inner.count(filter),
      countMany: (filter) => inner.countMany(filter),
      search: (query) => inner.search(query),
      health: () => inner.health(),
      close: () => inner.close(),
    };
  }
}
