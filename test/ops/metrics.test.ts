// /metrics after real migrations: item counters equal the items processed and failed, retries, lease
// takeovers, scrape-time gauges (migrations by status, queue depth), connector, pub/sub and GraphQL metrics.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, ok, type TestApp } from "../helpers/app.ts";
import { dialects } from "../helpers/services.ts";
import { Faults } from "../helpers/faults.ts";
import { sampleValue } from "../helpers/prometheus.ts";
import {
  CREATE_MIGRATION,
  createEmbeddedDatabase,
  createRealm,
  processedDocuments,
  rawId,
  waitForMigration,
} from "../helpers/fixtures.ts";

const TYPE = { type: "DOCUMENT_TO_REALM" };

async function scrape(url: string): Promise<string> {
  const response = await fetch(`${url}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
}

async function migrate(t: TestApp, source: string, target: string, documentIds: string[]): Promise<string> {
  const input = {
    type: "DOCUMENT_TO_REALM",
    sourceRealmId: source,
    targetRealmId: target,
    documentIds,
    options: { conflictPolicy: "RENAME" },
  };
  return ok(await t.gql(CREATE_MIGRATION, { input }), "createMigration").id;
}

describe.each(dialects())("metrics after migrations (%s)", (dialect) => {
  let t: TestApp;
  let url: string;
  let source: string;
  let target: string;
  let docs: string[];
  const faults = new Faults();

  beforeAll(async () => {
    t = await createTestApp(
      dialect,
      { MIGRATION_MAX_ATTEMPTS: "3", MIGRATION_CONCURRENCY: "2" },
      { wrapConnector: (c, database) => (database.name === "metrics-target" ? faults.wrap(c) : c) },
    );
    url = await t.app.start(0, "127.0.0.1");
    source = await createRealm(t, "metrics-source");
    target = await createRealm(t, "metrics-target");
    await createEmbeddedDatabase(t, "metrics-source-db", source);
    await createEmbeddedDatabase(t, "metrics-target", target);
    docs = await processedDocuments(t, source, 5);
  });
  afterAll(() => t?.close());

  it("counts every item processed, failed and retried, and reads migrations and queue depth on scrape", async () => {
    faults.failIngest(1, true, "doc-0.md");
    const completed = await waitForMigration(t, await migrate(t, source, target, docs.slice(0, 4)));
    expect(completed).toMatchObject({ status: "COMPLETED", processedDocuments: 4 });
    faults.failIngest(1, false, "doc-4.md");
    const failed = await waitForMigration(t, await migrate(t, source, target, [docs[4]!]));
    expect(failed).toMatchObject({ status: "FAILED", failedDocuments: 1 });

    const items = await t.app.services.db.prisma.migrationItem.groupBy({ by: ["status"], _count: true });
    const count = (status: string) => items.find((g) => g.status === status)?._count ?? 0;
    const text = await scrape(url);

    expect(sampleValue(text, "rms_migration_items_processed_total", TYPE)).toBe(count("COMPLETED") + count("SKIPPED"));
    expect(sampleValue(text, "rms_migration_items_processed_total", TYPE)).toBe(4);
    expect(sampleValue(text, "rms_migration_items_failed_total", TYPE)).toBe(count("FAILED"));
    expect(sampleValue(text, "rms_migration_items_failed_total", TYPE)).toBe(1);
    expect(sampleValue(text, "rms_migration_item_retries_total", TYPE)).toBe(1);
    expect(sampleValue(text, "rms_migration_item_duration_seconds_count", { ...TYPE, outcome: "completed" })).toBe(4);
    expect(sampleValue(text, "rms_migration_item_duration_seconds_count", { ...TYPE, outcome: "failed" })).toBe(1);
    expect(sampleValue(text, "rms_migration_item_duration_seconds_count", { ...TYPE, outcome: "retrying" })).toBe(1);
    expect(sampleValue(text, "rms_migration_lease_takeovers_total")).toBe(0);

    expect(sampleValue(text, "rms_migrations", { status: "COMPLETED" })).toBe(1);
    expect(sampleValue(text, "rms_migrations", { status: "FAILED" })).toBe(1);
    expect(sampleValue(text, "rms_migrations", { status: "IN_PROGRESS" })).toBe(0);
    expect(sampleValue(text, "rms_migration_queue_depth", TYPE)).toBe(0);
    expect(sampleValue(text, "rms_metrics_collect_errors_total")).toBe(0);
    expect(sampleValue(text, "rms_runner_up")).toBe(1);
    expect(sampleValue(text, "rms_runner_items_in_flight")).toBe(0);

    // The injected failures reached the connector wrapper: counted as EMBEDDED ingest errors.
    expect(sampleValue(text, "rms_connector_errors_total", { kind: "EMBEDDED", operation: "ingest" })).toBe(2);
    // Single documents are written by ingest, sets by ingestMany: the set of doc-0 and doc-1 was refused
    // whole (the injected failure), so both were written again alone.
    const calls = (operation: string) =>
      sampleValue(text, "rms_connector_call_duration_seconds_count", { kind: "EMBEDDED", operation });
    expect(sampleValue(text, "rms_connector_errors_total", { kind: "EMBEDDED", operation: "ingestMany" })).toBe(1);
    // 5 processed sources, doc-0 and doc-1 alone, doc-0's retry, doc-4; the sets written by ingestMany.
    expect(calls("ingest")).toBeGreaterThanOrEqual(5 + 2 + 1 + 1);
    expect(calls("ingestMany")).toBeGreaterThanOrEqual(2);
    expect(sampleValue(text, "rms_pubsub_publish_duration_seconds_count", { backend: "memory" })).toBeGreaterThan(0);
    expect(sampleValue(text, "rms_pubsub_publish_errors_total", { backend: "memory" })).toBe(0);

    const created = { operation_type: "mutation", operation_name: "Create" };
    expect(sampleValue(text, "rms_graphql_operations_total", created)).toBe(2);
    expect(sampleValue(text, "rms_graphql_operation_duration_seconds_count", created)).toBe(2);
  });

  it("shows pending items as queue depth while a migration waits", async () => {
    await t.app.services.runner.stop();
    try {
      const id = await migrate(t, source, target, docs.slice(0, 3));
      const prisma = t.app.services.db.prisma;
      await prisma.migration.update({ where: { id: rawId(id) }, data: { status: "IN_PROGRESS" } });
      const text = await scrape(url);
      expect(sampleValue(text, "rms_migration_queue_depth", TYPE)).toBe(3);
      expect(sampleValue(text, "rms_migrations", { status: "IN_PROGRESS" })).toBe(1);
      expect(sampleValue(text, "rms_runner_up")).toBe(0);
    } finally {
      t.app.services.runner.start();
    }
    const text = await waitForQueue(url);
    expect(sampleValue(text, "rms_migrations", { status: "IN_PROGRESS" })).toBe(0);
  });

  it("counts GraphQL errors by code", async () => {
    const before =
      sampleValue(await scrape(url), "rms_graphql_errors_total", { code: "GRAPHQL_VALIDATION_FAILED" }) ?? 0;
    const result = await t.gql("query Broken { noSuchField }");
    expect(result.errors?.length).toBe(1);
    const text = await scrape(url);
    expect(
      sampleValue(text, "rms_graphql_errors_total", {
        operation_type: "query",
        operation_name: "Broken",
        code: "GRAPHQL_VALIDATION_FAILED",
      }),
    ).toBe(before + 1);
  });
});

async function waitForQueue(url: string): Promise<string> {
  for (let i = 0; ; i++) {
    const text = await scrape(url);
    const busy = (sampleValue(text, "rms_migrations", { status: "IN_PROGRESS" }) ?? 0) > 0;
    if (!busy || i > 300) return text;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("lease takeovers", () => {
  let t: TestApp;

  beforeAll(async () => {
    // No runner at start: the test plays a process that crashed holding the items' leases.
    t = await createTestApp("pglite", { RUNNER: "false" });
  });
  afterAll(() => t?.close());

  it("counts items taken over from an expired lease, and their completion", async () => {
    const source = await createRealm(t, "takeover-source");
    const target = await createRealm(t, "takeover-target");
    await createEmbeddedDatabase(t, "takeover-source-db", source);
    await createEmbeddedDatabase(t, "takeover-target-db", target);
    const docs = await processedDocuments(t, source, 3);
    const id = rawId(await migrate(t, source, target, docs));
    const prisma = t.app.services.db.prisma;
    const longAgo = new Date(Date.now() - 2 * 24 * 3600_000);
    await prisma.migration.update({ where: { id }, data: { status: "IN_PROGRESS", startedAt: longAgo } });
    await prisma.migrationItem.updateMany({
      where: { migrationId: id },
      data: { status: "IN_PROGRESS", leaseOwner: "crashed-process", leaseExpiresAt: longAgo, attempt: 1 },
    });

    t.app.services.runner.start();
    const done = await waitForMigration(t, id);
    expect(done).toMatchObject({ status: "COMPLETED", processedDocuments: 3 });
    const text = await t.app.services.metrics.render().then((r) => r.body);
    expect(sampleValue(text, "rms_migration_lease_takeovers_total")).toBe(3);
    expect(sampleValue(text, "rms_migration_items_processed_total", TYPE)).toBe(3);
  });
});
