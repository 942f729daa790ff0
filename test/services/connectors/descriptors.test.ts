// The connector descriptors: the registry covers every DatabaseKind (in the types and at run time), each kind's
// settings schema accepts and refuses what createDatabase always has, secrets never reach plain settings, and the
// API's kinds and settings fields are the descriptors'.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { GraphQLEnumType, GraphQLInputObjectType, GraphQLObjectType } from "graphql";
import { DatabaseKind } from "../../../server/generated/prisma/enums.ts";
import type { Database } from "../../../server/generated/prisma/client.ts";
import {
  CONNECTOR_KINDS,
  DESCRIPTORS,
  HOLDS_GRAPH,
  SETTING_FIELDS,
  configureDatabase,
  endpointOf,
  settingFieldsOf,
  shownSettingsOf,
} from "../../../server/services/connectors/kinds.ts";
import { defineConnector, SETTING_DOCS } from "../../../server/services/connectors/descriptor.ts";
import { embeddedKind } from "../../../server/services/connectors/embedded.ts";
import { qdrantKind } from "../../../server/services/connectors/qdrant.ts";
import { EmbeddedConnector } from "../../../server/services/connectors/embedded.ts";
import { subjects } from "./subjects.ts";
import { schema } from "../../../server/schema/index.ts";

const context = { defaultVectorSize: 384 };
const configure = (kind: DatabaseKind, input: Record<string, unknown>) => {
  const { settings, credentials } = configureDatabase(kind, input, context);
  return { settings, credentials };
};
const refusal = (kind: DatabaseKind, input: Record<string, unknown>) => {
  try {
    configureDatabase(kind, input, context);
  } catch (error) {
    const { code, message, path } = error as { code: string; message: string; path: string[] };
    return { code, message, path };
  }
  throw new Error(`${kind} ${JSON.stringify(input)} was accepted`);
};

describe("the connector registry", () => {
  it("has one descriptor per DatabaseKind value, under its own kind", () => {
    expect(Object.keys(CONNECTOR_KINDS).sort()).toEqual(Object.values(DatabaseKind).sort());
    for (const [kind, descriptor] of Object.entries(CONNECTOR_KINDS)) expect(descriptor.kind).toBe(kind);
    expect(DESCRIPTORS.map((d) => d.kind)).toEqual(Object.keys(CONNECTOR_KINDS));
  });

  it("does not compile without a kind", () => {
    // @ts-expect-error NEO4J is missing: a DatabaseKind without a descriptor is a type error.
    const partial: typeof CONNECTOR_KINDS = { EMBEDDED: embeddedKind, QDRANT: qdrantKind };
    expect(Object.keys(partial)).not.toContain("NEO4J");
  });

  it("says what each kind holds, as the contract suite proves it", () => {
    expect(HOLDS_GRAPH).toEqual({ EMBEDDED: true, QDRANT: false, NEO4J: true });
    for (const subject of Object.values(subjects)) {
      expect(CONNECTOR_KINDS[subject.kind].holds).toEqual({ vectors: true, graph: subject.graph });
    }
  });

  it("gives the API its DatabaseKind values and settings fields", () => {
    const kinds = schema.getType("DatabaseKind") as GraphQLEnumType;
    // The printed schema is sorted, so the comparisons below are by name.
    expect(Object.fromEntries(kinds.getValues().map((v) => [v.name, v.description]))).toEqual({
      EMBEDDED: "Chunks, vectors and the graph kept in the metadata database.",
      QDRANT: "A Qdrant collection.",
      NEO4J: "A Neo4j database.",
    });
    const input = schema.getType("CreateDatabaseInput") as GraphQLInputObjectType;
    expect(Object.keys(input.getFields()).sort()).toEqual(
      ["name", "kind", ...SETTING_FIELDS.map((f) => f.name)].sort(),
    );
    expect(input.description).toBe(
      "Settings by kind — EMBEDDED: none; QDRANT: url, collection, vectorSize?, apiKey?; NEO4J: uri, databaseName?, username?, password?.",
    );
    expect(input.getFields().apiKey!.description).toBe(
      "QDRANT: api key. Write-only: stored encrypted, never returned.",
    );
    expect(String(input.getFields().vectorSize!.type)).toBe("Int");
    const database = schema.getType("Database") as GraphQLObjectType;
    const shown = Object.keys(database.getFields()).filter((name) => SETTING_FIELDS.some((f) => f.name === name));
    expect(shown.sort()).toEqual(["collection", "databaseName", "uri", "url", "username", "vectorSize"]);
    expect(Object.keys(database.getFields())).not.toContain("password");
    expect(Object.keys(database.getFields())).not.toContain("apiKey");
  });
});

