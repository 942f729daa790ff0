// Live progress: a graphql-ws client subscribed before createMigration sees every event in order,
// without polling; a reconnect with afterSequence gets exactly the missed events; SSE works alike;
// a token without scope cannot subscribe, and a socket without a valid token is closed (4401). Run with
// the in-memory pub/sub and with Redis.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createClient, type Client } from "graphql-ws";
import { createTestApp, ok, type TestApp } from "../helpers/app.ts";
import { pubsubKinds, redisUrl } from "../helpers/services.ts";
import {
  CREATE_MIGRATION,
  createEmbeddedDatabase,
  createRealm,
  processedDocuments,
  rawId,
} from "../helpers/fixtures.ts";

const EVENT_FIELDS = "sequence type status processedDocuments totalDocuments progress item { sourceDocumentId status }";

describe.each(pubsubKinds())("migration progress with %s pub/sub", (kind) => {
  let t: TestApp;
  let url: string;
  let source: string;
  let target: string;
  let docs: string[];
  const clients: Client[] = [];

  beforeAll(async () => {
    t = await createTestApp("pglite", kind === "redis" ? { REDIS_URL: redisUrl()! } : {});
    url = (await t.app.start(0, "127.0.0.1")).replace("http", "ws") + "/graphql";
    source = await createRealm(t, "live-source");
    target = await createRealm(t, "live-target");
    await createEmbeddedDatabase(t, "live-source-db", source);
    await createEmbeddedDatabase(t, "live-target-db", target);
    docs = await processedDocuments(t, source, 5);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await t?.close();
  });

  function client(token = t.adminToken): Client {
    const c = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    clients.push(c);
    return c;
  }

  /** Collects events of a subscription until `until` says stop (or the server completes it). */
  function collect(
    c: Client,
    query: string,
    variables: Record<string, unknown>,
    until: (e: any) => boolean = () => false,
  ) {
    const events: any[] = [];
    let ready!: () => void;
    const started = new Promise<void>((r) => (ready = r));
    const done = new Promise<any[]>((resolve, reject) => {
      const dispose = c.subscribe(
        { query, variables },
        {
          next: (result) => {
            if (result.errors) return reject(new Error(JSON.stringify(result.errors)));
            const event = Object.values(result.data as object)[0];
            events.push(event);
            if (until(event)) {
              dispose();
              resolve(events);
            }
          },
          error: (e) => {
            // A socket closed by the server arrives as a CloseEvent: keep its code and reason.
            const close = e as { code?: number; reason?: string };
            if (close?.code) return reject(new Error(`socket closed: ${close.code} ${close.reason ?? ""}`));
            reject(e instanceof Error ? e : new Error(JSON.stringify(e)));
          },
          complete: () => resolve(events),
        },
      );
      // graphql-ws acknowledges the connection before the subscription: give the server a moment to subscribe.
      c.on("connected", () => setTimeout(ready, 100));
    });
    return { events, started, done };
  }

  it("streams every event in order to a subscriber that was there first, then replays exactly the missed ones", async () => {
    const feed = collect(
      client(),
      `subscription($r: ID!) { realmMigrationEvents(realmId: $r) { migrationId ${EVENT_FIELDS} } }`,
      { r: source },
      (e) => e.type === "MIGRATION_COMPLETED",
    );
    await feed.started;
    const created = ok(
      await t.gql(CREATE_MIGRATION, {
        input: { type: "DOCUMENT_TO_REALM", sourceRealmId: source, targetRealmId: target, documentIds: docs },
      }),
      "createMigration",
    );
    const events = await feed.done;

    const sequences = events.map((e) => e.sequence);
    expect(sequences).toEqual(sequences.map((_, i) => i + 1)); // 1, 2, 3, … with no gap or repeat
    expect(events[0].type).toBe("MIGRATION_CREATED");
    expect(events.at(-1)).toMatchObject({
      type: "MIGRATION_COMPLETED",
      status: "COMPLETED",
      processedDocuments: 5,
      progress: 1,
    });
    expect(events.filter((e) => e.type === "ITEM_COMPLETED")).toHaveLength(5);
    // Counts only ever grow.
    for (let i = 1; i < events.length; i++)
      expect(events[i].processedDocuments).toBeGreaterThanOrEqual(events[i - 1].processedDocuments);
    const last = (
      await t.app.services.db.prisma.migration.findUniqueOrThrow({
        where: { id: rawId(created.id) },
      })
    ).lastSequence;
    expect(sequences.at(-1)).toBe(last);

    // A dashboard that saw up to sequence 4 reconnects.
    const resumed = await collect(
      client(),
      `subscription($m: ID!, $after: Int) { migrationProgress(migrationId: $m, afterSequence: $after) { ${EVENT_FIELDS} } }`,
      {
        m: created.id,
        after: 4,
      },
    ).done;
    expect(resumed.map((e) => e.sequence)).toEqual(sequences.slice(4));
  });

  it("delivers the same events over SSE and ends the stream at the final state", async () => {
    const created = ok(
      await t.gql(CREATE_MIGRATION, {
        input: {
          type: "DOCUMENT_TO_REALM",
          sourceRealmId: source,
          targetRealmId: target,
          documentIds: docs.slice(0, 2),
          options: { conflictPolicy: "RENAME" },
        },
      }),
      "createMigration",
    );
    const response = await t.app.yoga.fetch("http://test/graphql", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "text/event-stream",
        authorization: `Bearer ${t.adminToken}`,
      },
      body: JSON.stringify({
        query: `subscription($m: ID!) { migrationProgress(migrationId: $m) { ${EVENT_FIELDS} } }`,
        variables: { m: created.id },
      }),
    });
    expect(response.headers.get("content-type")).toMatch(/text\/event-stream/);
    const text = await response.text(); // resolves because the server ends the stream at the final event
    const events = text
      .split("\n")
      .filter((l) => l.startsWith("data: ") && l.includes('"migrationProgress"'))
      .map((l) => JSON.parse(l.slice(6)).data.migrationProgress);
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
    expect(events.at(-1)).toMatchObject({ type: "MIGRATION_COMPLETED", status: "COMPLETED" });
  });

  it("refuses a subscription to a migration of a realm the token has no scope on", async () => {
    const other = await createRealm(t, `elsewhere-${kind}`);
    const token = ok(
      await t.gql(
        `mutation($r: ID!) { createApiToken(input: { name: "outsider", roles: [{ realmId: $r, role: EDITOR }] }) { __typename ... on MutationCreateApiTokenSuccess { data { token } } } }`,
        { r: other },
      ),
      "createApiToken",
    ).token;
    const created = ok(
      await t.gql(CREATE_MIGRATION, {
        input: {
          type: "DOCUMENT_TO_REALM",
          sourceRealmId: source,
          targetRealmId: target,
          documentIds: docs.slice(0, 1),
          options: { conflictPolicy: "RENAME" },
        },
      }),
      "createMigration",
    );
    await expect(
      collect(client(token), `subscription($m: ID!) { migrationProgress(migrationId: $m) { sequence } }`, {
        m: created.id,
      }).done,
    ).rejects.toThrow(/not found|NOT_FOUND/i);
    await expect(
      collect(client(token), `subscription($r: ID!) { realmMigrationEvents(realmId: $r) { sequence } }`, { r: source })
        .done,
    ).rejects.toThrow(/not found|NOT_FOUND/i);
    await expect(
      collect(client("rms_bogus"), `subscription($r: ID!) { realmMigrationEvents(realmId: $r) { sequence } }`, {
        r: source,
      }).done,
    ).rejects.toThrow(/socket closed: 4401 Unauthorized: send a valid token/);
  });
});
