// npm run bench [-- --scenario copy,move,…|all] [--n N[,N…]] [--runs K] [--quick] [--concurrency C] …
// Runs against PostgreSQL + Redis (DATABASE_URL, REDIS_URL; scripts/services.sh), in a throw-away schema, prints
// Markdown tables and writes bench/results/<scenario>.json. Figures: median (min–max) of the rounds; ratios
// per round. `--help` lists the options; README "Performance" describes the method.
import { parseArgs } from "node:util";
import { closeBenchEnv, MissingServiceError, openBenchEnv } from "./env.ts";
import { openBench } from "./setup.ts";
import { describeMachine, renderTable, writeResult } from "./report.ts";
import type { ScenarioContext, ScenarioResult } from "./scenarios/context.ts";
import { copyScenario } from "./scenarios/copy.ts";
import { moveScenario } from "./scenarios/move.ts";
import { backfillScenario } from "./scenarios/backfill.ts";
import { largeScenario } from "./scenarios/large.ts";
import { scaleScenario } from "./scenarios/scale.ts";
import { crossScenario } from "./scenarios/cross.ts";
import { neo4jScenario } from "./scenarios/neo4j.ts";
import { runSearchBench, searchBenchOptions } from "./search.ts";
import os from "node:os";

const SCENARIOS = ["copy", "move", "backfill", "large", "scale", "cross", "neo4j"] as const;
type Scenario = (typeof SCENARIOS)[number];

/** Documents per scenario: the full run, and --quick (CI). */
const DEFAULT_N: Record<Scenario, { full: number[]; quick: number[] }> = {
  copy: { full: [10_000], quick: [100] },
  move: { full: [1000], quick: [100] },
  backfill: { full: [1000], quick: [100] },
  large: { full: [10_000, 100_000], quick: [100, 500] },
  scale: { full: [2000], quick: [100] },
  cross: { full: [1000], quick: [100] },
  neo4j: { full: [1000], quick: [100] },
};

const { values } = parseArgs({
  options: {
    n: { type: "string" },
    docs: { type: "string" },
    scenario: { type: "string", default: "all" },
    runs: { type: "string" },
    quick: { type: "boolean", default: false },
    "real-qdrant": { type: "boolean", default: false },
    concurrency: { type: "string" },
    "baseline-seconds": { type: "string" },
    "no-profile": { type: "boolean", default: false },
    "profile-dir": { type: "string" },
    "setup-workers": { type: "string", default: "2" },
    "process-limit": { type: "string" },
    out: { type: "string" },
    search: { type: "boolean", default: false },
    "search-chunks": { type: "string" },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log(`npm run bench -- [options]
  --scenario S[,S…]    copy|move|backfill|large|scale|cross|neo4j|all (default all)
  --n N[,N…]           documents (default per scenario: copy 10000, move/backfill/cross 1000, scale 2000,
                       large 10000,100000 — its last N is the large size, the first the reference —; neo4j writes
                       100 of the N (--quick: 20); --quick: 100, large 100,500). copy and large run at every N, the
                       others at the smallest. --docs is the same option.
  --runs K             interleaved rounds per figure (default 3; --quick 1; large 1)
  --quick              small and fast (CI, 1–2 min): the --quick sizes, 1 round, no profile
  --baseline-seconds S cap each baseline run at S seconds (reports the N it reached; default: finish N)
  --process-limit P    documents processed through the real pipeline (default 1000); larger sources are
                       SQL clones of them (content-addressed blobs shared)
  --real-qdrant        QDRANT_URL is a real Qdrant server (else cross labels it the test stand-in)
  --concurrency C      MIGRATION_CONCURRENCY of the server under test (default: the server's default)
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
const given = values.n ?? values.docs;
const parsed = given?.split(",").map((s) => Number(s.trim()));
if (parsed?.some((n) => !Number.isInteger(n) || n < 1)) fail(`--n takes positive integers, e.g. --n 1000,10000`);
parsed?.sort((a, b) => a - b);
const sizesOf = (scenario: Scenario): number[] => parsed ?? DEFAULT_N[scenario][quick ? "quick" : "full"];
const runsGiven = values.runs !== undefined ? Number(values.runs) : undefined;
if (runsGiven !== undefined && (!Number.isInteger(runsGiven) || runsGiven < 1)) fail("--runs takes a positive integer");
const runs = runsGiven ?? (quick ? 1 : 3);
const baselineSeconds = values["baseline-seconds"] !== undefined ? Number(values["baseline-seconds"]) : undefined;
if (baselineSeconds !== undefined && !(baselineSeconds > 0)) fail("--baseline-seconds takes a positive number");
const processLimit = Number(values["process-limit"] ?? 1000);
if (!Number.isInteger(processLimit) || processLimit < 1) fail("--process-limit takes a positive integer");

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
  const bench = await openBench(env, log, {
    workers: Math.max(1, Number(values["setup-workers"])),
    processLimit,
  });
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
      baselineBudgetMs: baselineSeconds !== undefined ? baselineSeconds * 1000 : undefined,
      serverEnv: values.concurrency ? { MIGRATION_CONCURRENCY: values.concurrency } : {},
      log,
    };
    for (const scenario of chosen) {
      const sizes = sizesOf(scenario);
      const small = sizes[0]!;
      const params = {
        sizes,
        runs,
        quick,
        baselineBudgetMs: ctx.baselineBudgetMs ?? null,
        processLimit,
        serverEnv: ctx.serverEnv,
      };
      const needs = scenario === "neo4j" ? !env.neo4j : scenario === "cross" ? !env.neo4j && !env.qdrantUrl : false;
      if (needs) {
        if (values.scenario !== "all")
          fail(
            `The ${scenario} scenario needs Neo4j${scenario === "cross" ? " or Qdrant" : ""}: eval "$(scripts/services.sh up neo4j qdrant)"`,
          );
        log(`skipping ${scenario}: NEO4J_URI${scenario === "cross" ? " and QDRANT_URL are" : " is"} not set`);
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
        case "large":
          result = await largeScenario({ ...ctx, runs: runsGiven ?? 1 }, sizes);
          break;
        case "scale":
          result = await scaleScenario(ctx, small);
          break;
        case "cross":
          result = await crossScenario(ctx, small, { realQdrant: values["real-qdrant"] });
          break;
        case "neo4j":
          result = await neo4jScenario(ctx, small);
          break;
      }
      const text = result.tables.map(renderTable).join("\n");
      console.log(`\n${text}`);
      const workload = await Promise.all(
        (scenario === "copy" ? sizes : scenario === "large" ? [Math.min(processLimit, small)] : [small]).map((n) =>
          bench.source(n),
        ),
      );
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
