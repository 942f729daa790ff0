// Migrations against the real Qdrant and Neo4j: realm copies and moves into Qdrant + Neo4j, a Neo4j
// backfill next to Qdrant, CROSS_DATABASE for every ordered pair of kinds (each rolled back to a snapshot
// of before), and a database that goes down mid-migration and comes back.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, ok, type TestApp } from "../helpers/app.ts";
import { neo4jSettings, qdrantUrl } from "../helpers/services.ts";
import { Faults } from "../helpers/faults.ts";
import { TcpProxy } from "../helpers/tcp-proxy.ts";
import { realmSnapshot } from "../helpers/snapshot.ts";
import {
  CREATE_MIGRATION,
  attach,
  createEmbeddedDatabase,
  createRealm,
  expectCountsConsistent,
  processedDocuments,
  rawId,
  waitForMigration,
} from "../helpers/fixtures.ts";

const ROLLBACK = `mutation($id: ID!) { rollbackMigration(id: $id) { __typename ... on Error { code message } } }`;
const qdrant = qdrantUrl();
const neo4j = neo4jSettings();
type Kind = "EMBEDDED" | "QDRANT" | "NEO4J";

describe.runIf(qdrant && neo4j)("migrations with Qdrant and Neo4j", () => {
  let t: TestApp;
  const suffix = crypto.randomBytes(3).toString("hex");
  const collections: string[] = [];
  const proxy = new TcpProxy(
    new URL(qdrant ?? "http://127.0.0.1:6333").hostname,
    Number(new URL(qdrant ?? "http://127.0.0.1:6333").port || 6333),
  );
  const faults = new Faults();

  beforeAll(async () => {
    await proxy.start();
    t = await createTestApp("pglite", { MIGRATION_MAX_ATTEMPTS: "2" }, { wrapConnector: (c) => faults.wrap(c) });
  });
  afterAll(async () => {
    await t?.close();
    await proxy.stop();
    for (const c of collections) await fetch(`${qdrant}/collections/${c}`, { method: "DELETE" }).catch(() => undefined);
  });

  const prisma = () => t.app.services.db.prisma;
  let n = 0;
  async function database(kind: Kind, realmId?: string, options: { url?: string } = {}): Promise<string> {
    const name = `${kind.toLowerCase()}-${suffix}-${++n}`;
    if (kind === "EMBEDDED") return createEmbeddedDatabase(t, name, realmId);
    const input =
      kind === "QDRANT"
        ? { name, kind, url: options.url ?? qdrant, collection: `rms_${name.replaceAll("-", "_")}`, vectorSize: 64 }
        : { name, kind, uri: neo4j!.uri, username: neo4j!.username, password: neo4j!.password };
    if (kind === "QDRANT") collections.push(input.collection!);
    const created = await t.gql(
      `mutation($i: CreateDatabaseInput!) { createDatabase(input: $i) { __typename ... on MutationCreateDatabaseSuccess { data { id hasCredentials } } ... on Error { code message } } }`,
      { i: input },
    );
    const id = ok(created, "createDatabase").id;
    if (realmId) await attach(t, realmId, id);
    return id;
  }

  /** What a connector holds for a document, counted by the connector itself. */
  async function held(databaseId: string, documentId: string, realmId: string) {
    const row = await prisma().database.findUniqueOrThrow({ where: { id: rawId(databaseId) } });
    return (await t.app.services.connectors.get(row)).count({ realmId: rawId(realmId), documentId: rawId(documentId) });
  }

  async function qdrantPointIds(databaseId: string): Promise<string[]> {
    const row = await prisma().database.findUniqueOrThrow({ where: { id: rawId(databaseId) } });
    const { collection } = row.config as { collection: string };
    const response = await fetch(`${qdrant}/collections/${collection}/points/scroll`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ limit: 10_000, with_payload: false, with_vector: false }),
    });
    return ((await response.json()) as any).result.points.map((p: any) => String(p.id)).sort();
  }

  const sourceRecords = async (documentId: string) => {
    const mentions = await prisma().embeddedMention.count({ where: { documentId: rawId(documentId) } });
    const relations = await prisma().embeddedRelation.count({ where: { documentId: rawId(documentId) } });
    const chunks = await prisma().embeddedChunk.count({ where: { documentId: rawId(documentId) } });
    return { points: chunks, nodes: mentions, relationships: relations };
  };

  it("copies into a realm on Qdrant + Neo4j with matching counts, and MOVE removes the source's points and nodes", async () => {
    const source = await createRealm(t, `e2e-src-${suffix}`);
    await database("EMBEDDED", source);
    const target = await createRealm(t, `e2e-dst-${suffix}`);
    const q = await database("QDRANT", target);
    const g = await database("NEO4J", target);
    const docs = await processedDocuments(t, source, 3, "e2e");

    const copy = await waitForMigration(
      t,
      ok(
        await t.gql(CREATE_MIGRATION, {
          input: {
            type: "DOCUMENT_TO_REALM",
            sourceRealmId: source,
            targetRealmId: target,
            documentIds: docs.slice(0, 2),
          },
        }),
        "createMigration",
      ).id,
    );
    expect(copy.status).toBe("COMPLETED");
    for (const { node } of copy.items.edges) {
      const expected = await sourceRecords(node.sourceDocumentId);
      expect(await held(q, node.targetDocumentId, target)).toEqual({
        points: expected.points,
        nodes: 0,
        relationships: 0,
      });
      expect(await held(g, node.targetDocumentId, target)).toEqual(expected);
      const qdrantCheck = node.verification.ingestions.find((i: any) => i.kind === "QDRANT");
      expect(qdrantCheck.notHeld).toEqual(expect.arrayContaining([expect.stringMatching(/entities/)]));
      expect(node.verification.ok).toBe(true);
    }

    // A realm on Qdrant + Neo4j moves its documents away: its points and nodes go.
    const movedFrom = await createRealm(t, `e2e-move-${suffix}`);
    const q2 = await database("QDRANT", movedFrom);
    const g2 = await database("NEO4J", movedFrom);
    const moving = await processedDocuments(t, movedFrom, 2, "mv");
    for (const id of moving) expect((await held(q2, id, movedFrom)).points).toBeGreaterThan(0);
    const beforeMove = await realmSnapshot(t.app.services, [rawId(movedFrom), rawId(target)]);
    const move = await waitForMigration(
      t,
      ok(
        await t.gql(CREATE_MIGRATION, {
          input: {
            type: "DOCUMENT_TO_REALM",
            sourceRealmId: movedFrom,
            targetRealmId: target,
            documentIds: moving,
            options: { migrationMode: "MOVE" },
          },
        }),
        "createMigration",
      ).id,
    );
    expect(move.status).toBe("COMPLETED");
    for (const id of moving) {
      expect(await held(q2, id, movedFrom)).toEqual({ points: 0, nodes: 0, relationships: 0 });
      expect(await held(g2, id, movedFrom)).toEqual({ points: 0, nodes: 0, relationships: 0 });
    }
    for (const { node } of move.items.edges)
      expect((await held(g, node.targetDocumentId, target)).points).toBeGreaterThan(0);

    // Rolled back: the sources' points and nodes are back in Qdrant and Neo4j, the targets' are gone.
    ok(await t.gql(ROLLBACK, { id: move.id }), "rollbackMigration");
    expect((await waitForMigration(t, move.id)).status).toBe("ROLLED_BACK");
    expect(await realmSnapshot(t.app.services, [rawId(movedFrom), rawId(target)])).toEqual(beforeMove);
  });

  it("backfills a Neo4j database into a realm on Qdrant without touching Qdrant", async () => {
    const realm = await createRealm(t, `e2e-backfill-${suffix}`);
    const q = await database("QDRANT", realm);
    const docs = await processedDocuments(t, realm, 2, "bf");
    const before = await qdrantPointIds(q);
    expect(before.length).toBeGreaterThan(0);
    const qdrantRows = await prisma().ingestion.findMany({
      where: { databaseId: rawId(q) },
      orderBy: { documentId: "asc" },
    });

    const g = await database("NEO4J");
    const attached = await t.gql(
      `mutation($r: ID!, $d: ID!) { addDatabaseToRealm(input: { realmId: $r, databaseId: $d, backfill: true }) { __typename ... on MutationAddDatabaseToRealmSuccess { data { migration { id } } } } }`,
      { r: realm, d: g },
    );
    const m = await waitForMigration(t, ok(attached, "addDatabaseToRealm").migration.id);
    expect(m.status).toBe("COMPLETED");
    expect(await qdrantPointIds(q)).toEqual(before);
    expect(
      await prisma().ingestion.findMany({ where: { databaseId: rawId(q) }, orderBy: { documentId: "asc" } }),
    ).toEqual(qdrantRows);
    for (const id of docs) {
      const counts = await held(g, id, realm);
      expect(counts.points).toBe(qdrantRows.find((r) => r.documentId === rawId(id))!.points);
      expect(counts.nodes).toBeGreaterThan(0);
    }
  });

  const pairs: Array<[Kind, Kind]> = [
    ["EMBEDDED", "QDRANT"],
    ["QDRANT", "EMBEDDED"],
    ["EMBEDDED", "NEO4J"],
    ["NEO4J", "EMBEDDED"],
    ["QDRANT", "NEO4J"],
    ["NEO4J", "QDRANT"],
  ];

  it.each(pairs)("moves records %s → %s with removeFromSource and keeps a backup", async (from, to) => {
    const realm = await createRealm(t, `e2e-${from}-${to}-${suffix}`.toLowerCase());
    const src = await database(from, realm);
    const docs = await processedDocuments(t, realm, 2, "x");
    const dst = await database(to, realm);
    const before = await Promise.all(docs.map((id) => held(src, id, realm)));
    const snapshot = await realmSnapshot(t.app.services, [rawId(realm)]);
    const created = await t.gql(CREATE_MIGRATION, {
      input: {
        type: "CROSS_DATABASE",
        sourceRealmId: realm,
        filter: {},
        options: { sourceDatabaseId: src, targetDatabases: [dst], removeFromSource: true },
      },
    });
    const m = await waitForMigration(t, ok(created, "createMigration").id);
    expect(m).toMatchObject({ status: "COMPLETED", processedDocuments: 2 });
    await expectCountsConsistent(t, m.id);

    const graph = (kind: Kind) => kind !== "QDRANT";
    for (const [i, id] of docs.entries()) {
      const after = await held(dst, id, realm);
      expect(after.points).toBe(before[i]!.points);
      // The graph travels between graph-holding kinds; into Qdrant it is reported as not held.
      if (graph(from) && graph(to)) expect(after).toEqual(before[i]);
      expect(await held(src, id, realm)).toEqual({ points: 0, nodes: 0, relationships: 0 });
    }
    for (const { node } of m.items.edges) {
      expect(node.verification.ok).toBe(true);
      if (!graph(to) && graph(from)) expect(node.verification.ingestions[0].notHeld.length).toBeGreaterThan(0);
    }
    const items = await prisma().migrationItem.findMany({ where: { migrationId: rawId(m.id) } });
    for (const item of items) {
      const backup = JSON.parse(await t.app.services.blobs.readText(item.backupSha256!));
      expect(backup.chunks.length).toBe(before[docs.map(rawId).indexOf(item.sourceDocumentId)]!.points);
    }

    // Rolled back: the target's records go, the source's come back from the backups.
    ok(await t.gql(ROLLBACK, { id: m.id }), "rollbackMigration");
    expect((await waitForMigration(t, m.id)).status).toBe("ROLLED_BACK");
    expect(await realmSnapshot(t.app.services, [rawId(realm)])).toEqual(snapshot);
  });

  it("fails items with a clear error after bounded retries while a database is down, and retry completes them", async () => {
    const source = await createRealm(t, `e2e-down-src-${suffix}`);
    await database("EMBEDDED", source);
    const docs = await processedDocuments(t, source, 2, "down");
    const target = await createRealm(t, `e2e-down-dst-${suffix}`);
    const q = await database("QDRANT", target, { url: `http://127.0.0.1:${proxy.port}` });
    await proxy.stop();

    const id = ok(
      await t.gql(CREATE_MIGRATION, {
        input: { type: "DOCUMENT_TO_REALM", sourceRealmId: source, targetRealmId: target, documentIds: docs },
      }),
      "createMigration",
    ).id;
    const failed = await waitForMigration(t, id, 20_000);
    expect(failed).toMatchObject({ status: "FAILED", failedDocuments: 2 });
    for (const { node } of failed.items.edges) {
      expect(node).toMatchObject({ status: "FAILED", attempt: 2, errorStage: "INGESTOR" });
      expect(node.error).toMatch(/unreachable|ECONNREFUSED|connect/i);
    }
    // Nothing visible in the target realm; the partial copies stay hidden (their database is down) for the retry.
    const listed = await t.gql(`query($r: ID!) { documents(realmId: $r, first: 10) { totalCount } }`, { r: target });
    expect(listed.data.documents.totalCount).toBe(0);
    expect(failed.items.edges[0].node.error).toMatch(/stays hidden and a retry resumes it/);

    await proxy.start();
    ok(
      await t.gql(
        `mutation($id: ID!) { retryFailedDocuments(migrationId: $id) { __typename ... on Error { code message } } }`,
        { id },
      ),
      "retryFailedDocuments",
    );
    const done = await waitForMigration(t, id);
    expect(done).toMatchObject({ status: "COMPLETED", processedDocuments: 2, failedDocuments: 0 });
    for (const { node } of done.items.edges)
      expect((await held(q, node.targetDocumentId, target)).points).toBeGreaterThan(0);
    expect(await prisma().document.count({ where: { realmId: rawId(target), status: "READY" } })).toBe(2);
    expect(await prisma().document.count({ where: { realmId: rawId(target), status: "MIGRATING" } })).toBe(0);
  });

  it("never returns database credentials", async () => {
    const result = await t.gql(`{ databases { name kind url uri username hasCredentials } }`);
    const text = JSON.stringify(result);
    expect(text).not.toContain(neo4j!.password ?? "never-set");
    const rows = await prisma().database.findMany({ where: { kind: "NEO4J" } });
    for (const row of rows) {
      expect(JSON.stringify(row.config)).not.toContain(neo4j!.password ?? "never-set");
      if (neo4j!.password) expect(row.secret).not.toContain(neo4j!.password);
    }
    expect(
      result.data.databases
        .filter((d: any) => d.kind === "NEO4J")
        .every((d: any) => d.hasCredentials === Boolean(neo4j!.password)),
    ).toBe(true);
  });
});
