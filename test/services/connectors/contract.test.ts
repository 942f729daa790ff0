// One contract, three connectors: idempotent replace-on-ingest, removal that spares shared entities, faithful
// export, realm isolation, clear errors. Differences between kinds come from the capability flags in subjects.ts.
import crypto from "node:crypto";
import { QdrantClient } from "@qdrant/js-client-rest";
import neo4j from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { QdrantConnector } from "../../../server/services/connectors/qdrant.ts";
import type { Connector, DocumentRecords } from "../../../server/services/connectors/types.ts";
import { ConnectorError, InvalidInputError } from "../../../server/services/errors.ts";
import { chunkId } from "../../../server/services/ids.ts";
import {
  byKey,
  byRelation,
  chunk,
  DIMENSION,
  entity,
  expectSameRecords,
  expectVectorsClose,
  records,
  relation,
  vector,
} from "./fixtures.ts";
import { searchSubjects, subjects, type Harness, type Subject } from "./subjects.ts";

const uuid = () => crypto.randomUUID();

/** Opens a subject's harness for one describe block; realms created through it are cleaned up afterwards. */
function useHarness(subject: Subject) {
  const state = { harness: undefined as unknown as Harness, connector: undefined as unknown as Connector };
  const realms: string[] = [];
  beforeAll(async () => {
    state.harness = await subject.setup!();
    state.connector = state.harness.connector();
    await state.connector.ensureReady();
  });
  afterAll(async () => {
    await state.harness?.teardown(realms);
  });
  const realm = () => {
    const id = uuid();
    realms.push(id);
    return id;
  };
  return { state, realm };
}

