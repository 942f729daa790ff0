// EMBEDDED search: an exact cosine scan (several queries share one scan: searchMany) of the realm's chunk vectors, read in keyset pages of PAGE_ROWS rows
// (never the whole realm in memory) through a bounded top-k heap; the k winners' texts are read at the end.
// Vectors are stored as base64 float32 text, not as a pgvector column: neither the PGlite build installed
// here (0.5.x dropped `@electric-sql/pglite/vector`) nor the Debian PostgreSQL has the extension, so this scan
// is the one path; a pgvector column would be a schema migration of its own.
import type { Prisma } from "../db/open.ts";
import { checkQuery, cosineWithUnit, TopK, unit } from "./search.ts";
import type { ManyQuery, SearchHit, SearchQuery } from "./types.ts";

const PAGE_ROWS = 2000;
const BEFORE_ALL = "00000000-0000-0000-0000-000000000000";

interface VectorRow {
  d: string;
  i: number;
  s: number;
  e: number;
  v: string;
}

export async function searchEmbedded(prisma: Prisma, databaseId: string, query: SearchQuery): Promise<SearchHit[]> {
  const [hits] = await searchEmbeddedMany(prisma, databaseId, { ...query, vectors: [query.vector] });
  return hits!;
}

/** Several queries over the same realm and documents answered by one scan: one heap per query. */
export async function searchEmbeddedMany(prisma: Prisma, databaseId: string, query: ManyQuery): Promise<SearchHit[][]> {
  const { realmId, documentIds, k, vectors } = query;
  for (const vector of vectors) checkQuery({ ...query, vector });
  if (vectors.length === 0) return [];
  if (documentIds && documentIds.length === 0) return vectors.map(() => []);
  const units = vectors.map(unit);
  const tops = vectors.map(() => new TopK(k));
  const only = documentIds ? `AND "documentId" = ANY($6::uuid[])` : "";
  const page = `SELECT "documentId"::text AS d, "chunkIndex" AS i, "startOffset" AS s, "endOffset" AS e, vector AS v
    FROM "EmbeddedChunk"
    WHERE "databaseId" = $1::uuid AND "realmId" = $2::uuid AND ("documentId", "chunkIndex") > ($3::uuid, $4::int) ${only}
    ORDER BY "documentId", "chunkIndex" LIMIT $5`;
  let after = { d: BEFORE_ALL, i: -1 };
  for (;;) {
    const rows = await prisma.$queryRawUnsafe<VectorRow[]>(
      page,
      databaseId,
      realmId,
      after.d,
      after.i,
      PAGE_ROWS,
      ...(documentIds ? [documentIds] : []),
    );
    for (const row of rows) {
      const vector = decodeFloat32(row.v);
      units.forEach((q, n) => {
        const score = cosineWithUnit(q, vector);
        if (tops[n]!.admits(score))
          tops[n]!.push({ documentId: row.d, chunkIndex: row.i, start: row.s, end: row.e, score, text: "" });
      });
    }
    if (rows.length < PAGE_ROWS) break;
    after = rows[rows.length - 1]!;
  }
  const answers = tops.map((top) => top.sorted());
  const wanted = new Map(answers.flat().map((h) => [`${h.documentId}:${h.chunkIndex}`, h]));
  if (wanted.size === 0) return answers;
  const keys = [...wanted.values()];
  const texts = await prisma.$queryRawUnsafe<Array<{ d: string; i: number; t: string }>>(
    `SELECT "documentId"::text AS d, "chunkIndex" AS i, text AS t FROM "EmbeddedChunk"
     WHERE "databaseId" = $1::uuid AND ("documentId", "chunkIndex") IN (SELECT * FROM unnest($2::uuid[], $3::int[]))`,
    databaseId,
    keys.map((h) => h.documentId),
    keys.map((h) => h.chunkIndex),
  );
  const byKey = new Map(texts.map((t) => [`${t.d}:${t.i}`, t.t]));
  return answers.map((hits) => hits.map((h) => ({ ...h, text: byKey.get(`${h.documentId}:${h.chunkIndex}`) ?? "" })));
}

function decodeFloat32(encoded: string): Float32Array {
  const bytes = Buffer.from(encoded, "base64");
  return new Float32Array(new Uint8Array(bytes).buffer, 0, bytes.byteLength >> 2);
}
