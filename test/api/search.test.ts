// search over the API: text embedded with the realm's embedder or a vector, hits per database of the realm,
// cosine scores most similar first, realm isolation on a shared database, bounds as typed errors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeVector } from "../../server/services/connectors/embedded.ts";
import { createTestApp, ok, type TestApp } from "../helpers/app.ts";
import { attach, createEmbeddedDatabase, createRealm, processedDocuments, rawId } from "../helpers/fixtures.ts";
import { dialects } from "../helpers/services.ts";

const SEARCH = `query S($r: ID!, $text: String, $vector: [Float!], $k: Int, $db: ID) {
  search(realmId: $r, text: $text, vector: $vector, k: $k, databaseId: $db) {
    __typename
    ... on QuerySearchSuccess { data { rank score chunkIndex text start end document { id title } database { id name kind } } }
    ... on Error { code message path }
  }
}`;

describe.each(dialects())("search on %s", (dialect) => {
  let t: TestApp;
  let realmA: string;
  let realmB: string;
  let first: string;
  let second: string;
  let docsA: string[];
  let docsB: string[];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    realmA = await createRealm(t, "search-a");
    realmB = await createRealm(t, "search-b");
    first = await createEmbeddedDatabase(t, "first", realmA);
    second = await createEmbeddedDatabase(t, "second", realmA);
    // Realm B shares the first database and holds the very same texts.
    await attach(t, realmB, first);
    docsA = await processedDocuments(t, realmA, 3, "a");
    docsB = await processedDocuments(t, realmB, 3, "b");
  }, 120_000);
  afterAll(async () => t?.close());

  const search = async (vars: Record<string, unknown>) => (await t.gql(SEARCH, { r: realmA, ...vars })).data!.search;

  it("answers a text with k hits per database, grouped in attach order, most similar first", async () => {
    const hits = ok(await t.gql(SEARCH, { r: realmA, text: "Grace Hopper joined Harvard University", k: 3 }), "search");
    expect(hits.map((h: any) => [h.database.name, h.rank])).toEqual([
      ["first", 1],
      ["first", 2],
      ["first", 3],
      ["second", 1],
      ["second", 2],
      ["second", 3],
    ]);
    const byDb = (name: string) => hits.filter((h: any) => h.database.name === name);
    for (const name of ["first", "second"]) {
      const scores = byDb(name).map((h: any) => h.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(scores.every((s: number) => s > 0 && s <= 1)).toBe(true);
    }
    // Both databases hold the same records: the same chunks, in the same order, with the same scores.
    const key = (h: any) => `${h.document.id}:${h.chunkIndex}`;
    expect(byDb("second").map(key)).toEqual(byDb("first").map(key));
    byDb("second").forEach((h: any, i: number) => expect(h.score).toBeCloseTo(byDb("first")[i].score, 6));
    expect(hits[0].text).toContain("Grace Hopper joined Harvard University");
    expect(hits[0].end).toBeGreaterThan(hits[0].start);
    expect(docsA).toContain(hits[0].document.id);
  });

  it("answers a chunk's own vector with that chunk first, at cosine 1", async () => {
    const prisma = t.app.services.db.prisma;
    const chunk = await prisma.embeddedChunk.findFirstOrThrow({
      where: { databaseId: rawId(second), documentId: rawId(docsA[1]!), chunkIndex: 1 },
    });
    const hits = ok(await t.gql(SEARCH, { r: realmA, vector: decodeVector(chunk.vector), k: 2, db: second }), "search");
    expect(hits).toHaveLength(2);
    expect(hits[0]).toMatchObject({ chunkIndex: 1, text: chunk.text, document: { id: docsA[1] }, rank: 1 });
    expect(hits[0].score).toBeCloseTo(1, 5);
    expect(hits.every((h: any) => h.database.id === second)).toBe(true);
  });

  it("never returns another realm's chunks from a database the realms share", async () => {
    const hits = ok(
      await t.gql(SEARCH, { r: realmA, text: "Analytical Engine Bernoulli", k: 100, db: first }),
      "search",
    );
    expect(hits.length).toBeGreaterThan(3);
    expect(new Set(hits.map((h: any) => h.document.id))).toEqual(new Set(docsA));
    const other = ok(await t.gql(SEARCH, { r: realmB, text: "Analytical Engine Bernoulli", k: 100 }), "search");
    expect(new Set(other.map((h: any) => h.document.id))).toEqual(new Set(docsB));
    expect(other.every((h: any) => h.database.id === first)).toBe(true);
  });

  it("refuses k out of 1..100, text with vector, no query, a wrong dimension and a database of another realm", async () => {
    const cases: Array<[Record<string, unknown>, string[], RegExp]> = [
      [{ text: "x", k: 0 }, ["k"], /k must be an integer from 1 to 100/],
      [{ text: "x", k: 101 }, ["k"], /from 1 to 100; it is 101/],
      [{ text: "x", vector: [1, 2] }, ["text"], /either text .* or vector/],
      [{}, ["text"], /either text/],
      [{ text: "   " }, ["text"], /empty/],
      [{ vector: [1, 2, 3] }, ["vector"], /must be 64 finite numbers/],
      [{ text: "x", db: await createEmbeddedDatabase(t, "elsewhere", realmB) }, ["databaseId"], /not attached/],
    ];
    for (const [vars, path, message] of cases) {
      const result = await search(vars);
      expect(result, JSON.stringify(vars)).toMatchObject({
        __typename: "InvalidInputError",
        code: "INVALID_INPUT",
        path,
      });
      expect(result.message).toMatch(message);
    }
  });

  it("answers an unknown realm like a realm the token cannot read", async () => {
    const result = (await t.gql(SEARCH, { r: "00000000-0000-4000-8000-000000000000", text: "x" })).data!.search;
    expect(result).toMatchObject({ __typename: "NotFoundError", code: "NOT_FOUND" });
  });
});
