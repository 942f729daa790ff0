// Every environment variable the service reads, in one place, validated once at start.
// A bad value stops the process with a message naming the variable and what it expects.
import path from "node:path";
import { z } from "zod";
import { decodeSecretKey } from "./services/secrets.ts";
import type { RunnerConfig } from "./services/migration/runner.ts";
import type { DispatcherConfig } from "./services/webhooks/dispatcher.ts";
import { DEFAULT_DB_TIMEOUTS, type DbTimeouts } from "./services/db/timeouts.ts";
import type { TracingConfig } from "./services/tracing.ts";

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z
  .enum(["1", "0", "true", "false", "yes", "no"])
  .transform((v) => v === "1" || v === "true" || v === "yes");

const schema = z.object({
  PORT: int(0, 65535).default(4000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().min(1).default("./data"),
  /** postgres:// or postgresql:// selects PostgreSQL; unset selects PGlite under DATA_DIR/pglite. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  /** PostgreSQL: connecting (or waiting for a pooled connection) and one statement give up after this long. */
  DATABASE_CONNECT_TIMEOUT_MS: int(100, 600_000).default(DEFAULT_DB_TIMEOUTS.connectMs),
  DATABASE_STATEMENT_TIMEOUT_MS: int(100, 3_600_000).default(DEFAULT_DB_TIMEOUTS.statementMs),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
    .optional(),
  /** 32-byte key (hex or base64) encrypting database credentials at rest. Generated under DATA_DIR when unset. */
  SECRET_KEY: z
    .string()
    .refine(
      (v) => decodeSecretKey(v) !== undefined,
      "must be 32 bytes as 64 hex characters or base64 (openssl rand -hex 32)",
    )
    .optional(),
  /** OpenTelemetry tracing (standard variables): off unless an exporter or an OTLP endpoint is named. */
  OTEL_SDK_DISABLED: bool.default(false),
  OTEL_TRACES_EXPORTER: z.enum(["otlp", "console", "none"]).optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default("realm-migration-service"),
  OTEL_BSP_SCHEDULE_DELAY: int(1, 600_000).default(5000),
  MAX_UPLOAD_BYTES: int(1, 2 ** 31 - 1).default(50 * 1024 * 1024),
  EMBEDDING_DIMENSION: int(8, 8192).default(384),
  EMBEDDINGS_URL: z.string().url().optional(),
  EMBEDDINGS_MODEL: z.string().default("text-embedding-3-small"),
  EMBEDDINGS_API_KEY: z.string().optional(),
  CHUNK_SIZE: int(50, 100_000).default(1000),
  CHUNK_OVERLAP: int(0, 50_000).default(100),
  /** Run markdown-optimizer as part of processDocument. */
  MARKDOWN_OPTIMIZER: bool.default(true),
  PROCESSING_CONCURRENCY: int(1, 64).default(2),
  /**
   * Items one process works on at once. An item mostly waits for SQL round trips, and the process is
   * CPU-bound beyond ~8 on a 2-core machine (bench/: 4 → 8 gave ~1.3× the docs/s, 16 no more, at twice the latency).
   */
  MIGRATION_CONCURRENCY: int(1, 10_000).default(200),
  MIGRATION_BATCH_SIZE: int(1, 5000).default(50),
  MIGRATION_LEASE_MS: int(1000, 3_600_000).default(30_000),
  MIGRATION_POLL_MS: int(10, 60_000).default(1000),
  MIGRATION_MAX_ATTEMPTS: int(1, 100).default(5),
  MIGRATION_RETRY_BASE_MS: int(1, 600_000).default(1000),
  /** On SIGINT/SIGTERM, how long in-flight items may finish before they are released to any process. */
  MIGRATION_DRAIN_MS: int(0, 600_000).default(10_000),
  /** Migration items per second per target database; 0 = unlimited. */
  DATABASE_RATE_LIMIT: z.coerce.number().min(0).max(100_000).default(0),
  /** Run the migration runner and the webhook dispatcher in this process. */
  RUNNER: bool.default(true),
  /** Attempts per webhook delivery before it is FAILED; retries back off exponentially with jitter. */
  WEBHOOK_MAX_ATTEMPTS: int(1, 50).default(6),
  WEBHOOK_RETRY_BASE_MS: int(1, 3_600_000).default(1000),
  /** One delivery attempt (connect, send, response headers) gives up after this long. */
  WEBHOOK_TIMEOUT_MS: int(10, 300_000).default(5000),
  /** Deliveries sent at once per process. */
  WEBHOOK_CONCURRENCY: int(1, 256).default(8),
  /** Let webhooks and Qdrant/Neo4j databases target loopback, private and link-local addresses (on-premises, tests). */
  ALLOW_PRIVATE_NETWORK_TARGETS: bool.default(false),
  /** A receiver's Retry-After (on 429/503) delays the next attempt by at most this long. */
  WEBHOOK_RETRY_AFTER_MAX_MS: int(0, 86_400_000).default(600_000),
  /** Finished deliveries (and their attempt logs) are deleted this many days after they finished; 0 keeps them. */
  WEBHOOK_RETENTION_DAYS: int(0, 3650).default(30),
  MAX_QUERY_DEPTH: int(2, 100).default(12),
  MAX_QUERY_COMPLEXITY: int(10, 1_000_000).default(5000),
  /** Lexical tokens one GraphQL document may have; the parser stops at the limit. */
  MAX_QUERY_TOKENS: int(100, 1_000_000).default(2000),
  /** Aliased fields one GraphQL document may have (introspection included). */
  MAX_QUERY_ALIASES: int(0, 10_000).default(30),
  /** Items one list argument may have, literal or in variables (e.g. ids of nodes or retryFailedDocuments). */
  MAX_LIST_ARGUMENT: int(1, 1_000_000).default(10_000),
  /** Bytes of a GraphQL request body other than a multipart upload (those get MAX_UPLOAD_BYTES more). */
  MAX_REQUEST_BYTES: int(1024, 2 ** 30).default(1024 * 1024),
  /** Subscriptions one token may hold open at once in one process (graphql-ws and SSE together). */
  MAX_SUBSCRIPTIONS_PER_TOKEN: int(1, 100_000).default(50),
  /** Serve introspection (__schema, __type) to callers without a token. */
  PUBLIC_INTROSPECTION: bool.default(false),
  /** Comma-separated origins (scheme://host[:port]) browsers may call the API from; unset: same-origin only. */
  CORS_ORIGINS: z
    .string()
    .transform((v) =>
      v
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .refine((origins) => origins.every((o) => /^https?:\/\/[^/\s]+$/.test(o)), {
      message: "must be a comma-separated list of origins like https://app.example.com",
    })
    .default([]),
  /** Let those origins send credentials (cookies, TLS client certificates); tokens need no credentials. */
  CORS_CREDENTIALS: bool.default(false),
  /** Create the default realm, EMBEDDED database and admin token on first start. */
  BOOTSTRAP: bool.default(true),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /** Bearer token GET /metrics requires; unset leaves /metrics open (keep it off the public network). */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databaseTimeouts: DbTimeouts;
  redisUrl: string | undefined;
  secretKey: string | undefined;
  maxUploadBytes: number;
  embedding: { dimension: number; url: string | undefined; model: string; apiKey: string | undefined };
  chunking: { size: number; overlap: number };
  markdownOptimizer: boolean;
  processingConcurrency: number;
  runner: RunnerConfig & { enabled: boolean };
  webhooks: DispatcherConfig;
  /** Outbound requests (webhooks, database connectors) may go to private and local networks. */
  allowPrivateNetworkTargets: boolean;
  limits: {
    maxDepth: number;
    maxComplexity: number;
    maxTokens: number;
    maxAliases: number;
    maxListLength: number;
    maxRequestBytes: number;
    maxSubscriptionsPerToken: number;
  };
  http: { corsOrigins: string[]; corsCredentials: boolean; publicIntrospection: boolean };
  tracing: TracingConfig;
  bootstrap: boolean;
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
  metricsToken: string | undefined;
};

export class ConfigError extends Error {}

/** Parses configuration from an environment (process.env by default). Throws ConfigError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    const size = Number(cleaned.CHUNK_SIZE ?? 1000);
    const overlap = Number(cleaned.CHUNK_OVERLAP ?? 100);
    if (overlap * 2 >= size) lines.push(`  CHUNK_OVERLAP: must be less than half of CHUNK_SIZE (${size})`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  if (e.CHUNK_OVERLAP * 2 >= e.CHUNK_SIZE) {
    throw new ConfigError(
      `Invalid configuration:\n  CHUNK_OVERLAP: must be less than half of CHUNK_SIZE (${e.CHUNK_SIZE})`,
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databaseTimeouts: { connectMs: e.DATABASE_CONNECT_TIMEOUT_MS, statementMs: e.DATABASE_STATEMENT_TIMEOUT_MS },
    redisUrl: e.REDIS_URL,
    secretKey: e.SECRET_KEY,
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
    embedding: {
      dimension: e.EMBEDDING_DIMENSION,
      url: e.EMBEDDINGS_URL,
      model: e.EMBEDDINGS_MODEL,
      apiKey: e.EMBEDDINGS_API_KEY,
    },
    chunking: { size: e.CHUNK_SIZE, overlap: e.CHUNK_OVERLAP },
    markdownOptimizer: e.MARKDOWN_OPTIMIZER,
    processingConcurrency: e.PROCESSING_CONCURRENCY,
    runner: {
      enabled: e.RUNNER,
      concurrency: e.MIGRATION_CONCURRENCY,
      batchSize: e.MIGRATION_BATCH_SIZE,
      leaseMs: e.MIGRATION_LEASE_MS,
      pollMs: e.MIGRATION_POLL_MS,
      maxAttempts: e.MIGRATION_MAX_ATTEMPTS,
      retryBaseMs: e.MIGRATION_RETRY_BASE_MS,
      drainMs: e.MIGRATION_DRAIN_MS,
      databaseRateLimit: e.DATABASE_RATE_LIMIT,
    },
    webhooks: {
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      concurrency: e.WEBHOOK_CONCURRENCY,
      retryAfterMaxMs: e.WEBHOOK_RETRY_AFTER_MAX_MS,
      retentionDays: e.WEBHOOK_RETENTION_DAYS,
      // Commits and its own retry timers wake the dispatcher; polling only finds what other processes left
      // (expired leases, deliveries of events committed where no dispatcher runs), so it need not be eager.
      pollMs: Math.max(e.MIGRATION_POLL_MS, 1000),
    },
    allowPrivateNetworkTargets: e.ALLOW_PRIVATE_NETWORK_TARGETS,
    limits: {
      maxDepth: e.MAX_QUERY_DEPTH,
      maxComplexity: e.MAX_QUERY_COMPLEXITY,
      maxTokens: e.MAX_QUERY_TOKENS,
      maxAliases: e.MAX_QUERY_ALIASES,
      maxListLength: e.MAX_LIST_ARGUMENT,
      maxRequestBytes: e.MAX_REQUEST_BYTES,
      maxSubscriptionsPerToken: e.MAX_SUBSCRIPTIONS_PER_TOKEN,
    },
    http: {
      corsOrigins: e.CORS_ORIGINS,
      corsCredentials: e.CORS_CREDENTIALS,
      publicIntrospection: e.PUBLIC_INTROSPECTION,
    },
    tracing: {
      exporter: tracingExporter(e),
      serviceName: e.OTEL_SERVICE_NAME,
      scheduleDelayMs: e.OTEL_BSP_SCHEDULE_DELAY,
    },
    bootstrap: e.BOOTSTRAP,
    logLevel: e.LOG_LEVEL,
    metricsToken: e.METRICS_TOKEN,
  };
}

/** The exporter the OTEL_* variables ask for: a named one, else OTLP when an endpoint is set, else none. */
function tracingExporter(e: z.infer<typeof schema>): TracingConfig["exporter"] {
  if (e.OTEL_SDK_DISABLED || e.OTEL_TRACES_EXPORTER === "none") return null;
  if (e.OTEL_TRACES_EXPORTER) return e.OTEL_TRACES_EXPORTER;
  return e.OTEL_EXPORTER_OTLP_ENDPOINT || e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? "otlp" : null;
}
