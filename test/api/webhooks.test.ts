// Webhooks end to end, against a real HTTP receiver on 127.0.0.1: migration events arrive signed after
// Standard Webhooks (every delivery verifies with the `standardwebhooks` library and with the README's two
// snippets), only for the webhooks of the migration's realms; failed attempts are retried with backoff (or
// a receiver's Retry-After, bounded) up to WEBHOOK_MAX_ATTEMPTS and logged; finished deliveries are pruned
// after the retention; a receiver that never answers does not hold up a migration; bad input writes nothing.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, ok, type TestApp } from "../helpers/app.ts";
import { dialects } from "../helpers/services.ts";
import { Faults } from "../helpers/faults.ts";
import { startReceiver, type Receiver, type ReceivedRequest } from "../helpers/webhook-receiver.ts";
import {
  CREATE_MIGRATION,
  createEmbeddedDatabase,
  createRealm,
  processedDocuments,
  globalId,
  rawId,
  waitForMigration,
} from "../helpers/fixtures.ts";
import { sampleValue } from "../helpers/prometheus.ts";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { standardSecret } from "../../server/services/webhooks/signature.ts";
import { retryAfterMs } from "../../server/services/webhooks/retry-after.ts";
import { SecretBox } from "../../server/services/secrets.ts";
import { createLogger } from "../../server/logger.ts";

const CREATE_WEBHOOK = `mutation CreateWebhook($input: CreateWebhookInput!) {
  createWebhook(input: $input) {
    __typename
    ... on MutationCreateWebhookSuccess { data { secret webhook { id url events description realm { id } } } }
    ... on Error { code message path }
  }
}`;

const DELETE_WEBHOOK = `mutation DeleteWebhook($id: ID!) {
  deleteWebhook(id: $id) {
    __typename
    ... on MutationDeleteWebhookSuccess { data { id } }
    ... on Error { code message path }
  }
}`;

const WEBHOOKS = `query Webhooks($realmId: ID) { webhooks(realmId: $realmId) { id url events description realm { id } } }`;

const DELIVERIES = `query Deliveries($id: ID!) {
  webhook(id: $id) {
    id
    deliveries(first: 50) {
      totalCount
      edges { node { id event migrationId sequence status attempts lastStatusCode lastError deliveredAt createdAt
        attemptLog { attempt statusCode error durationMs createdAt } } }
    }
  }
}`;

type Verifier<T> = (secret: string, rawBody: string, headers: Record<string, unknown>) => T;

