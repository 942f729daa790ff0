// Every family of bad input, applied to every argument of its type found in the printed schema (so a new
// argument cannot be forgotten): NUL characters in text, paging arguments of every connection, DateTime
// values, uploads. Each answers a typed error code (never INTERNAL) and leaves rows and blobs unchanged.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, ok, UPLOAD, type GqlResult, type TestApp } from "../helpers/app.ts";
import { createEmbeddedDatabase, processedDocuments, waitForMigration } from "../helpers/fixtures.ts";
import { dialects } from "../helpers/services.ts";

const TYPED = ["INVALID_INPUT", "UNSUPPORTED_CONTENT_TYPE", "STAGE_INPUT_MISSING", "NOT_FOUND", "PAYLOAD_TOO_LARGE"];

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface InputValue {
  name: string;
  type: TypeRef;
}
interface Field {
  name: string;
  args: InputValue[];
  type: TypeRef;
}
interface FullType {
  kind: string;
  name: string;
  fields: Field[] | null;
  inputFields: InputValue[] | null;
  enumValues: Array<{ name: string }> | null;
}

const INTROSPECT = `{ __schema {
  queryType { name } mutationType { name } subscriptionType { name }
  types { kind name enumValues { name }
    fields { name type { ...T } args { name type { ...T } } }
    inputFields { name type { ...T } } } } }
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }`;

const named = (type: TypeRef): TypeRef => (type.ofType ? named(type.ofType) : type);
/** The GraphQL type expression of a reference, e.g. `[ID!]!`. */
const printType = (type: TypeRef): string =>
  type.kind === "NON_NULL"
    ? `${printType(type.ofType!)}!`
    : type.kind === "LIST"
      ? `[${printType(type.ofType!)}]`
      : type.name!;

/** Every error code in a result: top-level extensions and typed (union) results of the field. */
function codesOf(result: GqlResult, field: string): string[] {
  const codes = (result.errors ?? []).map((e) => e.extensions?.code ?? "NO_CODE");
  const value = (result.data as Record<string, any> | undefined)?.[field];
  if (value?.code) codes.push(value.code);
  return codes;
}

