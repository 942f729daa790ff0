// Runs stages for a document: one StageRun row per attempt, one stage file per stage (content-addressed),
// document status PROCESSING → READY | FAILED. Background work goes through a bounded in-process queue.
import type { Prisma } from "./db/open.ts";
import type { BlobStore, StoredBlob } from "./blobs.ts";
import type { Document } from "../generated/prisma/client.ts";
import type { StageName } from "./stages/types.ts";
import { fileStem, type StageContext, type StageDefinition, type StageOutcome } from "./stages/registry.ts";
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
    const failure = (await this.runStagesMany([document], options)).get(document.id);
    if (failure) throw failure;
  }

  /**
   * Runs `stages` for many documents side by side, stage by stage: per stage one statement records every
   * document's run and one its outputs (blob rows, stage files, the runs' success), and a stage that has a
   * set form (the ingestor) does its work for all of them at once. A document whose stage fails stops there,
   * its run recorded FAILED; the others go on. Returns the failures by document id (empty when all ran).
   */
  async runStagesMany(documents: Document[], options: RunOptions = {}): Promise<Map<string, StageFailedError>> {
    const order = options.stages ?? this.defaultStages;
    const failures = new Map<string, StageFailedError>();
    if (documents.length === 0 || order.length === 0) return failures;
    // Each document's stage files (stage → sha256), read once; each stage's output replaces its entry.
    const files = await this.stageFilesOf(documents.map((d) => d.id));
    let active = documents;
    for (const name of order) {
      if (active.length === 0) break;
      const stage = this.stages[name];
      const startedAt = new Date();
      const runs = await this.startRuns(active, name, options.migrationId ?? null, startedAt);
      for (const document of active) this.stageEvent(document, "stage_run.started", name, runs.get(document.id)!, null);
      const contexts = active.map((document) => this.contextOf(document, options, files.get(document.id)!));
      const outcomes = stage.runMany
        ? await stage.runMany(contexts)
        : await Promise.all(contexts.map((ctx) => stage.run(ctx).then(outputOf, errorOf)));
      const written = await Promise.all(
        active.map(async (document, i): Promise<{ document: Document; blob: StoredBlob } | null> => {
          const outcome = outcomes[i]!;
          const runId = runs.get(document.id)!;
          try {
            if ("error" in outcome) throw outcome.error;
            return { document, blob: await this.blobs.put(outcome.output, { allowEmpty: true }) };
          } catch (error) {
            await this.finishRun(runId, startedAt, "FAILED", describe(error));
            this.stageEvent(document, "stage_run.failed", name, runId, describe(error));
            failures.set(document.id, new StageFailedError(name, error));
            return null;
          }
        }),
      );
      const succeeded = written.filter((w): w is { document: Document; blob: StoredBlob } => w !== null);
      await this.recordOutputs(
        name,
        stage,
        startedAt,
        succeeded.map((w) => ({ ...w, runId: runs.get(w.document.id)! })),
      );
      for (const { document, blob } of succeeded) {
        files.get(document.id)!.set(name, blob.sha256);
        this.stageEvent(document, "stage_run.succeeded", name, runs.get(document.id)!, null);
      }
      active = succeeded.map((w) => w.document);
    }
    return failures;
  }

  private async stageFilesOf(documentIds: string[]): Promise<Map<string, Map<string, string>>> {
    const rows = await this.prisma.$queryRawUnsafe<Array<{ documentId: string; stage: string; sha256: string }>>(
      `SELECT "documentId", stage, sha256 FROM "StageFile" WHERE "documentId" = ANY($1::uuid[])`,
      documentIds,
    );
    const files = new Map(documentIds.map((id) => [id, new Map<string, string>()]));
    for (const row of rows) files.get(row.documentId)?.set(row.stage, row.sha256);
    return files;
  }

  private contextOf(document: Document, options: RunOptions, files: Map<string, string>): StageContext {
    return {
      document,
      databaseIds: options.databaseIds,
      migrationId: options.migrationId,
      original: () => this.blobs.read(document.sha256),
      input: async (stage) => {
        const sha256 = files.get(stage);
        return sha256 === undefined ? null : this.blobs.readText(sha256);
      },
    };
  }

  /** One RUNNING run per document, its attempt number counted in the same statement; run ids by document. */
  private async startRuns(
    documents: Document[],
    stage: StageName,
    migrationId: string | null,
    startedAt: Date,
  ): Promise<Map<string, string>> {
    const rows = await this.prisma.$queryRawUnsafe<Array<{ id: string; documentId: string }>>(
      `INSERT INTO "StageRun" (id, "documentId", stage, status, attempt, "migrationId", "startedAt")
       SELECT gen_random_uuid(), d.id, $2, 'RUNNING',
         (SELECT count(*) FROM "StageRun" r WHERE r."documentId" = d.id AND r.stage = $2)::int + 1, $3::uuid, $4::timestamp(3)
       FROM unnest($1::uuid[]) AS d(id)
       RETURNING id, "documentId"`,
      documents.map((d) => d.id),
      stage,
      migrationId,
      startedAt.toISOString(),
    );
    return new Map(rows.map((r) => [r.documentId, r.id]));
  }

  /**
   * One statement, so atomic without a transaction: the blob rows, the stage files (replacing earlier
   * outputs or copies) and the runs' success, for every document whose stage succeeded.
   */
  private async recordOutputs(
    name: StageName,
    stage: StageDefinition,
    startedAt: Date,
    outputs: Array<{ document: Document; blob: StoredBlob; runId: string }>,
  ): Promise<void> {
    if (outputs.length === 0) return;
    const finishedAt = new Date();
    const rows = outputs.map(({ document, blob, runId }) => ({
      document: document.id,
      run: runId,
      name: stage.fileName(fileStem(document.fileName)),
      sha256: blob.sha256,
      size: String(blob.size),
    }));
    await this.prisma.$executeRawUnsafe(
      `WITH v AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS v(document uuid, run uuid, name text, sha256 text, size bigint)
       ), b AS (
         INSERT INTO "Blob" (sha256, size, "createdAt") SELECT DISTINCT sha256, size, $4::timestamp(3) FROM v ON CONFLICT DO NOTHING
       ), f AS (
         INSERT INTO "StageFile" (id, "documentId", stage, name, "contentType", sha256, size, "createdAt")
         SELECT gen_random_uuid(), v.document, $2, v.name, $3, v.sha256, v.size, $4::timestamp(3) FROM v
         ON CONFLICT ("documentId", stage) DO UPDATE SET name = excluded.name, "contentType" = excluded."contentType",
           sha256 = excluded.sha256, size = excluded.size, "copiedFromId" = NULL
       )
       UPDATE "StageRun" r SET status = 'SUCCEEDED', error = NULL, "finishedAt" = $4::timestamp(3), "durationMs" = $5::int
       FROM v WHERE r.id = v.run`,
      JSON.stringify(rows),
      name,
      stage.contentType,
      finishedAt.toISOString(),
      finishedAt.getTime() - startedAt.getTime(),
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

const outputOf = (output: string): StageOutcome => ({ output });
const errorOf = (error: unknown): StageOutcome => ({ error });

function describe(error: unknown): string {
  if (error instanceof DomainError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
