// backfill: REALM_DATABASE_ADDITION — a new EMBEDDED database attached to the processed realm and every
// document ingested into it (the ingestor re-run from the stage files). Each variant gets its own new database.
import { Viewer } from "../../server/services/access.ts";
import type { Bench, SourceRealm } from "../setup.ts";
import { expectSameCounts, type ScenarioContext, type ScenarioResult } from "./context.ts";
import { measureThreeWay, threeWaySummary, threeWayTable, type Prepared, type Variant } from "./three-way.ts";

let databases = 0;

async function prepare(bench: Bench, source: SourceRealm, variant: Variant): Promise<Prepared> {
  const expected = await bench.counts(source.realmId, source.databaseId);
  const database = await bench.database(`backfill-${variant}-${++databases}`, { kind: "EMBEDDED" });
  await bench.services.realms.addDatabase(Viewer.system(), source.realmId, database.id);
  return {
    sourceRealmId: source.realmId,
    sourceDatabaseId: source.databaseId,
    targetRealmId: source.realmId,
    targetDatabaseId: database.id,
    verify: async (documents) => {
      const actual = await bench.counts(source.realmId, database.id);
      if (documents < expected.documents) {
        if (actual.ingestions !== documents)
          throw new Error(`backfill baseline: ${actual.ingestions} ingestions for ${documents}`);
      } else expectSameCounts(`backfill ${variant}`, expected, actual);
    },
    cleanup: () => bench.dropDatabase(database.id),
  };
}

export async function backfillScenario(ctx: ScenarioContext, documents: number): Promise<ScenarioResult> {
  const source = await ctx.bench.source(documents);
  const runs = await measureThreeWay(ctx, {
    mode: "backfill",
    label: `backfill N=${documents}`,
    prepare: (variant) => prepare(ctx.bench, source, variant),
    projectInput: (p) => ({
      type: "REALM_DATABASE_ADDITION",
      sourceRealmId: p.sourceRealmId,
      filter: {},
      options: { targetDatabases: [p.targetDatabaseId] },
    }),
  });
  const s = threeWaySummary(runs);
  return {
    name: "backfill",
    tables: [
      threeWayTable("backfill — REALM_DATABASE_ADDITION into a new EMBEDDED database (ingestor re-run)", [
        { documents, ...s },
      ]),
    ],
    json: { documents, ...s },
  };
}
