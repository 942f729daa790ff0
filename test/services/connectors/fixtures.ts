// Record fixtures for connector tests: a small history-of-computing document whose vectors are full-precision,
// un-normalised doubles, so any lossy storage (float32, cosine normalisation) shows up in an export comparison.
import { expect } from "vitest";
import type {
  DocumentRecords,
  RecordChunk,
  RecordEntity,
  RecordRelation,
} from "../../../server/services/connectors/types.ts";

export const DIMENSION = 16;

export function vector(seed: number): number[] {
  return Array.from({ length: DIMENSION }, (_, i) => Math.sin(seed * 7.31 + i * 1.17) * (1 + i / 3));
}

export function chunk(index: number, entities: string[] = []): RecordChunk {
  const text = `Chunk ${index}: ${entities.join(", ") || "no entities"} — lorem ipsum ${"x".repeat(index % 50)}`;
  return { index, text, vector: vector(index + 1), start: index * 100, end: index * 100 + text.length, entities };
}

export const entity = (key: string, type = "PERSON", name = key.replace(/^\w+:/, "").replaceAll("-", " ")) =>
  ({ key, name, type }) satisfies RecordEntity;

export const relation = (source: string, type: string, target: string): RecordRelation => ({ source, type, target });

export function records(
  realmId: string,
  documentId: string,
  overrides: Partial<DocumentRecords> = {},
): DocumentRecords {
  return {
    documentId,
    realmId,
    title: "History of computing",
    chunks: [chunk(0, ["ada lovelace"]), chunk(1, ["ada lovelace", "charles babbage"]), chunk(2, ["london"])],
    entities: [entity("person:ada-lovelace"), entity("person:charles-babbage"), entity("place:london", "PLACE")],
    relations: [
      relation("person:ada-lovelace", "WORKED_WITH", "person:charles-babbage"),
      relation("person:charles-babbage", "LOCATED_IN", "place:london"),
    ],
    ...overrides,
  };
}

/** Within float32 precision, relative to the component's magnitude. */
export function expectVectorsClose(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    expect(Math.abs(a - e), `component ${i}: ${a} vs ${e}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(e)));
  });
}

/** Equal records, except that vectors only need to agree within float32 precision. */
export function expectSameRecords(actual: DocumentRecords, expected: DocumentRecords): void {
  const withoutVectors = (r: DocumentRecords) => ({ ...r, chunks: r.chunks.map((c) => ({ ...c, vector: [] })) });
  expect(withoutVectors(actual)).toEqual(withoutVectors(expected));
  actual.chunks.forEach((c, i) => expectVectorsClose(c.vector, expected.chunks[i]!.vector));
}

export const byRelation = (a: RecordRelation, b: RecordRelation) =>
  `${a.source} ${a.type} ${a.target}`.localeCompare(`${b.source} ${b.type} ${b.target}`);
export const byKey = (a: RecordEntity, b: RecordEntity) => a.key.localeCompare(b.key);
