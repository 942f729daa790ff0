// Which migration events webhooks can subscribe to, and the outbox that turns them into deliveries: one
// INSERT … SELECT per subscribed-to event, inside the transaction that records the event, for every webhook
// listening to it on the migration's source or target realm (or on every realm). A delivery therefore
// exists exactly when its event committed; the unique (webhook, migration, sequence) makes a rewrite a no-op.
import { z } from "zod";
import type { Migration } from "../../generated/prisma/client.ts";
import {
  MigrationItemStatus,
  MigrationMode,
  MigrationStatus,
  MigrationType,
  RollbackStatus,
} from "../../generated/prisma/enums.ts";
import { parseJsonColumn } from "../json-column.ts";
import type { EventOutbox, ItemSnapshot, MigrationEventPayload, Tx } from "../migration/events.ts";
import { detail, redactItem, type MigrationSides, type RedactedItem } from "../migration/visibility.ts";
import type { MigrationEventType } from "../vocabulary.ts";

/** Migration events a webhook receives under their own name. */
const DELIVERED_AS_IS = [
  "migration.created",
  "migration.started",
  "migration.completed",
  "migration.failed",
  "migration.cancelled",
  "migration.rolled_back",
] as const satisfies readonly MigrationEventType[];

/** Migration events a webhook receives under another name. */
const DELIVERED_AS = {
  // An incomplete rollback leaves the migration FAILED: subscribers to failures hear of it.
  "migration.rollback_failed": "migration.failed",
  "item.failed": "migration.item_failed",
} as const satisfies Partial<Record<MigrationEventType, string>>;

export const WEBHOOK_EVENTS = [...DELIVERED_AS_IS, DELIVERED_AS["item.failed"]] as const;

export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number];

/** Migration event type → webhook event; other event types (item.completed, …) are never delivered. */
const EVENT_FOR = new Map<MigrationEventType, WebhookEventName>([
  ...DELIVERED_AS_IS.map((type) => [type, type] as const),
  ...(Object.entries(DELIVERED_AS) as Array<[MigrationEventType, WebhookEventName]>),
]);

export function webhookEventFor(type: MigrationEventType): WebhookEventName | undefined {
  return EVENT_FOR.get(type);
}

export function isWebhookEvent(name: string): name is WebhookEventName {
  return (WEBHOOK_EVENTS as readonly string[]).includes(name);
}

const itemSnapshotSchema = z.object({
  id: z.string(),
  ordinal: z.number(),
  sourceDocumentId: z.string(),
  targetDocumentId: z.string().nullable(),
  status: z.enum(MigrationItemStatus),
  attempt: z.number(),
  error: z.string().nullable(),
  errorStage: z.string().nullable(),
  rollbackStatus: z.enum(RollbackStatus).nullable(),
  rollbackError: z.string().nullable(),
}) satisfies z.ZodType<ItemSnapshot>;

/** The migration as a delivery reports it: its state right after the event. */
const migrationStateSchema = z.object({
  id: z.string(),
  type: z.enum(MigrationType),
  status: z.enum(MigrationStatus),
  mode: z.enum(MigrationMode),
  sourceRealmId: z.string(),
  targetRealmId: z.string(),
  totalDocuments: z.number(),
  processedDocuments: z.number(),
  failedDocuments: z.number(),
  skippedDocuments: z.number(),
  cancelledDocuments: z.number(),
  rolledBackDocuments: z.number(),
  progress: z.number(),
  error: z.string().nullable(),
  createdAt: z.string(),
  scheduledAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  rolledBackAt: z.string().nullable(),
});
export type MigrationState = z.infer<typeof migrationStateSchema>;

/** What WebhookDelivery.payload holds (the item whole: deliveryFor redacts it per webhook when sending). */
const storedDeliverySchema = z.object({
  event: z.enum(WEBHOOK_EVENTS),
  sequence: z.number(),
  /** When the event happened (ISO-8601). */
  timestamp: z.string(),
  migration: migrationStateSchema,
  item: itemSnapshotSchema.nullable(),
  message: z.string().nullable(),
});
export type StoredDelivery = z.infer<typeof storedDeliverySchema>;