describe.each(Object.values(subjects))("$name connector contract", (subject) => {
  describe.skipIf(!subject.setup)(`${subject.name}`, () => {
    const { state, realm } = useHarness(subject);
    const c = () => state.connector;
    /** What the connector reports for a document of that many chunks, entities and relations. */
    const counts = (points: number, nodes: number, relationships: number) =>
      subject.graph ? { points, nodes, relationships } : { points, nodes: 0, relationships: 0 };
    const graphOf = (r: Pick<DocumentRecords, "entities" | "relations">) =>
      subject.graph
        ? { entities: [...r.entities].sort(byKey), relations: [...r.relations].sort(byRelation) }
        : { entities: [], relations: [] };
    const exportedGraph = (r: DocumentRecords) => ({
      entities: [...r.entities].sort(byKey),
      relations: [...r.relations].sort(byRelation),
    });

    it("ensureReady is harmless to repeat, and health reports ok", async () => {
      const other = state.harness.connector();
      await other.ensureReady();
      await other.ensureReady();
      expect(other.kind).toBe(subject.kind);
      expect((await other.health()).ok).toBe(true);
    });

    it("ingest returns the counts of what was written, for the document and for the realm", async () => {
      const [realmId, documentId] = [realm(), uuid()];
      const written = await c().ingest(records(realmId, documentId));
      expect(written).toEqual(counts(3, 3, 2));
      expect(await c().count({ realmId, documentId })).toEqual(written);
      expect(await c().count({ realmId })).toEqual(written);
    });

    it("re-ingesting the same records never duplicates", async () => {
      const [realmId, documentId] = [realm(), uuid()];
      const first = await c().ingest(records(realmId, documentId));
      const exported = await c().export({ realmId, documentId });
      expect(await c().ingest(records(realmId, documentId))).toEqual(first);
      expect(await c().ingest(records(realmId, documentId))).toEqual(first);
      expect(await c().count({ realmId })).toEqual(counts(3, 3, 2));
      expectSameRecords(await c().export({ realmId, documentId }), exported);
    });

    it("re-ingesting changed records replaces the old ones, dropping stale chunks and entities", async () => {
      const [realmId, documentId] = [realm(), uuid()];
      await c().ingest(records(realmId, documentId));
      const changed = records(realmId, documentId, {
        chunks: [chunk(0, ["ada lovelace", "charles babbage"]), chunk(1, ["charles babbage"])],
        entities: [entity("person:ada-lovelace"), entity("person:charles-babbage")],
        relations: [relation("person:ada-lovelace", "WORKED_WITH", "person:charles-babbage")],
      });
      expect(await c().ingest(changed)).toEqual(counts(2, 2, 1));
      expect(await c().count({ realmId })).toEqual(counts(2, 2, 1));
      const exported = await c().export({ realmId, documentId });
      expect(exported.chunks.map((ch) => ch.text)).toEqual(changed.chunks.map((ch) => ch.text));
      expect(exportedGraph(exported)).toEqual(graphOf(changed));
    });

    it("removing one of two documents leaves the other intact, shared entities and relations included", async () => {
      const [realmId, docA, docB] = [realm(), uuid(), uuid()];
      const a = records(realmId, docA);
      // B shares Babbage and asserts one of A's relations: both must survive A's removal.
      const b = records(realmId, docB, {
        title: "Analytical Engine",
        chunks: [chunk(0, ["ada lovelace", "charles babbage"]), chunk(1, ["analytical engine"])],
        entities: [
          entity("person:ada-lovelace"),
          entity("person:charles-babbage"),
          entity("thing:analytical-engine", "THING"),
        ],
        relations: [
          relation("person:ada-lovelace", "WORKED_WITH", "person:charles-babbage"),
          relation("person:charles-babbage", "DESIGNED", "thing:analytical-engine"),
        ],
      });
      await c().ingest(a);
      await c().ingest(b);
      expect(await c().count({ realmId })).toEqual(counts(5, 4, 4));

      await c().remove({ realmId, documentId: docA });

      expect(await c().count({ realmId, documentId: docA })).toEqual(counts(0, 0, 0));
      expect(await c().count({ realmId, documentId: docB })).toEqual(counts(2, 3, 2));
      expect(await c().count({ realmId })).toEqual(counts(2, 3, 2));
      const exportedB = await c().export({ realmId, documentId: docB });
      expect(exportedB.chunks.map((ch) => ch.text)).toEqual(b.chunks.map((ch) => ch.text));
      expect(exportedGraph(exportedB)).toEqual(graphOf(b));

      await c().remove({ realmId, documentId: docB });
      await c().remove({ realmId, documentId: docB }); // removing again is harmless
      expect(await c().count({ realmId })).toEqual(counts(0, 0, 0));
    });

    it("documents sharing entities removed at the same time leave no orphaned entity", async () => {
      // Each removal alone would still see the other's mention and keep the shared entities; the
      // connectors serialize on the entities so the last removal deletes them.
      for (let round = 0; round < 5; round++) {
        const realmId = realm();
        const documents = [uuid(), uuid(), uuid()];
        for (const documentId of documents) await c().ingest(records(realmId, documentId));
        await Promise.all(documents.map((documentId) => c().remove({ realmId, documentId })));
        expect(await c().count({ realmId })).toEqual(counts(0, 0, 0));
      }
    });

    it("export returns exactly what was ingested: chunks by index, vectors within float tolerance", async () => {
      const [realmId, documentId] = [realm(), uuid()];
      const input = records(realmId, documentId);
      await c().ingest({ ...input, chunks: [input.chunks[2]!, input.chunks[0]!, input.chunks[1]!] });

      const exported = await c().export({ realmId, documentId });

      expect({ ...exported, chunks: [], ...exportedGraph(exported) }).toEqual({
        ...input,
        chunks: [],
        ...graphOf(input),
      });
      expect(exported.chunks.map((ch) => ch.index)).toEqual([0, 1, 2]);
      exported.chunks.forEach((ch, i) => {
        const expected = input.chunks[i]!;
        expect({ ...ch, vector: undefined }).toEqual({ ...expected, vector: undefined });
        expectVectorsClose(ch.vector, expected.vector);
      });
    });

    it("export of a document with nothing stored is empty", async () => {
      const [realmId, documentId] = [realm(), uuid()];
      const empty = { documentId, realmId, title: "", chunks: [], entities: [], relations: [] };
      expect(await c().export({ realmId, documentId })).toEqual(empty);
      expect(await c().count({ realmId, documentId })).toEqual(counts(0, 0, 0));
    });

    it("keeps realms sharing one store apart: the same entity key is a separate entity per realm", async () => {
      const [realmA, realmB, docA, docB] = [realm(), realm(), uuid(), uuid()];
      const one = (realmId: string, documentId: string, name: string) =>
        records(realmId, documentId, {
          chunks: [chunk(0, [name])],
          entities: [entity("person:ada-lovelace", "PERSON", name)],
          relations: [],
        });
      await c().ingest(one(realmA, docA, "Ada Lovelace"));
      await c().ingest(one(realmB, docB, "Augusta Ada King"));

      expect(await c().count({ realmId: realmA })).toEqual(counts(1, 1, 0));
      expect(await c().count({ realmId: realmB })).toEqual(counts(1, 1, 0));
      expect(await c().export({ realmId: realmA, documentId: docA })).toMatchObject(
        graphOf({ entities: [entity("person:ada-lovelace", "PERSON", "Ada Lovelace")], relations: [] }),
      );
      expect(await c().export({ realmId: realmB, documentId: docB })).toMatchObject(
        graphOf({ entities: [entity("person:ada-lovelace", "PERSON", "Augusta Ada King")], relations: [] }),
      );

      await c().remove({ realmId: realmA, documentId: docA });
      expect(await c().count({ realmId: realmA })).toEqual(counts(0, 0, 0));
      expect(await c().count({ realmId: realmB })).toEqual(counts(1, 1, 0));
    });

    it("writes and exports a 700-chunk document through batches and pages", async () => {
      const [realmId, documentId] = [realm(), uuid()];
      const big = records(realmId, documentId, {
        chunks: Array.from({ length: 700 }, (_, i) => chunk(i, i % 3 === 0 ? ["ada lovelace"] : [])),
      });
      const batched = state.harness.connector({ batchSize: 256 });
      expect(await batched.ingest(big)).toEqual(counts(700, 3, 2));
      const exported = await batched.export({ realmId, documentId });
      expect(exported.chunks.map((ch) => ch.index)).toEqual(big.chunks.map((ch) => ch.index));
      expect(exported.chunks.map((ch) => ch.entities)).toEqual(big.chunks.map((ch) => ch.entities));
      expectVectorsClose(exported.chunks[699]!.vector, big.chunks[699]!.vector);
    });

    describe("batched operations", () => {
      /**
       * Documents sharing Ada and Babbage, each with a topic of its own and i + 2 chunks (so per-document counts
       * differ and a mix-up of positions shows); two relations each, one of them asserted by every document.
       */
      const batchOf = (realmId: string, documentIds: string[]) =>
        documentIds.map((documentId, i) =>
          records(realmId, documentId, {
            title: `Document ${i}`,
            chunks: Array.from({ length: i + 2 }, (_, k) =>
              chunk(k, k === 0 ? ["ada lovelace"] : ["charles babbage", `topic ${i}`]),
            ),
            entities: [
              entity("person:ada-lovelace"),
              entity("person:charles-babbage"),
              entity(`topic:${i}`, "TOPIC", `topic ${i}`),
            ],
            relations: [
              relation("person:ada-lovelace", "WORKED_WITH", "person:charles-babbage"),
              relation("person:charles-babbage", "STUDIED", `topic:${i}`),
            ],
          }),
        );
      const countsOf = (r: DocumentRecords) => counts(r.chunks.length, r.entities.length, r.relations.length);
      const sorted = (r: DocumentRecords) => ({ ...r, ...exportedGraph(r) });
      const zero = counts(0, 0, 0);

      it("ingestMany writes documents sharing entities, with the counts one-by-one ingests give", async () => {
        const [batchRealm, singleRealm] = [realm(), realm()];
        const ids = [uuid(), uuid(), uuid(), uuid()];
        const batch = batchOf(batchRealm, ids);

        const written = await c().ingestMany(batch);

        const single = [];
        for (const r of batchOf(singleRealm, [uuid(), uuid(), uuid(), uuid()])) single.push(await c().ingest(r));
        expect(written).toEqual(single);
        expect(written).toEqual(batch.map(countsOf));
        const perDocument = await c().countMany({ realmId: batchRealm, documentIds: ids });
        expect(ids.map((id) => perDocument.get(id))).toEqual(written);
        for (const [i, documentId] of ids.entries()) {
          expect(await c().count({ realmId: batchRealm, documentId })).toEqual(written[i]);
        }
        // 2 + 3 + 4 + 5 chunks; Ada, Babbage and four topics; every document's own two relations.
        expect(await c().count({ realmId: batchRealm })).toEqual(counts(14, 6, 8));
        expect(await c().count({ realmId: singleRealm })).toEqual(counts(14, 6, 8));
        for (const input of batch) {
          const exported = await c().export(input);
          expect(exported.title).toBe(input.title);
          expect(exported.chunks.map((ch) => ch.text)).toEqual(input.chunks.map((ch) => ch.text));
          expect(exportedGraph(exported)).toEqual(graphOf(input));
        }
      });

      it("ingestMany replaces each document's records: changed counts, stale chunks and entities gone", async () => {
        const realmId = realm();
        const ids = [uuid(), uuid(), uuid()];
        const first = batchOf(realmId, ids);
        await c().ingestMany(first);

        const changed = [
          records(realmId, ids[0]!, {
            chunks: [chunk(0, ["ada lovelace"])],
            entities: [entity("person:ada-lovelace")],
            relations: [],
          }),
          first[1]!,
          records(realmId, ids[2]!, { chunks: [], entities: [], relations: [] }),
        ];
        expect(await c().ingestMany(changed)).toEqual([counts(1, 1, 0), countsOf(first[1]!), zero]);

        const perDocument = await c().countMany({ realmId, documentIds: ids });
        expect(ids.map((id) => perDocument.get(id))).toEqual([counts(1, 1, 0), countsOf(first[1]!), zero]);
        // Topics 0 and 2 are mentioned by nobody any more; Babbage still is, by document 1.
        expect(await c().count({ realmId })).toEqual(counts(4, 3, 2));
        const [exported0, exported1] = await c().exportMany([
          { realmId, documentId: ids[0]! },
          { realmId, documentId: ids[1]! },
        ]);
        expect(exported0!.chunks.map((ch) => ch.text)).toEqual(changed[0]!.chunks.map((ch) => ch.text));
        expect(exportedGraph(exported0!)).toEqual(graphOf(changed[0]!));
        expect(exportedGraph(exported1!)).toEqual(graphOf(first[1]!));
      });

      it("countMany and exportMany keep other realms out; documents with nothing stored count zero", async () => {
        const [realmA, realmB] = [realm(), realm()];
        const [idsA, idsB] = [
          [uuid(), uuid()],
          [uuid(), uuid()],
        ];
        // One batch may span realms.
        const batch = [...batchOf(realmA, idsA), ...batchOf(realmB, idsB)];
        const written = await c().ingestMany(batch);
        expect(written).toEqual(batch.map(countsOf));

        const missing = uuid();
        const inA = await c().countMany({ realmId: realmA, documentIds: [...idsA, ...idsB, missing] });
        expect([...idsA, ...idsB, missing].map((id) => inA.get(id))).toEqual([
          written[0],
          written[1],
          zero,
          zero,
          zero,
        ]);
        const inB = await c().countMany({ realmId: realmB, documentIds: idsB });
        expect(idsB.map((id) => inB.get(id))).toEqual([written[2], written[3]]);
        expect(await c().count({ realmId: realmA })).toEqual(counts(5, 4, 4));

        const [own, foreign] = await c().exportMany([
          { realmId: realmB, documentId: idsB[0]! },
          { realmId: realmA, documentId: idsB[1]! },
        ]);
        expect(own!.chunks.map((ch) => ch.text)).toEqual(batch[2]!.chunks.map((ch) => ch.text));
        expect(foreign).toEqual({
          documentId: idsB[1],
          realmId: realmA,
          title: "",
          chunks: [],
          entities: [],
          relations: [],
        });
      });

      it("removeMany removes the batch and keeps shared entities that other documents still mention", async () => {
        const realmId = realm();
        const ids = [uuid(), uuid(), uuid(), uuid()];
        const batch = batchOf(realmId, ids);
        await c().ingestMany(batch);

        await c().removeMany(ids.slice(0, 3).map((documentId) => ({ realmId, documentId })));

        const perDocument = await c().countMany({ realmId, documentIds: ids });
        expect(ids.map((id) => perDocument.get(id))).toEqual([zero, zero, zero, countsOf(batch[3]!)]);
        // Ada and Babbage stay for document 3; the removed documents' topics go.
        expect(await c().count({ realmId })).toEqual(counts(5, 3, 2));
        const exported = await c().export({ realmId, documentId: ids[3]! });
        expect(exported.chunks.map((ch) => ch.text)).toEqual(batch[3]!.chunks.map((ch) => ch.text));
        expect(exportedGraph(exported)).toEqual(graphOf(batch[3]!));

        // Removing again, twice in one batch, or what was never stored is harmless.
        await c().removeMany([ids[3]!, ids[3]!, ids[0]!, uuid()].map((documentId) => ({ realmId, documentId })));
        expect(await c().count({ realmId })).toEqual(zero);
      });

      it("exportMany gives what export gives per document, in input order", async () => {
        const realmId = realm();
        const ids = [uuid(), uuid(), uuid()];
        const batch = batchOf(realmId, ids);
        await c().ingestMany(batch);
        const refs = [ids[2]!, uuid(), ids[0]!, ids[2]!, ids[1]!].map((documentId) => ({ realmId, documentId }));

        const exported = await c().exportMany(refs);

        const single = [];
        for (const ref of refs) single.push(await c().export(ref));
        expect(exported.map(sorted)).toEqual(single.map(sorted));
        expect(exported.map((r) => r.documentId)).toEqual(refs.map((r) => r.documentId));
        expect(exported.map((r) => r.chunks.length)).toEqual([4, 0, 2, 4, 3]);
        expect(exported[1]!.title).toBe("");
        expect(exported[0]!.title).toBe("Document 2");
        exported[2]!.chunks.forEach((ch, i) => expectVectorsClose(ch.vector, batch[0]!.chunks[i]!.vector));
      });

      it("empty batches write, count and return nothing", async () => {
        const realmId = realm();
        expect(await c().ingestMany([])).toEqual([]);
        expect((await c().countMany({ realmId, documentIds: [] })).size).toBe(0);
        await c().removeMany([]);
        expect(await c().exportMany([])).toEqual([]);
        expect(await c().count({ realmId })).toEqual(zero);
      });

      it("a batch naming one document twice is refused before anything is written", async () => {
        const realmId = realm();
        const [a, b] = [uuid(), uuid()];
        const error = await c()
          .ingestMany([records(realmId, a), records(realmId, b), records(realmId, a)])
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InvalidInputError);
        expect((error as Error).message).toContain(`Document ${a} appears twice`);
        expect(await c().count({ realmId })).toEqual(zero);
      });

      it("concurrent batches sharing entities neither deadlock nor leave orphans", async () => {
        for (let round = 0; round < 3; round++) {
          const realmId = realm();
          const batch = batchOf(
            realmId,
            Array.from({ length: 6 }, () => uuid()),
          );
          const halves = [batch.filter((_, i) => i % 2 === 0), batch.filter((_, i) => i % 2 === 1)];
          const written = await Promise.all(halves.map((half) => c().ingestMany(half)));
          expect(written).toEqual(halves.map((half) => half.map(countsOf)));
          expect(await c().count({ realmId })).toEqual(counts(27, 8, 12));
          // Re-ingest one half while the other is removed: the entities both share must survive for the first.
          await Promise.all([c().ingestMany(halves[0]!), c().removeMany(halves[1]!)]);
          expect(await c().count({ realmId })).toEqual(counts(12, 5, 6));
          await Promise.all(halves.map((half) => c().removeMany(half)));
          expect(await c().count({ realmId })).toEqual(zero);
        }
      });
    });

    // Only servers can be misconfigured or unreachable; the embedded store has neither failure.
    if (subject.remote) {
      it("bad configuration gives a permanent error that says what to fix", async (ctx) => {
        const misconfigured = state.harness.misconfigured ?? ctx.skip("the server accepts any configuration");
        const error = await misconfigured
          .connector()
          .ensureReady()
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConnectorError);
        expect(error).toMatchObject({ transient: false, message: expect.stringMatching(misconfigured.message) });
      });

      it("an unreachable server gives a transient error within a bounded time", async () => {
        const unreachable = state.harness.unreachable!();
        const started = Date.now();
        for (const call of [() => unreachable.ensureReady(), () => unreachable.count({ realmId: uuid() })]) {
          const error = await call().catch((e: unknown) => e);
          expect(error).toBeInstanceOf(ConnectorError);
          expect(error).toMatchObject({ transient: true, message: expect.stringMatching(/unreachable/) });
        }
        expect((await unreachable.health()).ok).toBe(false);
        expect(Date.now() - started).toBeLessThan(15_000);
      }, 15_000);
    }
  });
});

