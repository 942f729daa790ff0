// SSRF: webhooks and Qdrant/Neo4j databases may only target public addresses unless
// ALLOW_PRIVATE_NETWORK_TARGETS is set. Refused when configured (literal addresses, local names, what the
// host resolves to then) and again when sending: a name re-pointed at 127.0.0.1 later is refused at delivery.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, ok, type TestApp } from "../helpers/app.ts";
import { startReceiver, type Receiver } from "../helpers/webhook-receiver.ts";
import { createEmbeddedDatabase, CREATE_MIGRATION, processedDocuments, waitForMigration } from "../helpers/fixtures.ts";
import { blockedRange } from "../../server/services/net/outbound-policy.ts";
import type { ResolvedAddress } from "../../server/services/net/outbound-policy.ts";

const CREATE_WEBHOOK = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) {
  __typename ... on MutationCreateWebhookSuccess { data { webhook { id } } } ... on Error { code message path } } }`;
const CREATE_DATABASE = `mutation($input: CreateDatabaseInput!) { createDatabase(input: $input) {
  __typename ... on MutationCreateDatabaseSuccess { data { id } } ... on Error { code message path } } }`;

describe("blockedRange", () => {
  it.each([
    ["127.0.0.1", /loopback/],
    ["127.255.0.9", /loopback/],
    ["169.254.169.254", /link-local/],
    ["10.0.0.1", /10\.0\.0\.0\/8/],
    ["172.16.5.4", /172\.16\.0\.0\/12/],
    ["192.168.0.1", /192\.168\.0\.0\/16/],
    ["0.0.0.0", /unspecified/],
    ["100.64.0.1", /carrier-grade/],
    ["::1", /loopback/],
    ["::", /unspecified/],
    ["fe80::1", /link-local/],
    ["fd00::1", /unique local/],
    ["::ffff:127.0.0.1", /loopback.*embedded/],
    ["::ffff:a9fe:a9fe", /link-local.*embedded/],
    ["64:ff9b::a00:1", /10\.0\.0\.0\/8.*embedded/],
    ["2002:c0a8:0101::1", /192\.168.*embedded/],
  ])("refuses %s", (address, reason) => {
    expect(blockedRange(address)).toMatch(reason);
  });

  it.each(["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"])("allows the public %s", (address) => {
    expect(blockedRange(address)).toBeUndefined();
  });
});

describe("outbound requests without ALLOW_PRIVATE_NETWORK_TARGETS", () => {
  let t: TestApp;
  let receiver: Receiver;
  let realmId: string;
  let otherRealmId: string;
  let documentIds: string[];
  // What the test resolver answers: "hooks.example" is public while the webhook is created, then re-pointed.
  const dns = new Map<string, ResolvedAddress[]>([["hooks.example", [{ address: "93.184.216.34", family: 4 }]]]);
  const resolved: string[] = [];

  beforeAll(async () => {
    receiver = await startReceiver();
    t = await createTestApp(
      "pglite",
      { ALLOW_PRIVATE_NETWORK_TARGETS: "false", WEBHOOK_MAX_ATTEMPTS: "1" },
      {
        resolveHost: async (hostname) => {
          resolved.push(hostname);
          const answer = dns.get(hostname);
          if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
          return answer;
        },
      },
    );
    const realm = async (name: string) =>
      ok(
        await t.gql(
          `mutation($n: String!) { createRealm(input: { name: $n }) { __typename ... on MutationCreateRealmSuccess { data { id } } } }`,
          { n: name },
        ),
        "createRealm",
      ).id as string;
    realmId = await realm("ssrf-a");
    otherRealmId = await realm("ssrf-b");
    await createEmbeddedDatabase(t, "ssrf-a-db", realmId);
    await createEmbeddedDatabase(t, "ssrf-b-db", otherRealmId);
    documentIds = await processedDocuments(t, realmId, 1, "ssrf");
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  async function expectRefusedAtCreation(send: () => Promise<any>, field: string, path: string[], message: RegExp) {
    const before = { rows: await t.rowCounts(), webhooks: await t.app.services.db.prisma.webhook.count() };
    const result = await send();
    expect(result.errors).toBeUndefined();
    expect(result.data[field]).toMatchObject({ code: "INVALID_INPUT", path, message: expect.stringMatching(message) });
    expect(result.data[field].message).toMatch(/ALLOW_PRIVATE_NETWORK_TARGETS=true/);
    expect({ rows: await t.rowCounts(), webhooks: await t.app.services.db.prisma.webhook.count() }).toEqual(before);
  }

  it.each([
    ["http://127.0.0.1:8080/hook", /127\.0\.0\.1 \(loopback/],
    ["http://169.254.169.254/latest/meta-data/", /169\.254\.169\.254 \(link-local/],
    ["http://10.1.2.3/hook", /private range 10\.0\.0\.0\/8/],
    ["http://192.168.1.20/hook", /private range 192\.168/],
    ["http://0.0.0.0:4000/", /unspecified/],
    ["http://[::1]:8080/", /loopback \(::1\)/],
    ["http://[::ffff:127.0.0.1]/", /loopback.*embedded/],
    ["http://[fe80::1]/", /link-local/],
    ["http://2130706433/", /127\.0\.0\.1 \(loopback/],
    ["http://localhost:8080/", /local host name/],
  ])("refuses a webhook to %s at creation", async (url, message) => {
    await expectRefusedAtCreation(
      () => t.gql(CREATE_WEBHOOK, { input: { url, events: ["MIGRATION_COMPLETED"], realmId } }),
      "createWebhook",
      ["input", "url"],
      message,
    );
  });

  it("refuses a webhook whose host resolves to a private address at creation", async () => {
    dns.set("internal.example", [
      { address: "93.184.216.34", family: 4 },
      { address: "10.0.0.7", family: 4 },
    ]);
    await expectRefusedAtCreation(
      () =>
        t.gql(CREATE_WEBHOOK, {
          input: { url: "https://internal.example/hook", events: ["MIGRATION_COMPLETED"], realmId },
        }),
      "createWebhook",
      ["input", "url"],
      /internal\.example, which resolves to 10\.0\.0\.7/,
    );
  });

  it.each([
    [{ name: "q-local", kind: "QDRANT", url: "http://127.0.0.1:6333", collection: "c" }, ["input", "url"]],
    [{ name: "q-meta", kind: "QDRANT", url: "http://169.254.169.254", collection: "c" }, ["input", "url"]],
    [{ name: "n-local", kind: "NEO4J", uri: "bolt://127.0.0.1:7687" }, ["input", "uri"]],
    [{ name: "n-hex", kind: "NEO4J", uri: "bolt://0x7f000001:7687" }, ["input", "uri"]],
    [{ name: "n-private", kind: "NEO4J", uri: "neo4j://192.168.10.10" }, ["input", "uri"]],
  ])("refuses the database %o at creation", async (input, path) => {
    await expectRefusedAtCreation(() => t.gql(CREATE_DATABASE, { input }), "createDatabase", path, /may not point at/);
  });

  it("refuses a Qdrant database at connect time when its host resolves to a private address then", async () => {
    dns.set("vectors.example", [{ address: "93.184.216.34", family: 4 }]);
    const created = await t.gql(CREATE_DATABASE, {
      input: { name: "q-rebind", kind: "QDRANT", url: "http://vectors.example:6333", collection: "c" },
    });
    const id = ok(created, "createDatabase").id;
    dns.set("vectors.example", [{ address: "127.0.0.1", family: 4 }]);
    const database = await t.app.services.db.prisma.database.findFirstOrThrow({ where: { name: "q-rebind" } });
    await expect(t.app.services.connectors.get(database)).rejects.toMatchObject({
      code: "CONNECTOR_ERROR",
      transient: false,
      message: expect.stringMatching(
        /q-rebind: refused to connect to vectors\.example, which resolves to 127\.0\.0\.1/,
      ),
    });
    expect(id).toBeTruthy();
  });

  it("refuses at delivery a webhook host that resolves to 127.0.0.1 by then, logging the failed attempt", async () => {
    const port = new URL(receiver.url("/")).port;
    ok(
      await t.gql(CREATE_WEBHOOK, {
        input: { url: `http://hooks.example:${port}/rebind`, events: ["MIGRATION_COMPLETED"], realmId },
      }),
      "createWebhook",
    );
    // DNS rebinding: the name now points at the receiver on loopback.
    dns.set("hooks.example", [{ address: "127.0.0.1", family: 4 }]);
    resolved.length = 0;
    const created = ok(
      await t.gql(CREATE_MIGRATION, {
        input: { type: "DOCUMENT_TO_REALM", sourceRealmId: realmId, targetRealmId: otherRealmId, documentIds },
      }),
      "createMigration",
    );
    expect((await waitForMigration(t, created.id)).status).toBe("COMPLETED");
    const prisma = t.app.services.db.prisma;
    const deadline = Date.now() + 30_000;
    let delivery;
    for (;;) {
      delivery = await prisma.webhookDelivery.findFirst({
        where: { event: "migration.completed", status: "FAILED" },
        include: { attemptLog: true },
      });
      if (delivery || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(delivery).toBeTruthy();
    expect(delivery!.lastStatusCode).toBeNull();
    expect(delivery!.lastError).toMatch(
      /refused to connect to hooks\.example, which resolves to 127\.0\.0\.1 \(loopback.*ALLOW_PRIVATE_NETWORK_TARGETS/,
    );
    expect(delivery!.attemptLog).toEqual([expect.objectContaining({ attempt: 1, statusCode: null })]);
    expect(resolved).toContain("hooks.example");
    expect(receiver.requests("/rebind")).toEqual([]);
  });
});

describe("outbound requests with ALLOW_PRIVATE_NETWORK_TARGETS=true", () => {
  let t: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await startReceiver();
    t = await createTestApp("pglite", { ALLOW_PRIVATE_NETWORK_TARGETS: "true" });
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  it("accepts webhooks and databases on loopback, link-local and private addresses", async () => {
    const realmId = ok(
      await t.gql(
        `mutation { createRealm(input: { name: "onprem" }) { __typename ... on MutationCreateRealmSuccess { data { id } } } }`,
      ),
      "createRealm",
    ).id;
    for (const url of [
      receiver.url("/local"),
      "http://169.254.169.254/hook",
      "http://10.0.0.1/hook",
      "http://localhost:1/",
    ]) {
      const result = await t.gql(CREATE_WEBHOOK, { input: { url, events: ["MIGRATION_COMPLETED"], realmId } });
      expect(result.data.createWebhook.__typename, url).toBe("MutationCreateWebhookSuccess");
    }
    const database = await t.gql(CREATE_DATABASE, {
      input: { name: "q-onprem", kind: "QDRANT", url: "http://127.0.0.1:6333", collection: "c" },
    });
    expect(database.data.createDatabase.__typename).toBe("MutationCreateDatabaseSuccess");
  });
});
