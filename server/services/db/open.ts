// Opens the metadata database: PGlite under the data directory by default, PostgreSQL when a
// postgres:// URL is given. Migrations are applied before the Prisma client is handed out.
import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../generated/prisma/client.ts";
import { applyMigrations, type SqlSession } from "./migrate.ts";
import { DEFAULT_DB_TIMEOUTS, type DbTimeouts } from "./timeouts.ts";
import { lockDataDir } from "./data-dir-lock.ts";

export type Prisma = PrismaClient;

export interface MetadataDb {
  prisma: PrismaClient;
  dialect: "pglite" | "postgres";
  /** Cheap round trip used by readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres:// URL; when absent PGlite is used. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; "memory://" keeps everything in memory (tests). Locked to this process while open. */
  pgliteDir?: string;
  /** PostgreSQL schema to use (created if missing); tests use one schema per file. */
  schema?: string;
  /** PostgreSQL connect/acquire and statement timeouts (default DEFAULT_DB_TIMEOUTS). */
  timeouts?: DbTimeouts;
}

export async function openMetadataDb(options: OpenOptions): Promise<MetadataDb> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.schema, options.timeouts)
    : openPglite(options.pgliteDir ?? "memory://");
}

async function openPglite(dir: string): Promise<MetadataDb> {
  if (dir === "memory://") return pgliteDb(new PGlite(), () => undefined);
  const resolved = path.resolve(dir);
  await fs.mkdir(path.dirname(resolved), { recursive: true });
  const lock = lockDataDir(resolved, path.dirname(resolved));
  try {
    return await pgliteDb(new PGlite(resolved), lock.release);
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function pgliteDb(pglite: PGlite, release: () => void): Promise<MetadataDb> {
  await pglite.waitReady;
  const session: SqlSession = {
    exec: async (sql) => void (await pglite.exec(sql)),
    query: async (sql, params) => (await pglite.query(sql, params)).rows as Record<string, unknown>[],
  };
  await applyMigrations(session);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    prisma,
    dialect: "pglite",
    ping: async () => void (await pglite.query("SELECT 1")),
    close: async () => {
      try {
        await prisma.$disconnect();
        await pglite.close();
      } finally {
        release();
      }
    },
  };
}

async function openPostgres(
  url: string,
  schema = schemaFromUrl(url),
  timeouts = DEFAULT_DB_TIMEOUTS,
): Promise<MetadataDb> {
  const searchPath = `-c search_path=${quoteIdent(schema)}`;
  // Migrations may run long: only connecting is bounded here.
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeouts.connectMs });
  await admin.connect();
  try {
    // Several processes may start at once: one creates the schema and applies migrations, the
    // others wait for it (CREATE SCHEMA IF NOT EXISTS alone races).
    await admin.query("SELECT pg_advisory_lock(727001)");
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      await admin.query(`SET search_path TO ${quoteIdent(schema)}`);
      await applyMigrations({
        exec: async (sql) => void (await admin.query(sql)),
        query: async (sql, params) => (await admin.query(sql, params as unknown[])).rows,
      });
    } finally {
      await admin.query("SELECT pg_advisory_unlock(727001)");
    }
  } finally {
    await admin.end();
  }
  // A hung server (accepts, never answers) must fail requests in bounded time: connecting and waiting for a
  // pooled connection give up after connectMs; the server cancels a statement after statementMs, and the
  // client gives up a second later when the server does not even answer that. A session left idle inside
  // a transaction (its client gone) is ended, so its row locks do not outlive it.
  const pool = new pg.Pool({
    connectionString: url,
    options: searchPath,
    max: 10,
    connectionTimeoutMillis: timeouts.connectMs,
    statement_timeout: timeouts.statementMs,
    query_timeout: timeouts.statementMs + 1000,
    idle_in_transaction_session_timeout: 60_000,
    keepAlive: true,
  });
  pool.on("error", () => undefined); // idle-client errors surface on the next query instead
  releaseFailedTransactions(pool);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { schema }) });
  return {
    prisma,
    dialect: "postgres",
    ping: async () => void (await pool.query("SELECT 1")),
    close: async () => {
      await prisma.$disconnect();
      await pool.end().catch(() => undefined);
    },
  };
}

/**
 * Prisma releases a transaction's connection only after its COMMIT or ROLLBACK succeeded: when that statement
 * fails (the connection was lost, or timed out) the connection stays checked out for good, and each database
 * blip would shrink the pool by one. This releases it with the error instead, so the pool discards it.
 */
function releaseFailedTransactions(pool: pg.Pool): void {
  const patched = new WeakSet<pg.PoolClient>();
  const connect = pool.connect.bind(pool) as (callback?: unknown) => unknown;
  const guard = (client: pg.PoolClient): pg.PoolClient => {
    if (patched.has(client)) return client;
    patched.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((...args: unknown[]) => {
      const result = query(...args);
      const text = typeof args[0] === "string" ? args[0] : (args[0] as { text?: string } | undefined)?.text;
      if (!(result instanceof Promise) || !/^\s*(COMMIT|ROLLBACK)\b/i.test(text ?? "")) return result;
      return result.catch((error: unknown) => {
        try {
          client.release(error instanceof Error ? error : new Error(String(error)));
        } catch {
          // already released
        }
        throw error;
      });
    }) as typeof client.query;
    return client;
  };
  // pg-pool's own query() uses the callback form; Prisma's adapter the promise form.
  pool.connect = ((callback?: unknown) =>
    callback ? connect(callback) : (connect() as Promise<pg.PoolClient>).then(guard)) as typeof pool.connect;
}

function schemaFromUrl(url: string): string {
  return new URL(url).searchParams.get("schema") ?? "public";
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