describe.each(dialects())("bad-input table on %s", (dialect) => {
  let t: TestApp;
  let types: Map<string, FullType>;
  let roots: Array<{ root: "query" | "mutation" | "subscription"; type: FullType }>;
  let realmId: string;
  let otherRealmId: string;
  let documentId: string;
  let unprocessedId: string;
  let migrationId: string;
  let webhookId: string;
  let blobDir: string;

  /** Ids by argument name, so a request gets past lookups to the argument under test. */
  const idFor = (argument: string): string =>
    ({
      realmId,
      sourceRealmId: realmId,
      targetRealmId: otherRealmId,
      documentId,
      documentIds: documentId,
      migrationId,
    })[argument] ?? crypto.randomUUID();

  beforeAll(async () => {
    t = await createTestApp(dialect);
    blobDir = path.join(t.config.dataDir, "blobs");
    const mk = async (name: string) =>
      ok(
        await t.gql(
          `mutation($n: String!) { createRealm(input: { name: $n }) { __typename ... on MutationCreateRealmSuccess { data { id } } } }`,
          { n: name },
        ),
        "createRealm",
      ).id as string;
    realmId = await mk("table-a");
    otherRealmId = await mk("table-b");
    await createEmbeddedDatabase(t, "table-a-db", realmId);
    await createEmbeddedDatabase(t, "table-b-db", otherRealmId);
    documentId = (await processedDocuments(t, realmId, 1, "table"))[0]!;
    unprocessedId = ok(
      await t.upload({ realmId, name: "fresh.md", type: "text/markdown", content: "# Fresh\n\nNot processed." }),
      "createDocument",
    ).id;
    const migration = ok(
      await t.gql(
        `mutation($i: MigrationInput!) { createMigration(input: $i) { __typename ... on MutationCreateMigrationSuccess { data { id } } } }`,
        {
          i: {
            type: "DOCUMENT_TO_REALM",
            sourceRealmId: realmId,
            targetRealmId: otherRealmId,
            documentIds: [documentId],
          },
        },
      ),
      "createMigration",
    );
    migrationId = migration.id;
    await waitForMigration(t, migrationId);
    webhookId = ok(
      await t.gql(
        `mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { __typename ... on MutationCreateWebhookSuccess { data { webhook { id } } } } }`,
        { i: { url: "http://127.0.0.1:9/hook", events: ["MIGRATION_FAILED"], realmId } },
      ),
      "createWebhook",
    ).webhook.id;
    const schema = (await t.gql(INTROSPECT)).data.__schema;
    types = new Map((schema.types as FullType[]).map((type) => [type.name, type]));
    roots = (["query", "mutation", "subscription"] as const).map((root) => ({
      root,
      type: types.get(schema[`${root}Type`].name)!,
    }));
  });
  afterAll(() => t?.close());

  /** Every file under the blob directory (temp files included), to show a refusal kept nothing. */
  async function blobFiles(): Promise<string[]> {
    const entries = await fs.readdir(blobDir, { withFileTypes: true, recursive: true }).catch(() => []);
    return entries
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name))
      .sort();
  }

  async function state() {
    const p = t.app.services.db.prisma;
    const [migrations, items, events, webhooks, deliveries] = await Promise.all([
      p.migration.count(),
      p.migrationItem.count(),
      p.migrationEvent.count(),
      p.webhook.count(),
      p.webhookDelivery.count(),
    ]);
    return { rows: await t.rowCounts(), migrations, items, events, webhooks, deliveries, blobs: await blobFiles() };
  }

  /** Runs `send`, expects a typed error code (`code` when given), and that nothing was written. */
  async function expectRefused(
    send: () => Promise<GqlResult>,
    field: string,
    code?: string | RegExp,
    message?: RegExp,
  ) {
    const before = await state();
    const result = await send();
    const codes = codesOf(result, field);
    const context = JSON.stringify(result).slice(0, 600);
    expect(codes.length, context).toBeGreaterThan(0);
    for (const c of codes) expect(TYPED, context).toContain(c);
    if (code)
      expect(
        codes.some((c) => (typeof code === "string" ? c === code : code.test(c))),
        context,
      ).toBe(true);
    const value = (result.data as Record<string, any> | undefined)?.[field];
    const messages = [...(result.errors ?? []).map((e) => e.message), value?.message ?? ""].join("\n");
    if (message) expect(messages, context).toMatch(message);
    expect(await state()).toEqual(before);
    return result;
  }

  /** A value of `type` that passes coercion: ids of real objects, a valid DateTime, first enum value… */
  function filler(type: TypeRef, argument: string, depth = 0): unknown {
    if (type.kind === "NON_NULL") return filler(type.ofType!, argument, depth);
    if (type.kind === "LIST") return [filler(type.ofType!, argument, depth)];
    const full = types.get(type.name!)!;
    if (full.kind === "INPUT_OBJECT") {
      const value: Record<string, unknown> = {};
      for (const field of full.inputFields ?? []) {
        if (field.type.kind === "NON_NULL" && depth < 4) value[field.name] = filler(field.type, field.name, depth + 1);
      }
      return value;
    }
    if (full.kind === "ENUM") return full.enumValues![0]!.name;
    switch (type.name) {
      case "ID":
        return idFor(argument);
      case "String":
        return "x";
      case "Int":
        return 1;
      case "Float":
        return 1;
      case "Boolean":
        return false;
      case "DateTime":
        return "2030-01-01T00:00:00Z";
      default:
        return null;
    }
  }

  /** Paths (argument, then input fields) to every leaf of the given scalar under a field's arguments. */
  function leavesOf(field: Field, scalar: string): string[][] {
    const found: string[][] = [];
    const walk = (type: TypeRef, at: string[], seen: Set<string>) => {
      const leaf = named(type);
      if (leaf.name === scalar) found.push(at);
      const full = types.get(leaf.name!)!;
      if (full.kind !== "INPUT_OBJECT" || seen.has(full.name)) return;
      for (const input of full.inputFields ?? []) walk(input.type, [...at, input.name], new Set([...seen, full.name]));
    };
    for (const argument of field.args) walk(argument.type, [argument.name], new Set());
    return found;
  }

  /** Arguments with required ones filled, `value` put at `leaf` (a list leaf gets it as its one element). */
  function argumentsWith(field: Field, leaf: string[], value: unknown): Record<string, unknown> {
    const args: Record<string, unknown> = {};
    for (const argument of field.args) {
      if (argument.type.kind === "NON_NULL" || argument.name === leaf[0])
        args[argument.name] = filler(argument.type, argument.name);
    }
    let target: any = args;
    let type = field.args.find((a) => a.name === leaf[0])!.type;
    for (const [i, key] of leaf.entries()) {
      const isList = (t: TypeRef): boolean => t.kind === "LIST" || (t.kind === "NON_NULL" && isList(t.ofType!));
      if (i === leaf.length - 1) {
        target[key] = isList(type) ? [value] : value;
        break;
      }
      target[key] ??= {};
      target = target[key];
      const next = types.get(named(type).name!)!.inputFields!.find((f) => f.name === leaf[i + 1])!;
      type = next.type;
    }
    return args;
  }

  /** A document that calls `root.field` with every argument as a variable and selects only __typename. */
  function operationFor(root: string, field: Field, args: Record<string, unknown>): string {
    const used = field.args.filter((a) => a.name in args);
    const variables = used.map((a) => `$${a.name}: ${printType(a.type)}`).join(", ");
    const call = used.map((a) => `${a.name}: $${a.name}`).join(", ");
    const selection = named(field.type).kind === "SCALAR" || named(field.type).kind === "ENUM" ? "" : "{ __typename }";
    return `${root}${variables ? `(${variables})` : ""} { ${field.name}${call ? `(${call})` : ""} ${selection} }`;
  }

  it("has no text, DateTime or paging arguments on subscriptions that this table would miss", () => {
    const subscription = roots.find((r) => r.root === "subscription")!.type;
    for (const field of subscription.fields ?? []) {
      expect(leavesOf(field, "String"), field.name).toEqual([]);
      expect(leavesOf(field, "DateTime"), field.name).toEqual([]);
    }
  });

  it("refuses a NUL character in every String argument of every root field, naming it", async () => {
    let checked = 0;
    for (const { root, type } of roots.filter((r) => r.root !== "subscription")) {
      for (const field of type.fields ?? []) {
        for (const leaf of leavesOf(field, "String")) {
          const args = argumentsWith(field, leaf, "bad\u0000text");
          const operation = operationFor(root, field, args);
          const result = await expectRefused(() => t.gql(operation, args), field.name, "INVALID_INPUT");
          expect(result.errors?.[0]?.message, operation).toContain(`"${leaf.join(".")}`);
          checked++;
        }
      }
    }
    console.log(`NUL refused in ${checked} String argument paths`);
    expect(checked).toBeGreaterThan(15);
  });

  it("refuses a NUL character in an inline literal too", async () => {
    await expectRefused(
      () => t.gql(`mutation { createRealm(input: { name: "a\\u0000b" }) { __typename } }`),
      "createRealm",
      "INVALID_INPUT",
      /input\.name.*NUL/,
    );
  });

  const BAD_DATES: unknown[] = [
    "+275760-09-13T00:00:00.000Z",
    "-271821-04-20T00:00:00.000Z",
    "10000-01-01T00:00:00Z",
    "1969-12-31T23:59:59Z",
    "not a date",
    "2026-02-30T00:00:00Z",
    "2026-03-01T25:00:00Z",
    "2026-03-01T12:00:00",
    "1",
    12345,
  ];

  it("refuses invalid and out-of-range DateTime values in every DateTime argument, with the scalar's reason", async () => {
    let checked = 0;
    for (const { root, type } of roots.filter((r) => r.root !== "subscription")) {
      for (const field of type.fields ?? []) {
        for (const leaf of leavesOf(field, "DateTime")) {
          for (const value of BAD_DATES) {
            const args = argumentsWith(field, leaf, value);
            await expectRefused(
              () => t.gql(operationFor(root, field, args), args),
              field.name,
              "INVALID_INPUT",
              /out of range|not an ISO-8601|not a real date|not a DateTime/,
            );
            checked++;
          }
        }
      }
    }
    console.log(`DateTime refused in ${checked} (argument, value) pairs`);
    expect(checked).toBeGreaterThanOrEqual(BAD_DATES.length * 4);
  });

  it("refuses a bad DateTime written inline", async () => {
    await expectRefused(
      () => t.gql(`{ migrationStats(since: "+275760-09-13T00:00:00.000Z") { migrations } }`),
      "migrationStats",
      "INVALID_INPUT",
      /out of range: a DateTime lies between 1970/,
    );
  });

  it("planMigration refuses exactly the scheduledAt values createMigration refuses", async () => {
    const input = (scheduledAt: unknown) => ({
      type: "DOCUMENT_TO_REALM",
      sourceRealmId: realmId,
      targetRealmId: otherRealmId,
      documentIds: [unprocessedId],
      scheduledAt,
    });
    const plan = `mutation($i: MigrationInput!) { planMigration(input: $i) { __typename ... on Error { code } } }`;
    const create = `mutation($i: MigrationInput!) { createMigration(input: $i) { __typename ... on Error { code } } }`;
    for (const value of BAD_DATES) {
      const planned = await expectRefused(() => t.gql(plan, { i: input(value) }), "planMigration", "INVALID_INPUT");
      const created = await expectRefused(() => t.gql(create, { i: input(value) }), "createMigration", "INVALID_INPUT");
      expect(codesOf(created, "createMigration")).toEqual(codesOf(planned, "planMigration"));
    }
    // The last instant of the range passes both (a migration scheduled that far ahead is just SCHEDULED).
    const last = input("9999-12-31T23:59:59.999Z");
    expect((await t.gql(plan, { i: last })).data.planMigration.__typename).toBe("MutationPlanMigrationSuccess");
    const scheduled = await t.gql(create, { i: last });
    expect(scheduled.data.createMigration.__typename).toBe("MutationCreateMigrationSuccess");
  });

  /** Every connection field in the schema with a way to reach it: at the root, or under a root `x(id:)`. */
  function connections(): Array<{
    owner: string;
    field: Field;
    query: (args: string) => string;
    vars: Record<string, unknown>;
  }> {
    const isConnection = (field: Field) => {
      const type = types.get(named(field.type).name!)!;
      return type.kind === "OBJECT" && (type.fields ?? []).some((f) => f.name === "pageInfo");
    };
    const query = roots.find((r) => r.root === "query")!.type;
    const found: ReturnType<typeof connections> = [];
    for (const type of types.values()) {
      if (type.kind !== "OBJECT" || type.name.startsWith("__")) continue;
      for (const field of (type.fields ?? []).filter(isConnection)) {
        if (type === query) {
          const required = field.args.filter((a) => a.type.kind === "NON_NULL");
          const vars = Object.fromEntries(required.map((a) => [a.name, filler(a.type, a.name)]));
          const declared = required.map((a) => `$${a.name}: ${printType(a.type)}`).join(", ");
          const passed = required.map((a) => `${a.name}: $${a.name}`);
          found.push({
            owner: type.name,
            field,
            vars,
            query: (args) =>
              `query${declared ? `(${declared})` : ""} { ${field.name}(${[...passed, args].filter(Boolean).join(", ")}) { edges { cursor } } }`,
          });
          continue;
        }
        const byId = (query.fields ?? []).find(
          (f) => named(f.type).name === type.name && f.args.length === 1 && f.args[0]!.name === "id",
        );
        const id = { Migration: migrationId, Webhook: webhookId }[type.name];
        expect(byId && id, `a root field and an object to reach ${type.name}.${field.name}`).toBeTruthy();
        found.push({
          owner: type.name,
          field,
          vars: { id },
          query: (args) => `query($id: ID!) { ${byId!.name}(id: $id) { ${field.name}(${args}) { edges { cursor } } } }`,
        });
      }
    }
    return found;
  }

  it("refuses bad paging arguments on every connection", async () => {
    const cursor = (text: string) => Buffer.from(text).toString("base64");
    const valid = cursor(`GPC:S:${crypto.randomUUID()}`);
    const cases: Array<[string, RegExp]> = [
      ["first: -1", /first.*0 or more/],
      ["last: -5", /last.*0 or more/],
      [`after: "garbage"`, /not a cursor/],
      [`before: "%%%"`, /not a cursor/],
      [`after: "${cursor("GPC:S:not-a-uuid")}"`, /not a cursor/],
      [`after: "${cursor("GPC:N:1")}"`, /not a cursor/],
      [`after: "${valid}", before: "${valid}"`, /either after or before/],
      [`before: "${valid}", first: 2`, /before and last/],
      [`after: "${valid}", last: 2`, /after and first/],
    ];
    const all = connections();
    expect(all.map((c) => `${c.owner}.${c.field.name}`).sort()).toEqual(
      expect.arrayContaining(["Query.documents", "Query.migrations", "Migration.items", "Webhook.deliveries"]),
    );
    for (const connection of all) {
      for (const [args, message] of cases) {
        await expectRefused(
          () => t.gql(connection.query(args), connection.vars),
          connection.field.name,
          "INVALID_INPUT",
          message,
        );
      }
      // A well-formed cursor of an unknown row is a page like any other, not an error.
      const page = await t.gql(connection.query(`first: 2, after: "${valid}"`), connection.vars);
      expect(page.errors, `${connection.owner}.${connection.field.name}`).toBeUndefined();
    }
    console.log(`paging refused on ${all.length} connections × ${cases.length} cases`);
  });

  /** A raw multipart request (GraphQL multipart request spec). */
  async function multipart(operations: unknown, map: unknown, parts: Record<string, File | string> = {}) {
    const form = new FormData();
    form.set("operations", JSON.stringify(operations));
    if (map !== undefined) form.set("map", JSON.stringify(map));
    for (const [name, part] of Object.entries(parts)) form.set(name, part);
    const response = await t.app.yoga.fetch("http://test/graphql", {
      method: "POST",
      headers: { authorization: `Bearer ${t.adminToken}` },
      body: form,
    });
    return (await response.json()) as GqlResult;
  }

  it("refuses a multipart request without its file part, or with the file sent as a string", async () => {
    const variables = (file: unknown) => ({ input: { realmId, file } });
    await expectRefused(
      () => multipart({ query: UPLOAD, variables: variables(null) }, undefined),
      "createDocument",
      "INVALID_INPUT",
    );
    await expectRefused(
      () => multipart({ query: UPLOAD, variables: variables("just text") }, undefined),
      "createDocument",
      "INVALID_INPUT",
      /Expected a file: send a multipart request/,
    );
    await expectRefused(
      () => multipart({ query: UPLOAD, variables: variables(null) }, { 0: ["variables.input.file"] }),
      "createDocument",
      "INVALID_INPUT",
    );
    await expectRefused(
      () =>
        multipart(
          { query: UPLOAD, variables: variables(null) },
          { 0: ["variables.input.file"] },
          { 0: "a string part" },
        ),
      "createDocument",
      "INVALID_INPUT",
    );
  });

  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("# Notes\n\nText", "utf16le")]);
  const UPLOADS: Array<[string, Buffer, string, RegExp]> = [
    [
      "a PNG declared text/markdown",
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      "text/markdown",
      /PNG image/,
    ],
    [
      "invalid UTF-8",
      Buffer.from([0x23, 0x20, 0x48, 0x69, 0x0a, 0xc3, 0x28, 0x0a]),
      "text/markdown",
      /not valid UTF-8/,
    ],
    ["UTF-16 with a byte order mark", utf16, "text/plain", /UTF-16 text/],
    [
      "UTF-16 without a byte order mark",
      Buffer.from("# Notes\n\nText", "utf16le"),
      "text/plain",
      /control character U\+0000/,
    ],
    [
      "a file ending inside a UTF-8 sequence",
      Buffer.from([0x63, 0x61, 0x66, 0xc3]),
      "text/plain",
      /ends inside a UTF-8 sequence/,
    ],
    ["binary control bytes", Buffer.from("ok\u0001\u0002 text"), "text/html", /control character U\+0001/],
    [
      "a large file whose last bytes are invalid (streamed)",
      Buffer.concat([Buffer.from("# Long\n\n" + "words and more words\n".repeat(60_000)), Buffer.from([0xff])]),
      "text/markdown",
      /not valid UTF-8/,
    ],
  ];

  it.each(UPLOADS)("refuses an upload that is %s, keeping no row and no blob", async (_what, bytes, type, message) => {
    await expectRefused(
      () => t.upload({ realmId, name: "upload.md", type, content: bytes }),
      "createDocument",
      "UNSUPPORTED_CONTENT_TYPE",
      message,
    );
  });

  it("refuses NUL in the uploaded file's name and in the title of a multipart request", async () => {
    await expectRefused(
      () => t.upload({ realmId, name: "bad\u0000name.md", type: "text/markdown", content: "# Fine" }),
      "createDocument",
      "INVALID_INPUT",
      /input\.file\.name/,
    );
    await expectRefused(
      () => t.upload({ realmId, name: "fine.md", title: "bad\u0000title", type: "text/markdown", content: "# Fine" }),
      "createDocument",
      "INVALID_INPUT",
      /input\.title/,
    );
  });

  it("refuses the other inputs the service used to accept or fail on later", async () => {
    await expectRefused(
      () =>
        t.gql(
          `mutation { createWebhook(input: { url: "https://example.com/h", events: [MIGRATION_CREATED], realmId: "" }) { __typename ... on Error { code message } } }`,
        ),
      "createWebhook",
      "INVALID_INPUT",
      /"" is not a valid Realm id/,
    );
    await expectRefused(
      () =>
        t.gql(
          `mutation($id: ID!) { processDocument(input: { id: $id, stages: [INGESTOR] }) { __typename ... on Error { code message } } }`,
          { id: unprocessedId },
        ),
      "processDocument",
      "STAGE_INPUT_MISSING",
      /ingestor reads the output of chunker/,
    );
    const plan = (limit: number) =>
      t.gql(
        `mutation($i: MigrationInput!, $l: Int) { planMigration(input: $i, limit: $l) { __typename ... on Error { code message } } }`,
        { i: { type: "DOCUMENT_TO_REALM", sourceRealmId: realmId, targetRealmId: otherRealmId }, l: limit },
      );
    await expectRefused(() => plan(-1), "planMigration", "INVALID_INPUT", /limit -1 is out of range: give 0 to 1000/);
    await expectRefused(() => plan(1001), "planMigration", "INVALID_INPUT", /limit 1001 is out of range/);
    const tenYears = new Date(Date.now() - 10 * 365 * 86_400_000).toISOString();
    await expectRefused(
      () => t.gql(`query($s: DateTime) { migrationStats(since: $s, bucket: MINUTE) { migrations } }`, { s: tenYears }),
      "migrationStats",
      "INVALID_INPUT",
      /MINUTE timeline would have \d+ points \(at most 1000\)/,
    );
    await expectRefused(
      () => t.gql(`query { migrations(realmId: "") { edges { cursor } } }`),
      "migrations",
      "INVALID_INPUT",
      /"" is not a valid Realm id/,
    );
  });

  it("deleteDocument and deleteWebhook return what they deleted, with its fields", async () => {
    const [doomed] = await processedDocuments(t, realmId, 1, "doomed");
    const deleted = await t.gql(
      `mutation($id: ID!) { deleteDocument(id: $id) { __typename ... on MutationDeleteDocumentSuccess {
        data { id title status realm { id } stageRuns { stage status } stageFiles { stage } ingestions { status } } } } }`,
      { id: doomed },
    );
    expect(deleted.errors).toBeUndefined();
    const document = deleted.data.deleteDocument.data;
    expect(document).toMatchObject({
      id: doomed,
      title: expect.stringMatching(/^doomed/),
      status: "READY",
      realm: { id: realmId },
    });
    expect(document.stageRuns.length).toBeGreaterThan(0);
    expect(document.stageFiles.length).toBeGreaterThan(0);
    expect((await t.gql(`query($id: ID!) { document(id: $id) { id } }`, { id: doomed })).data.document).toBeNull();

    const removed = await t.gql(
      `mutation($id: ID!) { deleteWebhook(id: $id) { __typename ... on MutationDeleteWebhookSuccess {
        data { id url events description realm { id } deliveries(first: 5) { totalCount edges { cursor } } } } } }`,
      { id: webhookId },
    );
    expect(removed.errors).toBeUndefined();
    expect(removed.data.deleteWebhook.data).toMatchObject({
      id: webhookId,
      url: "http://127.0.0.1:9/hook",
      events: ["MIGRATION_FAILED"],
      realm: { id: realmId },
      deliveries: { totalCount: 0, edges: [] },
    });
    expect((await t.gql(`query($id: ID!) { webhook(id: $id) { id } }`, { id: webhookId })).data.webhook).toBeNull();
  });
});
