// The typed SDK against a running server (HTTP + graphql-ws on a real port): plan → create → iterate
// progress to completion, with the final event equal to the `migration` query; resuming after a lost
// connection without gaps or repeats; cancel, retry, paging, uploads, and typed errors.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { getOperationName, type Exchange } from "@urql/core";
import { pipe, subscribe, tap } from "wonka";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { Faults } from "../helpers/faults.ts";
import { createEmbeddedDatabase, createRealm, processedDocuments } from "../helpers/fixtures.ts";
import {
  createMigrationClient,
  RealmMigrationEventsSubscription,
  SdkError,
  type MigrationClient,
  type MigrationInput,
  type MigrationProgressEvent,
} from "../../client/sdk/index.ts";

/** A `ws` WebSocket the test can find and cut, to simulate a dropped connection. */
class TrackedWebSocket extends WebSocket {
  static open: TrackedWebSocket[] = [];
  static created = 0;
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args);
    TrackedWebSocket.created++;
    TrackedWebSocket.open.push(this);
    this.on("close", () => TrackedWebSocket.open.splice(TrackedWebSocket.open.indexOf(this), 1));
  }
}

async function collect(events: AsyncIterable<MigrationProgressEvent>, onEvent?: (e: MigrationProgressEvent) => void) {
  const seen: MigrationProgressEvent[] = [];
  for await (const event of events) {
    seen.push(event);
    onEvent?.(event);
  }
  return seen;
}

const consecutive = (events: MigrationProgressEvent[], from = 1) =>
  expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => from + i));

