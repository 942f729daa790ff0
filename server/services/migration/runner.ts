// The in-process runner. Each process claims items with leases (queue/leases.ts), so several
// processes on one PostgreSQL split the work; an expired lease (a crashed process) is taken over.
// Transient errors are retried with exponential backoff and jitter; permanent ones fail the item.
// A database blip costs no lease: recording an outcome is retried while the database is unavailable, and
// an item this process still holds but no longer works on (its outcome could not be recorded) is claimed
// again by this process at once. Every transition is fenced by owner and attempt, so each item ends once.
// Stopping drains: in-flight items finish, or are released (lease cleared) for any process to take.
// Item outcomes are logged with the migration and item id and reported to hooks (metrics, tests).
import { performance } from "node:perf_hooks";
import type { Prisma } from "../db/open.ts";
import type { Migration, MigrationItem, MigrationItemStatus, MigrationType } from "../../generated/prisma/client.ts";
import { silentLogger, type Logger } from "../../logger.ts";
import { DomainError } from "../errors.ts";
import { StageFailedError } from "../processing.ts";
import {
  deltaFor,
  snapshot,
  type EventEntry,
  type MigrationEventPayload,
  type MigrationEvents,
  type Tx,
} from "./events.ts";
import type { ItemOutcome, ItemResult, ItemSet, UndoOutcome } from "./kinds/kind.ts";
import { kindOf } from "./kinds/registry.ts";
import { resolvedOf, type KindDeps } from "./stored.ts";
import { withSpan } from "../tracing.ts";
import { RateLimiter } from "./rate-limit.ts";
import { RollbackQueue } from "./rollback-queue.ts";
import { WorkerLoop } from "../queue/worker-loop.ts";
import { processOwner } from "../queue/owner.ts";
import { backoffMs, heartbeatMs } from "../queue/timing.ts";
import * as leases from "../queue/leases.ts";
import { MIGRATION_ITEM_QUEUES, MIGRATION_RUNS } from "../queue/queues.ts";
import { isTransient } from "./transient.ts";
import { isDatabaseUnavailable } from "../prisma-errors.ts";
import { retryWhileUnavailable } from "../db/retry.ts";
import { endEventFor } from "../vocabulary.ts";
import { checkParity, recordParity } from "./parity.ts";

export interface RunnerConfig {
  /** Items in flight at once per process. */
  concurrency: number;
  /** Items of one migration a kind runs together as one set (its set-based statements span them). */
  batchSize: number;
  leaseMs: number;
  pollMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  /** stop(): how long in-flight items may finish before they are released. */
  drainMs: number;
  /** Items per second per target database; 0 = unlimited. */
  databaseRateLimit: number;
}

/** One attempt at an item, as this process saw it. */
export interface ItemAttempt {
  type: MigrationType;
  durationMs: number;
}

export interface RunnerHooks {
  onError?: (error: unknown, context: string) => void;
  /** An item was claimed; `takenOver` when it was in progress under another process's expired lease. */
  onItemClaimed?: (item: MigrationItem, takenOver: boolean) => void;
  /** An attempt failed with a transient error; the item runs again after a backoff. */
  onItemRetrying?: (item: MigrationItem, attempt: ItemAttempt) => void;
  /** Called after an item finished (any final outcome); tests and metrics use it. */
  onItemFinished?: (item: MigrationItem, status: MigrationItemStatus, attempt: ItemAttempt) => void;
}

/** Hooks that call every given set in order (metrics, logging, tests side by side). */
export function combineHooks(...sets: Array<RunnerHooks | undefined>): RunnerHooks {
  const present = sets.filter((h): h is RunnerHooks => h !== undefined);
  const each =
    <K extends keyof RunnerHooks>(name: K) =>
    (...args: Parameters<NonNullable<RunnerHooks[K]>>) => {
      for (const hooks of present) (hooks[name] as ((...a: typeof args) => void) | undefined)?.(...args);
    };
  return {
    onError: each("onError"),
    onItemClaimed: each("onItemClaimed"),
    onItemRetrying: each("onItemRetrying"),
    onItemFinished: each("onItemFinished"),
  };
}

