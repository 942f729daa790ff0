// Runs one shard of the set-up's document processing in a child process (bench/process-worker.ts): the
// pipeline is CPU-bound in one Node process, so the bench splits the workload by index between processes.
import { spawn } from "node:child_process";
import path from "node:path";
import type { BenchEnv } from "./env.ts";

export interface ShardJob {
  realmId: string;
  count: number;
  shard: number;
  shards: number;
}

const root = path.resolve(import.meta.dirname, "..");

export function processInWorker(env: BenchEnv, job: ShardJob, onProgress: (done: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "bench/process-worker.ts", JSON.stringify({ env, job })],
      {
        cwd: root,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let errors = "";
    child.stdout.on("data", (d: Buffer) => {
      for (const match of d.toString().matchAll(/done (\d+)/g)) onProgress(Number(match[1]));
    });
    child.stderr.on("data", (d: Buffer) => (errors = (errors + d.toString()).slice(-4000)));
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`processing worker exited with ${code}:\n${errors}`)),
    );
    process.once("exit", () => child.kill("SIGKILL"));
  });
}
