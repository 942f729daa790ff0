// OpenTelemetry tracing: off unless the standard OTEL_* variables ask for it (config.ts reads them). Code
// records spans through `withSpan` against the global API, which is a no-op until `startTracing` installs a
// provider; so a process without tracing pays one function call per span. Span attributes carry ids only
// (migration, item, document, database), never payloads, variables or credentials.
import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  TracerProvider,
  type SpanExporter,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace";

export const TRACER_NAME = "realm-migration-service";

export interface TracingConfig {
  /** null: tracing is off. */
  exporter: "otlp" | "console" | null;
  serviceName: string;
  /** How long finished spans are buffered before they are sent (OTEL_BSP_SCHEDULE_DELAY). */
  scheduleDelayMs: number;
}

export interface SpanOptions {
  attributes?: Attributes;
  kind?: SpanKind;
  /** Starts a new trace instead of joining the caller's (background work woken by a request). */
  root?: boolean;
}

/**
 * Runs `work` inside a span: the span is the active context for everything `work` awaits (connector calls
 * become its children), ends when `work` settles, and records a thrown error with status ERROR.
 */
export function withSpan<T>(name: string, options: SpanOptions, work: (span: Span) => Promise<T>): Promise<T> {
  return trace
    .getTracer(TRACER_NAME)
    .startActiveSpan(
      name,
      { attributes: options.attributes, kind: options.kind ?? SpanKind.INTERNAL, root: options.root ?? false },
      async (span) => {
        try {
          return await work(span);
        } catch (error) {
          span.recordException(error instanceof Error ? error : String(error));
          span.setStatus({
            code: SpanStatusCode.ERROR,
            message: error instanceof Error ? error.message : String(error),
          });
          throw error;
        } finally {
          span.end();
        }
      },
    );
}

/**
 * Starts a span under the active context without making it active (spans for each item of a set, whose
 * work is one shared call); the caller ends it.
 */
export function startSpan(name: string, options: SpanOptions): Span {
  return trace.getTracer(TRACER_NAME).startSpan(name, {
    attributes: options.attributes,
    kind: options.kind ?? SpanKind.INTERNAL,
    root: options.root ?? false,
  });
}

export interface Tracing {
  /** Sends what is buffered and stops recording. */
  shutdown(): Promise<void>;
}

/**
 * Installs the global provider, context manager and exporter the configuration names, or nothing. The OTLP
 * exporter reads its own standard variables (OTEL_EXPORTER_OTLP_ENDPOINT, …_TRACES_ENDPOINT, …_HEADERS,
 * …_TIMEOUT), as every OpenTelemetry SDK does. `processor` replaces the exporter (tests).
 */
export function startTracing(config: TracingConfig, processor?: SpanProcessor): Tracing {
  if (!config.exporter && !processor) return { shutdown: async () => undefined };
  const exporter: SpanExporter = config.exporter === "console" ? new ConsoleSpanExporter() : new OTLPTraceExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": config.serviceName }),
    spanProcessors: [processor ?? new BatchSpanProcessor({ exporter, scheduledDelayMillis: config.scheduleDelayMs })],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(provider);
  return {
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
    },
  };
}
