// cross: CROSS_DATABASE from the realm's EMBEDDED database into Neo4j (NEO4J_URI) and into Qdrant (QDRANT_URL:
// scripts/services.sh starts a stand-in, the qdrant-client local mode behind Qdrant's REST API, which is no
// performance reference for a real Qdrant; --real-qdrant labels the figures as a real server's). The target
// is emptied between runs, so every run writes into a database without the realm's records. Points/s are
// the points the ingestions report (Qdrant: one per chunk; Neo4j: chunk nodes), chunks/s the source's chunks.
import crypto from "node:crypto";
import { Viewer } from "../../server/services/access.ts";
import { runProjectMigration, type ProjectRun } from "../project.ts";
import { clearNeo4jRealms, neo4jDriver } from "../neo4j.ts";
import { fmt, summarise, type Table } from "../report.ts";
import type { ScenarioContext, ScenarioResult } from "./context.ts";

type Target = "NEO4J" | "QDRANT";

export async function crossScenario(
  ctx: ScenarioContext,
  documents: number,
  options: { realQdrant: boolean },
): Promise<ScenarioResult> {
  const { bench, log } = ctx;
  const source = await bench.source(documents);
  const chunks = (await bench.counts(source.realmId, source.databaseId)).chunks;
  const targets: Target[] = [
    ...(bench.env.neo4j ? (["NEO4J"] as const) : []),
    ...(bench.env.qdrantUrl ? (["QDRANT"] as const) : []),
  ];
  if (options.realQdrant && !bench.env.qdrantUrl)
    throw new Error("--real-qdrant needs QDRANT_URL (a real Qdrant server).");
  const driver = bench.env.neo4j ? neo4jDriver(bench.env) : undefined;
  const results: Array<{ target: Target; runs: Array<ProjectRun & { points: number }> }> = [];
  try {
    for (const target of targets) {
      const runs: Array<ProjectRun & { points: number }> = [];
      for (let run = 1; run <= ctx.runs; run++) {
        const suffix = crypto.randomBytes(4).toString("hex");
        const collection = `bench_${suffix}`;
        const database = await bench.database(
          `cross-${target.toLowerCase()}-${suffix}`,
          target === "NEO4J"
            ? {
                kind: "NEO4J",
                uri: bench.env.neo4j!.uri,
                username: bench.env.neo4j!.username,
                password: bench.env.neo4j!.password,
                databaseName: "neo4j",
              }
            : { kind: "QDRANT", url: bench.env.qdrantUrl!, collection, vectorSize: 384 },
        );
        await bench.services.realms.addDatabase(Viewer.system(), source.realmId, database.id);
        log(`cross EMBEDDED → ${target} N=${documents} run ${run}/${ctx.runs} …`);
        try {
          const result = await runProjectMigration(bench, {
            input: {
              type: "CROSS_DATABASE",
              sourceRealmId: source.realmId,
              filter: {},
              options: { sourceDatabaseId: source.databaseId, targetDatabases: [database.id] },
            },
            watchRealmId: null,
            serverEnv: ctx.serverEnv,
          });
          const { rows } = await bench.setupPool.query(
            `SELECT count(*)::int AS n, coalesce(sum(points), 0)::int AS points FROM "Ingestion" WHERE "databaseId" = $1 AND status = 'SUCCEEDED'`,
            [database.id],
          );
          if (rows[0].n !== documents || rows[0].points !== chunks)
            throw new Error(
              `cross → ${target}: ${rows[0].n} ingestions with ${rows[0].points} points, expected ${documents} and ${chunks}`,
            );
          runs.push({ ...result, points: rows[0].points });
          log(
            `  ${result.docsPerSec.toFixed(1)} docs/s, ${((result.docsPerSec * chunks) / documents).toFixed(0)} chunks/s, ` +
              `server + PostgreSQL CPU ${result.cpuMsPerItem.toFixed(1)} + ${result.pgCpuMsPerItem.toFixed(1)} ms/doc`,
          );
        } finally {
          if (target === "NEO4J") await clearNeo4jRealms(driver!, [source.realmId]);
          else
            await fetch(`${bench.env.qdrantUrl}/collections/${collection}`, { method: "DELETE" }).catch(
              () => undefined,
            );
          await bench.dropDatabase(database.id);
        }
      }
      results.push({ target, runs });
    }
  } finally {
    await driver?.close();
  }
  const rows = results.map(({ target, runs }) => {
    const of = (pick: (p: ProjectRun & { points: number }) => number) => summarise(runs.map(pick));
    return {
      target: target === "QDRANT" && !options.realQdrant ? "QDRANT (stand-in)" : target,
      docsPerSec: of((p) => p.docsPerSec),
      pointsPerSec: of((p) => p.points / (p.wallMs / 1000)),
      chunksPerSec: of((p) => (p.docsPerSec * chunks) / documents),
      itemP50Ms: of((p) => p.itemMs.p50),
      itemP95Ms: of((p) => p.itemMs.p95),
      cpuMsPerItem: of((p) => p.cpuMsPerItem),
      pgCpuMsPerItem: of((p) => p.pgCpuMsPerItem),
      peakRssMiB: of((p) => p.peakRssMiB),
    };
  });
  const table: Table = {
    title: `cross — CROSS_DATABASE from EMBEDDED (N=${documents}, ${(chunks / documents).toFixed(1)} chunks per document)`,
    columns: [
      "target",
      "docs/s",
      "points/s",
      "chunks/s",
      "item p50 / p95 ms",
      "CPU ms/doc server + PostgreSQL",
      "peak RSS MiB",
    ],
    rows: rows.map((r) => [
      r.target,
      fmt(r.docsPerSec),
      fmt(r.pointsPerSec, 0),
      fmt(r.chunksPerSec, 0),
      `${fmt(r.itemP50Ms, 0)} / ${fmt(r.itemP95Ms, 0)}`,
      `${fmt(r.cpuMsPerItem)} + ${fmt(r.pgCpuMsPerItem)}`,
      fmt(r.peakRssMiB, 0),
    ]),
    notes: [
      ...(bench.env.qdrantUrl && !options.realQdrant
        ? ["QDRANT (stand-in): scripts/services.sh's local-mode server, no reference for a real Qdrant (--real-qdrant)"]
        : []),
      ...(bench.env.qdrantUrl ? [] : ["QDRANT: QDRANT_URL is not set"]),
      ...(bench.env.neo4j ? [] : ["NEO4J: NEO4J_URI is not set"]),
    ],
  };
  return { name: "cross", tables: [table], json: { documents, chunks, targets: rows } };
}
