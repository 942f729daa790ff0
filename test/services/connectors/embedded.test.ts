// EmbeddedConnector on a real metadata database: idempotent replace-on-ingest, shared entities that
// go only with their last mention, faithful export, and isolation by realm and by database.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddedConnector } from "../../../server/services/connectors/embedded.ts";
import type {
  DocumentRecords,
  RecordChunk,
  RecordEntity,
  RecordRelation,
} from "../../../server/services/connectors/types.ts";
import type { Prisma } from "../../../server/services/db/open.ts";
import { dialects } from "../../helpers/services.ts";
import { openTestDb, type TestDb } from "../metadata-db.ts";

const uuid = () => crypto.randomUUID();
const DIMENSION = 16;

/** Vectors with full-precision doubles, so a float32 round trip changes their low bits. */
function vector(seed: number): number[] {
  return Array.from({ length: DIMENSION }, (_, i) => Math.sin(seed * 7.31 + i * 1.17) * (1 + i / 3));
}

function chunk(index: number, entities: string[] = []): RecordChunk {
  const text = `Chunk ${index}: ${entities.join(", ") || "no entities"} — lorem ipsum ${"x".repeat(index)}`;
  return { index, text, vector: vector(index + 1), start: index * 100, end: index * 100 + text.length, entities };
}

const entity = (key: string, type = "PERSON"): RecordEntity => ({
  key,
  name: key.replace(/^\w+:/, "").replaceAll("-", " "),
  type,
});
const relation = (source: string, type: string, target: string): RecordRelation => ({ source, type, target });

function records(realmId: string, documentId: string, overrides: Partial<DocumentRecords> = {}): DocumentRecords {
  return {
    documentId,
    realmId,
    title: "History of computing",
    chunks: [chunk(0, ["Ada Lovelace"]), chunk(1, ["Ada Lovelace", "Charles Babbage"]), chunk(2, ["London"])],
    entities: [entity("person:ada-lovelace"), entity("person:charles-babbage"), entity("place:london", "PLACE")],
    relations: [
      relation("person:ada-lovelace", "WORKED_WITH", "person:charles-babbage"),
      relation("person:charles-babbage", "LOCATED_IN", "place:london"),
    ],
    ...overrides,
  };
}

