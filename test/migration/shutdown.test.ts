// SIGTERM drains: a server process stops claiming, lets in-flight items finish for MIGRATION_DRAIN_MS and
// releases the rest (lease cleared, item.released), closes subscriptions with 1001 "server shutting down",
// logs its shutdown, exits 0; a restarted process finishes the rest without waiting for any lease, every item
// exactly once. A second signal exits at once.
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
import { postgresUrl } from "../helpers/services.ts";
import { startServer, type ChildServer } from "../helpers/child.ts";
import { rawId, sampleMarkdown } from "../helpers/fixtures.ts";

const pgUrl = postgresUrl();

describe.runIf(pgUrl)("shutdown of a server process during a migration", () => {
  const schema = `sd_${crypto.randomBytes(5).toString("hex")}`;
  const databaseUrl = `${pgUrl}${pgUrl!.includes("?") ? "&" : "?"}schema=${schema}`;
  const secret = crypto.randomBytes(32).toString("hex");
  const system = Viewer.system();
  const children: ChildServer[] = [];
  let dataDir: string;
  let services: Services;
  let token: string;
  let source: string;

  const env = (extra: Record<string, string> = {}) => ({
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    SECRET_KEY: secret,
    EMBEDDING_DIMENSION: "64",
    MARKDOWN_OPTIMIZER: "false",
    MIGRATION_POLL_MS: "100",
    ...extra,
  });

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "rms-sd-"));
    const config = loadConfig({ ...env(), RUNNER: "false", LOG_LEVEL: "silent" });
    services = await createServices(config, { db: await openMetadataDb({ databaseUrl, schema }) });
    token = (await services.tokens.issue("shutdown test", true)).token;
    source = (await services.realms.create(system, { name: "sd-source" })).id;
    const db = await services.databases.create(system, { name: "sd-source-db", kind: "EMBEDDED" });
    await services.realms.addDatabase(system, source, db.id);
    // Uploaded, not processed: each item runs the pipeline it needs in the migration.
    for (let i = 0; i < 200; i++)
      await services.documents.create(system, {
        realmId: source,
        fileName: `sd-${i}.md`,
        contentType: "text/markdown",
        content: Buffer.from(sampleMarkdown(i)),
      });
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

  async function createMigration(server: ChildServer, targetRealmId: string): Promise<string> {
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `mutation($input: MigrationInput!) { createMigration(input: $input) { __typename ... on MutationCreateMigrationSuccess { data { id } } ... on Error { message } } }`,
        variables: { input: { type: "DOCUMENT_TO_REALM", sourceRealmId: source, targetRealmId, filter: {} } },
      }),
    });
    const body = (await response.json()) as any;
    return rawId(body.data.createMigration.data.id);
  }

  const items = (migrationId: string) => services.db.prisma.migrationItem.findMany({ where: { migrationId } });
  const completed = (migrationId: string) =>
    services.db.prisma.migrationItem.count({ where: { migrationId, status: "COMPLETED" } });

  it("SIGTERM drains and exits; a restarted process finishes the rest with no item waiting for a lease", async () => {
    const target = await targetRealm("sd-target");
    // Items queue at the target's rate limit, so some are still in flight when the short drain ends.
    const first = await startServer(
      env({ MIGRATION_CONCURRENCY: "8", DATABASE_RATE_LIMIT: "4", MIGRATION_DRAIN_MS: "300" }),
    );
    children.push(first);
    const id = await createMigration(first, target);

    const ws = createClient({
      url: first.url.replace("http", "ws"),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      ws.on("closed", (event) => resolve(event as { code: number; reason: string })),
    );
    ws.subscribe(
      { query: `subscription($id: ID!) { migrationProgress(migrationId: $id) { sequence } }`, variables: { id } },
      { next: () => undefined, error: () => undefined, complete: () => undefined },
    );

    while ((await completed(id)) < 10) await new Promise((r) => setTimeout(r, 50));
    const signalled = Date.now();
    first.process.kill("SIGTERM");
    const code = await first.exited;
    if (code !== 0) console.log(first.output().slice(-4000)); // what went wrong, when it did
    expect(code).toBe(0);
    const exitMs = Date.now() - signalled;
    const close = await closed;
    expect(close).toMatchObject({ code: 1001, reason: "server shutting down" });
    const log = first.output();
    expect(log).toMatch(/"signal":"SIGTERM".*"msg":"shutting down/);
    const summary = /"finished":(\d+),"released":(\d+).*"msg":"shut down"/.exec(log);
    expect(summary).not.toBeNull();
    const [finished, released] = [Number(summary![1]), Number(summary![2])];

    // Nothing is left leased by the process that stopped: any process can take every item at once.
    const left = await items(id);
    expect(
      left.filter((i) => i.leaseOwner !== null || i.leaseExpiresAt !== null || i.status === "IN_PROGRESS"),
    ).toEqual([]);
    const done = left.filter((i) => i.status === "COMPLETED").length;
    expect(done).toBeLessThan(200);
    expect(left.every((i) => i.status === "COMPLETED" || i.status === "PENDING")).toBe(true);
    const releasedEvents = await services.db.prisma.migrationEvent.findMany({
      where: { migrationId: id, type: "item.released" },
    });
    expect(releasedEvents).toHaveLength(released);
    console.log(
      `shutdown: exited ${exitMs} ms after SIGTERM; ${finished} in-flight item(s) finished, ${released} released; ${done}/200 done`,
    );

    const second = await startServer(env({ MIGRATION_CONCURRENCY: "8" }));
    children.push(second);
    const restarted = Date.now();
    let m = await services.db.prisma.migration.findUniqueOrThrow({ where: { id } });
    while (!["COMPLETED", "FAILED"].includes(m.status)) {
      await new Promise((r) => setTimeout(r, 100));
      m = await services.db.prisma.migration.findUniqueOrThrow({ where: { id } });
    }
    console.log(
      `shutdown: the restarted process finished the other ${200 - done} item(s) in ${Date.now() - restarted} ms`,
    );
    expect(m).toMatchObject({ status: "COMPLETED", processedDocuments: 200, failedDocuments: 0 });
    expect(second.output()).not.toMatch(/lease had expired/);
    const events = await services.db.prisma.migrationEvent.findMany({
      where: { migrationId: id },
      orderBy: { sequence: "asc" },
    });
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
    const completions = events.filter((e) => e.type === "item.completed").map((e) => (e.payload as any).item.id);
    expect(completions).toHaveLength(200);
    expect(new Set(completions).size).toBe(200);
    expect(await services.db.prisma.document.count({ where: { realmId: target } })).toBe(200);
    await second.kill();
  }, 240_000);

  it("a second signal exits at once, without draining", async () => {
    const target = await targetRealm("sd-second");
    const server = await startServer(
      env({ MIGRATION_CONCURRENCY: "8", DATABASE_RATE_LIMIT: "2", MIGRATION_DRAIN_MS: "60000" }),
    );
    children.push(server);
    const id = await createMigration(server, target);
    while ((await completed(id)) < 1) await new Promise((r) => setTimeout(r, 50));
    server.process.kill("SIGTERM");
    while (!/shutting down/.test(server.output())) await new Promise((r) => setTimeout(r, 20));
    server.process.kill("SIGTERM");
    expect(await server.exited).toBe(128 + os.constants.signals.SIGTERM);
    expect(server.output()).toMatch(/second signal: exiting now/);
    expect(server.output()).not.toMatch(/"msg":"shut down"/);
  }, 120_000);
});
