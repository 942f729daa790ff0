// Preloaded into the server under test (`node --import tsx --import ./bench/instrument.ts server/main.ts`):
// counts the SQL statements the server sends through pg and the time it waits for them, by kind. The
// cost is one wrapper per query (microseconds against a round trip of ~0.3 ms). On SIGUSR2 the counters
// are written as JSON to BENCH_COUNTERS_FILE; the bench reads them before and after a migration.
import fs from "node:fs";
import pg from "pg";

export type StatementKind = "select" | "insert" | "update" | "delete" | "begin" | "commit" | "rollback" | "other";

export interface QueryCounters {
  pid: number;
  at: number;
  byKind: Record<StatementKind, { count: number; ms: number }>;
  /** By statement text (whitespace collapsed, first 120 characters). */
  byStatement: Record<string, { count: number; ms: number }>;
}

const counters: QueryCounters = {
  pid: process.pid,
  at: 0,
  byKind: Object.fromEntries(
    ["select", "insert", "update", "delete", "begin", "commit", "rollback", "other"].map((k) => [
      k,
      { count: 0, ms: 0 },
    ]),
  ) as QueryCounters["byKind"],
  byStatement: {},
};

const KINDS = ["select", "insert", "update", "delete", "begin", "commit", "rollback"] as const;

function kindOf(text: string): StatementKind {
  let word = /^\s*(\w+)/.exec(text)?.[1]?.toLowerCase() ?? "";
  // WITH … ) UPDATE …: the statement is what follows the last CTE.
  if (word === "with")
    word = [...text.matchAll(/\)\s*(select|insert|update|delete)\b/gi)].at(-1)?.[1]?.toLowerCase() ?? "";
  return KINDS.find((k) => k === word) ?? "other";
}

const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
  const first = args[0];
  const text = typeof first === "string" ? first : ((first as { text?: string } | undefined)?.text ?? "");
  const entry = counters.byKind[kindOf(text)];
  const key = text.replace(/\s+/g, " ").trim().slice(0, 120);
  const statement = (counters.byStatement[key] ??= { count: 0, ms: 0 });
  const started = performance.now();
  const done = () => {
    const ms = performance.now() - started;
    entry.count++;
    entry.ms += ms;
    statement.count++;
    statement.ms += ms;
  };
  // pg-pool's pool.query() uses the callback form; Prisma's transactions use the promise form.
  const last = args.length - 1;
  if (typeof args[last] === "function") {
    const callback = args[last] as (...a: unknown[]) => unknown;
    args[last] = (...a: unknown[]) => {
      done();
      return callback(...a);
    };
    return original.apply(this, args);
  }
  const result = original.apply(this, args);
  if (result && typeof (result as Promise<unknown>).then === "function") (result as Promise<unknown>).then(done, done);
  return result;
} as typeof pg.Client.prototype.query;

const file = process.env.BENCH_COUNTERS_FILE;
if (file) {
  process.on("SIGUSR2", () => {
    counters.at = Date.now();
    // Written aside and renamed: the reader polls the file and must never see it half written.
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(counters));
    fs.renameSync(`${file}.tmp`, file);
  });
}