export class MigrationRunner {
  readonly owner = processOwner;
  private readonly inflight = new Map<string, Promise<void>>();
  /** The claim each in-flight item belongs to (see track()). */
  private readonly claims = new Map<string, object>();
  private readonly rollbacks: RollbackQueue;
  private readonly loop: WorkerLoop;
  /** The next tick also starts due migrations and finishes drained ones (see tick()). */
  private fullTickDue = true;
  private lastFullTick = 0;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly prisma: Prisma,
    private readonly events: MigrationEvents,
    private readonly deps: KindDeps,
    private readonly config: RunnerConfig,
    private readonly hooks: RunnerHooks = {},
    private readonly logger: Logger = silentLogger(),
    /** Per target database; shared across processes when built with Redis (services/index.ts). */
    private readonly limiter = new RateLimiter(config.databaseRateLimit),
  ) {
    this.rollbacks = new RollbackQueue(prisma, events, this.owner, config.leaseMs);
    this.loop = new WorkerLoop(
      () => this.tick(),
      config.pollMs,
      (error) => this.hooks.onError?.(error, "migration runner tick"),
    );
  }

  get running(): boolean {
    return this.loop.running;
  }

  /** Items this process is working on now. */
  get inflightCount(): number {
    return this.inflight.size;
  }

  start(): void {
    if (this.loop.running) return;
    this.heartbeat = setInterval(() => void this.extendLeases(), heartbeatMs(this.config.leaseMs));
    this.heartbeat.unref();
    this.loop.start();
  }

  /** Skips the current wait: new work was just created. */
  notify(): void {
    this.fullTickDue = true;
    this.loop.wakeUp();
  }

  /**
   * Stops claiming and lets in-flight items finish for up to `drainMs` (default: as long as they take); the
   * rest are released — back to PENDING with their lease cleared and an item.released event — so any process
   * takes them at once. Their work may still be running here: its outcome is discarded (the lease is gone).
   */
  async stop(drainMs = Number.POSITIVE_INFINITY): Promise<{ finished: number; released: number }> {
    await this.loop.stop();
    const before = this.inflight.size;
    const settled = Promise.allSettled(this.inflight.values());
    let timer: NodeJS.Timeout | undefined;
    if (Number.isFinite(drainMs))
      await Promise.race([settled, new Promise<void>((resolve) => (timer = setTimeout(resolve, drainMs)))]);
    else await settled;
    clearTimeout(timer);
    const left = [...this.inflight.keys()];
    let released = 0;
    if (left.length > 0) {
      released = await this.release(left).catch((error: unknown) => {
        this.hooks.onError?.(error, "releasing in-flight items");
        return 0;
      });
      for (const id of left) this.inflight.delete(id);
    }
    clearInterval(this.heartbeat);
    return { finished: before - left.length, released };
  }

  /** In-flight items of this process back to PENDING (runs) or rollback PENDING, lease cleared, one event each. */
  private async release(ids: string[]): Promise<number> {
    const rows = await this.bookkeeping("releasing in-flight items", () =>
      this.events.commit(async (tx, emit) => {
        const rows = await leases.release(tx, MIGRATION_ITEM_QUEUES, { owner: this.owner, ids });
        for (const event of await this.appendItemEvents(tx, rows, () => ({
          type: "item.released",
          message: "released by a process shutting down; any process takes it now",
        })))
          emit(event);
        return rows;
      }),
    );
    for (const item of rows) this.itemLogger(item).info("released an in-flight item on shutdown");
    return rows.length;
  }

  /** One event per item, batched per migration (one statement pair for many items). */
  private async appendItemEvents(
    tx: Tx,
    items: MigrationItem[],
    entry: (item: MigrationItem) => { type: EventEntry["type"]; message?: string },
  ): Promise<MigrationEventPayload[]> {
    const events: MigrationEventPayload[] = [];
    for (const group of byMigration(items))
      events.push(
        ...(await this.events.appendMany(
          tx,
          group[0]!.migrationId,
          group.map((item) => ({ ...entry(item), item: snapshot(item) })),
        )),
      );
    return events;
  }

  /** Recording an outcome outlives a database blip: retried while the database is unavailable, for up to a lease. */
  private bookkeeping<T>(what: string, work: () => Promise<T>): Promise<T> {
    return retryWhileUnavailable(work, {
      deadlineMs: this.config.leaseMs,
      onRetry: (error, attempt, delayMs) => {
        if (attempt === 1)
          this.logger.warn(
            { error: messageOf(error), retryInMs: Math.round(delayMs) },
            `${what}: database unavailable; retrying`,
          );
      },
    });
  }

  /**
   * One round: start due migrations, claim items (to run, then to roll back) for free slots, finish what has
   * no work left. A round woken only by a finished item of this process claims, and looks for finished
   * migrations only when the claim left slots free (the queue is draining); starting due migrations and the
   * full look happen on notify(), on the poll timer, and at least every pollMs under load.
   */
  async tick(): Promise<void> {
    const full = this.fullTickDue || performance.now() - this.lastFullTick >= this.config.pollMs;
    if (full) {
      this.fullTickDue = false;
      this.lastFullTick = performance.now();
      await this.activateDue();
    }
    let draining = false;
    if (this.config.concurrency > this.inflight.size) {
      const free = this.config.concurrency - this.inflight.size;
      const items = await this.claim(free);
      draining = items.length < free;
      for (const set of byMigration(items).flatMap((group) => inBatches(group, this.config.batchSize))) {
        const release = this.track(set);
        void this.runSet(set, release).finally(() => set.forEach(release));
      }
    }
    if (this.config.concurrency > this.inflight.size) {
      const claimed = await this.rollbacks.claim(this.config.concurrency - this.inflight.size, [
        ...this.inflight.keys(),
      ]);
      for (const { item, takenOver, own } of claimed) {
        this.hooks.onItemClaimed?.(item, takenOver && !own);
        if (own) this.itemLogger(item).warn("reclaimed a rollback item whose outcome this process could not record");
        else if (takenOver) this.itemLogger(item).warn("took over a rollback item whose lease had expired");
      }
      for (const set of byMigration(claimed.map((c) => c.item)).flatMap((g) => inBatches(g, this.config.batchSize))) {
        const release = this.track(set);
        void this.undoSet(set, release).finally(() => set.forEach(release));
      }
    }
    if (!full && !draining) return;
    await this.finalize();
    for (const { id, status } of await this.rollbacks.finalize())
      this.logger.info({ migrationId: id, status }, "migration rollback finished");
  }

  /**
   * The items are in flight (their leases extended, never reclaimed here) from the claim until their outcome
   * is recorded; the function returned ends that for one item. It ends this claim only: an item recorded,
   * retried and claimed again meanwhile belongs to its new claim, which a late call must not end.
   */
  private track(items: MigrationItem[]): (item: MigrationItem) => void {
    const claim = {};
    const ends = new Map<string, () => void>();
    for (const item of items) {
      this.inflight.set(item.id, new Promise<void>((resolve) => ends.set(item.id, resolve)));
      this.claims.set(item.id, claim);
    }
    return (item) => {
      const end = ends.get(item.id);
      if (!end) return;
      ends.delete(item.id);
      if (this.claims.get(item.id) === claim) {
        this.claims.delete(item.id);
        this.inflight.delete(item.id);
      }
      end();
      this.loop.wakeUp();
    };
  }

  private async activateDue(): Promise<void> {
    const due = await this.prisma.$queryRawUnsafe<Array<{ id: string }>>(
      `SELECT id FROM "Migration" WHERE status = 'PENDING' OR (status = 'SCHEDULED' AND "scheduledAt" <= (now() AT TIME ZONE 'UTC')) ORDER BY "createdAt" LIMIT 20`,
    );
    for (const { id } of due) {
      const started = await this.events.commit(async (tx, emit) => {
        const changed = await tx.migration.updateMany({
          where: { id, OR: [{ status: "PENDING" }, { status: "SCHEDULED", scheduledAt: { lte: new Date() } }] },
          data: { status: "IN_PROGRESS", startedAt: new Date() },
        });
        if (changed.count === 1) emit(await this.events.append(tx, id, "migration.started"));
        return changed.count === 1;
      });
      if (started) this.logger.info({ migrationId: id }, "migration started");
    }
  }

  /**
   * Claims up to `limit` runnable items: pending and due, in progress under an expired lease, or in progress
   * under this process's own lease but no longer worked on here (its outcome could not be recorded while the
   * database was unavailable). The claim and the items' item.started/item.resumed events are one transaction.
   */
  private async claim(limit: number): Promise<MigrationItem[]> {
    const claimed = await this.events.commit(async (tx, emit) => {
      const claimed = (
        await leases.claim(tx, MIGRATION_RUNS, {
          owner: this.owner,
          limit,
          leaseMs: this.config.leaseMs,
          working: [...this.inflight.keys()],
        })
      )
        .map(({ row, takenOver, own }) => ({ item: row, takenOver, own }))
        .sort((a, b) => a.item.ordinal - b.item.ordinal);
      const resumed = new Set(claimed.filter((c) => c.takenOver).map((c) => c.item.id));
      for (const event of await this.appendItemEvents(
        tx,
        claimed.map((c) => c.item),
        (item) => ({ type: resumed.has(item.id) ? "item.resumed" : "item.started" }),
      ))
        emit(event);
      return claimed;
    });
    for (const { item, takenOver, own } of claimed) {
      this.hooks.onItemClaimed?.(item, takenOver && !own);
      const log = this.itemLogger(item);
      if (own) log.warn({ attempt: item.attempt }, "reclaimed an item whose outcome this process could not record");
      else if (takenOver) log.warn({ attempt: item.attempt }, "took over an item whose lease had expired");
      else log.debug({ attempt: item.attempt }, "item claimed");
    }
    return claimed.map((c) => c.item);
  }

  private itemLogger(item: MigrationItem): Logger {
    return this.logger.child({ migrationId: item.migrationId, itemId: item.id });
  }

  /** Runs one migration's claimed items through its kind, then records each item's outcome. */
  private runSet(items: MigrationItem[], release: (item: MigrationItem) => void): Promise<void> {
    // A trace of its own: the set runs long after the request that woke the runner.
    const attributes = { "migration.id": items[0]!.migrationId, "migration.items": items.length };
    return withSpan("migration.items.run", { root: true, attributes }, async (span) => {
      const started = performance.now();
      let type: MigrationType | undefined;
      const settle = this.settler(release, async (outcomes: ItemOutcome[]) => {
        const results = outcomes.filter((o): o is { item: MigrationItem; result: ItemResult } => "result" in o);
        const attempt = { type: type!, durationMs: performance.now() - started };
        await Promise.all([
          results.length > 0 ? this.finish(results, attempt) : undefined,
          ...outcomes.flatMap((o) => ("error" in o ? [this.fail(o.item, o.error, started)] : [])),
        ]);
      });
      let outcomes: ItemOutcome[];
      try {
        const migration = await this.migrationOf(items[0]!);
        type = migration.type;
        span.setAttribute("migration.type", type);
        outcomes = await kindOf(type).run(this.deps, this.itemSet(migration, items, settle));
      } catch (error) {
        // The set never reached its kind (the migration could not be read): every item fails alike.
        outcomes = items.map((item) => ({ item, error }));
      }
      await settle(outcomes);
    });
  }

  /** Rolls one migration's claimed items back; transient errors retry with the run's backoff, others fail the item's rollback. */
  private undoSet(items: MigrationItem[], release: (item: MigrationItem) => void): Promise<void> {
    const attributes = { "migration.id": items[0]!.migrationId, "migration.items": items.length };
    return withSpan("migration.items.undo", { root: true, attributes }, async () => {
      const settle = this.settler(release, (outcomes: UndoOutcome[]) =>
        Promise.all(outcomes.map(({ item, error }) => this.recordUndo(item, error))).then(() => undefined),
      );
      let outcomes: UndoOutcome[];
      try {
        const migration = await this.migrationOf(items[0]!);
        outcomes = await kindOf(migration.type).undo(this.deps, this.itemSet(migration, items, settle));
      } catch (error) {
        outcomes = items.map((item) => ({ item, error }));
      }
      await settle(outcomes);
    });
  }

  /**
   * Records each item's outcome once — when the kind settles it, or when the set returns — and then frees
   * that item's slot, so one slow item of a set holds only its own.
   */
  private settler<O extends { item: MigrationItem }>(
    release: (item: MigrationItem) => void,
    record: (outcomes: O[]) => Promise<void>,
  ): (outcomes: O[]) => Promise<void> {
    const settled = new Set<string>();
    return async (outcomes) => {
      const fresh = outcomes.filter((o) => !settled.has(o.item.id));
      if (fresh.length === 0) return;
      for (const o of fresh) settled.add(o.item.id);
      try {
        await record(fresh);
      } catch (error) {
        this.hooks.onError?.(error, `recording the outcomes of items ${fresh.map((o) => o.item.id).join(", ")}`);
      } finally {
        for (const o of fresh) release(o.item);
      }
    };
  }

  /** The set a kind works on: the migration as stored, the target databases' rate limit per item, the settler. */
  private itemSet<O>(
    migration: Migration,
    items: MigrationItem[],
    settle: (outcomes: O[]) => Promise<void>,
  ): ItemSet<O> {
    const resolved = resolvedOf(migration);
    return {
      migration,
      resolved,
      items,
      throttle: async (count = 1) => {
        for (const databaseId of resolved.options.targetDatabases) await this.limiter.take(databaseId, count);
      },
      settle,
    };
  }

  /** The item's migration as it is now: plain SQL (a third of findUniqueOrThrow's CPU), the same row and error. */
  private async migrationOf(item: MigrationItem): Promise<Migration> {
    const [row] = await this.prisma.$queryRawUnsafe<Migration[]>(
      `SELECT * FROM "Migration" WHERE id = $1::uuid`,
      item.migrationId,
    );
    return row ?? this.prisma.migration.findUniqueOrThrow({ where: { id: item.migrationId } });
  }

  private async recordUndo(item: MigrationItem, error: unknown): Promise<void> {
    const log = this.itemLogger(item);
    if (error === undefined) {
      try {
        if (await this.bookkeeping("recording a rollback", () => this.rollbacks.succeed(item)))
          log.debug("item rolled back");
        else log.warn("item rolled back after its lease was lost");
        return;
      } catch (bookkeeping) {
        error = bookkeeping;
      }
    }
    const message = messageOf(error);
    const retry = isTransient(error) && item.rollbackAttempt < this.config.maxAttempts;
    const delay = retry ? this.backoff(item.rollbackAttempt) : null;
    await this.bookkeeping("recording a failed rollback", () => this.rollbacks.fail(item, message, delay)).catch(
      (e: unknown) => this.hooks.onError?.(e, `failing the rollback of item ${item.id}`),
    );
    log.warn({ attempt: item.rollbackAttempt, error: message, retryInMs: delay }, "item rollback failed");
    if (!(error instanceof DomainError)) this.hooks.onError?.(error, `rollback of item ${item.id}`);
  }

  private backoff(attempt: number): number {
    return backoffMs(attempt, this.config.retryBaseMs);
  }

  /**
   * Records finished items of one migration in one transaction: every item leaves its lease in one statement
   * and its item.completed or item.skipped event is appended with its own sequence number.
   */
  private async finish(
    outcomes: Array<{ item: MigrationItem; result: ItemResult }>,
    attempt: ItemAttempt,
  ): Promise<void> {
    const migrationId = outcomes[0]!.item.migrationId;
    const completedAt = new Date();
    const moved = await this.bookkeeping("recording items' results", () =>
      this.events.commit(async (tx, emit) => {
        const rows = await leases.leaveMany(
          tx,
          MIGRATION_RUNS,
          this.owner,
          outcomes.map(({ item, result }) => ({
            lease: leases.leaseOf(MIGRATION_RUNS, item, this.owner),
            to: result.status,
            data: {
              targetDocumentId: result.targetDocumentId,
              targetTitle: result.targetTitle,
              verification: result.verification,
              migratedStages: result.migratedStages,
              completedAt,
              error: null,
              errorStage: null,
              processedBy: this.owner,
            },
          })),
          FINISHED_ITEM_COLUMNS,
        );
        const byId = new Map(rows.map((row) => [row.id, row]));
        const recorded = outcomes.filter(({ item }) => byId.has(item.id));
        for (const event of await this.events.appendMany(
          tx,
          migrationId,
          recorded.map(({ item, result }) => ({
            type: result.status === "SKIPPED" ? "item.skipped" : "item.completed",
            delta: deltaFor("IN_PROGRESS", result.status),
            item: snapshot(byId.get(item.id)!),
            message: result.message,
          })),
        ))
          emit(event);
        return new Set(recorded.map(({ item }) => item.id));
      }),
    );
    for (const { item, result } of outcomes) {
      const log = this.itemLogger(item);
      const to = result.status;
      if (moved.has(item.id)) {
        log.debug({ status: to, durationMs: Math.round(attempt.durationMs), message: result.message }, "item finished");
        this.hooks.onItemFinished?.(item, to, attempt);
      } else log.warn({ status: to }, "item finished after its lease was lost; the result was discarded");
    }
  }

  private async fail(item: MigrationItem, error: unknown, started: number): Promise<void> {
    const migration = await this.bookkeeping("recording an item's failure", () =>
      this.prisma.migration.findUniqueOrThrow({ where: { id: item.migrationId } }),
    );
    const stage = error instanceof StageFailedError ? error.stage : null;
    let message = messageOf(error);
    const retry = isTransient(error) && item.attempt < this.config.maxAttempts && migration.status === "IN_PROGRESS";
    if (!retry) {
      // Undo the partial target. If that fails too (its database is down), the target stays hidden
      // (MIGRATING) and a retry resumes it; the item must still leave IN_PROGRESS.
      await kindOf(migration.type)
        .compensate(this.deps, migration, item)
        .catch((cleanup: unknown) => {
          message += ` (the partial copy could not be removed yet: ${messageOf(cleanup)}; it stays hidden and a retry resumes it)`;
        });
    }
    const to: MigrationItemStatus = retry ? "PENDING" : migration.status === "CANCELLING" ? "CANCELLED" : "FAILED";
    // The database was unavailable and has answered since (this very bookkeeping): no reason to wait longer.
    const delay = isDatabaseUnavailable(error instanceof StageFailedError ? error.reason : error)
      ? 0
      : this.backoff(item.attempt);
    const done = await this.bookkeeping("recording an item's failure", () =>
      this.events.commit(async (tx, emit) => {
        const updated = await this.transition(tx, item, to, {
          error: message,
          errorStage: stage,
          errorAt: new Date(),
          nextAttemptAt: retry ? new Date(Date.now() + delay) : null,
          completedAt: retry ? null : new Date(),
        });
        if (!updated) return false;
        const type = retry ? "item.retrying" : to === "CANCELLED" ? "item.cancelled" : "item.failed";
        emit(
          await this.events.append(tx, item.migrationId, type, {
            delta: deltaFor("IN_PROGRESS", to),
            item: snapshot(updated),
            message,
          }),
        );
        return true;
      }),
    );
    const attempt: ItemAttempt = { type: migration.type, durationMs: performance.now() - started };
    const log = this.itemLogger(item);
    const details = { attempt: item.attempt, stage, error: message, durationMs: Math.round(attempt.durationMs) };
    if (!done) log.warn(details, "item failed after its lease was lost; the outcome was discarded");
    else if (retry) {
      log.warn({ ...details, retryInMs: Math.round(delay) }, "item failed with a transient error; retrying");
      this.hooks.onItemRetrying?.(item, attempt);
    } else {
      log.warn({ ...details, status: to }, to === "CANCELLED" ? "item cancelled" : "item failed");
      this.hooks.onItemFinished?.(item, to, attempt);
    }
    if (!(error instanceof DomainError || error instanceof StageFailedError))
      this.hooks.onError?.(error, `item ${item.id}`);
  }

  /** Moves an item this process still owns out of IN_PROGRESS; null when the lease was lost. */
  private async transition(tx: Tx, item: MigrationItem, to: MigrationItemStatus, data: Record<string, unknown>) {
    // The attempt fences this claim off from a later one by the same process (an item reclaimed after a blip
    // carries the next attempt).
    return leases.leave(tx, MIGRATION_RUNS, leases.leaseOf(MIGRATION_RUNS, item, this.owner), to, {
      ...data,
      processedBy: this.owner,
    });
  }

  /** Migrations with nothing left to run end COMPLETED, FAILED or CANCELLED. */
  private async finalize(): Promise<void> {
    const open = await this.prisma.$queryRawUnsafe<Array<{ id: string; status: string; failed: number }>>(
      `SELECT m.id, m.status, m."failedDocuments" AS failed FROM "Migration" m
       WHERE m.status IN ('IN_PROGRESS', 'CANCELLING')
         AND NOT EXISTS (SELECT 1 FROM "MigrationItem" i WHERE i."migrationId" = m.id AND i.status IN ('PENDING', 'IN_PROGRESS'))`,
    );
    for (const m of open) {
      // One migration that cannot be finished now (its database away) never holds the others open.
      await this.finalizeOne(m).catch((error: unknown) => this.hooks.onError?.(error, `finishing migration ${m.id}`));
    }
  }

  /** Ends one migration with nothing left to run, after its retrieval parity when it is about to complete. */
  private async finalizeOne(m: { id: string; status: string; failed: number }): Promise<void> {
    const counted = m.status === "CANCELLING" ? "CANCELLED" : Number(m.failed) > 0 ? "FAILED" : "COMPLETED";
    // Retrieval parity (parity.ts) on a migration about to complete; below threshold it fails if the request chose so.
    const parity = counted === "COMPLETED" ? await checkParity(this.deps, m.id) : null;
    const status = parity?.failed ? "FAILED" : counted;
    const finished = await this.events.commit(async (tx, emit) => {
      // Claimed first (a second process finishing it too changes nothing); the parity event still carries the
      // running status, so only the end event, which sets the final one, ends a client's stream.
      const changed = await tx.migration.updateMany({
        where: { id: m.id, status: m.status as "IN_PROGRESS" | "CANCELLING" },
        data: { completedAt: new Date() },
      });
      if (changed.count !== 1) return false;
      if (parity) emit(await recordParity(tx, this.events, m.id, parity));
      emit(await this.events.append(tx, m.id, endEventFor(status), { data: { status } }));
      return true;
    });
    if (finished) this.logger.info({ migrationId: m.id, status }, "migration finished");
  }

  private async extendLeases(): Promise<void> {
    if (this.inflight.size === 0) return;
    try {
      await leases.extend(this.prisma, MIGRATION_ITEM_QUEUES, {
        owner: this.owner,
        ids: [...this.inflight.keys()],
        leaseMs: this.config.leaseMs,
      });
    } catch (error) {
      this.hooks.onError?.(error, "extending leases");
    }
  }
}

function messageOf(error: unknown): string {
  const cause = error instanceof StageFailedError ? error.reason : error;
  return cause instanceof Error ? cause.message : String(cause);
}

/** The columns finish() sets on a finished item, with their SQL types (see leases.leaveMany). */
const FINISHED_ITEM_COLUMNS = {
  targetDocumentId: "uuid",
  targetTitle: "text",
  verification: "jsonb",
  migratedStages: "text[]",
  completedAt: "timestamp(3)",
  error: "text",
  errorStage: "text",
  processedBy: "text",
} as const;

/** `items` in runs of at most `size`, in order. */
function inBatches<T>(items: T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += Math.max(1, size)) batches.push(items.slice(i, i + Math.max(1, size)));
  return batches;
}

/** A claim's items grouped by migration, in claim order: each group is one set for its kind. */
function byMigration(items: MigrationItem[]): MigrationItem[][] {
  const groups = new Map<string, MigrationItem[]>();
  for (const item of items) groups.set(item.migrationId, [...(groups.get(item.migrationId) ?? []), item]);
  return [...groups.values()];
}
