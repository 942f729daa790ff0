// PostgreSQL blinks, or hangs, under a running app (reached through a TCP proxy; the shared server is never
// touched). A 5 s cut during a migration costs about the cut, not a 30 s lease: in-flight items record their
// outcome once the database is back and run again at once, every item exactly once, no lease waited out.
// A hung database (accepts connections, never answers) makes a query fail with UNAVAILABLE in bounded time.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.ts";
import { buildApp, type App } from "../../server/app.ts";
import { createServices } from "../../server/services/index.ts";
import { openMetadataDb, type MetadataDb } from "../../server/services/db/open.ts";
import { Viewer } from "../../server/services/access.ts";
import { postgresUrl } from "../helpers/services.ts";
import { TcpProxy } from "../helpers/tcp-proxy.ts";
import { Faults } from "../helpers/faults.ts";
import { sampleMarkdown } from "../helpers/fixtures.ts";

const pgUrl = postgresUrl();

describe.runIf(pgUrl)("PostgreSQL cut or hung under a running app", () => {
  const parsed = new URL(pgUrl ?? "postgres://x");
  const proxy = new TcpProxy(parsed.hostname, Number(parsed.port || 5432));
  const schema = `t_${crypto.randomBytes(6).toString("hex")}`;
  const faults = new Faults();
  const system = Viewer.system();
  const takeovers: string[] = [];
  let direct: MetadataDb; // reads past the proxy, so the test sees the state during a cut
  let dataDir: string;
  let app: App;
  let token: string;
  let source: string;
  let target: string;

  beforeAll(async () => {
    await proxy.start();
    const through = new URL(pgUrl!);
    through.hostname = "127.0.0.1";
    through.port = String(proxy.port);
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "rms-blip-"));
    const config = loadConfig({
      DATA_DIR: dataDir,
      DATABASE_URL: through.toString(),
      DATABASE_CONNECT_TIMEOUT_MS: "1000",
      DATABASE_STATEMENT_TIMEOUT_MS: "2000",
      LOG_LEVEL: "silent",
      EMBEDDING_DIMENSION: "64",
      MARKDOWN_OPTIMIZER: "false",
      MIGRATION_POLL_MS: "200",
      MIGRATION_RETRY_BASE_MS: "200",
      // Sets of two, eight items in flight: the cut finds sets at work.
      MIGRATION_CONCURRENCY: "8",
      MIGRATION_BATCH_SIZE: "2",
      // The default lease: an item that had to wait one out would cost 30 s.
      MIGRATION_LEASE_MS: "30000",
    });
    const db = await openMetadataDb({ databaseUrl: config.databaseUrl, schema, timeouts: config.databaseTimeouts });
    direct = await openMetadataDb({ databaseUrl: pgUrl!, schema });
    const services = await createServices(config, {
      db,
      wrapConnector: (connector, database) => (database.name === "blip-target-db" ? faults.wrap(connector) : connector),
      runnerHooks: { onItemClaimed: (item, takenOver) => void (takenOver && takeovers.push(item.id)) },
    });
    app = await buildApp(config, { services });
    services.start();
    token = (await services.tokens.issue("blip test", true)).token;
    source = (await services.realms.create(system, { name: "blip-source" })).id;
    target = (await services.realms.create(system, { name: "blip-target" })).id;
    for (const [realm, name] of [
      [source, "blip-source-db"],
      [target, "blip-target-db"],
    ] as const) {
      const database = await services.databases.create(system, { name, kind: "EMBEDDED" });
      await services.realms.addDatabase(system, realm, database.id);
    }
    for (let i = 0; i < 16; i++) {
      const doc = await services.documents.create(system, {
        realmId: source,
        fileName: `blip-${i}.md`,
        contentType: "text/markdown",
        content: Buffer.from(sampleMarkdown(i)),
      });
      await services.processor.process(doc.id);
    }
  }, 120_000);

  afterAll(async () => {
    proxy.resume();
    await app?.stop();
    await proxy.stop();
    await direct?.close();
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  const gql = async (query: string) => {
    const response = await app.yoga.fetch("http://test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    return (await response.json()) as {
      data?: any;
      errors?: Array<{ message: string; extensions?: { code?: string } }>;
    };
  };

  it("a 5 s cut during a migration ends it soon after the cut, every item exactly once, no lease waited out", async () => {
    faults.ingestDelayMs = 1500; // sets spend most of their time in flight, in their connector write
    const migration = await app.services.migrations.create(system, {
      type: "DOCUMENT_TO_REALM",
      sourceRealmId: source,
      targetRealmId: target,
      filter: {},
    });
    const p = direct.prisma;
    const completed = () => p.migrationItem.count({ where: { migrationId: migration.id, status: "COMPLETED" } });
    while ((await completed()) < 2) await new Promise((r) => setTimeout(r, 20));
    // The sets claimed when the first ones finished are now inside their (slow) write: the cut meets them.
    await new Promise((r) => setTimeout(r, 300));
    const inFlight = (
      await p.migrationItem.findMany({
        where: { migrationId: migration.id, status: "IN_PROGRESS" },
        select: { id: true },
      })
    ).map((i) => i.id);
    await proxy.stop();
    await new Promise((r) => setTimeout(r, 5000));
    await proxy.start();
    const cutEnded = Date.now();
    let m = await p.migration.findUniqueOrThrow({ where: { id: migration.id } });
    while (!["COMPLETED", "FAILED"].includes(m.status)) {
      await new Promise((r) => setTimeout(r, 50));
      m = await p.migration.findUniqueOrThrow({ where: { id: migration.id } });
    }
    const ended = Date.now() - cutEnded;
    // When each item that was in flight at the cut was at work again (claimed anew) after the cut.
    const restarts = await p.migrationEvent.findMany({
      where: {
        migrationId: migration.id,
        type: { in: ["item.started", "item.resumed"] },
        createdAt: { gte: new Date(cutEnded - 1000) },
      },
    });
    const backAt = inFlight
      .map((id) => restarts.filter((e) => (e.payload as any).item.id === id).map((e) => e.createdAt.getTime()))
      .filter((times) => times.length > 0) // an item may have recorded its outcome just before the cut
      .map((times) => Math.min(...times) - cutEnded);
    console.log(
      `postgres blip: ${backAt.length} of the ${inFlight.length} item(s) in flight at the cut ran again, the last ${Math.max(...backAt)} ms after the 5 s cut ended; the migration ended ${ended} ms after it`,
    );
    faults.ingestDelayMs = 0;

    expect(m).toMatchObject({ status: "COMPLETED", totalDocuments: 16, processedDocuments: 16, failedDocuments: 0 });
    const items = await p.migrationItem.findMany({ where: { migrationId: migration.id } });
    expect(items.every((i) => i.status === "COMPLETED" && i.leaseOwner === null)).toBe(true);
    // The cut hit items in flight: some attempt failed (or its outcome could not be recorded) and ran again.
    expect(items.some((i) => i.attempt > 1)).toBe(true);
    // No item waited for its lease to expire to be taken over.
    expect(takeovers).toEqual([]);
    // Exactly once: one completion event and one target document per item, sequences without gap or repeat.
    const events = await p.migrationEvent.findMany({
      where: { migrationId: migration.id },
      orderBy: { sequence: "asc" },
    });
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
    const completions = events.filter((e) => e.type === "item.completed").map((e) => (e.payload as any).item.id);
    expect(completions.sort()).toEqual(items.map((i) => i.id).sort());
    expect(await p.document.count({ where: { realmId: target } })).toBe(16);
  }, 120_000);

  it("a hung PostgreSQL makes a query fail with UNAVAILABLE within the configured timeout, then serve again", async () => {
    expect((await gql("{ realms { id } }")).data.realms.length).toBeGreaterThan(0);
    proxy.hang();
    try {
      const started = Date.now();
      const result = await gql("{ realms { id name } }");
      console.log(
        `hung postgres: the query answered ${result.errors?.[0]?.extensions?.code} after ${Date.now() - started} ms (statement timeout 2000 ms, connect timeout 1000 ms)`,
      );
      expect(result.errors?.[0]?.extensions?.code).toBe("UNAVAILABLE");
      expect(result.errors?.[0]?.message).toMatch(/did not answer in time/);
      expect(JSON.stringify(result)).not.toMatch(/127\.0\.0\.1|postgres/);
    } finally {
      proxy.resume();
    }
    let after = await gql("{ realms { id } }");
    for (let i = 0; i < 50 && after.errors; i++) {
      await new Promise((r) => setTimeout(r, 200));
      after = await gql("{ realms { id } }");
    }
    expect(after.errors).toBeUndefined();
    expect(after.data.realms.length).toBeGreaterThan(0);
  }, 60_000);
});
