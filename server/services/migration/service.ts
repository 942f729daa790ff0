// Migrations as users see them: plan (dry run), create (migration + one item per document, one
// transaction), cancel, retry failed items, and reads. The runner does the work. Whether a caller may
// cancel, retry or roll back is decided in abilities.ts, which the Migration.can* fields report too.
import type { Prisma } from "../db/open.ts";
import type { Viewer } from "../access.ts";
import type { Migration, MigrationItem, Prisma as P } from "../../generated/prisma/client.ts";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors.ts";
import { MAX_EXPLICIT_DOCUMENTS, resolveRequest } from "./request.ts";
import { SELECTION_ORDER, checkCreation, planMigration, selectionSql, type CreationCheck } from "./planner.ts";
import { deltaFor, snapshot, type MigrationEvents, type MigrationEventPayload } from "./events.ts";
import { assertAllowed, cancelAbility, retryAbility, rollbackAbility, writeAbility } from "./abilities.ts";
import { checkPlanDatabases } from "./plan-health.ts";
import type { DatabaseHealthCheck } from "../database-health.ts";
import { kindOf } from "./kinds/registry.ts";
import type { MigrationPlan, MigrationRequest, ResolvedMigration } from "./types.ts";

export interface MigrationListFilter {
  realmId?: string | null | undefined;
  status?: Migration["status"] | null | undefined;
  type?: Migration["type"] | null | undefined;
}

/** planMigration returns at most this many per-document entries. */
export const MAX_PLAN_ENTRIES = 1000;

export class MigrationService {
  constructor(
    private readonly prisma: Prisma,
    private readonly events: MigrationEvents,
    private readonly wakeRunner: () => void,
    private readonly checkHealth: DatabaseHealthCheck,
  ) {}

