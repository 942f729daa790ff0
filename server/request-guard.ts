// The first checks on a GraphQL HTTP request, before its body is read: a body over MAX_REQUEST_BYTES
// (multipart uploads: MAX_UPLOAD_BYTES more) is answered 413 at once from its Content-Length, or as soon as a
// chunked body passes the limit; and the caller is authenticated from the `Authorization` header, so a
// request without a valid token is refused with UNAUTHENTICATED without reading, parsing or validating its
// body. With PUBLIC_INTROSPECTION such requests go on (only introspection answers them), uploads never do.
import type { GraphQLError } from "graphql";
import { createGraphQLError, type Plugin } from "graphql-yoga";
import type { Viewer } from "./services/access.ts";

export interface RequestGuardOptions {
  maxRequestBytes: number;
  maxUploadBytes: number;
  publicIntrospection: boolean;
  authenticate(request: Request): Promise<Viewer | null>;
  /** Told about each request refused here (for logs and metrics). */
  onRefused?(request: Request, code: string): void;
}

/** What a refused request's parser returns instead of reading its body (the result is set in onParams). */
const REFUSED_PARAMS = { query: "{ __typename }" };

export function unauthenticatedError(): GraphQLError {
  return createGraphQLError("Authentication required: send an `Authorization: Bearer <token>` header.", {
    extensions: { code: "UNAUTHENTICATED" },
  });
}

export function useRequestGuard(options: RequestGuardOptions): Plugin {
  const refused = new WeakSet<Request>();
  return {
    async onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const multipart = /^multipart\/form-data\b/i.test(request.headers.get("content-type") ?? "");
      const limit = multipart ? options.maxUploadBytes + options.maxRequestBytes : options.maxRequestBytes;
      const length = request.headers.get("content-length");
      // A malformed Content-Length is refused by Yoga's own body limit, which runs after this one.
      if (length && /^\d+$/.test(length) && Number(length) > limit) {
        options.onRefused?.(request, "PAYLOAD_TOO_LARGE");
        throw tooLarge(limit, multipart);
      }
      const viewer = await options.authenticate(request);
      if (!viewer && (multipart || !options.publicIntrospection)) {
        refused.add(request);
        setRequestParser(() => REFUSED_PARAMS);
        return;
      }
      if (requestParser && request.body && length === null) {
        // No Content-Length (chunked): count the bytes as they arrive and stop at the limit.
        setRequestParser((req) => requestParser(limitBody(req, limit, multipart, fetchAPI)));
      }
    },
    onParams({ request, setResult }) {
      if (!refused.has(request)) return;
      options.onRefused?.(request, "UNAUTHENTICATED");
      setResult({ data: null, errors: [unauthenticatedError()] });
    },
  };
}

function tooLarge(limit: number, multipart: boolean): GraphQLError {
  const setting = multipart ? "MAX_UPLOAD_BYTES + MAX_REQUEST_BYTES" : "MAX_REQUEST_BYTES";
  // Yoga's createGraphQLError: of the graphql build Yoga's body parsers recognise and pass on.
  return createGraphQLError(
    `The request body is larger than ${limit} bytes (${setting}); send a smaller ${multipart ? "file" : "query or variables"}.`,
    { extensions: { code: "PAYLOAD_TOO_LARGE", http: { status: 413 } } },
  );
}

function limitBody(
  request: Request,
  limit: number,
  multipart: boolean,
  fetchAPI: { Request: typeof Request; TransformStream: typeof TransformStream },
): Request {
  // Node's own streams need the global TransformStream; Yoga's ponyfilled ones need the ponyfill.
  const Transform = request.body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
  let bytes = 0;
  const body = request.body!.pipeThrough(
    new Transform<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        if (bytes > limit) controller.error(tooLarge(limit, multipart));
        else controller.enqueue(chunk);
      },
    }),
  );
  return new fetchAPI.Request(request.url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    body,
    duplex: "half",
  } as RequestInit);
}