describe("createDatabase settings", () => {
  it.each<[DatabaseKind, Record<string, unknown>, { settings: object; credentials: object }]>([
    ["EMBEDDED", {}, { settings: {}, credentials: {} }],
    // null is "not given", for every kind's fields and for other kinds' fields alike.
    ["EMBEDDED", { url: null, password: null, vectorSize: null }, { settings: {}, credentials: {} }],
    [
      "QDRANT",
      { url: "http://qdrant.example:6333/", collection: " docs " },
      {
        settings: { url: "http://qdrant.example:6333", collection: "docs", vectorSize: 384, distance: "Cosine" },
        credentials: {},
      },
    ],
    [
      "QDRANT",
      { url: "HTTPS://Q.example/base/", collection: "a_b-1", vectorSize: 65536, apiKey: "k", uri: null },
      {
        settings: { url: "https://q.example/base", collection: "a_b-1", vectorSize: 65536, distance: "Cosine" },
        credentials: { apiKey: "k" },
      },
    ],
    [
      "QDRANT",
      { url: "http://q.example", collection: "c", vectorSize: 1, apiKey: "" },
      { settings: { url: "http://q.example", collection: "c", vectorSize: 1, distance: "Cosine" }, credentials: {} },
    ],
    [
      "NEO4J",
      { uri: "bolt://graph.example:7687" },
      { settings: { uri: "bolt://graph.example:7687", databaseName: "neo4j" }, credentials: {} },
    ],
    [
      "NEO4J",
      { uri: "neo4j+s://graph.example/", databaseName: " docs.v-2 ", username: "reader", password: "pw" },
      {
        settings: { uri: "neo4j+s://graph.example", databaseName: "docs.v-2", username: "reader" },
        credentials: { password: "pw" },
      },
    ],
    [
      "NEO4J",
      { uri: "bolt+ssc://g.example", databaseName: "   ", username: "", password: "" },
      { settings: { uri: "bolt+ssc://g.example", databaseName: "neo4j" }, credentials: {} },
    ],
  ])("%s %o is stored as %o", (kind, input, stored) => {
    expect(configure(kind, input)).toEqual(stored);
  });

  const QDRANT_URL = '"url" must be a URL starting with http:// or https://.';
  const NEO4J_URI =
    '"uri" must be a URL starting with bolt:// or bolt+s:// or bolt+ssc:// or neo4j:// or neo4j+s:// or neo4j+ssc://.';
  const COLLECTION = "A Qdrant database needs a collection name of letters, digits, _ or -.";
  const VECTOR_SIZE = "vectorSize must be an integer between 1 and 65536.";
  const DATABASE_NAME = "databaseName must be a valid Neo4j database name.";
  it.each<[DatabaseKind, Record<string, unknown>, string, string]>([
    ["EMBEDDED", { url: "http://x" }, '"url" does not apply to EMBEDDED databases; remove it.', "url"],
    ["EMBEDDED", { apiKey: "" }, '"apiKey" does not apply to EMBEDDED databases; remove it.', "apiKey"],
    // Another kind's field is refused before the kind's own are checked; settings are named before credentials.
    ["QDRANT", { uri: "bolt://x", url: "nope" }, '"uri" does not apply to QDRANT databases; remove it.', "uri"],
    [
      "NEO4J",
      { apiKey: "k", collection: "c" },
      '"collection" does not apply to NEO4J databases; remove it.',
      "collection",
    ],
    [
      "NEO4J",
      { password: "p", vectorSize: 3 },
      '"vectorSize" does not apply to NEO4J databases; remove it.',
      "vectorSize",
    ],
    ["QDRANT", { collection: "c" }, QDRANT_URL, "url"],
    ["QDRANT", { url: "", collection: "c" }, QDRANT_URL, "url"],
    ["QDRANT", { url: "not a url", collection: "c" }, QDRANT_URL, "url"],
    ["QDRANT", { url: "ftp://x", collection: "c" }, QDRANT_URL, "url"],
    [
      "QDRANT",
      { url: "http://user:secret@q.example", collection: "c" },
      'Put credentials in the password/apiKey fields, not in "url".',
      "url",
    ],
    // The first field in the kind's order is the one named.
    ["QDRANT", { url: "ftp://x", collection: "" }, QDRANT_URL, "url"],
    ["QDRANT", { url: "http://q.example" }, COLLECTION, "collection"],
    ["QDRANT", { url: "http://q.example", collection: "   " }, COLLECTION, "collection"],
    ["QDRANT", { url: "http://q.example", collection: "a b" }, COLLECTION, "collection"],
    ["QDRANT", { url: "http://q.example", collection: "x".repeat(256) }, COLLECTION, "collection"],
    ["QDRANT", { url: "http://q.example", collection: "c", vectorSize: 0 }, VECTOR_SIZE, "vectorSize"],
    ["QDRANT", { url: "http://q.example", collection: "c", vectorSize: 65537 }, VECTOR_SIZE, "vectorSize"],
    ["QDRANT", { url: "http://q.example", collection: "c", vectorSize: 1.5 }, VECTOR_SIZE, "vectorSize"],
    ["NEO4J", {}, NEO4J_URI, "uri"],
    ["NEO4J", { uri: "http://graph.example" }, NEO4J_URI, "uri"],
    [
      "NEO4J",
      { uri: "bolt://neo4j:pw@graph.example" },
      'Put credentials in the password/apiKey fields, not in "uri".',
      "uri",
    ],
    ["NEO4J", { uri: "bolt://g.example", databaseName: "ab" }, DATABASE_NAME, "databaseName"],
    ["NEO4J", { uri: "bolt://g.example", databaseName: "1abc" }, DATABASE_NAME, "databaseName"],
    ["NEO4J", { uri: "bolt://g.example", databaseName: "a_b_c" }, DATABASE_NAME, "databaseName"],
    ["NEO4J", { uri: "bolt://g.example", databaseName: "x".repeat(64) }, DATABASE_NAME, "databaseName"],
  ])("%s %o is refused: %s", (kind, input, message, field) => {
    expect(refusal(kind, input)).toEqual({ code: "INVALID_INPUT", message, path: ["input", field] });
  });

  it("reports the address the outbound policy must check, named by its field", () => {
    const qdrant = configureDatabase("QDRANT", { url: "http://q.example:6333", collection: "c" }, context);
    expect(qdrant.endpoint).toEqual({ setting: "url", what: "Database URLs", address: "http://q.example:6333" });
    const neo4j = configureDatabase("NEO4J", { uri: "bolt://g.example" }, context);
    expect(neo4j.endpoint).toEqual({ setting: "uri", what: "Database URIs", address: "bolt://g.example" });
    expect(configureDatabase("EMBEDDED", {}, context).endpoint).toBeUndefined();
  });
});

