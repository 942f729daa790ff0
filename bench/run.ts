// npm run bench [-- --docs 1000,10000] [--scenario copy|move|backfill|cross|neo4j|all] [--runs K] [--quick] [--long]
//               [--real-qdrant] [--concurrency C] [--no-profile]
// Runs against PostgreSQL + Redis (DATABASE_URL, REDIS_URL; scripts/services.sh), in a throw-away schema, prints
// Markdown tables and writes bench/results/<scenario>.json. Figures: median (min–max) of the runs.
import { parseArgs } from "node:util";
import { closeBenchEnv, MissingServiceError, openBenchEnv } from "./env.ts";
import { openBench } from "./setup.ts";
import { describeMachine, renderTable, writeResult } from "./report.ts";
import type { ScenarioContext, ScenarioResult } from "./scenarios/context.ts";
import { copyScenario } from "./scenarios/copy.ts";
import { moveScenario } from "./scenarios/move.ts";
import { backfillScenario } from "./scenarios/backfill.ts";
import { crossScenario } from "./scenarios/cross.ts";
import { neo4jScenario } from "./scenarios/neo4j.ts";
import { runSearchBench, searchBenchOptions } from "./search.ts";
import os from "node:os";

const SCENARIOS = ["copy", "move", "backfill", "cross", "neo4j"] as const;
type Scenario = (typeof SCENARIOS)[number];

const { values } = parseArgs({
  options: {
    docs: { type: "string" },
    scenario: { type: "string", default: "all" },
    runs: { type: "string" },
    quick: { type: "boolean", default: false },
    long: { type: "boolean", default: false },
    "real-qdrant": { type: "boolean", default: false },
    concurrency: { type: "string" },
    "baseline-seconds": { type: "string" },
    "no-profile": { type: "boolean", default: false },
    "profile-dir": { type: "string" },
    "setup-workers": { type: "string", default: "2" },
    out: { type: "string" },
    search: { type: "boolean", default: false },
    "search-chunks": { type: "string" },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log(`npm run bench -- [options]
  --scenario copy|move|backfill|cross|neo4j|all   (default all)
  --docs N[,N…]        documents; copy runs at every N, the others at the smallest (default 1000,10000; --quick 100)
  --runs K             runs per figure (default 3; --quick 1)
  --quick              small and fast (CI): N=100, 1 run, short baseline time box, no profile
  --long               copy also at N=100000
  --real-qdrant        cross also into Qdrant at QDRANT_URL (a real server; the test server's local mode is no reference)
  --concurrency C      MIGRATION_CONCURRENCY of the server under test (default: the server's default)
  --baseline-seconds S time box of one baseline run (default 30; --quick 4)
  --no-profile         skip the extra CPU-profiled copy run
  --profile-dir DIR    keep the server's .cpuprofile there (open it in Chrome DevTools)
  --setup-workers W    processes that process the workload during set-up (default 2)
  --out DIR            write the JSON there instead of bench/results (experiments)
  --search             search latency per kind and parity cost instead (bench/search.ts; --search-chunks N[,N…])`);
  process.exit(0);
}

const quick = values.quick;
const chosen: Scenario[] =
  values.scenario === "all" ? [...SCENARIOS] : values.scenario!.split(",").map((s) => s.trim() as Scenario);
for (const s of chosen)
  if (!SCENARIOS.includes(s)) fail(`Unknown scenario "${s}". Use one of ${SCENARIOS.join(", ")} or all.`);
const sizes = (values.docs ?? (quick ? "100" : values.long ? "1000,10000,100000" : "1000,10000"))
  .split(",")
  .map((s) => Number(s.trim()));
if (sizes.some((n) => !Number.isInteger(n) || n < 1)) fail(`--docs takes positive integers, e.g. --docs 1000,10000`);
sizes.sort((a, b) => a - b);
const runs = Number(values.runs ?? (quick ? 1 : 3));
if (!Number.isInteger(runs) || runs < 1) fail("--runs takes a positive integer");

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

async function main(): Promise<void> {
  const started = performance.now();
  const log = (line: string) =>
    console.error(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)}s] ${line}`);
  if (values.search) return runSearchBench(searchBenchOptions(values["search-chunks"], quick, log));
  let env;
  try {
    env = await openBenchEnv();
  } catch (error) {
    if (error instanceof MissingServiceError) fail(error.message);
    throw error;
  }
  log(`schema ${env.schema}, data ${env.dataDir}`);
  const bench = await openBench(env, log, Math.max(1, Number(values["setup-workers"])));
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    log("interrupted: cleaning up …");
    void cleanup().finally(() => process.exit(130));
  };
  let cleaned: Promise<void> | undefined;
  const cleanup = () =>
    (cleaned ??= (async () => {
      await bench.close().catch(() => undefined);
      await closeBenchEnv(env).catch((error: unknown) => log(`clean-up failed: ${String(error)}`));
    })());
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    const machine = await describeMachine(bench.measuredPool);
    log(
      `${machine.cpus} CPUs, ${machine.memoryGiB} GiB, Node ${machine.node}, PostgreSQL ${machine.postgres}, commit ${machine.commitMs} ms`,
    );
    const ctx: ScenarioContext = {
      bench,
      runs,
      quick,
      baselineBudgetMs: Number(values["baseline-seconds"] ?? (quick ? 4 : 30)) * 1000,
      serverEnv: values.concurrency ? { MIGRATION_CONCURRENCY: values.concurrency } : {},
      log,
    };
    const params = { sizes, runs, quick, baselineBudgetMs: ctx.baselineBudgetMs, serverEnv: ctx.serverEnv };
    const small = sizes[0]!;
    for (const scenario of chosen) {
      if ((scenario === "cross" || scenario === "neo4j") && !env.neo4j) {
        if (values.scenario !== "all")
          fail(`The ${scenario} scenario needs Neo4j: eval "$(scripts/services.sh up neo4j)"`);
        log(`skipping ${scenario}: NEO4J_URI is not set`);
        continue;
      }
      const loadBefore = os.loadavg();
      const scenarioStarted = performance.now();
      let result: ScenarioResult;
      switch (scenario) {
        case "copy":
          result = await copyScenario(ctx, {
            sizes,
            profile: !quick && !values["no-profile"],
            profileDir: values["profile-dir"],
          });
          break;
        case "move":
          result = await moveScenario(ctx, small);
          break;
        case "backfill":
          result = await backfillScenario(ctx, small);
          break;
        case "cross":
          result = await crossScenario(ctx, small, { qdrant: values["real-qdrant"] });
          break;
        case "neo4j":
          result = await neo4jScenario(ctx, small);
          break;
      }
      const text = result.tables.map(renderTable).join("\n");
      console.log(`\n${text}`);
      const workload = await Promise.all((scenario === "copy" ? sizes : [small]).map((n) => bench.source(n)));
      const file = await writeResult(values.out, result.name, quick, {
        scenario: result.name,
        generatedAt: new Date().toISOString(),
        machine: { ...machine, loadAverage: { before: loadBefore, after: os.loadavg() } },
        params,
        seconds: Math.round((performance.now() - scenarioStarted) / 1000),
        workload: workload.map((s) => ({
          documents: s.documents,
          processingSeconds: Math.round(s.processingMs / 1000),
        })),
        ...result.json,
      });
      log(`wrote ${file}`);
    }
    log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
