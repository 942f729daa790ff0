// The visibility rule: a migration is visible to readers of either realm, and what belongs to the realm a
// caller cannot read is null — in migration(id), migrations(realmId), node, migrationStats and both
// subscriptions alike. Databases are seen only through readable realms and shared only by a token that
// writes a realm they are attached to. node/nodes answer null for anything not visible; list caps are typed.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createClient } from "graphql-ws";
import { createTestApp, ok, type TestApp } from "../helpers/app.ts";
import { Faults } from "../helpers/faults.ts";
import {
  CREATE_MIGRATION,
  createEmbeddedDatabase,
  createRealm,
  processedDocuments,
  rawId,
} from "../helpers/fixtures.ts";
import { HIDDEN_ERROR } from "../../server/services/migration/stats.ts";

const MIGRATION = `query($id: ID!) { migration(id: $id) {
  id status sourceRealm { id name } targetRealm { id name }
  options { targetDatabases sourceDatabaseId }
  errors { documentId stage message }
  items(first: 10) { edges { node { status sourceDocumentId targetDocumentId targetTitle error errorStage verification { ok } } } }
} }`;
const EVENT = "migrationId sequence type message item { sourceDocumentId targetDocumentId status error errorStage }";
const ADD = `mutation($r: ID!, $d: ID!) { addDatabaseToRealm(input: { realmId: $r, databaseId: $d }) {
  __typename ... on Error { code message path } ... on MutationAddDatabaseToRealmSuccess { data { realmDatabase { database { name } } } } } }`;
const global = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString("base64");

