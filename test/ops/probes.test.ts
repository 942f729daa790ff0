// /healthz, /readyz and /metrics over real HTTP: probes need no token and reveal nothing secret, a hung
// dependency makes /readyz answer 503 within its time limit, and METRICS_TOKEN guards /metrics.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { checkReadiness } from "../../server/services/health.ts";

const METRICS_TOKEN = "metrics-token-0123456789abcdef";

describe("health, readiness and metrics routes", () => {
  let t: TestApp;
  let url: string;

  beforeAll(async () => {
    t = await createTestApp("pglite", { METRICS_TOKEN });
    url = await t.app.start(0, "127.0.0.1");
  });
  afterAll(() => t?.close());

  it("GET /healthz answers 200 without a token", async () => {
    const response = await fetch(`${url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("GET /readyz answers 200 without a token and names every check", async () => {
    const response = await fetch(`${url}/readyz`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual({
      status: "ready",
      checks: { database: { ok: true }, pubsub: { ok: true }, runner: { ok: true } },
    });
  });

  it("answers HEAD without a body and refuses other methods", async () => {
    const head = await fetch(`${url}/readyz`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const post = await fetch(`${url}/healthz`, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
  });

  it("GET /readyz answers 503 within the time limit when the database hangs, and 200 again after", async () => {
    const db = t.app.services.db;
    const ping = db.ping;
    db.ping = () => new Promise<void>(() => undefined);
    try {
      const started = Date.now();
      const response = await fetch(`${url}/readyz`);
      expect(Date.now() - started).toBeLessThan(3_500);
      expect(response.status).toBe(503);
      const body = await response.json();
      expect(body).toEqual({
        status: "not_ready",
        checks: {
          database: { ok: false, message: "no answer: timed out after 2000 ms" },
          pubsub: { ok: true },
          runner: { ok: true },
        },
      });
    } finally {
      db.ping = ping;
    }
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });

  it("GET /readyz is not ready when the runner is stopped", async () => {
    await t.app.services.runner.stop();
    try {
      const response = await fetch(`${url}/readyz`);
      expect(response.status).toBe(503);
      expect((await response.json()).checks.runner).toEqual({
        ok: false,
        message: "the migration runner is not running",
      });
    } finally {
      t.app.services.runner.start();
    }
  });

  it("GET /metrics refuses a missing or wrong token and serves Prometheus text with the right one", async () => {
    const missing = await fetch(`${url}/metrics`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await missing.text()).not.toContain("rms_");
    const wrong = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}x` } });
    expect(wrong.status).toBe(401);
    // The GraphQL admin token is not a metrics token.
    const admin = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(admin.status).toBe(401);

    const ok = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await ok.text();
    expect(text).toContain("# TYPE rms_migration_items_processed_total counter");
    expect(text).toContain('rms_migrations{status="COMPLETED"} 0');
    expect(text).toContain("rms_runner_up 1");
    expect(text).toContain("process_cpu_user_seconds_total");
  });

  it("echoes a well-formed x-request-id and assigns one otherwise", async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${t.adminToken}`, ...headers },
        body: JSON.stringify({ query: "query Probe { realms { id } }" }),
      });
    expect((await post({ "x-request-id": "lb-1234.abc" })).headers.get("x-request-id")).toBe("lb-1234.abc");
    const assigned = (await post({ "x-request-id": "bad id with spaces" })).headers.get("x-request-id");
    expect(assigned).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("/metrics without METRICS_TOKEN", () => {
  it("is open", async () => {
    const t = await createTestApp("pglite");
    try {
      const url = await t.app.start(0, "127.0.0.1");
      const response = await fetch(`${url}/metrics`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("rms_migration_queue_depth");
    } finally {
      await t.close();
    }
  });
});

describe("checkReadiness", () => {
  it("bounds every check and says which failed, by error code only", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 10.1.2.3:5432 for postgres://u:pw@10.1.2.3"), {
      code: "ECONNREFUSED",
    });
    const result = await checkReadiness(
      {
        db: { ping: () => Promise.reject(refused) },
        pubsub: { ping: () => new Promise<void>(() => undefined) },
        runner: { running: false },
        runnerEnabled: false,
      },
      100,
    );
    expect(result).toEqual({
      status: "not_ready",
      checks: {
        database: { ok: false, message: "unavailable (ECONNREFUSED)" },
        pubsub: { ok: false, message: "no answer: timed out after 100 ms" },
        runner: { ok: true, message: "disabled in this process (RUNNER=false)" },
      },
    });
  });
});