/** A delivery as sent to one webhook; the request body adds the delivery's and webhook's ids. */
export type DeliveryPayload = Omit<StoredDelivery, "item"> & { item: ItemSnapshot | RedactedItem | null };

/** WebhookDelivery.payload, parsed; raw queries return jsonb parsed on one adapter and as text on another. */
export function storedDeliveryOf(payload: unknown, deliveryId: string): StoredDelivery {
  const value = typeof payload === "string" ? JSON.parse(payload) : payload;
  return parseJsonColumn(storedDeliverySchema, value, "WebhookDelivery.payload", deliveryId);
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function deliveryPayload(
  event: WebhookEventName,
  payload: MigrationEventPayload,
  migration: Migration,
): StoredDelivery {
  return {
    event,
    sequence: payload.sequence,
    timestamp: payload.createdAt,
    migration: {
      id: migration.id,
      type: migration.type,
      status: migration.status,
      mode: migration.mode,
      sourceRealmId: migration.sourceRealmId,
      targetRealmId: migration.targetRealmId,
      totalDocuments: migration.totalDocuments,
      processedDocuments: migration.processedDocuments,
      failedDocuments: migration.failedDocuments,
      skippedDocuments: migration.skippedDocuments,
      cancelledDocuments: migration.cancelledDocuments,
      rolledBackDocuments: migration.rolledBackDocuments,
      progress: payload.progress,
      error: migration.error,
      createdAt: migration.createdAt.toISOString(),
      scheduledAt: iso(migration.scheduledAt),
      startedAt: iso(migration.startedAt),
      completedAt: iso(migration.completedAt),
      rolledBackAt: iso(migration.rolledBackAt),
    },
    item: payload.item,
    message: payload.message,
  };
}

/**
 * A delivery as its webhook may see it, by the same rule as queries and subscriptions: a webhook of one realm of
 * a migration hears nothing of the other realm's documents and no error text, which can name either side; a
 * webhook of every realm (admin) hears everything. Both realm ids stay: they are opaque, and a receiver routes
 * by them. The stored payload stays whole.
 */
export function deliveryFor(payload: StoredDelivery, webhookRealmId: string | null): DeliveryPayload {
  if (webhookRealmId === null) return payload;
  const { migration } = payload;
  const sides: MigrationSides = {
    source: migration.sourceRealmId === webhookRealmId,
    target: migration.targetRealmId === webhookRealmId,
  };
  if (sides.source && sides.target) return payload;
  return {
    ...payload,
    migration: { ...migration, error: detail(sides, migration.error) },
    item: payload.item ? redactItem(payload.item, sides) : null,
    message: payload.item ? null : detail(sides, payload.message),
  };
}

const INSERT_DELIVERIES = `INSERT INTO "WebhookDelivery"
    (id, "webhookId", event, "migrationId", sequence, payload, "nextAttemptAt", "createdAt", "updatedAt")
  SELECT gen_random_uuid(), w.id, $1::text, $2::uuid, $3, $4::jsonb,
    (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC')
  FROM "Webhook" w
  WHERE $1::text = ANY(w.events) AND (w."realmId" IS NULL OR w."realmId" IN ($5::uuid, $6::uuid))
  ON CONFLICT ("webhookId", "migrationId", sequence) DO NOTHING`;

/** The outbox MigrationEvents writes through; `wake` runs after a transaction that may have added deliveries. */
export function webhookOutbox(wake: () => void): EventOutbox {
  return {
    accepts: (type) => EVENT_FOR.has(type),
    write: async (tx: Tx, payload, migration) => {
      const event = EVENT_FOR.get(payload.type);
      if (!event) return;
      await tx.$executeRawUnsafe(
        INSERT_DELIVERIES,
        event,
        payload.migrationId,
        payload.sequence,
        JSON.stringify(deliveryPayload(event, payload, migration)),
        migration.sourceRealmId,
        migration.targetRealmId,
      );
    },
    written: wake,
  };
}
