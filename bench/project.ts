// One migration by the project itself: a fresh server process (server/main.ts) on the bench's PostgreSQL
// schema and Redis, the migration created over GraphQL as a client would, progress watched over graphql-ws
// (through Redis) from this process, figures read from the rows the engine wrote.
import WebSocket from "ws";
import { createClient } from "graphql-ws";
import type { Bench } from "./setup.ts";
import { serviceEnv } from "./env.ts";
import { machineCpuMs, startServer } from "./server.ts";
import { percentile } from "./report.ts";
import type { QueryCounters, StatementKind } from "./instrument.ts";

export interface ProjectRunOptions {
  input: Record<string, unknown>;
  /** Realm whose live feed (realmMigrationEvents) the subscriber watches; null = no subscriber. */
  watchRealmId: string | null;
  serverEnv?: Record<string, string>;
  cpuProfileDir?: string;
  timeoutMs?: number;
}

export interface ProjectRun {
  migrationId: string;
  documents: number;
  /** Request sent → migration completedAt. */
  wallMs: number;
  docsPerSec: number;
  itemMs: { p50: number; p95: number; max: number };
  peakRssMiB: number;
  /** Server CPU (user + system) per document, ms, and as a share of one core over the migration. */
  cpuMsPerItem: number;
  cpuShare: number;
  /** Share of the whole machine's CPU (all cores) busy during the migration: server, PostgreSQL, Redis, the rest. */
  machineCpuShare: number;
  startRssMiB: number;
  /** completedAt of an item → its item.completed event in the subscriber; null without subscriber. */
  progress: { p50: number; p95: number; max: number; delivered: number } | null;
  /** Statements per item by kind, and the time the server waited for them per item (ms, summed). */
  perItem: Record<StatementKind, { count: number; ms: number }>;
  /** The statements sent most often per item (text shortened). */
  topStatements: Array<{ statement: string; perItem: number; msPerItem: number }>;
  /** From the request to the server's exit: the part of a CPU profile that covers this migration. */
  windowMs: number;
}

const CREATE = `mutation($input: MigrationInput!) { createMigration(input: $input) {
  __typename ... on MutationCreateMigrationSuccess { data { id totalDocuments } } ... on Error { code message } } }`;
const FEED = `subscription($realm: ID!) { realmMigrationEvents(realmId: $realm) { type sequence createdAt item { id } } }`;
const FINAL = ["COMPLETED", "FAILED", "CANCELLED"];

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MiB = 1024 * 1024;

export async function runProjectMigration(bench: Bench, options: ProjectRunOptions): Promise<ProjectRun> {
  let sent = 0;
  let result: Omit<ProjectRun, "windowMs">;
  const server = await startServer(
    { ...serviceEnv(bench.env), REDIS_URL: bench.env.redisUrl, ...options.serverEnv },
    { cpuProfileDir: options.cpuProfileDir },
  );
  const ws = options.watchRealmId
    ? createClient({
        url: server.url.replace(/^http/, "ws"),
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${bench.adminToken}` },
        retryAttempts: 0,
        lazy: false,
      })
    : null;
  try {
    const received = new Map<string, number>();
    if (ws) {
      const connected = new Promise<void>((resolve) => ws.on("connected", () => resolve()));
      ws.subscribe(
        { query: FEED, variables: { realm: options.watchRealmId } },
        {
          next: (result) => {
            const event = (result.data as { realmMigrationEvents?: { type: string; item: { id: string } | null } })
              ?.realmMigrationEvents;
            if (event?.type === "ITEM_COMPLETED" && event.item) received.set(event.item.id, now());
          },
          error: (error) => console.error("subscription error", error),
          complete: () => undefined,
        },
      );
      await connected;
      await sleep(300); // the server subscribes to Redis after acknowledging the connection
    }
    const startRss = (await server.memory()).rss;
    const before = await server.counters();
    const cpuBefore = await server.cpuMs();
    const machineBefore = await machineCpuMs();
    sent = now();
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${bench.adminToken}` },
      body: JSON.stringify({ query: CREATE, variables: { input: options.input } }),
    });
    const body = (await response.json()) as { data?: { createMigration?: any }; errors?: unknown };
    const created = body.data?.createMigration;
    if (!created?.data) throw new Error(`createMigration failed: ${JSON.stringify(body.errors ?? created)}`);
    const migrationId = rawId(created.data.id as string);

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
    const after = await server.counters();
    const cpuAfter = await server.cpuMs();
    const machineAfter = await machineCpuMs();
    const memory = await server.memory();
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
    if (ws) {
      // Events may still be in flight when the row says COMPLETED.
      for (let i = 0; i < 50 && received.size < documents; i++) await sleep(100);
      const latencies = items
        .filter((i) => received.has(i.id))
        .map((i) => received.get(i.id)! - i.completedAt.getTime());
      progress = { ...stats(latencies), delivered: latencies.length };
    }
    const perItem = Object.fromEntries(
      Object.entries(after.byKind).map(([kind, { count, ms }]) => {
        const b = before.byKind[kind as StatementKind];
        return [kind, { count: (count - b.count) / documents, ms: (ms - b.ms) / documents }];
      }),
    ) as ProjectRun["perItem"];
    const topStatements = Object.entries(after.byStatement)
      .map(([statement, { count, ms }]) => {
        const b = before.byStatement[statement] ?? { count: 0, ms: 0 };
        const text = statement.replaceAll(`"${bench.env.schema}".`, "");
        return { statement: text, perItem: (count - b.count) / documents, msPerItem: (ms - b.ms) / documents };
      })
      .filter((s) => s.perItem > 0)
      .sort((a, b) => b.msPerItem - a.msPerItem)
      .slice(0, 15);
    result = {
      migrationId,
      documents,
      wallMs,
      docsPerSec: documents / (wallMs / 1000),
      itemMs: stats(itemMs),
      peakRssMiB: memory.peakRss / MiB,
      cpuMsPerItem: (cpuAfter - cpuBefore) / documents,
      cpuShare: (cpuAfter - cpuBefore) / wallMs,
      machineCpuShare: (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total),
      startRssMiB: startRss / MiB,
      progress,
      perItem,
      topStatements,
    };
  } finally {
    await ws?.dispose();
    await server.stop();
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