function expectVectorsClose(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    expect(Math.abs(a - e), `component ${i}: ${a} vs ${e}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(e)));
  });
}

const byRelation = (a: RecordRelation, b: RecordRelation) =>
  `${a.source} ${a.type} ${a.target}`.localeCompare(`${b.source} ${b.type} ${b.target}`);
const byKey = (a: RecordEntity, b: RecordEntity) => a.key.localeCompare(b.key);

describe.each(dialects())("EmbeddedConnector (%s)", (dialect) => {
  let testDb: TestDb;
  let prisma: Prisma;

  beforeAll(async () => {
    testDb = await openTestDb(dialect);
    prisma = testDb.db.prisma;
  });

  afterAll(async () => {
    await testDb?.close();
  });

  const connector = (databaseId = uuid()) => new EmbeddedConnector(prisma, databaseId);
  const entityKeys = async (databaseId: string, realmId: string) =>
    (await prisma.embeddedEntity.findMany({ where: { databaseId, realmId }, orderBy: { key: "asc" } })).map(
      (e) => e.key,
    );

  it("is ready and healthy without setup", async () => {
    const c = connector();
    await c.ensureReady();
    await c.ensureReady();
    expect(c.kind).toBe("EMBEDDED");
    expect((await c.health()).ok).toBe(true);
  });

  it("ingest returns counts matching what was written", async () => {
    const c = connector();
    const realmId = uuid();
    const documentId = uuid();
    const counts = await c.ingest(records(realmId, documentId));

    expect(counts).toEqual({ points: 3, nodes: 3, relationships: 2 });
    expect(await c.count({ realmId, documentId })).toEqual(counts);
    expect(await c.count({ realmId })).toEqual(counts);
    expect(await prisma.embeddedChunk.count({ where: { documentId } })).toBe(3);
  });

  it("re-ingesting the same records changes nothing (no duplicates)", async () => {
    const c = connector();
    const realmId = uuid();
    const documentId = uuid();
    const first = await c.ingest(records(realmId, documentId));
    const exported = await c.export({ realmId, documentId });
    const second = await c.ingest(records(realmId, documentId));
    const third = await c.ingest(records(realmId, documentId));

    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(await c.count({ realmId })).toEqual({ points: 3, nodes: 3, relationships: 2 });
    expect(await prisma.embeddedChunk.count({ where: { documentId } })).toBe(3);
    expect(await prisma.embeddedMention.count({ where: { documentId } })).toBe(3);
    expect(await prisma.embeddedRelation.count({ where: { documentId } })).toBe(2);
    expect(await c.export({ realmId, documentId })).toEqual(exported);
  });

  it("duplicate entities and relations in one record set are written once", async () => {
    const c = connector();
    const realmId = uuid();
    const documentId = uuid();
    const base = records(realmId, documentId);
    const counts = await c.ingest({
      ...base,
      entities: [...base.entities, entity("person:ada-lovelace")],
      relations: [...base.relations, base.relations[0]!],
    });
    expect(counts).toEqual({ points: 3, nodes: 3, relationships: 2 });
  });

  it("ingesting changed records replaces the old ones and deletes the entity no longer mentioned", async () => {
    const c = connector();
    const realmId = uuid();
    const documentId = uuid();
    await c.ingest(records(realmId, documentId));

    const changed = records(realmId, documentId, {
      chunks: [chunk(0, ["Ada Lovelace", "Charles Babbage"]), chunk(1, ["Charles Babbage"])],
      entities: [entity("person:ada-lovelace"), entity("person:charles-babbage")],
      relations: [relation("person:ada-lovelace", "WORKED_WITH", "person:charles-babbage")],
    });
    const counts = await c.ingest(changed);

    expect(counts).toEqual({ points: 2, nodes: 2, relationships: 1 });
    expect(await c.count({ realmId })).toEqual({ points: 2, nodes: 2, relationships: 1 });
    expect(await entityKeys(c["databaseId"], realmId)).toEqual(["person:ada-lovelace", "person:charles-babbage"]);
    const exported = await c.export({ realmId, documentId });
    expect(exported.chunks.map((ch) => ch.index)).toEqual([0, 1]);
    expect(exported.chunks[1]!.text).toBe(changed.chunks[1]!.text);
    expect(exported.relations).toEqual(changed.relations);
  });

  it("a shared entity survives removing one of its documents and goes with the last one", async () => {
    const databaseId = uuid();
    const c = connector(databaseId);
    const realmId = uuid();
    const docA = uuid();
    const docB = uuid();
    await c.ingest(records(realmId, docA));
    const b = records(realmId, docB, {
      title: "Analytical Engine",
      chunks: [chunk(0, ["Charles Babbage"]), chunk(1, ["Analytical Engine"])],
      entities: [entity("person:charles-babbage"), entity("thing:analytical-engine", "THING")],
      relations: [relation("person:charles-babbage", "DESIGNED", "thing:analytical-engine")],
    });
    await c.ingest(b);
    expect(await c.count({ realmId })).toEqual({ points: 5, nodes: 4, relationships: 3 });

    await c.remove({ realmId, documentId: docA });

    expect(await c.count({ realmId, documentId: docA })).toEqual({ points: 0, nodes: 0, relationships: 0 });
    expect(await c.count({ realmId, documentId: docB })).toEqual({ points: 2, nodes: 2, relationships: 1 });
    expect(await entityKeys(databaseId, realmId)).toEqual(["person:charles-babbage", "thing:analytical-engine"]);
    const exportedB = await c.export({ realmId, documentId: docB });
    expect(exportedB.chunks.map((ch) => ch.text)).toEqual(b.chunks.map((ch) => ch.text));
    expect(exportedB.entities).toEqual([...b.entities].sort(byKey));

    await c.remove({ realmId, documentId: docB });

    expect(await entityKeys(databaseId, realmId)).toEqual([]);
    expect(await c.count({ realmId })).toEqual({ points: 0, nodes: 0, relationships: 0 });
    // Removing again is harmless.
    await c.remove({ realmId, documentId: docB });
  });

  it("documents sharing entities removed at the same time leave no orphan entity", async () => {
    // Each removal checks whether another document still mentions an entity; concurrently, both would see
    // the other's mentions (deleted but not yet committed) and keep it, unless the check waits for the other.
    const databaseId = uuid();
    const realmId = uuid();
    const documents = Array.from({ length: 12 }, () => uuid());
    for (const documentId of documents) await connector(databaseId).ingest(records(realmId, documentId));
    expect(await entityKeys(databaseId, realmId)).toHaveLength(3);

    await Promise.all(documents.map((documentId) => connector(databaseId).remove({ realmId, documentId })));

    expect(await entityKeys(databaseId, realmId)).toEqual([]);
    expect(await connector(databaseId).count({ realmId })).toEqual({ points: 0, nodes: 0, relationships: 0 });
  });

  it("an entity another document starts mentioning while the last mention goes away is kept", async () => {
    const databaseId = uuid();
    const realmId = uuid();
    const leaving = Array.from({ length: 6 }, () => uuid());
    const arriving = Array.from({ length: 6 }, () => uuid());
    for (const documentId of leaving) await connector(databaseId).ingest(records(realmId, documentId));

    await Promise.all([
      ...leaving.map((documentId) => connector(databaseId).remove({ realmId, documentId })),
      ...arriving.map((documentId) => connector(databaseId).ingest(records(realmId, documentId))),
    ]);

    // Every mention points at an entity that exists.
    expect(await entityKeys(databaseId, realmId)).toEqual([
      "person:ada-lovelace",
      "person:charles-babbage",
      "place:london",
    ]);
    expect(await connector(databaseId).count({ realmId })).toEqual({ points: 18, nodes: 3, relationships: 12 });
  });

  it("a shared entity dropped by one document's re-ingest stays for the other", async () => {
    const databaseId = uuid();
    const c = connector(databaseId);
    const realmId = uuid();
    const docA = uuid();
    const docB = uuid();
    await c.ingest(records(realmId, docA));
    await c.ingest(records(realmId, docB));
    await c.ingest(records(realmId, docA, { chunks: [chunk(0)], entities: [], relations: [] }));

    expect(await entityKeys(databaseId, realmId)).toEqual([
      "person:ada-lovelace",
      "person:charles-babbage",
      "place:london",
    ]);
    expect(await c.count({ realmId, documentId: docA })).toEqual({ points: 1, nodes: 0, relationships: 0 });
  });

  it("export returns what was ingested: chunks by index, vectors within float32 precision, entities, relations", async () => {
    const c = connector();
    const realmId = uuid();
    const documentId = uuid();
    const input = records(realmId, documentId);
    // Ingest chunks out of order: export must order them by index.
    await c.ingest({ ...input, chunks: [input.chunks[2]!, input.chunks[0]!, input.chunks[1]!] });

    const exported = await c.export({ realmId, documentId });

    expect(exported.documentId).toBe(documentId);
    expect(exported.realmId).toBe(realmId);
    expect(exported.title).toBe(input.title);
    expect(exported.chunks.map((ch) => ch.index)).toEqual([0, 1, 2]);
    exported.chunks.forEach((ch, i) => {
      const expected = input.chunks[i]!;
      expect({ ...ch, vector: undefined }).toEqual({ ...expected, vector: undefined });
      expectVectorsClose(ch.vector, expected.vector);
    });
    expect([...exported.entities].sort(byKey)).toEqual([...input.entities].sort(byKey));
    expect([...exported.relations].sort(byRelation)).toEqual([...input.relations].sort(byRelation));
  });

  it("export of a document with nothing stored is empty", async () => {
    const c = connector();
    const realmId = uuid();
    const documentId = uuid();
    expect(await c.export({ realmId, documentId })).toEqual({
      documentId,
      realmId,
      title: "",
      chunks: [],
      entities: [],
      relations: [],
    });
  });

  it("keeps realms apart in one database: the same entity key is a separate entity per realm", async () => {
    const databaseId = uuid();
    const c = connector(databaseId);
    const realmA = uuid();
    const realmB = uuid();
    const docA = uuid();
    const docB = uuid();
    const one = (realmId: string, documentId: string, name: string) =>
      records(realmId, documentId, {
        chunks: [chunk(0, ["Ada Lovelace"])],
        entities: [{ key: "person:ada-lovelace", name, type: "PERSON" }],
        relations: [],
      });
    await c.ingest(one(realmA, docA, "Ada Lovelace"));
    await c.ingest(one(realmB, docB, "Augusta Ada King"));

    expect(await c.count({ realmId: realmA })).toEqual({ points: 1, nodes: 1, relationships: 0 });
    expect(await c.count({ realmId: realmB })).toEqual({ points: 1, nodes: 1, relationships: 0 });
    expect((await c.export({ realmId: realmA, documentId: docA })).entities).toEqual([
      { key: "person:ada-lovelace", name: "Ada Lovelace", type: "PERSON" },
    ]);
    expect((await c.export({ realmId: realmB, documentId: docB })).entities).toEqual([
      { key: "person:ada-lovelace", name: "Augusta Ada King", type: "PERSON" },
    ]);

    await c.remove({ realmId: realmA, documentId: docA });

    expect(await c.count({ realmId: realmA })).toEqual({ points: 0, nodes: 0, relationships: 0 });
    expect(await c.count({ realmId: realmB })).toEqual({ points: 1, nodes: 1, relationships: 0 });
    expect(await entityKeys(databaseId, realmB)).toEqual(["person:ada-lovelace"]);
  });

  it("keeps two databases apart, even for the same document", async () => {
    const first = connector();
    const second = connector();
    const realmId = uuid();
    const documentId = uuid();
    const input = records(realmId, documentId);
    await first.ingest(input);
    // The same document ingested into a second EMBEDDED database (e.g. a CROSS_DATABASE migration
    // between two embedded databases, or a second embedded database added to the realm).
    const attempt = await second.ingest(records(realmId, documentId, { chunks: input.chunks.slice(0, 2) })).then(
      (counts) => ({ counts }),
      (error: Error) => ({ error: error.message }),
    );

    expect(
      attempt,
      "the same document must be ingestible into a second EMBEDDED database " +
        "(server/services/connectors/embedded.ts derives EmbeddedChunk.id from documentId and chunk index only, " +
        "so the second database's chunk ids collide with the first's primary keys)",
    ).toEqual({ counts: { points: 2, nodes: 3, relationships: 2 } });
    expect(await first.count({ realmId, documentId })).toEqual({ points: 3, nodes: 3, relationships: 2 });

    await second.remove({ realmId, documentId });

    expect(await second.count({ realmId })).toEqual({ points: 0, nodes: 0, relationships: 0 });
    expect(await first.count({ realmId })).toEqual({ points: 3, nodes: 3, relationships: 2 });
    expect((await first.export({ realmId, documentId })).chunks).toHaveLength(3);
  });

  it("keeps two databases apart for different documents of one realm", async () => {
    const first = connector();
    const second = connector();
    const realmId = uuid();
    await first.ingest(records(realmId, uuid()));
    const other = uuid();
    await second.ingest(
      records(realmId, other, {
        chunks: [chunk(0, ["London"])],
        entities: [entity("place:london", "PLACE")],
        relations: [],
      }),
    );

    expect(await first.count({ realmId })).toEqual({ points: 3, nodes: 3, relationships: 2 });
    expect(await second.count({ realmId })).toEqual({ points: 1, nodes: 1, relationships: 0 });

    await second.remove({ realmId, documentId: other });
    expect(await first.count({ realmId })).toEqual({ points: 3, nodes: 3, relationships: 2 });
    expect(await second.count({ realmId })).toEqual({ points: 0, nodes: 0, relationships: 0 });
  });
});
