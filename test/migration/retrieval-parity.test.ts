// Retrieval parity end to end: EMBEDDED → QDRANT and EMBEDDED → NEO4J copies report recall@10 = 1.0; a
// connector that corrupts vectors passes count verification and fails parity (FAILED or COMPLETED with the
// warning, as the request chose); a MOVE has nothing left to compare with; settings out of range are refused.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, ok, type TestApp } from "../helpers/app.ts";
import { corruptingConnector, type Corruption } from "../helpers/corrupt-vectors.ts";
import {
  CREATE_MIGRATION,
  attach,
  createEmbeddedDatabase,
  createRealm,
  processedDocuments,
  rawId,
  waitForMigration,
} from "../helpers/fixtures.ts";
import { neo4jSettings, qdrantUrl } from "../helpers/services.ts";

const qdrant = qdrantUrl();
const neo4j = neo4jSettings();

const VERIFICATION = `query V($id: ID!) { migration(id: $id) { status
  options { retrievalParity { enabled sample k threshold onBelow } }
  items(first: 50) { edges { node { status verification { ok ingestions { equal } } } } }
  verification { status retrievalRecall meanRankDisplacement sampled k threshold onBelow message durationMs
    pairs { sourceDatabaseId targetDatabaseId documents sampled recall meanRankDisplacement }
    worst { documentId chunkIndex recall rankDisplacement missing } } } }`;

