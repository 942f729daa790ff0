// The measurement every EMBEDDED scenario shares, in interleaved rounds: each round runs the project's
// migration (in a server process), the two naive baselines (set-based per document, and per row) and the
// batched-SQL floor one after another, each on its own freshly prepared source/target, each checked
// afterwards, then removed; the order rotates from round to round. Ratios are taken per round, so load drift
// on a shared machine moves both sides of a ratio alike. PostgreSQL's CPU is metered for every variant.
import { rm } from "node:fs/promises";
import type { MigrationInput } from "@realm-migration/sdk";
import path from "node:path";
import { baselineMigrate } from "../baseline.ts";
import { floorMigrate, type FloorMode } from "../floor.ts";
import { runProjectMigration, type ProjectRun } from "../project.ts";
import { fmt, summarise, type Summary, type Table } from "../report.ts";
import { startPgCpu } from "../pg-cpu.ts";
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

export type Variant = "project" | "per-row" | "naive" | "floor";

/** The order of round 1; each later round starts one variant further on, so no variant always runs first. */
const ORDER: Variant[] = ["project", "naive", "per-row", "floor"];

export interface ThreeWay {
  mode: FloorMode;
  label: string;
  prepare(variant: Variant): Promise<Prepared>;
  projectInput(prepared: Prepared): MigrationInput;
  /** Subscribe to the target realm's feed during the project's runs (progress latency). */
  watch?: boolean;
}

export interface ReferenceRun {
  documents: number;
  selected: number;
  docsPerSec: number;
  /** PostgreSQL CPU of the backends serving it, and of all postgres processes, ms per document. */
  pgCpuMsPerItem: number;
  pgAllCpuMsPerItem: number;
  /** CPU of the bench process (the reference's own client work), ms per document. */
  clientCpuMsPerItem: number;
}

export interface ThreeWayRuns {
  project: ProjectRun[];
  perRow: ReferenceRun[];
  naive: ReferenceRun[];
  floor: ReferenceRun[];
}

export async function measureThreeWay(ctx: ScenarioContext, spec: ThreeWay): Promise<ThreeWayRuns> {
  const { bench, log } = ctx;
  const runs: ThreeWayRuns = { project: [], perRow: [], naive: [], floor: [] };
  for (let round = 1; round <= ctx.runs; round++) {
    const order = ORDER.map((_, i) => ORDER[(i + round - 1) % ORDER.length]!);
    log(`${spec.label} round ${round}/${ctx.runs}: ${order.join(" → ")}`);
    for (const variant of order) {
      const p = await spec.prepare(variant);
      if (variant === "project") {
        const result = await runProjectMigration(bench, {
          input: spec.projectInput(p),
          watchRealmId: spec.watch ? p.targetRealmId : null,
          serverEnv: ctx.serverEnv,
        });
        await p.verify(result.documents);
        runs.project.push(result);
        log(
          `  project ${result.docsPerSec.toFixed(1)} docs/s, item p50 ${result.itemMs.p50.toFixed(0)} ms, ` +
            `CPU ms/doc server ${result.cpuMsPerItem.toFixed(1)} + PostgreSQL ${result.pgCpuMsPerItem.toFixed(1)} ` +
            `(machine ${(result.machineCpuShare * 100).toFixed(0)}% busy), peak RSS ${result.peakRssMiB.toFixed(0)} MiB`,
        );
      } else {
        const ref = await measureReference(ctx, spec.mode, variant, p);
        await p.verify(ref.documents);
        (variant === "floor" ? runs.floor : variant === "naive" ? runs.naive : runs.perRow).push(ref);
        log(
          `  ${variant} ${ref.docsPerSec.toFixed(1)} docs/s (${ref.documents} of ${ref.selected}), CPU ms/doc ` +
            `bench ${ref.clientCpuMsPerItem.toFixed(1)} + PostgreSQL ${ref.pgCpuMsPerItem.toFixed(1)}`,
        );
      }
      await p.cleanup();
    }
  }
  return runs;
}

async function measureReference(
  ctx: ScenarioContext,
  mode: FloorMode,
  variant: Exclude<Variant, "project">,
  p: Prepared,
): Promise<ReferenceRun> {
  const { bench } = ctx;
  const meter = await startPgCpu(bench.setupPool, bench.measuredAppName);
  const cpu = process.cpuUsage();
  const run: { documents: number; ms: number; selected?: number } =
    variant === "floor"
      ? await floorMigrate(bench.measuredPool, { mode, ...ids(p), migrationRows: true })
      : await baselineMigrate(bench.measuredPool, {
          mode,
          style: variant === "naive" ? "set-based" : "per-row",
          ...ids(p),
          blobRoot: bench.services.blobs.root,
          copyRoot: path.join(bench.env.dataDir, "baseline-copies"),
          budgetMs: ctx.baselineBudgetMs,
        });
  const used = process.cpuUsage(cpu);
  const pg = await meter.stop();
  await rm(path.join(bench.env.dataDir, "baseline-copies"), { recursive: true, force: true });
  return {
    documents: run.documents,
    selected: run.selected ?? run.documents,
    docsPerSec: run.documents / (run.ms / 1000),
    pgCpuMsPerItem: pg.ownMs / run.documents,
    pgAllCpuMsPerItem: pg.allMs / run.documents,
    clientCpuMsPerItem: (used.user + used.system) / 1000 / run.documents,
  };
}

function ids(p: Prepared) {
  return {
    sourceRealmId: p.sourceRealmId,
    sourceDatabaseId: p.sourceDatabaseId,
    targetRealmId: p.targetRealmId,
    targetDatabaseId: p.targetDatabaseId,
  };
}

