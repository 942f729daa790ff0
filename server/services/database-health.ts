// Health of ingestion targets, checked before an action that needs them (a plan, an attach with backfill,
// a detach that removes records). Every check is bounded in time and they run in parallel, so one hung
// database costs at most the timeout; a check never creates a collection or index.
import type { Database } from "../generated/prisma/client.ts";
import type { ConnectorRegistry } from "./connectors/registry.ts";
import { withTimeout, TimeoutError, DEFAULT_CHECK_TIMEOUT_MS } from "./health.ts";

export interface DatabaseHealth {
  database: Database;
  ok: boolean;
  /** What was found: reachable, or the error (names the database's address, never a credential). */
  message: string;
}

export type DatabaseHealthCheck = (databases: readonly Database[]) => Promise<DatabaseHealth[]>;

/** Checks each database once, in parallel, each within `timeoutMs`; results in the order given. */
export function databaseHealthCheck(
  connectors: ConnectorRegistry,
  timeoutMs = DEFAULT_CHECK_TIMEOUT_MS,
): DatabaseHealthCheck {
  return (databases) =>
    Promise.all(
      databases.map(async (database): Promise<DatabaseHealth> => {
        try {
          const connector = await connectors.unready(database);
          const { ok, message } = await withTimeout(connector.health(), timeoutMs);
          return { database, ok, message };
        } catch (error) {
          const message =
            error instanceof TimeoutError
              ? `${database.kind} database "${database.name}" did not answer its health check within ${timeoutMs} ms.`
              : error instanceof Error
                ? error.message
                : String(error);
          return { database, ok: false, message };
        }
      }),
    );
}
