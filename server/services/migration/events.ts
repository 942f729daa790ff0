// Migration state changes. Every change runs in one transaction that updates the item/migration,
// adjusts the counters by exactly the change, bumps the per-migration sequence and appends the
// event; the event is published only after the commit, without waiting (a publish queue sends it, so a slow or
// absent Redis never holds the runner). Counters therefore always match the items.
import type { Prisma } from "../db/open.ts";
import type { PublishQueue } from "../publish-queue.ts";
import type {
  Migration,
  MigrationItemStatus,
  MigrationStatus,
  Prisma as P,
  RollbackStatus,
} from "../../generated/prisma/client.ts";
import type { MigrationEventType } from "../vocabulary.ts";

export { FINAL_ITEM_STATUSES, FINAL_MIGRATION_STATUSES } from "../vocabulary.ts";

export type Tx = P.TransactionClient;

export interface ItemSnapshot {
  id: string;
  ordinal: number;
  sourceDocumentId: string;
  targetDocumentId: string | null;
  status: MigrationItemStatus;
  attempt: number;
  error: string | null;
  errorStage: string | null;
  rollbackStatus: RollbackStatus | null;
  rollbackError: string | null;
}

export interface MigrationEventPayload {
  migrationId: string;
  sequence: number;
  type: MigrationEventType;
  status: MigrationStatus;
  totalDocuments: number;
  processedDocuments: number;
  failedDocuments: number;
  skippedDocuments: number;
  cancelledDocuments: number;
  rolledBackDocuments: number;
  progress: number;
  item: ItemSnapshot | null;
  message: string | null;
  createdAt: string;
  sourceRealmId: string;
  targetRealmId: string;
}

/** One event to append: its type, how it moves the counters, the item it is about. */
export interface EventEntry {
  type: MigrationEventType;
  delta?: CounterDelta | undefined;
  item?: ItemSnapshot | null | undefined;
  message?: string | null | undefined;
}

export interface CounterDelta {
  processed?: number;
  failed?: number;
  skipped?: number;
  cancelled?: number;
  rolledBack?: number;
}

/** The Migration column each counter of a delta moves. */
const COUNTER_COLUMNS = {
  processed: "processedDocuments",
  failed: "failedDocuments",
  skipped: "skippedDocuments",
  cancelled: "cancelledDocuments",
  rolledBack: "rolledBackDocuments",
} as const satisfies Record<keyof CounterDelta, keyof Migration>;

/** How a counter moves when an item goes from one status to another. */
export function deltaFor(from: MigrationItemStatus, to: MigrationItemStatus, count = 1): CounterDelta {
  const weight = (status: MigrationItemStatus): CounterDelta => ({
    processed: status === "COMPLETED" || status === "SKIPPED" ? 1 : 0,
    skipped: status === "SKIPPED" ? 1 : 0,
    failed: status === "FAILED" ? 1 : 0,
    cancelled: status === "CANCELLED" ? 1 : 0,
  });
  const a = weight(from);
  const b = weight(to);
  return {
    processed: (b.processed! - a.processed!) * count,
    skipped: (b.skipped! - a.skipped!) * count,
    failed: (b.failed! - a.failed!) * count,
    cancelled: (b.cancelled! - a.cancelled!) * count,
  };
}

/** Share of the items done: of the run, or of the rollback while one is under way or done. */
export function progressOf(
  m: Pick<
    Migration,
    | "status"
    | "totalDocuments"
    | "processedDocuments"
    | "failedDocuments"
    | "cancelledDocuments"
    | "rolledBackDocuments"
  >,
): number {
  if (m.totalDocuments === 0) return 1;
  if (m.status === "ROLLING_BACK" || m.status === "ROLLED_BACK")
    return Math.min(1, m.rolledBackDocuments / m.totalDocuments);
  return Math.min(1, (m.processedDocuments + m.failedDocuments + m.cancelledDocuments) / m.totalDocuments);
}

/**
 * Receives chosen events inside the transaction that records them (webhook deliveries are written this
 * way, so a delivery exists exactly when its event does). Events it does not accept cost nothing.
 */
export interface EventOutbox {
  accepts(type: MigrationEventType): boolean;
  write(tx: Tx, event: MigrationEventPayload, migration: Migration): Promise<void>;
  /** After a commit() whose transaction wrote to the outbox. */
  written(): void;
}

export const migrationTopic = (migrationId: string) => `migration:${migrationId}`;
export const realmTopic = (realmId: string) => `realm:${realmId}:migrations`;

export class MigrationEvents {
  constructor(
    private readonly prisma: Prisma,
    private readonly publisher: Pick<PublishQueue, "enqueue">,
    private readonly outbox?: EventOutbox,
  ) {}

  /**
   * Inside `tx`: applies counter deltas and an optional status/extra data to the migration, bumps its
   * sequence and appends the event. Returns the payload to publish once the transaction commits.
   */
  async append(
    tx: Tx,
    migrationId: string,
    type: MigrationEventType,
    change: {
      delta?: CounterDelta;
      data?: P.MigrationUpdateInput;
      item?: ItemSnapshot | null;
      message?: string | null;
    } = {},
  ): Promise<MigrationEventPayload> {
    if (change.data) await tx.migration.update({ where: { id: migrationId }, data: change.data });
    const [payload] = await this.appendMany(tx, migrationId, [
      { type, delta: change.delta, item: change.item, message: change.message },
    ]);
    return payload!;
  }

