// A full run logged at debug level into a buffer — databases created with a Neo4j password and a Qdrant
// api key, a token created and used, an upload, processing, a migration with a retried item, a metrics
// scrape, a URL with a password, tokens sent as x-request-id and an unreachable database — then the logs are searched for every
// secret used. None may appear; the lines that should be there (request, migration, item ids) are.
import crypto from "node:crypto";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, ok, type TestApp } from "../helpers/app.ts";
import { neo4jSettings, qdrantUrl } from "../helpers/services.ts";
import { Faults } from "../helpers/faults.ts";
import { createLogger } from "../../server/logger.ts";
import { CREATE_MIGRATION, attach, createRealm, rawId, waitForMigration } from "../helpers/fixtures.ts";

const qdrant = qdrantUrl();
const neo4j = neo4jSettings();

const CREATE_DATABASE = `mutation CreateDatabase($i: CreateDatabaseInput!) {
  createDatabase(input: $i) { __typename ... on MutationCreateDatabaseSuccess { data { id } } ... on Error { code message } }
}`;

describe.runIf(qdrant && neo4j)("logs of a full run", () => {
  let t: TestApp;
  let url: string;
  let output = "";
  const suffix = crypto.randomBytes(3).toString("hex");
  const collection = `rms_logscan_${suffix}`;
  const secrets = {
    qdrantApiKey: `qk-${crypto.randomBytes(12).toString("hex")}`,
    neo4jPassword: neo4j?.password ?? "",
    urlPassword: `urlpw${crypto.randomBytes(8).toString("hex")}`,
    metricsToken: `mt-${crypto.randomBytes(12).toString("hex")}`,
    secretKey: crypto.randomBytes(32).toString("hex"),
    adminToken: "",
    createdToken: "",
  };
  const faults = new Faults();

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        output += chunk;
        done();
      },
    });
    const logger = createLogger("debug", sink);
    t = await createTestApp(
      "pglite",
      { METRICS_TOKEN: secrets.metricsToken, SECRET_KEY: secrets.secretKey, MIGRATION_RETRY_BASE_MS: "10" },
      {
        logger,
        // As server/app.ts wires it in production.
        onBackgroundError: (error, where) => logger.error({ err: error }, where),
        wrapConnector: (connector) => faults.wrap(connector),
      },
    );
    secrets.adminToken = t.adminToken;
    url = await t.app.start(0, "127.0.0.1");
  });
  afterAll(async () => {
    await t?.close();
    await fetch(`${qdrant}/collections/${collection}`, { method: "DELETE" }).catch(() => undefined);
  });

  it("contains none of the credentials or tokens used", async () => {
    expect(secrets.neo4jPassword.length).toBeGreaterThan(3);
    const source = await createRealm(t, `logscan-source-${suffix}`);
    const target = await createRealm(t, `logscan-target-${suffix}`);
    const qdrantDb = ok(
      await t.gql(CREATE_DATABASE, {
        i: {
          name: `logscan-qdrant-${suffix}`,
          kind: "QDRANT",
          url: qdrant,
          collection,
          vectorSize: 64,
          apiKey: secrets.qdrantApiKey,
        },
      }),
      "createDatabase",
    ).id;
    const neo4jDb = ok(
      await t.gql(CREATE_DATABASE, {
        i: {
          name: `logscan-neo4j-${suffix}`,
          kind: "NEO4J",
          uri: neo4j!.uri,
          username: neo4j!.username,
          password: secrets.neo4jPassword,
        },
      }),
      "createDatabase",
    ).id;
    await attach(t, source, qdrantDb);
    await attach(t, target, neo4jDb);

    // A token for both realms, used for everything that follows.
    const created = ok(
      await t.gql(
        `mutation CreateToken($i: CreateApiTokenInput!) { createApiToken(input: $i) { __typename ... on MutationCreateApiTokenSuccess { data { token } } ... on Error { code message } } }`,
        {
          i: {
            name: "log scan",
            roles: [
              { realmId: source, role: "EDITOR" },
              { realmId: target, role: "EDITOR" },
            ],
          },
        },
      ),
      "createApiToken",
    );
    secrets.createdToken = created.token;
    const token = secrets.createdToken;
    expect(token).toMatch(/^rms_/);

    const uploaded = ok(
      await t.upload(
        {
          realmId: source,
          name: "secrets.md",
          type: "text/markdown",
          content: "# Notes\n\nAda Lovelace met Charles Babbage in London.\n",
        },
        token,
      ),
      "createDocument",
    );
    ok(
      await t.gql(
        `mutation Process($id: ID!) { processDocument(input: { id: $id }) { __typename ... on Error { code message } } }`,
        { id: uploaded.id },
        token,
      ),
      "processDocument",
    );
    await t.app.services.processor.idle();
    const document = await t.app.services.db.prisma.document.findUniqueOrThrow({ where: { id: rawId(uploaded.id) } });
    expect(document.status).toBe("READY");

    // One transient failure on the way into Neo4j: the runner logs the retry with migration and item ids.
    faults.failIngest(1, true, "secrets.md");
    const migrationId = ok(
      await t.gql(
        CREATE_MIGRATION,
        {
          input: {
            type: "DOCUMENT_TO_REALM",
            sourceRealmId: source,
            targetRealmId: target,
            documentIds: [uploaded.id],
          },
        },
        token,
      ),
      "createMigration",
    ).id;
    const done = await waitForMigration(t, migrationId);
    expect(done).toMatchObject({ status: "COMPLETED", processedDocuments: 1 });

    // Tokens sent as request ids (an `rms_…` token fits the request-id charset), alone and glued to text, over
    // a good request, an unauthenticated one and one that fails validation: never logged, never echoed.
    for (const requestId of [token, `req-${token}`, `trace${secrets.adminToken}`]) {
      for (const [query, auth] of [
        ["query Viewer { viewer { admin } }", token],
        ["query Viewer { viewer { admin } }", null],
        ["query Bad { nope }", token],
      ] as const) {
        const response = await fetch(`${url}/graphql`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-request-id": requestId,
            ...(auth ? { authorization: `Bearer ${auth}` } : {}),
          },
          body: JSON.stringify({ query }),
        });
        expect(response.headers.get("x-request-id")).not.toContain("rms_");
        await response.text();
      }
    }

    // A wrong token, a scrape with the metrics token, a URL carrying a password (rejected), and a database
    // that cannot be reached (its api key in play while the failure is logged).
    expect((await t.gql("query Viewer { viewer { admin } }", {}, `${token}x`)).errors ?? []).not.toHaveLength(0);
    expect(
      (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${secrets.metricsToken}` } })).status,
    ).toBe(200);
    const withPassword = await t.gql(CREATE_DATABASE, {
      i: {
        name: `logscan-url-${suffix}`,
        kind: "QDRANT",
        url: `http://admin:${secrets.urlPassword}@127.0.0.1:9/`,
        collection,
      },
    });
    expect(withPassword.data.createDatabase).toMatchObject({ code: "INVALID_INPUT" });
    const broken = ok(
      await t.gql(CREATE_DATABASE, {
        i: {
          name: `logscan-broken-${suffix}`,
          kind: "QDRANT",
          url: "http://127.0.0.1:9/",
          collection: `${collection}_broken`,
          apiKey: secrets.qdrantApiKey,
        },
      }),
      "createDatabase",
    ).id;
    await attach(t, target, broken);
    const copy = rawId(done.items.edges[0].node.targetDocumentId);
    ok(
      await t.gql(
        `mutation Process($id: ID!) { processDocument(input: { id: $id }) { __typename ... on Error { code message } } }`,
        { id: copy },
        token,
      ),
      "processDocument",
    );
    await t.app.services.processor.idle();
    const failed = await t.app.services.db.prisma.document.findUniqueOrThrow({ where: { id: copy } });
    expect(failed.status).toBe("FAILED");

    const lines = output
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, any>);
    // Logging was on, at debug, with the context this issue asks for.
    expect(lines.some((l) => l.level === 20)).toBe(true);
    const migration = rawId(migrationId);
    const requestLine = lines.find((l) => l.msg === "graphql operation" && l.operationName === "CreateDatabase");
    expect(requestLine).toMatchObject({ requestId: expect.any(String), operationType: "mutation" });
    expect(requestLine).not.toHaveProperty("variables");
    const retry = lines.find((l) => /retrying/.test(l.msg) && l.migrationId === migration);
    expect(retry).toMatchObject({ itemId: expect.any(String), attempt: 1, error: expect.stringMatching(/injected/) });
    expect(
      lines.some((l) => l.msg === "item finished" && l.migrationId === migration && l.itemId === retry!.itemId),
    ).toBe(true);
    expect(lines.some((l) => l.msg === "graphql operation" && l.errors?.includes("UNAUTHENTICATED"))).toBe(true);

    for (const [name, secret] of Object.entries(secrets)) {
      expect(secret.length, name).toBeGreaterThan(3);
      expect(output.includes(secret), `${name} appears in the logs`).toBe(false);
    }
    expect(output).not.toContain(secrets.adminToken.slice(4, 20));
    expect(output).not.toMatch(/:\/\/[^\s/"@]+:[^\s/"@]+@/);
  });
});
