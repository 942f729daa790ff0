// large: a copy selected by a filter (titlePrefix) out of a realm that holds more than the selection, at a
// reference size and at 10× it (default 10,000 and 100,000): does it complete, how long it takes, and the
// server's peak RSS at the large size against the reference (bounded memory). The source realms are SQL
// clones of the processed documents (bench/clone.ts): the selection titled `sel-…`, a tenth as many others
// titled `other-…` that the filter leaves out.
import { cloneDocuments } from "../clone.ts";
import { runProjectMigration, type ProjectRun } from "../project.ts";
import { fmt, summarise, type Table } from "../report.ts";
import { copyInput, copyTarget } from "./copy.ts";
import type { ScenarioContext, ScenarioResult } from "./context.ts";

export async function largeScenario(ctx: ScenarioContext, sizes: number[]): Promise<ScenarioResult> {
  const { bench, log } = ctx;
  const base = await bench.source(Math.min(bench.processLimit, ...sizes));
  const results: Array<{ documents: number; runs: ProjectRun[] }> = [];
  for (const n of sizes) {
    const realm = await bench.realm(`large-${n}`);
    const started = performance.now();
    log(`large N=${n}: cloning ${n} selected and ${Math.ceil(n / 10)} other documents by SQL (set-up) …`);
    for (const [prefix, count] of [
      ["sel-", n],
      ["other-", Math.ceil(n / 10)],
    ] as const) {
      await cloneDocuments(bench.setupPool, {
        baseRealmId: base.realmId,
        baseDatabaseId: base.databaseId,
        realmId: realm.realmId,
        databaseId: realm.databaseId,
        count,
        titlePrefix: prefix,
      });
    }
    log(`  ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const runs: ProjectRun[] = [];
    try {
      for (let run = 1; run <= ctx.runs; run++) {
        const target = await copyTarget(
          bench,
          { ...base, ...realm, documents: n, processingMs: 0 },
          "project",
          "large",
        );
        log(`large N=${n} run ${run}/${ctx.runs}: copy selected by filter {titlePrefix: "sel-"} …`);
        const result = await runProjectMigration(bench, {
          input: copyInput(realm.realmId, target.targetRealmId, "COPY", { titlePrefix: "sel-" }),
          watchRealmId: target.targetRealmId,
          serverEnv: ctx.serverEnv,
        });
        if (result.documents !== n) throw new Error(`large N=${n}: the filter selected ${result.documents}`);
        const copied = await bench.counts(target.targetRealmId, target.targetDatabaseId);
        if (copied.documents !== n || copied.ingestions !== n)
          throw new Error(
            `large N=${n}: the target holds ${copied.documents} documents, ${copied.ingestions} ingestions`,
          );
        await target.cleanup();
        runs.push(result);
        log(
          `  ${(result.wallMs / 1000).toFixed(1)} s (createMigration ${(result.createMs / 1000).toFixed(1)} s), ` +
            `${result.docsPerSec.toFixed(1)} docs/s, peak RSS ${result.peakRssMiB.toFixed(0)} MiB`,
        );
      }
    } finally {
      await bench.dropRealm(realm.realmId);
    }
    results.push({ documents: n, runs });
  }
  const rows = results.map(({ documents, runs }) => {
    const of = (pick: (p: ProjectRun) => number) => summarise(runs.map(pick));
    return {
      documents,
      seconds: of((p) => p.wallMs / 1000),
      createSeconds: of((p) => p.createMs / 1000),
      docsPerSec: of((p) => p.docsPerSec),
      peakRssMiB: of((p) => p.peakRssMiB),
      cpuMsPerItem: of((p) => p.cpuMsPerItem),
      pgCpuMsPerItem: of((p) => p.pgCpuMsPerItem),
      itemP50Ms: of((p) => p.itemMs.p50),
      itemP95Ms: of((p) => p.itemMs.p95),
      progressP95Ms: of((p) => p.progress?.p95 ?? NaN),
    };
  });
  const first = rows[0]!;
  const last = rows.at(-1)!;
  const rssRatio = last.peakRssMiB.median / first.peakRssMiB.median;
  const table: Table = {
    title: "large — COPY selected by filter (titlePrefix) from a realm holding 10 % more documents than selected",
    columns: [
      "N selected",
      "time s (createMigration s)",
      "docs/s",
      "peak RSS MiB",
      "CPU ms/doc server + PostgreSQL",
      "item p50 / p95 ms",
      "progress p95 ms",
    ],
    rows: rows.map((r) => [
      String(r.documents),
      `${fmt(r.seconds)} (${fmt(r.createSeconds, 2)})`,
      fmt(r.docsPerSec),
      fmt(r.peakRssMiB, 0),
      `${fmt(r.cpuMsPerItem)} + ${fmt(r.pgCpuMsPerItem)}`,
      `${fmt(r.itemP50Ms, 0)} / ${fmt(r.itemP95Ms, 0)}`,
      fmt(r.progressP95Ms, 0),
    ]),
    notes:
      rows.length > 1
        ? [
            `peak RSS N=${last.documents} ÷ N=${first.documents}: ${rssRatio.toFixed(2)}; docs/s ratio ${(last.docsPerSec.median / first.docsPerSec.median).toFixed(2)}`,
          ]
        : [],
  };
  return { name: "large", tables: [table], json: { sizes: rows, peakRssRatio: rssRatio } };
}
