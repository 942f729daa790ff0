// One error type for SDK users: the API's typed errors (the ErrorFields fragment), GraphQL
// errors (e.g. UNAUTHENTICATED, masked INTERNAL) and transport failures all become an SdkError.
import type { CombinedError } from "@urql/core";
import type { ResultOf } from "@graphql-typed-document-node/core";
import type { ErrorCode } from "./generated/graphql.ts";
import { readFragment, type FragmentType } from "./generated/index.ts";
import { ErrorFieldsFragment } from "./operations.ts";

/** The API's stable codes, plus what the transport or GraphQL layer reports. */
export type SdkErrorCode =
  ErrorCode | "INTERNAL" | "NETWORK_ERROR" | "GRAPHQL_ERROR" | "WEBSOCKET_UNAVAILABLE" | (string & {});

export class SdkError extends Error {
  override readonly name = "SdkError";
  constructor(
    /** Stable code to branch on, e.g. INVALID_INPUT, NOT_FOUND, CONFLICT, UNAUTHENTICATED. */
    readonly code: SdkErrorCode,
    message: string,
    /** The input path that failed (e.g. ["targetRealmId"]), when the error is about one argument. */
    readonly path: readonly string[] | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Turns an urql CombinedError (network or GraphQL errors) into an SdkError. */
export function fromCombinedError(error: CombinedError): SdkError {
  const first = error.graphQLErrors[0];
  if (first) {
    const code = first.extensions?.code;
    return new SdkError(
      typeof code === "string" ? code : "GRAPHQL_ERROR",
      first.message,
      first.path?.map(String) ?? null,
      {
        cause: error,
      },
    );
  }
  if (error.networkError instanceof SdkError) return error.networkError;
  return new SdkError("NETWORK_ERROR", error.networkError?.message ?? error.message, null, { cause: error });
}

/** A union result: `{ __typename: "…Success", data }` or a type implementing `Error` (spread with ErrorFields). */
type UnionResult = { __typename?: string } & ({ data: unknown } | FragmentType<typeof ErrorFieldsFragment>);

/** The success's data of a union result, or an SdkError carrying the typed error's code and path. */
export type SuccessData<T> = Extract<T, { data: unknown }>["data"];

/** The typed error's fields. */
export type TypedError = Omit<ResultOf<typeof ErrorFieldsFragment>, " $fragmentName">;

/** The typed error of a union result (its ErrorFields), or null for a success or no result. */
export function readTypedError(result: UnionResult | null | undefined): TypedError | null {
  if (!result || "data" in result) return null;
  const error = readFragment(ErrorFieldsFragment, result as FragmentType<typeof ErrorFieldsFragment>);
  return "code" in error ? { code: error.code, message: error.message, path: error.path ?? null } : null;
}

export function unwrap<T extends UnionResult>(result: T | null | undefined, field: string): SuccessData<T> {
  if (!result) throw new SdkError("GRAPHQL_ERROR", `The response has no ${field} result.`);
  if ("data" in result) return result.data as SuccessData<T>;
  const error = readTypedError(result);
  if (error) throw new SdkError(error.code, error.message, error.path);
  throw new SdkError("GRAPHQL_ERROR", `${field} returned ${result.__typename ?? "an unknown result"}.`);
}
