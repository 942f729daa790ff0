// One migration by the project itself: fresh server processes (server/main.ts; one, or several sharing the
// migration through leases) on the bench's PostgreSQL schema and Redis, the migration planned and created
// through the SDK (@realm-migration/sdk) as a client would, progress watched through the SDK's graphql-ws
// transport (the realm's live feed, subscribed before the migration exists, via Redis), figures read from
// the rows the engine wrote. PostgreSQL's CPU is metered for the servers' backends (PGAPPNAME).
import WebSocket from "ws";
import { pipe, subscribe } from "wonka";
import { createMigrationClient, RealmMigrationEventsSubscription, type MigrationInput } from "@realm-migration/sdk";
import type { Bench } from "./setup.ts";
import { serviceEnv } from "./env.ts";
import { machineCpuMs, startServer, type ServerUnderTest } from "./server.ts";
import { percentile } from "./report.ts";
import { startPgCpu } from "./pg-cpu.ts";
import type { QueryCounters, StatementKind } from "./instrument.ts";

export interface ProjectRunOptions {
  input: MigrationInput;
  /** Realm whose live feed (realmMigrationEvents) the subscriber watches; null = no subscriber. */
  watchRealmId: string | null;
  serverEnv?: Record<string, string>;
  /** Server processes sharing the migration (default 1). */
  processes?: number;
  cpuProfileDir?: string;
  timeoutMs?: number;
}

export interface ProjectRun {
  migrationId: string;
  documents: number;
  /** Request sent → migration completedAt. */
  wallMs: number;
  /** The createMigration request alone (selection and item rows). */
  createMs: number;
  docsPerSec: number;
  itemMs: { p50: number; p95: number; max: number };
  /** Highest peak RSS of the server processes. */
  peakRssMiB: number;
  /** Server CPU (user + system, all processes) per document, ms, and as a share of one core over the migration. */
  cpuMsPerItem: number;
  cpuShare: number;
  /** PostgreSQL CPU of the servers' backends per document, ms; and of all postgres processes (shared machine). */
  pgCpuMsPerItem: number;
  pgAllCpuMsPerItem: number;
  /** Per server process: CPU used over the migration (ms) and its peak RSS. */
  processes: Array<{ cpuMs: number; peakRssMiB: number }>;
  /** Share of the whole machine's CPU (all cores) busy during the migration: server, PostgreSQL, Redis, the rest. */
  machineCpuShare: number;
  startRssMiB: number;
  /** completedAt of an item → its ITEM_COMPLETED event in the subscriber; null without subscriber. */
  progress: { p50: number; p95: number; max: number; delivered: number } | null;
  /** Statements per item by kind, and the time the servers waited for them per item (ms, summed). */
  perItem: Record<StatementKind, { count: number; ms: number }>;
  /** The statements sent most often per item (text shortened). */
  topStatements: Array<{ statement: string; perItem: number; msPerItem: number }>;
  /** From the request to the servers' exit: the part of a CPU profile that covers this migration. */
  windowMs: number;
}

const FINAL = ["COMPLETED", "FAILED", "CANCELLED"];

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MiB = 1024 * 1024;

