// Typed errors: the `Error` interface and one object type per expected domain error.
import { builder } from "../builder.ts";
import {
  ConflictError,
  DatabaseUnreachableError,
  DomainError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  PayloadTooLargeError,
  StageInputMissingError,
  UnsupportedContentTypeError,
} from "../services/errors.ts";

export const ErrorCodeEnum = builder.enumType("ErrorCode", {
  description: "Stable machine-readable error codes.",
  values: [
    "NOT_FOUND",
    "CONFLICT",
    "INVALID_INPUT",
    "FORBIDDEN",
    "UNAUTHENTICATED",
    "UNSUPPORTED_CONTENT_TYPE",
    "PAYLOAD_TOO_LARGE",
    "STAGE_INPUT_MISSING",
    "CONNECTOR_ERROR",
    "INTEGRITY_ERROR",
    "UNAVAILABLE",
    "DATABASE_UNREACHABLE",
  ] as const,
});

export const ErrorInterface = builder.interfaceRef<DomainError>("Error").implement({
  description: "An expected failure: what went wrong and what to change.",
  fields: (t) => ({
    code: t.field({ type: ErrorCodeEnum, description: "Stable code to branch on.", resolve: (e) => e.code }),
    message: t.exposeString("message", { description: "What went wrong and what to change." }),
    path: t.stringList({
      nullable: true,
      description: "The input path that failed, when the error is about one argument.",
      resolve: (e) => e.path ?? null,
    }),
  }),
});

const errorTypes = [
  [NotFoundError, "NotFoundError", "The object does not exist or is not visible to your token."],
  [
    ConflictError,
    "ConflictError",
    "The request conflicts with existing state (a duplicate name or title, a busy object).",
  ],
  [InvalidInputError, "InvalidInputError", "An argument is invalid; `path` names it."],
  [ForbiddenError, "ForbiddenError", "Your token may see this but not do this."],
  [UnsupportedContentTypeError, "UnsupportedContentTypeError", "The uploaded file's type cannot be processed."],
  [PayloadTooLargeError, "PayloadTooLargeError", "The upload exceeds the configured size limit."],
  [StageInputMissingError, "StageInputMissingError", "A stage was asked to run without the stage files it reads."],
  [
    DatabaseUnreachableError,
    "DatabaseUnreachableError",
    "A database the action needs does not answer; nothing was written.",
  ],
] as const;

for (const [errorClass, name, description] of errorTypes) {
  builder.objectType(errorClass, {
    name,
    description,
    interfaces: [ErrorInterface],
    isTypeOf: (e) => e instanceof errorClass,
  });
}
