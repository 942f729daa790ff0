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
}

export async function openMetadataDb(options: OpenOptions): Promise<MetadataDb> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.schema)
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

async function openPostgres(url: string, schema = schemaFromUrl(url)): Promise<MetadataDb> {
  const searchPath = `-c search_path=${quoteIdent(schema)}`;
  const admin = new pg.Client({ connectionString: url });
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
  const pool = new pg.Pool({ connectionString: url, options: searchPath, max: 10 });
  pool.on("error", () => undefined); // idle-client errors surface on the next query instead
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

function schemaFromUrl(url: string): string {
  return new URL(url).searchParams.get("schema") ?? "public";
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
