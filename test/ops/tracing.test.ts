// OpenTelemetry tracing: with a provider installed, a GraphQL operation is a SERVER span, each claimed set of
// items a root span with one child per item, and each connector call a CLIENT span under the item that made
// it, carrying migration, item, document and database ids — and never a token or a variable. A server started
// with OTEL_EXPORTER_OTLP_ENDPOINT sends its spans there over OTLP/HTTP; without OTEL_* it traces nothing.
import http, { type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace";
import { loadConfig } from "../../server/config.ts";
import { startTracing, type Tracing } from "../../server/services/tracing.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { startServer } from "../helpers/child.ts";
import {
  CREATE_MIGRATION,
  createEmbeddedDatabase,
  createRealm,
  processedDocuments,
  rawId,
  waitForMigration,
} from "../helpers/fixtures.ts";

describe("tracing in process (in-memory exporter)", () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let t: TestApp;
  let spans: ReadableSpan[];
  let migrationId: string;

  beforeAll(async () => {
    tracing = startTracing(
      { exporter: null, serviceName: "test", scheduleDelayMs: 10 },
      new SimpleSpanProcessor({ exporter }),
    );
    t = await createTestApp("pglite");
    const source = await createRealm(t, "traced-source");
    const target = await createRealm(t, "traced-target");
    await createEmbeddedDatabase(t, "traced-source-store", source);
    await createEmbeddedDatabase(t, "traced-target-store", target);
    const docs = await processedDocuments(t, source, 3);
    exporter.reset();
    const created = await t.gql(CREATE_MIGRATION, {
      input: { type: "DOCUMENT_TO_REALM", sourceRealmId: source, targetRealmId: target, documentIds: docs },
    });
    migrationId = rawId(created.data.createMigration.data.id);
    expect((await waitForMigration(t, created.data.createMigration.data.id)).status).toBe("COMPLETED");
    // The last item's outcome is recorded inside its set's span: wait until that span ended too.
    for (let i = 0; i < 100 && !exporter.getFinishedSpans().some((s) => s.name === "migration.items.run"); i++)
      await new Promise((r) => setTimeout(r, 50));
    spans = exporter.getFinishedSpans();
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await tracing?.shutdown();
  });

  const named = (name: string) => spans.filter((s) => s.name === name);

  it("each GraphQL operation is a SERVER span named by its type and name", () => {
    const create = spans.find((s) => s.name === "mutation Create");
    expect(create).toBeDefined();
    expect(create!.kind).toBe(1); // SpanKind.SERVER
    expect(create!.attributes).toMatchObject({
      "graphql.operation.type": "mutation",
      "graphql.operation.name": "Create",
    });
    expect(named("query M").length).toBeGreaterThan(0);
  });

  it("each claimed set is a root span; each item a child span with the migration's and item's ids", async () => {
    const sets = named("migration.items.run");
    expect(sets.length).toBeGreaterThan(0);
    for (const set of sets) {
      expect(set.parentSpanContext).toBeUndefined();
      expect(set.attributes).toMatchObject({ "migration.id": migrationId, "migration.type": "DOCUMENT_TO_REALM" });
    }
    const items = named("migration.item.run");
    const stored = await t.app.services.db.prisma.migrationItem.findMany({ where: { migrationId } });
    expect(items.map((s) => s.attributes["migration.item.id"]).sort()).toEqual(stored.map((i) => i.id).sort());
    for (const item of items) {
      const parent = sets.find((s) => s.spanContext().spanId === item.parentSpanContext?.spanId);
      expect(parent, "an item span's parent is its set's span").toBeDefined();
      expect(item.attributes).toMatchObject({
        "migration.id": migrationId,
        "migration.item.status": "COMPLETED",
        "migration.item.attempt": 1,
      });
      expect(stored.map((i) => i.sourceDocumentId)).toContain(item.attributes["document.id"]);
    }
  });

  it("connector calls are CLIENT spans in the trace of the items that made them, naming the database and documents", async () => {
    const items = named("migration.item.run");
    // A set's documents are written by one batched call (ingestMany); a single document by ingest.
    const writes = [...named("connector.ingest"), ...named("connector.ingestMany")];
    expect(writes.length).toBeGreaterThan(0);
    const targetStore = await t.app.services.db.prisma.database.findFirstOrThrow({
      where: { name: "traced-target-store" },
    });
    const written = new Set<string>();
    for (const write of writes) {
      expect(write.kind).toBe(2); // SpanKind.CLIENT
      expect(write.attributes).toMatchObject({ "database.id": targetStore.id, "database.kind": "EMBEDDED" });
      // The ingestor stage runs inside the set: its connector call belongs to the items' trace.
      const item = items.find((s) => s.spanContext().traceId === write.spanContext().traceId);
      expect(item, "a connector call made for items is in those items' trace").toBeDefined();
      const ids = write.attributes["document.ids"] ?? [write.attributes["document.id"]];
      expect(Array.isArray(ids) && ids.every((id) => typeof id === "string")).toBe(true);
      for (const id of ids as string[]) written.add(id);
    }
    // Every item's target document was written under a traced call.
    const stored = await t.app.services.db.prisma.migrationItem.findMany({ where: { migrationId } });
    for (const item of stored) expect(written).toContain(item.targetDocumentId);
  });

  it("no span carries a token or a variable value", () => {
    const text = JSON.stringify(spans.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events })));
    expect(text).not.toContain(t.adminToken);
    expect(text).not.toContain("rms_");
    expect(text).not.toContain("traced-target-store"); // a variable of an earlier mutation, and a name: ids only
  });
});