describe("stored settings", () => {
  const row = (kind: DatabaseKind, config: unknown): Database => ({
    id: "6f1c2a4e-0000-4000-8000-000000000001",
    name: `${kind.toLowerCase()}-row`,
    kind,
    config: config as Database["config"],
    secret: null,
    createdAt: new Date(0),
    updatedAt: new Date(0),
  });

  it("are read back by the kind that wrote them, and connect where they say", () => {
    const { settings } = configure("NEO4J", { uri: "bolt://g.example", username: "u", password: "pw" });
    expect(CONNECTOR_KINDS.NEO4J.settingsOf(row("NEO4J", settings))).toEqual(settings);
    expect(endpointOf(row("NEO4J", settings))).toMatchObject({ address: "bolt://g.example", setting: "uri" });
    expect(endpointOf(row("EMBEDDED", {}))).toBeUndefined();
  });

  it("that the kind cannot use are refused with the database named, instead of opening a connector", () => {
    const broken = row("QDRANT", { collection: "c" });
    expect(() => CONNECTOR_KINDS.QDRANT.settingsOf(broken)).toThrow(
      /QDRANT database "qdrant-row" has unusable settings \(url: .*\); recreate it\./,
    );
    expect(() => CONNECTOR_KINDS.QDRANT.open(broken, {}, { ...context, prisma: undefined as never })).toThrow(
      /unusable settings/,
    );
    expect(() =>
      CONNECTOR_KINDS.NEO4J.open(
        row("NEO4J", { uri: "bolt://g.example" }),
        { password: 7 },
        {
          ...context,
          prisma: undefined as never,
        },
      ),
    ).toThrow('NEO4J database "neo4j-row" has unusable credentials.');
  });

  it("open the kind's connector", () => {
    const connector = CONNECTOR_KINDS.EMBEDDED.open(
      row("EMBEDDED", {}),
      {},
      { ...context, prisma: undefined as never },
    );
    expect(connector).toBeInstanceOf(EmbeddedConnector);
    expect(connector.kind).toBe("EMBEDDED");
  });

  it("shown on the Database type are the kind's non-secret ones; unreadable ones show as none", () => {
    const qdrant = configure("QDRANT", { url: "http://q.example", collection: "c", apiKey: "k" });
    expect(shownSettingsOf(row("QDRANT", { ...qdrant.settings, apiKey: "stray" }))).toEqual({
      url: "http://q.example",
      collection: "c",
      vectorSize: 384,
    });
    const neo4j = configure("NEO4J", { uri: "bolt://g.example", databaseName: "graph" });
    expect(shownSettingsOf(row("NEO4J", neo4j.settings))).toEqual({ uri: "bolt://g.example", databaseName: "graph" });
    expect(shownSettingsOf(row("QDRANT", { url: 3 }))).toEqual({});
    expect(shownSettingsOf(row("EMBEDDED", { url: "http://left.over" }))).toEqual({});
  });
});

