// Per-operation telemetry for Yoga (HTTP, SSE and graphql-ws alike): a request id (the caller's
// `x-request-id` when well-formed and not credential-like, else a fresh one; echoed in the response), one log line per operation
// with its id, type and name — never its variables, which may carry credentials — the GraphQL metrics, and a
// span per operation when tracing is on.
import crypto from "node:crypto";
import { performance } from "node:perf_hooks";
import { getOperationAST, type DocumentNode, type ExecutionResult, type GraphQLError } from "graphql";
import { handleStreamOrSingleExecutionResult, type Plugin } from "graphql-yoga";
import { scrubCredentials, type Logger } from "./logger.ts";
import type { Metrics } from "./services/metrics.ts";
import { DomainError } from "./services/errors.ts";
import { context, SpanKind, SpanStatusCode, trace, type Span } from "@opentelemetry/api";
import { TRACER_NAME } from "./services/tracing.ts";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const requestIds = new WeakMap<Request, string>();
const errorLoggers = new WeakMap<object, Logger>();

/** The id of `request`: assigned on first use, from a well-formed `x-request-id` header when present. */
export function requestIdOf(request: Request): string {
  let id = requestIds.get(request);
  if (!id) {
    const given = request.headers.get("x-request-id");
    // An id that looks like a credential (an `rms_…` token fits the charset) is replaced, never logged.
    id = given && REQUEST_ID.test(given) && scrubCredentials(given) === given ? given : crypto.randomUUID();
    requestIds.set(request, id);
  }
  return id;
}

/** The operation logger an error was raised under, so unexpected errors are logged with their request. */
export function loggerForError(error: unknown): Logger | undefined {
  return typeof error === "object" && error !== null ? errorLoggers.get(error) : undefined;
}

interface Operation {
  type: string;
  name: string | undefined;
  log: Logger;
}

function describe(document: DocumentNode, operationName: string | null | undefined, log: Logger, requestId: string) {
  const ast = getOperationAST(document, operationName);
  const type = ast?.operation ?? "unknown";
  const name = ast?.name?.value ?? operationName ?? undefined;
  return { type, name, log: log.child({ requestId, operationType: type, operationName: name ?? null }) };
}

/** The code the client will see: a domain error's, a GraphQL error's own, else INTERNAL (it gets masked). */
function codeOf(error: GraphQLError): string {
  const original = error.originalError;
  if (original instanceof DomainError) return original.code;
  const code =
    error.extensions?.code ?? (original as { extensions?: { code?: unknown } } | undefined)?.extensions?.code;
  if (typeof code === "string" && /^[A-Z][A-Z0-9_]{0,39}$/.test(code)) return code;
  return original ? "INTERNAL" : "GRAPHQL_ERROR";
}

function errorCodes(result: ExecutionResult, op: Operation): string[] {
  return (result.errors ?? []).map((error) => {
    errorLoggers.set(error, op.log);
    return codeOf(error);
  });
}

/** Logs and counts a request refused before its document was read (too large, or without a valid token). */
export function recordRefusedRequest(metrics: Metrics, logger: Logger, request: Request, code: string): void {
  metrics.recordOperation("unknown", undefined);
  metrics.recordErrors("unknown", undefined, [code]);
  logger
    .child({ requestId: requestIdOf(request), operationType: "unknown", operationName: null })
    .info({ durationMs: 0, errors: [code] }, "graphql operation");
}

function operationSpan(op: Operation, requestId: string): Span {
  return trace.getTracer(TRACER_NAME).startSpan(op.name ? `${op.type} ${op.name}` : op.type, {
    kind: SpanKind.SERVER,
    attributes: {
      "graphql.operation.type": op.type,
      ...(op.name ? { "graphql.operation.name": op.name } : {}),
      "request.id": requestId,
    },
  });
}

function endOperationSpan(span: Span, codes: string[]): void {
  if (codes.length > 0) {
    span.setAttribute("graphql.error.codes", codes);
    span.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(", ") });
  }
  span.end();
}

export function useTelemetry(metrics: Metrics, logger: Logger): Plugin<{ requestId?: string }> {
  return {
    onResponse({ request, response }) {
      const id = requestIds.get(request);
      if (id) response.headers.set("x-request-id", id);
    },
    onContextBuilding({ context, extendContext }) {
      if (context.request) extendContext({ requestId: requestIdOf(context.request) });
    },
    onValidate({ params, context }) {
      return ({ valid, result }) => {
        if (valid) return;
        const requestId = context.request ? requestIdOf(context.request) : "none";
        const operationName = (context as { params?: { operationName?: string } }).params?.operationName;
        const op = describe(params.documentAST, operationName, logger, requestId);
        metrics.recordOperation(op.type, op.name);
        metrics.recordErrors(op.type, op.name, ["GRAPHQL_VALIDATION_FAILED"]);
        op.log.info({ errors: result.length }, "graphql operation rejected by validation");
      };
    },
    onExecute({ args, executeFn, setExecuteFn }) {
      const requestId = (args.contextValue as { requestId?: string }).requestId ?? "none";
      const op = describe(args.document, args.operationName, logger, requestId);
      const started = performance.now();
      const codes: string[] = [];
      // The operation's span is the active context while it executes: the connector calls of its resolvers
      // are its children. (A no-op span when tracing is off.)
      const span = operationSpan(op, requestId);
      setExecuteFn((execArgs) => context.with(trace.setSpan(context.active(), span), () => executeFn(execArgs)));
      const done = () => {
        endOperationSpan(span, codes);
        const seconds = (performance.now() - started) / 1000;
        metrics.recordOperation(op.type, op.name, seconds);
        metrics.recordErrors(op.type, op.name, codes);
        // Unexpected errors themselves are logged (with this request's context) where they are masked.
        op.log.info(
          { durationMs: Math.round(seconds * 1000), errors: codes.length ? codes : undefined },
          "graphql operation",
        );
      };
      return {
        onExecuteDone(payload) {
          const stream = handleStreamOrSingleExecutionResult(payload, ({ result }) => {
            codes.push(...errorCodes(result, op));
          });
          if (!stream) done();
          return stream && { ...stream, onEnd: done };
        },
      };
    },
    onSubscribe({ args }) {
      const requestId = (args.contextValue as { requestId?: string }).requestId ?? "none";
      const op = describe(args.document, args.operationName, logger, requestId);
      const started = performance.now();
      metrics.recordOperation(op.type, op.name);
      op.log.info("graphql subscription started");
      // The span covers setting the subscription up (authorization, the first read), not its lifetime.
      const span = operationSpan(op, requestId);
      const fail = (codes: string[]) => {
        metrics.recordErrors(op.type, op.name, codes);
        if (codes.length) op.log.info({ errors: codes }, "graphql subscription returned errors");
      };
      return {
        onSubscribeResult({ result }) {
          const setUp = Symbol.asyncIterator in result ? [] : errorCodes(result, op);
          endOperationSpan(span, setUp);
          if (setUp.length > 0 || !(Symbol.asyncIterator in result)) return fail(setUp);
          return {
            onNext: ({ result: event }) => fail(errorCodes(event, op)),
            onEnd: () =>
              op.log.info({ durationMs: Math.round(performance.now() - started) }, "graphql subscription ended"),
          };
        },
        onSubscribeError({ error }) {
          endOperationSpan(span, ["INTERNAL"]);
          if (typeof error === "object" && error !== null) errorLoggers.set(error, op.log);
          fail(["INTERNAL"]);
        },
      };
    },
  };
}
