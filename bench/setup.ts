// Set-up that is not measured: the bench's own services (to create realms and databases and to process the
// workload through the real pipeline), source realms processed once per invocation and shared by every run,
// fresh target realms per run, and their removal afterwards. Set-up connections use synchronous_commit=off
// (nothing measured goes through them); measured connections keep the server's defaults.
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../server/generated/prisma/client.ts";
import { loadConfig } from "../server/config.ts";
import { createServices, type Services } from "../server/services/index.ts";
import { openMetadataDb, type MetadataDb } from "../server/services/db/open.ts";
import { Viewer } from "../server/services/access.ts";
import type { Database } from "../server/generated/prisma/client.ts";
import { serviceEnv, type BenchEnv } from "./env.ts";
import { processWorkload } from "./workload.ts";
import { processInWorker } from "./process-shard.ts";
import { cloneDocuments } from "./clone.ts";

export interface SourceRealm {
  realmId: string;
  databaseId: string;
  documents: number;
  processingMs: number;
}

export interface Bench {
  env: BenchEnv;
  services: Services;
  /** Unmeasured work (set-up, clean-up): synchronous_commit off. */
  setupPool: pg.Pool;
  /** Measured work in the bench process (baselines, floor): the server's defaults. */
  measuredPool: pg.Pool;
  /** application_name of the measured pool's backends, and the prefix of the servers' (PGAPPNAME): PostgreSQL CPU metering. */
  measuredAppName: string;
  serverAppName: string;
  adminToken: string;
  /** Documents of a source that go through the real pipeline; larger sources are SQL clones of them. */
  processLimit: number;
  source(documents: number): Promise<SourceRealm>;
  /** A new realm with `kinds` databases attached (EMBEDDED by default). */
  realm(name: string): Promise<{ realmId: string; databaseId: string }>;
  database(name: string, input: Omit<Parameters<Services["databases"]["create"]>[1], "name">): Promise<Database>;
  /** Removes a realm made by `realm()` with everything in and about it. */
  dropRealm(realmId: string): Promise<void>;
  /** Removes a database (its rows in the embedded store and its ingestions), detaching it first. */
  dropDatabase(databaseId: string): Promise<void>;
  counts(realmId: string, databaseId: string): Promise<RealmCounts>;
  close(): Promise<void>;
}

export interface RealmCounts {
  documents: number;
  stageFiles: number;
  ingestions: number;
  chunks: number;
  mentions: number;
  relations: number;
}

const system = Viewer.system();

/** The service's own services on the bench schema, through a set-up pool (synchronous_commit off). */
export async function openSetupServices(env: BenchEnv): Promise<{ services: Services; pool: pg.Pool }> {
  const pool = new pg.Pool({
    connectionString: env.postgresUrl,
    application_name: `${env.schema}-setup`,
    options: `-c search_path="${env.schema}" -c synchronous_commit=off`,
    max: 10,
  });
  pool.on("error", () => undefined);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { schema: env.schema }) });
  const db: MetadataDb = {
    prisma,
    dialect: "postgres",
    ping: async () => void (await pool.query("SELECT 1")),
    close: () => prisma.$disconnect(),
  };
  const config = loadConfig({ ...serviceEnv(env), RUNNER: "false", LOG_LEVEL: "silent" });
  return { services: await createServices(config, { db }), pool };
}

export interface SetupOptions {
  /** Processes that process the workload (default 2). */
  workers?: number;
  /**
   * At most this many documents of a source go through the real pipeline (default 1,000); the rest are SQL
   * clones of them (bench/clone.ts).
   */
  processLimit?: number;
}

