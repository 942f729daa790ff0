// The bench's environment: PostgreSQL and Redis from DATABASE_URL / REDIS_URL (scripts/services.sh), one
// throw-away PostgreSQL schema `bench_<hex>` per invocation and one data directory, both removed at the end.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export interface BenchEnv {
  /** postgres:// URL without a schema parameter. */
  postgresUrl: string;
  redisUrl: string;
  schema: string;
  /** DATABASE_URL for child servers: the URL with ?schema=<schema>. */
  databaseUrl: string;
  dataDir: string;
  secretKey: string;
  neo4j: { uri: string; username: string | undefined; password: string | undefined } | undefined;
  qdrantUrl: string | undefined;
}

export class MissingServiceError extends Error {}

export async function openBenchEnv(): Promise<BenchEnv> {
  const postgresUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL;
  const missing = [!postgresUrl && "DATABASE_URL (PostgreSQL)", !redisUrl && "REDIS_URL (Redis)"].filter(Boolean);
  if (missing.length > 0) {
    throw new MissingServiceError(
      `The bench runs against PostgreSQL + Redis, but ${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set.\n` +
        `Start them and export their URLs:  eval "$(scripts/services.sh up postgres redis)"   (add neo4j for the cross/neo4j scenarios)`,
    );
  }
  const url = new URL(postgresUrl!);
  url.searchParams.delete("schema");
  const schema = `bench_${crypto.randomBytes(4).toString("hex")}`;
  const withSchema = new URL(url);
  withSchema.searchParams.set("schema", schema);
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect().catch((error: unknown) => {
    throw new MissingServiceError(
      `PostgreSQL at ${url.host} does not answer (${(error as Error).message}). Start it: scripts/services.sh up postgres`,
    );
  });
  await client.end();
  return {
    postgresUrl: url.toString(),
    redisUrl: redisUrl!,
    schema,
    databaseUrl: withSchema.toString(),
    dataDir: await fs.mkdtemp(path.join(os.tmpdir(), "rms-bench-")),
    secretKey: crypto.randomBytes(32).toString("hex"),
    neo4j: process.env.NEO4J_URI
      ? { uri: process.env.NEO4J_URI, username: process.env.NEO4J_USERNAME, password: process.env.NEO4J_PASSWORD }
      : undefined,
    qdrantUrl: process.env.QDRANT_URL || undefined,
  };
}

/** Drops this invocation's schema and data directory. */
export async function closeBenchEnv(env: BenchEnv): Promise<void> {
  const client = new pg.Client({ connectionString: env.postgresUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${env.schema}" CASCADE`);
  } finally {
    await client.end();
  }
  await fs.rm(env.dataDir, { recursive: true, force: true });
}

/** The configuration every process of the bench shares (bench process and child servers). */
export function serviceEnv(env: BenchEnv): Record<string, string> {
  return {
    DATABASE_URL: env.databaseUrl,
    DATA_DIR: env.dataDir,
    SECRET_KEY: env.secretKey,
    EMBEDDING_DIMENSION: "384",
    CHUNK_SIZE: "900",
    CHUNK_OVERLAP: "100",
    BOOTSTRAP: "false",
    // The bench's Qdrant and Neo4j run on 127.0.0.1.
    ALLOW_PRIVATE_NETWORK_TARGETS: "true",
  };
}
