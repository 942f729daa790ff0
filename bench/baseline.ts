// The baselines: the seed's algorithm done naively (SEED-document-migration.md, DocumentMigrationService):
// per document, every step awaited in turn — validate, copy the document row, copy each stage file byte by
// byte (read the blob, write a new file) with its record, re-run the ingestor (read and parse its inputs,
// write the chunk, entity, mention and relation rows), then the item and migration counters — each statement
// its own transaction (autocommit), as the seed's independent service calls are. Same driver as the floor.
// Two styles of writing a document's rows:
// - "per-row": one INSERT per stage-file record, chunk, entity, mention and relation (~200 statements for
//   this workload's document);
// - "set-based": the same steps with one multi-row INSERT per table per document (unnest arrays): the fair
//   naive loop, what a careful sequential implementation does without batching across documents.
// Their cost per document is constant (nothing is amortised across documents), so a time box (--baseline-seconds)
// gives a fair figure; by default they finish their N.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import type { ChunksFile, FactsFile } from "../server/services/stages/types.ts";
import type { FloorMode } from "./floor.ts";

export type BaselineStyle = "per-row" | "set-based";

export interface BaselineArgs {
  mode: FloorMode;
  style: BaselineStyle;
  sourceRealmId: string;
  sourceDatabaseId: string;
  targetRealmId: string;
  targetDatabaseId: string;
  blobRoot: string;
  /** Where byte-for-byte copies of stage files go. */
  copyRoot: string;
  /** Stop starting new documents after this long (ms; default: none); the figure is per completed document. */
  budgetMs?: number;
}

export interface BaselineResult {
  documents: number;
  ms: number;
  /** Documents selected; `documents` < `selected` when the time box ended the run. */
  selected: number;
}

const blobPath = (root: string, sha256: string) => path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);