describe.skipIf(!subjects.qdrant.setup)("QdrantConnector specifics", () => {
  const { state, realm } = useHarness(subjects.qdrant);
  const qdrant = (batchSize?: number) => state.harness.connector({ batchSize }) as QdrantConnector;
  const raw = () =>
    new QdrantClient({ url: process.env.QDRANT_URL!, apiKey: process.env.QDRANT_API_KEY, checkCompatibility: false });

  it("stores one point per chunk: deterministic id, documented payload, indexes on document and realm", async () => {
    const [realmId, documentId] = [realm(), uuid()];
    await qdrant().ingest(records(realmId, documentId));
    const [point] = await raw().retrieve(qdrant()["collection"], { ids: [chunkId(documentId, 1)], with_payload: true });
    expect(point?.payload).toMatchObject({
      documentId,
      realmId,
      chunkIndex: 1,
      title: "History of computing",
      text: records(realmId, documentId).chunks[1]!.text,
      entities: ["ada lovelace", "charles babbage"],
    });
    const info = await raw().getCollection(qdrant()["collection"]);
    expect(Object.keys(info.payload_schema).sort()).toEqual(["documentId", "realmId"]);
    expect(info.config.params.vectors).toMatchObject({ size: DIMENSION, distance: "Cosine" });
  });

  it("export pages through more points than one scroll page", async () => {
    const [realmId, documentId] = [realm(), uuid()];
    await qdrant().ingest(records(realmId, documentId, { chunks: Array.from({ length: 700 }, (_, i) => chunk(i)) }));
    const pageSizes: number[] = [];
    for await (const page of qdrant(256).pages({ realmId, documentId })) pageSizes.push(page.length);
    expect(pageSizes).toEqual([256, 256, 188]);
  });

  it("ingestMany puts many documents' points in each upsert, in requests of bounded points and bytes", async () => {
    const realmId = realm();
    // Five documents of three chunks: 15 points.
    const batch = Array.from({ length: 5 }, () =>
      records(realmId, uuid(), { chunks: [chunk(0), chunk(1), chunk(2)], entities: [], relations: [] }),
    );
    const byPoints = qdrant(4);
    const upserts = vi.spyOn(byPoints["client"], "upsert");
    const facets = vi.spyOn(byPoints["client"], "facet");

    expect(await byPoints.ingestMany(batch)).toEqual(batch.map(() => ({ points: 3, nodes: 0, relationships: 0 })));

    const sizes = upserts.mock.calls.map(([, body]) => (body as { points: unknown[] }).points.length);
    expect(sizes).toEqual([4, 4, 4, 3]);
    expect(upserts.mock.calls.every(([, body]) => (body as { wait?: boolean }).wait === true)).toBe(true);
    // The counts of the whole batch come back in one request.
    expect(facets).toHaveBeenCalledTimes(1);

    // A byte budget below one point's size sends one point per request, and still writes them all.
    const byBytes = state.harness.connector({ maxRequestBytes: 1 }) as QdrantConnector;
    const small = vi.spyOn(byBytes["client"], "upsert");
    await byBytes.ingestMany(batch);
    expect(small).toHaveBeenCalledTimes(15);
    expect(await qdrant().count({ realmId })).toEqual({ points: 15, nodes: 0, relationships: 0 });
  });

  it("countMany of many documents is one facet request on the indexed documentId", async () => {
    const realmId = realm();
    const ids = [uuid(), uuid(), uuid()];
    await qdrant().ingestMany(ids.map((documentId) => records(realmId, documentId)));
    const connector = qdrant();
    const facets = vi.spyOn(connector["client"], "facet");
    const perDocument = await connector.countMany({ realmId, documentIds: [...ids, uuid()] });
    expect([...perDocument.values()]).toEqual([
      { points: 3, nodes: 0, relationships: 0 },
      { points: 3, nodes: 0, relationships: 0 },
      { points: 3, nodes: 0, relationships: 0 },
      { points: 0, nodes: 0, relationships: 0 },
    ]);
    expect(facets).toHaveBeenCalledTimes(1);
    expect(facets.mock.calls[0]![1]).toMatchObject({ key: "documentId", exact: true, limit: 4 });
  });

  it("rejects vectors of another size before writing anything, naming both sizes", async () => {
    const [realmId, documentId] = [realm(), uuid()];
    const bad = records(realmId, documentId, { chunks: [chunk(0), { ...chunk(1), vector: [1, 2, 3] }] });
    const error = await qdrant()
      .ingest(bad)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toMatch(new RegExp(`3-dimensional.*expects ${DIMENSION}`));
    expect(await qdrant().count({ realmId })).toEqual({ points: 0, nodes: 0, relationships: 0 });
  });

  it("never puts the api key in an error message", async () => {
    const apiKey = `key-${uuid()}`;
    const connector = new QdrantConnector({
      url: "http://127.0.0.1:9",
      apiKey,
      collection: "c",
      vectorSize: DIMENSION,
    });
    const error = await connector.count({ realmId: uuid() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as Error).message).not.toContain(apiKey);
  });
});

