// The measurement every EMBEDDED scenario shares: per run, the project's migration (in a server process),
// the naive baseline and the batched-SQL floor, each on its own freshly prepared source/target, each checked
// afterwards, then removed. Ratios are taken per run.
import path from "node:path";
import { baselineMigrate } from "../baseline.ts";
import { floorMigrate, type FloorMode } from "../floor.ts";
import { runProjectMigration, type ProjectRun } from "../project.ts";
import { fmt, summarise, type Summary, type Table } from "../report.ts";
import type { ScenarioContext } from "./context.ts";

export interface Prepared {
  sourceRealmId: string;
  sourceDatabaseId: string;
  targetRealmId: string;
  targetDatabaseId: string;
  /** Throws unless the migration (of `documents` documents) left what it should. */
  verify(documents: number): Promise<void>;
  cleanup(): Promise<void>;
}

export type Variant = "project" | "baseline" | "floor";

export interface ThreeWay {
  mode: FloorMode;
  label: string;
  prepare(variant: Variant): Promise<Prepared>;
  projectInput(prepared: Prepared): Record<string, unknown>;
  /** Subscribe to the target realm's feed during the project's runs (progress latency). */
  watch?: boolean;
}

export interface ThreeWayRuns {
  project: ProjectRun[];
  baseline: Array<{ documents: number; selected: number; docsPerSec: number }>;
  floor: Array<{ documents: number; docsPerSec: number }>;
}

export async function measureThreeWay(ctx: ScenarioContext, spec: ThreeWay): Promise<ThreeWayRuns> {
  const { bench, log } = ctx;
  const runs: ThreeWayRuns = { project: [], baseline: [], floor: [] };
  for (let run = 1; run <= ctx.runs; run++) {
    const p = await spec.prepare("project");
    log(`${spec.label} run ${run}/${ctx.runs}: project …`);
    const result = await runProjectMigration(bench, {
      input: spec.projectInput(p),
      watchRealmId: spec.watch ? p.targetRealmId : null,
      serverEnv: ctx.serverEnv,
    });
    await p.verify(result.documents);
    await p.cleanup();
    runs.project.push(result);
    log(
      `  project ${result.docsPerSec.toFixed(1)} docs/s, item p50 ${result.itemMs.p50.toFixed(0)} ms, ` +
        `server CPU ${result.cpuMsPerItem.toFixed(0)} ms/doc (${(result.cpuShare * 100).toFixed(0)}% of a core, machine ` +
        `${(result.machineCpuShare * 100).toFixed(0)}% busy), peak RSS ${result.peakRssMiB.toFixed(0)} MiB`,
    );

    const b = await spec.prepare("baseline");
    const base = await baselineMigrate(bench.measuredPool, {
      mode: spec.mode,
      ...ids(b),
      blobRoot: bench.services.blobs.root,
      copyRoot: path.join(bench.env.dataDir, "baseline-copies"),
      budgetMs: ctx.baselineBudgetMs,
    });
    await b.verify(base.documents);
    await b.cleanup();
    runs.baseline.push({
      documents: base.documents,
      selected: base.selected,
      docsPerSec: base.documents / (base.ms / 1000),
    });
    log(
      `  baseline ${(base.documents / (base.ms / 1000)).toFixed(2)} docs/s (${base.documents} of ${base.selected} documents)`,
    );

    const f = await spec.prepare("floor");
    const floor = await floorMigrate(bench.measuredPool, { mode: spec.mode, ...ids(f), migrationRows: true });
    await f.verify(floor.documents);
    await f.cleanup();
    runs.floor.push({ documents: floor.documents, docsPerSec: floor.documents / (floor.ms / 1000) });
    log(`  floor ${(floor.documents / (floor.ms / 1000)).toFixed(0)} docs/s`);
  }
  return runs;
}

function ids(p: Prepared) {
  return {
    sourceRealmId: p.sourceRealmId,
    sourceDatabaseId: p.sourceDatabaseId,
    targetRealmId: p.targetRealmId,
    targetDatabaseId: p.targetDatabaseId,
  };
}

/** The figures every three-way scenario reports. */
export function threeWaySummary(runs: ThreeWayRuns) {
  const ratio = (refs: Array<{ docsPerSec: number }>) =>
    summarise(runs.project.map((p, i) => p.docsPerSec / refs[i]!.docsPerSec));
  const of = (pick: (p: ProjectRun) => number): Summary => summarise(runs.project.map(pick));
  return {
    docsPerSec: of((p) => p.docsPerSec),
    baselineDocsPerSec: summarise(runs.baseline.map((b) => b.docsPerSec)),
    baselineDocuments: summarise(runs.baseline.map((b) => b.documents)),
    floorDocsPerSec: summarise(runs.floor.map((f) => f.docsPerSec)),
    timesBaseline: ratio(runs.baseline),
    ofFloor: ratio(runs.floor),
    itemP50Ms: of((p) => p.itemMs.p50),
    itemP95Ms: of((p) => p.itemMs.p95),
    peakRssMiB: of((p) => p.peakRssMiB),
    startRssMiB: of((p) => p.startRssMiB),
    cpuMsPerItem: of((p) => p.cpuMsPerItem),
    cpuShare: of((p) => p.cpuShare),
    machineCpuShare: of((p) => p.machineCpuShare),
    statementsPerItem: of((p) => Object.values(p.perItem).reduce((sum, k) => sum + k.count, 0)),
    transactionsPerItem: of((p) => p.perItem.begin.count),
    /** The statements the server spent most time awaiting, per document (last run). */
    topStatements: runs.project.at(-1)!.topStatements.slice(0, 10),
  };
}

export type ThreeWayFigures = ReturnType<typeof threeWaySummary>;

/** The three-way table every scenario prints: one row per document count. */
export function threeWayTable(title: string, rows: Array<{ documents: number } & ThreeWayFigures>): Table {
  return {
    title,
    columns: [
      "N",
      "docs/s",
      "baseline docs/s",
      "floor docs/s",
      "× baseline",
      "of floor",
      "item p50 / p95 ms",
      "server CPU ms/doc",
      "peak RSS MiB",
    ],
    rows: rows.map((s) => [
      String(s.documents),
      fmt(s.docsPerSec),
      fmt(s.baselineDocsPerSec, 2),
      fmt(s.floorDocsPerSec, 0),
      fmt(s.timesBaseline),
      fmt(s.ofFloor, 3),
      `${fmt(s.itemP50Ms, 0)} / ${fmt(s.itemP95Ms, 0)}`,
      `${fmt(s.cpuMsPerItem, 0)}; ${(s.cpuShare.median * 100).toFixed(0)}% of a core`,
      fmt(s.peakRssMiB, 0),
    ]),
  };
}
