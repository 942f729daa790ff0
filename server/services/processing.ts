// Runs stages for a document: one StageRun row per attempt, one stage file per stage (content-addressed),
// document status PROCESSING → READY | FAILED. Background work goes through a bounded in-process queue.
import type { Prisma } from "./db/open.ts";
import type { BlobStore, StoredBlob } from "./blobs.ts";
import type { Document } from "../generated/prisma/client.ts";
import type { StageName } from "./stages/types.ts";
import { fileStem, type StageContext, type StageDefinition } from "./stages/registry.ts";
import { DomainError } from "./errors.ts";
import type { DocumentEventSink } from "./document-events.ts";

export interface RunOptions {
  /** Stages to run, in pipeline order; default: the whole pipeline. */
  stages?: StageName[] | undefined;
  databaseIds?: string[] | undefined;
  migrationId?: string | undefined;
}

/** Raised when a stage fails; carries the stage so callers can record where it broke. */
export class StageFailedError extends Error {
  constructor(
    readonly stage: StageName,
    readonly reason: unknown,
  ) {
    super(`Stage ${stage} failed: ${reason instanceof Error ? reason.message : String(reason)}`);
    this.cause = reason;
  }
}

export class DocumentProcessor {
  private readonly queue: Array<{ documentId: string; options: RunOptions }> = [];
  private running = 0;
  private idleWaiters: Array<() => void> = [];
  private stopped = false;

  constructor(
    private readonly prisma: Prisma,
    private readonly blobs: BlobStore,
    private readonly stages: Record<StageName, StageDefinition>,
    private readonly defaultStages: StageName[],
    private readonly concurrency: number,
    private readonly onError: (error: unknown, documentId: string) => void = () => undefined,
    /** Told of status changes and stage runs (the realm's document events); returns at once. */
    private readonly onEvent: DocumentEventSink = () => undefined,
  ) {}

  /** Runs `stages` now; records every attempt. Throws StageFailedError at the first failing stage. */
  async runStages(document: Document, options: RunOptions = {}): Promise<void> {
    const order = options.stages ?? this.defaultStages;
    const stem = fileStem(document.fileName);
    // The document's stage files (stage → sha256), read once; each stage's output replaces its entry.
    let files: Promise<Map<string, string>> | undefined;
    const fileOf = async (stage: StageName) => {
      files ??= this.prisma
        .$queryRawUnsafe<Array<{ stage: string; sha256: string }>>(
          `SELECT stage, sha256 FROM "StageFile" WHERE "documentId" = $1::uuid`,
          document.id,
        )
        .then((rows) => new Map(rows.map((r) => [r.stage, r.sha256])));
      return (await files).get(stage);
    };
    const ctx: StageContext = {
      document,
      databaseIds: options.databaseIds,
      migrationId: options.migrationId,
      original: () => this.blobs.read(document.sha256),
      input: async (stage) => {
        const sha256 = await fileOf(stage);
        return sha256 === undefined ? null : this.blobs.readText(sha256);
      },
    };
    for (const name of order) {
      const stage = this.stages[name];
      const startedAt = new Date();
      // The attempt number is counted and the run recorded in one statement.
      const [run] = await this.prisma.$queryRawUnsafe<Array<{ id: string }>>(
        `INSERT INTO "StageRun" (id, "documentId", stage, status, attempt, "migrationId", "startedAt")
         SELECT gen_random_uuid(), $1::uuid, $2, 'RUNNING', (count(*) + 1)::int, $3::uuid, $4::timestamp(3)
         FROM "StageRun" WHERE "documentId" = $1::uuid AND stage = $2
         RETURNING id`,
        document.id,
        name,
        options.migrationId ?? null,
        startedAt.toISOString(),
      );
      const runId = run!.id;
      this.stageEvent(document, "stage_run.started", name, runId, null);
      try {
        const output = await stage.run(ctx);
        const blob = await this.blobs.put(output, { allowEmpty: true });
        await this.recordOutput(document.id, name, stage, stem, blob, runId, startedAt);
        if (files) (await files).set(name, blob.sha256);
      } catch (error) {
        await this.finishRun(runId, startedAt, "FAILED", describe(error));
        this.stageEvent(document, "stage_run.failed", name, runId, describe(error));
        throw new StageFailedError(name, error);
      }
      this.stageEvent(document, "stage_run.succeeded", name, runId, null);
    }
  }

