// move: DOCUMENT_TO_REALM MOVE. A move consumes its source, so each variant of each run gets a fresh copy
// of the processed source realm (cloned by batched SQL, not measured) and must leave it retired and empty.
import type { Bench, SourceRealm } from "../setup.ts";
import { floorMigrate } from "../floor.ts";
import { copyInput, copyTarget } from "./copy.ts";
import type { ScenarioContext, ScenarioResult } from "./context.ts";
import { measureThreeWay, threeWaySummary, threeWayTable, type Prepared, type Variant } from "./three-way.ts";

async function clone(bench: Bench, source: SourceRealm, label: string): Promise<SourceRealm> {
  const realm = await bench.realm(label);
  await floorMigrate(bench.setupPool, {
    mode: "copy",
    sourceRealmId: source.realmId,
    sourceDatabaseId: source.databaseId,
    targetRealmId: realm.realmId,
    targetDatabaseId: realm.databaseId,
    migrationRows: false,
  });
  // Statistics that know the new realm, as autovacuum would have them for a realm this size before it moves
  // (the baseline, the floor and the project all start from the same state).
  await bench.setupPool.query(
    `ANALYZE "Document", "StageFile", "Ingestion", "EmbeddedChunk", "EmbeddedEntity", "EmbeddedMention", "EmbeddedRelation"`,
  );
  return { ...source, realmId: realm.realmId, databaseId: realm.databaseId };
}

async function prepare(bench: Bench, source: SourceRealm, variant: Variant): Promise<Prepared> {
  const moved = await clone(bench, source, `move-source-${variant}`);
  const target = await copyTarget(bench, moved, variant, "move");
  return {
    ...target,
    verify: async (documents) => {
      await target.verify(documents);
      const left = await bench.counts(moved.realmId, moved.databaseId);
      if (left.documents !== source.documents - documents || (documents === source.documents && left.chunks !== 0))
        throw new Error(
          `move ${variant}: the source still holds ${left.documents} documents and ${left.chunks} chunks`,
        );
    },
    cleanup: async () => {
      await target.cleanup();
      await bench.dropRealm(moved.realmId);
    },
  };
}

export async function moveScenario(ctx: ScenarioContext, documents: number): Promise<ScenarioResult> {
  const source = await ctx.bench.source(documents);
  const runs = await measureThreeWay(ctx, {
    mode: "move",
    label: `move N=${documents}`,
    prepare: (variant) => prepare(ctx.bench, source, variant),
    projectInput: (p) => copyInput(p.sourceRealmId, p.targetRealmId, "MOVE"),
  });
  const s = threeWaySummary(runs);
  return {
    name: "move",
    tables: [
      threeWayTable("move — DOCUMENT_TO_REALM MOVE (copy, verify, then remove the source's records and retire it)", [
        { documents, ...s },
      ]),
    ],
    json: { documents, ...s },
  };
}
