import { describe, expect, it } from "vitest";
import { extractFacts } from "../../../server/services/stages/facts.ts";
import type { FactsFile } from "../../../server/services/stages/types.ts";

const chunks = [
  {
    index: 0,
    text: `# History of computing

Ada Lovelace worked with Charles Babbage in London. In 1843, Lovelace published the first algorithm for the
Analytical Engine. However, the machine was never built.`,
  },
  {
    index: 1,
    text: `Dr. Grace Hopper joined the United States Navy in 1943 and later worked for Remington Rand.
The University of Cambridge, located in Cambridge, works with NASA.`,
  },
  {
    index: 2,
    text: `## Acme

Acme Corp is headquartered in Berlin, Germany. Jane Smith founded Acme Corp on March 3, 2001.
Contact jane@acme.example or see https://acme.example/about. Microsoft Research was founded by Nathan Myhrvold.

\`\`\`ts
const Secret = new Hidden("Not An Entity");
\`\`\``,
  },
];

const entity = (facts: FactsFile, key: string) => facts.entities.find((e) => e.key === key);
const has = (facts: FactsFile, source: string, type: string, target: string) =>
  facts.relations.some((r) => r.source === source && r.target === target && r.type === type);

describe("extractFacts", () => {
  const facts = extractFacts(chunks);

  it("labels the file with the extractor", () => {
    expect(facts.version).toBe(1);
    expect(facts.extractor).toBe("rules-v1");
  });

  it("finds people, organisations and places with their types and chunks", () => {
    expect(entity(facts, "ada lovelace")).toEqual({
      key: "ada lovelace",
      name: "Ada Lovelace",
      type: "PERSON",
      chunks: [0],
    });
    expect(entity(facts, "charles babbage")?.type).toBe("PERSON");
    expect(entity(facts, "grace hopper")).toMatchObject({ name: "Grace Hopper", type: "PERSON", chunks: [1] });
    expect(entity(facts, "jane smith")?.type).toBe("PERSON");
    expect(entity(facts, "acme corp")).toMatchObject({ type: "ORGANIZATION", chunks: [2] });
    expect(entity(facts, "university of cambridge")?.type).toBe("ORGANIZATION");
    expect(entity(facts, "united states navy")?.type).toBe("ORGANIZATION");
    expect(entity(facts, "nasa")?.type).toBe("ORGANIZATION");
    // Typed by what the text says about it: you work for an organisation.
    expect(entity(facts, "remington rand")?.type).toBe("ORGANIZATION");
    for (const place of ["london", "berlin", "germany", "cambridge"])
      expect(entity(facts, place)?.type).toBe("LOCATION");
    expect(entity(facts, "analytical engine")?.type).toBe("CONCEPT");
  });

  it("finds dates, emails and URLs", () => {
    expect(entity(facts, "1843")?.type).toBe("DATE");
    expect(entity(facts, "march 3, 2001")).toMatchObject({ name: "March 3, 2001", type: "DATE" });
    expect(entity(facts, "jane@acme.example")?.type).toBe("EMAIL");
    expect(entity(facts, "https://acme.example/about")?.type).toBe("URL");
  });

  it("merges a lone surname into the one person who has it", () => {
    expect(entity(facts, "lovelace")).toBeUndefined();
    expect(has(facts, "1843", "RELATED_TO", "ada lovelace")).toBe(true);
  });

  it("skips sentence-initial common words, titles, headings and code", () => {
    const keys = facts.entities.map((e) => e.key);
    for (const noise of [
      "in",
      "however",
      "the",
      "contact",
      "dr",
      "dr. grace hopper",
      "history of computing",
      "acme",
      "secret",
      "hidden",
      "not an entity",
    ]) {
      expect(keys).not.toContain(noise);
    }
  });

  it("extracts verb-pattern relations", () => {
    expect(has(facts, "grace hopper", "WORKS_FOR", "united states navy")).toBe(true);
    // "… and later worked for" takes the sentence's person as subject, not the year before it.
    expect(has(facts, "grace hopper", "WORKS_FOR", "remington rand")).toBe(true);
    expect(has(facts, "jane smith", "FOUNDED", "acme corp")).toBe(true);
    expect(has(facts, "nathan myhrvold", "FOUNDED", "microsoft research")).toBe(true);
    expect(has(facts, "acme corp", "LOCATED_IN", "berlin")).toBe(true);
    expect(has(facts, "berlin", "LOCATED_IN", "germany")).toBe(true);
    expect(has(facts, "university of cambridge", "LOCATED_IN", "cambridge")).toBe(true);
    expect(has(facts, "charles babbage", "LOCATED_IN", "london")).toBe(true);
    expect(facts.relations.some((r) => r.type === "WORKS_FOR" && r.source === "1943")).toBe(false);
  });

  it("relates entities of the same sentence only, source before target", () => {
    expect(has(facts, "ada lovelace", "RELATED_TO", "charles babbage")).toBe(true);
    expect(has(facts, "acme corp", "RELATED_TO", "jane smith")).toBe(true);
    expect(
      facts.relations.some(
        (r) => [r.source, r.target].includes("charles babbage") && [r.source, r.target].includes("grace hopper"),
      ),
    ).toBe(false);
    for (const relation of facts.relations.filter((r) => r.type === "RELATED_TO")) {
      expect(relation.source < relation.target).toBe(true);
    }
    const keys = new Set(facts.entities.map((e) => e.key));
    for (const relation of facts.relations) {
      expect(keys.has(relation.source) && keys.has(relation.target)).toBe(true);
      expect(relation.source).not.toBe(relation.target);
      expect(entity(facts, relation.source)!.chunks).toContain(relation.chunkIndex);
    }
  });

  it("sorts and deduplicates deterministically, whatever the chunk order", () => {
    const keys = facts.entities.map((e) => e.key);
    expect(keys).toEqual([...keys].sort());
    const ids = facts.relations.map((r) =>
      [r.source, r.target, r.type, String(r.chunkIndex).padStart(6, "0")].join("\u0000"),
    );
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    expect(JSON.stringify(extractFacts([...chunks].reverse()))).toBe(JSON.stringify(facts));
  });

  it("records every chunk that mentions an entity", () => {
    const result = extractFacts([
      { index: 0, text: "Acme Corp ships widgets." },
      { index: 1, text: "Nothing here." },
      { index: 2, text: "Customers love Acme Corp and Acme Corp loves them." },
    ]);
    expect(entity(result, "acme corp")?.chunks).toEqual([0, 2]);
  });

  it("handles honorifics, particles, possessives and ISO dates", () => {
    const result = extractFacts([
      {
        index: 0,
        text: "Prof. Ludwig van Beethoven met Mrs. Smith in Vienna on 1800-04-02. Beethoven's music reached Paris, France.",
      },
    ]);
    expect(entity(result, "ludwig van beethoven")?.type).toBe("PERSON");
    expect(entity(result, "smith")?.type).toBe("PERSON");
    expect(entity(result, "1800-04-02")?.type).toBe("DATE");
    expect(entity(result, "beethoven")).toBeUndefined();
    expect(has(result, "paris", "LOCATED_IN", "france")).toBe(true);
    expect(has(result, "ludwig van beethoven", "RELATED_TO", "paris")).toBe(true);
  });

  it("stays fast on pathological lines (no catastrophic regex backtracking)", () => {
    for (const text of ["[](".repeat(3000), "![](".repeat(3000), "!".repeat(5000), "a@b" + ".cc".repeat(1500)]) {
      const started = performance.now();
      extractFacts([{ index: 0, text }]);
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });

  it("returns empty lists for text without entities", () => {
    expect(extractFacts([{ index: 0, text: "nothing to see here, just lowercase words." }])).toEqual({
      version: 1,
      extractor: "rules-v1",
      entities: [],
      relations: [],
    });
    expect(extractFacts([]).entities).toEqual([]);
  });
});