  /**
   * One statement, so atomic without a transaction: the blob row, the stage file (replacing an earlier
   * output or copy) and the run's success. Same rows as recordBlob + stageFile.upsert + finishRun.
   */
  private async recordOutput(
    documentId: string,
    name: StageName,
    stage: StageDefinition,
    stem: string,
    blob: StoredBlob,
    runId: string,
    startedAt: Date,
  ): Promise<void> {
    const finishedAt = new Date();
    await this.prisma.$executeRawUnsafe(
      `WITH b AS (
         INSERT INTO "Blob" (sha256, size, "createdAt") VALUES ($1, $2::bigint, $7::timestamp(3)) ON CONFLICT DO NOTHING
       ), f AS (
         INSERT INTO "StageFile" (id, "documentId", stage, name, "contentType", sha256, size, "createdAt")
         VALUES (gen_random_uuid(), $3::uuid, $4, $5, $6, $1, $2::bigint, $7::timestamp(3))
         ON CONFLICT ("documentId", stage) DO UPDATE SET name = excluded.name, "contentType" = excluded."contentType",
           sha256 = excluded.sha256, size = excluded.size, "copiedFromId" = NULL
       )
       UPDATE "StageRun" SET status = 'SUCCEEDED', error = NULL, "finishedAt" = $7::timestamp(3), "durationMs" = $8::int
       WHERE id = $9::uuid`,
      blob.sha256,
      String(blob.size),
      documentId,
      name,
      stage.fileName(stem),
      stage.contentType,
      finishedAt.toISOString(),
      finishedAt.getTime() - startedAt.getTime(),
      runId,
    );
  }

  /** Marks the document PROCESSING and runs the pipeline; the document ends READY or FAILED. */
  async process(documentId: string, options: RunOptions = {}): Promise<Document> {
    const document = await this.prisma.document.update({
      where: { id: documentId },
      data: { status: "PROCESSING", error: null },
    });
    this.statusEvent(document);
    let finished: Document;
    try {
      await this.runStages(document, options);
      finished = await this.prisma.document.update({ where: { id: documentId }, data: { status: "READY" } });
    } catch (error) {
      const message = error instanceof StageFailedError ? error.message : describe(error);
      finished = await this.prisma.document.update({
        where: { id: documentId },
        data: { status: "FAILED", error: message },
      });
    }
    this.statusEvent(finished);
    return finished;
  }

  private statusEvent(document: Document): void {
    this.onEvent({
      type: "document.status_changed",
      realmId: document.realmId,
      documentId: document.id,
      title: document.title,
      status: document.status,
      error: document.error,
      stage: null,
      stageRunId: null,
    });
  }

  private stageEvent(
    document: Document,
    type: "stage_run.started" | "stage_run.succeeded" | "stage_run.failed",
    stage: StageName,
    stageRunId: string,
    error: string | null,
  ): void {
    this.onEvent({
      type,
      realmId: document.realmId,
      documentId: document.id,
      title: document.title,
      status: document.status,
      error,
      stage,
      stageRunId,
    });
  }

  /** Queues processing in the background; `idle()` resolves when the queue is empty. */
  enqueue(documentId: string, options: RunOptions = {}): void {
    this.queue.push({ documentId, options });
    this.pump();
  }

  /** Re-queues documents left PROCESSING by a previous process that stopped mid-way. */
  async resumeInterrupted(): Promise<number> {
    const stuck = await this.prisma.document.findMany({ where: { status: "PROCESSING" }, select: { id: true } });
    for (const { id } of stuck) this.enqueue(id);
    return stuck.length;
  }

  idle(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops taking queued work and waits for what is running. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.length = 0;
    await this.idle();
  }

  private pump(): void {
    while (!this.stopped && this.running < this.concurrency && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.running++;
      void this.process(job.documentId, job.options)
        .catch((error: unknown) => this.onError(error, job.documentId))
        .finally(() => {
          this.running--;
          this.pump();
          if (this.running === 0 && this.queue.length === 0) {
            for (const resolve of this.idleWaiters.splice(0)) resolve();
          }
        });
    }
  }

  private finishRun(id: string, startedAt: Date, status: "SUCCEEDED" | "FAILED", error: string | null) {
    const finishedAt = new Date();
    return this.prisma.stageRun.update({
      where: { id },
      data: { status, error, finishedAt, durationMs: finishedAt.getTime() - startedAt.getTime() },
    });
  }
}

function describe(error: unknown): string {
  if (error instanceof DomainError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
