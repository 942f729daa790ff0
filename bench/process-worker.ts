// A second (third, …) process for the set-up's document processing, started by process-shard.ts. Run as
// `node --import tsx bench/process-worker.ts '<json>'`; prints "done <n>" lines, exits 0 when finished.
import { openSetupServices } from "./setup.ts";
import { processWorkload } from "./workload.ts";
import type { BenchEnv } from "./env.ts";
import type { ShardJob } from "./process-shard.ts";

async function main(): Promise<void> {
  const { env, job } = JSON.parse(process.argv[2]!) as { env: BenchEnv; job: ShardJob };
  const { services, pool } = await openSetupServices(env);
  try {
    await processWorkload(services, job.realmId, job.count, {
      concurrency: 4,
      shard: job.shard,
      shards: job.shards,
      onProgress: (done) => process.stdout.write(`done ${done}\n`),
    });
  } finally {
    await services.close();
    await pool.end().catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
