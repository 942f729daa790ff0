// The authorization matrix: every root field of the built schema (Query, Mutation, Subscription) has a case
// here — the suite fails when a field has none — and runs against seven principals over HTTP POST, SSE and
// graphql-ws. Realm A is the victim. A call denied to a principal that cannot read A returns nothing of A
// (its ids, names, titles, urls), answers a foreign id exactly like a random id of the same type, and writes
// nothing; a principal that can read A but lacks the right gets FORBIDDEN and writes nothing. Then each
// principal that may make the call makes it and is not refused (the positive control for the scans).
// Transports: queries and mutations over all three (createDocument is multipart: HTTP only);
// subscriptions over SSE and graphql-ws.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createClient } from "graphql-ws";
import { parse, type OperationDefinitionNode } from "graphql";
import { schema } from "../../server/schema/index.ts";
import { createTestApp, ok, UPLOAD, type TestApp } from "../helpers/app.ts";
import {
  CREATE_MIGRATION,
  createEmbeddedDatabase,
  createRealm,
  processedDocuments,
  rawId,
  waitForMigration,
} from "../helpers/fixtures.ts";

type Transport = "http" | "sse" | "ws";
type Need = "read" | "write" | "admin";
type Principal = "admin" | "editorA" | "viewerA" | "editorB" | "revoked" | "none" | "malformed";
const PRINCIPALS: Principal[] = ["admin", "editorA", "viewerA", "editorB", "revoked", "none", "malformed"];
/** What each principal holds on realm A (the victim); null: nothing, it cannot even read A. */
const ON_A: Record<Principal, Need[] | null> = {
  admin: ["read", "write", "admin"],
  editorA: ["read", "write"],
  viewerA: ["read"],
  editorB: null,
  revoked: null,
  none: null,
  malformed: null,
};
const UNAUTHENTICATED: Principal[] = ["revoked", "none", "malformed"];
const DENIALS = ["UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND"];

/** Realm A's objects, or random ones of the same types. */
interface Ids {
  realm: string;
  doc: string;
  db: string;
  migration: string;
  webhook: string;
  token: string;
  stageFile: string;
}

interface Case {
  name: string;
  op: string;
  vars: (ids: Ids) => Record<string, unknown>;
  /** What the call needs on realm A. Migration changes need EDITOR on A and on its target C (admin only). */
  need: Need;
  /** Variables for the positive control when `vars` would destroy the fixtures. */
  allowedVars?: () => Promise<Record<string, unknown>>;
  /** The code a principal that reads A but lacks `need` gets (default FORBIDDEN). */
  insiderCode?: string;
  /** The positive control's answer mentions realm A (default: for queries and subscriptions). */
  showsA?: boolean;
  upload?: true;
}

const global = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString("base64");
const randomIds = (): Ids => ({
  realm: global("Realm", crypto.randomUUID()),
  doc: global("Document", crypto.randomUUID()),
  db: global("Database", crypto.randomUUID()),
  migration: global("Migration", crypto.randomUUID()),
  webhook: global("Webhook", crypto.randomUUID()),
  token: crypto.randomUUID(),
  stageFile: global("StageFile", crypto.randomUUID()),
});
const ERR = "__typename ... on Error { code message path }";
const FAR_FUTURE = "2099-06-01T00:00:00.000Z";