describe("tracing configured by OTEL_* variables", () => {
  it("is off without them, on with an OTLP endpoint or a named exporter, and OTEL_SDK_DISABLED wins", () => {
    expect(loadConfig({}).tracing.exporter).toBeNull();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" }).tracing.exporter).toBe("otlp");
    expect(loadConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://c:4318/v1/traces" }).tracing.exporter).toBe("otlp");
    expect(loadConfig({ OTEL_TRACES_EXPORTER: "console" }).tracing.exporter).toBe("console");
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_TRACES_EXPORTER: "none" }).tracing
        .exporter,
    ).toBeNull();
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_SDK_DISABLED: "true" }).tracing.exporter,
    ).toBeNull();
    expect(() => loadConfig({ OTEL_TRACES_EXPORTER: "zipkin" })).toThrow(/OTEL_TRACES_EXPORTER/);
  });

  let collector: http.Server;
  const received: Array<{ path: string; body: any }> = [];
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "rms-tracing-"));
    collector = http.createServer((req: IncomingMessage, res) => {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        received.push({ path: req.url ?? "", body: JSON.parse(body || "{}") });
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => collector.close(resolve));
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it("a server started with OTEL_EXPORTER_OTLP_ENDPOINT sends its operation spans there, named by service", async () => {
    const port = (collector.address() as AddressInfo).port;
    const server = await startServer({
      DATA_DIR: dataDir,
      DATABASE_URL: "",
      REDIS_URL: "",
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
      OTEL_SERVICE_NAME: "rms-under-test",
      OTEL_BSP_SCHEDULE_DELAY: "100",
      BOOTSTRAP: "true",
    });
    try {
      expect(server.output()).toContain("tracing on");
      const token = /rms_[A-Za-z0-9_-]+/.exec(server.output())![0];
      const response = await fetch(`${server.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: "query Probe { __typename }" }),
      });
      expect(response.status).toBe(200);
      const deadline = Date.now() + 15_000;
      const spanNames = () =>
        received.flatMap((r) =>
          (r.body.resourceSpans ?? []).flatMap((rs: any) =>
            (rs.scopeSpans ?? []).flatMap((ss: any) => (ss.spans ?? []).map((s: any) => s.name)),
          ),
        );
      while (!spanNames().includes("query Probe") && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      expect(spanNames()).toContain("query Probe");
      expect(received[0]!.path).toBe("/v1/traces");
      const resource = received[0]!.body.resourceSpans[0].resource.attributes;
      expect(resource).toContainEqual({ key: "service.name", value: { stringValue: "rms-under-test" } });
      expect(JSON.stringify(received)).not.toContain(token);
    } finally {
      expect(await server.kill()).toBe(0);
    }
  }, 60_000);
});
