// Runs stages for a document: one StageRun row per attempt, one stage file per stage (content-addressed),
// document status PROCESSING → READY | FAILED. Background work goes through a bounded in-process queue.
import type { Prisma } from "./db/open.ts";
import { recordBlob, type BlobStore } from "./blobs.ts";
import type { Document } from "../generated/prisma/client.ts";
import type { StageName } from "./stages/types.ts";
import { fileStem, type StageContext, type StageDefinition } from "./stages/registry.ts";
import { DomainError } from "./errors.ts";

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
  ) {}

  /** Runs `stages` now; records every attempt. Throws StageFailedError at the first failing stage. */
  async runStages(document: Document, options: RunOptions = {}): Promise<void> {
    const order = options.stages ?? this.defaultStages;
    const stem = fileStem(document.fileName);
    const ctx: StageContext = {
      document,
      databaseIds: options.databaseIds,
      migrationId: options.migrationId,
      original: () => this.blobs.read(document.sha256),
      input: async (stage) => {
        const file = await this.prisma.stageFile.findUnique({
          where: { documentId_stage: { documentId: document.id, stage } },
        });
        return file ? this.blobs.readText(file.sha256) : null;
      },
    };
    for (const name of order) {
      const stage = this.stages[name];
      const attempt = 1 + (await this.prisma.stageRun.count({ where: { documentId: document.id, stage: name } }));
      const run = await this.prisma.stageRun.create({
        data: {
          documentId: document.id,
          stage: name,
          status: "RUNNING",
          attempt,
          migrationId: options.migrationId ?? null,
        },
      });
      try {
        const output = await stage.run(ctx);
        const blob = await this.blobs.put(output, { allowEmpty: true });
        await this.prisma.$transaction([
          recordBlob(this.prisma, blob),
          this.prisma.stageFile.upsert({
            where: { documentId_stage: { documentId: document.id, stage: name } },
            create: {
              documentId: document.id,
              stage: name,
              name: stage.fileName(stem),
              contentType: stage.contentType,
              sha256: blob.sha256,
              size: blob.size,
            },
            update: {
              name: stage.fileName(stem),
              contentType: stage.contentType,
              sha256: blob.sha256,
              size: blob.size,
              copiedFromId: null,
            },
          }),
          this.finishRun(run.id, run.startedAt, "SUCCEEDED", null),
        ]);
      } catch (error) {
        await this.finishRun(run.id, run.startedAt, "FAILED", describe(error));
        throw new StageFailedError(name, error);
      }
    }
  }

  /** Marks the document PROCESSING and runs the pipeline; the document ends READY or FAILED. */
  async process(documentId: string, options: RunOptions = {}): Promise<Document> {
    const document = await this.prisma.document.update({
      where: { id: documentId },
      data: { status: "PROCESSING", error: null },
    });
    try {
      await this.runStages(document, options);
      return await this.prisma.document.update({ where: { id: documentId }, data: { status: "READY" } });
    } catch (error) {
      const message = error instanceof StageFailedError ? error.message : describe(error);
      return await this.prisma.document.update({
        where: { id: documentId },
        data: { status: "FAILED", error: message },
      });
    }
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