export async function baselineMigrate(pool: pg.Pool, args: BaselineArgs): Promise<BaselineResult> {
  const client = await pool.connect();
  const q = (text: string, values: unknown[] = []) => client.query(text, values);
  const started = performance.now();
  let documents = 0;
  const budgetMs = args.budgetMs ?? Infinity;
  const setBased = args.style === "set-based";
  try {
    const backfill = args.mode === "backfill";
    const migrationId = crypto.randomUUID();
    const { rows: selected } = await q(
      `SELECT id FROM "Document" WHERE "realmId" = $1 AND "retiredAt" IS NULL AND status = 'READY' ORDER BY "createdAt", id`,
      [args.sourceRealmId],
    );
    await q(
      `INSERT INTO "Migration" (id, type, status, mode, "sourceRealmId", "targetRealmId", "totalDocuments", "startedAt", "updatedAt")
       VALUES ($1, $2, 'IN_PROGRESS', $3, $4, $5, $6, now(), now())`,
      [
        migrationId,
        backfill ? "REALM_DATABASE_ADDITION" : "DOCUMENT_TO_REALM",
        args.mode === "move" ? "MOVE" : "COPY",
        args.sourceRealmId,
        args.targetRealmId,
        selected.length,
      ],
    );
    for (const [i, { id: sourceId }] of selected.entries()) {
      if (performance.now() - started > budgetMs) break;
      const itemId = crypto.randomUUID();
      await q(
        `INSERT INTO "MigrationItem" (id, "migrationId", ordinal, "sourceDocumentId", status, "migratedStages", "startedAt", "updatedAt")
         VALUES ($1, $2, $3, $4, 'IN_PROGRESS', '{}', now(), now())`,
        [itemId, migrationId, i + 1, sourceId],
      );
      const source = (await q(`SELECT * FROM "Document" WHERE id = $1`, [sourceId])).rows[0];
      const files = (await q(`SELECT * FROM "StageFile" WHERE "documentId" = $1`, [sourceId])).rows;
      let targetId: string = sourceId;
      const stageInputs = new Map<string, string>();
      if (!backfill) {
        // validateMigration, copyDocumentMetadata
        await q(`SELECT id FROM "Realm" WHERE id = $1`, [args.targetRealmId]);
        await q(`SELECT id FROM "Document" WHERE "realmId" = $1 AND title = $2 AND "retiredAt" IS NULL`, [
          args.targetRealmId,
          source.title,
        ]);
        targetId = crypto.randomUUID();
        await q(
          `INSERT INTO "Document" (id, "realmId", title, status, "fileName", "contentType", sha256, size, "originDocumentId", "migrationId", "updatedAt")
           VALUES ($1, $2, $3, 'MIGRATING', $4, $5, $6, $7, $8, $9, now())`,
          [
            targetId,
            args.targetRealmId,
            source.title,
            source.fileName,
            source.contentType,
            source.sha256,
            source.size,
            sourceId,
            migrationId,
          ],
        );
        // copyStageFiles: byte for byte, then the records.
        const copied = files.filter((f) => f.stage !== "ingestor");
        for (const file of copied) {
          const bytes = await fs.readFile(blobPath(args.blobRoot, file.sha256));
          const copy = path.join(args.copyRoot, targetId, file.name);
          await fs.mkdir(path.dirname(copy), { recursive: true });
          await fs.writeFile(copy, bytes);
          if (!setBased)
            await q(
              `INSERT INTO "StageFile" (id, "documentId", stage, name, "contentType", sha256, size, "copiedFromId")
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
              [crypto.randomUUID(), targetId, file.stage, file.name, file.contentType, file.sha256, file.size, file.id],
            );
          stageInputs.set(file.stage, copy);
        }
        if (setBased)
          await q(
            `INSERT INTO "StageFile" (id, "documentId", stage, name, "contentType", sha256, size, "copiedFromId")
             SELECT gen_random_uuid(), $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::uuid[])`,
            [
              targetId,
              copied.map((f) => f.stage),
              copied.map((f) => f.name),
              copied.map((f) => f.contentType),
              copied.map((f) => f.sha256),
              copied.map((f) => f.size),
              copied.map((f) => f.id),
            ],
          );
      } else {
        for (const file of files) stageInputs.set(file.stage, blobPath(args.blobRoot, file.sha256));
      }
      // reprocessRequiredStages: the ingestor.
      const runId = crypto.randomUUID();
      await q(
        `INSERT INTO "StageRun" (id, "documentId", stage, status, attempt, "migrationId") VALUES ($1, $2, 'ingestor', 'RUNNING', 1, $3)`,
        [runId, targetId, migrationId],
      );
      const chunks = JSON.parse(await fs.readFile(stageInputs.get("chunker")!, "utf8")) as ChunksFile;
      const facts = JSON.parse(await fs.readFile(stageInputs.get("fact-generator")!, "utf8")) as FactsFile;
      const ingestionId = crypto.randomUUID();
      await q(
        `INSERT INTO "Ingestion" (id, "documentId", "databaseId", status, "migrationId", "updatedAt") VALUES ($1, $2, $3, 'PENDING', $4, now())`,
        [ingestionId, targetId, args.targetDatabaseId, migrationId],
      );
      const names = new Map<number, string[]>();
      for (const e of facts.entities) for (const c of e.chunks) names.set(c, [...(names.get(c) ?? []), e.name]);
      const relations = new Map(facts.relations.map((r) => [`${r.source}\u0000${r.type}\u0000${r.target}`, r]));
      if (setBased)
        await writeRowsSetBased(q, args, targetId, source.title, chunks, facts, names, [...relations.values()]);
      else await writeRowsPerRow(q, args, targetId, source.title, chunks, facts, names, [...relations.values()]);
      await q(
        `UPDATE "Ingestion" SET status = 'SUCCEEDED', points = $2, nodes = $3, relationships = $4, "updatedAt" = now() WHERE id = $1`,
        [ingestionId, chunks.chunks.length, facts.entities.length, relations.size],
      );
      const report = JSON.stringify({
        version: 1,
        databases: [{ databaseId: args.targetDatabaseId, points: chunks.chunks.length }],
        document: targetId,
      });
      const sha256 = crypto.createHash("sha256").update(report).digest("hex");
      const reportFile = path.join(args.copyRoot, targetId, "ingestion.json");
      await fs.mkdir(path.dirname(reportFile), { recursive: true });
      await fs.writeFile(reportFile, report);
      await q(`INSERT INTO "Blob" (sha256, size) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [sha256, report.length]);
      await q(
        `INSERT INTO "StageFile" (id, "documentId", stage, name, "contentType", sha256, size) VALUES ($1, $2, 'ingestor', 'ingestion.json', 'application/json', $3, $4)
         ON CONFLICT ("documentId", stage) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size`,
        [crypto.randomUUID(), targetId, sha256, report.length],
      );
      await q(`UPDATE "StageRun" SET status = 'SUCCEEDED', "finishedAt" = now() WHERE id = $1`, [runId]);
      if (!backfill) await q(`UPDATE "Document" SET status = 'READY', "updatedAt" = now() WHERE id = $1`, [targetId]);
      if (args.mode === "move") {
        // cleanupIfNeeded: the source's records leave its database, the source is retired.
        for (const table of ["EmbeddedChunk", "EmbeddedMention", "EmbeddedRelation"])
          await q(`DELETE FROM "${table}" WHERE "databaseId" = $1 AND "documentId" = $2`, [
            args.sourceDatabaseId,
            sourceId,
          ]);
        await q(`UPDATE "Ingestion" SET status = 'REMOVED', "updatedAt" = now() WHERE "documentId" = $1`, [sourceId]);
        await q(`UPDATE "Document" SET status = 'RETIRED', "retiredAt" = now(), "updatedAt" = now() WHERE id = $1`, [
          sourceId,
        ]);
      }
      await q(
        `UPDATE "MigrationItem" SET status = 'COMPLETED', "targetDocumentId" = $2, "completedAt" = now(), "updatedAt" = now() WHERE id = $1`,
        [itemId, targetId],
      );
      await q(
        `UPDATE "Migration" SET "processedDocuments" = "processedDocuments" + 1, "updatedAt" = now() WHERE id = $1`,
        [migrationId],
      );
      documents++;
    }
    return { documents, ms: performance.now() - started, selected: selected.length };
  } finally {
    client.release();
  }
}

type Query = (text: string, values?: unknown[]) => Promise<unknown>;
type Relation = FactsFile["relations"][number];

const vectorText = (vector: number[]) => Buffer.from(Float32Array.from(vector).buffer).toString("base64");

/** One INSERT per chunk, entity, mention and relation. */
async function writeRowsPerRow(
  q: Query,
  args: BaselineArgs,
  targetId: string,
  title: string,
  chunks: ChunksFile,
  facts: FactsFile,
  names: Map<number, string[]>,
  relations: Relation[],
): Promise<void> {
  for (const c of chunks.chunks) {
    await q(
      `INSERT INTO "EmbeddedChunk" (id, "databaseId", "realmId", "documentId", "chunkIndex", title, text, "startOffset", "endOffset", vector, entities)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        crypto.randomUUID(),
        args.targetDatabaseId,
        args.targetRealmId,
        targetId,
        c.index,
        title,
        c.text,
        c.start,
        c.end,
        vectorText(c.vector),
        names.get(c.index) ?? [],
      ],
    );
  }
  for (const e of facts.entities) {
    await q(
      `INSERT INTO "EmbeddedEntity" ("databaseId", "realmId", key, name, type) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [args.targetDatabaseId, args.targetRealmId, e.key, e.name, e.type],
    );
    await q(
      `INSERT INTO "EmbeddedMention" ("databaseId", "realmId", "documentId", "entityKey") VALUES ($1, $2, $3, $4)`,
      [args.targetDatabaseId, args.targetRealmId, targetId, e.key],
    );
  }
  for (const r of relations) {
    await q(
      `INSERT INTO "EmbeddedRelation" ("databaseId", "realmId", "documentId", "sourceKey", "targetKey", type) VALUES ($1, $2, $3, $4, $5, $6)`,
      [args.targetDatabaseId, args.targetRealmId, targetId, r.source, r.target, r.type],
    );
  }
}

/** One multi-row INSERT per table: chunks, entities, mentions, relations. */
async function writeRowsSetBased(
  q: Query,
  args: BaselineArgs,
  targetId: string,
  title: string,
  chunks: ChunksFile,
  facts: FactsFile,
  names: Map<number, string[]>,
  relations: Relation[],
): Promise<void> {
  const c = chunks.chunks;
  await q(
    `INSERT INTO "EmbeddedChunk" (id, "databaseId", "realmId", "documentId", "chunkIndex", title, text, "startOffset", "endOffset", vector, entities)
     SELECT gen_random_uuid(), $1, $2, $3, t.idx, $4, t.text, t.s, t.e, t.vector, ARRAY(SELECT jsonb_array_elements_text(t.entities))
     FROM unnest($5::int[], $6::text[], $7::int[], $8::int[], $9::text[], $10::jsonb[]) AS t(idx, text, s, e, vector, entities)`,
    [
      args.targetDatabaseId,
      args.targetRealmId,
      targetId,
      title,
      c.map((x) => x.index),
      c.map((x) => x.text),
      c.map((x) => x.start),
      c.map((x) => x.end),
      c.map((x) => vectorText(x.vector)),
      c.map((x) => JSON.stringify(names.get(x.index) ?? [])),
    ],
  );
  const e = facts.entities;
  await q(
    `INSERT INTO "EmbeddedEntity" ("databaseId", "realmId", key, name, type)
     SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[]) ON CONFLICT DO NOTHING`,
    [args.targetDatabaseId, args.targetRealmId, e.map((x) => x.key), e.map((x) => x.name), e.map((x) => x.type)],
  );
  await q(
    `INSERT INTO "EmbeddedMention" ("databaseId", "realmId", "documentId", "entityKey")
     SELECT $1, $2, $3, * FROM unnest($4::text[])`,
    [args.targetDatabaseId, args.targetRealmId, targetId, e.map((x) => x.key)],
  );
  await q(
    `INSERT INTO "EmbeddedRelation" ("databaseId", "realmId", "documentId", "sourceKey", "targetKey", type)
     SELECT $1, $2, $3, * FROM unnest($4::text[], $5::text[], $6::text[])`,
    [
      args.targetDatabaseId,
      args.targetRealmId,
      targetId,
      relations.map((r) => r.source),
      relations.map((r) => r.target),
      relations.map((r) => r.type),
    ],
  );
}
