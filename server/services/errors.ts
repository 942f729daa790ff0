// Domain errors: every expected failure has a stable code and a message that says what to change.
// The schema layer exposes these as typed GraphQL errors; anything else is masked as unexpected.

export type ErrorCode =
  | "NOT_FOUND"
  | "CONFLICT"
  | "INVALID_INPUT"
  | "FORBIDDEN"
  | "UNAUTHENTICATED"
  | "UNSUPPORTED_CONTENT_TYPE"
  | "PAYLOAD_TOO_LARGE"
  | "STAGE_INPUT_MISSING"
  | "CONNECTOR_ERROR"
  | "INTEGRITY_ERROR"
  | "UNAVAILABLE"
  | "DATABASE_UNREACHABLE";

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  /** Input path that failed, e.g. ["input", "title"], when the error is about one argument. */
  readonly path: string[] | undefined;

  constructor(message: string, path?: string[]) {
    super(message);
    this.name = new.target.name;
    this.path = path;
  }
}

export class NotFoundError extends DomainError {
  readonly code = "NOT_FOUND";
  constructor(
    readonly entity: string,
    readonly id: string,
    path?: string[],
  ) {
    super(`${entity} "${id}" was not found (or you have no access to it). Check the id.`, path);
  }
}

export class ConflictError extends DomainError {
  readonly code = "CONFLICT";
}

export class InvalidInputError extends DomainError {
  readonly code = "INVALID_INPUT";
}

export class ForbiddenError extends DomainError {
  readonly code = "FORBIDDEN";
}

export class UnauthenticatedError extends DomainError {
  readonly code = "UNAUTHENTICATED";
}

export class UnsupportedContentTypeError extends DomainError {
  readonly code = "UNSUPPORTED_CONTENT_TYPE";
}

export class PayloadTooLargeError extends DomainError {
  readonly code = "PAYLOAD_TOO_LARGE";
}

export class StageInputMissingError extends DomainError {
  readonly code = "STAGE_INPUT_MISSING";
}

/** A connector could not complete a call. `transient` errors (unreachable, timeout, 5xx) may be retried. */
export class ConnectorError extends DomainError {
  readonly code = "CONNECTOR_ERROR";
  constructor(
    message: string,
    readonly transient: boolean,
    options?: { cause?: unknown },
  ) {
    super(message);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

export class IntegrityError extends DomainError {
  readonly code = "INTEGRITY_ERROR";
}

/** A dependency (the metadata database) did not answer in time or is unreachable: retry shortly. */
export class UnavailableError extends DomainError {
  readonly code = "UNAVAILABLE";
}

/** A database an action needs does not answer its health check; the action was refused before writing. */
export class DatabaseUnreachableError extends DomainError {
  readonly code = "DATABASE_UNREACHABLE";
}

/** A start-up failure whose message is already the one line to print (it names the setting and what to do). */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StartupError";
  }
}