  /** The dry run, with each database's health checked meanwhile (bounded, in parallel with the document walk). */
  async plan(viewer: Viewer, request: MigrationRequest, limit = 100): Promise<MigrationPlan> {
    if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PLAN_ENTRIES) {
      throw new InvalidInputError(
        `limit ${limit} is out of range: give 0 to ${MAX_PLAN_ENTRIES} per-document entries (totals always cover every document).`,
        ["limit"],
      );
    }
    const resolved = await resolveRequest(this.prisma, viewer, request);
    const [plan, health] = await Promise.all([
      planMigration(this.prisma, resolved, limit),
      checkPlanDatabases(this.prisma, resolved, this.checkHealth),
    ]);
    return { ...plan, ...health };
  }

  async create(viewer: Viewer, request: MigrationRequest): Promise<Migration> {
    const resolved = await resolveRequest(this.prisma, viewer, request);
    assertCreatable(await checkCreation(this.prisma, resolved));
    const migration = await this.events.commit((tx, emit) => this.insert(tx, emit, viewer, resolved));
    this.wakeRunner();
    return migration;
  }

  /**
   * Runs `attach` (which writes the realm's link to `databaseId`) and creates the REALM_DATABASE_ADDITION
   * of every active document of the realm into that database, in one transaction: the link, the
   * migration, its items and its created event commit together or not at all. The migration is null when
   * the realm has no documents.
   */
  async attachWithBackfill<T>(
    viewer: Viewer,
    realmId: string,
    databaseId: string,
    attach: (tx: P.TransactionClient) => Promise<T>,
  ): Promise<{ attached: T; migration: Migration | null }> {
    const request: MigrationRequest = {
      type: "REALM_DATABASE_ADDITION",
      sourceRealmId: realmId,
      filter: {},
      options: { targetDatabases: [databaseId] },
    };
    const result = await this.events.commit(async (tx, emit) => {
      const attached = await attach(tx);
      const documents = await tx.document.count({
        where: { realmId, retiredAt: null, status: { not: "MIGRATING" } },
      });
      if (documents === 0) return { attached, migration: null };
      // Validated and planned inside the transaction, so they see the link it has not committed yet (and,
      // on PGlite's single connection, do not wait for it). Both only read.
      const reader = tx as unknown as Prisma;
      const resolved = await resolveRequest(reader, viewer, request);
      assertCreatable(await checkCreation(reader, resolved));
      return { attached, migration: await this.insert(tx, emit, viewer, resolved) };
    });
    if (result.migration) this.wakeRunner();
    return result;
  }

  /** The migration row, its items and its created event, inside `tx`. */
  private async insert(
    tx: P.TransactionClient,
    emit: (event: MigrationEventPayload) => void,
    viewer: Viewer,
    resolved: ResolvedMigration,
  ): Promise<Migration> {
    const scheduled = resolved.scheduledAt !== null && resolved.scheduledAt.getTime() > Date.now();
    const created = await tx.migration.create({
      data: {
        type: resolved.type,
        status: scheduled ? "SCHEDULED" : "PENDING",
        mode: resolved.options.migrationMode,
        sourceRealmId: resolved.sourceRealmId,
        targetRealmId: resolved.targetRealmId,
        options: resolved.options as unknown as P.InputJsonValue,
        selection: resolved.selection as unknown as P.InputJsonValue,
        scheduledAt: resolved.scheduledAt,
        createdByTokenId: viewer.tokenId === "system" ? null : viewer.tokenId,
      },
    });
    const total = await insertItems(tx, created.id, resolved);
    emit(await this.events.append(tx, created.id, "migration.created", { data: { totalDocuments: total } }));
    return tx.migration.findUniqueOrThrow({ where: { id: created.id } });
  }

  async get(viewer: Viewer, id: string): Promise<Migration> {
    const migration = await this.prisma.migration.findUnique({ where: { id } });
    if (!migration || !(viewer.canRead(migration.sourceRealmId) || viewer.canRead(migration.targetRealmId)))
      throw new NotFoundError("Migration", id);
    return migration;
  }

  /** The migrations a viewer may see, newest first; `page` is GraphQL's paging and selection. */
  list(
    viewer: Viewer,
    filter: MigrationListFilter,
    page: Pick<P.MigrationFindManyArgs, "take" | "skip" | "cursor"> & P.MigrationDefaultArgs = {},
  ): Promise<Migration[]> {
    return this.prisma.migration.findMany({
      ...page,
      where: this.where(viewer, filter),
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
  }

  count(viewer: Viewer, filter: MigrationListFilter): Promise<number> {
    return this.prisma.migration.count({ where: this.where(viewer, filter) });
  }

  /** Failed items, first `limit` in order, with their errors (the caller redacts them for its sides). */
  failedItems(migrationId: string, limit = 100): Promise<MigrationItem[]> {
    return this.prisma.migrationItem.findMany({
      where: { migrationId, status: "FAILED" },
      orderBy: { ordinal: "asc" },
      take: limit,
    });
  }

  /** Prisma `where` for the migrations a viewer may list. */
  where(viewer: Viewer, filter: MigrationListFilter): P.MigrationWhereInput {
    const readable = viewer.readableRealmIds();
    if (filter.realmId) viewer.assertRead(filter.realmId);
    const realms = filter.realmId ? [filter.realmId] : readable;
    return {
      ...(realms ? { OR: [{ sourceRealmId: { in: realms } }, { targetRealmId: { in: realms } }] } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.type ? { type: filter.type } : {}),
    };
  }

  /** Pending items are cancelled at once; in-flight items finish (or are compensated) before CANCELLED. */
  async cancel(viewer: Viewer, id: string): Promise<Migration> {
    const migration = await this.get(viewer, id);
    assertAllowed(cancelAbility(viewer, migration));
    const result = await this.events.commit(async (tx, emit) => {
      const started = migration.status === "IN_PROGRESS";
      // Items before the migration row, the order a claim takes them in (its items, then the row for their
      // events): taken the other way round, a cancel and a claim meeting mid-way deadlock.
      await tx.$queryRaw`SELECT id FROM "MigrationItem" WHERE "migrationId" = ${id} AND status = 'PENDING' FOR UPDATE`;
      const changed = await tx.migration.updateMany({
        where: { id, status: migration.status },
        data: started ? { status: "CANCELLING" } : { status: "CANCELLED", completedAt: new Date() },
      });
      if (changed.count === 0)
        throw new ConflictError("The migration changed state meanwhile; look at it again and retry.");
      const cancelled = await tx.migrationItem.updateManyAndReturn({
        where: { migrationId: id, status: "PENDING" },
        data: { status: "CANCELLED", completedAt: new Date(), nextAttemptAt: null },
      });
      // One item.cancelled per item (two statements for all of them), before the migration's own event, which
      // may be its final one.
      cancelled.sort((a, b) => a.ordinal - b.ordinal);
      const delta = deltaFor("PENDING", "CANCELLED");
      for (const event of await this.events.appendMany(
        tx,
        id,
        cancelled.map((item) => ({
          type: "item.cancelled",
          delta,
          item: snapshot(item),
          message: "cancelled before it ran",
        })),
      ))
        emit(event);
      emit(
        await this.events.append(tx, id, started ? "migration.cancelling" : "migration.cancelled", {
          message: `${cancelled.length} pending item(s) cancelled`,
        }),
      );
      return tx.migration.findUniqueOrThrow({ where: { id } });
    });
    this.wakeRunner();
    return result;
  }

  /**
   * Undoes a finished (COMPLETED, FAILED or CANCELLED) migration: the runner takes its items in reverse
   * order, the migration goes ROLLING_BACK → ROLLED_BACK. Refused while it runs, and when documents it
   * wrote changed since (unless forced). After an incomplete rollback (FAILED), calling again retries.
   */
  async rollback(viewer: Viewer, id: string, force = false): Promise<Migration> {
    const migration = await this.get(viewer, id);
    assertAllowed(rollbackAbility(viewer, migration));
    if (!force) {
      const changed = await kindOf(migration.type).changedTargets(this.prisma, migration, 20);
      if (changed.length > 0) {
        const list = changed.slice(0, 5).map((c) => `${c.documentId} (${c.reason})`);
        throw new ConflictError(
          `${changed.length}${changed.length === 20 ? "+" : ""} document(s) written by this migration changed after it: ${list.join(", ")}${changed.length > 5 ? ", …" : ""}. ` +
            `Rolling back would discard those changes; pass force: true to roll back anyway.`,
          ["force"],
        );
      }
    }
    const result = await this.events.commit(async (tx, emit) => {
      const changed = await tx.migration.updateMany({
        where: { id, status: migration.status },
        data: { status: "ROLLING_BACK", rollbackRequestedAt: new Date(), rollbackForced: force, error: null },
      });
      if (changed.count === 0)
        throw new ConflictError("The migration changed state meanwhile; look at it again and retry.");
      const queued = await tx.migrationItem.updateMany({
        where: { migrationId: id, OR: [{ rollbackStatus: null }, { rollbackStatus: "FAILED" }] },
        data: { rollbackStatus: "PENDING", rollbackAttempt: 0, rollbackError: null, nextAttemptAt: null },
      });
      const done = await tx.migrationItem.count({ where: { migrationId: id, rollbackStatus: "DONE" } });
      await tx.migration.update({ where: { id }, data: { rolledBackDocuments: done } });
      emit(
        await this.events.append(tx, id, "migration.rolling_back", {
          message: `${queued.count} item(s) to roll back${force ? " (forced)" : ""}`,
        }),
      );
      return tx.migration.findUniqueOrThrow({ where: { id } });
    });
    this.wakeRunner();
    return result;
  }

  /** Moves a migration that has not started yet to a new start time (now or past: it starts at once). */
  async reschedule(viewer: Viewer, id: string, scheduledAt: Date): Promise<Migration> {
    const migration = await this.writable(viewer, id);
    if (migration.status !== "SCHEDULED" && migration.status !== "PENDING")
      throw new ConflictError(
        `The migration is already ${migration.status}; only one that has not started can be rescheduled.`,
      );
    const later = scheduledAt.getTime() > Date.now();
    const result = await this.events.commit(async (tx, emit) => {
      const changed = await tx.migration.updateMany({
        where: { id, status: { in: ["SCHEDULED", "PENDING"] } },
        data: { scheduledAt, status: later ? "SCHEDULED" : "PENDING" },
      });
      if (changed.count === 0)
        throw new ConflictError("The migration started meanwhile; it can no longer be rescheduled.");
      emit(
        await this.events.append(tx, id, "migration.rescheduled", {
          message: later ? `scheduled for ${scheduledAt.toISOString()}` : "starts now",
        }),
      );
      return tx.migration.findUniqueOrThrow({ where: { id } });
    });
    this.wakeRunner();
    return result;
  }

  /** Re-queues failed items (all, or those of the given source documents). */
  async retryFailed(viewer: Viewer, id: string, documentIds?: string[] | null): Promise<Migration> {
    if (documentIds && documentIds.length > MAX_EXPLICIT_DOCUMENTS)
      throw new InvalidInputError(
        `retryFailedDocuments takes at most ${MAX_EXPLICIT_DOCUMENTS} documentIds (got ${documentIds.length}): omit documentIds to retry every failed item, or split the list.`,
        ["documentIds"],
      );
    const migration = await this.get(viewer, id);
    assertAllowed(retryAbility(viewer, migration));
    const result = await this.events.commit(async (tx, emit) => {
      const requeued = await tx.migrationItem.updateMany({
        where: { migrationId: id, status: "FAILED", ...(documentIds ? { sourceDocumentId: { in: documentIds } } : {}) },
        data: { status: "PENDING", nextAttemptAt: null, completedAt: null, attempt: 0 },
      });
      if (requeued.count === 0)
        throw new InvalidInputError("No failed items match: nothing to retry.", ["documentIds"]);
      emit(
        await this.events.append(tx, id, "items.requeued", {
          delta: deltaFor("FAILED", "PENDING", requeued.count),
          data: { status: "IN_PROGRESS", completedAt: null },
          message: `${requeued.count} failed item(s) re-queued`,
        }),
      );
      return tx.migration.findUniqueOrThrow({ where: { id } });
    });
    this.wakeRunner();
    return result;
  }

  /** A migration the caller may see (else NOT_FOUND) and change: EDITOR on both of its realms (else FORBIDDEN). */
  private async writable(viewer: Viewer, id: string): Promise<Migration> {
    const migration = await this.get(viewer, id);
    assertAllowed(writeAbility(viewer, migration));
    return migration;
  }
}

/** createMigration's refusals: an empty selection, title conflicts under conflictPolicy FAIL. */
function assertCreatable(plan: CreationCheck): void {
  if (plan.totalDocuments === 0)
    throw new InvalidInputError("The selection matches no documents.", ["input", "filter"]);
  if (plan.conflicts > 0) {
    const titles = plan.conflictTitles.map((title) => `"${title}"`);
    throw new ConflictError(
      `${plan.conflicts} document title(s) already exist in the target realm (${titles.join(", ")}${plan.conflicts > titles.length ? ", …" : ""}). ` +
        `Set conflictPolicy to SKIP or RENAME, or rename them first.`,
      ["input", "options", "conflictPolicy"],
    );
  }
}

/**
 * One item per selected document, ordinals in selection order, by one INSERT … SELECT: the selection streams
 * inside the database and no document or id travels through the service, whatever its size (100,000 items
 * in 1.3–2.6 s on PostgreSQL on the 2-core bench machine; bench/queue-scale.ts). Items start PENDING with
 * nothing decided yet: a kind applies the conflict policy when it creates the target, against the titles
 * taken then.
 */
async function insertItems(
  tx: P.TransactionClient,
  migrationId: string,
  migration: ResolvedMigration,
): Promise<number> {
  const params: unknown[] = [migrationId];
  const where = selectionSql(migration, (value) => `$${params.push(value)}`);
  return tx.$executeRawUnsafe(
    `INSERT INTO "MigrationItem" (id, "migrationId", ordinal, "sourceDocumentId", status, "migratedStages", "createdAt", "updatedAt")
     SELECT gen_random_uuid(), $1::uuid, row_number() OVER (ORDER BY ${SELECTION_ORDER}), d.id, 'PENDING', '{}', (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC')
     FROM "Document" d WHERE ${where}`,
    ...params,
  );
}
