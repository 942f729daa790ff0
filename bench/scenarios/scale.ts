// scale: the same copy run by one server process and by two sharing it (one PostgreSQL, one Redis; the
// runner splits a migration between processes through leases), in interleaved rounds (the order alternates),
// with the CPU each process used, PostgreSQL's, and how busy the machine was — on a 2-core machine the
// processes and PostgreSQL share the cores, so the CPU figures say which one is at its limit.
import { runProjectMigration, type ProjectRun } from "../project.ts";
import { fmt, summarise, type Table } from "../report.ts";
import { copyInput, copyTarget } from "./copy.ts";
import type { ScenarioContext, ScenarioResult } from "./context.ts";

export async function scaleScenario(ctx: ScenarioContext, documents: number): Promise<ScenarioResult> {
  const { bench, log } = ctx;
  const source = await bench.source(documents);
  const runs: Record<1 | 2, ProjectRun[]> = { 1: [], 2: [] };
  for (let round = 1; round <= ctx.runs; round++) {
    const order: Array<1 | 2> = round % 2 === 1 ? [1, 2] : [2, 1];
    for (const processes of order) {
      const target = await copyTarget(bench, source, "project", `scale-${processes}`);
      log(`scale N=${documents} round ${round}/${ctx.runs}: ${processes} process(es) …`);
      const result = await runProjectMigration(bench, {
        input: copyInput(source.realmId, target.targetRealmId),
        watchRealmId: null,
        serverEnv: ctx.serverEnv,
        processes,
      });
      await target.verify(result.documents);
      await target.cleanup();
      runs[processes].push(result);
      log(
        `  ${result.docsPerSec.toFixed(1)} docs/s; CPU % of a core: ` +
          result.processes.map((p) => ((p.cpuMs / result.wallMs) * 100).toFixed(0)).join(" + ") +
          ` server, ${((result.pgCpuMsPerItem * result.documents * 100) / result.wallMs).toFixed(0)} PostgreSQL; ` +
          `machine ${(result.machineCpuShare * 100).toFixed(0)}% busy`,
      );
    }
  }
  const row = (processes: 1 | 2) => {
    const list = runs[processes];
    const of = (pick: (p: ProjectRun) => number) => summarise(list.map(pick));
    return {
      processes,
      docsPerSec: of((p) => p.docsPerSec),
      /** Per process, % of one core over the migration. */
      processCoreShare: Array.from({ length: processes }, (_, i) =>
        of((p) => (p.processes[i]!.cpuMs / p.wallMs) * 100),
      ),
      pgCoreShare: of((p) => (p.pgCpuMsPerItem * p.documents * 100) / p.wallMs),
      cpuMsPerItem: of((p) => p.cpuMsPerItem),
      pgCpuMsPerItem: of((p) => p.pgCpuMsPerItem),
      machineBusy: of((p) => p.machineCpuShare * 100),
      itemP50Ms: of((p) => p.itemMs.p50),
      itemP95Ms: of((p) => p.itemMs.p95),
    };
  };
  const rows = [row(1), row(2)];
  const ratio = summarise(runs[2].map((two, i) => two.docsPerSec / runs[1][i]!.docsPerSec));
  const table: Table = {
    title: `scale — copy N=${documents} by one server process and by two sharing the migration`,
    columns: [
      "processes",
      "docs/s",
      "server CPU, % of a core per process",
      "PostgreSQL CPU, % of a core",
      "machine busy %",
      "CPU ms/doc server + PostgreSQL",
      "item p50 / p95 ms",
    ],
    rows: rows.map((r) => [
      String(r.processes),
      fmt(r.docsPerSec),
      r.processCoreShare.map((s) => fmt(s, 0)).join(" + "),
      fmt(r.pgCoreShare, 0),
      fmt(r.machineBusy, 0),
      `${fmt(r.cpuMsPerItem)} + ${fmt(r.pgCpuMsPerItem)}`,
      `${fmt(r.itemP50Ms, 0)} / ${fmt(r.itemP95Ms, 0)}`,
    ]),
    notes: [`two ÷ one, per round: ${fmt(ratio, 2)}`],
  };
  return { name: "scale", tables: [table], json: { documents, rows, twoOverOne: ratio } };
}
