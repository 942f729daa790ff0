// Subscriptions survive a PostgreSQL blip: an app whose metadata database is reached through a TCP proxy runs a
// migration while the proxy is stopped for 5 s (the shared server never is). A plain graphql-ws client (no resume
// code, no retries) and the SDK's watch (whose WebSocket is also cut during the outage, so graphql-ws resubscribes
// with its original variables) each see every sequence exactly once, and the migration completes. A stream waiting
// out the cut stops as soon as its client leaves (its Redis subscription is gone while the database is still away).
import { Redis } from "ioredis";
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
import { postgresUrl, redisUrl } from "../helpers/services.ts";
import { TcpProxy } from "../helpers/tcp-proxy.ts";
import { createMigrationClient, type MigrationClient, type MigrationProgressEvent } from "../../client/sdk/index.ts";

const pgUrl = postgresUrl();
const rdUrl = redisUrl();
const ITEMS = 30;
const CUT_MS = 5_000;

/** A `ws` WebSocket the test can find and cut. */
class TrackedWebSocket extends WebSocket {
  static open = new Set<TrackedWebSocket>();
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args);
    TrackedWebSocket.open.add(this);
    this.on("close", () => TrackedWebSocket.open.delete(this));
  }
}

describe.runIf(pgUrl)("subscriptions through a 5 s PostgreSQL cut", () => {
  const target = new URL(pgUrl ?? "postgres://x");
  const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
  const faults = new Faults();
  faults.ingestDelayMs = 150;
  let t: TestApp;
  let httpUrl: string;
  let sdk: MigrationClient;
  let client: Client;
  let source: string;
  let docs: string[];
  /** The outage in progress; afterAll waits for it, so the proxy is up again before cleaning up. */
  let cut: Promise<void> | undefined;

  beforeAll(async () => {
    await proxy.start();
    const through = new URL(pgUrl!);
    through.hostname = "127.0.0.1";
    through.port = String(proxy.port);
    t = await createTestApp(
      "postgres",
      { MIGRATION_CONCURRENCY: "2", MIGRATION_LEASE_MS: "5000", ...(rdUrl ? { REDIS_URL: rdUrl } : {}) },
      {
        databaseUrl: through.toString(),
        wrapConnector: (connector, db) => (db.name === "blip-target-db" ? faults.wrap(connector) : connector),
      },
    );
    httpUrl = (await t.app.start(0, "127.0.0.1")) + "/graphql";
    source = await createRealm(t, "blip-source");
    await createEmbeddedDatabase(t, "blip-source-db", source);
    docs = await processedDocuments(t, source, ITEMS);
    client = createClient({
      url: httpUrl.replace("http", "ws"),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${t.adminToken}` },
      retryAttempts: 0,
    });
    sdk = createMigrationClient({ url: httpUrl, token: t.adminToken, webSocketImpl: TrackedWebSocket });
  }, 180_000);

  afterAll(async () => {
    await cut;
    await client?.dispose();
    await sdk?.close();
    // Bounded: after two cuts, closing the PostgreSQL pool was seen to wait forever for a client that was never
    // given back (not this file's subject: issue 13 items 2-3, the runner and the pool through a blip). Say so
    // instead of timing out the hook.
    const closed = await Promise.race([
      t?.close().then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), 15_000)),
    ]);
    if (!closed)
      console.warn("[subscription-db-blip] the app did not close within 15 s after the cut (pool client held)");
    await proxy.stop();
  });

  /** The plain client: collects sequences until the server completes the stream; any error fails. */
  function plainWatch(migrationId: string, onEvent: (sequence: number, type: string) => void) {
    const sequences: number[] = [];
    return new Promise<number[]>((resolve, reject) => {
      client.subscribe(
        {
          query: `subscription($id: ID!) { migrationProgress(migrationId: $id) { sequence type } }`,
          variables: { id: migrationId },
        },
        {
          next: (result) => {
            if (result.errors) return reject(new Error(JSON.stringify(result.errors)));
            const event = (result.data as any).migrationProgress;
            sequences.push(event.sequence);
            onEvent(event.sequence, event.type);
          },
          error: (e) => reject(e instanceof Error ? e : new Error(JSON.stringify(e))),
          complete: () => resolve(sequences),
        },
      );
    });
  }

  async function sdkWatch(migrationId: string): Promise<MigrationProgressEvent[]> {
    const seen: MigrationProgressEvent[] = [];
    for await (const event of sdk.watch(migrationId)) seen.push(event);
    return seen;
  }

  it("keeps both streams open and delivers every sequence exactly once", async () => {
    const realm = await createRealm(t, "blip-target");
    await createEmbeddedDatabase(t, "blip-target-db", realm);
    const created = ok(
      await t.gql(CREATE_MIGRATION, {
        input: { type: "DOCUMENT_TO_REALM", sourceRealmId: source, targetRealmId: realm, documentIds: docs },
      }),
      "createMigration",
    );

    let cutEnded = 0;
    const plain = plainWatch(created.id, (_sequence, type) => {
      // Cut once a few items are through, so the outage falls in the middle of the run.
      if (cut || type !== "ITEM_COMPLETED") return;
      cut = (async () => {
        await proxy.stop();
        await new Promise((resolve) => setTimeout(resolve, CUT_MS / 2));
        // The SDK's connection drops too: graphql-ws reconnects and resubscribes with afterSequence 0.
        for (const socket of TrackedWebSocket.open) socket.terminate();
        await new Promise((resolve) => setTimeout(resolve, CUT_MS / 2));
        await proxy.start();
        cutEnded = performance.now();
      })();
    });
    const watched = sdkWatch(created.id);

    const [sequences, events] = await Promise.all([plain, watched]);
    const ended = performance.now();
    expect(cut).toBeDefined();
    await cut;

    const prisma = t.app.services.db.prisma;
    const migration = await prisma.migration.findUniqueOrThrow({ where: { id: rawId(created.id) } });
    console.log(
      `[subscription-db-blip] ${ITEMS} items, ${migration.lastSequence} events; streams ended ` +
        `${((ended - cutEnded) / 1000).toFixed(1)} s after the ${CUT_MS / 1000} s cut ended`,
    );
    expect(migration).toMatchObject({ status: "COMPLETED", processedDocuments: ITEMS });
    const all = Array.from({ length: migration.lastSequence }, (_, i) => i + 1);
    expect(sequences).toEqual(all);
    expect(events.map((e) => e.sequence)).toEqual(all);
    expect(events.at(-1)).toMatchObject({ type: "MIGRATION_COMPLETED", status: "COMPLETED" });
  }, 180_000);

  it.runIf(rdUrl)(
    "stops a stream that is waiting out the cut as soon as its client leaves",
    async () => {
      const realm = await createRealm(t, "blip-leaver");
      await createEmbeddedDatabase(t, "blip-leaver-db", realm);
      // Scheduled an hour ahead: its stream stays open, reading the store whenever the live feed is quiet.
      const scheduled = ok(
        await t.gql(CREATE_MIGRATION, {
          input: {
            type: "DOCUMENT_TO_REALM",
            sourceRealmId: source,
            targetRealmId: realm,
            documentIds: docs.slice(0, 2),
            scheduledAt: new Date(Date.now() + 3_600_000).toISOString(),
          },
        }),
        "createMigration",
      );
      const channel = `migration:${rawId(scheduled.id)}`;
      const admin = new Redis(rdUrl!, { maxRetriesPerRequest: 1 });
      const subscribers = async () => Number(((await admin.pubsub("NUMSUB", channel)) as [string, number])[1]);
      const until = async (count: number, timeoutMs: number) => {
        const deadline = Date.now() + timeoutMs;
        while ((await subscribers()) !== count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        return subscribers();
      };
      const leaver = createClient({
        url: httpUrl.replace("http", "ws"),
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${t.adminToken}` },
        retryAttempts: 0,
      });
      try {
        leaver.subscribe(
          {
            query: `subscription($id: ID!) { migrationProgress(migrationId: $id) { sequence } }`,
            variables: { id: scheduled.id },
          },
          { next: () => {}, error: () => {}, complete: () => {} },
        );
        expect(await until(1, 10_000)).toBe(1);
        let stillCut = false;
        cut = (async () => {
          await proxy.stop();
          stillCut = true;
          // Past the 2 s quiet period: the stream's store read has failed and it is backing off.
          await new Promise((resolve) => setTimeout(resolve, 3_000));
          await leaver.dispose();
          const after = await until(0, 1_500);
          const duringCut = stillCut;
          await proxy.start();
          stillCut = false;
          expect({ after, duringCut }).toEqual({ after: 0, duringCut: true });
        })();
        await cut;
      } finally {
        await leaver.dispose();
        admin.disconnect();
      }
    },
    60_000,
  );
});