describe.skipIf(!subjects.neo4j.setup)("Neo4jConnector specifics", () => {
  const { state, realm } = useHarness(subjects.neo4j);
  const query = async (cypher: string, params: Record<string, unknown>) => {
    const auth = neo4j.auth.basic(process.env.NEO4J_USERNAME ?? "neo4j", process.env.NEO4J_PASSWORD ?? "");
    const driver = neo4j.driver(process.env.NEO4J_URI!, auth, { disableLosslessIntegers: true });
    try {
      const { records: rows } = await driver.executeQuery(cypher, params, { database: "neo4j" });
      return rows.map((r) => r.toObject());
    } finally {
      await driver.close();
    }
  };

  it("creates its constraints and stores integral indexes, float embeddings and the documented graph", async () => {
    const [realmId, documentId] = [realm(), uuid()];
    await state.connector.ingest(records(realmId, documentId));
    // Matched by schema, not name: an equivalent constraint created under another name satisfies IF NOT EXISTS.
    const constraints = await query(
      "SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties RETURN type, labelsOrTypes[0] AS label, properties",
      {},
    );
    expect(constraints).toEqual(
      expect.arrayContaining([
        { type: "UNIQUENESS", label: "Document", properties: ["id"] },
        { type: "UNIQUENESS", label: "Chunk", properties: ["id"] },
        { type: "UNIQUENESS", label: "Entity", properties: ["realmId", "key"] },
      ]),
    );
    const [shape] = await query(
      `MATCH (d:Document {id: $documentId})-[:HAS_CHUNK]->(c:Chunk {index: 1})
       RETURN valueType(c.index) AS index, valueType(c.embedding) AS embedding, d.title AS title,
              COUNT { (c)-[:MENTIONS]->(:Entity) } AS mentions, c.id AS id`,
      { documentId },
    );
    expect(shape).toEqual({
      index: "INTEGER NOT NULL",
      embedding: "LIST<FLOAT NOT NULL> NOT NULL",
      title: "History of computing",
      mentions: 2,
      id: chunkId(documentId, 1),
    });
  });

  it("rejects a relation whose entity is not among the document's entities, writing nothing", async () => {
    const [realmId, documentId] = [realm(), uuid()];
    const bad = records(realmId, documentId, { relations: [relation("person:ada-lovelace", "KNEW", "person:nobody")] });
    await expect(state.connector.ingest(bad)).rejects.toBeInstanceOf(InvalidInputError);
    expect(await state.connector.count({ realmId })).toEqual({ points: 0, nodes: 0, relationships: 0 });
  });
});

