// A throwaway metadata database for service tests: in-memory PGlite, or a fresh PostgreSQL schema
// that is dropped on close. Which dialects run is decided by test/helpers/services.ts.
import crypto from "node:crypto";
import pg from "pg";
import { openMetadataDb, type MetadataDb } from "../../server/services/db/open.ts";
import { postgresUrl, type Dialect } from "../helpers/services.ts";

export interface TestDb {
  db: MetadataDb;
  close(): Promise<void>;
}

export function randomSchema(): string {
  return `t_${crypto.randomBytes(6).toString("hex")}`;
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

export async function openTestDb(dialect: Dialect): Promise<TestDb> {
  if (dialect === "pglite") {
    const db = await openMetadataDb({ pgliteDir: "memory://" });
    return { db, close: () => db.close() };
  }
  const url = postgresUrl();
  if (!url) throw new Error("PostgreSQL is not configured (TEST_DATABASE_URL or DATABASE_URL)");
  const schema = randomSchema();
  const db = await openMetadataDb({ databaseUrl: url, schema });
  return {
    db,
    close: async () => {
      await db.close();
      await dropSchema(url, schema);
    },
  };
}
