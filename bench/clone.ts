// Set-up for large workloads (not measured): documents that went through the real pipeline, cloned by SQL
// into `count` more documents — document rows under new ids and titles, their stage-file records pointing at
// the same content-addressed blobs, their ingestion rows and their EMBEDDED chunk, entity, mention and
// relation rows — so a 100,000-document realm costs seconds of INSERT … SELECT, not hours of processing.
// Clone j is a copy of base document j mod K (K = the base realm's documents), titled `${prefix}${j}`.
import type pg from "pg";

export interface CloneArgs {
  /** Realm and EMBEDDED database whose processed documents are copied. */
  baseRealmId: string;
  baseDatabaseId: string;
  /** Realm and EMBEDDED database the clones go to (may be the base realm itself). */
  realmId: string;
  databaseId: string;
  count: number;
  titlePrefix: string;
  /** Clones per transaction (default 2,000). */
  batch?: number;
}

export async function cloneDocuments(pool: pg.Pool, args: CloneArgs): Promise<void> {
  const batch = args.batch ?? 2000;
  const client = await pool.connect();
  const q = (text: string, values: unknown[] = []) => client.query(text, values);
  try {
    await q(`CREATE TEMP TABLE bench_clone_map (src uuid, dst uuid, title text) ON COMMIT DELETE ROWS`);
    // The base documents, numbered once (clones into the base realm must not become bases themselves).
    await q(
      `CREATE TEMP TABLE bench_clone_base AS
       SELECT id, (row_number() OVER (ORDER BY "createdAt", id) - 1)::int AS k FROM "Document"
       WHERE "realmId" = $1 AND "retiredAt" IS NULL AND status = 'READY'`,
      [args.baseRealmId],
    );
    const base = (await q(`SELECT count(*)::int AS n FROM bench_clone_base`)).rows[0].n as number;
    if (base === 0) throw new Error("cloneDocuments: the base realm has no READY documents");
    const width = String(Math.max(1, args.count - 1)).length;
    for (let from = 0; from < args.count; from += batch) {
      const to = Math.min(args.count, from + batch);
      await q("BEGIN");
      await q(
        `INSERT INTO bench_clone_map (src, dst, title)
         SELECT b.id, gen_random_uuid(), $1 || lpad(j::text, $4, '0')
         FROM generate_series($2::int, $3::int - 1) AS j JOIN bench_clone_base b ON b.k = j % $5`,
        [args.titlePrefix, from, to, width, base],
      );
      await q(
        `INSERT INTO "Document" (id, "realmId", title, status, "fileName", "contentType", sha256, size, "updatedAt")
         SELECT m.dst, $1, m.title, 'READY', m.title || '.md', d."contentType", d.sha256, d.size, now()
         FROM bench_clone_map m JOIN "Document" d ON d.id = m.src`,
        [args.realmId],
      );
      await q(
        `INSERT INTO "StageFile" (id, "documentId", stage, name, "contentType", sha256, size)
         SELECT gen_random_uuid(), m.dst, f.stage, f.name, f."contentType", f.sha256, f.size
         FROM bench_clone_map m JOIN "StageFile" f ON f."documentId" = m.src`,
      );
      await q(
        `INSERT INTO "Ingestion" (id, "documentId", "databaseId", status, points, nodes, relationships, "contentHash", "updatedAt")
         SELECT gen_random_uuid(), m.dst, $2, g.status, g.points, g.nodes, g.relationships, g."contentHash", now()
         FROM bench_clone_map m JOIN "Ingestion" g ON g."documentId" = m.src AND g."databaseId" = $1`,
        [args.baseDatabaseId, args.databaseId],
      );
      await q(
        `INSERT INTO "EmbeddedChunk" (id, "databaseId", "realmId", "documentId", "chunkIndex", title, text, "startOffset", "endOffset", vector, entities)
         SELECT gen_random_uuid(), $2, $3, m.dst, c."chunkIndex", m.title, c.text, c."startOffset", c."endOffset", c.vector, c.entities
         FROM bench_clone_map m JOIN "EmbeddedChunk" c ON c."documentId" = m.src AND c."databaseId" = $1`,
        [args.baseDatabaseId, args.databaseId, args.realmId],
      );
      await q(
        `INSERT INTO "EmbeddedMention" ("databaseId", "realmId", "documentId", "entityKey")
         SELECT $2, $3, m.dst, x."entityKey"
         FROM bench_clone_map m JOIN "EmbeddedMention" x ON x."documentId" = m.src AND x."databaseId" = $1`,
        [args.baseDatabaseId, args.databaseId, args.realmId],
      );
      await q(
        `INSERT INTO "EmbeddedRelation" ("databaseId", "realmId", "documentId", "sourceKey", "targetKey", type)
         SELECT $2, $3, m.dst, r."sourceKey", r."targetKey", r.type
         FROM bench_clone_map m JOIN "EmbeddedRelation" r ON r."documentId" = m.src AND r."databaseId" = $1`,
        [args.baseDatabaseId, args.databaseId, args.realmId],
      );
      await q("COMMIT");
    }
    await q(
      `INSERT INTO "EmbeddedEntity" ("databaseId", "realmId", key, name, type)
       SELECT $2, $3, key, name, type FROM "EmbeddedEntity" WHERE "databaseId" = $1 AND "realmId" = $4
       ON CONFLICT DO NOTHING`,
      [args.baseDatabaseId, args.databaseId, args.realmId, args.baseRealmId],
    );
    await q(
      `ANALYZE "Document", "StageFile", "Ingestion", "EmbeddedChunk", "EmbeddedEntity", "EmbeddedMention", "EmbeddedRelation"`,
    );
  } catch (error) {
    await q("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    await q(`DROP TABLE IF EXISTS bench_clone_map, bench_clone_base`).catch(() => undefined);
    client.release();
  }
}