export async function openBench(
  env: BenchEnv,
  log: (line: string) => void,
  options: SetupOptions = {},
): Promise<Bench> {
  const setupWorkers = options.workers ?? 2;
  const processLimit = options.processLimit ?? 1000;
  // openMetadataDb creates the schema and applies the migrations; the bench then talks to it through its own pools.
  await (await openMetadataDb({ databaseUrl: env.postgresUrl, schema: env.schema })).close();
  const { services, pool: setupPool } = await openSetupServices(env);
  const measuredAppName = `${env.schema}-measured`;
  const measuredPool = new pg.Pool({
    connectionString: env.postgresUrl,
    application_name: measuredAppName,
    options: `-c search_path="${env.schema}"`,
    max: 4,
  });
  measuredPool.on("error", () => undefined);
  const { token: adminToken } = await services.tokens.issue("bench", true);
  const sources = new Map<number, Promise<SourceRealm>>();
  let realms = 0;

  const database: Bench["database"] = (name, input) =>
    services.databases.create(system, { name, ...input } as Parameters<Services["databases"]["create"]>[1]);

  const realm: Bench["realm"] = async (name) => {
    const unique = `${name}-${++realms}`;
    const created = await services.realms.create(system, { name: unique });
    const db = await database(`${unique}-db`, { kind: "EMBEDDED" });
    await services.realms.addDatabase(system, created.id, db.id);
    return { realmId: created.id, databaseId: db.id };
  };

  const source = (documents: number): Promise<SourceRealm> => {
    let pending = sources.get(documents);
    if (!pending) {
      pending = (async () => {
        const started = performance.now();
        const { realmId, databaseId } = await realm(`source-${documents}`);
        if (documents <= processLimit) await processInto(realmId, documents);
        else {
          const base = await source(processLimit);
          log(`cloning ${base.documents} processed documents by SQL into ${documents} (set-up, not measured) …`);
          await cloneDocuments(setupPool, {
            baseRealmId: base.realmId,
            baseDatabaseId: base.databaseId,
            realmId,
            databaseId,
            count: documents,
            titlePrefix: "clone-",
          });
        }
        const processingMs = performance.now() - started;
        log(`  source of ${documents} documents ready in ${(processingMs / 1000).toFixed(1)} s`);
        return { realmId, databaseId, documents, processingMs };
      })();
      sources.set(documents, pending);
    }
    return pending;
  };

  /** Uploads and processes documents [0, documents) into the realm through the real pipeline. */
  const processInto = async (realmId: string, documents: number) => {
    log(`processing ${documents} documents (set-up, not measured, ${setupWorkers} process(es)) …`);
    const started = performance.now();
    const progress = new Array<number>(setupWorkers).fill(0);
    let logged = 0;
    const report = (shard: number) => (done: number) => {
      progress[shard] = done;
      const total = progress.reduce((a, b) => a + b, 0);
      const step = documents <= 2000 ? 250 : 1000;
      if (Math.floor(total / step) > logged) log(`  ${(logged = Math.floor(total / step)) * step}/${documents}`);
    };
    await Promise.all([
      processWorkload(services, realmId, documents, {
        concurrency: 4,
        shards: setupWorkers,
        onProgress: report(0),
      }),
      ...Array.from({ length: setupWorkers - 1 }, (_, i) =>
        processInWorker(env, { realmId, count: documents, shard: i + 1, shards: setupWorkers }, report(i + 1)),
      ),
    ]);
    log(`  processed ${documents} documents in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await setupPool.query("ANALYZE");
  };

  const sql = (text: string, values: unknown[] = []) => setupPool.query(text, values);

  return {
    env,
    services,
    setupPool,
    measuredPool,
    measuredAppName,
    serverAppName: `${env.schema}-server`,
    adminToken,
    processLimit,
    source,
    realm,
    database,
    dropRealm: async (realmId) => {
      for (const table of ["EmbeddedChunk", "EmbeddedMention", "EmbeddedRelation", "EmbeddedEntity"])
        await sql(`DELETE FROM "${table}" WHERE "realmId" = $1`, [realmId]);
      await sql(`DELETE FROM "Migration" WHERE "targetRealmId" = $1`, [realmId]);
      const dbs = await sql(`SELECT "databaseId" FROM "RealmDatabase" WHERE "realmId" = $1`, [realmId]);
      await sql(`DELETE FROM "Document" WHERE "realmId" = $1`, [realmId]);
      await sql(`DELETE FROM "Realm" WHERE id = $1`, [realmId]);
      await sql(`DELETE FROM "Database" WHERE id = ANY($1::uuid[])`, [dbs.rows.map((r) => r.databaseId)]);
    },
    dropDatabase: async (databaseId) => {
      for (const table of ["EmbeddedChunk", "EmbeddedMention", "EmbeddedRelation", "EmbeddedEntity"])
        await sql(`DELETE FROM "${table}" WHERE "databaseId" = $1`, [databaseId]);
      await sql(`DELETE FROM "Ingestion" WHERE "databaseId" = $1`, [databaseId]);
      await sql(`DELETE FROM "Database" WHERE id = $1`, [databaseId]);
    },
    counts: async (realmId, databaseId) => {
      const { rows } = await sql(
        `SELECT
           (SELECT count(*) FROM "Document" WHERE "realmId" = $1 AND "retiredAt" IS NULL AND status = 'READY')::int AS documents,
           (SELECT count(*) FROM "StageFile" f JOIN "Document" d ON d.id = f."documentId"
              WHERE d."realmId" = $1 AND d."retiredAt" IS NULL)::int AS "stageFiles",
           (SELECT count(*) FROM "Ingestion" g JOIN "Document" d ON d.id = g."documentId"
              WHERE d."realmId" = $1 AND g."databaseId" = $2 AND g.status = 'SUCCEEDED')::int AS ingestions,
           (SELECT count(*) FROM "EmbeddedChunk" WHERE "realmId" = $1 AND "databaseId" = $2)::int AS chunks,
           (SELECT count(*) FROM "EmbeddedMention" WHERE "realmId" = $1 AND "databaseId" = $2)::int AS mentions,
           (SELECT count(*) FROM "EmbeddedRelation" WHERE "realmId" = $1 AND "databaseId" = $2)::int AS relations`,
        [realmId, databaseId],
      );
      return rows[0] as RealmCounts;
    },
    close: async () => {
      await services.close();
      await setupPool.end().catch(() => undefined);
      await measuredPool.end().catch(() => undefined);
    },
  };
}