describe.runIf(qdrant && neo4j)("retrieval parity", () => {
  let t: TestApp;
  const suffix = crypto.randomBytes(3).toString("hex");
  const collections: string[] = [];
  /** Database name → how its connector corrupts what it writes. */
  const corrupt = new Map<string, Corruption>();
  let realm: string;
  let source: string;
  let docs: string[];

  beforeAll(async () => {
    t = await createTestApp(
      "pglite",
      {},
      {
        wrapConnector: (c, database) => {
          const how = corrupt.get(database.name);
          return how ? corruptingConnector(c, how) : c;
        },
      },
    );
    realm = await createRealm(t, `parity-${suffix}`);
    source = await createEmbeddedDatabase(t, `parity-source-${suffix}`, realm);
    docs = await processedDocuments(t, realm, 4);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    for (const c of collections) await fetch(`${qdrant}/collections/${c}`, { method: "DELETE" }).catch(() => undefined);
  });

  let n = 0;
  async function database(kind: "QDRANT" | "NEO4J", corruption?: Corruption): Promise<string> {
    const name = `parity-${kind.toLowerCase()}-${suffix}-${++n}`;
    if (corruption) corrupt.set(name, corruption);
    const input =
      kind === "QDRANT"
        ? { name, kind, url: qdrant, collection: `rms_${name.replaceAll("-", "_")}`, vectorSize: 64 }
        : { name, kind, uri: neo4j!.uri, username: neo4j!.username, password: neo4j!.password };
    if (kind === "QDRANT") collections.push(input.collection!);
    const id = ok(
      await t.gql(
        `mutation($i: CreateDatabaseInput!) { createDatabase(input: $i) { __typename ... on MutationCreateDatabaseSuccess { data { id } } ... on Error { code message } } }`,
        { i: input },
      ),
      "createDatabase",
    ).id;
    await attach(t, realm, id);
    return id;
  }

  async function copy(targets: string[], retrievalParity: Record<string, unknown> = {}) {
    const created = ok(
      await t.gql(CREATE_MIGRATION, {
        input: {
          type: "CROSS_DATABASE",
          sourceRealmId: realm,
          documentIds: docs,
          options: { sourceDatabaseId: source, targetDatabases: targets, retrievalParity },
        },
      }),
      "createMigration",
    );
    await waitForMigration(t, created.id);
    const read = await t.gql(VERIFICATION, { id: created.id });
    if (!read.data) throw new Error(JSON.stringify(read.errors));
    return { id: created.id, ...read.data.migration };
  }

  const chunksOfDocs = async () =>
    t.app.services.db.prisma.embeddedChunk.count({
      where: { databaseId: rawId(source), documentId: { in: docs.map(rawId) } },
    });

  it("EMBEDDED → QDRANT and EMBEDDED → NEO4J report recall@10 = 1.0 over every sampled chunk", async () => {
    const [q, g] = [await database("QDRANT"), await database("NEO4J")];
    const m = await copy([q, g], { k: 10, onBelow: "FAIL" });
    expect(m.status).toBe("COMPLETED");
    const total = await chunksOfDocs();
    expect(total).toBeGreaterThan(4);
    expect(m.verification).toMatchObject({
      status: "PASSED",
      retrievalRecall: 1,
      meanRankDisplacement: 0,
      sampled: Math.min(50, total),
      k: 10,
      threshold: 1,
      onBelow: "FAIL",
      worst: [],
    });
    expect(m.verification.pairs).toEqual([
      {
        sourceDatabaseId: rawId(source),
        targetDatabaseId: rawId(q),
        documents: 4,
        sampled: Math.min(50, total),
        recall: 1,
        meanRankDisplacement: 0,
      },
      {
        sourceDatabaseId: rawId(source),
        targetDatabaseId: rawId(g),
        documents: 4,
        sampled: Math.min(50, total),
        recall: 1,
        meanRankDisplacement: 0,
      },
    ]);
    expect(m.verification.message).toMatch(/recall@10 1\.000/);
    const events = await t.app.services.db.prisma.migrationEvent.findMany({
      where: { migrationId: rawId(m.id) },
      orderBy: { sequence: "asc" },
    });
    expect(events.slice(-2).map((e) => e.type)).toEqual(["retrieval.verified", "migration.completed"]);
  });

  it("a target written with permuted dimensions passes count verification and FAILS parity, as the request chose", async () => {
    const q = await database("QDRANT", "permute-dimensions");
    const m = await copy([q], { onBelow: "FAIL", sample: 8 });
    // Every item verified by counts: the corruption is invisible to them.
    expect(m.items.edges.map((e: any) => [e.node.status, e.node.verification.ok])).toEqual(
      docs.map(() => ["COMPLETED", true]),
    );
    expect(m.status).toBe("FAILED");
    expect(m.verification.status).toBe("BELOW_THRESHOLD");
    expect(m.verification.sampled).toBe(8);
    // Reversed dimensions keep some of this embedder's neighbourhoods: measured recall@10 0.90–0.925 here.
    expect(m.verification.retrievalRecall).toBeLessThan(0.95);
    expect(m.verification.worst.length).toBeGreaterThan(0);
    expect(m.verification.worst[0].missing.length).toBeGreaterThan(0);
    expect(m.verification.message).toMatch(/Below the threshold/);
    const row = await t.app.services.db.prisma.migration.findUniqueOrThrow({ where: { id: rawId(m.id) } });
    expect(row.error).toBe(m.verification.message);
  });

  it("chunks paired with their neighbours' vectors end COMPLETED with the parity warning when the request chose WARN", async () => {
    const g = await database("NEO4J", "neighbour-vector");
    const m = await copy([g], { onBelow: "WARN", k: 5 });
    expect(m.items.edges.every((e: any) => e.node.verification.ok)).toBe(true);
    expect(m.status).toBe("COMPLETED");
    expect(m.verification).toMatchObject({ status: "BELOW_THRESHOLD", k: 5, onBelow: "WARN" });
    expect(m.verification.retrievalRecall).toBeLessThan(1);
    expect(m.verification.meanRankDisplacement).toBeGreaterThan(0);
  });

  it("a realm copy compares the source realm with the target realm; a MOVE has nothing left to compare", async () => {
    const target = await createRealm(t, `parity-target-${suffix}`);
    await createEmbeddedDatabase(t, `parity-target-db-${suffix}`, target);
    const run = async (migrationMode: string) => {
      const created = ok(
        await t.gql(CREATE_MIGRATION, {
          input: {
            type: "DOCUMENT_TO_REALM",
            sourceRealmId: realm,
            targetRealmId: target,
            documentIds: docs.slice(0, 2),
            options: { migrationMode, conflictPolicy: "RENAME", retrievalParity: { onBelow: "FAIL" } },
          },
        }),
        "createMigration",
      );
      await waitForMigration(t, created.id);
      const read = await t.gql(VERIFICATION, { id: created.id });
      if (!read.data) throw new Error(JSON.stringify(read.errors));
      return read.data.migration;
    };
    const copied = await run("COPY");
    expect(copied.status).toBe("COMPLETED");
    expect(copied.verification).toMatchObject({ status: "PASSED", retrievalRecall: 1 });
    expect(copied.verification.pairs[0]).toMatchObject({ sourceDatabaseId: rawId(source), documents: 2 });
    const moved = await run("MOVE");
    expect(moved.status).toBe("COMPLETED");
    expect(moved.verification).toMatchObject({ status: "SKIPPED", retrievalRecall: null, sampled: 0 });
  });

  it("refuses settings out of range before writing anything, naming the field", async () => {
    const before = await t.rowCounts();
    for (const [settings, field] of [
      [{ k: 0 }, "k"],
      [{ k: 101 }, "k"],
      [{ sample: 0 }, "sample"],
      [{ threshold: 1.5 }, "threshold"],
    ] as const) {
      const result = (
        await t.gql(CREATE_MIGRATION, {
          input: {
            type: "CROSS_DATABASE",
            sourceRealmId: realm,
            documentIds: docs,
            options: { sourceDatabaseId: source, targetDatabases: [source], retrievalParity: settings },
          },
        })
      ).data!.createMigration;
      expect(result).toMatchObject({ code: "INVALID_INPUT", path: ["input", "options", "retrievalParity", field] });
    }
    expect(await t.rowCounts()).toEqual(before);
  });
});