describe("descriptor rules", () => {
  const spec = {
    description: "test kind",
    holds: { vectors: true, graph: false },
    settings: z.object({ token: z.string().optional() }),
    credentials: z.object({}),
    open: () => {
      throw new Error("not opened in these tests");
    },
  };

  it("a secret that a descriptor would store in plain settings is refused, never written", () => {
    const leaky = defineConnector({
      ...spec,
      kind: "EMBEDDED",
      input: z.object({ token: z.string().register(SETTING_DOCS, { description: "token.", secret: true }) }),
      configure: ({ token }) => ({ settings: { token }, credentials: {} }),
    });
    expect(() => leaky.configure({ token: "t" }, context)).toThrow("EMBEDDED would store token unsealed.");
  });

  it("a descriptor must open a connector of its own kind", () => {
    const wrong = defineConnector({
      ...spec,
      kind: "QDRANT",
      input: z.object({}),
      settings: z.object({}),
      configure: () => ({ settings: {}, credentials: {} }),
      open: ({ database }, { prisma }) => new EmbeddedConnector(prisma, database.id),
    });
    const database = { id: "x", name: "wrong", kind: "QDRANT", config: {}, secret: null } as unknown as Database;
    expect(() => wrong.open(database, {}, { ...context, prisma: undefined as never })).toThrow(
      "QDRANT opened a EMBEDDED connector.",
    );
  });

  it("settings must be documented, one type per name across kinds, and never both secret and shown", () => {
    const kind = (k: DatabaseKind, input: z.ZodObject) =>
      defineConnector({ ...spec, kind: k, input, configure: () => ({ settings: {}, credentials: {} }) });
    expect(() => settingFieldsOf([kind("EMBEDDED", z.object({ token: z.string() }))])).toThrow(
      'EMBEDDED setting "token" is not registered in SETTING_DOCS.',
    );
    const asString = z.object({ token: z.string().register(SETTING_DOCS, { description: "a" }) });
    const asInt = z.object({ token: z.int().register(SETTING_DOCS, { description: "b" }) });
    expect(() => settingFieldsOf([kind("EMBEDDED", asString), kind("QDRANT", asInt)])).toThrow(
      'Setting "token" is String for EMBEDDED but differs for QDRANT.',
    );
    const both = z.object({ token: z.string().register(SETTING_DOCS, { description: "c", secret: true, shown: "d" }) });
    expect(() => settingFieldsOf([kind("EMBEDDED", both)])).toThrow("is secret, so it cannot be shown");
    const flag = z.object({ token: z.boolean().register(SETTING_DOCS, { description: "e" }) });
    expect(() => settingFieldsOf([kind("EMBEDDED", flag)])).toThrow("must be a string or an integer");
  });

  it("a setting two kinds share is one field, documented for each", () => {
    const a = z.object({ url: z.string().register(SETTING_DOCS, { description: "A's url.", shown: "A url." }) });
    const b = z.object({
      url: z.string().optional().register(SETTING_DOCS, { description: "B's url.", shown: "B url." }),
    });
    const [field, ...rest] = settingFieldsOf([
      defineConnector({ ...spec, kind: "EMBEDDED", input: a, configure: () => ({ settings: {}, credentials: {} }) }),
      defineConnector({ ...spec, kind: "NEO4J", input: b, configure: () => ({ settings: {}, credentials: {} }) }),
    ]);
    expect(rest).toEqual([]);
    expect(field).toEqual({
      name: "url",
      type: "String",
      secret: false,
      uses: [
        { kind: "EMBEDDED", description: "A's url.", required: true },
        { kind: "NEO4J", description: "B's url.", required: false },
      ],
      shown: "A url. B url.",
    });
  });
});
