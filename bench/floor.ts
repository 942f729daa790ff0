// The floor: the rows a migration writes — target documents, stage-file records, the ingestor's stage run,
// report blob, file record and ingestion row, chunk/entity/mention/relation rows, items and events — written
// by plain batched SQL through the same driver (pg), one transaction per batch, no engine logic. It reads
// the source rows it copies in the same batches. Also used, unmeasured, to clone a fresh source realm.
import crypto from "node:crypto";
import type pg from "pg";

export type FloorMode = "copy" | "move" | "backfill";

export interface FloorArgs {
  mode: FloorMode;
  sourceRealmId: string;
  /** The EMBEDDED database the chunk/entity rows are read from. */
  sourceDatabaseId: string;
  /** copy/move: another realm; backfill: the source realm. */
  targetRealmId: string;
  targetDatabaseId: string;
  /** Write Migration, MigrationItem and MigrationEvent rows (false when only cloning a realm). */
  migrationRows: boolean;
  batch?: number;
}

export interface FloorResult {
  documents: number;
  ms: number;
}

const uuid = () => crypto.randomUUID();

export async function floorMigrate(pool: pg.Pool, args: FloorArgs): Promise<FloorResult> {
  const batch = args.batch ?? 250;
  const started = performance.now();
  const client = await pool.connect();
  let migrationId: string | null = null;
  let documents = 0;
  try {
    if (args.migrationRows) {
      migrationId = uuid();
      await client.query(
        `INSERT INTO "Migration" (id, type, status, mode, "sourceRealmId", "targetRealmId", "totalDocuments", "startedAt", "updatedAt")
         SELECT $1, $2, 'IN_PROGRESS', $3, $4, $5, count(*), now(), now() FROM "Document"
         WHERE "realmId" = $4 AND "retiredAt" IS NULL AND status = 'READY'`,
        [
          migrationId,
          args.mode === "backfill" ? "REALM_DATABASE_ADDITION" : "DOCUMENT_TO_REALM",
          args.mode === "move" ? "MOVE" : "COPY",
          args.sourceRealmId,
          args.targetRealmId,
        ],
      );
    }
    let after = "00000000-0000-0000-0000-000000000000";
    for (;;) {
      const { rows: docs } = await client.query(
        `SELECT id, title, "fileName", "contentType", sha256, size FROM "Document"
         WHERE "realmId" = $1 AND "retiredAt" IS NULL AND status = 'READY' AND id > $2 ORDER BY id LIMIT $3`,
        [args.sourceRealmId, after, batch],
      );
      if (docs.length === 0) break;
      after = docs.at(-1)!.id;
      await client.query("BEGIN");
      await writeBatch(client, args, docs, migrationId, documents);
      await client.query("COMMIT");
      documents += docs.length;
    }
    if (args.mode === "move") {
      // Entities no document mentions any more, once for the whole realm (per batch, each probe would walk the
      // index entries of the mentions just deleted, still visible to this transaction's snapshot as dead tuples).
      await client.query(
        `DELETE FROM "EmbeddedEntity" e WHERE e."databaseId" = $1 AND e."realmId" = $2
           AND NOT EXISTS (SELECT 1 FROM "EmbeddedMention" m WHERE m."databaseId" = $1 AND m."realmId" = $2 AND m."entityKey" = e.key)`,
        [args.sourceDatabaseId, args.sourceRealmId],
      );
    }
    if (migrationId) {
      await client.query(
        `UPDATE "Migration" SET status = 'COMPLETED', "completedAt" = now(), "updatedAt" = now() WHERE id = $1`,
        [migrationId],
      );
    }
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  return { documents, ms: performance.now() - started };
}

interface SourceDoc {
  id: string;
  title: string;
  fileName: string;
  contentType: string;
  sha256: string;
  size: string;
}

async function writeBatch(
  client: pg.PoolClient,
  args: FloorArgs,
  docs: SourceDoc[],
  migrationId: string | null,
  offset: number,
): Promise<void> {
  const q = (text: string, values: unknown[]) => client.query(text, values);
  const sourceIds = docs.map((d) => d.id);
  const backfill = args.mode === "backfill";
  const targetOf = new Map(docs.map((d) => [d.id, backfill ? d.id : uuid()]));
  const targetIds = sourceIds.map((id) => targetOf.get(id)!);
  const src = args.sourceDatabaseId;

  // One connection, so one statement at a time.
  const chunks = await q(
    `SELECT "documentId", "chunkIndex", title, text, "startOffset", "endOffset", vector, entities FROM "EmbeddedChunk"
     WHERE "databaseId" = $1 AND "documentId" = ANY($2::uuid[])`,
    [src, sourceIds],
  );
  const mentions = await q(
    `SELECT "documentId", "entityKey" FROM "EmbeddedMention" WHERE "databaseId" = $1 AND "documentId" = ANY($2::uuid[])`,
    [src, sourceIds],
  );
  const relations = await q(
    `SELECT "documentId", "sourceKey", "targetKey", type FROM "EmbeddedRelation" WHERE "databaseId" = $1 AND "documentId" = ANY($2::uuid[])`,
    [src, sourceIds],
  );
  const keys = [...new Set(mentions.rows.map((m) => m.entityKey as string))];
  const entities = await q(
    `SELECT key, name, type FROM "EmbeddedEntity" WHERE "databaseId" = $1 AND "realmId" = $2 AND key = ANY($3::text[])`,
    [src, args.sourceRealmId, keys],
  );

  if (!backfill) {
    await q(
      `INSERT INTO "Document" (id, "realmId", title, status, "fileName", "contentType", sha256, size, "originDocumentId", "migrationId", "updatedAt")
       SELECT t.id, $1, t.title, 'READY', t."fileName", t."contentType", t.sha256, t.size, t.origin, $2, now()
       FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::uuid[])
         AS t(id, title, "fileName", "contentType", sha256, size, origin)`,
      [
        args.targetRealmId,
        migrationId,
        targetIds,
        docs.map((d) => d.title),
        docs.map((d) => d.fileName),
        docs.map((d) => d.contentType),
        docs.map((d) => d.sha256),
        docs.map((d) => d.size),
        args.migrationRows ? sourceIds : sourceIds.map(() => null),
      ],
    );
    // Copied stage files: new records pointing at the same blobs.
    await q(
      `INSERT INTO "StageFile" (id, "documentId", stage, name, "contentType", sha256, size, "copiedFromId")
       SELECT gen_random_uuid(), t.target, f.stage, f.name, f."contentType", f.sha256, f.size, f.id
       FROM "StageFile" f JOIN unnest($1::uuid[], $2::uuid[]) AS t(source, target) ON f."documentId" = t.source
       WHERE f.stage <> 'ingestor'`,
      [sourceIds, targetIds],
    );
  }

  // The ingestor's outputs: its report blob and file record, its stage run, the ingestion row.
  const count = (rows: Array<{ documentId: string }>) => {
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.documentId, (counts.get(r.documentId) ?? 0) + 1);
    return (id: string) => counts.get(id) ?? 0;
  };
  const points = count(chunks.rows);
  const nodes = count(mentions.rows);
  const edges = count(relations.rows);
  const reports = docs.map((d) => {
    const report = JSON.stringify({
      version: 1,
      databases: [
        {
          databaseId: args.targetDatabaseId,
          status: "SUCCEEDED",
          points: points(d.id),
          nodes: nodes(d.id),
          relationships: edges(d.id),
        },
      ],
      document: targetOf.get(d.id),
    });
    return { sha256: crypto.createHash("sha256").update(report).digest("hex"), size: Buffer.byteLength(report) };
  });
  await q(`INSERT INTO "Blob" (sha256, size) SELECT * FROM unnest($1::text[], $2::bigint[]) ON CONFLICT DO NOTHING`, [
    reports.map((r) => r.sha256),
    reports.map((r) => r.size),
  ]);
  await q(
    `INSERT INTO "StageFile" (id, "documentId", stage, name, "contentType", sha256, size)
     SELECT gen_random_uuid(), t.doc, 'ingestor', t.name, 'application/json', t.sha256, t.size
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[]) AS t(doc, name, sha256, size)
     ON CONFLICT ("documentId", stage) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, name = excluded.name`,
    [
      targetIds,
      docs.map((d) => `${d.fileName.replace(/\.[^.]*$/, "")}.ingestion.json`),
      reports.map((r) => r.sha256),
      reports.map((r) => r.size),
    ],
  );
  await q(
    `INSERT INTO "StageRun" (id, "documentId", stage, status, attempt, "migrationId", "finishedAt", "durationMs")
     SELECT gen_random_uuid(), doc, 'ingestor', 'SUCCEEDED', 1, $2, now(), 0 FROM unnest($1::uuid[]) AS doc`,
    [targetIds, migrationId],
  );
  await q(
    `INSERT INTO "Ingestion" (id, "documentId", "databaseId", status, points, nodes, relationships, "contentHash", "migrationId", "updatedAt")
     SELECT gen_random_uuid(), t.doc, $1, 'SUCCEEDED', t.points, t.nodes, t.edges, t.hash, $2, now()
     FROM unnest($3::uuid[], $4::int[], $5::int[], $6::int[], $7::text[]) AS t(doc, points, nodes, edges, hash)`,
    [
      args.targetDatabaseId,
      migrationId,
      targetIds,
      sourceIds.map(points),
      sourceIds.map(nodes),
      sourceIds.map(edges),
      reports.map((r) => r.sha256),
    ],
  );

  // The records in the target EMBEDDED database.
  const dst = args.targetDatabaseId;
  const realm = args.targetRealmId;
  const c = chunks.rows;
  await q(
    `INSERT INTO "EmbeddedChunk" (id, "databaseId", "realmId", "documentId", "chunkIndex", title, text, "startOffset", "endOffset", vector, entities)
     SELECT gen_random_uuid(), $1, $2, t.doc, t.idx, t.title, t.text, t.s, t.e, t.vector,
            ARRAY(SELECT jsonb_array_elements_text(t.entities))
     FROM unnest($3::uuid[], $4::int[], $5::text[], $6::text[], $7::int[], $8::int[], $9::text[], $10::jsonb[])
       AS t(doc, idx, title, text, s, e, vector, entities)`,
    [
      dst,
      realm,
      c.map((r) => targetOf.get(r.documentId)),
      c.map((r) => r.chunkIndex),
      c.map((r) => r.title),
      c.map((r) => r.text),
      c.map((r) => r.startOffset),
      c.map((r) => r.endOffset),
      c.map((r) => r.vector),
      c.map((r) => JSON.stringify(r.entities)),
    ],
  );
  const e = entities.rows;
  await q(
    `INSERT INTO "EmbeddedEntity" ("databaseId", "realmId", key, name, type)
     SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[]) ON CONFLICT DO NOTHING`,
    [dst, realm, e.map((r) => r.key), e.map((r) => r.name), e.map((r) => r.type)],
  );
  const m = mentions.rows;
  await q(
    `INSERT INTO "EmbeddedMention" ("databaseId", "realmId", "documentId", "entityKey")
     SELECT $1, $2, * FROM unnest($3::uuid[], $4::text[])`,
    [dst, realm, m.map((r) => targetOf.get(r.documentId)), m.map((r) => r.entityKey)],
  );
  const r = relations.rows;
  await q(
    `INSERT INTO "EmbeddedRelation" ("databaseId", "realmId", "documentId", "sourceKey", "targetKey", type)
     SELECT $1, $2, * FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[])`,
    [
      dst,
      realm,
      r.map((x) => targetOf.get(x.documentId)),
      r.map((x) => x.sourceKey),
      r.map((x) => x.targetKey),
      r.map((x) => x.type),
    ],
  );

  if (migrationId) await writeMigrationRows(q, migrationId, args, sourceIds, targetIds, offset);

  if (args.mode === "move") {
    for (const table of ["EmbeddedChunk", "EmbeddedMention", "EmbeddedRelation"])
      await q(`DELETE FROM "${table}" WHERE "databaseId" = $1 AND "documentId" = ANY($2::uuid[])`, [src, sourceIds]);
    await q(
      `UPDATE "Ingestion" SET status = 'REMOVED', points = 0, nodes = 0, relationships = 0, "updatedAt" = now()
       WHERE "documentId" = ANY($1::uuid[])`,
      [sourceIds],
    );
    await q(
      `UPDATE "Document" SET status = 'RETIRED', "retiredAt" = now(), "updatedAt" = now() WHERE id = ANY($1::uuid[])`,
      [sourceIds],
    );
  }
}

