// Several server processes on one PostgreSQL + Redis: both runners take items of one migration, a
// subscriber on one process sees work done by the other, every item is processed exactly once; and a
// process killed with SIGKILL mid-migration is taken over by a new one, ending as an uninterrupted run would;
// the same in the middle of a set of items, and for a rollback killed mid-way; a scheduled migration still
// starts after a restart.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import WebSocket from "ws";
import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.ts";
import { createServices, type Services } from "../../server/services/index.ts";
import { openMetadataDb } from "../../server/services/db/open.ts";
import { Viewer } from "../../server/services/access.ts";
import { postgresUrl, redisUrl } from "../helpers/services.ts";
import { startServer, type ChildServer } from "../helpers/child.ts";
import { rawId, sampleMarkdown } from "../helpers/fixtures.ts";
import { realmSnapshot } from "../helpers/snapshot.ts";

const pgUrl = postgresUrl();
const redis = redisUrl();

describe.runIf(pgUrl && redis)("several processes on one PostgreSQL + Redis", () => {
  const schema = `mp_${crypto.randomBytes(5).toString("hex")}`;
  const databaseUrl = `${pgUrl}${pgUrl!.includes("?") ? "&" : "?"}schema=${schema}`;
  const secret = crypto.randomBytes(32).toString("hex");
  let dataDir: string;
  let services: Services;
  let token: string;
  let source: string;
  const children: ChildServer[] = [];
  const system = Viewer.system();

  const env = (extra: Record<string, string> = {}) => ({
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis!,
    DATA_DIR: dataDir,
    SECRET_KEY: secret,
    EMBEDDING_DIMENSION: "64",
    MIGRATION_CONCURRENCY: "1",
    MIGRATION_POLL_MS: "50",
    ...extra,
  });

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "rms-mp-"));
    const config = loadConfig({ ...env(), RUNNER: "false", LOG_LEVEL: "silent" });
    services = await createServices(config, { db: await openMetadataDb({ databaseUrl, schema }) });
    token = (await services.tokens.issue("multi-process test", true)).token;
    source = (await services.realms.create(system, { name: "mp-source" })).id;
    const db = await services.databases.create(system, { name: "mp-source-db", kind: "EMBEDDED" });
    await services.realms.addDatabase(system, source, db.id);
    for (let i = 0; i < 24; i++) {
      const doc = await services.documents.create(system, {
        realmId: source,
        fileName: `mp-${i}.md`,
        contentType: "text/markdown",
        content: Buffer.from(sampleMarkdown(i)),
      });
      await services.processor.process(doc.id);
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(children.map((c) => c.kill("SIGKILL")));
    await services?.close();
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  async function targetRealm(name: string): Promise<string> {
    const realm = await services.realms.create(system, { name });
    const db = await services.databases.create(system, { name: `${name}-db`, kind: "EMBEDDED" });
    await services.realms.addDatabase(system, realm.id, db.id);
    return realm.id;
  }

  async function gql(server: ChildServer, query: string, variables: object) {
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as any;
  }

  const CREATE = `mutation($input: MigrationInput!) { createMigration(input: $input) { __typename ... on MutationCreateMigrationSuccess { data { id } } ... on Error { message } } }`;

  async function waitFor(migrationId: string, status: string[], timeoutMs = 90_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = await services.db.prisma.migration.findUniqueOrThrow({ where: { id: migrationId } });
      if (status.includes(m.status)) return m;
      if (Date.now() > deadline) throw new Error(`migration stuck in ${m.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** What a target realm holds, independent of ids: used to compare an interrupted run with a clean one. */
  async function snapshot(realmId: string) {
    const p = services.db.prisma;
    const documents = await p.document.findMany({
      where: { realmId },
      include: { stageFiles: true, ingestions: true },
      orderBy: { title: "asc" },
    });
    return Promise.all(
      documents.map(async (d) => ({
        title: d.title,
        status: d.status,
        // ingestion.json names the (realm-specific) target database, so it is compared through the Ingestion rows.
        stageFiles: d.stageFiles.map((f) => (f.stage === "ingestor" ? f.name : `${f.stage}:${f.sha256}`)).sort(),
        stageRuns: await p.stageRun.count({ where: { documentId: d.id, status: "SUCCEEDED" } }),
        ingestions: d.ingestions.map((i) => `${i.status}:${i.points}:${i.nodes}:${i.relationships}:${i.contentHash}`),
        chunks: await p.embeddedChunk.count({ where: { documentId: d.id } }),
        mentions: await p.embeddedMention.count({ where: { documentId: d.id } }),
      })),
    );
  }

  it("splits one migration between two processes; a subscriber on one sees the other's work", async () => {
    const a = await startServer(env());
    const b = await startServer(env());
    children.push(a, b);
    const target = await targetRealm("mp-target");

    const ws = createClient({
      url: a.url.replace("http", "ws"),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    const events: any[] = [];
    const finished = new Promise<void>((resolve, reject) => {
      ws.subscribe(
        {
          query: `subscription($r: ID!) { realmMigrationEvents(realmId: $r) { sequence type item { id } } }`,
          variables: { r: source },
        },
        {
          next: (r) => {
            if (r.errors) reject(new Error(JSON.stringify(r.errors)));
            events.push(r.data!.realmMigrationEvents);
            if ((r.data!.realmMigrationEvents as any).type === "MIGRATION_COMPLETED") resolve();
          },
          error: reject,
          complete: () => resolve(),
        },
      );
    });
    await new Promise((r) => setTimeout(r, 300));
    const created = await gql(b, CREATE, {
      input: { type: "DOCUMENT_TO_REALM", sourceRealmId: source, targetRealmId: target, filter: {} },
    });
    const id = rawId(created.data.createMigration.data.id);
    await finished;
    await ws.dispose();

    const items = await services.db.prisma.migrationItem.findMany({ where: { migrationId: id } });
    expect(items).toHaveLength(24);
    expect(items.every((i) => i.status === "COMPLETED")).toBe(true);
    const owners = new Set(items.map((i) => i.processedBy));
    expect(owners.size).toBe(2); // both runners did work
    // Exactly once: one completion event per item, one target per item.
    const completions = events.filter((e) => e.type === "ITEM_COMPLETED").map((e) => e.item.id);
    expect(completions.sort()).toEqual(items.map((i) => i.id).sort());
    expect(await services.db.prisma.document.count({ where: { realmId: target } })).toBe(24);
    const sequences = events.map((e) => e.sequence);
    expect(sequences).toEqual(sequences.map((_, i) => i + 1));
    await Promise.all([a.kill(), b.kill()]);
  }, 120_000);

  it("resumes after a process is killed with SIGKILL, ending as an uninterrupted run would", async () => {
    const slow = { DATABASE_RATE_LIMIT: "6", MIGRATION_LEASE_MS: "1500" };
    const victim = await startServer(env(slow));
    children.push(victim);
    const interrupted = await targetRealm("mp-crash");
    const created = await gql(victim, CREATE, {
      input: { type: "DOCUMENT_TO_REALM", sourceRealmId: source, targetRealmId: interrupted, filter: {} },
    });
    const id = rawId(created.data.createMigration.data.id);
    for (;;) {
      const done = await services.db.prisma.migrationItem.count({ where: { migrationId: id, status: "COMPLETED" } });
      if (done >= 4) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await victim.kill("SIGKILL");
    const before = await services.db.prisma.migrationItem.count({ where: { migrationId: id, status: "COMPLETED" } });
    expect(before).toBeLessThan(24);
    // A claim and its item.started event commit together: every item the killed process claimed has one.
    const claimed = await services.db.prisma.migrationItem.findMany({
      where: { migrationId: id, attempt: { gt: 0 } },
      select: { id: true },
    });
    const started = await services.db.prisma.migrationEvent.findMany({
      where: { migrationId: id, type: "item.started" },
    });
    const startedIds = new Set(started.map((e) => (e.payload as any).item.id));
    expect(claimed.filter((i) => !startedIds.has(i.id))).toEqual([]);

    const rescuer = await startServer(env({ MIGRATION_LEASE_MS: "1500" }));
    children.push(rescuer);
    const m = await waitFor(id, ["COMPLETED", "FAILED"]);
    expect(m).toMatchObject({ status: "COMPLETED", processedDocuments: 24, failedDocuments: 0, totalDocuments: 24 });

    // The same migration, uninterrupted, into a fresh realm.
    const clean = await targetRealm("mp-clean");
    const reference = await gql(rescuer, CREATE, {
      input: { type: "DOCUMENT_TO_REALM", sourceRealmId: source, targetRealmId: clean, filter: {} },
    });
    const referenceId = rawId(reference.data.createMigration.data.id);
    expect((await waitFor(referenceId, ["COMPLETED", "FAILED"])).status).toBe("COMPLETED");

    const [after, expected] = await Promise.all([snapshot(interrupted), snapshot(clean)]);
    expect(after).toHaveLength(24);
    // No duplicate documents, records or file rows; nothing missing. Stage runs may differ (a resumed item re-ran its stages).
    expect(after.map(({ stageRuns: _s, ...rest }) => rest)).toEqual(expected.map(({ stageRuns: _s, ...rest }) => rest));
    const events = await services.db.prisma.migrationEvent.findMany({
      where: { migrationId: id },
      orderBy: { sequence: "asc" },
    });
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
    expect(new Set(events.filter((e) => e.type === "item.completed").map((e) => (e.payload as any).item.id)).size).toBe(
      24,
    );
    expect(events.filter((e) => e.type === "item.completed")).toHaveLength(24);
    await rescuer.kill();
  }, 180_000);

  it("a process killed with SIGKILL in the middle of a set: every item exactly once after takeover", async () => {
    // Sets of 6, 12 in flight, the sets throttled to 8 items a second: the kill finds sets at work.
    const batched = { MIGRATION_BATCH_SIZE: "6", MIGRATION_CONCURRENCY: "12", MIGRATION_LEASE_MS: "1500" };
    const victim = await startServer(env({ ...batched, DATABASE_RATE_LIMIT: "8" }));
    children.push(victim);
    const target = await targetRealm("mp-batch-crash");
    const created = await gql(victim, CREATE, {
      input: { type: "DOCUMENT_TO_REALM", sourceRealmId: source, targetRealmId: target, filter: {} },
    });
    const id = rawId(created.data.createMigration.data.id);
    const count = (status: "COMPLETED" | "IN_PROGRESS") =>
      services.db.prisma.migrationItem.count({ where: { migrationId: id, status } });
    for (let i = 0; i < 1000 && ((await count("COMPLETED")) < 6 || (await count("IN_PROGRESS")) < 6); i++)
      await new Promise((r) => setTimeout(r, 20));
    await victim.kill("SIGKILL");
    const inFlight = await count("IN_PROGRESS");
    expect(inFlight).toBeGreaterThanOrEqual(6); // at least one whole set was at work
    expect(await count("COMPLETED")).toBeLessThan(24);

    const rescuer = await startServer(env(batched));
    children.push(rescuer);
    const m = await waitFor(id, ["COMPLETED", "FAILED"]);
    expect(m).toMatchObject({ status: "COMPLETED", processedDocuments: 24, failedDocuments: 0, totalDocuments: 24 });
    const items = await services.db.prisma.migrationItem.findMany({ where: { migrationId: id } });
    expect(items.filter((i) => i.attempt > 1).length).toBeGreaterThanOrEqual(inFlight); // taken over
    const events = await services.db.prisma.migrationEvent.findMany({
      where: { migrationId: id },
      orderBy: { sequence: "asc" },
    });
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
    const completions = events.filter((e) => e.type === "item.completed").map((e) => (e.payload as any).item.id);
    expect(completions.sort()).toEqual(items.map((i) => i.id).sort());
    // One target per source, each READY with its records once.
    const targets = await services.db.prisma.document.findMany({ where: { realmId: target } });
    expect(targets).toHaveLength(24);
    expect(targets.every((d) => d.status === "READY")).toBe(true);
    expect(new Set(targets.map((d) => d.originDocumentId)).size).toBe(24);
    const chunks = await services.db.prisma.embeddedChunk.groupBy({
      by: ["documentId"],
      where: { realmId: target },
      _count: true,
    });
    const sourceChunks = await services.db.prisma.embeddedChunk.count({ where: { realmId: source } });
    expect(chunks).toHaveLength(24);
    expect(chunks.reduce((n, c) => n + c._count, 0)).toBe(sourceChunks);
    await rescuer.kill();
  }, 180_000);

  it("a rollback killed mid-way is taken over and completes: both realms as before the migration", async () => {
    const target = await targetRealm("mp-rollback");
    const before = await realmSnapshot(services, [source, target]);
    const runner = await startServer(env());
    children.push(runner);
    const created = await gql(runner, CREATE, {
      input: {
        type: "DOCUMENT_TO_REALM",
        sourceRealmId: source,
        targetRealmId: target,
        filter: {},
        options: { migrationMode: "MOVE" },
      },
    });
    const id = rawId(created.data.createMigration.data.id);
    expect((await waitFor(id, ["COMPLETED", "FAILED"])).status).toBe("COMPLETED");
    await runner.kill();

    const victim = await startServer(env({ DATABASE_RATE_LIMIT: "6", MIGRATION_LEASE_MS: "1500" }));
    children.push(victim);
    const requested = await gql(victim, `mutation($id: ID!) { rollbackMigration(id: $id) { __typename } }`, {
      id: created.data.createMigration.data.id,
    });
    expect(requested.data.rollbackMigration.__typename).toBe("MutationRollbackMigrationSuccess");
    const done = () => services.db.prisma.migrationItem.count({ where: { migrationId: id, rollbackStatus: "DONE" } });
    while ((await done()) < 4) await new Promise((r) => setTimeout(r, 20));
    await victim.kill("SIGKILL");
    expect(await done()).toBeLessThan(24);

    const rescuer = await startServer(env({ MIGRATION_LEASE_MS: "1500" }));
    children.push(rescuer);
    const m = await waitFor(id, ["ROLLED_BACK", "FAILED"]);
    expect(m).toMatchObject({ status: "ROLLED_BACK", rolledBackDocuments: 24 });
    expect(await realmSnapshot(services, [source, target])).toEqual(before);
    const events = await services.db.prisma.migrationEvent.findMany({
      where: { migrationId: id },
      orderBy: { sequence: "asc" },
    });
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
    const undone = events.filter((e) => e.type === "item.rolled_back").map((e) => (e.payload as any).item.id);
    expect(undone).toHaveLength(24);
    expect(new Set(undone).size).toBe(24);
    await rescuer.kill();
  }, 180_000);

  it("a scheduled migration survives a restart: no process runs it early, the next one starts it when due", async () => {
    const target = await targetRealm("mp-scheduled");
    const first = await startServer(env());
    children.push(first);
    const scheduledAt = new Date(Date.now() + 2_000);
    const created = await gql(first, CREATE, {
      input: {
        type: "DOCUMENT_TO_REALM",
        sourceRealmId: source,
        targetRealmId: target,
        filter: {},
        scheduledAt: scheduledAt.toISOString(),
      },
    });
    const id = rawId(created.data.createMigration.data.id);
    await first.kill();
    // Past its time with no server up: still waiting.
    while (Date.now() < scheduledAt.getTime() + 500) await new Promise((r) => setTimeout(r, 100));
    expect(await services.db.prisma.migration.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "SCHEDULED",
      startedAt: null,
    });

    const second = await startServer(env());
    children.push(second);
    const m = await waitFor(id, ["COMPLETED", "FAILED"]);
    expect(m).toMatchObject({ status: "COMPLETED", processedDocuments: 24 });
    expect(m.startedAt!.getTime()).toBeGreaterThanOrEqual(scheduledAt.getTime());
    await second.kill();
  }, 120_000);
});
