// Request logging: one line per operation with the request id (the caller's x-request-id when given),
// operation type and name, and error codes — never variables; an unexpected error is logged once, with
// the same request context, and counted as INTERNAL.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { sampleValue } from "../helpers/prometheus.ts";
import { createLogger } from "../../server/logger.ts";

describe("request logs", () => {
  let t: TestApp;
  let output = "";
  const lines = () =>
    output
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, any>);

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        output += chunk;
        done();
      },
    });
    t = await createTestApp("pglite", {}, { logger: createLogger("info", sink) });
  });
  afterAll(() => t?.close());

  const post = (query: string, variables: Record<string, unknown>, requestId?: string) =>
    t.app.yoga.fetch("http://test/graphql", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${t.adminToken}`,
        ...(requestId ? { "x-request-id": requestId } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });

  it("logs each operation with request id, type and name, and not its variables", async () => {
    const response = await post(
      "mutation MakeRealm($name: String!) { createRealm(input: { name: $name }) { __typename } }",
      { name: "variable-value-7f3a" },
      "req-42",
    );
    expect(response.headers.get("x-request-id")).toBe("req-42");
    const line = lines().find((l) => l.requestId === "req-42");
    expect(line).toMatchObject({
      level: 30,
      msg: "graphql operation",
      operationType: "mutation",
      operationName: "MakeRealm",
      durationMs: expect.any(Number),
    });
    expect(output).not.toContain("variable-value-7f3a");
  });

  it("logs an unexpected error once, with its request's context, and counts it as INTERNAL", async () => {
    await t.app.services.db.prisma.$executeRawUnsafe(`ALTER TABLE "Database" RENAME COLUMN "config" TO "config_x"`);
    try {
      const result = await (await post("query ListDatabases { databases { name } }", {}, "req-broken")).json();
      expect(result.errors[0].extensions.code).toBe("INTERNAL");
    } finally {
      await t.app.services.db.prisma.$executeRawUnsafe(`ALTER TABLE "Database" RENAME COLUMN "config_x" TO "config"`);
    }
    const mine = lines().filter((l) => l.requestId === "req-broken");
    expect(mine.map((l) => l.msg).sort()).toEqual(["graphql operation", "unexpected error"]);
    expect(mine.find((l) => l.msg === "unexpected error")).toMatchObject({
      level: 50,
      operationName: "ListDatabases",
      err: { message: expect.stringMatching(/config/) },
    });
    expect(mine.find((l) => l.msg === "graphql operation")).toMatchObject({ errors: ["INTERNAL"] });
    const text = (await t.app.services.metrics.render()).body;
    expect(sampleValue(text, "rms_graphql_errors_total", { operation_name: "ListDatabases", code: "INTERNAL" })).toBe(
      1,
    );
  });
});
