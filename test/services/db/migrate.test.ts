// The in-process migrator and openMetadataDb: migrations apply once, are recorded with Prisma's
// checksum, edited migrations are refused, and concurrent starts on PostgreSQL apply them once.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, type SqlSession } from "../../../server/services/db/migrate.ts";
import { openMetadataDb, type MetadataDb, type Prisma } from "../../../server/services/db/open.ts";
import { dialects, postgresUrl } from "../../helpers/services.ts";
import { dropSchema, randomSchema } from "../metadata-db.ts";

const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../prisma/migrations");

async function migrationNames(dir = MIGRATIONS_DIR): Promise<string[]> {
  return (await fs.readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

async function fileChecksum(name: string, dir = MIGRATIONS_DIR): Promise<string> {
  return crypto
    .createHash("sha256")
    .update(await fs.readFile(path.join(dir, name, "migration.sql")))
    .digest("hex");
}

function pgliteSession(pglite: PGlite): SqlSession {
  return {
    exec: async (sql) => void (await pglite.exec(sql)),
    query: async (sql, params) => (await pglite.query(sql, params)).rows as Record<string, unknown>[],
  };
}

/** A raw SQL session (for the migrator) on each dialect: PGlite in memory or a fresh PostgreSQL schema. */
async function openSession(dialect: "pglite" | "postgres"): Promise<{ session: SqlSession; close(): Promise<void> }> {
  if (dialect === "pglite") {
    const pglite = new PGlite();
    await pglite.waitReady;
    return { session: pgliteSession(pglite), close: () => pglite.close() };
  }
  const url = postgresUrl()!;
  const schema = randomSchema();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`CREATE SCHEMA "${schema}"`);
  await client.query(`SET search_path TO "${schema}"`);
  return {
    session: {
      exec: async (sql) => void (await client.query(sql)),
      query: async (sql, params) => (await client.query(sql, params as unknown[])).rows,
    },
    close: async () => {
      await client.end();
      await dropSchema(url, schema);
    },
  };
}

describe.each(dialects())("applyMigrations (%s)", (dialect) => {
  let opened: Awaited<ReturnType<typeof openSession>>;
  let session: SqlSession;
  const tempDirs: string[] = [];

  beforeAll(async () => {
    opened = await openSession(dialect);
    session = opened.session;
  });

  afterAll(async () => {
    await opened?.close();
    await Promise.all(tempDirs.map((d) => fs.rm(d, { recursive: true, force: true })));
  });

  it("applies every migration on a fresh database and nothing on the second call", async () => {
    const names = await migrationNames();
    expect(names.length).toBeGreaterThan(0);

    expect(await applyMigrations(session)).toEqual(names);
    expect(await applyMigrations(session)).toEqual([]);

    const tables = await session.query(
      `SELECT to_regclass('"Document"') AS doc, to_regclass('"MigrationEvent"') AS ev`,
    );
    expect(tables[0]!.doc).not.toBeNull();
    expect(tables[0]!.ev).not.toBeNull();
  });

  it("records each migration in _prisma_migrations with the sha256 of its file", async () => {
    const rows = await session.query(
      `SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    const names = await migrationNames();
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    for (const row of rows) {
      expect(row.checksum).toBe(await fileChecksum(String(row.migration_name)));
      expect(row.finished_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(Number(row.applied_steps_count)).toBe(1);
    }
  });

  it("refuses to run when an applied migration's checksum differs, naming the migration", async () => {
    const [first] = await migrationNames();
    const original = await fileChecksum(first!);
    await session.query(`UPDATE "_prisma_migrations" SET checksum = $1 WHERE migration_name = $2`, [
      "0".repeat(64),
      first,
    ]);
    try {
      await expect(applyMigrations(session)).rejects.toThrow(
        new RegExp(`Migration ${first} was changed after it was applied \\(checksum differs\\)`),
      );
    } finally {
      await session.query(`UPDATE "_prisma_migrations" SET checksum = $1 WHERE migration_name = $2`, [original, first]);
    }
    expect(await applyMigrations(session)).toEqual([]);
  });

  it("applies a new migration after the existing ones, and rolls back a failing one completely", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "migrations-test-"));
    tempDirs.push(dir);
    for (const name of await migrationNames()) {
      await fs.cp(path.join(MIGRATIONS_DIR, name), path.join(dir, name), { recursive: true });
    }
    await fs.mkdir(path.join(dir, "29990101000000_add_note"));
    await fs.writeFile(
      path.join(dir, "29990101000000_add_note", "migration.sql"),
      `CREATE TABLE "Note" ("id" INTEGER PRIMARY KEY);`,
    );
    expect(await applyMigrations(session, dir)).toEqual(["29990101000000_add_note"]);
    expect(await applyMigrations(session, dir)).toEqual([]);

    await fs.mkdir(path.join(dir, "29990102000000_broken"));
    await fs.writeFile(
      path.join(dir, "29990102000000_broken", "migration.sql"),
      `CREATE TABLE "Half" ("id" INTEGER);\nALTER TABLE "DoesNotExist" ADD COLUMN "x" INTEGER;`,
    );
    await expect(applyMigrations(session, dir)).rejects.toThrow(/Migration 29990102000000_broken failed/);
    const half = await session.query(`SELECT to_regclass('"Half"') AS t`);
    expect(half[0]!.t).toBeNull();
    const recorded = await session.query(
      `SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '29990102000000_broken'`,
    );
    expect(recorded).toEqual([]);
  });
});

describe.each(dialects())("openMetadataDb (%s)", (dialect) => {
  let db: MetadataDb;
  let prisma: Prisma;
  let schema: string | undefined;

  beforeAll(async () => {
    if (dialect === "pglite") {
      db = await openMetadataDb({ pgliteDir: "memory://" });
    } else {
      schema = randomSchema();
      db = await openMetadataDb({ databaseUrl: postgresUrl()!, schema });
    }
    prisma = db.prisma;
  });

  afterAll(async () => {
    await db?.close();
    if (schema) await dropSchema(postgresUrl()!, schema);
  });

  it("hands out a migrated, working client", async () => {
    expect(db.dialect).toBe(dialect);
    await db.ping();
    const rows = await prisma.$queryRawUnsafe<Array<{ migration_name: string; checksum: string }>>(
      `SELECT migration_name, checksum FROM "_prisma_migrations"`,
    );
    const names = await migrationNames();
    expect(rows.map((r) => r.migration_name).sort()).toEqual(names);
    for (const row of rows) expect(row.checksum).toBe(await fileChecksum(row.migration_name));
  });

  it("allows one active document per title in a realm; retired documents keep their title", async () => {
    const realm = await prisma.realm.create({ data: { name: `realm-${crypto.randomUUID()}` } });
    const other = await prisma.realm.create({ data: { name: `realm-${crypto.randomUUID()}` } });
    const blob = await prisma.blob.create({ data: { sha256: crypto.randomBytes(32).toString("hex"), size: 3n } });
    const doc = (realmId: string, retiredAt: Date | null = null) =>
      prisma.document.create({
        data: {
          realmId,
          title: "Report",
          fileName: "report.md",
          contentType: "text/markdown",
          sha256: blob.sha256,
          size: 3n,
          retiredAt,
        },
      });

    const first = await doc(realm.id);
    await expect(doc(realm.id)).rejects.toThrow(/Unique constraint|unique constraint|duplicate key/i);
    // Same title in another realm is fine.
    await doc(other.id);
    // Retired documents keep their title alongside an active one, and alongside each other.
    await doc(realm.id, new Date());
    await doc(realm.id, new Date());
    expect(await prisma.document.count({ where: { realmId: realm.id, title: "Report" } })).toBe(3);

    // Retiring the active one frees the title for a new active document; a second active one still clashes.
    await prisma.document.update({ where: { id: first.id }, data: { retiredAt: new Date(), status: "RETIRED" } });
    await doc(realm.id);
    await expect(doc(realm.id)).rejects.toThrow(/Unique constraint|unique constraint|duplicate key/i);
    expect(await prisma.document.count({ where: { realmId: realm.id, title: "Report", retiredAt: null } })).toBe(1);
  });
});

describe.runIf(postgresUrl())("openMetadataDb on PostgreSQL, concurrent starts", () => {
  const opened: MetadataDb[] = [];
  const schemas: string[] = [];

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.close()));
    for (const schema of schemas.splice(0)) await dropSchema(postgresUrl()!, schema);
  });

  it("two processes opening the same fresh schema both succeed and migrations are applied once", async () => {
    const url = postgresUrl()!;
    // A race only shows some of the time: try several fresh schemas.
    for (let attempt = 0; attempt < 8; attempt++) {
      const schema = randomSchema();
      schemas.push(schema);
      const results = await Promise.allSettled([
        openMetadataDb({ databaseUrl: url, schema }),
        openMetadataDb({ databaseUrl: url, schema }),
      ]);
      const pair = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
      opened.push(...pair);
      expect(
        results.map((r) => (r.status === "rejected" ? String(r.reason) : "ok")),
        `attempt ${attempt}: both concurrent openMetadataDb calls on schema ${schema} must succeed`,
      ).toEqual(["ok", "ok"]);

      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query(`SELECT migration_name FROM "${schema}"."_prisma_migrations"`);
        expect(rows.map((r) => r.migration_name).sort()).toEqual(await migrationNames());
      } finally {
        await client.end();
      }
      // Both clients work on the same schema.
      await pair[0]!.prisma.realm.create({ data: { name: "shared" } });
      expect(await pair[1]!.prisma.realm.count({ where: { name: "shared" } })).toBe(1);
    }
  });

  it("keeps schemas apart", async () => {
    const url = postgresUrl()!;
    const a = randomSchema();
    const b = randomSchema();
    schemas.push(a, b);
    const dbA = await openMetadataDb({ databaseUrl: url, schema: a });
    opened.push(dbA);
    const dbB = await openMetadataDb({ databaseUrl: url, schema: b });
    opened.push(dbB);
    await dbA.prisma.realm.create({ data: { name: "only-in-a" } });
    expect(await dbA.prisma.realm.count()).toBe(1);
    expect(await dbB.prisma.realm.count()).toBe(0);
  });
});
