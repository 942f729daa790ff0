// How long the service waits for PostgreSQL before it reports the database unavailable (UNAVAILABLE):
// a connection (or a free pooled one), and one statement. PGlite runs in-process and has no such waits.
export interface DbTimeouts {
  /** Connecting, and waiting for a free connection of the pool. */
  connectMs: number;
  /** One statement: cancelled by the server after this long, given up by the client shortly after. */
  statementMs: number;
}

export const DEFAULT_DB_TIMEOUTS: DbTimeouts = { connectMs: 5000, statementMs: 15_000 };
