// Maps Prisma's and the PostgreSQL driver's errors to domain errors in one place: unique violations to
// conflicts, and "the database did not answer" (unreachable, connection lost, connect/statement/pool
// timeouts) to UNAVAILABLE, which the API reports as such and the runner's bookkeeping retries.
import { UnavailableError, type DomainError } from "./errors.ts";

export function isUniqueViolation(error: unknown): boolean {
  return (
    (error as { code?: string } | null)?.code === "P2002" ||
    /unique constraint/i.test(String((error as Error)?.message))
  );
}

/** Runs `write`; a unique violation becomes `conflict` (the race the up-front check cannot close). */
export async function mapUniqueViolation<T>(write: () => Promise<T>, conflict: () => DomainError): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict();
    throw error;
  }
}

/** Prisma: can't reach / timed out / operations timed out / server closed the connection / pool timeout. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** @prisma/adapter-pg's driver-error kinds for the same. */
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH"]);
/** SQLSTATE: statement timeout (57014), shutting down / cannot connect now (57P0x), connection exceptions (08…), too many connections. */
const SQLSTATE = /^(57014|57P0[123]|08...|53300)$/;
/** node-postgres' own messages: lost connection, query_timeout, connectionTimeoutMillis (connect or pool acquire). */
const PG_MESSAGES =
  /Connection terminated|Query read timeout|timeout exceeded when trying to connect|not queryable|Can't reach database server/i;

/** True when `error` (or its cause) says the metadata database did not answer, rather than refused the statement. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (error === null || typeof error !== "object" || depth > 4) return false;
  const e = error as {
    code?: unknown;
    message?: unknown;
    kind?: unknown;
    originalCode?: unknown;
    cause?: unknown;
    meta?: { code?: unknown; driverAdapterError?: { cause?: unknown } };
  };
  const code = typeof e.code === "string" ? e.code : "";
  if (PRISMA_CODES.has(code) || SOCKET_CODES.has(code) || SQLSTATE.test(code)) return true;
  if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
  if (typeof e.originalCode === "string" && SQLSTATE.test(e.originalCode)) return true;
  if (typeof e.meta?.code === "string" && SQLSTATE.test(e.meta.code)) return true;
  if (typeof e.message === "string" && PG_MESSAGES.test(e.message)) return true;
  return (
    isDatabaseUnavailable(e.meta?.driverAdapterError?.cause, depth + 1) || isDatabaseUnavailable(e.cause, depth + 1)
  );
}

/** The UNAVAILABLE error to report for `error`, or undefined when it is something else. No host or URL in it. */
export function unavailableError(error: unknown): UnavailableError | undefined {
  if (error instanceof UnavailableError) return error;
  if (!isDatabaseUnavailable(error)) return undefined;
  return new UnavailableError("The metadata database did not answer in time or cannot be reached; retry in a moment.");
}