/** The README's two verification snippets (library, then plain Node), run as documented. */
async function readmeVerifiers(): Promise<{ library: Verifier<unknown>; plain: Verifier<boolean> }> {
  const readme = await fs.readFile(new URL("../../README.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf("#### Verifying a webhook"));
  const [library, plain] = [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!);
  if (!library || !plain) throw new Error("README lacks its two verification snippets");
  const run = (code: string, imports: RegExp) =>
    new Function("crypto", "Buffer", "Webhook", `${code.replace(imports, "")}\nreturn verifyWebhook;`)(
      crypto,
      Buffer,
      StandardWebhook,
    );
  return {
    library: run(library, /^import \{ Webhook \} from "standardwebhooks";$/m),
    plain: run(plain, /^import crypto from "node:crypto";$/m),
  };
}

/** The README's rewrite of an old base64url secret, evaluated as written. */
async function readmeSecretRewrite(): Promise<(old: string) => string> {
  const readme = await fs.readFile(new URL("../../README.md", import.meta.url), "utf8");
  const expression = /`("whsec_" \+ Buffer\.from\(old[^`]+)`/.exec(readme)?.[1];
  if (!expression) throw new Error("README has no secret rewrite");
  return new Function("Buffer", "old", `return ${expression};`).bind(null, Buffer) as (old: string) => string;
}

async function until<T>(read: () => Promise<T> | T, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(dialects())("webhooks (%s)", (dialect) => {
  let t: TestApp;
  let receiver: Receiver;
  let documented: Awaited<ReturnType<typeof readmeVerifiers>>;
  let source: string;
  let target: string;
  let other: string;
  let docs: string[];
  const faults = new Faults();
  const logLines: string[] = [];
  const secrets: string[] = [];

  beforeAll(async () => {
    receiver = await startReceiver();
    documented = await readmeVerifiers();
    t = await createTestApp(
      dialect,
      {
        WEBHOOK_MAX_ATTEMPTS: "3",
        WEBHOOK_RETRY_BASE_MS: "20",
        // Long enough that a receiver in this process answers in time on a loaded machine.
        WEBHOOK_TIMEOUT_MS: "2000",
        WEBHOOK_RETRY_AFTER_MAX_MS: "1500",
      },
      {
        wrapConnector: (connector, database) => (database.name === "wh-target-db" ? faults.wrap(connector) : connector),
        logger: createLogger("debug", { write: (line: string) => void logLines.push(line) }),
      },
    );
    source = await createRealm(t, "wh-source");
    target = await createRealm(t, "wh-target");
    other = await createRealm(t, "wh-other");
    await createEmbeddedDatabase(t, "wh-source-db", source);
    await createEmbeddedDatabase(t, "wh-target-db", target);
    await createEmbeddedDatabase(t, "wh-other-db", other);
    docs = await processedDocuments(t, source, 2);
  });
  afterEach(async () => {
    faults.ingestFailures = [];
    receiver.releaseHanging();
    await t.app.services.db.prisma.webhook.deleteMany({});
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  const prisma = () => t.app.services.db.prisma;

  async function createWebhook(input: Record<string, unknown>, token?: string) {
    const created = ok<{ secret: string; webhook: { id: string; url: string } }>(
      await t.gql(CREATE_WEBHOOK, { input }, token),
      "createWebhook",
    );
    secrets.push(created.secret);
    return created;
  }

  async function migrate(documentIds: string[], from = source, to = target): Promise<string> {
    const created = ok(
      await t.gql(CREATE_MIGRATION, {
        input: {
          type: "DOCUMENT_TO_REALM",
          sourceRealmId: from,
          targetRealmId: to,
          documentIds,
          options: { conflictPolicy: "RENAME" },
        },
      }),
      "createMigration",
    );
    return rawId(created.id);
  }

  const requestsFor = (path: string, migrationId: string) =>
    receiver
      .requests(path)
      .filter((r) => r.json?.migration?.id === migrationId)
      .sort((a, b) => a.json.sequence - b.json.sequence);

  async function deliveries(webhookId: string): Promise<any[]> {
    const result = await t.gql(DELIVERIES, { id: webhookId });
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data.webhook.deliveries.edges.map((e: any) => e.node);
  }

  /** Verifies a delivery with the standardwebhooks library and the README's snippets; anything altered fails. */
  function expectSigned(request: ReceivedRequest, secret: string, webhookId: string): void {
    const headers = request.headers as Record<string, string>;
    const library = new StandardWebhook(secret);
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(library.verify(request.body, headers)).toEqual(request.json);
    expect(documented.library(secret, request.body, headers)).toEqual(request.json);
    expect(documented.plain(secret, request.body, headers)).toBe(true);
    // Anything else fails: another body, another secret, another id, a stale timestamp.
    const tampered = request.body.replace("migration", "migratioN");
    expect(() => library.verify(tampered, headers)).toThrow(/No matching signature/);
    expect(documented.plain(secret, tampered, headers)).toBe(false);
    const otherSecret = new StandardWebhook(Buffer.alloc(32, 7).toString("base64"));
    expect(() => otherSecret.verify(request.body, headers)).toThrow(/No matching signature/);
    expect(() => library.verify(request.body, { ...headers, "webhook-id": crypto.randomUUID() })).toThrow(
      /No matching signature/,
    );
    const stale = { ...headers, "webhook-timestamp": String(Math.floor(Date.now() / 1000) - 3600) };
    expect(() => library.verify(request.body, stale)).toThrow(/too old/);
    expect(documented.plain(secret, request.body, stale)).toBe(false);
    expect(headers["content-type"]).toBe("application/json");
    expect(headers["user-agent"]).toMatch(/realm-migration-service/);
    // webhook-id is the delivery's id; the old X-… headers are gone.
    expect(headers["webhook-id"]).toBe(request.json.id);
    expect(Object.keys(headers).filter((h) => h.startsWith("x-"))).toEqual([]);
    expect(request.json.webhookId).toBe(webhookId);
  }

  it("delivers signed created/started/completed events to the webhooks of the migration's realms only", async () => {
    const hook = await createWebhook({
      url: receiver.url("/signed"),
      events: ["MIGRATION_CREATED", "MIGRATION_STARTED", "MIGRATION_COMPLETED"],
      realmId: source,
      description: "source feed",
    });
    // Standard base64 of 32 bytes, which Standard Webhooks libraries accept.
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(hook.secret.slice(6), "base64")).toHaveLength(32);
    const onTarget = await createWebhook({
      url: receiver.url("/target"),
      events: ["MIGRATION_STARTED"],
      realmId: target,
    });
    const everywhere = await createWebhook({ url: receiver.url("/global"), events: ["MIGRATION_COMPLETED"] });
    const elsewhere = await createWebhook({
      url: receiver.url("/other"),
      events: ["MIGRATION_CREATED", "MIGRATION_STARTED", "MIGRATION_COMPLETED", "MIGRATION_FAILED"],
      realmId: other,
    });

    const migrationId = await migrate([docs[0]!]);
    expect((await waitForMigration(t, migrationId)).status).toBe("COMPLETED");

    const received = await until(
      () => requestsFor("/signed", migrationId),
      (r) => r.length >= 3,
      "3 deliveries",
    );
    expect(received.map((r) => r.json.event)).toEqual([
      "migration.created",
      "migration.started",
      "migration.completed",
    ]);
    for (const request of received) expectSigned(request, hook.secret, rawId(hook.webhook.id));
    expect(new Set(received.map((r) => r.json.id)).size).toBe(3);
    const [created, started, completed] = received.map((r) => r.json);
    expect(created.migration).toMatchObject({
      id: migrationId,
      type: "DOCUMENT_TO_REALM",
      mode: "COPY",
      status: "PENDING",
      sourceRealmId: rawId(source),
      targetRealmId: rawId(target),
      totalDocuments: 1,
      processedDocuments: 0,
      progress: 0,
      startedAt: null,
    });
    expect(started.migration).toMatchObject({ status: "IN_PROGRESS", startedAt: expect.any(String) });
    expect(completed).toMatchObject({
      item: null,
      migration: { status: "COMPLETED", processedDocuments: 1, failedDocuments: 0, progress: 1 },
    });
    expect(Date.parse(completed.migration.completedAt)).not.toBeNaN();
    expect(Date.parse(completed.timestamp)).not.toBeNaN();

    // A target-realm webhook and a realm-less (admin) one hear about it too; another realm's does not.
    const [targetStarted] = await until(
      () => requestsFor("/target", migrationId),
      (r) => r.length >= 1,
      "target",
    );
    expectSigned(targetStarted!, onTarget.secret, rawId(onTarget.webhook.id));
    expect(targetStarted!.json.event).toBe("migration.started");
    const [globalCompleted] = await until(
      () => requestsFor("/global", migrationId),
      (r) => r.length >= 1,
      "global",
    );
    expectSigned(globalCompleted!, everywhere.secret, rawId(everywhere.webhook.id));
    expect(await prisma().webhookDelivery.count({ where: { webhookId: rawId(elsewhere.webhook.id) } })).toBe(0);
    expect(receiver.requests("/other")).toEqual([]);

    // The log: one successful attempt each.
    const log = await until(
      () => deliveries(hook.webhook.id),
      (d) => d.length === 3 && d.every((x) => x.status === "SUCCEEDED"),
      "deliveries to succeed",
    );
    for (const delivery of log) {
      // The delivery log names the migration by its global id (Migration.id); the payload keeps the bare UUID.
      expect(delivery).toMatchObject({
        migrationId: globalId("Migration", migrationId),
        attempts: 1,
        lastStatusCode: 200,
        lastError: null,
      });
      expect(delivery.deliveredAt).not.toBeNull();
      expect(delivery.attemptLog).toEqual([
        { attempt: 1, statusCode: 200, error: null, durationMs: expect.any(Number), createdAt: expect.any(String) },
      ]);
    }
    expect(log.map((d) => d.event).sort()).toEqual(["MIGRATION_COMPLETED", "MIGRATION_CREATED", "MIGRATION_STARTED"]);
  });

  it("retries a receiver that answers 500 twice, then 200: three attempts, all in the log", async () => {
    receiver.respond("/flaky", (i) => (i < 2 ? 500 : 200));
    const hook = await createWebhook({ url: receiver.url("/flaky"), events: ["MIGRATION_COMPLETED"], realmId: source });
    const migrationId = await migrate([docs[0]!]);
    await waitForMigration(t, migrationId);

    const [delivery] = await until(
      () => deliveries(hook.webhook.id),
      (d) => d[0]?.status === "SUCCEEDED",
      "the delivery to succeed",
    );
    expect(delivery).toMatchObject({
      event: "MIGRATION_COMPLETED",
      migrationId: globalId("Migration", migrationId),
      status: "SUCCEEDED",
      attempts: 3,
      lastStatusCode: 200,
      lastError: null,
    });
    expect(delivery.attemptLog.map((a: any) => [a.attempt, a.statusCode, a.error])).toEqual([
      [1, 500, "HTTP 500 Internal Server Error"],
      [2, 500, "HTTP 500 Internal Server Error"],
      [3, 200, null],
    ]);
    const received = requestsFor("/flaky", migrationId);
    expect(received).toHaveLength(3);
    // The same delivery each time, signed afresh.
    expect(new Set(received.map((r) => r.json.id))).toEqual(new Set([delivery.id]));
    expect(new Set(received.map((r) => r.body)).size).toBe(1);
    for (const request of received) expectSigned(request, hook.secret, rawId(hook.webhook.id));
    expect(new Set(received.map((r) => r.headers["webhook-id"]))).toEqual(new Set([delivery.id]));
  });

  it("waits as long as a 503's or 429's Retry-After asks, up to WEBHOOK_RETRY_AFTER_MAX_MS", async () => {
    // Seconds, honoured; an HTTP date an hour ahead, bounded to 1500 ms (else this delivery could not succeed here).
    const later = new Date(Date.now() + 3_600_000).toUTCString();
    receiver.respond("/later", (i) => (i === 0 ? { status: 503, headers: { "retry-after": "1" } } : 200));
    receiver.respond("/much-later", (i) => (i === 0 ? { status: 429, headers: { "retry-after": later } } : 200));
    const soon = await createWebhook({ url: receiver.url("/later"), events: ["MIGRATION_COMPLETED"], realmId: source });
    const capped = await createWebhook({
      url: receiver.url("/much-later"),
      events: ["MIGRATION_COMPLETED"],
      realmId: source,
    });
    const migrationId = await migrate([docs[0]!]);
    await waitForMigration(t, migrationId);
    for (const [hook, status, waitMs] of [
      [soon, 503, 1000],
      [capped, 429, 1500],
    ] as const) {
      const [delivery] = await until(
        () => deliveries(hook.webhook.id),
        (d) => d[0]?.status === "SUCCEEDED",
        "the delivery to succeed",
      );
      const [first, second] = delivery.attemptLog;
      expect([first.statusCode, second.statusCode]).toEqual([status, 200]);
      const gap = Date.parse(second.createdAt) - Date.parse(first.createdAt);
      console.log(`Retry-After ${status}: second attempt ${gap} ms after the first (asked ≥ ${waitMs} ms)`);
      // Without Retry-After the retry would come after about WEBHOOK_RETRY_BASE_MS (20 ms).
      expect(gap).toBeGreaterThanOrEqual(waitMs);
    }
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterMs("120", now)).toBe(120_000);
    expect(retryAfterMs("Thu, 01 Jan 2026 00:00:30 GMT", now)).toBe(30_000);
    expect(retryAfterMs("Wed, 31 Dec 2025 00:00:00 GMT", now)).toBe(0);
    expect(retryAfterMs("soon", now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });

  it("signs for a secret issued before Standard Webhooks with the same key, verifiable once rewritten", async () => {
    const hook = await createWebhook({
      url: receiver.url("/legacy"),
      events: ["MIGRATION_COMPLETED"],
      realmId: source,
    });
    // A secret in the old format (base64url), as stored by earlier versions.
    const legacy = `whsec_${crypto.randomBytes(32).toString("base64url")}`;
    const box = await SecretBox.load(t.config.secretKey, t.config.dataDir);
    await prisma().webhook.update({ where: { id: rawId(hook.webhook.id) }, data: { secret: box.seal(legacy) } });
    const migrationId = await migrate([docs[0]!]);
    await waitForMigration(t, migrationId);
    const [request] = await until(
      () => requestsFor("/legacy", migrationId),
      (r) => r.length >= 1,
      "the legacy delivery",
    );
    const rewritten = (await readmeSecretRewrite())(legacy);
    expect(rewritten).toBe(standardSecret(legacy));
    expect(rewritten).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expectSigned(request!, rewritten, rawId(hook.webhook.id));
  });

  it("prunes finished deliveries older than WEBHOOK_RETENTION_DAYS with their attempt logs, keeping the rest", async () => {
    const hook = await createWebhook({
      url: receiver.url("/retained"),
      events: ["MIGRATION_CREATED", "MIGRATION_STARTED", "MIGRATION_COMPLETED"],
      realmId: source,
    });
    const migrationId = await migrate([docs[0]!]);
    await waitForMigration(t, migrationId);
    const log = await until(
      () => deliveries(hook.webhook.id),
      (d) => d.length === 3 && d.every((x) => x.status === "SUCCEEDED"),
      "3 deliveries",
    );
    const [oldSucceeded, oldFailed, recent] = log.map((d) => d.id as string);
    const age = (id: string, days: number, set = "") =>
      prisma().$executeRawUnsafe(
        `UPDATE "WebhookDelivery" SET ${set} "updatedAt" = (now() AT TIME ZONE 'UTC') - ($2 || ' days')::interval,
           "nextAttemptAt" = (now() AT TIME ZONE 'UTC') - ($2 || ' days')::interval WHERE id = $1::uuid`,
        id,
        String(days),
      );
    await age(oldSucceeded!, 31);
    await age(oldFailed!, 45, `status = 'FAILED',`);
    await age(recent!, 29);
    // Still due later: never pruned, however old its last change.
    const due = await prisma().webhookDelivery.create({
      data: {
        webhookId: rawId(hook.webhook.id),
        event: "migration.completed",
        migrationId,
        sequence: 10_000,
        payload: {},
        nextAttemptAt: new Date(Date.now() + 86_400_000),
      },
    });
    await prisma().$executeRawUnsafe(
      `UPDATE "WebhookDelivery" SET "updatedAt" = (now() AT TIME ZONE 'UTC') - interval '90 days' WHERE id = $1::uuid`,
      due.id,
    );
    const attemptsBefore = await prisma().webhookAttempt.count({ where: { deliveryId: { in: log.map((d) => d.id) } } });
    expect(attemptsBefore).toBe(3);

    expect(await t.app.services.dispatcher.prune()).toBe(2);
    const left = await prisma().webhookDelivery.findMany({ where: { webhookId: rawId(hook.webhook.id) } });
    expect(left.map((d) => d.id).sort()).toEqual([recent, due.id].sort());
    expect(await prisma().webhookAttempt.count({ where: { deliveryId: { in: [oldSucceeded!, oldFailed!] } } })).toBe(0);
    expect(await prisma().webhookAttempt.count({ where: { deliveryId: recent! } })).toBe(1);
    expect(await t.app.services.dispatcher.prune()).toBe(0);
  });

  it("takes over a delivery whose sender's lease expired and sends it again", async () => {
    const hook = await createWebhook({
      url: receiver.url("/takeover"),
      events: ["MIGRATION_STARTED"],
      realmId: source,
    });
    const migrationId = await migrate([docs[0]!]);
    await waitForMigration(t, migrationId);
    const [first] = await until(
      () => deliveries(hook.webhook.id),
      (d) => d[0]?.status === "SUCCEEDED",
      "SUCCEEDED",
    );
    // As if a process had claimed it again and died mid-attempt.
    await prisma().webhookDelivery.update({
      where: { id: first.id },
      data: { status: "DELIVERING", attempts: 2, leaseOwner: "crashed:1", leaseExpiresAt: new Date(Date.now() - 1000) },
    });
    t.app.services.dispatcher.notify();
    const [again] = await until(
      () => deliveries(hook.webhook.id),
      (d) => d[0]?.status === "SUCCEEDED" && d[0].attempts === 3,
      "the taken-over delivery",
    );
    expect(again.attemptLog.map((a: any) => [a.attempt, a.statusCode])).toEqual([
      [1, 200],
      [3, 200],
    ]);
    expect(requestsFor("/takeover", migrationId).map((r) => r.json.id)).toEqual([first.id, first.id]);
  });

  it("gives up after WEBHOOK_MAX_ATTEMPTS on error answers and on timeouts, keeping the last error", async () => {
    receiver.respond("/down", () => 503);
    receiver.respond("/silent", () => "hang");
    const down = await createWebhook({ url: receiver.url("/down"), events: ["MIGRATION_COMPLETED"], realmId: source });
    const silent = await createWebhook({
      url: receiver.url("/silent"),
      events: ["MIGRATION_COMPLETED"],
      realmId: source,
    });
    const migrationId = await migrate([docs[1]!]);
    await waitForMigration(t, migrationId);

    const [refused] = await until(
      () => deliveries(down.webhook.id),
      (d) => d[0]?.status === "FAILED",
      "FAILED",
    );
    expect(refused).toMatchObject({ attempts: 3, lastStatusCode: 503, lastError: "HTTP 503 Service Unavailable" });
    expect(refused.deliveredAt).toBeNull();
    expect(refused.attemptLog.map((a: any) => a.statusCode)).toEqual([503, 503, 503]);
    expect(requestsFor("/down", migrationId)).toHaveLength(3);

    const [timedOut] = await until(
      () => deliveries(silent.webhook.id),
      (d) => d[0]?.status === "FAILED",
      "FAILED",
    );
    expect(timedOut).toMatchObject({ attempts: 3, lastStatusCode: null, lastError: "no answer within 2000 ms" });
    expect(timedOut.attemptLog.map((a: any) => [a.attempt, a.statusCode, a.error])).toEqual([
      [1, null, "no answer within 2000 ms"],
      [2, null, "no answer within 2000 ms"],
      [3, null, "no answer within 2000 ms"],
    ]);

    const metrics = (await t.app.services.metrics.render()).body;
    expect(sampleValue(metrics, "rms_webhook_delivery_attempts_total", { outcome: "timeout" })).toBeGreaterThanOrEqual(
      3,
    );
    expect(
      sampleValue(metrics, "rms_webhook_delivery_attempts_total", { outcome: "http_error" }),
    ).toBeGreaterThanOrEqual(3);
  });

  it("sends migration.item_failed for each document that fails for good, with the item", async () => {
    // A webhook of every realm (admin) hears everything; one of the target realm only what that realm may see.
    const hook = await createWebhook({
      url: receiver.url("/items"),
      events: ["MIGRATION_ITEM_FAILED", "MIGRATION_FAILED"],
    });
    const targetHook = await createWebhook({
      url: receiver.url("/items-target"),
      events: ["MIGRATION_ITEM_FAILED", "MIGRATION_FAILED"],
      realmId: target,
    });
    faults.failIngest(1, false);
    const migrationId = await migrate([docs[1]!]);
    expect((await waitForMigration(t, migrationId)).status).toBe("FAILED");

    const received = await until(
      () => requestsFor("/items", migrationId),
      (r) => r.length >= 2,
      "2 deliveries",
    );
    expect(received.map((r) => r.json.event)).toEqual(["migration.item_failed", "migration.failed"]);
    for (const request of received) expectSigned(request, hook.secret, rawId(hook.webhook.id));
    expect(received[0]!.json).toMatchObject({
      message: expect.stringMatching(/vector size rejected/),
      item: {
        sourceDocumentId: rawId(docs[1]!),
        status: "FAILED",
        errorStage: "ingestor",
        error: expect.stringMatching(/vector size rejected/),
      },
      migration: { id: migrationId, failedDocuments: 1 },
    });
    expect(received[1]!.json.migration).toMatchObject({ status: "FAILED", failedDocuments: 1, progress: 1 });
    // Other events of the migration (item.started, …) are not delivered.
    expect(await prisma().webhookDelivery.count({ where: { webhookId: rawId(hook.webhook.id), migrationId } })).toBe(2);

    // The target realm's webhook: the same deliveries, without the source realm's ids or any error text.
    const redacted = await until(
      () => requestsFor("/items-target", migrationId),
      (r) => r.length >= 2,
      "2 deliveries to the target realm's webhook",
    );
    expect(redacted.map((r) => r.json.event)).toEqual(["migration.item_failed", "migration.failed"]);
    for (const request of redacted) expectSigned(request, targetHook.secret, rawId(targetHook.webhook.id));
    expect(redacted[0]!.json).toMatchObject({
      message: null,
      item: { sourceDocumentId: null, status: "FAILED", errorStage: "ingestor", error: null },
      migration: { id: migrationId, sourceRealmId: rawId(source), targetRealmId: rawId(target), failedDocuments: 1 },
    });
    expect(redacted[1]!.json.migration).toMatchObject({ status: "FAILED", error: null });
    expect(JSON.stringify(redacted.map((r) => r.json))).not.toContain(rawId(docs[1]!));
    expect(JSON.stringify(redacted.map((r) => r.json))).not.toMatch(/vector size rejected/);
  });

  it("sends migration.rolled_back when a rollback finishes", async () => {
    const hook = await createWebhook({
      url: receiver.url("/rollback"),
      events: ["MIGRATION_ROLLED_BACK"],
      realmId: source,
    });
    const migrationId = await migrate([docs[0]!]);
    await waitForMigration(t, migrationId);
    const rolledBack = await t.gql(
      `mutation($id: ID!) { rollbackMigration(id: $id) { __typename ... on Error { code message } } }`,
      { id: migrationId },
    );
    expect(rolledBack.data.rollbackMigration.__typename).toBe("MutationRollbackMigrationSuccess");
    const [request] = await until(
      () => requestsFor("/rollback", migrationId),
      (r) => r.length >= 1,
      "rolled_back",
    );
    expectSigned(request!, hook.secret, rawId(hook.webhook.id));
    expect(request!.json).toMatchObject({
      event: "migration.rolled_back",
      migration: { status: "ROLLED_BACK", rolledBackDocuments: 1, rolledBackAt: expect.any(String) },
    });
  });

  it("rejects bad input with a typed error and writes nothing", async () => {
    const webhookRows = () => prisma().webhook.count();
    const before = await webhookRows();
    const realm = (id: string) => rawId(id);
    const { token: viewer } = await t.app.services.tokens.issue("viewer", false, [
      { realmId: realm(source), role: "VIEWER" },
    ]);
    const { token: editor } = await t.app.services.tokens.issue("editor", false, [
      { realmId: realm(source), role: "EDITOR" },
    ]);
    const attempt = async (input: Record<string, unknown>, token?: string) =>
      (await t.gql(CREATE_WEBHOOK, { input }, token)).data?.createWebhook;
    const valid = { url: receiver.url("/x"), events: ["MIGRATION_COMPLETED"], realmId: source };

    const cases: Array<[Record<string, unknown>, string | undefined, string, string[] | null, RegExp]> = [
      [{ ...valid, url: "ftp://127.0.0.1/hook" }, undefined, "INVALID_INPUT", ["input", "url"], /http or https/],
      [{ ...valid, url: "not a url" }, undefined, "INVALID_INPUT", ["input", "url"], /not a URL/],
      [{ ...valid, url: "https://user:pw@example.com/" }, undefined, "INVALID_INPUT", ["input", "url"], /credentials/],
      [{ ...valid, events: [] }, undefined, "INVALID_INPUT", ["input", "events"], /at least one event/],
      [{ ...valid, description: "d".repeat(501) }, undefined, "INVALID_INPUT", ["input", "description"], /500/],
      [{ ...valid, realmId: crypto.randomUUID() }, undefined, "NOT_FOUND", ["input", "realmId"], /Realm/],
      [{ ...valid, realmId: other }, editor, "NOT_FOUND", ["input", "realmId"], /Realm/],
      [valid, viewer, "FORBIDDEN", ["input", "realmId"], /EDITOR/],
      [{ ...valid, realmId: undefined }, editor, "FORBIDDEN", ["input", "realmId"], /admin/],
    ];
    for (const [input, token, code, path, message] of cases) {
      const result = await attempt(input, token);
      expect(result, JSON.stringify(input)).toMatchObject({ code, path, message: expect.stringMatching(message) });
    }
    // Not an event name at all: rejected by GraphQL before the service.
    expect((await t.gql(CREATE_WEBHOOK, { input: { ...valid, events: ["migration.exploded"] } })).errors).toBeDefined();
    expect((await t.gql(CREATE_WEBHOOK, { input: valid }, null)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(await webhookRows()).toBe(before);

    // An EDITOR may manage its realm's webhooks; readers see them; the secret is returned once only.
    const created = await createWebhook(valid, editor);
    const stored = await prisma().webhook.findUniqueOrThrow({ where: { id: rawId(created.webhook.id) } });
    expect(stored.secret).not.toContain(created.secret.slice(6));
    const global = await createWebhook({ url: receiver.url("/y"), events: ["MIGRATION_FAILED"] });
    const listed = await t.gql(WEBHOOKS, {}, viewer);
    expect(listed.data.webhooks.map((w: any) => w.id)).toEqual([created.webhook.id]);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    const all = await t.gql(WEBHOOKS, { realmId: null });
    expect(all.data.webhooks.map((w: any) => w.id)).toEqual([created.webhook.id, global.webhook.id]);
    expect(JSON.stringify(all)).not.toContain(created.secret);
    expect((await t.gql(`{ webhooks { id secret } }`)).errors?.[0]?.message).toMatch(/secret/);
    expect((await t.gql(WEBHOOKS, { realmId: other }, viewer)).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect((await t.gql(DELIVERIES, { id: global.webhook.id }, viewer)).data.webhook).toBeNull();

    expect((await t.gql(DELETE_WEBHOOK, { id: created.webhook.id }, viewer)).data.deleteWebhook).toMatchObject({
      code: "FORBIDDEN",
    });
    expect((await t.gql(DELETE_WEBHOOK, { id: global.webhook.id }, editor)).data.deleteWebhook).toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await t.gql(DELETE_WEBHOOK, { id: created.webhook.id }, editor)).data.deleteWebhook).toMatchObject({
      __typename: "MutationDeleteWebhookSuccess",
    });
    expect(await webhookRows()).toBe(before + 1);
  });

  it("never logs a webhook secret", () => {
    expect(secrets.length).toBeGreaterThan(5);
    expect(logLines.some((line) => line.includes('"component":"webhooks"'))).toBe(true);
    const logs = logLines.join("");
    for (const secret of secrets) expect(logs).not.toContain(secret.slice("whsec_".length, -1));
  });

  describe("with a receiver that never answers", () => {
    let slow: TestApp;
    beforeAll(async () => {
      // Attempts that would wait two minutes: anything that waited for them could not finish this test.
      slow = await createTestApp(dialect, { WEBHOOK_TIMEOUT_MS: "120000", WEBHOOK_RETRY_BASE_MS: "20" });
    });
    afterAll(async () => {
      // Answer from now on and drop the hung connections, so the dispatcher's in-flight attempts end.
      receiver.respond("/hung", () => 200);
      receiver.releaseHanging();
      await slow?.close();
    });

    it("still completes the migration while its deliveries hang", async () => {
      receiver.respond("/hung", () => "hang");
      const from = await createRealm(slow, "hang-source");
      const to = await createRealm(slow, "hang-target");
      await createEmbeddedDatabase(slow, "hang-source-db", from);
      await createEmbeddedDatabase(slow, "hang-target-db", to);
      const [doc] = await processedDocuments(slow, from, 1);
      const hook = ok(
        await slow.gql(CREATE_WEBHOOK, {
          input: {
            url: receiver.url("/hung"),
            events: ["MIGRATION_CREATED", "MIGRATION_STARTED", "MIGRATION_COMPLETED"],
            realmId: from,
          },
        }),
        "createWebhook",
      );
      const created = ok(
        await slow.gql(CREATE_MIGRATION, {
          input: { type: "DOCUMENT_TO_REALM", sourceRealmId: from, targetRealmId: to, documentIds: [doc] },
        }),
        "createMigration",
      );
      expect((await waitForMigration(slow, created.id)).status).toBe("COMPLETED");

      // The migration finished while the receiver still holds its first delivery, unanswered.
      await until(
        () => receiver.requests("/hung"),
        (r) => r.length >= 1,
        "the first request",
      );
      const rows = await slow.app.services.db.prisma.webhookDelivery.findMany({
        where: { webhookId: rawId(hook.webhook.id) },
        include: { attemptLog: true },
      });
      expect(rows).toHaveLength(3);
      const hanging = rows.filter((d) => d.status === "DELIVERING");
      expect(hanging.length).toBeGreaterThanOrEqual(1);
      for (const delivery of hanging) expect(delivery.attemptLog).toEqual([]);
      expect(rows.every((d) => d.status !== "SUCCEEDED")).toBe(true);
    });
  });
});
