// /readyz follows its dependencies: an app on PostgreSQL and Redis reached through TCP proxies turns
// not-ready when a proxy stops (the server "goes away") and ready again when it returns. The shared
// servers themselves are never stopped.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.ts";
import { buildApp, type App } from "../../server/app.ts";
import { createServices } from "../../server/services/index.ts";
import { openMetadataDb } from "../../server/services/db/open.ts";
import { postgresUrl, redisUrl } from "../helpers/services.ts";
import { TcpProxy } from "../helpers/tcp-proxy.ts";

const pgUrl = postgresUrl();
const rdUrl = redisUrl();

function proxyFor(url: string, defaultPort: number): TcpProxy {
  const parsed = new URL(url);
  return new TcpProxy(parsed.hostname, Number(parsed.port || defaultPort));
}

function through(url: string, proxy: TcpProxy): string {
  const parsed = new URL(url);
  parsed.hostname = "127.0.0.1";
  parsed.port = String(proxy.port);
  return parsed.toString();
}

describe.runIf(pgUrl && rdUrl)("readiness when PostgreSQL or Redis goes away", () => {
  const pgProxy = proxyFor(pgUrl ?? "postgres://x", 5432);
  const redisProxy = proxyFor(rdUrl ?? "redis://x", 6379);
  const schema = `t_${crypto.randomBytes(6).toString("hex")}`;
  let dataDir: string;
  let app: App;
  let url: string;

  beforeAll(async () => {
    await pgProxy.start();
    await redisProxy.start();
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "rms-ops-"));
    const config = loadConfig({
      DATA_DIR: dataDir,
      DATABASE_URL: through(pgUrl!, pgProxy),
      REDIS_URL: through(rdUrl!, redisProxy),
      LOG_LEVEL: "silent",
      MIGRATION_POLL_MS: "200",
    });
    const db = await openMetadataDb({ databaseUrl: config.databaseUrl, schema });
    const services = await createServices(config, { db });
    app = await buildApp(config, { services });
    services.start();
    url = await app.start(0, "127.0.0.1");
  });

  afterAll(async () => {
    // Every test leaves both proxies running.
    await app?.stop();
    await pgProxy.stop();
    await redisProxy.stop();
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  const readyz = async () => {
    const response = await fetch(`${url}/readyz`);
    return { status: response.status, body: (await response.json()) as any };
  };

  /** Polls /readyz until it answers `status` (reconnects take a moment). */
  async function until(status: number, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = await readyz();
      if (result.status === status || Date.now() > deadline) return result;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it("is ready with both reachable", async () => {
    expect(await readyz()).toMatchObject({ status: 200, body: { status: "ready" } });
  });

  it("turns not-ready when PostgreSQL stops, naming the database, and ready when it returns", async () => {
    await pgProxy.stop();
    const down = await until(503);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      status: "not_ready",
      checks: { database: { ok: false }, pubsub: { ok: true }, runner: { ok: true } },
    });
    expect(JSON.stringify(down.body)).not.toMatch(/postgres|realm:|127\.0\.0\.1|:\d{4,5}\b/);

    await pgProxy.start();
    const up = await until(200);
    expect(up).toMatchObject({ status: 200, body: { status: "ready" } });
  });

  it("turns not-ready when Redis stops, naming pub/sub, and ready when it returns", async () => {
    await redisProxy.stop();
    const down = await until(503);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      status: "not_ready",
      checks: { database: { ok: true }, pubsub: { ok: false }, runner: { ok: true } },
    });
    expect(JSON.stringify(down.body)).not.toMatch(/redis:|127\.0\.0\.1|:\d{4,5}\b/);

    await redisProxy.start();
    const up = await until(200);
    expect(up).toMatchObject({ status: 200, body: { status: "ready" } });
  });

  it("/healthz stays 200 through an outage", async () => {
    await pgProxy.stop();
    await redisProxy.stop();
    try {
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect((await until(503)).body.checks).toMatchObject({ database: { ok: false }, pubsub: { ok: false } });
    } finally {
      await pgProxy.start();
      await redisProxy.start();
    }
    expect((await until(200)).status).toBe(200);
  });
});
