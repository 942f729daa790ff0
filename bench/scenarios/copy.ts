// copy: DOCUMENT_TO_REALM COPY with stage files copied and the ingestor re-run into an EMBEDDED target, at
// each N (scaling), with the naive baseline and the batched-SQL floor in the same run, progress latency
// over graphql-ws, peak RSS and CPU of the server, and where it waits (statements per item).
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { MigrationInput } from "@realm-migration/sdk";
import type { Bench, SourceRealm } from "../setup.ts";
import { runProjectMigration } from "../project.ts";
import { fmt, summarise, type Table } from "../report.ts";
import { summariseProfile, type ProfileSummary } from "../profile.ts";
import { statementCosts, type StatementCost } from "../calibrate.ts";
import { expectSameCounts, type ScenarioContext, type ScenarioResult } from "./context.ts";
import {
  measureThreeWay,
  threeWaySummary,
  threeWayTable,
  type Prepared,
  type ThreeWayRuns,
  type Variant,
} from "./three-way.ts";

export interface CopyOptions {
  sizes: number[];
  /** CPU-profile one extra run at the smallest size (not part of the figures). */
  profile: boolean;
  /** Where the .cpuprofile goes (default: the bench's data directory, removed at the end). */
  profileDir?: string;
}

export function copyInput(
  sourceRealmId: string,
  targetRealmId: string,
  mode: "COPY" | "MOVE" = "COPY",
  filter: MigrationInput["filter"] = {},
): MigrationInput {
  return {
    type: "DOCUMENT_TO_REALM",
    sourceRealmId,
    targetRealmId,
    filter,
    options: { migrationMode: mode, copyStageFiles: true, reprocessStages: ["INGESTOR"] },
  };
}

/** A fresh target realm for copying `source` into, checked against the source afterwards. */
export async function copyTarget(
  bench: Bench,
  source: SourceRealm,
  variant: Variant,
  label: string,
): Promise<Prepared> {
  const expected = await bench.counts(source.realmId, source.databaseId);
  const target = await bench.realm(`${label}-${variant}`);
  return {
    sourceRealmId: source.realmId,
    sourceDatabaseId: source.databaseId,
    targetRealmId: target.realmId,
    targetDatabaseId: target.databaseId,
    verify: async (documents) => {
      const actual = await bench.counts(target.realmId, target.databaseId);
      if (documents < expected.documents) {
        // A time-boxed baseline migrated `documents` of them.
        if (actual.documents !== documents || actual.ingestions !== documents)
          throw new Error(`${label} ${variant}: ${actual.documents} documents for ${documents} migrated`);
      } else expectSameCounts(`${label} ${variant}`, expected, actual);
    },
    cleanup: () => bench.dropRealm(target.realmId),
  };
}

export async function copyScenario(ctx: ScenarioContext, options: CopyOptions): Promise<ScenarioResult> {
  const { bench, log } = ctx;
  const results: Array<{ documents: number; runs: ThreeWayRuns }> = [];
  for (const n of options.sizes) {
    const source = await bench.source(n);
    const runs = await measureThreeWay(ctx, {
      mode: "copy",
      label: `copy N=${n}`,
      prepare: (variant) => copyTarget(bench, source, variant, `copy-${n}`),
      projectInput: (p) => copyInput(p.sourceRealmId, p.targetRealmId),
      watch: true,
    });
    results.push({ documents: n, runs });
  }
  let profile: ProfileSummary | null = null;
  if (options.profile) {
    const n = Math.min(...options.sizes);
    const source = await bench.source(n);
    const target = await bench.realm(`copy-${n}-profile`);
    const dir = options.profileDir ?? path.join(bench.env.dataDir, "profile");
    log(`copy N=${n}: one more run with the server under --cpu-prof (not part of the figures) …`);
    const profiled = await runProjectMigration(bench, {
      input: copyInput(source.realmId, target.realmId),
      watchRealmId: null,
      serverEnv: ctx.serverEnv,
      cpuProfileDir: dir,
    });
    await bench.dropRealm(target.realmId);
    // One profile per thread (tsx runs a loader thread); the main thread's is the large one.
    const files = await Promise.all(
      (await readdir(dir))
        .filter((f) => f.endsWith(".cpuprofile"))
        .map(async (f) => ({ file: path.join(dir, f), size: (await stat(path.join(dir, f))).size })),
    );
    const main = files.sort((a, b) => b.size - a.size)[0];
    if (main) profile = await summariseProfile(main.file, 15, profiled.windowMs);
  }
  const costs = await statementCosts(
    bench,
    (await bench.source(Math.min(...options.sizes))).realmId,
    ctx.quick ? 100 : 300,
  );
  return report(results, profile, costs);
}

