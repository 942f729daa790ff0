// The baseline: the seed's algorithm done naively (SEED-document-migration.md, DocumentMigrationService):
// per document, every step awaited in turn — validate, copy the document row, copy each stage file byte by
// byte (read the blob, write a new file) with its record, re-run the ingestor (read and parse its inputs,
// one INSERT per chunk, entity, mention and relation), then the item and migration counters — each statement
// its own transaction (autocommit), as the seed's independent service calls are. Same driver as the floor.
// Its cost per document is constant (nothing is batched or amortised), so it may be time-boxed.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import type { ChunksFile, FactsFile } from "../server/services/stages/types.ts";
import type { FloorMode } from "./floor.ts";

export interface BaselineArgs {
  mode: FloorMode;
  sourceRealmId: string;
  sourceDatabaseId: string;
  targetRealmId: string;
  targetDatabaseId: string;
  blobRoot: string;
  /** Where byte-for-byte copies of stage files go. */
  copyRoot: string;
  /** Stop starting new documents after this long (ms); the figure is per completed document. */
  budgetMs: number;
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
      if (performance.now() - started > args.budgetMs) break;
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
        // copyStageFiles: byte for byte, then the record.
        for (const file of files.filter((f) => f.stage !== "ingestor")) {
          const bytes = await fs.readFile(blobPath(args.blobRoot, file.sha256));
          const copy = path.join(args.copyRoot, targetId, file.name);
          await fs.mkdir(path.dirname(copy), { recursive: true });
          await fs.writeFile(copy, bytes);
          await q(
            `INSERT INTO "StageFile" (id, "documentId", stage, name, "contentType", sha256, size, "copiedFromId")
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [crypto.randomUUID(), targetId, file.stage, file.name, file.contentType, file.sha256, file.size, file.id],
          );
          stageInputs.set(file.stage, copy);
        }
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
            source.title,
            c.text,
            c.start,
            c.end,
            Buffer.from(Float32Array.from(c.vector).buffer).toString("base64"),
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
      const relations = new Map(facts.relations.map((r) => [`${r.source}\u0000${r.type}\u0000${r.target}`, r]));
      for (const r of relations.values()) {
        await q(
          `INSERT INTO "EmbeddedRelation" ("databaseId", "realmId", "documentId", "sourceKey", "targetKey", type) VALUES ($1, $2, $3, $4, $5, $6)`,
          [args.targetDatabaseId, args.targetRealmId, targetId, r.source, r.target, r.type],
        );
      }
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
