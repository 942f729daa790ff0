// How the item claim and createMigration scale with a migration's size, on PostgreSQL: N documents written
// by plain SQL, then createMigration over all of them (timed, with the creation check and the dry run's walk,
// which createMigration ran before, timed beside it), then claims of 10 items from the running migration
// (median of 30, the old whole-table query beside the grouped one) and the grouped claim's EXPLAIN (ANALYZE).
// Run:
//   eval "$(scripts/services.sh env)" && npx tsx bench/queue-scale.ts 1000 10000 100000
import crypto from "node:crypto";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { openMetadataDb } from "../server/services/db/open.ts";
import { Viewer } from "../server/services/access.ts";
import { MigrationEvents } from "../server/services/migration/events.ts";
import { MigrationService } from "../server/services/migration/service.ts";
import { checkCreation, planMigration } from "../server/services/migration/planner.ts";
import { resolveRequest } from "../server/services/migration/request.ts";
import * as leases from "../server/services/queue/leases.ts";
import { MIGRATION_RUNS } from "../server/services/queue/queues.ts";
import type { MigrationRequest } from "../server/services/migration/types.ts";

const url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
if (!url) throw new Error("Set DATABASE_URL (PostgreSQL).");
const sizes = process.argv.slice(2).map(Number);

/** The claim as it was: one scan and sort of every item of running migrations. */
const WHOLE_TABLE_CLAIM = `SELECT q.id FROM "MigrationItem" q JOIN "Migration" m ON m.id = q."migrationId"
  WHERE m.status = 'IN_PROGRESS' AND NOT (q.id = ANY($2::uuid[])) AND (
    (q.status = 'PENDING' AND (q."nextAttemptAt" IS NULL OR q."nextAttemptAt" <= ${leases.DB_NOW}))
    OR (q.status = 'IN_PROGRESS' AND (q."leaseExpiresAt" < ${leases.DB_NOW} OR q."leaseOwner" = $3)))
  ORDER BY m."createdAt", q.ordinal LIMIT $1 FOR UPDATE OF q SKIP LOCKED`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

for (const n of sizes) {
  const schema = `bench_scale_${crypto.randomBytes(4).toString("hex")}`;
  const db = await openMetadataDb({ databaseUrl: url, schema });
  const prisma = db.prisma;
  try {
    const source = await prisma.realm.create({ data: { name: `scale-src-${n}` } });
    const target = await prisma.realm.create({ data: { name: `scale-dst-${n}` } });
    await prisma.blob.create({ data: { sha256: "0".repeat(64), size: 1n } });
    await prisma.$executeRawUnsafe(
      `INSERT INTO "Document" (id, "realmId", title, status, "fileName", "contentType", sha256, size, "createdAt", "updatedAt")
       SELECT gen_random_uuid(), $1::uuid, 'doc-' || g, 'READY', 'doc.md', 'text/markdown', $2, 1,
         now() + g * interval '1 microsecond', now()
       FROM generate_series(1, $3::int) g`,
      source.id,
      "0".repeat(64),
      n,
    );
    await prisma.$executeRawUnsafe(`ANALYZE "Document"`);
    const events = new MigrationEvents(prisma, { enqueue: () => {} });
    const service = new MigrationService(
      prisma,
      events,
      () => {},
      async () => [],
    );
    const request: MigrationRequest = {
      type: "DOCUMENT_TO_REALM",
      sourceRealmId: source.id,
      targetRealmId: target.id,
      filter: {},
      options: { conflictPolicy: "FAIL" },
    };
    const resolved = await resolveRequest(prisma, Viewer.system(), request);
    let t0 = performance.now();
    await planMigration(prisma, resolved, 5);
    const walkMs = performance.now() - t0;
    t0 = performance.now();
    await checkCreation(prisma, resolved);
    const checkMs = performance.now() - t0;
    t0 = performance.now();
    const migration = await service.create(Viewer.system(), request);
    const createMs = performance.now() - t0;
    const items = await prisma.migrationItem.count({ where: { migrationId: migration.id } });

    await prisma.migration.update({ where: { id: migration.id }, data: { status: "IN_PROGRESS" } });
    await prisma.$executeRawUnsafe(`ANALYZE "MigrationItem"`);
    const owner = "bench:1:000000";
    const claimTimes: number[] = [];
    const oldTimes: number[] = [];
    const raw = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
    await raw.connect();
    for (let i = 0; i < 30; i++) {
      t0 = performance.now();
      await leases.claim(prisma, MIGRATION_RUNS, { owner, limit: 10, leaseMs: 60_000, working: [] });
      claimTimes.push(performance.now() - t0);
      t0 = performance.now();
      await prisma.$queryRawUnsafe(WHOLE_TABLE_CLAIM, 10, [], owner);
      oldTimes.push(performance.now() - t0);
    }
    // The claim's own statements, explained as they run (EXPLAIN ANALYZE executes the UPDATE: 10 more claimed).
    const plans: string[] = [];
    const explaining = {
      $queryRawUnsafe: async (sql: string, ...params: unknown[]) => {
        if (!sql.trimStart().startsWith("WITH picked")) return prisma.$queryRawUnsafe(sql, ...params);
        const rows = await prisma.$queryRawUnsafe<Array<Record<string, string>>>(
          `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) ${sql}`,
          ...params,
        );
        plans.push(...rows.map((r) => r["QUERY PLAN"]!));
        return [];
      },
    } as unknown as leases.Db;
    await leases.claim(explaining, MIGRATION_RUNS, { owner, limit: 10, leaseMs: 60_000, working: [] });
    const explain = { rows: plans.map((p) => ({ "QUERY PLAN": p })) };
    const oldExplain = await raw.query(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) ${WHOLE_TABLE_CLAIM}`, [
      10,
      [],
      owner,
    ]);
    await raw.end();
    console.log(
      JSON.stringify({
        documents: n,
        items,
        createMigrationMs: Math.round(createMs),
        creationCheckMs: Math.round(checkMs),
        dryRunWalkMs: Math.round(walkMs),
        claim10MedianMs: +median(claimTimes).toFixed(2),
        wholeTableClaim10MedianMs: +median(oldTimes).toFixed(2),
      }),
    );
    console.log(
      "grouped claim, one migration's pending items:\n  " + explain.rows.map((r) => r["QUERY PLAN"]).join("\n  "),
    );
    console.log("whole-table claim (before):\n  " + oldExplain.rows.map((r) => r["QUERY PLAN"]).join("\n  "));
  } finally {
    await db.close();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
}