// Search: one corpus, one order on every kind. The reference is an exact float64 cosine ranking with the
// stated tie rule (score desc, documentId asc, chunk index asc); the corpus has exact ties (duplicated vectors
// within and across documents) and otherwise gaps far above float32 error, so every kind must match it exactly.
describe("search contract: one corpus gives one top-k on every kind", () => {
  const available = searchSubjects.filter((s) => s.subject.setup);
  const opened: Array<{ label: string; harness: Harness; connector: Connector; realms: string[] }> = [];
  const [realmA, realmB] = [uuid(), uuid()];
  const docsA = Array.from({ length: 5 }, uuid).sort();
  const docsB = Array.from({ length: 5 }, uuid).sort();
  const seedOf = (d: number, c: number) => 1000.5 + d * 4 + c;
  /** Chunk vectors by document position: doc 0 chunk 3 repeats doc 0 chunk 0, doc 1 chunk 0 repeats it too. */
  const vectorOf = (d: number, c: number) =>
    (d === 0 && c === 3) || (d === 1 && c === 0) ? vector(seedOf(0, 0)) : vector(seedOf(d, c));
  const corpus = (realmId: string, ids: string[]): DocumentRecords[] =>
    ids.map((documentId, d) => ({
      ...records(realmId, documentId, { entities: [], relations: [] }),
      title: `Doc ${d}`,
      chunks: Array.from({ length: 4 }, (_, c) => ({
        ...chunk(c),
        text: `doc ${d} chunk ${c}`,
        vector: vectorOf(d, c),
      })),
    }));
  const cosine = (a: number[], b: number[]) => {
    const dot = a.reduce((s, x, i) => s + x * b[i]!, 0);
    return dot / Math.sqrt(a.reduce((s, x) => s + x * x, 0) * b.reduce((s, x) => s + x * x, 0));
  };
  /** The exact ranking of realm A's chunks (optionally of some documents) for a query. */
  const reference = (query: number[], k: number, only?: string[]) =>
    docsA
      .flatMap((documentId, d) =>
        Array.from({ length: 4 }, (_, c) => ({ documentId, chunkIndex: c, score: cosine(query, vectorOf(d, c)) })),
      )
      .filter((h) => !only || only.includes(h.documentId))
      .sort((a, b) =>
        a.score !== b.score
          ? b.score - a.score
          : a.documentId !== b.documentId
            ? a.documentId < b.documentId
              ? -1
              : 1
            : a.chunkIndex - b.chunkIndex,
      )
      .slice(0, k);
  const queries = [vector(seedOf(0, 0)), vector(seedOf(3, 2)), vector(42.25), vector(-7.75)];
  const ids = (hits: Array<{ documentId: string; chunkIndex: number }>) =>
    hits.map((h) => `${h.documentId}:${h.chunkIndex}`);

  beforeAll(async () => {
    for (const { label, subject } of available) {
      const harness = await subject.setup!();
      const connector = harness.connector();
      await connector.ensureReady();
      for (const r of [...corpus(realmA, docsA), ...corpus(realmB, docsB)]) await connector.ingest(r);
      opened.push({ label, harness, connector, realms: [realmA, realmB] });
    }
  }, 120_000);
  afterAll(async () => {
    for (const o of opened) await o.harness.teardown(o.realms);
  });

  it("the corpus separates its scores: exact ties, otherwise gaps far above float32 error", () => {
    for (const q of queries) {
      const ranked = reference(q, 20);
      for (let i = 1; i < ranked.length; i++) {
        const gap = ranked[i - 1]!.score - ranked[i]!.score;
        expect(gap === 0 || gap > 1e-5, `gap ${gap} at ${i}`).toBe(true);
      }
    }
    expect(reference(queries[0]!, 3).map((h) => h.score)).toEqual([1, 1, 1].map(() => expect.closeTo(1, 12)));
  });

  it("every kind returns the reference top-k: cosine scores, most similar first, ties by document then chunk", async () => {
    expect(opened.map((o) => o.label)).toEqual(available.map((s) => s.label));
    for (const q of queries) {
      for (const k of [1, 3, 7, 20]) {
        const expected = reference(q, k);
        for (const { label, connector } of opened) {
          const hits = await connector.search({ vector: q, k, realmId: realmA });
          expect(ids(hits), `${label}, k=${k}`).toEqual(ids(expected));
          hits.forEach((h, i) => expect(h.score, `${label} score ${i}`).toBeCloseTo(expected[i]!.score, 5));
        }
      }
    }
  });

  it("the top three of a duplicated vector are its three copies, in documentId then chunk order", async () => {
    const expected = [`${docsA[0]}:0`, `${docsA[0]}:3`, `${docsA[1]}:0`];
    for (const { label, connector } of opened) {
      const hits = await connector.search({ vector: queries[0]!, k: 3, realmId: realmA });
      expect(ids(hits), label).toEqual(expected);
      expect(hits[1], label).toMatchObject({ text: "doc 0 chunk 3", start: 300 });
    }
  });

  it("the realm filter keeps other realms out, though they hold the same vectors", async () => {
    for (const { label, connector } of opened) {
      const a = await connector.search({ vector: queries[1]!, k: 50, realmId: realmA });
      const b = await connector.search({ vector: queries[1]!, k: 50, realmId: realmB });
      expect(a, label).toHaveLength(20);
      expect(new Set(a.map((h) => h.documentId)), label).toEqual(new Set(docsA));
      expect(new Set(b.map((h) => h.documentId)), label).toEqual(new Set(docsB));
      expect(await connector.search({ vector: queries[1]!, k: 5, realmId: uuid() }), label).toEqual([]);
    }
  });

  it("a document filter (exact on every kind) ranks only those documents", async () => {
    const only = [docsA[1]!, docsA[3]!];
    for (const { label, connector } of opened) {
      for (const exact of [false, true]) {
        const hits = await connector.search({ vector: queries[2]!, k: 6, realmId: realmA, documentIds: only, exact });
        expect(ids(hits), label).toEqual(ids(reference(queries[2]!, 6, only)));
      }
      const wrongRealm = await connector.search({ vector: queries[2]!, k: 6, realmId: realmB, documentIds: only });
      expect(wrongRealm, label).toEqual([]);
      expect(await connector.search({ vector: queries[2]!, k: 6, realmId: realmA, documentIds: [] }), label).toEqual(
        [],
      );
    }
  });

  it("exact search gives the same answer as the default one on this corpus", async () => {
    for (const { label, connector } of opened) {
      const q = { vector: queries[3]!, k: 10, realmId: realmA };
      expect(ids(await connector.search({ ...q, exact: true })), label).toEqual(ids(await connector.search(q)));
    }
  });

  it("searchMany, where a kind has it, answers each vector exactly as search does", async () => {
    const many = opened.filter((o) => o.connector.searchMany);
    expect(many.map((o) => o.label)).toEqual(opened.filter((o) => o.label.startsWith("embedded")).map((o) => o.label));
    for (const { label, connector } of many) {
      const query = { k: 4, realmId: realmA, documentIds: [docsA[0]!, docsA[2]!, docsA[4]!] };
      const answers = await connector.searchMany!({ ...query, vectors: queries });
      expect(answers, label).toHaveLength(queries.length);
      for (const [n, vector] of queries.entries())
        expect(answers[n], `${label} query ${n}`).toEqual(await connector.search({ ...query, vector }));
    }
  });

  it("refuses a k out of bounds and a malformed vector before asking the database", async () => {
    for (const { label, connector } of opened) {
      for (const k of [0, -1, 2.5, 1001])
        await expect(connector.search({ vector: queries[0]!, k, realmId: realmA }), label).rejects.toThrow(
          /k must be an integer between 1 and 1000/,
        );
      await expect(connector.search({ vector: [], k: 3, realmId: realmA }), label).rejects.toBeInstanceOf(
        InvalidInputError,
      );
      await expect(
        connector.search({ vector: [1, Number.NaN, ...queries[0]!.slice(2)], k: 3, realmId: realmA }),
      ).rejects.toThrow(/finite numbers/);
    }
  });
});