describe("who sees what of a migration between two realms", () => {
  const faults = new Faults();
  let t: TestApp;
  let wsUrl: string;
  let realmA: string;
  let realmB: string;
  let dbA: string;
  let docs: string[];
  let migration: string;
  const token = {} as Record<"editorB" | "viewerA" | "editorAB" | "viewerAEditorB", string>;
  let liveEvents: Promise<any[]>;

  /** Collects a subscription's results over graphql-ws until `until` says stop. */
  function subscribe(query: string, variables: Record<string, unknown>, as: string, until: (e: any) => boolean) {
    const client = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${as}` },
      retryAttempts: 0,
    });
    const events: any[] = [];
    let subscribed!: () => void;
    const started = new Promise<void>((resolve) => (subscribed = resolve));
    client.on("connected", () => setTimeout(subscribed, 200));
    const done = new Promise<any[]>((resolve, reject) => {
      const dispose = client.subscribe(
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
          error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
          complete: () => resolve(events),
        },
      );
    }).finally(() => client.dispose());
    return { started, done };
  }

  beforeAll(async () => {
    t = await createTestApp(
      "pglite",
      // Above the resolver's own cap of 10,000 documentIds, so that cap (not the generic one) answers.
      { MAX_LIST_ARGUMENT: "20000" },
      { wrapConnector: (connector, database) => (database.name === "vis-b-db" ? faults.wrap(connector) : connector) },
    );
    wsUrl = (await t.app.start(0, "127.0.0.1")).replace("http", "ws") + "/graphql";
    realmA = await createRealm(t, "vis-realm-a");
    realmB = await createRealm(t, "vis-realm-b");
    dbA = await createEmbeddedDatabase(t, "vis-a-db", realmA);
    await createEmbeddedDatabase(t, "vis-b-db", realmB);
    docs = await processedDocuments(t, realmA, 2, "vis-doc");
    const issue = async (name: string, roles: Array<[string, "VIEWER" | "EDITOR"]>) =>
      (
        await t.app.services.tokens.issue(
          name,
          false,
          roles.map(([r, role]) => ({ realmId: rawId(r), role })),
        )
      ).token;
    token.editorB = await issue("editor-b", [[realmB, "EDITOR"]]);
    token.viewerA = await issue("viewer-a", [[realmA, "VIEWER"]]);
    token.editorAB = await issue("editor-ab", [
      [realmA, "EDITOR"],
      [realmB, "EDITOR"],
    ]);
    token.viewerAEditorB = await issue("viewer-a-editor-b", [
      [realmA, "VIEWER"],
      [realmB, "EDITOR"],
    ]);
    // The target refuses the second document's records for good: one item fails with an error text.
    faults.failIngest(1, false, "vis-doc-1.md");
    const live = subscribe(
      `subscription($r: ID!) { realmMigrationEvents(realmId: $r) { ${EVENT} } }`,
      { r: realmB },
      token.editorB,
      (e) => e.type === "MIGRATION_FAILED" || e.type === "MIGRATION_COMPLETED",
    );
    await live.started;
    liveEvents = live.done;
    migration = ok(
      await t.gql(CREATE_MIGRATION, {
        input: { type: "DOCUMENT_TO_REALM", sourceRealmId: realmA, targetRealmId: realmB, documentIds: docs },
      }),
      "createMigration",
    ).id;
    await liveEvents;
  }, 180_000);
  afterAll(() => t?.close());

  const sourceIds = () => docs.flatMap((d) => [d, rawId(d)]);

  it("shows a reader of the target realm only the target's side", async () => {
    const { data, errors } = await t.gql(MIGRATION, { id: migration }, token.editorB);
    expect(errors).toBeUndefined();
    const m = data.migration;
    expect(m.status).toBe("FAILED");
    expect(m.sourceRealm).toBeNull();
    expect(m.targetRealm.name).toBe("vis-realm-b");
    const items = m.items.edges.map((e: any) => e.node);
    expect(items.map((i: any) => i.status).sort()).toEqual(["COMPLETED", "FAILED"]);
    for (const item of items) {
      expect(item.sourceDocumentId).toBeNull();
      expect(item.error).toBeNull();
      expect(item.verification).toBeNull();
    }
    expect(items.find((i: any) => i.status === "COMPLETED").targetDocumentId).toEqual(expect.any(String));
    expect(items.find((i: any) => i.status === "FAILED").errorStage).toBe("INGESTOR");
    expect(m.errors).toEqual([{ documentId: null, stage: "INGESTOR", message: null }]);
    const text = JSON.stringify(data);
    for (const secret of [...sourceIds(), realmA, rawId(realmA), "vis-realm-a", dbA, rawId(dbA)])
      expect(text).not.toContain(secret);

    const list = await t.gql(
      `query($r: ID!) { migrations(realmId: $r, first: 5) { totalCount edges { node { id sourceRealm { name } } } } }`,
      { r: realmB },
      token.editorB,
    );
    expect(list.data.migrations).toEqual({ totalCount: 1, edges: [{ node: { id: migration, sourceRealm: null } }] });
    const node = await t.gql(
      `query($id: ID!) { node(id: $id) { id ... on Migration { sourceRealm { name } targetRealm { name } } } }`,
      { id: migration },
      token.editorB,
    );
    expect(node).toEqual({
      data: { node: { id: migration, sourceRealm: null, targetRealm: { name: "vis-realm-b" } } },
    });
    const stats = await t.gql(
      `query($r: ID!) { migrationStats(realmId: $r) { migrations documentsFailed topErrors { stage message count } } }`,
      { r: realmB },
      token.editorB,
    );
    expect(stats.data.migrationStats).toEqual({
      migrations: 1,
      documentsFailed: 1,
      topErrors: [{ stage: "INGESTOR", message: HIDDEN_ERROR, count: 1 }],
    });
  });

  it("shows a reader of the source realm only the source's side, and lists the migration for it", async () => {
    const { data, errors } = await t.gql(MIGRATION, { id: migration }, token.viewerA);
    expect(errors).toBeUndefined();
    const m = data.migration;
    expect(m.sourceRealm.name).toBe("vis-realm-a");
    expect(m.targetRealm).toBeNull();
    expect(m.options.targetDatabases).toEqual([]);
    const items = m.items.edges.map((e: any) => e.node);
    expect(items.map((i: any) => i.sourceDocumentId).sort()).toEqual([...docs].sort());
    for (const item of items) {
      expect(item.targetDocumentId).toBeNull();
      expect(item.targetTitle).toBeNull();
      expect(item.error).toBeNull();
    }
    expect(m.errors).toEqual([{ documentId: docs[1], stage: "INGESTOR", message: null }]);
    expect(JSON.stringify(data)).not.toContain("vis-realm-b");
    const list = await t.gql(
      `query($r: ID!) { migrations(realmId: $r, first: 5) { totalCount edges { node { id targetRealm { name } } } } }`,
      { r: realmA },
      token.viewerA,
    );
    expect(list).toEqual({
      data: { migrations: { totalCount: 1, edges: [{ node: { id: migration, targetRealm: null } }] } },
    });
  });

  it("shows a reader of both realms everything", async () => {
    const { data } = await t.gql(MIGRATION, { id: migration }, token.editorAB);
    const m = data.migration;
    expect(m.sourceRealm.name).toBe("vis-realm-a");
    expect(m.targetRealm.name).toBe("vis-realm-b");
    expect(m.errors).toEqual([
      { documentId: docs[1], stage: "INGESTOR", message: expect.stringContaining("vector size rejected") },
    ]);
    const stats = await t.gql(`{ migrationStats { topErrors { message } } }`, undefined, token.editorAB);
    expect(stats.data.migrationStats.topErrors[0].message).toContain("vector size rejected");
  });

  it("redacts the progress stream and the realm feed for a reader of the target realm alone", async () => {
    const replay = subscribe(
      `subscription($id: ID!) { migrationProgress(migrationId: $id) { ${EVENT} } }`,
      { id: migration },
      token.editorB,
      () => false,
    ).done;
    for (const events of [await replay, await liveEvents]) {
      const itemEvents = events.filter((e) => e.item);
      expect(itemEvents.length).toBeGreaterThanOrEqual(4); // started + completed/failed for each item
      for (const e of itemEvents) {
        expect(e.item.sourceDocumentId).toBeNull();
        expect(e.item.error).toBeNull();
        expect(e.message).toBeNull();
      }
      expect(itemEvents.some((e) => e.item.targetDocumentId !== null)).toBe(true);
      const text = JSON.stringify(events);
      for (const secret of sourceIds()) expect(text).not.toContain(secret);
    }
    const full = await subscribe(
      `subscription($id: ID!) { migrationProgress(migrationId: $id) { ${EVENT} } }`,
      { id: migration },
      token.editorAB,
      () => false,
    ).done;
    const failed = full.find((e) => e.type === "ITEM_FAILED");
    expect(failed.item.sourceDocumentId).toBe(docs[1]);
    expect(failed.item.error).toContain("vector size rejected");
  });

  it("refuses changes to a visible migration with FORBIDDEN unless the token writes both realms", async () => {
    const before = await t.rowCounts();
    const result = await t.gql(
      `mutation($id: ID!) { retryFailedDocuments(migrationId: $id) { __typename ... on Error { code message } } }`,
      { id: migration },
      token.editorB,
    );
    expect(result.data.retryFailedDocuments).toMatchObject({
      __typename: "ForbiddenError",
      message: expect.stringContaining("EDITOR role on both"),
    });
    expect(await t.rowCounts()).toEqual(before);
  });

  it("caps retryFailedDocuments at 10,000 documentIds with a typed error", async () => {
    const ids = (n: number) => Array.from({ length: n }, () => crypto.randomUUID());
    const before = await t.rowCounts();
    const mutation = `mutation($id: ID!, $d: [ID!]) { retryFailedDocuments(migrationId: $id, documentIds: $d) { __typename ... on Error { code message path } } }`;
    const tooMany = await t.gql(mutation, { id: migration, d: ids(10_001) });
    expect(tooMany.data.retryFailedDocuments).toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringContaining("at most 10000 documentIds"),
      path: ["documentIds"],
    });
    const atCap = await t.gql(mutation, { id: migration, d: ids(10_000) });
    expect(atCap.data.retryFailedDocuments).toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringContaining("No failed items match"),
    });
    expect(await t.rowCounts()).toEqual(before);
  });

  it("answers node/nodes with null for anything not visible, and caps nodes at 100 ids", async () => {
    const stageFile = await t.app.services.db.prisma.stageFile.findFirstOrThrow({
      where: { documentId: rawId(docs[0]!) },
    });
    const unloadable = [
      docs[0]!, // a foreign document
      global("Document", crypto.randomUUID()), // a random one
      crypto.randomUUID(), // a bare UUID names no type
      "garbage",
      global("StageFile", stageFile.id), // not loadable by id
      global("Nope", "x"),
      dbA, // a database of a realm it cannot read
    ];
    const query = `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`;
    for (const id of unloadable)
      expect(await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id }, token.editorB)).toEqual({
        data: { node: null },
      });
    expect(await t.gql(query, { ids: unloadable }, token.editorB)).toEqual({
      data: { nodes: unloadable.map(() => null) },
    });
    // The admin gets the objects that exist (the positive control), null for the rest.
    const admin = await t.gql(query, { ids: unloadable });
    expect(admin).toEqual({ data: { nodes: [{ id: docs[0] }, null, null, null, null, null, { id: dbA }] } });

    const hundred = Array.from({ length: 100 }, () => global("Realm", crypto.randomUUID()));
    expect((await t.gql(query, { ids: hundred })).data.nodes).toHaveLength(100);
    const tooMany = await t.gql(query, { ids: [...hundred, docs[0]] });
    expect(tooMany.data).toBeNull();
    expect(tooMany.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining("at most 100 ids"),
        extensions: { code: "INVALID_INPUT" },
      }),
    ]);
  });

  it("shares a database only with a token that writes a realm it is attached to", async () => {
    const before = await t.rowCounts();
    // Cannot see A's database at all: exactly like a random id.
    const hidden = await t.gql(ADD, { r: realmB, d: dbA }, token.editorB);
    const randomId = global("Database", crypto.randomUUID());
    const random = await t.gql(ADD, { r: realmB, d: randomId }, token.editorB);
    expect(hidden.data.addDatabaseToRealm.code).toBe("NOT_FOUND");
    expect(JSON.stringify(hidden).replaceAll(rawId(dbA), "<ID>")).toBe(
      JSON.stringify(random).replaceAll(rawId(randomId), "<ID>"),
    );
    // Already attached to A, asked by a stranger to A: still NOT_FOUND (the realm), nothing said about the database.
    const again = await t.gql(ADD, { r: realmA, d: dbA }, token.editorB);
    expect(again.data.addDatabaseToRealm).toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringContaining("Realm"),
    });
    // Sees it (VIEWER of A) but may not share it.
    const viewer = await t.gql(ADD, { r: realmB, d: dbA }, token.viewerAEditorB);
    expect(viewer.data.addDatabaseToRealm).toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("EDITOR on a realm it is already attached to"),
    });
    expect(await t.rowCounts()).toEqual(before);
    // Writes A and B: may share it; B's editors then see it through B.
    expect(ok(await t.gql(ADD, { r: realmB, d: dbA }, token.editorAB), "addDatabaseToRealm")).toMatchObject({
      realmDatabase: { database: { name: "vis-a-db" } },
    });
    const seen = await t.gql(`{ databases { name } }`, undefined, token.editorB);
    expect(seen.data.databases.map((d: any) => d.name).sort()).toEqual(["vis-a-db", "vis-b-db"]);
  });
});
