// loadConfig: defaults for an empty environment, and a ConfigError naming every bad variable.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../server/config.ts";

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe("loadConfig", () => {
  it("uses the embedded defaults for an empty environment", () => {
    expect(loadConfig({})).toEqual({
      port: 4000,
      host: "127.0.0.1",
      dataDir: path.resolve("./data"),
      databaseUrl: undefined,
      databaseTimeouts: { connectMs: 5000, statementMs: 15_000 },
      redisUrl: undefined,
      secretKey: undefined,
      maxUploadBytes: 50 * 1024 * 1024,
      embedding: { dimension: 384, url: undefined, model: "text-embedding-3-small", apiKey: undefined },
      chunking: { size: 1000, overlap: 100 },
      markdownOptimizer: true,
      processingConcurrency: 2,
      runner: {
        enabled: true,
        concurrency: 200,
        batchSize: 50,
        leaseMs: 30_000,
        pollMs: 1000,
        maxAttempts: 5,
        retryBaseMs: 1000,
        drainMs: 10_000,
        databaseRateLimit: 0,
      },
      webhooks: {
        maxAttempts: 6,
        retryBaseMs: 1000,
        timeoutMs: 5000,
        concurrency: 8,
        retryAfterMaxMs: 600_000,
        retentionDays: 30,
        pollMs: 1000,
      },
      allowPrivateNetworkTargets: false,
      limits: {
        maxDepth: 12,
        maxComplexity: 5000,
        maxTokens: 2000,
        maxAliases: 30,
        maxListLength: 10_000,
        maxRequestBytes: 1024 * 1024,
        maxSubscriptionsPerToken: 50,
      },
      http: { corsOrigins: [], corsCredentials: false, publicIntrospection: false },
      tracing: { exporter: null, serviceName: "realm-migration-service", scheduleDelayMs: 5000 },
      bootstrap: true,
      logLevel: "info",
    });
  });

  it("treats empty values as unset", () => {
    expect(loadConfig({ PORT: "", DATABASE_URL: "", LOG_LEVEL: "" })).toMatchObject({
      port: 4000,
      databaseUrl: undefined,
      logLevel: "info",
    });
  });

  it("reads and converts every variable", () => {
    const config = loadConfig({
      PORT: "0",
      HOST: "0.0.0.0",
      DATA_DIR: "/var/lib/realm",
      DATABASE_URL: "postgresql://realm:realm@db:5432/realm",
      DATABASE_CONNECT_TIMEOUT_MS: "2000",
      DATABASE_STATEMENT_TIMEOUT_MS: "3000",
      REDIS_URL: "rediss://cache:6380",
      SECRET_KEY: "a1".repeat(32),
      MAX_UPLOAD_BYTES: "1024",
      EMBEDDING_DIMENSION: "64",
      EMBEDDINGS_URL: "http://127.0.0.1:8080/v1",
      EMBEDDINGS_MODEL: "nomic-embed",
      EMBEDDINGS_API_KEY: "sk-test",
      CHUNK_SIZE: "500",
      CHUNK_OVERLAP: "249",
      MARKDOWN_OPTIMIZER: "no",
      PROCESSING_CONCURRENCY: "4",
      RUNNER: "false",
      MIGRATION_CONCURRENCY: "8",
      MIGRATION_BATCH_SIZE: "20",
      MIGRATION_LEASE_MS: "5000",
      MIGRATION_POLL_MS: "200",
      MIGRATION_MAX_ATTEMPTS: "2",
      MIGRATION_RETRY_BASE_MS: "50",
      MIGRATION_DRAIN_MS: "0",
      DATABASE_RATE_LIMIT: "2.5",
      WEBHOOK_MAX_ATTEMPTS: "3",
      WEBHOOK_RETRY_BASE_MS: "10",
      WEBHOOK_TIMEOUT_MS: "250",
      WEBHOOK_CONCURRENCY: "2",
      ALLOW_PRIVATE_NETWORK_TARGETS: "true",
      WEBHOOK_RETRY_AFTER_MAX_MS: "5000",
      WEBHOOK_RETENTION_DAYS: "7",
      MAX_QUERY_DEPTH: "8",
      MAX_QUERY_COMPLEXITY: "100",
      MAX_QUERY_TOKENS: "500",
      MAX_QUERY_ALIASES: "5",
      MAX_LIST_ARGUMENT: "100",
      MAX_REQUEST_BYTES: "65536",
      MAX_SUBSCRIPTIONS_PER_TOKEN: "3",
      PUBLIC_INTROSPECTION: "true",
      CORS_ORIGINS: "https://app.example.com, http://localhost:5173",
      CORS_CREDENTIALS: "yes",
      BOOTSTRAP: "0",
      LOG_LEVEL: "silent",
      METRICS_TOKEN: "m".repeat(32),
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
      OTEL_SERVICE_NAME: "rms-eu",
      OTEL_BSP_SCHEDULE_DELAY: "250",
    });
    expect(config).toEqual({
      port: 0,
      host: "0.0.0.0",
      dataDir: "/var/lib/realm",
      databaseUrl: "postgresql://realm:realm@db:5432/realm",
      databaseTimeouts: { connectMs: 2000, statementMs: 3000 },
      redisUrl: "rediss://cache:6380",
      secretKey: "a1".repeat(32),
      maxUploadBytes: 1024,
      embedding: { dimension: 64, url: "http://127.0.0.1:8080/v1", model: "nomic-embed", apiKey: "sk-test" },
      chunking: { size: 500, overlap: 249 },
      markdownOptimizer: false,
      processingConcurrency: 4,
      runner: {
        enabled: false,
        concurrency: 8,
        batchSize: 20,
        leaseMs: 5000,
        pollMs: 200,
        maxAttempts: 2,
        retryBaseMs: 50,
        drainMs: 0,
        databaseRateLimit: 2.5,
      },
      webhooks: {
        maxAttempts: 3,
        retryBaseMs: 10,
        timeoutMs: 250,
        concurrency: 2,
        retryAfterMaxMs: 5000,
        retentionDays: 7,
        pollMs: 1000,
      },
      allowPrivateNetworkTargets: true,
      limits: {
        maxDepth: 8,
        maxComplexity: 100,
        maxTokens: 500,
        maxAliases: 5,
        maxListLength: 100,
        maxRequestBytes: 65536,
        maxSubscriptionsPerToken: 3,
      },
      http: {
        corsOrigins: ["https://app.example.com", "http://localhost:5173"],
        corsCredentials: true,
        publicIntrospection: true,
      },
      tracing: { exporter: "otlp", serviceName: "rms-eu", scheduleDelayMs: 250 },
      bootstrap: false,
      logLevel: "silent",
      metricsToken: "m".repeat(32),
    });
    expect(loadConfig({ DATABASE_URL: "postgres://x/y", REDIS_URL: "redis://r" })).toMatchObject({
      databaseUrl: "postgres://x/y",
      redisUrl: "redis://r",
    });
  });

  it.each([
    ["PORT", { PORT: "abc" }],
    ["PORT", { PORT: "70000" }],
    ["PORT", { PORT: "-1" }],
    ["PORT", { PORT: "80.5" }],
    ["DATABASE_URL", { DATABASE_URL: "mysql://x" }],
    ["REDIS_URL", { REDIS_URL: "http://x" }],
    ["CHUNK_OVERLAP", { CHUNK_OVERLAP: "500" }],
    ["CHUNK_OVERLAP", { CHUNK_SIZE: "200", CHUNK_OVERLAP: "100" }],
    ["MAX_UPLOAD_BYTES", { MAX_UPLOAD_BYTES: "0" }],
    ["LOG_LEVEL", { LOG_LEVEL: "loud" }],
    ["MARKDOWN_OPTIMIZER", { MARKDOWN_OPTIMIZER: "maybe" }],
    ["EMBEDDING_DIMENSION", { EMBEDDING_DIMENSION: "4" }],
    ["EMBEDDINGS_URL", { EMBEDDINGS_URL: "not a url" }],
    ["METRICS_TOKEN", { METRICS_TOKEN: "short" }],
    ["OTEL_TRACES_EXPORTER", { OTEL_TRACES_EXPORTER: "jaeger" }],
    ["OTEL_EXPORTER_OTLP_ENDPOINT", { OTEL_EXPORTER_OTLP_ENDPOINT: "collector" }],
    ["SECRET_KEY", { SECRET_KEY: "short" }],
    ["SECRET_KEY", { SECRET_KEY: "ab".repeat(31) }],
    ["WEBHOOK_MAX_ATTEMPTS", { WEBHOOK_MAX_ATTEMPTS: "0" }],
    ["WEBHOOK_TIMEOUT_MS", { WEBHOOK_TIMEOUT_MS: "soon" }],
    ["MAX_REQUEST_BYTES", { MAX_REQUEST_BYTES: "10" }],
    ["CORS_ORIGINS", { CORS_ORIGINS: "*" }],
    ["CORS_ORIGINS", { CORS_ORIGINS: "https://a.example.com/path" }],
    ["PUBLIC_INTROSPECTION", { PUBLIC_INTROSPECTION: "sometimes" }],
    ["WEBHOOK_RETENTION_DAYS", { WEBHOOK_RETENTION_DAYS: "-1" }],
  ])("rejects a bad %s with a ConfigError naming it (%j)", (variable, env) => {
    const error = configError(env);
    expect(error.message).toMatch(new RegExp(`^\\s+${variable}: `, "m"));
    // Only the bad variable is reported.
    const named = error.message
      .split("\n")
      .slice(1)
      .map((line) => line.trim().split(":")[0]);
    expect(named).toEqual([variable]);
  });

  it("accepts an overlap just under half the chunk size", () => {
    expect(loadConfig({ CHUNK_SIZE: "200", CHUNK_OVERLAP: "99" }).chunking).toEqual({ size: 200, overlap: 99 });
  });

  it("lists every bad variable at once", () => {
    const error = configError({
      PORT: "abc",
      DATABASE_URL: "mysql://x",
      REDIS_URL: "http://x",
      MAX_UPLOAD_BYTES: "0",
      LOG_LEVEL: "loud",
    });
    for (const variable of ["PORT", "DATABASE_URL", "REDIS_URL", "MAX_UPLOAD_BYTES", "LOG_LEVEL"]) {
      expect(error.message).toMatch(new RegExp(`^\\s+${variable}: `, "m"));
    }
  });

  it("lists a CHUNK_OVERLAP that is too large together with the other bad variables", () => {
    const error = configError({ PORT: "70000", CHUNK_SIZE: "1000", CHUNK_OVERLAP: "600" });
    expect(error.message).toMatch(/^\s+PORT: /m);
    expect(
      error.message,
      "loadConfig promises to list every bad variable, but server/config.ts only checks CHUNK_OVERLAP against CHUNK_SIZE after every other variable parsed",
    ).toMatch(/^\s+CHUNK_OVERLAP: /m);
  });
});