describe("migration SDK", () => {
  let t: TestApp;
  let url: string;
  let sdk: MigrationClient;
  let source: string;
  let target: string;
  let docs: string[];
  const faults = new Faults();

  beforeAll(async () => {
    t = await createTestApp(
      "pglite",
      { MIGRATION_MAX_ATTEMPTS: "2", MIGRATION_CONCURRENCY: "1" },
      {
        wrapConnector: (connector, database) =>
          database.name === "sdk-target-db" ? faults.wrap(connector) : connector,
      },
    );
    url = (await t.app.start(0, "127.0.0.1")) + "/graphql";
    source = await createRealm(t, "sdk-source");
    target = await createRealm(t, "sdk-target");
    await createEmbeddedDatabase(t, "sdk-source-db", source);
    await createEmbeddedDatabase(t, "sdk-target-db", target);
    docs = await processedDocuments(t, source, 4);
    sdk = createMigrationClient({ url, token: t.adminToken, webSocketImpl: TrackedWebSocket });
  });
  beforeEach(() => {
    faults.ingestFailures = [];
    faults.ingestDelayMs = 0;
  });
  afterAll(async () => {
    await sdk?.close();
    await t?.close();
  });

  const copy = (documentIds: string[], conflictPolicy: "FAIL" | "RENAME" = "RENAME"): MigrationInput => ({
    type: "DOCUMENT_TO_REALM",
    sourceRealmId: source,
    targetRealmId: target,
    documentIds,
    options: { conflictPolicy },
  });

  it("plans, creates, and iterates progress to completion; the last event equals the migration query", async () => {
    const plan = await sdk.plan(copy(docs, "FAIL"));
    expect(plan).toMatchObject({ type: "DOCUMENT_TO_REALM", totalDocuments: 4, toCreate: 4, conflicts: 0 });
    expect(plan.documents.map((d) => d.action)).toEqual(["CREATE", "CREATE", "CREATE", "CREATE"]);
    expect(plan.options.reprocessStages).toEqual(["INGESTOR"]);

    const created = await sdk.create(copy(docs, "FAIL"));
    expect(created).toMatchObject({
      type: "DOCUMENT_TO_REALM",
      totalDocuments: 4,
      sourceRealm: { name: "sdk-source" },
    });
    const events = await collect(sdk.watch(created.id));

    consecutive(events);
    expect(events[0]!.type).toBe("MIGRATION_CREATED");
    expect(events.filter((e) => e.type === "ITEM_COMPLETED")).toHaveLength(4);
    const last = events.at(-1)!;
    expect(last).toMatchObject({ type: "MIGRATION_COMPLETED", status: "COMPLETED", progress: 1 });

    const migration = await sdk.migration(created.id);
    expect(migration).toMatchObject({
      id: created.id,
      status: last.status,
      totalDocuments: last.totalDocuments,
      processedDocuments: last.processedDocuments,
      failedDocuments: last.failedDocuments,
      skippedDocuments: last.skippedDocuments,
      cancelledDocuments: last.cancelledDocuments,
      progress: last.progress,
      lastSequence: last.sequence,
      errors: [],
      options: { conflictPolicy: "FAIL", migrationMode: "COPY", copyStageFiles: true },
    });
    expect(migration!.completedAt).toBeTruthy();

    // Watching a finished migration from a sequence replays exactly the rest, then ends.
    const rest = await collect(sdk.watch(created.id, { afterSequence: 3 }));
    expect(rest).toEqual(events.slice(3));
    expect(await collect(sdk.watch(created.id, { afterSequence: last.sequence }))).toEqual([]);
  });

  it("follows a realm's live feed through the exported RealmMigrationEventsSubscription", async () => {
    type FeedEvent = { migrationId: string; sequence: number; type: string; status: string };
    const feed: FeedEvent[] = [];
    const { unsubscribe } = pipe(
      sdk.urql.subscription(RealmMigrationEventsSubscription, { realmId: target }),
      subscribe((result) => {
        if (result.error) throw result.error;
        if (result.data) feed.push(result.data.realmMigrationEvents);
      }),
    );
    try {
      await new Promise((r) => setTimeout(r, 300)); // the socket connects and the server subscribes
      const created = await sdk.create(copy(docs.slice(0, 2)));
      const watched = await collect(sdk.watch(created.id));
      // Compared with the watched events' own migrationId (the same field, in the same id format).
      const ours = () => feed.filter((e) => e.migrationId === watched[0]!.migrationId);
      for (let i = 0; i < 50 && ours().at(-1)?.type !== "MIGRATION_COMPLETED"; i++)
        await new Promise((r) => setTimeout(r, 50));
      const live = ours();
      expect(live.filter((e) => e.type === "ITEM_COMPLETED")).toHaveLength(2);
      expect(live.at(-1)).toMatchObject({ type: "MIGRATION_COMPLETED", status: "COMPLETED" });
      // Live from the moment it attached: the migration's events from there on, in order, once each.
      const pick = (e: FeedEvent) => ({ sequence: e.sequence, type: e.type, status: e.status });
      expect(live.map(pick)).toEqual(watched.filter((e) => e.sequence >= live[0]!.sequence).map(pick));
    } finally {
      unsubscribe();
    }
  });

  it("throws typed errors with the API's code, message and input path", async () => {
    const conflict = await sdk.create(copy(docs, "FAIL")).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(SdkError);
    expect(conflict).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/already exist/) });

    const sameRealm = await sdk.plan({ ...copy(docs), targetRealmId: source }).catch((e: unknown) => e);
    expect(sameRealm).toMatchObject({
      name: "SdkError",
      code: "INVALID_INPUT",
      path: expect.arrayContaining(["targetRealmId"]),
    });

    expect(await sdk.migration("00000000-0000-4000-8000-000000000000")).toBeNull();

    const stranger = createMigrationClient({
      url,
      token: "rms_not_a_token",
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    try {
      await expect(stranger.realms()).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
      await expect(collect(stranger.watch(docs[0]!))).rejects.toBeInstanceOf(SdkError);
    } finally {
      await stranger.close();
    }
  });

  it("asks a token function per request and per socket connection, and runs extra exchanges, uploads included", async () => {
    // The first request gets a token the server refuses; every later one a valid token (a refresh).
    const asked: string[] = [];
    let calls = 0;
    const token = async () => {
      calls++;
      return calls === 1 ? "rms_expired_token" : t.adminToken;
    };
    const seen: string[] = [];
    const recordOperations: Exchange =
      ({ forward }) =>
      (operations$) =>
        forward(
          pipe(
            operations$,
            tap((operation) => {
              if (operation.kind !== "teardown") seen.push(getOperationName(operation.query) ?? "(anonymous)");
            }),
          ),
        );
    const refreshing = createMigrationClient({
      url,
      token,
      exchanges: [recordOperations],
      webSocketImpl: class extends WebSocket {
        constructor(...args: ConstructorParameters<typeof WebSocket>) {
          super(...args);
          asked.push(`socket after ${calls} token calls`);
        }
      },
      retryAttempts: 0,
    });
    try {
      await expect(refreshing.realms()).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
      expect((await refreshing.realms()).map((r) => r.name)).toContain("sdk-source");
      const before = calls;
      const created = await refreshing.create(copy([docs[0]!]));
      const events = await collect(refreshing.watch(created.id));
      expect(events.at(-1)).toMatchObject({ type: "MIGRATION_COMPLETED" });
      // create over HTTP, then the socket's connection_init: each asked the function again.
      expect(calls).toBeGreaterThanOrEqual(before + 2);
      expect(asked).toHaveLength(1);
      const uploaded = await refreshing.uploadDocument({
        realmId: source,
        file: new Blob(["# Through an exchange\n"]),
        fileName: "exchange-upload.md",
      });
      expect(uploaded).toMatchObject({ fileName: "exchange-upload.md" });
      expect(seen).toEqual(
        expect.arrayContaining(["SdkRealms", "SdkCreateMigration", "SdkMigrationProgress", "SdkUploadDocument"]),
      );
    } finally {
      await refreshing.close();
    }
  });

  it.runIf(!("WebSocket" in globalThis))(
    "works over HTTP without a WebSocket, and says so when asked to watch",
    async () => {
      const httpOnly = createMigrationClient({ url, token: t.adminToken });
      try {
        expect((await httpOnly.realms()).map((r) => r.name)).toContain("sdk-source");
        const started = Date.now();
        await expect(collect(httpOnly.watch(docs[0]!))).rejects.toMatchObject({ code: "WEBSOCKET_UNAVAILABLE" });
        expect(Date.now() - started).toBeLessThan(400); // not retried
      } finally {
        await httpOnly.close();
      }
    },
  );

  it("resumes after a lost connection without losing or repeating events", async () => {
    faults.ingestDelayMs = 200;
    const created = await sdk.create(copy(docs));
    const socketsBefore = TrackedWebSocket.created;
    let cut = false;
    const events = await collect(sdk.watch(created.id), (event) => {
      if (!cut && event.type === "ITEM_COMPLETED") {
        cut = true;
        for (const socket of TrackedWebSocket.open) socket.terminate(); // the network drops
      }
    });
    expect(cut).toBe(true);
    expect(TrackedWebSocket.created).toBeGreaterThan(socketsBefore + 1); // it connected again
    consecutive(events);
    expect(events.at(-1)).toMatchObject({ type: "MIGRATION_COMPLETED", processedDocuments: 4 });
    expect((await sdk.migration(created.id))!.lastSequence).toBe(events.at(-1)!.sequence);
  });

  it("cancels a running migration, and retries a failed one until it completes", async () => {
    faults.ingestDelayMs = 300;
    const running = await sdk.create(copy(docs));
    const watched = collect(sdk.watch(running.id));
    // Cancel once the first document is in flight.
    for await (const event of sdk.watch(running.id)) if (event.type === "ITEM_STARTED") break;
    expect((await sdk.cancel(running.id)).status).toBe("CANCELLING");
    const cancelled = (await watched).at(-1)!;
    expect(cancelled).toMatchObject({ type: "MIGRATION_CANCELLED", status: "CANCELLED" });
    expect(cancelled.cancelledDocuments).toBeGreaterThan(0);
    await expect(sdk.cancel(running.id)).rejects.toMatchObject({ code: "CONFLICT" });

    faults.ingestDelayMs = 0;
    faults.failIngest(1, false); // a permanent failure of the first document
    const failing = await sdk.create(copy(docs.slice(0, 2)));
    const failedEvents = await collect(sdk.watch(failing.id));
    expect(failedEvents.at(-1)).toMatchObject({ status: "FAILED", failedDocuments: 1, processedDocuments: 1 });
    const itemFailed = failedEvents.find((e) => e.type === "ITEM_FAILED")!;
    expect(itemFailed.item).toMatchObject({
      status: "FAILED",
      errorStage: "INGESTOR",
      error: expect.stringMatching(/injected/),
    });
    const failed = (await sdk.migration(failing.id))!;
    expect(failed.errors).toEqual([
      expect.objectContaining({ documentId: itemFailed.item!.sourceDocumentId, stage: "INGESTOR" }),
    ]);

    const retried = await sdk.retry(failing.id);
    expect(retried).toMatchObject({ status: "IN_PROGRESS", failedDocuments: 0 });
    const afterRetry = await collect(sdk.watch(failing.id, { afterSequence: failedEvents.at(-1)!.sequence }));
    consecutive(afterRetry, failedEvents.at(-1)!.sequence + 1);
    expect(afterRetry[0]!.type).toBe("ITEMS_REQUEUED");
    expect(afterRetry.at(-1)).toMatchObject({ status: "COMPLETED", processedDocuments: 2, failedDocuments: 0 });
    await expect(sdk.retry(failing.id)).rejects.toMatchObject({ code: "INVALID_INPUT", message: /No failed items/ });
  });

  it("lists migrations page by page with a status filter", async () => {
    const all = await sdk.migrations({ realmId: source });
    expect(all.totalCount).toBeGreaterThanOrEqual(4);
    const first = await sdk.migrations({ realmId: source, first: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toBeTruthy();
    const second = await sdk.migrations({ realmId: source, first: 2, after: first.nextCursor! });
    expect(second.items.map((m) => m.id)).toEqual(all.items.slice(2, 4).map((m) => m.id));
    const cancelled = await sdk.migrations({ realmId: source, status: "CANCELLED" });
    expect(cancelled.totalCount).toBe(1);
    expect(cancelled.items.every((m) => m.status === "CANCELLED")).toBe(true);
  });

  it("rolls a migration back and follows the rollback; a full replay goes through both ends", async () => {
    const created = await sdk.create(copy(docs.slice(0, 2)));
    expect((await collect(sdk.watch(created.id))).at(-1)).toMatchObject({ status: "COMPLETED" });
    const requested = await sdk.rollback(created.id);
    expect(requested).toMatchObject({ status: "ROLLING_BACK", rolledBackDocuments: 0 });
    const rollback = await collect(sdk.watch(created.id, { afterSequence: requested.lastSequence }));
    consecutive(rollback, requested.lastSequence + 1);
    expect(rollback.filter((e) => e.type === "ITEM_ROLLED_BACK")).toHaveLength(2);
    expect(rollback.at(-1)).toMatchObject({
      type: "MIGRATION_ROLLED_BACK",
      status: "ROLLED_BACK",
      rolledBackDocuments: 2,
      progress: 1,
    });
    // From the start, the run's end does not end the stream: it goes on to the rollback's.
    const all = await collect(sdk.watch(created.id));
    consecutive(all);
    expect(all.map((e) => e.type)).toContain("MIGRATION_COMPLETED");
    expect(all.at(-1)!.type).toBe("MIGRATION_ROLLED_BACK");
    await expect(sdk.rollback(created.id)).rejects.toMatchObject({ code: "CONFLICT", message: /already ROLLED_BACK/ });
  });

  it("uploads a document with a multipart request and processes it", async () => {
    const file = new File(["# Uploaded\n\nThrough the SDK, by Ada Lovelace in London.\n"], "sdk-upload.md", {
      type: "text/markdown",
    });
    const uploaded = await sdk.uploadDocument({ realmId: source, file, title: "SDK upload" });
    expect(uploaded).toMatchObject({
      title: "SDK upload",
      status: "UPLOADED",
      fileName: "sdk-upload.md",
      size: file.size,
    });
    const processing = await sdk.processDocument(uploaded.id);
    expect(processing.id).toBe(uploaded.id);
    await t.app.services.processor.idle();
    const listed = await sdk.documents(source, { first: 50 });
    expect(listed.items.find((d) => d.id === uploaded.id)).toMatchObject({ status: "READY" });

    await expect(
      sdk.uploadDocument({ realmId: source, file: new Blob([new Uint8Array([0, 1, 2])]), fileName: "image.png" }),
    ).rejects.toMatchObject({ code: "UNSUPPORTED_CONTENT_TYPE" });
    await expect(sdk.uploadDocument({ realmId: source, file: new Blob(["x"]) })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      path: ["fileName"],
    });
  });

  it("plans show each target database's health and warnings; detaches and deletes a database", async () => {
    const plan = await sdk.plan(copy(docs, "RENAME"));
    expect(plan.targetDatabaseHealth).toMatchObject([
      { ok: true, database: { name: "sdk-target-db", kind: "EMBEDDED" } },
    ]);
    expect(plan.warnings).toEqual([]);
    const bare = await createRealm(t, "sdk-bare");
    const toBare = await sdk.plan({ ...copy(docs), targetRealmId: bare });
    expect(toBare.warnings.map((w) => w.code)).toEqual(["NO_TARGET_DATABASE"]);

    const realm = await createRealm(t, "sdk-detach");
    const database = await createEmbeddedDatabase(t, "sdk-detach-db", realm);
    const attached = await sdk.deleteDatabase(database).catch((e: unknown) => e);
    expect(attached).toBeInstanceOf(SdkError);
    expect(attached).toMatchObject({ code: "CONFLICT", path: ["id"] });
    expect(await sdk.removeDatabaseFromRealm(realm, database, { removeRecords: true })).toMatchObject({
      databaseId: database,
      databaseName: "sdk-detach-db",
      documentsRemoved: 0,
    });
    expect(await sdk.deleteDatabase(database)).toMatchObject({ id: database, name: "sdk-detach-db" });
  });
});
