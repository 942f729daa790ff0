// The server under test: `server/main.ts` in a child process (as in production), with the bench's query
// counters preloaded. Its memory is sampled from /proc/<pid>/status: VmHWM (the kernel's peak resident set)
// and VmRSS polled every 50 ms.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import type { QueryCounters } from "./instrument.ts";

const root = path.resolve(import.meta.dirname, "..");
const live = new Set<ChildProcess>();
// A bench that dies (an error, Ctrl-C) must not leave servers running.
process.on("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

export interface ServerUnderTest {
  url: string;
  pid: number;
  /** Peak RSS so far in bytes (VmHWM), and the highest VmRSS sample. */
  memory(): Promise<{ peakRss: number; maxSampledRss: number; rss: number }>;
  /** CPU time (user + system) the process has used so far, ms. */
  cpuMs(): Promise<number>;
  counters(): Promise<QueryCounters>;
  stop(): Promise<void>;
}

export async function startServer(
  env: Record<string, string>,
  options: { cpuProfileDir?: string } = {},
): Promise<ServerUnderTest> {
  const countersFile = path.join(
    env.DATA_DIR ?? root,
    `counters-${Date.now()}-${Math.random().toString(36).slice(2)}.json`,
  );
  const args = ["--import", "tsx", "--import", "./bench/instrument.ts"];
  if (options.cpuProfileDir) args.push("--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`);
  const child: ChildProcess = spawn(process.execPath, [...args, "server/main.ts"], {
    cwd: root,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env, BENCH_COUNTERS_FILE: countersFile },
    stdio: ["ignore", "pipe", "pipe"],
  });
  live.add(child);
  let output = "";
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      live.delete(child);
      resolve(code);
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
      if (match) {
        clearInterval(timer);
        resolve(match[1]!);
      }
    }, 25);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`the server exited with ${code} before listening:\n${output}`));
    });
  });
  const pid = child.pid!;
  let maxSampledRss = 0;
  const sample = async () => {
    const status = await readStatus(pid).catch(() => undefined);
    if (status) maxSampledRss = Math.max(maxSampledRss, status.rss);
  };
  const sampler = setInterval(() => void sample(), 50);

  return {
    url,
    pid,
    memory: async () => {
      await sample();
      const status = await readStatus(pid);
      return { peakRss: status.hwm, maxSampledRss, rss: status.rss };
    },
    cpuMs: async () => {
      // /proc/<pid>/stat fields 14 and 15 (utime, stime) in clock ticks; USER_HZ is 100 on Linux.
      const stat = await fs.readFile(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
    counters: async () => {
      const asked = Date.now();
      child.kill("SIGUSR2");
      for (let i = 0; i < 300; i++) {
        const text = await fs.readFile(countersFile, "utf8").catch(() => "");
        const counters = text ? (JSON.parse(text) as QueryCounters) : undefined; // whole: written then renamed
        if (counters && counters.at >= asked) return counters;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error("the server did not write its query counters");
    },
    stop: async () => {
      clearInterval(sampler);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      const code = await exited;
      clearTimeout(timer);
      await fs.rm(countersFile, { force: true });
      if (code !== 0 && code !== null) throw new Error(`the server exited with ${code}:\n${output.slice(-4000)}`);
    },
  };
}

/** Busy and total CPU time of the whole machine so far (all cores), ms. */
export async function machineCpuMs(): Promise<{ busy: number; total: number }> {
  const line = (await fs.readFile("/proc/stat", "utf8")).split("\n")[0]!;
  const ticks = line.split(/\s+/).slice(1).map(Number);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0); // idle + iowait
  const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: (total - idle) * 10, total: total * 10 };
}

async function readStatus(pid: number): Promise<{ rss: number; hwm: number }> {
  const text = await fs.readFile(`/proc/${pid}/status`, "utf8");
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? 0) * 1024;
  return { rss: kb("VmRSS"), hwm: kb("VmHWM") };
}
