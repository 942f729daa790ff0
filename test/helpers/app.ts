// An in-process app for API tests: its own data directory and metadata database (in-memory PGlite or
// a fresh PostgreSQL schema), an admin token, and helpers that go through yoga.fetch like a client.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { loadConfig, type Config } from "../../server/config.ts";
import { buildApp, type App } from "../../server/app.ts";
import { createServices, type ServiceOptions } from "../../server/services/index.ts";
import { openMetadataDb } from "../../server/services/db/open.ts";
import { postgresUrl, type Dialect } from "./services.ts";
import type { Logger } from "../../server/logger.ts";

export interface GqlResult<T = any> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

export interface TestApp {
  app: App;
  config: Config;
  dialect: Dialect;
  adminToken: string;
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GqlResult<T>>;
  upload<T = any>(input: UploadInput, token?: string | null): Promise<GqlResult<T>>;
  /** Row counts of every table, to assert that a rejected request wrote nothing. */
  rowCounts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export interface UploadInput {
  realmId: string;
  name: string;
  content: string | Buffer;
  type?: string;
  title?: string;
}

export const UPLOAD = `mutation Upload($input: CreateDocumentInput!) {
  createDocument(input: $input) {
    __typename
    ... on MutationCreateDocumentSuccess { data { id title status sha256 size contentType } }
    ... on Error { code message path }
  }
}`;

export interface TestAppOptions {
  onBackgroundError?: (error: unknown, context: string) => void;
  wrapConnector?: ServiceOptions["wrapConnector"];
  /** Where the app and its runner log (silent when absent). */
  logger?: Logger;
  /** For "postgres": the server to use instead of the configured one (e.g. through a TcpProxy). */
  databaseUrl?: string;
  resolveHost?: ServiceOptions["resolveHost"];
}

export async function createTestApp(
  dialect: Dialect,
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "rms-test-"));
  const config = loadConfig({
    DATA_DIR: dataDir,
    EMBEDDING_DIMENSION: "64",
    MARKDOWN_OPTIMIZER: "false",
    LOG_LEVEL: "silent",
    MIGRATION_POLL_MS: "50",
    MIGRATION_RETRY_BASE_MS: "20",
    // Tests send to receivers, Qdrant and Neo4j on 127.0.0.1; the SSRF tests turn this off.
    ALLOW_PRIVATE_NETWORK_TARGETS: "true",
    ...env,
  });
  const schema = `t_${crypto.randomBytes(6).toString("hex")}`;
  const url = dialect === "postgres" ? (options.databaseUrl ?? postgresUrl()) : undefined;
  if (dialect === "postgres" && !url) throw new Error("PostgreSQL is not configured");
  const db = await openMetadataDb(url ? { databaseUrl: url, schema } : { pgliteDir: "memory://" });
  const services = await createServices(config, { db, ...options });
  const app = await buildApp(config, { services, logger: options.logger });
  services.start();
  const { token: adminToken } = await services.tokens.issue("test admin", true);

  const post = async (body: BodyInit, headers: Record<string, string>, token: string | null) => {
    const response = await app.yoga.fetch("http://test/graphql", {
      method: "POST",
      headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
    });
    return (await response.json()) as GqlResult;
  };

  return {
    app,
    config,
    dialect,
    adminToken,
    gql: (query, variables, token = adminToken) =>
      post(JSON.stringify({ query, variables }), { "content-type": "application/json" }, token),
    upload: (input, token = adminToken) => {
      const form = new FormData();
      const variables = { input: { realmId: input.realmId, title: input.title, file: null } };
      form.set("operations", JSON.stringify({ query: UPLOAD, variables }));
      form.set("map", JSON.stringify({ 0: ["variables.input.file"] }));
      form.set(
        "0",
        new File([typeof input.content === "string" ? input.content : new Uint8Array(input.content)], input.name, {
          type: input.type ?? "",
        }),
      );
      return post(form, {}, token);
    },
    rowCounts: async () => {
      const p = services.db.prisma;
      const entries = await Promise.all(
        (
          [
            ["realm", p.realm.count()],
            ["database", p.database.count()],
            ["realmDatabase", p.realmDatabase.count()],
            ["document", p.document.count()],
            ["blob", p.blob.count()],
            ["stageRun", p.stageRun.count()],
            ["stageFile", p.stageFile.count()],
            ["ingestion", p.ingestion.count()],
            ["embeddedChunk", p.embeddedChunk.count()],
            ["apiToken", p.apiToken.count()],
            ["apiTokenRole", p.apiTokenRole.count()],
            ["migration", p.migration.count()],
            ["migrationItem", p.migrationItem.count()],
            ["migrationEvent", p.migrationEvent.count()],
            ["webhook", p.webhook.count()],
            ["webhookDelivery", p.webhookDelivery.count()],
          ] as const
        ).map(async ([name, count]) => [name, await count] as const),
      );
      const files = await countFiles(path.join(dataDir, "blobs"));
      return { ...Object.fromEntries(entries), blobFiles: files };
    },
    close: async () => {
      await app.stop();
      if (url) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await client.end();
      }
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function countFiles(dir: string): Promise<number> {
  let n = 0;
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true }).catch(() => [])) {
    if (entry.isFile() && /^[0-9a-f]{64}$/.test(entry.name)) n++;
  }
  return n;
}

/** Unwraps a mutation's success `data`, failing the test with the typed error otherwise. */
export function ok<T = any>(result: GqlResult, field: string): T {
  if (result.errors) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  const value = (result.data as Record<string, any>)[field];
  if (value?.__typename && !value.__typename.endsWith("Success"))
    throw new Error(`${field} failed: ${JSON.stringify(value)}`);
  return (value?.data ?? value) as T;
}