  /**
   * Inside `tx`: appends several events of one migration in two statements (one claim's item.started
   * events, one cancel's item.cancelled events). Each event keeps its own sequence number, and its payload
   * the counters as they were right after it, exactly as if they had been appended one by one.
   */
  async appendMany(tx: Tx, migrationId: string, entries: EventEntry[]): Promise<MigrationEventPayload[]> {
    if (entries.length === 0) return [];
    const keys = Object.keys(COUNTER_COLUMNS) as Array<keyof CounterDelta>;
    const totals = keys.map((k) => entries.reduce((sum, e) => sum + (e.delta?.[k] ?? 0), 0));
    const createdAt = new Date().toISOString();
    // The sequence and counters in plain SQL: item events make this the hottest statement (the Prisma
    // update costs ~3× the CPU). RETURNING * deserialises like a model row.
    const [updated] = await tx.$queryRawUnsafe<Migration[]>(
      `UPDATE "Migration" SET "lastSequence" = "lastSequence" + $3,
         ${keys.map((k, i) => `"${COUNTER_COLUMNS[k]}" = "${COUNTER_COLUMNS[k]}" + $${i + 4}`).join(", ")},
         "updatedAt" = $2::timestamp(3)
       WHERE id = $1::uuid RETURNING *`,
      migrationId,
      createdAt,
      entries.length,
      ...totals,
    );
    // A missing migration fails as the model update always did (P2025).
    const after = updated ?? (await tx.migration.update({ where: { id: migrationId }, data: {} }));
    // Walk from the state before the first event to the state right after each one.
    const state: Migration = { ...after, lastSequence: after.lastSequence - entries.length };
    keys.forEach((k, i) => (state[COUNTER_COLUMNS[k]] -= totals[i]!));
    const steps = entries.map((entry) => {
      state.lastSequence += 1;
      for (const k of keys) state[COUNTER_COLUMNS[k]] += entry.delta?.[k] ?? 0;
      const migration = { ...state };
      const payload: MigrationEventPayload = {
        migrationId,
        sequence: migration.lastSequence,
        type: entry.type,
        status: migration.status,
        totalDocuments: migration.totalDocuments,
        processedDocuments: migration.processedDocuments,
        failedDocuments: migration.failedDocuments,
        skippedDocuments: migration.skippedDocuments,
        cancelledDocuments: migration.cancelledDocuments,
        rolledBackDocuments: migration.rolledBackDocuments,
        progress: progressOf(migration),
        item: entry.item ?? null,
        message: entry.message ?? null,
        createdAt,
        sourceRealmId: migration.sourceRealmId,
        targetRealmId: migration.targetRealmId,
      };
      return { payload, migration };
    });
    await tx.$executeRawUnsafe(
      `INSERT INTO "MigrationEvent" (id, "migrationId", sequence, type, payload, "createdAt")
       SELECT gen_random_uuid(), $1::uuid, e.sequence, e.type, e.payload, $3::timestamp(3)
       FROM jsonb_to_recordset($2::jsonb) AS e(sequence int, type text, payload jsonb)`,
      migrationId,
      JSON.stringify(steps.map(({ payload }) => ({ sequence: payload.sequence, type: payload.type, payload }))),
      createdAt,
    );
    for (const { payload, migration } of steps)
      if (this.outbox?.accepts(payload.type)) await this.outbox.write(tx, payload, migration);
    return steps.map((s) => s.payload);
  }

  /** Runs `work` in a transaction and queues the events it appended for publishing after the commit. */
  async commit<T>(work: (tx: Tx, emit: (event: MigrationEventPayload) => void) => Promise<T>): Promise<T> {
    const events: MigrationEventPayload[] = [];
    const result = await this.prisma.$transaction((tx) => work(tx, (e) => events.push(e)), {
      timeout: 60_000,
      maxWait: 30_000,
    });
    const outbox = this.outbox;
    if (outbox && events.some((e) => outbox.accepts(e.type))) outbox.written();
    // The events are stored; a lost publish only delays live delivery (subscribers fall back to the store).
    for (const event of events) this.publish(event);
    return result;
  }

  /** Queues `event` on its migration's topic and on its realms' topics; returns at once. */
  publish(event: MigrationEventPayload): void {
    this.publisher.enqueue(migrationTopic(event.migrationId), event);
    this.publisher.enqueue(realmTopic(event.sourceRealmId), event);
    if (event.targetRealmId !== event.sourceRealmId) this.publisher.enqueue(realmTopic(event.targetRealmId), event);
  }

  /** Stored events after `afterSequence`, in order. */
  async since(migrationId: string, afterSequence: number, take = 1000): Promise<MigrationEventPayload[]> {
    const rows = await this.prisma.migrationEvent.findMany({
      where: { migrationId, sequence: { gt: afterSequence } },
      orderBy: { sequence: "asc" },
      take,
    });
    return rows.map((r) => r.payload as unknown as MigrationEventPayload);
  }
}

export function snapshot(item: ItemSnapshot): ItemSnapshot {
  return {
    id: item.id,
    ordinal: item.ordinal,
    sourceDocumentId: item.sourceDocumentId,
    targetDocumentId: item.targetDocumentId,
    status: item.status,
    attempt: item.attempt,
    error: item.error,
    errorStage: item.errorStage,
    rollbackStatus: item.rollbackStatus ?? null,
    rollbackError: item.rollbackError ?? null,
  };
}
