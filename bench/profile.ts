// Summarises a V8 .cpuprofile (node --cpu-prof): self time by area (a package, a server file, GC, idle) and
// the hottest functions, so the report can say where a process spends its time.
import fs from "node:fs/promises";
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Wall time covered by the profile, ms. */
  totalMs: number;
  /** Share of samples by area, largest first. */
  areas: Array<{ area: string; ms: number; share: number }>;
  functions: Array<{ name: string; area: string; ms: number; share: number }>;
  /** Inclusive time of the server's own functions (everything they call, Prisma included), largest first. */
  serverFunctions: Array<{ name: string; ms: number; share: number }>;
}

const root = path.resolve(import.meta.dirname, "..");

export function areaOf(url: string, functionName: string): string {
  if (!url) {
    if (functionName === "(idle)") return "idle (waiting for I/O)";
    if (functionName === "(garbage collector)") return "garbage collector";
    if (functionName === "(program)") return "V8/native (program)";
    return `native ${functionName || "(anonymous)"}`;
  }
  if (url.startsWith("wasm://")) return "Prisma query compiler (wasm)";
  const file = url.replace(/^file:\/\//, "");
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (modules) return modules[1] === "@prisma/client" ? "Prisma client runtime" : modules[1]!;
  if (file.startsWith("node:")) return "node internals";
  if (file.startsWith(root)) {
    const relative = path.relative(root, file);
    if (relative.startsWith("server/generated/")) return "Prisma client runtime";
    return relative;
  }
  return file;
}

/** `lastMs`: only the samples of the profile's last `lastMs` milliseconds (e.g. the migration, not start-up). */
export async function summariseProfile(file: string, top = 12, lastMs = Infinity): Promise<ProfileSummary> {
  const profile = JSON.parse(await fs.readFile(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMs = new Map<number, number>();
  const from = profile.endTime - lastMs * 1000;
  let at = profile.startTime;
  let totalMs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at < from) continue;
    const id = profile.samples[i]!;
    selfMs.set(id, (selfMs.get(id) ?? 0) + delta / 1000);
    totalMs += delta / 1000;
  }
  const areas = new Map<string, number>();
  const functions = new Map<string, { area: string; ms: number }>();
  for (const [id, ms] of selfMs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const area = areaOf(url, functionName);
    areas.set(area, (areas.get(area) ?? 0) + ms);
    const name = `${functionName || "(anonymous)"} ${url ? `${area}:${lineNumber + 1}` : ""}`.trim();
    const entry = functions.get(name) ?? { area, ms: 0 };
    entry.ms += ms;
    functions.set(name, entry);
  }
  // Inclusive time of server functions: each sample counts once for every distinct server frame on its stack.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const { functionName, url, lineNumber } = byId.get(at)!.callFrame;
      const area = areaOf(url, functionName);
      if (!area.startsWith("server/")) continue;
      const name = `${functionName || "(anonymous)"} ${area}:${lineNumber + 1}`;
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
    }
  }
  const share = (ms: number) => Math.round((ms / totalMs) * 1000) / 10;
  return {
    totalMs: Math.round(totalMs),
    areas: [...areas]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([area, ms]) => ({ area, ms: Math.round(ms), share: share(ms) })),
    functions: [...functions]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, top)
      .map(([name, { area, ms }]) => ({ name, area, ms: Math.round(ms), share: share(ms) })),
    serverFunctions: [...inclusive]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top * 2)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), share: share(ms) })),
  };
}