function report(
  results: Array<{ documents: number; runs: ThreeWayRuns }>,
  profile: ProfileSummary | null,
  costs: StatementCost[],
): ScenarioResult {
  const sizes = results.map(({ documents, runs }) => ({
    documents,
    ...threeWaySummary(runs),
    progressDelivered: runs.project.map((p) => `${p.progress?.delivered ?? 0}/${p.documents}`),
    perItem: Object.fromEntries(
      Object.keys(runs.project[0]!.perItem).map((kind) => {
        const pick = (p: (typeof runs.project)[number]) => p.perItem[kind as keyof typeof p.perItem];
        return [
          kind,
          {
            count: summarise(runs.project.map((p) => pick(p).count)),
            ms: summarise(runs.project.map((p) => pick(p).ms)),
          },
        ];
      }),
    ),
  }));
  const first = sizes[0]!;
  const last = sizes.at(-1)!;
  const scaling =
    sizes.length > 1
      ? {
          from: first.documents,
          to: last.documents,
          docsPerSecRatio: last.docsPerSec.median / first.docsPerSec.median,
          peakRssRatio: last.peakRssMiB.median / first.peakRssMiB.median,
        }
      : null;
  const tables: Table[] = [
    {
      ...threeWayTable("copy — DOCUMENT_TO_REALM COPY, stage files copied, ingestor re-run into EMBEDDED", sizes),
      notes: [
        ...threeWayTable("", sizes).notes!,
        "progress: item completedAt → its ITEM_COMPLETED event at a graphql-ws subscriber (via Redis); delivered " +
          sizes.map((s) => `N=${s.documents}: ${s.progressDelivered.join(", ")}`).join("; "),
        ...(scaling
          ? [
              `scaling N=${scaling.from} → ${scaling.to}: docs/s × ${scaling.docsPerSecRatio.toFixed(2)}, peak RSS × ${scaling.peakRssRatio.toFixed(2)}`,
            ]
          : []),
      ],
    },
    {
      title: `where the server waits — SQL statements per document, and the time spent awaiting them (N=${last.documents})`,
      columns: ["statement", "per document", "ms per document (summed over concurrent items)"],
      rows: Object.entries(last.perItem)
        .filter(([, v]) => v.count.median > 0)
        .map(([kind, v]) => [kind, fmt(v.count), fmt(v.ms)]),
    },
  ];
  tables.push({
    title: "what one statement costs the process sending it — CPU ms per statement, sequential, same database",
    columns: ["statement", "Prisma (service's client)", "pg", "Prisma ÷ pg"],
    rows: costs.map((c) => [
      c.statement,
      c.prismaCpuMs.toFixed(3),
      c.pgCpuMs.toFixed(3),
      (c.prismaCpuMs / c.pgCpuMs).toFixed(1),
    ]),
  });
  if (profile) {
    tables.push({
      title: `server CPU profile — self time by area during one copy run (${(profile.totalMs / 1000).toFixed(1)} s)`,
      columns: ["area", "share %"],
      rows: profile.areas.slice(0, 10).map((a) => [a.area, a.share.toFixed(1)]),
    });
  }
  return { name: "copy", tables, json: { sizes, scaling, profile, statementCosts: costs } };
}