/** One completed item per document and its two events (started, completed), as the engine records them. */
async function writeMigrationRows(
  q: (text: string, values: unknown[]) => Promise<unknown>,
  migrationId: string,
  args: FloorArgs,
  sourceIds: string[],
  targetIds: string[],
  offset: number,
): Promise<void> {
  const itemIds = sourceIds.map(() => uuid());
  const now = new Date().toISOString();
  await q(
    `INSERT INTO "MigrationItem" (id, "migrationId", ordinal, "sourceDocumentId", "targetDocumentId", status, attempt, "migratedStages", "startedAt", "completedAt", "updatedAt")
     SELECT t.id, $1, t.ordinal, t.source, t.target, 'COMPLETED', 1, $5::text[], now(), now(), now()
     FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $6::int[]) AS t(id, source, target, ordinal)`,
    [migrationId, itemIds, sourceIds, targetIds, ["ingestor"], sourceIds.map((_, i) => offset + i + 1)],
  );
  const payloads: string[] = [];
  const sequences: number[] = [];
  const types: string[] = [];
  sourceIds.forEach((source, i) => {
    for (const [k, type] of (["item.started", "item.completed"] as const).entries()) {
      const sequence = 2 * (offset + i) + k + 1;
      sequences.push(sequence);
      types.push(type);
      payloads.push(
        JSON.stringify({
          migrationId,
          sequence,
          type,
          status: "IN_PROGRESS",
          totalDocuments: 0,
          processedDocuments: offset + i + k,
          failedDocuments: 0,
          skippedDocuments: 0,
          cancelledDocuments: 0,
          progress: 0,
          item: {
            id: itemIds[i],
            ordinal: offset + i + 1,
            sourceDocumentId: source,
            targetDocumentId: k ? targetIds[i] : null,
            status: k ? "COMPLETED" : "IN_PROGRESS",
            attempt: 1,
            error: null,
            errorStage: null,
          },
          message: null,
          createdAt: now,
          sourceRealmId: args.sourceRealmId,
          targetRealmId: args.targetRealmId,
        }),
      );
    }
  });
  await q(
    `INSERT INTO "MigrationEvent" (id, "migrationId", sequence, type, payload)
     SELECT gen_random_uuid(), $1, * FROM unnest($2::int[], $3::text[], $4::jsonb[])`,
    [migrationId, sequences, types, payloads],
  );
  await q(
    `UPDATE "Migration" SET "processedDocuments" = "processedDocuments" + $2, "lastSequence" = "lastSequence" + $3, "updatedAt" = now() WHERE id = $1`,
    [migrationId, sourceIds.length, 2 * sourceIds.length],
  );
}