/** The figures every three-way scenario reports; ratios are per round (project and reference of the same round). */
export function threeWaySummary(runs: ThreeWayRuns) {
  const ratio = (refs: ReferenceRun[]) => summarise(runs.project.map((p, i) => p.docsPerSec / refs[i]!.docsPerSec));
  const of = (pick: (p: ProjectRun) => number): Summary => summarise(runs.project.map(pick));
  const ref = (refs: ReferenceRun[]) => ({
    docsPerSec: summarise(refs.map((r) => r.docsPerSec)),
    documents: summarise(refs.map((r) => r.documents)),
    selected: summarise(refs.map((r) => r.selected)),
    pgCpuMsPerItem: summarise(refs.map((r) => r.pgCpuMsPerItem)),
    pgAllCpuMsPerItem: summarise(refs.map((r) => r.pgAllCpuMsPerItem)),
    clientCpuMsPerItem: summarise(refs.map((r) => r.clientCpuMsPerItem)),
  });
  return {
    docsPerSec: of((p) => p.docsPerSec),
    naive: ref(runs.naive),
    perRow: ref(runs.perRow),
    floor: ref(runs.floor),
    timesNaive: ratio(runs.naive),
    timesPerRow: ratio(runs.perRow),
    ofFloor: ratio(runs.floor),
    /** Per round, in the order the rounds ran. */
    rounds: runs.project.map((p, i) => ({
      docsPerSec: p.docsPerSec,
      timesNaive: p.docsPerSec / runs.naive[i]!.docsPerSec,
      timesPerRow: p.docsPerSec / runs.perRow[i]!.docsPerSec,
      ofFloor: p.docsPerSec / runs.floor[i]!.docsPerSec,
    })),
    itemP50Ms: of((p) => p.itemMs.p50),
    itemP95Ms: of((p) => p.itemMs.p95),
    progressP50Ms: of((p) => p.progress?.p50 ?? NaN),
    progressP95Ms: of((p) => p.progress?.p95 ?? NaN),
    progressMaxMs: of((p) => p.progress?.max ?? NaN),
    peakRssMiB: of((p) => p.peakRssMiB),
    startRssMiB: of((p) => p.startRssMiB),
    cpuMsPerItem: of((p) => p.cpuMsPerItem),
    pgCpuMsPerItem: of((p) => p.pgCpuMsPerItem),
    pgAllCpuMsPerItem: of((p) => p.pgAllCpuMsPerItem),
    cpuShare: of((p) => p.cpuShare),
    machineCpuShare: of((p) => p.machineCpuShare),
    statementsPerItem: of((p) => Object.values(p.perItem).reduce((sum, k) => sum + k.count, 0)),
    transactionsPerItem: of((p) => p.perItem.begin.count),
    /** The statements the server spent most time awaiting, per document (last run). */
    topStatements: runs.project.at(-1)!.topStatements.slice(0, 10),
  };
}

export type ThreeWayFigures = ReturnType<typeof threeWaySummary>;

/** The side-by-side table every scenario prints: one row per variant per document count. */
export function threeWayTable(title: string, rows: Array<{ documents: number } & ThreeWayFigures>): Table {
  const reached = (r: ThreeWayFigures["naive"]) =>
    r.documents.median < r.selected.median ? ` (time-boxed: ${fmt(r.documents, 0)} of ${fmt(r.selected, 0)})` : "";
  return {
    title,
    columns: [
      "N",
      "variant",
      "docs/s",
      "project ÷ it",
      "CPU ms/doc: client + PostgreSQL (all postgres)",
      "statements / transactions per doc",
      "item p50 / p95 ms",
      "progress p50 / p95 / max ms",
      "peak RSS MiB",
    ],
    rows: rows.flatMap((s) => [
      [
        String(s.documents),
        "project",
        fmt(s.docsPerSec),
        "",
        `${fmt(s.cpuMsPerItem)} + ${fmt(s.pgCpuMsPerItem)} (${fmt(s.pgAllCpuMsPerItem)}); server ${(s.cpuShare.median * 100).toFixed(0)}% of a core`,
        `${fmt(s.statementsPerItem)} / ${fmt(s.transactionsPerItem, 2)}`,
        `${fmt(s.itemP50Ms, 0)} / ${fmt(s.itemP95Ms, 0)}`,
        `${fmt(s.progressP50Ms, 0)} / ${fmt(s.progressP95Ms, 0)} / ${fmt(s.progressMaxMs, 0)}`,
        fmt(s.peakRssMiB, 0),
      ],
      ...(
        [
          ["naive (sequential, set-based per document)", s.naive, s.timesNaive, 2],
          ["per-row (one autocommitted INSERT per row)", s.perRow, s.timesPerRow, 2],
          ["floor (batched SQL, 250 per transaction)", s.floor, s.ofFloor, 3],
        ] as const
      ).map(([name, r, ratio, digits]) => [
        "",
        `${name}${reached(r)}`,
        fmt(r.docsPerSec),
        fmt(ratio, digits),
        `${fmt(r.clientCpuMsPerItem)} + ${fmt(r.pgCpuMsPerItem)} (${fmt(r.pgAllCpuMsPerItem)})`,
        "",
        "",
        "",
        "",
      ]),
    ]),
    notes: rows.map(
      (s) =>
        `N=${s.documents} per round (project ÷ naive, ÷ per-row, of floor): ` +
        s.rounds
          .map((r) => `${r.timesNaive.toFixed(2)}×, ${r.timesPerRow.toFixed(2)}×, ${r.ofFloor.toFixed(3)}`)
          .join("; "),
    ),
  };
}
