// A Redis outage during a migration does not hold the runner: an app whose Redis is reached through a TCP proxy
// runs one migration undisturbed and one through a 10 s outage (the proxy stopped; the shared Redis never is).
// Both rates are printed for comparison (not asserted: timings depend on the machine); asserted are that the
// disturbed migration completes with every item exactly once, that a plain graphql-ws subscriber still sees every
// sequence exactly once (from the store), and that the messages that could not be published were counted.
import WebSocket from "ws";
import { createClient, type Client } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, ok, type TestApp } from "../helpers/app.ts";
import {
  CREATE_MIGRATION,
  createEmbeddedDatabase,
  createRealm,
  processedDocuments,
  rawId,
} from "../helpers/fixtures.ts";
import { Faults } from "../helpers/faults.ts";
import { sampleValue } from "../helpers/prometheus.ts";
import { postgresUrl, redisUrl } from "../helpers/services.ts";
import { TcpProxy } from "../helpers/tcp-proxy.ts";

const pgUrl = postgresUrl();
const rdUrl = redisUrl();
const ITEMS = 60;
const OUTAGE_MS = 10_000;

describe.runIf(pgUrl && rdUrl)("a 10 s Redis outage during a migration", () => {
  const target = new URL(rdUrl ?? "redis://x");
  const proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
  // Every ingest takes a while, so a migration lasts long enough to measure a rate.
  const faults = new Faults();
  faults.ingestDelayMs = 60;
  let t: TestApp;
  let wsUrl: string;
  let baseUrl: string;
  let source: string;
  let docs: string[];
  const clients: Client[] = [];

  beforeAll(async () => {
    await proxy.start();
    const through = new URL(rdUrl!);
    through.hostname = "127.0.0.1";
    through.port = String(proxy.port);
    t = await createTestApp(
      "postgres",
      { REDIS_URL: through.toString(), MIGRATION_CONCURRENCY: "4" },
      { wrapConnector: (connector, db) => (db.name.startsWith("ro-target") ? faults.wrap(connector) : connector) },
    );
    baseUrl = await t.app.start(0, "127.0.0.1");
    wsUrl = baseUrl.replace("http", "ws") + "/graphql";
    source = await createRealm(t, "ro-source");
    await createEmbeddedDatabase(t, "ro-source-db", source);
    docs = await processedDocuments(t, source, ITEMS);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await t?.close();
    await proxy.stop();
  });

  /** Subscribes with a plain graphql-ws client (no resume logic) and collects until the server completes. */
  function watch(migrationId: string) {
    const client = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${t.adminToken}` },
      retryAttempts: 0,
    });
    clients.push(client);
    const sequences: number[] = [];
    const done = new Promise<number[]>((resolve, reject) => {
      client.subscribe(
        {
          query: `subscription($id: ID!) { migrationProgress(migrationId: $id) { sequence } }`,
          variables: { id: migrationId },
        },
        {
          next: (result) => {
            if (result.errors) reject(new Error(JSON.stringify(result.errors)));
            else sequences.push((result.data as any).migrationProgress.sequence);
          },
          error: (e) => reject(e instanceof Error ? e : new Error(JSON.stringify(e))),
          complete: () => resolve(sequences),
        },
      );
    });
    return done;
  }

  async function migrate(name: string, during?: (migrationId: string) => Promise<void>) {
    const realm = await createRealm(t, name);
    await createEmbeddedDatabase(t, `${name}-db`, realm);
    const started = performance.now();
    const created = ok(
      await t.gql(CREATE_MIGRATION, {
        input: { type: "DOCUMENT_TO_REALM", sourceRealmId: source, targetRealmId: realm, documentIds: docs },
      }),
      "createMigration",
    );
    const stream = watch(created.id);
    await during?.(created.id);
    const sequences = await stream;
    const seconds = (performance.now() - started) / 1000;
    return { id: rawId(created.id), realm: rawId(realm), sequences, seconds, rate: ITEMS / seconds };
  }

  const dropped = async () =>
    sampleValue((await t.app.services.metrics.render()).body, "rms_pubsub_dropped_total", { backend: "redis" }) ?? 0;

  it("keeps the runner going, completes every item exactly once and counts the dropped publishes", async () => {
    const calm = await migrate("ro-target-calm");
    expect(await dropped()).toBe(0);

    let outageEnded: Promise<void> = Promise.resolve();
    let outageOver = false;
    let readiness: any;
    const stormy = await migrate("ro-target-outage", async () => {
      await proxy.stop();
      outageEnded = new Promise((resolve) => setTimeout(resolve, OUTAGE_MS)).then(() => {
        outageOver = true;
        return proxy.start();
      });
      // Meanwhile /readyz says pub/sub is failing (while the runner goes on).
      for (let tries = 0; tries < 20 && readiness?.checks?.pubsub?.ok !== false; tries++) {
        readiness = await (await fetch(`${baseUrl}/readyz`)).json();
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
    expect(readiness).toMatchObject({ status: "not_ready", checks: { pubsub: { ok: false }, database: { ok: true } } });
    const finishedDuringOutage = !outageOver;
    await outageEnded;

    console.log(
      `[redis-outage] ${ITEMS} items: undisturbed ${calm.rate.toFixed(1)} items/s (${calm.seconds.toFixed(1)} s); ` +
        `with Redis down ${stormy.rate.toFixed(1)} items/s (${stormy.seconds.toFixed(1)} s, ` +
        `${finishedDuringOutage ? "all of it during" : "partly after"} the ${OUTAGE_MS / 1000} s outage); ` +
        `ratio ${(calm.rate / stormy.rate).toFixed(2)}×; ${await dropped()} publishes dropped`,
    );

    const prisma = t.app.services.db.prisma;
    for (const run of [calm, stormy]) {
      const migration = await prisma.migration.findUniqueOrThrow({ where: { id: run.id } });
      expect(migration).toMatchObject({ status: "COMPLETED", processedDocuments: ITEMS, failedDocuments: 0 });
      const items = await prisma.migrationItem.findMany({ where: { migrationId: run.id } });
      expect(items).toHaveLength(ITEMS);
      expect(items.every((item) => item.status === "COMPLETED" && item.attempt === 1)).toBe(true);
      expect(new Set(items.map((item) => item.sourceDocumentId)).size).toBe(ITEMS);
      // Exactly one copy of each source document in the target realm.
      expect(await prisma.document.count({ where: { realmId: run.realm } })).toBe(ITEMS);
      const completedEvents = await prisma.migrationEvent.count({
        where: { migrationId: run.id, type: "item.completed" },
      });
      expect(completedEvents).toBe(ITEMS);
      // The subscriber saw 1, 2, … lastSequence: nothing missing, nothing twice.
      expect(run.sequences).toEqual(Array.from({ length: migration.lastSequence }, (_, i) => i + 1));
    }
    expect(await dropped()).toBeGreaterThan(0);
  }, 240_000);
});
