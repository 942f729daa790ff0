// cross: CROSS_DATABASE from the realm's EMBEDDED database into Neo4j (and into Qdrant with --real-qdrant:
// a real server at QDRANT_URL — the test server's local mode is no performance reference). The target is
// emptied between runs, so every run writes into a database without the realm's records.
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
  options: { qdrant: boolean },
): Promise<ScenarioResult> {
  const { bench, log } = ctx;
  const source = await bench.source(documents);
  const chunks = (await bench.counts(source.realmId, source.databaseId)).chunks;
  const targets: Target[] = ["NEO4J", ...(options.qdrant ? (["QDRANT"] as const) : [])];
  if (options.qdrant && !bench.env.qdrantUrl) throw new Error("--real-qdrant needs QDRANT_URL (a real Qdrant server).");
  const driver = neo4jDriver(bench.env);
  const results: Array<{ target: Target; runs: ProjectRun[] }> = [];
  try {
    for (const target of targets) {
      const runs: ProjectRun[] = [];
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
          runs.push(result);
          log(
            `  ${result.docsPerSec.toFixed(1)} docs/s, ${((result.docsPerSec * chunks) / documents).toFixed(0)} chunks/s`,
          );
        } finally {
          if (target === "NEO4J") await clearNeo4jRealms(driver, [source.realmId]);
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
    await driver.close();
  }
  const rows = results.map(({ target, runs }) => {
    const of = (pick: (p: ProjectRun) => number) => summarise(runs.map(pick));
    return {
      target,
      docsPerSec: of((p) => p.docsPerSec),
      chunksPerSec: of((p) => (p.docsPerSec * chunks) / documents),
      itemP50Ms: of((p) => p.itemMs.p50),
      itemP95Ms: of((p) => p.itemMs.p95),
      cpuMsPerItem: of((p) => p.cpuMsPerItem),
      peakRssMiB: of((p) => p.peakRssMiB),
    };
  });
  const table: Table = {
    title: `cross — CROSS_DATABASE from EMBEDDED (N=${documents}, ${(chunks / documents).toFixed(1)} chunks per document)`,
    columns: ["target", "docs/s", "chunks/s", "item p50 / p95 ms", "server CPU ms/doc", "peak RSS MiB"],
    rows: rows.map((r) => [
      r.target,
      fmt(r.docsPerSec),
      fmt(r.chunksPerSec, 0),
      `${fmt(r.itemP50Ms, 0)} / ${fmt(r.itemP95Ms, 0)}`,
      fmt(r.cpuMsPerItem, 0),
      fmt(r.peakRssMiB, 0),
    ]),
    notes: options.qdrant ? [] : ["Qdrant: only with --real-qdrant and a real server at QDRANT_URL"],
  };
  return { name: "cross", tables: [table], json: { documents, chunks, targets: rows } };
}
