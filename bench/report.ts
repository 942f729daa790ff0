// Figures and their presentation: every figure is the median of the runs with its min and max; ratios are
// computed per run (project and reference measured in the same run) and then summarised the same way.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type pg from "pg";

export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export function summarise(values: number[]): Summary {
  const finite = values.filter((v) => Number.isFinite(v));
  return {
    median: percentile(finite, 50),
    min: finite.length ? Math.min(...finite) : NaN,
    max: finite.length ? Math.max(...finite) : NaN,
    runs: finite.length,
  };
}

/** "12.3 (11.9–12.8)": median with the range of the runs; one run prints just the value. */
export function fmt(s: Summary | undefined, digits = 1): string {
  if (!s || !Number.isFinite(s.median)) return "–";
  const f = (v: number) => v.toFixed(digits);
  return s.runs > 1 ? `${f(s.median)} (${f(s.min)}–${f(s.max)})` : f(s.median);
}

export interface Table {
  title: string;
  columns: string[];
  rows: string[][];
  notes?: string[];
}

/** A Markdown table: readable in a terminal and pasteable into the README. */
export function renderTable(table: Table): string {
  const widths = table.columns.map((c, i) => Math.max(c.length, ...table.rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [
    `### ${table.title}`,
    "",
    line(table.columns),
    `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`,
    ...table.rows.map(line),
    ...(table.notes?.length ? ["", ...table.notes.map((n) => `- ${n}`)] : []),
    "",
  ].join("\n");
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  os: string;
  postgres: string;
  postgresSettings: Record<string, string>;
  /** Median time of a one-row INSERT in its own transaction: the price of a commit on this machine. */
  commitMs: number;
}

export async function describeMachine(pool: pg.Pool): Promise<Machine> {
  const version = (await pool.query("SHOW server_version")).rows[0].server_version as string;
  const settings: Record<string, string> = {};
  for (const name of ["fsync", "synchronous_commit", "shared_buffers", "max_connections"])
    settings[name] = (await pool.query(`SHOW ${name}`)).rows[0][name];
  const client = await pool.connect();
  const times: number[] = [];
  try {
    await client.query("CREATE TABLE IF NOT EXISTS bench_commit_probe_logged (n int)");
    for (let i = 0; i < 100; i++) {
      const t = performance.now();
      await client.query("INSERT INTO bench_commit_probe_logged VALUES ($1)", [i]);
      times.push(performance.now() - t);
    }
    await client.query("DROP TABLE bench_commit_probe_logged");
  } finally {
    client.release();
  }
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    postgres: version,
    postgresSettings: settings,
    commitMs: Math.round(percentile(times, 50) * 100) / 100,
  };
}

const resultsDir = path.resolve(import.meta.dirname, "results");

/** bench/results/<name>.json — the latest run of a scenario (quick runs go to <name>.quick.json, not committed). */
export async function writeResult(dir = resultsDir, name: string, quick: boolean, data: unknown): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, `${name}${quick ? ".quick" : ""}.json`);
  await fs.writeFile(file, compactJson(JSON.parse(JSON.stringify(data, roundNumbers))) + "\n");
  return path.relative(process.cwd(), file);
}

function roundNumbers(_key: string, value: unknown): unknown {
  return typeof value === "number" && !Number.isInteger(value) ? Number(value.toPrecision(4)) : value;
}

/** Indented JSON whose small objects and arrays stay on one line: short files, readable diffs. */
export function compactJson(value: unknown, indent = ""): string {
  const flat = JSON.stringify(value);
  if (flat === undefined || flat.length + indent.length <= 110 || value === null || typeof value !== "object")
    return flat ?? "null";
  const inner = indent + "  ";
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + compactJson(v, inner)).join(",\n")}\n${indent}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, inner)}`).join(",\n")}\n${indent}}`;
}