export async function runProjectMigration(bench: Bench, options: ProjectRunOptions): Promise<ProjectRun> {
  let sent = 0;
  let result: Omit<ProjectRun, "windowMs">;
  const count = Math.max(1, options.processes ?? 1);
  const servers: ServerUnderTest[] = [];
  try {
    for (let i = 0; i < count; i++) {
      servers.push(
        await startServer(
          {
            ...serviceEnv(bench.env),
            REDIS_URL: bench.env.redisUrl,
            PGAPPNAME: `${bench.serverAppName}-${i + 1}`,
            ...options.serverEnv,
          },
          { cpuProfileDir: options.cpuProfileDir },
        ),
      );
    }
  } catch (error) {
    await Promise.allSettled(servers.map((s) => s.stop()));
    throw error;
  }
  const client = createMigrationClient({
    url: servers[0]!.url,
    token: bench.adminToken,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
  });
  let unsubscribe = () => undefined as void;
  try {
    const received = new Map<string, number>();
    if (options.watchRealmId) {
      const feed = client.urql.subscription(RealmMigrationEventsSubscription, { realmId: options.watchRealmId });
      ({ unsubscribe } = pipe(
        feed,
        subscribe((result) => {
          if (result.error) console.error("subscription error", result.error.message);
          const event = result.data?.realmMigrationEvents;
          if (event?.type === "ITEM_COMPLETED" && event.item) received.set(rawId(event.item.id), now());
        }),
      ));
      // graphql-ws connects, then the server subscribes to Redis after acknowledging the subscription.
      await sleep(500);
    }
    // Not measured: the plan checks the selection (a dry run writes nothing).
    const plan = await client.plan(options.input, { limit: 1 });
    const startRss = (await servers[0]!.memory()).rss;
    const before = await Promise.all(servers.map((s) => s.counters()));
    const cpuBefore = await Promise.all(servers.map((s) => s.cpuMs()));
    const machineBefore = await machineCpuMs();
    const pgMeter = await startPgCpu(bench.setupPool, bench.serverAppName);
    sent = now();
    const created = await client.create(options.input);
    const createMs = now() - sent;
    const migrationId = rawId(created.id);
    if (created.totalDocuments !== plan.totalDocuments)
      throw new Error(`the plan selected ${plan.totalDocuments} documents, createMigration ${created.totalDocuments}`);

    const deadline = Date.now() + (options.timeoutMs ?? 3_600_000);
    let migration: { status: string; completedAt: Date | null; totalDocuments: number; failedDocuments: number };
    for (;;) {
      const { rows } = await bench.setupPool.query(
        `SELECT status, "completedAt", "totalDocuments", "failedDocuments" FROM "Migration" WHERE id = $1`,
        [migrationId],
      );
      migration = rows[0];
      if (FINAL.includes(migration.status)) break;
      if (Date.now() > deadline)
        throw new Error(`migration ${migrationId} still ${migration.status} after the timeout`);
      await sleep(100);
    }
    const pg = await pgMeter.stop();
    const after = await Promise.all(servers.map((s) => s.counters()));
    const cpuAfter = await Promise.all(servers.map((s) => s.cpuMs()));
    const machineAfter = await machineCpuMs();
    const memory = await Promise.all(servers.map((s) => s.memory()));
    if (migration.status !== "COMPLETED" || migration.failedDocuments > 0) {
      const { rows } = await bench.setupPool.query(
        `SELECT error FROM "MigrationItem" WHERE "migrationId" = $1 AND status = 'FAILED' LIMIT 3`,
        [migrationId],
      );
      throw new Error(`migration ended ${migration.status}: ${rows.map((r) => r.error).join(" | ")}`);
    }
    const documents = migration.totalDocuments;
    const wallMs = migration.completedAt!.getTime() - sent;

    const { rows: items } = await bench.setupPool.query(
      `SELECT id, "startedAt", "completedAt" FROM "MigrationItem" WHERE "migrationId" = $1`,
      [migrationId],
    );
    const itemMs = items.map((i) => i.completedAt.getTime() - i.startedAt.getTime());
    let progress: ProjectRun["progress"] = null;
    if (options.watchRealmId) {
      // Events may still be in flight when the row says COMPLETED.
      for (let i = 0; i < 50 && received.size < documents; i++) await sleep(100);
      const latencies = items
        .filter((i) => received.has(i.id))
        .map((i) => received.get(i.id)! - i.completedAt.getTime());
      progress = { ...stats(latencies), delivered: latencies.length };
    }
    const sum = (counters: QueryCounters[], pick: (c: QueryCounters) => { count: number; ms: number } | undefined) =>
      counters.reduce(
        (acc, c) => {
          const v = pick(c) ?? { count: 0, ms: 0 };
          return { count: acc.count + v.count, ms: acc.ms + v.ms };
        },
        { count: 0, ms: 0 },
      );
    const perItem = Object.fromEntries(
      Object.keys(after[0]!.byKind).map((kind) => {
        const a = sum(after, (c) => c.byKind[kind as StatementKind]);
        const b = sum(before, (c) => c.byKind[kind as StatementKind]);
        return [kind, { count: (a.count - b.count) / documents, ms: (a.ms - b.ms) / documents }];
      }),
    ) as ProjectRun["perItem"];
    const statements = new Set(after.flatMap((c) => Object.keys(c.byStatement)));
    const topStatements = [...statements]
      .map((statement) => {
        const a = sum(after, (c) => c.byStatement[statement]);
        const b = sum(before, (c) => c.byStatement[statement]);
        const text = statement.replaceAll(`"${bench.env.schema}".`, "");
        return { statement: text, perItem: (a.count - b.count) / documents, msPerItem: (a.ms - b.ms) / documents };
      })
      .filter((s) => s.perItem > 0)
      .sort((a, b) => b.msPerItem - a.msPerItem)
      .slice(0, 15);
    const cpuUsed = cpuAfter.map((a, i) => a - cpuBefore[i]!);
    const serverCpu = cpuUsed.reduce((a, b) => a + b, 0);
    result = {
      migrationId,
      documents,
      wallMs,
      createMs,
      docsPerSec: documents / (wallMs / 1000),
      itemMs: stats(itemMs),
      peakRssMiB: Math.max(...memory.map((m) => m.peakRss)) / MiB,
      cpuMsPerItem: serverCpu / documents,
      cpuShare: serverCpu / wallMs,
      pgCpuMsPerItem: pg.ownMs / documents,
      pgAllCpuMsPerItem: pg.allMs / documents,
      processes: cpuUsed.map((cpuMs, i) => ({ cpuMs, peakRssMiB: memory[i]!.peakRss / MiB })),
      machineCpuShare: (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total),
      startRssMiB: startRss / MiB,
      progress,
      perItem,
      topStatements,
    };
  } finally {
    unsubscribe();
    await client.close();
    await Promise.all(servers.map((s) => s.stop()));
  }
  return { ...result, windowMs: now() - sent };
}

function stats(values: number[]) {
  return {
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    max: values.reduce((a, b) => Math.max(a, b), -Infinity),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The UUID inside a Relay global id (or the UUID itself). */
export function rawId(id: string): string {
  if (UUID.test(id)) return id;
  const uuid = Buffer.from(id, "base64").toString().split(":")[1];
  if (!uuid || !UUID.test(uuid)) throw new Error(`"${id}" is neither a UUID nor a global id`);
  return uuid;
}

export type { QueryCounters };
