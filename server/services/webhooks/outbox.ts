// Which migration events webhooks can subscribe to, and the outbox that turns them into deliveries: one
// INSERT … SELECT per subscribed-to event, inside the transaction that records the event, for every webhook
// listening to it on the migration's source or target realm (or on every realm). A delivery therefore
// exists exactly when its event committed; the unique (webhook, migration, sequence) makes a rewrite a no-op.
import type { Migration } from "../../generated/prisma/client.ts";
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

/** The migration as a delivery reports it: its state right after the event. */
export interface MigrationState {
  id: string;
  type: Migration["type"];
  status: Migration["status"];
  mode: Migration["mode"];
  sourceRealmId: string;
  targetRealmId: string;
  totalDocuments: number;
  processedDocuments: number;
  failedDocuments: number;
  skippedDocuments: number;
  cancelledDocuments: number;
  rolledBackDocuments: number;
  progress: number;
  error: string | null;
  createdAt: string;
  scheduledAt: string | null;
  startedAt: string | null;
  completedAt: string | null;
  rolledBackAt: string | null;
}

/** What WebhookDelivery.payload holds; the request body adds the delivery's and webhook's ids. */
export interface DeliveryPayload {
  event: WebhookEventName;
  sequence: number;
  /** When the event happened (ISO-8601). */
  timestamp: string;
  migration: MigrationState;
  item: ItemSnapshot | RedactedItem | null;
  message: string | null;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function deliveryPayload(
  event: WebhookEventName,
  payload: MigrationEventPayload,
  migration: Migration,
): DeliveryPayload {
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
export function deliveryFor(payload: DeliveryPayload, webhookRealmId: string | null): DeliveryPayload {
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
    item: payload.item ? redactItem(payload.item as ItemSnapshot, sides) : null,
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
