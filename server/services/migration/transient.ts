// Which failed attempts are worth another: the runner retries an item (or its rollback) with backoff only
// when its error is transient; any other error fails it at once. A stage failure is judged by its cause.
import { ConnectorError, DomainError, UnavailableError } from "../errors.ts";
import { StageFailedError } from "../processing.ts";

/**
 * Connection failures, timeouts and 5xx (a connector says which of its errors are transient), an
 * unavailable metadata database and anything unexpected are worth retrying; input, conflict and integrity
 * errors are not: the same attempt would fail the same way.
 */
export function isTransient(error: unknown): boolean {
  const cause = error instanceof StageFailedError ? error.reason : error;
  if (cause instanceof ConnectorError) return cause.transient;
  if (cause instanceof UnavailableError) return true;
  if (cause instanceof DomainError) return false;
  return true;
}