describe.each(["pglite"] as const)("authorization matrix on %s", (dialect) => {
  let t: TestApp;
  let wsUrl: string;
  let victim: Ids;
  /** Every string of realm A a denied answer must not contain (ids in both forms, names, titles, urls). */
  const secrets: string[] = [];
  const auth = {} as Record<Principal, string | null>;
  let realmB: string;
  let realmX: string;
  let scheduled: string;
  let spareDocs = 0;

  const cases: Case[] = [
    // Queries
    {
      name: "apiTokens",
      need: "admin",
      op: `{ apiTokens { id name roles { realm { id name } } } }`,
      vars: () => ({}),
    },
    { name: "databases", need: "read", op: `{ databases { id name kind } }`, vars: () => ({}) },
    {
      name: "document",
      need: "read",
      op: `query($id: ID!) { document(id: $id) { id title realm { name } } }`,
      vars: (x) => ({ id: x.doc }),
    },
    {
      name: "documents",
      need: "read",
      op: `query($r: ID!) { documents(realmId: $r, first: 5) { totalCount edges { node { id title } } } }`,
      vars: (x) => ({ r: x.realm }),
    },
    {
      name: "search",
      need: "read",
      op: `query($r: ID!) { search(realmId: $r, text: "document text", k: 3) { ${ERR}
        ... on QuerySearchSuccess { data { text score document { id title } database { id name } } } } }`,
      vars: (x) => ({ r: x.realm }),
    },
    {
      name: "migration",
      need: "read",
      op: `query($id: ID!) { migration(id: $id) { id status sourceRealm { name } targetRealm { name }
        errors { documentId message } items(first: 5) { edges { node { sourceDocumentId targetDocumentId targetTitle error } } } } }`,
      vars: (x) => ({ id: x.migration }),
    },
    {
      name: "migrationStats",
      need: "read",
      showsA: false,
      op: `query($r: ID) { migrationStats(realmId: $r) { migrations documentsMigrated topErrors { message } } }`,
      vars: (x) => ({ r: x.realm }),
    },
    {
      name: "migrations",
      need: "read",
      op: `query($r: ID) { migrations(realmId: $r, first: 5) { totalCount edges { node { id sourceRealm { name } } } } }`,
      vars: (x) => ({ r: x.realm }),
    },
    {
      name: "node",
      need: "read",
      op: `query($id: ID!) { node(id: $id) { id ... on Database { name } } }`,
      vars: (x) => ({ id: x.db }),
    },
    {
      name: "nodes",
      need: "read",
      op: `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Realm { name } ... on Document { title }
        ... on Database { name } ... on Migration { status } ... on Webhook { url } } }`,
      vars: (x) => ({ ids: [x.realm, x.doc, x.db, x.migration, x.webhook, x.stageFile] }),
    },
    {
      name: "realm",
      need: "read",
      op: `query($id: ID!) { realm(id: $id) { id name databases { database { name } } } }`,
      vars: (x) => ({ id: x.realm }),
    },
    { name: "realms", need: "read", op: `{ realms { id name } }`, vars: () => ({}) },
    { name: "viewer", need: "read", showsA: false, op: `{ viewer { admin realmIds } }`, vars: () => ({}) },
    {
      name: "webhook",
      need: "read",
      op: `query($id: ID!) { webhook(id: $id) { id url realm { name } } }`,
      vars: (x) => ({ id: x.webhook }),
    },
    {
      name: "webhooks",
      need: "read",
      op: `query($r: ID) { webhooks(realmId: $r) { id url } }`,
      vars: (x) => ({ r: x.realm }),
    },
    // Mutations
    {
      name: "addDatabaseToRealm",
      need: "write",
      // A's own database, already attached to A: "already attached" must not leak to outsiders.
      op: `mutation($r: ID!, $d: ID!) { addDatabaseToRealm(input: { realmId: $r, databaseId: $d }) { ${ERR}
        ... on MutationAddDatabaseToRealmSuccess { data { realmDatabase { database { id name } } } } } }`,
      vars: (x) => ({ r: x.realm, d: x.db }),
    },
    {
      name: "addDatabaseToRealm",
      need: "admin",
      // A's database into B: only a token that writes B and a realm the database is attached to may.
      insiderCode: "NOT_FOUND",
      op: `mutation($r: ID!, $d: ID!) { addDatabaseToRealm(input: { realmId: $r, databaseId: $d }) { ${ERR}
        ... on MutationAddDatabaseToRealmSuccess { data { realmDatabase { database { id name } } } } } }`,
      vars: (x) => ({ r: realmB, d: x.db }),
      allowedVars: async () => ({ r: realmX, d: victim.db }),
    },
    {
      name: "cancelMigration",
      need: "admin",
      op: `mutation($id: ID!) { cancelMigration(id: $id) { ${ERR} ... on MutationCancelMigrationSuccess { data { id status } } } }`,
      vars: (x) => ({ id: x.migration }),
    },
    {
      name: "collectBlobGarbage",
      need: "admin",
      op: `mutation { collectBlobGarbage { ${ERR} ... on MutationCollectBlobGarbageSuccess { data { blobsDeleted } } } }`,
      vars: () => ({}),
    },
    {
      name: "createApiToken",
      need: "admin",
      op: `mutation($r: ID!) { createApiToken(input: { name: "matrix", roles: [{ realmId: $r, role: EDITOR }] }) { ${ERR}
        ... on MutationCreateApiTokenSuccess { data { apiToken { id roles { realm { name } } } } } } }`,
      vars: (x) => ({ r: x.realm }),
    },
    {
      name: "createDatabase",
      need: "admin",
      op: `mutation { createDatabase(input: { name: "matrix-db", kind: EMBEDDED }) { ${ERR} ... on MutationCreateDatabaseSuccess { data { id } } } }`,
      vars: () => ({}),
    },
    { name: "createDocument", need: "write", upload: true, op: UPLOAD, vars: (x) => ({ realmId: x.realm }) },
    {
      name: "createMigration",
      need: "write",
      op: `mutation($r: ID!, $d: ID!, $db: ID!) { createMigration(input: { type: REALM_DATABASE_ADDITION, sourceRealmId: $r,
        documentIds: [$d], options: { targetDatabases: [$db] } }) { ${ERR} ... on MutationCreateMigrationSuccess { data { id } } } }`,
      vars: (x) => ({ r: x.realm, d: x.doc, db: x.db }),
    },
    {
      name: "createRealm",
      need: "admin",
      op: `mutation { createRealm(input: { name: "matrix-realm" }) { ${ERR} ... on MutationCreateRealmSuccess { data { id } } } }`,
      vars: () => ({}),
    },
    {
      name: "createWebhook",
      need: "write",
      op: `mutation($r: ID!) { createWebhook(input: { url: "https://hooks.example.org/matrix", events: [MIGRATION_ROLLED_BACK], realmId: $r }) {
        ${ERR} ... on MutationCreateWebhookSuccess { data { webhook { id realm { name } } } } } }`,
      vars: (x) => ({ r: x.realm }),
    },
    {
      name: "deleteDatabase",
      need: "admin",
      // A's own database: refused to all but admins; the positive control deletes a spare, unattached one.
      op: `mutation($id: ID!) { deleteDatabase(id: $id) { ${ERR} ... on MutationDeleteDatabaseSuccess { data { id name } } } }`,
      vars: (x) => ({ id: x.db }),
      allowedVars: async () => ({ id: await spareDatabase(false) }),
    },
    {
      name: "deleteDocument",
      need: "write",
      op: `mutation($id: ID!) { deleteDocument(id: $id) { ${ERR} ... on MutationDeleteDocumentSuccess { data { title } } } }`,
      vars: (x) => ({ id: x.doc }),
      allowedVars: async () => ({ id: await spareDocument() }),
    },
    {
      name: "deleteWebhook",
      need: "write",
      op: `mutation($id: ID!) { deleteWebhook(id: $id) { ${ERR} ... on MutationDeleteWebhookSuccess { data { url } } } }`,
      vars: (x) => ({ id: x.webhook }),
      allowedVars: async () => ({ id: await spareWebhook() }),
    },
    {
      name: "planMigration",
      need: "write",
      op: `mutation($r: ID!, $d: ID!, $db: ID!) { planMigration(input: { type: REALM_DATABASE_ADDITION, sourceRealmId: $r,
        documentIds: [$d], options: { targetDatabases: [$db] } }) { ${ERR} ... on MutationPlanMigrationSuccess { data { totalDocuments documents { title } } } } }`,
      vars: (x) => ({ r: x.realm, d: x.doc, db: x.db }),
    },
    {
      name: "processDocument",
      need: "write",
      op: `mutation($id: ID!) { processDocument(input: { id: $id, stages: [INGESTOR] }) { ${ERR} ... on MutationProcessDocumentSuccess { data { title } } } }`,
      vars: (x) => ({ id: x.doc }),
      allowedVars: async () => ({ id: await spareDocument() }),
    },
    {
      name: "removeDatabaseFromRealm",
      need: "write",
      op: `mutation($r: ID!, $d: ID!) { removeDatabaseFromRealm(input: { realmId: $r, databaseId: $d }) { ${ERR}
        ... on MutationRemoveDatabaseFromRealmSuccess { data { databaseId databaseName } } } }`,
      vars: (x) => ({ r: x.realm, d: x.db }),
      allowedVars: async () => ({ r: victim.realm, d: await spareDatabase(true) }),
    },
    {
      name: "rescheduleMigration",
      need: "admin",
      op: `mutation($id: ID!, $at: DateTime!) { rescheduleMigration(id: $id, scheduledAt: $at) { ${ERR} ... on MutationRescheduleMigrationSuccess { data { id } } } }`,
      vars: (x) => ({ id: x.migration, at: FAR_FUTURE }),
      allowedVars: async () => ({ id: scheduled, at: FAR_FUTURE }),
    },
    {
      name: "retryFailedDocuments",
      need: "admin",
      op: `mutation($id: ID!, $d: [ID!]) { retryFailedDocuments(migrationId: $id, documentIds: $d) { ${ERR} ... on MutationRetryFailedDocumentsSuccess { data { id } } } }`,
      vars: (x) => ({ id: x.migration, d: [x.doc] }),
    },
    {
      name: "revokeApiToken",
      need: "admin",
      op: `mutation($id: ID!) { revokeApiToken(id: $id) { ${ERR} ... on MutationRevokeApiTokenSuccess { data { id } } } }`,
      vars: (x) => ({ id: x.token }),
    },
    {
      name: "rollbackMigration",
      need: "admin",
      op: `mutation($id: ID!) { rollbackMigration(id: $id) { ${ERR} ... on MutationRollbackMigrationSuccess { data { id } } } }`,
      vars: (x) => ({ id: x.migration }),
      // The scheduled migration cannot be rolled back (CONFLICT): the completed one stays as it is.
      allowedVars: async () => ({ id: scheduled }),
    },
    // Subscriptions
    {
      name: "migrationProgress",
      need: "read",
      op: `subscription($id: ID!) { migrationProgress(migrationId: $id) { sequence type message item { sourceDocumentId targetDocumentId error } } }`,
      vars: (x) => ({ id: x.migration }),
    },
    {
      name: "realmMigrationEvents",
      need: "read",
      showsA: false,
      op: `subscription($r: ID!) { realmMigrationEvents(realmId: $r) { migrationId sequence item { sourceDocumentId } } }`,
      vars: (x) => ({ r: x.realm }),
    },
    {
      name: "realmDocumentEvents",
      need: "read",
      showsA: false,
      op: `subscription($r: ID!) { realmDocumentEvents(realmId: $r) { type documentId title status error } }`,
      vars: (x) => ({ r: x.realm }),
    },
  ];

  const kindOf = (c: Case) =>
    (parse(c.op).definitions[0] as OperationDefinitionNode).operation as "query" | "mutation" | "subscription";
  const transportsOf = (c: Case): Transport[] =>
    c.upload
      ? ["http"]
      : ({ query: ["http", "sse", "ws"], mutation: ["http", "sse", "ws"], subscription: ["sse", "ws"] }[
          kindOf(c)
        ] as Transport[]);

  async function spareDocument(): Promise<string> {
    return ok(
      await t.upload({ realmId: victim.realm, name: `spare-${++spareDocs}.md`, type: "text/markdown", content: "# s" }),
      "createDocument",
    ).id;
  }
  async function spareWebhook(): Promise<string> {
    const row = await t.app.services.db.prisma.webhook.create({
      data: {
        url: "https://hooks.example.org/spare",
        events: ["migration.rolled_back"],
        realmId: rawId(victim.realm),
        secret: "x",
      },
    });
    return global("Webhook", row.id);
  }

  /** An EMBEDDED database for a positive control to detach or delete: attached to A, or to nothing. */
  let spareDbs = 0;
  async function spareDatabase(attachToA: boolean): Promise<string> {
    const row = await t.app.services.db.prisma.database.create({
      data: { name: `matrix-spare-${++spareDbs}`, kind: "EMBEDDED" },
    });
    if (attachToA)
      await t.app.services.db.prisma.realmDatabase.create({
        data: { realmId: rawId(victim.realm), databaseId: row.id },
      });
    return global("Database", row.id);
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    wsUrl = (await t.app.start(0, "127.0.0.1")).replace("http", "ws") + "/graphql";
    const realmA = await createRealm(t, "victim-realm-a");
    realmB = await createRealm(t, "attacker-realm-b");
    const realmC = await createRealm(t, "victim-archive-c");
    realmX = await createRealm(t, "spare-realm-x");
    const dbA = await createEmbeddedDatabase(t, "victim-store-a", realmA);
    await createEmbeddedDatabase(t, "attacker-store-b", realmB);
    const dbC = await createEmbeddedDatabase(t, "victim-store-c", realmC);
    const docs = await processedDocuments(t, realmA, 2, "victim-doc");
    const migration = ok(
      await t.gql(CREATE_MIGRATION, {
        input: { type: "DOCUMENT_TO_REALM", sourceRealmId: realmA, targetRealmId: realmC, documentIds: [docs[0]] },
      }),
      "createMigration",
    ).id;
    await waitForMigration(t, migration);
    scheduled = ok(
      await t.gql(CREATE_MIGRATION, {
        input: {
          type: "DOCUMENT_TO_REALM",
          sourceRealmId: realmA,
          targetRealmId: realmC,
          documentIds: [docs[1]],
          scheduledAt: FAR_FUTURE,
        },
      }),
      "createMigration",
    ).id;
    const prisma = t.app.services.db.prisma;
    const webhook = await prisma.webhook.create({
      data: {
        url: "https://hooks.example.org/victim-a",
        events: ["migration.rolled_back"],
        realmId: rawId(realmA),
        secret: "x",
      },
    });
    const stageFile = await prisma.stageFile.findFirstOrThrow({ where: { documentId: rawId(docs[0]!) } });
    const issue = async (name: string, roles: Array<{ realmId: string; role: "VIEWER" | "EDITOR" }>) =>
      t.app.services.tokens.issue(name, false, roles);
    const spare = await issue("spare", [{ realmId: rawId(realmA), role: "VIEWER" }]);
    victim = {
      realm: realmA,
      doc: docs[0]!,
      db: dbA,
      migration,
      webhook: global("Webhook", webhook.id),
      token: spare.apiToken.id,
      stageFile: global("StageFile", stageFile.id),
    };
    const bearer = (token: string) => `Bearer ${token}`;
    auth.admin = bearer(t.adminToken);
    auth.editorA = bearer((await issue("editor-a", [{ realmId: rawId(realmA), role: "EDITOR" }])).token);
    auth.viewerA = bearer((await issue("viewer-a", [{ realmId: rawId(realmA), role: "VIEWER" }])).token);
    auth.editorB = bearer((await issue("editor-b", [{ realmId: rawId(realmB), role: "EDITOR" }])).token);
    const revoked = await issue("revoked", [{ realmId: rawId(realmA), role: "EDITOR" }]);
    await prisma.apiToken.update({ where: { id: revoked.apiToken.id }, data: { revokedAt: new Date() } });
    auth.revoked = bearer(revoked.token);
    auth.none = null;
    auth.malformed = "Bearer rms_%%%not-a-token%%%";

    const targets = await prisma.document.findMany({ where: { realmId: rawId(realmC) }, select: { id: true } });
    const stageFiles = await prisma.stageFile.findMany({ where: { document: { realmId: rawId(realmA) } } });
    const ids: Array<[string, string]> = [
      ["Realm", realmA],
      ["Realm", realmC],
      ["Database", dbA],
      ["Database", dbC],
      ["Migration", migration],
      ["Migration", scheduled],
      ["Webhook", victim.webhook],
      ...docs.map((d) => ["Document", d] as [string, string]),
      ...targets.map((d) => ["Document", d.id] as [string, string]),
      ...stageFiles.map((f) => ["StageFile", f.id] as [string, string]),
    ];
    for (const [type, id] of ids) secrets.push(rawId(id), global(type, rawId(id)));
    secrets.push(spare.apiToken.id, webhook.url, "victim-realm-a", "victim-archive-c", "victim-store-a");
    secrets.push("victim-store-c", "victim-doc");
  }, 180_000);
  afterAll(() => t?.close());

  // --- transports -------------------------------------------------------------------------------------

  type Answer = { result?: unknown; events?: unknown[]; closed?: number; open?: boolean };

  async function http(c: Case, vars: Record<string, unknown>, who: Principal): Promise<Answer> {
    const headers: Record<string, string> = auth[who] ? { authorization: auth[who] } : {};
    let body: BodyInit;
    if (c.upload) {
      const form = new FormData();
      form.set("operations", JSON.stringify({ query: c.op, variables: { input: { ...vars, file: null } } }));
      form.set("map", JSON.stringify({ 0: ["variables.input.file"] }));
      form.set("0", new File(["# matrix"], "matrix.md", { type: "text/markdown" }));
      body = form;
    } else {
      headers["content-type"] = "application/json";
      body = JSON.stringify({ query: c.op, variables: vars });
    }
    const response = await t.app.yoga.fetch("http://test/graphql", { method: "POST", headers, body });
    return { result: await response.json() };
  }

  /** SSE: every `next` event until `complete`, or what came within `openMs` for a stream that stays open. */
  async function sse(c: Case, vars: Record<string, unknown>, who: Principal, openMs = 800): Promise<Answer> {
    const controller = new AbortController();
    const headers: Record<string, string> = { "content-type": "application/json", accept: "text/event-stream" };
    if (auth[who]) headers.authorization = auth[who];
    const response = await t.app.yoga.fetch("http://test/graphql", {
      method: "POST",
      headers,
      body: JSON.stringify({ query: c.op, variables: vars }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    let open = false;
    const deadline = new Promise<"open">((resolve) => setTimeout(() => resolve("open"), openMs).unref());
    try {
      for (;;) {
        const next = await Promise.race([reader.read(), deadline]);
        if (next === "open") {
          open = true;
          break;
        }
        if (next.done) break;
        text += decoder.decode(next.value, { stream: true });
        if (/event: complete/.test(text)) break;
      }
    } finally {
      controller.abort();
      await reader.cancel().catch(() => undefined);
    }
    const events = text
      .split("\n\n")
      .filter((block) => /^event: next/m.test(block))
      .map((block) => JSON.parse(block.replace(/^[\s\S]*?data: /m, "")) as unknown);
    return { events, open };
  }

  /** graphql-ws: a fresh client per call; results until complete, an error, a closed socket, or `openMs`. */
  async function ws(c: Case, vars: Record<string, unknown>, who: Principal, openMs = 800): Promise<Answer> {
    const client = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: auth[who] ? { authorization: auth[who] } : {},
      retryAttempts: 0,
      lazy: true,
    });
    const events: unknown[] = [];
    try {
      return await new Promise<Answer>((resolve) => {
        const timer = setTimeout(() => resolve({ events, open: true }), openMs);
        client.subscribe(
          { query: c.op, variables: vars },
          {
            next: (value) => events.push(value),
            error: (error) => {
              clearTimeout(timer);
              const code = (error as { code?: number }).code;
              resolve(
                Array.isArray(error) ? { events: [...events, { errors: error }] } : { events, closed: code ?? -1 },
              );
            },
            complete: () => {
              clearTimeout(timer);
              resolve({ events });
            },
          },
        );
      });
    } finally {
      await client.dispose();
    }
  }

  const send = { http, sse, ws };

  // --- checks -----------------------------------------------------------------------------------------

  /** The answer as text with the ids the caller itself sent replaced, so it can be compared and scanned. */
  function normalized(answer: Answer, vars: Record<string, unknown>): string {
    const given = new Set<string>();
    const visit = (value: unknown) => {
      if (typeof value === "string") {
        given.add(value);
        try {
          given.add(rawId(value));
        } catch {
          // not an id
        }
      } else if (value && typeof value === "object") Object.values(value).forEach(visit);
    };
    visit(vars);
    let text = JSON.stringify(answer);
    for (const id of [...given].sort((a, b) => b.length - a.length)) text = text.split(id).join("<ID>");
    return text;
  }

  const codesIn = (text: string) => [...text.matchAll(/"code":"([A-Z_]+)"/g)].map((m) => m[1]!);
  const allowed = (c: Case, who: Principal) => ON_A[who]?.includes(c.need) ?? false;

  it("has a case for every root field of Query, Mutation and Subscription", () => {
    const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
    const fields = roots.flatMap((type) => Object.keys(type!.getFields()));
    for (const c of cases) {
      const operation = parse(c.op).definitions[0] as OperationDefinitionNode;
      const first = operation.selectionSet.selections[0];
      expect(first?.kind === "Field" ? first.name.value : null, `case ${c.name} selects its field`).toBe(c.name);
    }
    expect([...new Set(cases.map((c) => c.name))].sort()).toEqual([...fields].sort());
  });

  for (const transport of ["http", "sse", "ws"] as const) {
    it(`denies over ${transport}: nothing of realm A, a foreign id answered like a random one, nothing written`, async () => {
      const problems: string[] = [];
      const started = performance.now();
      let calls = 0;
      for (const c of cases.filter((c) => transportsOf(c).includes(transport))) {
        const before = await t.rowCounts();
        for (const who of PRINCIPALS.filter((p) => !allowed(c, p))) {
          const label = `${c.name} as ${who} over ${transport}`;
          const foreignVars = c.vars(victim);
          const foreign = normalized(await send[transport](c, foreignVars, who), foreignVars);
          calls++;
          if (ON_A[who] !== null) {
            // It may read A, not do this: refused as such.
            const expected = c.insiderCode ?? "FORBIDDEN";
            if (!codesIn(foreign).includes(expected)) problems.push(`${label}: expected ${expected}, got ${foreign}`);
            continue;
          }
          const leaked = secrets.filter((s) => foreign.includes(s));
          if (leaked.length) problems.push(`${label} leaks ${leaked.join(", ")}: ${foreign}`);
          const randomVars = c.vars(randomIds());
          const random = normalized(await send[transport](c, randomVars, who), randomVars);
          calls++;
          if (random !== foreign) problems.push(`${label}: foreign id ${foreign} but random id ${random}`);
          if (
            UNAUTHENTICATED.includes(who) &&
            !codesIn(foreign).includes("UNAUTHENTICATED") &&
            !/"closed":44/.test(foreign)
          )
            problems.push(`${label}: not refused as UNAUTHENTICATED: ${foreign}`);
        }
        const after = await t.rowCounts();
        if (JSON.stringify(after) !== JSON.stringify(before))
          problems.push(`${c.name} over ${transport} wrote: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
      }
      console.log(`${dialect}/${transport}: ${calls} denied calls in ${Math.round(performance.now() - started)} ms`);
      expect(problems).toEqual([]);
    }, 120_000);
  }

  it("lets every principal that may make a call make it (HTTP; subscriptions over SSE and graphql-ws)", async () => {
    const problems: string[] = [];
    for (const c of cases) {
      const kind = kindOf(c);
      for (const who of PRINCIPALS.filter((p) => allowed(c, p))) {
        const vars = c.allowedVars ? await c.allowedVars() : c.vars(victim);
        for (const transport of kind === "subscription" ? (["sse", "ws"] as const) : (["http"] as const)) {
          const started = performance.now();
          const answer = await send[transport](c, vars, who);
          const text = normalized(answer, vars);
          if (performance.now() - started > 3000) console.log(`${c.name} as ${who} over ${transport}: slow`);
          const label = `${c.name} as ${who} over ${transport}`;
          const refused = codesIn(text).filter((code) => DENIALS.includes(code));
          if (refused.length || /"closed"/.test(text)) problems.push(`${label} refused: ${text}`);
          if ((c.showsA ?? kind !== "mutation") && !secrets.some((s) => text.includes(s)))
            problems.push(`${label} shows nothing of realm A: ${text}`);
        }
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
