// PostgreSQL's CPU during a measured run, read from /proc (the server runs on this machine, as
// scripts/services.sh starts it). Two figures:
// - own: the backends serving the measured side — those whose application_name starts with a tag (the
//   server under test gets PGAPPNAME, the bench's measured pool its application_name) — sampled every
//   200 ms so backends that come and go are counted up to their last sample;
// - all: every `postgres` process (backends, WAL writer, checkpointer, autovacuum …) plus what the postmaster
//   has reaped from exited children; on a shared machine it includes other clients' work.
// utime + stime are in clock ticks (USER_HZ = 100 on Linux).
import fs from "node:fs/promises";
import type pg from "pg";

export interface PgCpu {
  /** CPU of the tagged backends, ms; NaN when /proc does not show them (PostgreSQL on another host). */
  ownMs: number;
  /** CPU of all postgres processes, ms; NaN when none are visible. */
  allMs: number;
}

export interface PgCpuMeter {
  stop(): Promise<PgCpu>;
}

const TICK_MS = 10;

async function ticks(pid: number): Promise<{ self: number; reaped: number; ppid: number } | undefined> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  if (!stat) return undefined;
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // fields 4 (ppid), 14/15 (utime, stime), 16/17 (cutime, cstime), 1-based as in proc(5)
  return { ppid: Number(f[1]), self: Number(f[11]) + Number(f[12]), reaped: Number(f[13]) + Number(f[14]) };
}

/** All postgres processes' CPU so far, ms (the postmaster's reaped children included). */
export async function allPostgresCpuMs(): Promise<number> {
  const pids = (await fs.readdir("/proc")).filter((d) => /^\d+$/.test(d)).map(Number);
  const postgres = new Set<number>();
  await Promise.all(
    pids.map(async (pid) => {
      const comm = await fs.readFile(`/proc/${pid}/comm`, "utf8").catch(() => "");
      if (comm.trim() === "postgres") postgres.add(pid);
    }),
  );
  if (postgres.size === 0) return NaN;
  let total = 0;
  for (const pid of postgres) {
    const t = await ticks(pid);
    if (!t) continue;
    total += t.self;
    if (!postgres.has(t.ppid)) total += t.reaped; // the postmaster: exited backends' CPU
  }
  return total * TICK_MS;
}

/** Starts metering; `pool` is an unmeasured connection for reading pg_stat_activity. */
export async function startPgCpu(pool: pg.Pool, appNamePrefix: string): Promise<PgCpuMeter> {
  const baseline = new Map<number, number>();
  const last = new Map<number, number>();
  let visible = false;
  const sample = async (first: boolean) => {
    const { rows } = await pool.query(`SELECT pid FROM pg_stat_activity WHERE application_name LIKE $1 || '%'`, [
      appNamePrefix,
    ]);
    for (const { pid } of rows as Array<{ pid: number }>) {
      const t = await ticks(pid);
      if (!t) continue;
      visible = true;
      // A backend first seen after the start began during the run: all its CPU belongs to it.
      if (!baseline.has(pid)) baseline.set(pid, first ? t.self : 0);
      last.set(pid, t.self);
    }
  };
  const allBefore = await allPostgresCpuMs();
  await sample(true);
  let sampling = Promise.resolve();
  const timer = setInterval(() => {
    sampling = sampling.then(() => sample(false)).catch(() => undefined);
  }, 200);
  return {
    stop: async () => {
      clearInterval(timer);
      await sampling;
      await sample(false);
      let own = 0;
      for (const [pid, value] of last) own += value - baseline.get(pid)!;
      return { ownMs: visible ? own * TICK_MS : NaN, allMs: (await allPostgresCpuMs()) - allBefore };
    },
  };
}
