// The queues that exist, as descriptors for the lease statements in leases.ts: which rows each one leases,
// in which order, through which columns. Runs and rollbacks share MigrationItem and its lease columns (an
// item is never running and rolling back at once), so the runner extends and releases both in one statement.
import type { MigrationItem, WebhookDelivery } from "../../generated/prisma/client.ts";
import { DB_NOW, type LeaseQueue } from "./leases.ts";

/**
 * Items of running migrations, oldest migration first, in plan order; a claim stamps the first start. Claimed
 * migration by migration through the partial indexes MigrationItem_run_pending / _run_leased (see the
 * migration 20261202120000_claim_indexes): the claim does not grow with the migration.
 */
export const MIGRATION_RUNS: LeaseQueue<MigrationItem> = {
  table: "MigrationItem",
  state: "status",
  stateType: "MigrationItemStatus",
  ready: "PENDING",
  leased: "IN_PROGRESS",
  failed: "FAILED",
  attempt: "attempt",
  scope: `m.status = 'IN_PROGRESS'`,
  groups: { table: "Migration", column: "migrationId", order: `m."createdAt", m.id`, key: "ordinal" },
  onClaim: `"startedAt" = coalesce(q."startedAt", ${DB_NOW})`,
  update: (db, where, data) => db.migrationItem.updateManyAndReturn({ where, data }),
};

/** Items of migrations rolling back, earliest request first, newest item first (the run in reverse); by group too. */
export const MIGRATION_ROLLBACKS: LeaseQueue<MigrationItem> = {
  table: "MigrationItem",
  state: "rollbackStatus",
  stateType: "RollbackStatus",
  ready: "PENDING",
  leased: "IN_PROGRESS",
  failed: "FAILED",
  attempt: "rollbackAttempt",
  scope: `m.status = 'ROLLING_BACK'`,
  groups: {
    table: "Migration",
    column: "migrationId",
    order: `m."rollbackRequestedAt", m.id`,
    key: "ordinal",
    descending: true,
  },
  update: (db, where, data) => db.migrationItem.updateManyAndReturn({ where, data }),
};

/** The runner's two queues on MigrationItem, extended and released together. */
export const MIGRATION_ITEM_QUEUES = [MIGRATION_RUNS, MIGRATION_ROLLBACKS] as const;

/** Webhook deliveries, longest due first. */
export const WEBHOOK_DELIVERIES: LeaseQueue<WebhookDelivery> = {
  table: "WebhookDelivery",
  state: "status",
  stateType: "WebhookDeliveryStatus",
  ready: "PENDING",
  leased: "DELIVERING",
  failed: "FAILED",
  attempt: "attempts",
  order: `q."nextAttemptAt", q."createdAt", q.sequence`,
  update: (db, where, data) => db.webhookDelivery.updateManyAndReturn({ where, data }),
};
